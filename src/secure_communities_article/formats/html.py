"""The annotated HTML view: the article as one self-contained page with its annotation layers.

``to_html(article)`` gives a complete HTML5 document (inline CSS and script, no network,
a Content-Security-Policy that forbids any), with mentions, quotations, numbers, time
expressions, reported speech, reforms, stances and events drawn as layers over the
verbatim text, a legend with layer toggles, a details
panel and an entity index.  Every piece
of text is escaped.

Ids: the page's own elements have ids in the ``sca:`` namespace (``sca:details-rows``,
``sca:entity:john-morton``); a record's element has the record's id, percent-encoded
(:func:`element_id`), which never contains a colon, so no record can take a page id.
Only ``http:`` and ``https:`` URLs become links.  The page is built in time linear in
the number of highlights: each text block gets only the highlights that touch it.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple
from urllib.parse import quote

from .._article import Article
from .._model import (
    Entity,
    Event,
    Organization,
    Person,
    Place,
    Quantity,
    Quote,
    Reform,
    ReportedSpeech,
    Segment,
    Span,
    Stance,
    TimeExpression,
)
from .._text import number
from .._version import __version__
from ._html_assets import LAYERS, SCRIPT, STYLE


class Highlight(NamedTuple):
    """One annotation to draw over the text: an element around ``source[start:end]``."""

    id: str
    start: int
    end: int
    layer: str  #: CSS layer: person, organization, place, program, quote, quantity, time
    attributes: tuple[tuple[str, str], ...] = ()  #: extra attributes, unescaped
    tag: str = "span"
    rank: int = 0  #: among spans with the same extent, the lower rank is the outer element


#: Segments shown as parts of the article (the first of each kind); the rest is furniture.
ARTICLE_SEGMENTS = frozenset({"masthead", "headline", "author-bio"})


def text(value: str) -> str:
    """Text escaped for an element's content."""
    return html.escape(value, quote=False)


def attribute(value: str) -> str:
    """Text escaped for a double-quoted attribute value."""
    return html.escape(value, quote=True)


def attributes(pairs: Iterable[tuple[str, str]]) -> str:
    """`` name="value"`` pairs, each value escaped."""
    return "".join(f' {name}="{attribute(value)}"' for name, value in pairs)


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


# --- nesting spans into elements ------------------------------------------------------


def mark_up(
    source: str, start: int, end: int, highlights: Sequence[Highlight], drawn: set[str]
) -> str:
    """``source[start:end]`` escaped, with each highlight as an element around its text.

    Spans are nested into a proper tree: a span inside another becomes a child element;
    where two spans cross, the one opened later is closed at the other's end and reopened
    after it.  The first element drawn for a highlight carries its ``id`` (recorded in
    ``drawn``); any later piece carries ``data-continues`` instead (both as
    :func:`element_id`; every piece has the record id as ``data-id``).  The text content
    of the result is exactly ``source[start:end]``.  The time is linear in the number of
    ``highlights`` (sorting aside): give it those that touch the block (:func:`by_block`).
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
    out: list[str] = []
    stack: list[Highlight] = []
    upcoming = 0
    position = start

    def open_tag(highlight: Highlight) -> str:
        if highlight.id in drawn:
            first: tuple[tuple[str, str], ...] = (("data-continues", element_id(highlight.id)),)
        else:
            drawn.add(highlight.id)
            first = (("id", element_id(highlight.id)),)
        classes = (("class", f"ann ann-{highlight.layer}"),)
        record = (("data-id", highlight.id),)
        return f"<{highlight.tag}{attributes(first + classes + highlight.attributes + record)}>"

    for boundary in boundaries:
        out.append(text(source[position:boundary]))
        position = boundary
        reopened: list[Highlight] = []
        ending = [i for i, h in enumerate(stack) if h.end == boundary]
        if ending:
            lowest = ending[0]
            reopened = [h for h in stack[lowest:] if h.end > boundary]
            out.extend(f"</{h.tag}>" for h in reversed(stack[lowest:]))
            del stack[lowest:]
        starting: list[Highlight] = []
        while upcoming < len(inside) and inside[upcoming].start == boundary:
            starting.append(inside[upcoming])
            upcoming += 1
        for highlight in [h for h in starting if h.end == boundary]:  # empty spans
            out.append(open_tag(highlight) + f"</{highlight.tag}>")
        # Longest first; a span carried over from before goes outside a new one of equal end.
        to_open = [(-h.end, 0, order, h) for order, h in enumerate(reopened)] + [
            (-h.end, 1, h.rank, h) for h in starting if h.end > boundary
        ]
        for *_, highlight in sorted(to_open, key=lambda item: item[:3]):
            out.append(open_tag(highlight))
            stack.append(highlight)
    return "".join(out)


# --- the article's highlights -----------------------------------------------------------------


def _mention_highlights(article: Article) -> list[Highlight]:
    highlights = []
    for mention in article.mentions:
        entity = article.entity(mention.entity)
        kind = entity.kind
        highlights.append(
            Highlight(
                mention.id,
                mention.span.start,
                mention.span.end,
                kind,
                (
                    ("data-kind", "mention"),
                    ("data-layer", kind),
                    ("data-entity", entity.id),
                    ("data-entity-label", entity.label),
                    ("data-form", mention.form),
                    ("title", f"{entity.label} · {kind} · {mention.form} mention · {mention.id}"),
                ),
                rank=1,
            )
        )
    return highlights


def _quote_highlight(article: Article, quote: Quote) -> Highlight:
    speaker = article.entity(quote.speaker) if quote.speaker is not None else None
    speaker_label = speaker.label if speaker is not None else "unattributed"
    link = (("href", f"#{entity_anchor(speaker.id)}"),) if speaker is not None else ()
    speaker_data = (
        (("data-speaker", speaker.id), ("data-speaker-label", speaker.label))
        if speaker is not None
        else ()
    )
    cue = (("data-cue", _span_text(quote.cue)),) if quote.cue is not None else ()
    return Highlight(
        quote.id,
        quote.span.start,
        quote.span.end,
        "quote",
        (
            *link,
            ("data-kind", "quote"),
            ("data-layer", "quote"),
            *speaker_data,
            ("data-quote-kind", quote.kind),
            ("data-attribution", quote.attribution),
            *(
                (("data-attribution-note", quote.attribution_note),)
                if quote.attribution_note
                else ()
            ),
            *cue,
            (
                "title",
                f"Quotation of {speaker_label} · {quote.kind}, {quote.attribution} · {quote.id}",
            ),
        ),
        tag="a",
        rank=0,
    )


def _quantity_highlight(quantity: Quantity) -> Highlight:
    value = number(quantity.value)
    about = " (approximate)" if quantity.approximate else ""
    return Highlight(
        quantity.id,
        quantity.span.start,
        quantity.span.end,
        "quantity",
        (
            ("data-kind", "quantity"),
            ("data-layer", "quantity"),
            ("data-value", value),
            ("data-unit", quantity.unit),
            ("data-measures", quantity.measures),
            ("data-approximate", "true" if quantity.approximate else "false"),
            ("title", f"{value} {quantity.unit}{about} · {quantity.measures} · {quantity.id}"),
        ),
        rank=2,
    )


def _time_highlight(time: TimeExpression) -> Highlight:
    value = time.value if time.value is not None else "unknown"
    return Highlight(
        time.id,
        time.span.start,
        time.span.end,
        "time",
        (
            ("data-kind", "time"),
            ("data-layer", "time"),
            ("data-value", value),
            ("data-time-kind", time.kind),
            ("data-relation", time.relation),
            ("data-note", time.note),
            ("title", f"{value} · {time.kind}, {time.relation} · {time.id}"),
        ),
        rank=3,
    )


def _labels(article: Article, entity_ids: Iterable[str | None]) -> str:
    """The labels of the entities ids name, joined for a data attribute."""
    return "; ".join(article.entity(i).label for i in entity_ids if i is not None)


def _speech_highlight(article: Article, speech: ReportedSpeech) -> Highlight:
    sources = _labels(article, speech.sources) or "unnamed"
    note = (("data-note", speech.note),) if speech.note else ()
    return Highlight(
        speech.id,
        speech.content.start,
        speech.content.end,
        "speech",
        (
            ("data-kind", "reported speech"),
            ("data-layer", "speech"),
            ("data-sources", sources),
            ("data-source-words", speech.source_span.text),
            ("data-cue", _span_text(speech.cue)),
            *note,
            ("title", f"Reported speech of {sources} · {speech.cue.text} · {speech.id}"),
        ),
        rank=-3,  # the longest: outside the highlights it contains
    )


def _reform_highlight(reform: Reform) -> Highlight:
    return Highlight(
        reform.id,
        reform.span.start,
        reform.span.end,
        "reform",
        (
            ("data-kind", "reform"),
            ("data-layer", "reform"),
            ("title", f"Reform of the program · {reform.id}"),
        ),
        rank=-2,
    )


def _stance_highlight(article: Article, stance: Stance) -> Highlight:
    holder = (
        (("data-holder", stance.holder), ("data-holder-label", article.entity(stance.holder).label))
        if stance.holder is not None
        else ()
    )
    target = article.entity(stance.target)
    return Highlight(
        stance.id,
        stance.holder_span.start,
        stance.holder_span.end,
        "stance",
        (
            ("data-kind", "stance"),
            ("data-layer", "stance"),
            ("data-stance", stance.stance),
            *holder,
            ("data-target", target.id),
            ("data-target-label", target.label),
            ("data-rationale", stance.rationale),
            ("data-basis", stance.basis),
            (
                "title",
                f"{stance.holder_span.text}: {stance.stance} toward {target.label} "
                f"(annotators' reading) · {stance.id}",
            ),
        ),
        rank=-1,
    )


def _event_highlight(article: Article, event: Event) -> Highlight:
    who = _labels(article, (p.entity for p in event.participants if p.role == "agent"))
    return Highlight(
        event.id,
        event.trigger.start,
        event.trigger.end,
        "event",
        (
            ("data-kind", "event"),
            ("data-layer", "event"),
            ("data-predicate", event.predicate),
            ("data-status", event.status),
            *((("data-agents", who),) if who else ()),
            ("data-evidence", event.evidence.text),
            ("title", f"{event.predicate} ({event.status}) · {event.id}"),
        ),
        rank=4,  # a verb: inside any other highlight
    )


def highlights(article: Article) -> list[Highlight]:
    """Every annotation drawn over the text as a highlight: entity mentions, quotations,
    numbers, time expressions, reported speech, reforms, stances (at their holders' words)
    and events (at their triggers)."""
    return (
        _mention_highlights(article)
        + [_quote_highlight(article, quote) for quote in article.quotes]
        + [_quantity_highlight(quantity) for quantity in article.quantities]
        + [_time_highlight(time) for time in article.time_expressions]
        + [_speech_highlight(article, speech) for speech in article.reported_speech]
        + [_reform_highlight(reform) for reform in article.reforms]
        + [_stance_highlight(article, stance) for stance in article.stances]
        + [_event_highlight(article, event) for event in article.events]
    )


def _span_text(span: Span) -> str:
    return f"{span.text} ({span.start}-{span.end})"


# --- the page ------------------------------------------------------------------------------------


def _legend() -> str:
    items = "".join(
        f'<li><label><input type="checkbox" checked data-layer="{layer}"> '
        f'<span class="swatch swatch-{layer}">{text(label)}</span></label></li>'
        for layer, label, _background, _underline in LAYERS
    )
    return (
        f'<section class="legend" id="{PAGE}legend" aria-label="Legend"><h2>Legend</h2>'
        f"<ul>{items}</ul>"
        '<p class="hint">Untick a layer to hide it. Hover a highlight for a summary; '
        "click it for its details. A quotation links to its speaker.</p></section>"
    )


def _details_panel() -> str:
    return (
        f'<section class="details" id="{PAGE}details" aria-live="polite"><h2>Details</h2>'
        f'<p id="{PAGE}details-empty" class="hint">Click a highlight to see its id, kind, '
        f'entity and value.</p><dl id="{PAGE}details-rows"></dl></section>'
    )


def _entity_facts(article: Article, entity: Entity) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = [("id", text(entity.id)), ("kind", text(entity.kind))]

    def link(entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        target = article.entity(entity_id)
        return f'<a href="#{attribute(entity_anchor(target.id))}">{text(target.label)}</a>'

    optional: list[tuple[str, str | None]] = []
    if isinstance(entity, Person):
        optional = [
            ("role", entity.role and text(entity.role)),
            ("affiliation", link(entity.affiliation)),
        ]
    elif isinstance(entity, Organization):
        optional = [("aliases", text(", ".join(entity.aliases)) or None)]
    elif isinstance(entity, Place):
        optional = [
            ("place type", text(entity.place_type)),
            ("state", entity.state_postal_code and text(entity.state_postal_code)),
            ("FIPS code", entity.fips_code and text(entity.fips_code)),
            ("within", link(entity.within)),
        ]
    description = getattr(entity, "description", None)
    if description is not None:
        optional.append(("described as", text(description.text)))
    facts.extend((name, value) for name, value in optional if value)
    return facts


def _entity_entry(article: Article, entity: Entity) -> str:
    kind = entity.kind
    mentions = article.mentions_of(entity)
    quotes = article.quotes_by(entity)
    facts = "".join(
        f"<dt>{name}</dt><dd>{value}</dd>" for name, value in _entity_facts(article, entity)
    )
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
        f'<section class="entity entity-{kind}" id="{attribute(entity_anchor(entity.id))}" '
        f'data-entity="{attribute(entity.id)}">'
        f'<h3 class="entity-label">{text(entity.label)}</h3><dl>{facts}</dl>'
        f'<p class="count">Mentions: <span class="mention-count">{len(mentions)}</span></p>'
        f"<ul>{mention_items}</ul>{quote_block}</section>"
    )


def _segment_block(
    article: Article, tag: str, segment: Segment | None, body: Callable[[Span], str]
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
    """For each ``(start, end)`` block, the highlights that touch it, in ``items`` order.

    One sweep over both, sorted by start, with the open highlights in a heap by end, so
    the work grows with the highlights and blocks, not with their product.  A highlight
    touches a block when ``start <= h.end`` and ``h.start <= end`` (an empty one at a
    block's edge included): a superset of what :func:`mark_up` draws there.
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
    """The article as a self-contained annotated HTML5 page (a ``str``; write it as UTF-8).

    The body paragraphs, headline, masthead and author bio carry the annotation layers;
    the rest of the captured page is listed, dimmed.  No external resource is referenced
    and the page's Content-Security-Policy forbids fetching any.
    """
    items = highlights(article)
    drawn: set[str] = set()
    source = article.source
    first = {s.kind: s for s in reversed(article.segments) if s.kind in ARTICLE_SEGMENTS}
    furniture_segments = [s for s in article.segments if first.get(s.kind) is not s]
    spans = [
        *(s.span for s in (first.get(kind) for kind in ("masthead", "headline")) if s),
        *(p.span for p in article.paragraphs),
        *(s.span for s in (first.get("author-bio"),) if s),
        *(s.span for s in furniture_segments),
    ]
    blocks = [(span.start, span.end) for span in spans]
    touching = dict(zip(blocks, by_block(blocks, items), strict=True))

    def body(span: Span) -> str:  # called in page order: a highlight's first piece is drawn first
        return mark_up(source, span.start, span.end, touching[span.start, span.end], drawn)

    masthead = _segment_block(article, "p", first.get("masthead"), body)
    headline = _segment_block(article, "h1", first.get("headline"), body)
    paragraphs = "\n".join(
        f'<p class="paragraph" id="{PAGE}paragraph-{p.index}" data-paragraph="{p.index}" '
        f'data-start="{p.span.start}" data-end="{p.span.end}">{body(p.span)}</p>'
        for p in article.paragraphs
    )
    bio = _segment_block(article, "p", first.get("author-bio"), body)
    furniture = "\n".join(
        f'<li class="segment" id="{attribute(element_id(s.id))}" '
        f'data-segment-kind="{attribute(s.kind)}">'
        f'<span class="kind">{text(s.kind)}</span> {body(s.span)}</li>'
        for s in furniture_segments
    )
    entities = "\n".join(_entity_entry(article, entity) for entity in article.entities)
    published = article.published.isoformat()
    meta = article.metadata
    policy = _content_security_policy(STYLE, SCRIPT)
    return f"""<!DOCTYPE html>
<html lang="{attribute(meta.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{attribute(policy)}">
<meta name="generator" content="secure-communities-article {attribute(__version__)}">
<title>{text(article.headline)} (annotated)</title>
<style>{STYLE}</style>
</head>
<body>
<div class="layout">
<main id="{PAGE}article">
<header>
{masthead}
{headline}
<p class="dateline">Published <time datetime="{published}">{published}</time> \
· section: {text(meta.section)} · {web_link(meta.url, "canonical URL")}</p>
</header>
<div class="body" id="{PAGE}body">
{paragraphs}
</div>
<footer>
{bio}
</footer>
</main>
<aside>
{_legend()}
{_details_panel()}
</aside>
</div>
<section class="index" id="{PAGE}entities" aria-label="Entity index">
<h2>Entities: mentions and quotations</h2>
<div class="entities">
{entities}
</div>
</section>
<section class="furniture" id="{PAGE}furniture" aria-label="Page furniture">
<h2>Page furniture captured with the article (not part of it)</h2>
<ol>
{furniture}
</ol>
</section>
<footer class="rights"><p>{text(meta.rights)}</p>
<p>Annotations: secure-communities-article {text(__version__)}; source file \
{text(meta.source_file)} (SHA-256 {text(meta.source_sha256)}).</p></footer>
<script>{SCRIPT}</script>
</body>
</html>
"""


def render(article: Article) -> str:
    """The page's file."""
    return to_html(article)
