"""Plain data <-> records, driven by the model's type annotations (the schema's one source).

``from_plain`` checks every key and type against the annotations, collects every
problem with its JSON path, and raises one :class:`DataError` listing them all; only a
document with no problem is turned into records.  A parser is compiled once per type.
"""

from __future__ import annotations

import datetime
import sys
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

import attrs

from ._errors import DataError

Problems = list[tuple[str, str]]
Parser = Callable[[Any, str, Problems], Any]


class _Invalid:
    """Marks a value that failed to parse; its problem is already recorded."""


INVALID: Any = _Invalid()
_PARSERS: dict[Any, Parser] = {}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def field_types(cls: type) -> dict[str, Any]:
    """The resolved annotation of every init field of a record class."""
    module = sys.modules[cls.__module__]
    hints = typing.get_type_hints(cls, vars(module))
    return {f.name: hints[f.name] for f in attrs.fields(cls) if f.init}


def parser_for(annotation: Any) -> Parser:
    """The compiled parser for one type annotation (cached)."""
    parser = _PARSERS.get(annotation)
    if parser is None:
        parser = _compile(annotation)
        _PARSERS[annotation] = parser
    return parser


def _compile(annotation: Any) -> Parser:
    origin = typing.get_origin(annotation)
    if annotation is str:
        return _simple(str, "a string")
    if annotation is bool:
        return _simple(bool, "true or false")
    if annotation is int:

        def parse_int(value: Any, path: str, problems: Problems) -> Any:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            problems.append((path, f"expected an integer, found {_json_type(value)}"))
            return INVALID

        return parse_int
    if annotation is float:

        def parse_float(value: Any, path: str, problems: Problems) -> Any:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if value != value or value in (float("inf"), float("-inf")):
                    problems.append((path, "expected a finite number"))
                    return INVALID
                return float(value)
            problems.append((path, f"expected a number, found {_json_type(value)}"))
            return INVALID

        return parse_float
    if annotation is datetime.date:

        def parse_date(value: Any, path: str, problems: Problems) -> Any:
            if isinstance(value, str) and len(value) == 10:
                try:
                    return datetime.date.fromisoformat(value)
                except ValueError:
                    pass
            problems.append((path, f"expected a date YYYY-MM-DD, found {_short(value)}"))
            return INVALID

        return parse_date
    if origin is Literal:
        allowed = typing.get_args(annotation)
        shown = ", ".join(repr(a) for a in allowed)

        def parse_literal(value: Any, path: str, problems: Problems) -> Any:
            if isinstance(value, str) and value in allowed:
                return value
            problems.append((path, f"expected one of {shown}, found {_short(value)}"))
            return INVALID

        return parse_literal
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        inner = parser_for(options[0])

        def parse_optional(value: Any, path: str, problems: Problems) -> Any:
            return None if value is None else inner(value, path, problems)

        return parse_optional
    if origin is tuple:
        item_type, ellipsis = typing.get_args(annotation)
        if ellipsis is not Ellipsis:
            raise TypeError(f"unsupported tuple {annotation!r}")
        item = parser_for(item_type)

        def parse_tuple(value: Any, path: str, problems: Problems) -> Any:
            if not isinstance(value, list):
                problems.append((path, f"expected an array, found {_json_type(value)}"))
                return INVALID
            items = tuple(item(v, f"{path}[{i}]", problems) for i, v in enumerate(value))
            return INVALID if any(v is INVALID for v in items) else items

        return parse_tuple
    if isinstance(annotation, type) and attrs.has(annotation):
        return _record_parser(annotation)
    raise TypeError(f"no parser for {annotation!r}")


def _simple(kind: type, expected: str) -> Parser:
    def parse(value: Any, path: str, problems: Problems) -> Any:
        if type(value) is kind:
            return value
        problems.append((path, f"expected {expected}, found {_json_type(value)}"))
        return INVALID

    return parse


def _record_parser(cls: type) -> Parser:
    fields: tuple[tuple[str, Parser], ...] | None = None
    expected = ""

    def parse_record(value: Any, path: str, problems: Problems) -> Any:
        nonlocal fields, expected
        if fields is None:  # resolved on first use, so recursive types work
            fields = tuple((name, parser_for(t)) for name, t in field_types(cls).items())
            expected = ", ".join(name for name, _ in fields)
        if not isinstance(value, dict):
            problems.append(
                (path, f"expected an object ({cls.__name__}), found {_json_type(value)}")
            )
            return INVALID
        before = len(problems)
        known = {name for name, _ in fields}
        for key in value:
            if key not in known:
                problems.append(
                    (f"{path}.{key}", f"unknown field {key!r} for {cls.__name__} ({expected})")
                )
        arguments = {}
        for name, parse in fields:
            if name in value:
                arguments[name] = parse(value[name], f"{path}.{name}", problems)
            else:
                problems.append((f"{path}.{name}", f"missing field {name!r} of {cls.__name__}"))
        if len(problems) > before:
            return INVALID
        try:
            return cls(**arguments)
        except DataError as error:
            for where, what in error.problems:
                # A record's own checks name a relative location such as "Span.end".
                if not where.startswith("$"):
                    where = path + where[len(cls.__name__) :]
                problems.append((where, what))
            return INVALID

    return parse_record


def from_plain(cls: type, data: Any, path: str = "$") -> Any:
    """Build a record of ``cls`` from plain JSON data, or raise DataError with every problem."""
    problems: Problems = []
    result = parser_for(cls)(data, path, problems)
    if problems or result is INVALID:
        raise DataError(problems)
    return result


def to_plain(value: Any) -> Any:
    """Plain JSON-ready data for a record, tuple or value."""
    if attrs.has(type(value)):
        return {
            f.name: to_plain(getattr(value, f.name)) for f in attrs.fields(type(value)) if f.init
        }
    if isinstance(value, tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
