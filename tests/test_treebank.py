# ruff: noqa: RUF001  (the cases hold typographic apostrophes and quotation marks)
"""The gold UD English treebank (data/treebank.conllu, bundled): UD's own validator passes it,
it holds every character of the 21 sentences, and a few hand-checked analyses stay put."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import conllu
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ROOT

TREEBANK = ROOT / "src" / "secure_communities_article" / "data" / "treebank.conllu"
DOC_ID = "wapo-2011-06-17-ice-reforms-secure-communities"
# The one warning the validator gives: EWT and GUM leave Mood off the modals (will, can, ...).
ALLOWED_WARNINGS = {"verbform-fin-without-mood"}


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    """Run UD's official validator (udtools) on a file at level 5, English."""
    command = [sys.executable, "-m", "udtools.cli", "--lang", "en", "--level", "5", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def raw() -> str:
    return TREEBANK.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sentences(raw: str) -> list[conllu.TokenList]:
    return conllu.parse(raw)


def surface_tokens(sentence: conllu.TokenList) -> list[conllu.Token]:
    """The tokens as written: a multiword token's range line stands for the words inside it."""
    inside: set[int] = set()
    tokens = []
    for token in sentence:
        if isinstance(token["id"], tuple):
            inside.update(range(token["id"][0], token["id"][2] + 1))
            tokens.append(token)
        elif token["id"] not in inside:
            tokens.append(token)
    return tokens


def rebuilt_text(sentence: conllu.TokenList) -> str:
    """The sentence's text from its FORMs and SpaceAfter=No, as CoNLL-U defines it."""
    parts = []
    for token in surface_tokens(sentence):
        parts.append(token["form"])
        if (token["misc"] or {}).get("SpaceAfter") != "No":
            parts.append(" ")
    return "".join(parts).rstrip(" ")


def words(sentence: conllu.TokenList) -> list[conllu.Token]:
    return [token for token in sentence if isinstance(token["id"], int)]


def word(sentence: conllu.TokenList, form: str) -> conllu.Token:
    (found,) = [token for token in words(sentence) if token["form"] == form]
    return found


def test_udvalidate_level_5_passes() -> None:
    result = validate(TREEBANK)
    assert result.returncode == 0, result.stderr
    assert "*** PASSED ***" in result.stderr
    warned = {
        line.split("WARNING ")[1].split("]")[0]
        for line in result.stderr.splitlines()
        if "WARNING " in line
    }
    assert warned <= ALLOWED_WARNINGS, result.stderr


def test_udvalidate_fails_on_a_broken_tree(raw: str, tmp_path: Path) -> None:
    """The check above can fail: a tree with two roots is refused."""
    subject = "1\tICE\tICE\tPROPN\tNNP\tNumber=Sing\t2\tnsubj"
    broken = raw.replace(subject, subject.replace("\t2\tnsubj", "\t0\troot"), 1)
    assert broken != raw
    path = tmp_path / "broken.conllu"
    path.write_text(broken, encoding="utf-8")
    assert validate(path).returncode != 0


def test_comments_name_the_document_and_every_sentence(sentences: list[conllu.TokenList]) -> None:
    assert sentences[0].metadata["newdoc id"] == DOC_ID
    assert all("newdoc id" not in s.metadata for s in sentences[1:])
    ids = [s.metadata["sent_id"] for s in sentences]
    assert ids == [f"{DOC_ID}-{n}" for n in range(1, 22)]


def test_text_lines_are_the_package_sentences(sentences: list[conllu.TokenList]) -> None:
    assert [s.metadata["text"] for s in sentences] == [s.text for s in sca.load().sentences]


def test_forms_and_spaces_rebuild_each_text(sentences: list[conllu.TokenList]) -> None:
    for sentence in sentences:
        assert rebuilt_text(sentence) == sentence.metadata["text"], sentence.metadata["sent_id"]


def test_forms_are_every_non_space_character(sentences: list[conllu.TokenList]) -> None:
    """Nothing lost, nothing added: the tokens' forms are the sentences' characters but spaces."""
    forms = "".join(t["form"] for s in sentences for t in surface_tokens(s))
    expected = "".join(s.text for s in sca.load().sentences)
    assert forms == "".join(expected.split())


def test_multiword_tokens_are_their_words(sentences: list[conllu.TokenList]) -> None:
    ranges = {}
    for sentence in sentences:
        by_id = {t["id"]: t for t in words(sentence)}
        for token in sentence:
            if isinstance(token["id"], tuple):
                first, _, last = token["id"]
                parts = [by_id[i]["form"] for i in range(first, last + 1)]
                assert "".join(parts) == token["form"]
                ranges[token["form"]] = parts
    assert ranges == {
        "don’t": ["do", "n’t"],
        "governors’": ["governors", "’"],
        "that’s": ["that", "’s"],
        "We’re": ["We", "’re"],
        "there’s": ["there", "’s"],
        "It’s": ["It", "’s"],
    }


def test_counts(sentences: list[conllu.TokenList]) -> None:
    assert len(sentences) == 21
    assert sum(len(words(s)) for s in sentences) == 470
    assert sum(len(surface_tokens(s)) for s in sentences) == 464


def test_headline_is_a_clause_with_reforms_as_its_verb(sentences: list[conllu.TokenList]) -> None:
    headline = sentences[1]
    root = word(headline, "reforms")
    assert (root["upos"], root["xpos"], root["lemma"], root["deprel"]) == (
        "VERB",
        "VBZ",
        "reform",
        "root",
    )
    assert word(headline, "ICE")["deprel"] == "nsubj"
    assert word(headline, "program")["deprel"] == "obj"


def test_contractions_split_as_ewt(sentences: list[conllu.TokenList]) -> None:
    negation = word(sentences[12], "n’t")
    assert (negation["lemma"], negation["upos"], negation["xpos"]) == ("not", "PART", "RB")
    assert negation["feats"] == {"Polarity": "Neg"}
    assert (word(sentences[12], "do")["upos"], word(sentences[12], "do")["deprel"]) == (
        "AUX",
        "aux",
    )
    possessive = word(sentences[13], "’")
    assert (possessive["lemma"], possessive["upos"], possessive["xpos"], possessive["deprel"]) == (
        "'s",
        "PART",
        "POS",
        "case",
    )
    assert word(sentences[13], "governors")["deprel"] == "nmod:poss"
    copula = word(sentences[19], "’s")
    assert (copula["lemma"], copula["upos"], copula["deprel"]) == ("be", "AUX", "cop")
    perfect = word(sentences[18], "’s")
    assert (perfect["lemma"], perfect["deprel"]) == ("have", "aux")


def test_abbreviations_keep_their_period(sentences: list[conllu.TokenList]) -> None:
    state = word(sentences[11], "Calif.")
    assert (state["lemma"], state["upos"], state["feats"]) == (
        "California",
        "PROPN",
        {"Abbr": "Yes", "Number": "Sing"},
    )
    assert word(sentences[20], "D.C.")["deprel"] == "nmod:unmarked"


def test_hyphenated_compound_splits_at_the_hyphen(sentences: list[conllu.TokenList]) -> None:
    forms = [t["form"] for t in words(sentences[14])]
    start = forms.index("information")
    assert forms[start : start + 3] == ["information", "-", "sharing"]
    hyphen = words(sentences[14])[start + 1]
    assert (hyphen["upos"], hyphen["xpos"], hyphen["deprel"]) == ("PUNCT", "HYPH", "punct")
    assert words(sentences[14])[start]["misc"] == {"SpaceAfter": "No"}
    sharing = words(sentences[14])[start + 2]
    assert (sharing["upos"], sharing["deprel"], sharing["head"]) == ("NOUN", "compound", start + 4)


def test_punctuation_tags(sentences: list[conllu.TokenList]) -> None:
    tags = {
        (t["form"], t["upos"], t["xpos"])
        for s in sentences
        for t in words(s)
        if t["upos"] == "PUNCT"
    }
    assert ("“", "PUNCT", "``") in tags
    assert ("”", "PUNCT", "''") in tags
    assert ("—", "PUNCT", ":") in tags  # the Penn Treebank tags a dash ":"
    assert {xpos for form, _, xpos in tags if form in "“”"} == {"``", "''"}


def test_current_english_relations(sentences: list[conllu.TokenList]) -> None:
    """UD English since 2.13/2.15: passive by-phrases are obl:agent, bare-NP times obl:unmarked."""
    assert word(sentences[2], "Friday")["deprel"] == "obl:unmarked"
    assert word(sentences[3], "agencies")["deprel"] == "obl:agent"
    assert word(sentences[15], "program")["deprel"] == "nsubj:pass"
    assert word(sentences[16], "is")["deprel"] == "aux:pass"
    assert word(sentences[10], "out")["deprel"] == "compound:prt"
    assert word(sentences[2], "program")["deprel"] == "nsubj"
    assert word(sentences[2], "drawn")["deprel"] == "acl:relcl"


def test_reported_speech_hangs_from_the_speech_verb(sentences: list[conllu.TokenList]) -> None:
    for index, quoted in (
        (6, "policy"),
        (9, "suspend"),
        (13, "take"),
        (14, "agreement"),
        (18, "pleased"),
    ):
        said = word(sentences[index], "said")
        assert said["deprel"] == "root"
        assert word(sentences[index], quoted)["head"] == said["id"]
        assert word(sentences[index], quoted)["deprel"] == "ccomp"


@given(st.data())
def test_a_changed_space_breaks_the_text_check(
    sentences: list[conllu.TokenList], data: st.DataObject
) -> None:
    """Flipping any token's SpaceAfter changes the rebuilt text, so the check above would fail."""
    sentence = data.draw(st.sampled_from(sentences))
    token = data.draw(st.sampled_from(surface_tokens(sentence)[:-1]))
    copy = conllu.parse(sentence.serialize())[0]
    changed = next(t for t in copy if t["id"] == token["id"])
    spaced = (changed["misc"] or {}).get("SpaceAfter") != "No"
    changed["misc"] = {"SpaceAfter": "No"} if spaced else None
    assert rebuilt_text(copy) != sentence.metadata["text"]
