"""``sca.load(path)`` refuses each kind of bad file cleanly, naming where and what.

Each case writes a file, loads it, and checks the DataError's JSON path and that its
message says what was expected and what was found; file-system problems are OSErrors.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import secure_communities_article as sca


@pytest.fixture
def document(shipped_document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(shipped_document)


def refused(
    tmp_path: Path, content: bytes | dict[str, Any] | list[Any], **options: Any
) -> dict[str, str]:
    """The problems of loading ``content`` from a file, as {location: message}."""
    path = tmp_path / "document.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    with pytest.raises(sca.DataError) as caught:
        sca.load(path, **options)
    assert str(caught.value)
    return dict(caught.value.problems)


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    (message,) = refused(tmp_path, b'{"a": "caf\xe9"}').values()
    assert message == "not UTF-8: byte 10 is 0xe9"


def test_text_that_is_not_json(tmp_path: Path) -> None:
    (message,) = refused(tmp_path, b'{"schema_version": }').values()
    assert message.startswith("not JSON: Expecting value at line 1 column 20")


@pytest.mark.parametrize(
    ("content", "found"),
    [([1, 2], "array"), ("text", "string"), (7, "number"), (None, "null")],
)
def test_a_top_level_value_of_the_wrong_type(tmp_path: Path, content: Any, found: str) -> None:
    path = tmp_path / "document.json"
    path.write_text(json.dumps(content))
    with pytest.raises(sca.DataError) as caught:
        sca.load(path)
    assert caught.value.problems == (("$", f"expected a JSON object (an Article), found {found}"),)


@pytest.mark.parametrize(("version", "shown"), [("0.9", "'0.9'"), (1.0, "1.0"), (None, "null")])
def test_an_unknown_schema_version(
    tmp_path: Path, document: dict[str, Any], version: Any, shown: str
) -> None:
    document["schema_version"] = version
    document["quotes"][0]["kind"] = "other"  # not reported: nothing else is read then
    found = refused(tmp_path, document)
    assert found == {
        "$.schema_version": f"this package reads schema version '2.0', the document has {shown}"
    }


def test_a_missing_schema_version(tmp_path: Path, document: dict[str, Any]) -> None:
    del document["schema_version"]
    assert refused(tmp_path, document)["$.schema_version"].endswith("the document has none")


def test_missing_unknown_and_mistyped_fields(tmp_path: Path, document: dict[str, Any]) -> None:
    del document["quotes"][2]["kind"]
    document["quotes"][3]["loudness"] = 11
    document["quotes"][4]["paragraph"] = "4"
    document["quantities"][0]["value"] = True
    document["metadata"]["published"] = "17 June 2011"
    found = refused(tmp_path, document)
    assert found["$.quotes[2].kind"] == "missing field of Quote"
    assert found["$.quotes[3].loudness"].startswith("unknown field for Quote (it has id, ")
    assert found["$.quotes[4].paragraph"] == "expected an integer, found string"
    assert found["$.quantities[0].value"] == "expected a number, found boolean"
    assert found["$.metadata.published"] == "expected a date YYYY-MM-DD, found '17 June 2011'"


def test_values_outside_their_allowed_set(tmp_path: Path, document: dict[str, Any]) -> None:
    document["stances"][0]["stance"] = "furious"
    document["places"][0]["place_type"] = ["state"]
    found = refused(tmp_path, document)
    assert found["$.stances[0].stance"] == (
        "expected one of 'supportive', 'critical', 'mixed', 'neutral', found 'furious'"
    )
    assert found["$.places[0].place_type"].endswith("found array")


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"start": -3}, "$.quotes[1].span.start", "negative offset -3"),
        ({"end": 10}, "$.quotes[1].span.end", "end 10 is before start"),
        ({"text": "short"}, "$.quotes[1].span.text", "5 characters recorded for a span of"),
        ({"start": True}, "$.quotes[1].span.start", "expected an integer, found boolean"),
    ],
)
def test_spans_that_cannot_be(
    tmp_path: Path, document: dict[str, Any], change: dict[str, Any], where: str, message: str
) -> None:
    document["quotes"][1]["span"].update(change)
    assert message in refused(tmp_path, document)[where]


def test_a_span_past_the_end_and_a_slice_that_differs(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    size = len(document["source"])
    document["reforms"][0]["span"] = {"start": size - 1, "end": size + 1, "text": "ab"}
    document["mentions"][0]["span"]["text"] = document["mentions"][0]["span"]["text"].upper()
    found = refused(tmp_path, document)
    assert found["$.reforms[0].span.end"] == (
        f"offset {size + 1} is past the end of the source ({size})"
    )
    assert ", the source has " in found["$.mentions[0].span.text"]


def test_references_and_duplicate_ids(tmp_path: Path, document: dict[str, Any]) -> None:
    document["events"][0]["times"] = ["time-never"]
    document["stances"][1]["target"] = "program-x"
    document["people"][1]["id"] = document["people"][0]["id"]
    found = refused(tmp_path, document)
    assert found["$.events[0].times[0]"] == "no time expression has id 'time-never'"
    assert found["$.stances[1].target"] == "no entity has id 'program-x'"
    assert found["$.people[1].id"].startswith(f"duplicate id {document['people'][0]['id']!r}")


def test_a_source_that_differs_from_its_checksum(tmp_path: Path, document: dict[str, Any]) -> None:
    document["source"] = document["source"].replace("ICE", "IC3", 1)
    found = refused(tmp_path, document)
    recorded = document["metadata"]["source_sha256"]
    assert found["$.metadata.source_sha256"].startswith(f"recorded {recorded!r}, the source")


def test_a_source_with_a_lone_surrogate(tmp_path: Path, document: dict[str, Any]) -> None:
    document["source"] = "\ud800" + document["source"][1:]
    found = refused(tmp_path, document)
    assert found["$.source"] == "not encodable as UTF-8 (a lone surrogate)"


def test_nesting_deep_enough_to_break_a_recursive_parser(tmp_path: Path) -> None:
    depth = 200_000
    content = b'{"schema_version": ' + b"[" * depth + b"]" * depth + b"}"
    (message,) = refused(tmp_path, content).values()
    assert message == "not readable: nesting too deep for a JSON parser"


def test_nesting_the_parser_reads_is_refused_without_recursing(tmp_path: Path) -> None:
    depth = sys.getrecursionlimit() + 10  # some Pythons' JSON parsers read this deep
    content = b'{"schema_version": ' + b"[" * depth + b"]" * depth + b"}"
    (message,) = refused(tmp_path, content).values()
    assert message in (
        "not readable: nesting too deep for a JSON parser",
        f"this package reads schema version {sca.SCHEMA_VERSION!r}, the document has array",
    )


def test_deep_nesting_inside_a_field_is_named_without_recursing(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    nested: Any = []
    for _ in range(500):
        nested = [nested]
    document["quotes"][0]["kind"] = nested
    assert refused(tmp_path, document)["$.quotes[0].kind"].endswith("found array")


def test_a_file_larger_than_the_limit(tmp_path: Path, document: dict[str, Any]) -> None:
    size = len(json.dumps(document).encode())
    (message,) = refused(tmp_path, document, max_bytes=size - 1).values()
    assert message == f"file is over the limit of {size - 1} bytes (max_bytes)"
    path = tmp_path / "document.json"
    assert sca.load(path, max_bytes=size) == sca.load()
    assert sca.MAX_FILE_BYTES == 16 * 1024 * 1024
    with pytest.raises(sca.DataError, match="max_bytes: expected a non-negative integer"):
        sca.load(path, max_bytes=-1)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (b"NaN", "NaN is not a JSON number"),
        (b"-Infinity", "-Infinity is not a JSON number"),
    ],
)
def test_non_json_numbers(tmp_path: Path, token: bytes, message: str) -> None:
    (found,) = refused(tmp_path, b'{"schema_version": ' + token + b"}").values()
    assert found == message


def test_numbers_out_of_range(tmp_path: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document).replace('"value": 50', '"value": 1e999', 1)
    found = refused(tmp_path, text.encode())["$.quantities[0].value"]
    assert found == "expected a finite number, found inf"
    huge = json.dumps(document).replace('"value": 50', '"value": ' + "9" * 5000, 1)
    (message,) = refused(tmp_path, huge.encode()).values()
    assert message.startswith("not readable as JSON: ")


def test_duplicate_keys(tmp_path: Path) -> None:
    (message,) = refused(tmp_path, b'{"source": "a", "source": "b"}').values()
    assert message == "key 'source' appears twice in one object"


def test_every_problem_is_listed_up_to_the_cap(tmp_path: Path, document: dict[str, Any]) -> None:
    for mention in document["mentions"]:
        mention["form"] = "shout"
    with pytest.raises(sca.DataError) as caught:
        sca.load(_written(tmp_path, document))
    problems = caught.value.problems
    assert len(problems) == len(document["mentions"])
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{len(problems)} problems:"
    assert lines[1:] == [f"{where}: {what}" for where, what in problems]
    many = sca.DataError([(f"$.x[{i}]", "bad") for i in range(sca.MAX_REPORTED_PROBLEMS + 7)])
    shown = str(many).splitlines()
    assert len(shown) == sca.MAX_REPORTED_PROBLEMS + 2
    assert shown[-1] == "... and 7 more problem(s)"


def _written(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "written.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_file_system_problems_are_os_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        sca.load(tmp_path / "missing.json")
    with pytest.raises(IsADirectoryError):
        sca.load(tmp_path)
    with pytest.raises(sca.DataError, match="NUL"):
        sca.load(str(tmp_path) + "/a\0b.json")
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.json"
        locked.write_text("{}")
        locked.chmod(0)
        with pytest.raises(PermissionError):
            sca.load(locked)


def test_a_refused_file_leaves_the_bundled_article_alone(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    before = sca.load()
    document["quotes"][0]["speaker"] = "nobody"
    refused(tmp_path, document)
    assert sca.load() is before and sca.from_dict(before.to_dict()) == before
