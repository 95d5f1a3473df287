"""The article as relational tables, read off the model's one description (``_describe``).

docs/tables.md, generated from these shapes, says how records, spans, lists and ids become
tables, columns and keys.  ``RENAMED`` and ``ITEM_NAMES`` keep clear of SQL keywords and
``DataFrame`` attributes.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

import attrs

from .._article import Article
from .._describe import ARTICLE_FIELDS, RECORDS, FieldInfo, RecordInfo
from .._model import ENTITIES, Person, Quote, Span
from .._text import words

Row = dict[str, Any]
#: A table's records: (the cells fixed by the parent, the record the other cells come from).
Items = Callable[[Article], Iterator[tuple[Row, Any]]]
#: The field names leading from a row's record to a value.
FieldPath = tuple[str, ...]

#: The one name every paragraph index goes by.  A record's ``index`` field, which would
#: clash with SQL's keyword and pandas' ``DataFrame.index``, is ``<record>_index``.
RENAMED = {"paragraph": "paragraph_index"}
#: The column holding each item of a list of plain values that are not ids.
ITEM_NAMES = {"aliases": "alias"}
#: The table of every entity, whatever its kind: what a reference to any entity names.
ENTITY_TABLE = "entities"


@attrs.frozen
class ColumnType:
    """A column type, as each typed export names it: one table, so that they agree."""

    model: type  #: the model's scalar type
    croissant: str  #: schema.org data type
    sqlite: str  #: SQLite type: a boolean is 0 or 1, a date ISO 8601 text
    arrow: str  #: Arrow type, as ``pyarrow.type_for_alias`` names it
    #: pandas' nullable dtype, so a gap stays a gap (dates: ``to_datetime``'s resolution)
    pandas: str


#: Each Frictionless Table Schema type the columns have, by name.
COLUMN_TYPES = {
    "string": ColumnType(str, "sc:Text", "TEXT", "string", "string"),
    "integer": ColumnType(int, "sc:Integer", "INTEGER", "int64", "Int64"),
    "number": ColumnType(float, "sc:Float", "REAL", "double", "Float64"),
    "boolean": ColumnType(bool, "sc:Boolean", "INTEGER", "bool", "boolean"),
    "date": ColumnType(datetime.date, "sc:Date", "TEXT", "date32", "datetime64"),
}
#: The Table Schema type of each scalar type of the model.
TYPE_NAMES = {column_type.model: name for name, column_type in COLUMN_TYPES.items()}
#: Each field of the model by (record class name, field name), as a column's source names it.
FIELDS = {(info.name, field.name): field for info in RECORDS.values() for field in info.fields}
ARTICLE_ID_DOC = (
    "Id of the article: its source file's name without the extension; the same in every "
    "table, so that the tables of several articles can be stacked."
)


@attrs.frozen
class Column:
    """One column: its name, Frictionless type, documentation and where its values come from."""

    name: str
    type: str  #: string, integer, number, boolean or date (Frictionless Table Schema types)
    description: str
    required: bool
    enum: tuple[str, ...] = ()  #: the allowed values, where the model restricts them
    format: str = ""  #: the model's string format: "id", "url", "sha256", "version" or ""
    #: The model field its values come from, as (record class name, field name).
    source: tuple[str, str] | None = None
    #: Its plain value in a row's record; None where the row's parent gives the cell.
    get: Callable[[Any], Any] | None = attrs.field(default=None, repr=False, eq=False)


@attrs.frozen
class ForeignKey:
    """Columns of a table whose values are the key of a row of another (or the same) table."""

    columns: tuple[str, ...]
    table: str
    referenced: tuple[str, ...]


@attrs.frozen
class Table:
    """A table's shape, keys and documentation, and how to find its rows in an article."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    items: Items = attrs.field(repr=False, eq=False)
    #: The list field whose items are its rows, as (record class name, field name).
    source: tuple[str, str] | None = None

    def column(self, name: str) -> Column:
        """The column of this name; KeyError if there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    def reference_of(self, column: str) -> tuple[str, str] | None:
        """The (table, column) a column's values name, if it is (part of) a foreign key."""
        for key in self.foreign_keys:
            if column in key.columns and column != "article_id":
                return key.table, key.referenced[key.columns.index(column)]
        return None


#: The column every table starts with: the article its rows belong to.
ARTICLE_ID = Column("article_id", "string", ARTICLE_ID_DOC, required=True, format="id")
#: The foreign key from a table's rows to their article's row.
BELONGS = ForeignKey(("article_id",), "article", ("article_id",))


def tables(article: Article) -> dict[str, tuple[Row, ...]]:
    """Every table of the article, by name: rows of plain values (str, int, float, bool, None)."""
    return {table.name: table_rows(table, article) for table in table_specs()}


def article_id(article: Article) -> str:
    """The article's id in the tables: its source file's name without the extension."""
    return PurePosixPath(article.metadata.source_file).stem


def table_rows(table: Table, article: Article) -> tuple[Row, ...]:
    """The rows of one table, each a dict in column order."""
    key = article_id(article)
    rows = []
    for fixed, record in table.items(article):
        cells = {"article_id": key, **fixed}
        rows.append({c.name: c.get(record) if c.get else cells[c.name] for c in table.columns})
    return tuple(rows)


def table_named(name: str) -> Table:
    """The table (or view) of this name; KeyError naming the known ones if there is none."""
    named = {table.name: table for table in (*table_specs(), *view_specs())}
    if name not in named:
        raise KeyError(f"no table {name!r}; the tables are {', '.join(named)}")
    return named[name]


def snake(name: str) -> str:
    """A class name in lower case with underscores: ``ReportedSpeech`` -> ``reported_speech``."""
    return words(name).replace(" ", "_")


@functools.cache
def table_specs() -> tuple[Table, ...]:
    """Every table's shape: ``article``, ``entities``, then each collection, its lists after it."""
    article_info = RECORDS[Article]
    collections = [f for f in article_info.fields if f.many and f.is_record and not f.is_span]
    children: list[Table] = []
    parent = _Parent("article", "article", (), lambda a: iter((({}, a),)))
    own = _record_columns(article_info, (), parent, children, [c.name for c in collections])
    columns = [ARTICLE_ID, *own]
    article = Table(
        "article",
        "The article: its source text and publication facts (one row).",
        tuple(columns),
        ("article_id",),
        tuple(_foreign_keys(columns)),
        parent.items,
    )
    per_collection = (table for field in collections for table in _collection_tables(field))
    return (article, _entity_table(), *children, *per_collection)


@attrs.frozen
class _Parent:
    """What the child tables of a record's lists need of the table that holds the record."""

    table: str
    singular: str  # the name of one row: ``event``, ``reported_speech``
    key: tuple[Column, ...]  # its key columns besides article_id
    items: Items


def _collection_tables(collection: FieldInfo) -> list[Table]:
    """The table of one of the Article's collections, and the tables of its records' lists."""
    info = RECORDS[collection.base]
    fields = {f.name: f for f in info.fields}
    key = fields.get("id") or fields.get("index")
    if key is None:
        raise TypeError(f"{info.name}: a record without an id needs an index to key it")
    parent = _Parent(collection.name, snake(info.name), (), _collection_items(collection.name))
    parent = attrs.evolve(parent, key=tuple(_columns(info, key, (key.name,), parent, [])))
    children: list[Table] = []
    columns = [ARTICLE_ID, *parent.key, *_record_columns(info, (), parent, children, [key.name])]
    foreign_keys = [BELONGS, *_foreign_keys(columns)]
    if collection.name in ENTITIES:  # each kind's row has its row among all entities
        foreign_keys.append(ForeignKey(("article_id", "id"), ENTITY_TABLE, ("article_id", "id")))
    table = Table(
        collection.name,
        f"{info.doc} {collection.doc}",
        tuple(columns),
        ("article_id", *(c.name for c in parent.key)),
        tuple(foreign_keys),
        parent.items,
        source=(RECORDS[Article].name, collection.name),
    )
    return [table, *children]


def _entity_table() -> Table:
    kinds = tuple(snake(RECORDS[ARTICLE_FIELDS[name].base].name) for name in ENTITIES)
    kind_doc = f"Which kind of entity, and so which table holds the rest: {', '.join(ENTITIES)}."
    label_doc = "The name, or for an unnamed person the words that describe them."
    columns = (
        ARTICLE_ID,
        Column("id", "string", "Id of the entity.", True, format="id", get=lambda e: e.id),
        Column("kind", "string", kind_doc, True, enum=kinds, get=lambda e: e.kind),
        Column("label", "string", label_doc, True, get=lambda e: e.label),
    )
    return Table(
        ENTITY_TABLE,
        "Every entity of every kind (people, organizations, places, programs): what a "
        "reference to any entity names.",
        columns,
        ("article_id", "id"),
        (BELONGS,),
        _collection_items("entities"),
    )


def _collection_items(name: str) -> Items:
    return lambda article: (({}, record) for record in getattr(article, name))


def _columns(
    info: RecordInfo, field: FieldInfo, path: FieldPath, parent: _Parent, children: list[Table]
) -> list[Column]:
    """The columns a field gives (none for a list, whose child table goes to ``children``)."""
    source = (info.name, field.name)
    if field.many:
        children.append(_child_table(info, field, path, parent))
        return []
    if field.is_span:
        return _span_columns(field.name, field.doc, field.optional, source, path)
    if field.is_record:  # a nested record (the metadata): its columns, inlined
        return _record_columns(RECORDS[field.base], path, parent, children, ())
    name = f"{snake(info.name)}_index" if field.name == "index" else field.name
    return [_scalar_column(RENAMED.get(name, name), field, source, _getter(path))]


def _record_columns(
    info: RecordInfo, path: FieldPath, parent: _Parent, children: list[Table], skip: Iterable[str]
) -> list[Column]:
    """The columns of a record's fields but those named in ``skip``, at ``path`` in a row."""
    return [
        column
        for field in info.fields
        if field.name not in skip
        for column in _columns(info, field, (*path, field.name), parent, children)
    ]


def _scalar_column(
    name: str, field: FieldInfo, source: tuple[str, str], get: Callable[[Any], Any]
) -> Column:
    type_name, required = TYPE_NAMES[field.base], not field.optional
    return Column(name, type_name, field.doc, required, field.values, field.format, source, get)


def _span_columns(
    prefix: str, doc: str, optional: bool, source: tuple[str, str], path: FieldPath
) -> list[Column]:
    return [
        Column(
            f"{prefix}_{part.name}",
            TYPE_NAMES[part.base],
            f"{doc.rstrip('.')}: {part.name}, {part.doc[0].lower()}{part.doc[1:]}",
            required=not optional,
            source=source,
            get=_getter((*path, part.name)),
        )
        for part in RECORDS[Span].fields
    ]


def _child_table(info: RecordInfo, field: FieldInfo, path: FieldPath, parent: _Parent) -> Table:
    """The table of one list field: a row per item, keyed by the parent's key and ordinal."""
    name = f"{parent.singular}_{field.name}"
    source = (info.name, field.name)
    parent_key = [
        attrs.evolve(
            column,
            name=column.name if column.name != "id" else f"{parent.singular}_id",
            description=f"Key of the {parent.table} row whose list this is.",
            get=None,
        )
        for column in parent.key
    ]
    ordinal = Column("ordinal", "integer", "Position in the list, from 0.", True)
    if field.is_span:
        items = _span_columns("span", field.doc, False, source, ())
    elif field.is_record:
        nested: list[Table] = []
        items = _record_columns(RECORDS[field.base], (), parent, nested, ())
        if nested:
            raise TypeError(f"{name}: lists inside list items are not supported")
    else:
        item = _scalar_column(_item_name(field), field, source, _getter(()))
        items = [attrs.evolve(item, required=True)]
    columns = [ARTICLE_ID, *parent_key, ordinal, *items]
    key_names = [c.name for c in parent_key]
    referenced = ("article_id", *(c.name for c in parent.key))
    up = ForeignKey(("article_id", *key_names), parent.table, referenced)
    return Table(
        name,
        f"{field.doc} One row per item of {info.name}.{field.name}.",
        tuple(columns),
        ("article_id", *key_names, "ordinal"),
        (up, *_foreign_keys(columns)),
        _child_items(parent, key_names, path),
        source=source,
    )


def _item_name(field: FieldInfo) -> str:
    """The column of a plain item: ``<kind>_id`` for an id, else the list's item name."""
    if field.ref == ENTITIES:
        return "entity_id"
    if len(field.ref) == 1:
        return snake(RECORDS[ARTICLE_FIELDS[field.ref[0]].base].name) + "_id"
    if field.name not in ITEM_NAMES:
        raise TypeError(f"no column name for the items of {field.name!r}: add it to ITEM_NAMES")
    return ITEM_NAMES[field.name]


def _child_items(parent: _Parent, key_names: list[str], path: FieldPath) -> Items:
    get_list = _getter(path)
    key_getters = [(name, c.get) for name, c in zip(key_names, parent.key, strict=True)]

    def items(article: Article) -> Iterator[tuple[Row, Any]]:
        for _, record in parent.items(article):
            fixed = {name: get(record) for name, get in key_getters}  # type: ignore[misc]
            for ordinal, item in enumerate(get_list(record) or ()):
                yield {**fixed, "ordinal": ordinal}, item

    return items


def _referenced_table(ref: tuple[str, ...]) -> str:
    """The table an id naming one of ``ref``'s collections refers to."""
    if ref == ENTITIES:
        return ENTITY_TABLE
    if len(ref) == 1:
        return ref[0]
    raise TypeError(f"no table for references to any of {ref}")


def _foreign_keys(columns: list[Column]) -> list[ForeignKey]:
    """A foreign key for every column holding ids or a paragraph index (with the article id)."""
    keys = []
    for column in columns:
        field = None if column.source is None else FIELDS[column.source]
        if field and field.ref:
            table, referenced = _referenced_table(field.ref), "id"
        elif field and field.name == "paragraph" and column.name == RENAMED["paragraph"]:
            table, referenced = "paragraphs", RENAMED["paragraph"]
        else:
            continue
        keys.append(ForeignKey(("article_id", column.name), table, ("article_id", referenced)))
    return keys


def _getter(path: FieldPath) -> Callable[[Any], Any]:
    """A getter following attribute names from a record: None past a None, dates in ISO 8601."""

    def get(record: Any) -> Any:
        value = record
        for name in path:
            if value is None:
                return None
            value = getattr(value, name)
        return value.isoformat() if isinstance(value, datetime.date) else value

    return get


#: The columns the view joins in from each quotation's speaker, with their documentation.
SPEAKER_COLUMNS = {
    "speaker_name": "The speaker's name; empty for an unnamed speaker.",
    "speaker_label": "The speaker's name, or for an unnamed speaker the words that describe them.",
    "speaker_role": "The speaker's role as the text states it, if it does.",
    "speaker_organization": (
        "Name of the organization the text ties the speaker to (or the speaker itself)."
    ),
}


@functools.cache
def view_specs() -> tuple[Table, ...]:
    """Ready-joined views for reading (not tables of the model): the quotes with speakers."""
    quotes = next(t for t in table_specs() if t.name == "quotes")
    speaker = {n: Column(n, "string", doc, False) for n, doc in SPEAKER_COLUMNS.items()}
    names = ["article_id", "id", "paragraph_index", "speaker", *speaker]
    names += ["kind", "attribution", "attribution_note", "span_text", "span_start", "span_end"]
    columns = tuple(speaker[n] if n in speaker else quotes.column(n) for n in names)
    quotes_with_speakers = Table(
        "quotes_with_speakers",
        "Each quotation with its speaker's name, role and organization (a view of quotes "
        "joined with the speakers' records).",
        columns,
        ("article_id", "id"),
        tuple(k for k in quotes.foreign_keys if set(k.columns) <= {c.name for c in columns}),
        lambda article: ((_speaker_cells(article, quote), quote) for quote in article.quotes),
        source=quotes.source,
    )
    return (quotes_with_speakers,)


def _speaker_cells(article: Article, quote: Quote) -> Row:
    speaker = article.entity(quote.speaker) if quote.speaker else None
    if speaker is None:
        return dict.fromkeys(SPEAKER_COLUMNS)
    organization = speaker if speaker.kind == "organization" else None
    if isinstance(speaker, Person) and speaker.affiliation is not None:
        organization = article.entity(speaker.affiliation)
    return {
        "speaker_name": speaker.name,
        "speaker_label": speaker.label,
        "speaker_role": getattr(speaker, "role", None),
        "speaker_organization": organization and organization.name,
    }
