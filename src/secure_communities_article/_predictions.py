"""Reading an extractor's predictions: every input form becomes located mappings, read by one rule.

Mappings, tuples, spaCy spans, a ``Doc`` and files (``.json``, ``.jsonl``, brat ``.ann``, a
``.spacy`` DocBin...) become ``(location, mapping)`` pairs that :func:`read_items` reads alike.
A label outside the layer's, an item whose ``layer`` key names another layer and a mention
of a form not scored are counted under ``ignored`` (a coreference prediction that names its
chain scores whatever its label, as CorefUD's ``other``); a value of the wrong type is a wrong
value; only what cannot be anchored to the source (offsets outside it, text that differs from
its span, a malformed shape) is a problem, and all are reported at once, in one DataError.
"""

from __future__ import annotations

import numbers
import os
from collections import Counter
from collections.abc import Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any

import attrs

from . import _layers, formats
from ._errors import DataError, shown
from ._layers import WRONG, Layer, read_span, spelled
from ._load import MAX_PREDICTIONS, from_dict, parse_json, read_document, text_lines
from ._text import number
from .formats.spacy import doc_items, is_doc, is_span, span_fields

if TYPE_CHECKING:
    from ._article import Article

#: The most fragments one prediction may have (a discontinuous span).
MAX_FRAGMENTS = 100
Problems = list[tuple[str, str]]
#: The suffixes of the prediction files the scorer reads, and what each holds.
READABLE = {
    ".json": "a JSON array of predictions",
    ".jsonl": "JSON Lines, one prediction a line",
    **{suffix: f.what for f in formats.FORMATS for suffix in f.reads},
}


class Located(list[tuple[str, Any]]):
    """Predictions already read from a file, each with its location (``preds.jsonl:3``)."""


@attrs.frozen
class Item:
    """One gold or predicted item: its span of the source, label and reported values."""

    start: int  #: offset of the first character (code points)
    end: int  #: offset just past the last character
    text: str  #: ``source[start:end]``
    label: str  #: the scored label (an entity kind for mentions)
    id: str | None = None  #: the gold record's id; None for a prediction
    values: tuple[tuple[str, Any], ...] = ()  #: each attribute's key and value, as shown

    @property
    def value(self) -> Any:
        """The first reported value (an entity, speaker, normalized value or predicate)."""
        return self.values[0][1] if self.values else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the span, label and id, then each value by its key."""
        found = {"start": self.start, "end": self.end, "text": self.text, "label": self.label}
        return {**found, "id": self.id, **dict(self.values)}


@attrs.frozen
class Predicted:
    """A prediction read: its item, each attribute's value as read, its chain and head."""

    item: Item
    read: tuple[Any, ...]
    cluster: Any = None
    head: Any = None  #: (start, end) of its head word, for head match; None if not given


def read_predictions(
    predictions: Any, layer: Layer, article: Article, forms: tuple[str, ...] = ()
) -> tuple[list[Predicted], dict[str, int]]:
    """The scored predictions and the ignored labels' counts; DataError naming every problem."""
    items: list[tuple[str, Any]]
    if isinstance(predictions, Located):
        items = predictions
    elif is_doc(predictions):
        if predictions.text != article.source:
            raise DataError.at("doc.text", "the Doc's text is not the article's source text")
        items = doc_items(predictions, "doc")
    elif isinstance(predictions, (Mapping, bytes, bytearray)):
        raise DataError.at("$", "expected an iterable of predictions, a file path or a Doc")
    else:
        try:
            items = [(f"$[{n}]", p) for n, p in enumerate(islice(predictions, MAX_PREDICTIONS + 1))]
        except TypeError:
            found = type(predictions).__name__
            raise DataError.at("$", f"expected an iterable of predictions, found {found}") from None
    if len(items) > MAX_PREDICTIONS:
        raise DataError.at(items[-1][0], f"more than {MAX_PREDICTIONS} predictions")
    return read_items(items, layer, article, forms)


def file_items(path: Any, source: str) -> Located | Article:
    """A file's predictions, read by its extension, or the annotation document it is; the file
    is opened once."""
    name = os.path.basename(os.fsdecode(path))
    suffix = os.path.splitext(name)[1].lower()
    readers = {suffix: f for f in formats.FORMATS for suffix in f.reads}
    if suffix not in READABLE:
        raise DataError.at(name, f"expected a file of a suffix among {', '.join(READABLE)}")
    try:
        data = read_document(path)
    except UnicodeEncodeError:  # a lone surrogate: no file can have that name
        raise DataError.at("path", "expected a path the file system can encode") from None
    if suffix in readers:  # the format's module reads its own files
        return Located(formats.module(readers[suffix]).read(data, name, source))
    if suffix == ".json":
        document = parse_json(data, location=name)
        if isinstance(document, dict) and "schema_version" in document:
            return from_dict(document)  # another annotation of the article: an Article
        if not isinstance(document, list):
            raise DataError.at(name, "expected a JSON array of predictions or a document")
        return Located((f"$[{n}]", item) for n, item in enumerate(document))
    # Read until the first line that is not JSON: a file of junk is not held in memory.
    items = Located()
    for where, line in text_lines(data, name):  # U+2028 is no line break in JSON
        if line.strip(" \t") and len(items) <= MAX_PREDICTIONS:
            items.append((where, parse_json(line, location=where)))
    return items


def named_layers(items: Located) -> list[str]:
    """The layers that items name by their ``layer`` key, or else by their label (a chain
    layer only for items that give a chain), in the order of LAYERS."""
    found = set()
    for _, raw in items:
        fields = raw if isinstance(raw, Mapping) else {}
        routed, label = fields.get("layer"), fields.get("label")
        if isinstance(routed, str):
            found.add(spelled(routed))
        elif isinstance(label, str):
            found.update(
                layer.name
                for layer in _layers.LAYERS
                if label.casefold() in layer.label_names and (layer.cluster or "label") in fields
            )
    return [layer.name for layer in _layers.LAYERS if layer.name in found]


def read_items(
    items: list[tuple[str, Any]], layer: Layer, article: Article, forms: tuple[str, ...] = ()
) -> tuple[list[Predicted], dict[str, int]]:
    """Located raw predictions read by the one rule (see the module doc)."""
    problems: Problems = []
    ignored: Counter[str] = Counter()
    aliases = layer.label_names
    source = article.source
    read = []
    for location, raw in items:
        fields = _fields(location, raw, layer, problems)
        if fields is None:
            continue
        routed, form = fields.get("layer"), fields.get("form")
        if routed is not None and (not isinstance(routed, str) or spelled(routed) != layer.name):
            ignored[f"layer {routed[:60] if isinstance(routed, str) else shown(routed)}"] += 1
            continue
        if forms and isinstance(form, str) and form not in forms:
            ignored[f"form {form[:60]}"] += 1
            continue
        given = fields.get("label")
        label = layer.label if given is None else None
        if isinstance(given, str):
            label = aliases.get(given.casefold())
        if label is None and layer.cluster and fields.get(layer.cluster) is not None:
            label = layer.label  # a mention in a chain, whatever its (entity) type
        if label is None:
            ignored[given[:60] if isinstance(given, str) else shown(given)] += 1
            continue
        span = _span(location, fields, source, problems)
        if span is None:
            continue
        start, end = span
        values = tuple(a.read(fields.get(a.key), source) for a in layer.attributes)
        shown_values = tuple(
            (a.key, show(v, fields.get(a.key), source))
            for a, v in zip(layer.attributes, values, strict=True)
        )
        cluster = fields.get(layer.cluster) if layer.cluster else None
        cluster = cluster if cluster is None or type(cluster) in (str, int) else WRONG
        item = Item(start, end, source[start:end], label, None, shown_values)
        read.append(Predicted(item, values, cluster, read_span(fields.get("head"), source)))
    if problems:
        raise DataError(problems)
    return read, {label: ignored[label] for label in sorted(ignored)}


def show(value: Any, raw: Any, source: str) -> Any:
    """A value as the results show it: JSON-ready, spans as their text, wrong types named."""
    if value is WRONG:
        return shown(raw)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, tuple) and len(value) == 2 and all(type(v) is int for v in value):
        return source[value[0] : value[1]]
    return [show(v, v, source) for v in value] if isinstance(value, tuple) else value


def _fields(location: str, raw: Any, layer: Layer, problems: Problems) -> Mapping[str, Any] | None:
    """A prediction's fields: a mapping as given, a tuple in its order, a spaCy span's."""
    if isinstance(raw, Mapping):  # a spaCy span's kb_id is the layer's first value
        first = layer.attributes[0].key if layer.attributes else "kb_id"
        fields = {first: raw["kb_id"], **raw} if "kb_id" in raw else raw
        return {key: _number(value) for key, value in fields.items()}
    if isinstance(raw, (tuple, list)):
        third = layer.cluster or ("label" if layer.label is None or not layer.attributes else None)
        third = third or layer.attributes[0].key
        if not 2 <= len(raw) <= 3:
            problems.append((location, f"expected (start, end[, {third}])"))
            return None
        return dict(zip(("start", "end", third), map(_number, raw), strict=False))
    if is_span(raw):
        return _fields(location, span_fields(raw, "kb_id"), layer, problems)
    found = type(raw).__name__
    problems.append((location, f"expected a mapping, a tuple or a spaCy span, found {found}"))
    return None


def _number(value: Any) -> Any:
    """NumPy's numbers (any registered number type) as Python's, so they read as numbers."""
    if type(value) in (int, float, bool) or not isinstance(value, numbers.Real):
        return value
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def _refuse(problems: Problems, where: str, message: str) -> None:
    problems.append((where, message))


def _span(where: str, fields: Mapping[str, Any], source: str, problems: Problems) -> Any:
    """The prediction's offsets (or its fragments'), checked against the source and its text."""
    start, end, pieces = fields.get("start"), fields.get("end"), None
    if fields.get("fragments") is not None:
        pieces = _fragments(f"{where}.fragments", fields["fragments"], source, problems)
        if pieces is None:
            return None
        if start is None and end is None:
            start, end = pieces[0][0], pieces[-1][1]
        elif (start, end) != (pieces[0][0], pieces[-1][1]):
            return _refuse(problems, f"{where}.fragments", "do not run from start to end")
    if start is None and end is None:
        return _find(where, fields, source, problems)
    bad = [(key, v) for key, v in (("start", start), ("end", end)) if type(v) is not int]
    for key, value in bad:
        _refuse(problems, f"{where}.{key}", f"expected an offset (int), found {shown(value)}")
    if type(start) is not int or type(end) is not int:
        return None
    if not 0 <= start < end <= len(source):
        inside = f"inside the source (0-{len(source)}, start < end)"
        return _refuse(problems, where, f"span {shown(start)}-{shown(end)} is not {inside}")
    text = fields.get("text")
    found = " ".join(source[a:b] for a, b in pieces) if pieces else source[start:end]
    if text is not None and text != found:  # brat joins fragments with spaces
        at = f"at {start}-{end} ({shown(found)})"
        return _refuse(problems, f"{where}.text", f"{shown(text)} is not the source's text {at}")
    return start, end


def _fragments(where: str, fragments: Any, source: str, problems: Problems) -> Any:
    """Fragments checked like spans: inside the source, in order, apart, and few."""
    if not isinstance(fragments, (list, tuple)) or not 0 < len(fragments) <= MAX_FRAGMENTS:
        return _refuse(problems, where, f"expected 1 to {MAX_FRAGMENTS} [start, end] pairs")
    pieces: list[tuple[int, int]] = []
    expected = "expected [start, end] inside, after the last"
    for n, piece in enumerate(fragments):
        last = pieces[-1][1] if pieces else 0
        if not (
            isinstance(piece, (list, tuple))
            and len(piece) == 2
            and all(type(v) is int for v in piece)
            and last <= piece[0] < piece[1] <= len(source)
        ):
            return _refuse(problems, f"{where}[{n}]", expected)
        pieces.append((piece[0], piece[1]))
    return pieces


def _find(where: str, fields: Mapping[str, Any], source: str, problems: Problems) -> Any:
    """A text-anchored prediction's offsets: the ``occurrence``-th (from 1) of its text."""
    text, occurrence = fields.get("text"), fields.get("occurrence", 1)
    if not isinstance(text, str) or not text:
        return _refuse(problems, where, "expected start and end, or a text (and its occurrence)")
    if type(occurrence) is not int or occurrence < 1:
        found = f"expected a count from 1, found {shown(occurrence)}"
        return _refuse(problems, f"{where}.occurrence", found)
    start = -1
    for seen in range(occurrence):
        start = source.find(text, start + 1)
        if start < 0:
            missing = "does not occur in the source" if seen == 0 else f"occurs {seen} time(s) only"
            return _refuse(problems, f"{where}.text", f"{shown(text)} {missing}")
    return start, start + len(text)
