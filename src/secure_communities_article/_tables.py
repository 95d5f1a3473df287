"""The article as relational tables: one per record kind, with keys that join.

The columns are derived from the model: a scalar field is a column, a span field is
three (``start``, ``end``, ``text``; prefixed by the field's name unless it is the
record's main ``span``), the metadata record is inlined into the ``article`` table,
and a tuple field becomes a child table keyed by its parent and a ``position``.  Only
the table names, the foreign keys and a few derived columns are written here by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._model import Article

Row = dict[str, Any]
Records = Callable[["Article"], Iterator[tuple[Row, Any]]]


@attrs.frozen
class Column:
    """One column: its name, Frictionless type, documentation and where its values come from."""

    name: str
    type: str
    description: str
    required: bool
    enum: tuple[str, ...] | None = None
    #: The model fields its values come from, as (class name, field name) pairs, outermost
    #: first (for a column shared by several kinds of entity: each kind's in turn).
    model_fields: tuple[tuple[str, str], ...] = ()
    #: Attribute path from the row's record to the value (empty for keys and derived columns).
    path: tuple[str, ...] = ()
    #: The (table, column) this column's values refer to, where it is a foreign key.
    reference: tuple[str, str] | None = None


@attrs.frozen
class Table:
    """A table's shape and how to find its rows in an article."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    records: Records = attrs.field(repr=False, eq=False)
    #: Columns computed from the article and the record rather than read off a field.
    derived: tuple[tuple[str, Callable[[Article, Any], Any]], ...] = attrs.field(
        default=(), repr=False, eq=False
    )


@attrs.frozen
class _Child:
    """Where a tuple field's items go: their table and the column naming their parent."""

    table: str
    parent_column: str
    item_column: str | None = None  # a tuple of plain values: the column holding each


def tables(article: Article) -> dict[str, tuple[Row, ...]]:
    """Every table of the article, by name: rows of plain values (str, int, float, bool, None)."""
    return {table.name: table_rows(table, article) for table in table_specs()}


def table_rows(table: Table, article: Article) -> tuple[Row, ...]:
    """The rows of one table, each a dict in column order."""
    derived = dict(table.derived)
    rows = []
    for fixed, record in table.records(article):
        row: Row = {}
        for column in table.columns:
            if column.name in fixed:
                row[column.name] = fixed[column.name]
            elif column.name in derived:
                row[column.name] = derived[column.name](article, record)
            else:
                row[column.name] = _plain(_follow(record, column.path))
        rows.append(row)
    return tuple(rows)


def _follow(record: Any, path: tuple[str, ...]) -> Any:
    value = record
    for name in path:
        if value is None:
            return None
        value = getattr(value, name, None)  # None where a kind of entity lacks the field
    return value


def _plain(value: Any) -> Any:
    import datetime

    return value.isoformat() if isinstance(value, datetime.date) else value


# --- the hand-written part: table names, foreign keys, derived columns ---------------------


def _top_level() -> tuple[tuple[str, str, tuple[type, ...], tuple[str, ...]], ...]:
    """(table, description, record classes, Article fields holding them) of each top table."""
    from . import _model as m

    return (
        ("paragraphs", "The body paragraphs.", (m.Paragraph,), ("paragraphs",)),
        (
            "segments",
            "The parts of the page that are not body paragraphs.",
            (m.Segment,),
            ("segments",),
        ),
        (
            "entities",
            "People, organizations, places and programs; `kind` says which.",
            (m.Person, m.Organization, m.Place, m.Program),
            ("people", "organizations", "places", "programs"),
        ),
        ("mentions", "Places in the text that refer to an entity.", (m.Mention,), ("mentions",)),
        ("quotations", "Passages in quotation marks.", (m.Quote,), ("quotes",)),
        ("reported_speech", "Indirect speech.", (m.ReportedSpeech,), ("reported_speech",)),
        ("quantities", "Numbers in the text.", (m.Quantity,), ("quantities",)),
        ("time_expressions", "Time expressions.", (m.TimeExpression,), ("time_expressions",)),
        ("reforms", "Changes to the program.", (m.Reform,), ("reforms",)),
        ("events", "Events: who did what, when.", (m.Event,), ("events",)),
        ("stances", "Stances toward the program (interpretation).", (m.Stance,), ("stances",)),
    )


def _children() -> dict[tuple[type, str], _Child]:
    """The child table of each tuple field that is not a top-level table."""
    from . import _model as m

    return {
        (m.Metadata, "provenance"): _Child("article_provenance", "article"),
        (m.Paragraph, "sentences"): _Child("sentences", "paragraph"),
        (m.Organization, "aliases"): _Child("entity_aliases", "entity", "alias"),
        (m.Place, "provenance"): _Child("entity_provenance", "entity"),
        (m.ReportedSpeech, "sources"): _Child("reported_speech_sources", "speech", "entity"),
        (m.ReportedSpeech, "quotes"): _Child("reported_speech_quotations", "speech", "quotation"),
        (m.Event, "participants"): _Child("event_participants", "event"),
        (m.Event, "times"): _Child("event_times", "event", "time_expression"),
        (m.Event, "quantities"): _Child("event_quantities", "event", "quantity"),
        (m.Stance, "evidence"): _Child("stance_evidence", "stance"),
    }


def _references() -> dict[tuple[type, str], tuple[str, str]]:
    """The (table, column) each reference field points to."""
    from . import _model as m

    entity, paragraph = ("entities", "id"), ("paragraphs", "index")
    return {
        (m.Metadata, "publisher"): entity,
        (m.Metadata, "author"): entity,
        (m.Person, "affiliation"): entity,
        (m.Place, "within"): entity,
        (m.Mention, "entity"): entity,
        (m.Quote, "speaker"): entity,
        (m.Quote, "paragraph"): paragraph,
        (m.ReportedSpeech, "sources"): entity,
        (m.ReportedSpeech, "quotes"): ("quotations", "id"),
        (m.ReportedSpeech, "paragraph"): paragraph,
        (m.Reform, "paragraph"): paragraph,
        (m.Event, "times"): ("time_expressions", "id"),
        (m.Event, "quantities"): ("quantities", "id"),
        (m.Event, "paragraph"): paragraph,
        (m.Participant, "entity"): entity,
        (m.Stance, "holder"): entity,
        (m.Stance, "target"): entity,
    }


def _paragraph_of(article: Article, record: Any) -> int | None:
    paragraph = article.paragraph_at(record.span.start)
    return None if paragraph is None else paragraph.index


_PARAGRAPH_OF_SPAN = Column(
    "paragraph",
    "integer",
    "Index of the body paragraph its span starts in; empty outside the body (derived).",
    required=False,
    reference=("paragraphs", "index"),
)

#: Columns computed from the article rather than copied from a field: table -> columns.
_DERIVED: dict[str, tuple[tuple[Column, Callable[[Article, Any], Any]], ...]] = {
    "entities": (
        (
            Column(
                "kind",
                "string",
                "Which kind of entity: person, organization, place or program.",
                required=True,
                enum=("person", "organization", "place", "program"),
            ),
            lambda article, entity: type(entity).__name__.lower(),
        ),
        (
            Column(
                "label",
                "string",
                "The name, or for an unnamed person the words that describe them (derived).",
                required=True,
            ),
            lambda article, entity: entity.label,
        ),
    ),
    "mentions": ((_PARAGRAPH_OF_SPAN, _paragraph_of),),
    "quantities": ((_PARAGRAPH_OF_SPAN, _paragraph_of),),
    "time_expressions": ((_PARAGRAPH_OF_SPAN, _paragraph_of),),
}


# --- the derived part: columns from annotations --------------------------------------------


@attrs.frozen
class _Parent:
    """What a child table needs of the table whose records hold its lists."""

    table: str
    key: Column
    records: Records


@functools.cache
def table_specs() -> tuple[Table, ...]:
    """Every table's shape, a parent table before its child tables."""
    from . import _model as m

    top_level_fields = {f for _, _, _, fields in _top_level() for f in fields}
    url = ("metadata", "url")
    article = _Parent("article", _key_column(m.Article, url), lambda a: iter((({}, a),)))
    children: list[Table] = []
    columns = _record_columns(m.Article, (), article, children, skip=top_level_fields)
    tables = [
        Table(
            "article",
            "The article: its source text and publication facts (one row).",
            tuple(columns),
            ("url",),
            article.records,
        ),
        *children,
    ]
    for name, description, classes, fields in _top_level():
        key = "index" if name == "paragraphs" else "id"
        parent = _Parent(name, _key_column(classes[0], (key,)), _collections(fields))
        children = []
        per_class = [_record_columns(cls, (), parent, children) for cls in classes]
        merged: dict[str, Column] = {}
        for class_columns in per_class:
            for column in class_columns:
                known = merged.setdefault(column.name, column)
                if known is not column:  # the same column in another kind of entity
                    sources = known.model_fields + column.model_fields
                    merged[column.name] = attrs.evolve(known, model_fields=sources)
        for column_name, column in merged.items():
            if not all(any(c.name == column_name and c.required for c in cs) for cs in per_class):
                merged[column_name] = attrs.evolve(column, required=False)
        derived = _DERIVED.get(name, ())
        for column, _ in derived:
            if column.name in merged:
                raise TypeError(f"{name}: derived column {column.name!r} is also a field")
        ordered = [merged.pop(key), *(column for column, _ in derived), *merged.values()]
        computed = tuple((column.name, compute) for column, compute in derived)
        tables.append(Table(name, description, tuple(ordered), (key,), parent.records, computed))
        tables.extend(children)
    return tuple(tables)


def _key_column(cls: type, path: tuple[str, ...]) -> Column:
    from ._codec import field_types

    annotation = field_types(cls)[path[0]]
    if len(path) > 1:
        annotation = field_types(annotation)[path[1]]
    kind, _ = _frictionless_type(annotation)
    return Column(path[-1], kind, "", required=True, path=path)


def _collections(fields: tuple[str, ...]) -> Records:
    def records(article: Article) -> Iterator[tuple[Row, Any]]:
        for field in fields:
            for record in getattr(article, field):
                yield {}, record

    return records


def _record_columns(
    cls: type,
    path: tuple[str, ...],
    parent: _Parent,
    children: list[Table],
    skip: Iterable[str] = (),
) -> list[Column]:
    """The columns of a record class at ``path``; its tuple fields are added to ``children``."""
    from ._codec import field_types
    from ._model import Span

    annotations = field_types(cls)
    child_tables, references = _children(), _references()
    columns: list[Column] = []
    for field in attrs.fields(cls):
        if not field.init or field.name in skip:
            continue
        annotation, optional = _unwrap_optional(annotations[field.name])
        doc: str = field.metadata["doc"]
        here = (cls.__name__, field.name)
        reference = references.get((cls, field.name))
        if _origin(annotation) is tuple:
            child = child_tables.get((cls, field.name))
            if child is None:
                raise TypeError(f"no table for {cls.__name__}.{field.name}")
            children.append(
                _child_table(child, parent, (*path, field.name), annotation, doc, here, reference)
            )
        elif annotation is Span:
            prefix = "" if field.name == "span" else field.name + "_"
            columns.extend(_span_columns(prefix, (*path, field.name), doc, optional, (here,)))
        elif attrs.has(annotation):  # a nested record (the metadata): inlined
            for column in _record_columns(annotation, (*path, field.name), parent, children):
                columns.append(attrs.evolve(column, model_fields=(here, *column.model_fields)))
        else:
            kind, enum = _frictionless_type(annotation)
            columns.append(
                Column(
                    field.name,
                    kind,
                    doc,
                    required=not optional,
                    enum=enum,
                    model_fields=(here,),
                    path=(*path, field.name),
                    reference=reference,
                )
            )
    return columns


def _span_columns(
    prefix: str,
    path: tuple[str, ...],
    doc: str,
    optional: bool,
    model_fields: tuple[tuple[str, str], ...],
) -> list[Column]:
    from ._model import Span

    return [
        Column(
            prefix + field.name,
            "string" if field.name == "text" else "integer",
            f"{doc} {field.name.capitalize()}: {field.metadata['doc']}",
            required=not optional,
            model_fields=(*model_fields, ("Span", field.name)),
            path=(*path, field.name),
        )
        for field in attrs.fields(Span)
    ]


def _child_table(
    child: _Child,
    parent: _Parent,
    path: tuple[str, ...],
    annotation: Any,
    doc: str,
    here: tuple[str, str],
    reference: tuple[str, str] | None,
) -> Table:
    import typing

    from ._model import Span

    item_type, _ = typing.get_args(annotation)
    parent_key = attrs.evolve(
        parent.key,
        name=child.parent_column,
        description=f"The {parent.key.name} of the {parent.table} row whose list this is.",
        path=(),
        reference=(parent.table, parent.key.name),
    )
    position = Column("position", "integer", f"Position in the list, from 0. {doc}", True)
    if child.item_column is not None:
        kind, enum = _frictionless_type(item_type)
        items = [Column(child.item_column, kind, doc, True, enum, (here,), (), reference)]
    elif item_type is Span:
        items = _span_columns("", (), doc, False, (here,))
    else:
        nested: list[Table] = []
        items = [
            attrs.evolve(c, model_fields=(here, *c.model_fields))
            for c in _record_columns(item_type, (), parent, nested)
        ]
        if nested:
            raise TypeError(f"{child.table}: lists inside list items are not supported")
    return Table(
        child.table,
        doc,
        (parent_key, position, *items),
        (child.parent_column, "position"),
        _child_records(parent, child.parent_column, path),
    )


def _child_records(parent: _Parent, parent_column: str, path: tuple[str, ...]) -> Records:
    def records(article: Article) -> Iterator[tuple[Row, Any]]:
        for _, record in parent.records(article):
            key = _follow(record, parent.key.path)
            for position, item in enumerate(_follow(record, path) or ()):
                yield {parent_column: key, "position": position}, item

    return records


def _origin(annotation: Any) -> Any:
    """``typing.get_origin``, imported on use."""
    import typing

    return typing.get_origin(annotation)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    import types
    import typing

    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (inner,) = (a for a in typing.get_args(annotation) if a is not type(None))
        return inner, True
    return annotation, False


def _frictionless_type(annotation: Any) -> tuple[str, tuple[str, ...] | None]:
    import datetime
    import typing

    if typing.get_origin(annotation) is typing.Literal:
        return "string", tuple(typing.get_args(annotation))
    simple = {
        str: "string",
        int: "integer",
        float: "number",
        bool: "boolean",
        datetime.date: "date",
    }
    if annotation in simple:
        return simple[annotation], None
    raise TypeError(f"no table column type for {annotation!r}")
