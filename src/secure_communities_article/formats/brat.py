"""The brat standoff format: the article as a brat document, and brat files as predictions.

The export is a folder brat itself can open: the verbatim text (``.txt``), the
annotations (``.ann``), and the ``annotation.conf`` and ``visual.conf`` that declare
and colour their types.  In the ``.ann``: a T line for every mention (typed by its
entity's kind, with a ``Form`` attribute), quotation, reported speech (its content), time
expression, number, reform, stance (its holder's words) and event trigger (with an E
line for its event); an R line ``Speaker`` from each quotation, and ``Source`` from each
reported speech, to the nearest mention of the speaker or source; and an
``AnnotatorNotes`` line holding each record's id and its values (entity, speaker,
normalized value, unit, stance, predicate) as ``key=value`` pairs, on the E line for an
event (brat refuses a note on a trigger).  brat counts offsets in code points, as the
model does, so every span is the model's own.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from .._article import Article
from .._errors import DataError
from .._model import Mention, Span
from .._text import number

#: brat type of each entity kind.
ENTITY_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "program": "Program",
}
QUOTE_TYPE, TIME_TYPE, QUANTITY_TYPE, EVENT_TYPE = (
    "Quotation",
    "TimeExpression",
    "Quantity",
    "Event",
)
REPORTED_TYPE, REFORM_TYPE, STANCE_TYPE = "ReportedSpeech", "Reform", "Stance"
SPEAKER_RELATION, SOURCE_RELATION = "Speaker", "Source"
#: brat types read as each layer's predictions (any case); mentions read entity kinds.
READ_TYPES = {
    "quotes": {"quotation", "quote"},
    "time_expressions": {"timeexpression", "time", "timex", "timex3", "date"},
    "quantities": {"quantity", "number", "cardinal"},
    "events": {"event"},
}

_ENTITIES = "|".join(ENTITY_TYPES.values())
ANNOTATION_CONF = f"""\
# brat annotation configuration for the secure-communities-article export.
[entities]
{chr(10).join(ENTITY_TYPES.values())}
{QUOTE_TYPE}
{TIME_TYPE}
{QUANTITY_TYPE}
{REPORTED_TYPE}
{REFORM_TYPE}
{STANCE_TYPE}

[relations]
{SPEAKER_RELATION}\tArg1:{QUOTE_TYPE}, Arg2:{_ENTITIES}
{SOURCE_RELATION}\tArg1:{REPORTED_TYPE}, Arg2:{_ENTITIES}
# Mentions nest in quotations and in other mentions: allow every overlap.
<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>

[events]
{EVENT_TYPE}\tParticipant*:{_ENTITIES}

[attributes]
Form\tArg:{_ENTITIES}, Value:name|alias|nominal|pronoun
"""
VISUAL_CONF = """\
# brat display configuration for the secure-communities-article export.
[labels]
Person | Person | Per
Organization | Organization | Org
Place | Place | Pl
Program | Program | Prog
Quotation | Quotation | Quote
TimeExpression | Time expression | Time
Quantity | Quantity | Num
Event | Event | Ev
ReportedSpeech | Reported speech | Rep
Reform | Reform | Ref
Stance | Stance | St
Speaker | Speaker | Spk
Source | Source | Src
Form | Form

[drawing]
Person\tbgColor:#ffccaa
Organization\tbgColor:#8fb2ff
Place\tbgColor:#7fe2ff
Program\tbgColor:#e0ff80
Quotation\tbgColor:#eeeeee
TimeExpression\tbgColor:#ffe000
Quantity\tbgColor:#ffb000
Event\tbgColor:#a4bced
ReportedSpeech\tbgColor:#dddddd
Reform\tbgColor:#b0f0b0
Stance\tbgColor:#f0b0f0
Speaker\tcolor:#3fb2ff, dashArray:3-3
Source\tcolor:#3fb2ff, dashArray:3-3
"""


def brat_files(article: Article) -> dict[str, str]:
    """The brat document's files: name -> text (the .txt, the .ann and the two confs)."""
    stem = Path(article.metadata.source_file).stem
    return {
        f"{stem}.txt": article.source,
        f"{stem}.ann": ann_text(article),
        "annotation.conf": ANNOTATION_CONF,
        "visual.conf": VISUAL_CONF,
    }


def fill(article: Article, folder: Path) -> None:
    """Write the brat files into an (empty) folder."""
    for name, text in brat_files(article).items():
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


def ann_text(article: Article) -> str:
    """The ``.ann`` file: T, A, R, E and note lines for every exported record."""
    lines: list[str] = []
    textbound: dict[str, str] = {}  # record id -> its T id
    note_count = 0

    def note(target: str, text: str) -> None:
        nonlocal note_count
        note_count += 1
        lines.append(f"#{note_count}\tAnnotatorNotes {target}\t{text}")

    def add_textbound(record_id: str, brat_type: str, span: Span, notes: str | None) -> str:
        tag = f"T{len(textbound) + 1}"
        textbound[record_id] = tag
        lines.append(f"{tag}\t{brat_type} {_fragments(span)}\t{_flat(span.text)}")
        if notes is not None:  # brat allows no note on an event's trigger: it goes on the E
            note(tag, f"id={record_id}; {notes}" if notes else f"id={record_id}")
        return tag

    def relate(relation: str, tag: str, entity: str | None, span: Span) -> None:
        found = _nearest_mention(article, entity, span) if entity else None
        if found is not None:
            count = sum(1 for line in lines if line.startswith("R"))
            lines.append(f"R{count + 1}\t{relation} Arg1:{tag} Arg2:{textbound[found.id]}")

    for attribute, mention in enumerate(article.mentions, 1):
        kind = article.entity(mention.entity).kind
        tag = add_textbound(
            mention.id, ENTITY_TYPES[kind], mention.span, f"entity={mention.entity}"
        )
        lines.append(f"A{attribute}\tForm {tag} {mention.form}")
    for quote in article.quotes:
        speaker = f"speaker={quote.speaker}; " if quote.speaker else ""
        tag = add_textbound(quote.id, QUOTE_TYPE, quote.span, f"{speaker}kind={quote.kind}")
        relate(SPEAKER_RELATION, tag, quote.speaker, quote.span)
    for reported in article.reported_speech:
        notes = f"sources={','.join(reported.sources)}" if reported.sources else ""
        tag = add_textbound(reported.id, REPORTED_TYPE, reported.content, notes)
        for source in reported.sources:
            relate(SOURCE_RELATION, tag, source, reported.content)
    for time in article.time_expressions:
        value = f"value={time.value}; " if time.value is not None else ""
        add_textbound(time.id, TIME_TYPE, time.span, f"{value}kind={time.kind}")
    for quantity in article.quantities:
        notes = f"value={number(quantity.value)}; unit={quantity.unit}"
        add_textbound(quantity.id, QUANTITY_TYPE, quantity.span, notes)
    for reform in article.reforms:
        add_textbound(reform.id, REFORM_TYPE, reform.span, "")
    for stance in article.stances:
        holder = f"holder={stance.holder}; " if stance.holder else ""
        notes = f"{holder}stance={stance.stance}; target={stance.target}"
        add_textbound(stance.id, STANCE_TYPE, stance.holder_span, notes)
    for count, event in enumerate(article.events, 1):
        trigger = add_textbound(event.id, EVENT_TYPE, event.trigger, None)
        lines.append(f"E{count}\t{EVENT_TYPE}:{trigger}")
        notes = f"id={event.id}; predicate={event.predicate}; status={event.status}"
        note(f"E{count}", notes)
    return "\n".join(lines) + "\n"


def _fragments(span: Span) -> str:
    """brat offsets: one ``start end`` pair per line of the span (brat splits at newlines)."""
    pieces, start = [], span.start
    for line in span.text.split("\n"):
        if line:
            pieces.append(f"{start} {start + len(line)}")
        start += len(line) + 1
    return ";".join(pieces)


def _flat(text: str) -> str:
    """The text field of a T line: brat joins a multi-line span's fragments with spaces."""
    return " ".join(line for line in text.split("\n") if line)


def _nearest_mention(article: Article, entity: str, span: Span) -> Mention | None:
    """The mention of ``entity`` closest to a span (outside it), for the Speaker relation."""
    mentions = [m for m in article.mentions_of(entity) if not span.overlaps(m.span)]
    if not mentions:
        return None
    return min(
        mentions, key=lambda m: min(abs(m.span.start - span.end), abs(span.start - m.span.end))
    )


# --- reading ---------------------------------------------------------------------------------

_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_RELATION = re.compile(r"^(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\s*$")
_EVENT = re.compile(r"^(E\d+)\t([^\s:]+):(T\d+)(?:\s.*)?$")
_NOTE = re.compile(r"^#\d+\tAnnotatorNotes ([TE]\d+)\t(.*)$")
_OTHER = re.compile(r"^[AMN*]\d*\t")


def read_ann(
    text: str, layer: str, name: str, mention_labels: Collection[str]
) -> list[tuple[str, dict[str, Any]]]:
    """The predictions of one layer in a brat ``.ann`` file, as located raw mappings.

    Mentions are the T lines typed by an entity kind (Person, Organization, Place,
    Program; any case, or PER, ORG, LOC, GPE); quotations are ``Quotation`` T lines, their
    speaker the Arg2 of a ``Speaker`` relation; time expressions and numbers are
    ``TimeExpression`` and ``Quantity`` T lines, their value a ``value=`` note; events are
    the triggers of E lines, their predicate a ``predicate=`` note or else the E type.
    """
    spans: dict[str, tuple[str, str, list[tuple[int, int]], str]] = {}
    speakers: dict[str, str] = {}
    triggers: dict[str, str] = {}  # T id -> E id
    event_types: dict[str, str] = {}
    notes: dict[str, dict[str, str]] = {}
    problems: list[tuple[str, str]] = []
    for line_number, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{line_number}"
        if not line.strip():
            continue
        if found := _TEXTBOUND.match(line):
            identifier, brat_type, offsets, covered = found.groups()
            pieces = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                pieces.append((int(start), int(end)))
            spans[identifier] = (where, brat_type, pieces, covered)
        elif found := _RELATION.match(line):
            if found[2].casefold() == SPEAKER_RELATION.casefold():
                speakers[found[3]] = found[4]
        elif found := _EVENT.match(line):
            triggers[found[3]] = found[1]
            event_types[found[1]] = found[2]
        elif found := _NOTE.match(line):
            notes.setdefault(found[1], {}).update(_pairs(found[2]))
        elif not _OTHER.match(line):
            problems.append((where, "not a brat annotation line"))
    if problems:
        raise DataError(problems)

    def span_of(identifier: str) -> dict[str, Any] | None:
        found = spans.get(identifier)
        if found is None:
            return None
        _, _, pieces, _ = found
        return {"start": pieces[0][0], "end": pieces[-1][1]}

    read: list[tuple[str, dict[str, Any]]] = []
    for identifier, (where, brat_type, pieces, covered) in spans.items():
        kind = brat_type.casefold()
        fields: dict[str, Any] = {"start": pieces[0][0], "end": pieces[-1][1], "text": covered}
        if len(pieces) > 1:  # a discontinuous span: scored as the stretch it spans
            fields["fragments"] = pieces
        if layer == "mentions":
            if kind not in mention_labels:
                continue
            fields["label"] = brat_type
        elif layer == "events":
            event = triggers.get(identifier)
            if event is None and kind not in READ_TYPES["events"]:
                continue
            predicate = notes.get(event or "", {}).get("predicate") or notes.get(
                identifier, {}
            ).get("predicate")
            if predicate is None and event is not None and event_types[event] != EVENT_TYPE:
                predicate = event_types[event].casefold()
            fields["predicate"] = predicate
        elif kind not in READ_TYPES[layer]:
            continue
        elif layer == "quotes":
            speaker = speakers.get(identifier)
            fields["speaker"] = span_of(speaker) if speaker is not None else None
            if speaker is not None and fields["speaker"] is None:
                problems.append((f"{where} {identifier}", f"speaker {speaker} has no T line"))
        else:
            fields["value"] = notes.get(identifier, {}).get("value")
        read.append((f"{where} {identifier}", fields))
    if problems:
        raise DataError(problems)
    return read


def _pairs(note: str) -> dict[str, str]:
    """``key=value; key=value`` pairs of a note (other notes give none)."""
    found = {}
    for part in note.split(";"):
        key, equals, value = part.partition("=")
        if equals and key.strip():
            found[key.strip()] = value.strip()
    return found
