"""The JSON Schema of the canonical document, generated from the model's annotations.

Each record class becomes a ``$defs`` entry whose properties are its fields, in order,
with the field's documentation as ``description``; nothing here names a field by hand,
so the schema cannot drift from the model.  The schema checks structure and allowed
values; what it cannot express (spans matching the source, references resolving, the
checksum) is checked by the loader.
"""

from __future__ import annotations

from typing import Any

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document ``Article.to_dict()`` gives."""
    from ._model import RECORD_TYPES, Article
    from ._version import SCHEMA_VERSION

    definitions = {cls.__name__: _record_schema(cls) for cls in RECORD_TYPES}
    root = definitions.pop(Article.__name__)
    root["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "Secure Communities article, schema version " + SCHEMA_VERSION,
        **root,
        "$defs": definitions,
    }


def _record_schema(cls: type) -> dict[str, Any]:
    import attrs

    from ._codec import field_types

    annotations = field_types(cls)
    properties: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.init:
            properties[field.name] = {
                "description": field.metadata["doc"],
                **_type_schema(annotations[field.name]),
            }
    return {
        "description": _first_paragraph(cls.__doc__ or cls.__name__),
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _type_schema(annotation: Any) -> dict[str, Any]:
    """The schema of one annotation, following the codec's reading of it."""
    import datetime
    import types
    import typing

    import attrs

    origin = typing.get_origin(annotation)
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if annotation in simple:
        return {"type": simple[annotation]}
    if annotation is datetime.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if origin is typing.Literal:
        return {"type": "string", "enum": list(typing.get_args(annotation))}
    if origin in (typing.Union, types.UnionType):
        (inner,) = (a for a in typing.get_args(annotation) if a is not type(None))
        return {"anyOf": [_type_schema(inner), {"type": "null"}]}
    if origin is tuple:
        item, _ = typing.get_args(annotation)
        return {"type": "array", "items": _type_schema(item)}
    if isinstance(annotation, type) and attrs.has(annotation):
        return {"$ref": f"#/$defs/{annotation.__name__}"}
    raise TypeError(f"no JSON Schema for {annotation!r}")


def _first_paragraph(docstring: str) -> str:
    return " ".join(docstring.strip().split("\n\n")[0].split())
