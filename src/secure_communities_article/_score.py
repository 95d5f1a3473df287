"""Score an extractor's predictions against one layer of the article's gold (docs/evaluate.md)."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

import attrs

from . import _spans
from ._article import Article
from ._coref import Metric, coreference
from ._errors import DataError, Problem, shown
from ._layers import ENTITY, FORM_SETS, LAYER_NAMES, LAYERS, WRONG, Layer, named
from ._load import load, validate
from ._predictions import Item, Predicted, file_items, read_predictions, show
from ._spans import Schema, harmonic, ratio, shared
from ._stats import Interval, cohens_kappa, f1_interval, paired_bootstrap
from ._text import aligned

Gold = list[tuple[Item, Any]]  #: gold items with their records, in text order
#: ``compare``'s most resamples, and its defaults: bounds steady to 0.01, fewer for chains (slow)
MAX_RESAMPLES, RESAMPLES, CHAIN_RESAMPLES = 100_000, 20_000, 2_000
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

    counts: Callable[[], tuple[int, int, int]]  #: true positives, false positives, false negatives

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
    """How often a value beside a matched span is right; as rates, as TempEval-3 reports them."""

    name: str  #: "linking", "attribution", "value", "predicate"...
    key: str  #: the prediction's key
    correct: int
    total: int  #: the matched items
    wrong: tuple[Match, ...]  #: the matches whose value is wrong
    predicted: int  #: all scored predictions
    gold: int  #: all gold items
    kappa: float | None = None  #: Cohen's kappa over the matches (categorical values; None else)
    kappa_interval: Interval | None = None  #: the accuracy's interval as kappas
    interval: Interval | None = None  #: the accuracy's credible interval

    @property
    def accuracy(self) -> float:
        """correct / total (0.0 when nothing matched)."""
        return ratio(self.correct, self.total)

    def counts(self) -> tuple[int, int, int]:
        return self.correct, self.predicted - self.correct, self.gold - self.correct

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        found = attrs.asdict(self, recurse=False) | {"accuracy": self.accuracy} | _rates(self)
        intervals = {k: v and v.to_dict() for k, v in found.items() if k.endswith("interval")}
        return found | {"wrong": [m.to_dict() for m in self.wrong]} | intervals


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
    outside: tuple[Item, ...]  #: predictions outside the annotated text (page furniture)
    interval: Interval  #: the credible interval of the F1
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
            "outside": [i.to_dict() for i in self.outside],
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
    """Two systems' figure on one layer, its difference, interval and p-value; then the others."""

    layer: str
    figure: str  #: "f1" (of the spans), an accuracy's name, or a chain metric's
    a: float
    b: float
    interval: Interval  #: of the difference a - b
    p_value: float  #: paired paragraph bootstrap, two-sided
    others: tuple[Comparison, ...] = ()

    @property
    def difference(self) -> float:
        """The figure of a minus that of b."""
        return self.a - self.b

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        others = [o.to_dict() for o in self.others]
        return attrs.asdict(self) | {"difference": self.difference, "others": others}

    def __str__(self) -> str:
        lines = [
            f"{c.layer} {c.figure}: {c.a:.3f} (a) - {c.b:.3f} (b) = {c.difference:+.3f}, "
            f"{c.interval.level:.0%} interval [{c.interval.low:+.3f}, {c.interval.high:+.3f}], "
            f"p = {c.p_value:.3f}"
            for c in (self, *self.others)
        ]
        return "\n".join([*lines, f"({self.interval.method})"])


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
    chosen, article = named(layer), _article(article)
    found = []
    for item, record in _gold(article, chosen, _forms(chosen, forms)):
        prediction = {key: value for key, value in item.to_dict().items() if key != "id"}
        for attribute in chosen.attributes:
            value = attribute.gold(record)
            if attribute.key == "source":  # reported speech's sources: any one is right
                value = value[0] if value else None
            elif isinstance(value, tuple):
                value = list(value)
            prediction[attribute.key] = value
        if chosen.cluster:
            prediction[chosen.cluster] = record.entity
        if chosen.forms:  # head match's key
            prediction["head"] = [record.head.start, record.head.end]
        found.append(prediction)
    return found


def _arguments(problems: list[Problem], *arguments: Any) -> tuple[Any, Any, Any]:
    """``score``'s arguments checked, into (layer, article, forms); each problem to ``problems``."""
    layer, match, forms, singletons, article = arguments
    chosen, article = (_checked(problems, *call) for call in ((named, layer), (_article, article)))
    if match not in ("exact", "overlap", "head") or (
        match == "head" and chosen and not chosen.forms
    ):
        expected = "expected 'exact', 'overlap' or, for mentions and coreference, 'head'"
        problems.append(("match", f"{expected}, found {shown(match)}"))
    if type(singletons) is not bool:
        problems.append(("singletons", f"expected True or False, found {shown(singletons)}"))
    return chosen, article, _checked(problems, _forms, chosen, forms) if chosen else ()


def _checked(problems: list[Problem], check: Callable[..., Any], *arguments: Any) -> Any:
    """A checked argument's value; its DataError's problems added to ``problems`` (then None)."""
    try:
        return check(*arguments)
    except DataError as error:
        problems.extend(error.problems)
        return None


def _annotation(other: Article, layer: Layer, forms: Any, article: Article) -> list[Any]:
    """Another annotation's records as predictions, each reference read as the gold's: an entity
    as the gold entity most of its mentions are mentions of (the same span, else a head of one
    gold entity only), a time as the gold time its span overlaps most."""
    if other.source != article.source:
        raise DataError.at("predictions", "the Article's source text is not the gold's")
    validate(other)  # one made by attrs.evolve is held to the rules a loaded one is
    by_span = {(m.span.start, m.span.end): m.entity for m in article.mentions}
    by_head: dict[tuple[int, int], str | None] = {}
    for m in article.mentions:  # a head two gold entities share names neither
        head = (m.head.start, m.head.end)
        by_head[head] = m.entity if by_head.get(head, m.entity) == m.entity else None

    def gold_entity(m: Any) -> str | None:
        return by_span.get((m.span.start, m.span.end)) or by_head.get((m.head.start, m.head.end))

    votes = Counter((m.entity, gold_entity(m)) for m in other.mentions)
    ids: dict[str, str] = {}
    for (theirs, ours), _ in votes.most_common():
        if ours is not None:
            ids.setdefault(theirs, ours)
    for time in other.time_expressions:
        best = max(article.time_expressions, key=lambda g: shared(g.span, time.span), default=None)
        ids[time.id] = best.id if best and shared(best.span, time.span) > 0 else ""

    def gold_id(value: Any) -> Any:  # an id found in neither is no gold record's
        return ids.get(value) or f"unaligned {value}" if isinstance(value, str) else value

    found = gold_predictions(layer.name, forms=forms, article=other)
    entities = {a.key for a in layer.attributes if (a.read, a.same) == ENTITY}
    for prediction in found:
        for key in entities & prediction.keys():
            prediction[key] = gold_id(prediction[key])
        for participant in prediction.get("participants", ()):  # unaligned: judged by its span
            participant["entity"] = ids.get(participant.get("entity"))
        if "times" in prediction:
            prediction["times"] = [gold_id(time) for time in prediction["times"]]
    return found


@attrs.frozen
class _Run:
    """One system's predictions matched to the gold, each item in its unit of resampling."""

    layer: Layer
    gold: Gold
    predicted: list[Predicted]
    pairs: list[tuple[int, int]]
    right: tuple[tuple[bool, ...], ...]  #: per attribute, per pair: is the value right?
    gold_units: list[Hashable]
    predicted_units: list[Hashable]
    singletons: bool
    forms: tuple[str, ...]  #: the mention forms scored
    ignored: dict[str, int]  #: what was not scored, by reason
    outside: tuple[Item, ...]  #: predictions in the page furniture

    def given(self) -> list[bool]:
        """For each attribute: does some prediction give its value?"""
        return [any(p.read[n] is not None for p in self.predicted) for n in range(len(self.right))]

    def tallies(self) -> dict[str, dict[Hashable, list[int]]]:
        """Each ratio figure's [numerator, denominator] per unit: F1 = 2tp / (2tp + fp + fn)."""
        found: dict[str, dict[Hashable, list[int]]] = {"f1": {}}
        paired_gold, paired = {g for g, _ in self.pairs}, {p for _, p in self.pairs}
        for n, region in enumerate(self.gold_units):
            cell = found["f1"].setdefault(region, [0, 0])
            cell[0] += 2 if n in paired_gold else 0
            cell[1] += 2 if n in paired_gold else 1
        for n, region in enumerate(self.predicted_units):
            found["f1"].setdefault(region, [0, 0])[1] += 0 if n in paired else 1
        for attribute, right in zip(self.layer.attributes, self.right, strict=True):
            cells = found.setdefault(attribute.accuracy, {})
            for (g, _), ok in zip(self.pairs, right, strict=True):
                cell = cells.setdefault(self.gold_units[g], [0, 0])
                cell[0], cell[1] = cell[0] + ok, cell[1] + 1
        return found

    def chains(self, weights: dict[Hashable, int] | None = None) -> tuple[Metric, ...]:
        """The chain metrics, a unit's mentions taken ``weights[unit]`` times, each copy apart."""
        weights = weights or {}
        key: dict[Any, list[Any]] = {}
        for (item, record), unit in zip(self.gold, self.gold_units, strict=True):
            for copy in range(weights.get(unit, 1)):
                key.setdefault((record.entity, copy), []).append((item.start, item.end, copy))
        paired = {p: self.gold[g][0] for g, p in self.pairs}
        response: dict[Any, list[Any]] = {}
        for n, prediction in enumerate(self.predicted):
            item, cluster = paired.get(n, prediction.item), prediction.cluster
            chain = n if cluster is None or cluster is WRONG else ("chain", cluster)  # else alone
            for copy in range(weights.get(self.predicted_units[n], 1)):
                response.setdefault((chain, copy), []).append((item.start, item.end, copy))
        return coreference(list(key.values()), list(response.values()), self.singletons)


def _run(
    predictions: Any, layer: Any, match: Any, forms: Any, singletons: Any, article: Any
) -> _Run:
    """Read, check and match one system's predictions (see :func:`score`)."""
    problems: list[Problem] = []
    chosen, article, picked = _arguments(problems, layer, match, forms, singletons, article)
    if problems:
        raise DataError(problems)
    gold = _gold(article, chosen, picked)
    if isinstance(predictions, (str, os.PathLike)):  # a file of predictions, or a document
        predictions = file_items(predictions, article.source)
    if isinstance(predictions, Article):
        predictions = _annotation(predictions, chosen, picked, article)
    read, ignored = read_predictions(predictions, chosen, article, picked)
    # the annotated blocks: body paragraphs and segments with sentences, not the page furniture
    annotated = [*article.paragraphs, *(s for s in article.segments if s.sentences)]
    blocks = sorted((a.span for a in annotated), key=lambda span: span.start)
    starts = [b.start for b in blocks]
    gold_items = [g for g, _ in gold]
    gold_spans = {(g.start, g.end) for g in gold_items}

    def block(item: Item) -> int | None:  # the block holding its start; -1: gold in the furniture
        n = bisect_right(starts, item.start) - 1
        if n >= 0 and item.start < blocks[n].end:
            return n
        return -1 if (item.start, item.end) in gold_spans else None

    where = [block(p.item) for p in read]
    outside = tuple(p.item for p, r in zip(read, where, strict=True) if r is None)
    predicted = [p for p, r in zip(read, where, strict=True) if r is not None]
    if match == "head":
        pairs = head_pairs(gold_items, [(r.head.start, r.head.end) for _, r in gold], predicted)
    else:
        pairs = _spans.pairs(gold_items, [p.item for p in predicted], match)
    overlap = match == "overlap"
    right = tuple(
        tuple(a.same(article, a.gold(gold[g][1]), predicted[p].read[n], overlap) for g, p in pairs)
        for n, a in enumerate(chosen.attributes)
    )
    units: list[Hashable] = [block(g) for g in gold_items]
    found: list[Hashable] = [r for r in where if r is not None]
    if chosen.cluster:  # chain metrics are sums over chains, not over paragraphs
        units = [record.entity for _, record in gold]
        found = [("span", p.item.start, p.item.end) for p in predicted]
        for g, p in pairs:
            found[p] = units[g]
    return _Run(
        chosen, gold, predicted, pairs, right, units, found, singletons, picked, ignored, outside
    )


def score(
    predictions: Any,
    layer: str,
    *,
    match: str = "exact",
    forms: str | Iterable[str] | None = None,
    singletons: bool = True,
    article: Article | None = None,
) -> Score:
    """Score predictions for one layer against the gold annotations (see docs/evaluate.md).

    ``predictions``: mappings, tuples, spaCy spans, a ``Doc``, another annotation (an ``Article``),
    or a ``.json``, ``.jsonl`` or format's file (``formats.FORMATS``' ``reads``).  ``match``:
    ``"exact"`` spans, ``"overlap"`` (one to one) or ``"head"`` words; ``forms``: ``"names"``,
    ``"all"`` or a list of forms.
    """
    run = _run(predictions, layer, match, forms, singletons, article)
    gold_items, items = [g for g, _ in run.gold], [p.item for p in run.predicted]
    paired_gold, paired_predicted = {g for g, _ in run.pairs}, {p for _, p in run.pairs}
    true_positives = tuple(Match(gold_items[g], items[p]) for g, p in run.pairs)
    false_positives = tuple(i for n, i in enumerate(items) if n not in paired_predicted)
    false_negatives = tuple(g for n, g in enumerate(gold_items) if n not in paired_gold)
    return Score(
        layer=run.layer.name,
        match=match,
        forms=run.forms,
        true_positives=true_positives,
        false_positives=false_positives,
        false_negatives=false_negatives,
        by_label=_by_label(run.layer, true_positives, false_positives, false_negatives),
        accuracies=tuple(_accuracies(run)),
        ignored=tuple(run.ignored.items()),
        outside=run.outside,
        interval=f1_interval(list(run.tallies()["f1"].values()), run.layer.unit),
        schemas=_spans.schemas(gold_items, items),
        confusion=_spans.confusion(gold_items, items),
        coreference=run.chains() if run.layer.cluster else (),
    )


def compare(
    a: Any,
    b: Any,
    layer: str,
    *,
    match: str = "exact",
    forms: str | Iterable[str] | None = None,
    singletons: bool = True,
    article: Article | None = None,
    resamples: int | None = None,
    seed: int = 0,
) -> Comparison:
    """Each figure's difference between two systems on one layer, its interval and p-value by a
    paired cluster bootstrap (see ``paired_bootstrap``); the layer's headline figure first."""
    problems: list[Problem] = []
    chosen = _arguments(problems, layer, match, forms, singletons, article)[0]
    if resamples is None:
        resamples = CHAIN_RESAMPLES if chosen and chosen.cluster else RESAMPLES
    if type(resamples) is not int or not 0 < resamples <= MAX_RESAMPLES:
        problems.append(("resamples", f"expected 1 to {MAX_RESAMPLES}, found {shown(resamples)}"))
    if type(seed) is not int:
        problems.append(("seed", f"expected an integer, found {shown(seed)}"))
    if problems:
        raise DataError(problems)
    first, second = (_run(x, layer, match, forms, singletons, article) for x in (a, b))
    tallies = first.tallies(), second.tallies()
    given = [x or y for x, y in zip(first.given(), second.given(), strict=True)]
    names = ["f1", *(a.accuracy for a, g in zip(first.layer.attributes, given, strict=True) if g)]
    chained = [m.name for m in first.chains()] if first.layer.cluster else []
    units = list(dict.fromkeys(u for t in tallies for cells in t.values() for u in cells)) or [0]

    def figures(weights: list[int]) -> list[tuple[float, ...]]:
        weight = dict(zip(units, weights, strict=True))
        found = [tuple(_ratio(tally[name], weight) for tally in tallies) for name in names]
        if chained:
            chains = first.chains(weight), second.chains(weight)
            found += [(x.f1, y.f1) for x, y in zip(*chains, strict=True)]
        return found

    tests = paired_bootstrap(len(units), figures, resamples, seed, first.layer.unit)
    found = [
        Comparison(first.layer.name, n, *t) for n, t in zip(names + chained, tests, strict=True)
    ]
    head = next((c for c in found if c.figure == first.layer.headline), found[0])
    return attrs.evolve(head, others=tuple(c for c in found if c is not head))


def head_pairs(gold: list[Item], heads: list[Any], predicted: list[Predicted]) -> list[Any]:
    """CorefUD's head match: same label and head, one to one; of several, the most covering."""
    waiting: dict[Any, list[tuple[int, int, int]]] = {}  # (head, label): [(start, end, n)]
    for n, p in enumerate(predicted):
        waiting.setdefault((p.head, p.item.label), []).append((p.item.start, p.item.end, n))
    found = []
    for g, (item, head) in enumerate(zip(gold, heads, strict=True)):
        if spans := waiting.get((head, item.label)):
            best = max(
                spans, key=lambda s: (min(s[1], item.end) - max(s[0], item.start), -s[0], -s[1])
            )
            spans.remove(best)
            found.append((g, best[2]))
    return found


def _ratio(cells: dict[Hashable, list[int]], weight: dict[Hashable, int]) -> float:
    """A ratio figure on a resample: its numerators over its denominators, weighted."""
    numerator = sum(weight[r] * cell[0] for r, cell in cells.items())
    return ratio(numerator, sum(weight[r] * cell[1] for r, cell in cells.items()))


def _article(article: Any) -> Article:
    if article is not None and not isinstance(article, Article):
        found = type(article).__name__
        raise DataError.at("article", f"expected an Article (sca.load()), found {found}")
    return load() if article is None else article


def _forms(layer: Layer, forms: Any) -> tuple[str, ...]:
    if not layer.forms:
        return ()
    if forms is None or (isinstance(forms, str) and forms in FORM_SETS):
        return FORM_SETS[forms or layer.forms]
    chosen = [forms] if isinstance(forms, str) or not isinstance(forms, Iterable) else list(forms)
    allowed = FORM_SETS["all"]
    unknown = [f for f in chosen if f not in allowed]
    if unknown or not chosen:
        expected = f"expected 'names', 'all' or forms among {', '.join(allowed)}"
        raise DataError.at("forms", f"{expected}; found {shown(unknown[0] if unknown else forms)}")
    return tuple(f for f in allowed if f in chosen)


def _accuracies(run: _Run) -> Iterator[Accuracy]:
    gold, predicted, given = run.gold, run.predicted, run.given()
    for n, (a, right) in enumerate(zip(run.layer.attributes, run.right, strict=True)):
        if not given[n]:
            continue  # no prediction gives this value: the system does not predict it
        missed = [(g, p) for (g, p), ok in zip(run.pairs, right, strict=True) if not ok]
        wrong = tuple(Match(gold[g][0], predicted[p].item) for g, p in missed)
        values = [(a.gold(gold[g][1]), predicted[p].read[n]) for g, p in run.pairs]
        total, found = len(run.pairs), len(run.pairs) - len(wrong)
        interval = f1_interval(list(run.tallies()[a.accuracy].values()), run.layer.unit, f1=False)
        kappa = cohens_kappa(values, interval) if a.categorical else (None, None)
        counts = (found, total, wrong, len(predicted), len(gold), *kappa, interval)
        yield Accuracy(a.accuracy, a.key, *counts)


def _by_label(layer: Layer, matched: Any, spurious: Any, missed: Any) -> tuple[LabelScore, ...]:
    tp = Counter(m.gold.label for m in matched)
    fp, fn = Counter(i.label for i in spurious), Counter(i.label for i in missed)
    counts = [(label, tp[label], fp[label], fn[label]) for label in layer.labels]
    return tuple(LabelScore(*c) for c in counts if any(c[1:]))


def _table(result: Score) -> str:
    heading = f"{result.layer}, {result.match} match"
    if result.forms:
        heading += f", gold forms: {', '.join(result.forms)}"
    rows = [[s.label, *_figures(_rates(s)), *s.counts()] for s in result.by_label]
    rows.append(["all", *_figures(_rates(result)), *result.counts()])
    if len(result.by_label) > 1:
        rows.append(["macro", *_figures(result.macro), "", "", ""])
    interval = result.interval
    bounds = f"[{interval.low:.3f}, {interval.high:.3f}] ({interval.method})"
    labels = aligned(("label", "precision", "recall", "f1", "tp", "fp", "fn"), rows)
    lines = [heading, "", labels, "", f"f1 {interval.level:.0%} interval: {bounds}"]
    if result.coreference:
        metrics = [[m.name, *_figures(_rates(m))] for m in result.coreference]
        lines += ["", aligned(("metric", "precision", "recall", "f1"), metrics)]
    header = ("schema", "correct", "incorrect", "partial", "missed", "spurious")
    lines += ["", aligned(header, [list(attrs.astuple(s)) for s in result.schemas])]
    if result.ignored:
        ignored = ", ".join(f"{_text(label)} {count}" for label, count in result.ignored)
        lines += ["", f"ignored (not scored in {result.layer}): {ignored}"]
    for accuracy in result.accuracies:
        share = f"{accuracy.correct}/{accuracy.total} = {accuracy.accuracy:.3f}"
        if accuracy.interval:
            share += f" [{accuracy.interval.low:.3f}, {accuracy.interval.high:.3f}]"
        kappa = "" if accuracy.kappa is None else f", Cohen's kappa {accuracy.kappa:.3f}"
        if accuracy.kappa_interval:
            kappa += f" [{accuracy.kappa_interval.low:.3f}, {accuracy.kappa_interval.high:.3f}]"
        lines += ["", f"{accuracy.name} accuracy over matches: {share}{kappa}"]
        for m in accuracy.wrong:
            gold, guess = dict(m.gold.values)[accuracy.key], dict(m.predicted.values)[accuracy.key]
            lines.append(f"  wrong: {_where(m.gold)} gold {_text(gold)}, predicted {_text(guess)}")
    missed, spurious = "missed (false negatives)", "spurious (false positives)"
    outside = (f"{len(result.outside)} in the page furniture, not scored", result.outside)
    found_items = ((missed, result.false_negatives), (spurious, result.false_positives))
    for title, found in (*found_items, outside):
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
