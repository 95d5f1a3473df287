"""The published baselines (docs/evaluate.md) are what benchmarks/baselines.py computes.

The trivial coreference rows need no extra and are computed here; spaCy's and textacy's
rows are checked by ``benchmarks/baselines.py --check`` in CI's every-extra environment.
"""

from __future__ import annotations

import pathlib
from types import ModuleType

import pytest

from conftest import script

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def baselines() -> ModuleType:
    return script(ROOT / "benchmarks" / "baselines.py")


def chain_table(lines: list[str], header: tuple[str, ...]) -> list[str]:
    """The table that starts with ``header``, up to the blank line after it."""
    start = lines.index(header[0])
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_docs_hold_exactly_the_computed_coreference_rows(baselines: ModuleType) -> None:
    published = baselines.published()
    rows = [*baselines.coreference_rows(), *baselines.human_chain_rows()]
    assert chain_table(published, baselines.CHAIN_HEADER) == [*baselines.CHAIN_HEADER, *rows]


def test_docs_hold_exactly_the_computed_human_rows(baselines: ModuleType) -> None:
    published, human = baselines.published(), baselines.human_rows()
    spans = published[: published.index("")]
    assert spans[-len(human) :] == human and len(human) == len(baselines.sca.LAYERS)


def test_trivial_baselines_behave_as_their_definitions_say(baselines: ModuleType) -> None:
    rows = {
        tuple(cell.strip() for cell in row.strip("|").split("|")[:2]): row
        for row in baselines.coreference_rows()
    }
    assert len(rows) == 2 * len(baselines.TRIVIAL)
    # Every mention alone: no links, so MUC is 0; without singletons nothing is left.
    assert rows["all singletons", "kept"].split(" | ")[3] == "0.000"
    assert rows["all singletons", "left out"].count("0.000") == len(baselines.CHAIN_METRICS)
    # One chain: every key link is found, so MUC recall is 1 and MUC F1 is high.
    assert float(rows["one cluster", "kept"].split(" | ")[3]) > 0.5
    # The same figure as the exact-match example of docs/evaluate.md's Coreference section.
    assert rows["exact string match", "kept"].split(" | ")[2] == "0.591"


def test_published_section_has_both_tables(baselines: ModuleType) -> None:
    published = baselines.published()
    assert published[: len(baselines.SPAN_HEADER)] == list(baselines.SPAN_HEADER)
    assert published.count("") == 1  # two tables, one blank line between them


def test_check_names_every_changed_row(baselines: ModuleType) -> None:
    computed = [*baselines.CHAIN_HEADER, *baselines.coreference_rows()]
    shown = [*computed[:-1], computed[-1].replace("|", "| 0.999 |", 1)]
    problems = baselines.differences(computed, shown)
    assert len(problems) == 2 and computed[-1] in problems[0] and shown[-1] in problems[1]
    assert baselines.differences(computed, computed) == []
    reordered = baselines.differences(computed, [*computed[::-1]])
    assert reordered == ["docs/evaluate.md holds the computed lines in another order"]
