"""Writing exports so that nothing a user owns is lost, replaced unasked or half-written.

An export is made under a hidden temporary beside its target and put in place in one step;
a folder export holds a manifest (:data:`MANIFEST`), the only mark of the tool's own folders.
docs/robustness.md says how on each file system, docs/exports.md what ``overwrite`` replaces.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._version import __version__

MANIFEST = ".secure-communities-article-export.json"
WRITTEN_BY = "secure-communities-article"
#: How temporaries start: hidden, and named after the tool that leaves them.
TEMPORARY_PREFIX = ".secure-communities-article-"
#: The errors of a file system that makes no hard links (FAT, exFAT, some SMB mounts).
NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}
#: The signals that stop an export: held while its files are moved (see ``_Staging``).
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
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
    """The target is not replaced: ``what`` is there; ``rule`` says what ``overwrite`` replaces;
    ``replaceable``: it would; ``appeared``: it appeared, or changed, during the export."""

    def __init__(
        self, path: Path, what: str, *, rule: str, replaceable: bool = False, appeared: bool = False
    ) -> None:
        super().__init__(errno.EEXIST, f"already exists ({what})", os.fspath(path))
        self.what, self.rule, self.replaceable, self.appeared = what, rule, replaceable, appeared


def write_file(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; with ``overwrite`` replace only a regular file."""
    target = _target(path)
    if os.fspath(path).endswith(os.sep):
        raise OSError(errno.EINVAL, "not a name for a new file: it ends in a separator", path)
    replaced = _judge(target, "a file", overwrite, _is_a_file)
    with _Staging(target) as stage:
        stage.open = True
        with open(stage.path, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        stage.open = False
        if replaced and _judge(target, "a file", overwrite, _is_a_file, appeared=True):
            os.replace(stage.path, target)
            return target
        try:
            try:
                os.link(stage.path, target)
            except OSError as error:  # FAT, exFAT, some SMB mounts make no hard links
                if error.errno not in NO_LINKS:
                    raise
                # Claim the free name (O_EXCL never opens what exists), then replace the claim.
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW))
                os.replace(stage.path, target)
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
    with _Staging(target) as stage:
        stage.open = True
        os.mkdir(stage.path)
        fill(stage.path)
        _seal(stage.path, kind)
        stage.open = moved = allowed = False
        try:
            if replaced:
                try:
                    os.rename(target, old)
                except FileNotFoundError:
                    raise _appeared(target, rule) from None
                moved = True
                allowed, what = _examine(old, kind)
                if not allowed:  # it changed after it was first judged: it goes back
                    raise TargetExistsError(target, what, rule=rule, appeared=True)
            if os.path.lexists(target):
                raise _appeared(target, rule)
            try:
                os.rename(stage.path, target)  # never replaces a folder that holds anything
            except OSError as error:
                if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
                raise _appeared(target, rule) from None
        except BaseException:
            if moved:
                _put_back(old, target, kind, allowed)
            raise
        if moved:
            _discard(old, target)
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
    try:
        return KINDS.get(stat.S_IFMT(os.lstat(path).st_mode), "a special file")
    except FileNotFoundError:  # another export moved it meanwhile
        return "it came and went"


def _judge(
    target: Path,
    rule: str,
    overwrite: bool,
    judge: Callable[[Path], tuple[bool, str]],
    appeared: bool = False,
) -> bool:
    """Whether there is a target to replace; refuse one that may not be replaced (one that
    changes while it is judged is another export's doing: it "appeared")."""
    try:
        before = os.lstat(target)
        allowed, what = judge(target)
        after = os.lstat(target)
    except FileNotFoundError:  # none, or moved aside by another export meanwhile
        return False
    if not (allowed and overwrite):
        changed = (before.st_ino, before.st_ctime_ns) != (after.st_ino, after.st_ctime_ns)
        raise TargetExistsError(
            target, what, rule=rule, replaceable=allowed, appeared=appeared or changed
        )
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
    found, files = manifest(path)
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


def manifest(folder: Path) -> tuple[str | None, dict[str, str]]:
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
    return TargetExistsError(target, _what(target), rule=rule, appeared=True)


def _put_back(old: Path, target: Path, kind: str, allowed: bool) -> None:
    """Return a replaced export to its place; if another export of its format took the place,
    delete it; if anything else did, keep it in sight and say so."""
    for _ in range(5):  # other exports may be replacing the target meanwhile: look again
        try:
            os.rename(old, target)
            return
        except OSError:
            pass
        try:
            taken = allowed and _examine(target, kind)[0]
        except OSError:  # it moved while examined
            continue
        if taken:
            _discard(old, target)
            return
    kept = _kept(target)
    os.rename(old, kept)
    raise OSError(errno.EEXIST, f"the old export is kept at {kept.name}", target)


def _discard(old: Path, target: Path) -> None:
    """Delete a replaced export's listed files; what else appeared in it is kept in sight."""
    for name in (*manifest(old)[1], MANIFEST):
        os.unlink(old / name)
    try:
        os.rmdir(old)
    except OSError:
        os.rename(old, _kept(target))


def _hidden(target: Path) -> Path:
    return target.with_name(f"{TEMPORARY_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.tmp")


def _kept(target: Path) -> Path:
    return target.with_name(f"{target.name}.kept-{os.urandom(4).hex()}")


class _Staging:
    """A hidden temporary beside the target, removed on the way out; meanwhile SIGINT, SIGTERM
    and SIGHUP wait (in the main thread, where Python handles them) but while ``open`` (the
    export being written), so no step of moving files is left half done."""

    def __init__(self, target: Path) -> None:
        self.path, self.open, self.held = _hidden(target), False, list[int]()
        main = threading.current_thread() is threading.main_thread()
        found = {n: signal.getsignal(n) for n in STOP_SIGNALS} if main else {}
        self.handlers = {n: h for n, h in found.items() if callable(h)}

    def __enter__(self) -> _Staging:
        for number in self.handlers:
            signal.signal(number, self)
        return self

    def __call__(self, number: int, frame: Any) -> None:
        if self.open:
            self.handlers[number](number, frame)
        else:
            self.held.append(number)

    def __exit__(self, *exception: object) -> None:
        try:
            if os.path.isdir(self.path) and not os.path.islink(self.path):
                shutil.rmtree(self.path)
            elif os.path.lexists(self.path):
                os.unlink(self.path)
        finally:
            for number, handler in self.handlers.items():
                signal.signal(number, handler)
            for number in self.held[:1]:  # delivered now that the step is done
                self.handlers[number](number, None)
