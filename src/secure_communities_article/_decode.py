"""Plain JSON data <-> records, read off the model's descriptions."""

from __future__ import annotations

import datetime
from typing import Any

from ._describe import RECORDS


def encode(value: Any) -> Any:
    """Plain JSON-ready data for a record, a tuple or a value."""
    info = RECORDS.get(type(value))
    if info is not None:
        return {f.name: encode(getattr(value, f.name)) for f in info.fields}
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
