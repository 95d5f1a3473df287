"""The API for analysts: entity kinds, resolving ids, span relations, paragraphs of mentions,
the events and stances of an entity, and finding entities by any name token."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article._article import Article
from secure_communities_article._describe import RECORDS
from secure_communities_article._model import ENTITIES


def every_record(value: Any) -> list[Any]:
    """Every record reachable from a value (through records and tuples), the value first."""
    found = []
    if isinstance(value, tuple):
        for item in value:
            found.extend(every_record(item))
    elif type(value) in RECORDS:
        found.append(value)
        for field in RECORDS[type(value)].fields:
            if field.is_record:
                found.extend(every_record(getattr(value, field.name)))
    return found


def test_each_entity_knows_its_kind(article: sca.Article) -> None:
    kinds = {"people": "person", "organizations": "organization", "places": "place"}
    kinds |= {"programs": "program", "referents": "referent"}
    assert set(kinds) == set(ENTITIES)
    for collection, kind in kinds.items():
        records = getattr(article, collection)
        assert records and {entity.kind for entity in records} == {kind}
    assert [e.kind for e in article.entities].count("person") == len(article.people)


def test_resolve_turns_every_reference_into_its_records(article: sca.Article) -> None:
    resolved = 0
    for record in every_record(article):
        for field in RECORDS[type(record)].fields:
            if not field.ref:
                continue
            value = getattr(record, field.name)
            found = article.resolve(value)
            if value is None:
                assert found is None
                continue
            targets = found if field.many else (found,)
            ids = value if field.many else (value,)
            assert isinstance(found, tuple) == field.many
            assert tuple(t.id for t in targets) == ids
            for target in targets:  # the record is in a collection the field may name
                assert any(target in getattr(article, c) for c in field.ref), field
            resolved += len(ids)
    assert resolved > 100


def test_resolve_reads_an_events_times_and_refuses_unknown_ids(article: sca.Article) -> None:
    dated = next(event for event in article.events if event.times)
    times = article.resolve(dated.times)
    assert all(isinstance(t, sca.TimeExpression) for t in times)
    assert article.resolve(()) == ()
    with pytest.raises(sca.NotFoundError, match="did you mean"):
        article.resolve(("john-mortom",))
    with pytest.raises(sca.NotFoundError):
        article.resolve("no-such-record")


offsets = st.integers(min_value=0, max_value=60)


def spans() -> st.SearchStrategy[sca.Span]:
    """Non-empty spans, as every span of a valid article is."""
    return (
        st.tuples(offsets, offsets)
        .filter(lambda pair: pair[0] != pair[1])
        .map(lambda pair: sca.Span(min(pair), max(pair), "x" * (max(pair) - min(pair))))
    )


@given(spans(), spans())
def test_overlaps_and_contains_are_the_set_relations_of_their_characters(
    a: sca.Span, b: sca.Span
) -> None:
    first, second = set(range(a.start, a.end)), set(range(b.start, b.end))
    assert a.overlaps(b) == bool(first & second) == b.overlaps(a)
    assert a.contains(b) == (second <= first)
    assert a.contains(a)
    if a.contains(b) and b.contains(a):
        assert (a.start, a.end) == (b.start, b.end)


def test_every_annotation_lies_within_its_paragraph(article: sca.Article) -> None:
    for quote in article.quotes:
        paragraph = article.paragraphs[quote.paragraph].span
        assert paragraph.contains(quote.span) and paragraph.overlaps(quote.span)
    first, second = article.paragraphs[0].span, article.paragraphs[1].span
    assert not first.overlaps(second) and not first.contains(second)


def test_a_mentions_paragraph_is_where_its_span_lies(article: sca.Article) -> None:
    inside = 0
    for mention in article.mentions:
        paragraph = article.paragraph_at(mention.span.start)
        assert mention.paragraph == (None if paragraph is None else paragraph.index)
        if paragraph is not None:
            assert paragraph.span.contains(mention.span)
            inside += 1
    assert inside > 0
    assert any(m.paragraph is None for m in article.mentions)  # the author bio's name


def test_events_of_and_stances_of_list_an_entitys_records(article: sca.Article) -> None:
    checked = 0
    for entity in article.entities:
        events = tuple(e for e in article.events if entity.id in {p.entity for p in e.participants})
        stances = tuple(s for s in article.stances if entity.id in (s.holder, s.target))
        assert article.events_of(entity) == article.events_of(entity.id) == events
        assert article.stances_of(entity) == stances
        checked += len(events) + len(stances)
    assert checked > 0
    program = article.programs[0]
    assert len(article.stances_of(program)) == len(article.stances)  # the target of each
    with pytest.raises(sca.NotFoundError, match="did you mean"):
        article.events_of("john-mortom")


@pytest.mark.parametrize("surname", ["Nystrom", "Andrade", "Bahrampour", "Morton"])
def test_find_matches_a_surname(article: sca.Article, surname: str) -> None:
    (person,) = article.find(surname)
    assert person.kind == "person" and person.name is not None
    assert surname in person.name.split()
    assert article.find(surname.upper()) == (person,)


def test_find_matches_names_and_aliases(article: sca.Article) -> None:
    for entity in article.entities:
        name = getattr(entity, "name", None)  # a referent has none
        if name is not None:
            assert entity in article.find(name), entity.id
        for alias in getattr(entity, "aliases", ()):
            assert entity in article.find(alias), alias


def test_find_never_matches_pronouns_or_words_that_are_no_mention(article: sca.Article) -> None:
    for word in ("he", "it", "they", "she", "the agency", "officials", "Federal authorities"):
        assert article.find(word) == (), word
    names = {n.casefold() for e in article.entities for n in names_of(e)}
    nominals = {m.span.text.casefold() for m in article.mentions if m.form != "pronoun"}
    for mention in article.mentions:
        text = mention.span.text.casefold()
        if mention.form == "pronoun" and text not in names | nominals:
            assert article.find(mention.span.text) == (), mention.span.text


def names_of(entity: Any) -> list[str]:
    names = [getattr(entity, "name", None), *getattr(entity, "aliases", ())]
    return [n for n in names if n] + [t for n in names if n for t in n.split()]


def test_the_article_record_lists_each_collection_once() -> None:
    collections = [f.name for f in RECORDS[Article].fields if f.many and f.is_record]
    assert len(collections) == len(set(collections))


def test_an_empty_span_overlaps_nothing() -> None:
    outer, empty = sca.Span(0, 10, "x" * 10), sca.Span(5, 5, "")
    assert not outer.overlaps(empty) and not empty.overlaps(outer)
    assert outer.contains(empty)  # it lies within the bounds, though it holds no character
