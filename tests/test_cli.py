"""The command-line tool, run as a separate process: every command and every error path."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import secure_communities_article as sca
from conftest import ROOT, package_file
from secure_communities_article._cli import (
    FILE_EXPORTS,
    FOLDER_EXPORTS,
    SHOWN_AS,
    VIEWS,
    main,
)
from secure_communities_article._describe import RECORDS
from secure_communities_article._model import ENTITIES, Article
from secure_communities_article._tables import table_named, table_rows

SCRIPT = Path(sys.executable).parent / (
    "secure-communities-article.exe" if sys.platform == "win32" else "secure-communities-article"
)


def run(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "secure_communities_article", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        check=False,
    )


def run_here(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    """Run the tool in this process; its exit status and standard output."""
    status = main(list(arguments))
    captured = capsys.readouterr()
    assert captured.err == ""
    return status, captured.out


def one_line_error(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_summary_is_the_default_and_names_each_quotation_and_speaker(
    article: sca.Article,
) -> None:
    default, summary = run(), run("summary")
    assert default.returncode == summary.returncode == 0
    assert default.stdout == summary.stdout
    lines = summary.stdout.splitlines()
    assert lines[0] == article.headline
    assert "17 June 2011" in lines[1] and article.author.label in lines[1]
    assert f"{len(article.quotes)} quotations" in summary.stdout
    assert f"{len(article.paragraphs)} paragraphs" in summary.stdout
    for quote in article.quotes:
        assert quote.speaker is not None
        speaker = article.entity(quote.speaker).label
        assert f"  {speaker}: \u201c{quote.span.text}\u201d" in lines


@pytest.mark.parametrize("command", list(VIEWS))
def test_each_record_command_prints_an_aligned_table(
    article: sca.Article, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table, shown, _ = VIEWS[command]
    rows = table_rows(table_named(table), article)
    status, out = run_here(capsys, command)
    assert status == 0
    lines = out.splitlines()
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
    article: sca.Article, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table, _, _ = VIEWS[command]
    rows = table_rows(table_named(table), article)
    status, out = run_here(capsys, command, "--format", "json")
    assert status == 0
    assert json.loads(out) == [dict(row) for row in rows]
    status, out = run_here(capsys, command, "--format", "csv")
    assert status == 0
    read = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [list(r) for r in read] == [list(row) for row in rows]
    key = next(iter(rows[0]))
    assert [r[key] for r in read] == [str(row[key]) for row in rows]


def test_there_is_a_command_for_every_layer() -> None:
    layers = {f.name for f in RECORDS[Article].fields if f.many and f.is_record}
    shown = {table_named(table).source for table, _, _ in VIEWS.values()}
    collections = {source[1] for source in shown if source and source[0] == "Article"}
    people_and_things = set(ENTITIES)  # the entities command shows every kind
    assert layers - collections == people_and_things
    assert {"reforms", "stances", "mentions", "reported-speech", "segments", "sentences"} <= set(
        VIEWS
    )


def test_the_quotes_command_names_each_speaker_and_marks_the_unnamed(
    article: sca.Article, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run_here(capsys, "quotes")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(article.quotes) + 2
    for line, quote in zip(lines[2:], article.quotes, strict=True):
        speaker = article.entity(quote.speaker) if quote.speaker else None
        assert speaker is not None
        if speaker.name is not None:
            assert f"  {speaker.name}  " in line
            assert "(unnamed)" not in line
        else:
            assert f"  (unnamed) {speaker.label}  " in line
        assert speaker.id not in line.split()[1:]  # the name, not the id


def test_export_json_is_the_shipped_document_and_loads_back(
    article: sca.Article, tmp_path: Path
) -> None:
    target = tmp_path / "article.json"
    result = run("export", "--format", "json", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == package_file("article.json")
    assert sca.load(target) == article
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.json"]


def test_export_jsonld_and_json_schema(article: sca.Article, tmp_path: Path) -> None:
    for output_format, expected in (
        ("jsonld", sca.to_jsonld(article)),
        ("json-schema", sca.json_schema()),
    ):
        target = tmp_path / f"out.{output_format}"
        result = run("export", "--format", output_format, "--output", str(target))
        assert result.returncode == 0, result.stderr
        assert json.loads(target.read_text("utf-8")) == expected


def test_export_html_is_the_annotated_page(article: sca.Article, tmp_path: Path) -> None:
    target = tmp_path / "article.html"
    result = run("export", "--format", "html", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text("utf-8") == sca.to_html(article)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.html"]


def test_export_csv_and_datapackage_folders(article: sca.Article, tmp_path: Path) -> None:
    import frictionless

    tables = sca.tables(article)
    result = run("export", "--format", "csv", "--output", str(tmp_path / "csv"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(
        f"{name}.csv" for name in tables
    )
    result = run("export", "--format", "datapackage", "--output", str(tmp_path / "package"))
    assert result.returncode == 0, result.stderr
    report = frictionless.validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.valid
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "package"]


@pytest.mark.parametrize("output_format", ["json", "datapackage"])
def test_export_refuses_to_overwrite_without_force(tmp_path: Path, output_format: str) -> None:
    target = tmp_path / "existing"
    target.write_text("mine", "utf-8")
    line = one_line_error(
        run("export", "--format", output_format, "--output", str(target)), status=1
    )
    assert "already exists" in line and "--force" in line
    assert target.read_text("utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["existing"]
    forced = run("export", "--format", output_format, "--output", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["existing"]
    assert (
        (target / "datapackage.json").exists()
        if output_format == "datapackage"
        else (json.loads(target.read_text("utf-8"))["schema_version"] == sca.SCHEMA_VERSION)
    )


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_export_into_a_missing_folder_fails_in_one_line(tmp_path: Path, output_format: str) -> None:
    target = tmp_path / "no" / "such" / "place"
    line = one_line_error(
        run("export", "--format", output_format, "--output", str(target)), status=1
    )
    assert "cannot write" in line
    assert list(tmp_path.iterdir()) == []


def test_validate_accepts_the_shipped_document(tmp_path: Path) -> None:
    target = tmp_path / "article.json"
    target.write_bytes(package_file("article.json"))
    result = run("validate", str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout and "checksum verified" in result.stdout


def test_validate_lists_every_problem_with_its_location(
    shipped_document: dict[str, Any], tmp_path: Path
) -> None:
    document = json.loads(json.dumps(shipped_document))
    document["quotes"][0]["kind"] = "paraphrase"
    document["events"][1]["paragraph"] = "zero"
    document["places"][0]["surprise"] = True
    target = tmp_path / "broken.json"
    target.write_text(json.dumps(document), "utf-8")
    result = run("validate", str(target))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{target}: invalid, 3 problem(s)"
    located = {line.split(": ")[1] for line in lines[1:]}
    assert located == {"$.quotes[0].kind", "$.events[1].paragraph", "$.places[0].surprise"}


def test_validate_checks_the_checksum(shipped_document: dict[str, Any], tmp_path: Path) -> None:
    document = json.loads(json.dumps(shipped_document))
    document["metadata"]["source_sha256"] = "0" * 64
    target = tmp_path / "tampered.json"
    target.write_text(json.dumps(document), "utf-8")
    result = run("validate", str(target))
    assert result.returncode == 1
    assert f"{target}: $.metadata.source_sha256: recorded" in result.stdout


def test_validate_reports_a_file_that_is_no_json(tmp_path: Path) -> None:
    target = tmp_path / "notes.json"
    target.write_text("{not json", "utf-8")
    result = run("validate", str(target))
    assert result.returncode == 1
    assert result.stdout.splitlines()[1].startswith(f"{target}: not JSON")


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_validate_reports_an_unreadable_path_in_one_line(tmp_path: Path, name: str) -> None:
    line = one_line_error(run("validate", name, cwd=tmp_path), status=1)
    assert line.startswith("secure-communities-article: cannot read")


@pytest.mark.parametrize(
    "arguments",
    [
        ["frobnicate"],
        ["--no-such-option"],
        ["quotes", "--format", "xml"],
        ["export", "--format", "json"],
        ["export", "--format", "pdf", "--output", "x"],
        ["validate"],
        ["summary", "extra"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(arguments: list[str]) -> None:
    line = one_line_error(run(*arguments), status=2)
    assert line.startswith("secure-communities-article") and "error:" in line


@pytest.mark.parametrize(
    "command", [[], ["summary"], *([c] for c in VIEWS), ["export"], ["validate"]]
)
def test_help_on_each_command(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: secure-communities-article")


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"secure-communities-article {sca.__version__}"


@pytest.mark.skipif(not SCRIPT.exists(), reason=f"the console script is not installed ({SCRIPT})")
def test_console_script_prints_the_summary(article: sca.Article) -> None:
    result = subprocess.run(
        [str(SCRIPT)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=True,
    )
    assert result.stdout == run().stdout
    assert result.stdout.startswith(article.headline)


def test_the_tool_and_the_package_import_cheaply() -> None:
    code = (
        "import sys\n"
        "import secure_communities_article\n"
        "package = set(sys.modules)\n"
        "import secure_communities_article._cli, secure_communities_article.__main__\n"
        "heavy = ['json', 'csv', 'argparse', 'tempfile', 'shutil', 'pathlib', 'pandas',\n"
        "         'rdflib', 'frictionless', 'jsonschema']\n"
        "print(','.join(m for m in heavy if m in package) or 'none')\n"
        "print(','.join(m for m in heavy if m in sys.modules and m != 'pathlib') or 'none')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["none", "none"]


def readme_command_lines() -> list[list[str]]:
    readme = ROOT / "README.md"
    if not readme.exists():
        return []
    blocks = re.findall(r"```console\n(.*?)```", readme.read_text("utf-8"), flags=re.S)
    prefix = "$ secure-communities-article"
    lines = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert all(line.startswith(prefix) for line in lines)
    return [line[len(prefix) :].split() for line in lines]


@pytest.mark.skipif(not readme_command_lines(), reason="needs the source tree's README")
def test_every_readme_command_line_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in order in one folder (validate reads what export wrote); each exits 0."""
    commands = readme_command_lines()
    shown = {tuple(c[:1]) for c in commands}
    assert {(c,) for c in (*VIEWS, "summary", "export", "validate")} <= shown
    formats = {c[c.index("--format") + 1] for c in commands if c[0] == "export"}
    assert formats == {*FILE_EXPORTS, *FOLDER_EXPORTS}  # each export format shown once
    monkeypatch.chdir(tmp_path)
    for command in commands:  # in this process: the console script has its own test
        status, out = run_here(capsys, *command)
        assert status == 0, command
        assert out.strip(), command


@pytest.mark.parametrize(
    ("output_format", "file_name", "kind"),
    [
        ("jsonld", "article.jsonld", "schema.org JSON-LD"),
        ("json-schema", "article.schema.json", "a JSON Schema"),
        ("html", "article.html", "an HTML page"),
        ("sqlite", "article.sqlite", "a SQLite database"),
        ("datapackage", "package/datapackage.json", "a Frictionless data package descriptor"),
        ("croissant", "croissant/croissant.json", "a Croissant description"),
        ("parquet", "parquet/quotes.parquet", "a Parquet file"),
    ],
)
def test_validate_names_the_packages_other_outputs(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    output_format: str,
    file_name: str,
    kind: str,
) -> None:
    target = tmp_path / file_name.split("/")[0]
    run_here(capsys, "export", "--format", output_format, "--output", str(target))
    path = str(tmp_path / file_name)
    status, out = run_here(capsys, "validate", path)
    assert status == 1
    assert out.startswith(f"{path}: not an article document: it is {kind}")
    assert out.count("\n") == 1 and "schema_version" not in out
    assert f"--format {output_format}" in out


def test_validate_still_lists_the_problems_of_a_broken_article(
    shipped_document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(json.dumps(shipped_document))
    del document["metadata"]
    target = tmp_path / "broken.json"
    target.write_text(json.dumps(document), "utf-8")
    status, out = run_here(capsys, "validate", str(target))
    assert status == 1 and "invalid" in out.splitlines()[0] and "not an article" not in out
