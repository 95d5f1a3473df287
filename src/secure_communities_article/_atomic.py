"""Writing exports so that nothing a user owns is lost, replaced unasked or half-written.

A file or folder is made under a hidden temporary name beside its target and put in
place by one rename: ``os.link`` for a new file (it never clobbers), ``os.rename`` for a
folder while the name is free.  A folder export holds a manifest (:data:`MANIFEST`: its
format and each file's SHA-256), the only mark of the tool's own folders.  ``overwrite``
replaces only a regular file (one-file formats) or a folder holding exactly an unchanged
export of the same format, which is moved aside, judged again there, and only then has
its listed files deleted.  Anything else (devices, FIFOs, sockets, links) is refused.
Temporaries are removed on every error and on KeyboardInterrupt (the CLI turns SIGTERM
and SIGHUP into an exception too).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ._version import __version__

MANIFEST = ".secure-communities-article-export.json"
WRITTEN_BY = "secure-communities-article"
#: How temporaries start: hidden, and named after the tool that leaves them.
TEMPORARY_PREFIX = ".secure-communities-article-"
#: What is at a path, by its file type, in the words of a refusal.
KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFREG: "a file",
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
}


class TargetExistsError(FileExistsError):
    """The target is not replaced: ``what`` is there; ``rule`` says what ``overwrite`` replaces.

    ``replaceable``: ``overwrite`` would have replaced it; ``appeared``: it appeared, or
    changed, while the export was written.
    """

    def __init__(
        self, path: Path, what: str, *, rule: str, replaceable: bool = False, appeared: bool = False
    ) -> None:
        super().__init__(errno.EEXIST, f"already exists ({what})", os.fspath(path))
        self.what, self.rule, self.replaceable, self.appeared = what, rule, replaceable, appeared


def write_file(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; with ``overwrite`` replace only a regular file."""
    target = _target(path)
    replaced = _judge(target, "a file", overwrite, _is_a_file)
    with _temporary(target) as temporary:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replaced:
            _judge(target, "a file", overwrite, _is_a_file, appeared=True)
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise _appeared(target, "a file") from None
    return target


def write_folder(
    path: str | os.PathLike[str],
    fill: Callable[[Path], object],
    *,
    kind: str,
    overwrite: bool = False,
) -> Path:
    """Make the folder ``path`` with ``fill(folder)`` and a manifest naming ``kind``, atomically."""
    target, rule = _target(path), f"an unchanged {kind} export"
    replaced = _judge(target, rule, overwrite, lambda p: _examine(p, kind))
    old = _hidden(target)  # the replaced export: only the files its manifest lists are deleted
    with _temporary(target) as temporary:
        os.mkdir(temporary)
        fill(temporary)
        _seal(temporary, kind)
        if replaced:
            try:
                os.rename(target, old)
            except FileNotFoundError:
                raise _appeared(target, rule) from None
        allowed = False
        try:
            allowed, what = _examine(old, kind) if replaced else (True, "")
            if not allowed:  # it changed after it was first judged: it goes back
                raise TargetExistsError(target, what, rule=rule, appeared=True)
            if os.path.lexists(target):
                raise _appeared(target, rule)
            try:
                os.rename(temporary, target)  # never replaces a folder that holds anything
            except OSError as error:
                if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
                raise _appeared(target, rule) from None
        except BaseException:
            if replaced and allowed and os.path.lexists(target):
                _discard(old)  # a racing export took its place: ours was replaceable
            elif replaced:
                try:
                    os.rename(old, target)
                except OSError:
                    raise OSError(errno.EEXIST, f"old export kept at {old.name}", path) from None
            raise
    if replaced:
        _discard(old)
    return target


def _target(path: str | os.PathLike[str]) -> Path:
    """The target's path; a path that names no new entry ("", ".", "..", "/") is refused."""
    text = os.fspath(path)
    head, name = os.path.split(text.rstrip(os.sep) or text)
    if name in ("", ".", ".."):
        raise OSError(errno.EINVAL, "not a name for a new file or folder", text)
    return Path(head or os.curdir) / name


def _what(path: Path) -> str:
    """What is at ``path``, in a few words; a link is not followed."""
    return KINDS.get(stat.S_IFMT(os.lstat(path).st_mode), "a special file")


def _judge(
    target: Path,
    rule: str,
    overwrite: bool,
    judge: Callable[[Path], tuple[bool, str]],
    appeared: bool = False,
) -> bool:
    """Whether there is a target to replace; refuse one that may not be replaced."""
    if not os.path.lexists(target):
        return False
    allowed, what = judge(target)
    if not (allowed and overwrite):
        raise TargetExistsError(target, what, rule=rule, replaceable=allowed, appeared=appeared)
    return True


def _is_a_file(path: Path) -> tuple[bool, str]:
    what = _what(path)
    return what == "a file", what


def _examine(path: Path, kind: str) -> tuple[bool, str]:
    """Whether ``path`` is a folder holding exactly an unchanged ``kind`` export; what it is."""
    what = _what(path)
    if what != "a folder":
        return False, what
    names = set(os.listdir(path))
    found, files = _manifest(path)
    if found is None:
        return False, "a folder that this tool did not write" if names else "an empty folder"
    if found != kind:
        return False, f"a {found} export, not {kind}"
    extra = sorted(names - set(files) - {MANIFEST})
    if extra:
        return False, f"a {kind} export with other files in it: {extra[0]}"
    changed = [name for name, digest in files.items() if _digest(path / name) != digest]
    if changed:
        return False, f"a {kind} export whose {changed[0]} has changed or is missing"
    return True, f"a {kind} export"


def _manifest(folder: Path) -> tuple[str | None, dict[str, str]]:
    """A folder's export format and files, from its manifest; (None, {}) if none of ours."""
    try:
        with open(folder / MANIFEST, "rb", opener=_no_follow) as handle:
            manifest = json.loads(handle.read(1 << 20))
    except (OSError, ValueError, RecursionError):
        return None, {}
    if not isinstance(manifest, dict) or manifest.get("written_by") != WRITTEN_BY:
        return None, {}
    kind, files = manifest.get("format"), manifest.get("files")
    if not isinstance(kind, str) or not isinstance(files, dict):
        return None, {}
    plain = all(
        isinstance(d, str) and n == os.path.basename(n) and n not in ("", ".", "..", MANIFEST)
        for n, d in files.items()
    )
    return (kind, files) if plain else (None, {})


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (a link is not followed), or None for anything else."""
    try:
        with open(path, "rb", opener=_no_follow) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _seal(folder: Path, kind: str) -> None:
    """Add the manifest that records every file ``fill`` wrote (files only, nothing else)."""
    files = {name: _digest(folder / name) for name in sorted(os.listdir(folder))}
    if None in files.values():
        raise ValueError(f"a folder export holds only files, not {sorted(files)}")
    manifest = {"format": kind, "written_by": WRITTEN_BY, "version": __version__, "files": files}
    with open(folder / MANIFEST, "x", encoding="utf-8") as handle:
        handle.write(json.dumps(manifest, indent=2) + "\n")


def _appeared(target: Path, rule: str) -> TargetExistsError:
    what = _what(target) if os.path.lexists(target) else "it came and went"
    return TargetExistsError(target, what, rule=rule, appeared=True)


def _discard(old: Path) -> None:
    """Delete a replaced export: the files its manifest lists, and the folder if then empty."""
    for name in (*_manifest(old)[1], MANIFEST):
        os.unlink(old / name)
    os.rmdir(old)  # fails, keeping it, if anything else appeared in it meanwhile


def _hidden(target: Path) -> Path:
    return target.with_name(f"{TEMPORARY_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.tmp")


@contextmanager
def _temporary(target: Path) -> Iterator[Path]:
    """A fresh hidden name beside ``target``; whatever is left at it is removed on the way out."""
    temporary = _hidden(target)
    try:
        yield temporary
    finally:
        if os.path.isdir(temporary) and not os.path.islink(temporary):
            shutil.rmtree(temporary)
        elif os.path.lexists(temporary):
            os.unlink(temporary)
