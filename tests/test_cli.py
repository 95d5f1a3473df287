"""The command-line tool: every command and every error path.

Most tests call ``main()`` in-process (a subprocess would add nothing but time).  The
hostile invocations, the signals and the console script run as real processes: closed
and full streams, broken pipes and signals exist only there.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import secure_communities_article as sca
from conftest import ROOT, package_file, snapshot
from secure_communities_article import formats
from secure_communities_article._article import Article
from secure_communities_article._atomic import TEMPORARY_PREFIX, write_folder
from secure_communities_article._cli import FORCE_RULE, main
from secure_communities_article._describe import RECORDS
from secure_communities_article._model import ENTITIES
from secure_communities_article._views import SHOWN_AS, VIEWS
from secure_communities_article.formats.tables import table_named, table_rows

SCRIPT = Path(sys.executable).parent / (
    "secure-communities-article.exe" if sys.platform == "win32" else "secure-communities-article"
)
ENVIRONMENT = {**os.environ, "PYTHONIOENCODING": "utf-8"}
needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX streams and signals")


class Run(NamedTuple):
    status: int
    out: str
    err: str


@pytest.fixture
def tool(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the tool in-process with these arguments; its status and what it printed."""

    def run(*arguments: str) -> Run:
        try:
            status = main(list(arguments))
        except SystemExit as done:  # --help, --version, bad arguments
            status = done.code if isinstance(done.code, int) else -1
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


def one_line_error(result: Run, status: int) -> str:
    assert result.status == status, result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


# --- commands ------------------------------------------------------------------------


def test_summary_is_the_default_and_names_each_quotation_and_speaker(
    article: sca.Article, tool: Callable[..., Run]
) -> None:
    default, summary = tool(), tool("summary")
    assert default.status == summary.status == 0
    assert default.out == summary.out
    lines = summary.out.splitlines()
    assert lines[0] == article.headline
    assert "17 June 2011" in lines[1] and article.author.label in lines[1]
    assert f"{len(article.quotes)} quotations" in summary.out
    assert f"{len(article.paragraphs)} paragraphs" in summary.out
    for quote in article.quotes:
        assert quote.speaker is not None
        speaker = article.entity(quote.speaker).label
        assert f"  {speaker}: \u201c{quote.span.text}\u201d" in lines


@pytest.mark.parametrize("command", list(VIEWS))
def test_each_record_command_prints_an_aligned_table(
    article: sca.Article, tool: Callable[..., Run], command: str
) -> None:
    table, columns, _ = VIEWS[command]
    shown = columns.split()
    rows = table_rows(table_named(table), article)
    result = tool(command)
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == list(shown)
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == len(rows) + 2
    starts = [match.start() for match in re.finditer("-+", lines[1])]  # column offsets
    assert len(starts) == len(shown)
    for line, row in zip(lines[2:], rows, strict=True):
        assert line.startswith(str(row[shown[0]]) + " ")
        shown_as = SHOWN_AS.get((table, shown[1]))
        second = row[shown[1]] if shown_as is None else shown_as(row)
        if second not in (None, ""):
            assert line[starts[1] :].startswith(" ".join(str(second).split())[:20]), line


@pytest.mark.parametrize("command", list(VIEWS))
def test_each_record_command_gives_every_column_as_json_and_csv(
    article: sca.Article, tool: Callable[..., Run], command: str
) -> None:
    table, _, _ = VIEWS[command]
    rows = table_rows(table_named(table), article)
    as_json = tool(command, "--format", "json")
    assert as_json.status == 0
    assert json.loads(as_json.out) == [dict(row) for row in rows]
    as_csv = tool(command, "--format", "csv")
    assert as_csv.status == 0
    assert as_csv.out.endswith("\r\n")
    read = list(csv.DictReader(io.StringIO(as_csv.out, newline="")))
    assert [list(r) for r in read] == [list(row) for row in rows]
    key = next(iter(rows[0]))
    assert [r[key] for r in read] == [str(row[key]) for row in rows]


def test_there_is_a_command_for_every_layer() -> None:
    layers = {f.name for f in RECORDS[Article].fields if f.many and f.is_record}
    shown = {table_named(table).source for table, _, _ in VIEWS.values()}
    collections = {source[1] for source in shown if source and source[0] == "Article"}
    assert layers - collections == set(ENTITIES)  # the entities command shows every kind
    assert {"reforms", "stances", "mentions", "reported-speech", "segments", "sentences"} <= set(
        VIEWS
    )


def test_the_quotes_command_names_each_speaker_and_marks_the_unnamed(
    article: sca.Article, tool: Callable[..., Run]
) -> None:
    result = tool("quotes")
    assert result.status == 0
    lines = result.out.splitlines()
    assert len(lines) == len(article.quotes) + 2
    for line, quote in zip(lines[2:], article.quotes, strict=True):
        assert quote.speaker is not None
        speaker = article.entity(quote.speaker)
        if speaker.name is not None:
            assert f"  {speaker.name}  " in line
            assert "(unnamed)" not in line
        else:
            assert f"  (unnamed) {speaker.label}  " in line
        assert speaker.id not in line.split()[1:]  # the name, not the id


# --- exports -------------------------------------------------------------------------


def test_export_json_is_the_shipped_document_and_loads_back(
    article: sca.Article, tool: Callable[..., Run], tmp_path: Path
) -> None:
    target = tmp_path / "article.json"
    result = tool("export", "--format", "json", "--output", str(target))
    assert result.status == 0, result.err
    assert result.out == f"wrote json to {target}\n"
    assert target.read_bytes() == package_file("article.json")
    assert sca.load(target) == article
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.json"]


def test_export_jsonld_json_schema_and_html(
    article: sca.Article, tool: Callable[..., Run], tmp_path: Path
) -> None:
    for output_format, expected in (
        ("jsonld", json.dumps(sca.to_jsonld(article), ensure_ascii=False, indent=2) + "\n"),
        ("json-schema", json.dumps(sca.json_schema(), ensure_ascii=False, indent=2) + "\n"),
        ("html", sca.to_html(article)),
    ):
        target = tmp_path / f"out.{output_format}"
        result = tool("export", "--format", output_format, "--output", str(target))
        assert result.status == 0, result.err
        assert target.read_text("utf-8") == expected
    assert len(list(tmp_path.iterdir())) == 3


def test_export_csv_and_datapackage_folders_are_the_librarys(
    article: sca.Article, tool: Callable[..., Run], tmp_path: Path
) -> None:
    for output_format, write in (("csv", sca.write_csv), ("datapackage", sca.write_datapackage)):
        result = tool("export", "--format", output_format, "--output", str(tmp_path / "cli"))
        assert result.status == 0, result.err
        assert result.out == f"wrote {output_format} to {tmp_path / 'cli'}\n"
        write(article, tmp_path / "library")
        assert snapshot(tmp_path / "cli") == snapshot(tmp_path / "library")
        assert len(list((tmp_path / "cli").glob("*.csv"))) == len(sca.tables(article))
        for folder in ("cli", "library"):
            shutil.rmtree(tmp_path / folder)


@pytest.mark.parametrize("output_format", ["json", "datapackage"])
def test_export_replaces_its_own_output_only_with_force(
    tool: Callable[..., Run], tmp_path: Path, output_format: str
) -> None:
    target = tmp_path / "existing"
    assert tool("export", "--format", output_format, "--output", str(target)).status == 0
    before = snapshot(tmp_path)
    line = one_line_error(tool("export", "--format", output_format, "--output", str(target)), 1)
    assert line.endswith("already exists (a file); add --force to replace it") or line.endswith(
        "already exists (a datapackage export); add --force to replace it"
    )
    assert snapshot(tmp_path) == before
    forced = tool("export", "--format", output_format, "--output", str(target), "--force")
    assert forced.status == 0, forced.err
    assert snapshot(tmp_path) == before  # the same export again, nothing else


@pytest.mark.parametrize(
    ("output_format", "make", "what"),
    [
        ("csv", lambda p: (p.mkdir(), (p / "notes.txt").write_text("mine")), "a folder that"),
        ("csv", lambda p: p.write_text("mine"), "a file"),
        ("datapackage", lambda p: write_folder(p, lambda f: None, kind="csv"), "a csv export, not"),
        ("json", lambda p: p.mkdir(), "a folder"),
        ("json", lambda p: p.symlink_to("mine.txt"), "a symbolic link"),
    ],
    ids=["user's folder", "file for a folder format", "other format", "folder", "link"],
)
def test_force_refuses_what_it_does_not_replace_and_says_what_is_there(
    tool: Callable[..., Run],
    tmp_path: Path,
    output_format: str,
    make: Callable[[Path], object],
    what: str,
) -> None:
    (tmp_path / "mine.txt").write_text("mine", "utf-8")
    target = tmp_path / "target"
    make(target)
    before = snapshot(tmp_path)
    line = one_line_error(
        tool("export", "--format", output_format, "--output", str(target), "--force"), 1
    )
    assert f"{target} already exists ({what}" in line and "not replaced: --force" in line
    assert snapshot(tmp_path) == before


def test_concurrent_forced_exports_leave_one_folder_and_tell_the_others(
    tool: Callable[..., Run], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "tables")
    writers = 16
    barrier = threading.Barrier(writers)
    statuses: list[int] = []

    def export() -> None:
        barrier.wait()
        statuses.append(main(["export", "--format", "csv", "--output", target, "--force"]))

    threads = [threading.Thread(target=export) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    out, err = capsys.readouterr()
    assert len(statuses) == writers and set(statuses) <= {0, 1}
    assert out.count("wrote csv to") == statuses.count(0) >= 1
    losers = err.splitlines()
    assert len(losers) == statuses.count(1)
    wrong = [
        x for x in losers if not x.endswith("; it appeared during the export and is left as it is")
    ]
    assert wrong == [], "\n".join(wrong)  # in full: pytest would cut the list
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]
    assert tool("export", "--format", "csv", "--output", target, "--force").status == 0


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_export_into_a_missing_folder_fails_in_one_line(
    tool: Callable[..., Run], tmp_path: Path, output_format: str
) -> None:
    target = tmp_path / "no" / "such" / "place"
    line = one_line_error(tool("export", "--format", output_format, "--output", str(target)), 1)
    assert line == f"secure-communities-article: cannot write {target}: No such file or directory"
    assert list(tmp_path.iterdir()) == []


def test_an_echoed_path_cannot_forge_output(tool: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "no" / "\x1b[31mred\nsecure-communities-article: fake\u202e"
    line = one_line_error(tool("export", "--format", "json", "--output", str(target)), 1)
    assert "\\x1b[31mred\\nsecure-communities-article: fake\\u202e" in line


@needs_posix
def test_devices_fifos_and_links_are_refused_not_written_through(
    tool: Callable[..., Run], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link").symlink_to(os.devnull)
    before = snapshot(tmp_path)
    for target, what in ((os.devnull, "a character device"), (tmp_path / "pipe", "a FIFO")):
        for force in ([], ["--force"]):
            line = one_line_error(
                tool("export", "--format", "json", "--output", str(target), *force), 1
            )
            assert f"already exists ({what})" in line
    line = one_line_error(tool("export", "--format", "csv", "--output", str(tmp_path / "link")), 1)
    assert "already exists (a symbolic link)" in line
    assert snapshot(tmp_path) == before


# --- standard streams ------------------------------------------------------------------


@pytest.mark.parametrize("output_format", [f.name for f in formats.WRITTEN if not f.folder])
def test_dash_writes_a_one_file_format_to_standard_output(
    article: sca.Article, capsysbinary: pytest.CaptureFixture[bytes], output_format: str
) -> None:
    status = main(["export", "--format", output_format, "--output", "-"])
    out, err = capsysbinary.readouterr()
    assert status == 0 and err == b""
    assert out == formats.content(article, formats.BY_NAME[output_format])


@pytest.mark.parametrize("output_format", [f.name for f in formats.WRITTEN if f.folder])
def test_dash_is_refused_for_a_folder_format(tool: Callable[..., Run], output_format: str) -> None:
    line = one_line_error(tool("export", "--format", output_format, "--output", "-"), 2)
    assert f"--format {output_format} writes a folder, not standard output (-)" in line


def test_validate_dash_reads_standard_input(
    tool: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(package_file("article.json"))))
    result = tool("validate", "-")
    assert result.status == 0, result.out + result.err
    assert result.out.startswith("<stdin>: valid (schema")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"[1, 2")))
    result = tool("validate", "-")
    assert result.status == 1
    assert result.out.splitlines() == [
        "<stdin>: invalid, 1 problem(s)",
        "<stdin>: not JSON: Expecting ',' delimiter at line 1 column 6",
    ]


def test_validate_dash_refuses_input_over_the_limit(
    tool: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("secure_communities_article._cli.MAX_FILE_BYTES", 10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{" + b" " * 20 + b"}")))
    result = tool("validate", "-")
    assert result.status == 1
    assert result.out.splitlines()[1] == "<stdin>: input is over the limit of 10 bytes"


# --- validate ----------------------------------------------------------------------------


def test_validate_accepts_the_shipped_document(tool: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "article.json"
    target.write_bytes(package_file("article.json"))
    result = tool("validate", str(target))
    assert result.status == 0, result.out + result.err
    assert "valid" in result.out and "checksum verified" in result.out


def test_validate_lists_every_problem_with_its_location(
    shipped_document: dict[str, Any], tool: Callable[..., Run], tmp_path: Path
) -> None:
    document = json.loads(json.dumps(shipped_document))
    document["quotes"][0]["kind"] = "paraphrase"
    document["events"][1]["paragraph"] = "zero"
    document["places"][0]["surprise"] = True
    target = tmp_path / "broken.json"
    target.write_text(json.dumps(document), "utf-8")
    result = tool("validate", str(target))
    assert result.status == 1
    lines = result.out.splitlines()
    assert lines[0] == f"{target}: invalid, 3 problem(s)"
    located = {line.split(": ")[1] for line in lines[1:]}
    assert located == {"$.quotes[0].kind", "$.events[1].paragraph", "$.places[0].surprise"}


def test_validate_checks_the_checksum(
    shipped_document: dict[str, Any], tool: Callable[..., Run], tmp_path: Path
) -> None:
    document = json.loads(json.dumps(shipped_document))
    document["metadata"]["source_sha256"] = "0" * 64
    target = tmp_path / "tampered.json"
    target.write_text(json.dumps(document), "utf-8")
    result = tool("validate", str(target))
    assert result.status == 1
    assert f"{target}: $.metadata.source_sha256: recorded" in result.out


def test_validate_reports_a_file_that_is_no_json(tool: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "notes.json"
    target.write_text("{not json", "utf-8")
    result = tool("validate", str(target))
    assert result.status == 1
    assert result.out.splitlines()[1].startswith(f"{target}: not JSON")


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_validate_reports_an_unreadable_path_in_one_line(
    tool: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    line = one_line_error(tool("validate", name), status=1)
    assert line.startswith(f"secure-communities-article: cannot read {name}: ")


# --- arguments, help, version ----------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["frobnicate"],
        ["--no-such-option"],
        ["quotes", "--format", "xml"],
        ["export", "--format", "json"],
        ["export", "--format", "pdf", "--output", "x"],
        ["export", "--format", "json", "--output", ""],
        ["validate"],
        ["validate", ""],
        ["summary", "extra"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(tool: Callable[..., Run], arguments: list[str]) -> None:
    line = one_line_error(tool(*arguments), status=2)
    assert line.startswith("secure-communities-article") and "error:" in line


@pytest.mark.parametrize(
    "command", [[], ["summary"], *([c] for c in VIEWS), ["export"], ["validate"]]
)
def test_help_on_each_command(tool: Callable[..., Run], command: list[str]) -> None:
    result = tool(*command, "--help")
    assert result.status == 0
    assert result.out.startswith("usage: secure-communities-article")


def test_version(tool: Callable[..., Run]) -> None:
    result = tool("--version")
    assert result.status == 0
    assert result.out == f"secure-communities-article {sca.__version__}\n"


def test_the_force_rule_is_one_sentence_in_the_readme_and_the_help(
    tool: Callable[..., Run],
) -> None:
    assert FORCE_RULE.count(". ") == 0 and FORCE_RULE.endswith(".")
    shown = " ".join(tool("export", "--help").out.split())
    assert FORCE_RULE in shown
    if (ROOT / "README.md").exists():
        readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
        assert FORCE_RULE in readme


# --- real processes: hostile invocations, signals, the console script -------------------

TOOL = f"{shlex.quote(sys.executable)} -m secure_communities_article"
FULL = "/dev/full"
CONTROL_PATH = "\"$(printf 'no/\\033[31mred\\nfake line')\""

#: (what, a shell command ({tool} is the tool), exit status, what its one stderr line says;
#: "" means stderr is empty).  Every one runs in the same folder, which must not change.
HOSTILE: list[tuple[str, str, int, str]] = [
    ("summary, full device", f"{{tool}} summary > {FULL}", 1, "output: No space left on device"),
    ("summary, stdout closed", "{tool} summary >&-", 1, "standard output: it is closed"),
    ("help, full device", f"{{tool}} --help > {FULL}", 1, "output: No space left on device"),
    ("json to -, full", f"{{tool}} export --format json --output - > {FULL}", 1, "No space"),
    ("html to -, closed", "{tool} export --format html --output - >&-", 1, "it is closed"),
    ("to /dev/full", f"{{tool}} export --format json --output {FULL}", 1, "(a character device)"),
    ("csv to -", "{tool} export --format csv --output -", 2, "writes a folder, not standard"),
    ("empty output", "{tool} export --format json --output ''", 2, "--output: an empty path"),
    ("validate empty", "{tool} validate ''", 2, "FILE: an empty path"),
    (". forced", "{tool} export --format csv --output . --force", 1, "write .: not a name"),
    ("./ forced", "{tool} export --format json --output ./ --force", 1, "write ./: not a name"),
    ("/ forced", "{tool} export --format datapackage --output / --force", 1, "write /: not a"),
    ("user's folder", "{tool} export --format csv --output mine --force", 1, "(a folder that"),
    ("a file", "{tool} export --format datapackage --output notes.txt --force", 1, "(a file)"),
    ("a link", "{tool} export --format json --output link --force", 1, "(a symbolic link)"),
    (
        "/dev/stdout is a file",
        "{tool} export --format json --output /dev/stdout --force > ../stdout.txt",
        1,
        "/dev/stdout already exists (a symbolic link)",
    ),
    (
        "control characters",
        f"{{tool}} export --format html --output {CONTROL_PATH}",
        1,
        "write no/\\x1b[31mred\\nfake line: No such file",
    ),
    (
        "undecodable name",
        "{tool} export --format json --output \"$(printf 'no/\\377.json')\"",
        1,
        "write no/\\udcff.json: No such file",
    ),
    ("stdin closed", "{tool} validate - <&-", 1, "cannot read standard input: it is closed"),
    ("stdin not json", "printf '{{' | {tool} validate -", 1, ""),
    ("stdout and stderr closed", "{tool} summary >&- 2>&-", 1, ""),
]
if os.path.isdir("/sys/kernel") and os.geteuid() == 0:
    HOSTILE.append(
        ("no permission", "{tool} export --format json --output /sys/x.json", 1, "Permission")
    )


def run_shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command.format(tool=TOOL)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        env=ENVIRONMENT,
        timeout=60,
        check=False,
    )


def broken_pipe(cwd: Path) -> subprocess.CompletedProcess[str]:
    """The reader has gone before the tool writes: as ``| head`` does, deterministically."""
    arguments = ["export", "--format", "json", "--output", "-"]
    process = subprocess.Popen(
        [sys.executable, "-m", "secure_communities_article", *arguments],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENVIRONMENT,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read().decode("utf-8", "backslashreplace")
    process.stderr.close()
    return subprocess.CompletedProcess(process.args, process.wait(timeout=60), "", error)


@needs_posix
@pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full")
def test_hostile_invocations_fail_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "mine").mkdir()
    (work / "mine" / "notes.txt").write_text("mine", "utf-8")
    (work / "notes.txt").write_text("mine", "utf-8")
    (work / "link").symlink_to("notes.txt")
    before = snapshot(work)
    cases: list[tuple[str, Callable[[], subprocess.CompletedProcess[str]], int, str]] = [
        (what, functools.partial(run_shell, command, work), status, says)
        for what, command, status, says in HOSTILE
    ]
    cases.append(("broken pipe (quiet)", lambda: broken_pipe(work), 1, ""))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda case: case[1](), cases))
    wrong = []
    for (what, _, status, says), result in zip(cases, results, strict=True):
        lines = result.stderr.splitlines()
        if (
            "Traceback" in result.stderr + result.stdout
            or result.returncode != status
            or len(lines) != (1 if says else 0)
            or (says and says not in lines[0])
            or "\x1b" in result.stderr
        ):
            wrong.append((what, result.returncode, result.stderr))
    assert wrong == []
    assert snapshot(work) == before  # nothing lost, nothing added, no temporaries
    assert (tmp_path / "stdout.txt").read_bytes() == b""


SLOW_EXPORT = """
import os, sys, time
from secure_communities_article import _atomic, _cli

step = sys.argv[1]
owner = _atomic if hasattr(_atomic, step) else os
real = getattr(owner, step)

def slow(*arguments):
    real(*arguments)
    os.write(2, b"ready\\n")
    time.sleep(60)

setattr(owner, step, slow)
sys.exit(_cli.main(sys.argv[2:]))
"""


@needs_posix
def test_a_signal_mid_export_leaves_no_temporary_and_the_old_output_whole(
    tmp_path: Path,
) -> None:
    write_folder(
        tmp_path / "tables", lambda folder: (folder / "a.csv").write_text("old"), kind="csv"
    )
    (tmp_path / "article.json").write_text("old", "utf-8")
    before = snapshot(tmp_path)
    cases = [
        (signal.SIGTERM, "_seal", ["--format", "csv", "--output", "tables", "--force"]),
        (signal.SIGINT, "fsync", ["--format", "json", "--output", "article.json", "--force"]),
        (signal.SIGHUP, "fsync", ["--format", "html", "--output", "new.html"]),
    ]

    def interrupt(number: int, step: str, arguments: list[str]) -> tuple[int, str]:
        process = subprocess.Popen(
            [sys.executable, "-c", SLOW_EXPORT, step, "export", *arguments],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=ENVIRONMENT,
        )
        assert process.stderr is not None
        ready = process.stderr.readline()
        assert ready == b"ready\n"
        assert any(TEMPORARY_PREFIX in name for name in os.listdir(tmp_path))
        process.send_signal(number)
        rest = process.stderr.read().decode("utf-8", "backslashreplace")
        process.stderr.close()
        return process.wait(timeout=60), rest

    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(lambda case: interrupt(*case), cases))
    assert outcomes == [(128 + number, "") for number, _, _ in cases]
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(not SCRIPT.exists(), reason=f"the console script is not installed ({SCRIPT})")
def test_console_script_prints_the_summary(article: sca.Article, tool: Callable[..., Run]) -> None:
    result = subprocess.run(
        [str(SCRIPT)], capture_output=True, text=True, encoding="utf-8", env=ENVIRONMENT, check=True
    )
    assert result.stdout == tool().out
    assert result.stdout.startswith(article.headline)


# --- the README's command lines -----------------------------------------------------------


def readme_command_lines() -> list[list[str]]:
    readme = ROOT / "README.md"
    if not readme.exists():
        return []
    blocks = re.findall(r"```console\n(.*?)```", readme.read_text("utf-8"), flags=re.S)
    prefix = "$ secure-communities-article"
    lines = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert all(line.startswith(prefix) for line in lines)
    return [shlex.split(line[len(prefix) :]) for line in lines]


@pytest.mark.skipif(not readme_command_lines(), reason="needs the source tree's README")
def test_every_readme_command_line_runs(
    tool: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in order in one folder (validate reads what export wrote); each exits 0."""
    monkeypatch.chdir(tmp_path)
    commands = readme_command_lines()
    shown = {tuple(c[:1]) for c in commands}
    assert {(c,) for c in (*VIEWS, "summary", "export", "validate")} <= shown
    shown_formats = {c[c.index("--format") + 1] for c in commands if c[0] == "export"}
    assert shown_formats == {f.name for f in formats.WRITTEN}  # each export format shown
    for command in commands:
        result = tool(*command)
        assert result.status == 0, (command, result.err)
        assert result.out.strip(), command


@pytest.mark.parametrize(
    ("output_format", "file_name", "kind"),
    [
        ("jsonld", "article.jsonld", "schema.org NewsArticle JSON-LD"),
        ("json-schema", "article.schema.json", "the document's JSON Schema"),
        ("html", "article.html", "the annotated page"),
        ("sqlite", "article.sqlite", "one SQLite database"),
        ("datapackage", "package/datapackage.json", "a file of the CSV tables with a Frictionless"),
        ("croissant", "croissant/croissant.json", "a file of the CSV tables with a Croissant"),
        ("parquet", "parquet/quotes.parquet", "a file of the tables as Parquet files"),
        ("parquet", "parquet/croissant.json", "a file of the tables as Parquet files"),
        ("parquet", "parquet", "the tables as Parquet files"),
        ("csv", "csv/people.csv", "a file of a folder of CSV tables"),
        ("csv", "csv/.secure-communities-article-export.json", "a file of a folder of CSV"),
        ("spacy", "article.spacy", "a spaCy DocBin"),
        ("brat", "brat/annotation.conf", "a file of a brat standoff folder"),
        ("xmi", "xmi/TypeSystem.xml", "a file of a UIMA CAS XMI folder"),
        ("conllu", "article.conllu", "CoNLL-U with CorefUD entities"),
    ],
)
def test_validate_names_the_packages_other_outputs(
    tmp_path: Path, tool: Callable[..., Run], output_format: str, file_name: str, kind: str
) -> None:
    target = tmp_path / file_name.split("/")[0]
    assert tool("export", "--format", output_format, "--output", str(target)).status == 0
    path = str(tmp_path / file_name)
    result = tool("validate", path)
    assert result.status == 1
    assert result.out.startswith(f"{path}: not an article document: it is {kind}")
    assert result.out.count("\n") == 1 and "schema_version" not in result.out
    assert f"--format {output_format}" in result.out


def test_validate_still_lists_the_problems_of_a_broken_article(
    shipped_document: dict[str, Any], tmp_path: Path, tool: Callable[..., Run]
) -> None:
    document = json.loads(json.dumps(shipped_document))
    del document["metadata"]
    target = tmp_path / "broken.json"
    target.write_text(json.dumps(document), "utf-8")
    result = tool("validate", str(target))
    assert result.status == 1
    assert "invalid" in result.out.splitlines()[0] and "not an article" not in result.out


def test_main_writes_to_a_replaced_standard_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Called from Python with sys.stdout replaced (a StringIO has no reconfigure)."""
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["entities"]) == 0
    assert out.getvalue().startswith("id ")


def test_score_reads_an_annotation_document_and_refuses_head_match_for_quotes(
    tool: Callable[..., Run], tmp_path: Path
) -> None:
    second = str(ROOT / "src" / "secure_communities_article" / "data" / "second-annotation.json")
    scored = tool("score", second, "--layer", "quotes", "--format", "json")
    assert scored.status == 0 and json.loads(scored.out)["f1"] == 1.0
    refused = tool("score", second, "--layer", "quotes", "--match", "head")
    assert refused.status == 2 and refused.out == ""
    assert refused.err.splitlines() == [
        "secure-communities-article: error: --match head scores mentions and coreference"
        " (see --help)"
    ]
    heads = tool("score", second, "--match", "head")  # every layer head match applies to
    assert heads.status == 0 and heads.out.count(", head match") == 2
