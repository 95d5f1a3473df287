"""Safe writing and the format registry: a whole file or folder appears or nothing does.

Each test that touches the file system compares its state before and after: what the
user had is still there, byte for byte; no temporary is left; no target is half-written.
"""

from __future__ import annotations

import copy
import csv
import errno
import hashlib
import json
import os
import re
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ROOT, snapshot
from secure_communities_article import _atomic, formats
from secure_communities_article._atomic import (
    MANIFEST,
    TEMPORARY_PREFIX,
    TargetExistsError,
    write_file,
    write_folder,
)
from secure_communities_article.formats.csv import _cell

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def two_tables(tag: str = "x") -> Callable[[Path], None]:
    def fill(folder: Path) -> None:
        (folder / "a.csv").write_text(f"a,{tag}\n", "utf-8")
        (folder / "b.csv").write_text(f"b,{tag}\n", "utf-8")

    return fill


def special_entries(folder: Path) -> dict[str, str]:
    """A FIFO, a socket, a symbolic link and a link to a folder: name -> what the tool says."""
    os.mkfifo(folder / "fifo")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(folder / "socket"))
    (folder / "link").symlink_to("nowhere")
    (folder / "folder-link").symlink_to(".")
    return {
        "fifo": "a FIFO",
        "socket": "a socket",
        "link": "a symbolic link",
        "folder-link": "a symbolic link",
    }


# --- files ---------------------------------------------------------------------------


def test_write_file_creates_the_file_and_replaces_only_a_file_when_told(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert write_file(target, b"one") == target
    with pytest.raises(TargetExistsError) as refused:
        write_file(target, b"two")
    assert refused.value.what == "a file" and refused.value.replaceable
    write_file(target, b"two", overwrite=True)
    assert target.read_bytes() == b"two" and names(tmp_path) == ["out.json"]


@needs_posix
@pytest.mark.parametrize("overwrite", [False, True])
def test_anything_but_a_file_is_refused_never_written_through(
    tmp_path: Path, overwrite: bool
) -> None:
    entries = {**special_entries(tmp_path), "null": "a character device"}
    (tmp_path / "null").symlink_to(os.devnull)
    entries["null"] = "a symbolic link"
    (tmp_path / "folder").mkdir()
    entries["folder"] = "a folder"
    before = snapshot(tmp_path)
    for name, what in entries.items():
        with pytest.raises(TargetExistsError) as refused:
            write_file(tmp_path / name, b"data", overwrite=overwrite)
        assert refused.value.what == what and not refused.value.replaceable, name
    with pytest.raises(TargetExistsError, match="character device"):
        write_file(os.devnull, b"data", overwrite=overwrite)
    assert snapshot(tmp_path) == before


def test_a_failing_write_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out.json").write_bytes(b"old")
    before = snapshot(tmp_path)

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_file(tmp_path / "out.json", b"new", overwrite=True)
    with pytest.raises(OSError, match="No space"):
        write_file(tmp_path / "new.json", b"new")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("path", ["", ".", "..", "./", "/"])
def test_a_path_that_names_no_new_entry_is_refused(path: str) -> None:
    with pytest.raises(OSError, match="not a name for a new file or folder"):
        write_file(path, b"x", overwrite=True)
    with pytest.raises(OSError, match="not a name for a new file or folder"):
        write_folder(path, two_tables(), kind="csv", overwrite=True)


def test_a_file_that_appears_during_the_export_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    real = os.fsync

    def appear(descriptor: int) -> None:
        real(descriptor)
        target.write_bytes(b"theirs")

    monkeypatch.setattr(os, "fsync", appear)
    with pytest.raises(TargetExistsError) as refused:
        write_file(target, b"ours")
    assert refused.value.appeared
    assert names(tmp_path) == ["out.json"] and target.read_bytes() == b"theirs"


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=2000), overwrite=st.booleans())
def test_whatever_is_written_is_read_back(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, overwrite: bool
) -> None:
    folder = tmp_path_factory.mktemp("write")
    write_file(folder / "file.bin", data, overwrite=overwrite)
    assert (folder / "file.bin").read_bytes() == data
    assert names(folder) == ["file.bin"]


# --- folders ---------------------------------------------------------------------------


def test_a_folder_appears_whole_with_a_manifest_of_its_files(tmp_path: Path) -> None:
    def fill(folder: Path) -> None:
        assert folder.parent == tmp_path and folder.name.startswith(TEMPORARY_PREFIX)
        two_tables()(folder)

    assert write_folder(tmp_path / "tables/", fill, kind="csv", overwrite=False) == (
        tmp_path / "tables"
    )
    assert names(tmp_path) == ["tables"]
    assert names(tmp_path / "tables") == [MANIFEST, "a.csv", "b.csv"]
    manifest = json.loads((tmp_path / "tables" / MANIFEST).read_text("utf-8"))
    assert manifest["format"] == "csv" and manifest["written_by"] == "secure-communities-article"
    assert manifest["files"] == {
        name: hashlib.sha256((tmp_path / "tables" / name).read_bytes()).hexdigest()
        for name in ("a.csv", "b.csv")
    }


def test_a_failing_fill_leaves_nothing_and_keeps_the_old_export(tmp_path: Path) -> None:
    def fill(folder: Path) -> None:
        (folder / "a.csv").write_text("half", "utf-8")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "tables", fill, kind="csv", overwrite=False)
    assert names(tmp_path) == []
    write_folder(tmp_path / "tables", two_tables(), kind="csv", overwrite=False)
    before = snapshot(tmp_path)
    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "tables", fill, kind="csv", overwrite=True)
    assert snapshot(tmp_path) == before


def test_an_unchanged_export_of_the_same_format_is_replaced_only_when_told(
    tmp_path: Path,
) -> None:
    target = tmp_path / "tables"
    write_folder(target, two_tables("old"), kind="csv", overwrite=False)
    before = snapshot(tmp_path)
    with pytest.raises(TargetExistsError) as refused:
        write_folder(target, two_tables("new"), kind="csv", overwrite=False)
    assert refused.value.what == "a csv export" and refused.value.replaceable
    assert snapshot(tmp_path) == before
    write_folder(target, two_tables("new"), kind="csv", overwrite=True)
    assert names(tmp_path) == ["tables"]
    assert (target / "a.csv").read_text("utf-8") == "a,new\n"


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda f: (f / "a.csv").write_text("edited"), "a csv export whose a.csv has changed"),
        (lambda f: (f / "a.csv").unlink(), "a csv export whose a.csv has changed or is missing"),
        (lambda f: (f / "mine.txt").write_text("mine"), "a csv export with other files in it"),
        (lambda f: (f / MANIFEST).write_text("{}"), "a folder that this tool did not write"),
        (lambda f: (f / MANIFEST).write_text("[" * 10**5), "a folder that this tool did not"),
    ],
)
def test_a_changed_export_is_never_replaced(
    tmp_path: Path, change: Callable[[Path], object], what: str
) -> None:
    target = tmp_path / "tables"
    write_folder(target, two_tables(), kind="csv", overwrite=False)
    change(target)
    before = snapshot(tmp_path)
    with pytest.raises(TargetExistsError) as refused:
        write_folder(target, two_tables("new"), kind="csv", overwrite=True)
    assert refused.value.what.startswith(what) and not refused.value.replaceable
    assert snapshot(tmp_path) == before


@needs_posix
def test_a_folder_export_replaces_nothing_else_and_deletes_nothing(tmp_path: Path) -> None:
    entries = special_entries(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine")
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("mine")
    write_folder(tmp_path / "brat", two_tables(), kind="brat", overwrite=False)
    entries.update(
        mine="a folder that this tool did not write",
        empty="an empty folder",
        file="a file",
        brat="a brat export, not csv",
    )
    before = snapshot(tmp_path)
    for name, what in entries.items():
        with pytest.raises(TargetExistsError) as refused:
            write_folder(tmp_path / name, two_tables(), kind="csv", overwrite=True)
        assert refused.value.what == what, name
    assert snapshot(tmp_path) == before


def test_what_appears_or_changes_during_the_export_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "tables"

    def appear(folder: Path) -> None:
        two_tables()(folder)
        target.mkdir()
        (target / "theirs.txt").write_text("theirs")

    with pytest.raises(TargetExistsError) as refused:
        write_folder(target, appear, kind="csv", overwrite=True)
    assert refused.value.appeared and names(target) == ["theirs.txt"]
    (target / "theirs.txt").unlink()
    target.rmdir()
    write_folder(target, two_tables("old"), kind="csv", overwrite=False)

    def edit(folder: Path) -> None:
        two_tables("new")(folder)
        (target / "a.csv").write_text("edited while the export ran")

    with pytest.raises(TargetExistsError) as refused:
        write_folder(target, edit, kind="csv", overwrite=True)
    assert refused.value.appeared
    assert names(tmp_path) == ["tables"]
    assert (target / "a.csv").read_text() == "edited while the export ran"


@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing an export"])
def test_concurrent_forced_exports_end_with_one_complete_folder(
    tmp_path: Path, existing: bool
) -> None:
    target = tmp_path / "tables"
    if existing:
        write_folder(target, two_tables("first"), kind="csv", overwrite=False)
    writers = 16
    barrier = threading.Barrier(writers)
    outcomes: list[str] = [""] * writers

    def export(number: int) -> None:
        def fill(folder: Path) -> None:
            two_tables(f"writer {number}")(folder)
            barrier.wait()  # every writer has built its folder: now they race to rename

        try:
            write_folder(target, fill, kind="csv", overwrite=True)
            outcomes[number] = "wrote"
        except TargetExistsError as error:
            outcomes[number] = "appeared" if error.appeared else str(error)
        except Exception as error:
            outcomes[number] = repr(error)

    threads = [threading.Thread(target=export, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(outcomes) <= {"wrote", "appeared"}, outcomes
    assert outcomes.count("wrote") >= 1
    assert names(tmp_path) == ["tables"]  # no temporaries, no old exports left aside
    assert _atomic._examine(target, "csv") == (True, "a csv export")
    a, b = ((target / name).read_text("utf-8") for name in ("a.csv", "b.csv"))
    assert a.removeprefix("a,") == b.removeprefix("b,")  # both from the same writer


@pytest.mark.parametrize("step", ["fsync", "_seal", "_examine"])
def test_an_interruption_leaves_no_temporary_and_the_old_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    write_folder(tmp_path / "tables", two_tables("old"), kind="csv", overwrite=False)
    (tmp_path / "out.json").write_bytes(b"old")
    before = snapshot(tmp_path)
    owner: Any = os if step == "fsync" else _atomic
    real = getattr(owner, step)
    calls = {"n": 0}

    def interrupt(*arguments: Any) -> Any:
        calls["n"] += 1
        result = real(*arguments)
        if step != "_examine" or calls["n"] == 2:  # _examine: once the old one is set aside
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(owner, step, interrupt)
    export: Callable[[], object] = (
        (lambda: write_file(tmp_path / "out.json", b"new", overwrite=True))
        if step == "fsync"
        else (
            lambda: write_folder(tmp_path / "tables", two_tables("new"), kind="csv", overwrite=True)
        )
    )
    with pytest.raises(KeyboardInterrupt):
        export()
    assert snapshot(tmp_path) == before


def refuse_links(monkeypatch: pytest.MonkeyPatch, before: Callable[[], object] = list) -> None:
    """``os.link`` as FAT, exFAT and some SMB mounts answer it (``before`` runs first)."""

    def refused(*arguments: Any) -> None:
        before()
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)


def test_where_hard_links_are_refused_a_new_file_is_still_written_and_nothing_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_links(monkeypatch)
    target = write_file(tmp_path / "out.json", b"new")
    assert target.read_bytes() == b"new" and names(tmp_path) == ["out.json"]
    with pytest.raises(TargetExistsError) as refused:
        write_file(target, b"newer")
    assert refused.value.replaceable and target.read_bytes() == b"new"
    write_file(target, b"newer", overwrite=True)
    assert target.read_bytes() == b"newer" and names(tmp_path) == ["out.json"]
    # A file that takes the name while the export is written is never replaced.
    theirs = tmp_path / "theirs.json"
    refuse_links(monkeypatch, lambda: theirs.write_bytes(b"theirs"))
    with pytest.raises(TargetExistsError) as raced:
        write_file(theirs, b"new")
    assert raced.value.appeared and theirs.read_bytes() == b"theirs"
    assert names(tmp_path) == ["out.json", "theirs.json"]


def interrupt_after_move_aside(monkeypatch: pytest.MonkeyPatch, act: Callable[[], object]) -> None:
    """Run ``act`` once the old export has been moved aside and judged there."""
    real = _atomic._examine
    calls = [0]

    def examine(path: Path, kind: str) -> tuple[bool, str]:
        found = real(path, kind)
        calls[0] += 1
        if calls[0] == 2:  # the first judges the target, the second the moved-aside export
            act()
        return found

    monkeypatch.setattr(_atomic, "_examine", examine)


def test_a_file_that_takes_the_name_during_a_replacement_leaves_the_old_export_in_sight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_folder(tmp_path / "tables", two_tables("old"), kind="csv")
    interrupt_after_move_aside(monkeypatch, lambda: target.write_text("theirs"))
    with pytest.raises(OSError, match=r"the old export is kept at tables\.kept-"):
        write_folder(target, two_tables("new"), kind="csv", overwrite=True)
    (kept,) = [name for name in names(tmp_path) if name != "tables"]
    assert target.read_text() == "theirs" and kept.startswith("tables.kept-")
    assert _atomic._examine(tmp_path / kept, "csv") == (True, "a csv export")


def test_a_file_written_into_the_replaced_export_meanwhile_is_kept_in_sight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_folder(tmp_path / "tables", two_tables("old"), kind="csv")

    def write_into_the_old_one() -> None:
        (hidden,) = [
            p
            for p in tmp_path.iterdir()
            if p.name.startswith(TEMPORARY_PREFIX) and (p / "a.csv").read_text() == "a,old\n"
        ]
        (hidden / "notes.txt").write_text("mine")

    interrupt_after_move_aside(monkeypatch, write_into_the_old_one)
    assert write_folder(target, two_tables("new"), kind="csv", overwrite=True) == target
    (kept,) = [name for name in names(tmp_path) if name != "tables"]
    assert kept.startswith("tables.kept-") and names(tmp_path / kept) == ["notes.txt"]
    assert (target / "a.csv").read_text() == "a,new\n"


# --- the registry ----------------------------------------------------------------------


@pytest.mark.parametrize("output", formats.FORMATS, ids=lambda f: f.name)
def test_each_format_module_offers_what_its_row_declares(output: formats.Format) -> None:
    module = formats.module(output)
    if output.written:
        assert callable(getattr(module, "fill" if output.folder else "render")), output.name
    for name in output.api:
        assert callable(getattr(sca, name)) and name in sca.__all__
    assert (output.writer in sca.__all__) == output.written


@pytest.mark.parametrize("output", formats.WRITTEN, ids=lambda f: f.name)
def test_each_writer_writes_its_format_and_refuses_a_second_time(
    article: sca.Article, tmp_path: Path, output: formats.Format
) -> None:
    write = getattr(sca, output.writer)
    target = write(article, tmp_path / "out")
    assert target == tmp_path / "out" and names(tmp_path) == ["out"]
    if not output.folder:
        assert target.read_bytes() == formats.content(article, output)
    else:
        assert json.loads((target / MANIFEST).read_text())["format"] == output.name
    with pytest.raises(FileExistsError):
        write(article, target)
    write(article, target, overwrite=True)


def test_a_missing_extra_names_its_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ModuleNotFoundError, match=r'pip install "secure-communities-article\['):
        formats.need("pyarrow.parquet", "parquet")


# --- CSV stays exact -------------------------------------------------------------------

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://x")']


def test_csv_cells_are_written_exactly_even_those_a_spreadsheet_would_run(
    shipped_document: dict[str, Any], tmp_path: Path
) -> None:
    document = copy.deepcopy(shipped_document)
    for person, formula in zip(document["people"], FORMULAS, strict=False):
        person["role"] = formula
    document["time_expressions"][0]["note"] = FORMULAS[-1]
    article = sca.from_dict(document)
    folder = sca.write_csv(article, tmp_path / "tables")
    for name, rows in sca.tables(article).items():
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
            read = list(csv.reader(handle))
        assert read[1:] == [[_cell(value) for value in row.values()] for row in rows], name
    with open(folder / "people.csv", encoding="utf-8", newline="") as handle:
        roles = [row["role"] for row in csv.DictReader(handle)]
    assert set(FORMULAS[: len(article.people)]) <= set(roles)


@pytest.mark.skipif(not (ROOT / "docs").is_dir(), reason="needs the source tree")
def test_the_export_docs_warn_of_formulas_in_spreadsheets() -> None:
    for page in (ROOT / "README.md", ROOT / "docs" / "exports.md"):
        text = " ".join(page.read_text("utf-8").split())
        assert "spreadsheet" in text and "formula" in text, page
        assert "`=`, `+`, `-` or `@`" in text, page


@pytest.mark.skipif(not (ROOT / "docs").is_dir(), reason="needs the source tree")
def test_the_exports_page_lists_the_registry() -> None:
    text = (ROOT / "docs" / "exports.md").read_text("utf-8")
    rows = re.findall(
        r"^\| `([a-z0-9-]+)` \| ([^|]+) \| (file|folder) \| `?([a-z-]*)`? ?\|$", text, re.M
    )
    assert rows == [
        (f.name, f.what, "folder" if f.folder else "file", f.extra or "") for f in formats.WRITTEN
    ]


@pytest.mark.skipif(not (ROOT / "docs").is_dir(), reason="needs the source tree")
def test_the_readme_shows_an_export_of_every_registered_format() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    shown = re.findall(r"^\$ secure-communities-article export --format ([a-z0-9-]+) ", text, re.M)
    assert sorted(set(shown)) == sorted(f.name for f in formats.WRITTEN)


def test_a_one_file_format_refuses_a_path_ending_in_a_separator(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="ends in"):
        write_file(f"{tmp_path / 'out.conllu'}/", b"x")
    assert names(tmp_path) == []
