"""The schema.org JSON-LD export: parsed offline by rdflib and PyLD, and checked against
the schema.org vocabulary.

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
from offline import NetworkUsedError, no_network
from secure_communities_article._contexts import CONTEXTS, ContextNotBundledError
from secure_communities_article.formats.jsonld import SCHEMA_ORG, iri, word_count

jsonld = pytest.importorskip("pyld.jsonld")

XSD = "http://www.w3.org/2001/XMLSchema#"
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

VOCABULARY = ROOT / "tests" / "data" / "schemaorg"  # vendored, CC BY-SA 3.0 (its README)
HTTP, HTTPS = "http://schema.org/", "https://schema.org/"  # JSON-LD context vs schema.ttl
#: Terms of schema.org's "new" (pending) area that the core schema.ttl leaves out.
PENDING = [(URIRef(HTTPS + "Quotation"), RDFS.subClassOf, URIRef(HTTPS + "CreativeWork"))]


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    graph = Graph().parse(VOCABULARY / "schema.ttl", format="turtle")
    for triple in PENDING:
        graph.add(triple)
    graph.add((PENDING[0][0], RDF.type, RDFS.Class))
    return graph


def graph_of(document: dict[str, Any]) -> Graph:
    """The RDF graph of a JSON-LD document, parsed by rdflib as it stands."""
    return Graph().parse(data=json.dumps(document), format="json-ld")


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
    return dict(sca.to_jsonld(article))


@pytest.fixture(scope="module")
def graph(document: dict[str, Any]) -> Graph:
    return graph_of(document)


def test_every_triple_is_allowed_by_schema_org(graph: Graph, vocabulary: Graph) -> None:
    data = graph
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
    document: dict[str, Any], vocabulary: Graph, name: str, breakage: Any
) -> None:
    broken = copy.deepcopy(document)
    breakage(broken)
    assert vocabulary_problems(graph_of(broken), vocabulary), name


def test_the_graph_says_what_the_model_says(article: sca.Article, graph: Graph) -> None:
    data = graph
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
    left_out = len(article.programs) + len(article.referents)  # the program is `about`
    assert len(ids) == len(set(ids)) == len(article.entities) - left_out
    things = {iri(article, e.id) for e in article.entities if e.kind not in ("program", "referent")}
    assert set(ids) == things


words = st.text(alphabet=st.characters(categories=["L", "Nd"]), min_size=1, max_size=8)
gaps = st.sampled_from([" ", "\n\n", " \u2014 ", "  ", "\t"])


@given(st.lists(st.tuples(words, gaps), max_size=20))
def test_word_count_counts_words_not_dashes(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in parts)
    assert word_count(text) == len(parts)


def causes(error: BaseException | None) -> list[BaseException]:
    """An error and what it wraps (PyLD's ``cause``, Python's ``__cause__``/``__context__``)."""
    found = []
    while error is not None and error not in found:
        found.append(error)
        error = getattr(error, "cause", None) or error.__cause__ or error.__context__
    return found


def test_rdflib_and_pyld_parse_the_export_with_no_network(
    document: dict[str, Any], graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(document["@context"], dict)  # embedded: nothing to fetch
    with no_network(monkeypatch):
        parsed = graph_of(document)
        expanded = jsonld.expand(document)
    assert len(parsed) == len(graph) > 100
    assert set(graph_of(expanded)) == set(parsed)  # no blank nodes: equal as sets


def test_the_publishers_form_expands_offline_with_the_bundled_loader(
    article: sca.Article, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = sca.to_jsonld(article, context=SCHEMA_ORG)
    assert remote["@context"] == "https://schema.org"
    with no_network(monkeypatch):
        expanded = jsonld.expand(remote, {"documentLoader": sca.document_loader})
        with pytest.raises(jsonld.JsonLdError) as raised:  # PyLD's own loader would fetch it
            jsonld.expand(remote)
    assert any(isinstance(e, NetworkUsedError) for e in causes(raised.value))
    assert set(graph_of(expanded)) == set(graph)


def test_the_embedded_context_is_schema_orgs_own_definitions(document: dict[str, Any]) -> None:
    bundled = sca.document_loader("https://schema.org")["document"]["@context"]
    embedded = document["@context"]
    assert embedded["@vocab"] == "http://schema.org/"
    assert all(embedded[term] == bundled[term] for term in embedded)
    assert {"Quotation", "creator", "datePublished", "mentions"} <= set(embedded)
    # The bundled file is the vocabulary's context (vendored in tests/data), unchanged.
    vendored = json.loads((VOCABULARY / "context.jsonld").read_text("utf-8"))
    assert vendored == sca.document_loader(SCHEMA_ORG)["document"]


def test_the_loader_serves_only_bundled_documents() -> None:
    for url in CONTEXTS:
        served = sca.document_loader(url)
        assert served["documentUrl"] == url and "@context" in served["document"]
    with pytest.raises(ContextNotBundledError, match="network is not used"):
        sca.document_loader("https://example.org/context.jsonld")
    served = sca.document_loader(SCHEMA_ORG)["document"]
    served["@context"].clear()  # a caller's copy: the next one is whole
    assert sca.document_loader(SCHEMA_ORG)["document"]["@context"]


def test_every_node_is_an_iri_and_two_parses_merge_without_growth(
    article: sca.Article, document: dict[str, Any], graph: Graph
) -> None:
    nodes = {s for s, _, _ in graph} | {o for _, _, o in graph if not isinstance(o, Literal)}
    assert not [n for n in nodes if isinstance(n, BNode)]
    merged = graph_of(document)
    merged.parse(data=json.dumps(sca.to_jsonld(article)), format="json-ld")
    assert len(merged) == len(graph)
    schema = rdflib.Namespace(HTTP)
    for entity in article.entities:
        typed = (URIRef(iri(article, entity.id)), RDF.type, None) in graph
        assert typed == (entity.kind != "referent"), entity.id  # a referent is no Thing
    assert iri(article, "john-morton") == article.url + "#john-morton"
    assert URIRef(iri(article, "john-morton")) in set(graph.subjects(schema.name, None))


def test_each_quotation_is_a_node_with_its_text_speaker_and_article(
    article: sca.Article, graph: Graph
) -> None:
    schema = rdflib.Namespace(HTTP)
    quotations = set(graph.subjects(RDF.type, schema.Quotation))
    assert len(quotations) == len(article.quotes)
    news = URIRef(article.url)
    assert set(graph.objects(news, schema.hasPart)) == quotations
    for quote in article.quotes:
        node = URIRef(iri(article, quote.id))
        assert str(graph.value(node, schema.text)) == quote.span.text
        assert graph.value(node, schema.isPartOf) == news
        assert quote.speaker is not None
        speaker = graph.value(node, schema.creator)
        assert speaker == URIRef(iri(article, quote.speaker))
        if article.entity(quote.speaker).name is not None:
            assert str(graph.value(speaker, schema.name)) == article.entity(quote.speaker).name


def test_descriptions_describe_rather_than_quote_a_fragment(
    article: sca.Article, graph: Graph
) -> None:
    schema = rdflib.Namespace(HTTP)
    descriptions = {
        str(s).split("#")[-1]: str(o) for s, o in graph.subject_objects(schema.description)
    }
    assert descriptions, "no descriptions"
    for record_id, text in descriptions.items():
        assert text[0].isupper() and text.endswith("."), (record_id, text)
        first = text.split()[0].lower()
        assert first not in {"of", "at", "in", "for", "from", "with", "by"}, (record_id, text)
    fragments = [
        p for p in article.people if p.description and p.description.text.startswith("of ")
    ]
    assert fragments  # the data has such fragments: none of them became a description
    for person in fragments:
        assert descriptions[person.id] != person.description.text  # type: ignore[union-attr]
        assert person.affiliation is not None
        assert article.entity(person.affiliation).label in descriptions[person.id]


def test_facts_from_the_present_day_author_bio_are_marked(
    article: sca.Article, graph: Graph
) -> None:
    schema = rdflib.Namespace(HTTP)
    author = URIRef(iri(article, article.author.id))
    description = str(graph.value(author, schema.description))
    assert "author bio" in description and "present-day" in description
    assert graph.value(author, schema.jobTitle) is None  # not asserted as a 2011 fact
    assert article.author.description is not None
    assert article.metadata.author_bio.contains(article.author.description)


def test_an_unknown_context_choice_is_refused(article: sca.Article) -> None:
    with pytest.raises(ValueError, match="context must be"):
        sca.to_jsonld(article, context="http://schema.org/docs/other")
