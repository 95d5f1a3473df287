"""The registry of formats: one row per format, read by the package's API, the CLI and the docs.

Each format is one module in this package, imported on first use.  A one-file format's
module defines ``render(article) -> str | bytes``; a folder format's defines
``fill(article, folder)``, which writes into a new, empty folder; a format whose files
the scorer reads as predictions also defines ``read(data, name, source)``; and each
module's ``SIGNATURE``, a pattern of its files' first bytes, lets ``validate`` name them.
Adding a format is one module and one row of :data:`FORMATS`.
"""

from __future__ import annotations

import json
import os
import re
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from .._atomic import write_file, write_folder

if TYPE_CHECKING:
    from .._article import Article


@attrs.frozen
class Format:
    """A format: its name, its module, what it is, and what it needs."""

    name: str  #: the CLI's ``--format``; ``write_<name>`` (dashes as underscores) writes it
    module: str  #: its module in this package
    what: str  #: a help line: what the file or folder is
    folder: bool = False  #: written as a folder (else one file)
    extra: str | None = None  #: the pip extra it needs
    api: tuple[str, ...] = ()  #: the public functions its module offers
    reads: tuple[str, ...] = ()  #: the prediction-file suffixes its ``read`` parses
    written: bool = True  #: ``export`` writes it (the tables and DataFrames live in memory)

    @property
    def writer(self) -> str:
        """The name of the package's function that writes it."""
        return "write_" + self.name.replace("-", "_")


FORMATS: tuple[Format, ...] = (
    Format("json", "document", "the canonical JSON document"),
    Format("jsonld", "jsonld", "schema.org NewsArticle JSON-LD", api=("to_jsonld",)),
    Format("json-schema", "json_schema", "the document's JSON Schema", api=("json_schema",)),
    Format("html", "html", "the annotated page", api=("to_html",)),
    Format(
        "web-annotation",
        "web_annotation",
        "W3C Web Annotations (JSON-LD)",
        api=("to_web_annotation",),
    ),
    Format(
        "spacy",
        "spacy",
        "a spaCy DocBin",
        extra="spacy",
        api=("to_spacy", "to_docbin"),
        reads=(".spacy",),
    ),
    Format("sqlite", "sqlite", "one SQLite database"),
    Format("csv", "csv", "a folder of CSV tables", folder=True),
    Format(
        "datapackage",
        "datapackage",
        "the CSV tables with a Frictionless datapackage.json",
        folder=True,
    ),
    Format("brat", "brat", "a brat standoff folder", folder=True, reads=(".ann",)),
    Format("conllu", "conllu", "CoNLL-U with CorefUD entities", reads=(".conllu",)),
    Format("iob2", "iob2", "IOB2 name tags in the CoNLL-2003 layout", reads=(".iob2", ".bio")),
    Format("xmi", "xmi", "a UIMA CAS XMI folder for INCEpTION", folder=True, extra="inception"),
    Format("croissant", "croissant", "the CSV tables with a Croissant croissant.json", folder=True),
    Format(
        "parquet",
        "parquet",
        "the tables as Parquet files with a croissant.json",
        folder=True,
        extra="parquet",
    ),
    Format("tables", "tables", "the tables as rows", api=("tables",), written=False),
    Format(
        "pandas",
        "pandas",
        "the tables as pandas DataFrames",
        extra="pandas",
        api=("to_pandas",),
        written=False,
    ),
)
BY_NAME = {f.name: f for f in FORMATS}
WRITTEN = tuple(f for f in FORMATS if f.written)
#: Public name -> the format whose module defines it.
API = {name: f for f in FORMATS for name in f.api}
WRITERS = {f.writer: f for f in WRITTEN}


def module(format: Format) -> ModuleType:
    """The format's module, imported on first use."""
    return import_module(f".{format.module}", __name__)


def recognise(data: bytes) -> Format | None:
    """The format whose export ``data`` is (or belongs to), by each module's ``SIGNATURE``."""
    head = data[:65536]
    if found := re.match(rb'\{\s*"format": "([\w-]+)",\s*"written_by": "secure-com', head):
        return BY_NAME.get(found[1].decode())  # a folder export's manifest
    return next(
        (f for f in FORMATS if re.search(getattr(module(f), "SIGNATURE", b"(?!)"), head)), None
    )


def need(name: str, extra: str) -> Any:
    """An optional extra's module, or ModuleNotFoundError saying how to install it."""
    try:
        return import_module(name)
    except ImportError as error:
        raise ModuleNotFoundError(
            f'{name} is not installed: pip install "secure-communities-article[{extra}]"',
            name=name,
        ) from error


def content(article: Article, format: Format) -> bytes:
    """A one-file format's bytes (text as UTF-8)."""
    data = module(format).render(article)
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def write(
    article: Article, format: Format, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write ``article`` in ``format`` to ``path``, atomically (see ``_atomic``)."""
    if format.folder:
        fill = module(format).fill
        return write_folder(
            path, lambda folder: fill(article, folder), kind=format.name, overwrite=overwrite
        )
    return write_file(path, content(article, format), overwrite=overwrite)


class Writer(Protocol):
    """The signature of every ``write_<name>`` function."""

    def __call__(
        self, article: Article, path: str | os.PathLike[str], *, overwrite: bool = False
    ) -> Path: ...


def writer(format: Format) -> Writer:
    """The package's ``write_<name>(article, path, *, overwrite=False)`` for a format."""

    def write_format(
        article: Article, path: str | os.PathLike[str], *, overwrite: bool = False
    ) -> Path:
        return write(article, format, path, overwrite=overwrite)

    write_format.__name__ = write_format.__qualname__ = format.writer
    write_format.__doc__ = (
        f"Write {format.what} to a new {'folder' if format.folder else 'file'}, atomically. "
        "An existing target is refused (FileExistsError); ``overwrite`` replaces only "
        + ("an unchanged export of this format." if format.folder else "a regular file.")
    )
    return write_format


def json_text(value: Any) -> str:
    """JSON as every JSON format writes it: UTF-8 text, indented, one final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
