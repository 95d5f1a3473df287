"""Score an extractor's predictions against the article's gold annotations.

``score(predictions, layer)`` pairs predicted spans with one layer's gold records (:data:`LAYERS`),
one to one, and returns a :class:`Score`: precision, recall and F1 with a bootstrap interval,
per label and macro-averaged; the matched, spurious, missed and ignored items; each reported
value's accuracy; the SemEval-2013 task 9.1 schemas, label confusion and, for coreference, the
CoNLL-2012 reference scorer's metrics.  ``compare(a, b, layer)`` tests two systems' difference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from . import _spans
from ._coref import Metric, coreference
from ._errors import DataError, shown
from ._layers import FORM_SETS, LAYER_NAMES, LAYERS, LAYERS_BY_NAME, WRONG, Layer
from ._load import load
from ._predictions import Item, Predicted, read_predictions, show
from ._spans import Schema, harmonic, ratio
from ._stats import Interval, bootstrap, paired_bootstrap
from ._text import aligned

if TYPE_CHECKING:
    from ._article import Article

Gold = list[tuple[Item, Any]]  #: gold items with their records, in text order
__all__ = ["FORM_SETS", "LAYERS", "LAYER_NAMES", "Item", "Score", "compare", "score"]


@attrs.frozen
class Match:
    """A gold item and the prediction matched to it."""

    gold: Item
    predicted: Item

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {"gold": self.gold.to_dict(), "predicted": self.predicted.to_dict()}


class _Rates:
    """Precision, recall and F1 from the counts of matched, spurious and missed items."""

    __slots__ = ()

    def counts(self) -> tuple[int, int, int]:
        """True positives, false positives, false negatives."""
        raise NotImplementedError

    @property
    def precision(self) -> float:
        """Matched predictions / predictions (0.0 when there are none)."""
        tp, fp, _ = self.counts()
        return ratio(tp, tp + fp)

    @property
    def recall(self) -> float:
        """Matched gold items / gold items (0.0 when there are none)."""
        tp, _, fn = self.counts()
        return ratio(tp, tp + fn)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0.0 when both are 0)."""
        return harmonic(self.precision, self.recall)


@attrs.frozen
class LabelScore(_Rates):
    """Precision, recall and F1 for one label."""

    label: str
    true_positives: int
    false_positives: int
    false_negatives: int

    def counts(self) -> tuple[int, int, int]:
        return self.true_positives, self.false_positives, self.false_negatives

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, the three rates included."""
        return attrs.asdict(self) | _rates(self)


@attrs.frozen
class Accuracy(_Rates):
    """How often a value reported beside a matched span is right (and, as TempEval-3
    reports attributes, right values over predictions and over gold items as rates)."""

    name: str  #: "linking", "attribution", "value", "predicate"...
    key: str  #: the prediction's key
    correct: int
    total: int  #: the matched items
    wrong: tuple[Match, ...]  #: the matches whose value is wrong
    predicted: int  #: all scored predictions
    gold: int  #: all gold items

    @property
    def accuracy(self) -> float:
        """correct / total (0.0 when nothing matched)."""
        return ratio(self.correct, self.total)

    def counts(self) -> tuple[int, int, int]:
        return self.correct, self.predicted - self.correct, self.gold - self.correct

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        wrong = [m.to_dict() for m in self.wrong]
        found = attrs.asdict(self, recurse=False) | {"wrong": wrong, "accuracy": self.accuracy}
        return found | _rates(self)


@attrs.frozen
class Score(_Rates):
    """The score of one layer's predictions: printed, a table; ``to_dict()``, JSON data."""

    layer: str
    match: str  #: "exact" or "overlap"
    forms: tuple[str, ...]  #: the gold mention forms scored (mention layers; else ())
    true_positives: tuple[Match, ...]
    false_positives: tuple[Item, ...]  #: predictions matched to no gold item
    false_negatives: tuple[Item, ...]  #: gold items no prediction matched
    by_label: tuple[LabelScore, ...]  #: one per label, in table order
    accuracies: tuple[Accuracy, ...]  #: one per value some prediction gives beside its span
    ignored: tuple[tuple[str, int], ...]  #: predictions with labels not the layer's, by label
    interval: Interval  #: the bootstrap interval of the F1
    schemas: tuple[Schema, ...]  #: strict, exact, partial, ent_type
    confusion: tuple[tuple[str, str, int], ...]  #: (gold label, predicted label, count)
    coreference: tuple[Metric, ...] = ()  #: muc, bcub, ceafm, ceafe, blanc, lea, conll

    def counts(self) -> tuple[int, int, int]:
        return len(self.true_positives), len(self.false_positives), len(self.false_negatives)

    @property
    def macro(self) -> dict[str, float]:
        """Precision, recall and F1 averaged over the labels (each label counts alike)."""
        rates = [(s.precision, s.recall, s.f1) for s in self.by_label] or [(0.0, 0.0, 0.0)]
        means = [sum(column) / len(rates) for column in zip(*rates, strict=True)]
        return dict(zip(("precision", "recall", "f1"), means, strict=True))

    @property
    def accuracy(self) -> Accuracy | None:
        """The accuracy of the layer's first reported value (None if it has none)."""
        return self.accuracies[0] if self.accuracies else None

    def label(self, name: str) -> LabelScore:
        """The scores of one label; KeyError if the label occurs in neither side."""
        return {s.label: s for s in self.by_label}[name]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the rates, the counts and every item."""
        names = ("true_positives", "false_positives", "false_negatives")
        return {
            "layer": self.layer,
            "match": self.match,
            "forms": list(self.forms),
            **_rates(self),
            "interval": self.interval.to_dict(),
            "micro": _rates(self),
            "macro": self.macro,
            "counts": dict(zip(names, self.counts(), strict=True)),
            "ignored": dict(self.ignored),
            "by_label": [s.to_dict() for s in self.by_label],
            "accuracy": self.accuracy.to_dict() if self.accuracy else None,
            "accuracies": {a.key: a.to_dict() for a in self.accuracies},
            **{m.name: m.to_dict() for m in self.coreference},
            "schemas": {s.name: s.to_dict() for s in self.schemas},
            "confusion": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusion],
            **{name: [x.to_dict() for x in getattr(self, name)] for name in names},
        }

    def __str__(self) -> str:
        return _table(self)


@attrs.frozen
class Comparison:
    """Two systems' F1 on one layer, their difference, its interval and p-value."""

    layer: str
    f1_a: float
    f1_b: float
    interval: Interval  #: of the difference a - b
    p_value: float  #: paired bootstrap, two-sided (Berg-Kirkpatrick et al. 2012)

    @property
    def difference(self) -> float:
        """F1 of a minus F1 of b."""
        return self.f1_a - self.f1_b

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {**attrs.asdict(self), "difference": self.difference, "method": "paired bootstrap"}

    def __str__(self) -> str:
        low, high = self.interval.low, self.interval.high
        return (
            f"{self.layer}: F1 {self.f1_a:.3f} (a) - {self.f1_b:.3f} (b) = {self.difference:+.3f}"
            f", {self.interval.level:.0%} interval [{low:+.3f}, {high:+.3f}]"
            f", p = {self.p_value:.3f} (paired bootstrap, {self.interval.resamples} resamples)"
        )


# --- the gold ----------------------------------------------------------------------------------


def _gold(article: Article, layer: Layer, forms: tuple[str, ...]) -> Gold:
    """The gold items of a layer with their records, in text order."""
    found, anchor, source = [], layer.anchor, article.source
    for record in getattr(article, layer.collection):
        span = getattr(record, anchor)
        if span is None or (layer.forms and record.form not in forms):
            continue  # a mention without a name is no named entity
        values = tuple((a.key, show(a.gold(record), None, source)) for a in layer.attributes)
        label = layer.label or article.entity(record.entity).kind
        found.append((Item(span.start, span.end, span.text, label, record.id, values), record))
    return sorted(found, key=lambda pair: (pair[0].start, pair[0].end))


def gold_predictions(
    layer: str, *, forms: str | Iterable[str] | None = None, article: Article | None = None
) -> list[dict[str, Any]]:
    """A layer's gold records in the prediction form: scored with the same options, 1.0."""
    chosen = _layer(layer)
    article = article if article is not None else load()
    found = []
    for item, record in _gold(article, chosen, _forms(chosen, forms)):
        prediction = item.to_dict()
        del prediction["id"]
        for attribute in chosen.attributes:
            value = attribute.gold(record)
            if attribute.key == "source":  # reported speech's sources: any one is right
                value = value[0] if value else None
            elif isinstance(value, tuple):
                value = list(value)
            prediction[attribute.key] = value
        if chosen.cluster:
            prediction[chosen.cluster] = record.entity
        found.append(prediction)
    return found


# --- scoring -----------------------------------------------------------------------------------


def score(
    predictions: Any,
    layer: str,
    *,
    match: str = "exact",
    forms: str | Iterable[str] | None = None,
    article: Article | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> Score:
    """Score predictions for one layer against the gold annotations (see docs/evaluate.md).

    ``predictions``: mappings, tuples, spaCy spans or a ``Doc``, or a path to a ``.json``,
    ``.jsonl``, brat ``.ann`` or ``.spacy`` file.  ``match="exact"`` pairs identical spans with
    the same label, ``"overlap"`` spans sharing a character, one to one.  ``forms`` picks the
    gold mentions (``"names"``, ``"all"`` or a list of forms); ``resamples`` and ``seed`` set
    the bootstrap.  What cannot be anchored raises :class:`DataError`, naming every problem.
    """
    chosen = _layer(layer)
    if match not in ("exact", "overlap"):
        raise DataError.at("match", f"expected 'exact' or 'overlap', found {shown(match)}")
    if type(resamples) is not int or not 0 < resamples <= 100_000:
        raise DataError.at("resamples", f"expected 1 to 100000, found {shown(resamples)}")
    picked = _forms(chosen, forms)
    article = article if article is not None else load()
    gold = _gold(article, chosen, picked)
    gold_items = [g for g, _ in gold]
    predicted, ignored = read_predictions(predictions, chosen, article)
    items = [p.item for p in predicted]
    pairs = _spans.pairs(gold_items, items, match)
    paired_gold, paired_predicted = {g for g, _ in pairs}, {p for _, p in pairs}
    true_positives = tuple(Match(gold_items[g], items[p]) for g, p in pairs)
    false_positives = tuple(i for n, i in enumerate(items) if n not in paired_predicted)
    false_negatives = tuple(g for n, g in enumerate(gold_items) if n not in paired_gold)
    counts = (len(true_positives), len(false_positives), len(false_negatives))
    return Score(
        layer=chosen.name,
        match=match,
        forms=picked,
        true_positives=true_positives,
        false_positives=false_positives,
        false_negatives=false_negatives,
        by_label=_by_label(chosen, true_positives, false_positives, false_negatives),
        accuracies=tuple(_accuracies(article, chosen, gold, predicted, pairs, match)),
        ignored=tuple(ignored.items()),
        interval=bootstrap(counts, resamples, seed),
        schemas=_spans.schemas(gold_items, items),
        confusion=_spans.confusion(gold_items, items),
        coreference=_coreference(gold, predicted, pairs) if chosen.cluster else (),
    )


def compare(
    a: Any, b: Any, layer: str, *, resamples: int = 1000, seed: int = 0, **options: Any
) -> Comparison:
    """Two prediction sets on one layer: the F1 difference, its interval and p-value."""
    first, second = (score(x, layer, resamples=1, seed=seed, **options) for x in (a, b))
    hit_a = {m.gold.id for m in first.true_positives}
    hit_b = {m.gold.id for m in second.true_positives}
    every = hit_a | hit_b | {i.id for i in first.false_negatives}
    units = Counter((g in hit_a, g in hit_b) for g in every)
    interval, p_value = paired_bootstrap(
        units, len(first.false_positives), len(second.false_positives), resamples, seed
    )
    return Comparison(first.layer, first.f1, second.f1, interval, p_value)


def _layer(layer: Any) -> Layer:
    if isinstance(layer, str) and layer in LAYERS_BY_NAME:
        return LAYERS_BY_NAME[layer]
    found = shown(layer)
    raise DataError.at("layer", f"expected one of {', '.join(LAYER_NAMES)}; found {found}")


def _forms(layer: Layer, forms: Any) -> tuple[str, ...]:
    if not layer.forms:
        return ()
    if forms is None or (isinstance(forms, str) and forms in FORM_SETS):
        return FORM_SETS[forms or layer.forms]
    chosen = (
        [forms] if isinstance(forms, str) else list(forms) if isinstance(forms, Iterable) else []
    )
    allowed = FORM_SETS["all"]
    unknown = [f for f in chosen if f not in allowed]
    if unknown or not chosen:
        expected = f"expected 'names', 'all' or forms among {', '.join(allowed)}"
        raise DataError.at("forms", f"{expected}; found {shown(unknown[0] if unknown else forms)}")
    return tuple(f for f in allowed if f in chosen)


def _accuracies(
    article: Article, layer: Layer, gold: Gold, predicted: list[Predicted], pairs: Any, match: str
) -> Iterator[Accuracy]:
    for n, a in enumerate(layer.attributes):
        if all(p.read[n] is None for p in predicted):
            continue  # no prediction gives this value: the system does not predict it
        wrong = tuple(
            Match(gold[g][0], predicted[p].item)
            for g, p in pairs
            if not a.same(article, a.gold(gold[g][1]), predicted[p].read[n], match == "overlap")
        )
        right = len(pairs) - len(wrong)
        yield Accuracy(a.accuracy, a.key, right, len(pairs), wrong, len(predicted), len(gold))


def _by_label(layer: Layer, matched: Any, spurious: Any, missed: Any) -> tuple[LabelScore, ...]:
    tp = Counter(m.gold.label for m in matched)
    fp, fn = Counter(i.label for i in spurious), Counter(i.label for i in missed)
    counts = [(label, tp[label], fp[label], fn[label]) for label in layer.labels]
    return tuple(LabelScore(*c) for c in counts if any(c[1:]))


def _coreference(
    gold: Gold, predicted: list[Predicted], pairs: list[tuple[int, int]]
) -> tuple[Metric, ...]:
    """Chains of mention spans: a paired prediction takes its gold item's span; a span given
    twice counts once, as the reference scorer drops repeated mentions."""
    key: dict[str, list[Any]] = {}
    for item, record in gold:
        key.setdefault(record.entity, []).append((item.start, item.end))
    paired = {p: gold[g][0] for g, p in pairs}
    response: dict[Any, list[Any]] = {}
    for n, prediction in enumerate(predicted):
        item, cluster = paired.get(n, prediction.item), prediction.cluster
        chain = n if cluster is None or cluster is WRONG else ("chain", cluster)  # else alone
        response.setdefault(chain, []).append((item.start, item.end))
    seen: set[Any] = set()  # a repeated span counts once, in the chain that starts first
    for spans in sorted(response.values(), key=min):
        spans[:] = [span for span in dict.fromkeys(spans) if span not in seen]
        seen.update(spans)
    return coreference(list(key.values()), list(response.values()))


# --- the printed table -------------------------------------------------------------------------


def _table(result: Score) -> str:
    heading = f"{result.layer}, {result.match} match"
    if result.forms:
        heading += f", gold forms: {', '.join(result.forms)}"
    rows = [[s.label, *_figures(_rates(s)), *s.counts()] for s in result.by_label]
    rows.append(["all", *_figures(_rates(result)), *result.counts()])
    if len(result.by_label) > 1:
        rows.append(["macro", *_figures(result.macro), "", "", ""])
    interval = result.interval
    bounds = f"[{interval.low:.3f}, {interval.high:.3f}]"
    method = f"(percentile bootstrap, {interval.resamples} resamples)"
    labels = aligned(("label", "precision", "recall", "f1", "tp", "fp", "fn"), rows)
    lines = [heading, "", labels, "", f"f1 {interval.level:.0%} interval: {bounds} {method}"]
    if result.coreference:
        metrics = [[m.name, *_figures(_rates(m))] for m in result.coreference]
        lines += ["", aligned(("metric", "precision", "recall", "f1"), metrics)]
    header = ("schema", "correct", "incorrect", "partial", "missed", "spurious")
    lines += ["", aligned(header, [list(attrs.astuple(s)) for s in result.schemas])]
    if result.ignored:
        ignored = ", ".join(f"{_text(label)} {count}" for label, count in result.ignored)
        lines += ["", f"ignored (labels not scored in {result.layer}): {ignored}"]
    for accuracy in result.accuracies:
        share = f"{accuracy.correct}/{accuracy.total} = {accuracy.accuracy:.3f}"
        lines += ["", f"{accuracy.name} accuracy over matches: {share}"]
        for m in accuracy.wrong:
            gold, guess = dict(m.gold.values)[accuracy.key], dict(m.predicted.values)[accuracy.key]
            lines.append(f"  wrong: {_where(m.gold)} gold {_text(gold)}, predicted {_text(guess)}")
    missed, spurious = "missed (false negatives)", "spurious (false positives)"
    for title, found in ((missed, result.false_negatives), (spurious, result.false_positives)):
        if found:
            lines += ["", f"{title}:", *(f"  {_where(i)}" for i in found)]
    return "\n".join(lines)


def _rates(scores: Any) -> dict[str, float]:
    return {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}


def _figures(rates: dict[str, float]) -> list[str]:
    return [f"{value:.3f}" for value in rates.values()]


def _text(value: Any) -> str:
    return shown(str(value) if isinstance(value, list) else value)


def _where(item: Item) -> str:
    return f"{item.start}-{item.end} {item.label} {shown(' '.join(item.text.split()))}"
