"""The agreement of the two annotations per layer, as docs/evaluate.md and the datasheet publish it.

The first annotation as it was when the two were compared (the gold with the adjudication's
changes undone: ``annotations/adjudication.yaml``) against the blind second annotation
(``sca.second_annotation()``), scored by ``sca.score`` with the second as the predictions;
then the second against the adjudicated gold (``sca.load()``).  Each figure is the scorer's,
and so is each interval (F1: Bayesian; an agreement: Jeffreys'; kappa: the agreement's,
chance held; each by paragraph, by chain in coreference), except the chain metrics': the
scorer gives them none, so theirs is a percentile bootstrap of the chains
(``_stats.paired_bootstrap`` against a constant 0: ``RESAMPLES`` draws, seed 0).

    python benchmarks/agreement.py           # print the tables
    python benchmarks/agreement.py --check   # exit 1 unless both docs hold them
"""

from __future__ import annotations

import importlib.util
import io
import pathlib
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

from udtools import udeval  # type: ignore[import-untyped]  # the UD evaluation, CoNLL 2018

import secure_communities_article as sca
from secure_communities_article import _describe, _score, _stats

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_data", ROOT / "tools" / "build_data.py")
assert _spec is not None and _spec.loader is not None
BUILD = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(BUILD)  # the build's reader of annotation files and text selectors
LAYERS = [c.name for c in _describe.COLLECTIONS]
TREEBANK = ROOT / "src" / "secure_communities_article" / "data" / "treebank.conllu"
SECOND_TREEBANK = ROOT / "annotations" / "second" / "treebank.conllu"
DOCS = (ROOT / "docs" / "evaluate.md", ROOT / "docs" / "datasheet.md")
RESAMPLES = 2000
SPAN_HEADER = (
    "| layer | first | second | precision | recall | F1, exact [95% interval] "
    "| F1, overlap [95% interval] |",
    "| --- | --- | --- | --- | --- | --- | --- |",
)
VALUE_HEADER = (
    "| layer | value | agreement [95% interval] | Cohen's kappa [95% interval] |",
    "| --- | --- | --- | --- |",
)
TREEBANK_HEADER = (
    "| UD figure | first | second | agreed | F1 [95% interval] |",
    "| --- | --- | --- | --- | --- |",
)
UD_COLUMNS = ("id", "form", "lemma", "upos", "xpos", "feats", "head", "deprel", "deps", "misc")
UD_FIGURES = ("UPOS", "XPOS", "UFeats", "AllTags", "Lemmas", "UAS", "LAS", "CLAS", "MLAS", "BLEX")
#: udeval's reading options, as its command line sets them by default
UD_OPTIONS = {"no_empty_nodes": False, "multiple_roots_okay": False} | dict.fromkeys(
    (
        "no_gapping",
        "no_shared_parents_in_coordination",
        "no_shared_dependents_in_coordination",
        "no_control",
        "no_external_arguments_of_relative_clauses",
        "no_case_info",
    ),
    0,
)
AFTER_HEADER = (
    "| layer (after adjudication) | F1, exact | lowest value agreement | CoNLL F1 |",
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


def span_rows(second: sca.Article, first: sca.Article) -> list[str]:
    """Each layer's span agreement, exact and overlap."""
    rows = []
    for layer in sca.LAYERS:
        exact, overlap = (
            sca.score(second, layer.name, match=m, article=first) for m in ("exact", "overlap")
        )
        ours = len(exact.true_positives) + len(exact.false_negatives)
        theirs = len(exact.true_positives) + len(exact.false_positives)
        rows.append(
            f"| {layer.name} | {ours} | {theirs} | {exact.precision:.3f} | {exact.recall:.3f} "
            f"| {exact.f1:.3f} {bounds(exact.interval.low, exact.interval.high)} "
            f"| {overlap.f1:.3f} {bounds(overlap.interval.low, overlap.interval.high)} |"
        )
    return rows


def value_rows(second: sca.Article, first: sca.Article) -> list[str]:
    """Each value's agreement over the spans both annotated, and kappa where it is categorical."""
    rows = []
    for layer in sca.LAYERS:
        for a in sca.score(second, layer.name, article=first).accuracies:
            shown = cells(a.correct, a.total, a.interval, a.kappa, a.kappa_interval)
            rows.append(f"| {layer.name} | {a.name} | {shown} |")
    rows.append(f"| mentions | entity kind | {kind_agreement(second, first)} |")
    return rows


def cells(right: int, total: int, interval: Any, kappa: float | None, kappa_interval: Any) -> str:
    """An agreement's cells: the share right with its interval, kappa with its (or blank)."""
    share = f"{right}/{total} = {right / total:.3f} {bounds(interval.low, interval.high)}"
    if kappa is None:
        return f"{share} | "
    return f"{share} | {kappa:.3f} {bounds(kappa_interval.low, kappa_interval.high)}"


def kind_agreement(second: sca.Article, first: sca.Article) -> str:
    """Entity kind, one pair per entity of the first annotation that the second also
    mentions (a mention of the same full extent): its kind against the kind of the second's
    entity most of those mentions name. Kind is decided once per entity, so the entity is
    the unit; the scorer pairs mentions only of one kind, so this pairs them here."""
    theirs = {(m.span.start, m.span.end): m.entity for m in second.mentions}
    named: dict[str, Counter[str]] = {}
    for m in first.mentions:
        if (m.span.start, m.span.end) in theirs:
            named.setdefault(m.entity, Counter())[theirs[m.span.start, m.span.end]] += 1
    pairs = [
        (first.entity(ours).kind, second.entity(votes.most_common(1)[0][0]).kind)
        for ours, votes in named.items()
    ]
    right = sum(kind == their_kind for kind, their_kind in pairs)
    interval = _stats.f1_interval([(kind == their, 1) for kind, their in pairs], "entity", f1=False)
    return cells(right, len(pairs), interval, *_stats.cohens_kappa(pairs, interval))


def chain_rows(second: sca.Article, first: sca.Article) -> list[str]:
    """Each chain metric's F1 with its interval (chains resampled), in the field's two settings."""
    rows = []
    for match, singletons in (("exact", True), ("head", False)):
        run = _score._run(second, "coreference", match, None, singletons, first)
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


def treebank_rows(first: str, second: str) -> list[str]:
    """Each figure of the official UD evaluation (CoNLL 2018, udtools' ``udeval``) of the second
    treebank against the first, with its Bayesian F1 interval by sentence."""

    def evaluated(gold: str, system: str) -> Any:
        texts = (text.strip() + "\n\n" for text in (gold, system))  # ends with an empty line
        read = (udeval.load_conllu(io.StringIO(text), "", UD_OPTIONS) for text in texts)
        return udeval.evaluate(*read)

    pairs = zip(first.strip().split("\n\n"), second.strip().split("\n\n"), strict=True)
    by_sentence = [evaluated(gold, system) for gold, system in pairs]
    whole, rows = evaluated(first, second), []
    for name in UD_FIGURES:
        cells = [
            (2 * s[name].correct, s[name].gold_total + s[name].system_total) for s in by_sentence
        ]
        interval = _stats.f1_interval(cells, "sentence")
        found = whole[name]
        rows.append(
            f"| {name} | {found.gold_total} | {found.system_total} | {found.correct} "
            f"| {found.f1:.3f} {bounds(interval.low, interval.high)} |"
        )
    return rows


def first_annotation(gold: sca.Article) -> sca.Article:
    """The gold as it was when compared: every change of ``annotations/adjudication.yaml``
    undone, the old value put back, an added record taken out; validated."""
    changes = [c for c in BUILD.read("adjudication", BUILD.ANNOTATIONS) if "record" in c]
    return sca.from_dict(undone(gold.to_dict(), changes, gold.source))


def first_treebank(gold: str) -> str:
    """The gold UD treebank as it was when compared: the adjudication's word changes undone."""
    sentences = [block.split("\n") for block in gold.strip().split("\n\n")]
    for change in BUILD.read("adjudication", BUILD.ANNOTATIONS):
        lines = sentences[change["treebank"] - 1] if "treebank" in change else []
        for n, cells in enumerate(line.split("\t") for line in lines):
            if cells[0] == str(change["word"]):
                cells[UD_COLUMNS.index(change["field"])] = change["before"]
                lines[n] = "\t".join(cells)
    return "\n\n".join("\n".join(lines) for lines in sentences) + "\n\n"


def undone(document: dict[str, Any], changes: list[Any], source: str) -> dict[str, Any]:
    """The document (plain data, changed in place) with these adjudication changes undone."""
    records = {r["id"]: (r, layer) for layer in LAYERS for r in document[layer]}
    for change in changes:
        record, layer = records[change["record"]]
        if change.get("added"):
            document[layer].remove(record)
            continue
        *path, field = change["field"].split(".")
        for step in path:
            record = record[int(step) if step.isdigit() else step]
        record[field] = BUILD.resolve(change["before"], source, change["record"])
    return document


def tables() -> list[str]:
    """The tables, blank lines between them, as both docs hold them: the first annotation
    (before adjudication) against the second, then the adjudicated gold's span F1."""
    second, gold = sca.second_annotation(), sca.load()
    first = first_annotation(gold)
    return [
        *SPAN_HEADER,
        *span_rows(second, first),
        "",
        *VALUE_HEADER,
        *value_rows(second, first),
        "",
        *CHAIN_HEADER,
        *chain_rows(second, first),
        "",
        *TREEBANK_HEADER,
        *treebank_rows(
            first_treebank(TREEBANK.read_text("utf-8")), SECOND_TREEBANK.read_text("utf-8")
        ),
        "",
        *AFTER_HEADER,
        *after_rows(second, gold),
    ]


def after_rows(second: sca.Article, gold: sca.Article) -> list[str]:
    """Each layer's agreement with the adjudicated gold: span F1 and its lowest value."""
    rows = []
    for layer in sca.LAYERS:
        scored = sca.score(second, layer.name, article=gold)
        low = min((a.accuracy for a in scored.accuracies), default=None)
        lowest = "-" if low is None else f"{low:.3f}"
        conll = f"{scored.to_dict()['conll']['f1']:.3f}" if layer.cluster else "-"
        rows.append(f"| {layer.name} | {scored.f1:.3f} | {lowest} | {conll} |")
    return rows


def published(path: pathlib.Path) -> list[str]:
    """The table lines of a doc's Agreement section, one blank line between tables."""
    text = path.read_text(encoding="utf-8")
    return table_lines(text.split("# Agreement\n", 1)[1].split("\n#")[0])


def table_lines(section: str) -> list[str]:
    """The table lines of a section of Markdown, one blank line between tables."""
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
