"""The tables as Parquet files (the optional ``parquet`` extra: pyarrow), typed as declared.

Each column has the Arrow type of its Table Schema type (string, int64, double, bool,
date32) and is nullable only where the model allows a gap, so every reader gets the
FIPS code ``06`` as a string and a paragraph index as an integer, with no guessing.
Each field carries its description, and each file its table's description and keys, in
the Parquet metadata.  A ``croissant.json`` describing the files is written beside them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from ._model import Article
    from ._tables import Table

INSTALL_HINT = 'pip install "secure-communities-article[parquet]"'
SUFFIX = ".parquet"
MEDIA_TYPE = "application/x-parquet"  # the type Croissant and dataset hubs use


def write_parquet(
    article: Article, directory: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write every table as a Parquet file, with a ``croissant.json``, into a new folder.

    Needs pyarrow: raises :class:`ModuleNotFoundError` saying what to install without it.
    An existing ``directory`` is refused (:class:`FileExistsError`); with ``overwrite``,
    it is replaced only if it holds exactly an unchanged parquet export written here.
    """
    from ._export import write_folder

    _pyarrow()  # fail before anything is written
    return write_folder(
        directory, lambda folder: fill_parquet(article, folder), kind="parquet", overwrite=overwrite
    )


def fill_parquet(article: Article, folder: Path) -> None:
    """Write the Parquet files and their Croissant description into an existing folder."""
    from ._croissant import write_description

    fill_parquet_tables(article, folder)
    write_description(article, folder, "parquet")


def fill_parquet_tables(article: Article, folder: Path) -> None:
    """Write one Parquet file per table into an existing folder."""
    _pyarrow()  # a missing extra: say what to install
    import pyarrow.parquet

    from ._tables import table_rows, table_specs

    for table in table_specs():
        pyarrow.parquet.write_table(
            arrow_table(table, table_rows(table, article)), folder / f"{table.name}{SUFFIX}"
        )


def arrow_schema(table: Table) -> Any:
    """The Arrow schema of a table: typed, nullable only where allowed, documented."""
    import json

    pyarrow = _pyarrow()
    types = {
        "string": pyarrow.string(),
        "integer": pyarrow.int64(),
        "number": pyarrow.float64(),
        "boolean": pyarrow.bool_(),
        "date": pyarrow.date32(),
    }
    fields = [
        pyarrow.field(
            column.name,
            types[column.type],
            nullable=not column.required,
            metadata={"description": column.description},
        )
        for column in table.columns
    ]
    keys = [
        {"columns": list(k.columns), "table": k.table, "referenced": list(k.referenced)}
        for k in table.foreign_keys
    ]
    metadata = {
        "table": table.name,
        "description": table.description,
        "primary_key": json.dumps(list(table.primary_key)),
        "foreign_keys": json.dumps(keys),
    }
    return pyarrow.schema(fields, metadata=metadata)


def arrow_table(table: Table, rows: tuple[dict[str, Any], ...]) -> Any:
    """The rows of a table as a ``pyarrow.Table`` of its schema (dates as dates)."""
    import datetime

    pyarrow = _pyarrow()
    schema = arrow_schema(table)
    columns = {}
    for column in table.columns:
        values = [row[column.name] for row in rows]
        if column.type == "date":
            values = [None if v is None else datetime.date.fromisoformat(v) for v in values]
        columns[column.name] = values
    return pyarrow.Table.from_pydict(columns, schema=schema)


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as error:
        raise ModuleNotFoundError(
            f"Parquet needs pyarrow, an optional extra: {INSTALL_HINT}", name="pyarrow"
        ) from error
    return pyarrow
