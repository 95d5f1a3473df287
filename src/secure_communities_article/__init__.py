"""The Washington Post's "ICE reforms Secure Communities program" (2011-06-17) as data.

``load()`` gives the article: its verbatim text and every annotation layer, as typed,
immutable records anchored to exact character spans.  Importing reads no file; the
data is read, checked and indexed on the first ``load()`` and cached.  The exports
(``json_schema``, ``to_jsonld``, ``tables``, ``write_datapackage``, ``to_pandas``,
``to_html``) are
derived from the same model; the command-line tool is ``python -m secure_communities_article``.
"""

from ._datapackage import write_csv, write_datapackage
from ._errors import MAX_REPORTED_PROBLEMS, DataError, NotFoundError
from ._html import to_html
from ._jsonld import to_jsonld
from ._load import MAX_FILE_BYTES, from_dict, from_json, load
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
from ._pandas import to_pandas
from ._schema import json_schema
from ._tables import tables
from ._version import SCHEMA_VERSION, __version__

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_REPORTED_PROBLEMS",
    "SCHEMA_VERSION",
    "Article",
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
    "Segment",
    "Span",
    "Stance",
    "TimeExpression",
    "__version__",
    "from_dict",
    "from_json",
    "json_schema",
    "load",
    "tables",
    "to_html",
    "to_jsonld",
    "to_pandas",
    "write_csv",
    "write_datapackage",
]
