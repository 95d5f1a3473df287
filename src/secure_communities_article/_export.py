"""Writing files so that a reader never sees half of one: a temporary file, then a rename.

A single file is written beside its destination and renamed over it; a folder of
files is filled beside its destination and renamed into place.  Without ``overwrite``
an existing path is refused with :class:`FileExistsError` and left untouched.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_file(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; refuse an existing path unless ``overwrite``."""
    target = Path(path)
    _refuse_existing(target, overwrite)
    temporary = _fresh_name(target)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            _place_without_replacing(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
    return target


def write_folder(
    path: str | os.PathLike[str], fill: Callable[[Path], object], *, overwrite: bool = False
) -> Path:
    """Make the folder ``path`` with ``fill(folder)`` atomically; refuse an existing path."""
    import shutil

    target = Path(path)
    _refuse_existing(target, overwrite)
    temporary = _fresh_name(target)
    os.mkdir(temporary)
    try:
        fill(temporary)
        if overwrite and os.path.lexists(target):
            _swap_in(temporary, target)
        else:
            os.rename(temporary, target)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)
    return target


def _refuse_existing(target: Path, overwrite: bool) -> None:
    if not overwrite and os.path.lexists(target):
        import errno

        raise FileExistsError(errno.EEXIST, "already exists", str(target))


def _fresh_name(target: Path) -> Path:
    """An unused name beside ``target`` (same folder, so a rename cannot cross devices)."""
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def _place_without_replacing(temporary: Path, target: Path) -> None:
    """Rename unless something appeared at ``target`` meanwhile (a hard link cannot clobber)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: a last check, then the rename
        _refuse_existing(target, overwrite=False)
        os.replace(temporary, target)


def _swap_in(temporary: Path, target: Path) -> None:
    """Replace an existing file or folder by ``temporary``, restoring it if the swap fails."""
    import shutil

    backup = _fresh_name(target)
    os.rename(target, backup)
    try:
        os.rename(temporary, target)
    except BaseException:
        os.rename(backup, target)
        raise
    if backup.is_dir() and not backup.is_symlink():
        shutil.rmtree(backup)
    else:
        backup.unlink()
