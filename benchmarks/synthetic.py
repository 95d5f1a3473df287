"""Synthetic documents in the article's schema with N times its annotations, for benchmarks.

``repeated_document(n)`` repeats the source text n times (blank line between copies) and
every annotation with it: spans shifted by the copy's offset, ids suffixed ``~k``,
references renamed alike, paragraph and token indexes moved on.  Copies after the first keep the
headline and author bio as ``navigation`` segments (there is one headline); the
checksum is recomputed.  The result passes full validation (``sca.from_dict``).
This is benchmark data, not the article: it is never shipped.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import secure_communities_article as sca
from secure_communities_article._model import COLLECTIONS as ID_COLLECTIONS

SEPARATOR = "\n\n"
# Fields that hold the id of another record (one id, or a list of ids).
REFERENCE_FIELDS = {
    "people": ("affiliation",),
    "places": ("within",),
    "mentions": ("entity",),
    "quotes": ("speaker",),
    "reported_speech": ("sources", "quotes"),
    "events": ("times", "quantities"),
    "stances": ("holder", "target"),
}


def repeated_document(copies: int, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The article's document with its text and every annotation repeated ``copies`` times."""
    base = base if base is not None else sca.load().to_dict()
    source = base["source"]
    step = len(source) + len(SEPARATOR)
    paragraphs, tokens = len(base["paragraphs"]), len(base["tokens"])
    result = copy.deepcopy(base)
    result["source"] = SEPARATOR.join([source] * copies)
    result["metadata"]["source_sha256"] = hashlib.sha256(
        result["source"].encode("utf-8")
    ).hexdigest()
    for collection in ["paragraphs", "tokens", *ID_COLLECTIONS]:
        records = []
        for copy_number in range(copies):
            for record in base[collection]:
                moved = _moved(record, collection, copy_number, step, paragraphs)
                if collection == "tokens":
                    moved["index"] += copy_number * tokens
                records.append(moved)
        result[collection] = records
    return result


def _moved(
    record: dict[str, Any], collection: str, copy_number: int, step: int, paragraphs: int
) -> dict[str, Any]:
    moved = _shifted(copy.deepcopy(record), copy_number * step)
    if copy_number == 0:
        return moved
    suffix = f"-copy{copy_number}"
    if "id" in moved:
        moved["id"] += suffix
    for field in REFERENCE_FIELDS.get(collection, ()):
        value = moved[field]
        if isinstance(value, list):
            moved[field] = [item + suffix for item in value]
        elif value is not None:
            moved[field] = value + suffix
    if collection == "events":
        for participant in moved["participants"]:
            if participant["entity"] is not None:
                participant["entity"] += suffix
    if collection == "paragraphs":
        moved["index"] += copy_number * paragraphs
    elif moved.get("paragraph") is not None:
        moved["paragraph"] += copy_number * paragraphs
    if collection == "segments" and moved["kind"] in ("headline", "author-bio"):
        moved["kind"] = "navigation"
    return moved


def _shifted(value: Any, offset: int) -> Any:
    """Every span in plain data moved on by ``offset`` (in place)."""
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            value["start"] += offset
            value["end"] += offset
        else:
            for item in value.values():
                _shifted(item, offset)
    elif isinstance(value, list):
        for item in value:
            _shifted(item, offset)
    return value


def annotation_count(document: dict[str, Any]) -> int:
    """How many records carry an id (the annotations), for per-annotation timings."""
    return sum(len(document[c]) for c in ID_COLLECTIONS)
