"""The measured coverage of ``score``'s 95% F1 interval, as docs/evaluate.md reports it.

Through the public API, for the layers of 2, 5, 7 and 21 gold items: a system finds each
gold item with probability r and makes Poisson(s n) one-character spurious predictions in
the body; its true F1 is 2r / (1 + r + s).  Then, for the design effect, 9 paragraphs of 33
items whose recall varies by paragraph (Beta with concentration c: lower c, more clustering),
through the interval's function itself.

    python benchmarks/coverage.py [TRIALS]
"""

from __future__ import annotations

import math
import random
import sys

import secure_communities_article as sca
from secure_communities_article._stats import f1_interval

ARTICLE = sca.load()


def poisson(rng: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product >= limit:
        count, product = count + 1, product * rng.random()
    return count


def layer_coverage(layer: str, recall: float, spurious: float, trials: int) -> tuple[int, float]:
    rng, gold = random.Random(0), sca.gold_predictions(layer, article=ARTICLE)
    truth, covered = 2 * recall / (1 + recall + spurious), 0
    for _ in range(trials):
        found = [g for g in gold if rng.random() < recall]
        for _ in range(poisson(rng, spurious * len(gold))):
            paragraph = rng.choice(ARTICLE.paragraphs).span
            start = rng.randrange(paragraph.start, paragraph.end - 1)
            found.append({"start": start, "end": start + 1, "label": gold[0]["label"]})
        interval = sca.score(found, layer, article=ARTICLE).interval
        covered += interval.low <= truth <= interval.high
    return len(gold), covered / trials


def clustered_coverage(concentration: float, trials: int, design_effect: bool) -> float:
    rng, recall, spurious = random.Random(0), 0.8, 0.3
    share = recall / (1 + spurious)
    truth, covered = 2 * share / (1 + share), 0
    for _ in range(trials):
        clusters = []
        for _ in range(9):
            found = rng.betavariate(recall * concentration, (1 - recall) * concentration)
            tp = sum(rng.random() < found for _ in range(33))
            clusters.append((tp, poisson(rng, spurious * 33), 33 - tp))
        if not design_effect:
            clusters = [(sum(c[0] for c in clusters), sum(c[1] for c in clusters), 0)]
            clusters[0] = (clusters[0][0], clusters[0][1], 297 - clusters[0][0])
        interval = f1_interval([(2 * tp, 2 * tp + fp + fn) for tp, fp, fn in clusters])
        covered += interval.low <= truth <= interval.high
    return covered / trials


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(f"{trials} trials each\n")
    print("| layer | n | r = 0.9, s = 0.3 | r = 0.7, s = 0.5 | r = 0.95, s = 0.1 |")
    print("|---|---:|---:|---:|---:|")
    for layer in ("quantities", "time_expressions", "quotes", "mentions"):
        cells = [
            layer_coverage(layer, r, s, trials) for r, s in ((0.9, 0.3), (0.7, 0.5), (0.95, 0.1))
        ]
        print(f"| {layer} | {cells[0][0]} | " + " | ".join(f"{c:.3f}" for _, c in cells) + " |")
    print("\n| clustering (c) | with the design effect | without |")
    print("|---|---:|---:|")
    for concentration in (5.0, 20.0, 1e6):
        found = [clustered_coverage(concentration, trials, effect) for effect in (True, False)]
        print(f"| {concentration:g} | {found[0]:.3f} | {found[1]:.3f} |")


if __name__ == "__main__":
    main()
