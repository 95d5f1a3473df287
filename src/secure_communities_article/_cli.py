"""The command-line tool ``secure-communities-article`` (``python -m secure_communities_article``).

Standard library only.  Every module beyond the package itself is imported by the
command that needs it, so ``--help`` and ``--version`` stay cheap.  Exit status: 0 done,
1 a file, output or data problem (one line on stderr, or the list of problems), 2 bad
arguments, 128 + N when stopped by signal N (SIGINT, SIGTERM, SIGHUP), after removing
any temporary.  No input makes it show a traceback, and every path or name it echoes
has its control characters escaped.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from ._text import aligned, printable

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from ._model import Article

PROG = "secure-communities-article"
#: The rule of ``--force``, in the README and in ``export --help`` word for word (tested).
FORCE_RULE = (
    "--force replaces PATH only if it is a regular file (for a one-file format) or a folder "
    "holding nothing but an unchanged export of the same format written by this tool (for a "
    "folder format); it replaces nothing else and never deletes a file the tool did not write."
)

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

        def _print_message(self, message: str, file: Any = None) -> None:
            if not message:
                return
            if file is None or file is sys.stderr:
                _to_stderr(message.rstrip("\n"))
            else:  # help and version: a failure to show them is reported, not swallowed
                _print(message.rstrip("\n"))

    from ._version import __version__

    parser = OneLineErrors(
        prog=PROG,
        description="The Washington Post's 'ICE reforms Secure Communities program' "
        "(2011-06-17) as annotated data. With no command: a short summary.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")

    def path(text: str) -> str:
        if not text:
            raise argparse.ArgumentTypeError("an empty path")
        return text

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
        "--output",
        required=True,
        type=path,
        metavar="PATH",
        help="the file or folder to create; - is standard output (for the one-file formats); "
        "a character device or FIFO such as /dev/null, or a link to one, is written to and "
        "never replaced; a symbolic link to anything else is refused",
    )
    export.add_argument("--force", action="store_true", help=FORCE_RULE)
    validate = commands.add_parser(
        "validate", help="check a JSON document against the schema and the source text"
    )
    validate.add_argument(
        "file", metavar="FILE", type=path, help="the document to check; - is standard input"
    )
    _add_score_command(commands)
    return parser


def _add_score_command(commands: Any) -> None:
    from ._score import FORM_SETS, LAYER_NAMES

    score = commands.add_parser(
        "score",
        help="score an extractor's predictions against the gold annotations",
        description="Score predictions for one layer: precision, recall and F1 with a "
        "bootstrap interval, per label, with every miss listed (or, with --against, test "
        "the difference between two systems). PREDICTIONS is read by its extension: .ann "
        '(brat standoff), .json (an array of objects such as {"start": 903, "end": 914, '
        '"label": "person"}, or of [start, end, label] arrays; {"text": ..., "occurrence": '
        "n} in place of offsets), .jsonl (one such item a line) or .spacy (a DocBin; needs "
        "the [spacy] extra). The gold command prints the exact form.",
    )
    score.add_argument("predictions", metavar="PREDICTIONS", help="the predictions file")
    score.add_argument("--layer", required=True, choices=LAYER_NAMES, help="the layer to score")
    score.add_argument(
        "--against", metavar="OTHER", help="a second system's predictions: compare the two"
    )
    score.add_argument(
        "--match",
        choices=("exact", "overlap"),
        default="exact",
        help="exact: identical spans (default); overlap: spans sharing a character, one to one",
    )
    score.add_argument(
        "--forms",
        choices=tuple(FORM_SETS),
        help="gold mentions scored: names and aliases (mentions' default), or all forms",
    )
    score.add_argument(
        "--format", choices=("table", "json"), default="table", help="a table, or JSON"
    )
    gold = commands.add_parser(
        "gold",
        help="print a layer's gold annotations as predictions (JSON Lines)",
        description="Print the gold records of LAYER in the form score reads, one JSON "
        "object a line; scored with score's defaults they score 1.0 on every figure.",
    )
    gold.add_argument("layer", metavar="LAYER", choices=LAYER_NAMES, help="the layer")


def main(argv: list[str] | None = None) -> int:
    """Run the tool with ``argv`` (default: the process's arguments); return the exit status.

    ``--help``, ``--version`` and bad arguments raise :class:`SystemExit` (0, 0 and 2), as
    argparse does, once what they print has reached standard output.
    """
    if sys.stdout is None:  # started with standard output closed
        return _fail("cannot write to standard output: it is closed")
    _tolerate_unencodable_output()
    with _signals_as_exceptions():
        try:
            try:
                arguments = build_parser().parse_args(argv)
            except SystemExit:  # --help, --version, or a usage error: as argparse does
                _flush()
                raise
            status = _run(arguments)
            _flush()
            return status
        except BrokenPipeError:  # the reader went away (| head): stop quietly
            _silence_stdout()
            return 1
        except _OutputError as error:
            _silence_stdout()
            return _fail(f"cannot write to standard output: {error}")
        except KeyboardInterrupt:
            return 128 + 2
        except _Stopped as stopped:
            return 128 + stopped.number
        except Exception as error:  # a bug: still one line, never a traceback
            return _fail(f"unexpected error (please report it): {type(error).__name__}: {error}")


class _OutputError(Exception):
    """Standard output failed (full, closed, not writable): one line, exit status 1."""


class _Stopped(BaseException):
    """SIGTERM or SIGHUP: unwinds like KeyboardInterrupt, so temporaries are removed."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


@contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """While the tool runs (main thread only), SIGTERM and SIGHUP raise :class:`_Stopped`."""
    import signal

    def stop(number: int, frame: object) -> None:
        raise _Stopped(number)

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            if signal.getsignal(number) == signal.SIG_DFL:  # an ignored signal stays ignored
                previous[number] = signal.signal(number, stop)
        except ValueError:  # not the main thread: leave the handlers alone
            break
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _print(text: str) -> None:
    """A line on standard output; a failure is an :class:`_OutputError`."""
    try:
        print(text)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:
        raise _OutputError(_reason(error)) from None


def _write_bytes(data: bytes) -> None:
    """Bytes on standard output, flushed; a failure is an :class:`_OutputError`."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:
        raise _OutputError(_reason(error)) from None


def _flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:
        raise _OutputError(_reason(error)) from None


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush cannot fail."""
    import os

    try:
        descriptor = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, ValueError, OSError):
        return
    os.dup2(null, descriptor)
    os.close(null)


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
        _print(summary(article))
        return 0
    if command == "export":
        return _export(article, arguments.format, arguments.output, arguments.force)
    if command in ("score", "gold"):
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

        _print(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        import io

        from ._datapackage import write_table_csv

        text = io.StringIO(newline="")
        write_table_csv(table, rows, text)
        _print(text.getvalue().removesuffix("\n"))
    else:
        _print(aligned(shown, [[_cell(table_name, row, name) for name in shown] for row in rows]))
    return 0


def _cell(table: str, row: dict[str, Any], name: str) -> Any:
    shown_as = SHOWN_AS.get((table, name))
    return row[name] if shown_as is None else shown_as(row)


def _export(article: Article, output_format: str, output: str, force: bool) -> int:
    from ._export import TargetExistsError, write_file, write_folder

    if output == "-":
        if output_format in FOLDER_EXPORTS:
            return _usage_error(
                f"--format {output_format} writes a folder, not standard output (-)"
            )
        try:
            data = _file_bytes(article, output_format)
        except ImportError as error:  # an export whose extra is not installed
            return _fail(str(error))
        _write_bytes(data)
        return 0
    try:
        if output_format in FILE_EXPORTS:
            data = _file_bytes(article, output_format)
            write_file(output, data, overwrite=force)
        else:
            fill = FOLDER_EXPORTS[output_format]
            write_folder(
                output, lambda folder: fill(article, folder), kind=output_format, overwrite=force
            )
    except TargetExistsError as error:
        if error.appeared:
            hint = "it appeared during the export and is left as it is"
        elif error.replaceable:
            hint = "add --force to replace it"
        else:
            hint = f"not replaced: --force replaces only {error.rule}"
        return _fail(f"{output} already exists ({error.what}); {hint}")
    except ImportError as error:  # an export whose extra is not installed
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write {output}: {_reason(error)}")
    _print(f"wrote {output_format} to {printable(output)}")
    return 0


def _file_bytes(article: Article, output_format: str) -> bytes:
    """A one-file export's bytes (text formats as UTF-8)."""
    content = FILE_EXPORTS[output_format](article)
    return content.encode("utf-8") if isinstance(content, str) else content


def _score(article: Article, arguments: argparse.Namespace) -> int:
    import json
    import os

    from ._errors import DataError
    from ._score import compare, gold_predictions, score

    if arguments.command == "gold":
        for prediction in gold_predictions(arguments.layer, article=article):
            _print(json.dumps(prediction, ensure_ascii=False))
        return 0
    path, options = arguments.predictions, {"match": arguments.match, "forms": arguments.forms}
    try:
        if arguments.against is not None:
            path = arguments.against  # a problem below is in the second file
            score(path, arguments.layer, resamples=1, article=article, **options)
            path = arguments.predictions
            result: Any = compare(
                path, arguments.against, arguments.layer, article=article, **options
            )
        else:
            result = score(path, arguments.layer, article=article, **options)
    except OSError as error:
        return _fail(f"cannot read {printable(path)}: {_reason(error)}")
    except DataError as error:
        shown, name = printable(path), printable(os.path.basename(path))
        for location, message in error.problems:
            # A problem in the file is located by its name ("preds.ann:3 T2"): say the path once.
            if location.startswith(name):
                where = shown + location[len(name) :]
            else:
                where = f"{shown}: {location}"
            _to_stderr(f"{where}: {message}")
        return 1
    if arguments.format == "json":
        _print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print(str(result))
    return 0


def _validate(path: str) -> int:
    from ._errors import DataError
    from ._load import MAX_FILE_BYTES, from_json, load

    shown = "<stdin>" if path == "-" else printable(path)
    try:
        if path == "-":
            if sys.stdin is None:
                return _fail("cannot read standard input: it is closed")
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise DataError.at(shown, f"input is over the limit of {MAX_FILE_BYTES} bytes")
            article = from_json(data, location=shown)
        else:
            article = load(path)
    except OSError as error:
        what = "standard input" if path == "-" else printable(path)
        return _fail(f"cannot read {what}: {_reason(error)}")
    except DataError as error:
        kind = _other_output(path)
        if kind is not None:
            _print(f"{shown}: not an article document: it is {kind}")
            return 1
        _print(f"{shown}: invalid, {len(error.problems)} problem(s)")
        for location, message in error.problems:
            where = shown if location in (path, shown) else f"{shown}: {printable(location)}"
            _print(f"{where}: {printable(message)}")
        return 1
    _print(
        f"{shown}: valid (schema {article.schema_version}, checksum verified): "
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


def _usage_error(message: str) -> int:
    _fail(f"error: {message} (see --help)")
    return 2


def _fail(message: str) -> int:
    """One line on standard error, escaped; returns the exit status 1."""
    _to_stderr(f"{PROG}: {message}")
    return 1


def _to_stderr(line: str) -> None:
    """``line``, escaped, on standard error if it is open; a failure there has nowhere to go."""
    stream = sys.stderr
    if stream is not None:
        try:
            stream.write(printable(line) + "\n")
            stream.flush()
        except (OSError, ValueError):
            pass
