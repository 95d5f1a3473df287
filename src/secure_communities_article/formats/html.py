"""The annotated HTML view: the article as one self-contained page with its annotation layers.

Inline CSS and script under a Content-Security-Policy that forbids any network; each layer
drawn over the verbatim text, with a legend, a details panel, an entity index and the rest
of the captured page, dimmed.  Every text is escaped; only ``http(s):`` URLs become links.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import groupby, pairwise
from typing import Any, NamedTuple
from urllib.parse import quote

from .. import _model as model
from .._article import Article
from .._load import bundled_bytes
from .._text import number
from .._version import __version__

SIGNATURE = rb"\A\s*<!(?i:doctype) html"


class Highlight(NamedTuple):
    """One annotation to draw over the text: an element around ``source[start:end]``."""

    id: str
    start: int
    end: int
    layer: str  #: its CSS layer: one of :data:`LAYERS`
    attributes: tuple[tuple[str, str], ...] = ()  #: extra attributes, unescaped
    tag: str = "span"
    rank: int = 0  #: among spans with the same extent, the lower rank is the outer element


#: The layers, in legend order: (layer, legend label, background colour, underline colour).
LAYERS: tuple[tuple[str, str, str, str], ...] = (
    ("person", "Person", "#cfe3ff", "#3b6fc4"),
    ("organization", "Organization", "#d2f0d2", "#3c8c3c"),
    ("place", "Place", "#ffdcb0", "#c46f1b"),
    ("program", "Program", "#e8d6ff", "#7a4cc2"),
    ("referent", "Other referent (a group, the changes)", "#f3e0d8", "#9a5b43"),
    ("quote", "Quotation (linked to its speaker)", "#fff3a8", "#b89600"),
    ("quantity", "Number", "#ffd3dc", "#c0395a"),
    ("time", "Time expression", "#c4efec", "#23867e"),
    ("speech", "Reported speech", "#efefef", "#7d7d7d"),
    ("reform", "Reform", "#e4f7c8", "#5f9a12"),
    ("stance", "Stance holder (a reading)", "#e3e8ee", "#3d5a80"),
    ("event", "Event (its verb)", "#ece3d0", "#7a5c1e"),
)
#: The page's style: its fixed rules, then each layer's colours.
STYLE = bundled_bytes("page.css").decode("utf-8") + "".join(
    f".ann-{layer}{{background:{background};box-shadow:inset 0 -2px 0 {underline}}}\n"
    f".ann .ann-{layer}{{box-shadow:inset 0 -2px 0 {underline},0 0 0 1px {underline}}}\n"
    f".hide-{layer} .ann-{layer}{{background:transparent;box-shadow:none}}\n"
    f".swatch-{layer}{{background:{background};box-shadow:inset 0 -2px 0 {underline}}}\n"
    for layer, _label, background, underline in LAYERS
)
#: It reads only the page's data attributes and writes with ``textContent``: no article
#: text ever passes through it as markup.  It finds its elements by their ``sca:`` ids.
SCRIPT = bundled_bytes("page.js").decode("utf-8")
#: The page, filled by ``to_html`` (every value escaped there).
PAGE_TEMPLATE = bundled_bytes("page.html").decode("utf-8")
#: Segments shown as parts of the article (the first of each kind); the rest is furniture.
ARTICLE_SEGMENTS = frozenset({"masthead", "headline", "author-bio"})


def text(value: str) -> str:
    """Text escaped for an element's content."""
    return html.escape(value, quote=False)


def attribute(value: str) -> str:
    """Text escaped for a double-quoted attribute value."""
    return html.escape(value, quote=True)


#: The page's own element ids start with this; a record's element id never has a colon.
PAGE = "sca:"


def element_id(record_id: str) -> str:
    """A record's element id: its id, percent-encoded past ``A-Za-z0-9-._~`` (no colon)."""
    return quote(record_id, safe="")


def entity_anchor(entity_id: str) -> str:
    """The element id of an entity's entry in the index."""
    return f"{PAGE}entity:{element_id(entity_id)}"


def web_link(url: str, label: str) -> str:
    """A link if ``url`` is an http(s) URL, else the URL as plain text (never a live link)."""
    if re.fullmatch(r"https?://[^\x00-\x20\x7f-\x9f\"'<>\\`]+", url, flags=re.ASCII):
        return f'<a href="{attribute(url)}">{text(label)}</a>'
    return f'{text(label)}: <span class="url">{text(url)}</span>'


def mark_up(
    source: str, start: int, end: int, highlights: Sequence[Highlight], drawn: set[str]
) -> str:
    """``source[start:end]`` escaped, with each highlight as an element around its text.

    Where two spans cross, the one opened later is closed at the other's end and reopened
    after it: its first piece has the ``id`` (recorded in ``drawn``), later ones
    ``data-continues``.  Give it the highlights that touch the block (:func:`by_block`).
    """
    inside = sorted(
        (
            h._replace(start=max(h.start, start), end=min(h.end, end))
            for h in highlights
            if (h.start < end and h.end > start)
            or (h.start == h.end and start <= h.start <= end and h.id not in drawn)
        ),
        key=lambda h: (h.start, -h.end, h.rank),
    )
    boundaries = sorted({start, end, *(h.start for h in inside), *(h.end for h in inside)})
    starting = {at: list(group) for at, group in groupby(inside, key=lambda h: h.start)}
    out: list[str] = []
    stack: list[Highlight] = []

    def open_tag(highlight: Highlight) -> str:
        first = "data-continues" if highlight.id in drawn else "id"
        drawn.add(highlight.id)
        pairs = [(first, element_id(highlight.id)), ("class", f"ann ann-{highlight.layer}")]
        pairs += [*highlight.attributes, ("data-id", highlight.id)]
        shown = "".join(f' {name}="{attribute(value)}"' for name, value in pairs)
        return f"<{highlight.tag}{shown}>"

    for previous, boundary in pairwise([start, *boundaries]):
        out.append(text(source[previous:boundary]))
        # Close from the lowest element ending here; those that go on are reopened.
        lowest = next((i for i, h in enumerate(stack) if h.end == boundary), len(stack))
        reopened = [h for h in stack[lowest:] if h.end > boundary]
        out.extend(f"</{h.tag}>" for h in reversed(stack[lowest:]))
        del stack[lowest:]
        here = starting.get(boundary, [])
        out.extend(open_tag(h) + f"</{h.tag}>" for h in here if h.end == boundary)  # empty spans
        # Longest first; a span carried over from before goes outside a new one of equal end.
        to_open = [(-h.end, 0, order, h) for order, h in enumerate(reopened)] + [
            (-h.end, 1, h.rank, h) for h in here if h.end > boundary
        ]
        for *_, highlight in sorted(to_open, key=lambda item: item[:3]):
            out.append(open_tag(highlight))
            stack.append(highlight)
    return "".join(out)


def _highlight(
    record_id: str,
    span: model.Span,
    layer: str,
    kind: str,
    data: Mapping[str, str | None],
    title: str,
    rank: int,
    link: str | None = None,
) -> Highlight:
    """A highlight whose element says its kind and layer, its data (none for a gap), a title."""
    tag, href = ("span", []) if link is None else ("a", [("href", link)])
    kinds = (("data-kind", kind), ("data-layer", layer))
    values = [(f"data-{name}", value) for name, value in data.items() if value is not None]
    pairs = (*href, *kinds, *values, ("title", f"{title} · {record_id}"))
    return Highlight(record_id, span.start, span.end, layer, pairs, tag, rank)


def _mention_highlight(article: Article, mention: model.Mention) -> Highlight:
    entity = article.entity(mention.entity)
    data = {"entity": entity.id, "entity-label": entity.label, "form": mention.form}
    title = f"{entity.label} · {entity.kind} · {mention.form} mention"
    return _highlight(mention.id, mention.span, entity.kind, "mention", data, title, 1)


def _quote_highlight(article: Article, quote: model.Quote) -> Highlight:
    speaker = article.entity(quote.speaker) if quote.speaker is not None else None
    data = {
        "speaker": speaker.id if speaker else None,
        "speaker-label": speaker.label if speaker else None,
        "quote-kind": quote.kind,
        "attribution": quote.attribution,
        "attribution-note": quote.attribution_note or None,
        "cue": _span_text(quote.cue) if quote.cue is not None else None,
    }
    said = f"{quote.kind}, {quote.attribution}"
    title = f"Quotation of {speaker.label if speaker else 'unattributed'} · {said}"
    link = f"#{entity_anchor(speaker.id)}" if speaker else None
    return _highlight(quote.id, quote.span, "quote", "quote", data, title, 0, link)


def _quantity_highlight(article: Article, quantity: model.Quantity) -> Highlight:
    value = number(quantity.value)
    about = " (approximate)" if quantity.approximate else ""
    data = {
        "value": value,
        "unit": quantity.unit,
        "measures": quantity.measures,
        "approximate": "true" if quantity.approximate else "false",
    }
    title = f"{value} {quantity.unit}{about} · {quantity.measures}"
    return _highlight(quantity.id, quantity.span, "quantity", "quantity", data, title, 2)


def _time_highlight(article: Article, time: model.TimeExpression) -> Highlight:
    value = time.value if time.value is not None else "unknown"
    data = {"value": value, "time-kind": time.kind, "relation": time.relation, "note": time.note}
    title = f"{value} · {time.kind}, {time.relation}"
    return _highlight(time.id, time.span, "time", "time", data, title, 3)


def _labels(article: Article, entity_ids: Iterable[str | None]) -> str:
    """The labels of the entities ids name, joined for a data attribute."""
    return "; ".join(article.entity(i).label for i in entity_ids if i is not None)


def _speech_highlight(article: Article, speech: model.ReportedSpeech) -> Highlight:
    sources = _labels(article, speech.sources) or "unnamed"
    data = {
        "sources": sources,
        "source-words": speech.source_span.text,
        "cue": _span_text(speech.cue),
        "note": speech.note or None,
    }
    title = f"Reported speech of {sources} · {speech.cue.text}"
    # rank -3: the longest, outside the highlights it contains
    return _highlight(speech.id, speech.content, "speech", "reported speech", data, title, -3)


def _reform_highlight(article: Article, reform: model.Reform) -> Highlight:
    return _highlight(reform.id, reform.span, "reform", "reform", {}, "Reform of the program", -2)


def _stance_highlight(article: Article, stance: model.Stance) -> Highlight:
    holder = article.entity(stance.holder) if stance.holder is not None else None
    target = article.entity(stance.target)
    data = {
        "stance": stance.stance,
        "holder": holder.id if holder else None,
        "holder-label": holder.label if holder else None,
        "target": target.id,
        "target-label": target.label,
        "rationale": stance.rationale,
        "basis": stance.basis,
    }
    reading = f"{stance.stance} toward {target.label} (annotators' reading)"
    title = f"{stance.holder_span.text}: {reading}"
    return _highlight(stance.id, stance.holder_span, "stance", "stance", data, title, -1)


def _event_highlight(article: Article, event: model.Event) -> Highlight:
    agents = _labels(article, (p.entity for p in event.participants if p.role == "agent"))
    data = {
        "predicate": event.predicate,
        "status": event.status,
        "agents": agents or None,
        "evidence": event.evidence.text,
    }
    title = f"{event.predicate} ({event.status})"
    # rank 4: a verb, inside any other highlight
    return _highlight(event.id, event.trigger, "event", "event", data, title, 4)


#: Each layer drawn over the text, with the function that draws one of its records.
LAYER_HIGHLIGHTS: tuple[tuple[str, Callable[[Article, Any], Highlight]], ...] = (
    ("mentions", _mention_highlight),
    ("quotes", _quote_highlight),
    ("quantities", _quantity_highlight),
    ("time_expressions", _time_highlight),
    ("reported_speech", _speech_highlight),
    ("reforms", _reform_highlight),
    ("stances", _stance_highlight),
    ("events", _event_highlight),
)


def highlights(article: Article) -> list[Highlight]:
    """Every record of :data:`LAYER_HIGHLIGHTS` as a highlight over the text."""
    return [draw(article, r) for name, draw in LAYER_HIGHLIGHTS for r in getattr(article, name)]


def _span_text(span: model.Span) -> str:
    return f"{span.text} ({span.start}-{span.end})"


def _entity_facts(article: Article, entity: model.Entity) -> str:
    """What the index says of an entity: a ``<dt>``/``<dd>`` pair for each fact it has."""

    def link(entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        target = article.entity(entity_id)
        return f'<a href="#{attribute(entity_anchor(target.id))}">{text(target.label)}</a>'

    facts: dict[str, str | None] = {"id": text(entity.id), "kind": text(entity.kind)}
    if isinstance(entity, model.Person):
        facts["role"] = entity.role and text(entity.role)
        facts["affiliation"] = link(entity.affiliation)
    elif isinstance(entity, model.Organization):
        facts["aliases"] = text(", ".join(entity.aliases))
    elif isinstance(entity, model.Place):
        facts["place type"] = text(entity.place_type)
        facts["state"] = entity.state_postal_code and text(entity.state_postal_code)
        facts["FIPS code"] = entity.fips_code and text(entity.fips_code)
        facts["within"] = link(entity.within)
    description = getattr(entity, "description", None)
    facts["described as"] = description and text(description.text)
    return "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts.items() if value)


def _entity_entry(article: Article, entity: model.Entity) -> str:
    mentions = article.mentions_of(entity)
    quotes = article.quotes_by(entity)
    facts = _entity_facts(article, entity)
    mention_items = "".join(
        f'<li><a href="#{attribute(element_id(m.id))}">{text(m.span.text)}</a> '
        f'<span class="kind">{text(m.form)}</span></li>'
        for m in mentions
    )
    quote_items = "".join(
        f'<li><a href="#{attribute(element_id(q.id))}">\u201c{text(q.span.text)}\u201d</a></li>'
        for q in quotes
    )
    quote_block = (
        f'<p class="count">Quotations: <span class="quote-count">{len(quotes)}</span></p>'
        f"<ul>{quote_items}</ul>"
        if quotes
        else ""
    )
    return (
        f'<section class="entity entity-{entity.kind}" id="{attribute(entity_anchor(entity.id))}" '
        f'data-entity="{attribute(entity.id)}">'
        f'<h3 class="entity-label">{text(entity.label)}</h3><dl>{facts}</dl>'
        f'<p class="count">Mentions: <span class="mention-count">{len(mentions)}</span></p>'
        f"<ul>{mention_items}</ul>{quote_block}</section>"
    )


def _segment_block(
    tag: str, segment: model.Segment | None, body: Callable[[model.Span], str]
) -> str:
    if segment is None:
        return ""
    return (
        f'<{tag} class="{segment.kind}" id="{attribute(element_id(segment.id))}" '
        f'data-start="{segment.span.start}" data-end="{segment.span.end}">'
        f"{body(segment.span)}</{tag}>"
    )


def by_block(
    blocks: Sequence[tuple[int, int]], items: Sequence[Highlight]
) -> list[list[Highlight]]:
    """For each ``(start, end)`` block, the highlights that touch it (at an edge too), in order.

    One sweep, the open highlights in a heap by end: the work grows with blocks plus highlights.
    """
    order = sorted(range(len(items)), key=lambda i: items[i].start)
    open_ones: list[tuple[int, int]] = []  # (end, index in items)
    found: list[list[Highlight]] = [[] for _ in blocks]
    upcoming = 0
    for block in sorted(range(len(blocks)), key=lambda b: blocks[b]):
        start, end = blocks[block]
        while upcoming < len(order) and items[order[upcoming]].start <= end:
            index = order[upcoming]
            heapq.heappush(open_ones, (items[index].end, index))
            upcoming += 1
        while open_ones and open_ones[0][0] < start:
            heapq.heappop(open_ones)
        touching = sorted(index for _, index in open_ones if items[index].start <= end)
        found[block] = [items[index] for index in touching]
    return found


def _content_security_policy(style: str, script: str) -> str:
    def digest(code: str) -> str:
        return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")

    return (
        "default-src 'none'; "
        f"style-src 'sha256-{digest(style)}'; script-src 'sha256-{digest(script)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def to_html(article: Article) -> str:
    """The article as a self-contained annotated HTML5 page (a ``str``; write it as UTF-8)."""
    drawn: set[str] = set()
    first = {s.kind: s for s in reversed(article.segments) if s.kind in ARTICLE_SEGMENTS}
    spans = [*(s.span for s in article.segments), *(p.span for p in article.paragraphs)]
    blocks = [(span.start, span.end) for span in spans]
    touching = dict(zip(blocks, by_block(blocks, highlights(article)), strict=True))

    def body(span: model.Span) -> str:  # in page order: a highlight's first piece is drawn first
        return mark_up(article.source, span.start, span.end, touching[span.start, span.end], drawn)

    paragraphs = "\n".join(
        f'<p class="paragraph" id="{PAGE}paragraph-{p.index}" data-paragraph="{p.index}" '
        f'data-start="{p.span.start}" data-end="{p.span.end}">{body(p.span)}</p>'
        for p in article.paragraphs
    )
    furniture = "\n".join(
        f'<li class="segment" id="{attribute(element_id(s.id))}" '
        f'data-segment-kind="{attribute(s.kind)}">'
        f'<span class="kind">{text(s.kind)}</span> {body(s.span)}</li>'
        for s in article.segments
        if first.get(s.kind) is not s
    )
    meta = article.metadata
    return PAGE_TEMPLATE.format(
        language=attribute(meta.language),
        policy=attribute(_content_security_policy(STYLE, SCRIPT)),
        version=attribute(__version__),
        headline_text=text(article.headline),
        style=STYLE,
        page=PAGE,
        masthead=_segment_block("p", first.get("masthead"), body),
        headline=_segment_block("h1", first.get("headline"), body),
        published=article.published.isoformat(),
        section=text(meta.section),
        url_link=web_link(meta.url, "canonical URL"),
        paragraphs=paragraphs,
        bio=_segment_block("p", first.get("author-bio"), body),
        legend_items="".join(
            f'<li><label><input type="checkbox" checked data-layer="{layer}"> '
            f'<span class="swatch swatch-{layer}">{text(label)}</span></label></li>'
            for layer, label, _background, _underline in LAYERS
        ),
        entities="\n".join(_entity_entry(article, entity) for entity in article.entities),
        furniture=furniture,
        rights=text(meta.rights),
        source_file=text(meta.source_file),
        source_sha256=text(meta.source_sha256),
        script=SCRIPT,
    )


render = to_html  # the format's interface: the page's file
