"""Pairing labelled spans: the scorer's one-to-one matching, SemEval-2013 schemas, confusion."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._model import Span
    from ._predictions import Item

SCHEMAS = ("strict", "exact", "partial", "ent_type")
OUTCOMES = ("correct", "incorrect", "partial", "missed", "spurious")


def ratio(part: float, whole: float) -> float:
    """part / whole, 0.0 when there is nothing to divide."""
    return part / whole if whole else 0.0


def harmonic(precision: float, recall: float) -> float:
    """The F1 of a precision and a recall (0.0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@attrs.frozen
class Schema:
    """One SemEval-2013 task 9.1 schema's counts, as nervaluate computes them."""

    name: str  #: strict, exact, partial or ent_type
    correct: int
    incorrect: int
    partial: int
    missed: int
    spurious: int

    def to_dict(self) -> dict[str, Any]:
        """The counts, and precision, recall and F1 (a partial match counts half)."""
        right = self.correct + (0.5 * self.partial if self.name in ("partial", "ent_type") else 0)
        p = ratio(right, self.correct + self.incorrect + self.partial + self.spurious)
        r = ratio(right, self.correct + self.incorrect + self.partial + self.missed)
        counts = attrs.asdict(self, filter=lambda field, _: field.name != "name")
        return {**counts, "precision": p, "recall": r, "f1": harmonic(p, r)}


def pairs(gold: list[Item], predicted: list[Item], match: str) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of gold to predicted items, as sorted (gold, predicted).

    Exact: identical (start, end, label).  Overlap: a shared character, the same label;
    Kuhn's augmenting paths give the most pairs, each gold item trying its candidates from
    the largest overlap down (exact spans first), so closer spans win among the largest.
    """
    by_key: dict[tuple[int, int, str], list[int]] = {}
    for n, p in enumerate(predicted):
        by_key.setdefault((p.start, p.end, p.label), []).append(n)
    candidates: list[list[int]] = []
    for g in gold:
        if match == "exact":
            candidates.append(by_key.get((g.start, g.end, g.label), [])[:1])
            continue
        found = [
            n
            for (start, end, label), ns in by_key.items()
            if label == g.label and start < g.end and g.start < end
            for n in ns
        ]
        found.sort(key=lambda n: (-shared(g, predicted[n]), _distance(g, predicted[n]), n))
        candidates.append(found)
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for n in candidates[g]:
            if n not in seen:
                seen.add(n)
                if n not in owner or augment(owner[n], seen):
                    owner[n] = g
                    return True
        return False

    for number in range(len(gold)):
        augment(number, set())
    return sorted((g, n) for n, g in owner.items())


def shared(a: Item | Span, b: Item | Span) -> int:
    """How many characters two spans (or items) share; negative: how far apart they are."""
    return min(a.end, b.end) - max(a.start, b.start)


def _distance(a: Item, b: Item) -> int:
    return abs(a.start - b.start) + abs(a.end - b.end)


def schemas(gold: list[Item], predicted: list[Item]) -> tuple[Schema, ...]:
    """The four schemas, by nervaluate 1.x's greedy pass over the predictions in order.

    nervaluate counts ends inclusively and calls an overlap sufficient when it covers at
    least 1% of the gold span, so a gold item of over 100 characters needs more than one.
    """
    near = {  # a predicted span -> the gold items it overlaps enough
        (p.start, p.end): [
            n for n, g in enumerate(gold) if shared(g, p) / (g.end - g.start) * 100.0 >= 1.0
        ]
        for p in predicted
    }
    found = []
    for name in SCHEMAS:
        matched: set[int] = set()
        counts = Counter[str]()
        for p in predicted:
            outcome, chosen, best = "spurious", None, None
            for n in near[(p.start, p.end)]:
                if n in matched:
                    continue
                g = gold[n]
                same_span = (g.start, g.end) == (p.start, p.end)
                if name == "ent_type":
                    if g.label == p.label:
                        distance = _distance(g, p)
                        if best is None or distance < best:
                            outcome, chosen, best = "correct", n, distance
                    elif outcome == "spurious":
                        outcome, chosen = "incorrect", n
                    continue
                if same_span and (name != "strict" or g.label == p.label):
                    outcome, chosen = "correct", n
                    break
                if outcome == "spurious":
                    outcome, chosen = ("partial" if name == "partial" else "incorrect"), n
            counts[outcome] += 1
            if chosen is not None:
                matched.add(chosen)
        counts["missed"] = len(gold) - len(matched)
        found.append(Schema(name, *(counts[k] for k in OUTCOMES)))
    return tuple(found)


def confusion(gold: list[Item], predicted: list[Item]) -> tuple[tuple[str, str, int], ...]:
    """Gold label against predicted label for identical spans; "(none)" for the unpaired."""
    waiting: dict[tuple[int, int], list[Item]] = {}
    for g in reversed(gold):
        waiting.setdefault((g.start, g.end), []).append(g)
    cells = Counter[tuple[str, str]]()
    for p in predicted:
        same = waiting.get((p.start, p.end))
        cells[(same.pop().label if same else "(none)", p.label)] += 1
    cells.update((g.label, "(none)") for left in waiting.values() for g in left)
    return tuple((g, p, n) for (g, p), n in sorted(cells.items()))
