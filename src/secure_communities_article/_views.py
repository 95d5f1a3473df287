"""What the command-line tool prints of the article: the summary and a view of each layer."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ._article import Article
from ._text import aligned
from .formats.csv import write_table_csv
from .formats.tables import table_named, table_rows

#: command -> (table or view, the columns its plain-text view shows, what it lists).
VIEWS: dict[str, tuple[str, str, str]] = {
    "text": ("paragraphs", "paragraph_index span_text", "the body paragraphs"),
    "sentences": ("paragraph_sentences", "paragraph_index ordinal span_text", "the sentences"),
    "segments": ("segments", "id kind span_text", "the parts of the page around the body"),
    "tokens": ("tokens", "token_index span_start span_text", "the tokens, by the one rule"),
    "entities": ("entities", "id kind label", "people, organizations, places and programs"),
    "mentions": ("mentions", "id paragraph_index entity form span_text", "the mentions"),
    "quotes": (
        "quotes_with_speakers",
        "id paragraph_index speaker speaker_organization kind span_text",
        "the quotations, with their speakers",
    ),
    "reported-speech": (
        "reported_speech",
        "id paragraph_index source_span_text cue_text content_text",
        "indirect speech and who it is attributed to",
    ),
    "events": ("events", "id paragraph_index status predicate trigger_text", "the events"),
    "reforms": ("reforms", "id paragraph_index span_text", "the reforms"),
    "stances": ("stances", "id holder_span_text stance target rationale", "stances (a reading)"),
    "quantities": ("quantities", "id span_text value unit approximate measures", "the numbers"),
    "time-expressions": ("time_expressions", "id span_text kind value relation", "the times"),
}
#: The names the views had before they took the model's layer names.
ALIASES = {"quantities": ("numbers",), "time-expressions": ("dates",)}


def _speaker(row: dict[str, Any]) -> str:
    """The speaker's name; an unnamed speaker marked as such, with the words that describe them."""
    if row["speaker"] is None:
        return "(no speaker)"
    return row["speaker_name"] or f"(unnamed) {row['speaker_label']}"


#: Shown columns computed from the row rather than copied: (table, column) -> its text.
SHOWN_AS: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("quotes_with_speakers", "speaker"): _speaker
}


def summary(article: Article) -> str:
    """Headline, date, author, counts, and each quotation with its speaker."""
    a, published = article, article.published

    def count(records: tuple[Any, ...], one: str, many: str = "") -> str:
        return f"{len(records)} {one if len(records) == 1 else many or one + 's'}"

    counts = [
        count(a.mentions, "mention"),
        count(a.quotes, "quotation"),
        count(a.reported_speech, "reported speech", "reported speech"),
        count(a.quantities, "number"),
        count(a.time_expressions, "time expression"),
        count(a.reforms, "reform"),
        count(a.events, "event"),
        count(a.stances, "stance"),
    ]
    lines = [
        a.headline,
        f"{a.publisher.name}, {published:%A} {published.day} {published:%B %Y}, "
        f"{a.metadata.section} section, by {a.author.label}",
        a.url,
        "",
        f"{count(a.paragraphs, 'paragraph')} "
        f"({count(tuple(s for p in a.paragraphs for s in p.sentences), 'sentence')}); "
        f"{count(a.entities, 'entity', 'entities')}: {count(a.people, 'person', 'people')}, "
        f"{count(a.organizations, 'organization')}, {count(a.places, 'place')}, "
        f"{count(a.programs, 'program')}, {count(a.referents, 'other referent')}",
        ", ".join(counts),
        "",
        "Quotations:",
    ]
    for q in a.quotes:
        speaker = a.entity(q.speaker).label if q.speaker else "(unattributed)"
        lines.append(f"  {speaker}: \u201c{q.span.text}\u201d")
    return "\n".join(lines)


def show(article: Article, command: str, output_format: str) -> str:
    """A record command's output: the main columns aligned, or every column as JSON or CSV."""
    table_name, columns, _ = VIEWS[command]
    shown = columns.split()
    table = table_named(table_name)
    rows = table_rows(table, article)
    if output_format == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2)
    if output_format == "csv":
        text = io.StringIO(newline="")
        write_table_csv(table, rows, text)
        return text.getvalue().removesuffix("\n")
    cells = [[SHOWN_AS.get((table_name, n), itemgetter(n))(row) for n in shown] for row in rows]
    return aligned(shown, cells)
