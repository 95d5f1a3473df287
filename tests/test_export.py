"""Safe writing: a whole file or folder appears or nothing does; nothing a user owns is lost.

Each test that touches the file system compares its state before and after: what the
user had is still there, byte for byte; no temporary is left; no target is half-written.
The tests that replace or race run twice: with Linux's ``renameat2`` and without it.
"""

from __future__ import annotations

import copy
import csv
import errno
import hashlib
import json
import os
import signal
import socket
import stat
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
from secure_communities_article import _export
from secure_communities_article._datapackage import _cell
from secure_communities_article._export import (
    MANIFEST,
    TEMPORARY_PREFIX,
    TargetExistsError,
    write_file,
    write_folder,
)

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def temporaries(root: Path) -> list[str]:
    return [
        str(path.relative_to(root)) for path in root.rglob("*") if TEMPORARY_PREFIX in path.name
    ]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def two_tables(tag: str = "x") -> Callable[[Path], None]:
    def fill(folder: Path) -> None:
        (folder / "a.csv").write_text(f"a,{tag}\n", "utf-8")
        (folder / "b.csv").write_text(f"b,{tag}\n", "utf-8")

    return fill


@pytest.fixture(params=["renameat2", "plain rename"])
def renames(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with Linux's atomic renames, and again with the plain fallback."""
    if request.param == "renameat2":
        if not _export._renameat2_available():
            pytest.skip("renameat2 is Linux-only")
    else:
        monkeypatch.setattr(_export, "_renameat2", lambda *arguments: False)
    return str(request.param)


# --- files ---------------------------------------------------------------------------


def test_write_file_creates_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert write_file(target, b"{}\n") == target
    assert target.read_bytes() == b"{}\n"
    assert names(tmp_path) == ["out.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_file_replaces_a_file_only_when_told(tmp_path: Path, renames: str) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    with pytest.raises(TargetExistsError) as refused:
        write_file(target, b"new")
    assert refused.value.what == "a file" and refused.value.replaceable
    assert target.read_bytes() == b"old"
    write_file(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert names(tmp_path) == ["out.json"]


def test_a_failing_write_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames: str
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_file(target, b"new", overwrite=True)
    assert snapshot(tmp_path) == {"out.json": ("file", b"old")}


@needs_posix
@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda p: p.mkdir(), "a folder"),
        (lambda p: os.symlink("elsewhere.json", p), "a symbolic link that leads nowhere"),
        (lambda p: os.symlink("mine.json", p), "a symbolic link to a file"),
        (lambda p: socket.socket(socket.AF_UNIX).bind(str(p)), "a socket"),
    ],
    ids=["folder", "dangling link", "link to a file", "socket"],
)
def test_a_file_export_replaces_nothing_but_a_file(
    tmp_path: Path, make: Callable[[Path], None], what: str
) -> None:
    (tmp_path / "mine.json").write_bytes(b"mine")
    target = tmp_path / "out.json"
    make(target)
    before = snapshot(tmp_path)
    for overwrite in (False, True):
        with pytest.raises(TargetExistsError) as refused:
            write_file(target, b"new", overwrite=overwrite)
        assert refused.value.what == what and not refused.value.replaceable
    assert snapshot(tmp_path) == before


def device_like(original: str, folder: Path) -> Path:
    """A character device node in ``folder`` like ``original`` (root only), else ``original``.

    A copy in a temporary folder means that, should a regression replace the device, the
    system's own ``/dev/null`` stays whole; without root the original cannot be replaced.
    """
    copy = folder / Path(original).name
    try:
        os.mknod(copy, stat.S_IFCHR | 0o666, os.stat(original).st_rdev)
    except (PermissionError, AttributeError):
        return Path(original)
    return copy


@needs_posix
def test_devices_and_fifos_are_written_through_never_replaced(tmp_path: Path) -> None:
    null = device_like(os.devnull, tmp_path)
    for overwrite in (False, True):
        write_file(null, b"gone", overwrite=overwrite)
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    (tmp_path / "link").symlink_to(null)
    write_file(tmp_path / "link", b"gone", overwrite=True)  # a link to a device: through it
    assert os.readlink(tmp_path / "link") == str(null)

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, b"through the pipe\n", overwrite=True)
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temporaries(tmp_path) == []


@needs_posix
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_device_is_an_error_not_a_replacement(tmp_path: Path) -> None:
    full = device_like("/dev/full", tmp_path)
    with pytest.raises(OSError, match="No space") as failed:
        write_file(full, b"data", overwrite=True)
    assert failed.value.errno == errno.ENOSPC
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("name", ["", ".", "..", "/", "./", "sub/.", "sub/..", "out.json/"])
def test_a_path_that_names_no_new_entry_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    before = snapshot(tmp_path)
    with pytest.raises(OSError, match="not a name") as refused:
        write_file(name, b"x", overwrite=True)
    assert refused.value.errno == errno.EINVAL
    if name != "out.json/":  # a folder's name may end in "/"
        with pytest.raises(OSError, match="not a name"):
            write_folder(name, two_tables(), kind="csv", overwrite=True)
    assert snapshot(tmp_path) == before


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=2000), overwrite=st.booleans())
def test_whatever_is_written_is_read_back(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, overwrite: bool
) -> None:
    folder = tmp_path_factory.mktemp("write")
    target = folder / "file.bin"
    write_file(target, data, overwrite=overwrite)
    assert target.read_bytes() == data
    assert names(folder) == ["file.bin"]


# --- folders ---------------------------------------------------------------------------


def test_a_folder_appears_whole_with_a_manifest_of_its_files(tmp_path: Path) -> None:
    def fill(folder: Path) -> None:
        assert folder.parent == tmp_path and folder.name.startswith(TEMPORARY_PREFIX)
        two_tables()(folder)

    assert write_folder(tmp_path / "tables/", fill, kind="csv") == tmp_path / "tables"
    assert names(tmp_path) == ["tables"]
    assert names(tmp_path / "tables") == [MANIFEST, "a.csv", "b.csv"]
    manifest = json.loads((tmp_path / "tables" / MANIFEST).read_text("utf-8"))
    assert manifest["format"] == "csv"
    assert manifest["files"] == {
        name: hashlib.sha256((tmp_path / "tables" / name).read_bytes()).hexdigest()
        for name in ("a.csv", "b.csv")
    }


def test_a_failing_fill_leaves_nothing_and_keeps_the_old_export(
    tmp_path: Path, renames: str
) -> None:
    def fill(folder: Path) -> None:
        (folder / "a.csv").write_text("half", "utf-8")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "tables", fill, kind="csv")
    assert names(tmp_path) == []
    write_folder(tmp_path / "tables", two_tables(), kind="csv")
    before = snapshot(tmp_path)
    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "tables", fill, kind="csv", overwrite=True)
    assert snapshot(tmp_path) == before


def test_an_unchanged_export_of_the_same_format_is_replaced_only_when_told(
    tmp_path: Path, renames: str
) -> None:
    target = tmp_path / "tables"
    write_folder(target, two_tables("old"), kind="csv")
    before = snapshot(tmp_path)
    with pytest.raises(TargetExistsError) as refused:
        write_folder(target, two_tables("new"), kind="csv")
    assert refused.value.what == "a csv export" and refused.value.replaceable
    assert snapshot(tmp_path) == before
    write_folder(target, two_tables("new"), kind="csv", overwrite=True)
    assert names(tmp_path) == ["tables"]
    assert (target / "a.csv").read_text("utf-8") == "a,new\n"
    assert names(target) == [MANIFEST, "a.csv", "b.csv"]


def _export_with(change: Callable[[Path], object]) -> Callable[[Path], None]:
    def make(target: Path) -> None:
        write_folder(target, two_tables("old"), kind="csv")
        change(target)

    return make


def _link_instead_of_a_file(target: Path) -> None:
    (target / "a.csv").unlink()
    (target / "a.csv").symlink_to("b.csv")


def _forge_manifest(target: Path) -> None:
    manifest = target / MANIFEST
    manifest.write_text(manifest.read_text("utf-8").replace('"files"', '"filez"'), "utf-8")


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda p: p.mkdir(), "an empty folder"),
        (
            lambda p: (p.mkdir(), (p / "notes.txt").write_text("mine", "utf-8")),
            "a folder that this tool did not write",
        ),
        (
            _export_with(lambda p: (p / "notes.txt").write_text("mine", "utf-8")),
            "a csv export with other files in it: notes.txt",
        ),
        (
            _export_with(lambda p: (p / "a.csv").write_text("a,edited\n", "utf-8")),
            "a csv export whose a.csv has changed",
        ),
        (_export_with(lambda p: (p / "b.csv").unlink()), "a csv export with b.csv missing"),
        (_export_with(_link_instead_of_a_file), "a csv export whose a.csv has changed"),
        (_export_with(_forge_manifest), "a folder whose export manifest is unreadable"),
        (
            lambda p: write_folder(p, two_tables(), kind="datapackage"),
            "a datapackage export, not csv",
        ),
        (lambda p: p.write_text("mine", "utf-8"), "a file"),
        (lambda p: p.symlink_to("elsewhere"), "a symbolic link to a folder"),
        (lambda p: os.mkfifo(p), "a FIFO"),
    ],
    ids=[
        "empty folder",
        "user's folder",
        "export plus a user's file",
        "edited export",
        "export missing a file",
        "export with a link",
        "forged manifest",
        "other format",
        "file",
        "link to an export",
        "fifo",
    ],
)
def test_a_folder_export_replaces_nothing_else_and_deletes_nothing(
    tmp_path: Path, make: Callable[[Path], object], what: str
) -> None:
    write_folder(tmp_path / "elsewhere", two_tables(), kind="csv")
    target = tmp_path / "tables"
    make(target)
    before = snapshot(tmp_path)
    for overwrite in (False, True):
        with pytest.raises(TargetExistsError) as refused:
            write_folder(target, two_tables("new"), kind="csv", overwrite=overwrite)
        assert refused.value.what == what and not refused.value.replaceable
    assert snapshot(tmp_path) == before


# --- races -----------------------------------------------------------------------------


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_that_appears_during_the_export_is_never_replaced(
    tmp_path: Path, renames: str, overwrite: bool
) -> None:
    target = tmp_path / "tables"

    def fill_while_someone_makes_the_target(folder: Path) -> None:
        two_tables()(folder)
        target.mkdir()  # empty: a plain rename would replace it

    with pytest.raises(TargetExistsError) as refused:
        write_folder(target, fill_while_someone_makes_the_target, kind="csv", overwrite=overwrite)
    assert refused.value.appeared and "already exists" in str(refused.value)
    assert snapshot(tmp_path) == {"tables": ("other", stat.S_IFDIR)}


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_file_that_appears_during_the_export_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames: str, overwrite: bool
) -> None:
    target = tmp_path / "out.json"
    real_fsync = os.fsync

    def fsync_while_someone_makes_the_target(descriptor: int) -> None:
        real_fsync(descriptor)
        if not target.exists():
            target.write_bytes(b"theirs")

    monkeypatch.setattr(os, "fsync", fsync_while_someone_makes_the_target)
    with pytest.raises(TargetExistsError) as refused:
        write_file(target, b"ours", overwrite=overwrite)
    assert refused.value.appeared and refused.value.what == "a file"
    assert snapshot(tmp_path) == {"out.json": ("file", b"theirs")}


def test_an_export_changed_during_the_export_is_kept(tmp_path: Path, renames: str) -> None:
    target = tmp_path / "tables"
    write_folder(target, two_tables("old"), kind="csv")

    def fill_while_someone_adds_a_file(folder: Path) -> None:
        two_tables("new")(folder)
        (target / "notes.txt").write_text("mine", "utf-8")

    before_fill = snapshot(tmp_path)
    with pytest.raises(TargetExistsError) as refused:
        write_folder(target, fill_while_someone_adds_a_file, kind="csv", overwrite=True)
    assert refused.value.appeared
    assert refused.value.what == "a csv export with other files in it: notes.txt"
    assert snapshot(tmp_path) == {**before_fill, "tables/notes.txt": ("file", b"mine")}


def test_a_file_replaced_by_a_folder_during_the_export_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames: str
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    real_fsync = os.fsync

    def fsync_while_someone_swaps_in_a_folder(descriptor: int) -> None:
        real_fsync(descriptor)
        if target.is_file():
            target.unlink()
            target.mkdir()
            (target / "notes.txt").write_text("mine", "utf-8")

    monkeypatch.setattr(os, "fsync", fsync_while_someone_swaps_in_a_folder)
    with pytest.raises(TargetExistsError) as refused:
        write_file(target, b"new", overwrite=True)
    assert refused.value.appeared and refused.value.what == "a folder"
    assert snapshot(tmp_path) == {
        "out.json": ("other", stat.S_IFDIR),
        "out.json/notes.txt": ("file", b"mine"),
    }


@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing an export"])
def test_concurrent_forced_exports_end_with_one_complete_folder(
    tmp_path: Path, renames: str, existing: bool
) -> None:
    target = tmp_path / "tables"
    if existing:
        write_folder(target, two_tables("first"), kind="csv")
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

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=export, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sys.setswitchinterval(interval)
    assert set(outcomes) <= {"wrote", "appeared"}, outcomes
    assert outcomes.count("wrote") >= 1
    if existing and renames == "renameat2":
        assert outcomes.count("wrote") == writers  # each replaced a complete export
    assert names(tmp_path) == ["tables"]  # no temporaries, no backups
    assert _export._examine(target, "csv") == (True, "a csv export")
    a, b = ((target / name).read_text("utf-8") for name in ("a.csv", "b.csv"))
    assert a.removeprefix("a,") == b.removeprefix("b,")  # both from the same writer


# --- signals ---------------------------------------------------------------------------


@needs_posix
def test_signals_wait_while_an_entry_is_made_or_removed() -> None:
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
    try:
        with _export._signals_held():
            signal.pthread_kill(threading.get_ident(), signal.SIGTERM)  # to this thread
            for _ in range(1000):  # many chances for a handler to run, were it not held
                pass
            assert received == []
        assert received == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def interrupted_after(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Raise KeyboardInterrupt (what SIGINT does) inside a named step of the export."""

    def arrange(step: str) -> None:
        real = getattr(_export, step)

        def interrupt(*arguments: object) -> object:
            real(*arguments)
            raise KeyboardInterrupt

        monkeypatch.setattr(_export, step, interrupt)

    return arrange


@pytest.mark.parametrize("step", ["_write_all", "_seal"])
def test_an_interruption_leaves_no_temporary(
    tmp_path: Path, interrupted_after: Callable[[str], None], step: str
) -> None:
    write_folder(tmp_path / "tables", two_tables("old"), kind="csv")
    (tmp_path / "out.json").write_bytes(b"old")
    before = snapshot(tmp_path)
    interrupted_after(step)
    export: Callable[[], object] = (
        (lambda: write_folder(tmp_path / "tables", two_tables("new"), kind="csv", overwrite=True))
        if step == "_seal"
        else (lambda: write_file(tmp_path / "out.json", b"new", overwrite=True))
    )
    with pytest.raises(KeyboardInterrupt):
        export()
    assert snapshot(tmp_path) == before


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
