"""Writing exports so that nothing a user owns is lost, replaced unasked or half-written.

A file is written to a hidden temporary beside its target and renamed into place; a
folder is filled beside its target, given a manifest (:data:`MANIFEST`: its format and
each file's SHA-256) and renamed into place.  Without ``overwrite`` an existing target
is refused.  With ``overwrite`` (the tool's ``--force``) a target is replaced only if it
is a regular file (file exports) or a folder holding exactly an unchanged export of the
same format, as its manifest records (folder exports); anything else is refused with
:class:`TargetExistsError`, and nothing is deleted.  A character device or FIFO (such as
``/dev/null`` or a pipe) is written through, never replaced; a symbolic link is never
replaced, and is written through only when it leads to one of those.

On Linux every rename is ``renameat2``: ``RENAME_NOREPLACE`` puts a new entry in place
only if the name is still free, and ``RENAME_EXCHANGE`` swaps the new entry with the
old one, which is then checked again and deleted only if it is still what may be
replaced (else it is swapped back).  Where the system lacks them, the checks are made
just before a plain rename.  Temporaries are removed on any error, and SIGINT, SIGTERM
and SIGHUP are held while entries are created, swapped or removed, so an interruption
(the tool turns these signals into exceptions) never leaves one behind.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: The manifest of a folder export: ``{"format", "written_by", "version", "files"}``,
#: ``files`` mapping each file's name to its SHA-256.  ``--force`` trusts nothing else.
MANIFEST = ".secure-communities-article-export.json"
WRITTEN_BY = "secure-communities-article"
#: How temporaries start: hidden, and named after the tool that leaves them.
TEMPORARY_PREFIX = ".secure-communities-article-"
_MANIFEST_MAX_BYTES = 1 << 20
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2


class TargetExistsError(FileExistsError):
    """The target exists and is not replaced; ``what`` says what is there.

    ``replaceable``: ``overwrite`` would have replaced it.  ``appeared``: it appeared, or
    changed, while the export was being written.  ``rule``: what ``overwrite`` replaces.
    """

    def __init__(
        self, path: Path, what: str, *, rule: str, replaceable: bool = False, appeared: bool = False
    ) -> None:
        super().__init__(errno.EEXIST, f"already exists ({what})", os.fspath(path))
        self.what = what
        self.rule = rule
        self.replaceable = replaceable
        self.appeared = appeared


# --- the two writers -------------------------------------------------------------------


def write_file(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; with ``overwrite`` replace only a regular file."""
    folder, name = _split(path, folder_export=False)
    target = folder / name
    rule = "a file"
    status = _lstat(target)
    if status is not None:
        if _leads_to_a_stream(target, status):
            _write_through(target, data, rule)
            return target
        regular = stat.S_ISREG(status.st_mode)
        if not (regular and overwrite):
            raise TargetExistsError(target, _what(target, status), rule=rule, replaceable=regular)
    with _temporary(folder) as temporary:
        descriptor = -1
        try:
            with _signals_held():
                descriptor = os.open(temporary.path, _CREATE_NEW, 0o666)
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            if descriptor >= 0:
                os.close(descriptor)
        with _signals_held():
            if status is None:
                _place(temporary.path, target, rule)
            else:
                _replace(temporary, target, rule, _is_a_file)
    _sync_folder(folder)
    return target


def write_folder(
    path: str | os.PathLike[str],
    fill: Callable[[Path], object],
    *,
    kind: str,
    overwrite: bool = False,
) -> Path:
    """Make the folder ``path`` with ``fill(folder)`` and a manifest naming ``kind``, atomically.

    With ``overwrite``, replace only a folder that holds exactly an unchanged ``kind``
    export (its manifest's files, their checksums matching); refuse anything else.
    """
    folder, name = _split(path, folder_export=True)
    target = folder / name
    rule = f"an unchanged {kind} export"
    status = _lstat(target)
    if status is not None:
        ours, what = _examine(target, kind)
        if not (ours and overwrite):
            raise TargetExistsError(target, what, rule=rule, replaceable=ours)
    with _temporary(folder) as temporary:
        with _signals_held():
            os.mkdir(temporary.path)
        fill(temporary.path)
        _seal(temporary.path, kind)
        with _signals_held():
            if status is None:
                _place(temporary.path, target, rule)
            else:
                _replace(temporary, target, rule, lambda path: _examine(path, kind))
    _sync_folder(folder)
    return target


# --- what is at a path -----------------------------------------------------------------


def _split(path: str | os.PathLike[str], *, folder_export: bool) -> tuple[Path, str]:
    """The folder a target goes in and its name; refuse a path that names no new entry."""
    text = os.fspath(path)
    if folder_export:  # "tables/" names the folder "tables"
        stripped = text.rstrip(os.sep + (os.altsep or ""))
        text = stripped or text
    head, name = os.path.split(text)
    if name in ("", ".", ".."):
        raise OSError(errno.EINVAL, "not a name for a new file or folder", os.fspath(path))
    return Path(head or os.curdir), name


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


_KINDS = (
    (stat.S_ISREG, "a file"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _what(path: Path, status: os.stat_result) -> str:
    """What is at ``path``, in a few words: "a file", "a symbolic link to a folder"..."""
    if not stat.S_ISLNK(status.st_mode):
        return _kind(status.st_mode)
    try:
        return f"a symbolic link to {_kind(os.stat(path).st_mode)}"
    except OSError:
        return "a symbolic link that leads nowhere"


def _leads_to_a_stream(path: Path, status: os.stat_result) -> bool:
    """A character device or FIFO, itself or at the end of a symbolic link: written through."""
    if stat.S_ISLNK(status.st_mode):
        try:
            status = os.stat(path)
        except OSError:
            return False
    return stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode)


def _is_a_file(path: Path) -> tuple[bool, str]:
    status = os.lstat(path)
    return stat.S_ISREG(status.st_mode), _what(path, status)


def _examine(path: Path, kind: str) -> tuple[bool, str]:
    """Whether ``path`` is a folder holding exactly an unchanged ``kind`` export; what it is."""
    status = os.lstat(path)
    if not stat.S_ISDIR(status.st_mode):
        return False, _what(path, status)
    names = set(os.listdir(path))
    if MANIFEST not in names:
        return False, "a folder that this tool did not write" if names else "an empty folder"
    manifest = _read_manifest(path / MANIFEST)
    if manifest is None:
        return False, "a folder whose export manifest is unreadable"
    found, files = manifest
    if found != kind:
        return False, f"a {found} export, not {kind}"
    extra = sorted(names - set(files) - {MANIFEST})
    if extra:
        more = f" and {len(extra) - 1} more" if len(extra) > 1 else ""
        return False, f"a {kind} export with other files in it: {extra[0]}{more}"
    for name, digest in files.items():
        if name not in names:
            return False, f"a {kind} export with {name} missing"
        if _digest(path / name) != digest:
            return False, f"a {kind} export whose {name} has changed"
    return True, f"a {kind} export"


def _read_manifest(path: Path) -> tuple[str, dict[str, str]] | None:
    """A manifest's format and files, or None if it is not one this tool writes."""
    import json

    try:
        with open(path, "rb", opener=_open_no_follow) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            manifest = json.loads(handle.read(_MANIFEST_MAX_BYTES + 1))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(manifest, dict) or manifest.get("written_by") != WRITTEN_BY:
        return None
    kind, files = manifest.get("format"), manifest.get("files")
    if not isinstance(kind, str) or not isinstance(files, dict):
        return None
    for name, digest in files.items():
        if not (_plain_name(name) and isinstance(digest, str) and len(digest) == 64):
            return None
    return kind, files


def _plain_name(name: str) -> bool:
    return (
        name not in ("", ".", "..", MANIFEST)
        and os.sep not in name
        and (os.altsep is None or os.altsep not in name)
    )


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (a link is not followed), or None for anything else."""
    import hashlib

    try:
        with open(path, "rb", opener=_open_no_follow) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _open_no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))


# --- writing ---------------------------------------------------------------------------

_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _write_through(target: Path, data: bytes, rule: str) -> None:
    """Write into the character device or FIFO at ``target``: never created nor truncated."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(target, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # it changed since it was looked at
            raise TargetExistsError(target, _kind(mode), rule=rule, appeared=True)
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _seal(folder: Path, kind: str) -> None:
    """Sync every file ``fill`` wrote and add the manifest that records them."""
    import hashlib
    import json

    from ._version import __version__

    files = {}
    for name in sorted(os.listdir(folder)):
        with open(folder / name, "rb", opener=_open_no_follow) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ValueError(f"a folder export holds only files, not {name!r}")
            files[name] = hashlib.sha256(handle.read()).hexdigest()
            os.fsync(handle.fileno())
    manifest = {"format": kind, "written_by": WRITTEN_BY, "version": __version__, "files": files}
    descriptor = os.open(folder / MANIFEST, _CREATE_NEW, 0o666)
    try:
        _write_all(descriptor, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make a folder's new entries durable, where the system allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# --- temporaries, renames and swaps ----------------------------------------------------


class _Temporary:
    """A fresh hidden name beside a target, and whether what is at it is ours to remove."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"{TEMPORARY_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.tmp"
        self.ours = True


@contextmanager
def _temporary(folder: Path) -> Iterator[_Temporary]:
    """A :class:`_Temporary`; whatever of ours is left at it is removed on the way out."""
    temporary = _Temporary(folder)
    try:
        yield temporary
    finally:
        with _signals_held():
            if temporary.ours:
                _remove_ours(temporary.path)


def _remove_ours(path: Path) -> None:
    """Remove a temporary this module made and still owns, whatever ``fill`` put in it."""
    status = _lstat(path)
    if status is None:
        return
    if stat.S_ISDIR(status.st_mode):
        import shutil

        shutil.rmtree(path)
    else:
        os.unlink(path)


def _place(temporary: Path, target: Path, rule: str) -> None:
    """Rename ``temporary`` to ``target`` only if nothing is there (else refuse: it appeared)."""
    try:
        if _renameat2(temporary, target, _RENAME_NOREPLACE):
            return
        if os.path.isdir(temporary):  # a rename never replaces a folder that is not empty
            _refuse_if_there(target, rule)
            try:
                os.rename(temporary, target)
            except OSError as error:
                if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                    raise _appeared(target, rule) from None
                raise
            return
        try:
            os.link(temporary, target)  # a hard link never replaces anything
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: check, then rename
            _refuse_if_there(target, rule)
            os.replace(temporary, target)
        else:
            os.unlink(temporary)
    except FileExistsError:
        raise _appeared(target, rule) from None


def _refuse_if_there(target: Path, rule: str) -> None:
    if os.path.lexists(target):
        raise _appeared(target, rule)


def _appeared(target: Path, rule: str) -> TargetExistsError:
    status = _lstat(target)
    what = _what(target, status) if status is not None else "it came and went"
    return TargetExistsError(target, what, rule=rule, appeared=True)


#: Whether the entry at a path may be replaced, and what it is.
Judge = Callable[[Path], tuple[bool, str]]


def _replace(temporary: _Temporary, target: Path, rule: str, judge: Judge) -> None:
    """Put the temporary at ``target`` and delete what was there, if ``judge`` still allows.

    The old entry is judged again once it is out of the way (at a private name) and
    deleted only then; if it changed meanwhile, it is put back.  With an atomic exchange
    the new entry and the old one swap in one step.  Without one, a file replaces the old
    one just after it is judged, and a folder is placed after the old one moves aside.
    A target that vanished meanwhile is simply placed.
    """
    try:
        exchanged = _renameat2(temporary.path, target, _RENAME_EXCHANGE)
        if not exchanged:
            allowed, what = judge(target)
            if not allowed:
                raise TargetExistsError(target, what, rule=rule, appeared=True)
            if not os.path.isdir(temporary.path):
                os.replace(temporary.path, target)
                return
            old = temporary.path.with_name(temporary.path.name + ".old")
            os.rename(target, old)
    except FileNotFoundError:
        _place(temporary.path, target, rule)
        return
    if exchanged:
        temporary.ours = False  # the old entry is at the temporary's name now
        old = temporary.path
    allowed, what = judge(old)
    if not allowed:  # it changed after it was first judged: give it back
        _put_back(old, target, exchanged)
        temporary.ours = True
        raise TargetExistsError(target, what, rule=rule, appeared=True)
    try:
        if not exchanged:
            _place(temporary.path, target, rule)
    finally:
        _discard(old)


def _put_back(old: Path, target: Path, exchanged: bool) -> None:
    try:
        if exchanged:
            _renameat2(old, target, _RENAME_EXCHANGE)
        else:
            _place(old, target, "")
    except OSError:
        raise OSError(
            errno.EEXIST, f"it changed while the export was written and was kept at {old.name}"
        ) from None


def _discard(old: Path) -> None:
    """Delete a replaced file, or a replaced export: the files its manifest lists, no more."""
    if not os.path.isdir(old) or os.path.islink(old):
        os.unlink(old)
        return
    manifest = _read_manifest(old / MANIFEST)
    for name in manifest[1] if manifest is not None else ():
        os.unlink(old / name)
    os.unlink(old / MANIFEST)
    try:
        os.rmdir(old)  # fails, keeping it, if anything else appeared in it meanwhile
    except OSError as error:
        raise OSError(
            error.errno, f"what appeared in the replaced export was kept at {old.name}"
        ) from None


_renameat2_function: Any = None


def _renameat2(source: Path, target: Path, flags: int) -> bool:
    """Linux's ``renameat2``; False where the system or the file system lacks it."""
    if not _renameat2_available():
        return False
    at_current_folder = -100
    result = _renameat2_function(
        at_current_folder, os.fsencode(source), at_current_folder, os.fsencode(target), flags
    )
    if result == 0:
        return True
    import ctypes

    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(number, os.strerror(number), os.fspath(target))


def _renameat2_available() -> bool:
    """Whether atomic renames (Linux's ``renameat2``) can be tried here."""
    global _renameat2_function
    if _renameat2_function is None:
        _renameat2_function = _load_renameat2()
    return _renameat2_function is not False


def _load_renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, OSError, AttributeError):
        return False
    function.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    function.restype = ctypes.c_int
    return function


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP for a short step; they are delivered on the way out.

    The mask is the calling thread's: in a single-threaded process, such as the tool,
    that is every signal sent to the process.
    """
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    held = {
        getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
    }
    previous = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)
