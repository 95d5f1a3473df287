"""The tables as CSV files with a header row, every cell exact (a leading ``=`` kept too)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .._article import Article
from .tables import Table, table_rows, table_specs

SIGNATURE = rb"\A[a-z][a-z0-9_]*(?:,[a-z][a-z0-9_]*)+\r?\n"


def fill(article: Article, folder: Path) -> None:
    """Write one CSV file per table into an existing folder."""
    for table in table_specs():
        with open(folder / f"{table.name}.csv", "w", encoding="utf-8", newline="") as handle:
            write_table_csv(table, table_rows(table, article), handle)


def write_table_csv(table: Table, rows: tuple[dict[str, Any], ...], handle: Any) -> None:
    """CSV with a header row: empty for missing, ``true``/``false`` for booleans."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    writer.writerows([_cell(row[column.name]) for column in table.columns] for row in rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # a float in full: its str is its repr
