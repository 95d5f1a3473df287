"""The benchmarks' synthetic documents (the article repeated) pass full validation."""

from __future__ import annotations

from typing import Any

import pytest

import secure_communities_article as sca
from conftest import ROOT, script


def _benchmark_module(name: str) -> Any:
    return script(ROOT / "benchmarks" / f"{name}.py")


synthetic = _benchmark_module("synthetic")


@pytest.mark.parametrize("copies", [1, 3])
def test_a_repeated_document_is_valid_and_scales(article: sca.Article, copies: int) -> None:
    document = synthetic.repeated_document(copies, article.to_dict())
    large = sca.from_dict(document)  # every check, checksum included
    assert synthetic.annotation_count(document) == copies * synthetic.annotation_count(
        article.to_dict()
    )
    assert len(large.quotes) == copies * len(article.quotes)
    assert len(large.find("Morton")) == copies
    last = large.quotes[-1]
    assert large.source[last.span.start : last.span.end] == article.quotes[-1].span.text
    if copies == 1:
        assert large == article
