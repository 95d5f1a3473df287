"""CoNLL-U with CorefUD 1.x coreference: the format of Universal Dependencies and CorefUD.

The bundled gold UD treebank of the article's sentences (``data/treebank.conllu``; ID and FORM
alone in another text), with in MISC ``SpaceAfter=No`` or ``SpacesAfter`` (UD's escapes:
``\\s``, ``\\n``) where not one space follows, and CorefUD's ``Entity`` brackets for every
mention, as ``# global.Entity = eid-etype-head`` declares: the entity's id with ``_`` for
``-`` (which CorefUD reserves), its CorefUD type, and its head word's position in the mention.
``read`` gives a file's mentions back with their entity as ``cluster``.
"""

from __future__ import annotations

import re
from typing import Any

from .._article import Article
from .._errors import DataError
from .iob2 import align, treebank

#: UD's escapes of white space in ``SpacesAfter`` (those of udapi's tokenizers).
ESCAPES = str.maketrans({" ": r"\s", "\t": r"\t", "\r": r"\r", "\n": r"\n"})
CHUNK = re.compile(r"\([^()]+\)?|[^()]+\)")
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
                mention = {"start": start, "end": end}  # any etype: CoNLL-U carries chains
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
