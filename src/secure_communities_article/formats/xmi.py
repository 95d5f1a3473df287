"""UIMA CAS XMI with DKPro Core types, as INCEpTION imports it: needs the ``[inception]`` extra.

A folder of two files, written by dkpro-cassis: ``<source file stem>.xmi`` (XML 1.0) and
``TypeSystem.xml``, DKPro Core's type system with a ``webanno.custom`` span type for each
layer DKPro Core has no type for (INCEpTION names a custom span layer so).  The CAS's
text is the verbatim source.  ``Sentence`` and ``Token`` are the article's sentences and
tokens; each mention is a ``NamedEntity`` (``value``: its entity's kind,
``identifier``: the entity's id); and ``webanno.custom.Quotation``, ``ReportedSpeech``,
``TimeExpression``, ``Quantity``, ``Event``, ``Stance`` and ``Reform`` lie over their
records' anchor spans, with the record's id as ``identifier`` and the values in
``CUSTOM`` as string features.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._article import Article
from .._describe import COLLECTIONS, describe
from .._text import number
from . import need
from .tables import article_id

SIGNATURE = rb"\A<\?xml [^>]*\?>\s*<(?:xmi:XMI|typeSystemDescription) "
DKPRO = "de.tudarmstadt.ukp.dkpro.core.api."
SENTENCE, TOKEN = DKPRO + "segmentation.type.Sentence", DKPRO + "segmentation.type.Token"
NAMED_ENTITY = DKPRO + "ner.type.NamedEntity"
#: Each layer's custom type (``webanno.custom.<name>``) and its features' values.
CUSTOM: dict[str, tuple[str, dict[str, Callable[[Any], str | None]]]] = {
    "quotes": ("Quotation", {"speaker": lambda r: r.speaker, "kind": lambda r: r.kind}),
    "reported_speech": ("ReportedSpeech", {"sources": lambda r: " ".join(r.sources) or None}),
    "quantities": ("Quantity", {"value": lambda r: number(r.value), "unit": lambda r: r.unit}),
    "time_expressions": ("TimeExpression", {"value": lambda r: r.value, "kind": lambda r: r.kind}),
    "reforms": ("Reform", {}),
    "events": ("Event", {"predicate": lambda r: r.predicate, "status": lambda r: r.status}),
    "stances": (
        "Stance",
        {"stance": lambda r: r.stance, "holder": lambda r: r.holder, "target": lambda r: r.target},
    ),
}


def fill(article: Article, folder: Path) -> None:
    """Write the ``.xmi`` and ``TypeSystem.xml`` into an (empty) folder."""
    cassis = need("cassis", "inception")
    typesystem = cassis.load_dkpro_core_typesystem()
    cas = cassis.Cas(typesystem=typesystem)
    cas.sofa_string = article.source
    sentence, token, entity = (typesystem.get_type(n) for n in (SENTENCE, TOKEN, NAMED_ENTITY))
    cas.add_all([sentence(begin=s.start, end=s.end) for s in article.sentences])
    cas.add_all([token(begin=t.span.start, end=t.span.end) for t in article.tokens])
    for mention in article.mentions:
        kind = article.entity(mention.entity).kind
        span = mention.span
        cas.add(entity(begin=span.start, end=span.end, value=kind, identifier=mention.entity))
    anchors = {c.name: getattr(describe(c.base).anchor, "name", "") for c in COLLECTIONS}
    for layer, (name, features) in CUSTOM.items():
        custom = typesystem.create_type(f"webanno.custom.{name}")
        for feature in ("identifier", *features):
            typesystem.create_feature(custom, feature, "uima.cas.String")
        for record in getattr(article, layer):
            span = getattr(record, anchors[layer])
            values = {key: value(record) for key, value in features.items()}
            cas.add(custom(begin=span.start, end=span.end, identifier=record.id, **values))
    cas.to_xmi(folder / f"{article_id(article)}.xmi")
    typesystem.to_xml(folder / "TypeSystem.xml")
