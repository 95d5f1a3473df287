"""The article's invariants, checked whenever an Article is built, and its lookup indexes.

``check_article`` returns every problem as ``(json_path, message)``; it never raises.
It covers everything except the source checksum, which costs a ``hashlib`` import and
is checked by ``load(path)`` and ``validate`` (see ``_load``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._version import SCHEMA_VERSION

if TYPE_CHECKING:
    from ._model import Article, Span

Problem = tuple[str, str]

#: The collections whose records carry an ``id``, in document order.
ID_COLLECTIONS = (
    "segments",
    "people",
    "organizations",
    "places",
    "programs",
    "mentions",
    "quotes",
    "reported_speech",
    "quantities",
    "time_expressions",
    "reforms",
    "events",
    "stances",
)
ENTITY_COLLECTIONS = ("people", "organizations", "places", "programs")
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"


def iter_spans(value: Any, path: str) -> Iterator[tuple[str, Span]]:
    """Every Span inside a record or tuple of records, with its JSON path."""
    from ._model import Span

    if isinstance(value, Span):
        yield path, value
    elif isinstance(value, tuple):
        for position, item in enumerate(value):
            yield from iter_spans(item, f"{path}[{position}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            if field.init:
                yield from iter_spans(getattr(value, field.name), f"{path}.{field.name}")


# How to reach every Span of a record type: (field name, kind) for each field that can
# hold one, derived once per type from the annotations.
_SPAN, _SPANS, _RECORD, _RECORDS = range(4)
_SPAN_PLANS: dict[type, tuple[tuple[str, int], ...]] = {}


def _span_plan(cls: type, visiting: tuple[type, ...] = ()) -> tuple[tuple[str, int], ...]:
    plan = _SPAN_PLANS.get(cls)
    if plan is not None:
        return plan
    if cls in visiting:  # a type that contains itself: walk into it (truthy "may have spans")
        return (("", _RECORD),)
    import types
    import typing

    from ._codec import field_types
    from ._model import Span

    steps: list[tuple[str, int]] = []
    for name, annotation in field_types(cls).items():
        inner, many = annotation, False
        if typing.get_origin(inner) in (typing.Union, types.UnionType):
            inner = next(a for a in typing.get_args(inner) if a is not type(None))
        if typing.get_origin(inner) is tuple:
            inner, many = typing.get_args(inner)[0], True
        if inner is Span:
            steps.append((name, _SPANS if many else _SPAN))
        elif isinstance(inner, type) and attrs.has(inner) and _span_plan(inner, (*visiting, cls)):
            steps.append((name, _RECORDS if many else _RECORD))
    plan = _SPAN_PLANS[cls] = tuple(steps)  # published only when complete (threads)
    return plan


def gather_spans(record: Any, found: list[Span]) -> None:
    """Append every Span inside a record to ``found`` (no paths: the fast walk)."""
    plan = _SPAN_PLANS.get(type(record))
    for name, kind in _span_plan(type(record)) if plan is None else plan:
        value = getattr(record, name)
        if value is None:
            continue
        if kind == _SPAN:
            found.append(value)
        elif kind == _SPANS:
            found.extend(value)
        elif kind == _RECORD:
            gather_spans(value, found)
        else:
            for item in value:
                gather_spans(item, found)


def check_article(article: Article) -> list[Problem]:
    """Every problem with the article's content, or an empty list."""
    problems: list[Problem] = []
    if article.schema_version != SCHEMA_VERSION:
        problems.append(
            (
                "$.schema_version",
                f"unsupported schema version {article.schema_version!r}; "
                f"this package reads {SCHEMA_VERSION!r}",
            )
        )
    source = article.source
    spans: list[Span] = []
    gather_spans(article, spans)
    size = len(source)
    for span in spans:
        if span.end > size or source[span.start : span.end] != span.text:
            problems.extend(_span_problems(article))
            break
    if problems:
        return problems  # the structural checks below assume spans are sound
    problems.extend(_check_ids_and_references(article))
    problems.extend(_check_structure(article))
    problems.extend(_check_quotation_marks(article))
    problems.extend(_check_order(article))
    return problems


def _span_problems(article: Article) -> list[Problem]:
    """Each span past the end of the source or whose slice differs, with its JSON path."""
    problems: list[Problem] = []
    source = article.source
    for path, span in iter_spans(article, "$"):
        if span.end > len(source):
            problems.append(
                (f"{path}.end", f"offset {span.end} is past the end of the source ({len(source)})")
            )
        elif source[span.start : span.end] != span.text:
            problems.append(
                (
                    f"{path}.text",
                    f"recorded {span.text!r} but the source has "
                    f"{source[span.start : span.end]!r} at {span.start}-{span.end}",
                )
            )
    return problems


#: Every reference field: (collection, field, kind of record it names, holds a list of ids).
REFERENCES = (
    ("people", "affiliation", "organization", False),
    ("places", "within", "place", False),
    ("mentions", "entity", "entity", False),
    ("quotes", "speaker", "entity", False),
    ("reported_speech", "sources", "entity", True),
    ("reported_speech", "quotes", "quotation", True),
    ("events", "times", "time expression", True),
    ("events", "quantities", "quantity", True),
    ("stances", "holder", "entity", False),
    ("stances", "target", "entity", False),
)


def _check_ids_and_references(article: Article) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for collection in ID_COLLECTIONS:
        for position, record in enumerate(getattr(article, collection)):
            record_id = record.id
            if not record_id or record_id != record_id.strip():
                problems.append(
                    (
                        f"$.{collection}[{position}].id",
                        f"id {record_id!r} is empty or has surrounding spaces",
                    )
                )
            first = seen.get(record_id)
            if first is None:
                seen[record_id] = (collection, position)
            else:
                problems.append(
                    (
                        f"$.{collection}[{position}].id",
                        f"duplicate id {record_id!r} (first at $.{first[0]}[{first[1]}].id)",
                    )
                )

    def ids_of(*collections: str) -> frozenset[str]:
        return frozenset([r.id for c in collections for r in getattr(article, c)])

    kinds = {
        "entity": ids_of(*ENTITY_COLLECTIONS),
        "person": ids_of("people"),
        "organization": ids_of("organizations"),
        "place": ids_of("places"),
        "quotation": ids_of("quotes"),
        "time expression": ids_of("time_expressions"),
        "quantity": ids_of("quantities"),
    }

    def missing(path: str, value: str, kind: str) -> None:
        problems.append((path, f"no {kind} has id {value!r}"))

    if article.metadata.author not in kinds["person"]:
        missing("$.metadata.author", article.metadata.author, "person")
    if article.metadata.publisher not in kinds["organization"]:
        missing("$.metadata.publisher", article.metadata.publisher, "organization")
    for collection, field, kind, many in REFERENCES:
        known = kinds[kind]
        for i, record in enumerate(getattr(article, collection)):
            value = getattr(record, field)
            if many:
                for j, item in enumerate(value):
                    if item not in known:
                        missing(f"$.{collection}[{i}].{field}[{j}]", item, kind)
            elif value is not None and value not in known:
                missing(f"$.{collection}[{i}].{field}", value, kind)
    entities = kinds["entity"]
    for i, event in enumerate(article.events):
        for j, participant in enumerate(event.participants):
            if participant.entity is not None and participant.entity not in entities:
                missing(f"$.events[{i}].participants[{j}].entity", participant.entity, "entity")
    return problems


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _check_structure(article: Article) -> list[Problem]:
    problems: list[Problem] = []
    source = article.source
    blocks: list[tuple[Span, str]] = []
    for i, paragraph in enumerate(article.paragraphs):
        path = f"$.paragraphs[{i}]"
        if paragraph.index != i:
            problems.append((f"{path}.index", f"index {paragraph.index} at position {i}"))
        blocks.append((paragraph.span, path))
        previous_end = paragraph.span.start
        for j, sentence in enumerate(paragraph.sentences):
            if not _within(sentence, paragraph.span):
                problems.append((f"{path}.sentences[{j}]", "sentence is outside its paragraph"))
            elif sentence.start < previous_end:
                problems.append((f"{path}.sentences[{j}]", "sentence overlaps the one before"))
            elif source[previous_end : sentence.start].strip():
                problems.append((f"{path}.sentences[{j}]", "text before it is in no sentence"))
            previous_end = max(previous_end, sentence.end)
        if paragraph.sentences and source[previous_end : paragraph.span.end].strip():
            problems.append((f"{path}.sentences", "the paragraph's end is in no sentence"))
        if not paragraph.sentences:
            problems.append((f"{path}.sentences", "a paragraph needs at least one sentence"))
    for i, segment in enumerate(article.segments):
        blocks.append((segment.span, f"$.segments[{i}]"))
    blocks.sort(key=lambda block: block[0].start)
    covered_to = 0
    for span, path in blocks:
        if span.text != span.text.strip() or not span.text:
            problems.append((f"{path}.span", "a block must start and end with non-whitespace"))
        if span.start < covered_to:
            problems.append((f"{path}.span", f"overlaps the block ending at {covered_to}"))
        elif source[covered_to : span.start].strip():
            problems.append(
                (f"{path}.span", f"text at {covered_to}-{span.start} is in no paragraph or segment")
            )
        covered_to = max(covered_to, span.end)
    if source[covered_to:].strip():
        problems.append(("$.segments", f"text from {covered_to} is in no paragraph or segment"))

    def one_segment(kind: str, span: Span, path: str) -> None:
        matching = [s for s in article.segments if s.kind == kind]
        if len(matching) != 1 or matching[0].span != span:
            problems.append((path, f"must be the span of the one {kind!r} segment"))

    one_segment("headline", article.metadata.headline, "$.metadata.headline")
    one_segment("author-bio", article.metadata.author_bio, "$.metadata.author_bio")

    count = len(article.paragraphs)
    located: list[tuple[str, int, list[Span]]] = []
    anchor_sets: tuple[tuple[str, Callable[[Any], list[Span]]], ...] = (
        ("quotes", lambda r: [r.span] + ([r.cue] if r.cue else [])),
        ("reported_speech", lambda r: [r.content, r.cue, r.source_span]),
        ("reforms", lambda r: [r.span]),
        ("events", lambda r: [r.trigger, r.evidence]),
    )
    for collection, anchors in anchor_sets:
        for i, record in enumerate(getattr(article, collection)):
            located.append((f"$.{collection}[{i}]", record.paragraph, anchors(record)))
    for path, index, spans in located:
        if not 0 <= index < count:
            problems.append((f"{path}.paragraph", f"no paragraph {index} (there are {count})"))
        elif not all(_within(s, article.paragraphs[index].span) for s in spans):
            problems.append((f"{path}.paragraph", f"its spans are not inside paragraph {index}"))
    return problems


def _check_quotation_marks(article: Article) -> list[Problem]:
    """Every pair of double quotation marks in the body has one quotation record, and back."""
    problems: list[Problem] = []
    source = article.source
    marked: set[tuple[int, int]] = set()
    for i, paragraph in enumerate(article.paragraphs):
        opening: int | None = None
        for offset in _quotation_marks(source, paragraph.span.start, paragraph.span.end):
            mark = source[offset]
            if mark == OPEN_QUOTE:
                if opening is not None:
                    problems.append((f"$.paragraphs[{i}]", f"nested opening quote at {offset}"))
                opening = offset
            elif mark == CLOSE_QUOTE:
                if opening is None:
                    problems.append((f"$.paragraphs[{i}]", f"unopened closing quote at {offset}"))
                else:
                    marked.add((opening + 1, offset))
                    opening = None
        if opening is not None:
            problems.append((f"$.paragraphs[{i}]", f"unclosed opening quote at {opening}"))
    recorded: set[tuple[int, int]] = set()
    for i, quote in enumerate(article.quotes):
        key = (quote.span.start, quote.span.end)
        if key not in marked:
            problems.append(
                (f"$.quotes[{i}].span", "does not sit exactly inside a pair of quotation marks")
            )
        recorded.add(key)
    for start, end in sorted(marked - recorded):
        problems.append(("$.quotes", f"the quotation at {start}-{end} has no quotation record"))
    return problems


def _quotation_marks(source: str, start: int, end: int) -> list[int]:
    """The offsets of every opening and closing double quotation mark in start..end."""
    offsets: list[int] = []
    for mark in (OPEN_QUOTE, CLOSE_QUOTE):
        offset = source.find(mark, start, end)
        while offset != -1:
            offsets.append(offset)
            offset = source.find(mark, offset + 1, end)
    offsets.sort()
    return offsets


def _check_order(article: Article) -> list[Problem]:
    problems: list[Problem] = []
    for collection, key in (
        ("segments", lambda r: r.span.start),
        ("mentions", lambda r: (r.span.start, r.span.end)),
        ("quotes", lambda r: r.span.start),
        ("reported_speech", lambda r: r.content.start),
        ("quantities", lambda r: r.span.start),
        ("time_expressions", lambda r: r.span.start),
        ("reforms", lambda r: r.span.start),
        ("events", lambda r: r.evidence.start),
    ):
        records = getattr(article, collection)
        for i in range(1, len(records)):
            if key(records[i]) < key(records[i - 1]):
                problems.append((f"$.{collection}[{i}]", "records must be in text order"))
    return problems


class Index:
    """Lookup tables built once per article; private, never handed out.

    A plain slotted class, not attrs: creating an attrs class costs about 0.4 ms at import.
    """

    __slots__ = (
        "by_name",
        "entities",
        "entities_by_id",
        "mentions_of",
        "paragraph_starts",
        "quotes_by",
        "records",
    )

    def __init__(
        self,
        *,
        records: dict[str, Any],
        entities: tuple[Any, ...],
        entities_by_id: dict[str, Any],
        by_name: dict[str, tuple[Any, ...]],
        quotes_by: dict[str, tuple[Any, ...]],
        mentions_of: dict[str, tuple[Any, ...]],
        paragraph_starts: tuple[int, ...],
    ) -> None:
        self.records = records
        self.entities = entities
        self.entities_by_id = entities_by_id
        self.by_name = by_name
        self.quotes_by = quotes_by
        self.mentions_of = mentions_of
        self.paragraph_starts = paragraph_starts


def build_index(article: Article) -> Index:
    """Dictionaries for constant-time lookups; the article must already be checked."""
    records = {r.id: r for c in ID_COLLECTIONS for r in getattr(article, c)}
    entities = tuple(r for c in ENTITY_COLLECTIONS for r in getattr(article, c))
    entities_by_id = {e.id: e for e in entities}
    names: dict[str, dict[str, Any]] = {}  # name -> {entity id: entity}, in first-seen order

    def add_name(name: str | None, entity: Any) -> None:
        if name:
            bucket = names.get(name.casefold())
            if bucket is None:
                bucket = names[name.casefold()] = {}
            bucket.setdefault(entity.id, entity)

    for entity in entities:
        add_name(entity.name, entity)
        for alias in getattr(entity, "aliases", ()):
            add_name(alias, entity)
    for mention in article.mentions:
        add_name(mention.span.text, entities_by_id[mention.entity])
    quotes: dict[str, list[Any]] = {}
    for quote in article.quotes:
        if quote.speaker is not None:
            quotes.setdefault(quote.speaker, []).append(quote)
    mentions: dict[str, list[Any]] = {}
    for mention in article.mentions:
        mentions.setdefault(mention.entity, []).append(mention)
    return Index(
        records=records,
        entities=entities,
        entities_by_id=entities_by_id,
        by_name={k: tuple(v.values()) for k, v in names.items()},
        quotes_by={k: tuple(v) for k, v in quotes.items()},
        mentions_of={k: tuple(v) for k, v in mentions.items()},
        paragraph_starts=tuple(p.span.start for p in article.paragraphs),
    )
