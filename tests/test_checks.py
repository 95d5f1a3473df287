"""Each check of the loading core names its problem exactly (found by mutation testing).

Every case spoils the valid document in one way and expects that problem, with its
JSON path and message, among those the DataError lists.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import typing
from pathlib import Path
from typing import Any

import pytest

import secure_communities_article as sca
from secure_communities_article import _load


@pytest.fixture
def document(shipped_document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(shipped_document)


def problems_of(document: Any) -> list[tuple[str, str]]:
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    return list(caught.value.problems)


def respanned(document: dict[str, Any]) -> dict[str, Any]:
    """Every span's text re-read from the (edited) source, and the checksum recomputed."""
    source = document["source"]

    def fix(value: Any) -> None:
        if isinstance(value, dict):
            if set(value) == {"start", "end", "text"}:
                value["text"] = source[value["start"] : value["end"]]
            for item in value.values():
                fix(item)
        elif isinstance(value, list):
            for item in value:
                fix(item)

    fix(document)
    document["metadata"]["source_sha256"] = hashlib.sha256(source.encode()).hexdigest()
    return document


# --- one pipeline, for the bundled document too ------------------------------------------


def test_the_bundled_document_goes_through_every_stage(
    monkeypatch: pytest.MonkeyPatch, shipped_document: dict[str, Any]
) -> None:
    spoiled = copy.deepcopy(shipped_document)
    spoiled["metadata"]["source_sha256"] = "0" * 64
    monkeypatch.setattr(_load, "bundled_bytes", lambda name: json.dumps(spoiled).encode())
    monkeypatch.setattr(_load, "_bundled", None)
    with pytest.raises(sca.DataError) as caught:
        sca.load()
    assert [where for where, _ in caught.value.problems] == ["$.metadata.source_sha256"]


# --- messages of the decoder --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (None, "null"),
        (True, "boolean"),
        (1.5, "number"),
        (7, "number"),
        ([], "array"),
        ({}, "object"),
    ],
)
def test_each_json_type_is_named(document: dict[str, Any], value: Any, found: str) -> None:
    document["quotes"][0]["id"] = value
    assert ("$.quotes[0].id", f"expected a string, found {found}") in problems_of(document)


def test_record_and_field_messages(document: dict[str, Any]) -> None:
    document["metadata"] = []
    document["quotes"][0]["span"]["colour"] = "red"
    document["quotes"][1]["kind"] = "x" * 100
    document["quotes"][2]["span"] = "823-896"
    document["events"][0]["participants"] = {}
    document["quantities"][0]["approximate"] = "yes"
    found = problems_of(document)
    assert ("$.metadata", "expected an object (Metadata), found array") in found
    assert (
        "$.quotes[0].span.colour",
        "unknown field for Span (it has start, end, text)",
    ) in found
    assert (
        "$.quotes[1].kind",
        "expected one of 'full', 'partial', found '" + "x" * 57 + "...'",
    ) in (found)
    assert ("$.quotes[2].span", "expected an object (Span), found string") in found
    assert ("$.events[0].participants", "expected an array, found object") in found
    assert ("$.quantities[0].approximate", "expected true or false, found string") in found
    assert len(found) == 6


def test_number_and_date_messages(document: dict[str, Any]) -> None:
    document["quantities"][0]["value"] = float("nan")
    document["quantities"][1]["value"] = float("inf")
    document["metadata"]["published"] = 20110617
    document["time_expressions"][0]["kind"] = ["date"]
    found = problems_of(document)
    assert ("$.quantities[0].value", "expected a finite number, found nan") in found
    assert ("$.quantities[1].value", "expected a finite number, found inf") in found
    assert ("$.metadata.published", "expected a date YYYY-MM-DD, found 20110617") in found
    assert (
        "$.time_expressions[0].kind",
        "expected a string, found array",
    ) in found


def test_a_short_value_is_shown_whole(document: dict[str, Any]) -> None:
    document["quotes"][1]["kind"] = "y" * 58  # repr is 60 characters: shown whole
    assert ("$.quotes[1].kind", "expected one of 'full', 'partial', found '" + "y" * 58 + "'") in (
        problems_of(document)
    )


def test_a_valid_float_is_kept(document: dict[str, Any]) -> None:
    document["quantities"][0]["value"] = 50.5
    article = sca.from_dict(document)
    assert article.quantities[0].value == 50.5 and type(article.quantities[0].value) is float


# --- ids and references ---------------------------------------------------------------------


def test_id_problems(document: dict[str, Any]) -> None:
    document["segments"][0]["id"] = ""
    document["segments"][1]["id"] = " padded"
    document["segments"][3]["id"] = document["segments"][2]["id"]
    first = document["segments"][2]["id"]
    found = problems_of(document)
    expected = "expected an id (lowercase ASCII words joined by hyphens), found"
    assert ("$.segments[0].id", f"{expected} ''") in found
    assert ("$.segments[1].id", f"{expected} ' padded'") in found
    assert ("$.segments[3].id", f"duplicate id {first!r} (first at $.segments[2].id)") in found
    assert len(found) == 3


def test_metadata_and_participant_references(document: dict[str, Any]) -> None:
    document["metadata"]["author"] = "nobody"
    document["metadata"]["publisher"] = "no-paper"
    event = next(i for i, e in enumerate(document["events"]) if e["participants"])
    document["events"][event]["participants"][0]["entity"] = "ghost"
    found = problems_of(document)
    assert ("$.metadata.author", "no person has id 'nobody'") in found
    assert ("$.metadata.publisher", "no organization has id 'no-paper'") in found
    assert (f"$.events[{event}].participants[0].entity", "no entity has id 'ghost'") in found
    assert len(found) == 3


# --- structure: paragraphs, sentences, segments ------------------------------------------------


def test_paragraph_and_sentence_problems(document: dict[str, Any]) -> None:
    paragraphs = document["paragraphs"]
    paragraphs[1]["index"] = 5
    multi = [i for i, p in enumerate(paragraphs) if len(p["sentences"]) >= 3]
    a, b, c = multi[:3]
    paragraphs[a]["sentences"].insert(1, paragraphs[a]["sentences"][0])  # overlap
    del paragraphs[b]["sentences"][0]  # its start is in no sentence
    del paragraphs[c]["sentences"][-1]  # its end is in no sentence
    paragraphs[0]["sentences"][0] = document["segments"][0]["span"]  # outside the paragraph
    found = problems_of(document)
    assert ("$.paragraphs[1].index", "index 5 at position 1") in found
    assert (f"$.paragraphs[{a}].sentences[1]", "sentence overlaps the one before") in found
    assert (f"$.paragraphs[{b}].sentences[0]", "text before it is in no sentence") in found
    assert (f"$.paragraphs[{c}].sentences", "the paragraph's end is in no sentence") in found
    assert ("$.paragraphs[0].sentences[0]", "sentence is outside its paragraph") in found


def test_a_paragraph_needs_a_sentence(document: dict[str, Any]) -> None:
    document["paragraphs"][4]["sentences"] = []
    assert ("$.paragraphs[4].sentences", "a paragraph needs at least one sentence") in (
        problems_of(document)
    )


def test_block_problems(document: dict[str, Any]) -> None:
    source = document["source"]
    paragraph = document["paragraphs"][2]["span"]
    end = paragraph["end"]
    assert source[end].isspace()
    paragraph["end"] += 1
    paragraph["text"] = source[paragraph["start"] : paragraph["end"]]
    found = problems_of(document)
    assert ("$.paragraphs[2].span", "a block must start and end with non-whitespace") in found


def test_overlapping_and_uncovered_blocks(document: dict[str, Any]) -> None:
    segments = document["segments"]
    last = max(range(len(segments)), key=lambda i: segments[i]["span"]["start"])
    assert segments[last]["kind"] not in ("headline", "author-bio")
    del segments[last]
    blocks = [p["span"] for p in document["paragraphs"]] + [s["span"] for s in segments]
    covered_to = max(span["end"] for span in blocks)
    found = problems_of(document)
    assert found == [("$.segments", f"text from {covered_to} is in no paragraph or segment")]


def test_a_block_overlapping_another(document: dict[str, Any]) -> None:
    document["segments"].append(
        {"id": "extra", "kind": "navigation", "span": document["paragraphs"][0]["span"]}
    )
    document["segments"].sort(key=lambda s: s["span"]["start"])
    found = problems_of(document)
    assert any(
        where.endswith(".span") and "overlaps the block ending at" in what for where, what in found
    )


def test_headline_and_author_bio_are_their_segments(document: dict[str, Any]) -> None:
    masthead = next(s for s in document["segments"] if s["kind"] == "masthead")
    document["metadata"]["headline"] = masthead["span"]
    document["metadata"]["author_bio"] = masthead["span"]
    found = problems_of(document)
    assert ("$.metadata.headline", "must be the span of the one 'headline' segment") in found
    assert ("$.metadata.author_bio", "must be the span of the one 'author-bio' segment") in found


def test_records_sit_in_their_paragraph(document: dict[str, Any]) -> None:
    count = len(document["paragraphs"])
    document["quotes"][0]["paragraph"] = count
    document["reforms"][0]["paragraph"] = (document["reforms"][0]["paragraph"] + 1) % count
    with_cue = next(i for i, q in enumerate(document["quotes"]) if q["cue"] and i > 0)
    elsewhere = document["paragraphs"][(document["quotes"][with_cue]["paragraph"] + 1) % count]
    document["quotes"][with_cue]["cue"] = elsewhere["sentences"][0]
    found = problems_of(document)
    assert ("$.quotes[0].paragraph", f"no paragraph {count} (there are {count})") in found
    paragraph = document["reforms"][0]["paragraph"]
    assert ("$.reforms[0].paragraph", f"its spans are not inside paragraph {paragraph}") in found
    paragraph = document["quotes"][with_cue]["paragraph"]
    assert (
        f"$.quotes[{with_cue}].paragraph",
        f"its spans are not inside paragraph {paragraph}",
    ) in (found)


# --- quotation marks --------------------------------------------------------------------------


def test_a_quote_between_no_marks(document: dict[str, Any]) -> None:
    quote = document["quotes"][0]
    old = (quote["span"]["start"], quote["span"]["end"])
    quote["span"] = dict(quote["span"], start=old[0] + 1, text=quote["span"]["text"][1:])
    found = problems_of(document)
    assert ("$.quotes[0].span", "does not sit exactly inside a pair of quotation marks") in found
    assert ("$.quotes", f"the quotation at {old[0]}-{old[1]} has no quotation record") in found


def test_unpaired_quotation_marks(document: dict[str, Any]) -> None:
    source = document["source"]
    first_open = source.index("\u201c", document["paragraphs"][0]["span"]["start"])
    first_close = source.index("\u201d", first_open)
    paragraph = next(
        i
        for i, p in enumerate(document["paragraphs"])
        if p["span"]["start"] <= first_open < p["span"]["end"]
    )
    edited = source[:first_close] + "\u201c" + source[first_close + 1 :]
    document["source"] = edited
    found = problems_of(respanned(document))
    assert (f"$.paragraphs[{paragraph}]", f"nested opening quote at {first_close}") in found
    assert (f"$.paragraphs[{paragraph}]", f"unclosed opening quote at {first_close}") in found
    closed = source[:first_open] + "\u201d" + source[first_open + 1 :]
    document["source"] = closed
    found = problems_of(respanned(document))
    assert (f"$.paragraphs[{paragraph}]", f"unopened closing quote at {first_open}") in found


# --- files, arguments, errors -----------------------------------------------------------------


@pytest.mark.parametrize("limit", [True, "10", -1, 1.5])
def test_max_bytes_must_be_a_non_negative_integer(tmp_path: Path, limit: Any) -> None:
    path = tmp_path / "a.json"
    path.write_text("{}")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path, max_bytes=limit)
    assert caught.value.problems == (
        ("max_bytes", f"expected a non-negative integer, found {limit!r}"),
    )


def test_limits_at_the_edges(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[]")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path, max_bytes=0)
    assert caught.value.problems == ((str(path), "file is over the limit of 0 bytes (max_bytes)"),)
    with pytest.raises(sca.DataError) as caught:
        sca.load(path, max_bytes=2)
    assert caught.value.problems == (("$", "expected a JSON object (an Article), found array"),)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(sca.DataError, match="not JSON"):
        sca.load(empty, max_bytes=0)


def test_a_growing_file_is_cut_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(fifo)  # its size is 0 to fstat: only the read itself can see it is too big
    import threading

    def writer() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as handle:
            handle.write(b" " * 100)

    thread = threading.Thread(target=writer)
    thread.start()
    with pytest.raises(sca.DataError) as caught:
        sca.load(fifo, max_bytes=10)
    thread.join()
    assert caught.value.problems == ((str(fifo), "file is over the limit of 10 bytes (max_bytes)"),)


def test_argument_types_are_named(tmp_path: Path) -> None:
    with pytest.raises(sca.DataError) as caught:
        sca.load(123)  # type: ignore[arg-type]
    assert caught.value.problems == (("path", "expected a file path, found int"),)
    with pytest.raises(sca.DataError) as caught:
        sca.load(str(tmp_path / "a\0.json"))
    assert caught.value.problems == (
        ("path", "expected a file path, found one with a NUL character"),
    )
    with pytest.raises(sca.DataError) as caught:
        sca.from_json(123)  # type: ignore[arg-type]
    assert caught.value.problems == (("<document>", "expected JSON text or bytes, found int"),)


def test_locations_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b"\xff")
    with pytest.raises(sca.DataError) as caught:
        sca.load(path)
    assert caught.value.problems == ((str(path), "not UTF-8: byte 0 is 0xff"),)
    with pytest.raises(sca.DataError) as caught:
        sca.from_json("[1,", location="here")
    assert caught.value.problems[0][0] == "here"


def test_json_text_and_bytes_load_alike(shipped_document: dict[str, Any]) -> None:
    from conftest import package_file

    data = package_file("article.json")
    assert (
        sca.from_json(data.decode())
        == sca.from_json(typing.cast(Any, bytearray(data)))
        == sca.load()
    )


def test_data_error_messages() -> None:
    assert sca.DataError([]).problems == (("$", "invalid data"),)
    assert str(sca.DataError.at("$.a", "bad")) == "$.a: bad"
    assert (
        str(sca.DataError([("$.a", "bad"), ("$.b", "worse")]))
        == "2 problems:\n$.a: bad\n$.b: worse"
    )
    assert isinstance(sca.DataError.at("$", "x"), ValueError)


def test_not_found_suggestions(article: sca.Article) -> None:
    with pytest.raises(sca.NotFoundError) as caught:
        article.entity("morton")
    assert caught.value.wanted == "morton"
    assert caught.value.suggestions == ("john-morton",)
    assert str(caught.value) == "no entity 'morton'; did you mean 'john-morton'?"
    with pytest.raises(sca.NotFoundError) as caught:
        article.record("zzzzzzzz")
    assert str(caught.value) == "no record 'zzzzzzzz'" and caught.value.suggestions == ()


def test_names_and_aliases_find_their_entity(article: sca.Article) -> None:
    for entity in article.entities:
        names = [getattr(entity, "name", None), *getattr(entity, "aliases", ())]
        for name in filter(None, names):
            assert entity in article.find(name.upper())
    assert article.paragraph_at(article.paragraphs[-1].span.start) is article.paragraphs[-1]


def test_the_loaded_article_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    article = sca.load()
    monkeypatch.setattr(_load, "from_json", lambda *a, **k: pytest.fail("loaded again"))
    assert sca.load() is article


# --- more from mutation testing: single faults, edges, fresh indexes ---------------------------


def test_one_unknown_key_is_one_problem(document: dict[str, Any]) -> None:
    document["quotes"][0]["span"]["extra"] = 1
    assert problems_of(document) == [
        ("$.quotes[0].span.extra", "unknown field for Span (it has start, end, text)")
    ]


def test_an_article_made_directly_is_checked_by_validate(article: sca.Article) -> None:
    import attrs

    spoiled = attrs.evolve(article, quotes=article.quotes[1:])  # constructing checks nothing
    with pytest.raises(sca.DataError) as caught:
        sca.validate(spoiled)
    assert caught.value.problems[0][1].startswith("the quotation at ")
    sca.validate(article)  # a sound article: no exception


def test_a_span_may_end_at_the_end_of_the_source(document: dict[str, Any]) -> None:
    document["source"] = document["source"].rstrip()
    article = sca.from_dict(respanned(document))
    assert max(s.span.end for s in article.segments) == len(article.source)


def test_records_out_of_text_order(document: dict[str, Any]) -> None:
    document["mentions"][0], document["mentions"][1] = (
        document["mentions"][1],
        document["mentions"][0],
    )
    assert problems_of(document) == [("$.mentions[1]", "out of text order (by its anchor span)")]


def test_a_fresh_index_finds_names_and_aliases_without_mentions(document: dict[str, Any]) -> None:
    # Participants and holders must be mentions: without mentions they go too.
    document["mentions"] = document["events"] = document["stances"] = []
    article = sca.from_dict(document)
    organization = next(o for o in article.organizations if o.aliases)
    assert article.find(organization.aliases[0]) == (organization,)
    assert article.find(organization.name.lower()) == (organization,)
    person = next(p for p in article.people if p.name)
    assert article.find(str(person.name)) == (person,)
    last = article.paragraphs[-1]
    assert article.paragraph_at(last.span.end - 1) is last
    assert article.paragraph_at(last.span.end) is None
