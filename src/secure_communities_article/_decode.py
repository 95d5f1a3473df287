"""Plain JSON data -> records, read off the model's descriptions: the one decoder.

``decode_document`` reports every bad key, type, value and format by its JSON path and
keeps going: a collection comes back with :data:`INVALID` in place of each bad record, so
the validator's later stages check the rest.  ``_article.encode`` is the way back.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from typing import Any

from ._article import Article
from ._describe import RECORDS, FieldInfo
from ._errors import DataError, Problem, json_type, render, shown
from ._values import DAY
from ._version import SCHEMA_VERSION

#: A date exactly as YYYY-MM-DD (``date.fromisoformat`` accepts more on Python 3.11+).
DATE_PATTERN = re.compile(DAY)
#: A lone surrogate: the one code point a Python string holds that UTF-8 cannot encode.
SURROGATE = re.compile("[\ud800-\udfff]")


class Invalid:
    """Stands for a value that did not decode; its problems are already recorded."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()

#: A decoder takes a value, where it sits (its parent's path and its key or position, so
#: that a path is built only for a problem) and the list problems are appended to.
Decoder = Callable[[Any, Any, Any, list[Problem]], Any]
#: A record class's fields in order, each with its decoder.
FieldDecoders = tuple[tuple[str, Decoder], ...]


def _string(field: FieldInfo, optional: bool) -> Decoder:
    expected, pattern = field.expected, field.pattern
    values = frozenset(field.values)
    allowed = ", ".join(repr(v) for v in field.values)

    def decode(value: Any, parent: Any, key: Any, problems: list[Problem]) -> Any:
        if type(value) is not str:
            if value is None and optional:
                return None
            message = f"expected a string, found {json_type(value)}"
        elif not value.isascii() and SURROGATE.search(value):
            message = "not encodable as UTF-8 (a lone surrogate)"
        elif values and value not in values:
            message = f"expected one of {allowed}, found {shown(value)}"
        elif pattern is not None and pattern.fullmatch(value) is None:
            message = f"expected {expected}, found {shown(value)}"
        else:
            return value
        problems.append((render((parent, key)), message))
        return INVALID

    return decode


def _exactly(kind: type, expected: str) -> Callable[[FieldInfo, bool], Decoder]:
    """The decoder factory for values of exactly one JSON type (a bool is no integer)."""

    def factory(field: FieldInfo, optional: bool) -> Decoder:
        def decode(value: Any, parent: Any, key: Any, problems: list[Problem]) -> Any:
            if type(value) is kind or (value is None and optional):
                return value
            message = f"expected {expected}, found {json_type(value)}"
            problems.append((render((parent, key)), message))
            return INVALID

        return decode

    return factory


def _number(field: FieldInfo, optional: bool) -> Decoder:
    def decode(value: Any, parent: Any, key: Any, problems: list[Problem]) -> Any:
        kind = type(value)
        if kind is float and math.isfinite(value):
            return value
        if kind is int:
            try:
                return float(value)
            except OverflowError:
                message = f"number too large: {shown(value)}"
        elif value is None and optional:
            return None
        elif kind is float:
            message = f"expected a finite number, found {value!r}"
        else:
            message = f"expected a number, found {json_type(value)}"
        problems.append((render((parent, key)), message))
        return INVALID

    return decode


def _date(field: FieldInfo, optional: bool) -> Decoder:
    def decode(value: Any, parent: Any, key: Any, problems: list[Problem]) -> Any:
        if type(value) is str and DATE_PATTERN.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        elif value is None and optional:
            return None
        message = f"expected a date YYYY-MM-DD, found {shown(value)}"
        problems.append((render((parent, key)), message))
        return INVALID

    return decode


def _record(cls: type) -> Decoder:
    """The decoder of a record class: an object with exactly the class's fields."""
    name = RECORDS[cls].name

    def decode(value: Any, parent: Any, key: Any, problems: list[Problem]) -> Any:
        if type(value) is not dict:
            message = f"expected an object ({name}), found {json_type(value)}"
            problems.append((render((parent, key)), message))
            return INVALID
        before = len(problems)
        fields = _fields(cls, value, (parent, key), problems)
        return INVALID if len(problems) > before else cls(*fields)

    return decode


def _fields(cls: type, value: dict[Any, Any], here: Any, problems: list[Problem]) -> list[Any]:
    """The values of an object's fields of ``cls``, in order (INVALID where missing or bad)."""
    plan = _PLANS[cls]  # looked up when called: record decoders refer to each other
    if value.keys() != _NAMES[cls]:
        names, name = [field for field, _ in plan], RECORDS[cls].name
        for key in value:
            if key not in names:
                where = render((here, key)) if isinstance(key, str) else render(here)
                problems.append((where, f"unknown field for {name} (it has {', '.join(names)})"))
        for field in names:
            if field not in value:
                problems.append((render((here, field)), f"missing field of {name}"))
    return [
        decode(value[field], here, field, problems) if field in value else INVALID
        for field, decode in plan
    ]


def _decoder(field: FieldInfo) -> Decoder:
    """The decoder of one field, from its description."""
    if field.is_record:
        item = _RECORDS[field.base]
    else:
        # A scalar decoder takes None itself where its field is optional (one call less).
        item = _SCALARS[field.base](field, field.optional and not field.many)
    if field.many:
        item = _many(item)
    if field.optional and (field.many or field.is_record):
        item = _optional(item)
    return item


def _many(item: Decoder) -> Decoder:
    def decode(value: Any, parent: Any, key: Any, problems: list[Problem]) -> Any:
        if type(value) is not list:
            problems.append((render((parent, key)), f"expected an array, found {json_type(value)}"))
            return INVALID
        # A bad item is INVALID in the tuple (a record holding it is INVALID itself), so
        # that an Article's collections keep the records that did decode.
        here = (parent, key)
        return tuple([item(v, here, i, problems) for i, v in enumerate(value)])

    return decode


def _optional(item: Decoder) -> Decoder:
    def decode(value: Any, parent: Any, key: Any, problems: list[Problem]) -> Any:
        return None if value is None else item(value, parent, key, problems)

    return decode


_SCALARS: dict[type, Callable[[FieldInfo, bool], Decoder]] = {
    str: _string,
    int: _exactly(int, "an integer"),
    float: _number,
    bool: _exactly(bool, "true or false"),
    datetime.date: _date,
}
_RECORDS: dict[type, Decoder] = {cls: _record(cls) for cls in RECORDS}
_NAMES: dict[type, frozenset[str]] = {cls: frozenset(info.names) for cls, info in RECORDS.items()}
_PLANS: dict[type, FieldDecoders] = {
    cls: tuple((f.name, _decoder(f)) for f in info.fields) for cls, info in RECORDS.items()
}


def decode_document(data: Any, problems: list[Problem]) -> dict[str, Any] | None:
    """An Article's fields, every problem appended; None if it is not of this schema version."""
    if type(data) is not dict:
        problems.append(("$", f"expected a JSON object (an Article), found {json_type(data)}"))
        return None
    version = data.get("schema_version")
    if version != SCHEMA_VERSION or type(version) is not str:
        found = "none" if "schema_version" not in data else shown(version)
        message = f"this package reads schema version {SCHEMA_VERSION!r}, the document has "
        problems.append(("$.schema_version", message + found))
        return None
    return dict(zip(RECORDS[Article].names, _fields(Article, data, "$", problems), strict=True))


def decode(cls: type, data: Any) -> Any:
    """A record of ``cls`` from plain data, or DataError naming every problem (no source checks)."""
    problems: list[Problem] = []
    record = _RECORDS[cls](data, "$", None, problems)
    if problems:
        raise DataError(problems)
    return record
