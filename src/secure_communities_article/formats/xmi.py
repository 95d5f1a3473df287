"""UIMA CAS XMI with DKPro Core types, as INCEpTION imports it: needs the ``[inception]`` extra.

A folder of ``<source file stem>.xmi`` and ``TypeSystem.xml`` written by dkpro-cassis over the
verbatim source, that passes INCEpTION's CAS Doctor: docs/exports.md says what each layer
becomes, docs/interop.md how to set each up in INCEpTION.
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
CHAIN, LINK = DKPRO + "coref.type.CoreferenceChain", DKPRO + "coref.type.CoreferenceLink"
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
    sentence, token, entity, chain, link = map(
        typesystem.get_type, (SENTENCE, TOKEN, NAMED_ENTITY, CHAIN, LINK)
    )
    for s in article.sentences:
        cas.add(sentence(begin=s.start, end=s.end))
        cas.add_all([token(begin=t.span.start, end=t.span.end) for t in article.tokens_in(s)])
    for n in article.names:  # at its name's extent, the NER one
        extent, kind = n.name or n.span, article.entity(n.entity).kind
        cas.add(entity(begin=extent.start, end=extent.end, value=kind, identifier=n.entity))
    for record in article.entities:  # each chain's links, built from its last mention back
        first = None
        for m in reversed(article.mentions_of(record.id)):
            first = link(begin=m.span.start, end=m.span.end, referenceType=m.form, next=first)
            cas.add(first)
        if first is not None:
            cas.add(chain(first=first))
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
