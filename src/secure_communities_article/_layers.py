"""The scored layers: one record each, read by the scorer, the prediction readers and the docs.

A :class:`Layer` says which Article collection it scores and by which span, which
labels it scores (and which prediction labels mean them), and the values reported
beside a span (:class:`Attribute`): how a prediction's value is read, the gold value,
how two compare and the name of their accuracy.  Adding a layer is adding a record.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ._describe import COLLECTIONS, describe

if TYPE_CHECKING:
    from ._model import Article

#: The value read from a prediction whose value has the wrong type: never right.
WRONG: Any = type("Wrong", (), {"__repr__": lambda self: "WRONG"})()
#: Mention forms: ``forms="names"`` keeps what NER tools predict.
FORM_SETS: dict[str, tuple[str, ...]] = {
    "names": ("name", "alias"),
    "all": ("name", "alias", "nominal", "pronoun"),
}
KINDS = ("person", "organization", "place", "program")
#: Prediction labels (any case) read as entity kinds: ours, brat's and spaCy's OntoNotes names.
KIND_ALIASES = {
    **{kind: kind for kind in KINDS},
    **{"per": "person", "org": "organization", "organisation": "organization"},
    **{"location": "place", "loc": "place", "gpe": "place", "programme": "program"},
}


@attrs.frozen
class Attribute:
    """A value reported beside a span, scored over the matched items as an accuracy."""

    key: str  #: the prediction's key
    accuracy: str  #: the name of its accuracy
    gold: Callable[[Any], Any]  #: the gold record's value, in the prediction's form
    read: Callable[
        [Any, str], Any
    ]  #: a prediction's value (and the source) -> comparable, or WRONG
    same: Callable[[Article, Any, Any, bool], bool]  #: (article, gold, read, overlap) -> right?


@attrs.frozen
class Layer:
    """One scored layer: its gold records, labels, attributes and brat types."""

    name: str
    collection: str  #: the Article collection holding its gold records
    labels: tuple[str, ...]  #: the labels scored, in table order
    aliases: tuple[tuple[str, str], ...]  #: prediction label (casefolded) -> label
    gold_label: Callable[[Article, Any], str]  #: a gold record's label
    attributes: tuple[Attribute, ...] = ()
    brat_types: tuple[str, ...] = ()  #: the brat types of its T lines
    default_forms: str | None = None  #: mentions: the gold forms scored by default
    cluster: str | None = None  #: coreference: the key naming a prediction's chain

    @property
    def anchor(self) -> str:
        """The span field of the gold records (the model's description names it)."""
        base = next(c.base for c in COLLECTIONS if c.name == self.collection)
        field = describe(base).anchor
        assert field is not None, f"{base.__name__} has no anchor span"
        return field.name

    def label_of(self, label: Any) -> str | None:
        """The scored label a prediction's label means; None when it is not this layer's."""
        if label is None:
            return self.labels[0] if len(self.labels) == 1 else None
        return dict(self.aliases).get(label.casefold()) if isinstance(label, str) else None


# --- reading a prediction's value -------------------------------------------------------------


def _span(value: Any, source: str) -> Any:
    """A span given as {start, end}, [start, end] or a spaCy span: (start, end), or WRONG."""
    if hasattr(value, "start_char") and hasattr(value, "end_char"):
        pair: Any = (value.start_char, value.end_char)
    elif isinstance(value, dict):
        pair = (value.get("start"), value.get("end"))
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        pair = tuple(value)
    else:
        return WRONG
    start, end = pair
    if type(start) is int and type(end) is int and 0 <= start < end <= len(source):
        return (start, end)
    return WRONG


def _optional_span(value: Any, source: str) -> Any:
    return None if value is None else _span(value, source)


def _entity(value: Any, source: str) -> Any:
    """An entity: its id or a name (a string), or the span of a mention of it."""
    return value if value is None or isinstance(value, str) else _span(value, source)


def _string(value: Any, source: str) -> Any:
    return value if value is None or isinstance(value, str) else WRONG


def _lemma(value: Any, source: str) -> Any:
    return " ".join(value.casefold().split()) if isinstance(value, str) else _string(value, source)


def _number(value: Any, source: str) -> Any:
    """A number, or its digits as text ("1,400"); anything else is WRONG."""
    if isinstance(value, str) and len(value) < 100:
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            return WRONG
    if type(value) is int or type(value) is float:
        try:
            return float(value)
        except OverflowError:
            return WRONG
    return None if value is None else WRONG


def _participants(value: Any, source: str) -> Any:
    """Participants: a list of {role, entity} or {role, start, end}."""
    if not isinstance(value, list) or len(value) > 1000:
        return None if value is None else WRONG
    read = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("role"), str):
            return WRONG
        found = item.get("entity")
        read.append((item["role"], _entity(found, source) if found else _span(item, source)))
    return tuple(read)


# --- comparing two values ----------------------------------------------------------------------


def _same(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    return bool(gold == guess)


def _same_lemma(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    return gold is None if guess is None else _lemma(gold, "") == guess


def _same_number(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    return guess is not WRONG and guess is not None and math.isclose(gold, guess)


def _same_span(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    if gold is None or guess is None or guess is WRONG:
        return gold is None and guess is None
    start, end = guess
    return (gold["start"], gold["end"]) == (start, end) or (
        overlap and gold["start"] < end and start < gold["end"]
    )


def _same_entity(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    """Is the guess the gold entity (or one of them): its id, a name find() resolves, a mention?"""
    ids = gold if isinstance(gold, tuple) else () if gold is None else (gold,)
    if guess is None or not ids:
        return guess is None and not ids
    if isinstance(guess, str):
        named = article.find(guess) if guess not in ids else ()
        return guess in ids or (len(named) == 1 and named[0].id in ids)
    return guess is not WRONG and any(
        _same_span(article, {"start": m.span.start, "end": m.span.end}, guess, overlap)
        for entity in ids
        for m in article.mentions_of(entity)
    )


def _same_participants(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    if guess is WRONG or len(gold) != len(guess or ()):
        return False
    left = list(guess or ())
    for wanted in gold:
        for n, (role, who) in enumerate(left):
            span = {"start": wanted["start"], "end": wanted["end"]}
            if role == wanted["role"] and (
                _same_entity(article, wanted.get("entity"), who, overlap)
                or (not isinstance(who, str) and _same_span(article, span, who, overlap))
            ):
                del left[n]
                break
        else:
            return False
    return True


# --- the gold values, in the prediction's form ---------------------------------------------------


def _where(span: Any) -> dict[str, int] | None:
    return None if span is None else {"start": span.start, "end": span.end}


def _participant(p: Any) -> dict[str, Any]:
    found = {"role": p.role, "start": p.span.start, "end": p.span.end}
    return {**found, "entity": p.entity} if p.entity is not None else found


def _kind(article: Article, record: Any) -> str:
    kind: str = article.entity(record.entity).kind
    return kind


def _aliases(label: str, *others: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, label) for name in (label, *others))


def _one(label: str) -> Callable[[Article, Any], str]:
    return lambda article, record: label


#: Every scored layer, in the order the docs list them.
LAYERS: tuple[Layer, ...] = (
    Layer(
        "mentions",
        "mentions",
        KINDS,
        tuple(KIND_ALIASES.items()),
        _kind,
        (Attribute("entity", "linking", lambda m: m.entity, _entity, _same_entity),),
        ("Person", "Organization", "Place", "Program"),
        default_forms="names",
    ),
    Layer(
        "coreference",
        "mentions",
        ("mention",),
        (*_aliases("mention", "coreference", "mentions"), *((k, "mention") for k in KIND_ALIASES)),
        _one("mention"),
        brat_types=("Person", "Organization", "Place", "Program"),
        default_forms="all",
        cluster="cluster",
    ),
    Layer(
        "quotes",
        "quotes",
        ("quote",),
        _aliases("quote", "quotation", "quotes"),
        _one("quote"),
        (
            Attribute("speaker", "attribution", lambda q: q.speaker, _entity, _same_entity),
            Attribute("cue", "cue", lambda q: _where(q.cue), _optional_span, _same_span),
        ),
        ("Quotation",),
    ),
    Layer(
        "reported_speech",
        "reported_speech",
        ("reported-speech",),
        _aliases("reported-speech", "reported_speech", "reportedspeech"),
        _one("reported-speech"),
        (
            Attribute("source", "source", lambda r: r.sources, _entity, _same_entity),
            Attribute("cue", "cue", lambda r: _where(r.cue), _optional_span, _same_span),
        ),
        ("ReportedSpeech",),
    ),
    Layer(
        "time_expressions",
        "time_expressions",
        ("time",),
        _aliases("time", "time_expressions", "timeexpression", "timex", "timex3", "date"),
        _one("time"),
        (
            Attribute("value", "value", lambda t: t.value, _string, _same),
            Attribute("kind", "kind", lambda t: t.kind, _string, _same),
        ),
        ("TimeExpression",),
    ),
    Layer(
        "quantities",
        "quantities",
        ("quantity",),
        _aliases("quantity", "quantities", "number", "cardinal", "percent", "money"),
        _one("quantity"),
        (Attribute("value", "value", lambda q: q.value, _number, _same_number),),
        ("Quantity",),
    ),
    Layer(
        "events",
        "events",
        ("event",),
        _aliases("event", "events"),
        _one("event"),
        (
            Attribute("predicate", "predicate", lambda e: e.predicate, _lemma, _same_lemma),
            Attribute(
                "participants",
                "participants",
                lambda e: tuple(_participant(p) for p in e.participants),
                _participants,
                _same_participants,
            ),
        ),
        ("Event",),
    ),
    Layer(
        "stances",
        "stances",
        ("stance",),
        _aliases("stance", "stances"),
        _one("stance"),
        (
            Attribute("holder", "holder", lambda s: s.holder, _entity, _same_entity),
            Attribute("target", "target", lambda s: s.target, _entity, _same_entity),
            Attribute("stance", "stance", lambda s: s.stance, _string, _same),
        ),
        ("Stance",),
    ),
    Layer(
        "reforms",
        "reforms",
        ("reform",),
        _aliases("reform", "reforms"),
        _one("reform"),
        brat_types=("Reform",),
    ),
)
LAYER_NAMES: tuple[str, ...] = tuple(layer.name for layer in LAYERS)


def layer_named(name: Any) -> Layer:
    """The layer of that name; KeyError otherwise."""
    for layer in LAYERS:
        if layer.name == name:
            return layer
    raise KeyError(name)
