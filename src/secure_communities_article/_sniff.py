"""Which of the package's other outputs a file is, so ``validate`` can say so.

``validate`` checks article documents; given the JSON-LD, a JSON Schema, a descriptor,
the page or a database instead, it names the format rather than listing the ways the
file fails to be an article.  Only a file's first bytes and top-level keys are read.
"""

from __future__ import annotations

import json

#: A file's leading bytes -> the format that writes such files.
MAGIC = {b"SQLite format 3\x00": "sqlite", b"PAR1": "parquet"}


def other_output(data: bytes) -> str | None:
    """The name of the format whose output the file is, if it is not an article document."""
    for magic, name in MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:512].lstrip()
    if head.lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"<?xml") and b"xmi:XMI" in head:
        return "xmi"
    if head.startswith(b"-DOCSTART-"):
        return "iob2"
    if head.startswith((b"# newdoc", b"# global.", b"# sent_id")):
        return "conllu"
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or "schema_version" in document:
        return None
    if "json-schema.org" in str(document.get("$schema")):
        return "json-schema"
    if document.get("@type") == "NewsArticle":
        return "jsonld"
    if document.get("type") == "AnnotationCollection":
        return "web-annotation"
    if "recordSet" in document:
        return "croissant"
    if isinstance(document.get("resources"), list):
        return "datapackage"
    return None
