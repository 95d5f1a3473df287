"""The record types: the one definition of the data model, and so of the schema.

Every class is a frozen, slotted ``attrs`` class holding only immutable values (str,
int, float, bool, None, ``datetime.date``, tuples and other records).  Annotations are
plain runtime objects (no string evaluation): ``_describe`` reads them once, and every
other part of the package reads ``_describe``.  A field's ``metadata`` holds its doc,
the collections an id in it refers to (``ref``), a string format (``format``) and
whether it is the record's anchor span, which fixes the record's place in text order.
Constructors check nothing: the one validator is ``_validate``, run by every loader.
"""

import datetime
import re
from bisect import bisect_left, bisect_right
from html import escape
from typing import Any, Literal

import attr
import attrs

from ._errors import NotFoundError
from ._index import Index, entity_id_of

#: The collections an entity id may name.
ENTITIES = ("people", "organizations", "places", "programs")
#: The Article's collections of records with ids, in document order.
COLLECTIONS = (
    "segments",
    *ENTITIES,
    "mentions",
    "quotes",
    "reported_speech",
    "quantities",
    "time_expressions",
    "reforms",
    "events",
    "stances",
)


#: The USPS code of each state and of DC, with its Census FIPS state code.
STATE_FIPS: dict[str, str] = dict(
    re.findall(
        "([A-Z]{2})=([0-9]{2})",
        "AL=01 AK=02 AZ=04 AR=05 CA=06 CO=08 CT=09 DE=10 DC=11 FL=12 GA=13 HI=15 ID=16 IL=17 "
        "IN=18 IA=19 KS=20 KY=21 LA=22 ME=23 MD=24 MA=25 MI=26 MN=27 MS=28 MO=29 MT=30 NE=31 "
        "NV=32 NH=33 NJ=34 NM=35 NY=36 NC=37 ND=38 OH=39 OK=40 OR=41 PA=42 RI=44 SC=45 SD=46 "
        "TN=47 TX=48 UT=49 VT=50 VA=51 WA=53 WV=54 WI=55 WY=56",
    )
)
#: The form of a time value at each granularity (a relative expression may take any).
TIME_VALUE_FORMS: dict[str, str] = {
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "month": r"[0-9]{4}-(?:0[1-9]|1[0-2])",
    "year": r"[0-9]{4}",
    "duration": r"P[0-9]+[YMWD]",
}
#: Each string format a field may name: what its values are, and the regular expression
#: one matches in full (with no top-level ``|``, so that ``^...$`` anchors all of it).
FORMATS: dict[str, tuple[str, str]] = {
    "id": ("an id (lowercase ASCII words joined by hyphens)", r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "url": ("an http(s) URL", r"https?://[^\s/?#\x00-\x1f\x7f]+[^\s\x00-\x1f\x7f]*"),
    "sha256": ("64 lowercase hex digits", r"[0-9a-f]{64}"),
    "language": ("a BCP 47 language tag (en, en-US)", r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"),
    "usps": ("the USPS code of a state or DC", "(?:" + "|".join(STATE_FIPS) + ")"),
    "fips": ("a Census FIPS code (2 digits; 7 for a city)", r"[0-9]{2}(?:[0-9]{5})?"),
    "time-value": (
        "an ISO 8601 date, month, year (2011-06-17, 2011-08, 2011) or duration (P3Y)",
        "(?:" + "|".join(TIME_VALUE_FORMS.values()) + ")",
    ),
    "lemma": ("a lemma (lowercase words: share, pull out)", r"[a-z]+(?: [a-z]+)*"),
}


def _field(doc: str, *, ref: tuple[str, ...] = (), format: str = "", anchor: bool = False) -> Any:
    """A documented field; ``ref`` names the collections an id (or ids) in it refer to, and
    ``format`` a key of :data:`FORMATS` (or "version", the schema's own)."""
    return attrs.field(metadata={"doc": doc, "ref": ref, "format": format, "anchor": anchor})


# --- anchoring --------------------------------------------------------------------


@attrs.frozen
class Span:
    """A stretch of the source text: ``source[start:end] == text`` (code-point offsets)."""

    start: int = _field("Offset of the first character, in Unicode code points from 0.")
    end: int = _field("Offset just past the last character (end excluded).")
    text: str = _field("The exact characters of the source between start and end.")

    def overlaps(self, other: "Span") -> bool:
        """True if the two spans share at least one character."""
        return max(self.start, other.start) < min(self.end, other.end)

    def contains(self, other: "Span") -> bool:
        """True if ``other`` lies within this span's bounds (an empty span included)."""
        return self.start <= other.start and other.end <= self.end


Origin = Literal["text", "canonical-url", "annotator", "outside-reference", "capture"]


@attrs.frozen
class Provenance:
    """Where a value that is not read off the source text came from, and how."""

    field: str = _field("Name of the field this provenance explains.")
    origin: Origin = _field(
        "text: stated by the words in evidence; canonical-url: read off the article's URL; "
        "annotator: the annotators' judgement; "
        "outside-reference: a public reference (such as Census FIPS codes); "
        "capture: facts about how the text file was captured."
    )
    note: str = _field("How the value was obtained, in a sentence.")
    evidence: Span | None = _field("The words of the source the value rests on, if any.")


# --- metadata and structure ----------------------------------------------------------


@attrs.frozen
class Metadata:
    """Facts about the article as a publication."""

    headline: Span = _field("The headline, as it stands in the source.")
    publisher: str = _field(
        "Id of the publishing organization (its masthead is a segment).", ref=("organizations",)
    )
    author: str = _field(
        "Id of the author, a person; named only in the author bio.", ref=("people",)
    )
    author_bio: Span = _field("The author bio line, as captured (a present-day bio).")
    published: datetime.date = _field("Publication date (from the canonical URL).")
    section: str = _field("Newspaper section (from the canonical URL).")
    url: str = _field("Canonical URL of the article.", format="url")
    language: str = _field("BCP 47 language tag of the text.", format="language")
    rights: str = _field("Copyright statement for the article text.")
    source_file: str = _field("File name of the verbatim source text shipped in the package.")
    source_sha256: str = _field(
        "SHA-256 of the source file's bytes (UTF-8 of the text).", format="sha256"
    )
    provenance: tuple[Provenance, ...] = _field(
        "Provenance of every field above that is not a span of the text."
    )


@attrs.frozen
class Paragraph:
    """One of the nine body paragraphs, with its orthographic sentences."""

    index: int = _field("Position among the body paragraphs, from 0.")
    span: Span = _field("The paragraph's text, without surrounding whitespace.")
    sentences: tuple[Span, ...] = _field("Its sentences in order; a sentence may cross quotes.")

    @property
    def text(self) -> str:
        """The paragraph's text."""
        return self.span.text


SegmentKind = Literal[
    "masthead",
    "headline",
    "author-bio",
    "newsletter-signup",
    "comments",
    "navigation",
    "video-promo",
    "paywall-prompt",
]


@attrs.frozen
class Segment:
    """A part of the captured page that is not a body paragraph."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    kind: SegmentKind = _field("What part of the page this is.")
    span: Span = _field("The segment's text, without surrounding whitespace.", anchor=True)
    sentences: tuple[Span, ...] = _field(
        "Its sentences, where an annotation lies in it (masthead, headline, author bio); else none."
    )

    @property
    def text(self) -> str:
        """The segment's text."""
        return self.span.text


@attrs.frozen
class Token:
    """A word, number or punctuation mark: the unit that token-based formats label.

    The rule, applied to the whole source: a token is two or more letters or digits each
    followed by a period (``D.C.``); or a run of letters and digits, joined across a hyphen
    or apostrophe between two of them (``information-sharing``, ``don\u2019t``) or a comma or
    period between two digits (``1,400``); or else any one character that is not white
    space (``,`` ``“`` ``—``).  Every annotation starts and ends on token boundaries.
    """

    index: int = _field("Position among the tokens, from 0.")
    span: Span = _field("The token's characters.")


# --- entities -------------------------------------------------------------------------


@attrs.frozen
class Person:
    """A person the text names or describes; unnamed people have ``name`` None."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    name: str | None = _field("Full name as written; None for an unnamed person.")
    role: str | None = _field("Role or title as stated in the text; None where not stated.")
    affiliation: str | None = _field(
        "Id of the organization the text ties the person to.", ref=("organizations",)
    )
    description: Span | None = _field("Where the text states the role or affiliation.")
    provenance: tuple[Provenance, ...] = _field("Provenance of values not read off the text.")

    @property
    def kind(self) -> str:
        """The kind of entity: 'person'."""
        return "person"

    @property
    def label(self) -> str:
        """The name, or for an unnamed person the words that describe them."""
        if self.name is not None:
            return self.name
        return self.description.text if self.description is not None else self.id


@attrs.frozen
class Organization:
    """An organization named in the text."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    name: str = _field("The fullest name the text gives.")
    aliases: tuple[str, ...] = _field("Other names the text uses (abbreviations).")
    description: Span | None = _field("Where the text describes the organization.")
    provenance: tuple[Provenance, ...] = _field("Provenance of values not read off the text.")

    @property
    def kind(self) -> str:
        """The kind of entity: 'organization'."""
        return "organization"

    @property
    def label(self) -> str:
        """The name."""
        return self.name


PlaceType = Literal["state", "city", "district", "country"]


@attrs.frozen
class Place:
    """A geographic place or the government of one, as named in the text."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    name: str = _field("Standard name of the place.")
    place_type: PlaceType = _field("Kind of place.")
    state_postal_code: str | None = _field(
        "USPS code of the US state or district it is in.", format="usps"
    )
    fips_code: str | None = _field(
        "US Census FIPS code (state or district: 2 digits; city: 7, its state's first).",
        format="fips",
    )
    within: str | None = _field(
        "Id of the place that contains it, where the text says so.", ref=("places",)
    )
    provenance: tuple[Provenance, ...] = _field("Provenance of values not read off the text.")

    @property
    def kind(self) -> str:
        """The kind of entity: 'place'."""
        return "place"

    @property
    def label(self) -> str:
        """The name."""
        return self.name


@attrs.frozen
class Program:
    """A government program: the Secure Communities program is the article's subject."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    name: str = _field("Name as written.")
    description: Span | None = _field("Where the text describes the program.")
    provenance: tuple[Provenance, ...] = _field("Provenance of values not read off the text.")

    @property
    def kind(self) -> str:
        """The kind of entity: 'program'."""
        return "program"

    @property
    def label(self) -> str:
        """The name."""
        return self.name


Entity = Person | Organization | Place | Program
MentionForm = Literal["name", "alias", "nominal", "pronoun"]


@attrs.frozen
class Mention:
    """One place in the text that refers to an entity."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    entity: str = _field("Id of the entity referred to.", ref=ENTITIES)
    form: MentionForm = _field("name, alias (such as ICE), nominal (a noun phrase), pronoun.")
    span: Span = _field("The words that refer.", anchor=True)
    paragraph: int | None = _field("Index of the body paragraph it sits in; None outside them.")


# --- speech -----------------------------------------------------------------------------

Attribution = Literal["cue-names-speaker", "cue-pronoun", "no-cue"]


@attrs.frozen
class Quote:
    """A passage in quotation marks; the span is the text between the marks."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    span: Span = _field(
        "The quoted words, between (not including) the quotation marks.", anchor=True
    )
    speaker: str | None = _field("Id of the entity the quotation is attributed to.", ref=ENTITIES)
    cue: Span | None = _field("The speech verb that attributes it; None when it has none.")
    kind: Literal["full", "partial"] = _field(
        "full: the quote is a whole clause or sentence standing as the speaker's words; "
        "partial: a fragment woven into the writer's sentence."
    )
    paragraph: int = _field("Index of the body paragraph it sits in.")
    attribution: Attribution = _field(
        "cue-names-speaker: the cue's clause names the speaker; cue-pronoun: the cue's "
        "subject is a pronoun resolved by reading; no-cue: attributed by reading the context."
    )
    attribution_note: str | None = _field("Why, where the attribution rests on reading.")


@attrs.frozen
class ReportedSpeech:
    """Indirect speech: a claim the text attributes to a source without quoting it."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    content: Span = _field("What is reported as said or claimed.", anchor=True)
    sources: tuple[str, ...] = _field(
        "Ids of the entities it is attributed to; may be empty.", ref=ENTITIES
    )
    source_span: Span = _field("The words naming the source.")
    cue: Span = _field("The verb of saying.")
    paragraph: int = _field("Index of the body paragraph it sits in.")
    quotes: tuple[str, ...] = _field("Ids of quotations embedded in the content.", ref=("quotes",))
    note: str | None = _field("How the source was resolved, where that rests on reading.")


# --- numbers and time -------------------------------------------------------------------


@attrs.frozen
class Quantity:
    """A number in the text, with what it counts or measures."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    span: Span = _field("The number with its unit as written.", anchor=True)
    value: float = _field("The numeric value.")
    unit: str = _field("Unit of the value.")
    measures: str = _field("What the number measures, in the text's terms.")
    approximate: bool = _field("True where the text marks it as approximate.")
    qualifier: Span | None = _field("The word that marks it approximate (about), if any.")


TimeKind = Literal["date", "month", "year", "duration", "relative"]
TimeRelation = Literal["on", "in", "by", "unspecified"]


@attrs.frozen
class TimeExpression:
    """A time expression, normalized where the text and publication date determine it."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    span: Span = _field("The expression, with its preposition where it has one.", anchor=True)
    kind: TimeKind = _field("Granularity of the expression.")
    value: str | None = _field(
        "ISO 8601 value at the granularity of its kind (2011-06-17, 2011-08, 2013); None if "
        "unknown.",
        format="time-value",
    )
    relation: TimeRelation = _field("on/in: at that time; by: no later than; unspecified.")
    note: str = _field("How the value was normalized, or why it cannot be.")


# --- reforms, events, stances ----------------------------------------------------------------


@attrs.frozen
class Reform:
    """One of the changes to the program the article reports."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    span: Span = _field("The words naming the change.", anchor=True)
    paragraph: int = _field("Index of the body paragraph it sits in.")


ParticipantRole = Literal[
    "agent", "patient", "recipient", "theme", "instrument", "location", "source"
]


@attrs.frozen
class Participant:
    """Who or what takes part in an event, in which role."""

    role: ParticipantRole = _field("Semantic role in the event.")
    entity: str | None = _field("Id of the entity, where the participant is one.", ref=ENTITIES)
    span: Span = _field("The words naming the participant.")


EventStatus = Literal["done", "ongoing", "said-they-would", "planned", "expected"]


@attrs.frozen
class Event:
    """Who did what, to what, when and where, as the text reports it."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    predicate: str = _field(
        "What happens, as a verb lemma (announce, share, vote).", format="lemma"
    )
    trigger: Span = _field("The word or words expressing the event.", anchor=True)
    evidence: Span = _field("The clause or sentence that reports it.")
    status: EventStatus = _field(
        "done; ongoing; said-they-would (announced intent); planned (a goal); expected."
    )
    participants: tuple[Participant, ...] = _field("Who or what takes part.")
    times: tuple[str, ...] = _field(
        "Ids of the time expressions that date it.", ref=("time_expressions",)
    )
    quantities: tuple[str, ...] = _field("Ids of the quantities it involves.", ref=("quantities",))
    paragraph: int = _field("Index of the body paragraph it sits in.")


StanceValue = Literal["supportive", "critical", "mixed", "neutral"]


@attrs.frozen
class Stance:
    """An annotator's reading of a source's stance toward the program."""

    id: str = _field("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")
    holder: str | None = _field("Id of the entity holding the stance, if it is one.", ref=ENTITIES)
    holder_span: Span = _field("The words naming the holder.", anchor=True)
    target: str = _field("Id of the entity the stance is toward (the program).", ref=ENTITIES)
    stance: StanceValue = _field("supportive, critical, mixed or neutral.")
    evidence: tuple[Span, ...] = _field("The passages the reading rests on.")
    rationale: str = _field("Why the annotators read it so, in a sentence.")
    basis: Literal["annotator-interpretation"] = _field(
        "Always annotator-interpretation: stances are a reading, not a fact of the text."
    )


# --- the article --------------------------------------------------------------------------------


@attrs.frozen
class Article:
    """The article: its verbatim source text and every annotation layer over it.

    Made by :func:`load`, :func:`from_dict` or :func:`from_json`, which validate it in
    full; constructing one directly checks nothing (``validate(article)`` does).
    Lookups use an index built here, once.
    """

    schema_version: str = _field("Version of the schema the document follows.", format="version")
    source: str = _field("The verbatim source text.")
    metadata: Metadata = _field("Publication facts.")
    paragraphs: tuple[Paragraph, ...] = _field("The body paragraphs, in order.")
    segments: tuple[Segment, ...] = _field("Every other part of the page, in order.")
    people: tuple[Person, ...] = _field("People.")
    organizations: tuple[Organization, ...] = _field("Organizations.")
    places: tuple[Place, ...] = _field("Places.")
    programs: tuple[Program, ...] = _field("Programs.")
    mentions: tuple[Mention, ...] = _field("Entity mentions, in text order.")
    quotes: tuple[Quote, ...] = _field("Quotations, in text order.")
    reported_speech: tuple[ReportedSpeech, ...] = _field("Indirect speech, in text order.")
    quantities: tuple[Quantity, ...] = _field("Numbers, in text order.")
    time_expressions: tuple[TimeExpression, ...] = _field("Time expressions, in text order.")
    reforms: tuple[Reform, ...] = _field("Reforms reported, in text order.")
    events: tuple[Event, ...] = _field("Events, in text order.")
    stances: tuple[Stance, ...] = _field("Stances toward the program (interpretation).")
    tokens: tuple[Token, ...] = _field("The tokens of the whole source, in order.")
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
        author: Person = self.record(self.metadata.author)
        return author

    @property
    def publisher(self) -> "Organization":
        """The publishing :class:`Organization`."""
        publisher: Organization = self.record(self.metadata.publisher)
        return publisher

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Every entity: people, organizations, places, programs."""
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
        found: Entity | None = self._index.entities_by_id.get(_id(entity_id))
        if found is None:
            raise NotFoundError(entity_id, "entity", tuple(self._index.entities_by_id))
        return found

    def get(self, record_id: str, default: Any = None) -> Any:
        """The record (of any kind) with this id, or ``default``."""
        return self._index.records.get(_id(record_id), default)

    def record(self, record_id: str) -> Any:
        """The record (of any kind) with this id; raises :class:`NotFoundError` if none."""
        found = self._index.records.get(_id(record_id))
        if found is None:
            raise NotFoundError(record_id, "record", tuple(self._index.records))
        return found

    def resolve(self, ids: str | tuple[str, ...] | None) -> Any:
        """The record an id names, the records a tuple of ids names, or None for None.

        For any reference field: ``article.resolve(quote.speaker)``,
        ``article.resolve(event.times)``; an unknown id raises :class:`NotFoundError`.
        """
        if ids is None:
            return None
        if isinstance(ids, tuple):
            return tuple(self.record(record_id) for record_id in ids)
        return self.record(ids)

    def find(self, name: str) -> tuple[Entity, ...]:
        """Entities with this name, alias, name token (a surname) or mention text, ignoring case.

        Nominal mentions match ("an ICE official with knowledge of the program"), pronouns
        ("he", "it") never; a text that names several entities gives each of them.
        """
        found: tuple[Entity, ...] = self._index.by_name.get(_id(name, "a name").casefold(), ())
        return found

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
        """The name and alias mentions inside no other (the longer of two at one start).

        What flat named-entity formats (IOB2, spaCy's ``doc.ents``) can hold.
        """
        kept: list[Mention] = []
        for mention in sorted(self.mentions, key=lambda m: (m.span.start, -m.span.end)):
            if mention.form in ("name", "alias") and (
                not kept or mention.span.start >= kept[-1].span.end
            ):
                kept.append(mention)
        return tuple(kept)

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
