"""``to_html``'s time per highlight on the article and on documents 10 and 100 times larger.

The larger documents are ``synthetic.repeated_document``: the article's text and every
annotation repeated.  A linear page takes the same time per highlight at every size (the
ratio against 1x stays near 1).  Every size runs once per round, RUNS rounds (default 7),
and the table shows medians.

    python benchmarks/to_html.py [RUNS]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import _measure
import secure_communities_article as sca
import synthetic
from secure_communities_article.formats.html import highlights

SIZES = (1, 10, 100)


def timed(article: sca.Article) -> Callable[[], float]:
    def case() -> float:
        start = time.perf_counter()
        sca.to_html(article)
        return time.perf_counter() - start

    return case


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    print(_measure.machine(), f"; {runs} interleaved runs each\n")
    base = sca.load().to_dict()
    articles = {n: sca.from_dict(synthetic.repeated_document(n, base)) for n in SIZES}
    counts = {n: len(highlights(article)) for n, article in articles.items()}
    results = _measure.interleaved({n: timed(a) for n, a in articles.items()}, runs)
    page = {n: _measure.median(times) for n, times in results.items()}
    per_highlight = {n: page[n] / counts[n] * 1e6 for n in SIZES}
    rows: list[tuple[str, float, str, float | None, str]] = []
    for n in SIZES:
        rows.append((f"to_html, whole page, {n}x", page[n] * 1e3, "ms", None, ""))
    for n in SIZES:
        rows.append(
            (
                f"to_html per highlight, {n}x ({counts[n]} highlights)",
                per_highlight[n],
                "us",
                per_highlight[n] / per_highlight[1],
                "flat (ratio ~1)",
            )
        )
    _measure.table("to_html: time per highlight (ratio: against 1x)", rows)


if __name__ == "__main__":
    main()
