"""The scorer's statistics: the F1 interval, its coverage, the paired test, and what is counted."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import secure_communities_article as sca
from secure_communities_article import _cli, _coref, _layers, _stats

ARTICLE = sca.load()


def cells(*counts: tuple[int, int, int]) -> list[tuple[int, int]]:
    """Clusters' (tp, fp, fn) as the interval takes them: (2 tp, 2 tp + fp + fn)."""
    return [(2 * tp, 2 * tp + fp + fn) for tp, fp, fn in counts]


def true_f1(recall: float, spurious: float) -> float:
    """The F1 of a system that finds each gold item with probability ``recall`` and makes
    ``spurious`` spurious predictions per gold item on average: 2r / (1 + r + s)."""
    return 2 * recall / (1 + recall + spurious)


def shifted(prediction: dict[str, Any]) -> dict[str, Any]:
    """A spurious prediction: the span one character later, its other values kept."""
    moved = {**prediction, "start": prediction["start"] + 1}
    del moved["text"]
    return moved


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's product of uniforms)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product >= limit:
        count, product = count + 1, product * rng.random()
    return count


def simulated(layer: str, rng: random.Random, recall: float, spurious: float) -> list[Any]:
    """A system's predictions: each gold item found with probability ``recall``, and a
    Poisson number of one-character spurious spans in the body paragraphs."""
    gold = sca.gold_predictions(layer, article=ARTICLE)
    found = [g for g in gold if rng.random() < recall]
    for _ in range(poisson(rng, spurious * len(gold))):
        paragraph = rng.choice(ARTICLE.paragraphs).span
        start = rng.randrange(paragraph.start, paragraph.end - 1)
        found.append({"start": start, "end": start + 1, "label": gold[0]["label"]})
    return found


@pytest.mark.parametrize("layer", ["quantities", "time_expressions", "quotes", "mentions"])
def test_the_interval_covers_the_true_f1_near_the_nominal_level(layer: str) -> None:
    """Coverage through the public API at n = 2, 5, 7 and 21 gold items (the layers' sizes),
    recall 0.9 and 0.3 spurious predictions per gold item (docs/evaluate.md has the figures)."""
    rng, trials, truth = random.Random(layer), 200, true_f1(0.9, 0.3)
    covered = 0
    for _ in range(trials):
        interval = sca.score(simulated(layer, rng, 0.9, 0.3), layer, article=ARTICLE).interval
        covered += interval.low <= truth <= interval.high
    assert 0.92 <= covered / trials <= 0.995


def test_the_interval_is_exact_against_scipy_and_never_zero_width() -> None:
    """F1 = 2X / (1 + X), X ~ Beta(tp + 1/2, fp + fn + 1) (Goutte and Gaussier 2005)."""
    for tp, fp, fn in [(7, 0, 0), (4, 2, 1), (0, 3, 2), (0, 0, 0), (300, 200, 100)]:
        interval = _stats.f1_interval(cells((tp, fp, fn)))
        x = stats.beta.ppf([0.025, 0.975], tp + 0.5, fp + fn + 1)
        low, high = 2 * x / (1 + x)
        # a perfect (null) F1's bound reaches 1 (0), as Brown, Cai and DasGupta bound Jeffreys'
        low, high = (0.0 if tp == 0 else low), (1.0 if fp + fn == 0 else high)
        assert (interval.low, interval.high) == pytest.approx((low, high), abs=1e-9)
        assert interval.low < interval.high
    all_found = sca.score(sca.gold_predictions("quotes"), "quotes").interval
    assert all_found.low < 1.0 == all_found.high  # 7 of 7 found: no certainty, 1 included


def test_an_accuracys_interval_is_jeffreys_against_scipy_and_never_zero_width() -> None:
    """A share right/all: Beta(right + 1/2, wrong + 1/2)'s quantiles (Jeffreys' interval), the
    bound at none or all right 0 or 1 (Brown, Cai and DasGupta 2001), so it holds the share."""
    for right, total in [(7, 7), (4, 5), (0, 3), (300, 600)]:
        interval = _stats.f1_interval([(right, total)], f1=False)
        low, high = stats.beta.ppf([0.025, 0.975], right + 0.5, total - right + 0.5)
        low, high = (0.0 if right == 0 else low), (1.0 if right == total else high)
        assert (interval.low, interval.high) == pytest.approx((low, high), abs=1e-9)
        assert interval.low <= right / total <= interval.high and interval.low < interval.high
    attribution = sca.score(sca.gold_predictions("quotes"), "quotes").accuracies[0].interval
    assert attribution is not None and attribution.low < 1.0  # 7 of 7 right: no certainty


# Subnormal x left out: there scipy's beta.cdf is the inaccurate one (x = 5e-324, a = 1/64,
# b = 1/2: scipy 8.680e-06, this package and mpmath at 50 digits 8.692e-06).
@given(st.floats(0.01, 1e5), st.floats(0.01, 1e5), st.floats(0.0, 1.0, allow_subnormal=False))
def test_the_beta_distribution_function_equals_scipy(a: float, b: float, x: float) -> None:
    assert _stats._beta_cdf(x, a, b) == pytest.approx(stats.beta.cdf(x, a, b), abs=1e-9)


def test_clustered_items_widen_the_interval_by_their_design_effect() -> None:
    """Items of one paragraph that are all right or all wrong count for less than scattered ones."""
    scattered = _stats.f1_interval(cells(*[(3, 1, 1)] * 6))
    clustered = _stats.f1_interval(cells((15, 0, 0), (3, 6, 0), (0, 0, 6)))
    assert sum(map(sum, [(3, 1, 1)] * 6)) == sum(map(sum, [(15, 0, 0), (3, 6, 0), (0, 0, 6)]))
    assert scattered == _stats.f1_interval(cells((18, 6, 6)))  # no clustering: no design effect
    assert clustered.high - clustered.low > 1.5 * (scattered.high - scattered.low)


def test_a_system_against_itself_differs_by_exactly_zero_on_every_figure() -> None:
    gold = sca.gold_predictions("quotes")
    spurious = [{**shifted(g), "speaker": None} for g in gold[:3]]
    half = [{**g, "speaker": None} for g in gold[::2]] + spurious
    found = sca.compare(half, half, "quotes")
    for comparison in (found, *found.others):
        assert comparison.difference == 0.0 and comparison.p_value == 1.0
        assert (comparison.interval.low, comparison.interval.high) == (0.0, 0.0)


def test_a_shared_spurious_prediction_is_resampled_once_for_both() -> None:
    """Two systems that differ only in one gold item: their shared spurious predictions move
    both F1s together, so the difference never changes sign."""
    gold = sca.gold_predictions("mentions")
    spurious = [shifted(g) for g in gold[:8]]
    a, b = gold + spurious, gold[1:] + spurious
    found = sca.compare(a, b, "mentions", resamples=2000)
    assert found.figure == "f1" and found.difference > 0
    assert found.interval.low >= 0.0


def test_compare_reports_the_conll_f1_of_two_clusterings_of_the_same_mentions() -> None:
    mentions = sca.gold_predictions("coreference")
    same_text = [{**m, "cluster": m["text"].lower()} for m in mentions]
    alone = [{**m, "cluster": n} for n, m in enumerate(mentions)]
    found = sca.compare(same_text, alone, "coreference", resamples=200)
    assert found.figure == "conll"
    scored = [
        {m.name: m.f1 for m in sca.score(p, "coreference").coreference or ()}
        for p in (same_text, alone)
    ]
    assert (found.a, found.b) == (scored[0]["conll"], scored[1]["conll"])  # as the scorer gives
    assert found.a > 0.5 and found.b < found.a
    figures = {c.figure: c for c in (found, *found.others)}
    assert set(figures) >= {"f1", "muc", "bcub", "ceafm", "ceafe", "blanc", "lea", "conll"}
    assert figures["f1"].difference == 0.0  # the same mentions: span F1 cannot tell them apart
    assert figures["muc"].difference == scored[0]["muc"] - scored[1]["muc"] > 0
    assert f"coreference conll: {found.a:.3f} (a) - {found.b:.3f} (b) = +" in str(found)
    assert "paired chain bootstrap, 200 resamples" in str(found)


def test_compare_reports_attribution_for_quotes() -> None:
    gold = sca.gold_predictions("quotes")
    one_right = [{**g, "speaker": g["speaker"] if n == 0 else "nobody"} for n, g in enumerate(gold)]
    found = sca.compare(gold, one_right, "quotes")
    assert (found.figure, found.a, found.b) == ("attribution", 1.0, 1 / 7)
    assert found.p_value < 0.05 and found.interval.low > 0
    assert found.others[0].figure == "f1" and found.others[0].p_value == 1.0


def test_the_p_value_counts_resamples_as_far_from_the_observed_as_it_is_from_zero() -> None:
    # One cluster: every resample is the observed difference, none as far from it as 0 is.
    ((_, _, interval, p),) = _stats.paired_bootstrap(1, lambda w: [(0.5 * w[0], 0.0)], 99, 0)
    assert p == 1 / 100 and (interval.low, interval.high) == pytest.approx((0.5, 0.5))
    # Two clusters, difference w0 (observed 1): 0 or 2 (probability 1/2) are as far as 0 is.
    ((_, _, interval, p),) = _stats.paired_bootstrap(2, lambda w: [(w[0], 0.0)], 4000, 0)
    assert p == pytest.approx(0.5, abs=0.03) and (interval.low, interval.high) == (0.0, 2.0)
    ((_, _, _, p),) = _stats.paired_bootstrap(2, lambda w: [(1.0, 1.0)], 50, 0)
    assert p == 1.0


def test_bounds_move_less_than_a_hundredth_from_seed_to_seed() -> None:
    gold = sca.gold_predictions("mentions")
    a = [g for n, g in enumerate(gold) if n % 3]
    b = [g for n, g in enumerate(gold) if n % 4] + [shifted(gold[0])]
    found = [sca.compare(a, b, "mentions", seed=seed) for seed in range(4)]
    for bound in ("low", "high"):
        values = [getattr(c.interval, bound) for c in found]
        assert max(values) - min(values) <= 0.01


def test_lea_scores_a_singleton_only_against_a_singleton() -> None:
    """Moosavi and Strube (2016): a singleton's self-link is resolved only when the other
    side has it as a singleton too.  Key {a} {b, c}, response {a} {b} {c}: 1/3 and 1/3."""
    lea = _coref.coreference([["a"], ["b", "c"]], [["a"], ["b"], ["c"]])[5]
    assert lea.name == "lea" and (lea.recall, lea.precision) == (1 / 3, 1 / 3)
    lea = _coref.coreference([["a"], ["b", "c"]], [["a", "b"], ["c"]])[5]
    assert (lea.recall, lea.precision) == (0.0, 0.0)


def test_predictions_in_the_page_furniture_are_counted_apart() -> None:
    furniture = next(s for s in ARTICLE.segments if not s.sentences)
    outside = {"start": furniture.span.start, "end": furniture.span.end, "label": "quote"}
    result = sca.score([*sca.gold_predictions("quotes"), outside], "quotes")
    assert result.precision == 1.0 and result.false_positives == ()
    assert [(i.start, i.end) for i in result.outside] == [(outside["start"], outside["end"])]
    assert "1 in the page furniture, not scored:" in str(result)
    assert result.to_dict()["outside"][0]["start"] == outside["start"]


def test_a_layer_key_routes_an_item_and_the_cli_scores_every_layer_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [{**q, "layer": "quotes"} for q in sca.gold_predictions("quotes")]
    items += [{**t, "layer": "time-expressions"} for t in sca.gold_predictions("time_expressions")]
    quotes = sca.score(items, "quotes")
    assert quotes.precision == 1.0 and quotes.ignored == (("layer time-expressions", 5),)
    assert sca.score(items, "time-expressions").f1 == 1.0
    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), "utf-8")
    assert _cli.main(["score", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["quotes", "time_expressions"]
    assert all(layer["f1"] == 1.0 for layer in data.values())
    for spelling in ("reported-speech", "reported_speech"):
        assert _cli.main(["score", str(path), "--layer", spelling]) == 0
        assert capsys.readouterr().out.startswith("reported_speech, exact match")
        assert _cli.main(["gold", spelling]) == 0
        assert capsys.readouterr().out.count("\n") == len(ARTICLE.reported_speech)
    path.write_text(json.dumps({"start": 0, "end": 3}) + "\n", "utf-8")
    assert _cli.main(["score", str(path)]) == 1
    assert "give --layer" in capsys.readouterr().err


def test_a_predicted_mention_with_a_form_is_filtered_as_the_gold_is() -> None:
    every = sca.gold_predictions("mentions", forms="all")
    names = sca.score(every, "mentions", forms="names")
    assert names.precision == 1.0 and names.recall == 1.0
    counts = dict(names.ignored)
    assert counts["form nominal"] > 0  # names that modify a nominal mention's noun
    assert counts["form nominal"] + counts.get("form pronoun", 0) == len(every) - len(
        names.true_positives
    )


def test_categorical_values_report_cohens_kappa() -> None:
    gold = sca.gold_predictions("time_expressions")
    relations = sorted({g["relation"] for g in gold})
    assert len(relations) > 1
    rotated = dict(zip(relations, relations[1:] + relations[:1], strict=True))
    wrong = [{**g, "relation": rotated[g["relation"]]} for g in gold]
    accuracy = {a.key: a for a in sca.score(wrong, "time_expressions").accuracies}["relation"]
    assert accuracy.accuracy == 0.0 and accuracy.kappa is not None and accuracy.kappa < 0
    right = {a.key: a for a in sca.score(gold, "time_expressions").accuracies}["relation"]
    assert (right.accuracy, right.kappa) == (1.0, 1.0)
    assert "Cohen's kappa" in str(sca.score(gold, "time_expressions"))
    # Hand-made: agreement 3/4, chance (2 * 1 + 2 * 3) / 16 = 1/2, so kappa = 1/2; the
    # agreement's interval [0.6, 0.9] maps to kappa's [0.2, 0.8], chance held at 1/2.
    agreement = _stats.Interval(0.6, 0.9, 0.95, "hand-made")
    kappa, interval = _stats.cohens_kappa(
        [("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")], agreement
    )
    assert kappa == 0.5 and interval is not None
    assert (interval.low, interval.high) == pytest.approx((0.2, 0.8))
    assert _stats.cohens_kappa([("a", "a")], agreement) == (None, None)  # chance is certain
    # Perfect agreement on 7 items: the interval reaches below 1, as the accuracy's does.
    assert right.kappa_interval is not None and right.kappa_interval.low < 1.0


@pytest.mark.parametrize("layer", ["quotes", "events", "quantities", "time_expressions"])
def test_every_gold_field_of_a_layer_can_be_scored(layer: str) -> None:
    gold = sca.gold_predictions(layer)
    keys = {a.key for a in sca.LAYERS[[x.name for x in sca.LAYERS].index(layer)].attributes}
    expected = {
        "quotes": {"speaker", "cue", "kind", "attribution"},
        "events": {"predicate", "participants", "status", "times"},
        "quantities": {"value", "unit"},
        "time_expressions": {"value", "kind", "relation"},
    }[layer]
    assert keys >= expected
    spoiled = [{**g, **dict.fromkeys(expected, "wrong")} for g in gold]
    found = {a.key: a.accuracy for a in sca.score(spoiled, layer).accuracies}
    assert all(found[key] < 1.0 for key in expected)


def test_a_layer_added_as_one_row_is_scored_through_every_reader(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page's segments (furniture included) as a new layer: one row, and nothing else."""
    row = _layers.Layer("segments", "segment", ("Segment",), (_layers._category("kind"),))
    monkeypatch.setattr(_layers, "LAYERS", (*_layers.LAYERS, row))
    gold = sca.gold_predictions("segments")
    assert len(gold) == len(ARTICLE.segments) and gold[0]["kind"] == ARTICLE.segments[0].kind
    jsonl = tmp_path / "segments.jsonl"
    jsonl.write_text("".join(json.dumps({**g, "layer": "segments"}) + "\n" for g in gold), "utf-8")
    ann = tmp_path / "segments.ann"  # a brat T line holds one line of text
    one_line = [g for g in gold if "\n" not in g["text"]]
    lines = [
        f"T{n}\tSegment {g['start']} {g['end']}\t{g['text']}" for n, g in enumerate(one_line, 1)
    ]
    ann.write_text("\n".join(lines) + "\n", "utf-8")
    from_brat = sca.score(ann, "segments")
    assert len(from_brat.true_positives) == len(one_line) and from_brat.false_positives == ()
    spacy_file = sca.write_spacy(ARTICLE, tmp_path / "article.spacy")
    for predictions in (gold, jsonl, sca.to_spacy(ARTICLE), spacy_file):
        result = sca.score(predictions, "segments")
        assert (result.f1, result.outside) == (1.0, ()), predictions
    assert sca.score(gold, "segments").accuracy.kappa == 1.0  # type: ignore[union-attr]
