"""IOB2 in the CoNLL-2003 layout, as spaCy's ``convert -c ner``, seqeval and taggers read.

After CoNLL-2003's ``-DOCSTART- -X- -X- O`` line and a blank line, each of the article's
sentences gives a ``WORD POS CHUNK NER`` line per UD word (``do`` ``n't``, as the Penn
Treebank splits it) and a blank line.  POS is the treebank's Penn tag (``_`` in another text),
CHUNK ``_`` (no chunks are annotated); NER tags the outermost names, ``B-`` and the entity
kind on the first token, ``I-`` on the rest, ``O`` elsewhere.  ``read`` gives a file's tagged
mentions back (the last column), walking the source token by token: any tokenization reads.
"""

from __future__ import annotations

import re
from typing import Any

from .._article import Article
from .._errors import DataError, shown
from .._load import bundled_bytes, load
from .tables import article_id

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
    token must be the source's next characters after white space.  A stray ``I-`` (no
    ``B-`` of its kind before it) begins a mention, as seqeval reads it.
    """
    rows: list[tuple[str, str, str]] = []  # (location, token, tag); a blank line's token ""
    for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
        fields = line.split()
        if fields and fields[0] != DOCSTART:
            rows.append((f"{name}:{number}", fields[0], fields[-1] if len(fields) > 1 else ""))
        elif not fields:
            rows.append((f"{name}:{number}", "", "O"))
    problems = [(where, f"no tag after {shown(token)}") for where, token, tag in rows if not tag]
    if problems:
        raise DataError(problems)
    spans = align([(where, token) for where, token, _ in rows], source)
    found: list[tuple[str, dict[str, Any]]] = []
    open_ = False
    for (where, _, tag), (start, end) in zip(rows, spans, strict=True):
        inside, _, label = tag.partition("-")
        if inside == "I" and open_ and found[-1][1]["label"] == label:
            found[-1][1]["end"] = end
        elif inside in ("B", "I"):
            found.append((where, {"start": start, "end": end, "label": label}))
        open_ = inside in ("B", "I")
    return found


def align(tokens: list[tuple[str, str]], source: str | None) -> list[tuple[int, int]]:
    """Each (location, token)'s offsets in the source, walked in order ("" is a boundary).

    A token that is not the source's next characters is a :class:`DataError` (every later
    token would be out of step, so it is the one problem reported).
    """
    text = load().source if source is None else source
    spans, offset = [], 0
    for where, token in tokens:
        start = offset
        while start < len(text) and text[start].isspace():
            start += 1
        if not text.startswith(token, start):
            raise DataError.at(where, f"{shown(token)} is not the source's text at {start}")
        offset = start + len(token)
        spans.append((start, offset))
    return spans
