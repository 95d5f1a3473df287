"""Predictions as hostile input: every bad prediction is one DataError naming it, never a crash.

Each route (mappings, JSON, JSON Lines, brat, a spaCy Doc and DocBin) reads by the same
rule, so the same predictions give the same score whichever form carries them.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import zlib
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article import _cli
from secure_communities_article._layers import LAYER_NAMES

ARTICLE = sca.load()
SOURCE = ARTICLE.source
MORTON = SOURCE.index("John Morton")
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def problems(predictions: Any, layer: str = "mentions") -> dict[str, str]:
    with pytest.raises(sca.DataError) as raised:
        sca.score(predictions, layer, article=ARTICLE)
    return dict(raised.value.problems)


def test_fragments_are_checked_like_spans() -> None:
    person = {"start": MORTON, "end": MORTON + 11, "label": "person"}
    # The forgery: a text at the right offsets, with fragments elsewhere.
    forged = problems([{**person, "text": "The W", "fragments": [[0, 5]]}])
    assert list(forged) == ["$[0].fragments"]
    cases: list[Any] = [
        5,
        "0 5",
        [],
        [[0]],
        [[0, 5, 7]],
        [["0", "5"]],
        [[5, 0]],
        [[0, 10**5000]],
        [[MORTON, MORTON + 5], [MORTON + 3, MORTON + 11]],  # overlapping
        [[MORTON + 5, MORTON + 11], [MORTON, MORTON + 4]],  # out of order
        [[MORTON, MORTON + 1]] * 101,  # too many
        [[True, 3]],
    ]
    found = problems([{**person, "fragments": f} for f in cases])
    assert len(found) == len(cases) and all(".fragments" in where for where in found)
    joined = {**person, "fragments": [[MORTON, MORTON + 4], [MORTON + 5, MORTON + 11]]}
    assert sca.score([{**joined, "text": "John Morton"}], "mentions").f1 > 0
    assert list(problems([{**joined, "text": "John Mortxn"}])) == ["$[0].text"]


def test_huge_numbers_and_deep_nesting_are_data_errors_or_wrong_values(tmp_path: Path) -> None:
    found = problems(
        [
            {"start": 10**5000, "end": 10**5000 + 1, "label": "person"},
            {"start": -(10**400), "end": MORTON, "label": "person"},
        ]
    )
    assert len(found) == 2 and all(len(m) < 300 for m in found.values())
    quantity = ARTICLE.quantities[0].span
    for value in (10**400, "50 percent", [1], {"x": 1}, True, float("nan"), "9" * 5000):
        result = sca.score([(quantity.start, quantity.end, value)], "quantities")
        assert len(result.true_positives) == 1 and result.accuracy is not None
        assert result.accuracy.correct == 0 and len(result.accuracy.wrong) == 1
        json.dumps(result.to_dict())
        str(result)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert "nesting" in next(iter(problems(deep).values()))
    digits = tmp_path / "digits.json"
    digits.write_text(f'[{{"start": {"9" * 5000}, "end": 1, "label": "person"}}]', "utf-8")
    problems(digits)
    ann = tmp_path / "digits.ann"
    ann.write_text(f"T1\tPerson {'9' * 5000} {'9' * 5001}\tx\n", "utf-8")
    assert list(problems(ann)) == ["digits.ann:1"]
    nested: Any = []
    for _ in range(100_000):
        nested = [nested]
    problems([nested, {"start": nested, "end": nested, "label": nested}])


def test_brat_files_split_on_newlines_only_count_fragments_and_refuse_repeated_ids(
    tmp_path: Path,
) -> None:
    ann = tmp_path / "p.ann"
    many = ";".join(f"{n} {n + 1}" for n in range(1_000_000))
    ann.write_text(f"T1\tPerson {many}\tx\n", "utf-8")
    assert problems(ann) == {"p.ann:1": "expected 1 to 100 'start end' offsets"}
    line = f"T1\tPerson {MORTON} {MORTON + 11}\tJohn Morton\n"
    ann.write_text(line + line.replace("John Morton", "John Morton"), "utf-8")
    assert problems(ann) == {"p.ann:2": "id T1 is used twice (first at p.ann:1)"}
    ann.write_text(line.replace("\tJohn", "\tJohn\u2028"), "utf-8")
    assert list(problems(ann)) == ["p.ann:1 T1.text"]  # not split at U+2028
    ann.write_text("T1\tPerson 1 2\t\x85\r\n", "utf-8")
    assert list(problems(ann)) == ["p.ann:1 T1.text"]


def test_json_lines_split_on_newlines_only(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    line = {"start": MORTON, "end": MORTON + 11, "label": "person", "entity": "a\u2028b\x85"}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\r\n", "utf-8")
    result = sca.score(path, "mentions")
    assert len(result.true_positives) == 1 and result.accuracy is not None
    assert result.accuracy.wrong[0].predicted.value == "a\u2028b\x85"


def test_a_fifo_is_opened_and_read_once(tmp_path: Path) -> None:
    fifo = tmp_path / "p.jsonl"
    os.mkfifo(fifo)
    line = json.dumps({"start": MORTON, "end": MORTON + 11, "label": "person"}) + "\n"

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write(line)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert len(sca.score(fifo, "mentions").true_positives) == 1
    finally:
        writer.join(timeout=10)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not zlib at all",
        zlib.compress(b"\x00" * 1000),
        zlib.compress(b"\x00" * (80 * 1024 * 1024)),  # inflates past the limit
        zlib.compress(json.dumps({"x": 1}).encode()),
    ],
    ids=["empty", "random", "zeros", "bomb", "not-msgpack"],
)
def test_a_bad_spacy_file_is_a_data_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "p.spacy"
    path.write_bytes(data)
    assert list(problems(path)) == ["p.spacy"]


def test_every_route_reads_the_same_predictions_the_same_way(tmp_path: Path) -> None:
    """spaCy's DATE and CARDINAL entities are ignored and counted on every route."""
    nlp = spacy.blank("en")
    doc = nlp(SOURCE)
    friday = SOURCE.index("Friday")
    quantity = ARTICLE.quantities[0].span
    spans = [
        (MORTON, MORTON + 11, "PERSON"),
        (friday, friday + 6, "DATE"),
        (quantity.start, quantity.end, "CARDINAL"),
    ]
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]  # type: ignore[misc]
    mappings = [{"start": s, "end": e, "label": label} for s, e, label in spans]
    (tmp_path / "p.json").write_text(json.dumps(mappings), "utf-8")
    (tmp_path / "p.jsonl").write_text("\n".join(map(json.dumps, mappings)), "utf-8")
    (tmp_path / "p.ann").write_text(
        "".join(
            f"T{n}\t{label} {s} {e}\t{SOURCE[s:e]}\n" for n, (s, e, label) in enumerate(spans, 1)
        ),
        "utf-8",
    )
    bin_ = spacy.tokens.DocBin()
    bin_.add(doc)
    (tmp_path / "p.spacy").write_bytes(bin_.to_bytes())
    routes: list[Any] = [doc, mappings]
    routes += [tmp_path / f"p.{suffix}" for suffix in ("json", "jsonl", "ann", "spacy")]
    for layer, scored, ignored in (
        ("mentions", 1, {"CARDINAL": 1, "DATE": 1}),
        ("time_expressions", 1, {"CARDINAL": 1, "PERSON": 1}),
        ("quantities", 1, {"DATE": 1, "PERSON": 1}),
    ):
        for route in routes:
            result = sca.score(route, layer).to_dict()
            assert result["ignored"] == ignored, (layer, route)
            assert (
                result["counts"]["true_positives"] + result["counts"]["false_positives"] == scored
            )


def test_the_command_prints_one_line_per_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps([{"start": 0, "end": 5, "text": "The W", "fragments": "x"}, {"start": "a"}]),
        "utf-8",
    )
    assert _cli.main(["score", str(path), "--layer", "quotes"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith(f"{path}: $[") for line in err)
    assert not any("unexpected" in line for line in err)


# --- properties ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = ["start", "end", "text", "label", "fragments", "occurrence", "entity", "speaker", "cue"]
KEYS += ["value", "kind", "predicate", "participants", "cluster", "source", "holder", "target"]
KEYS += ["stance", "layer", "form", "unit", "relation", "status", "times", "attribution"]


@FEW
@given(
    st.lists(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6), max_size=4),
    st.sampled_from(LAYER_NAMES),
    st.booleans(),
)
def test_any_json_value_at_any_key_gives_a_score_or_a_data_error(
    predictions: list[dict[str, Any]], layer: str, anchored: bool
) -> None:
    if anchored:  # the same values beside a sound span, so that they are read, not refused
        predictions = [{**p, "start": MORTON, "end": MORTON + 11} for p in predictions]
    for match in ("exact", "overlap"):
        try:
            result = sca.score(predictions, layer, match=match, article=ARTICLE)
        except sca.DataError as error:
            found = error.problems
        else:
            json.dumps(result.to_dict())
            str(result)
            continue
        assert found and all(len(message) <= 300 for _, message in found)


@FEW
@given(st.binary(max_size=300), st.sampled_from(["json", "jsonl", "ann", "spacy"]))
def test_any_bytes_as_a_file_give_a_score_or_a_data_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"p.{suffix}"
    path.write_bytes(data)
    for layer in ("mentions", "quotes", "coreference"):
        with contextlib.suppress(sca.DataError):
            sca.score(path, layer, article=ARTICLE)


def test_memory_stays_a_small_multiple_of_the_file(tmp_path: Path) -> None:
    """The issue's million-fragment file took 6.6 GB for 7 MB: now the fragments of every
    line are bounded, checked in order and never joined beyond the source's length."""
    import tracemalloc

    fragments = ";".join(f"{n * 30} {n * 30 + 20}" for n in range(100))
    ann = tmp_path / "p.ann"
    ann.write_text("".join(f"T{n}\tPerson {fragments}\tx\n" for n in range(1, 501)), "utf-8")
    rows = [{"start": 0, "end": 3000, "fragments": [[n, n + 1] for n in range(0, 3000, 30)]}]
    as_json = tmp_path / "p.json"
    as_json.write_text(json.dumps(rows * 100), "utf-8")
    for path, layer in ((ann, "mentions"), (as_json, "quotes")):
        tracemalloc.start()
        try:
            problems(path, layer)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 25 * path.stat().st_size, (path.name, peak, path.stat().st_size)


def test_bad_options_are_data_errors() -> None:
    bad: list[dict[str, Any]] = [{"forms": 5}, {"forms": [[]]}, {"match": ["exact"]}]
    for options in [*bad, {"singletons": 1}, {"article": 5}]:
        with pytest.raises(sca.DataError):
            sca.score([], "mentions", **options)
    counts: list[dict[str, Any]] = [{"resamples": 10**12}, {"resamples": True}, {"resamples": 0}]
    for options in [*counts, {"resamples": "5"}, {"resamples": 2.5}, {"seed": []}, {"seed": True}]:
        with pytest.raises(sca.DataError):
            sca.compare([], [], "mentions", **options)
    with pytest.raises(sca.DataError) as both:
        sca.compare([], [], "mentions", resamples="5", seed="0")  # type: ignore[arg-type]
    assert [p[0] for p in both.value.problems] == ["resamples", "seed"]
    for layer in (5, None, ["mentions"], "\ud800"):
        with pytest.raises(sca.DataError):
            sca.score([], layer)  # type: ignore[arg-type]


@FEW
@given(
    st.sampled_from(["resamples", "seed", "singletons", "match", "forms", "article"]), json_values
)
def test_any_value_of_any_option_gives_a_comparison_or_a_data_error(
    option: str, value: Any
) -> None:
    predictions = [(MORTON, MORTON + 11, "person")]
    if option == "resamples" and type(value) is int and 0 < value <= 100_000:
        value = min(value, 50)  # a sound count: kept small, so the test stays quick
    try:
        result = sca.compare(predictions, [], "mentions", **{option: value})
    except sca.DataError as error:
        problems = error.problems
    else:
        json.dumps(result.to_dict())
        return
    assert problems and all(len(message) <= 300 for _, message in problems)


def test_a_path_no_file_can_have_is_a_data_error() -> None:
    for path in ("\ud800.json", "a\x00.json"):
        with pytest.raises(sca.DataError):
            sca.score(path, "mentions")
