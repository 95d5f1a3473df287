"""The agreement of the two annotations per layer, as docs/evaluate.md and the datasheet publish it.

The gold (``sca.load()``) against the blind second annotation (``sca.second_annotation()``),
scored by ``sca.score`` with the second annotation as the predictions: each figure is the
scorer's own, and so is each interval (F1: Bayesian; an agreement: Jeffreys'; kappa: the
agreement's, chance held; each by paragraph, by chain in coreference), except the chain
metrics': the scorer gives them none, so theirs is a percentile bootstrap of the chains
(``_stats.paired_bootstrap`` against a constant 0: ``RESAMPLES`` draws, seed 0).

    python benchmarks/agreement.py           # print the tables
    python benchmarks/agreement.py --check   # exit 1 unless both docs hold them
"""

from __future__ import annotations

import pathlib
import sys
from collections.abc import Callable
from typing import Any

import secure_communities_article as sca
from secure_communities_article import _score, _stats

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "evaluate.md", ROOT / "docs" / "datasheet.md")
RESAMPLES = 2000
SPAN_HEADER = (
    "| layer | gold | second | precision | recall | F1, exact [95% interval] "
    "| F1, overlap [95% interval] |",
    "| --- | --- | --- | --- | --- | --- | --- |",
)
VALUE_HEADER = (
    "| layer | value | agreement [95% interval] | Cohen's kappa [95% interval] |",
    "| --- | --- | --- | --- |",
)
CHAIN_METRICS = ("conll", "muc", "bcub", "ceafm", "ceafe", "blanc", "lea")
CHAIN_HEADER = (
    "| matching | singletons | CoNLL F1 | MUC | B³ | CEAFm | CEAFe | BLANC | LEA |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
)


def bounds(low: float, high: float) -> str:
    return f"[{low:.3f}, {high:.3f}]"


def bootstrap(units: int, figures: Callable[[list[int]], list[float]]) -> list[tuple[float, float]]:
    """Each figure's 95% percentile interval over ``units`` clusters resampled, as ``compare``
    draws them (``_stats.paired_bootstrap`` against a constant 0)."""
    found = _stats.paired_bootstrap(
        units, lambda weights: [(f, 0.0) for f in figures(weights)], RESAMPLES, 0
    )
    return [(interval.low, interval.high) for _, _, interval, _ in found]


def span_rows(second: sca.Article) -> list[str]:
    """Each layer's span agreement, exact and overlap."""
    rows = []
    for layer in sca.LAYERS:
        exact, overlap = (sca.score(second, layer.name, match=m) for m in ("exact", "overlap"))
        gold = len(exact.true_positives) + len(exact.false_negatives)
        found = len(exact.true_positives) + len(exact.false_positives)
        rows.append(
            f"| {layer.name} | {gold} | {found} | {exact.precision:.3f} | {exact.recall:.3f} "
            f"| {exact.f1:.3f} {bounds(exact.interval.low, exact.interval.high)} "
            f"| {overlap.f1:.3f} {bounds(overlap.interval.low, overlap.interval.high)} |"
        )
    return rows


def value_rows(second: sca.Article, gold: sca.Article) -> list[str]:
    """Each value's agreement over the spans both annotated, and kappa where it is categorical."""
    rows = []
    for layer in sca.LAYERS:
        for a in sca.score(second, layer.name).accuracies:
            shown = cells(a.correct, a.total, a.interval, a.kappa, a.kappa_interval)
            rows.append(f"| {layer.name} | {a.name} | {shown} |")
    rows.append(f"| mentions | entity kind | {kind_agreement(second, gold)} |")
    return rows


def cells(right: int, total: int, interval: Any, kappa: float | None, kappa_interval: Any) -> str:
    """An agreement's cells: the share right with its interval, kappa with its (or blank)."""
    share = f"{right}/{total} = {right / total:.3f} {bounds(interval.low, interval.high)}"
    if kappa is None:
        return f"{share} | "
    return f"{share} | {kappa:.3f} {bounds(kappa_interval.low, kappa_interval.high)}"


def kind_agreement(second: sca.Article, gold: sca.Article) -> str:
    """Entity kind over the mentions both annotated with the same extent, by paragraph: the
    scorer pairs mentions only of one kind, so this pairs them here and uses its statistics."""
    theirs = {(m.span.start, m.span.end): second.entity(m.entity).kind for m in second.mentions}
    pairs = [
        (m.paragraph, gold.entity(m.entity).kind, theirs[m.span.start, m.span.end])
        for m in gold.mentions
        if (m.span.start, m.span.end) in theirs
    ]
    units: dict[Any, list[int]] = {}
    for unit, kind, their_kind in pairs:
        cell = units.setdefault(unit, [0, 0])
        cell[0], cell[1] = cell[0] + (kind == their_kind), cell[1] + 1
    interval = _stats.f1_interval(list(units.values()), f1=False)
    kappa = _stats.cohens_kappa([(g, s) for _, g, s in pairs], interval)
    right = sum(cell[0] for cell in units.values())
    return cells(right, len(pairs), interval, *kappa)


def chain_rows(second: sca.Article, gold: sca.Article) -> list[str]:
    """Each chain metric's F1 with its interval (chains resampled), in the field's two settings."""
    rows = []
    for match, singletons in (("exact", True), ("head", False)):
        run = _score._run(second, "coreference", match, None, singletons, gold)
        units = list(dict.fromkeys(run.gold_units + run.predicted_units))
        observed = {m.name: m.f1 for m in run.chains()}

        def figures(weights: list[int], run: Any = run, units: list[Any] = units) -> list[float]:
            chains = {m.name: m.f1 for m in run.chains(dict(zip(units, weights, strict=True)))}
            return [chains[name] for name in CHAIN_METRICS]

        shown = [
            f"{observed[name]:.3f} {bounds(*interval)}"
            for name, interval in zip(CHAIN_METRICS, bootstrap(len(units), figures), strict=True)
        ]
        kept = "kept" if singletons else "left out"
        rows.append(f"| {match} | {kept} | {' | '.join(shown)} |")
    return rows


def tables() -> list[str]:
    """The three tables, blank lines between them, as both docs hold them."""
    second, gold = sca.second_annotation(), sca.load()
    return [
        *SPAN_HEADER,
        *span_rows(second),
        "",
        *VALUE_HEADER,
        *value_rows(second, gold),
        "",
        *CHAIN_HEADER,
        *chain_rows(second, gold),
    ]


def published(path: pathlib.Path) -> list[str]:
    """The table lines of a doc's Agreement section, one blank line between tables."""
    text = path.read_text(encoding="utf-8")
    section = text.split("# Agreement\n", 1)[1].split("\n#")[0]
    lines: list[str] = []
    for line in section.splitlines():
        if line.startswith("|"):
            lines.append(line)
        elif lines and lines[-1] != "":
            lines.append("")
    return lines[:-1] if lines and lines[-1] == "" else lines


def main() -> None:
    computed = tables()
    if "--check" not in sys.argv[1:]:
        print("\n".join(computed))
        return
    stale = [path.name for path in DOCS if published(path) != computed]
    for name in stale:
        print(f"{name}'s Agreement section does not hold the computed tables")
    if stale:
        print("rerun benchmarks/agreement.py and copy its tables into both docs")
        sys.exit(1)
    print("both docs' Agreement sections hold the computed tables")


if __name__ == "__main__":
    main()
