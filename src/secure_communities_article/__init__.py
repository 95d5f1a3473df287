"""The Washington Post's "ICE reforms Secure Communities program" (2011-06-17) as data.

``load()`` gives the article: its verbatim text and every annotation layer, as typed,
immutable records anchored to exact character spans.  Importing reads no file; the
data is read, validated and indexed on the first ``load()`` and kept.  Each format's
functions (``to_html``, ``write_brat``...) come from its module in ``formats``, imported
on first use (PEP 562); the command-line tool is ``python -m secure_communities_article``.
``score()`` runs an extractor's predictions against the annotations.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import formats
from ._article import Article
from ._contexts import document_loader
from ._errors import MAX_REPORTED_PROBLEMS, DataError, NotFoundError
from ._load import MAX_FILE_BYTES, from_dict, from_json, load, second_annotation, validate
from ._model import (
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
    Referent,
    Reform,
    ReportedSpeech,
    Segment,
    Span,
    Stance,
    TimeExpression,
    Token,
)
from ._version import SCHEMA_VERSION, __version__

if TYPE_CHECKING:  # the lazily imported names' real types (a test holds them to the registry)
    from ._score import LAYERS, Comparison, Score, compare, gold_predictions, score
    from .formats import Writer
    from .formats.html import to_html as to_html
    from .formats.json_schema import json_schema as json_schema
    from .formats.jsonld import to_jsonld as to_jsonld
    from .formats.pandas import to_pandas as to_pandas
    from .formats.spacy import to_docbin as to_docbin
    from .formats.spacy import to_spacy as to_spacy
    from .formats.tables import tables as tables
    from .formats.web_annotation import to_web_annotation as to_web_annotation

    write_json: Writer
    write_jsonld: Writer
    write_json_schema: Writer
    write_html: Writer
    write_web_annotation: Writer
    write_spacy: Writer
    write_sqlite: Writer
    write_csv: Writer
    write_datapackage: Writer
    write_brat: Writer
    write_conllu: Writer
    write_iob2: Writer
    write_xmi: Writer
    write_croissant: Writer
    write_parquet: Writer
else:  # a misspelled name stays an error to type checkers: they do not see this

    def __getattr__(name: str) -> Any:
        """A format's function or the scorer's, its module imported on first use (PEP 562)."""
        if name in SCORER:
            return getattr(import_module("._score", __name__), name)
        if name in formats.API:
            return getattr(formats.module(formats.API[name]), name)
        if name in formats.WRITERS:
            return formats.writer(formats.WRITERS[name])
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The scorer's public names. Like the formats, the scorer is imported on first use: its
#: records and tables take longer to define than the article takes to load.
SCORER = ("LAYERS", "Comparison", "Score", "compare", "gold_predictions", "score")


def __dir__() -> list[str]:
    """The public names, the formats' included."""
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
    "Referent",
    "Reform",
    "ReportedSpeech",
    "Score",
    "Segment",
    "Span",
    "Stance",
    "TimeExpression",
    "Token",
    "__version__",
    "compare",
    "document_loader",
    "formats",
    "from_dict",
    "from_json",
    "gold_predictions",
    "load",
    "score",
    "second_annotation",
    "validate",
]
__all__.extend(sorted({*formats.API, *formats.WRITERS}))  # the formats', from the registry
