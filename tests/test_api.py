"""The public API: loading, caching, lookups, immutability, errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import secure_communities_article as sca


def records(value: Any) -> Iterator[Any]:
    """Every attrs record reachable from a value."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            if field.init:
                yield from records(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from records(item)


def test_public_names_are_exported() -> None:
    for name in sca.__all__:
        assert hasattr(sca, name), name
    assert sca.__version__.count(".") == 2


def test_load_is_cached_and_shared(article: sca.Article) -> None:
    assert sca.load() is article


def test_every_record_is_frozen_and_holds_only_immutable_values(article: sca.Article) -> None:
    allowed = (str, int, float, bool, type(None), tuple)
    seen = 0
    for record in records(article):
        seen += 1
        assert not hasattr(record, "__dict__"), type(record)  # slotted
        for field in attrs.fields(type(record)):
            if not field.init:
                continue
            value = getattr(record, field.name)
            assert (
                attrs.has(type(value))
                or isinstance(value, allowed)
                or (type(value).__name__ == "date")
            ), (type(record).__name__, field.name, type(value))
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(record, field.name, value)
    assert seen > 300


def test_collections_cannot_be_changed(article: sca.Article) -> None:
    with pytest.raises(AttributeError):
        article.quotes.append(article.quotes[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        article.quotes[0] = article.quotes[1]  # type: ignore[index]
    assert isinstance(article.find("ICE"), tuple)
    assert isinstance(article.quotes_by("john-morton"), tuple)


def test_entity_strict_lookup_names_close_matches(article: sca.Article) -> None:
    assert article.entity("john-morton").name == "John Morton"
    with pytest.raises(KeyError) as caught:
        article.entity("jon-morton")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, sca.NotFoundError)
    assert "john-morton" in str(caught.value)
    assert caught.value.suggestions[0] == "john-morton"
    with pytest.raises(sca.NotFoundError) as caught:
        article.entity("morton")
    assert caught.value.wanted == "morton"
    assert str(caught.value) == "no entity 'morton'; did you mean 'john-morton'?"
    with pytest.raises(sca.NotFoundError) as caught:
        article.record("zzzzzzzz")
    assert str(caught.value) == "no record 'zzzzzzzz'" and caught.value.suggestions == ()


def test_get_returns_default(article: sca.Article) -> None:
    assert article.get("nobody") is None
    assert article.get("nobody", "x") == "x"
    assert article.get("quote-john-morton-agency-policy") is article.quotes[0]
    reform = article.record("reform-training")
    assert isinstance(reform, sca.Reform) and reform.span.text.startswith("more training")
    with pytest.raises(KeyError, match="reform-training"):
        article.record("reform-trainin")


def test_find_by_name_alias_or_mention(article: sca.Article) -> None:
    (morton,) = article.find("Morton")
    assert morton.id == "john-morton"
    assert article.find("JOHN MORTON") == (morton,)
    assert article.find("nobody at all") == ()
    assert [e.id for e in article.find("the program")] == ["secure-communities"]  # a nominal
    assert article.find("he") == article.find("it") == ()
    for surname in ("Nystrom", "Andrade", "Bahrampour"):
        (person,) = article.find(surname)
        assert person.kind == "person" and str(person.name).endswith(surname)


def test_every_name_and_alias_finds_its_entity_without_mentions(article: sca.Article) -> None:
    for entity in article.entities:
        for name in filter(None, [getattr(entity, "name", None), *getattr(entity, "aliases", ())]):
            assert entity in article.find(name.upper())
    bare = attrs.evolve(article, mentions=())  # a fresh index, built from names alone
    organization = next(o for o in bare.organizations if o.aliases)
    assert bare.find(organization.aliases[0]) == (organization,)
    assert bare.find(organization.name.lower()) == (organization,)
    person = next(p for p in bare.people if p.name)
    assert bare.find(str(person.name)) == (person,)
    last = bare.paragraphs[-1]
    assert bare.paragraph_at(last.span.end - 1) is last and bare.paragraph_at(last.span.end) is None


def test_quotes_by_and_mentions_of_accept_entity_or_id(article: sca.Article) -> None:
    morton = article.entity("john-morton")
    assert article.quotes_by(morton) == article.quotes_by("john-morton")
    assert [q.id for q in article.quotes_by(morton)] == [
        "quote-john-morton-agency-policy",
        "quote-john-morton-expands-the-grounds",
    ]
    assert [m.span.text for m in article.mentions_of(morton)] == [
        "John Morton, director of Immigration and Customs Enforcement",
        "Morton",
    ]
    assert [m.name and m.name.text for m in article.mentions_of(morton)] == [
        "John Morton",
        "Morton",
    ]
    assert article.quotes_by("fbi") == ()
    with pytest.raises(KeyError, match="did you mean"):
        article.quotes_by("john-mortom")


def test_quotes_by_returns_every_quote_of_each_speaker(article: sca.Article) -> None:
    for entity in article.entities:
        expected = tuple(q for q in article.quotes if q.speaker == entity.id)
        assert article.quotes_by(entity) == expected
        assert article.mentions_of(entity) == tuple(
            m for m in article.mentions if m.entity == entity.id
        )


def test_paragraph_views(article: sca.Article) -> None:
    first = article.paragraphs[0]
    assert first.text == first.span.text
    assert first.sentences[0].text == first.text
    assert article.paragraph_at(first.span.start) is first
    assert article.paragraph_at(first.span.end - 1) is first
    assert article.paragraph_at(0) is None  # the masthead
    assert article.paragraph_at(len(article.source) + 10) is None
    for quote in article.quotes:
        assert article.paragraph_at(quote.span.start) is article.paragraphs[quote.paragraph]
    assert article.body.count("\n\n") == 8


def test_entities_by_kind(article: sca.Article) -> None:
    assert all(isinstance(p, sca.Person) for p in article.people)
    assert all(isinstance(o, sca.Organization) for o in article.organizations)
    assert all(isinstance(p, sca.Place) for p in article.places)
    assert len(article.entities) == (
        len(article.people)
        + len(article.organizations)
        + len(article.places)
        + len(article.programs)
        + len(article.referents)
    )


def test_repr_is_readable(article: sca.Article) -> None:
    text = repr(article)
    assert "ICE reforms Secure Communities program" in text and "2011-06-17" in text
    assert len(text) < 200


def test_data_error_is_a_value_error() -> None:
    assert issubclass(sca.DataError, ValueError)
    error = sca.DataError([("$.a", "bad"), ("$.b", "worse")])
    assert error.problems == (("$.a", "bad"), ("$.b", "worse"))
    assert "$.a: bad" in str(error) and "$.b: worse" in str(error)


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_import_reads_no_file_and_load_reads_once() -> None:
    output = run_python(
        """
        import sys
        opened = []
        def audit(event, args):
            if event == "open" and isinstance(args[0], str) and args[0].endswith(
                (".json", ".txt")
            ):
                opened.append(args[0])
        sys.addaudithook(audit)
        import secure_communities_article as sca
        print(len(opened))
        sca.load(); sca.load()
        print(sum(p.endswith("article.json") for p in opened))
        """
    )
    assert output.split() == ["0", "1"]


def test_import_and_load_import_no_optional_extra() -> None:
    # Counted against what the fresh process held before (sitecustomize may import anything).
    output = run_python(
        """
        import sys
        before = set(sys.modules)
        import secure_communities_article as sca
        sca.load()
        new = {name.partition(".")[0] for name in set(sys.modules) - before}
        optional = {"pandas", "numpy", "pyarrow", "spacy", "pyld", "cassis", "selenium",
                    "rdflib", "jsonschema", "frictionless", "mlcroissant", "yaml", "html5lib"}
        print(",".join(sorted(new & optional)) or "none")
        """
    )
    assert output.strip() == "none"
