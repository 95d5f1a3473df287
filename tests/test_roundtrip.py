"""to_dict/from_dict round trips: the shipped article and generated records."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article._decode import decode, encode
from secure_communities_article._describe import RECORDS

ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
words = st.text(st.characters(codec="utf-8"), max_size=40)
maybe_id = st.none() | ids


def formatted(cls: type, name: str) -> st.SearchStrategy[str]:
    """Strings of the format the model gives a field (its described pattern)."""
    field = next(f for f in RECORDS[cls].fields if f.name == name)
    assert field.pattern is not None
    return st.from_regex(field.pattern, fullmatch=True)


@st.composite
def spans(draw: st.DrawFn) -> sca.Span:
    text = draw(st.text(st.characters(codec="utf-8"), max_size=30))
    start = draw(st.integers(min_value=0, max_value=10_000))
    return sca.Span(start, start + len(text), text)


def tuples(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=4).map(tuple)


provenances = st.builds(
    sca.Provenance,
    field=words,
    origin=st.sampled_from(["canonical-url", "annotator", "outside-reference", "capture"]),
    note=words,
)
records = st.one_of(
    spans(),
    provenances,
    st.builds(
        sca.Person,
        id=ids,
        name=st.none() | words,
        role=st.none() | words,
        affiliation=maybe_id,
        description=st.none() | spans(),
    ),
    st.builds(
        sca.Organization, id=ids, name=words, aliases=tuples(words), description=st.none() | spans()
    ),
    st.builds(
        sca.Place,
        id=ids,
        name=words,
        place_type=st.sampled_from(["state", "city", "district", "country"]),
        state_postal_code=st.none() | formatted(sca.Place, "state_postal_code"),
        fips_code=st.none() | formatted(sca.Place, "fips_code"),
        within=maybe_id,
        provenance=tuples(provenances),
    ),
    st.builds(
        sca.Mention,
        id=ids,
        entity=ids,
        form=st.sampled_from(["name", "alias", "nominal", "pronoun"]),
        span=spans(),
    ),
    st.builds(
        sca.Quote,
        id=ids,
        span=spans(),
        speaker=maybe_id,
        cue=st.none() | spans(),
        kind=st.sampled_from(["full", "partial"]),
        paragraph=st.integers(0, 50),
        attribution=st.sampled_from(["cue-names-speaker", "cue-pronoun", "no-cue"]),
        attribution_note=st.none() | words,
    ),
    st.builds(
        sca.Quantity,
        id=ids,
        span=spans(),
        value=st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**6), 10**6),
        unit=words,
        measures=words,
        approximate=st.booleans(),
        qualifier=st.none() | spans(),
    ),
    st.builds(
        sca.TimeExpression,
        id=ids,
        span=spans(),
        kind=st.sampled_from(["date", "month", "year", "duration", "relative"]),
        value=st.none() | formatted(sca.TimeExpression, "value"),
        relation=st.sampled_from(["on", "in", "by", "unspecified"]),
        note=words,
    ),
    st.builds(
        sca.Event,
        id=ids,
        predicate=formatted(sca.Event, "predicate"),
        trigger=spans(),
        evidence=spans(),
        status=st.sampled_from(["done", "ongoing", "said-they-would", "planned", "expected"]),
        participants=tuples(
            st.builds(
                sca.Participant,
                role=st.sampled_from(
                    ["agent", "patient", "recipient", "theme", "instrument", "location", "source"]
                ),
                entity=maybe_id,
                span=spans(),
            )
        ),
        times=tuples(ids),
        quantities=tuples(ids),
        paragraph=st.integers(0, 50),
    ),
    st.builds(
        sca.Stance,
        id=ids,
        holder=maybe_id,
        holder_span=spans(),
        target=ids,
        stance=st.sampled_from(["supportive", "critical", "mixed", "neutral"]),
        evidence=tuples(spans()),
        rationale=words,
        basis=st.just("annotator-interpretation"),
    ),
)


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


@given(records)
def test_generated_records_round_trip(record: Any) -> None:
    plain = encode(record)
    assert json.loads(json.dumps(plain)) == plain
    assert decode(type(record), plain) == record
