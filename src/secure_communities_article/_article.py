"""The article: the root record (described and decoded like the others), with the lookups
its index gives, the encoder and the notebook card."""

import datetime
from bisect import bisect_left, bisect_right
from html import escape
from typing import Any, TypeVar, cast, overload

import attr
import attrs

from ._errors import NotFoundError
from ._index import Index, entity_id_of
from ._model import (
    COLLECTIONS,
    ENTITIES,
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
    documented,
)

#: Any record with an id: of every collection in ``COLLECTIONS`` (a test holds them equal).
Spoken = Quote | ReportedSpeech | Stance
Record = Segment | Entity | Mention | Spoken | Quantity | TimeExpression | Reform | Event
Default = TypeVar("Default")


@attrs.frozen
class Article:
    """The article: its verbatim source text and every annotation layer over it.

    :func:`load`, :func:`from_dict` and :func:`from_json` validate it in full; the constructor
    checks nothing (``validate(article)`` does)."""

    schema_version: str = documented(
        "Version of the schema the document follows.", format="version"
    )
    source: str = documented("The verbatim source text.")
    metadata: Metadata = documented("Publication facts.")
    paragraphs: tuple[Paragraph, ...] = documented("The body paragraphs, in order.")
    segments: tuple[Segment, ...] = documented("Every other part of the page, in order.")
    people: tuple[Person, ...] = documented("People.")
    organizations: tuple[Organization, ...] = documented("Organizations.")
    places: tuple[Place, ...] = documented("Places.")
    programs: tuple[Program, ...] = documented("Programs.")
    referents: tuple[Referent, ...] = documented("Other things referred to more than once.")
    mentions: tuple[Mention, ...] = documented("Entity mentions, in text order.")
    quotes: tuple[Quote, ...] = documented("Quotations, in text order.")
    reported_speech: tuple[ReportedSpeech, ...] = documented("Indirect speech, in text order.")
    quantities: tuple[Quantity, ...] = documented("Numbers, in text order.")
    time_expressions: tuple[TimeExpression, ...] = documented("Time expressions, in text order.")
    reforms: tuple[Reform, ...] = documented("Reforms reported, in text order.")
    events: tuple[Event, ...] = documented("Events, in text order.")
    stances: tuple[Stance, ...] = documented("Stances toward the program (interpretation).")
    tokens: tuple[Token, ...] = documented("The UD treebank's words, in order (no furniture).")
    _index: Index = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", Index(self, COLLECTIONS, ENTITIES))

    def __repr__(self) -> str:
        return (
            f"<Article {self.metadata.headline.text!r} {self.metadata.published.isoformat()}: "
            f"{len(self.paragraphs)} paragraphs, {len(self.entities)} entities, "
            f"{len(self.quotes)} quotes>"
        )

    def _repr_html_(self) -> str:
        """A summary card for notebooks; ``to_html(article)`` gives the annotated page."""
        counts = (
            ("paragraphs", self.paragraphs),
            ("entities", self.entities),
            ("mentions", self.mentions),
            ("quotations", self.quotes),
            ("numbers", self.quantities),
            ("time expressions", self.time_expressions),
            ("events", self.events),
        )
        rows = "".join(
            '<tr><td style="padding:2px 8px;vertical-align:top;white-space:nowrap">'
            f"{escape(self.entity(q.speaker).label) if q.speaker else 'unattributed'}</td>"
            f'<td style="padding:2px 8px">\u201c{escape(q.span.text)}\u201d</td></tr>'
            for q in self.quotes
        )
        return (
            '<div class="secure-communities-article" style="border:1px solid #ccc;'
            'border-radius:6px;padding:8px 12px;max-width:60em">'
            f'<div style="font-size:1.2em;font-weight:bold">{escape(self.headline)}</div>'
            f"<div>{escape(self.publisher.label)} · {self.published.isoformat()} · "
            f"{escape(self.metadata.section)} · by {escape(self.author.label)}</div>"
            f'<div style="color:#666">{", ".join(f"{len(c)} {n}" for n, c in counts)}</div>'
            f'<table style="margin-top:6px"><tbody>{rows}</tbody></table>'
            '<div style="color:#666;font-size:.9em">The annotated page: '
            "<code>sca.to_html(article)</code></div></div>"
        )

    # -- convenience views ---------------------------------------------------------------
    @property
    def headline(self) -> str:
        """The headline text."""
        return self.metadata.headline.text

    @property
    def published(self) -> datetime.date:
        """Publication date (from the canonical URL; see ``metadata.provenance``)."""
        return self.metadata.published

    @property
    def url(self) -> str:
        """Canonical URL."""
        return self.metadata.url

    @property
    def author(self) -> "Person":
        """The author, a :class:`Person`."""
        return cast(Person, self.record(self.metadata.author))

    @property
    def publisher(self) -> "Organization":
        """The publishing :class:`Organization`."""
        return cast(Organization, self.record(self.metadata.publisher))

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Every entity: people, organizations, places, programs, referents."""
        return self._index.entities

    @property
    def sentences(self) -> tuple[Span, ...]:
        """Every sentence, of the body and of the annotated segments, in text order."""
        blocks: list[Paragraph | Segment] = [*self.paragraphs, *self.segments]
        blocks.sort(key=lambda block: block.span.start)
        return tuple(s for block in blocks for s in block.sentences)

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines (the article body, without furniture)."""
        return "\n\n".join(p.span.text for p in self.paragraphs)

    # -- lookups -----------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; raises :class:`NotFoundError` (a KeyError) naming near ids."""
        return cast(Entity, self._index.entities_by_id[self._entity_id(_id(entity_id))])

    def get(self, record_id: str, default: Default | None = None) -> Record | Default | None:
        """The record (of any kind) with this id, or ``default``."""
        return self._index.records.get(_id(record_id), default)

    def record(self, record_id: str) -> Record:
        """The record (of any kind) with this id; raises :class:`NotFoundError` if none."""
        found: Record | None = self._index.records.get(_id(record_id))
        if found is None:
            raise NotFoundError(record_id, "record", tuple(self._index.records))
        return found

    @overload
    def resolve(self, ids: str) -> Record: ...
    @overload
    def resolve(self, ids: tuple[str, ...]) -> tuple[Record, ...]: ...
    @overload
    def resolve(self, ids: None) -> None: ...
    def resolve(self, ids: str | tuple[str, ...] | None) -> Record | tuple[Record, ...] | None:
        """What any reference field names: a record for an id, a tuple for ids, None for None
        (``article.resolve(event.times)``); an unknown id raises :class:`NotFoundError`."""
        if ids is None:
            return None
        if isinstance(ids, tuple):
            return tuple(self.record(record_id) for record_id in ids)
        return self.record(ids)

    def find(self, name: str) -> tuple[Entity, ...]:
        """Entities with this name, alias, name token (a surname) or mention text, ignoring case
        (a nominal mention's text matches, a pronoun's never), each entity the text names."""
        return self._index.by_name.get(_id(name, "a name").casefold(), ())

    def quotes_by(self, entity: Entity | str) -> tuple["Quote", ...]:
        """The quotations attributed to an entity (record or id), in text order."""
        return self._index.quotes_by.get(self._entity_id(entity), ())

    def mentions_of(self, entity: Entity | str) -> tuple["Mention", ...]:
        """The mentions of an entity (record or id), in text order."""
        return self._index.mentions_of.get(self._entity_id(entity), ())

    def events_of(self, entity: Entity | str) -> tuple["Event", ...]:
        """The events an entity (record or id) takes part in, in text order."""
        return self._index.events_of.get(self._entity_id(entity), ())

    def stances_of(self, entity: Entity | str) -> tuple["Stance", ...]:
        """The stances an entity (record or id) holds or is the target of, in text order."""
        return self._index.stances_of.get(self._entity_id(entity), ())

    def tokens_in(self, span: Span) -> tuple[Token, ...]:
        """The tokens that start inside a span, in order (a binary search)."""
        starts = self._index.token_starts
        return self.tokens[bisect_left(starts, span.start) : bisect_left(starts, span.end)]

    @property
    def names(self) -> tuple[Mention, ...]:
        """The mentions whose name lies in no other name (the longer of two at one start): the
        spans flat named-entity formats (IOB2, ``doc.ents``) hold."""
        named = [(m.name, m) for m in self.mentions if m.name is not None]
        named.sort(key=lambda pair: (pair[0].start, -pair[0].end))
        found, end = [], -1
        for name, mention in named:
            if name.start >= end:
                found.append(mention)
                end = name.end
        return tuple(found)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The body paragraph containing a source offset, or None (a binary search)."""
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise TypeError(f"expected an offset (int), found {type(offset).__name__}")
        position = bisect_right(self._index.paragraph_starts, offset) - 1
        if position >= 0 and offset < self.paragraphs[position].span.end:
            return self.paragraphs[position]
        return None

    def _entity_id(self, entity: Entity | str) -> str:
        entity_id = entity_id_of(entity)
        if entity_id not in self._index.entities_by_id:
            raise NotFoundError(entity_id, "entity", tuple(self._index.entities_by_id))
        return entity_id

    # -- conversion ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data in the schema; :func:`from_dict` reads it back."""
        return encode(self)


def encode(record: Any) -> dict[str, Any]:
    """A record as plain JSON-ready data, fields in schema order: the one encoder."""
    plain: dict[str, Any] = attr.asdict(
        record,
        retain_collection_types=False,
        filter=lambda field, _: field.init,
        value_serializer=_plain_value,
    )
    return plain


def _plain_value(record: Any, field: Any, value: Any) -> Any:
    """Dates as ISO 8601 text, and a whole float (50.0) as the integer JSON writes (50)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _id(value: Any, what: str = "an id") -> str:
    """``value`` if it is a string; TypeError naming what was expected otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"expected {what} (str), found {type(value).__name__}")
    return value


#: Every record class, in the order the schema and the docs list them.
RECORD_TYPES: tuple[type, ...] = (
    Article,
    Metadata,
    Provenance,
    Span,
    Paragraph,
    Segment,
    Token,
    Person,
    Organization,
    Place,
    Program,
    Referent,
    Mention,
    Quote,
    ReportedSpeech,
    Quantity,
    TimeExpression,
    Reform,
    Event,
    Participant,
    Stance,
)
