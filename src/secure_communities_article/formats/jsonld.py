"""The article as schema.org JSON-LD: a ``NewsArticle`` with its people, places, program and
quotations, every node named by an IRI.

**Context.**  By default the document embeds its context: the definitions, copied from
the schema.org context shipped in the package, of exactly the terms it uses.  It then
means what it would with ``"@context": "https://schema.org"``, and rdflib or PyLD read it
with no network.  ``to_jsonld(article, context=SCHEMA_ORG)`` writes the remote reference
that publishers and search engines expect instead; :func:`document_loader` serves it
offline to PyLD.

**Identifiers.**  Each node is the canonical URL plus ``#`` plus the record's id
(``…AGMJkaZH_story.html#john-morton``): the same in every export, so graphs merge.

**Quotations** are ``Quotation`` nodes, parts of the article (``hasPart``/``isPartOf``)
with their text and their speaker as ``creator``: schema.org's ``spokenByCharacter`` is
for the (e.g. fictional) character a work puts the words in the mouth of, and its own
example of a real person's quotation uses ``creator``; the speakers here are real people
and organizations who said the words.

**Descriptions** are phrases about the entity (a role, an organization, what a group or
program is), never a fragment of the sentence that introduces it; a fact read off the
author bio, which was captured with the page and is a present-day bio rather than of
2011, says so.
"""

from __future__ import annotations

from typing import Any

from .._article import Article
from .._contexts import bundled_context
from .._model import Entity, Organization, Person, Place, Program, Quote, Referent
from . import json_text

SCHEMA_ORG = "https://schema.org"
#: The default: the context written into the document itself.
EMBEDDED = "embedded"

#: schema.org type of each kind of place in the model.
PLACE_TYPES = {
    "state": "State",
    "city": "City",
    "district": "AdministrativeArea",
    "country": "Country",
}
#: schema.org type of each kind of named entity that is neither a person nor a place.
NAMED_TYPES = {"organization": "Organization", "program": "GovernmentService"}


def to_jsonld(article: Article, *, context: str = EMBEDDED) -> dict[str, Any]:
    """A schema.org ``NewsArticle`` describing the article, as JSON-LD data.

    Its context is embedded (the default) or ``SCHEMA_ORG``'s URL (see the module doc).
    """
    if context not in (EMBEDDED, SCHEMA_ORG):
        raise ValueError(f"context must be {EMBEDDED!r} or {SCHEMA_ORG!r}, not {context!r}")
    body = _article(article)
    head = {"@context": SCHEMA_ORG if context == SCHEMA_ORG else embedded_context(body)}
    return {**head, **body}


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
    return {
        "@vocab": definitions["@vocab"],
        "schema": definitions["schema"],
        **{term: definitions[term] for term in used},
    }


def _terms(value: Any) -> set[str]:
    """Every key and ``@type`` value (other than JSON-LD keywords) in a JSON-LD tree."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "@type":
                found.add(inner)
            elif not key.startswith("@"):
                found.add(key)
                found |= _terms(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _terms(inner)
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
    program_ids = {program.id for program in article.programs}
    mentioned = [
        _reference(article, entity.id) if entity.id in shown_whole else _node(article, entity)
        for entity in article.entities
        if entity.id not in program_ids and entity.kind != "referent"
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
    if isinstance(entity, Person):
        return _person(article, entity)
    if isinstance(entity, Place):
        return _place(article, entity)
    return _named(article, entity)  # (a referent is no schema.org Thing: left out before)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _person(article: Article, person: Person) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Person", "@id": iri(article, person.id)}
    if person.name is not None:
        node["name"] = person.name
    description = person.description
    organization = article.resolve(person.affiliation)
    if organization is not None:
        node["affiliation"] = _reference(article, organization.id)
    if description is not None and article.metadata.author_bio.contains(description):
        # the present-day bio: said as such, and no job title asserted for 2011
        node["description"] = (
            f"{_sentence_case(description.text)}, according to the author "
            "bio captured with the page, a present-day bio rather than one of 2011."
        )
        return node
    if person.role is not None:
        node["jobTitle"] = person.role
    if person.name is None and description is not None:
        node["description"] = _sentence_case(description.text) + "."
    elif person.role is not None and organization is not None:
        node["description"] = f"{_sentence_case(person.role)} at {organization.name}."
    elif person.role is not None:
        node["description"] = _sentence_case(person.role) + "."
    elif organization is not None:
        node["description"] = f"Affiliated with {organization.name}."
    return node


def _named(article: Article, entity: Organization | Program | Referent) -> dict[str, Any]:
    """An organization or a program: its name, aliases and description."""
    node: dict[str, Any] = {
        "@type": NAMED_TYPES[entity.kind],
        "@id": iri(article, entity.id),
        "name": entity.name,
    }
    if isinstance(entity, Organization) and entity.aliases:
        node["alternateName"] = list(entity.aliases)
    if entity.description is not None:
        node["description"] = _sentence_case(entity.description.text) + "."
    return node


def _place(article: Article, place: Place) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": PLACE_TYPES[place.place_type],
        "@id": iri(article, place.id),
        "name": place.name,
    }
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
    return node
