"""The article as a spaCy ``Doc``, and so a ``DocBin``: needs the ``[spacy]`` extra.

Made with ``spacy.blank("en")`` (no model downloaded) of the article's own tokens, on whose
boundaries every annotation falls, so every span is exact; docs/evaluate.md says which
span holds what.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from typing import Any

from .._article import Article
from .._describe import COLLECTIONS, describe
from .._errors import DataError
from .._model import Span
from .._text import number
from . import need

SIGNATURE = rb"\Ax[\x01\x5e\x9c\xda]"
#: A run of white space, or of other characters: the words of text that has no tokens.
PIECES = re.compile(r"\s+|\S+")
#: The label and kb_id of each layer's spans (layers not named: the record class).
LABELS: dict[str, tuple[Callable[[Article, Any], str], Callable[[Any], str | None]]] = {
    "segments": (lambda a, r: r.kind, lambda r: None),
    "mentions": (lambda a, r: a.entity(r.entity).kind, lambda r: r.entity),
    "quotes": (lambda a, r: "quote", lambda r: r.speaker),
    "reported_speech": (lambda a, r: "reported-speech", lambda r: ",".join(r.sources) or None),
    "quantities": (lambda a, r: r.unit, lambda r: number(r.value)),
    "time_expressions": (lambda a, r: r.kind, lambda r: r.value),
    "reforms": (lambda a, r: "reform", lambda r: None),
    "events": (lambda a, r: r.predicate, lambda r: None),
    "stances": (lambda a, r: r.stance, lambda r: r.holder),
}


def to_spacy(article: Article) -> Any:
    """The article as a spaCy ``Doc`` over the verbatim source (see the module doc)."""
    spacy = need("spacy", "spacy")
    nlp = spacy.blank("en")
    words, spaces, starts = _words(article)
    doc = spacy.tokens.Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    assert doc.text == article.source, "the tokens must rebuild the source"

    def span_of(span: Span, label: str, kb_id: str | None = None, record_id: str = "") -> Any:
        found = doc.char_span(
            span.start, span.end, label=label, kb_id=kb_id or "", span_id=record_id
        )
        assert found is not None, f"{record_id}: {span.start}-{span.end} is not on token boundaries"
        return found

    for collection in COLLECTIONS:
        anchor, name = describe(collection.base).anchor, collection.name
        if anchor is None:
            continue
        label, kb_id = LABELS.get(name, (lambda a, r: type(r).__name__, lambda r: None))
        records = getattr(article, name)
        doc.spans[name] = [
            span_of(getattr(r, anchor.name), label(article, r), kb_id(r), r.id) for r in records
        ]
    doc.spans["paragraphs"] = [span_of(p.span, "paragraph") for p in article.paragraphs]
    doc.spans["sentences"] = [span_of(s, "sentence") for s in article.sentences]
    label, kb_id = LABELS["mentions"]
    doc.ents = [span_of(m.name or m.span, label(article, m), kb_id(m), m.id) for m in article.names]
    return doc


def to_docbin(article: Article) -> Any:
    """A ``DocBin`` holding the article's Doc."""
    bin_ = need("spacy", "spacy").tokens.DocBin()
    bin_.add(to_spacy(article))
    return bin_


def render(article: Article) -> bytes:
    """The DocBin as bytes: the ``.spacy`` file ``DocBin().from_disk`` reads."""
    return bytes(to_docbin(article).to_bytes())


def _words(article: Article) -> tuple[list[str], list[bool], list[bool | int | None]]:
    """spaCy's words, spaces and sentence starts: each token (a space after it its space), other
    white space and the furniture's runs as words; each sentence and outside block starts one."""
    source = article.source
    starts = {s.start for s in article.sentences} | {b.span.start for b in article.segments}
    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool | int | None] = []
    end = 0
    for token in (*article.tokens, None):
        start = token.span.start if token is not None else len(source)
        pieces = [(m.start(), m.group()) for m in PIECES.finditer(source, end, start)]
        pieces += [(start, token.span.text)] if token is not None else []
        for at, word in pieces:
            if words and word.startswith(" ") and not spaces[-1] and not words[-1].isspace():
                spaces[-1], word, at = True, word[1:], at + 1
            if word:
                sent_starts.append(not words or (not word.isspace() and at in starts))
                words.append(word)
                spaces.append(False)
        end = token.span.end if token is not None else end
    return words, spaces, sent_starts


# --- reading predictions -------------------------------------------------------------------------

#: The most bytes a ``.spacy`` file may inflate to, checked before spaCy reads it (its Doc holds
#: about 1 kB a span; the article's own inflates to 77 kB), and the most times its own size
#: (a DocBin inflates about sevenfold, a zlib bomb a thousandfold).
MAX_INFLATED_BYTES, MAX_INFLATION = 4 * 1024 * 1024, 100


def is_span(value: Any) -> bool:
    """A spaCy ``Span`` (duck-typed: spaCy is imported only if the user has it)."""
    return all(hasattr(value, name) for name in ("start_char", "end_char", "label_", "kb_id_"))


def is_doc(value: Any) -> bool:
    """A spaCy ``Doc`` (duck-typed)."""
    return all(hasattr(value, name) for name in ("ents", "spans", "text", "vocab"))


def span_fields(span: Any, key: str) -> dict[str, Any]:
    """A span as a prediction: its offsets, text and label; ``kb_id_`` under ``key``."""
    found = {"start": span.start_char, "end": span.end_char, "text": span.text}
    return {**found, "label": span.label_, key: span.kb_id_ or None}


def doc_items(doc: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """A Doc's predictions: its entities, and the spans of each group but mentions, labelled
    by the group's name; ``kb_id_`` is the layer's first value, as :data:`LABELS` writes it
    (an event's label is its predicate)."""
    items = [(f"{where}.ents[{n}]", span_fields(s, "kb_id")) for n, s in enumerate(doc.ents)]
    for group in doc.spans:
        if group == "mentions":
            continue
        for n, span in enumerate(doc.spans[group]):
            fields = {**span_fields(span, "kb_id"), "label": group}
            if group == "events":
                fields["predicate"] = span.label_ or None
            items.append((f"{where}.spans[{group!r}][{n}]", fields))
    return items


def read(data: bytes, name: str, source: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The predictions of a ``.spacy`` file (a DocBin of one Doc over ``source``, if given)."""
    try:
        spacy = need("spacy", "spacy")
    except ModuleNotFoundError as error:
        raise DataError.at(name, str(error)) from None
    if not data:
        raise DataError.at(name, "an empty file, not a DocBin")
    inflate, limit = zlib.decompressobj(), min(MAX_INFLATED_BYTES, MAX_INFLATION * len(data))
    try:
        inflated = len(inflate.decompress(data, limit))
    except zlib.error:
        raise DataError.at(name, "not a DocBin: not a zlib stream") from None
    if inflate.unconsumed_tail or inflated >= limit:
        raise DataError.at(name, f"inflates to over {limit} bytes ({MAX_INFLATION} times its size)")
    try:  # spaCy's own errors on a bad DocBin are of many kinds
        docs = list(spacy.tokens.DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab))
    except Exception as error:
        raise DataError.at(name, f"not a DocBin spaCy reads ({type(error).__name__})") from None
    if len(docs) != 1:
        raise DataError.at(name, f"expected one Doc, found {len(docs)}")
    if source is not None and docs[0].text != source:
        raise DataError.at(name, "the Doc's text is not the article's source text")
    return doc_items(docs[0], name)
