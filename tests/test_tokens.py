# ruff: noqa: RUF001  (the cases hold typographic apostrophes and quotation marks)
"""The tokens layer: the one rule, and the build's use of it (the validator's token rules
are among the hand-made cases of ``test_invariants``)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import conllu
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ROOT, script

TOOL = ROOT / "tools" / "build_data.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return script(TOOL, "build_data_tokens")


def texts(tool: ModuleType, source: str) -> list[str]:
    return [t["span"]["text"] for t in tool.tokens(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Washington, D.C., writes", ["Washington", ",", "D.C.", ",", "writes"]),
        ("Oakland, Calif., also", ["Oakland", ",", "Calif.", ",", "also"]),
        ("Calif.x Cal. CALIF.", ["Calif.", "x", "Cal", ".", "CALIF", "."]),
        ("about 1,400 jurisdictions —", ["about", "1,400", "jurisdictions", "—"]),
        ("“We don’t,” he said.", ["“", "We", "do", "n’t", ",", "”", "he", "said", "."]),
        ("We’re sure that's it", ["We", "’re", "sure", "that", "'s", "it"]),
        (
            "It’s There’s You’ll we’ve I’m he’d",
            ["It", "’s", "There", "’s", "You", "’ll", "we", "’ve", "I", "’m", "he", "’d"],
        ),
        ("can't won’t n’t", ["ca", "n't", "wo", "n’t", "n’t"]),
        (
            "an “information-sharing agreement",
            ["an", "“", "information", "-", "sharing", "agreement"],
        ),
        ("the governors’ concerns", ["the", "governors", "’", "concerns"]),
        ("the ’s ’sx", ["the", "’", "s", "’", "sx"]),
        ("a 6-week 3.5% rise", ["a", "6", "-", "week", "3.5", "%", "rise"]),
        ("Three.\u00a0Video -x", ["Three", ".", "Video", "-", "x"]),
    ],
)
def test_the_rule_on_hand_made_cases(tool: ModuleType, source: str, expected: list[str]) -> None:
    assert texts(tool, source) == expected


@given(st.text(st.characters(codec="utf-8"), max_size=60))
def test_tokens_cover_every_character_but_white_space(tool: ModuleType, source: str) -> None:
    found = tool.tokens(source)
    assert [t["index"] for t in found] == list(range(len(found)))
    covered = 0
    for token in found:
        span = token["span"]
        assert source[span["start"] : span["end"]] == span["text"] and span["text"]
        assert not any(c.isspace() for c in span["text"])
        assert not source[covered : span["start"]].strip()
        covered = span["end"]
    assert not source[covered:].strip()


def test_the_shipped_tokens_are_the_treebanks_words_and_follow_the_rule(
    tool: ModuleType, article: sca.Article
) -> None:
    treebank = conllu.parse(
        (ROOT / "src/secure_communities_article/data/treebank.conllu").read_text("utf-8")
    )
    words = [w["form"] for sentence in treebank for w in sentence if isinstance(w["id"], int)]
    assert [t.span.text for t in article.tokens] == words
    assert [(t.index, t.span.start, t.span.end) for t in article.tokens] == [
        (i, t["span"]["start"] + s.start, t["span"]["end"] + s.start)
        for i, (s, t) in enumerate((s, t) for s in article.sentences for t in tool.tokens(s.text))
    ]
    # the page furniture has no tokens: no token-level export holds half-covered text
    assert article.tokens[-1].span.end == article.metadata.author_bio.end


def test_sentences_cover_the_segments_that_carry_annotations(article: sca.Article) -> None:
    annotated = {"masthead", "headline", "author-bio"}
    for segment in article.segments:
        assert bool(segment.sentences) == (segment.kind in annotated), segment.id
    assert article.sentences[0].text == "The Washington Post"
    assert article.sentences[-1].text == article.metadata.author_bio.text
    assert len(article.sentences) == sum(len(p.sentences) for p in article.paragraphs) + 3


def test_the_build_refuses_an_annotation_inside_a_token_and_names_it(
    tool: ModuleType, tmp_path: Path
) -> None:
    folder = tmp_path / "annotations"
    shutil.copytree(ROOT / "annotations", folder)
    path = folder / "mentions.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace(
        'span: {exact: "Morton", prefix: "which "}', 'span: {exact: "Mort", prefix: "which "}'
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(
        tool.BuildError, match=r"mentions mention-john-morton-which-said\.span\.end: no token ends"
    ):
        tool.build(folder)
