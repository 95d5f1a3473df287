"""The command-line tool ``secure-communities-article`` (``python -m secure_communities_article``).

Exit status: 0 done, 1 a file, output or data problem (one line on stderr per problem),
2 bad arguments, 128 + N when stopped by signal N (SIGINT, SIGTERM, SIGHUP), after
removing any temporary.  No input makes it show a traceback, and every path or name it
echoes has its control characters escaped.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

from . import formats
from ._article import Article
from ._atomic import TargetExistsError, manifest
from ._errors import DataError
from ._layers import named, spelled
from ._load import MAX_FILE_BYTES, from_json, load, read_document
from ._predictions import READABLE, Located, file_items, named_layers
from ._score import FORM_SETS, LAYER_NAMES, compare, gold_predictions, score
from ._text import printable
from ._version import __version__
from ._views import ALIASES, VIEWS, show, summary

PROG = "secure-communities-article"
OUTPUT_HELP = (
    "the file or folder to create; - is standard output (for the one-file formats); "
    "devices, FIFOs, sockets and symbolic links are refused"
)
#: The rule of ``--force``, in the README and in ``export --help`` word for word (tested).
FORCE_RULE = (
    "--force replaces PATH only if it is a regular file (for a one-file format) or a folder "
    "holding nothing but an unchanged export of the same format written by this tool (for a "
    "folder format); it replaces nothing else and never deletes a file the tool did not write."
)


class _Parser(argparse.ArgumentParser):
    """argparse, with each error on one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (_to_stderr if file in (None, sys.stderr) else _out)(message.rstrip("\n"))


def _path(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("an empty path")
    return text


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; its errors are one line on stderr and exit status 2."""
    parser = _Parser(
        prog=PROG,
        description="The Washington Post's 'ICE reforms Secure Communities program' "
        "(2011-06-17) as annotated data. With no command: a short summary.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("summary", help="headline, date, author, counts and the quotations")
    for name, (table, _, what) in VIEWS.items():
        aliases = ALIASES.get(name, ())
        command = commands.add_parser(name, aliases=aliases, help=f"{what} (table {table!r})")
        command.set_defaults(command=name)
        command.add_argument("--format", choices=("table", "json", "csv"), default="table")
    export = commands.add_parser("export", help="write the article in another format, atomically")
    export.add_argument(
        "--format",
        required=True,
        choices=[f.name for f in formats.WRITTEN],
        help="; ".join(
            f"{f.name}: {f.what}" + (f" (needs the [{f.extra}] extra)" if f.extra else "")
            for f in formats.WRITTEN
        ),
    )
    export.add_argument("--output", required=True, type=_path, metavar="PATH", help=OUTPUT_HELP)
    export.add_argument("--force", action="store_true", help=FORCE_RULE)
    validate = commands.add_parser("validate", help="check a document against the schema and text")
    validate.add_argument("file", metavar="FILE", type=_path, help="the document; - is stdin")
    score = commands.add_parser(
        "score",
        help="score an extractor's predictions against the gold annotations",
        description="Score predictions: precision, recall and F1 with a credible interval, "
        "per label, with every miss listed (or, with --against, test the difference between "
        "two systems on each figure). PREDICTIONS is read by its extension: "
        + "; ".join(f"{suffix} ({what})" for suffix, what in READABLE.items())
        + '. A JSON prediction is an object such as {"start": 903, "end": 914, "label": '
        '"person"} or a [start, end, label] array ({"text": ..., "occurrence": n} in place '
        'of offsets; a "layer" key routes it). The gold command prints the exact form.',
    )
    score.add_argument("predictions", metavar="PREDICTIONS", help="the predictions file")
    score.add_argument(
        "--layer",
        type=spelled,
        choices=LAYER_NAMES,
        help="the layer to score (default: every layer the items name by layer key or label)",
    )
    score.add_argument("--against", metavar="OTHER", help="a second system's: compare the two")
    score.add_argument(
        "--match",
        choices=("exact", "overlap", "head"),
        default="exact",
        help="exact: identical spans (default); overlap: spans sharing a character, one to "
        "one; head: mentions of the same head word (CorefUD's default)",
    )
    score.add_argument(
        "--forms",
        choices=tuple(FORM_SETS),
        help="gold mentions scored: names and aliases (mentions' default), or all forms",
    )
    score.add_argument("--format", choices=("table", "json"), default="table")
    gold = commands.add_parser(
        "gold",
        help="print a layer's gold annotations as predictions (JSON Lines)",
        description="Print the gold records of LAYER in the form score reads, one JSON "
        "object a line; scored with score's defaults they score 1.0 on every figure.",
    )
    gold.add_argument("layer", metavar="LAYER", type=spelled, choices=LAYER_NAMES, help="the layer")
    return parser


class _Stopped(BaseException):
    """SIGTERM or SIGHUP: unwinds like KeyboardInterrupt, so temporaries are removed."""


def _stop(number: int, frame: object) -> None:
    raise _Stopped(number)


def main(argv: list[str] | None = None) -> int:
    """Run the tool on ``argv``; the exit status (``--help``, ``--version``, errors: SystemExit)."""
    if sys.stdout is None:
        return _fail("cannot write to standard output: it is closed")
    if isinstance(sys.stdout, io.TextIOWrapper):  # a replaced stream is left as it is
        sys.stdout.reconfigure(errors="backslashreplace")
    handlers = {}
    if threading.current_thread() is threading.main_thread():  # only it may set handlers
        for number in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)):
            if signal.getsignal(number) == signal.SIG_DFL:  # an ignored signal stays ignored
                handlers[number] = signal.signal(number, _stop)
    try:
        arguments = build_parser().parse_args(argv)
        status = _run(arguments)
        sys.stdout.flush()
        return status
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        null = os.open(os.devnull, os.O_WRONLY)  # so the interpreter's last flush cannot fail
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
        return 1
    except _OutputError as error:
        return _fail(f"cannot write to standard output: {error}")
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except _Stopped as stopped:
        return 128 + int(stopped.args[0])
    except Exception as error:  # a bug: still one line, never a traceback
        return _fail(f"unexpected error (please report it): {type(error).__name__}: {error}")
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


class _OutputError(Exception):
    """Standard output failed (full, closed, not writable): one line, exit status 1."""


def _out(data: str | bytes) -> None:
    """A line (or raw bytes) on standard output; a failure is an :class:`_OutputError`."""
    try:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            print(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:
        raise _OutputError(_reason(error)) from None


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _run(arguments: argparse.Namespace) -> int:
    command = arguments.command or "summary"
    if command == "validate":
        return _validate(arguments.file)
    article = load()
    if command == "export":
        output = formats.BY_NAME[arguments.format]
        return _export(article, output, arguments.output, arguments.force)
    if command in ("score", "gold"):
        return _score(article, arguments)
    _out(summary(article) if command == "summary" else show(article, command, arguments.format))
    return 0


def _export(article: Article, output: formats.Format, path: str, force: bool) -> int:
    if path == "-" and output.folder:
        message = f"--format {output.name} writes a folder, not standard output (-)"
        _to_stderr(f"{PROG}: error: {message} (see --help)")
        return 2
    data = b""
    try:
        if path == "-":
            data = formats.content(article, output)
        else:
            formats.write(article, output, path, overwrite=force)
    except TargetExistsError as error:
        if error.appeared:
            hint = "it appeared during the export and is left as it is"
        elif error.replaceable:
            hint = "add --force to replace it"
        else:
            hint = f"not replaced: --force replaces only {error.rule}"
        return _fail(f"{path} already exists ({error.what}); {hint}")
    except ImportError as error:  # an export whose extra is not installed
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write {path}: {_reason(error)}")
    _out(data if path == "-" else f"wrote {output.name} to {printable(path)}")
    return 0


def _score(article: Article, arguments: argparse.Namespace) -> int:
    if arguments.command == "gold":
        for prediction in gold_predictions(arguments.layer, article=article):
            _out(json.dumps(prediction, ensure_ascii=False))
        return 0
    if arguments.match == "head" and arguments.layer and not named(arguments.layer).forms:
        _to_stderr(f"{PROG}: error: --match head scores mentions and coreference (see --help)")
        return 2
    options: dict[str, Any] = {"match": arguments.match, "forms": arguments.forms}
    options["article"], paths = article, [arguments.predictions, arguments.against]
    results: dict[str, Any] = {}
    try:
        read: list[Located | Article] = []
        for path in reversed([p for p in paths if p is not None]):  # each file opened once
            read.insert(0, file_items(path, article.source))
            given = LAYER_NAMES if isinstance(read[0], Article) else named_layers(read[0])
            given = [g for g in given if arguments.match != "head" or named(g).forms]
            layers = [arguments.layer] if arguments.layer else given
            for layer in layers:  # a problem in the second file is named by its path
                results[layer] = score(read[0], layer, **options)
        if not layers:
            message = "no item names its layer (a layer key or a label); give --layer"
            raise DataError.at(os.path.basename(path), message)
        if len(read) == 2:
            results = {layer: compare(read[0], read[1], layer, **options) for layer in layers}
    except OSError as error:
        return _fail(f"cannot read {printable(path)}: {_reason(error)}")
    except DataError as error:
        shown, name = printable(path), printable(os.path.basename(path))
        for location, message in error.problems:
            # A problem in the file is located by its name ("preds.ann:3 T2"): say the path once.
            inside = location.startswith(name)
            where = shown + location[len(name) :] if inside else f"{shown}: {location}"
            _to_stderr(f"{where}: {message}")
        return 1
    if arguments.format == "json":
        data = {layer: result.to_dict() for layer, result in results.items()}
        found = data if arguments.layer is None else data[arguments.layer]
        _out(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        _out("\n\n".join(map(str, results.values())))
    return 0


def _validate(path: str) -> int:
    shown = "<stdin>" if path == "-" else printable(path)
    data = b""
    try:
        if path == "-":
            if sys.stdin is None:
                return _fail("cannot read standard input: it is closed")
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise DataError.at(shown, f"input is over the limit of {MAX_FILE_BYTES} bytes")
        elif os.path.isdir(path) and manifest(Path(path))[0] in formats.BY_NAME:
            return _other_output(shown, formats.BY_NAME[str(manifest(Path(path))[0])], False)
        else:
            data = read_document(path)
        article = from_json(data, location=shown)
    except OSError as error:
        what = "standard input" if path == "-" else shown
        return _fail(f"cannot read {what}: {_reason(error)}")
    except DataError as error:
        output = formats.recognise(data)
        if output is not None:
            return _other_output(shown, output, output.folder)
        _out(f"{shown}: invalid, {len(error.problems)} problem(s)")
        for location, message in error.problems:
            where = shown if location in (path, shown) else f"{shown}: {printable(location)}"
            _out(f"{where}: {printable(message)}")
        return 1
    _out(
        f"{shown}: valid (schema {article.schema_version}, checksum verified): "
        f"{article.headline!r}, {len(article.paragraphs)} paragraphs"
    )
    return 0


def _other_output(shown: str, output: formats.Format, part: bool) -> int:
    """Name another of the package's outputs, the command that writes it, and what is checked."""
    _out(
        f"{shown}: not an article document: it is {'a file of ' * part}{output.what}, as "
        f"written by export --format {output.name}; validate checks article documents only"
    )
    return 1


def _fail(message: str) -> int:
    """One line on standard error, escaped; returns the exit status 1."""
    _to_stderr(f"{PROG}: {message}")
    return 1


def _to_stderr(line: str) -> None:
    """``line``, escaped, on standard error if it is open; a failure there has nowhere to go."""
    if sys.stderr is not None:
        try:
            sys.stderr.write(printable(line) + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
