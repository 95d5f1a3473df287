"""to_dict/from_dict round trips: the shipped article, and generated records of every class.

The strategies are read off the model's description (``_describe.RECORDS``), so a new
field or record class is generated with no edit here; a new string format needs one
entry in ``FORMATS``.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article._article import encode
from secure_communities_article._decode import decode
from secure_communities_article._describe import RECORDS, FieldInfo

ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
#: A strategy for each string format of the model ("" is free text).
FORMATS: dict[str, st.SearchStrategy[str]] = {
    "": st.text(st.characters(codec="utf-8"), max_size=30),
    "id": ids,
    "url": st.from_regex(r"https?://[a-z0-9.-]{1,20}(/[!-~]{0,20})?", fullmatch=True),
    "sha256": st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
    "version": st.just(sca.SCHEMA_VERSION),
}
SCALARS: dict[type, st.SearchStrategy[Any]] = {
    int: st.integers(0, 10**6),
    float: st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**6), 10**6),
    bool: st.booleans(),
    datetime.date: st.dates(),
}
_records: dict[type, st.SearchStrategy[Any]] = {}


def values(field: FieldInfo) -> st.SearchStrategy[Any]:
    """Any value a field of this description may hold."""
    if field.is_record:
        one = records(field.base)
    elif field.values:
        one = st.sampled_from(field.values)
    elif field.base is str and field.pattern is not None and not field.ref:
        one = st.from_regex(field.pattern, fullmatch=True)
    elif field.base is str:
        one = ids if field.ref else FORMATS[field.format]
    else:
        one = SCALARS[field.base]
    if field.many:
        one = st.lists(one, max_size=2 if field.is_record else 3).map(tuple)
    return st.none() | one if field.optional else one


def records(cls: type) -> st.SearchStrategy[Any]:
    """Any record of a class, built field by field from its description."""
    if cls not in _records:
        _records[cls] = st.builds(cls, **{f.name: values(f) for f in RECORDS[cls].fields})
    return _records[cls]


def test_shipped_article_round_trips(article: sca.Article) -> None:
    document = article.to_dict()
    assert sca.from_dict(document) == article
    # ...and through JSON text, as a file would carry it.
    assert sca.from_json(json.dumps(document)) == article
    assert json.loads(json.dumps(document)) == document


def test_to_dict_gives_fresh_plain_data(article: sca.Article) -> None:
    first = article.to_dict()
    first["quotes"].clear()
    assert len(article.to_dict()["quotes"]) == len(article.quotes)


@pytest.mark.parametrize("cls", RECORDS, ids=[info.name for info in RECORDS.values()])
@given(data=st.data())
def test_generated_records_of_every_class_round_trip(cls: type, data: st.DataObject) -> None:
    # An Article nests every other class, each drawn on its own above: fewer examples.
    record = data.draw(records(cls) if cls is not sca.Article else articles)
    plain = encode(record)
    assert json.loads(json.dumps(plain)) == plain
    assert decode(cls, plain) == record


#: Articles with at most one record in each collection (each class is drawn in full alone).
articles = st.builds(
    sca.Article,
    **{
        f.name: st.lists(records(f.base), max_size=1).map(tuple) if f.many else values(f)
        for f in RECORDS[sca.Article].fields
    },
)
