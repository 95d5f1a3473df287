"""The tables as pandas DataFrames (the optional ``pandas`` extra), typed per column."""

from __future__ import annotations

from typing import Any

from .._article import Article
from . import need
from .tables import COLUMN_TYPES, table_rows, table_specs, view_specs


def to_pandas(article: Article) -> dict[str, Any]:
    """Every table, and the view ``quotes_with_speakers``, as DataFrames: dates ``datetime64``."""
    pandas = need("pandas", "pandas")
    frames = {}
    for table in (*table_specs(), *view_specs()):
        names = [column.name for column in table.columns]
        frame = pandas.DataFrame.from_records(list(table_rows(table, article)), columns=names)
        for column in table.columns:
            if column.type == "date":
                frame[column.name] = pandas.to_datetime(frame[column.name], format="%Y-%m-%d")
            else:
                frame[column.name] = frame[column.name].astype(COLUMN_TYPES[column.type].pandas)
        frames[table.name] = frame
    return frames
