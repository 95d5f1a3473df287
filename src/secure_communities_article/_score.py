"""Score an extractor's predictions against the article's gold annotations.

``score(predictions, layer)`` matches predicted spans to the gold records of one layer,
one to one, and returns a :class:`Score`: precision, recall and F1, overall and per
label; the matched, spurious and missed items themselves; and, where the layer has
one, the accuracy of the value reported beside the span (a quotation's speaker, a time
expression's or a number's normalized value, an event's predicate) over the matches.

The gold records of a layer are an Article collection, anchored by the span field the
model's description names (``describe(cls).anchor``), so the scorer holds no second
copy of the model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ._describe import COLLECTIONS, describe
from ._errors import DataError
from ._text import aligned, number

if TYPE_CHECKING:
    from ._article import Article

Layer = Literal["mentions", "quotes", "time_expressions", "quantities", "events"]
MatchMode = Literal["exact", "overlap"]

#: The layers the scorer knows, in the order the docs list them.
LAYERS: tuple[str, ...] = ("mentions", "quotes", "time_expressions", "quantities", "events")
#: The entity kinds, the labels of the mentions layer, in table order.
KINDS: tuple[str, ...] = ("person", "organization", "place", "program")
#: Mention forms: ``forms="names"`` (the default) keeps what NER tools predict.
FORM_SETS: dict[str, tuple[str, ...]] = {
    "names": ("name", "alias"),
    "all": ("name", "alias", "nominal", "pronoun"),
}
#: Prediction labels read as entity kinds (any case): ours, and spaCy's OntoNotes names.
LABEL_ALIASES: dict[str, str] = {
    "person": "person",
    "per": "person",
    "organization": "organization",
    "organisation": "organization",
    "org": "organization",
    "place": "place",
    "location": "place",
    "loc": "place",
    "gpe": "place",
    "program": "program",
    "programme": "program",
}


@attrs.frozen
class Item:
    """One gold or predicted item: its span of the source, label and reported value."""

    start: int  #: offset of the first character (code points)
    end: int  #: offset just past the last character
    text: str  #: ``source[start:end]``
    label: str  #: entity kind for mentions; the layer's single label otherwise
    id: str | None = None  #: the gold record's id; None for a prediction
    value: str | None = None  #: the entity, speaker, normalized value or predicate, if any

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return attrs.asdict(self)


@attrs.frozen
class Match:
    """A gold item and the prediction matched to it."""

    gold: Item
    predicted: Item

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {"gold": self.gold.to_dict(), "predicted": self.predicted.to_dict()}


@attrs.frozen
class LabelScore:
    """Precision, recall and F1 for one label."""

    label: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        """Matched predictions / predictions (0.0 when there are none)."""
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        """Matched gold items / gold items (0.0 when there are none)."""
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0.0 when both are 0)."""
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, the three rates included."""
        return {
            **attrs.asdict(self),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@attrs.frozen
class Accuracy:
    """How often the value reported beside a matched span is right."""

    name: str  #: "attribution", "value" or "predicate"
    correct: int
    total: int  #: the matched items
    wrong: tuple[Match, ...]  #: the matches whose value is wrong

    @property
    def accuracy(self) -> float:
        """correct / total (0.0 when nothing matched)."""
        return _ratio(self.correct, self.total)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "name": self.name,
            "correct": self.correct,
            "total": self.total,
            "accuracy": self.accuracy,
            "wrong": [m.to_dict() for m in self.wrong],
        }


@attrs.frozen
class Score:
    """The score of one layer's predictions: printed, a table; ``to_dict()``, JSON data."""

    layer: str
    match: str  #: "exact" or "overlap"
    forms: tuple[str, ...]  #: the gold mention forms scored (mentions only; else ())
    true_positives: tuple[Match, ...]
    false_positives: tuple[Item, ...]  #: predictions matched to no gold item
    false_negatives: tuple[Item, ...]  #: gold items no prediction matched
    by_label: tuple[LabelScore, ...]  #: one per label, in table order
    #: quotes: right speakers among matched quotations
    attribution: Accuracy | None = None
    #: time expressions and quantities: right normalized values among matches
    values: Accuracy | None = None
    #: events: right predicates among matched triggers
    predicates: Accuracy | None = None

    @property
    def precision(self) -> float:
        """Matched predictions / predictions (0.0 when there are none)."""
        tp = len(self.true_positives)
        return _ratio(tp, tp + len(self.false_positives))

    @property
    def recall(self) -> float:
        """Matched gold items / gold items (0.0 when there are none)."""
        tp = len(self.true_positives)
        return _ratio(tp, tp + len(self.false_negatives))

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0.0 when both are 0)."""
        return _f1(self.precision, self.recall)

    @property
    def accuracy(self) -> Accuracy | None:
        """The layer's separately reported accuracy, whichever it is."""
        return self.attribution or self.values or self.predicates

    def label(self, name: str) -> LabelScore:
        """The scores of one label; KeyError if the label occurs in neither side."""
        for scores in self.by_label:
            if scores.label == name:
                return scores
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the rates, the counts and every item."""
        accuracy = self.accuracy
        return {
            "layer": self.layer,
            "match": self.match,
            "forms": list(self.forms),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "counts": {
                "true_positives": len(self.true_positives),
                "false_positives": len(self.false_positives),
                "false_negatives": len(self.false_negatives),
            },
            "by_label": [s.to_dict() for s in self.by_label],
            "accuracy": accuracy.to_dict() if accuracy is not None else None,
            "true_positives": [m.to_dict() for m in self.true_positives],
            "false_positives": [i.to_dict() for i in self.false_positives],
            "false_negatives": [i.to_dict() for i in self.false_negatives],
        }

    def __str__(self) -> str:
        return _table(self)


# --- the layers -----------------------------------------------------------------------


@attrs.frozen
class _LayerSpec:
    """What the scorer needs of a layer beyond the model's description."""

    label: Callable[[Article, Any], str]  #: a gold record's label
    value: Callable[[Any], str | None]  #: a gold record's reported value, as shown
    accuracy: str | None  #: the name of the separately reported accuracy


def _mention_label(article: Article, mention: Any) -> str:
    kind: str = article.entity(mention.entity).kind
    return kind


def _shown_value(value: str | float | None) -> str | None:
    """A normalized value as shown: a number without a needless ".0"."""
    if isinstance(value, float):
        return number(value)
    return value


_SPECS: dict[str, _LayerSpec] = {
    "mentions": _LayerSpec(_mention_label, lambda m: m.entity, None),
    "quotes": _LayerSpec(lambda a, q: "quote", lambda q: q.speaker, "attribution"),
    "time_expressions": _LayerSpec(lambda a, t: "time", lambda t: _shown_value(t.value), "value"),
    "quantities": _LayerSpec(lambda a, q: "quantity", lambda q: _shown_value(q.value), "value"),
    "events": _LayerSpec(lambda a, e: "event", lambda e: e.predicate, "predicate"),
}


def gold_items(
    article: Article, layer: str, forms: tuple[str, ...] = FORM_SETS["names"]
) -> tuple[Item, ...]:
    """The gold items of a layer, in text order (mentions: of the given forms only).

    A layer is the Article collection of that name; each record's span is the field
    the model's description names as its anchor.
    """
    spec = _SPECS[_layer(layer)]
    collection = next(f for f in COLLECTIONS if f.name == layer)
    anchor = describe(collection.base).anchor
    assert anchor is not None, f"{collection.base.__name__} has no anchor span"
    records = getattr(article, layer)
    if layer == "mentions":
        records = tuple(m for m in records if m.form in forms)
    items = []
    for record in records:
        span = getattr(record, anchor.name)
        items.append(
            Item(
                span.start,
                span.end,
                span.text,
                spec.label(article, record),
                record.id,
                spec.value(record),
            )
        )
    return tuple(sorted(items, key=lambda i: (i.start, i.end)))


# --- scoring -----------------------------------------------------------------------------


def score(
    predictions: Any,
    layer: str,
    *,
    match: str = "exact",
    forms: str | Iterable[str] = "names",
    article: Article | None = None,
) -> Score:
    """Score predictions for one layer against the gold annotations.

    ``layer`` is ``"mentions"``, ``"quotes"``, ``"time_expressions"``, ``"quantities"``
    or ``"events"``.  ``predictions`` is an iterable of mappings (``start``, ``end``,
    ``label`` for mentions; ``speaker`` for quotes; ``value`` or ``predicate``), of
    tuples in that order, or of text-anchored mappings (``text`` and ``occurrence``,
    counted from 1, in place of the offsets); a path to a brat ``.ann`` file or to a
    ``.json``/``.jsonl`` file of such items; a spaCy ``Doc`` or its spans.

    ``match="exact"`` pairs identical spans (with the same label); ``"overlap"`` pairs
    spans that share a character, as many pairs as possible.  Both are one to one.
    ``forms`` picks the gold mentions: ``"names"`` (names and aliases, what NER tools
    predict; the default), ``"all"``, or a collection of forms.  A prediction that is
    not anchored to the source raises :class:`DataError` naming it.
    """
    from ._load import load

    layer = _layer(layer)
    if match not in ("exact", "overlap"):
        raise DataError.at("match", f"expected 'exact' or 'overlap', found {_shown(match)}")
    chosen = _forms(forms) if layer == "mentions" else ()
    article = article if article is not None else load()
    gold = gold_items(article, layer, chosen)
    from ._predictions import read_predictions

    predicted = read_predictions(predictions, layer, article)
    pairs = _pairs(gold, [p.item for p in predicted], match)
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    true_positives = tuple(Match(gold[g], predicted[p].item) for g, p in sorted(pairs))
    false_positives = tuple(p.item for n, p in enumerate(predicted) if n not in matched_predicted)
    false_negatives = tuple(g for n, g in enumerate(gold) if n not in matched_gold)
    accuracy = _accuracy(article, layer, pairs, gold, predicted, match)
    return Score(
        layer=layer,
        match=match,
        forms=chosen,
        true_positives=true_positives,
        false_positives=false_positives,
        false_negatives=false_negatives,
        by_label=_by_label(true_positives, false_positives, false_negatives),
        attribution=accuracy if layer == "quotes" else None,
        values=accuracy if layer in ("time_expressions", "quantities") else None,
        predicates=accuracy if layer == "events" else None,
    )


def _layer(layer: Any) -> str:
    if layer not in LAYERS:
        raise DataError.at("layer", f"expected one of {', '.join(LAYERS)}; found {_shown(layer)}")
    return str(layer)


def _forms(forms: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(forms, str):
        if forms in FORM_SETS:
            return FORM_SETS[forms]
        forms = (forms,)
    chosen = tuple(forms)
    allowed = FORM_SETS["all"]
    unknown = [f for f in chosen if f not in allowed]
    if unknown or not chosen:
        raise DataError.at(
            "forms",
            f"expected 'names', 'all' or forms among {', '.join(allowed)}; "
            f"found {_shown(unknown[0] if unknown else chosen)}",
        )
    return tuple(f for f in allowed if f in chosen)


def _pairs(gold: tuple[Item, ...], predicted: list[Item], match: str) -> set[tuple[int, int]]:
    """A maximum one-to-one matching of gold to predicted items, as (gold, predicted) pairs.

    Exact: identical (start, end, label).  Overlap: any shared character with the same
    label; Kuhn's augmenting paths give the largest number of pairs, and trying each
    gold item's candidates from the largest overlap down (exact spans first) makes the
    pairing prefer closer spans among matchings of that size.
    """
    candidates: list[list[int]] = []
    for g in gold:
        if match == "exact":
            found = [
                n
                for n, p in enumerate(predicted)
                if (p.start, p.end, p.label) == (g.start, g.end, g.label)
            ]
        else:
            found = [
                n
                for n, p in enumerate(predicted)
                if p.label == g.label and p.start < g.end and g.start < p.end
            ]
            found.sort(key=lambda n: (-_shared(g, predicted[n]), _distance(g, predicted[n]), n))
        candidates.append(found)
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for n in candidates[g]:
            if n in seen:
                continue
            seen.add(n)
            if n not in owner or augment(owner[n], seen):
                owner[n] = g
                return True
        return False

    for index in range(len(gold)):
        augment(index, set())
    return {(g, n) for n, g in owner.items()}


def _shared(a: Item, b: Item) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _distance(a: Item, b: Item) -> int:
    return abs(a.start - b.start) + abs(a.end - b.end)


def _accuracy(
    article: Article,
    layer: str,
    pairs: set[tuple[int, int]],
    gold: tuple[Item, ...],
    predicted: list[Any],
    match: str,
) -> Accuracy | None:
    spec = _SPECS[layer]
    if spec.accuracy is None:
        return None
    records = {r.id: r for r in getattr(article, layer)}
    wrong = []
    for g, p in sorted(pairs):
        record = records[gold[g].id]
        guess = predicted[p].value
        if layer == "quotes":
            right = _speaker_right(article, record.speaker, guess, match)
        elif layer == "time_expressions":
            right = guess == record.value
        elif layer == "quantities":
            right = guess is not None and math.isclose(float(guess), record.value)
        else:
            right = guess is not None and _lemma(guess) == _lemma(record.predicate)
        if not right:
            wrong.append(Match(gold[g], predicted[p].item))
    return Accuracy(spec.accuracy, len(pairs) - len(wrong), len(pairs), tuple(wrong))


def _lemma(predicate: str) -> str:
    return " ".join(predicate.casefold().split())


def _speaker_right(article: Article, gold: str | None, guess: Any, match: str) -> bool:
    """Is the predicted speaker the gold one?  An unattributed gold quote wants none."""
    if guess is None or gold is None:
        return guess is None and gold is None
    if isinstance(guess, str):
        if guess == gold:
            return True
        named = article.find(guess)
        return len(named) == 1 and named[0].id == gold
    start, end = guess
    for mention in article.mentions_of(gold):
        span = mention.span
        if (span.start, span.end) == (start, end) or (
            match == "overlap" and span.start < end and start < span.end
        ):
            return True
    return False


def _by_label(
    true_positives: tuple[Match, ...],
    false_positives: tuple[Item, ...],
    false_negatives: tuple[Item, ...],
) -> tuple[LabelScore, ...]:
    labels = {m.gold.label for m in true_positives}
    labels |= {i.label for i in false_positives} | {i.label for i in false_negatives}
    order = {kind: n for n, kind in enumerate(KINDS)}
    return tuple(
        LabelScore(
            label,
            sum(1 for m in true_positives if m.gold.label == label),
            sum(1 for i in false_positives if i.label == label),
            sum(1 for i in false_negatives if i.label == label),
        )
        for label in sorted(labels, key=lambda name: (order.get(name, len(order)), name))
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def _shown(value: Any) -> str:
    """A value for an error message: a short repr, control characters escaped."""
    if isinstance(value, (list, dict, tuple, set)):
        return f"a {type(value).__name__}"
    text = repr(value[:40] if isinstance(value, str) else value)
    return text if len(text) <= 44 else text[:41] + "..."


# --- the printed table ------------------------------------------------------------------------


def _table(result: Score) -> str:
    heading = f"{result.layer}, {result.match} match"
    if result.forms:
        heading += f", gold forms: {', '.join(result.forms)}"
    rows: list[list[Any]] = [
        [s.label, *_rates(s), s.true_positives, s.false_positives, s.false_negatives]
        for s in result.by_label
    ]
    counts = (result.true_positives, result.false_positives, result.false_negatives)
    rows.append(["all", *_rates(result), *(len(c) for c in counts)])
    header = ("label", "precision", "recall", "f1", "tp", "fp", "fn")
    lines = [heading, "", aligned(header, rows)]
    accuracy = result.accuracy
    if accuracy is not None:
        lines += [
            "",
            f"{accuracy.name} accuracy over matches: {accuracy.correct}/{accuracy.total}"
            f" = {_rate(accuracy.accuracy)}",
        ]
        lines += [
            f"  wrong: {_where(m.gold)} gold {m.gold.value!r}, predicted {m.predicted.value!r}"
            for m in accuracy.wrong
        ]
    if result.false_negatives:
        lines += ["", "missed (false negatives):"]
        lines += [f"  {_where(i)}" for i in result.false_negatives]
    if result.false_positives:
        lines += ["", "spurious (false positives):"]
        lines += [f"  {_where(i)}" for i in result.false_positives]
    return "\n".join(lines)


def _rates(scores: Score | LabelScore) -> list[str]:
    return [_rate(scores.precision), _rate(scores.recall), _rate(scores.f1)]


def _rate(value: float) -> str:
    return f"{value:.3f}"


def _where(item: Item) -> str:
    text = " ".join(item.text.split())
    if len(text) > 50:
        text = text[:47] + "..."
    return f"{item.start}-{item.end} {item.label} {text!r}"
