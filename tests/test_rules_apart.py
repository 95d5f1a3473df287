"""The annotation guide states rules, not this article's answers (issue 24).

A blind second annotator reads the source and ``docs/annotation-guide.md``; if the guide
quoted the article it would be an answer key. So it prints none of the article's
quotations and no run of five consecutive words of its body (nor of its headline and
bio), read from the source.
"""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ROOT

GUIDE = ROOT / "docs" / "annotation-guide.md"
RUN = 5
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
#: Runs of five words the rules may share with the article because they are ordinary
#: English that any rule would use, not the article's content (none needed today).
COMMON_RUNS: frozenset[tuple[str, ...]] = frozenset()

needs_guide = pytest.mark.skipif(not GUIDE.is_file(), reason="needs the source tree's docs/")


def words(text: str) -> list[str]:
    """The text's words, lowercased, with curly apostrophes made straight."""
    return WORD.findall(text.replace("\u2019", "'").lower())


def runs(text: str) -> set[tuple[str, ...]]:
    """Every run of RUN consecutive words of the text."""
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


ARTICLE = sca.load()
#: The annotated text, block by block: the body paragraphs, and the masthead, headline
#: and bio (the segments with sentences; page furniture has none).
BLOCKS = [p.text for p in ARTICLE.paragraphs] + [
    s.span.text for s in ARTICLE.segments if s.sentences
]
TEXT_RUNS = set().union(*(runs(block) for block in BLOCKS)) - COMMON_RUNS


def shared_runs(rules: str) -> list[str]:
    """The article's runs that the rules print, sorted."""
    return sorted(" ".join(run) for run in runs(rules) & TEXT_RUNS)


def printed_quotations(rules: str) -> list[str]:
    """The article's quotations that the rules print, as words, in any spacing."""
    flat = " ".join(words(rules))
    return [q.id for q in ARTICLE.quotes if " ".join(words(q.span.text)) in flat]


@needs_guide
def test_the_rules_print_no_quotation_of_the_article() -> None:
    assert printed_quotations(GUIDE.read_text(encoding="utf-8")) == []


@needs_guide
def test_the_rules_print_no_five_word_run_of_the_article() -> None:
    assert shared_runs(GUIDE.read_text(encoding="utf-8")) == []


def printed_ids(rules: str) -> list[str]:
    """The ids of the article's records that the rules name, as whole ids."""
    layers = (getattr(ARTICLE, field.name) for field in attrs.fields(sca.Article))
    ids = {
        record.id
        for layer in layers
        if isinstance(layer, tuple)
        for record in layer
        if hasattr(record, "id")
    }
    return sorted(i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", rules))


@needs_guide
def test_the_rules_name_no_record_of_the_article() -> None:
    assert printed_ids(GUIDE.read_text(encoding="utf-8")) == []


def test_the_id_check_finds_a_named_record() -> None:
    assert printed_ids("as `quote-ice-official-take-that-lightly` shows (not `ice-officials`)") == [
        "quote-ice-official-take-that-lightly"
    ]


@needs_guide
@pytest.mark.parametrize("quote", ARTICLE.quotes, ids=lambda q: q.id)
def test_a_quotation_pasted_into_the_rules_is_caught(quote: sca.Quote) -> None:
    pasted = GUIDE.read_text(encoding="utf-8") + f"\nFor example “{quote.span.text}”\n"
    assert printed_quotations(pasted) == [quote.id]
    assert shared_runs(pasted)


@needs_guide
@given(st.data())
def test_any_run_of_the_article_pasted_anywhere_is_caught(data: st.DataObject) -> None:
    rules = GUIDE.read_text(encoding="utf-8")
    long_enough = [block for block in BLOCKS if len(words(block)) >= RUN]
    body = words(data.draw(st.sampled_from(long_enough)))
    start = data.draw(st.integers(0, len(body) - RUN))
    at = data.draw(st.integers(0, len(rules)))
    pasted = " ".join(body[start : start + RUN]).upper()
    assert shared_runs(f"{rules[:at]} {pasted} {rules[at:]}")


def test_the_run_check_reads_the_article_from_the_source() -> None:
    assert len(BLOCKS) == len(ARTICLE.paragraphs) + 3 and TEXT_RUNS
    assert all(" ".join(run) in " ".join(words(ARTICLE.source)) for run in TEXT_RUNS)
