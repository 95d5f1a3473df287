"""The canonical JSON document: what ``load(path)`` and ``validate`` read back."""

from __future__ import annotations

from .._article import Article
from . import json_text


def render(article: Article) -> str:
    """The article as its JSON document."""
    return json_text(article.to_dict())
