"""The tables as Parquet files (the optional ``parquet`` extra: pyarrow), typed as declared.

Columns are nullable only where the model allows a gap, so every reader gets FIPS ``06``
as a string, with no guessing; descriptions and keys are in the Parquet metadata.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import attrs

from .._article import Article
from . import need
from .croissant import write_description
from .tables import COLUMN_TYPES, Table, table_rows, table_specs

SIGNATURE = rb"\APAR1|\"encodingFormat\": \"application/x-parquet\""


def fill(article: Article, folder: Path) -> None:
    """Write the Parquet files and their Croissant description into an existing folder."""
    parquet = need("pyarrow.parquet", "parquet")
    for table in table_specs():
        parquet.write_table(arrow_table(table, article), folder / f"{table.name}.parquet")
    write_description(article, folder, "parquet")


def arrow_table(table: Table, article: Article) -> Any:
    """A table's rows as a ``pyarrow.Table``: typed, nullable only where allowed, documented."""
    pyarrow = need("pyarrow", "parquet")
    fields = [
        pyarrow.field(
            column.name,
            pyarrow.type_for_alias(COLUMN_TYPES[column.type].arrow),
            nullable=not column.required,
            metadata={"description": column.description},
        )
        for column in table.columns
    ]
    keys = [attrs.asdict(key) for key in table.foreign_keys]  # its tuples as lists
    metadata = {
        "table": table.name,
        "description": table.description,
        "primary_key": json.dumps(list(table.primary_key)),
        "foreign_keys": json.dumps(keys),
    }
    rows, columns = table_rows(table, article), {}
    for column in table.columns:
        values = [row[column.name] for row in rows]
        if column.type == "date":
            values = [None if v is None else datetime.date.fromisoformat(v) for v in values]
        columns[column.name] = values
    return pyarrow.Table.from_pydict(columns, schema=pyarrow.schema(fields, metadata=metadata))
