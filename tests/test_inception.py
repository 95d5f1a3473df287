"""The XMI export passes the checks INCEpTION runs on import, read with dkpro-cassis.

``cas_doctor`` ports, for the types the export writes, the CAS Doctor checks of
INCEpTION's ``inception-diag`` (``checks/*.java``) and the validation of its span layer
behaviours (``SpanOverlapBehavior``, ``SpanCrossSentenceBehavior``); each rule is shown
to catch a hand-made CAS that breaks it.  Each layer's settings are read from the table
in docs/interop.md, so the page tells a user exactly the settings the export needs.
"""

from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path
from typing import Any

import cassis
import pytest

import secure_communities_article as sca
from conftest import ROOT
from secure_communities_article import _cli
from secure_communities_article.formats import xmi as xmi_format

ARTICLE = sca.load()
SENTENCE, TOKEN = xmi_format.SENTENCE, xmi_format.TOKEN
CHAIN, LINK, NAMED_ENTITY = xmi_format.CHAIN, xmi_format.LINK, xmi_format.NAMED_ENTITY
#: Each layer's settings: type -> (overlap allowed, crossing sentences allowed, features).
Settings = dict[str, tuple[bool, bool, list[str]]]
#: Characters INCEpTION's TrimUtils trims beyond Java's white space (zero-width, bidi marks).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u206f]")


def layer_settings() -> Settings:
    """Each layer's settings, from the table in docs/interop.md."""
    settings: Settings = {}
    for line in (ROOT / "docs" / "interop.md").read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 6 and cells[1].startswith("`") and cells[2] == "Token-level":
            features = re.findall(r"`(\w+)`", cells[5])
            settings[cells[1].strip("`")] = (cells[3] == "Any", cells[4] == "yes", features)
    return settings


def cas_doctor(cas: Any, settings: Settings) -> list[str]:
    """What INCEpTION's CAS Doctor and its layer validation report on a CAS (see module doc)."""
    text, problems = cas.sofa_string, []
    sentences = sorted((s.begin, s.end) for s in cas.select(SENTENCE))
    for name, type_name in (("token", TOKEN), ("sentence", SENTENCE)):
        spans = sorted((a.begin, a.end) for a in cas.select(type_name))
        problems += [f"{name} {b}-{e} is empty" for b, e in spans if b >= e]
        problems += [
            f"{name} {b}-{e} overlaps the previous"
            for (_, last_end), (b, e) in itertools.pairwise(spans)
            if b < last_end
        ]
    for a in cas.select_all_annotations():
        if a.type.name == SENTENCE:
            continue
        where = f"{a.type.name.rpartition('.')[2]} {a.begin}-{a.end}"
        for edge, offset in (("starts", a.begin), ("ends", a.end)):
            if not any(b <= offset <= e for b, e in sentences):
                problems.append(f"{where} {edge} outside any sentence")
        for edge, char in (
            ("starts", text[a.begin : a.begin + 1]),
            ("ends", text[a.end - 1 : a.end]),
        ):
            if char.isspace() or INVISIBLE.match(char):
                problems.append(f"{where} {edge} with whitespace")
    reachable, indexed = {}, {id(x): x for x in cas.select(LINK)}  # python object ids
    for chain in cas.select(CHAIN):
        link = chain.first
        while link is not None:
            reachable[id(link)] = link
            link = link.next
    for name, found, wanted in (
        ("in no chain", indexed, reachable),
        ("not indexed", reachable, indexed),
    ):
        problems += [
            f"link {x.begin}-{x.end} is {name}" for k, x in found.items() if k not in wanted
        ]
    starts, ends = [b for b, _ in sentences], [e for _, e in sentences]
    for type_name, (overlap, cross, _) in settings.items():
        if not cas.typesystem.contains_type(type_name):  # as INCEpTION skips a layer so
            continue
        spans = sorted((a.begin, a.end) for a in cas.select(type_name))
        if not overlap:
            problems += [
                f"{type_name} {x} and {y} overlap"
                for x, y in itertools.combinations(spans, 2)
                if x[0] < y[1] and y[0] < x[1]
            ]
        if not cross:  # the sentence starting at or before the begin must end at or after the end
            for begin, end in spans:
                first = bisect.bisect_right(starts, begin) - 1
                last = bisect.bisect_left(ends, end)
                if first < 0 or first != last:
                    problems.append(f"{type_name} {begin}-{end} crosses a sentence boundary")
    return problems


def load(folder: Path) -> Any:
    with (folder / "TypeSystem.xml").open("rb") as handle:
        typesystem = cassis.load_typesystem(handle)
    (xmi,) = folder.glob("*.xmi")
    with xmi.open("rb") as handle:
        return cassis.load_cas_from_xmi(handle, typesystem=typesystem)


@pytest.fixture(scope="module")
def cas(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("xmi") / "article"
    assert _cli.main(["export", "--format", "xmi", "--output", str(folder)]) == 0
    return load(folder)


def test_the_export_passes_every_check_inception_runs(cas: Any) -> None:
    assert cas_doctor(cas, layer_settings()) == []


def test_the_docs_give_settings_for_every_layer_and_its_features(cas: Any) -> None:
    settings = layer_settings()
    custom = {f"webanno.custom.{name}": features for name, features in xmi_format.CUSTOM.values()}
    assert set(settings) == {NAMED_ENTITY, LINK, *custom}
    for type_name, features in custom.items():
        assert settings[type_name][2] == ["identifier", *features]
        declared = cas.typesystem.get_type(type_name).all_features
        assert {f.name for f in declared} >= {"identifier", *features}
    assert settings[NAMED_ENTITY][:2] == (False, False)  # as INCEpTION's built-in layer is set
    assert settings[LINK][:2] == (True, True)  # as its built-in Coreference layer is set


def test_every_annotation_lies_in_a_sentence_and_the_furniture_has_none(cas: Any) -> None:
    """The sentences are the article's; the furniture after the author bio is bare text."""
    assert cas.sofa_string == ARTICLE.source
    assert [(s.begin, s.end) for s in cas.select(SENTENCE)] == [
        (s.start, s.end) for s in ARTICLE.sentences
    ]
    last = ARTICLE.sentences[-1].end
    assert all(a.end <= last for a in cas.select_all_annotations())
    assert cas.sofa_string[last:].strip()  # furniture text is kept, so offsets are the source's
    tokens = [t for s in ARTICLE.sentences for t in ARTICLE.tokens_in(s)]
    assert [(t.begin, t.end) for t in cas.select(TOKEN)] == [
        (t.span.start, t.span.end) for t in tokens
    ]


def test_the_names_are_named_entities_and_every_mention_a_link_in_its_chain(cas: Any) -> None:
    read = sorted((e.begin, e.end, e.value, e.identifier) for e in cas.select(NAMED_ENTITY))
    assert read == sorted(
        (m.name.start, m.name.end, ARTICLE.entity(m.entity).kind, m.entity)
        for m in ARTICLE.names
        if m.name is not None
    )
    chains = []
    for chain in cas.select(CHAIN):
        links, link = [], chain.first
        while link is not None:
            links.append((link.begin, link.end, link.referenceType))
            link = link.next
        chains.append(links)
    assert sorted(chains) == sorted(
        [(m.span.start, m.span.end, m.form) for m in ARTICLE.mentions_of(e)]
        for e in ARTICLE.entities
    )


@pytest.mark.parametrize(
    ("type_name", "layer", "anchor"),
    [
        ("Quotation", "quotes", "span"),
        ("ReportedSpeech", "reported_speech", "content"),
        ("TimeExpression", "time_expressions", "span"),
        ("Quantity", "quantities", "span"),
        ("Event", "events", "trigger"),
        ("Stance", "stances", "holder_span"),
        ("Reform", "reforms", "span"),
    ],
)
def test_each_custom_layer_covers_its_gold_spans(
    cas: Any, type_name: str, layer: str, anchor: str
) -> None:
    read = {a.identifier: a for a in cas.select(f"webanno.custom.{type_name}")}
    records = getattr(ARTICLE, layer)
    assert set(read) == {r.id for r in records}
    for record in records:
        assert read[record.id].get_covered_text() == getattr(record, anchor).text
    if layer == "quotes":
        assert {q.id: read[q.id].speaker for q in records} == {q.id: q.speaker for q in records}
    if layer == "time_expressions":
        assert {t.id: read[t.id].value for t in records} == {t.id: t.value for t in records}


def test_no_annotation_in_the_cas_sits_off_a_gold_span(cas: Any) -> None:
    gold = {(t.span.start, t.span.end) for t in ARTICLE.tokens}
    gold |= {(s.start, s.end) for s in ARTICLE.sentences}
    for layer in ("mentions", "quotes", "time_expressions", "quantities", "reforms"):
        gold |= {(r.span.start, r.span.end) for r in getattr(ARTICLE, layer)}
    gold |= {(m.name.start, m.name.end) for m in ARTICLE.mentions if m.name is not None}
    gold |= {(r.content.start, r.content.end) for r in ARTICLE.reported_speech}
    gold |= {(r.trigger.start, r.trigger.end) for r in ARTICLE.events}
    gold |= {(r.holder_span.start, r.holder_span.end) for r in ARTICLE.stances}
    found = cas.select_all_annotations()
    tokens = [t for s in ARTICLE.sentences for t in ARTICLE.tokens_in(s)]
    records = sum(len(getattr(ARTICLE, layer)) for layer in xmi_format.CUSTOM)
    mentions = len(ARTICLE.names) + len(ARTICLE.mentions)  # named entities, coreference links
    assert len(found) == len(tokens) + len(ARTICLE.sentences) + records + mentions
    assert all((a.begin, a.end) in gold for a in found)


def hand_made(*annotations: tuple[str, int, int], text: str = "Ab cd. Ef gh.") -> Any:
    """A CAS over ``text`` with its two sentences, and the annotations (type, begin, end)."""
    typesystem = cassis.load_dkpro_core_typesystem()
    custom = typesystem.create_type("webanno.custom.Quotation")
    cas = cassis.Cas(typesystem=typesystem)
    cas.sofa_string = text
    for type_name, begin, end in (
        (SENTENCE, 0, 6),
        (SENTENCE, 7, 13),
        *annotations,
    ):
        found = custom if type_name == custom.name else typesystem.get_type(type_name)
        if type_name == CHAIN:  # a chain whose link was never added to the index
            cas.add(found(first=typesystem.get_type(LINK)(begin=begin, end=end)))
        else:
            cas.add(found(begin=begin, end=end))
    return cas


@pytest.mark.parametrize(
    ("annotations", "text", "problem"),
    [
        ([(TOKEN, 0, 2)], "Ab cd. Ef gh. Furniture", ""),
        ([(TOKEN, 14, 23)], "Ab cd. Ef gh. Furniture", "Token 14-23 starts outside any sentence"),
        ([(NAMED_ENTITY, 2, 5)], "Ab cd. Ef gh.", "NamedEntity 2-5 starts with whitespace"),
        ([(TOKEN, 0, 3), (TOKEN, 2, 5)], "Ab cd. Ef gh.", "token 2-5 overlaps the previous"),
        ([(TOKEN, 3, 3)], "Ab cd. Ef gh.", "token 3-3 is empty"),
        ([(SENTENCE, 5, 9)], "Ab cd. Ef gh.", "sentence 5-9 overlaps the previous"),
        ([(LINK, 0, 2)], "Ab cd. Ef gh.", "link 0-2 is in no chain"),
        ([(CHAIN, 0, 2)], "Ab cd. Ef gh.", "link 0-2 is not indexed"),
        ([(NAMED_ENTITY, 0, 5), (NAMED_ENTITY, 3, 9)], "Ab cd. Ef gh.", "overlap"),
        ([(NAMED_ENTITY, 0, 2), (NAMED_ENTITY, 0, 2)], "Ab cd. Ef gh.", "overlap"),
        ([(NAMED_ENTITY, 3, 9)], "Ab cd. Ef gh.", "NamedEntity 3-9 crosses a sentence boundary"),
    ],
)
def test_each_rule_catches_a_cas_that_breaks_it(
    annotations: list[tuple[str, int, int]], text: str, problem: str
) -> None:
    settings = layer_settings()
    found = cas_doctor(hand_made(*annotations, text=text), settings)
    if problem:
        assert any(problem in p for p in found), found
    else:
        assert found == []


def test_a_crossing_quotation_passes_only_where_its_layer_allows_it() -> None:
    cas = hand_made(("webanno.custom.Quotation", 3, 9))
    allowed: Settings = {"webanno.custom.Quotation": (False, True, [])}
    assert cas_doctor(cas, allowed) == []
    forbidden: Settings = {"webanno.custom.Quotation": (False, False, [])}
    assert cas_doctor(cas, forbidden) == [
        "webanno.custom.Quotation 3-9 crosses a sentence boundary"
    ]
