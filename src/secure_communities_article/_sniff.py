"""What kind of file one of the package's other outputs is, so ``validate`` can say so.

``validate`` checks article documents; given the JSON-LD, a JSON Schema, a descriptor,
the page or a database instead, it names what the file is rather than listing the ways
it fails to be an article.  Only a file's first bytes and top-level keys are looked at.
"""

from __future__ import annotations

from typing import Any

#: A file's leading bytes -> what it is.
MAGIC = {
    b"SQLite format 3\x00": "a SQLite database (export --format sqlite)",
    b"PAR1": "a Parquet file (export --format parquet)",
}


def other_output(data: bytes) -> str | None:
    """What the file is, if it is one of the package's other outputs (else None)."""
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML page (export --format html)"
    import json

    try:
        document = json.loads(data)
    except ValueError:
        return None
    return _json_kind(document) if isinstance(document, dict) else None


def _json_kind(document: dict[str, Any]) -> str | None:
    if "schema_version" in document:  # an article document, however broken
        return None
    schema = document.get("$schema")
    if isinstance(schema, str) and "json-schema.org" in schema:
        return "a JSON Schema (export --format json-schema)"
    if "@context" in document:
        kind = document.get("@type")
        if kind == "NewsArticle":
            return "schema.org JSON-LD (export --format jsonld)"
        if kind in ("sc:Dataset", "Dataset") and "recordSet" in document:
            return "a Croissant description, croissant.json (export --format croissant)"
        return "a JSON-LD document"
    if isinstance(document.get("resources"), list):
        return (
            "a Frictionless data package descriptor, datapackage.json (export --format datapackage)"
        )
    return None
