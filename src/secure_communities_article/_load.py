"""Loading: the bundled article (once, cached, under a lock) and documents from files.

Nothing here runs at import.  The bundled data is read on the first ``load()``
(straight from the package folder, else with ``importlib_resources``); it is checked
like any document except for its SHA-256, which the test suite and ``validate``
verify (hashing costs a ``hashlib`` import).
Documents from elsewhere (``load(path)``, ``from_dict``, ``from_json``) are checked
in full, checksum included, and either load whole or raise :class:`DataError`.
"""

from __future__ import annotations

import _thread
import os
from typing import Any

from ._errors import DataError
from ._model import Article

#: Largest document ``load(path)`` reads unless told otherwise (``max_bytes=``).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: The bundled files, inside the package's ``data`` folder.
ARTICLE_FILE = "article.json"
SOURCE_FILE = "wapo-2011-06-17-ice-reforms-secure-communities.txt"

_lock = _thread.allocate_lock()
_bundled: Article | None = None


def load(path: str | os.PathLike[str] | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> Article:
    """The article: the bundled one (cached) with no argument, else the document at ``path``.

    A document at ``path`` is fully validated: bad content raises :class:`DataError`
    naming every problem's JSON path; a missing file, a folder or no permission raise
    the matching :class:`OSError`.
    """
    if path is None:
        article = _bundled
        if article is not None:
            return article
        return _load_bundled()
    return from_json(read_document(path, max_bytes=max_bytes), location=os.fspath(path))


def _load_bundled() -> Article:
    global _bundled
    with _lock:
        if _bundled is None:
            import json

            data = json.loads(bundled_bytes(ARTICLE_FILE))
            _bundled = _build(data, verify_checksum=False)
        return _bundled


def bundled_bytes(name: str) -> bytes:
    """The bytes of a file shipped in the package's ``data`` folder.

    An installed package is a folder: its files are read directly, which spares the
    ``importlib_resources`` import (about 10 ms).  Anywhere else (a zip file, a custom
    loader) ``importlib_resources`` finds them.
    """
    if type(__spec__.loader).__name__ in ("SourceFileLoader", "SourcelessFileLoader"):
        try:
            with open(os.path.join(os.path.dirname(__file__), "data", name), "rb") as handle:
                return handle.read()
        except OSError:
            pass
    import importlib_resources

    return importlib_resources.files(__package__).joinpath("data", name).read_bytes()


def read_document(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing one larger than ``max_bytes`` (DataError) before reading it."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise DataError.at("max_bytes", f"expected a non-negative integer, found {max_bytes!r}")
    if not isinstance(path, (str, os.PathLike)):
        raise DataError.at("path", f"expected a file path, found {type(path).__name__}")
    if "\0" in os.fsdecode(path):
        raise DataError.at("path", "expected a file path, found one with a NUL character")
    with open(path, "rb") as handle:  # OSError: missing, a folder, no permission
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise DataError.at(
                os.fspath(path), f"file is {size} bytes, over the limit of {max_bytes} (max_bytes)"
            )
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DataError.at(os.fspath(path), f"file is over the limit of {max_bytes} bytes")
    return data


def from_json(data: bytes | str, *, location: str = "<document>") -> Article:
    """An article from JSON text or UTF-8 bytes, fully validated."""
    return from_dict(parse_json(data, location=location))


def parse_json(data: bytes | str, *, location: str = "<document>") -> Any:
    """Plain data from JSON text or UTF-8 bytes; DataError for bad bytes, syntax or nesting."""
    import json

    if isinstance(data, (bytes, bytearray)):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise DataError.at(
                location, f"not UTF-8: byte {error.start} is {bytes(data)[error.start]:#04x}"
            ) from None
    elif isinstance(data, str):
        text = data
    else:
        raise DataError.at(location, f"expected JSON text or bytes, found {type(data).__name__}")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise DataError.at(
            location, f"not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise DataError.at(location, "not readable: nesting too deep for a JSON parser") from None
    except _RejectedError as error:
        raise DataError.at(location, str(error)) from None
    except ValueError as error:  # such as an integer with more digits than Python converts
        raise DataError.at(location, f"not readable as JSON: {error}") from None


class _RejectedError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RejectedError(f"not valid here: key {key!r} appears twice in one object")
            seen.add(key)
    return result


def _no_constant(name: str) -> Any:
    raise _RejectedError(f"not valid here: {name} is not a JSON number")


def from_dict(data: Any) -> Article:
    """An article from plain data (what ``Article.to_dict()`` gives), fully validated."""
    return _build(data, verify_checksum=True)


def checksum_problems(data: Any) -> list[tuple[str, str]]:
    """A problem if the document's source text does not hash to its recorded SHA-256."""
    if not isinstance(data, dict):
        return []
    source, metadata = data.get("source"), data.get("metadata")
    if not isinstance(source, str) or not isinstance(metadata, dict):
        return []
    recorded = metadata.get("source_sha256")
    if not isinstance(recorded, str):
        return []
    import hashlib

    try:
        encoded = source.encode("utf-8")
    except UnicodeEncodeError as error:
        return [("$.source", f"not encodable as UTF-8: a lone surrogate at offset {error.start}")]
    actual = hashlib.sha256(encoded).hexdigest()
    if actual != recorded:
        return [
            ("$.metadata.source_sha256", f"recorded {recorded!r}, the source hashes to {actual!r}")
        ]
    return []


def _build(data: Any, *, verify_checksum: bool) -> Article:
    from ._codec import from_plain

    if not isinstance(data, dict):
        raise DataError.at("$", f"expected a JSON object, found {type(data).__name__}")
    version = data.get("schema_version", None)
    from ._version import SCHEMA_VERSION

    if version != SCHEMA_VERSION:
        if "schema_version" not in data:
            found = "none"
        elif isinstance(version, (list, dict)):  # never repr a container: it may nest deeply
            found = "an array" if isinstance(version, list) else "an object"
        else:
            found = repr(version)[:60]
        raise DataError.at(
            "$.schema_version",
            f"this package reads schema version {SCHEMA_VERSION!r}, the document has {found}",
        )
    problems = checksum_problems(data) if verify_checksum else []
    try:
        article: Article = from_plain(Article, data)
    except DataError as error:
        raise DataError(problems + list(error.problems)) from None
    from ._checks import check_article  # interim: until _validate replaces _codec and _checks

    problems += check_article(article)
    if problems:
        raise DataError(problems)
    return article
