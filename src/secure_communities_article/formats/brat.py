"""The brat standoff format: the article as a brat document, and brat files as predictions.

A folder brat opens: the source (``.txt``), the ``.ann`` (docs/exports.md says what its lines
hold) and the ``annotation.conf`` and ``visual.conf`` that declare and colour its types.
brat counts offsets in code points, as the model does, so every span is the model's own.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any, get_args

from .._article import Article
from .._errors import DataError
from .._model import Entity, Mention, Span
from .._text import number
from .tables import article_id

SIGNATURE = rb"\A(?:[TRENA#]\d+\t|# brat (?:annotation|display) config|The Washington Post\n)"
#: brat type of each entity kind: its record's class name (``Person``).
ENTITY_TYPES = {c.kind: c.__name__ for c in get_args(Entity)}
MENTION, KIND_LINES = "|".join(ENTITY_TYPES.values()), "\n".join(ENTITY_TYPES.values())
CHAIN = "Coreference"  #: the symmetric-transitive relation joining an entity's mentions
ANNOTATION_CONF = f"""\
# brat annotation configuration for the secure-communities-article export.
[entities]
{KIND_LINES}
Quotation
TimeExpression
Quantity
ReportedSpeech
Reform
Stance

[relations]
Speaker\tArg1:Quotation, Arg2:{MENTION}
Source\tArg1:ReportedSpeech, Arg2:{MENTION}
{CHAIN}\tArg1:{MENTION}, Arg2:{MENTION}, <REL-TYPE>:symmetric-transitive
# Mentions nest in quotations and in other mentions: allow every overlap.
<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>

[events]
Event\tParticipant*:{MENTION}

[attributes]
Form\tArg:{MENTION}, Value:name|alias|nominal|pronoun
"""
#: Each type's label in brat (its name, then short) and drawing, in visual.conf's order.
VISUALS = (
    ("Person", "Person | Per", "bgColor:#ffccaa"),
    ("Organization", "Organization | Org", "bgColor:#8fb2ff"),
    ("Place", "Place | Pl", "bgColor:#7fe2ff"),
    ("Program", "Program | Prog", "bgColor:#e0ff80"),
    ("Quotation", "Quotation | Quote", "bgColor:#eeeeee"),
    ("TimeExpression", "Time expression | Time", "bgColor:#ffe000"),
    ("Quantity", "Quantity | Num", "bgColor:#ffb000"),
    ("Event", "Event | Ev", "bgColor:#a4bced"),
    ("ReportedSpeech", "Reported speech | Rep", "bgColor:#dddddd"),
    ("Reform", "Reform | Ref", "bgColor:#b0f0b0"),
    ("Stance", "Stance | St", "bgColor:#f0b0f0"),
    ("Speaker", "Speaker | Spk", "color:#3fb2ff, dashArray:3-3"),
    ("Source", "Source | Src", "color:#3fb2ff, dashArray:3-3"),
    (CHAIN, "Coreference | Coref", "dashArray:3-3, arrowHead:none"),
    ("Form", "Form", ""),
)
VISUAL_CONF = (
    "# brat display configuration for the secure-communities-article export.\n[labels]\n"
    + "".join(f"{name} | {labels}\n" for name, labels, _ in VISUALS)
    + "\n[drawing]\n"
    + "".join(f"{name}\t{drawing}\n" for name, _, drawing in VISUALS if drawing)
)


def brat_files(article: Article) -> dict[str, str]:
    """The brat document's files: name -> text (the .txt, the .ann and the two confs)."""
    stem = article_id(article)
    return {
        f"{stem}.txt": article.source,
        f"{stem}.ann": ann_text(article),
        "annotation.conf": ANNOTATION_CONF,
        "visual.conf": VISUAL_CONF,
    }


def fill(article: Article, folder: Path) -> None:
    """Write the brat files into an (empty) folder."""
    for name, text in brat_files(article).items():
        (folder / name).write_text(text, encoding="utf-8", newline="")


def ann_text(article: Article) -> str:
    """The ``.ann`` file: T, A, R, E and note lines for every exported record."""
    lines: list[str] = []
    textbound: dict[str, str] = {}  # record id -> its T id
    note_numbers, relation_numbers = itertools.count(1), itertools.count(1)

    def note(target: str, text: str) -> None:
        lines.append(f"#{next(note_numbers)}\tAnnotatorNotes {target}\t{text}")

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
            arguments = f"Arg1:{tag} Arg2:{textbound[found.id]}"
            lines.append(f"R{next(relation_numbers)}\t{relation} {arguments}")

    for attribute, mention in enumerate(article.mentions, 1):
        brat_type = ENTITY_TYPES[article.entity(mention.entity).kind]
        tag = add_textbound(mention.id, brat_type, mention.span, f"entity={mention.entity}")
        lines.append(f"A{attribute}\tForm {tag} {mention.form}")
    for entity in article.entities:
        chain = [textbound[m.id] for m in article.mentions_of(entity.id)]
        if len(chain) > 1:
            lines.append(f"*\t{CHAIN} {' '.join(chain)}")
    for quote in article.quotes:
        speaker = f"speaker={quote.speaker}; " if quote.speaker else ""
        tag = add_textbound(quote.id, "Quotation", quote.span, f"{speaker}kind={quote.kind}")
        relate("Speaker", tag, quote.speaker, quote.span)
    for reported in article.reported_speech:
        notes = f"sources={','.join(reported.sources)}" if reported.sources else ""
        tag = add_textbound(reported.id, "ReportedSpeech", reported.content, notes)
        for source in reported.sources:
            relate("Source", tag, source, reported.content)
    for time in article.time_expressions:
        value = f"value={time.value}; " if time.value is not None else ""
        add_textbound(time.id, "TimeExpression", time.span, f"{value}kind={time.kind}")
    for quantity in article.quantities:
        notes = f"value={number(quantity.value)}; unit={quantity.unit}"
        add_textbound(quantity.id, "Quantity", quantity.span, notes)
    for reform in article.reforms:
        add_textbound(reform.id, "Reform", reform.span, "")
    for stance in article.stances:
        holder = f"holder={stance.holder}; " if stance.holder else ""
        notes = f"{holder}stance={stance.stance}; target={stance.target}"
        add_textbound(stance.id, "Stance", stance.holder_span, notes)
    for count, event in enumerate(article.events, 1):
        trigger = add_textbound(event.id, "Event", event.trigger, None)
        lines.append(f"E{count}\tEvent:{trigger}")
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

    def distance(m: Mention) -> int:
        return min(abs(m.span.start - span.end), abs(span.start - m.span.end))

    return min(mentions, key=distance, default=None)


# --- reading ---------------------------------------------------------------------------------

_TEXTBOUND = re.compile(r"^(T[0-9]+)\t(\S+) ([0-9 ;]+)\t(.*)$")
_PIECE = re.compile(r"^([0-9]{1,9}) ([0-9]{1,9})$")
_RELATION = re.compile(r"^(R[0-9]+)\t(\S+) Arg1:(T[0-9]+) Arg2:(T[0-9]+)\s*$")
_EVENT = re.compile(r"^(E[0-9]+)\t([^\s:]+):(T[0-9]+)(?:\s.*)?$")
_NOTE = re.compile(r"^(#[0-9]*)\tAnnotatorNotes ([TE][0-9]+)\t(.*)$")
_CHAIN = re.compile(r"^(\*)\t\S+((?: T[0-9]+)+)\s*$")
_OTHER = re.compile(r"^([AMN][0-9]+|\*)\t")
#: The most fragments one T line may have.
MAX_FRAGMENTS = 100


def read(data: bytes, name: str, source: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The T lines of a brat ``.ann`` file as predictions, located ``name:line Tn``, each with
    its text for the scorer to check against ``source`` (docs/evaluate.md: how lines read)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError.at(name, f"not UTF-8 (byte {error.start})") from None
    spans: dict[str, tuple[str, dict[str, Any]]] = {}
    links: list[tuple[str, str, str]] = []  # (T id, key, T id)
    notes: list[tuple[str, str]] = []  # (T or E id, note)
    triggers: dict[str, str] = {}  # E id -> T id
    chains: list[list[str]] = []  # the T ids of each ``*`` line
    seen: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for number_, line in enumerate(text.split("\n"), 1):
        where, line = f"{name}:{number_}", line.rstrip("\r")
        if not line.strip():
            continue
        found = _TEXTBOUND.match(line) or _RELATION.match(line) or _EVENT.match(line)
        found = found or _NOTE.match(line) or _CHAIN.match(line) or _OTHER.match(line)
        if found is None:
            problems.append((where, "not a brat annotation line"))
            continue
        identifier = found[1]
        if identifier != "*" and identifier in seen:
            problems.append((where, f"id {identifier} is used twice (first at {seen[identifier]})"))
            continue
        seen[identifier] = where
        if found.re is _TEXTBOUND:
            pieces = _pieces(found[3])
            if pieces is None:
                problems.append((where, f"expected 1 to {MAX_FRAGMENTS} 'start end' offsets"))
                continue
            fields = {"start": pieces[0][0], "end": pieces[-1][1], "text": found[4]}
            fields["label"] = found[2]
            if len(pieces) > 1:
                fields["fragments"] = pieces
            spans[identifier] = (f"{where} {identifier}", fields)
        elif found.re is _RELATION:
            links.append((found[3], found[2].casefold(), found[4]))
        elif found.re is _EVENT:
            triggers[identifier] = found[3]
            if found[2] != "Event":  # an E line's type other than Event is its predicate
                notes.append((identifier, f"predicate={found[2].casefold()}"))
        elif found.re is _NOTE:
            notes.append((found[2], found[3]))
        elif found.re is _CHAIN:
            chains.append(found[2].split())
    for trigger in triggers.values():
        if trigger in spans:
            spans[trigger][1]["label"] = "event"
    for source, key, target in links:
        if source in spans and target in spans:
            spans[source][1].setdefault(key, {k: spans[target][1][k] for k in ("start", "end")})
    for chain in chains:  # a chain is named by its first mention
        for member in chain:
            spans.get(member, ("", {}))[1].setdefault("cluster", chain[0])
    for target, note in notes:
        fields = spans.get(triggers.get(target, target), ("", {}))[1]
        for key, value in _pairs(note).items():
            fields.setdefault(key, value)
    if problems:
        raise DataError(problems)
    return list(spans.values())


def _pieces(offsets: str) -> list[tuple[int, int]] | None:
    """``start end;start end`` offsets, few and short (a 5,000-digit offset is no offset)."""
    if offsets.count(";") >= MAX_FRAGMENTS:
        return None
    found = [_PIECE.match(piece) for piece in offsets.split(";")]
    return [(int(m[1]), int(m[2])) for m in found if m] if all(found) else None


def _pairs(note: str) -> dict[str, str]:
    """``key=value; key=value`` pairs of a note (other notes give none)."""
    pairs = (part.partition("=") for part in note.split(";"))
    return {key.strip(): value.strip() for key, equals, value in pairs if equals and key.strip()}
