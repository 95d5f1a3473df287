"""A score's uncertainty, by the units its items cluster in: an F1 interval, a paired test."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ._spans import ratio

LEVEL = 0.95
TAIL = (1 - LEVEL) / 2
PRIOR = 0.5  #: Goutte and Gaussier's prior count on each of tp, fp and fn: Jeffreys' 1/2


@attrs.frozen
class Interval:
    """An interval of a figure, at a level, and the method that gave it."""

    low: float
    high: float
    level: float  #: the coverage aimed at, 0.95
    method: str  #: how it was computed

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return attrs.asdict(self)


def _beta_cdf(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction."""
    if x <= 0.0 or x >= 1.0:
        return max(0.0, min(1.0, x))
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast only below the mean
        return 1.0 - _beta_cdf(1.0 - x, b, a)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(log_front + a * math.log(x) + b * math.log1p(-x)) / a
    tiny, f, c, d = 1e-300, 1.0, 1.0, 0.0  # f = 1 + d1 / (1 + d2 / (1 + ...)), by Lentz
    for step in range(1, 200_000):
        m = step // 2
        if step % 2:  # the odd and the even partial numerators
            term = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        else:
            term = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1.0 / (1.0 + term * d or tiny)  # tiny where a denominator is exactly 0
        c = 1.0 + term / c or tiny
        f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return front / f


def _beta_quantile(q: float, a: float, b: float) -> float:
    """The q-quantile of Beta(a, b), by bisection of the distribution function."""
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if _beta_cdf(middle, a, b) < q else (low, middle)
    return (low + high) / 2


def f1_interval(
    clusters: Sequence[Sequence[int]], unit: str = "paragraph", f1: bool = True
) -> Interval:
    """The F1's 95% credible interval from each cluster's (2 tp, 2 tp + fp + fn): Goutte and
    Gaussier's (2005) exact F1 = 2X / (1 + X), X ~ Beta(tp + 1/2, fp + fn + 1), the counts
    divided by the clusters' design effect (Kish 1965), at least 1; a perfect (null) F1's
    reaches 1 (0), as Brown, Cai and DasGupta (2001) bound Jeffreys'.  ``f1=False``: a share's
    from each cluster's (right, all), Jeffreys' Beta(right + 1/2, wrong + 1/2) so divided."""
    cells = [(x // 2, n - x // 2) if f1 else (x, n) for x, n in clusters]  # (right, all)
    right, units = sum(c[0] for c in cells), sum(c[1] for c in cells)
    share, effect = ratio(right, units), 1.0
    if len(cells) > 1 and 0.0 < share < 1.0:
        spread = sum((tp - share * n) ** 2 for tp, n in cells) * len(cells) / (len(cells) - 1)
        effect = max(1.0, spread / units**2 / (share * (1.0 - share) / units))
    a, b = right / effect + PRIOR, (units - right) / effect + (1 + f1) * PRIOR
    low, high = (_beta_quantile(q, a, b) for q in (TAIL, 1 - TAIL))
    low, high = (0.0 if right == 0 else low), (1.0 if right == units else high)
    if not f1:
        return Interval(low, high, LEVEL, f"Jeffreys interval, {unit} design effect")
    method = f"Bayesian F1 interval (Goutte and Gaussier 2005), {unit} design effect"
    return Interval(2 * low / (1 + low), 2 * high / (1 + high), LEVEL, method)


def cohens_kappa(
    values: Sequence[tuple[Any, Any]], agreement: Interval
) -> tuple[float | None, Interval | None]:
    """Cohen's kappa of (gold, predicted) values, None if undefined (one value only), and its
    interval: the agreement's interval through kappa = (agreed - chance) / (1 - chance), the
    chance agreement held at its observed value, within kappa's range [-1, 1]."""
    gold, guess = Counter(g for g, _ in values), Counter(p for _, p in values)
    chance = sum(gold[k] * guess[k] for k in gold) / len(values) ** 2 if values else 1.0
    if chance == 1.0:
        return None, None
    agreed = sum(g == p for g, p in values) / len(values)
    low, high = (max(-1.0, (x - chance) / (1.0 - chance)) for x in (agreement.low, agreement.high))
    method = f"{agreement.method}, chance agreement held"
    return (agreed - chance) / (1.0 - chance), Interval(low, high, LEVEL, method)


def _percentile(values: list[float], share: float) -> float:
    """The share-quantile of sorted values by Harrell and Davis (1982), steady where they repeat."""
    n = len(values)
    a, b = share * (n + 1), (1 - share) * (n + 1)
    spread = 12 * math.sqrt(share * (1 - share) * n) + 2  # the weights beyond are negligible
    first, last = max(0, int(share * n - spread)), min(n, int(share * n + spread) + 1)
    weights = [_beta_cdf(i / n, a, b) for i in range(first, last + 1)]
    return sum((weights[k + 1] - weights[k]) * values[first + k] for k in range(last - first))


def paired_bootstrap(
    clusters: int,
    figures: Callable[[list[int]], list[tuple[float, ...]]],
    resamples: int,
    seed: int,
    unit: str = "paragraph",
) -> list[tuple[float, float, Interval, float]]:
    """Two systems' figures (``figures(weights)``: (a, b), cluster ``n`` drawn ``weights[n]``
    times), with the interval of a - b and its two-sided p-value, by a paired cluster bootstrap
    (Efron and Tibshirani 1993, 16.4; Berg-Kirkpatrick et al. 2012): a cluster drawn carries
    both systems' outcomes.  p = (k + 1) / (resamples + 1), k: as far from the observed as 0.
    A draw where a figure is undefined (NaN: a kappa of one value) is left out of its interval."""
    rng = random.Random(seed)

    def resample() -> list[float]:
        weights = [0] * clusters
        for _ in range(clusters):
            weights[rng.randrange(clusters)] += 1
        return [a - b for a, b in figures(weights)]

    draws = zip(*[resample() for _ in range(resamples)], strict=True)
    drawn = [sorted(v for v in c if not math.isnan(v)) for c in draws]
    method = f"paired {unit} bootstrap, {resamples} resamples"
    found = []
    for values, (a, b) in zip(drawn, figures([1] * clusters), strict=True):
        extreme = sum(1 for v in values if abs(v - (a - b)) >= abs(a - b))
        interval = Interval(_percentile(values, TAIL), _percentile(values, 1 - TAIL), LEVEL, method)
        found.append((a, b, interval, (extreme + 1) / (len(values) + 1)))
    return found
