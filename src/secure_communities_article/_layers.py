"""The scored layers, one :class:`Layer` record each: adding a layer is adding a record."""

from __future__ import annotations

import math
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import attrs

from ._describe import COLLECTIONS, describe
from ._errors import DataError, shown

if TYPE_CHECKING:
    from ._article import Article

#: The value read from a prediction whose value has the wrong type: never right.
WRONG: Any = type("Wrong", (), {"__repr__": lambda self: "WRONG"})()
#: Mention forms: ``forms="names"`` keeps what NER tools predict.
FORM_SETS = {"names": ("name", "alias"), "all": ("name", "alias", "nominal", "pronoun")}
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
    read: Callable[[Any, str], Any]  #: (a prediction's value, source) -> comparable, or WRONG
    same: Callable[[Article, Any, Any, bool], bool]  #: (article, gold, read, overlap) -> right?
    accuracy: str = attrs.Factory(lambda self: self.key, takes_self=True)  #: its accuracy's name
    #: the gold record's value, in the prediction's form (by default its field of that name)
    gold: Callable[[Any], Any] = attrs.Factory(lambda self: attrgetter(self.key), takes_self=True)
    categorical: bool = False  #: one of a few values: reported with Cohen's kappa


@attrs.frozen
class Layer:
    """One scored layer: its gold records, labels, attributes and brat types."""

    name: str  #: the layer, and by default the Article collection of its gold records
    label: str | None  #: its one label; None: a mention's entity kind
    brat_types: tuple[str, ...]  #: the types of its brat T lines (read as its label too)
    attributes: tuple[Attribute, ...] = ()
    aliases: str = ""  #: other prediction labels (any case) meaning its label, space-separated
    collection: str = attrs.Factory(lambda self: self.name, takes_self=True)
    forms: str | None = None  #: mention layers: the gold forms scored by default
    cluster: str | None = None  #: coreference: the key naming a prediction's chain
    headline: str = "f1"  #: the figure ``compare`` puts first: "f1", an accuracy, a chain metric
    span: str | None = None  #: the gold records' span field scored, if not their anchor

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels scored, in table order."""
        return KINDS if self.label is None else (self.label,)

    @property
    def label_names(self) -> dict[str, str]:
        """Prediction label (casefolded) -> the label it means."""
        if self.label is None:
            return dict(KIND_ALIASES)
        names = {self.label, self.name, *self.brat_types, *self.aliases.split()}
        names |= set(KIND_ALIASES) if self.cluster else set()
        return {name.casefold(): self.label for name in names}

    @property
    def unit(self) -> str:
        """What its items cluster in, the unit resampled: chains in coreference, else paragraphs."""
        return "chain" if self.cluster else "paragraph"

    @property
    def anchor(self) -> str:
        """The span field of the gold records scored (by default the model's anchor)."""
        base = next(c.base for c in COLLECTIONS if c.name == self.collection)
        field = describe(base).anchor
        assert field is not None, f"{base.__name__} has no anchor span"
        return self.span or field.name


def read_span(value: Any, source: str) -> Any:
    """A span given as {start, end}, [start, end] or a spaCy span: (start, end), or WRONG."""
    if hasattr(value, "start_char") and hasattr(value, "end_char"):
        start, end = value.start_char, value.end_char
    elif isinstance(value, dict):
        start, end = value.get("start"), value.get("end")
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        start, end = value
    else:
        return None if value is None else WRONG
    if type(start) is int and type(end) is int and 0 <= start < end <= len(source):
        return (start, end)
    return WRONG


def _entity(value: Any, source: str) -> Any:
    """An entity: its id or a name (a string), or the span of a mention of it."""
    return value if value is None or isinstance(value, str) else read_span(value, source)


def _string(value: Any, source: str) -> Any:
    return value if value is None or isinstance(value, str) else WRONG


def _lemma(value: Any, source: str) -> Any:
    return " ".join(value.casefold().split()) if isinstance(value, str) else _string(value, source)


def _ids(value: Any, source: str) -> Any:
    """Ids of records (an event's times), in any order."""
    if isinstance(value, list) and len(value) <= 1000 and all(isinstance(v, str) for v in value):
        return tuple(sorted(value))
    return None if value is None else WRONG


def _number(value: Any, source: str) -> Any:
    """A number, or its digits as text ("1,400"); anything else is WRONG."""
    if value is None or not (type(value) in (int, float) or isinstance(value, str)):
        return None if value is None else WRONG
    try:
        return float(value.replace(",", "") if isinstance(value, str) else value)
    except (ValueError, OverflowError):  # not a number, or an integer too large for a float
        return WRONG


def _participants(value: Any, source: str) -> Any:
    """Participants: a list of {role, entity} or {role, start, end}."""
    if not isinstance(value, list) or len(value) > 1000:
        return None if value is None else WRONG
    read = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("role"), str):
            return WRONG
        found = item.get("entity")
        read.append((item["role"], _entity(found, source) if found else read_span(item, source)))
    return tuple(read)


def _same(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    return bool(gold == guess)


def _same_number(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    return guess is not WRONG and guess is not None and math.isclose(gold, guess)


def _same_span(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    if gold is None or guess is None or guess is WRONG:
        return gold is None and guess is None
    return bool(gold == guess or (overlap and gold[0] < guess[1] and guess[0] < gold[1]))


def _same_entity(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    """Is the guess the gold entity (or one of them): its id, a name find() resolves, a mention?"""
    ids = gold if isinstance(gold, tuple) else () if gold is None else (gold,)
    if guess is None or not ids:
        return guess is None and not ids
    if isinstance(guess, str):
        named = article.find(guess) if guess not in ids else ()
        return guess in ids or (len(named) == 1 and named[0].id in ids)
    return guess is not WRONG and any(
        _same_span(article, (span.start, span.end), guess, overlap)
        for entity in ids
        for m in article.mentions_of(entity)
        for span in (m.span, m.name or m.span)
    )


def _same_participants(article: Article, gold: Any, guess: Any, overlap: bool) -> bool:
    if guess is WRONG or len(gold) != len(guess or ()):
        return False
    left = list(guess or ())
    for wanted in gold:
        for n, (role, who) in enumerate(left):
            span = (wanted["start"], wanted["end"])
            if role == wanted["role"] and (
                _same_entity(article, wanted.get("entity"), who, overlap)
                or (not isinstance(who, str) and _same_span(article, span, who, overlap))
            ):
                del left[n]
                break
        else:
            return False
    return True


def _participants_of(event: Any) -> tuple[dict[str, Any], ...]:
    return tuple(
        {"role": p.role, "start": p.span.start, "end": p.span.end}
        | ({"entity": p.entity} if p.entity is not None else {})
        for p in event.participants
    )


ENTITY, TEXT = (_entity, _same_entity), (_string, _same)


def _category(key: str, accuracy: str | None = None) -> Attribute:
    """A value of a few kinds: scored by its accuracy and Cohen's kappa."""
    return Attribute(key, _string, _same, accuracy or key, categorical=True)


CUE = Attribute("cue", read_span, _same_span, gold=lambda r: r.cue and (r.cue.start, r.cue.end))
LINKING, FORM = Attribute("entity", *ENTITY, "linking"), _category("form")
SOURCE = Attribute("source", *ENTITY, gold=lambda r: r.sources)
QUANTITY = (Attribute("value", _number, _same_number), _category("unit"))
PREDICATE = Attribute("predicate", _lemma, _same, gold=lambda event: _lemma(event.predicate, ""))
PARTICIPANTS = Attribute("participants", _participants, _same_participants, gold=_participants_of)
TIMES = Attribute("times", _ids, _same, gold=lambda event: tuple(sorted(event.times)))
TIME = (Attribute("value", *TEXT), _category("kind"), _category("relation"))
STANCE = (Attribute("holder", *ENTITY), Attribute("target", *ENTITY), _category("stance"))
SPEAKER = Attribute("speaker", *ENTITY, "attribution")
QUOTE = (SPEAKER, CUE, _category("kind"), _category("attribution", "attribution_type"))
#: the brat types of mentions (a referent's only in coreference: it has no name)
BRAT_KINDS = ("Person", "Organization", "Place", "Program", "Referent")
#: Every scored layer, in the order the docs list them.
LAYERS: tuple[Layer, ...] = (
    Layer("mentions", None, BRAT_KINDS, (LINKING, FORM), forms="all", span="name"),
    Layer(
        "coreference",
        "mention",
        BRAT_KINDS,
        (FORM,),
        collection="mentions",
        forms="all",
        cluster="cluster",
        headline="conll",
    ),
    Layer("quotes", "quote", ("Quotation",), QUOTE, headline="attribution"),
    Layer("reported_speech", "reported-speech", ("ReportedSpeech",), (SOURCE, CUE)),
    Layer("time_expressions", "time", ("TimeExpression",), TIME, "timex timex3 date"),
    Layer("quantities", "quantity", ("Quantity",), QUANTITY, "number cardinal percent money"),
    Layer("events", "event", ("Event",), (PREDICATE, PARTICIPANTS, _category("status"), TIMES)),
    Layer("stances", "stance", ("Stance",), STANCE),
    Layer("reforms", "reform", ("Reform",)),
)


def spelled(name: str) -> str:
    """A layer's name as LAYERS spell it: ``reported-speech`` is ``reported_speech``."""
    return name.replace("-", "_")


LAYER_NAMES: tuple[str, ...] = tuple(layer.name for layer in LAYERS)


def named(name: Any) -> Layer:
    """The layer of a name in either spelling; LAYERS read when called, so a row added is found."""
    for row in LAYERS:
        if isinstance(name, str) and row.name == spelled(name):
            return row
    names = ", ".join(row.name for row in LAYERS)
    raise DataError.at("layer", f"expected one of {names}; found {shown(name)}")
