"""The JSON Schema of the canonical document, read off the model's descriptions.

Nothing here names a field, so it cannot drift from the model.  What a schema cannot
express (spans, references, text order, the checksum) the validator checks.
"""

from __future__ import annotations

import datetime
from typing import Any

from .._article import Article
from .._decode import DATE_PATTERN
from .._describe import JSON_TYPES, RECORDS, FieldInfo, RecordInfo
from .._version import SCHEMA_VERSION
from . import json_text

SIGNATURE = rb"\A\{\s*\"\$schema\": \"https://json-schema\.org/"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: JSON Schema keywords for a string format beyond its pattern.
KEYWORDS: dict[str, dict[str, Any]] = {
    "url": {"format": "uri"},
    "version": {"const": SCHEMA_VERSION},
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document ``Article.to_dict()`` gives."""
    definitions = {info.name: _record_schema(info) for info in RECORDS.values()}
    root = definitions.pop(Article.__name__)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "Secure Communities article, schema version " + SCHEMA_VERSION,
        **root,
        "$defs": definitions,
    }


def render(article: Article) -> str:
    """The schema's file (the same for every article)."""
    return json_text(json_schema())


def _record_schema(info: RecordInfo) -> dict[str, Any]:
    properties = {f.name: {"description": f.doc, **field_schema(f)} for f in info.fields}
    return {
        "description": info.doc,
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def field_schema(field: FieldInfo) -> dict[str, Any]:
    """The schema of one field's value, as the decoder reads it."""
    schema: dict[str, Any]
    if field.is_record:
        schema = {"$ref": f"#/$defs/{RECORDS[field.base].name}"}
    elif field.base is datetime.date:
        schema = {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN.pattern}$"}
    else:
        schema = {"type": JSON_TYPES[field.base]}
        if field.values:
            schema["enum"] = list(field.values)
        schema.update(KEYWORDS.get(field.format, {}))
        if field.pattern is not None:
            schema["pattern"] = f"^{field.pattern.pattern}$"
    if field.many:
        schema = {"type": "array", "items": schema}
    if field.optional:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema
