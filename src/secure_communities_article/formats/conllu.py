"""CoNLL-U with CorefUD 1.x coreference: the format of Universal Dependencies and CorefUD.

One document (``# newdoc id``, the source file's name without its extension) whose
``# global.Entity = eid-etype`` declares the entity attribute; each of the article's
sentences (``article.sentences``) has its ``# sent_id`` and ``# text``, and one line per
token (``article.tokens``), whose columns but ID and FORM are ``_`` (no lemmas or syntax
are annotated).  MISC holds ``SpaceAfter=No`` where a token touches the next, and
``SpacesAfter`` (escaped as UD does: ``\\s``, ``\\n``...) where other white space
follows, so the source can be rebuilt; and CorefUD's ``Entity`` brackets for every
mention, nested ones included: the eid is the entity's id with ``_`` for ``-`` (which
CorefUD reserves), the etype its kind.  ``read`` gives a file's mentions back with their
entity as ``cluster``, located by walking the source token by token.
"""

from __future__ import annotations

import re
from typing import Any

from .._article import Article
from .._errors import DataError
from .iob2 import align
from .tables import article_id

#: UD's escapes of white space in ``SpacesAfter`` (those of udapi's tokenizers).
ESCAPES = str.maketrans({" ": r"\s", "\t": r"\t", "\r": r"\r", "\n": r"\n"})
CHUNK = re.compile(r"\([^()]+\)?|[^()]+\)")


def render(article: Article) -> str:
    """The CoNLL-U file (see the module doc)."""
    source, stem = article.source, article_id(article)
    chunks: dict[int, list[tuple[int, int, str]]] = {}  # token -> (order, tie, chunk)
    for mention in article.mentions:
        tokens = article.tokens_in(mention.span)
        first, last, size = tokens[0].index, tokens[-1].index, len(tokens)
        eid, etype = mention.entity.replace("-", "_"), article.entity(mention.entity).kind
        # CorefUD's order: closing brackets (shorter first), openings (longer first), singles
        if size == 1:
            chunks.setdefault(first, []).append((2, 0, f"({eid}-{etype})"))
        else:
            chunks.setdefault(first, []).append((1, -size, f"({eid}-{etype}"))
            chunks.setdefault(last, []).append((0, size, f"{eid})"))
    next_starts = [*(t.span.start for t in article.tokens[1:]), len(source)]
    lines = [f"# newdoc id = {stem}", "# global.Entity = eid-etype"]
    for number, sentence in enumerate(article.sentences, 1):
        lines += [f"# sent_id = {stem}-{number}", f"# text = {sentence.text}"]
        for position, token in enumerate(article.tokens_in(sentence), 1):
            misc = []
            if token.index in chunks:
                misc.append("Entity=" + "".join(c for *_, c in sorted(chunks[token.index])))
            space = source[token.span.end : next_starts[token.index]]
            if space != " ":
                misc.append(f"SpacesAfter={space.translate(ESCAPES)}" if space else "SpaceAfter=No")
            columns = [str(position), token.span.text, *"_" * 7, "|".join(misc) or "_"]
            lines.append("\t".join(columns))
        lines.append("")
    return "\n".join(lines) + "\n"


def read(data: bytes, name: str, source: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The CorefUD mentions of a CoNLL-U file as ``{start, end, label, cluster}``.

    Offsets are the source's (the bundled article's unless ``source`` is given): each
    word's FORM must be the source's next characters after white space.  The eid is the
    cluster, the etype the label, in the order ``# global.Entity`` declares them.
    """
    fields, words = ["eid", "etype"], []
    for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if line.startswith("# global.Entity ="):
            fields = line.partition("=")[2].strip().split("-")
        columns = line.split("\t")
        if len(columns) == 10 and columns[0].isdigit():  # a word (not a range or empty node)
            words.append((f"{name}:{number}", columns[1], columns[9]))
    spans = align([(where, form) for where, form, _ in words], source)
    opened: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    found: list[tuple[str, dict[str, Any]]] = []
    problems = []
    for (where, _, misc), (start, end) in zip(words, spans, strict=True):
        entity = next((m[7:] for m in misc.split("|") if m.startswith("Entity=")), "")
        for chunk in CHUNK.findall(entity):
            if chunk.startswith("("):
                values = dict(zip(fields, chunk.strip("()").split("-"), strict=False))
                cluster = values.get("eid", "")
                mention = {"start": start, "end": end, "label": values.get("etype")}
                found.append((where, {**mention, "cluster": cluster}))
                opened.setdefault(cluster, []).append(found[-1])
            if chunk.endswith(")"):
                stack = opened.get(chunk.strip("()").split("-")[0], [])
                if stack:
                    stack.pop()[1]["end"] = end
                else:
                    problems.append((where, f"{chunk} closes no open mention"))
    problems += [(w, f"mention of {c} never closed") for c, s in opened.items() for w, _ in s]
    if problems:
        raise DataError(problems)
    return found
