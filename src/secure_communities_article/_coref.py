"""Coreference metrics as the CoNLL-2012 reference scorer v8.01 computes them (Pradhan et al. 2014).

MUC (Vilain et al. 1995), B³ (Bagga and Baldwin 1998), CEAFm and CEAFe (Luo 2005), BLANC
(Recasens and Hovy 2011; Luo et al. 2014), LEA (Moosavi and Strube 2016) and the CoNLL F1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ._spans import harmonic, ratio

Chains = Sequence[Sequence[Any]]  #: chains of mention keys (hashable), equal keys one mention


@attrs.frozen
class Metric:
    """One coreference metric's recall and precision (and F1, as the reference computes it)."""

    name: str
    recall: float
    precision: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        """Plain JSON-ready data."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def _metric(name: str, found: Sequence[float], of: Sequence[float]) -> Metric:
    """A metric from (recall, precision) numerators and denominators."""
    recall, precision = ratio(found[0], of[0]), ratio(found[1], of[1])
    return Metric(name, recall, precision, harmonic(precision, recall))


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def coreference(keys: Chains, responses: Chains, singletons: bool = True) -> tuple[Metric, ...]:
    """MUC, B³, CEAFm, CEAFe, BLANC, LEA and the CoNLL F1, a repeated response mention treated as
    v8.01 treats it; ``singletons=False`` drops one-mention chains, as CorefUD's scorer does."""
    key, response = [list(c) for c in keys if c], [list(c) for c in responses if c]
    keyed, seen = {m for chain in key for m in chain}, set()
    for chain in sorted(response, key=min):
        kept = []
        for mention in chain:
            if mention not in seen:
                kept.append(mention)
            if mention in keyed:
                seen.add(mention)
        chain[:] = kept
    least = 1 if singletons else 2
    key, response = ([c for c in side if len(c) >= least] for side in (key, response))
    owner = {m: n for n, chain in enumerate(key) for m in chain}  # a mention's key chain
    # overlap[(k, r)]: mentions shared by key chain k and response chain r
    overlap = Counter((owner[m], r) for r, c in enumerate(response) for m in c if m in owner)
    sizes = key_sizes, response_sizes = [len(c) for c in key], [len(c) for c in response]
    mentions = (sum(key_sizes), sum(response_sizes))
    # MUC: a response chain's correct links are its key-mentions less the key chains they span
    correct = sum(count - 1 for count in overlap.values())
    muc = _metric("muc", (correct, correct), (mentions[0] - len(key), mentions[1] - len(response)))
    bcub_found = [sum(c * c / sizes[s][pair[s]] for pair, c in overlap.items()) for s in (0, 1)]
    bcub = _metric("bcub", bcub_found, mentions)
    ceafm = _metric("ceafm", [_assign(overlap, lambda k, r, c: c)] * 2, mentions)
    entity_based = _assign(overlap, lambda k, r, c: 2 * c / (key_sizes[k] + response_sizes[r]))
    ceafe = _metric("ceafe", (entity_based, entity_based), (len(key), len(response)))
    blanc = _blanc(overlap, sizes)
    lea = _metric("lea", (_lea(overlap, sizes, 0), _lea(overlap, sizes, 1)), mentions)
    figures = ("recall", "precision", "f1")
    recall, precision, f1 = (sum(getattr(m, x) for m in (muc, bcub, ceafe)) / 3 for x in figures)
    return (muc, bcub, ceafm, ceafe, blanc, lea, Metric("conll", recall, precision, f1))


def _lea(overlap: Counter[Any], sizes: tuple[list[int], list[int]], side: int) -> float:
    """LEA's numerator on one side (0: key): sizes times links kept (a singleton's: if alone)."""
    common, alone = Counter[int](), set[int]()
    for pair, count in overlap.items():
        mine, theirs = pair[side], pair[1 - side]
        common[mine] += _pairs(count)
        if count == 1 and sizes[1 - side][theirs] == 1:
            alone.add(mine)
    return sum(
        size * (common[n] / _pairs(size) if size > 1 else float(n in alone))
        for n, size in enumerate(sizes[side])
    )


def _blanc(overlap: Counter[Any], sizes: tuple[list[int], list[int]]) -> Metric:
    """BLANC from link counts, with the reference's special cases for absent link kinds."""
    shared = Counter[int](), Counter[int]()  # each chain's mentions that both sides have
    for pair, count in overlap.items():
        for side in (0, 1):
            shared[side][pair[side]] += count
    links = [sum(map(_pairs, side)) for side in sizes]  # coreference links: key, response
    non = [_pairs(sum(side)) - n for side, n in zip(sizes, links, strict=True)]
    both = sum(_pairs(c) for c in overlap.values())
    same_chain = sum(_pairs(count) for side in shared for count in side.values())
    both_non = _pairs(sum(overlap.values())) - same_chain + both
    # the reference leaves a link kind the key has none of out of the means
    found = ((both, *links), (both_non, *non))
    kinds = [(ratio(right, key), ratio(right, given)) for right, key, given in found if key]
    rates = [(r, p, harmonic(p, r)) for r, p in kinds] or [(0.0, 0.0, 0.0)]
    return Metric("blanc", *(sum(column) / len(rates) for column in zip(*rates, strict=True)))


def _assign(overlap: Counter[Any], similarity: Callable[[int, int, int], float]) -> float:
    """The best one-to-one key-response chain assignment's total similarity, over the chains
    that share a mention (the others score 0), by the Hungarian method (Kuhn 1955; O(n³))."""
    if not overlap:
        return 0.0
    keys, responses = sorted({k for k, _ in overlap}), sorted({r for _, r in overlap})
    weights = [[similarity(k, r, overlap[(k, r)]) for r in responses] for k in keys]
    if len(keys) > len(responses):  # as many rows as columns at most
        weights = [list(column) for column in zip(*weights, strict=True)]
    n, m = len(weights), len(weights[0])
    u, v, owner, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], column = row, 0
        least, used = [float("inf")] * (m + 1), [False] * (m + 1)
        while owner[column]:
            used[column] = True
            r, delta, nearest = owner[column], float("inf"), 0
            for c in range(1, m + 1):
                if not used[c]:
                    reduced = -weights[r - 1][c - 1] - u[r] - v[c]  # the cost: minimized
                    if reduced < least[c]:
                        least[c], way[c] = reduced, column
                    if least[c] < delta:
                        delta, nearest = least[c], c
            for c in range(m + 1):
                if used[c]:
                    u[owner[c]] += delta
                    v[c] -= delta
                else:
                    least[c] -= delta
            column = nearest
        while column:
            owner[column] = owner[way[column]]
            column = way[column]
    return sum(weights[owner[c] - 1][c - 1] for c in range(1, m + 1) if owner[c])
