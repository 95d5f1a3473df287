"""The command-line tool ``secure-communities-article`` (``python -m secure_communities_article``).

Standard library only.  Every module beyond the package itself is imported by the
command that needs it, so ``--help`` and ``--version`` stay cheap.  Exit status: 0 done,
1 a file or data problem (one line on stderr, or the list of problems), 2 bad arguments.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from pathlib import Path

    from ._model import Article

PROG = "secure-communities-article"

#: command -> (table or view, the columns the plain-text view shows, what it lists); json and
#: csv give every column.  A shown column in SHOWN_AS is computed from the row.
VIEWS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "text": ("paragraphs", ("paragraph_index", "span_text"), "the body paragraphs"),
    "sentences": (
        "paragraph_sentences",
        ("paragraph_index", "ordinal", "span_text"),
        "the sentences of each paragraph",
    ),
    "segments": ("segments", ("id", "kind", "span_text"), "the parts of the page around the body"),
    "entities": ("entities", ("id", "kind", "label"), "people, organizations, places and programs"),
    "mentions": (
        "mentions",
        ("id", "paragraph_index", "entity", "form", "span_text"),
        "the mentions of entities",
    ),
    "quotes": (
        "quotes_with_speakers",
        ("id", "paragraph_index", "speaker", "speaker_organization", "kind", "span_text"),
        "the quotations, with their speakers",
    ),
    "reported-speech": (
        "reported_speech",
        ("id", "paragraph_index", "source_span_text", "cue_text", "content_text"),
        "indirect speech and who it is attributed to",
    ),
    "events": (
        "events",
        ("id", "paragraph_index", "status", "predicate", "trigger_text"),
        "the events",
    ),
    "reforms": ("reforms", ("id", "paragraph_index", "span_text"), "the reforms of the program"),
    "stances": (
        "stances",
        ("id", "holder_span_text", "stance", "target", "rationale"),
        "stances toward the program (annotators' reading)",
    ),
    "numbers": (
        "quantities",
        ("id", "span_text", "value", "unit", "approximate", "measures"),
        "the numbers",
    ),
    "dates": (
        "time_expressions",
        ("id", "span_text", "kind", "value", "relation"),
        "the time expressions",
    ),
}


def _speaker_shown(row: dict[str, Any]) -> str:
    """The speaker's name; an unnamed speaker marked as such, with the words that describe them."""
    if row["speaker"] is None:
        return "(no speaker)"
    return row["speaker_name"] or f"(unnamed) {row['speaker_label']}"


#: Shown columns computed from the row rather than copied: (table, column) -> its text.
SHOWN_AS: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("quotes_with_speakers", "speaker"): _speaker_shown
}


def _json_text(article: Article) -> str:
    import json

    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _jsonld_text(article: Article) -> str:
    import json

    from ._jsonld import to_jsonld

    return json.dumps(to_jsonld(article), ensure_ascii=False, indent=2) + "\n"


def _schema_text(article: Article) -> str:
    import json

    from ._schema import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _html_text(article: Article) -> str:
    from ._html import to_html

    return to_html(article)


def _web_annotation_text(article: Article) -> str:
    import json

    from ._web_annotation import to_web_annotation

    return json.dumps(to_web_annotation(article), ensure_ascii=False, indent=2) + "\n"


def _spacy_bytes(article: Article) -> bytes:
    from ._spacy import docbin_bytes

    return docbin_bytes(article)


def _brat_folder(article: Article, folder: Path) -> None:
    from ._brat import fill_brat

    fill_brat(article, folder)


def _csv_folder(article: Article, folder: Path) -> None:
    from ._datapackage import fill_csv

    fill_csv(article, folder)


def _datapackage_folder(article: Article, folder: Path) -> None:
    from ._datapackage import fill_datapackage

    fill_datapackage(article, folder)


def _parquet_folder(article: Article, folder: Path) -> None:
    from ._parquet import fill_parquet

    fill_parquet(article, folder)


def _croissant_folder(article: Article, folder: Path) -> None:
    from ._croissant import fill_croissant

    fill_croissant(article, folder)


def _sqlite_bytes(article: Article) -> bytes:
    from ._sqlite import sqlite_bytes

    return sqlite_bytes(article)


#: Export formats written as one file: format -> the file's text (or bytes).
FILE_EXPORTS: dict[str, Callable[[Article], str | bytes]] = {
    "json": _json_text,
    "jsonld": _jsonld_text,
    "json-schema": _schema_text,
    "html": _html_text,
    "web-annotation": _web_annotation_text,
    "spacy": _spacy_bytes,
    "sqlite": _sqlite_bytes,
}
#: Export formats written as a folder: format -> what fills the (new, empty) folder.
FOLDER_EXPORTS: dict[str, Callable[[Article, Path], None]] = {
    "csv": _csv_folder,
    "datapackage": _datapackage_folder,
    "brat": _brat_folder,
    "croissant": _croissant_folder,
    "parquet": _parquet_folder,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; its errors are one line on stderr and exit status 2."""
    import argparse

    class OneLineErrors(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.exit(2, f"{self.prog}: error: {message} (see --help)\n")

    from ._version import __version__

    parser = OneLineErrors(
        prog=PROG,
        description="The Washington Post's 'ICE reforms Secure Communities program' "
        "(2011-06-17) as annotated data. With no command: a short summary.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("summary", help="headline, date, author, counts and the quotations")
    for name, (table, _, what) in VIEWS.items():
        command = commands.add_parser(name, help=f"{what} (table {table!r})")
        command.add_argument(
            "--format",
            choices=("table", "json", "csv"),
            default="table",
            help="aligned plain text (default; the main columns), or every column as JSON or CSV",
        )
    export = commands.add_parser("export", help="write the article in another format, atomically")
    export.add_argument(
        "--format",
        required=True,
        choices=(*FILE_EXPORTS, *FOLDER_EXPORTS),
        help="json: the canonical document; jsonld: schema.org NewsArticle; json-schema: "
        "the document's JSON Schema; html: the annotated page; csv: a folder of tables; "
        "datapackage: the tables with a Frictionless datapackage.json; web-annotation: W3C "
        "Web Annotations (JSON-LD); spacy: a spaCy DocBin (needs the [spacy] extra); brat: "
        "a brat standoff folder; croissant: the "
        "tables with a Croissant croissant.json; parquet: the tables as Parquet files "
        "with a croissant.json (needs the [parquet] extra); sqlite: one SQLite database",
    )
    export.add_argument(
        "--output", required=True, metavar="PATH", help="the file or folder to create"
    )
    export.add_argument("--force", action="store_true", help="replace PATH if it exists")
    validate = commands.add_parser(
        "validate", help="check a JSON document against the schema and the source text"
    )
    validate.add_argument("file", metavar="FILE", help="the document to check")
    _add_score_command(commands)
    return parser


def _add_score_command(commands: Any) -> None:
    from ._score import FORM_SETS, LAYERS

    score = commands.add_parser(
        "score",
        help="score an extractor's predictions against the gold annotations",
        description="Score predictions for one layer: precision, recall and F1, per label, "
        "with every miss listed. PREDICTIONS is read by its extension: .ann (brat standoff), "
        '.json (an array of objects such as {"start": 903, "end": 914, "label": '
        '"person"}, or of [start, end, label] arrays; {"text": ..., "occurrence": n} '
        "in place of offsets), .jsonl (one such item a line) or .spacy (a DocBin; needs "
        "the [spacy] extra).",
    )
    score.add_argument("predictions", metavar="PREDICTIONS", help="the predictions file")
    score.add_argument("--layer", required=True, choices=LAYERS, help="the layer to score")
    score.add_argument(
        "--match",
        choices=("exact", "overlap"),
        default="exact",
        help="exact: identical spans (default); overlap: spans sharing a character, one to one",
    )
    score.add_argument(
        "--forms",
        choices=tuple(FORM_SETS),
        default="names",
        help="gold mentions scored: names and aliases (default), or all forms",
    )
    score.add_argument(
        "--format", choices=("table", "json"), default="table", help="a table, or JSON"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the tool with ``argv`` (default: the process's arguments); return the exit status."""
    arguments = build_parser().parse_args(argv)
    _tolerate_unencodable_output()
    try:
        return _run(arguments)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130


def _tolerate_unencodable_output() -> None:
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def _run(arguments: argparse.Namespace) -> int:
    from ._load import load

    command = arguments.command or "summary"
    if command == "validate":
        return _validate(arguments.file)
    article = load()
    if command == "summary":
        print(summary(article))
        return 0
    if command == "export":
        return _export(article, arguments.format, arguments.output, arguments.force)
    if command == "score":
        return _score(article, arguments)
    return _show(article, command, arguments.format)


def summary(article: Article) -> str:
    """Headline, date, author, counts, and each quotation with its speaker."""

    def count(records: tuple[Any, ...], one: str, many: str) -> str:
        return f"{len(records)} {one if len(records) == 1 else many}"

    a = article
    sentences = tuple(s for p in a.paragraphs for s in p.sentences)
    published = a.published
    lines = [
        a.headline,
        f"{a.publisher.name}, {published:%A} {published.day} {published:%B %Y}, "
        f"{a.metadata.section} section, by {a.author.label}",
        a.url,
        "",
        f"{count(a.paragraphs, 'paragraph', 'paragraphs')} "
        f"({count(sentences, 'sentence', 'sentences')}); "
        f"{count(a.entities, 'entity', 'entities')}: {count(a.people, 'person', 'people')}, "
        f"{count(a.organizations, 'organization', 'organizations')}, "
        f"{count(a.places, 'place', 'places')}, {count(a.programs, 'program', 'programs')}",
        f"{count(a.mentions, 'mention', 'mentions')}, "
        f"{count(a.quotes, 'quotation', 'quotations')}, "
        f"{count(a.reported_speech, 'reported speech', 'reported speech')}, "
        f"{count(a.quantities, 'number', 'numbers')}, "
        f"{count(a.time_expressions, 'time expression', 'time expressions')}, "
        f"{count(a.reforms, 'reform', 'reforms')}, {count(a.events, 'event', 'events')}, "
        f"{count(a.stances, 'stance', 'stances')}",
        "",
        "Quotations:",
    ]
    for quote in article.quotes:
        speaker = article.entity(quote.speaker).label if quote.speaker else "(unattributed)"
        lines.append(f"  {speaker}: \u201c{quote.span.text}\u201d")
    return "\n".join(lines)


def _show(article: Article, command: str, output_format: str) -> int:
    from ._tables import table_named, table_rows

    table_name, shown, _ = VIEWS[command]
    table = table_named(table_name)
    rows = table_rows(table, article)
    if output_format == "json":
        import json

        print(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        from ._datapackage import write_table_csv

        write_table_csv(table, rows, sys.stdout)
    else:
        print(aligned(shown, [[_cell(table_name, row, name) for name in shown] for row in rows]))
    return 0


def _cell(table: str, row: dict[str, Any], name: str) -> Any:
    shown_as = SHOWN_AS.get((table, name))
    return row[name] if shown_as is None else shown_as(row)


def aligned(header: tuple[str, ...], rows: list[list[Any]]) -> str:
    """A plain-text table: columns padded to their widest cell, the last left unpadded."""
    cells = [list(header)] + [[_shown(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    cells.insert(1, ["-" * width for width in widths])
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split())


def _export(article: Article, output_format: str, output: str, force: bool) -> int:
    from ._export import write_file, write_folder

    try:
        if output_format in FILE_EXPORTS:
            text = FILE_EXPORTS[output_format](article)
            data = text.encode("utf-8") if isinstance(text, str) else text
            written = write_file(output, data, overwrite=force)
        else:
            fill = FOLDER_EXPORTS[output_format]
            written = write_folder(output, lambda folder: fill(article, folder), overwrite=force)
    except FileExistsError:
        return _fail(f"{output} already exists; add --force to replace it")
    except ImportError as error:  # an export whose extra is not installed
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write {output}: {error.strerror or error}")
    print(f"wrote {output_format} to {written}")
    return 0


def _score(article: Article, arguments: argparse.Namespace) -> int:
    from ._errors import DataError
    from ._score import score

    path = arguments.predictions
    try:
        result = score(
            path,
            arguments.layer,
            match=arguments.match,
            forms=arguments.forms,
            article=article,
        )
    except OSError as error:
        return _fail(f"cannot read {path}: {error.strerror or error}")
    except DataError as error:
        for location, message in error.problems:
            print(f"{path}: {location}: {message}", file=sys.stderr)
        return 1
    if arguments.format == "json":
        import json

        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result)
    return 0


def _validate(path: str) -> int:
    from ._errors import DataError
    from ._load import load

    try:
        article = load(path)
    except OSError as error:
        return _fail(f"cannot read {path}: {error.strerror or error}")
    except DataError as error:
        kind = _other_output(path)
        if kind is not None:
            print(f"{path}: not an article document: it is {kind}")
            return 1
        print(f"{path}: invalid, {len(error.problems)} problem(s)")
        for location, message in error.problems:
            where = path if location == path else f"{path}: {location}"
            print(f"{where}: {message}")
        return 1
    print(
        f"{path}: valid (schema {article.schema_version}, checksum verified): "
        f"{article.headline!r}, {len(article.paragraphs)} paragraphs"
    )
    return 0


def _other_output(path: str) -> str | None:
    """What the file is, if it is another of the package's outputs (JSON-LD, a schema...)."""
    from ._load import read_document
    from ._sniff import other_output

    try:
        return other_output(read_document(path))
    except (OSError, ValueError):
        return None


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1
