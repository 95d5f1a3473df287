"""Reading an extractor's predictions, in every form the scorer takes, into scored items.

Every prediction must be anchored to the source: offsets inside the text (and, where a
prediction also gives its text, that text at those offsets), or a text that occurs in
the source (the ``occurrence``-th time, counted from 1).  Every problem is collected
and reported at once, as one :class:`DataError`, each at the prediction's location.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import DataError
from ._errors import shown as _shown
from ._score import LABEL_ALIASES, Item
from ._text import number as _number
from .formats.brat import read_ann

if TYPE_CHECKING:
    from ._article import Article

#: The single label of each layer other than mentions.
LAYER_LABELS = {
    "quotes": "quote",
    "time_expressions": "time",
    "quantities": "quantity",
    "events": "event",
}
#: The key of the value a prediction reports beside its span, per layer.
VALUE_KEYS = {
    "mentions": "label",
    "quotes": "speaker",
    "time_expressions": "value",
    "quantities": "value",
    "events": "predicate",
}


@attrs.frozen
class Predicted:
    """A prediction read: its item, and its reported value as given (for scoring)."""

    item: Item
    value: Any


class _Problems:
    """Problems found so far, reported together."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def add(self, location: str, message: str) -> None:
        self.found.append((location, message))

    def raise_any(self) -> None:
        if self.found:
            raise DataError(self.found)


def read_predictions(predictions: Any, layer: str, article: Article) -> list[Predicted]:
    """The predictions as items; :class:`DataError` naming every unanchored one."""
    if isinstance(predictions, (str, os.PathLike)):
        return _from_file(Path(predictions), layer, article)
    if _is_doc(predictions):
        return _from_doc(predictions, layer, article)
    if isinstance(predictions, (Mapping, bytes)):
        raise DataError.at("$", "expected an iterable of predictions, a file path or a Doc")
    try:
        items = list(predictions)
    except TypeError:
        raise DataError.at(
            "$", f"expected an iterable of predictions, found {type(predictions).__name__}"
        ) from None
    return read_items([(f"$[{n}]", item) for n, item in enumerate(items)], layer, article)


def read_items(
    items: list[tuple[str, Any]], layer: str, article: Article, *, skip_labels: bool = False
) -> list[Predicted]:
    """Located raw predictions (mappings, tuples or spaCy spans) as items.

    With ``skip_labels`` a mention whose label is no entity kind is left out (a
    pretrained NER model also predicts dates and amounts); otherwise it is a problem.
    """
    problems = _Problems()
    read = []
    for location, raw in items:
        predicted = _item(location, raw, layer, article, problems, skip_labels)
        if predicted is not None:
            read.append(predicted)
    problems.raise_any()
    return read


def _item(
    location: str,
    raw: Any,
    layer: str,
    article: Article,
    problems: _Problems,
    skip_labels: bool,
) -> Predicted | None:
    before = len(problems.found)
    fields = _fields(location, raw, layer, problems)
    if fields is None:
        return None
    span = _span(location, fields, article.source, problems)
    if layer == "mentions":
        label = _label(location, fields.get("label"), problems, skip_labels)
        if label is None:
            return None
        value: Any = None
        shown = None
    else:
        label = LAYER_LABELS[layer]
        value, shown = _value(location, layer, fields, article.source, problems)
    if span is None or len(problems.found) > before:
        return None
    start, end = span
    return Predicted(Item(start, end, article.source[start:end], label, None, shown), value)


def _fields(location: str, raw: Any, layer: str, problems: _Problems) -> dict[str, Any] | None:
    """A prediction's fields: a mapping as given, a tuple in its order, a spaCy span's."""
    if isinstance(raw, Mapping):
        return dict(raw)
    if isinstance(raw, (tuple, list)):
        if not 2 <= len(raw) <= 3:
            problems.add(location, f"expected (start, end[, {VALUE_KEYS[layer]}])")
            return None
        fields = {"start": raw[0], "end": raw[1]}
        if len(raw) == 3:
            fields[VALUE_KEYS[layer]] = raw[2]
        return fields
    if _is_span(raw):
        return _span_fields(raw, layer)
    problems.add(
        location, f"expected a mapping, a tuple or a spaCy span, found {type(raw).__name__}"
    )
    return None


def _span_fields(span: Any, layer: str) -> dict[str, Any]:
    """A spaCy span as fields: ``kb_id_`` holds a quote's speaker or a normalized value."""
    fields: dict[str, Any] = {"start": span.start_char, "end": span.end_char}
    label, kb_id = span.label_, span.kb_id_ or None
    if layer == "mentions":
        fields["label"] = label
    elif layer == "events":
        fields["predicate"] = label or None
    elif layer in ("quotes", "time_expressions", "quantities"):
        fields[VALUE_KEYS[layer]] = kb_id
    return fields


def _span(
    location: str, fields: dict[str, Any], source: str, problems: _Problems
) -> tuple[int, int] | None:
    """The prediction's offsets, checked against the source."""
    if "start" not in fields and "end" not in fields:
        return _find(location, fields, source, problems)
    start: Any = fields.get("start")
    end: Any = fields.get("end")
    for key, value in (("start", start), ("end", end)):
        if not _is_int(value):
            problems.add(f"{location}.{key}", f"expected an offset (int), found {_shown(value)}")
    if not (_is_int(start) and _is_int(end)):
        return None
    if not 0 <= start < end <= len(source):
        problems.add(
            location,
            f"span {start}-{end} is not inside the source (0-{len(source)}, start < end)",
        )
        return None
    text = fields.get("text")
    fragments = fields.get("fragments") or [(start, end)]
    found = " ".join(source[a:b] for a, b in fragments)  # brat joins fragments with spaces
    if text is not None and text != found:
        problems.add(
            f"{location}.text",
            f"{_shown(text)} is not the source's text at {start}-{end} ({_shown(found)})",
        )
        return None
    return start, end


def _find(
    location: str, fields: dict[str, Any], source: str, problems: _Problems
) -> tuple[int, int] | None:
    """A text-anchored prediction's offsets: the ``occurrence``-th (from 1) of its text."""
    text, occurrence = fields.get("text"), fields.get("occurrence", 1)
    if not isinstance(text, str) or not text:
        problems.add(location, "expected start and end, or a text (and its occurrence)")
        return None
    if not _is_int(occurrence) or occurrence < 1:
        problems.add(
            f"{location}.occurrence", f"expected a count from 1, found {_shown(occurrence)}"
        )
        return None
    start, seen = -1, 0
    while seen < occurrence:
        start = source.find(text, start + 1)
        if start < 0:
            break
        seen += 1
    if start < 0:
        where = "does not occur in the source" if seen == 0 else f"occurs {seen} time(s) only"
        problems.add(f"{location}.text", f"{_shown(text)} {where}")
        return None
    return start, start + len(text)


def _label(location: str, label: Any, problems: _Problems, skip_labels: bool) -> str | None:
    kind = LABEL_ALIASES.get(label.casefold()) if isinstance(label, str) else None
    if kind is None and not skip_labels:
        problems.add(
            f"{location}.label",
            f"expected an entity kind (person, organization, place, program), found "
            f"{_shown(label)}",
        )
    return kind


def _value(
    location: str, layer: str, fields: dict[str, Any], source: str, problems: _Problems
) -> tuple[Any, str | None]:
    """The value reported beside the span: as given for scoring, and as shown."""
    key = VALUE_KEYS[layer]
    value = fields.get(key)
    where = f"{location}.{key}"
    if value is None:
        return None, None
    if layer == "quotes":
        return _speaker(where, value, source, problems)
    if layer == "quantities":
        number = _to_number(value)
        if number is None:
            problems.add(where, f"expected a number, found {_shown(value)}")
        return number, None if number is None else _number(number)
    if not isinstance(value, str):
        problems.add(where, f"expected a string, found {_shown(value)}")
        return None, None
    return value, value


def _speaker(where: str, value: Any, source: str, problems: _Problems) -> tuple[Any, str | None]:
    """A speaker: an entity id or name (a string), or the span of a mention of them."""
    if isinstance(value, str):
        return value, value
    span: tuple[Any, Any]
    if isinstance(value, Mapping):
        span = (value.get("start"), value.get("end"))
    elif _is_span(value):
        span = (value.start_char, value.end_char)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        span = (value[0], value[1])
    else:
        problems.add(where, f"expected an entity id or a span, found {_shown(value)}")
        return None, None
    start, end = span
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(source)):
        problems.add(where, f"speaker span {_shown(span)} is not inside the source")
        return None, None
    return (start, end), source[start:end]


def _to_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_span(value: Any) -> bool:
    """A spaCy ``Span`` (duck-typed: spaCy is imported only if the user has it)."""
    return all(hasattr(value, name) for name in ("start_char", "end_char", "label_", "kb_id_"))


def _is_doc(value: Any) -> bool:
    """A spaCy ``Doc`` (duck-typed)."""
    return all(hasattr(value, name) for name in ("ents", "spans", "text", "vocab"))


# --- spaCy ------------------------------------------------------------------------------


def _from_doc(doc: Any, layer: str, article: Article) -> list[Predicted]:
    """Mentions from ``doc.ents``; other layers from the span group named by the layer."""
    if doc.text != article.source:
        raise DataError.at("doc.text", "the Doc's text is not the article's source text")
    if layer == "mentions":
        spans = [(f"doc.ents[{n}]", span) for n, span in enumerate(doc.ents)]
    elif layer in doc.spans:
        spans = [(f"doc.spans[{layer!r}][{n}]", span) for n, span in enumerate(doc.spans[layer])]
    else:
        raise DataError.at("doc.spans", f"the Doc has no span group {layer!r}")
    return read_items(spans, layer, article, skip_labels=True)


def _from_file(path: Path, layer: str, article: Article) -> list[Predicted]:
    """Predictions in a file, read by its extension: .ann, .json, .jsonl or .spacy."""
    suffix = path.suffix.lower()
    if suffix == ".spacy":
        return _from_docbin(path, layer, article)
    readers = {".ann": _brat_items, ".json": _json_items, ".jsonl": _jsonl_items}
    if suffix not in readers:
        raise DataError.at(
            str(path), "expected a .ann (brat), .json, .jsonl or .spacy (DocBin) file"
        )
    text = _read_text(path)
    items = readers[suffix](text, path.name, layer)
    return read_items(items, layer, article)


def _read_text(path: Path) -> str:
    from ._load import MAX_FILE_BYTES

    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise DataError.at(path.name, f"larger than {MAX_FILE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError.at(path.name, f"not UTF-8 (byte {error.start})") from None


def _json_items(text: str, name: str, layer: str) -> list[tuple[str, Any]]:
    import json

    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError.at(name, f"not JSON: {error.msg} (line {error.lineno})") from None
    if not isinstance(document, list):
        raise DataError.at(name, "expected a JSON array of predictions")
    return [(f"$[{n}]", item) for n, item in enumerate(document)]


def _jsonl_items(text: str, name: str, layer: str) -> list[tuple[str, Any]]:
    import json

    items, problems = [], _Problems()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append((f"{name}:{number}", json.loads(line)))
        except json.JSONDecodeError as error:
            problems.add(f"{name}:{number}", f"not JSON: {error.msg}")
    problems.raise_any()
    return items


def _brat_items(text: str, name: str, layer: str) -> list[tuple[str, Any]]:
    return read_ann(text, layer, name, LABEL_ALIASES)


def _from_docbin(path: Path, layer: str, article: Article) -> list[Predicted]:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise DataError.at(
            path.name,
            "reading a .spacy file needs spaCy: pip install 'secure-communities-article[spacy]'",
        ) from None
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    if len(docs) != 1:
        raise DataError.at(path.name, f"expected one Doc, found {len(docs)}")
    return _from_doc(docs[0], layer, article)
