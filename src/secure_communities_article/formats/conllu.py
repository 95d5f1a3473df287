"""CoNLL-U with CorefUD 1.x coreference: the format of Universal Dependencies and CorefUD.

The bundled gold UD treebank of the article's sentences with CorefUD's ``Entity`` brackets
for every mention (docs/exports.md); ``read`` gives a file's mentions back with their entity
as ``cluster``.
"""

from __future__ import annotations

import re
from typing import Any

from .._article import Article
from .._errors import DataError, shown
from .._load import MAX_PREDICTIONS, load, text_lines
from .iob2 import anchor, treebank

SIGNATURE = rb"\A# (?:newdoc id|global\.|sent_id) ?="
#: UD's escapes of white space in ``SpacesAfter`` (those of udapi's tokenizers).
ESCAPES = str.maketrans({" ": r"\s", "\t": r"\t", "\r": r"\r", "\n": r"\n"})
#: A bracket of CorefUD's Entity: an opening, a closing or both (linear: no alternatives).
CHUNK = re.compile(r"\(?[^()]+\)?")
#: A part of a discontinuous mention: its entity's eid, the part and the number of parts.
PART = re.compile(r"(.+)\[(\d+)/(\d+)\]")
SPACE = re.compile(r"\s*")


def render(article: Article) -> str:
    """The CoNLL-U file (see the module doc)."""
    source, words = article.source, [t.span for t in article.tokens]
    at, ending = {w.start: n for n, w in enumerate(words)}, {w.end: n for n, w in enumerate(words)}
    chunks: dict[int, list[tuple[int, int, str]]] = {}  # word -> (order, tie, chunk)
    for mention in article.mentions:
        first, last = at[mention.span.start], ending[mention.span.end]
        eid = mention.entity.replace("-", "_")
        label = f"{eid}-{article.entity(mention.entity).etype}-{at[mention.head.start] - first + 1}"
        # CorefUD's order: closing brackets (shorter first), openings (longer first), then
        # single words, which precede the closings where nothing opens (their mention's)
        if first == last:
            chunks.setdefault(first, []).append((2, 0, f"({label})"))
        else:
            chunks.setdefault(first, []).append((1, first - last, f"({label}"))
            chunks.setdefault(last, []).append((0, last - first, f"{eid})"))
    lines, word, joined = [], 0, -1  # joined: the last word of the multiword token read
    for line in treebank(article):
        columns = line.split("\t")
        if len(columns) != 10:
            lines += [line, "# global.Entity = eid-etype-head"] if "# newdoc" in line else [line]
            continue
        opening, _, closing = columns[0].partition("-")
        misc = [m for m in columns[9].split("|") if m != "_" and not m.startswith("Space")]
        if closing:  # a multiword token (do + n't): the spacing is the token's
            joined = word + int(closing) - int(opening)
            misc.append(_spacing(source, words[joined].end))
        else:
            if here := chunks.get(word):
                if all(order != 1 for order, *_ in here):
                    here = [(-1 if order == 2 else order, tie, c) for order, tie, c in here]
                misc.insert(0, "Entity=" + "".join(c for *_, c in sorted(here)))
            if word > joined:
                misc.append(_spacing(source, words[word].end))
            word += 1
        columns[9] = "|".join(m for m in misc if m) or "_"
        lines.append("\t".join(columns))
    return "\n".join(lines) + "\n"


def _spacing(source: str, end: int) -> str:
    """The MISC attribute for the white space after ``end``: none for one space."""
    gap = SPACE.match(source, end)[0]  # type: ignore[index]
    return "" if gap == " " else f"SpacesAfter={gap.translate(ESCAPES)}" if gap else "SpaceAfter=No"


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
                mention = {"start": start, "end": offset}  # any etype: CoNLL-U carries chains
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
