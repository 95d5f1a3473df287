"""The tables as CSV files with a Frictionless ``datapackage.json`` describing them.

The descriptor declares every column's type and documentation, required columns and
allowed values, each table's primary key and every foreign key, all from the table
shapes in ``_tables`` (and so from the model).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from ._model import Article
    from ._tables import Column, ForeignKey, Table

DESCRIPTOR = "datapackage.json"


def write_datapackage(
    article: Article, directory: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write the tables as CSV files plus ``datapackage.json`` into a new folder, atomically.

    An existing ``directory`` is refused (:class:`FileExistsError`); with ``overwrite``,
    it is replaced only if it holds exactly an unchanged datapackage export written here.
    """
    from ._export import write_folder

    return write_folder(
        directory,
        lambda folder: fill_datapackage(article, folder),
        kind="datapackage",
        overwrite=overwrite,
    )


def write_csv(
    article: Article, directory: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write the tables as CSV files (one per table, with a header row) into a new folder.

    Cells are written exactly, even one a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``).  ``overwrite`` replaces only an unchanged csv export written here.
    """
    from ._export import write_folder

    return write_folder(
        directory, lambda folder: fill_csv(article, folder), kind="csv", overwrite=overwrite
    )


def fill_csv(article: Article, folder: Path) -> None:
    """Write one CSV file per table into an existing folder."""
    from ._tables import table_rows, table_specs

    for table in table_specs():
        with open(folder / f"{table.name}.csv", "w", encoding="utf-8", newline="") as handle:
            write_table_csv(table, table_rows(table, article), handle)


def fill_datapackage(article: Article, folder: Path) -> None:
    """Write the CSV files and their descriptor into an existing folder."""
    import json

    fill_csv(article, folder)
    text = json.dumps(descriptor(article), ensure_ascii=False, indent=2) + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8")


def write_table_csv(table: Table, rows: tuple[dict[str, Any], ...], handle: Any) -> None:
    """CSV with a header row: empty for missing, ``true``/``false`` for booleans."""
    import csv

    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for row in rows:
        writer.writerow([_cell(row[column.name]) for column in table.columns])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def descriptor(article: Article) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the tables."""
    from ._tables import table_specs
    from ._version import __version__

    return {
        "name": "secure-communities-article",
        "title": f"{article.headline} ({article.publisher.name}, {article.published.isoformat()})",
        "description": (
            "One news article as annotated data: its text and annotation layers as tables "
            "whose keys join. " + article.metadata.rights
        ),
        "version": __version__,
        "sources": [{"title": article.publisher.name, "path": article.url}],
        "resources": [_resource(table) for table in table_specs()],
    }


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in table.columns],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [_foreign_key(table, key) for key in table.foreign_keys]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _foreign_key(table: Table, key: ForeignKey) -> dict[str, Any]:
    columns, referenced = list(key.columns), list(key.referenced)
    if any(not table.column(name).required for name in columns):
        # Frictionless checks a key with an empty part (SQL skips it), so an optional
        # reference is declared without the article id, the same in every row of a package.
        columns, referenced = columns[1:], referenced[1:]
    return {
        "fields": columns,
        # Frictionless names the table's own resource with an empty string.
        "reference": {
            "resource": "" if key.table == table.name else key.table,
            "fields": referenced,
        },
    }


def _field(column: Column) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    field: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "description": column.description,
    }
    if column.format == "url":
        field["format"] = "uri"
    if column.type == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    if constraints:
        field["constraints"] = constraints
    return field
