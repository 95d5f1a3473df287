"""Telling the package's other outputs apart from article documents, on any bytes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from conftest import package_file
from secure_communities_article import formats
from secure_communities_article._sniff import other_output


def test_an_article_document_is_not_another_output() -> None:
    assert other_output(package_file("article.json")) is None
    broken = json.loads(package_file("article.json"))
    broken["@context"] = "https://schema.org"  # still an article document, however broken
    assert other_output(json.dumps(broken).encode()) is None


def test_json_documents_of_other_kinds_are_named() -> None:
    cases = {
        b'{"$schema": "https://json-schema.org/draft/2020-12/schema"}': "json-schema",
        b'{"@context": {}, "@type": "NewsArticle"}': "jsonld",
        b'{"@context": {}, "@type": "sc:Dataset", "recordSet": []}': "croissant",
        b'{"@context": "x", "type": "AnnotationCollection"}': "web-annotation",
        b'{"name": "x", "resources": []}': "datapackage",
        b"  <!DOCTYPE html><html></html>": "html",
        b"SQLite format 3\x00...": "sqlite",
        b"PAR1...": "parquet",
        b"# newdoc id = x\n# global.Entity = eid-etype\n": "conllu",
        b"-DOCSTART- O\n\nICE B-organization\n": "iob2",
        b'<?xml version="1.0"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI">': "xmi",
    }
    for data, kind in cases.items():
        assert other_output(data) == kind, data
    for data in (b"[]", b'"text"', b"{}", b"not json", b'{"resources": "no list"}', b"[" * 10**5):
        assert other_output(data) is None, data


@given(st.binary(max_size=300))
def test_any_bytes_give_a_registered_format_or_none_and_never_raise(data: bytes) -> None:
    assert other_output(data) in (None, *(f.name for f in formats.WRITTEN))
