"""Loading: the bundled article (read once, under a lock) and documents from elsewhere.

Every document, the bundled one included, goes through the one pipeline: JSON text,
then structure and types (``_decode``), then ids and references, spans and structure,
and the checksum (``_validate``).  Either the whole document loads or
:class:`DataError` lists every problem found, from every stage.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import pkgutil
import threading
from collections.abc import Iterator
from typing import Any

from ._article import Article
from ._decode import decode_document
from ._errors import DataError, Problem, escape, shown
from ._validate import validate as validate_parts

#: Largest document ``load(path)`` reads unless told otherwise (``max_bytes=``).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: The most predictions one file or iterable may hold: the scorer is linear to 10**6.
MAX_PREDICTIONS = 1_000_000
#: The bundled files, inside the package's ``data`` folder.
ARTICLE_FILE, SECOND_FILE = "article.json", "second-annotation.json"
SOURCE_FILE = "wapo-2011-06-17-ice-reforms-secure-communities.txt"
#: How much of a file is read at a time, so that no ``max_bytes`` asks for a huge buffer.
_CHUNK = 1 << 20

_lock = threading.Lock()
_bundled: Article | None = None


def load(path: str | os.PathLike[str] | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> Article:
    """The article: the bundled one (read once) with no argument, else the document at ``path``.

    Either way it is validated in full: bad content raises :class:`DataError` naming
    every problem's JSON path; a missing file, a folder or no permission raise the
    matching :class:`OSError`.
    """
    if path is None:
        return _bundled if _bundled is not None else _load_bundled()
    return from_json(read_document(path, max_bytes=max_bytes), location=_location(path))


def _load_bundled() -> Article:
    global _bundled
    with _lock:
        if _bundled is None:
            _bundled = from_json(bundled_bytes(ARTICLE_FILE), location=ARTICLE_FILE)
        return _bundled


def second_annotation() -> Article:
    """The blind second annotation of every layer, the other side of the agreement figures."""
    return from_json(bundled_bytes(SECOND_FILE), location=SECOND_FILE)


def bundled_bytes(name: str) -> bytes:
    """The bytes of a file shipped in the package's ``data`` folder (a folder or a zip file)."""
    data = pkgutil.get_data(__package__, f"data/{name}")
    if data is None:  # a loader that cannot read data files
        raise OSError(f"cannot read the bundled {name}")
    return data


def _location(path: Any) -> str:
    try:
        return escape(os.fsdecode(path), 200)
    except (TypeError, ValueError):
        return "<document>"


def read_document(path: Any, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing one larger than ``max_bytes`` (DataError) without reading it all."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        found = shown(max_bytes) if type(max_bytes) is int else escape(repr(max_bytes))
        raise DataError.at("max_bytes", f"expected a non-negative integer, found {found}")
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise DataError.at("path", f"expected a file path, found {escape(type(path).__name__)}")
    try:
        name = os.fsdecode(path)
        os.fsencode(name)  # a lone surrogate names no file
    except (TypeError, ValueError):
        raise DataError.at("path", "expected a file path") from None
    if "\0" in name:
        raise DataError.at("path", "expected a file path, found one with a NUL character")
    with open(name, "rb") as handle:  # OSError: missing, a folder, no permission
        return read_limited(handle, max_bytes, _location(name))


def read_limited(handle: Any, max_bytes: int, location: str) -> bytes:
    """Everything a binary stream holds, or DataError once it passes ``max_bytes``."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = handle.read(min(_CHUNK, max_bytes - total + 1))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise DataError.at(location, f"file is over the limit of {max_bytes} bytes (max_bytes)")
        chunks.append(chunk)


def decode(data: bytes, location: str) -> str:
    """UTF-8 text, a leading byte-order mark dropped; DataError naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = f"byte {error.start} is {data[error.start]:#04x}"
        raise DataError.at(location, f"not UTF-8: {bad}") from None


def text_lines(data: bytes, name: str) -> Iterator[tuple[str, str]]:
    """A file's lines, each with its location ``name:number``: split on ``\\n`` only and
    decoded one at a time, so that a reader stops at the first bad line having held no more."""
    for number, line in enumerate(io.BytesIO(data.removeprefix(codecs.BOM_UTF8)), 1):
        where = f"{name}:{number}"
        yield where, decode(line.rstrip(b"\r\n"), where)


def from_json(data: bytes | str, *, location: str = "<document>") -> Article:
    """An article from JSON text or UTF-8 bytes, fully validated."""
    return from_dict(parse_json(data, location=location))


def parse_json(data: Any, *, location: str = "<document>") -> Any:
    """Plain data from JSON text or UTF-8 bytes; DataError for bad bytes, syntax or nesting."""
    location = escape(str(location), 200)
    if isinstance(data, (bytes, bytearray)):
        text = decode(bytes(data), location)
    elif isinstance(data, str):
        text = data
    else:
        raise DataError.at(
            location, f"expected JSON text or bytes, found {escape(type(data).__name__)}"
        )
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
    except ValueError:  # such as an integer with more digits than Python converts
        raise DataError.at(location, "not readable as JSON: a number too long to convert") from None


class _RejectedError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RejectedError(f"key {escape(repr(key))} appears twice in one object")
            seen.add(key)
    return result


def _no_constant(name: str) -> Any:
    raise _RejectedError(f"{name} is not a JSON number")


def from_dict(data: Any) -> Article:
    """An article from plain data (what ``Article.to_dict()`` gives), fully validated."""
    problems: list[Problem] = []
    parts = decode_document(data, problems)
    if parts is not None:
        validate_parts(parts, problems)
    if problems or parts is None:
        raise DataError(problems)
    return Article(**parts)


def validate(article: Article) -> None:
    """Check an Article made directly (not loaded), as every loader checks what it reads.

    Raises :class:`DataError` listing every problem; returns None for a sound article.
    """
    if not isinstance(article, Article):
        raise TypeError(f"expected an Article, found {type(article).__name__}")
    from_dict(article.to_dict())
