"""The annotated HTML view and the notebook card: parsed, validated, and rendered in Chromium."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ROOT, script
from secure_communities_article.formats import html as _html
from secure_communities_article.formats.html import (
    Highlight,
    by_block,
    element_id,
    highlights,
    mark_up,
    web_link,
)

VOID_ELEMENTS = frozenset({"meta", "input", "br", "img", "link", "hr", "wbr", "source"})


class Element:
    """A parsed element, with the offsets of its text within the document's text."""

    def __init__(self, tag: str, attributes: dict[str, str | None], parent: Element | None):
        self.tag = tag
        self.attributes = attributes
        self.parent = parent
        self.children: list[Element | str] = []
        self.text_start = 0
        self.text_end = 0

    def get(self, name: str) -> str | None:
        return self.attributes.get(name)

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    """Builds a tree, strictly: every non-void element must be closed explicitly, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.stack = [self.root]
        self.errors: list[str] = []
        self.text_offset = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"<{tag}> repeats an attribute")
        element = Element(tag, dict(attrs), self.stack[-1])
        element.text_start = element.text_end = self.text_offset
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self.errors.append(f"self-closing <{tag}/>")
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            self.errors.append(f"end tag for void element {tag}")
        elif self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}>")
        else:
            self.stack.pop().text_end = self.text_offset

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)
        self.text_offset += len(data)

    def close(self) -> None:
        super().close()
        if len(self.stack) != 1:
            self.errors.append(f"unclosed: {[e.tag for e in self.stack[1:]]}")


def parse(markup: str) -> Element:
    builder = TreeBuilder()
    builder.feed(markup)
    builder.close()
    assert builder.errors == []
    return builder.root


def elements_by_id(root: Element) -> dict[str, Element]:
    counts = Counter(e.get("id") for e in root.iter() if e.get("id") is not None)
    assert [i for i, n in counts.items() if n > 1] == []
    return {e.attributes["id"] or "": e for e in root.iter() if e.get("id") is not None}


def annotation_ids(article: sca.Article) -> list[str]:
    return [
        record.id
        for collection in (
            article.mentions,
            article.quotes,
            article.quantities,
            article.time_expressions,
            article.reported_speech,
            article.reforms,
            article.stances,
            article.events,
        )
        for record in collection
    ]


@pytest.fixture(scope="module")
def page(article: sca.Article) -> str:
    return str(sca.to_html(article))


@pytest.fixture(scope="module")
def tree(page: str) -> Element:
    return parse(page)


def _synthetic() -> Any:
    """The benchmarks' synthetic documents (``benchmarks/synthetic.py``)."""
    return script(ROOT / "benchmarks" / "synthetic.py")


@pytest.fixture(scope="module")
def large_article(article: sca.Article) -> sca.Article:
    """The article repeated 100 times: 100 times its text and its highlights."""
    if not (ROOT / "benchmarks" / "synthetic.py").exists():
        pytest.skip("needs the source tree's benchmarks/")
    return sca.from_dict(_synthetic().repeated_document(100, article.to_dict()))


# --- structure and text ------------------------------------------------------------------


def test_page_is_an_html5_document_that_a_strict_html5_parser_accepts(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>\n")
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(page)  # raises ParseError on the first error
    assert parser.errors == []


def test_every_text_block_shows_exactly_its_source_text(
    article: sca.Article, tree: Element
) -> None:
    by_id = elements_by_id(tree)
    paragraphs = [e for e in tree.iter() if "paragraph" in e.classes]
    assert [p.text() for p in paragraphs] == [p.span.text for p in article.paragraphs]
    assert [p.get("data-paragraph") for p in paragraphs] == [str(i) for i in range(9)]
    for segment in article.segments:
        element = by_id[segment.id]
        shown = element.text()
        if segment.kind in {"masthead", "headline", "author-bio"}:
            assert shown == segment.text
        else:  # furniture: a kind label, a space, then the text
            assert shown == f"{segment.kind} {segment.text}"
    assert by_id["segment-headline"].tag == "h1"
    assert by_id["segment-headline"].text() == article.headline
    assert by_id["segment-author-bio"].text() == article.metadata.author_bio.text
    assert by_id["sca:body"].text().split() == article.body.split()


def test_every_annotation_is_one_element_carrying_its_data(
    article: sca.Article, tree: Element
) -> None:
    by_id = elements_by_id(tree)
    highlighted = [e for e in tree.iter() if "ann" in e.classes]
    assert Counter(e.get("id") for e in highlighted) == Counter(annotation_ids(article))
    assert not [e for e in highlighted if e.get("data-continues")]  # no spans cross
    for mention in article.mentions:
        element = by_id[mention.id]
        kind = type(article.entity(mention.entity)).__name__.lower()
        assert element.text() == mention.span.text
        assert f"ann-{kind}" in element.classes
        assert element.get("data-kind") == "mention"
        assert element.get("data-entity") == mention.entity
        assert element.get("data-form") == mention.form
        assert mention.id in (element.get("title") or "")
    for quote in article.quotes:
        element = by_id[quote.id]
        assert quote.speaker is not None
        assert element.tag == "a" and element.text() == quote.span.text
        assert element.get("data-speaker") == quote.speaker
        assert element.get("href") == f"#sca:entity:{quote.speaker}"
        speaker_entry = by_id[f"sca:entity:{quote.speaker}"]
        assert article.entity(quote.speaker).label in speaker_entry.text()
    for quantity in article.quantities:
        element = by_id[quantity.id]
        assert element.text() == quantity.span.text
        assert float(element.get("data-value") or "nan") == quantity.value
        assert element.get("data-unit") == quantity.unit
        assert element.get("data-approximate") == str(quantity.approximate).lower()
    for time in article.time_expressions:
        element = by_id[time.id]
        assert element.text() == time.span.text
        assert element.get("data-value") == (time.value or "unknown")
        assert element.get("data-relation") == time.relation
        assert element.get("data-time-kind") == time.kind


def test_contained_spans_are_nested_elements(article: sca.Article, tree: Element) -> None:
    by_id = elements_by_id(tree)
    spans = {h.id: (h.start, h.end, h.rank) for h in highlights(article)}
    nested = 0
    for outer_id, (outer_start, outer_end, outer_rank) in spans.items():
        for inner_id, (inner_start, inner_end, inner_rank) in spans.items():
            contains = outer_start <= inner_start and inner_end <= outer_end
            same = (outer_start, outer_end) == (inner_start, inner_end)
            if inner_id != outer_id and contains and (not same or outer_rank < inner_rank):
                assert by_id[outer_id] in by_id[inner_id].ancestors(), (outer_id, inner_id)
                nested += 1
    assert nested >= 3
    assert by_id["mention-ice-official-said"] in by_id["mention-ice-an-ice-official"].ancestors()
    assert (
        by_id["quote-gustavo-andrade-suspend-the-program"]
        in by_id["mention-secure-communities-suspend"].ancestors()
    )


def test_entity_index_counts_mentions_and_lists_quotes(article: sca.Article, tree: Element) -> None:
    by_id = elements_by_id(tree)
    for entity in article.entities:
        entry = by_id[f"sca:entity:{entity.id}"]
        assert entity.label in entry.text()
        counts = {e.classes[0]: e.text() for e in entry.iter() if e.tag == "span" and e.classes}
        assert counts.get("mention-count") == str(len(article.mentions_of(entity)))
        links = [e.get("href") for e in entry.iter() if e.tag == "a"]
        for quote in article.quotes_by(entity):
            assert f"#{quote.id}" in links
        for mention in article.mentions_of(entity):
            assert f"#{mention.id}" in links


def test_legend_names_every_layer_with_a_toggle(tree: Element) -> None:
    by_id = elements_by_id(tree)
    layers = [e.get("data-layer") for e in by_id["sca:legend"].iter() if e.tag == "input"]
    assert layers == [
        *("person", "organization", "place", "program", "referent", "quote", "quantity", "time"),
        *("speech", "reform", "stance", "event"),
    ]
    highlighted = {e.get("data-layer") for e in tree.iter() if "ann" in e.classes}
    assert highlighted == set(layers)


def test_page_is_self_contained_and_its_policy_admits_only_its_own_code(tree: Element) -> None:
    elements = list(tree.iter())
    assert not [e for e in elements if e.get("src") is not None or e.tag in {"link", "iframe"}]
    external = [e.get("href") for e in elements if not (e.get("href") or "#").startswith("#")]
    assert external == [sca.load().url]  # one plain link to the article, nothing fetched
    (policy,) = [e.get("content") or "" for e in elements if e.get("http-equiv")]
    scripts = [e.text() for e in elements if e.tag == "script"]
    styles = [e.text() for e in elements if e.tag == "style"]
    assert len(scripts) == 1 and len(styles) == 1

    def digest(code: str) -> str:
        return base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()

    assert "default-src 'none'" in policy
    assert f"script-src 'sha256-{digest(scripts[0])}'" in policy
    assert f"style-src 'sha256-{digest(styles[0])}'" in policy


# --- escaping ----------------------------------------------------------------------------------

# Same-length replacements, so every offset stays valid: markup in a quotation, in the
# headline, in page furniture, and (without length limits) in fields that are not spans.
MARKUP = {"agency p": "<script>", "these people": "&amp;\"'</a>x", "Thank you.": "<b>&</b>!!"}


def with_span_texts(value: Any, source: str) -> Any:
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            return {**value, "text": source[value["start"] : value["end"]]}
        return {key: with_span_texts(item, source) for key, item in value.items()}
    if isinstance(value, list):
        return [with_span_texts(item, source) for item in value]
    return value


WORD = re.compile(r"\S+")


def mended_tokens(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The tokens of a document whose source was changed in place: each split at white space,
    and the new words in a sentence's gaps made tokens, as the tokens rule asks."""
    source, found, covered = document["source"], [], None
    blocks = (*document["paragraphs"], *document["segments"])
    sentence_ends = {s["end"] for block in blocks for s in block["sentences"]}
    for token in document["tokens"]:
        start, end = token["span"]["start"], token["span"]["end"]
        if covered is not None and covered not in sentence_ends:
            found += [
                (covered + m.start(), covered + m.end())
                for m in WORD.finditer(source[covered:start])
            ]
        found += [(start + m.start(), start + m.end()) for m in WORD.finditer(source[start:end])]
        covered = end
    return [
        {"index": i, "span": {"start": a, "end": b, "text": source[a:b]}}
        for i, (a, b) in enumerate(found)
    ]


@pytest.fixture(scope="module")
def hostile_article(article: sca.Article) -> sca.Article:
    document = article.to_dict()
    source = document["source"]
    for old, new in MARKUP.items():
        assert len(old) == len(new) and old in source
        source = source.replace(old, new, 1)
    headline = document["metadata"]["headline"]
    at = headline["start"] + headline["text"].index("reforms")
    source = source[:at] + '<i x="' + source[at + 6 :]
    document = with_span_texts({**document, "source": source}, source)
    document["tokens"] = mended_tokens(document)
    document["metadata"]["source_sha256"] = hashlib.sha256(source.encode()).hexdigest()
    document["people"][0]["role"] = '"><img src=x onerror=alert(1)>'
    document["time_expressions"][0]["note"] = "</span><script>alert('&')</script>"
    document["quantities"][0]["measures"] = "<style>body{display:none}</style>"
    return sca.from_dict(document)


def test_hostile_text_is_escaped_everywhere(hostile_article: sca.Article) -> None:
    page = sca.to_html(hostile_article)
    assert page.count("<script") == 1 and page.count("<style") == 1
    html5lib.HTMLParser(strict=True).parse(page)
    tree = parse(page)
    tags = Counter(e.tag for e in tree.iter())
    assert tags["script"] == 1 and tags["style"] == 1
    assert not {"b", "i", "img"} & set(tags)
    assert not [e for e in tree.iter() if {"onerror", "x", "src"} & set(e.attributes)]
    paragraphs = [e.text() for e in tree.iter() if "paragraph" in e.classes]
    assert paragraphs == [p.span.text for p in hostile_article.paragraphs]
    assert "<script>" in paragraphs[2] and "&amp;\"'</a>x" in paragraphs[2]
    by_id = elements_by_id(tree)
    assert by_id["segment-headline"].text() == hostile_article.headline
    title = next(e for e in tree.iter() if e.tag == "title")
    assert title.text().startswith(hostile_article.headline)
    assert by_id["time-friday"].get("data-note") == hostile_article.time_expressions[0].note
    role = hostile_article.people[0].role or ""
    assert role in by_id[f"sca:entity:{hostile_article.people[0].id}"].text()


def test_notebook_card_is_escaped_and_summarizes(
    article: sca.Article, hostile_article: sca.Article
) -> None:
    for subject in (article, hostile_article):
        card = subject._repr_html_()
        tree = parse(card)
        assert not {"script", "style", "b", "i", "img"} & {e.tag for e in tree.iter()}
        shown = tree.text()
        assert subject.headline in shown and subject.author.label in shown
        for quote in subject.quotes:
            assert quote.span.text in shown
            assert quote.speaker is not None and subject.entity(quote.speaker).label in shown
        assert f"{len(subject.quotes)} quotations" in shown


def test_repr_stays_a_readable_one_line_summary(article: sca.Article) -> None:
    text = repr(article)
    assert "\n" not in text and len(text) < 160
    assert text.startswith(f"<Article {article.headline!r} 2011-06-17")
    assert f"{len(article.quotes)} quotes" in text


# --- nesting, as a property ---------------------------------------------------------------


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[Highlight]]:
    source = draw(st.text(alphabet="ab <>&\"'\u201c\n", min_size=1, max_size=40))
    count = draw(st.integers(0, 8))
    spans = []
    for number in range(count):
        start = draw(st.integers(0, len(source)))
        end = draw(st.integers(start, len(source)))
        layer = draw(st.sampled_from(["person", "quote", "time"]))
        rank = draw(st.integers(0, 3))
        spans.append(
            Highlight(f"h{number}", start, end, layer, (("data-n", str(number)),), rank=rank)
        )
    return source, spans


@settings(deadline=None)
@given(texts_with_spans())
def test_any_spans_nest_into_well_formed_markup_that_keeps_the_text(
    case: tuple[str, list[Highlight]],
) -> None:
    source, spans = case
    drawn: set[str] = set()
    markup = mark_up(source, 0, len(source), spans, drawn)
    root = parse(f"<div>{markup}</div>")
    assert root.text() == source
    assert drawn == {h.id for h in spans}
    pieces: dict[str, list[Element]] = {}
    for element in root.iter():
        name = element.get("id") or element.get("data-continues")
        if name is not None:
            pieces.setdefault(name, []).append(element)
    for highlight in spans:
        found = pieces[highlight.id]
        assert [e.get("id") for e in found] == [highlight.id] + [None] * (len(found) - 1)
        assert all(e.get("data-id") == highlight.id for e in found)
        covered = [(e.text_start, e.text_end) for e in found]
        assert covered[0][0] == highlight.start and covered[-1][1] == highlight.end
        assert all(b == c for (_, b), (c, _) in itertools.pairwise(covered))  # contiguous
        assert all(e.get("data-n") == highlight.id[1:] for e in found)
    first = {name: found[0] for name, found in pieces.items()}
    for a, b in itertools.permutations(spans, 2):
        if not any(crosses(a, c) for c in spans):  # only a crossing span is ever split
            assert len(pieces[a.id]) == 1, a
        inside = a.start <= b.start and b.end <= a.end and (a.start, a.end) != (b.start, b.end)
        same = (a.start, a.end) == (b.start, b.end) and a.start < a.end and a.rank < b.rank
        if (inside and b.start < b.end) or same:  # b sits in a piece of a
            assert set(pieces[a.id]) & set(first[b.id].ancestors()), (a, b)


def crosses(a: Highlight, b: Highlight) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def test_a_crossing_span_is_split_and_the_pieces_keep_its_text() -> None:
    source = "one two three"
    first = Highlight("first", 0, 7, "person")
    second = Highlight("second", 4, 13, "place")
    drawn: set[str] = set()
    root = parse(f"<div>{mark_up(source, 0, len(source), [first, second], drawn)}</div>")
    outer = next(e for e in root.iter() if e.get("id") == "first")
    pieces = [e for e in root.iter() if "second" in (e.get("id"), e.get("data-continues"))]
    assert outer.text() == "one two"
    assert [p.text() for p in pieces] == ["two", " three"]
    assert pieces[0].parent is outer and pieces[1].parent is not outer


@st.composite
def blocks_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[Highlight]]:
    source, spans = draw(texts_with_spans())
    cuts = sorted(draw(st.lists(st.integers(0, len(source)), min_size=2, max_size=8)))
    blocks = [(a, b) for a, b in itertools.pairwise(cuts)]
    return source, draw(st.permutations(blocks)), spans


@settings(deadline=None)
@given(blocks_and_spans())
def test_each_block_given_only_its_highlights_is_drawn_the_same(
    case: tuple[str, list[tuple[int, int]], list[Highlight]],
) -> None:
    """by_block's selection changes nothing mark_up draws, in any order of blocks."""
    source, blocks, spans = case
    drawn_all: set[str] = set()
    drawn_some: set[str] = set()
    selected = by_block(blocks, spans)
    for (start, end), some in zip(blocks, selected, strict=True):
        assert all(h.start <= end and start <= h.end for h in some)
        assert mark_up(source, start, end, some, drawn_some) == mark_up(
            source, start, end, spans, drawn_all
        )
    assert drawn_some == drawn_all


def test_the_page_gives_each_block_only_the_highlights_that_touch_it(
    monkeypatch: pytest.MonkeyPatch, article: sca.Article
) -> None:
    """The page is linear: mark_up sees each highlight about once, not once per block."""
    large_article = sca.from_dict(_synthetic().repeated_document(10, article.to_dict()))
    given: list[int] = []
    real = _html.mark_up

    def counting(source: str, start: int, end: int, spans: Any, drawn: set[str]) -> str:
        given.append(len(spans))
        return real(source, start, end, spans, drawn)

    monkeypatch.setattr(_html, "mark_up", counting)
    sca.to_html(large_article)
    assert len(given) > 200
    assert sum(given) == len(highlights(large_article))


# --- ids and links -----------------------------------------------------------------------

#: Record ids equal to the page's own ids before they had a namespace.
OLD_PAGE_IDS = ["details-rows", "details", "details-empty", "legend", "body", "entity-ice"]


@pytest.fixture(scope="module")
def id_clash_article(article: sca.Article) -> sca.Article:
    document = article.to_dict()
    for mention, new in zip(document["mentions"], OLD_PAGE_IDS, strict=False):
        mention["id"] = new
    loaded = sca.from_dict(document)
    # The loader refuses such a URL; an article built directly is not checked.
    metadata = attrs.evolve(loaded.metadata, url="javascript:alert(document.domain)")
    return attrs.evolve(loaded, metadata=metadata)


def test_record_ids_cannot_take_the_pages_own_ids(id_clash_article: sca.Article) -> None:
    page = sca.to_html(id_clash_article)
    html5lib.HTMLParser(strict=True).parse(page)
    by_id = elements_by_id(parse(page))  # every id once
    for record_id in OLD_PAGE_IDS:
        assert "ann" in by_id[record_id].classes
    assert by_id["sca:details-rows"].tag == "dl"
    assert by_id["sca:details"].tag == "section" and by_id["sca:legend"].tag == "section"
    assert by_id["sca:entity:ice"].get("data-entity") == "ice"
    page_ids = [i for i in by_id if i.startswith("sca:")]
    assert len(page_ids) > 20 and all(":" not in i for i in by_id if i not in page_ids)


@pytest.mark.parametrize(
    ("record_id", "shown"),
    [
        ("john-morton", "john-morton"),
        ("sca:details-rows", "sca%3Adetails-rows"),
        ('a b"<c>', "a%20b%22%3Cc%3E"),
        ("100%", "100%25"),
        ("é~_.", "%C3%A9~_."),
    ],
)
def test_a_record_id_becomes_an_element_id_without_a_colon(record_id: str, shown: str) -> None:
    assert element_id(record_id) == shown
    drawn: set[str] = set()
    markup = mark_up("abc", 0, 3, [Highlight(record_id, 0, 3, "person")], drawn)
    (element,) = [e for e in parse(markup).iter() if e.tag == "span"]
    assert element.get("id") == shown and element.get("data-id") == record_id


@pytest.mark.parametrize(
    ("url", "live"),
    [
        ("https://www.washingtonpost.com/local/x.html", True),
        ("http://example.org/a?b=c&d=e#f", True),
        ("javascript:alert(1)", False),
        (" https://example.org", False),
        ("java\tscript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://example.org/\njavascript:x", False),
        ("//example.org", False),
        ("vbscript:msgbox", False),
    ],
)
def test_only_http_urls_become_links(url: str, live: bool) -> None:
    tree = parse(f"<p>{web_link(url, 'canonical URL')}</p>")
    links = [e.get("href") for e in tree.iter() if e.tag == "a"]
    assert links == ([url] if live else [])
    assert url in tree.text() or live


def test_a_javascript_url_in_the_metadata_is_shown_as_text(id_clash_article: sca.Article) -> None:
    tree = parse(sca.to_html(id_clash_article))
    hrefs = [e.get("href") or "" for e in tree.iter() if e.get("href") is not None]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert "javascript:alert(document.domain)" in tree.text()


# --- in a real browser ---------------------------------------------------------------------------

SCREENSHOT = ROOT / "docs" / "img" / "annotated-view.png"
#: The schemes of the browser's own pages, which make requests of their own in the background.
BROWSER_SCHEMES = ("chrome:", "chrome-untrusted:", "chrome-extension:", "devtools:", "about:")


def test_chromium_renders_highlights_links_legend_and_details(
    browser: Any, article: sca.Article, page: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    path = tmp_path / "article.html"
    path.write_text(page, encoding="utf-8")
    browser.get_log("performance")  # drain what the browser's start page logged
    browser.get(path.as_uri())
    script = browser.execute_script
    page_background = script("return getComputedStyle(document.body).backgroundColor")
    transparent = {"rgba(0, 0, 0, 0)", "transparent", page_background}

    for quote in article.quotes:
        element = browser.find_element(By.ID, quote.id)
        assert element.is_displayed()
        assert element.value_of_css_property("background-color") not in transparent, quote.id
        target = script(
            "var t = document.getElementById(arguments[0].getAttribute('href').slice(1));"
            "return t ? t.querySelector('.entity-label').textContent : null;",
            element,
        )
        assert quote.speaker is not None and target == article.entity(quote.speaker).label

    legend = browser.find_element(By.ID, "sca:legend")
    assert legend.is_displayed() and legend.size["height"] > 100
    for swatch in legend.find_elements(By.CSS_SELECTOR, ".swatch"):
        assert swatch.is_displayed()
        assert swatch.value_of_css_property("background-color") not in transparent

    details = browser.find_element(By.ID, "sca:details-rows")
    assert details.text == ""
    browser.find_element(By.ID, "time-august").click()
    assert "time-august" in details.text and "2011-08" in details.text
    inner = browser.find_element(By.ID, "mention-secure-communities-suspend")  # inside a quotation
    inner.click()
    assert (
        "mention-secure-communities-suspend" in details.text
        and "Secure Communities" in details.text
    )
    assert browser.current_url == path.as_uri()  # the click showed details, did not navigate

    toggle = browser.find_element(By.CSS_SELECTOR, "input[data-layer='quote']")
    quote_element = browser.find_element(By.ID, article.quotes[0].id)
    toggle.click()
    assert quote_element.value_of_css_property("background-color") in transparent
    toggle.click()
    assert quote_element.value_of_css_property("background-color") not in transparent

    browser.find_element(By.ID, "quote-ice-official-take-that-lightly").click()
    assert "an ICE official" in details.text
    script("window.scrollTo(0, 0)")
    shot = tmp_path / "annotated-view.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
    if os.environ.get("SCA_WRITE_DOCS_SCREENSHOT"):  # refresh the docs' picture on request
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)

    requests = [
        json.loads(entry["message"])["message"]["params"]
        for entry in browser.get_log("performance")
        if '"Network.requestWillBeSent"' in entry["message"]
    ]
    # Chromium's own pages (chrome://new-tab-page, chrome-untrusted://new-tab-page/one-google-bar
    # ...) load in the background; leave out every browser-internal scheme.
    from_pages = [
        r["request"]["url"] for r in requests if not r["documentURL"].startswith(BROWSER_SCHEMES)
    ]
    assert from_pages == [path.as_uri()]  # the page itself, and nothing else
    problems = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert problems == []  # a script or style blocked by the page's policy would show here


def test_chromium_shows_a_clashing_record_in_the_pages_own_panel(
    browser: Any, id_clash_article: sca.Article, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    path = tmp_path / "clash.html"
    path.write_text(sca.to_html(id_clash_article), encoding="utf-8")
    browser.get(path.as_uri())
    browser.find_element(By.ID, "details-rows").click()  # a mention, not the panel
    panel = browser.find_element(By.ID, "sca:details-rows")
    assert panel.tag_name == "dl" and "details-rows" in panel.text
    assert browser.current_url == path.as_uri()
    canonical = browser.find_element(By.CSS_SELECTOR, ".dateline .url")
    assert canonical.text == "javascript:alert(document.domain)"
    assert browser.find_elements(By.CSS_SELECTOR, ".dateline a") == []
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_chromium_renders_the_page_of_a_document_100_times_the_article(
    browser: Any, large_article: sca.Article, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    path = tmp_path / "large.html"
    path.write_text(sca.to_html(large_article), encoding="utf-8")
    browser.get(path.as_uri())
    count = "return document.readyState == 'complete' && document.querySelectorAll('.ann').length"
    expected = len(highlights(large_article))
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(count) == expected)
    last = large_article.quotes[-1]
    element = browser.find_element(By.ID, last.id)
    browser.execute_script("arguments[0].scrollIntoView()", element)
    assert element.is_displayed()
    element.click()
    assert last.id in browser.find_element(By.ID, "sca:details-rows").text
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
