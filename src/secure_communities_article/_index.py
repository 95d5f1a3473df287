"""``Article``'s lookup dictionaries: built once, never raising, so broken data can be validated."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
        self.by_name = _names(article, self)
        self.quotes_by = _grouped(article.quotes, lambda q: (q.speaker,))
        self.mentions_of = _grouped(article.mentions, lambda m: (m.entity,))
        self.events_of = _grouped(article.events, lambda e: [p.entity for p in e.participants])
        self.stances_of = _grouped(article.stances, lambda s: (s.holder, s.target))
        self.paragraph_starts = tuple(p.span.start for p in article.paragraphs)
        self.token_starts = tuple(t.span.start for t in article.tokens)


def _grouped(
    records: Iterable[Any], entity_ids: Callable[[Any], Iterable[str | None]]
) -> dict[str, tuple[Any, ...]]:
    """Records grouped by each entity id they name (None left out), in text order, once each."""
    groups: dict[str, list[Any]] = {}
    for record in records:
        for key in dict.fromkeys(entity_ids(record)):
            if key is not None:
                groups.setdefault(key, []).append(record)
    return {key: tuple(records) for key, records in groups.items()}


def _names(article: Any, index: Index) -> dict[str, tuple[Any, ...]]:
    """Casefolded text -> entities: names, aliases, non-pronoun mentions, name tokens."""
    named = [
        (name, e)
        for e in index.entities
        for name in (getattr(e, "name", None), *getattr(e, "aliases", ()))
    ]
    named += [
        (text, index.entities_by_id.get(m.entity))
        for m in article.mentions
        if m.form in NAMING_FORMS
        for text in (m.span.text, m.name and m.name.text)
    ]
    named += [(token, p) for p in article.people for token in (p.name or "").split()]
    names: dict[str, dict[str, Any]] = {}  # name -> {entity id: entity}, first seen first
    for name, entity in named:
        if name and entity is not None:
            names.setdefault(name.casefold(), {}).setdefault(entity.id, entity)
    return {name: tuple(found.values()) for name, found in names.items()}


def entity_id_of(entity: Any) -> str:
    """The id of an entity given as a record or an id; TypeError for anything else."""
    if isinstance(entity, str):
        return entity
    entity_id = getattr(entity, "id", None)
    if isinstance(entity_id, str) and hasattr(entity, "kind"):
        return entity_id
    raise TypeError(f"expected an entity or an entity id (str), found {type(entity).__name__}")
