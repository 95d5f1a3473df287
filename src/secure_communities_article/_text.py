"""How values are written for people (numbers, escaped text, tables): one copy of each."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


def number(value: float) -> str:
    """A number as people write it: ``50`` rather than ``50.0``, ``1234567.5`` in full."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def printable(text: str, limit: int | None = None) -> str:
    """``text`` (cut to ``limit`` characters), invisible characters escaped: it forges nothing."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def words(name: str) -> str:
    """A class name as lower-case words: ``ReportedSpeech`` -> ``reported speech``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def cell(value: Any) -> str:
    """A table cell: empty for null, yes or no, numbers as :func:`number`, whitespace folded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    return " ".join(str(value).split())


def aligned(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table: columns padded to their widest cell, the last left unpadded."""
    cells = [list(header)] + [[cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    cells.insert(1, ["-" * width for width in widths])
    return "\n".join(
        "  ".join(c.ljust(width) for c, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )
