"""The scorer against the field's reference implementations, on random predictions.

Coreference against the CoNLL-2012 reference scorer v8.01 (Perl, vendored in
``tests/data/coreference-scorers``), run on CoNLL files written here; the SemEval-2013
task 9.1 schemas against nervaluate 1.x.  Both compare whole figures, not rules.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

import secure_communities_article as sca
from secure_communities_article import _coref

SCORER = Path(__file__).parent / "data" / "coreference-scorers" / "scorer.pl"
PERL = shutil.which("perl")
ARTICLE = sca.load()
SOURCE = ARTICLE.source
KINDS = ["person", "organization", "place", "program"]
FEW = settings(max_examples=30, deadline=None)


def test_perl_runs_the_vendored_reference_scorer() -> None:
    assert PERL is not None, "the coreference tests need perl"
    assert SCORER.is_file()


def conll(chains: list[list[tuple[int, int]]], tokens: int) -> str:
    """A one-document CoNLL file whose last column holds the chains (token spans, ends included)."""
    cells: list[list[str]] = [[] for _ in range(tokens)]
    for number, chain in enumerate(chains):
        for start, end in chain:
            if start == end:
                cells[start].append(f"({number})")
            else:
                cells[start].append(f"({number}")
                cells[end].append(f"{number})")
    lines = [f"0\t0\t{n}\tw\t_\t_\t_\t_\t0\t{'|'.join(c) or '_'}" for n, c in enumerate(cells)]
    return "#begin document test\n" + "\n".join(lines) + "\n#end document\n"


def reference(
    tmp: Path, key: list[list[tuple[int, int]]], response: list[list[tuple[int, int]]], tokens: int
) -> dict[str, tuple[float, ...]]:
    """Recall, precision and F1 of each metric, as the Perl scorer prints them."""
    (tmp / "key").write_text(conll(key, tokens), "utf-8")
    (tmp / "response").write_text(conll(response, tokens), "utf-8")
    assert PERL is not None
    found: dict[str, tuple[float, ...]] = {}
    number = r"([-\d.e+]+) / ([-\d.e+]+)"
    out = subprocess.run(  # one run of every metric: "METRIC muc:", ..., "METRIC blanc:"
        [PERL, str(SCORER), "all", str(tmp / "key"), str(tmp / "response"), "none"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sections = dict(re.findall(r"^METRIC (\w+):\n(.*?)(?=^METRIC |\Z)", out, flags=re.M | re.S))
    for metric in ("muc", "bcub", "ceafm", "ceafe", "blanc"):
        heading = "BLANC:" if metric == "blanc" else "Coreference:"
        line = next(x for x in sections[metric].splitlines() if x.startswith(heading))
        recall, precision = re.findall(r"\(" + number + r"\)", line)
        found[metric] = tuple(
            float(a) / float(b) if float(b) else 0.0 for a, b in (recall, precision)
        )
        # The F1 is printed in percent, cut (not rounded) to two decimals.
        found[metric] += (float(re.findall(r"F1: ([\d.]+)%", line)[0]) / 100,)
    return found


def ours(key: Any, response: Any) -> dict[str, tuple[float, float, float]]:
    return {m.name: figures(m.recall, m.precision, m.f1) for m in _coref.coreference(key, response)}


def figures(recall: float, precision: float, f1: float) -> tuple[float, float, float]:
    """Recall, precision, and the F1 cut to two decimals in percent, as the Perl prints it
    (the Perl's own sums may land just under a boundary: 0.75 printed as 74.99%)."""
    return recall, precision, int(f1 * 10000 + 1e-9) / 10000


def same(found: tuple[float, ...], expected: tuple[float, ...]) -> bool:
    return (
        found[:2] == pytest.approx(expected[:2], abs=1e-9)
        and abs(found[2] - expected[2]) <= 1.0001e-4
    )


@st.composite
def clusterings(draw: Any) -> tuple[list[list[tuple[int, int]]], list[list[tuple[int, int]]], int]:
    """A key and a response over disjoint token spans: shared, key-only, response-only."""
    lengths = draw(st.lists(st.integers(1, 3), min_size=1, max_size=14))
    pool, at = [], 0
    for length in lengths:
        pool.append((at, at + length - 1))
        at += length + draw(st.integers(0, 1))

    def chains(side: str) -> list[list[tuple[int, int]]]:
        grouped: dict[int, list[tuple[int, int]]] = {}
        for span in pool:
            where = draw(st.integers(-1, 4), label=f"{side} {span}")
            if where >= 0:
                grouped.setdefault(where, []).append(span)
        return list(grouped.values())

    key = chains("key")
    return key or [[pool[0]]], chains("response"), at + 1


@FEW
@given(clusterings())
def test_random_clusterings_score_as_the_reference_scorer_scores_them(
    tmp_path_factory: pytest.TempPathFactory, drawn: Any
) -> None:
    key, response, tokens = drawn
    expected = reference(tmp_path_factory.mktemp("conll"), key, response, tokens)
    found = ours(key, response)
    for metric, figures_ in expected.items():
        assert same(found[metric], figures_), (metric, found[metric], figures_)


def test_hand_made_clusterings_match_the_reference_and_lea_its_paper(tmp_path: Path) -> None:
    # The LEA paper's example (Moosavi and Strube 2016, section 4): key {a b c} {d e f g},
    # response {a b} {c d} {f g h i}: recall 0.42, precision 0.51 (rounded there).
    a, b, c, d, e, f, g, h, i = ((n, n) for n in range(9))
    key, response = [[a, b, c], [d, e, f, g]], [[a, b], [c, d], [f, g, h, i]]
    found = {m.name: m for m in _coref.coreference(key, response)}
    assert found["lea"].recall == pytest.approx((3 * 1 / 3 + 4 * 1 / 6) / 7)
    assert found["lea"].precision == pytest.approx((2 * 1 + 2 * 0 + 4 * 1 / 6) / 8)
    expected = reference(tmp_path, key, response, 9)
    for k, figures_ in expected.items():
        assert same(figures(found[k].recall, found[k].precision, found[k].f1), figures_), k
    conll_f1 = (found["muc"].f1 + found["bcub"].f1 + found["ceafe"].f1) / 3
    assert found["conll"].f1 == pytest.approx(conll_f1)


@FEW
@given(st.data())
def test_the_article_coreference_layer_scores_as_the_reference_scorer(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    mentions = sorted(ARTICLE.mentions, key=lambda m: (m.span.start, m.span.end))
    kept = data.draw(st.lists(st.sampled_from(mentions), unique=True, max_size=len(mentions)))
    taken = {(m.span.start, m.span.end) for m in mentions}
    extra = data.draw(st.lists(st.integers(0, len(SOURCE) - 1), unique=True, max_size=8))
    spans = [(m.span.start, m.span.end) for m in kept]
    spans += [(x, x + 1) for x in extra if (x, x + 1) not in taken]
    clusters = data.draw(st.lists(st.integers(0, 5), min_size=len(spans), max_size=len(spans)))
    predictions = [
        {"start": s, "end": e, "cluster": c} for (s, e), c in zip(spans, clusters, strict=True)
    ]
    result = sca.score(predictions, "coreference", article=ARTICLE)
    chains: dict[Any, list[tuple[int, int]]] = {}
    for m in mentions:
        chains.setdefault(m.entity, []).append((m.span.start, m.span.end - 1))
    outside = {(i.start, i.end) for i in result.outside}  # page furniture: not scored
    response: dict[int, list[tuple[int, int]]] = {}
    for (s, e), c in zip(spans, clusters, strict=True):
        if (s, e) not in outside:
            response.setdefault(c, []).append((s, e - 1))
    expected = reference(
        tmp_path_factory.mktemp("conll"),
        list(chains.values()),
        list(response.values()),
        len(SOURCE),
    )
    data_ = result.to_dict()
    for metric, reference_ in expected.items():
        found = data_[metric]
        assert same(figures(found["recall"], found["precision"], found["f1"]), reference_), metric
    assert set(data_) >= {"muc", "bcub", "ceafm", "ceafe", "blanc", "lea", "conll"}


# --- SemEval-2013 task 9.1 schemas: nervaluate --------------------------------------------------

spans = st.integers(0, len(SOURCE) - 1).flatmap(
    lambda start: st.tuples(st.just(start), st.integers(start + 1, min(len(SOURCE), start + 40)))
)


@FEW
@given(st.data())
def test_the_schemas_equal_nervaluate_on_random_predictions(data: st.DataObject) -> None:
    gold = sorted(
        (
            (m.name.start, m.name.end, ARTICLE.entity(m.entity).kind)
            for m in ARTICLE.mentions
            if m.name is not None
        ),
        key=lambda g: (g[0], g[1]),
    )
    near_gold = st.sampled_from(gold).flatmap(
        lambda g: st.tuples(
            st.integers(max(0, g[0] - 3), g[0] + 1), st.integers(g[1] - 1, g[1] + 3)
        ).map(lambda se: (se[0], max(se[1], se[0] + 1)))
    )
    predicted = data.draw(
        st.lists(st.tuples(near_gold | spans, st.sampled_from(KINDS)), max_size=30)
    )
    predictions = [(s, e, label) for (s, e), label in predicted]
    result = sca.score(predictions, "mentions", forms="all", article=ARTICLE)
    outside = {(i.start, i.end) for i in result.outside}  # page furniture: not scored
    predictions = [p for p in predictions if p[:2] not in outside]
    evaluator = Evaluator(
        [[{"label": k, "start": s, "end": e - 1} for s, e, k in gold]],
        [[{"label": k, "start": s, "end": e - 1} for s, e, k in predictions]],
        tags=KINDS,
        loader="dict",
    )
    expected = evaluator.evaluate()["overall"]
    for name, figures in result.to_dict()["schemas"].items():
        reference_ = expected[name]
        for count in ("correct", "incorrect", "partial", "missed", "spurious"):
            assert figures[count] == getattr(reference_, count), (name, count)
        for rate in ("precision", "recall", "f1"):
            assert figures[rate] == pytest.approx(getattr(reference_, rate)), (name, rate)


def test_a_span_given_twice_counts_once_as_in_the_reference(tmp_path: Path) -> None:
    """The reference scorer keeps a repeated mention in the chain that starts first."""
    mentions = sorted(ARTICLE.mentions, key=lambda m: (m.span.start, m.span.end))
    first, second, shared = ((m.span.start, m.span.end) for m in mentions[:3])
    predictions = [
        {"start": s, "end": e, "cluster": c}
        for (s, e), c in ((shared, "b"), (second, "b"), (first, "a"), (shared, "a"))
    ]
    result = sca.score(predictions, "coreference", article=ARTICLE).to_dict()
    key: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        key.setdefault(m.entity, []).append((m.span.start, m.span.end - 1))
    response = [
        [(s, e - 1) for s, e in (first, shared)],
        [(s, e - 1) for s, e in (second, shared)],
    ]
    expected = reference(tmp_path, list(key.values()), response, len(SOURCE))
    for metric, figures_ in expected.items():
        found = result[metric]
        assert same(figures(found["recall"], found["precision"], found["f1"]), figures_), metric


def test_a_twinless_span_given_twice_counts_twice_as_in_the_reference(tmp_path: Path) -> None:
    """A response span that is no key mention, given in two chains, is kept in both."""
    mentions = sorted(ARTICLE.mentions, key=lambda m: (m.span.start, m.span.end))
    first, second = ((m.span.start, m.span.end) for m in mentions[1:3])
    twinless = (mentions[1].span.start, mentions[1].span.start + 1)
    chains = [[first, twinless], [second, twinless]]
    predictions = [
        {"start": s, "end": e, "cluster": n} for n, chain in enumerate(chains) for s, e in chain
    ]
    result = sca.score(predictions, "coreference", article=ARTICLE).to_dict()
    key: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        key.setdefault(m.entity, []).append((m.span.start, m.span.end - 1))
    response = [[(s, e - 1) for s, e in chain] for chain in chains]
    expected = reference(tmp_path, list(key.values()), response, len(SOURCE))
    for metric, figures_ in expected.items():
        found = result[metric]
        assert same(figures(found["recall"], found["precision"], found["f1"]), figures_), metric


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.sampled_from([0.0, 0.25, 1.0, 2.0, 3.5]), min_size=columns, max_size=columns
            ),
            min_size=1,
            max_size=5,
        )
    )
)
def test_the_assignment_is_the_best_of_every_one_to_one_assignment(
    weights: list[list[float]],
) -> None:
    rows, columns = len(weights), len(weights[0])
    if rows <= columns:
        orders = itertools.permutations(range(columns), rows)
        best = max(sum(weights[r][c] for r, c in enumerate(order)) for order in orders)
    else:
        orders = itertools.permutations(range(rows), columns)
        best = max(sum(weights[r][c] for c, r in enumerate(order)) for order in orders)
    overlap = Counter({(r, c): w for r, row in enumerate(weights) for c, w in enumerate(row)})
    assert _coref._assign(overlap, lambda r, c, shared: shared) == pytest.approx(best)
