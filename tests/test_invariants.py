"""The data's invariants, checked on the shipped JSON by code independent of the package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conftest import ENTITY_COLLECTIONS, ID_COLLECTIONS


def spans(value: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every {start, end, text} object in plain data, with its path."""
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            yield path, value
            return
        for key, item in value.items():
            yield from spans(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from spans(item, f"{path}[{i}]")


def test_every_span_slices_to_its_text(shipped_document: dict[str, Any], source: str) -> None:
    found = list(spans(shipped_document))
    assert len(found) > 200
    for path, span in found:
        assert 0 <= span["start"] <= span["end"] <= len(source), path
        assert source[span["start"] : span["end"]] == span["text"], path


def test_ids_are_unique_across_the_document(shipped_document: dict[str, Any]) -> None:
    ids = [r["id"] for c in ID_COLLECTIONS for r in shipped_document[c]]
    assert len(ids) == len(set(ids))
    assert all(i == i.strip() and i for i in ids)


def test_every_reference_resolves(shipped_document: dict[str, Any]) -> None:
    d = shipped_document
    entities = {r["id"] for c in ENTITY_COLLECTIONS for r in d[c]}
    quotes = {q["id"] for q in d["quotes"]}
    times = {t["id"] for t in d["time_expressions"]}
    quantities = {q["id"] for q in d["quantities"]}
    assert d["metadata"]["author"] in {p["id"] for p in d["people"]}
    assert d["metadata"]["publisher"] in {o["id"] for o in d["organizations"]}
    for person in d["people"]:
        assert person["affiliation"] in {o["id"] for o in d["organizations"]} | {None}
    for place in d["places"]:
        assert place["within"] in {p["id"] for p in d["places"]} | {None}
    for mention in d["mentions"]:
        assert mention["entity"] in entities
    for quote in d["quotes"]:
        assert quote["speaker"] in entities
    for speech in d["reported_speech"]:
        assert set(speech["sources"]) <= entities
        assert set(speech["quotes"]) <= quotes
    for event in d["events"]:
        assert {p["entity"] for p in event["participants"]} <= entities | {None}
        assert set(event["times"]) <= times
        assert set(event["quantities"]) <= quantities
    for stance in d["stances"]:
        assert stance["holder"] in entities | {None}
        assert stance["target"] in entities


def test_paragraphs_and_segments_partition_the_source(
    shipped_document: dict[str, Any], source: str
) -> None:
    owner = [0] * len(source)
    blocks = [p["span"] for p in shipped_document["paragraphs"]]
    blocks += [s["span"] for s in shipped_document["segments"]]
    for span in blocks:
        for offset in range(span["start"], span["end"]):
            owner[offset] += 1
    for offset, character in enumerate(source):
        if not character.isspace():
            assert owner[offset] == 1, (offset, character)
    assert max(owner) == 1


def test_nine_body_paragraphs_in_order(shipped_document: dict[str, Any]) -> None:
    paragraphs = shipped_document["paragraphs"]
    assert [p["index"] for p in paragraphs] == list(range(9))
    starts = [p["span"]["start"] for p in paragraphs]
    assert starts == sorted(starts)
    assert paragraphs[0]["span"]["text"].startswith("Federal authorities announced Friday")
    assert paragraphs[-1]["span"]["text"].endswith("in the details.\u201d")


def test_sentences_cover_each_paragraph(shipped_document: dict[str, Any], source: str) -> None:
    for paragraph in shipped_document["paragraphs"]:
        joined = source[paragraph["span"]["start"] : paragraph["span"]["end"]]
        pieces = [s["text"] for s in paragraph["sentences"]]
        assert " ".join(pieces) == joined


def quotation_pairs(text: str, offset: int) -> list[tuple[int, int]]:
    pairs, opening = [], None
    for i, character in enumerate(text):
        if character == "\u201c":
            assert opening is None
            opening = i
        elif character == "\u201d":
            assert opening is not None
            pairs.append((offset + opening + 1, offset + i))
            opening = None
    assert opening is None
    return pairs


def test_quotation_marks_and_records_match_one_to_one(shipped_document: dict[str, Any]) -> None:
    marked = []
    for paragraph in shipped_document["paragraphs"]:
        marked += quotation_pairs(paragraph["span"]["text"], paragraph["span"]["start"])
    recorded = [(q["span"]["start"], q["span"]["end"]) for q in shipped_document["quotes"]]
    assert sorted(recorded) == sorted(marked)
    assert len(marked) == 7


def test_no_entity_layer_annotates_page_furniture(shipped_document: dict[str, Any]) -> None:
    bio_end = shipped_document["metadata"]["author_bio"]["end"]
    for collection in ("mentions", "quotes", "quantities", "time_expressions"):
        for record in shipped_document[collection]:
            assert record["span"]["end"] <= bio_end
