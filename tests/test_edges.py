"""Edges the validator refuses cleanly, through every entry point, with short safe messages."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article import _cli

Document = dict[str, Any]


@pytest.fixture
def document(shipped_document: Document) -> Document:
    return copy.deepcopy(shipped_document)


def problems_everywhere(text: str, tmp_path: Path) -> list[tuple[tuple[str, str], ...]]:
    """The problems that from_json, load(path) and the CLI's validate each report."""
    found = []
    with pytest.raises(sca.DataError) as caught:
        sca.from_json(text)
    found.append(caught.value.problems)
    path = tmp_path / "document.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path)
    found.append(caught.value.problems)
    return found


def refused_alike(
    document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, str]:
    """The problems of a spoiled document, the same from all four entry points."""
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    expected = caught.value.problems
    text = json.dumps(document, ensure_ascii=True)
    for problems in problems_everywhere(text, tmp_path):
        assert problems == expected
    path = tmp_path / "document.json"
    assert _cli.main(["validate", str(path)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[1:] == [f"{path}: {where}: {what}" for where, what in expected]
    return dict(expected)


# --- numbers -----------------------------------------------------------------------------------


def test_an_integer_too_large_for_a_float_field(
    document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document["quantities"][0]["value"] = 10**400
    found = refused_alike(document, tmp_path, capsys)
    assert found == {"$.quantities[0].value": "number too large: an integer of about 401 digits"}


def test_an_integer_too_long_to_print(document: Document, tmp_path: Path) -> None:
    document["mentions"][0]["span"]["start"] = 10**5000
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    (where, what), *_ = caught.value.problems
    assert where == "$.mentions[0].span.end"
    assert what.startswith("end ") and "an integer of about 5001 digits" in what
    # As JSON text the same number is refused by the parser, before any record is read.
    text = json.dumps(document | {"mentions": []}).replace('"mentions": []', '"x": ' + "9" * 5000)
    for problems in problems_everywhere(text, tmp_path):
        assert problems[0][1] == "not readable as JSON: a number too long to convert"


# --- strings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (("source",), "$.source"),
        (("people", 0, "name"), "$.people[0].name"),
        (("quotes", 1, "span", "text"), "$.quotes[1].span.text"),
        (("metadata", "rights"), "$.metadata.rights"),
        (("organizations", 1, "aliases", 0), "$.organizations[1].aliases[0]"),
    ],
)
def test_a_lone_surrogate_anywhere(
    document: Document,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    path: tuple[Any, ...],
    where: str,
) -> None:
    *parents, last = path
    holder: Any = document
    for step in parents:
        holder = holder[step]
    if isinstance(holder, list) and not holder:
        holder.append("x")
    holder[last] = "a\udc80b"
    found = refused_alike(document, tmp_path, capsys)
    assert found[where] == "not encodable as UTF-8 (a lone surrogate)"


def test_a_lone_surrogate_in_a_key(document: Document, tmp_path: Path) -> None:
    document["people"][0]["\ud800"] = 1
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    assert caught.value.problems[0][0] == '$.people[0]["\\ud800"]'
    str(caught.value).encode("utf-8")  # the message itself is always encodable


@pytest.mark.parametrize(
    "bad", ["John-Morton", "a--b", "-a", "a-", "a_b", "caf\u00e9", "", "a b", "a\nb"]
)
def test_ids_outside_the_pattern(
    document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    document["reforms"][0]["id"] = bad
    document["quotes"][0]["speaker"] = bad  # a reference is an id too
    found = refused_alike(document, tmp_path, capsys)
    expected = "expected an id (lowercase ASCII words joined by hyphens), found "
    assert found["$.reforms[0].id"].startswith(expected)
    assert found["$.quotes[0].speaker"].startswith(expected)
    assert "\n" not in found["$.reforms[0].id"]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.com/a", "http://", "https://a b", "//example.com", "x"],
)
def test_urls_that_are_not_http(
    document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    document["metadata"]["url"] = url
    found = refused_alike(document, tmp_path, capsys)
    assert found["$.metadata.url"].startswith("expected an http(s) URL, found ")


@pytest.mark.parametrize(
    "date",
    ["2011-W24-5", "20110617", "2011-06-17T00:00", "2011-6-17", "2011-02-30", "\u0662011-06-17"],
)
def test_dates_in_any_other_form(
    document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str
) -> None:
    document["metadata"]["published"] = date
    found = refused_alike(document, tmp_path, capsys)
    assert found["$.metadata.published"].startswith("expected a date YYYY-MM-DD, found ")


@pytest.mark.parametrize("limit", [10**100, 2**63, 2**64 + 1])
def test_any_max_bytes_however_large(
    tmp_path: Path, shipped_document: Document, limit: int
) -> None:
    path = tmp_path / "document.json"
    path.write_text(json.dumps(shipped_document))
    assert sca.load(path, max_bytes=limit) == sca.load()


@pytest.mark.parametrize(
    "limit", [pytest.param(-(10**5000), id="huge-negative"), -1, 1.5, "10", None, True]
)
def test_bad_max_bytes(tmp_path: Path, limit: Any) -> None:
    path = tmp_path / "document.json"
    path.write_text("{}")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path, max_bytes=limit)
    ((where, what),) = caught.value.problems
    assert where == "max_bytes" and what.startswith("expected a non-negative integer, found ")
    assert len(what) < 120


# --- messages that cannot be forged -----------------------------------------------------------


def test_a_key_that_looks_like_a_path_is_quoted(document: Document) -> None:
    document["quotes"][0]["span.start"] = 1
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    assert caught.value.problems[0][0] == '$.quotes[0]["span.start"]'


def test_control_characters_cannot_print_a_line(document: Document) -> None:
    document["quotes"][0]["x\n$.quotes[1].span: fake"] = 1
    document["quotes"][2]["kind"] = "full\r\n$.quotes[3]: fake"
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3 and not any(
        "fake" in line and line.startswith("$.quotes[1]") for line in lines
    )
    assert not any(line.startswith("$.quotes[3]") for line in lines)


def test_long_keys_and_values_are_cut(document: Document) -> None:
    document["quotes"][0]["k" * 10_000] = 1
    document["quotes"][1]["kind"] = "v" * 10_000
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    assert all(len(where) + len(what) < 400 for where, what in caught.value.problems)


def test_a_location_with_a_newline_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\nb.json"
    path.write_text("[]")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path)
    assert "\n" not in str(caught.value)


# --- every stage, in one run --------------------------------------------------------------------


def test_problems_from_every_stage_are_listed_together(document: Document) -> None:
    document["quotes"][1]["kind"] = "fulll"  # types
    document["quotes"][3]["speaker"] = "nobody"  # references
    document["mentions"][0]["span"]["text"] = "X" * len(document["mentions"][0]["span"]["text"])
    document["metadata"]["source_sha256"] = "0" * 64  # checksum
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    assert [where for where, _ in caught.value.problems] == [
        "$.quotes[1].kind",
        "$.quotes[3].speaker",
        "$.mentions[0].span.text",
        "$.metadata.source_sha256",
    ]


def test_a_reference_into_a_broken_collection_is_not_guessed(document: Document) -> None:
    target = document["quotes"][3]["speaker"]
    person = next(p for p in document["people"] if p["id"] == target)
    person["role"] = 7  # that person does not decode: references to it cannot be judged
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    assert [where for where, _ in caught.value.problems] == [
        f"$.people[{document['people'].index(person)}].role"
    ]


def test_threads_in_a_cold_process_report_the_same_full_list(tmp_path: Path) -> None:
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


# --- accessors ------------------------------------------------------------------------------------


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


# --- hostile values anywhere ----------------------------------------------------------------------

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


PATHS = None


@given(data=st.data(), value=hostile)
def test_a_hostile_value_anywhere_loads_or_is_refused_cleanly(
    shipped_document: Document, data: st.DataObject, value: Any
) -> None:
    global PATHS
    if PATHS is None:
        PATHS = _paths(shipped_document)
    path = data.draw(st.sampled_from(PATHS[1:]))
    document = copy.deepcopy(shipped_document)
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
