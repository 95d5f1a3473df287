"""The annotated HTML view and the notebook card: parsed, validated, and rendered in Chromium."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ROOT
from secure_communities_article._html import Highlight, highlights, mark_up

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
    return sca.to_html(article)


@pytest.fixture(scope="module")
def tree(page: str) -> Element:
    return parse(page)


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
    assert by_id["body"].text().split() == article.body.split()


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
        assert element.get("href") == f"#entity-{quote.speaker}"
        speaker_entry = by_id[f"entity-{quote.speaker}"]
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
        entry = by_id[f"entity-{entity.id}"]
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
    layers = [e.get("data-layer") for e in by_id["legend"].iter() if e.tag == "input"]
    assert layers == [
        *("person", "organization", "place", "program", "quote", "quantity", "time"),
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
    assert role in by_id[f"entity-{hostile_article.people[0].id}"].text()


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


@settings(max_examples=300, deadline=None)
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


# --- in a real browser ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = ROOT / "docs" / "img" / "annotated-view.png"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1100",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


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

    legend = browser.find_element(By.ID, "legend")
    assert legend.is_displayed() and legend.size["height"] > 100
    for swatch in legend.find_elements(By.CSS_SELECTOR, ".swatch"):
        assert swatch.is_displayed()
        assert swatch.value_of_css_property("background-color") not in transparent

    details = browser.find_element(By.ID, "details-rows")
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
    # Chromium's own pages (chrome://new-tab-page...) load in the background; leave them out.
    from_pages = [
        r["request"]["url"] for r in requests if not r["documentURL"].startswith("chrome://")
    ]
    assert from_pages == [path.as_uri()]  # the page itself, and nothing else
    problems = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert problems == []  # a script or style blocked by the page's policy would show here
