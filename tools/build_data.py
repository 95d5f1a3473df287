"""Build the shipped ``article.json`` from ``annotations/*.yaml``, the source and the treebank.

The decisions live in the files, one per layer, each id written once.  A span is written
as its words plus enough neighbouring text to be unique (a W3C TextQuoteSelector), as in
``{exact: "Morton", prefix: "which "}``.  This script computes only what is derived: the
offsets, the paragraphs (every line no segment covers) and their sentences, the sentences
of the segments an annotation lies in, the tokens (the words of the UD treebank,
``data/treebank.conllu``) and each mention's head (its word whose UD head lies outside
it), each record's ``paragraph``, the headline, author bio and SHA-256.  Every rule the data
must keep (ids, references, text order, spans inside their paragraph, annotations on token
boundaries) is the package's validator's: the build runs it (``from_dict``) and names
each problem by the layer and id of its record, so a layer out of text order is refused,
never sorted.  Field order, layers and anchors come from the model's description
(``_describe``).

    python tools/build_data.py          rewrite data/article.json and data/second-annotation.json
    python tools/build_data.py --check  exit 1 if a shipped file is not what the build gives
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

import secure_communities_article as sca
from secure_communities_article._describe import COLLECTIONS, RECORDS

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "annotations"
DATA = ROOT / "src" / "secure_communities_article" / "data"
OUTPUT = DATA / "article.json"
#: Each document built: the gold, and the blind second annotation (its files in annotations/second).
BUILDS = ((ANNOTATIONS, OUTPUT), (ANNOTATIONS / "second", DATA / "second-annotation.json"))

#: Each record layer (annotations/<layer>.yaml): its record type, and the span field that
#: places it in text order (None for entities, which follow their first mention).
LAYERS: dict[str, tuple[type, str | None]] = {
    c.name: (c.base, getattr(RECORDS[c.base].anchor, "name", None)) for c in COLLECTIONS
}
SELECTOR_KEYS = {"exact", "prefix", "suffix"}

#: A sentence ends at . ? or ! (optionally followed by a closing quotation mark), before
#: white space and a capital letter or an opening quotation mark.  "Calif.," and "D.C.,"
#: are followed by a comma, so they end no sentence.
SENTENCE_END = re.compile(r"(?:(?<=[.?!])|(?<=[.?!]\u201d))\s+(?=[\u201cA-Z])")
#: Abbreviations that keep their period, as UD English does (the one listed exception).
ABBREVIATIONS = ("Calif.",)
#: The tokenization rule (the annotation guide's Tokens, ``Token``'s docstring), UD
#: English's: letters each followed by a period, or a listed abbreviation; a word before
#: a clitic, and the clitic (do + n't, that + 's, We + 're); a run of letters and digits,
#: joined across a comma or period between two digits; else one character that is not
#: white space (so a hyphen is a token of its own).
TOKEN = re.compile(
    r"(?:[^\W_]\.){2,}|"
    + "|".join(re.escape(a) for a in ABBREVIATIONS)
    + r"|[^\W_]+?(?=n['\u2019]t\b)|n['\u2019]t\b|(?<=[^\W_])['\u2019](?:s|re|ve|ll|m|d)\b"
    r"|[^\W_]+(?:(?<=\d)[.,](?=\d)[^\W_]+)*|\S"
)
#: Fields the build computes, never written in the annotation files.
COMPUTED = {"paragraph", "sentences", "head"}

Plain = dict[str, Any]


class BuildError(Exception):
    """An annotation file that does not make a document; the message names the record."""


def span(source: str, start: int, end: int) -> Plain:
    return {"start": start, "end": end, "text": source[start:end]}


def locate(source: str, selector: Plain, where: str) -> Plain:
    """The span of a text-quote selector, which must match exactly one place."""
    if not set(selector) <= SELECTOR_KEYS or not all(isinstance(v, str) for v in selector.values()):
        raise BuildError(f"{where}: a span is {{exact, prefix, suffix}} strings, not {selector!r}")
    prefix, exact, suffix = (selector.get(k, "") for k in ("prefix", "exact", "suffix"))
    if not exact:
        raise BuildError(f"{where}: the span's exact text is empty")
    quoted = prefix + exact + suffix
    found = [m.start() for m in re.finditer(f"(?={re.escape(quoted)})", source)]
    if len(found) != 1:
        raise BuildError(f"{where}: {quoted!r} occurs {len(found)} times in the source, not once")
    start = found[0] + len(prefix)
    return span(source, start, start + len(exact))


def resolve(value: Any, source: str, where: str) -> Any:
    """The value with every selector (a mapping with ``exact``) replaced by its span."""
    if isinstance(value, dict):
        if "exact" in value:
            return locate(source, value, where)
        return {k: resolve(v, source, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, source, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def read(name: str, folder: Path) -> Any:
    with (folder / f"{name}.yaml").open(encoding="utf-8") as file:
        # libyaml's loader when PyYAML has it: the same safe loading, several times faster.
        return yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def record(cls: type, raw: Any, layer: str, position: int, source: str) -> Plain:
    """One record resolved, its fields in the model's order, ``paragraph`` left to compute."""
    if not isinstance(raw, dict):
        raise BuildError(f"{layer}[{position}]: a record is a mapping, not {raw!r}")
    where = f"{layer} {raw.get('id', f'[{position}]')}"
    fields = [name for name in RECORDS[cls].names if name not in COMPUTED]
    if set(raw) != set(fields):
        missing, extra = sorted(set(fields) - set(raw)), sorted(set(raw) - set(fields))
        raise BuildError(f"{where}: missing fields {missing}, unknown fields {extra}")
    return {name: resolve(raw[name], source, f"{where}.{name}") for name in fields}


def inside(outer: Plain, inner: Plain) -> bool:
    return bool(outer["start"] <= inner["start"] and inner["end"] <= outer["end"])


def structure(source: str, segments: list[Plain]) -> list[Plain]:
    """The body paragraphs: every non-blank line that no segment covers, with sentences."""
    paragraphs: list[Plain] = []
    for line in re.finditer(r"^[^\S\n]*(\S(?:[^\n]*\S)?)", source, re.M):
        here = span(source, *line.span(1))
        touching = [
            s
            for s in segments
            if s["span"]["start"] < here["end"] and here["start"] < s["span"]["end"]
        ]
        if any(not inside(s["span"], here) for s in touching):
            raise BuildError(f"segments {touching[0]['id']}: covers part of a line, not all of it")
        if touching:
            continue
        paragraphs.append(
            {"index": len(paragraphs), "span": here, "sentences": sentences(source, here)}
        )
    return paragraphs


def sentences(source: str, block: Plain) -> list[Plain]:
    """The sentences of a paragraph or segment, split by ``SENTENCE_END``."""
    found, offset = [], block["start"]
    for part in SENTENCE_END.split(block["text"]):
        offset = source.index(part, offset)
        found.append(span(source, offset, offset + len(part)))
        offset += len(part)
    return found


def with_sentences(source: str, segment: Plain, anchors: list[Plain]) -> Plain:
    """The segment with its sentences: split if an annotation's anchor lies in it, else none."""
    annotated = any(inside(segment["span"], a) for a in anchors)
    return {**segment, "sentences": sentences(source, segment["span"]) if annotated else []}


def tokens(source: str) -> list[Plain]:
    """The tokens of a text by the rule ``TOKEN``, which the treebank's words follow (tested)."""
    return [
        {"index": i, "span": span(source, *found.span())}
        for i, found in enumerate(TOKEN.finditer(source))
    ]


def treebank_words(source: str, treebank: str) -> list[tuple[int, int, int]]:
    """Each word of the UD treebank as (start, end, its head word's position or -1), in order.

    A word's offsets are found by reading its form in the source after the word before;
    the range lines of a multiword token (don't = do + n't) are skipped."""
    words: list[tuple[int, int, int]] = []
    offset = 0
    for block in treebank.strip().split("\n\n"):
        first = len(words)
        for line in block.splitlines():
            columns = line.split("\t")
            if line.startswith("#") or not columns[0].isdigit():
                continue
            start = source.index(columns[1], offset)
            offset = start + len(columns[1])
            words.append((start, offset, first + int(columns[6]) - 1 if columns[6] != "0" else -1))
    return words


def head(source: str, words: list[tuple[int, int, int]], mention: Plain) -> Plain:
    """The mention's head: its one word whose UD head lies outside it.  A span that is no
    phrase of the tree (none, or several such words) keeps itself, which the validator
    refuses as a head (not one token), naming the record."""
    start, end = mention["start"], mention["end"]
    inside = {n for n, w in enumerate(words) if start <= w[0] and w[1] <= end}
    heads = [words[n] for n in sorted(inside) if words[n][2] not in inside]
    return span(source, *heads[0][:2]) if len(heads) == 1 else mention


def with_paragraph(cls: type, item: Plain, anchor: str, body: list[Plain]) -> Plain:
    """The record with its computed ``paragraph``: the body paragraph holding its anchor."""
    found = [p["index"] for p in body if inside(p["span"], item[anchor])]
    item["paragraph"] = found[0] if found else None
    return {name: item[name] for name in RECORDS[cls].names}


def validated(document: Plain) -> Plain:
    """The document, once the package's validator finds no problem in it."""
    try:
        sca.from_dict(document)
    except sca.DataError as error:
        raise BuildError("\n".join(named(document, *p) for p in error.problems)) from None
    return document


def named(document: Plain, where: str, what: str) -> str:
    """A problem located by layer and record id (``mentions mention-x``), not JSON path."""
    found = re.match(r"\$\.(\w+)\[(\d+)\](.*)", where)
    if found and found[1] in LAYERS:
        record_id = document[found[1]][int(found[2])]["id"]
        where = f"{found[1]} {record_id}{found[3]}"
    return f"{where}: {what}"


def build(annotations: Path = ANNOTATIONS, data: Path = DATA) -> Plain:
    """The whole document as plain JSON data, validated with ``from_dict``."""
    metadata = read("metadata", annotations)
    if not isinstance(metadata, dict) or not isinstance(metadata.get("source_file"), str):
        raise BuildError("annotations/metadata.yaml: a mapping that names the source_file")
    raw = (data / metadata["source_file"]).read_bytes()
    source = raw.decode("utf-8")
    layers: dict[str, list[Plain]] = {}
    for layer, (cls, _anchor) in LAYERS.items():
        records = read(layer, annotations)
        if not isinstance(records, list):
            raise BuildError(f"annotations/{layer}.yaml: a list of records, not {records!r}")
        layers[layer] = [record(cls, r, layer, i, source) for i, r in enumerate(records)]
    paragraphs = structure(source, layers["segments"])
    words = treebank_words(source, (data / "treebank.conllu").read_text("utf-8"))
    layers["mentions"] = [{**m, "head": head(source, words, m["span"])} for m in layers["mentions"]]
    anchors = [
        r[anchor]
        for layer, (_, anchor) in LAYERS.items()
        if anchor and layer != "segments"
        for r in layers[layer]
    ]
    layers["segments"] = [with_sentences(source, s, anchors) for s in layers["segments"]]
    for layer, (cls, anchor) in LAYERS.items():
        if anchor is not None and "paragraph" in RECORDS[cls].names:
            layers[layer] = [with_paragraph(cls, r, anchor, paragraphs) for r in layers[layer]]
    computed: Plain = {"source_sha256": hashlib.sha256(raw).hexdigest()}
    for field, kind in (("headline", "headline"), ("author_bio", "author-bio")):
        found = [s["span"] for s in layers["segments"] if s["kind"] == kind]
        if len(found) != 1:
            raise BuildError(f"segments: {len(found)} {kind} segments, not one")
        computed[field] = found[0]
    fields = list(RECORDS[sca.Metadata].names)
    if set(metadata) | set(computed) != set(fields) or set(metadata) & set(computed):
        raise BuildError(f"metadata: the fields are {sorted(set(fields) - set(computed))}")
    metadata.update(resolve({**metadata, **computed}, source, "metadata"))
    document: Plain = {
        "schema_version": sca.SCHEMA_VERSION,
        "source": source,
        "metadata": {name: metadata[name] for name in fields},
        "paragraphs": paragraphs,
        "tokens": [{"index": i, "span": span(source, *w[:2])} for i, w in enumerate(words)],
        **layers,
    }
    return validated({name: document[name] for name in RECORDS[sca.Article].names})


def render(document: Plain) -> str:
    """The document as the package ships it: UTF-8 JSON, two-space indent, newline at end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    built_all = []
    for folder, output in BUILDS:  # every document built before any is written
        try:
            built_all.append((output, render(build(folder))))
        except BuildError as error:
            print(f"build_data: {folder.name}: {error}", file=sys.stderr)
            return 2
    for output, built in built_all:
        if not args.check:
            output.write_text(built, encoding="utf-8")
            print(f"wrote {output}", file=sys.stderr)
        elif not output.exists() or output.read_text(encoding="utf-8") != built:
            print(f"{output} is not what the build gives: run tools/build_data.py", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
