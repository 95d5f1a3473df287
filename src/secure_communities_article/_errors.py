"""The one exception for bad data (``DataError``) and the strict lookup's (``NotFoundError``).

Every message is built here from short, escaped parts: values and keys from a document
are cut and their control characters escaped, and keys that are not plain names are
quoted in JSON paths, so no input can make a message long or forge a line or a field.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from ._text import printable

#: How many problems one :class:`DataError` message spells out; the rest are counted.
MAX_REPORTED_PROBLEMS = 50
#: The most characters of a value, a key or a location a message repeats.
MAX_SHOWN = 60

#: The JSON name of each type JSON decodes to (exactly: a bool is no number here).
JSON_NAMES: dict[type, str] = {
    type(None): "null",
    bool: "boolean",
    int: "number",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}

Problem = tuple[str, str]


class DataError(ValueError):
    """Data that does not fit the schema or the source text.

    ``problems`` holds every ``(location, message)`` pair found, where a location is a
    JSON path such as ``$.quotes[3].span.end``; ``str()`` lists up to
    :data:`MAX_REPORTED_PROBLEMS` of them, one per line.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems = tuple((escape(where, 200), escape(what, 300)) for where, what in problems)
        if not self.problems:
            self.problems = (("$", "invalid data"),)
        count = len(self.problems)
        lines = [f"{where}: {what}" for where, what in self.problems[:MAX_REPORTED_PROBLEMS]]
        if count > len(lines):
            lines.append(f"... and {count - len(lines)} more problem(s)")
        super().__init__(lines[0] if count == 1 else f"{count} problems:\n" + "\n".join(lines))

    @classmethod
    def at(cls, location: str, message: str) -> DataError:
        """One problem at one location."""
        return cls(((location, message),))


class NotFoundError(KeyError):
    """A strict lookup found nothing; the message names the closest ids or names."""

    def __init__(self, wanted: str, kind: str, candidates: tuple[str, ...]) -> None:
        self.wanted = wanted
        self.suggestions = _close_matches(wanted, candidates)
        message = f"no {kind} {shown(wanted)}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def escape(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters, with control characters and lone surrogates escaped."""
    return printable(text, limit)


def shown(value: Any) -> str:
    """A short, safe rendering of any value from a document, for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if -(10**15) < value < 10**15:
            return str(value)
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        cut = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 3] + "..."
        return repr(cut)  # repr escapes control characters and lone surrogates
    return json_type(value)  # never repr a container: it may nest deeply or be huge


def json_type(value: Any) -> str:
    """The JSON name of a value's type, as messages say it; other Python types by name."""
    kind = type(value)
    return JSON_NAMES.get(kind) or "a Python " + escape(kind.__name__)


def render(path: Any) -> str:
    """A JSON path as text from its nested form: the root "$", or (parent path, key or position)."""
    steps: list[Any] = []
    while isinstance(path, tuple):
        path, step = path
        steps.append(step)
    text = str(path)
    for step in reversed(steps):
        if step is not None:  # a record decoded at the root has no key of its own
            text = f"{text}[{step}]" if type(step) is int else key_path(text, str(step))
    return text


def key_path(parent: str, key: str) -> str:
    """``parent.key`` for a plain name, else ``parent["key"]`` (quoted, cut, escaped)."""
    if key.isidentifier() and key.isascii() and len(key) <= MAX_SHOWN:
        return f"{parent}.{key}"
    cut = key if len(key) <= MAX_SHOWN else key[: MAX_SHOWN - 3] + "..."
    return f"{parent}[{json.dumps(cut)}]"


def _close_matches(wanted: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
    lowered = {c.casefold(): c for c in candidates}
    folded = wanted[:MAX_SHOWN].casefold()
    found = difflib.get_close_matches(folded, list(lowered), n=5, cutoff=0.5)
    contains = [c for key, c in lowered.items() if folded in key and c not in found]
    return tuple([lowered[f] for f in found] + contains)[:5]


# Shown as the public names in tracebacks and reprs.
DataError.__module__ = NotFoundError.__module__ = "secure_communities_article"
