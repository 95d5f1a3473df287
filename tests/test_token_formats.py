"""The token formats, each read by its own tool: CoNLL-U by conllu and udapi (CorefUD), IOB2
by seqeval and spaCy's converter; and each read back by its module's ``read``.  The XMI is
tested in test_inception.py."""

from __future__ import annotations

import copy
import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import conllu
import pytest
import udapi
from hypothesis import given
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities
from spacy.training.converters.conll_ner_to_docs import conll_ner_to_docs

import secure_communities_article as sca
from conftest import ROOT
from secure_communities_article import _cli
from secure_communities_article.formats import conllu as conllu_format
from secure_communities_article.formats import iob2 as iob2_format
from test_synthetic import synthetic

ARTICLE = sca.load()
#: The gold UD treebank, read here by the conllu parser as the test oracle.
TREEBANK = ROOT / "src" / "secure_communities_article" / "data" / "treebank.conllu"
SOURCE = ARTICLE.source
#: UD's escapes in SpacesAfter (the CoNLL-U documentation's MISC conventions).
UD_SPACES = {r"\s": " ", r"\t": "\t", r"\r": "\r", r"\n": "\n"}


def exported(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    path = tmp_path_factory.mktemp(name) / f"article.{name}"
    assert _cli.main(["export", "--format", name, "--output", str(path)]) == 0
    return path


def udvalidate(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """UD's official validator on a file, in English."""
    command = [sys.executable, "-m", "udtools.cli", "--lang", "en", *options, str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def positions(mention_span: sca.Span) -> tuple[int, int, int]:
    """(sentence number, first and last word number) of a span, from the model's tokens."""
    number, sentence = next(
        (n, s) for n, s in enumerate(ARTICLE.sentences, 1) if s.contains(mention_span)
    )
    words = [t.span for t in ARTICLE.tokens_in(sentence)]
    first = next(i for i, w in enumerate(words, 1) if w.start == mention_span.start)
    last = next(i for i, w in enumerate(words, 1) if w.end == mention_span.end)
    return number, first, last


# --- CoNLL-U with CorefUD ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def conllu_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(tmp_path_factory, "conllu")


def test_conllu_parses_every_sentence_and_its_tokens_rebuild_the_source(conllu_path: Path) -> None:
    sentences = conllu.parse(conllu_path.read_text("utf-8"))
    assert [s.metadata["text"] for s in sentences] == [s.text for s in ARTICLE.sentences]
    assert sentences[0].metadata["newdoc id"] == Path(ARTICLE.metadata.source_file).stem
    assert sentences[0].metadata["global.Entity"] == "eid-etype-head"
    assert len({s.metadata["sent_id"] for s in sentences}) == len(sentences)
    rebuilt = ""
    for sentence in sentences:
        for token in surface_tokens(sentence):
            misc = token["misc"] or {}
            after = misc.get("SpacesAfter", "" if misc.get("SpaceAfter") == "No" else " ")
            for escape, space in UD_SPACES.items():
                after = after.replace(escape, space)
            rebuilt += token["form"] + after
    # the sentences run from the masthead to the author bio; the page furniture follows
    assert rebuilt == SOURCE[: len(rebuilt)]
    assert len(rebuilt.rstrip()) == ARTICLE.metadata.author_bio.end


def surface_tokens(sentence: conllu.TokenList) -> list[conllu.Token]:
    """The tokens as written: a multiword token's range line stands for the words inside it."""
    inside: set[int] = set()
    found = []
    for token in sentence:
        if isinstance(token["id"], tuple):
            inside.update(range(token["id"][0], token["id"][2] + 1))
        if token["id"] not in inside or isinstance(token["id"], tuple):
            found.append(token)
    return found


@pytest.mark.parametrize("coref", [False, True])
def test_udvalidate_passes_the_export_at_level_5(conllu_path: Path, coref: bool) -> None:
    result = udvalidate(conllu_path, "--level", "5", *["--coref"] * coref)
    assert result.returncode == 0 and "*** PASSED ***" in result.stderr, result.stderr
    assert "Error" not in result.stderr and "COREF" not in result.stderr


def test_udapi_reads_the_gold_coreference_chains(
    conllu_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)  # udapi warns of the empty HEAD column
    document = udapi.Document(str(conllu_path))
    assert [b.trees[0].compute_text() for b in document.bundles] == [
        s.text for s in ARTICLE.sentences
    ]
    read = {}
    for entity in document.coref_entities:
        read[entity.eid] = sorted(
            (m.words[0].root.bundle.number, m.words[0].ord, m.words[-1].ord)
            for m in entity.mentions
        )
        assert entity.etype == ARTICLE.entity(entity.eid.replace("_", "-")).etype
        for mention in entity.mentions:  # each with its head, as CorefUD 1.x requires
            assert mention.head in mention.words
        spans = [
            (m.words[0].root.bundle.number, m.words[0].ord, m.words[-1].ord)
            for m in entity.mentions
        ]
        nested = [
            (a, b)
            for a in spans
            for b in spans
            if a != b and a[0] == b[0] and a[1] <= b[1] and b[2] <= a[2]
        ]
        assert not nested, entity.eid  # no entity nests in itself
    heads = {
        (m.words[0].root.bundle.number, m.words[0].ord, m.words[-1].ord): m.head.form
        for entity in document.coref_entities
        for m in entity.mentions
    }
    assert heads == {positions(m.span): m.head.text for m in ARTICLE.mentions}
    gold = {
        entity.id.replace("-", "_"): sorted(positions(m.span) for m in ARTICLE.mentions_of(entity))
        for entity in ARTICLE.entities
    }
    assert read == gold


def test_conllu_read_gives_back_every_mention_with_its_chain(conllu_path: Path) -> None:
    read = conllu_format.read(conllu_path.read_bytes(), "article.conllu")
    assert sorted((r["start"], r["end"], r["cluster"]) for _, r in read) == sorted(
        (m.span.start, m.span.end, m.entity.replace("-", "_")) for m in ARTICLE.mentions
    )
    assert all("label" not in r for _, r in read)  # an etype is no label: chains, whatever type
    assert all(where.startswith("article.conllu:") for where, _ in read)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\tThe\t_\t_\t_\t_\t_\t_\t_\tEntity=(x-place\n", "mention of x never closed"),
        ("1\tThe\t_\t_\t_\t_\t_\t_\t_\tEntity=x)\n", "x) closes no open mention"),
        ("1\tA\t_\t_\t_\t_\t_\t_\t_\t_\n", "'A' is not the source's text at 0"),
    ],
)
def test_conllu_read_names_each_bad_line(text: str, message: str) -> None:
    with pytest.raises(sca.DataError) as caught:
        conllu_format.read(f"# text = The\n{text}".encode(), "bad.conllu")
    assert caught.value.problems == (("bad.conllu:2", message),)


# --- another document: the treebank annotates the article's words alone ------------------------


def with_token_split(document: dict[str, Any], index: int, at: int) -> sca.Article:
    """The document with its token ``index`` cut in two ``at`` a character in it: the same
    sentences, but no longer the treebank's words."""
    tokens = document["tokens"]
    start, end = tokens[index]["span"]["start"], tokens[index]["span"]["end"]
    tokens[index : index + 1] = [
        {"index": 0, "span": {"start": a, "end": b, "text": SOURCE[a:b]}}
        for a, b in ((start, start + at), (start + at, end))
    ]
    for position, token in enumerate(tokens):
        token["index"] = position
    return sca.from_dict(document)


#: The tokens that can be cut in two and leave a valid document: no mention's head word.
SPLITTABLE = [
    t
    for t in ARTICLE.tokens
    if len(t.span.text) > 1 and t.span not in {m.head for m in ARTICLE.mentions}
]
WASHINGTON = next(t.index for t in SPLITTABLE if t.span.text == "Washington")


@pytest.fixture(scope="module", params=["washington-split", "article-twice"])
def other_document(request: pytest.FixtureRequest) -> sca.Article:
    document = ARTICLE.to_dict()
    if request.param == "article-twice":
        return sca.from_dict(synthetic.repeated_document(2, document))
    return with_token_split(document, WASHINGTON, 4)


def test_a_copy_of_the_article_gets_the_treebank(shipped_document: dict[str, Any]) -> None:
    copied = sca.from_dict(shipped_document)
    assert conllu_format.render(copied) == conllu_format.render(ARTICLE)
    assert iob2_format.render(copied) == iob2_format.render(ARTICLE)


def test_another_documents_conllu_has_its_words_and_mentions_alone(
    other_document: sca.Article, tmp_path: Path
) -> None:
    """ID, FORM and MISC (spacing, entities); no lemma, tag or tree from the article's treebank."""
    text = conllu_format.render(other_document)
    sentences = conllu.parse(text)
    assert [[w["form"] for w in s] for s in sentences] == [
        [t.span.text for t in other_document.tokens_in(s)] for s in other_document.sentences
    ]
    for sentence in sentences:
        assert [w["id"] for w in sentence] == list(range(1, len(sentence) + 1))  # no ranges
    words = [line.split("\t") for line in text.splitlines() if line[:1].isdigit()]
    assert {tuple(columns[2:9]) for columns in words} == {("_",) * 7}
    assert sum(columns[9].count("(") for columns in words) == len(other_document.mentions)
    path = tmp_path / "other.conllu"
    path.write_text(text, encoding="utf-8")
    result = udvalidate(path, "--level", "1")  # the words and spacing; level 2 wants trees
    assert result.returncode == 0 and "*** PASSED ***" in result.stderr, result.stderr


def test_another_documents_conllu_reads_back_its_mentions() -> None:
    """Its brackets are on its own words (the reader walks the source: one copy of the text)."""
    article = with_token_split(ARTICLE.to_dict(), WASHINGTON, 4)
    read = conllu_format.read(conllu_format.render(article).encode(), "other.conllu")
    assert sorted((r["start"], r["end"], r["cluster"]) for _, r in read) == sorted(
        (m.span.start, m.span.end, m.entity.replace("-", "_")) for m in article.mentions
    )
    assert read[0] == ("other.conllu:5", {"start": 0, "end": 19, "cluster": "the_washington_post"})


def test_another_documents_iob2_has_no_pos(other_document: sca.Article) -> None:
    rows = [line.split(" ") for line in iob2_format.render(other_document).splitlines()[2:]]
    words = [t.span.text for s in other_document.sentences for t in other_document.tokens_in(s)]
    assert [row[0] for row in rows if row != [""]] == words
    assert {row[1] for row in rows if row != [""]} == {"_"}


@given(
    st.sampled_from(SPLITTABLE).flatmap(
        lambda t: st.tuples(st.just(t.index), st.integers(1, len(t.span.text) - 1))
    )
)
def test_any_token_cut_in_two_takes_the_treebank_off(cut: tuple[int, int]) -> None:
    """Wherever the words part from the treebank's, no lemma, tag or tree is written."""
    article = with_token_split(ARTICLE.to_dict(), *cut)
    conllu_words = [
        line.split("\t")
        for line in conllu_format.render(article).splitlines()
        if line[:1].isdigit()
    ]
    assert {tuple(columns[2:9]) for columns in conllu_words} == {("_",) * 7}
    rows = [line.split(" ") for line in iob2_format.render(article).splitlines()[2:] if line]
    assert {row[1] for row in rows} == {"_"}


# --- IOB2 ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def iob2_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(tmp_path_factory, "iob2")


def iob2_sentences(path: Path) -> list[list[list[str]]]:
    """The file's sentences as their lines' columns, CoNLL-2003's -DOCSTART- line left out."""
    blocks = path.read_text("utf-8").split("\n\n")
    return [
        [line.split(" ") for line in block.splitlines()]
        for block in blocks
        if block.strip() and not block.startswith("-DOCSTART-")
    ]


def outermost_names() -> list[tuple[str, tuple[str, ...]]]:
    """Each outermost name (a mention's NER extent): (kind, its tokens), found from every name."""
    names = [(m.name, m) for m in ARTICLE.mentions if m.name is not None]
    outermost = [(n, m) for n, m in names if not any(o.contains(n) and o != n for o, _ in names)]
    return [
        (ARTICLE.entity(m.entity).kind, tuple(t.span.text for t in ARTICLE.tokens_in(n)))
        for n, m in outermost
    ]


def test_the_iob2_file_has_the_conll_2003_layout(iob2_path: Path) -> None:
    text = iob2_path.read_text("utf-8")
    assert text.startswith("-DOCSTART- -X- -X- O\n\n")
    sentences = iob2_sentences(iob2_path)
    assert {len(columns) for sentence in sentences for columns in sentence} == {4}
    assert [" ".join(c[0] for c in s) for s in sentences] == [
        " ".join(t.span.text for t in ARTICLE.tokens_in(s)) for s in ARTICLE.sentences
    ]
    columns = [c for sentence in sentences for c in sentence]
    # one line per syntactic word (do + n't), with the treebank's Penn Treebank tag
    treebank = conllu.parse(TREEBANK.read_text("utf-8"))
    words = [w for sentence in treebank for w in sentence if isinstance(w["id"], int)]
    assert [(c[0], c[1]) for c in columns] == [(w["form"], w["xpos"]) for w in words]
    assert {"n\u2019t", "\u2019s", "\u2019re"} <= {c[0] for c in columns}
    assert {c[2] for c in columns} == {"_"}  # no chunks are annotated


def test_seqeval_reads_the_outermost_names(iob2_path: Path) -> None:
    sentences = iob2_sentences(iob2_path)
    tokens = [token for sentence in sentences for token, *_ in [*sentence, ("", "O")]]
    found = [
        (kind, tuple(tokens[start : end + 1]))
        for kind, start, end in get_entities([[c[-1] for c in s] for s in sentences])
    ]
    assert found == outermost_names()


def test_spacy_convert_reads_one_document_with_every_name(iob2_path: Path) -> None:
    """``spacy convert -c ner -n 0`` (its converter): CoNLL-2003's -DOCSTART- line it reads
    as a one-word sentence, as it does in the CoNLL-2003 files themselves."""
    text = iob2_path.read_text("utf-8")
    (doc,) = conll_ner_to_docs(text, n_sents=0, no_print=True)  # type: ignore[no-untyped-call]
    tokens = [t for s in ARTICLE.sentences for t in ARTICLE.tokens_in(s)]
    assert [t.text for t in doc] == ["-DOCSTART-", *(t.span.text for t in tokens)]
    assert [s.text for s in doc.sents][1:] == [
        " ".join(t.span.text for t in ARTICLE.tokens_in(s)) for s in ARTICLE.sentences
    ]
    assert [(e.label_, tuple(t.text for t in e)) for e in doc.ents] == outermost_names()


def test_iob2_read_gives_back_the_outermost_names(iob2_path: Path) -> None:
    read = iob2_format.read(iob2_path.read_bytes(), "article.iob2")
    assert [(r["start"], r["end"], r["label"]) for _, r in read] == [
        (m.name.start, m.name.end, ARTICLE.entity(m.entity).kind)
        for m in ARTICLE.names
        if m.name is not None
    ]


def test_iob2_read_walks_any_tokenization_of_the_source() -> None:
    text = "The O\nWashington B-organization\nPost I-organization\n\nICE B-org\nreforms O\n"
    assert iob2_format.read(text.encode(), "mine.iob2") == [
        ("mine.iob2:2", {"start": 4, "end": 19, "label": "organization"}),
        ("mine.iob2:5", {"start": 21, "end": 24, "label": "org"}),
    ]
    with pytest.raises(sca.DataError) as caught:
        iob2_format.read(b"The O\nWashingtn O\n", "bad.iob2")
    assert caught.value.problems == (("bad.iob2:2", "'Washingtn' is not the source's text at 4"),)


def test_udapi_reads_brackets_that_close_and_open_on_one_word(
    shipped_document: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """CorefUD's order at one word: closing brackets first, then openings, longest first."""
    document = copy.deepcopy(shipped_document)
    start = SOURCE.index("said John Morton")
    end = start + len("said John")
    said = {"start": start, "end": start + 4, "text": "said"}
    crossing = {
        "id": "mention-test-said-john",
        "entity": "the-washington-post",  # a test mention only: it ends where "John Morton…" starts
        "form": "nominal",
        "span": {"start": start, "end": end, "text": SOURCE[start:end]},
        "head": said,
        "name": None,
        "paragraph": 2,
    }
    position = next(i for i, m in enumerate(document["mentions"]) if m["span"]["start"] > start)
    document["mentions"].insert(position, crossing)
    article = sca.from_dict(document)
    path = tmp_path / "article.conllu"
    path.write_text(conllu_format.render(article), encoding="utf-8")
    caplog.set_level(logging.ERROR)  # udapi warns of the empty HEAD column
    read = {
        entity.eid: sorted(" ".join(w.form for w in m.words) for m in entity.mentions)
        for entity in udapi.Document(str(path)).coref_entities
    }
    for entity in ("the-washington-post", "john-morton"):
        mentions = article.mentions_of(entity)
        gold = [" ".join(t.span.text for t in article.tokens_in(m.span)) for m in mentions]
        assert read[entity.replace("-", "_")] == sorted(gold)


def test_each_export_read_back_scores_one(conllu_path: Path, iob2_path: Path) -> None:
    """The scorer takes what ``read`` gives: IOB2 as the names, CoNLL-U as every mention."""
    names = [m for _, m in iob2_format.read(iob2_path.read_bytes(), "article.iob2")]
    mentions = [m for _, m in conllu_format.read(conllu_path.read_bytes(), "article.conllu")]
    for predictions, layer in ((names, "mentions"), (mentions, "coreference")):
        result = sca.score(predictions, layer)
        assert (result.precision, result.recall) == (1.0, 1.0), layer


def test_the_scorer_reads_the_files_by_their_suffix(conllu_path: Path, iob2_path: Path) -> None:
    """Through the registry's ``reads``: IOB2 files as mentions, CoNLL-U as coreference."""
    assert sca.score(iob2_path, "mentions").f1 == 1.0
    result = sca.score(conllu_path, "coreference")
    assert result.f1 == 1.0
    metrics = {m.name: m.f1 for m in result.coreference}
    assert {"muc", "bcub", "ceafe", "lea"} <= set(metrics)
    assert set(metrics.values()) == {1.0}


@pytest.mark.parametrize("etype", ["other", "abstract", ""])
def test_chains_score_whatever_etype_a_system_writes(
    conllu_path: Path, tmp_path: Path, etype: str
) -> None:
    """CorefUD systems type entities ``other`` or write no etype: every bracket is a mention."""
    typed = f"-{etype}" if etype else ""
    text = re.sub(r"\(([^()\-|=]+)-[a-z]+", rf"(\1{typed}", conllu_path.read_text("utf-8"))
    kinds = {e.kind for e in ARTICLE.entities}
    assert not any(f"-{kind}" in text for kind in kinds)
    path = tmp_path / "system.conllu"
    path.write_text(text, encoding="utf-8")
    result = sca.score(path, "coreference")
    assert result.ignored == ()
    metrics = {m.name: m.f1 for m in result.coreference}
    assert metrics == dict.fromkeys(("muc", "bcub", "ceafm", "ceafe", "blanc", "lea", "conll"), 1.0)


@given(st.text(max_size=20))
def test_a_chained_mention_scores_whatever_its_label(label: str) -> None:
    """A coreference prediction that names its chain is a mention, whatever it is typed."""
    mention = ARTICLE.mentions[0]
    prediction = {"start": mention.span.start, "end": mention.span.end, "label": label}
    result = sca.score([{**prediction, "cluster": "e1"}], "coreference")
    assert (result.ignored, len(result.true_positives)) == ((), 1)
    unchained = sca.score([{**prediction, "label": f"{label}!"}], "coreference")
    assert len(unchained.true_positives) == 0  # without its chain, a label must be the layer's
