"""The validator's stages after decoding: ids and references, spans and structure, checksum.

Each stage checks every record that decoded and skips only what rests on something already
reported broken, so that one run lists every problem; problems are appended, never raised.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from ._article import Article
from ._decode import INVALID
from ._describe import COLLECTIONS, RECORDS, REFERENCE_PLANS, SPAN_PLANS, FieldInfo, gather
from ._errors import Problem, render, shown
from ._model import ENTITIES, Span
from ._text import words
from ._values import DAY, STATE_FIPS, TIME_VALUE_FORMS

OPEN_QUOTE = "\u201c"
#: The double quotation marks, opening and closing, that the body's quotations sit between.
QUOTATION_MARKS = re.compile("[\u201c\u201d]")


def validate(parts: dict[str, Any], problems: list[Problem]) -> None:
    """Run every stage after decoding over an Article's decoded fields."""
    check_references(parts, problems)
    unsound = check_spans(parts, problems)
    check_structure(parts, unsound, problems)
    check_values(parts, problems)
    if not unsound & {"mentions", "events", "stances"}:
        check_outermost(parts, problems)
    if not unsound & {"mentions", "tokens"}:
        check_mentions(parts, problems)
    check_checksum(parts, problems)


def _decoded(parts: dict[str, Any], name: str) -> Iterator[tuple[int, Any]]:
    """The records of a collection that decoded, with their positions."""
    collection = parts[name]
    if collection is not INVALID:
        for position, record in enumerate(collection):
            if record is not INVALID:
                yield position, record


def _spans(
    parts: dict[str, Any], field: FieldInfo, furniture: bool = True
) -> list[tuple[Any, FieldInfo, Any]]:
    """The spans in one of the Article's record fields that decoded, with their nested paths
    (without the page furniture's, segments without sentences, if ``furniture`` is False)."""
    value = parts[field.name]
    found: list[tuple[Any, FieldInfo, Any]] = []
    records = enumerate(value) if field.many and value is not INVALID else [(None, value)]
    for key, record in records:
        if record is not INVALID and (furniture or field.name != "segments" or record.sentences):
            gather(record, SPAN_PLANS, (("$", field.name), key), found)
    return found


def _complete(parts: dict[str, Any], *names: str) -> bool:
    """True if these fields decoded in full (every record of a collection)."""
    values = [parts[name] for name in names]
    return not any(v is INVALID or (type(v) is tuple and INVALID in v) for v in values)


# --- ids and references ------------------------------------------------------------------
def check_references(parts: dict[str, Any], problems: list[Problem]) -> None:
    """Ids are unique across the document, and every reference names a record of its kind."""
    first_seen: dict[str, Any] = {}
    ids: dict[str, set[str]] = {}
    found: list[tuple[Any, FieldInfo, Any]] = []
    if parts["metadata"] is not INVALID:
        gather(parts["metadata"], REFERENCE_PLANS, ("$", "metadata"), found)
    for collection in COLLECTIONS:
        known = ids[collection.name] = set()
        here = ("$", collection.name)
        for position, record in _decoded(parts, collection.name):
            at = ((here, position), "id")
            first = first_seen.setdefault(record.id, at)
            if first is not at:
                message = f"duplicate id {shown(record.id)} (first at {render(first)})"
                problems.append((render(at), message))
            known.add(record.id)
            gather(record, REFERENCE_PLANS, (here, position), found)
    for where, field, value in found:
        if any(value in ids[target] for target in field.ref):
            continue
        if _complete(parts, *field.ref):  # else it may name a record that did not decode
            problems.append((render(where), f"no {_kind(field.ref)} has id {shown(value)}"))


def _kind(collections: tuple[str, ...]) -> str:
    """What records in these collections are called: "entity", "person", "time expression"."""
    if collections == ENTITIES:
        return "entity"
    return " or ".join(words(c.base.__name__) for c in COLLECTIONS if c.name in collections)


# --- spans against the source, and the structure they make -------------------------------
def check_spans(parts: dict[str, Any], problems: list[Problem]) -> set[str]:
    """Every span lies in the source and its slice is its text; returns the fields that fail."""
    source = parts["source"]
    size = len(source) if source is not INVALID else None
    unsound: set[str] = set()
    for field in RECORDS[Article].fields:
        if field.is_record:
            before = len(problems)
            for where, _, span in _spans(parts, field):
                _check_span(span, where, source, size, problems)
            if len(problems) > before or not _complete(parts, field.name):
                unsound.add(field.name)
    if size is None:
        unsound.update(f.name for f in RECORDS[Article].fields)
    return unsound


def _check_span(
    span: Span, where: Any, source: str, size: int | None, problems: list[Problem]
) -> None:
    # The record-local rules come first, so that a huge offset is never used to slice.
    start, end, text = span.start, span.end, span.text
    length = end - start
    if start < 0:
        side, message = "start", f"negative offset {shown(start)}"
    elif end < start:
        side, message = "end", f"end {shown(end)} is before start {shown(start)}"
    elif len(text) != length:
        side, message = "text", f"{len(text)} characters recorded for a span of {shown(length)}"
    elif size is None:
        return
    elif end > size:
        side, message = "end", f"offset {shown(end)} is past the end of the source ({size})"
    elif (found := source[start:end]) != text:
        side, message = "text", f"recorded {shown(text)}, the source has {shown(found)} there"
    else:
        return
    problems.append((f"{render(where)}.{side}", message))


def check_structure(parts: dict[str, Any], unsound: set[str], problems: list[Problem]) -> None:
    """Paragraphs and segments partition the text; records sit where they say; text order."""
    if not unsound & {"source", "paragraphs", "segments", "metadata"}:
        _check_blocks(parts, problems)
    if "tokens" not in unsound:
        _check_tokens(parts, unsound, problems)
    if "paragraphs" not in unsound:
        _check_paragraph_fields(parts, unsound, problems)
        if "quotes" not in unsound:
            _check_quotation_marks(parts, problems)
    _check_order(parts, unsound, problems)


#: The segments that the token-level exports carry, so that need their sentences.
SENTENCED = ("masthead", "headline", "author-bio")


def _check_blocks(parts: dict[str, Any], problems: list[Problem]) -> None:
    source: str = parts["source"]
    paragraphs, segments, metadata = parts["paragraphs"], parts["segments"], parts["metadata"]
    blocks: list[tuple[Span, str]] = []
    for i, paragraph in enumerate(paragraphs):
        path = f"$.paragraphs[{i}]"
        if paragraph.index != i:
            problems.append((f"{path}.index", f"index {shown(paragraph.index)} at position {i}"))
        blocks.append((paragraph.span, path))
        if not paragraph.sentences:
            problems.append((f"{path}.sentences", "a paragraph needs at least one sentence"))
        _check_sentences(source, paragraph, path, "paragraph", problems)
    for i, segment in enumerate(segments):
        blocks.append((segment.span, f"$.segments[{i}]"))
        if segment.kind in SENTENCED and not segment.sentences:
            problems.append((f"$.segments[{i}].sentences", f"a {segment.kind} needs its sentences"))
        _check_sentences(source, segment, f"$.segments[{i}]", "segment", problems)
    blocks.sort(key=lambda block: block[0].start)
    covered = 0
    for span, path in blocks:
        if not span.text or span.text != span.text.strip():
            problems.append((f"{path}.span", "a block must start and end with non-whitespace"))
        if span.start < covered:
            problems.append((f"{path}.span", f"overlaps the block ending at {covered}"))
        elif source[covered : span.start].strip():
            gap = f"text at {covered}-{span.start} is in no paragraph or segment"
            problems.append((f"{path}.span", gap))
        covered = max(covered, span.end)
    if source[covered:].strip():
        problems.append(("$.segments", f"text from {covered} is in no paragraph or segment"))
    for kind, field in (("headline", "headline"), ("author-bio", "author_bio")):
        matching = [s for s in segments if s.kind == kind]
        if len(matching) != 1 or matching[0].span != getattr(metadata, field):
            message = f"must be the span of the one {kind!r} segment"
            problems.append((f"$.metadata.{field}", message))


def _check_sentences(
    source: str, block: Any, path: str, what: str, problems: list[Problem]
) -> None:
    """A paragraph's or segment's sentences, if it has any, cover it in order."""
    covered = block.span.start
    for j, sentence in enumerate(block.sentences):
        if not block.span.contains(sentence):
            problems.append((f"{path}.sentences[{j}]", f"sentence is outside its {what}"))
        elif sentence.start < covered:
            problems.append((f"{path}.sentences[{j}]", "sentence overlaps the one before"))
        elif source[covered : sentence.start].strip():
            problems.append((f"{path}.sentences[{j}]", "text before it is in no sentence"))
        covered = max(covered, sentence.end)
    if block.sentences and source[covered : block.span.end].strip():
        problems.append((f"{path}.sentences", f"the {what}'s end is in no sentence"))


def _check_tokens(parts: dict[str, Any], unsound: set[str], problems: list[Problem]) -> None:
    """Tokens are in order and apart; other spans (but the furniture's) start and end on them."""
    covered, source = 0, parts["source"]
    starts, ends = set(), set()
    blocks = [b for name in ("paragraphs", "segments") if name not in unsound for b in parts[name]]
    sentence_ends = {s.end for block in blocks for s in block.sentences}
    for i, token in enumerate(parts["tokens"]):
        path = f"$.tokens[{i}].span"
        if token.index != i:
            problems.append((f"$.tokens[{i}].index", f"index {shown(token.index)} at position {i}"))
        if token.span.start < covered or token.span.start == token.span.end:
            problems.append((path, "empty, or overlaps the token before"))
        elif i and covered not in sentence_ends and source[covered : token.span.start].strip():
            problems.append((path, "the text before it, in its sentence, is in no token"))
        if any(c.isspace() for c in token.span.text):  # the token formats part words at spaces
            problems.append((path, "a token holds white space"))
        covered = max(covered, token.span.end)
        starts.add(token.span.start)
        ends.add(token.span.end)
    for field in RECORDS[Article].fields:
        if field.is_record and field.name not in unsound and field.name != "tokens":
            for where, _, span in _spans(parts, field, furniture=False):
                for side, offset, known in (("start", span.start, starts), ("end", span.end, ends)):
                    if offset not in known:
                        message = f"no token {side}s at {offset}"
                        problems.append((f"{render(where)}.{side}", message))


def _check_paragraph_fields(
    parts: dict[str, Any], unsound: set[str], problems: list[Problem]
) -> None:
    """A record's ``paragraph`` is the body paragraph holding all its spans (None: none does)."""
    paragraphs = parts["paragraphs"]
    starts = [p.span.start for p in paragraphs]
    count = len(paragraphs)
    for collection in COLLECTIONS:
        if collection.name in unsound or "paragraph" not in RECORDS[collection.base].names:
            continue
        for i, record in _decoded(parts, collection.name):
            found: list[tuple[Any, FieldInfo, Any]] = []
            gather(record, SPAN_PLANS, None, found)
            index = record.paragraph
            path = f"$.{collection.name}[{i}].paragraph"
            if index is None:
                if any(_in_a_paragraph(starts, paragraphs, s) for _, _, s in found):
                    problems.append((path, "null, but the record lies in a body paragraph"))
            elif not 0 <= index < count:
                problems.append((path, f"no paragraph {shown(index)} (there are {count})"))
            elif not all(paragraphs[index].span.contains(s) for _, _, s in found):
                problems.append((path, f"its spans are not inside paragraph {index}"))


def _in_a_paragraph(starts: list[int], paragraphs: Any, span: Span) -> bool:
    """True if a span overlaps a paragraph (a binary search: paragraphs are in text order)."""
    position = bisect_right(starts, span.start) - 1
    return any(p.span.overlaps(span) for p in paragraphs[max(position, 0) : position + 2])


def _check_quotation_marks(parts: dict[str, Any], problems: list[Problem]) -> None:
    """Every pair of double quotation marks in the body has one quotation record, and back."""
    source: str = parts["source"]
    marked: set[tuple[int, int]] = set()
    for i, paragraph in enumerate(parts["paragraphs"]):
        opening: int | None = None
        for mark in QUOTATION_MARKS.finditer(source, paragraph.span.start, paragraph.span.end):
            offset = mark.start()
            if mark.group() == OPEN_QUOTE:
                if opening is not None:
                    problems.append((f"$.paragraphs[{i}]", f"nested opening quote at {offset}"))
                opening = offset
            elif opening is None:
                problems.append((f"$.paragraphs[{i}]", f"unopened closing quote at {offset}"))
            else:
                marked.add((opening + 1, offset))
                opening = None
        if opening is not None:
            problems.append((f"$.paragraphs[{i}]", f"unclosed opening quote at {opening}"))
    recorded: set[tuple[int, int]] = set()
    for i, quote in enumerate(parts["quotes"]):
        key = (quote.span.start, quote.span.end)
        if key not in marked:
            message = "does not sit exactly inside a pair of quotation marks"
            problems.append((f"$.quotes[{i}].span", message))
        recorded.add(key)
    for start, end in sorted(marked - recorded):
        problems.append(("$.quotes", f"the quotation at {start}-{end} has no quotation record"))


def _check_order(parts: dict[str, Any], unsound: set[str], problems: list[Problem]) -> None:
    """Every collection in text order: by its anchor span, entities by their first mention."""
    first_mention: dict[str, tuple[int, int]] = {}
    if "mentions" not in unsound:
        for mention in parts["mentions"]:
            first_mention.setdefault(mention.entity, (mention.span.start, mention.span.end))
    unmentioned = (len(parts["source"]) + 1, 0) if "source" not in unsound else (0, 0)
    for collection in COLLECTIONS:
        name = collection.name
        anchor = RECORDS[collection.base].anchor
        if name in unsound or (anchor is None and "mentions" in unsound):
            continue
        previous: tuple[int, int] | None = None
        for i, record in enumerate(parts[name]):
            if anchor is not None:
                span = getattr(record, anchor.name)
                key = (span.start, span.end)
            else:
                key = first_mention.get(record.id, unmentioned)
            if previous is not None and key < previous:
                what = "its anchor span" if anchor is not None else "its first mention"
                problems.append((f"$.{name}[{i}]", f"out of text order (by {what})"))
            previous = key


# --- values that depend on another field, and spans that must be mentions ------------------
#: How many digits a place's FIPS code has, by its type (a country has none).
FIPS_DIGITS = {"state": 2, "district": 2, "city": 7, "country": 0}


def check_values(parts: dict[str, Any], problems: list[Problem]) -> None:
    """A place's codes fit its type and each other; a time value fits its kind and calendar."""
    for i, place in _decoded(parts, "places"):
        code, postal = place.fips_code or "", place.state_postal_code
        where = f"$.places[{i}].fips_code"
        if len(code) != FIPS_DIGITS[place.place_type]:
            digits = FIPS_DIGITS[place.place_type] or "no"
            problems.append((where, f"a {place.place_type} has {digits} FIPS digits"))
        elif code and postal is not None and code[:2] != STATE_FIPS[postal]:
            problems.append((where, f"{postal}'s FIPS state code is {STATE_FIPS[postal]}"))
    for i, time in _decoded(parts, "time_expressions"):
        value = time.value
        if re.fullmatch(TIME_VALUE_FORMS[time.kind], value) is None:
            problems.append((f"$.time_expressions[{i}].value", f"not a {time.kind}'s value"))
        elif re.match(DAY, value):
            try:
                datetime.date.fromisoformat(value[:10])
            except ValueError:
                problems.append((f"$.time_expressions[{i}].value", "no such day in the calendar"))


def check_outermost(parts: dict[str, Any], problems: list[Problem]) -> None:
    """Participants' and holders' words are a mention of their entity (of none if it is None)."""
    mentions = {(m.entity, m.span) for m in parts["mentions"]}
    named_by = {m.span: m.entity for m in parts["mentions"]}
    named: list[tuple[str, str, str | None, Span]] = []
    for i, event in enumerate(parts["events"]):
        for j, p in enumerate(event.participants):
            at = f"$.events[{i}].participants[{j}]"
            named.append((f"{at}.entity", f"{at}.span", p.entity, p.span))
    for i, stance in enumerate(parts["stances"]):
        at = f"$.stances[{i}]"
        named.append((f"{at}.holder", f"{at}.holder_span", stance.holder, stance.holder_span))
    known = {r.id for name in ENTITIES for _, r in _decoded(parts, name)}
    for entity_at, span_at, entity, span in named:
        if entity is None and span in named_by:
            message = f"null, but its words are a mention of {shown(named_by[span])}"
            problems.append((entity_at, message))
        elif entity is None or entity not in known:
            continue  # no entity, or a reference already reported as not resolving
        elif (entity, span) not in mentions:
            problems.append((span_at, f"no mention of {shown(entity)} has exactly these words"))


def check_mentions(parts: dict[str, Any], problems: list[Problem]) -> None:
    """A mention's head is one of its tokens and its name lies in it; no mention lies in
    another mention of its own entity (CorefUD and OntoNotes never nest an entity in itself)."""
    tokens = {(t.span.start, t.span.end) for t in parts["tokens"]}
    by_entity: dict[str, list[tuple[int, int, str]]] = {}
    for i, mention in enumerate(parts["mentions"]):
        span, head, name = mention.span, mention.head, mention.name
        if (head.start, head.end) not in tokens or not span.contains(head):
            problems.append((f"$.mentions[{i}].head", "not one token of the mention"))
        if name is not None and not span.contains(name):
            problems.append((f"$.mentions[{i}].name", "not inside the mention"))
        by_entity.setdefault(mention.entity, []).append((span.start, -span.end, f"$.mentions[{i}]"))
    for entity, found in by_entity.items():
        reach = -1  # the furthest end of the mentions of the entity that start earlier
        for _, end, at in sorted(found):
            if -end <= reach:
                problems.append((f"{at}.span", f"inside a mention of {shown(entity)}"))
            reach = max(reach, -end)


def check_checksum(parts: dict[str, Any], problems: list[Problem]) -> None:
    """The source text hashes to the SHA-256 the metadata records."""
    source, metadata = parts["source"], parts["metadata"]
    if source is INVALID or metadata is INVALID:
        return
    actual = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if actual != metadata.source_sha256:
        message = f"recorded {metadata.source_sha256!r}, the source hashes to {actual!r}"
        problems.append(("$.metadata.source_sha256", message))
