"""A Croissant (MLCommons) description of the tables, the metadata format dataset hubs read:
files with their SHA-256 at paths relative to it (the folder moves whole), typed record sets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .._article import Article
from .._load import bundled_bytes
from .._version import __version__
from . import json_text
from .csv import fill as fill_csv
from .tables import COLUMN_TYPES, Column, Table, table_specs

SIGNATURE = rb"\"@type\": \"sc:Dataset\"(?s:.*)\"encodingFormat\": \"text/csv\""
DESCRIPTION = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
#: The Croissant 1.0 JSON-LD context, as the specification gives it (a bundled file).
CONTEXT: dict[str, Any] = json.loads(bundled_bytes("croissant-context.jsonld"))["@context"]
#: File suffix and media type of each table format.
FORMATS = {"csv": (".csv", "text/csv"), "parquet": (".parquet", "application/x-parquet")}
LICENSE = "https://spdx.org/licenses/MIT.html"


def fill(article: Article, folder: Path) -> None:
    """Write the CSV files and their Croissant description into an existing folder."""
    fill_csv(article, folder)
    write_description(article, folder, "csv")


def write_description(article: Article, folder: Path, table_format: str) -> None:
    """Write ``croissant.json`` for the table files of ``table_format`` already in ``folder``."""
    text = json_text(croissant(article, folder, table_format))
    (folder / DESCRIPTION).write_text(text, encoding="utf-8")


def croissant(article: Article, folder: Path, table_format: str = "csv") -> dict[str, Any]:
    """The Croissant description of the table files in ``folder`` (their checksums read there)."""
    suffix, media_type = FORMATS[table_format]
    specs = table_specs()
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": "secure-communities-article",
        "description": (
            f"{article.headline} ({article.publisher.name}, {article.published.isoformat()}, "
            f"by {article.author.label}) as annotated data: its text and every annotation "
            "layer as tables whose keys join. " + article.metadata.rights
        ),
        "version": __version__,
        "license": LICENSE,
        "url": article.url,
        "isBasedOn": article.url,
        "datePublished": article.published.isoformat(),
        "inLanguage": article.metadata.language,
        "creator": {"@type": "sc:Organization", "name": "secure-communities-article contributors"},
        "citeAs": _cite_as(article),
        "copyrightNotice": article.metadata.rights,
        "distribution": [_file_object(folder, t.name + suffix, media_type) for t in specs],
        "recordSet": [_record_set(table, table.name + suffix) for table in specs],
    }


def _cite_as(article: Article) -> str:
    author = article.author.label
    family = author.split()[-1]
    return (
        f"@article{{{family.lower()}{article.published.year},\n"
        f"  author = {{{author}}},\n"
        f"  title = {{{article.headline}}},\n"
        f"  journal = {{{article.publisher.name}}},\n"
        f"  date = {{{article.published.isoformat()}}},\n"
        f"  url = {{{article.url}}}\n"
        "}"
    )


def _file_object(folder: Path, name: str, media_type: str) -> dict[str, Any]:
    data = (folder / name).read_bytes()
    return {
        "@type": "cr:FileObject",
        "@id": name,
        "name": name,
        "contentUrl": name,  # relative to this description: the folder travels whole
        "contentSize": f"{len(data)} B",
        "encodingFormat": media_type,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _record_set(table: Table, file_name: str) -> dict[str, Any]:
    return {
        "@type": "cr:RecordSet",
        "@id": table.name,
        "name": table.name,
        "description": table.description,
        "key": [{"@id": f"{table.name}/{name}"} for name in table.primary_key],
        "field": [_field(table, column, file_name) for column in table.columns],
    }


def _field(table: Table, column: Column, file_name: str) -> dict[str, Any]:
    field: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table.name}/{column.name}",
        "name": column.name,
        "description": column.description,
        "dataType": "sc:URL" if column.format == "url" else COLUMN_TYPES[column.type].croissant,
        "source": {"fileObject": {"@id": file_name}, "extract": {"column": column.name}},
    }
    reference = table.reference_of(column.name)
    # A reference within the same record set (a place within a place) is left out:
    # mlcroissant orders record sets by their references and would find a cycle.
    if reference is not None and reference[0] != table.name:
        field["references"] = {"field": {"@id": f"{reference[0]}/{reference[1]}"}}
    return field
