"""The record types: the one definition of the data model, and so of the schema.

Frozen, slotted ``attrs`` classes of immutable values, their annotations runtime objects
that ``_describe`` reads once for the rest of the package; each field's ``metadata`` is set
by :func:`documented`.  Constructors check nothing: the validator is ``_validate``.
"""

import datetime
from typing import Any, ClassVar, Literal

import attrs

#: The collections an entity id may name.
ENTITIES = ("people", "organizations", "places", "programs", "referents")
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


def documented(
    doc: str, *, ref: tuple[str, ...] = (), format: str = "", anchor: bool = False
) -> Any:
    """A documented field: ``ref`` names the collections its ids refer to, ``format`` a key of
    ``_values.FORMATS`` (or "version"), ``anchor`` the span that orders records in the text."""
    return attrs.field(metadata={"doc": doc, "ref": ref, "format": format, "anchor": anchor})


def identifier() -> Any:
    """The ``id`` field of every record that has one."""
    return documented("Stable, readable id: lowercase ASCII words joined by hyphens.", format="id")


# --- anchoring --------------------------------------------------------------------
@attrs.frozen
class Span:
    """A stretch of the source text: ``source[start:end] == text`` (code-point offsets)."""

    start: int = documented("Offset of the first character, in Unicode code points from 0.")
    end: int = documented("Offset just past the last character (end excluded).")
    text: str = documented("The exact characters of the source between start and end.")

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

    field: str = documented("Name of the field this provenance explains.")
    origin: Origin = documented(
        "text: stated by the words in evidence; canonical-url: read off the article's URL; "
        "annotator: the annotators' judgement; "
        "outside-reference: a public reference (such as Census FIPS codes); "
        "capture: facts about how the text file was captured."
    )
    note: str = documented("How the value was obtained, in a sentence.")
    evidence: Span | None = documented("The words of the source the value rests on, if any.")


# --- metadata and structure ----------------------------------------------------------
@attrs.frozen
class Metadata:
    """Facts about the article as a publication."""

    headline: Span = documented("The headline, as it stands in the source.")
    publisher: str = documented(
        "Id of the publishing organization (its masthead is a segment).", ref=("organizations",)
    )
    author: str = documented(
        "Id of the author, a person; named only in the author bio.", ref=("people",)
    )
    author_bio: Span = documented("The author bio line, as captured (a present-day bio).")
    published: datetime.date = documented("Publication date (from the canonical URL).")
    section: str = documented("Newspaper section (from the canonical URL).")
    url: str = documented("Canonical URL of the article.", format="url")
    language: str = documented("BCP 47 language tag of the text.", format="language")
    rights: str = documented("Copyright statement for the article text.")
    source_file: str = documented("File name of the verbatim source text shipped in the package.")
    source_sha256: str = documented(
        "SHA-256 of the source file's bytes (UTF-8 of the text).", format="sha256"
    )
    provenance: tuple[Provenance, ...] = documented(
        "Provenance of every field above that is not a span of the text."
    )


@attrs.frozen
class Paragraph:
    """A body paragraph, with its orthographic sentences."""

    index: int = documented("Position among the body paragraphs, from 0.")
    span: Span = documented("The paragraph's text, without surrounding whitespace.")
    sentences: tuple[Span, ...] = documented("Its sentences in order; a sentence may cross quotes.")

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

    id: str = identifier()
    kind: SegmentKind = documented("What part of the page this is.")
    span: Span = documented("The segment's text, without surrounding whitespace.", anchor=True)
    sentences: tuple[Span, ...] = documented(
        "Its sentences, where an annotation lies in it (masthead, headline, author bio); else none."
    )

    @property
    def text(self) -> str:
        """The segment's text."""
        return self.span.text


@attrs.frozen
class Token:
    """A word of the UD treebank (UD English's tokens: ``Calif.``, ``do`` ``n\u2019t``), the unit
    that token-based formats label; every annotation starts and ends on token boundaries."""

    index: int = documented("Position among the tokens, from 0.")
    span: Span = documented("The token's characters.")


# --- entities -------------------------------------------------------------------------
class _Named:
    """An entity whose label is its name (no slots of its own: a base for the property)."""

    __slots__ = ()
    name: str

    @property
    def label(self) -> str:
        """The name."""
        return self.name


@attrs.frozen
class Person:
    """A person the text names or describes; unnamed people have ``name`` None."""

    kind: ClassVar[str] = "person"  #: the kind of entity
    etype: ClassVar[str] = "person"  #: its CorefUD entity type
    id: str = identifier()
    name: str | None = documented("Full name as written; None for an unnamed person.")
    role: str | None = documented("Role or title as stated in the text; None where not stated.")
    affiliation: str | None = documented(
        "Id of the organization the text ties the person to.", ref=("organizations",)
    )
    description: Span | None = documented("Where the text states the role or affiliation.")
    provenance: tuple[Provenance, ...] = documented("Provenance of values not read off the text.")

    @property
    def label(self) -> str:
        """The name, or for an unnamed person the words that describe them."""
        if self.name is not None:
            return self.name
        return self.description.text if self.description is not None else self.id


@attrs.frozen
class Organization(_Named):
    """An organization named in the text."""

    kind: ClassVar[str] = "organization"  #: the kind of entity
    etype: ClassVar[str] = "organization"  #: its CorefUD entity type
    id: str = identifier()
    name: str = documented("The fullest name the text gives.")
    aliases: tuple[str, ...] = documented("Other names the text uses (abbreviations).")
    description: Span | None = documented("Where the text describes the organization.")
    provenance: tuple[Provenance, ...] = documented("Provenance of values not read off the text.")


PlaceType = Literal["state", "city", "district", "country"]


@attrs.frozen
class Place(_Named):
    """A geographic place or the government of one, as named in the text."""

    kind: ClassVar[str] = "place"  #: the kind of entity
    etype: ClassVar[str] = "place"  #: its CorefUD entity type
    id: str = identifier()
    name: str = documented("Standard name of the place.")
    place_type: PlaceType = documented("Kind of place.")
    state_postal_code: str | None = documented(
        "USPS code of the US state or district it is in.", format="usps"
    )
    fips_code: str | None = documented(
        "US Census FIPS code (state or district: 2 digits; city: 7, its state's first).",
        format="fips",
    )
    within: str | None = documented(
        "Id of the place that contains it, where the text says so.", ref=("places",)
    )
    provenance: tuple[Provenance, ...] = documented("Provenance of values not read off the text.")


@attrs.frozen
class Program(_Named):
    """A government program, such as a benefit or an enforcement scheme the text names."""

    kind: ClassVar[str] = "program"  #: the kind of entity
    etype: ClassVar[str] = "abstract"  #: its CorefUD entity type
    id: str = identifier()
    name: str = documented("Name as written.")
    description: Span | None = documented("Where the text describes the program.")
    provenance: tuple[Provenance, ...] = documented("Provenance of values not read off the text.")


@attrs.frozen
class Referent:
    """What the text refers to more than once that is not catalogued: a group, the changes."""

    kind: ClassVar[str] = "referent"  #: the kind of entity
    name: ClassVar[None] = None  #: a referent has no name
    id: str = identifier()
    etype: str = documented("Its CorefUD entity type (organization, abstract...).", format="etype")
    description: Span = documented("Its first mention, which says what it is.")
    provenance: tuple[Provenance, ...] = documented("Provenance of values not read off the text.")

    @property
    def label(self) -> str:
        """The words of its first mention."""
        return self.description.text


Entity = Person | Organization | Place | Program | Referent
MentionForm = Literal["name", "alias", "nominal", "pronoun"]


@attrs.frozen
class Mention:
    """One place in the text that refers to an entity: a CorefUD/OntoNotes mention."""

    id: str = identifier()
    entity: str = documented("Id of the entity referred to.", ref=ENTITIES)
    form: MentionForm = documented("By its head: name, alias (an acronym), nominal, pronoun.")
    span: Span = documented("The full phrase: relative clause, appositive and all.", anchor=True)
    head: Span = documented("Its head word (one token, the UD head of the phrase).")
    name: Span | None = documented("The entity's name in it, as NER spans it; None if none.")
    paragraph: int | None = documented("Index of the body paragraph it sits in; None outside them.")


# --- speech -----------------------------------------------------------------------------
Attribution = Literal["cue-names-speaker", "cue-pronoun", "no-cue"]


@attrs.frozen
class Quote:
    """A passage in quotation marks; the span is the text between the marks."""

    id: str = identifier()
    span: Span = documented("The quoted words, without the quotation marks.", anchor=True)
    speaker: str | None = documented("Id of the entity the quote is attributed to.", ref=ENTITIES)
    cue: Span | None = documented("The speech verb that attributes it; None when it has none.")
    kind: Literal["full", "partial"] = documented(
        "full: the quote is a whole clause or sentence standing as the speaker's words; "
        "partial: a fragment woven into the writer's sentence."
    )
    paragraph: int = documented("Index of the body paragraph it sits in.")
    attribution: Attribution = documented(
        "cue-names-speaker: the cue's clause names the speaker; cue-pronoun: the cue's "
        "subject is a pronoun resolved by reading; no-cue: attributed by reading the context."
    )
    attribution_note: str | None = documented("Why, where the attribution rests on reading.")


@attrs.frozen
class ReportedSpeech:
    """Indirect speech: a claim the text attributes to a source without quoting it."""

    id: str = identifier()
    content: Span = documented("What is reported as said or claimed.", anchor=True)
    sources: tuple[str, ...] = documented(
        "Ids of the entities it is attributed to; may be empty.", ref=ENTITIES
    )
    source_span: Span = documented("The words naming the source.")
    cue: Span = documented("The verb of saying.")
    paragraph: int = documented("Index of the body paragraph it sits in.")
    quotes: tuple[str, ...] = documented("Ids of the quotes inside the content.", ref=("quotes",))
    note: str | None = documented("How the source was resolved, where that rests on reading.")


# --- numbers and time -------------------------------------------------------------------
@attrs.frozen
class Quantity:
    """A number in the text, with what it counts or measures."""

    id: str = identifier()
    span: Span = documented("The number with its unit as written.", anchor=True)
    value: float = documented("The numeric value.")
    unit: str = documented("Unit of the value.")
    measures: str = documented("What the number measures, in the text's terms.")
    approximate: bool = documented("True where the text marks it as approximate.")
    qualifier: Span | None = documented("The word that marks it approximate (about), if any.")


TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
TimeRelation = Literal["on", "in", "by", "unspecified"]


@attrs.frozen
class TimeExpression:
    """A TIMEX3 time expression, its value normalized against the publication date."""

    id: str = identifier()
    span: Span = documented("The TIMEX3 extent, without its signal (2008).", anchor=True)
    kind: TimeType = documented("The TIMEX3 type: DATE, TIME, DURATION or SET.")
    value: str = documented("The TIMEX3 value (1999-12, P2W, PAST_REF...).", format="time-value")
    signal: Span | None = documented("The TimeML signal (the preposition: in, by), if any.")
    relation: TimeRelation = documented("on/in: at that time; by: no later than; unspecified.")
    note: str = documented("How the value was normalized.")


# --- reforms, events, stances ----------------------------------------------------------------
@attrs.frozen
class Reform:
    """One of the changes to the program the article reports."""

    id: str = identifier()
    span: Span = documented("The words naming the change.", anchor=True)
    paragraph: int = documented("Index of the body paragraph it sits in.")


ParticipantRole = Literal[
    "agent", "patient", "recipient", "theme", "instrument", "location", "source"
]


@attrs.frozen
class Participant:
    """Who or what takes part in an event, in which role."""

    role: ParticipantRole = documented("Semantic role in the event.")
    entity: str | None = documented("Id of the entity, where the participant is one.", ref=ENTITIES)
    span: Span = documented("The words naming the participant.")


EventStatus = Literal["done", "ongoing", "said-they-would", "planned", "expected"]


@attrs.frozen
class Event:
    """Who did what, to what, when and where, as the text reports it."""

    id: str = identifier()
    predicate: str = documented(
        "What happens, as a verb lemma (announce, share, vote).", format="lemma"
    )
    trigger: Span = documented("The word or words expressing the event.", anchor=True)
    evidence: Span = documented("The clause or sentence that reports it.")
    status: EventStatus = documented(
        "done; ongoing; said-they-would (announced intent); planned (a goal); expected."
    )
    participants: tuple[Participant, ...] = documented("Who or what takes part.")
    times: tuple[str, ...] = documented(
        "Ids of the time expressions that date it.", ref=("time_expressions",)
    )
    quantities: tuple[str, ...] = documented("Ids of the quantities in it.", ref=("quantities",))
    paragraph: int = documented("Index of the body paragraph it sits in.")


StanceValue = Literal["supportive", "critical", "mixed", "neutral"]


@attrs.frozen
class Stance:
    """An annotator's reading of a source's stance toward the program."""

    id: str = identifier()
    holder: str | None = documented("Id of the holder, where it is an entity.", ref=ENTITIES)
    holder_span: Span = documented("The words naming the holder.", anchor=True)
    target: str = documented("Id of the entity the stance is toward (the program).", ref=ENTITIES)
    stance: StanceValue = documented("supportive, critical, mixed or neutral.")
    evidence: tuple[Span, ...] = documented("The passages the reading rests on.")
    rationale: str = documented("Why the annotators read it so, in a sentence.")
    basis: Literal["annotator-interpretation"] = documented(
        "Always annotator-interpretation: stances are a reading, not a fact of the text."
    )
