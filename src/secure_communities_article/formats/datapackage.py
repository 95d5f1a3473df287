"""The tables as CSV files with a Frictionless ``datapackage.json``: types, constraints, keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._article import Article
from .._version import __version__
from . import json_text
from .csv import fill as fill_csv
from .tables import Column, ForeignKey, Table, table_specs

SIGNATURE = rb"\"profile\": \"tabular-data-resource\""
DESCRIPTOR = "datapackage.json"


def fill(article: Article, folder: Path) -> None:
    """Write the CSV files and their descriptor into an existing folder."""
    fill_csv(article, folder)
    (folder / DESCRIPTOR).write_text(json_text(descriptor(article)), encoding="utf-8")


def descriptor(article: Article) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the tables."""
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
    resource = "" if key.table == table.name else key.table  # Frictionless' name for itself
    return {"fields": columns, "reference": {"resource": resource, "fields": referenced}}


def _field(column: Column) -> dict[str, Any]:
    constraints: dict[str, Any] = {"required": True} if column.required else {}
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
