"""Telling the package's other outputs apart from article documents, on any bytes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from conftest import package_file
from secure_communities_article._sniff import other_output


def test_an_article_document_is_not_another_output() -> None:
    assert other_output(package_file("article.json")) is None
    broken = json.loads(package_file("article.json"))
    broken["@context"] = "https://schema.org"  # still an article document, however broken
    assert other_output(json.dumps(broken).encode()) is None


def test_json_documents_of_other_kinds_are_named() -> None:
    cases = {
        b'{"$schema": "https://json-schema.org/draft/2020-12/schema"}': "a JSON Schema",
        b'{"@context": {}, "@type": "NewsArticle"}': "schema.org JSON-LD",
        b'{"@context": {}, "@type": "sc:Dataset", "recordSet": []}': "a Croissant description",
        b'{"@context": "https://www.w3.org/ns/anno.jsonld"}': "a JSON-LD document",
        b'{"name": "x", "resources": []}': "a Frictionless data package descriptor",
        b"  <!DOCTYPE html><html></html>": "an HTML page",
    }
    for data, kind in cases.items():
        found = other_output(data)
        assert found is not None and found.startswith(kind), (data, found)
    for data in (b"[]", b'"text"', b"{}", b"not json", b'{"resources": "no list"}'):
        assert other_output(data) is None, data


@given(st.binary(max_size=300))
def test_any_bytes_give_a_kind_or_none_and_never_raise(data: bytes) -> None:
    assert other_output(data) in (None, *_kinds())


def _kinds() -> tuple[str, ...]:
    samples = [
        b"SQLite format 3\x00",
        b"PAR1",
        b"<html>",
        b'{"$schema": "https://json-schema.org/x"}',
        b'{"@context": 1, "@type": "NewsArticle"}',
        b'{"@context": 1, "@type": "Dataset", "recordSet": 1}',
        b'{"@context": 1}',
        b'{"resources": []}',
    ]
    return tuple(kind for kind in map(other_output, samples) if kind is not None)
