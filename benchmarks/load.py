"""In-process speed: first (uncached) load against json.loads, cached load, lookups, growth.

Every comparison is measured side by side, interleaved, RUNS rounds (default 21); each
round times a batch of calls and the table shows medians per call.

    python benchmarks/load.py [RUNS]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

import _measure
import secure_communities_article as sca
import synthetic
from secure_communities_article import _load

BYTES = _load.bundled_bytes(_load.ARTICLE_FILE)


def per_call(function: Callable[[], Any], calls: int) -> Callable[[], float]:
    """A case timing ``calls`` calls of ``function``; gives seconds per call."""

    def case() -> float:
        start = time.perf_counter()
        for _ in range(calls):
            function()
        return (time.perf_counter() - start) / calls

    return case


def uncached_load() -> None:
    _load._bundled = None  # forget the cached article: the next load() reads and builds anew
    sca.load()


def lookups(article: sca.Article) -> dict[str, Callable[[], Any]]:
    entity = article.entities[0]
    name = entity.label
    return {
        "entity(id)": lambda: article.entity(entity.id),
        "find(name)": lambda: article.find(name),
        "quotes_by(id)": lambda: article.quotes_by("john-morton"),
        "mentions_of(id)": lambda: article.mentions_of(entity.id),
    }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    print(_measure.machine(), f"; {runs} interleaved runs each\n")
    report = []

    # 2. first load in a warm process: the whole uncached load() against json.loads alone.
    sca.load()
    first = _measure.interleaved(
        {
            "json.loads": per_call(lambda: json.loads(BYTES), 20),
            "load (uncached)": per_call(uncached_load, 20),
        },
        runs,
    )
    json_us = _measure.median(first["json.loads"]) * 1e6
    load_us = _measure.median(first["load (uncached)"]) * 1e6
    report.append(
        _measure.table(
            "First load() in a warm process",
            [
                ("json.loads of article.json", json_us, "us", None, ""),
                (
                    "load(): read, parse, build, check, index",
                    load_us,
                    "us",
                    load_us / json_us,
                    "<= 4x",
                ),
            ],
        )
    )

    # 3. cached load and lookups, on the article and on a document 100 times larger.
    article = sca.load()
    large = sca.from_dict(synthetic.repeated_document(100, article.to_dict()))
    cases: dict[str, Callable[[], float]] = {"load() (cached)": per_call(sca.load, 100_000)}
    for size, subject in (("1x", article), ("100x", large)):
        for name, function in lookups(subject).items():
            cases[f"{name} {size}"] = per_call(function, 20_000)
    timed = _measure.interleaved(cases, runs)
    rows = []
    for name, values in timed.items():
        value = _measure.median(values) * 1e6
        if name.endswith("100x"):
            small = _measure.median(timed[name.replace("100x", "1x")]) * 1e6
            rows.append((name, value, "us", value / small, "a few us; flat (ratio ~1)"))
        else:
            rows.append((name, value, "us", None, "< 1 us" if "load" in name else "a few us"))
    report.append(_measure.table("Cached load and lookups (ratio: 100x against 1x)", rows))

    # 4. growth: per-annotation load time and lookup time across 1, 10, 100 times the annotations.
    documents = {
        n: json.dumps(synthetic.repeated_document(n, article.to_dict())).encode()
        for n in (1, 10, 100)
    }
    counts = {n: synthetic.annotation_count(json.loads(data)) for n, data in documents.items()}
    built = {n: sca.from_json(data) for n, data in documents.items()}
    cases = {}
    for n, data in documents.items():
        cases[f"from_json {n}x"] = per_call(lambda data=data: sca.from_json(data), max(1, 30 // n))
        cases[f"find(name) {n}x"] = per_call(lookups(built[n])["find(name)"], 20_000)
    timed = _measure.interleaved(cases, max(15, runs // 2))
    base = _measure.median(timed["from_json 1x"]) * 1e6 / counts[1]
    base_find = _measure.median(timed["find(name) 1x"]) * 1e6
    rows = []
    for n in (1, 10, 100):
        per_annotation = _measure.median(timed[f"from_json {n}x"]) * 1e6 / counts[n]
        rows.append(
            (
                f"from_json per annotation, {n}x ({counts[n]} annotations)",
                per_annotation,
                "us",
                per_annotation / base,
                "within 1.5x",
            )
        )
    for n in (1, 10, 100):
        find = _measure.median(timed[f"find(name) {n}x"]) * 1e6
        rows.append((f"find(name), {n}x", find, "us", find / base_find, "flat"))
    report.append(
        _measure.table("Growth (ratio: against 1x; from_json includes the checksum)", rows)
    )


if __name__ == "__main__":
    main()
