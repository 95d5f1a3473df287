"""The page's layers for reported speech, reforms, stances and events, its attribution notes,
and its narrow layout, in the markup and in Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest

import secure_communities_article as sca
from conftest import ROOT

NEW_LAYERS = ("speech", "reform", "stance", "event")
NARROW_SCREENSHOT = ROOT / "docs" / "img" / "annotated-view-narrow.png"
WIDE_SCREENSHOT = ROOT / "docs" / "img" / "annotated-view.png"


@pytest.fixture(scope="module")
def page(article: sca.Article) -> str:
    return str(sca.to_html(article))


@pytest.fixture(scope="module")
def tree(page: str) -> Element:
    root: Element = html5lib.parse(page, namespaceHTMLElements=False)
    return root


def anchored(article: sca.Article) -> dict[str, tuple[str, sca.Span]]:
    """Each record of the new layers: (layer, the span drawn), by id."""
    return {
        **{s.id: ("speech", s.content) for s in article.reported_speech},
        **{r.id: ("reform", r.span) for r in article.reforms},
        **{s.id: ("stance", s.holder_span) for s in article.stances},
        **{e.id: ("event", e.trigger) for e in article.events},
    }


def pieces(tree: Element, record_id: str) -> list[Element]:
    """The elements drawn for a record: the first (its id) and any continuation."""
    return [
        e
        for e in tree.iter()
        if record_id in (e.get("id"), e.get("data-continues"))
        and "ann" in (e.get("class") or "").split()
    ]


def test_each_record_of_the_new_layers_is_drawn_over_its_words(
    article: sca.Article, tree: Element
) -> None:
    for record_id, (layer, span) in anchored(article).items():
        drawn = pieces(tree, record_id)
        assert drawn, record_id
        assert all(f"ann-{layer}" in (e.get("class") or "") for e in drawn)
        assert "".join("".join(e.itertext()) for e in drawn) == span.text, record_id
        assert drawn[0].get("data-layer") == layer


def test_the_new_layers_carry_what_the_details_panel_shows(
    article: sca.Article, tree: Element
) -> None:
    (event,) = pieces(tree, article.events[0].id)[:1]
    assert event.get("data-predicate") == article.events[0].predicate
    assert event.get("data-status") == article.events[0].status
    stance = article.stances[0]
    element = pieces(tree, stance.id)[0]
    assert element.get("data-stance") == stance.stance
    assert element.get("data-rationale") == stance.rationale
    assert element.get("data-target-label") == article.entity(stance.target).label
    for speech in article.reported_speech:
        element = pieces(tree, speech.id)[0]
        assert element.get("data-source-words") == speech.source_span.text
        assert element.get("data-note") == (speech.note or None)


def test_each_quotations_attribution_note_is_on_its_element(
    article: sca.Article, tree: Element
) -> None:
    noted = [q for q in article.quotes if q.attribution_note]
    assert noted
    for quote in article.quotes:
        element = pieces(tree, quote.id)[0]
        assert element.get("data-attribution-note") == quote.attribution_note


def test_the_legend_has_a_toggle_for_each_new_layer(tree: Element) -> None:
    toggles = {e.get("data-layer") for e in tree.iter("input")}
    assert set(NEW_LAYERS) <= toggles


# --- in Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(browser: Any, page: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("page") / "article.html"
    path.write_text(page, encoding="utf-8")
    browser.set_window_size(1280, 1100)
    browser.get(path.as_uri())
    return browser


def first_piece(browser: Any, record_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, f'.ann[id="{record_id}"]')


def details_text(browser: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(browser.find_element(By.CSS_SELECTOR, ".details dl").text)


def test_chromium_draws_and_toggles_each_new_layer(loaded: Any, article: sca.Article) -> None:
    from selenium.webdriver.common.by import By

    browser = loaded
    transparent = {"rgba(0, 0, 0, 0)", "transparent"}
    for record_id in anchored(article):
        element = first_piece(browser, record_id)
        assert element.is_displayed(), record_id
        assert element.value_of_css_property("background-color") not in transparent, record_id
    for layer in NEW_LAYERS:
        toggle = browser.find_element(By.CSS_SELECTOR, f"input[data-layer='{layer}']")
        record_id = next(i for i, (kind, _) in anchored(article).items() if kind == layer)
        element = first_piece(browser, record_id)
        toggle.click()
        assert element.value_of_css_property("background-color") in transparent, layer
        toggle.click()
        assert element.value_of_css_property("background-color") not in transparent, layer


def test_chromium_details_show_events_stances_and_attribution_notes(
    loaded: Any, article: sca.Article
) -> None:
    browser = loaded
    event = article.events[0]
    browser.execute_script("arguments[0].click()", first_piece(browser, event.id))
    shown = details_text(browser)
    assert event.predicate in shown and event.status in shown
    stance = article.stances[0]
    browser.execute_script("arguments[0].click()", first_piece(browser, stance.id))
    assert stance.rationale in details_text(browser)
    noted = next(q for q in article.quotes if q.attribution_note)
    browser.execute_script("arguments[0].click()", first_piece(browser, noted.id))
    shown = details_text(browser)
    assert "attribution note" in shown and str(noted.attribution_note) in shown


def test_chromium_at_400_pixels_needs_no_sideways_scrolling(
    loaded: Any, article: sca.Article, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser = loaded
    try:
        browser.set_window_size(400, 900)
        width = browser.execute_script("return window.innerWidth")
        assert width <= 400
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        wide = browser.execute_script(
            "var w = document.documentElement.clientWidth;"
            "return Array.prototype.filter.call(document.querySelectorAll('body *'),"
            " function (e) { var r = e.getBoundingClientRect();"
            " return r.width > 0 && (r.right > w + 1 || r.left < -1); }).length"
        )
        assert wide == 0
        legend = browser.find_element(By.CSS_SELECTOR, ".legend")
        assert legend.is_displayed() and legend.size["width"] <= width
        quote = first_piece(browser, article.quotes[0].id)
        assert quote.is_displayed()
        browser.execute_script("window.scrollTo(0, 0)")
        shot = tmp_path / "narrow.png"
        assert browser.save_screenshot(str(shot))
        assert shot.read_bytes().startswith(b"\x89PNG")
        if os.environ.get("SCA_WRITE_DOCS_SCREENSHOT"):  # refresh the docs' picture on request
            shutil.copyfile(shot, NARROW_SCREENSHOT)
    finally:
        browser.set_window_size(1280, 1100)
