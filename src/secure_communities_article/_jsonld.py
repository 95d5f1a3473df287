"""The article as schema.org JSON-LD: a ``NewsArticle`` with its people, places and program.

Every value comes from the model; nodes the text does not give a web address for are
blank nodes (``_:entity-id``), so no identifier is coined under someone else's domain.
Places carry their US Census FIPS codes and USPS codes as ``PropertyValue`` identifiers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Article, Entity, Organization, Person, Place, Program, Span

SCHEMA_ORG_CONTEXT = "https://schema.org"

#: schema.org type of each kind of place in the model.
PLACE_TYPES = {
    "state": "State",
    "city": "City",
    "district": "AdministrativeArea",
    "country": "Country",
}


def to_jsonld(article: Article) -> dict[str, Any]:
    """A schema.org ``NewsArticle`` describing the article, as JSON-LD data."""
    author, publisher = article.author, article.publisher
    shown_whole = {author.id, publisher.id}
    program_ids = {program.id for program in article.programs}
    mentioned = [
        _reference(entity) if entity.id in shown_whole else _node(entity)
        for entity in article.entities
        if entity.id not in program_ids
    ]
    return {
        "@context": SCHEMA_ORG_CONTEXT,
        "@type": "NewsArticle",
        "@id": article.url,
        "url": article.url,
        "headline": article.headline,
        "author": _node(author),
        "publisher": _node(publisher),
        "datePublished": article.published.isoformat(),
        "articleSection": article.metadata.section,
        "inLanguage": article.metadata.language,
        "articleBody": article.body,
        "wordCount": word_count(article.body),
        "copyrightHolder": _reference(publisher),
        "copyrightYear": article.published.year,
        "copyrightNotice": article.metadata.rights,
        "about": [_node(program) for program in article.programs],
        "mentions": mentioned,
    }


def word_count(text: str) -> int:
    """Whitespace-separated words that hold a letter or digit (a dash alone is no word)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def _reference(entity: Entity) -> dict[str, Any]:
    return {"@id": f"_:{entity.id}"}


def _node(entity: Entity) -> dict[str, Any]:
    from ._model import Organization, Person, Place

    if isinstance(entity, Person):
        return _person(entity)
    if isinstance(entity, Organization):
        return _organization(entity)
    if isinstance(entity, Place):
        return _place(entity)
    return _program(entity)


def _described(node: dict[str, Any], description: Span | None) -> dict[str, Any]:
    if description is not None:
        node["description"] = description.text
    return node


def _person(person: Person) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Person", "@id": f"_:{person.id}"}
    if person.name is not None:
        node["name"] = person.name
    if person.role is not None:
        node["jobTitle"] = person.role
    if person.affiliation is not None:
        node["affiliation"] = {"@id": f"_:{person.affiliation}"}
    return _described(node, person.description)


def _organization(organization: Organization) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Organization",
        "@id": f"_:{organization.id}",
        "name": organization.name,
    }
    if organization.aliases:
        node["alternateName"] = list(organization.aliases)
    return _described(node, organization.description)


def _program(program: Program) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "GovernmentService",
        "@id": f"_:{program.id}",
        "name": program.name,
    }
    return _described(node, program.description)


def _place(place: Place) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": PLACE_TYPES[place.place_type],
        "@id": f"_:{place.id}",
        "name": place.name,
    }
    identifiers = []
    if place.fips_code is not None:
        identifiers.append(
            {
                "@type": "PropertyValue",
                "propertyID": "FIPS",
                "name": "US Census Bureau FIPS code",
                "value": place.fips_code,
            }
        )
    if place.state_postal_code is not None and place.place_type in ("state", "district"):
        identifiers.append(
            {
                "@type": "PropertyValue",
                "propertyID": "USPS",
                "name": "USPS state abbreviation",
                "value": place.state_postal_code,
            }
        )
    elif place.state_postal_code is not None:  # a city: the code is its state's
        node["address"] = {"@type": "PostalAddress", "addressRegion": place.state_postal_code}
    if identifiers:
        node["identifier"] = identifiers
    if place.within is not None:
        node["containedInPlace"] = {"@id": f"_:{place.within}"}
    return node
