"""The uncertainty of a score: percentile bootstrap intervals and a paired bootstrap test.

A score's matching outcomes (matched pairs, spurious predictions, missed gold items)
are resampled with replacement.  Only their counts matter to an F1, so a resample is a
multinomial draw of the counts, made of exact binomial draws: the cost does not grow
with the number of predictions.  The seed makes the same input give the same interval.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import Any

import attrs

LEVEL = 0.95


@attrs.frozen
class Interval:
    """A percentile bootstrap interval."""

    low: float
    high: float
    level: float  #: the coverage aimed at, 0.95
    resamples: int

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return attrs.asdict(self)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _binomial(rng: random.Random, n: int, p: float) -> int:
    """An exact Binomial(n, p) draw: inversion, from the mode outwards (about sqrt(n) steps)."""
    if n <= 0 or p <= 0.0 or p >= 1.0:
        return n if p >= 1.0 else 0
    mode = min(n, int((n + 1) * p))
    log_mass = math.lgamma(n + 1) - math.lgamma(mode + 1) - math.lgamma(n - mode + 1)
    mass = math.exp(log_mass + mode * math.log(p) + (n - mode) * math.log1p(-p))
    left, odds = rng.random() - mass, p / (1.0 - p)
    low, high, low_mass, high_mass = mode, mode, mass, mass
    while left > 0.0 and (low > 0 or high < n):
        if high < n:
            high_mass *= (n - high) / (high + 1) * odds
            high, left = high + 1, left - high_mass
            if left <= 0.0:
                return high
        if low > 0:
            low_mass *= low / ((n - low + 1) * odds)
            low, left = low - 1, left - low_mass
            if left <= 0.0:
                return low
    return mode  # rounding left a sliver of mass: the most likely value


def _multinomial(rng: random.Random, counts: list[int]) -> list[int]:
    """How often each outcome is drawn in ``sum(counts)`` draws with replacement."""
    left, mass, drawn = sum(counts), sum(counts), []
    for count in counts[:-1]:
        found = _binomial(rng, left, count / mass) if mass else 0
        drawn.append(found)
        left, mass = left - found, mass - count
    return [*drawn, left]


def _percentiles(values: list[float], resamples: int) -> Interval:
    values.sort()
    tail = (1 - LEVEL) / 2
    low = values[int(tail * resamples)]
    high = values[max(0, math.ceil((1 - tail) * resamples) - 1)]
    return Interval(low, high, LEVEL, resamples)


def bootstrap(counts: tuple[int, int, int], resamples: int, seed: int) -> Interval:
    """The F1's interval over (true positive, false positive, false negative) outcomes."""
    rng = random.Random(seed)
    values = [_f1(*_multinomial(rng, list(counts))) for _ in range(resamples)]
    return _percentiles(values, resamples)


def paired_bootstrap(
    gold: Counter[tuple[bool, bool]], spurious_a: int, spurious_b: int, resamples: int, seed: int
) -> tuple[Interval, float]:
    """The interval of F1(a) - F1(b) and its two-sided p-value, resampling the units both
    systems share (each gold item, found by a, by b, and each spurious prediction); the
    p-value is the share of resampled differences at least as far from the observed one as it
    is from 0, the bootstrap's null (Berg-Kirkpatrick, Burkett and Klein 2012; Efron and
    Tibshirani 1993, 16.4), counted as (k + 1) / (resamples + 1)."""
    kinds = [(True, True), (True, False), (False, True), (False, False)]
    counts = [gold[k] for k in kinds] + [spurious_a, spurious_b]

    def difference(n: list[int]) -> float:
        both, only_a, only_b, neither, fp_a, fp_b = n
        a = _f1(both + only_a, fp_a, only_b + neither)
        return a - _f1(both + only_b, fp_b, only_a + neither)

    observed = difference(counts)
    rng = random.Random(seed)
    values = [difference(_multinomial(rng, counts)) for _ in range(resamples)]
    extreme = sum(1 for v in values if abs(v - observed) >= abs(observed))
    return _percentiles(values, resamples), (extreme + 1) / (resamples + 1)
