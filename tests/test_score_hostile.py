"""Predictions as hostile input: every bad prediction is one DataError naming it, never a crash.

Each route (mappings, JSON, JSON Lines, brat, a spaCy Doc and DocBin) reads by the same
rule, so the same predictions give the same score whichever form carries them.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article import _cli, formats
from secure_communities_article._layers import LAYER_NAMES
from secure_communities_article._predictions import file_items
from secure_communities_article.formats import conllu as conllu_format
from secure_communities_article.formats import iob2 as iob2_format

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
    found = problems(path)
    assert list(found) == ["p.spacy"]
    assert "over 0 bytes" not in found["p.spacy"]  # an empty file is named as one


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
@given(
    st.binary(max_size=300),
    st.sampled_from(["json", "jsonl", "ann", "spacy", "conllu", "iob2", "bio"]),
)
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


def test_overlap_pairs_spans_sharing_a_character_and_never_spans_that_only_touch() -> None:
    from secure_communities_article._predictions import Item
    from secure_communities_article._spans import pairs

    gold = [Item(10, 20, "x" * 10, "person")]
    for start, end, paired in [
        (20, 25, False),  # begins where the gold ends
        (5, 10, False),  # ends where the gold begins
        (19, 25, True),  # shares the gold's last character
        (5, 11, True),  # shares its first
        (12, 14, True),  # inside it
    ]:
        found = pairs(gold, [Item(start, end, "", "person")], "overlap")
        assert found == ([(0, 0)] if paired else []), (start, end)
    touching = {"start": MORTON + 11, "end": MORTON + 20, "label": "person"}
    assert sca.score([touching], "mentions", match="overlap", article=ARTICLE).f1 == 0


# --- CoNLL-U and IOB2 as hostile input ---------------------------------------------------------

IOB2 = formats.content(ARTICLE, formats.BY_NAME["iob2"]).decode("utf-8")
CONLLU = formats.content(ARTICLE, formats.BY_NAME["conllu"]).decode("utf-8")
COLUMNS = "\t_" * 7 + "\t"


def mentions_read(module: Any, text: str | bytes, source: str | None = None) -> list[Any]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [
        (r["start"], r["end"], r["label"].casefold()) for _, r in module.read(data, "f", source)
    ]


def retagged(scheme: str) -> str:
    """The IOB2 export in another tag scheme: IOBES, BILOU, unprefixed (IO) or lower-case."""
    lines = IOB2.split("\n")
    tags = [line.rpartition(" ")[2] if " " in line else "" for line in lines]
    for n, tag in enumerate(tags):
        ends = not tags[n + 1 :] or not tags[n + 1].startswith("I-")
        prefix, _, label = tag.partition("-")
        if prefix in ("B", "I") and scheme in ("iobes", "bilou"):
            if ends:
                prefix = (
                    {"B": "S", "I": "E"}[prefix]
                    if scheme == "iobes"
                    else {"B": "U", "I": "L"}[prefix]
                )
            lines[n] = f"{lines[n].rpartition(' ')[0]} {prefix}-{label.upper()}"
        elif prefix in ("B", "I") and scheme == "io":
            lines[n] = f"{lines[n].rpartition(' ')[0]} {label}"
        elif tag and scheme == "lower" and not lines[n].startswith("-DOCSTART-"):
            lines[n] = f"{lines[n].rpartition(' ')[0]} {tag.lower()}"
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["iobes", "bilou", "io", "lower"])
def test_foreign_tag_schemes_are_read_as_their_schemes_mean(scheme: str) -> None:
    expected = mentions_read(iob2_format, IOB2)
    assert len(expected) > 20
    assert mentions_read(iob2_format, retagged(scheme)) == expected
    assert mentions_read(iob2_format, "\ufeff" + IOB2) == expected  # a byte-order mark


def test_conllu_and_iob2_refuse_what_they_cannot_read_at_its_line(tmp_path: Path) -> None:
    cases = {
        "a.conllu": (b"1\tThe" + COLUMNS.encode() + b"Entity=((((\n", "not CorefUD's brackets"),
        "b.conllu": (b"1\tThe\t_\t_\n", "expected 10 tab-separated columns, found 4"),
        "c.conllu": (b"# text = \xff\n", "not UTF-8: byte 9 is 0xff"),
        "d.iob2": (b"The O\nWashington \xe9 B-x\n", "not UTF-8: byte 11 is 0xe9"),
        "e.bio": (b"The O\nPost O\n" + b"The O\n" * 100, "'Post' is not the source's text at 4"),
        "f.conllu": (b"1\tThe" + COLUMNS.encode() + b"Entity=e1\n", "not CorefUD's brackets"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        found = problems(tmp_path / name)
        assert list(found) == [f"{name}:{2 if name[0] in 'de' else 1}"], found
        assert message in next(iter(found.values())), found


def test_a_long_misc_column_is_read_in_linear_time() -> None:
    for entity in ("(" + "e" * 1_000_000, "e" * 1_000_000, "(e-x" * 200_000):
        line = f"1\tThe{COLUMNS}Entity={entity}\n"
        with pytest.raises(sca.DataError):
            conllu_format.read(line.encode("utf-8"), "long.conllu")


def test_discontinuous_corefud_mentions_are_one_mention_of_one_chain() -> None:
    text = "".join(
        f"{n}\t{word}{COLUMNS}{misc}\n"
        for n, (word, misc) in enumerate(
            [
                ("The", "Entity=(e1[1/2]-organization)"),
                ("big", "_"),
                ("Post", "Entity=(e1[2/2]-organization)(e2-place)"),
                ("in", "_"),
                ("Post", "Entity=(e1-organization)"),
            ],
            1,
        )
    )
    read = [
        m for _, m in conllu_format.read(text.encode("utf-8"), "d.conllu", "The big Post in Post")
    ]
    assert read == [
        {
            "start": 0,
            "end": 12,
            "cluster": "e1",
            "fragments": [[0, 3], [8, 12]],
        },
        {"start": 8, "end": 12, "cluster": "e2"},
        {"start": 16, "end": 20, "cluster": "e1"},
    ]


def test_every_reader_anchors_to_the_article_it_is_given(tmp_path: Path) -> None:
    conllu = tmp_path / "p.conllu"
    words = [("Hello", "_"), ("John", "Entity=(p-person"), ("Morton", "Entity=p)")]
    conllu.write_text("".join(f"1\t{w}{COLUMNS}{m}\n" for w, m in words), "utf-8")
    iob2 = tmp_path / "p.iob2"
    iob2.write_text("Hello O\nJohn B-person\nMorton I-person\n. O\n", "utf-8")
    for path in (conllu, iob2):
        items = file_items(str(path), "Hello John Morton.")
        assert not isinstance(items, sca.Article)
        ((_, found),) = items
        assert (found["start"], found["end"]) == (6, 17)
        with pytest.raises(sca.DataError):
            sca.score(path, "mentions", article=ARTICLE)  # the bundled article's text differs


def test_numpy_numbers_are_read_as_numbers() -> None:
    quantity = ARTICLE.quantities[0]
    start, end = quantity.span.start, quantity.span.end
    result = sca.score(
        [{"start": np.int64(start), "end": np.int32(end), "value": np.float64(quantity.value)}],
        "quantities",
    )
    assert len(result.true_positives) == 1 and result.accuracy is not None
    assert result.accuracy.correct == 1
    assert sca.score([(np.int64(MORTON), np.int64(MORTON + 11), "person")], "mentions").recall > 0


def test_more_predictions_than_the_ceiling_are_a_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ceiling's rule, under a ceiling lowered to 1,000 (the real one is 10**6)."""
    from secure_communities_article import _predictions

    MAX_PREDICTIONS = 1_000  # noqa: N806 (the module constant it stands for)
    monkeypatch.setattr(_predictions, "MAX_PREDICTIONS", MAX_PREDICTIONS)
    endless = ((MORTON, MORTON + 11, "person") for _ in iter(int, 1))
    assert "more than" in next(iter(problems(endless).values()))
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text("[0, 3]\n" * (MAX_PREDICTIONS + 1), "utf-8")
    assert problems(jsonl) == {
        f"p.jsonl:{MAX_PREDICTIONS + 1}": f"more than {MAX_PREDICTIONS} predictions"
    }


def test_score_against_a_fifo_reads_it_once(tmp_path: Path) -> None:
    first, fifo = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    line = json.dumps({"start": MORTON, "end": MORTON + 11, "label": "person"}) + "\n"
    first.write_text(line, "utf-8")
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write(line)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    command = [sys.executable, "-m", "secure_communities_article", "score", str(first)]
    completed = subprocess.run(
        [*command, "--against", str(fifo), "--layer", "mentions"],
        capture_output=True,
        text=True,
        timeout=120,  # a second open of the FIFO would wait for a writer for ever
        env={**os.environ, "PYTHONPATH": str(Path(sca.__file__).parent.parent)},
    )
    assert completed.returncode == 0, completed.stderr
    writer.join(timeout=10)


def test_hostile_files_are_refused_within_a_small_multiple_of_their_size(tmp_path: Path) -> None:
    """The issue's files, made small: each reader stops at the first bad line, holding little."""
    import tracemalloc

    size = 2_000_000
    files = {
        "blank.iob2": b"\n" * size,
        "late.iob2": b"The O\n" + b"xx O\n" * (size // 5),
        "junk.jsonl": b"{junk\n" * (size // 6),
        "misc.conllu": b"1\tThe" + COLUMNS.encode() + b"Entity=(" + b"e" * size + b"\n",
        "words.conllu": (b"1\tThe" + COLUMNS.encode() + b"_\n") * (size // 20),
    }
    sca.score([], "mentions", article=ARTICLE)  # the gold items, made once and kept
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        tracemalloc.start()
        try:
            with contextlib.suppress(sca.DataError):
                sca.score(path, "mentions", article=ARTICLE)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 10 * len(data), (name, peak, len(data))


CORRUPT_TAGS = [
    "B-person",
    "I-person",
    "S-place",
    "e-organization",
    "U-x",
    "L-x",
    "O",
    "o",
    "PER",
    "b-",
]


@FEW
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["The", "Washington", "Post", "ICE", "", "x"]),
            st.sampled_from(CORRUPT_TAGS),
            st.text(alphabet="()e1-[]/|=xE", max_size=16),
        ),
        max_size=12,
    ),
    st.sampled_from(["conllu", "iob2"]),
    st.sampled_from(LAYER_NAMES),
)
def test_any_conllu_or_iob2_lines_give_a_score_or_a_data_error(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, str, str]],
    kind: str,
    layer: str,
) -> None:
    if kind == "iob2":
        text = "".join(f"{word} {tag}\n" for word, tag, _ in rows)
    else:
        text = "".join(
            f"{n}\t{word}{COLUMNS}Entity={misc}\n" for n, (word, _, misc) in enumerate(rows, 1)
        )
    path = tmp_path_factory.mktemp("lines") / f"p.{kind}"
    path.write_text(text, "utf-8")
    try:
        json.dumps(sca.score(path, layer, article=ARTICLE).to_dict())
    except sca.DataError as error:
        found = error.problems
    else:
        return
    assert found and all(len(message) <= 300 for _, message in found)
