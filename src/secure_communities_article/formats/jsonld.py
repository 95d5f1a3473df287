"""The article as schema.org JSON-LD: a ``NewsArticle`` with its people, places, program and
quotations.  A node's IRI is the canonical URL, ``#``, the record's id, as in every export.

By default the schema.org definitions of the terms used are embedded, so rdflib or PyLD
read it offline; ``context=SCHEMA_ORG`` writes the remote reference publishers expect
(:func:`document_loader` serves it offline).  A quotation is a part with its speaker as
``creator``, as in schema.org's example (``spokenByCharacter`` is for a character).  A
description is a phrase about the entity, never a fragment of the sentence introducing
it; a fact read off the present-day author bio captured with the page says so.
"""

from __future__ import annotations

from typing import Any

from .._article import Article
from .._contexts import bundled_context
from .._model import Entity, Organization, Person, Place, Program, Quote, Referent
from . import json_text

SIGNATURE = rb"\A\{\n  \"@context\"(?s:.*)\n  \"@type\": \"NewsArticle\",\n"
SCHEMA_ORG = "https://schema.org"
#: The default: the context written into the document itself.
EMBEDDED = "embedded"

#: schema.org type of each kind of entity but places, and of each type of place.
SCHEMA_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "program": "GovernmentService",
    "state": "State",
    "city": "City",
    "district": "AdministrativeArea",
    "country": "Country",
}


def to_jsonld(article: Article, *, context: str = EMBEDDED) -> dict[str, Any]:
    """A schema.org ``NewsArticle`` of the article, its context embedded or ``SCHEMA_ORG``."""
    if context not in (EMBEDDED, SCHEMA_ORG):
        raise ValueError(f"context must be {EMBEDDED!r} or {SCHEMA_ORG!r}, not {context!r}")
    body = _article(article)
    return {"@context": SCHEMA_ORG if context == SCHEMA_ORG else embedded_context(body), **body}


def render(article: Article) -> str:
    """The JSON-LD file."""
    return json_text(to_jsonld(article))


def embedded_context(document: dict[str, Any]) -> dict[str, Any]:
    """The schema.org context's definitions of every term ``document`` uses, and its vocab."""
    definitions = bundled_context(SCHEMA_ORG)["@context"]
    used = sorted(_terms(document))
    unknown = [term for term in used if term not in definitions]
    if unknown:
        raise ValueError(f"not schema.org terms: {unknown}")
    return {term: definitions[term] for term in ("@vocab", "schema", *used)}


def _terms(value: Any) -> set[str]:
    """Every key and ``@type`` value (other than JSON-LD keywords) in a JSON-LD tree."""
    if isinstance(value, list):
        return set().union(*map(_terms, value))
    if not isinstance(value, dict):
        return set()
    found = {value["@type"]} if "@type" in value else set()
    for key, inner in value.items():
        if not key.startswith("@"):
            found |= {key, *_terms(inner)}
    return found


def iri(article: Article, record_id: str) -> str:
    """The IRI of a record of the article: the canonical URL, ``#``, the record's id."""
    return f"{article.url}#{record_id}"


def word_count(text: str) -> int:
    """Whitespace-separated words that hold a letter or digit (a dash alone is no word)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def _article(article: Article) -> dict[str, Any]:
    author, publisher = article.author, article.publisher
    shown_whole = {author.id, publisher.id}
    mentioned = [
        _reference(article, entity.id) if entity.id in shown_whole else _node(article, entity)
        for entity in article.entities
        if entity.kind not in ("program", "referent")  # the programs are what it is about
    ]
    return {
        "@type": "NewsArticle",
        "@id": article.url,
        "url": article.url,
        "headline": article.headline,
        "author": _node(article, author),
        "publisher": _node(article, publisher),
        "datePublished": article.published.isoformat(),
        "articleSection": article.metadata.section,
        "inLanguage": article.metadata.language,
        "articleBody": article.body,
        "wordCount": word_count(article.body),
        "copyrightHolder": _reference(article, publisher.id),
        "copyrightYear": article.published.year,
        "copyrightNotice": article.metadata.rights,
        "about": [_node(article, program) for program in article.programs],
        "mentions": mentioned,
        "hasPart": [_quotation(article, quote) for quote in article.quotes],
    }


def _reference(article: Article, record_id: str) -> dict[str, Any]:
    return {"@id": iri(article, record_id)}


def _quotation(article: Article, quote: Quote) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Quotation",
        "@id": iri(article, quote.id),
        "text": quote.span.text,
        "isPartOf": {"@id": article.url},
    }
    if quote.speaker is not None:
        node["creator"] = _reference(article, quote.speaker)
    return node


def _node(article: Article, entity: Entity) -> dict[str, Any]:
    """An entity's type, IRI and name (if it has one), then what its kind adds."""
    schema_type = SCHEMA_TYPES[getattr(entity, "place_type", entity.kind)]
    node: dict[str, Any] = {"@type": schema_type, "@id": iri(article, entity.id)}
    if entity.name is not None:
        node["name"] = entity.name
    if isinstance(entity, Person):
        _add_person(article, entity, node)
    elif isinstance(entity, Place):
        _add_place(article, entity, node)
    else:
        _add_named(article, entity, node)
    return node


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _add_person(article: Article, person: Person, node: dict[str, Any]) -> None:
    description = person.description
    organization = article.entity(person.affiliation) if person.affiliation else None
    if organization is not None:
        node["affiliation"] = _reference(article, organization.id)
    if description is not None and article.metadata.author_bio.contains(description):
        # the present-day bio: said as such, and no job title asserted for 2011
        node["description"] = (
            f"{_sentence_case(description.text)}, according to the author "
            "bio captured with the page, a present-day bio rather than one of 2011."
        )
        return
    if person.role is not None:
        node["jobTitle"] = person.role
    if person.name is None and description is not None:
        node["description"] = _sentence_case(description.text) + "."
    elif person.role is not None:
        at = f" at {organization.name}" if organization is not None else ""
        node["description"] = f"{_sentence_case(person.role)}{at}."
    elif organization is not None:
        node["description"] = f"Affiliated with {organization.name}."


def _add_named(
    article: Article, entity: Organization | Program | Referent, node: dict[str, Any]
) -> None:
    """An organization's aliases, and an organization's or a program's description."""
    if isinstance(entity, Organization) and entity.aliases:
        node["alternateName"] = list(entity.aliases)
    if entity.description is not None:
        node["description"] = _sentence_case(entity.description.text) + "."


def _add_place(article: Article, place: Place, node: dict[str, Any]) -> None:
    # (IRI suffix, propertyID, name, value) of each code the place has
    codes = [("fips-code", "FIPS", "US Census Bureau FIPS code", place.fips_code)]
    if place.place_type in ("state", "district"):
        codes.append(("usps-code", "USPS", "USPS state abbreviation", place.state_postal_code))
    elif place.state_postal_code is not None:  # a city: the code is its state's
        node["address"] = {
            "@type": "PostalAddress",
            "@id": iri(article, f"{place.id}/address"),
            "addressRegion": place.state_postal_code,
        }
    identifiers = [
        {
            "@type": "PropertyValue",
            "@id": iri(article, f"{place.id}/{suffix}"),
            "propertyID": property_id,
            "name": name,
            "value": value,
        }
        for suffix, property_id, name, value in codes
        if value is not None
    ]
    if identifiers:
        node["identifier"] = identifiers
    if place.within is not None:
        node["containedInPlace"] = _reference(article, place.within)
