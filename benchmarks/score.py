"""``score``'s time per prediction at 10^4, 10^5 and 10^6 mention predictions.

The predictions are the gold names repeated, every tenth shifted by one character (so
there are matches, spurious items and misses), given as mappings.  A linear scorer
takes the same time per prediction at every size (the ratio against 10^4 stays near
1).  Both matchings are timed (the interval is exact: nothing is resampled).  Every size
runs once per round, RUNS rounds (default 3), and the table shows medians.

    python benchmarks/score.py [RUNS]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import _measure
import secure_communities_article as sca

SIZES = (10_000, 100_000, 1_000_000)


def predictions(count: int) -> list[dict[str, Any]]:
    gold = sca.gold_predictions("mentions")
    found = []
    for n in range(count):
        item = gold[n % len(gold)]
        shift = 1 if n % 10 == 0 else 0
        found.append({"start": item["start"] + shift, "end": item["end"], "label": item["label"]})
    return found


def timed(items: list[dict[str, Any]], match: str) -> Callable[[], float]:
    def case() -> float:
        start = time.perf_counter()
        sca.score(items, "mentions", match=match)
        return time.perf_counter() - start

    return case


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(_measure.machine(), f"; {runs} interleaved runs each\n")
    sets = {n: predictions(n) for n in SIZES}
    for match in ("exact", "overlap"):
        cases = {n: timed(items, match) for n, items in sets.items()}
        results = _measure.interleaved(cases, runs)
        per = {n: _measure.median(times) / n * 1e6 for n, times in results.items()}
        rows = [
            (
                f"{match} match, {n:,} predictions, per prediction",
                per[n],
                "us",
                per[n] / per[SIZES[0]],
                "flat, ~25 us",
            )
            for n in SIZES
        ]
        _measure.table(f"score(..., 'mentions', match={match!r})", rows)


if __name__ == "__main__":
    main()
