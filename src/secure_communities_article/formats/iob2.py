"""IOB2 in the CoNLL-2003 layout, as spaCy's ``convert -c ner``, seqeval and taggers read.

``WORD POS CHUNK NER`` per UD word, NER tagging the outermost names (docs/exports.md).
``read`` gives a file's tagged mentions back (the last column), walking the source token by
token: any tokenization reads.
"""

from __future__ import annotations

import re
from typing import Any

from .._article import Article
from .._errors import DataError, shown
from .._load import bundled_bytes, load, text_lines
from .tables import article_id

SIGNATURE = rb"\A-DOCSTART- "
DOCSTART = "-DOCSTART-"
#: What a treebank annotates: its sentences' texts, its words' IDs and FORMs (not ranges).
WORDS = re.compile(r"^(?:# text = .*|\d+\t[^\t]*)", re.M)
#: The value of a column the article does not annotate (CoNLL-U's).
UNANNOTATED = "_"


def render(article: Article) -> str:
    """The IOB2 file (see the module doc)."""
    tags: dict[int, str] = {}
    for mention in article.names:
        kind = article.entity(mention.entity).kind
        for position, token in enumerate(article.tokens_in(mention.name or mention.span)):
            tags[token.index] = f"{'I' if position else 'B'}-{kind}"
    words = (line.split("\t") for line in treebank(article))
    xpos = iter(columns[4] for columns in words if columns[0].isdigit())
    lines = [f"{DOCSTART} -X- -X- O", ""]
    for sentence in article.sentences:
        for token in article.tokens_in(sentence):
            tag = tags.get(token.index, "O")
            lines.append(f"{token.span.text} {next(xpos)} {UNANNOTATED} {tag}")
        lines.append("")
    return "\n".join(lines)


def treebank(article: Article) -> list[str]:
    """The sentences' CoNLL-U lines: the bundled treebank's if it is their text, else ID, FORM."""
    lines = [f"# newdoc id = {article_id(article)}"]
    for number, sentence in enumerate(article.sentences, 1):
        lines += [f"# sent_id = {article_id(article)}-{number}", f"# text = {sentence.text}"]
        tokens = enumerate(article.tokens_in(sentence), 1)
        lines += [f"{n}\t{token.span.text}" + "\t_" * 8 for n, token in tokens] + [""]
    bundled = bundled_bytes("treebank.conllu").decode("utf-8")
    same = WORDS.findall(bundled) == WORDS.findall("\n".join(lines))
    return bundled.splitlines() if same else lines


def read(data: bytes, name: str, source: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The tagged mentions of an IOB2 file as ``{start, end, label}``, each with its line.

    Offsets are the source's (the bundled article's unless ``source`` is given): each
    token must be the source's next characters after white space.  Tags are read as their
    scheme means them (:func:`tag_parts`); a stray ``I-`` begins a mention, as seqeval reads it.
    """
    text = load().source if source is None else source
    found: list[tuple[str, dict[str, Any]]] = []
    offset, open_ = 0, False
    for where, line in text_lines(data, name):
        fields = line.split()
        if fields[:1] == [DOCSTART] or not fields:
            open_ = False
            continue
        if len(fields) == 1:
            raise DataError.at(where, f"no tag after {shown(fields[0])}")
        start = anchor(text, offset, where, fields[0])
        offset = start + len(fields[0])
        prefix, label = tag_parts(fields[-1])
        if prefix in "IEL" and open_ and found[-1][1]["label"].casefold() == label.casefold():
            found[-1][1]["end"] = offset
        elif prefix != "O":
            found.append((where, {"start": start, "end": offset, "label": label}))
        open_ = prefix in "BI"
    return found


def tag_parts(tag: str) -> tuple[str, str]:
    """A tag's prefix and label, in any case: IOB2's B- and I-, IOBES's E- and S-, BILOU's L-
    and U-, or O; an unprefixed label is inside a mention of it (IO), as seqeval reads it."""
    prefix, dash, label = tag.partition("-")
    if dash and len(prefix) == 1 and prefix.upper() in "BIELSU":
        return prefix.upper(), label
    return ("O", "") if tag.upper() == "O" else ("I", tag)


def anchor(source: str, offset: int, where: str, token: str) -> int:
    """Where ``token``, the source's next characters after white space, starts; else DataError."""
    start = offset
    while start < len(source) and source[start].isspace():
        start += 1
    if not source.startswith(token, start):
        raise DataError.at(where, f"{shown(token)} is not the source's text at {start}")
    return start
