"""The annotations as W3C Web Annotations: one per anchored record, in an AnnotationCollection.

Each targets the source by position (code points) and quote; its bodies are its class
(``classifying``), enumerated values (``tagging``), value, unit or predicate (``describing``)
and the records it names (``identifying`` its entity, else ``linking``).  IRIs are under a
``urn:uuid:`` base from the article's URL (no one's domain claimed) unless ``base`` is given.
"""

from __future__ import annotations

import uuid
from typing import Any

from .._article import Article
from .._describe import COLLECTIONS, describe
from .._text import number
from . import json_text

SIGNATURE = rb"\A\{\s*\"@context\": \"http://www\.w3\.org/ns/anno\.jsonld\""
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Characters of context a TextQuoteSelector gives on each side.
AFFIX = 32
#: Fields whose value a ``describing`` body states (a normalized value, unit or predicate).
DESCRIBED = ("value", "unit", "predicate")


def default_base(article: Article) -> str:
    """The IRI of the source text: a name-based UUID of the article's canonical URL."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, article.url)}"


def to_web_annotation(article: Article, *, base: str | None = None) -> dict[str, Any]:
    """The records as a Web Annotation ``AnnotationCollection``; a record is ``<base>#<id>``."""
    base = base if base is not None else default_base(article)
    annotations = [
        _annotation(article, base, record, anchor)
        for collection in COLLECTIONS
        if (anchor := describe(collection.base).anchor) is not None
        for record in getattr(article, collection.name)
    ]
    return {
        "@context": ANNO_CONTEXT,
        "id": f"{base}#annotations",
        "type": "AnnotationCollection",
        "label": f"Annotations of {article.headline!r} ({article.url})",
        "total": len(annotations),
        "first": {
            "id": f"{base}#annotations-page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": annotations,
        },
    }


def render(article: Article) -> str:
    """The annotation collection's file."""
    return json_text(to_web_annotation(article))


def _annotation(article: Article, base: str, record: Any, anchor: Any) -> dict[str, Any]:
    info = describe(type(record))
    body = [_textual("classifying", info.name)]
    for field in info.fields:
        value = getattr(record, field.name)
        if value is None or field.is_record:
            continue
        if field.values:
            body.append(_textual("tagging", f"{field.name}:{value}"))
        elif field.ref:
            purpose = "identifying" if field.name == "entity" else "linking"
            for referred in value if field.many else (value,):
                body.append(
                    {"type": "SpecificResource", "purpose": purpose, "source": f"{base}#{referred}"}
                )
        elif field.name in DESCRIBED:
            shown = number(value) if isinstance(value, float) else value
            body.append(_textual("describing", f"{field.name}:{shown}"))
    span, source = getattr(record, anchor.name), article.source
    selectors = [
        {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        {
            "type": "TextQuoteSelector",
            "exact": span.text,
            "prefix": source[max(0, span.start - AFFIX) : span.start],
            "suffix": source[span.end : span.end + AFFIX],
        },
    ]
    return {
        "@context": ANNO_CONTEXT,
        "id": f"{base}#{record.id}",
        "type": "Annotation",
        "motivation": "classifying",
        "body": body,
        "target": {"source": base, "selector": selectors},
    }


def _textual(purpose: str, value: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value}
