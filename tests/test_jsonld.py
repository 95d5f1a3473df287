"""The schema.org JSON-LD export, checked offline against the schema.org vocabulary with rdflib.

Expansion alone proves nothing (the context's ``@vocab`` turns any key into a schema.org
IRI), so the graph is loaded and every triple is checked: the property exists, the
subject's type (or a supertype) is in its domain, and the value fits its range.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

import secure_communities_article as sca
from conftest import ROOT
from secure_communities_article._jsonld import word_count

XSD = "http://www.w3.org/2001/XMLSchema#"
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

VOCABULARY = ROOT / "tests" / "data" / "schemaorg"  # vendored, CC BY-SA 3.0 (its README)
HTTP, HTTPS = "http://schema.org/", "https://schema.org/"  # JSON-LD context vs schema.ttl


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(VOCABULARY / "schema.ttl", format="turtle")


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((VOCABULARY / "context.jsonld").read_text("utf-8"))
    return loaded["@context"]  # type: ignore[no-any-return]


def graph_of(document: dict[str, Any], context: dict[str, Any]) -> Graph:
    """The RDF graph of a JSON-LD document, its schema.org context given locally."""
    assert document["@context"] == "https://schema.org"
    offline = {**document, "@context": context}
    return Graph().parse(data=json.dumps(offline), format="json-ld")


def term(node: Any) -> URIRef:
    """The schema.ttl name (https) of a schema.org term the context names with http."""
    text = str(node)
    return URIRef(HTTPS + text[len(HTTP) :]) if text.startswith(HTTP) else URIRef(text)


def with_supertypes(vocabulary: Graph, classes: set[URIRef]) -> set[URIRef]:
    found: set[URIRef] = set()
    for cls in classes:
        found.update(
            o for o in vocabulary.transitive_objects(cls, RDFS.subClassOf) if isinstance(o, URIRef)
        )
    return found


LITERAL_CLASSES = {
    URIRef(XSD + "string"): "Text",
    RDF.langString: "Text",
    URIRef(XSD + "integer"): "Integer",
    URIRef(XSD + "double"): "Number",
    URIRef(XSD + "decimal"): "Number",
    URIRef(XSD + "boolean"): "Boolean",
    URIRef(HTTP + "Date"): "Date",
    URIRef(HTTP + "DateTime"): "DateTime",
}


def vocabulary_problems(data: Graph, vocabulary: Graph) -> list[str]:
    """Every triple that schema.org does not allow, described in a line."""
    problems = []

    def types_of(node: Any) -> set[URIRef]:
        return {term(t) for t in data.objects(node, RDF.type)}

    for subject, predicate, value in sorted(data, key=lambda triple: tuple(map(str, triple))):
        if predicate == RDF.type:
            if (term(value), RDF.type, RDFS.Class) not in vocabulary:
                problems.append(f"{subject}: {value} is not a schema.org type")
            continue
        prop = term(predicate)
        if not str(predicate).startswith(HTTP) or (prop, RDF.type, RDF.Property) not in vocabulary:
            problems.append(f"{subject}: {predicate} is not a schema.org property")
            continue
        domain = set(vocabulary.objects(prop, URIRef(HTTPS + "domainIncludes")))
        subject_types = with_supertypes(vocabulary, types_of(subject))
        if not subject_types & domain:
            problems.append(f"{subject}: {prop} does not apply to {sorted(types_of(subject))}")
        ranges = set(vocabulary.objects(prop, URIRef(HTTPS + "rangeIncludes")))
        if isinstance(value, Literal):
            name = LITERAL_CLASSES.get(value.datatype or URIRef(XSD + "string"))
            value_types = {URIRef(HTTPS + name)} if name else set()
        elif isinstance(value, BNode):
            value_types = types_of(value)
        else:  # an IRI names a web address, whatever else it describes
            value_types = {URIRef(HTTPS + "URL"), *types_of(value)}
        if not with_supertypes(vocabulary, value_types) & ranges:
            allowed = sorted(map(str, ranges))
            problems.append(f"{subject}: {prop} value {value!r} is not one of {allowed}")
    return problems


@pytest.fixture(scope="module")
def document(article: sca.Article) -> dict[str, Any]:
    return sca.to_jsonld(article)


def test_every_triple_is_allowed_by_schema_org(
    document: dict[str, Any], context: dict[str, Any], vocabulary: Graph
) -> None:
    data = graph_of(document, context)
    assert len(data) > 100
    assert vocabulary_problems(data, vocabulary) == []


BREAKAGES = [
    ("a misspelled property", lambda d: d.update(headlin=d.pop("headline"))),
    ("a property of another type", lambda d: d["publisher"].update(jobTitle="newspaper")),
    ("a value of the wrong type", lambda d: d.update(author=d["mentions"][-1])),
    ("text where a number belongs", lambda d: d.update(wordCount="many")),
    ("an unknown type", lambda d: d["publisher"].update({"@type": "Newspaperish"})),
]


@pytest.mark.parametrize(("name", "breakage"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_the_check_catches_what_schema_org_does_not_allow(
    document: dict[str, Any],
    context: dict[str, Any],
    vocabulary: Graph,
    name: str,
    breakage: Any,
) -> None:
    broken = copy.deepcopy(document)
    breakage(broken)
    assert vocabulary_problems(graph_of(broken, context), vocabulary), name


def test_the_graph_says_what_the_model_says(
    article: sca.Article, document: dict[str, Any], context: dict[str, Any]
) -> None:
    data = graph_of(document, context)
    schema = rdflib.Namespace(HTTP)
    (news,) = data.subjects(RDF.type, schema.NewsArticle)
    assert news == URIRef(article.url)
    assert str(data.value(news, schema.headline)) == article.headline
    published = data.value(news, schema.datePublished)
    assert isinstance(published, Literal)
    assert (str(published), published.datatype) == (article.published.isoformat(), schema.Date)
    assert str(data.value(news, schema.articleBody)) == article.body
    year = data.value(news, schema.copyrightYear)
    assert isinstance(year, Literal) and year.toPython() == article.published.year
    author = data.value(news, schema.author)
    assert str(data.value(author, schema.name)) == article.author.name
    holder = data.value(news, schema.copyrightHolder)
    assert str(data.value(holder, schema.name)) == article.publisher.name
    about = data.value(news, schema.about)
    assert str(data.value(about, schema.name)) == article.programs[0].name
    mentioned = set(data.objects(news, schema.mentions))
    named = {str(data.value(node, schema.name)) for node in mentioned}
    entities: tuple[sca.Person | sca.Organization | sca.Place, ...] = (
        *article.people,
        *article.organizations,
        *article.places,
    )
    for entity in entities:
        if entity.name is not None:
            assert entity.name in named, entity.id
    for place in article.places:
        (node,) = (n for n in mentioned if str(data.value(n, schema.name)) == place.name)
        codes = {
            (str(data.value(i, schema.propertyID)), str(data.value(i, schema.value)))
            for i in data.objects(node, schema.identifier)
        }
        assert (("FIPS", place.fips_code) in codes) == (place.fips_code is not None), place.id


def test_document_is_plain_json_and_names_the_article(
    article: sca.Article, document: dict[str, Any]
) -> None:
    assert json.loads(json.dumps(document)) == document
    assert document["@type"] == "NewsArticle"
    assert document["headline"] == article.headline
    assert document["wordCount"] == word_count(article.body)
    assert document["about"][0]["name"] == "Secure Communities"
    ids = [node["@id"] for node in document["mentions"]]
    assert len(ids) == len(set(ids)) == len(article.entities) - len(article.programs)


words = st.text(alphabet=st.characters(categories=["L", "Nd"]), min_size=1, max_size=8)
gaps = st.sampled_from([" ", "\n\n", " \u2014 ", "  ", "\t"])


@given(st.lists(st.tuples(words, gaps), max_size=20))
def test_word_count_counts_words_not_dashes(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in parts)
    assert word_count(text) == len(parts)
