"""Atomic writing: a whole file or folder appears or nothing does; nothing is replaced unasked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secure_communities_article._export import write_file, write_folder


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_file_creates_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert write_file(target, b"{}\n") == target
    assert target.read_bytes() == b"{}\n"
    assert names(tmp_path) == ["out.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_file_refuses_an_existing_path_unless_told(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        write_file(target, b"new")
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["out.json"]
    write_file(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert names(tmp_path) == ["out.json"]


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def fail(*arguments: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        write_file(target, b"new", overwrite=True)
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["out.json"]


def test_write_folder_appears_whole(tmp_path: Path) -> None:
    def fill(folder: Path) -> None:
        assert folder.parent == tmp_path and folder.name != "tables"
        (folder / "a.csv").write_text("a\n", "utf-8")
        (folder / "b.csv").write_text("b\n", "utf-8")

    write_folder(tmp_path / "tables", fill)
    assert names(tmp_path) == ["tables"]
    assert names(tmp_path / "tables") == ["a.csv", "b.csv"]


def test_a_failing_fill_leaves_nothing_and_keeps_the_old_folder(tmp_path: Path) -> None:
    def fill(folder: Path) -> None:
        (folder / "a.csv").write_text("half", "utf-8")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "tables", fill)
    assert names(tmp_path) == []
    old = tmp_path / "tables"
    old.mkdir()
    (old / "keep.csv").write_text("keep", "utf-8")
    with pytest.raises(RuntimeError):
        write_folder(old, fill, overwrite=True)
    assert names(tmp_path) == ["tables"] and names(old) == ["keep.csv"]


def test_write_folder_replaces_only_when_told(tmp_path: Path) -> None:
    old = tmp_path / "tables"
    old.mkdir()
    (old / "keep.csv").write_text("keep", "utf-8")
    with pytest.raises(FileExistsError):
        write_folder(old, lambda folder: (folder / "new.csv").write_text("new", "utf-8"))
    assert names(old) == ["keep.csv"]
    write_folder(
        old, lambda folder: (folder / "new.csv").write_text("new", "utf-8"), overwrite=True
    )
    assert names(old) == ["new.csv"] and names(tmp_path) == ["tables"]


def test_write_folder_replaces_a_file_when_told(tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.write_text("a file", "utf-8")
    write_folder(target, lambda folder: (folder / "x.csv").write_text("x", "utf-8"), overwrite=True)
    assert names(target) == ["x.csv"] and names(tmp_path) == ["tables"]


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
