"""Each record class described once: its fields' types, allowed values, docs, spans, references.

The one reader of the model's annotations: the rest of the package reads these immutable
``NamedTuple``s, built on import (no lazy state to guard)."""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

import attrs

from . import _model as model
from ._article import RECORD_TYPES, Article
from ._model import Span
from ._values import FORMATS

#: JSON Schema's name for each scalar type (a date is a string with a pattern).
JSON_TYPES: dict[type, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    datetime.date: "string",
}


class FieldInfo(NamedTuple):
    """One field of a record class, described."""

    name: str  #: the field's name, also its JSON key
    doc: str  #: what the field holds, in a sentence
    base: type  #: str, int, float, bool, datetime.date or a record class
    values: tuple[str, ...]  #: the allowed values of a ``Literal`` string, else ()
    optional: bool  #: None (JSON null) is allowed
    many: bool  #: a tuple (JSON array) of ``base`` values
    ref: tuple[str, ...]  #: the Article collections an id in this field names, else ()
    format: str  #: a key of ``_values.FORMATS``, "version" or ""
    anchor: bool  #: the span that fixes the record's place in text order
    expected: str  #: what a value of its string format is, for messages and docs, else ""
    pattern: re.Pattern[str] | None  #: the expression a value matches in full (ids too)

    @property
    def is_record(self) -> bool:
        """True if the field holds records (of ``base``)."""
        return attrs.has(self.base)

    @property
    def is_span(self) -> bool:
        """True if the field holds spans of the source text."""
        return self.base is Span


class RecordInfo(NamedTuple):
    """One record class, described: its fields in order."""

    cls: type
    name: str  #: the class name
    doc: str  #: the first line of its docstring
    fields: tuple[FieldInfo, ...]

    @property
    def anchor(self) -> FieldInfo | None:
        """The span field that orders records of this class in the text, if any."""
        return next((f for f in self.fields if f.anchor), None)

    @property
    def names(self) -> tuple[str, ...]:
        """The field names, in order."""
        return tuple(f.name for f in self.fields)


def _field_info(field: attrs.Attribute[Any], owner: str) -> FieldInfo:
    annotation: Any = field.type
    where = f"{owner}.{field.name}"
    optional = many = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"{where}: only X | None unions are supported")
        annotation, optional = options[0], True
    if typing.get_origin(annotation) is tuple:
        annotation, ellipsis = typing.get_args(annotation)
        if ellipsis is not Ellipsis:
            raise TypeError(f"{where}: only tuple[X, ...] is supported")
        many = True
    values: tuple[str, ...] = ()
    if typing.get_origin(annotation) is Literal:
        values, annotation = typing.get_args(annotation), str
    if annotation not in JSON_TYPES and not attrs.has(annotation):
        raise TypeError(f"{where}: unsupported type {annotation!r}")
    metadata = field.metadata
    if not str(metadata.get("doc", "")).strip():
        raise TypeError(f"{where}: every field of the model needs a doc")
    name = "id" if metadata.get("ref") else metadata.get("format", "")
    expected, pattern = FORMATS.get(name, ("", ""))
    return FieldInfo(
        name=field.name,
        doc=metadata["doc"],
        base=annotation,
        values=values,
        optional=optional,
        many=many,
        ref=metadata.get("ref", ()),
        format=metadata.get("format", ""),
        anchor=metadata.get("anchor", False),
        expected=expected,
        pattern=re.compile(pattern) if pattern else None,
    )


def describe_class(cls: type) -> RecordInfo:
    """The description of a record class (for the model's classes, read ``RECORDS``)."""
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    fields = tuple(_field_info(f, cls.__name__) for f in attrs.fields(cls) if f.init)
    return RecordInfo(cls=cls, name=cls.__name__, doc=" ".join(doc.split()), fields=fields)


#: Every record class's description, in the order the schema and the docs list them.
RECORDS: dict[type, RecordInfo] = {cls: describe_class(cls) for cls in RECORD_TYPES}
#: The Article's fields by name: its collections, source and metadata.
ARTICLE_FIELDS: dict[str, FieldInfo] = {f.name: f for f in RECORDS[Article].fields}
#: The Article's collections of records that carry ids, in document order.
COLLECTIONS: tuple[FieldInfo, ...] = tuple(ARTICLE_FIELDS[name] for name in model.COLLECTIONS)


def describe(cls: type) -> RecordInfo:
    """The description of a record class."""
    return RECORDS[cls]


#: For one record class, the fields that lead to wanted values: (field, True) for a field
#: that holds them, (field, False) for a record field with some inside.
Plan = tuple[tuple[FieldInfo, bool], ...]


def _plans(wanted: Callable[[FieldInfo], bool]) -> dict[type, Plan]:
    plans: dict[type, Plan] = {}

    def plan(cls: type) -> Plan:
        if cls not in plans:
            plans[cls] = tuple(
                (f, wanted(f))
                for f in RECORDS[cls].fields
                if wanted(f) or (f.is_record and plan(f.base))
            )
        return plans[cls]

    for cls in RECORDS:
        plan(cls)
    return plans


#: How to reach every span, and every id that refers to another record, in each class.
SPAN_PLANS = _plans(lambda field: field.is_span)
REFERENCE_PLANS = _plans(lambda field: bool(field.ref))


def gather(
    value: Any, plans: dict[type, Plan], here: Any, found: list[tuple[Any, FieldInfo, Any]]
) -> None:
    """Append ``(path, field, value)`` for each wanted value inside a record; a path is nested,
    ``(parent path, key or position)``, and becomes text only for a problem (``render``)."""
    for field, holds in plans[type(value)]:
        inner = getattr(value, field.name)
        if inner is None:
            continue
        at = (here, field.name)
        if holds:
            if field.many:
                found.extend([((at, i), field, item) for i, item in enumerate(inner)])
            else:
                found.append((at, field, inner))
        elif field.many:
            for i, item in enumerate(inner):
                gather(item, plans, (at, i), found)
        else:
            gather(inner, plans, at, found)
