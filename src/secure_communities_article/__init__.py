"""The Washington Post's "ICE reforms Secure Communities program" (2011-06-17) as data.

``load()`` gives the article: its verbatim text and every annotation layer, as typed,
immutable records anchored to exact character spans.  Importing reads no file; the
data is read, validated and indexed on the first ``load()`` and kept.  The exports are
derived from the same model and imported on first use (PEP 562), so that loading the
article never pays for them; the command-line tool is ``python -m secure_communities_article``.
``score()`` runs an extractor's predictions against the annotations.
"""

from typing import TYPE_CHECKING, Any

from ._errors import MAX_REPORTED_PROBLEMS, DataError, NotFoundError
from ._load import MAX_FILE_BYTES, from_dict, from_json, load, validate
from ._model import (
    Article,
    Entity,
    Event,
    Mention,
    Metadata,
    Organization,
    Paragraph,
    Participant,
    Person,
    Place,
    Program,
    Provenance,
    Quantity,
    Quote,
    Reform,
    ReportedSpeech,
    Segment,
    Span,
    Stance,
    TimeExpression,
)
from ._version import SCHEMA_VERSION, __version__

if TYPE_CHECKING:
    from ._brat import write_brat
    from ._contexts import document_loader
    from ._croissant import write_croissant
    from ._datapackage import write_csv, write_datapackage
    from ._html import to_html
    from ._jsonld import to_jsonld
    from ._pandas import to_pandas
    from ._parquet import write_parquet
    from ._schema import json_schema
    from ._layers import LAYERS
    from ._score import Comparison, Score, compare, gold_predictions, score
    from ._spacy import to_docbin, to_spacy
    from ._sqlite import write_sqlite
    from ._tables import tables
    from ._web_annotation import to_web_annotation

#: Public names defined in modules imported on first use: name -> module.
_LAZY = {
    "Comparison": "._score",
    "LAYERS": "._layers",
    "Score": "._score",
    "compare": "._score",
    "gold_predictions": "._score",
    "document_loader": "._contexts",
    "json_schema": "._schema",
    "score": "._score",
    "tables": "._tables",
    "to_html": "._html",
    "to_jsonld": "._jsonld",
    "to_docbin": "._spacy",
    "to_pandas": "._pandas",
    "to_spacy": "._spacy",
    "to_web_annotation": "._web_annotation",
    "write_brat": "._brat",
    "write_croissant": "._croissant",
    "write_csv": "._datapackage",
    "write_datapackage": "._datapackage",
    "write_parquet": "._parquet",
    "write_sqlite": "._sqlite",
}


def __getattr__(name: str) -> Any:
    """Import an export's module on first use of its public name (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module, __name__), name)


def __dir__() -> list[str]:
    """The public names, the lazy ones included."""
    return sorted(__all__)


__all__ = [
    "LAYERS",
    "MAX_FILE_BYTES",
    "MAX_REPORTED_PROBLEMS",
    "SCHEMA_VERSION",
    "Article",
    "Comparison",
    "DataError",
    "Entity",
    "Event",
    "Mention",
    "Metadata",
    "NotFoundError",
    "Organization",
    "Paragraph",
    "Participant",
    "Person",
    "Place",
    "Program",
    "Provenance",
    "Quantity",
    "Quote",
    "Reform",
    "ReportedSpeech",
    "Score",
    "Segment",
    "Span",
    "Stance",
    "TimeExpression",
    "__version__",
    "compare",
    "document_loader",
    "from_dict",
    "from_json",
    "gold_predictions",
    "json_schema",
    "load",
    "score",
    "tables",
    "to_docbin",
    "to_html",
    "to_jsonld",
    "to_pandas",
    "to_spacy",
    "to_web_annotation",
    "validate",
    "write_brat",
    "write_croissant",
    "write_csv",
    "write_datapackage",
    "write_parquet",
    "write_sqlite",
]
