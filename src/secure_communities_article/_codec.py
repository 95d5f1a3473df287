"""Plain data <-> records, driven by the model's type annotations (the schema's one source).

``from_plain`` checks every key and type against the annotations, collects every
problem with its JSON path, and raises one :class:`DataError` listing them all; only a
document with no problem is turned into records.

There are two paths, both built once per type from the annotations.  The fast path
(``builder_for``) checks exactly the same rules but keeps no paths and stops at the
first problem; the reporting path (``parser_for``) runs only when the fast one refuses,
and is the authority: it names every problem, or builds the records if it finds none.
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
    if isinstance(value, (list, dict)):  # never repr a container: it may nest deeply
        return _json_type(value)
    text = repr(value) if not isinstance(value, str) else repr(value[:60])
    return text if len(text) <= 60 else text[:57] + "..."


_FIELD_TYPES: dict[type, dict[str, Any]] = {}
_RESOLVED: dict[tuple[str, str], Any] = {}


def field_types(cls: type) -> dict[str, Any]:
    """The resolved annotation of every init field of a record class."""
    found = _FIELD_TYPES.get(cls)
    if found is None:
        found = {f.name: _resolve(f.type, cls) for f in attrs.fields(cls) if f.init}
        _FIELD_TYPES[cls] = found
    return found.copy()


_BUILTIN_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "None": None}


def _evaluate(text: str, namespace: dict[str, Any]) -> Any:
    """An annotation's value; the common shapes (a name, ``X | None``, ``tuple[X, ...]``)
    are read without compiling an expression, which costs ~10 us each on first load."""
    if text.isidentifier():
        if text in namespace:
            return namespace[text]
        if text in _BUILTIN_TYPES:
            return _BUILTIN_TYPES[text]
    elif text.endswith(" | None") and text[:-7].isidentifier():
        return _evaluate(text[:-7], namespace) | None
    elif text.startswith("tuple[") and text.endswith(", ...]") and text[6:-6].isidentifier():
        return tuple[_evaluate(text[6:-6], namespace), ...]  # type: ignore[misc]
    return eval(text, namespace)


def _resolve(annotation: Any, cls: type) -> Any:
    # The model's annotations are strings (``from __future__ import annotations``);
    # evaluating each distinct one once in its module costs far less than get_type_hints.
    if not isinstance(annotation, str):
        return annotation
    key = (cls.__module__, annotation)
    resolved = _RESOLVED.get(key)
    if resolved is None:
        resolved = _RESOLVED[key] = _evaluate(annotation, vars(sys.modules[cls.__module__]))

    return resolved


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


# --- the fast path ------------------------------------------------------------------------
#
# Closures built once per type from the annotations (no code is compiled at run time:
# compiling generated source would cost more on the first load than it saves).  A record
# builder checks its dict's keys and every value's JSON type and allowed values, builds
# nested records, sets the slots and runs ``__attrs_post_init__``: what attrs' generated
# ``__init__`` does for fields with no default, validator or converter.

Builder = Callable[[Any], Any]
_BUILDERS: dict[Any, Builder] = {}
_PARTS: dict[Any, tuple[frozenset[type], Builder | None]] = {}
_NONE_TYPE = type(None)
_INFINITIES = (float("inf"), float("-inf"))


class _RefusedError(Exception):
    """The fast path met something it does not accept; the reporting path says what."""


def builder_for(annotation: Any) -> Builder:
    """The fast builder for one type annotation (cached): value in, value out or refused."""
    builder = _BUILDERS.get(annotation)
    if builder is None:
        allowed, convert = _fast_parts(annotation)
        if allowed == {dict} and convert is not None:
            builder = convert  # a record builder checks that it is given a dict
        else:
            builder = _checked(allowed, convert)
        _BUILDERS[annotation] = builder
    return builder


def _checked(allowed: frozenset[type], convert: Builder | None) -> Builder:
    def build(value: Any) -> Any:
        if type(value) not in allowed:
            raise _RefusedError
        return value if convert is None or value is None else convert(value)

    return build


def _fast_parts(annotation: Any) -> tuple[frozenset[type], Builder | None]:
    """The exact JSON types a value may have, and what turns it into the field's value."""
    parts = _PARTS.get(annotation)
    if parts is None:
        parts = _PARTS[annotation] = _make_parts(annotation)
    return parts


def _make_parts(annotation: Any) -> tuple[frozenset[type], Builder | None]:
    origin = typing.get_origin(annotation)
    if annotation in (str, bool, int):
        return frozenset((annotation,)), None
    if annotation is float:
        return frozenset((int, float)), _finite_float
    if annotation is datetime.date:
        return frozenset((str,)), _date
    if origin is Literal:
        return frozenset((str,)), _one_of(frozenset(typing.get_args(annotation)))
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not _NONE_TYPE]
        if len(options) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        allowed, convert = _fast_parts(options[0])
        return allowed | {_NONE_TYPE}, convert
    if origin is tuple:
        item_type, ellipsis = typing.get_args(annotation)
        if ellipsis is not Ellipsis:
            raise TypeError(f"unsupported tuple {annotation!r}")
        return frozenset((list,)), _tuple_of(item_type)
    if isinstance(annotation, type) and attrs.has(annotation):
        return frozenset((dict,)), _record_builder(annotation)
    raise TypeError(f"no builder for {annotation!r}")


def _finite_float(value: Any) -> float:
    if value != value or value in _INFINITIES:
        raise _RefusedError
    return float(value)


def _date(value: str) -> datetime.date:
    if len(value) != 10:
        raise _RefusedError
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _RefusedError from None


def _one_of(allowed: frozenset[Any]) -> Builder:
    def check(value: Any) -> Any:
        if value in allowed:
            return value
        raise _RefusedError

    return check


def _tuple_of(item_type: Any) -> Builder:
    allowed, convert = _fast_parts(item_type)
    if convert is None and len(allowed) == 1:
        (only,) = allowed

        def plain_items(value: list[Any]) -> tuple[Any, ...]:
            for item in value:
                if type(item) is not only:
                    raise _RefusedError
            return tuple(value)

        return plain_items
    item = builder_for(item_type)

    def built_items(value: list[Any]) -> tuple[Any, ...]:
        return tuple(map(item, value))

    return built_items


def _record_builder(cls: type) -> Builder:
    """The builder of one record type; its plan is resolved on first use (types may nest)."""
    fields = attrs.fields(cls)
    direct = all(
        f.init and f.default is attrs.NOTHING and f.validator is None and f.converter is None
        for f in fields
    ) and all(isinstance(cls.__dict__.get(f.name), types.MemberDescriptorType) for f in fields)
    post_init = getattr(cls, "__attrs_post_init__", None)
    aliases = {f.name: f.alias for f in fields}
    new = object.__new__
    plan: tuple[tuple[str, Any, frozenset[type], Builder | None], ...] = ()
    size = -1

    def build(value: Any) -> Any:
        nonlocal plan, size
        if size < 0:
            plan = tuple(
                (name, cls.__dict__[name].__set__ if direct else aliases[name], *_fast_parts(t))
                for name, t in field_types(cls).items()
            )
            size = len(plan)
        if type(value) is not dict or len(value) != size:
            raise _RefusedError
        if direct:
            record: Any = new(cls)
            for name, setter, allowed, convert in plan:
                try:
                    item = value[name]
                except KeyError:
                    raise _RefusedError from None
                if type(item) not in allowed:
                    raise _RefusedError
                setter(record, item if convert is None or item is None else convert(item))
            if post_init is not None:
                post_init(record)
            return record
        arguments = {}
        for name, alias, allowed, convert in plan:
            try:
                item = value[name]
            except KeyError:
                raise _RefusedError from None
            if type(item) not in allowed:
                raise _RefusedError
            arguments[alias] = item if convert is None or item is None else convert(item)
        return cls(**arguments)

    return build


# --- both paths ---------------------------------------------------------------------------


def from_plain(cls: type, data: Any, path: str = "$") -> Any:
    """Build a record of ``cls`` from plain JSON data, or raise DataError with every problem."""
    if type(data) is dict:
        try:
            return builder_for(cls)(data)
        except (_RefusedError, DataError):
            pass  # the reporting path below names every problem, or finds none and builds
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
