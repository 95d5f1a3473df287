"""Every way of spoiling the document either still loads whole and sound, or is a DataError.

Hypothesis mutates the shipped document (delete a key, change a type, swap values,
shift a span, duplicate an id, add a key, edit a string, truncate or corrupt the bytes,
nest deeply, ...).  Whatever comes out of ``sca.from_json`` must be a DataError naming
where, or an article that is exactly the document given (each rule's own refusals are
tested by hand-made cases in test_invariants.py); any other exception fails.

The default run is short (the "ci" profile in conftest.py); the long run is
``HYPOTHESIS_PROFILE=long python -m pytest tests/test_mutations.py``.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ID_COLLECTIONS, package_file

Path = tuple[str | int, ...]

DOCUMENT_BYTES = package_file("article.json")
DOCUMENT: dict[str, Any] = json.loads(DOCUMENT_BYTES)


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) in plain data, containers before their contents."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*path, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from walk(item, (*path, position))


PATHS = [path for path, _ in walk(DOCUMENT) if path]
SPAN_PATHS = [
    path for path, value in walk(DOCUMENT) if isinstance(value, dict) and "start" in value
]
ID_PATHS = [(c, i, "id") for c in ID_COLLECTIONS for i in range(len(DOCUMENT[c]))]
JUNK_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def get(document: Any, path: Path) -> Any:
    for step in path:
        document = document[step]
    return document


def put(document: Any, path: Path, value: Any) -> None:
    get(document, path[:-1])[path[-1]] = value


def delete(document: Any, path: Path) -> None:
    del get(document, path[:-1])[path[-1]]


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    """The shipped document with one to three mutations, as the bytes of a file."""
    document = copy.deepcopy(DOCUMENT)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(
            st.sampled_from(
                [
                    "delete",
                    "retype",
                    "swap",
                    "shift-span",
                    "duplicate-id",
                    "add-key",
                    "edit-string",
                    "nest",
                    "bad-id-reference",
                ]
            )
        )
        if kind == "shift-span":
            path = draw(st.sampled_from(SPAN_PATHS))
            try:
                span = get(document, path)
            except (KeyError, IndexError, TypeError):
                continue  # the path no longer exists after an earlier mutation
            if not isinstance(span, dict):
                continue
            delta = draw(st.integers(min_value=-50, max_value=50))
            for key in draw(st.sampled_from([("start",), ("end",), ("start", "end")])):
                if isinstance(span.get(key), int):
                    span[key] += delta
            continue
        if kind == "duplicate-id":
            first, second = draw(st.sampled_from(ID_PATHS)), draw(st.sampled_from(ID_PATHS))
            with contextlib.suppress(KeyError, IndexError, TypeError):
                put(document, second, get(document, first))
            continue
        path = draw(st.sampled_from(PATHS))
        try:
            target = get(document, path)
            if kind == "delete":
                delete(document, path)
            elif kind == "retype":
                put(document, path, copy.deepcopy(draw(JUNK_VALUES)))
            elif kind == "swap":
                other = draw(st.sampled_from(PATHS))
                if path[: len(other)] == other or other[: len(path)] == path:
                    continue  # one inside the other: swapping would make a cycle
                other_value = get(document, other)
                put(document, path, copy.deepcopy(other_value))
                put(document, other, copy.deepcopy(target))
            elif kind == "add-key" and isinstance(target, dict):
                target[draw(st.sampled_from(["extra", "id", "text", "start"]))] = copy.deepcopy(
                    draw(JUNK_VALUES)
                )
            elif kind == "edit-string" and isinstance(target, str):
                cut = draw(st.integers(min_value=0, max_value=len(target)))
                put(document, path, target[:cut] + draw(st.text(max_size=3)) + target[cut + 1 :])
            elif kind == "nest":
                depth = draw(st.sampled_from([2, 50, 5_000, 200_000]))
                put(document, path, "[" * depth)  # replaced in the text below
            elif kind == "bad-id-reference" and isinstance(target, str):
                put(document, path, target + "-x")
        except (KeyError, IndexError, TypeError):
            continue  # the path no longer exists after an earlier mutation
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    text = _expand_nesting(text)
    data = text.encode("utf-8", "surrogatepass")
    return draw(byte_mutations(data))


def _expand_nesting(text: str) -> str:
    # A string of N "[" stands for N nested arrays: spliced in as raw JSON.
    start = text.find('"[[')
    while start != -1:
        end = text.index('"', start + 1)
        depth = end - start - 1
        text = text[:start] + "[" * depth + "]" * depth + text[end + 1 :]
        start = text.find('"[[', start + 2 * depth)
    return text


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["none", "none", "truncate", "insert", "flip", "token"]))
    if kind == "truncate":
        return data[: draw(st.integers(min_value=0, max_value=len(data) - 1))]
    if kind == "insert":
        at = draw(st.integers(min_value=0, max_value=len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    if kind == "flip":
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if kind == "token":
        token = draw(st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"9" * 5000]))
        at = data.index(b'"value": ') + len(b'"value": ')
        end = data.index(b",", at)
        return data[:at] + token + data[end:]
    return data


# --- what a document that loads must be -------------------------------------------------------


def assert_accepted_as_given(article: sca.Article, data: bytes) -> None:
    """A document that loads is exactly the article it states: nothing dropped, coerced or
    defaulted, and the lookups agree with the records."""
    assert type(article) is sca.Article
    assert article.to_dict() == json.loads(data.decode("utf-8"))
    assert sca.from_dict(article.to_dict()) == article
    for entity in article.entities:
        assert article.entity(entity.id) is entity
        assert all(m.entity == entity.id for m in article.mentions_of(entity.id))
    for quote in article.quotes:
        assert article.get(quote.id) is quote


def assert_refused_cleanly(error: sca.DataError) -> None:
    assert error.problems
    for where, what in error.problems:
        assert isinstance(where, str) and where and isinstance(what, str) and what
    assert str(error)


@given(mutated_documents())
@example(DOCUMENT_BYTES)
@example(DOCUMENT_BYTES[:-1])
@example(b"[" * 100_000 + b"]" * 100_000)
@example(b'{"schema_version": "2.0", "schema_version": "2.0"}')
@example(DOCUMENT_BYTES.replace(b'"value": 50', b'"value": NaN'))
def test_a_mutated_document_loads_sound_or_is_refused(data: bytes) -> None:
    try:
        article = sca.from_json(data)
    except sca.DataError as error:
        assert_refused_cleanly(error)
        return
    assert_accepted_as_given(article, data)
