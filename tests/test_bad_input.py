"""Bad input is refused whole: one DataError naming each problem by its path, alike through
``load(path)``, ``from_json``, ``from_dict`` and the CLI's ``validate``, in short safe lines.

The validator's own rules (ids, references, spans, structure, checksum) have their
hand-made cases in ``test_invariants.py``; this file holds the edges of reading and
decoding, the entry points, and the messages.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import package_file
from secure_communities_article import _load
from secure_communities_article._cli import main

Document = dict[str, Any]
DOCUMENT: Document = json.loads(package_file("article.json"))
DELETE = object()  # in a case: the key is removed
STANCES = "'supportive', 'critical', 'mixed', 'neutral'"
ID = "expected an id (lowercase ASCII words joined by hyphens), found"


@pytest.fixture
def document() -> Document:
    return copy.deepcopy(DOCUMENT)


def problems_of(content: Any) -> list[tuple[str, str]]:
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(content)
    return list(caught.value.problems)


def refused(
    content: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> list[tuple[str, str]]:
    """The problems of ``content`` (plain data, or the bytes of a file), checked to be the
    same from every entry point, and printed by the CLI as one line each."""
    path = tmp_path / "document.json"
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    path.write_bytes(data)
    with pytest.raises(sca.DataError) as caught:
        sca.load(path)
    expected = caught.value.problems
    assert str(caught.value)
    with pytest.raises(sca.DataError) as caught:
        sca.from_json(data, location=str(path))
    assert caught.value.problems == expected
    if not isinstance(content, bytes):
        assert tuple(problems_of(content)) == expected
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: invalid, {len(expected)} problem(s)",
        *(
            f"{path}: {what}" if where == str(path) else f"{path}: {where}: {what}"
            for where, what in expected
        ),
    ]
    return list(expected)


# --- bytes that are not a JSON document ------------------------------------------------------

HUGE_NUMBER = b'{"schema_version": ' + b"9" * 5000 + b"}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"a": "caf\xe9"}', "not UTF-8: byte 10 is 0xe9"),
        (b"\xff\xfe{}", "not UTF-8: byte 0 is 0xff"),
        (b'{"schema_version": }', "not JSON: Expecting value at line 1 column 20"),
        (b"", "not JSON: Expecting value at line 1 column 1"),
        (b'{"schema_version": NaN}', "NaN is not a JSON number"),
        (b'{"schema_version": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"source": "a", "source": "b"}', "key 'source' appears twice in one object"),
        (HUGE_NUMBER, "not readable as JSON: a number too long to convert"),
        pytest.param(
            b'{"a": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
            "not readable: nesting too deep",
            id="deep",
        ),
    ],
    ids=["utf8", "bom", "syntax", "empty", "nan", "infinity", "duplicate", "huge", "deep"],
)
def test_bytes_that_are_not_a_json_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    ((where, what),) = refused(content, tmp_path, capsys)
    assert where == str(tmp_path / "document.json") and what.startswith(message)


@pytest.mark.parametrize("depth", [sys.getrecursionlimit() + 10, 200_000])
def test_deep_nesting_is_refused_without_recursing(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "document.json"  # some Pythons' JSON parsers read the first depth
    path.write_bytes(b'{"schema_version": ' + b"[" * depth + b"]" * depth + b"}")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path)
    ((_, what),) = caught.value.problems
    assert what in (
        "not readable: nesting too deep for a JSON parser",
        f"this package reads schema version {sca.SCHEMA_VERSION!r}, the document has array",
    )


# --- the document and its schema version -----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "found"), [([1, 2], "array"), ("text", "string"), (7, "number"), (None, "null")]
)
def test_a_top_level_value_of_the_wrong_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, found: str
) -> None:
    expected = [("$", f"expected a JSON object (an Article), found {found}")]
    assert refused(content, tmp_path, capsys) == expected


@pytest.mark.parametrize(
    ("version", "shown"), [("0.9", "'0.9'"), (1.0, "1.0"), (None, "null"), (DELETE, "none")]
)
def test_another_schema_version_is_the_only_problem_read(
    document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str], version: Any, shown: str
) -> None:
    if version is DELETE:
        del document["schema_version"]
    else:
        document["schema_version"] = version
    document["quotes"][0]["kind"] = "other"  # not reported: nothing else is read then
    assert refused(document, tmp_path, capsys) == [
        (
            "$.schema_version",
            f"this package reads schema version '{sca.SCHEMA_VERSION}', the document has {shown}",
        )
    ]


# --- one bad value: its path and the message users see ---------------------------------------

NESTED: Any = []
for _ in range(500):
    NESTED = [NESTED]

# (the path of the value, the value or DELETE, the start of the one problem's message)
VALUES: list[tuple[str, Any, str]] = [
    ("$.quotes[2].kind", DELETE, "missing field of Quote"),
    ("$.quotes[3].loudness", 11, "unknown field for Quote (it has id, "),
    ("$.quotes[0].span.x", 1, "unknown field for Span (it has start, end, text)"),
    ("$.metadata", [], "expected an object (Metadata), found array"),
    ("$.quotes[2].span", "823-896", "expected an object (Span), found string"),
    ("$.events[0].participants", {}, "expected an array, found object"),
    ("$.quotes[0].id", None, "expected a string, found null"),
    ("$.quotes[0].id", True, "expected a string, found boolean"),
    ("$.quotes[0].id", 1.5, "expected a string, found number"),
    ("$.quotes[0].id", 7, "expected a string, found number"),
    ("$.quotes[0].id", [], "expected a string, found array"),
    ("$.quotes[0].id", {}, "expected a string, found object"),
    ("$.quotes[0].kind", NESTED, "expected a string, found array"),
    ("$.quotes[4].paragraph", "4", "expected an integer, found string"),
    ("$.quotes[1].span.start", True, "expected an integer, found boolean"),
    ("$.quantities[0].value", True, "expected a number, found boolean"),
    ("$.quantities[0].value", 10**400, "number too large: an integer of about 401 digits"),
    ("$.quantities[0].approximate", "yes", "expected true or false, found string"),
    ("$.metadata.published", 20110617, "expected a date YYYY-MM-DD, found 20110617"),
    ("$.stances[0].stance", "furious", f"expected one of {STANCES}, found 'furious'"),
    ("$.quotes[1].kind", "y" * 58, "expected one of 'full', 'partial', found '" + "y" * 58 + "'"),
    (
        "$.quotes[1].kind",
        "x" * 99,
        "expected one of 'full', 'partial', found '" + "x" * 57 + "...'",
    ),
    ("$.reforms[0].id", "", f"{ID} ''"),
    ("$.reforms[0].id", " padded", f"{ID} ' padded'"),
    ("$.quotes[0].speaker", "John-Morton", f"{ID} 'John-Morton'"),
    ("$.metadata.source_sha256", "ABC", "expected 64 lowercase hex digits, found 'ABC'"),
    *(
        ("$.reforms[0].id", bad, ID)
        for bad in ["a--b", "-a", "a-", "a_b", "caf\u00e9", "a b", "a\nb"]
    ),
    *(
        ("$.metadata.url", url, "expected an http(s) URL, found ")
        for url in ["javascript:alert(1)", "ftp://a.org/", "http://", "https://a b", "//a.org", "x"]
    ),
    *(
        ("$.metadata.published", date, "expected a date YYYY-MM-DD, found ")
        for date in ["17 June 2011", "2011-W24-5", "2011-06-17T00:00", "2011-6-17", "2011-02-30"]
    ),
    *(
        ("$.metadata.published", date, "expected a date YYYY-MM-DD, found ")
        for date in ["20110617", "\u0662011-06-17"]
    ),
    *(
        (where, "a\udc80b", "not encodable as UTF-8 (a lone surrogate)")
        for where in [
            "$.source",
            "$.people[0].name",
            "$.quotes[1].span.text",
            "$.metadata.rights",
            "$.organizations[1].aliases[0]",
        ]
    ),
]


@pytest.mark.parametrize(("where", "value", "message"), VALUES)
def test_one_bad_value_is_one_problem_at_its_path(
    document: Document,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
    value: Any,
    message: str,
) -> None:
    *steps, last = [int(i) if i else key for key, i in re.findall(r"\.(\w+)|\[(\d+)\]", where)]
    holder: Any = document
    for step in steps:
        holder = holder[step]
    if value is DELETE:
        del holder[last]
    else:
        holder[last] = value
    ((found_where, found),) = refused(document, tmp_path, capsys)
    assert found_where == where and found.startswith(message) and "\n" not in found


def test_values_json_cannot_carry_are_named_by_from_dict(document: Document) -> None:
    document["quantities"][0]["value"] = float("nan")
    document["quantities"][1]["value"] = float("-inf")
    document["mentions"][0]["span"]["start"] = 10**5000  # too long to print in full
    problems = problems_of(document)
    assert problems[:2] == [
        ("$.quantities[0].value", "expected a finite number, found nan"),
        ("$.quantities[1].value", "expected a finite number, found -inf"),
    ]
    where, what = problems[2]
    assert where == "$.mentions[0].span.end" and "an integer of about 5001 digits" in what


def test_a_number_json_reads_as_infinite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(DOCUMENT).replace('"value": 50', '"value": 1e999', 1)
    found = refused(text.encode(), tmp_path, capsys)
    assert found == [("$.quantities[0].value", "expected a finite number, found inf")]


def test_a_valid_float_is_kept_as_a_float(document: Document) -> None:
    document["quantities"][0]["value"] = 50.5
    assert type(sca.from_dict(document).quantities[0].value) is float


# --- every stage in one run ------------------------------------------------------------------


def test_problems_from_every_stage_are_listed_together(
    document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document["quotes"][1]["kind"] = "fulll"  # types
    document["quotes"][3]["speaker"] = "nobody"  # references
    document["mentions"][0]["span"]["text"] = "X" * len(document["mentions"][0]["span"]["text"])
    document["paragraphs"][1]["index"] = 5  # structure
    document["metadata"]["source_sha256"] = "0" * 64  # checksum
    found = refused(document, tmp_path, capsys)
    assert [where for where, _ in found] == [
        "$.quotes[1].kind",
        "$.quotes[3].speaker",
        "$.mentions[0].span.text",
        "$.paragraphs[1].index",
        "$.metadata.source_sha256",
    ]


def test_every_problem_is_listed_up_to_the_cap(document: Document) -> None:
    for mention in document["mentions"][:40]:
        mention["form"] = "shout"
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    problems = caught.value.problems
    assert len(problems) == 40 < sca.MAX_REPORTED_PROBLEMS
    lines = str(caught.value).splitlines()
    assert lines == [f"{len(problems)} problems:", *(f"{w}: {m}" for w, m in problems)]
    many = sca.DataError([(f"$.x[{i}]", "bad") for i in range(sca.MAX_REPORTED_PROBLEMS + 7)])
    shown = str(many).splitlines()
    assert len(shown) == sca.MAX_REPORTED_PROBLEMS + 2
    assert shown[-1] == "... and 7 more problem(s)"
    assert sca.DataError([]).problems == (("$", "invalid data"),)
    assert str(sca.DataError.at("$.a", "bad")) == "$.a: bad"


def test_threads_in_a_cold_process_report_the_same_full_list() -> None:
    script = """
import json, sys, threading
import secure_communities_article as sca
from secure_communities_article import _load
document = json.loads(_load.bundled_bytes("article.json"))
document["quotes"][1]["kind"] = "fulll"
document["quotes"][3]["speaker"] = "nobody"
document["metadata"]["source_sha256"] = "0" * 64
text = json.dumps(document)
barrier = threading.Barrier(16)
results = []
def worker():
    barrier.wait()
    try:
        sca.from_json(text)
    except sca.DataError as error:
        results.append(error.problems)
threads = [threading.Thread(target=worker) for _ in range(16)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(len(results), len(set(results)), len(results[0]))
"""
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["16", "1", "3"]


def test_the_bundled_document_goes_through_every_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    spoiled = copy.deepcopy(DOCUMENT)
    spoiled["metadata"]["source_sha256"] = "0" * 64
    monkeypatch.setattr(_load, "bundled_bytes", lambda name: json.dumps(spoiled).encode())
    monkeypatch.setattr(_load, "_bundled", None)
    with pytest.raises(sca.DataError) as caught:
        sca.load()
    assert [where for where, _ in caught.value.problems] == ["$.metadata.source_sha256"]


def test_an_article_made_directly_is_checked_by_validate(article: sca.Article) -> None:
    spoiled = attrs.evolve(article, quotes=article.quotes[1:])  # constructing checks nothing
    with pytest.raises(sca.DataError) as caught:
        sca.validate(spoiled)
    assert caught.value.problems[0][1].startswith("the quotation at ")
    sca.validate(article)  # a sound article: no exception


def test_json_text_bytes_and_files_load_alike(tmp_path: Path, article: sca.Article) -> None:
    data = package_file("article.json")
    assert sca.from_json(data.decode()) == sca.from_json(bytearray(data)) == article  # type: ignore[arg-type]
    path = tmp_path / "good.json"
    path.write_bytes(data)
    loaded = sca.load(path)
    assert loaded == article and loaded is not article


def test_a_refused_file_leaves_the_bundled_article_alone(document: Document) -> None:
    before = sca.load()
    document["quotes"][0]["speaker"] = "nobody"
    problems_of(document)
    assert sca.load() is before and sca.from_dict(before.to_dict()) == before


# --- files, sizes and arguments ----------------------------------------------------------------


def test_a_file_larger_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "document.json"
    path.write_bytes(package_file("article.json"))
    size = path.stat().st_size
    with pytest.raises(sca.DataError) as caught:
        sca.load(path, max_bytes=size - 1)
    assert caught.value.problems == (
        (str(path), f"file is over the limit of {size - 1} bytes (max_bytes)"),
    )
    assert sca.load(path, max_bytes=size) == sca.load()
    for limit in (10**100, 2**63, 2**64 + 1):
        assert sca.load(path, max_bytes=limit) == sca.load()
    assert sca.MAX_FILE_BYTES == 16 * 1024 * 1024
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(sca.DataError, match="not JSON"):
        sca.load(empty, max_bytes=0)


@pytest.mark.parametrize(
    ("limit", "shown"),
    [(-1, "-1"), (1.5, "1.5"), ("10", "'10'"), (None, "None"), (True, "True"), (-(10**5000), "")],
    ids=["negative", "float", "string", "none", "bool", "huge-negative"],
)
def test_max_bytes_must_be_a_non_negative_integer(tmp_path: Path, limit: Any, shown: str) -> None:
    path = tmp_path / "document.json"
    path.write_text("{}")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path, max_bytes=limit)
    ((where, what),) = caught.value.problems
    assert where == "max_bytes" and what.startswith(
        f"expected a non-negative integer, found {shown}"
    )
    assert len(what) < 120


def test_a_growing_file_is_cut_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # its size is 0 to fstat: only the read itself can see it is too big

    def writer() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as handle:
            handle.write(b" " * 100)

    thread = threading.Thread(target=writer)
    thread.start()
    with pytest.raises(sca.DataError) as caught:
        sca.load(fifo, max_bytes=10)
    thread.join()
    assert caught.value.problems == ((str(fifo), "file is over the limit of 10 bytes (max_bytes)"),)


def test_file_system_problems_are_os_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        sca.load(tmp_path / "missing.json")
    with pytest.raises(IsADirectoryError):
        sca.load(tmp_path)
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.json"
        locked.write_text("{}")
        locked.chmod(0)
        with pytest.raises(PermissionError):
            sca.load(locked)


def test_arguments_of_the_wrong_kind_are_named(tmp_path: Path) -> None:
    cases: list[tuple[Callable[[], Any], tuple[str, str]]] = [
        (lambda: sca.load(123), ("path", "expected a file path, found int")),  # type: ignore[arg-type]
        (
            lambda: sca.load(str(tmp_path / "a\0.json")),
            ("path", "expected a file path, found one with a NUL character"),
        ),
        (lambda: sca.load("\ud800.json"), ("path", "expected a file path")),
        (lambda: sca.from_json(123), ("<document>", "expected JSON text or bytes, found int")),  # type: ignore[arg-type]
        (
            lambda: sca.from_json("[1,", location="here"),
            ("here", "not JSON: Expecting value at line 1 column 4"),
        ),
    ]
    for call, problem in cases:
        with pytest.raises(sca.DataError) as caught:
            call()
        assert caught.value.problems == (problem,)


# --- messages that cannot be forged ------------------------------------------------------------


def test_keys_and_values_cannot_forge_a_line_or_a_path(document: Document, tmp_path: Path) -> None:
    document["quotes"][0]["span.start"] = 1
    document["quotes"][1]["x\n$.quotes[1].span: fake"] = 1
    document["quotes"][2]["kind"] = "full\r\n$.quotes[3]: fake"
    document["quotes"][3]["k" * 10_000] = 1
    document["quotes"][4]["kind"] = "v" * 10_000
    document["people"][0]["\ud800"] = 1
    problems = problems_of(document)
    assert [where for where, _ in problems] == [
        '$.people[0]["\\ud800"]',
        '$.quotes[0]["span.start"]',
        '$.quotes[1]["x\\n$.quotes[1].span: fake"]',
        "$.quotes[2].kind",
        problems[4][0],
        "$.quotes[4].kind",
    ]
    assert all(len(where) + len(what) < 400 for where, what in problems)
    message = str(sca.DataError(problems))
    assert len(message.splitlines()) == 1 + len(problems)
    message.encode("utf-8")  # the message itself is always encodable
    path = tmp_path / "a\nb.json"
    path.write_text("[]")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path)
    assert "\n" not in str(caught.value)


# --- accessors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda a: a.quotes_by(123),
        lambda a: a.mentions_of(None),
        lambda a: a.events_of(["john-morton"]),
        lambda a: a.stances_of(1.5),
        lambda a: a.entity(5),
        lambda a: a.record(b"ice"),
        lambda a: a.get(7),
        lambda a: a.find(3),
        lambda a: a.paragraph_at("3"),
    ],
)
def test_accessors_given_the_wrong_type_raise_type_error(
    article: sca.Article, call: Callable[[sca.Article], Any]
) -> None:
    with pytest.raises(TypeError, match="expected"):
        call(article)


# --- hostile values anywhere ---------------------------------------------------------------------

hostile = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63])
    | st.integers(4400, 5000).map(lambda digits: 10**digits)  # too long to print
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(codec=None), max_size=12)
    | st.sampled_from(["\ud800", "a\x00b", "\n$.x: y", "\u2028", "span.start", "2011-W24-5"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.text(max_size=6) | st.sampled_from(["start", "id", "\udfff"]), inner, max_size=3
        )
    ),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found.extend(_paths(item, (*path, index)))
    return found


PATHS = _paths(DOCUMENT)[1:]


@given(path=st.sampled_from(PATHS), value=hostile)
def test_a_hostile_value_anywhere_loads_or_is_refused_cleanly(
    path: tuple[Any, ...], value: Any
) -> None:
    document = copy.deepcopy(DOCUMENT)
    holder: Any = document
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    try:
        sca.from_dict(document)
    except sca.DataError as error:
        problems, message = error.problems, str(error)
    else:
        return
    assert problems
    for where, what in problems:
        assert where.startswith("$") and len(where) + len(what) < 600
        assert where.isprintable() and what.isprintable()
    message.encode("utf-8")
