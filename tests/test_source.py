"""The source ships byte for byte, and the data's copy of it is the same text."""

from __future__ import annotations

import hashlib
from typing import Any

import secure_communities_article as sca
from conftest import SOURCE_SHA256


def test_shipped_source_has_the_published_checksum(source_bytes: bytes) -> None:
    # The SHA-256 published with the capture: equal hashes mean the very same bytes, so a
    # plain clone checks the source without the capture beside it.
    assert hashlib.sha256(source_bytes).hexdigest() == SOURCE_SHA256


def test_document_embeds_the_source_text_unchanged(
    shipped_document: dict[str, Any], source: str
) -> None:
    assert shipped_document["source"] == source
    assert shipped_document["metadata"]["source_sha256"] == SOURCE_SHA256
    assert shipped_document["metadata"]["source_file"] == (
        "wapo-2011-06-17-ice-reforms-secure-communities.txt"
    )


def test_loaded_article_holds_the_source(article: sca.Article, source: str) -> None:
    assert article.source == source
    assert hashlib.sha256(article.source.encode("utf-8")).hexdigest() == (
        article.metadata.source_sha256
    )


def test_source_keeps_its_typography(source: str) -> None:
    # Curly quotes, apostrophes, em dashes and the no-break space survive untouched.
    for character in ("\u201c", "\u201d", "\u2019", "\u2014", "\u00a0", "\u2022"):
        assert character in source
    assert "Your Three.\u00a0Video" in source
