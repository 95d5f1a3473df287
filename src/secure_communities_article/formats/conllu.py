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
from .._errors import DataError, shown
from .._load import MAX_PREDICTIONS, load, text_lines
from .iob2 import anchor
from .tables import article_id

SIGNATURE = rb"\A# (?:newdoc id|global\.|sent_id) ?="
#: UD's escapes of white space in ``SpacesAfter`` (those of udapi's tokenizers).
ESCAPES = str.maketrans({" ": r"\s", "\t": r"\t", "\r": r"\r", "\n": r"\n"})
#: A bracket of CorefUD's Entity: an opening, a closing or both (linear: no alternatives).
CHUNK = re.compile(r"\(?[^()]+\)?")
#: A part of a discontinuous mention: its entity's eid, the part and the number of parts.
PART = re.compile(r"(.+)\[(\d+)/(\d+)\]")


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
    cluster, the etype the label, in the order ``# global.Entity`` declares them; the parts
    of a discontinuous mention (``e1[1/2]``...) are one mention with its ``fragments``.
    """
    text = load().source if source is None else source
    fields, offset = ["eid", "etype"], 0
    opened: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    parts: dict[tuple[str, str], dict[str, Any]] = {}
    found: list[tuple[str, dict[str, Any]]] = []
    for where, line in text_lines(data, name):
        if line.startswith("# global.Entity ="):
            fields = line.partition("=")[2].strip().split("-")
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 10:
            raise DataError.at(where, f"expected 10 tab-separated columns, found {len(columns)}")
        if not columns[0].isdigit():  # a range of words or an empty node
            continue
        start = anchor(text, offset, where, columns[1])
        offset = start + len(columns[1])
        entity = next((m[7:] for m in columns[9].split("|") if m.startswith("Entity=")), "")
        chunks = CHUNK.findall(entity)
        if "".join(chunks) != entity or any(c[0] != "(" and c[-1] != ")" for c in chunks):
            raise DataError.at(where, f"Entity={shown(entity)} is not CorefUD's brackets")
        for chunk in chunks:
            if chunk.startswith("("):
                values = dict(zip(fields, chunk.strip("()").split("-"), strict=False))
                eid = values.get("eid", "")
                part = PART.fullmatch(eid)
                mention = {"start": start, "end": offset, "label": values.get("etype")}
                found.append((where, {**mention, "cluster": part[1] if part else eid}))
                opened.setdefault(eid, []).append(found[-1])
                if len(found) > MAX_PREDICTIONS:
                    raise DataError.at(where, f"more than {MAX_PREDICTIONS} mentions in one file")
            if chunk.endswith(")"):
                eid = chunk.strip("()").split("-")[0]
                if not opened.get(eid):
                    raise DataError.at(where, f"{chunk} closes no open mention")
                mention = opened[eid].pop()[1]
                mention["end"] = offset
                if part := PART.fullmatch(eid):  # joined to the mention's first part
                    whole = parts.setdefault((part[1], part[3]), mention)
                    whole.setdefault("fragments", []).append([mention["start"], offset])
                    whole["end"], mention["part"] = offset, whole is not mention
                    if part[2] == part[3]:  # its last part: a later [1/n] begins another
                        del parts[part[1], part[3]]
    unclosed = [(w, m["cluster"]) for stack in opened.values() for w, m in stack]
    if unclosed:
        raise DataError.at(unclosed[0][0], f"mention of {unclosed[0][1]} never closed")
    return [(where, mention) for where, mention in found if not mention.pop("part", False)]
