"""``Article``'s lookup dictionaries: built once, never raising, so broken data can be validated."""

from __future__ import annotations

from typing import Any

#: Mention forms ``find`` matches: a pronoun ("he", "it") says nothing of whom it means.
NAMING_FORMS = frozenset({"name", "alias", "nominal"})


class Index:
    """Lookup tables for one article, private to it: a plain class, as records hold no dicts."""

    __slots__ = (
        "by_name",
        "entities",
        "entities_by_id",
        "events_of",
        "mentions_of",
        "paragraph_starts",
        "quotes_by",
        "records",
        "stances_of",
        "token_starts",
    )

    def __init__(
        self, article: Any, collections: tuple[str, ...], entities: tuple[str, ...]
    ) -> None:
        self.records = {r.id: r for c in collections for r in getattr(article, c)}
        self.entities = tuple(r for c in entities for r in getattr(article, c))
        self.entities_by_id = {e.id: e for e in self.entities}
        self.by_name = _names(article, self.entities, self.entities_by_id)
        self.quotes_by = _grouped((q.speaker, q) for q in article.quotes)
        self.mentions_of = _grouped((m.entity, m) for m in article.mentions)
        self.events_of = _grouped(
            (entity, event)
            for event in article.events
            for entity in dict.fromkeys(p.entity for p in event.participants)
        )
        self.stances_of = _grouped(
            (entity, stance)
            for stance in article.stances
            for entity in dict.fromkeys((stance.holder, stance.target))
        )
        self.paragraph_starts = tuple(p.span.start for p in article.paragraphs)
        self.token_starts = tuple(t.span.start for t in article.tokens)


def _grouped(pairs: Any) -> dict[str, tuple[Any, ...]]:
    """Records grouped by an entity id, in text order; pairs with no id are left out."""
    groups: dict[str, list[Any]] = {}
    for key, record in pairs:
        if key is not None:
            groups.setdefault(key, []).append(record)
    return {key: tuple(records) for key, records in groups.items()}


def _names(
    article: Any, entities: tuple[Any, ...], entities_by_id: dict[str, Any]
) -> dict[str, tuple[Any, ...]]:
    """Casefolded text -> entities: names, aliases, non-pronoun mentions, name tokens."""
    names: dict[str, dict[str, Any]] = {}  # name -> {entity id: entity}, first seen first

    def add(name: str | None, entity: Any) -> None:
        if name:
            names.setdefault(name.casefold(), {}).setdefault(entity.id, entity)

    for entity in entities:
        add(getattr(entity, "name", None), entity)
        for alias in getattr(entity, "aliases", ()):
            add(alias, entity)
    for mention in article.mentions:
        entity = entities_by_id.get(mention.entity)
        if entity is not None and mention.form in NAMING_FORMS:
            add(mention.span.text, entity)
            add(mention.name and mention.name.text, entity)
    for person in article.people:
        for token in (person.name or "").split():
            add(token, person)
    return {name: tuple(found.values()) for name, found in names.items()}


def entity_id_of(entity: Any) -> str:
    """The id of an entity given as a record or an id; TypeError for anything else."""
    if isinstance(entity, str):
        return entity
    entity_id = getattr(entity, "id", None)
    if isinstance(entity_id, str) and hasattr(entity, "kind"):
        return entity_id
    raise TypeError(f"expected an entity or an entity id (str), found {type(entity).__name__}")
