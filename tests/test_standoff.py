"""The standoff exports, each read back by its own tool: brat, W3C Web Annotation, spaCy.

Web Annotation: every annotation passes the W3C's own MUST assertions for the model
(the web-platform-tests JSON Schemas, vendored under ``tests/data``), and PyLD expands
the file offline through ``sca.document_loader`` for rdflib to read.  spaCy: the DocBin
is read with ``DocBin.from_disk``.  brat: the ``.ann`` is parsed back line by line.  In
each, every span is checked to slice to its text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import secure_communities_article as sca
from conftest import LAYER_ANCHORS, ROOT
from secure_communities_article import _atomic, _cli
from secure_communities_article.formats import brat as brat_format

ARTICLE = sca.load()
SOURCE = ARTICLE.source
WPT = ROOT / "tests" / "data" / "wpt-annotation-model"
SCORED = ("mentions", "quotes", "time_expressions", "quantities", "events")


def anchor_of(record: Any) -> sca.Span:
    span: sca.Span = record.trigger if isinstance(record, sca.Event) else record.span
    return span


# --- brat ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def brat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("brat") / "article"
    assert _cli.main(["export", "--format", "brat", "--output", str(folder)]) == 0
    return folder


def parse_ann(text: str) -> dict[str, list[list[str]]]:
    """The standoff lines by kind (T, R, E, A, #), split into their tab-separated fields."""
    lines: dict[str, list[list[str]]] = {}
    for line in text.splitlines():
        assert re.match(r"^([TREAN]\d+|#\d+|\*)\t", line), line
        lines.setdefault(line[0], []).append(line.split("\t"))
    return lines


def conf_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = []
        else:
            sections[current].append(line.split("\t")[0].split()[0])
    return sections


def test_the_brat_folder_holds_the_text_the_annotations_and_both_confs(brat: Path) -> None:
    names = sorted(p.name for p in brat.iterdir())
    stem = Path(ARTICLE.metadata.source_file).stem
    assert names == sorted(
        [f"{stem}.txt", f"{stem}.ann", "annotation.conf", "visual.conf", _atomic.MANIFEST]
    )
    assert (brat / f"{stem}.txt").read_bytes() == SOURCE.encode("utf-8")


BRAT_LAYERS = (*SCORED, "reported_speech", "reforms", "stances")


def brat_anchor(record: Any) -> sca.Span:
    span: sca.Span = (
        getattr(record, "content", None)
        or getattr(record, "holder_span", None)
        or (anchor_of(record))
    )
    return span


def test_every_brat_line_parses_back_and_every_textbound_slices_to_its_text(brat: Path) -> None:
    text = next(brat.glob("*.txt")).read_text("utf-8")
    lines = parse_ann(next(brat.glob("*.ann")).read_text("utf-8"))
    conf = conf_sections((brat / "annotation.conf").read_text("utf-8"))
    textbounds = {}
    for identifier, annotation, covered in lines["T"]:
        brat_type, offsets = annotation.split(" ", 1)
        pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
        assert " ".join(text[a:b] for a, b in pieces) == covered, identifier
        assert brat_type in conf["entities"] + conf["events"], brat_type
        textbounds[identifier] = (brat_type, pieces[0][0], pieces[-1][1])
    assert len(textbounds) == sum(len(getattr(ARTICLE, layer)) for layer in BRAT_LAYERS)
    triggers = {fields[0]: fields[1].split(":")[1] for fields in lines["E"]}
    notes = {target.split()[1]: note for _, target, note in lines["#"]}
    records = {
        note.split(";")[0].removeprefix("id="): textbounds[triggers.get(target, target)]
        for target, note in notes.items()
    }
    for layer in BRAT_LAYERS:
        for record in getattr(ARTICLE, layer):
            span = brat_anchor(record)
            assert records[record.id][1:] == (span.start, span.end), record.id
    for mention in ARTICLE.mentions:
        assert records[mention.id][0].lower() == ARTICLE.entity(mention.entity).kind
    for time in ARTICLE.time_expressions:
        identifier = next(t for t in textbounds if notes[t].startswith(f"id={time.id};"))
        assert (f"value={time.value}" in notes[identifier]) == (time.value is not None)
    for stance in ARTICLE.stances:
        identifier = next(t for t in textbounds if notes[t].startswith(f"id={stance.id};"))
        assert f"stance={stance.stance}" in notes[identifier]
    forms = [fields[1].split() for fields in lines["A"]]
    assert {form[0] for form in forms} == {"Form"} and len(forms) == len(ARTICLE.mentions)
    assert all(form[1] in textbounds for form in forms)
    for fields in lines["E"]:
        event_type, trigger = fields[1].split(":")
        assert event_type in conf["events"] and textbounds[trigger][0] == event_type


def brat_rule_breaks(ann: str, annotation_conf: str) -> list[str]:
    """What brat refuses or reports, for the kinds of line the export writes.

    brat's loader (server/src/annotation.py, ``_sanity``) refuses an id referenced but not
    defined, an event whose trigger is not a T line of its own type, and a trigger that an
    annotation other than an event or a relation refers to (TriggerReferenceError: a note
    or an attribute); its checks (verify_annotations.py) report a type the configuration
    does not declare, and a relation or attribute on a type it does not allow.
    """
    lines = parse_ann(ann)
    conf: dict[str, dict[str, str]] = {}
    section = ""
    for line in annotation_conf.splitlines():
        if line.startswith("["):
            section = line.strip("[]")
            conf[section] = {}
        elif line.strip() and not line.startswith("#"):
            name, _, arguments = line.partition("\t")
            conf[section][name.strip()] = arguments
    types = {fields[0]: fields[1].split()[0] for fields in lines.get("T", [])}
    events = {f[0]: f[1].split(":") for f in lines.get("E", [])}  # E id -> [type, trigger]
    triggers = {trigger for _, trigger in events.values()}
    breaks = []
    for identifier, (event_type, trigger) in events.items():
        if types.get(trigger) != event_type:
            breaks.append(f"{identifier}: trigger {trigger} is not a T line of type {event_type}")
        elif event_type not in conf["events"]:
            breaks.append(f"{identifier}: {event_type} is not a known event type")
    for identifier, brat_type in types.items():
        if identifier not in triggers and brat_type not in conf["entities"]:
            breaks.append(f"{identifier}: {brat_type} is not a known textbound type")
    types.update({identifier: event_type for identifier, (event_type, _) in events.items()})
    for referrer, targets in [(f[0], f[1].split()[1:2]) for f in lines.get("#", [])] + [
        (f[0], f[1].split()[1:2]) for f in lines.get("A", [])
    ]:
        breaks += [
            f"trigger {t} referenced by non-event {referrer}" for t in targets if t in triggers
        ]
        breaks += [
            f"{t} not defined, referenced from {referrer}" for t in targets if t not in types
        ]
    for identifier, relation in ((f[0], f[1].split()) for f in lines.get("R", [])):
        allowed = dict(
            a.strip().split(":") for a in conf["relations"].get(relation[0], "").split(",")
        )
        for argument in relation[1:]:
            role, target = argument.split(":")
            if target not in types:
                breaks.append(f"{target} not defined, referenced from {identifier}")
            elif types[target] not in allowed.get(role, "").split("|"):
                breaks.append(f"{identifier}: {relation[0]} {role} cannot be {types[target]}")
    for name, *members in (f[1].split() for f in lines.get("*", [])):
        allowed = dict(a.strip().split(":") for a in conf["relations"].get(name, ":").split(","))
        if allowed.get("<REL-TYPE>") != "symmetric-transitive":
            breaks.append(f"*: {name} is not a symmetric-transitive relation")
        for target in members:
            if types.get(target, "") not in allowed.get("Arg1", "").split("|"):
                breaks.append(f"*: {name} cannot join {target} ({types.get(target)})")
    for identifier, (name, target, *_) in ((f[0], f[1].split()) for f in lines.get("A", [])):
        declared = dict(a.strip().split(":") for a in conf["attributes"][name].split(","))
        if target in types and types[target] not in declared["Arg"].split("|"):
            breaks.append(f"{identifier}: {types[target]} cannot take {name}")
    return breaks


def test_the_brat_export_keeps_the_rules_brat_enforces(brat: Path) -> None:
    ann = next(brat.glob("*.ann")).read_text("utf-8")
    annotation_conf = (brat / "annotation.conf").read_text("utf-8")
    assert brat_rule_breaks(ann, annotation_conf) == []
    kinds = {line.split("\t")[1].split()[0] for line in ann.splitlines() if line[0] == "T"}
    assert {"ReportedSpeech", "Reform", "Stance"} <= kinds


@pytest.mark.parametrize(
    ("ann", "broken"),
    [
        ("T1\tEvent 0 3\tThe\nE1\tEvent:T1\n#1\tAnnotatorNotes T1\tid=x", "referenced by"),
        ("T1\tPerson 0 3\tThe\nT2\tEvent 4 8\tWash\nE1\tEvent:T2\nA1\tForm T2 name", "by"),
        ("T1\tMystery 0 3\tThe", "not a known textbound type"),
        ("T1\tReform 0 3\tThe\nE1\tEvent:T1", "is not a T line of type Event"),
        ("T1\tReform 0 3\tThe\n#1\tAnnotatorNotes T9\tid=x", "T9 not defined"),
        ("T1\tQuotation 0 3\tThe\nT2\tReform 4 8\tWash\nR1\tSpeaker Arg1:T1 Arg2:T2", "cannot"),
        ("T1\tReform 0 3\tThe\nA1\tForm T1 name", "cannot take Form"),
        ("T1\tPerson 0 3\tThe\nT2\tReform 4 8\tWash\n*\tCoreference T1 T2", "cannot join T2"),
        ("T1\tPerson 0 3\tThe\n*\tCoreference T1 T9", "cannot join T9"),
        ("T1\tPerson 0 3\tThe\n*\tSpeaker T1", "not a symmetric-transitive relation"),
    ],
)
def test_the_brat_rule_check_refuses_what_brat_refuses(ann: str, broken: str) -> None:
    breaks = brat_rule_breaks(ann, brat_format.ANNOTATION_CONF)
    assert any(broken in b for b in breaks), breaks


def test_each_quotation_has_a_speaker_relation_to_a_mention_of_its_speaker(brat: Path) -> None:
    lines = parse_ann(next(brat.glob("*.ann")).read_text("utf-8"))
    notes = {target.split()[1]: note for _, target, note in lines["#"]}
    relations: dict[str, dict[str, list[str]]] = {"Speaker": {}, "Source": {}}
    for _, relation in lines["R"]:
        name, first, second = relation.split()
        targets = relations[name].setdefault(first.removeprefix("Arg1:"), [])
        targets.append(second.removeprefix("Arg2:"))
    attributed = [q for q in ARTICLE.quotes if q.speaker is not None]
    assert len(relations["Speaker"]) == len(attributed)
    for quote in attributed:
        (identifier,) = (t for t, note in notes.items() if note.startswith(f"id={quote.id};"))
        (speaker,) = relations["Speaker"][identifier]
        assert f"entity={quote.speaker}" in notes[speaker]
    for reported in ARTICLE.reported_speech:
        (identifier,) = (t for t, note in notes.items() if note.startswith(f"id={reported.id}"))
        sources = [notes[t].split("entity=")[1] for t in relations["Source"].get(identifier, [])]
        assert sources == list(reported.sources)


def test_each_entity_mentioned_twice_is_one_coreference_line(brat: Path) -> None:
    """brat's equivalence lines (``*``), one per entity, join exactly its mentions."""
    lines = parse_ann(next(brat.glob("*.ann")).read_text("utf-8"))
    notes = {target.split()[1]: note for _, target, note in lines["#"]}
    chains = []
    for _, chain in lines["*"]:
        name, *members = chain.split()
        assert name == brat_format.CHAIN
        chains.append(sorted(notes[t].split(";")[0].removeprefix("id=") for t in members))
    gold = [sorted(m.id for m in ARTICLE.mentions_of(e)) for e in ARTICLE.entities]
    assert sorted(chains) == sorted(chain for chain in gold if len(chain) > 1)


def test_the_brat_export_scores_one_on_every_coreference_metric(brat: Path) -> None:
    result = sca.score(next(brat.glob("*.ann")), "coreference")
    assert (result.precision, result.recall) == (1.0, 1.0)  # the other layers are ignored
    metrics = {m.name: m.f1 for m in result.coreference}
    assert metrics == dict.fromkeys(("muc", "bcub", "ceafm", "ceafe", "blanc", "lea", "conll"), 1.0)


def test_brat_read_joins_the_mentions_of_each_equivalence_line() -> None:
    ann = "T1\tPerson 0 3\tThe\nT2\tPerson 4 8\tWash\nT3\tPlace 9 12\tX\n*\tEquiv T2 T1\n"
    read = {where: fields.get("cluster") for where, fields in brat_format.read(ann.encode(), "a")}
    assert read == {"a:1 T1": "T2", "a:2 T2": "T2", "a:3 T3": None}
    # a member that is no T line is passed over; a mention in two lines keeps the first's chain
    ann += "*\tCoreference T9 T3\n*\tEquiv T3 T1\n"
    read = {where: fields.get("cluster") for where, fields in brat_format.read(ann.encode(), "a")}
    assert read == {"a:1 T1": "T2", "a:2 T2": "T2", "a:3 T3": "T9"}


@pytest.mark.parametrize("layer", SCORED)
def test_the_brat_export_scores_one_read_back_as_predictions(brat: Path, layer: str) -> None:
    layer = "coreference" if layer == "mentions" else layer  # brat holds the full mentions
    result = sca.score(next(brat.glob("*.ann")), layer, forms="all")
    assert (result.precision, result.recall) == (1.0, 1.0)
    assert result.accuracy is None or result.accuracy.accuracy == 1.0


# --- W3C Web Annotation --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("anno") / "article.anno.jsonld"
    assert _cli.main(["export", "--format", "web-annotation", "--output", str(path)]) == 0
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return document


def must_assertions() -> Iterator[dict[str, Any]]:
    """Every MUST assertion of the vendored annotation-model tests (inline or by file)."""
    for test in sorted((WPT / "annotations").glob("*.test")):
        for assertion in json.loads(test.read_text("utf-8"))["assertions"]:
            if isinstance(assertion, str):
                assertion = json.loads((WPT / assertion).read_text("utf-8"))
            if assertion.get("assertionType") == "must":
                yield assertion


@pytest.fixture(scope="module")
def validators() -> list[Any]:
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    documents = [json.loads(p.read_text("utf-8")) for p in sorted(WPT.glob("*/*.json"))]
    registry = Registry().with_resources(
        (document["id"], Resource.from_contents(document, default_specification=DRAFT4))
        for document in documents
    )
    checker = FormatChecker()
    assert "uri" in checker.checkers, "needs rfc3986-validator to check format uri"
    return [
        Draft4Validator(a, registry=registry, format_checker=checker) for a in must_assertions()
    ]


def failed(validators: list[Any], annotation: dict[str, Any]) -> list[str]:
    return [v.schema.get("title", "")[:60] for v in validators if not v.is_valid(annotation)]


def test_every_annotation_passes_every_must_assertion_of_the_w3c_tests(
    collection: dict[str, Any], validators: list[Any]
) -> None:
    assert len(validators) == 18  # 14 by file, 4 inline
    annotations = collection["first"]["items"]
    assert collection["total"] == len(annotations) > 0
    for annotation in annotations:
        assert failed(validators, annotation) == [], annotation["id"]


@pytest.mark.parametrize(
    "breakage",
    ["no context", "relative id", "no type", "no target", "body and bodyValue", "bad selector"],
)
def test_the_must_assertions_catch_a_broken_annotation(
    collection: dict[str, Any], validators: list[Any], breakage: str
) -> None:
    annotation = json.loads(json.dumps(collection["first"]["items"][0]))
    if breakage == "no context":
        del annotation["@context"]
    elif breakage == "relative id":
        annotation["id"] = "#quote-1"
    elif breakage == "no type":
        annotation["type"] = "Note"
    elif breakage == "no target":
        del annotation["target"]
    elif breakage == "body and bodyValue":
        annotation["bodyValue"] = "a comment"
    else:
        annotation["target"] = {"selector": annotation["target"]["selector"]}  # no source
    assert failed(validators, annotation) != []


def test_one_annotation_per_anchored_record_and_every_selector_slices_to_its_text(
    collection: dict[str, Any],
) -> None:
    records = {}
    for layer in LAYER_ANCHORS:
        records.update({r.id: r for r in getattr(ARTICLE, layer)})
    annotations = collection["first"]["items"]
    assert len(annotations) == len(records)
    base = annotations[0]["target"]["source"]
    for annotation in annotations:
        assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
        record_id = annotation["id"].removeprefix(f"{base}#")
        record = records[record_id]
        position, quote = annotation["target"]["selector"]
        start, end = position["start"], position["end"]
        assert SOURCE[start:end] == quote["exact"]
        assert SOURCE[:start].endswith(quote["prefix"]) and SOURCE[end:].startswith(quote["suffix"])
        assert len(quote["prefix"]) == min(32, start)
        classifying = annotation["body"][0]
        assert classifying == {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": type(record).__name__,
        }
        if isinstance(record, sca.Mention):
            assert {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": f"{base}#{record.entity}",
            } in annotation["body"]
        if isinstance(record, sca.Quote) and record.speaker:
            assert {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": f"{base}#{record.speaker}",
            } in annotation["body"]


def test_pyld_expands_the_export_offline_and_rdflib_reads_it(
    collection: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from pyld import jsonld
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    expanded = jsonld.expand(collection, {"documentLoader": sca.document_loader})
    graph = Graph().parse(data=json.dumps(expanded), format="json-ld")
    oa = Namespace("http://www.w3.org/ns/oa#")
    annotations = set(graph.subjects(RDF.type, oa.Annotation))
    assert len(annotations) == collection["total"]
    checked = 0
    for selector in graph.subjects(RDF.type, oa.TextPositionSelector):
        start, end = (int(str(graph.value(selector, p))) for p in (oa.start, oa.end))
        target = graph.value(predicate=oa.hasSelector, object=selector)
        exact = next(
            str(graph.value(s, oa.exact))
            for s in graph.objects(target, oa.hasSelector)
            if (s, RDF.type, oa.TextQuoteSelector) in graph
        )
        assert SOURCE[start:end] == exact
        checked += 1
    assert checked == len(annotations)
    morton = next(m for m in ARTICLE.mentions if m.name and m.name.text == "John Morton")
    base = collection["first"]["items"][0]["target"]["source"]
    assert (URIRef(f"{base}#{morton.id}"), RDF.type, oa.Annotation) in graph


def test_the_document_loader_serves_only_the_bundled_context() -> None:
    served = sca.document_loader("http://www.w3.org/ns/anno.jsonld")
    assert served["document"]["@context"]["oa"] == "http://www.w3.org/ns/oa#"
    assert (
        sca.document_loader("https://www.w3.org/ns/anno.jsonld")["document"] == served["document"]
    )
    served["document"]["@context"].clear()  # a caller's change does not reach the next one
    assert sca.document_loader("http://www.w3.org/ns/anno.jsonld")["document"]["@context"]
    with pytest.raises(ValueError, match="network is not used"):
        sca.document_loader("https://example.org/context.jsonld")


def test_the_bundled_anno_context_is_the_w3c_file_with_its_licence() -> None:
    bundled = sca.document_loader("http://www.w3.org/ns/anno.jsonld")["document"]
    assert "W3C Software and Document license" in bundled["dc:rights"]
    context = bundled["@context"]
    assert context["oa"] == "http://www.w3.org/ns/oa#"
    assert context["TextQuoteSelector"] == "oa:TextQuoteSelector"
    assert context["TextPositionSelector"] == "oa:TextPositionSelector"


def test_a_base_iri_can_be_given() -> None:
    document = sca.to_web_annotation(ARTICLE, base="https://example.org/sca/text")
    first = document["first"]["items"][0]
    assert first["target"]["source"] == "https://example.org/sca/text"
    assert first["id"].startswith("https://example.org/sca/text#")


# --- spaCy ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Any:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    path = tmp_path_factory.mktemp("spacy") / "article.spacy"
    assert _cli.main(["export", "--format", "spacy", "--output", str(path)]) == 0
    (read,) = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
    return read


def test_the_docbin_reads_back_with_the_source_text_and_every_span_exact(doc: Any) -> None:
    assert doc.text == SOURCE
    records = {r.id: r for layer in SCORED for r in getattr(ARTICLE, layer)}
    checked = 0
    for group in doc.spans.values():
        for span in group:
            assert SOURCE[span.start_char : span.end_char] == span.text
            if span.id_ in records:
                record_span = anchor_of(records[span.id_])
                assert (span.start_char, span.end_char) == (record_span.start, record_span.end)
                checked += 1
    assert checked == len(records)
    assert [s.text for s in doc.spans["sentences"]] == [s.text for s in ARTICLE.sentences]
    # doc.sents works (spaCy's E030 before), and each of the article's sentences is one
    sents = {s.start_char: s.text.rstrip() for s in doc.sents}
    assert {s.start: s.text for s in ARTICLE.sentences}.items() <= sents.items()


def test_every_mention_is_a_span_and_the_outermost_names_are_the_entities(doc: Any) -> None:
    mentions = doc.spans["mentions"]
    assert [(s.start_char, s.end_char) for s in mentions] == [
        (m.span.start, m.span.end) for m in ARTICLE.mentions
    ]
    assert [(s.label_, s.kb_id_) for s in mentions] == [
        (ARTICLE.entity(m.entity).kind, m.entity) for m in ARTICLE.mentions
    ]
    names = [(m.name, m) for m in ARTICLE.mentions if m.name is not None]
    outermost = [(n, m) for n, m in names if not any(o != n and o.contains(n) for o, _ in names)]
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (n.start, n.end, ARTICLE.entity(m.entity).kind) for n, m in outermost
    ]


def test_quotations_carry_their_speakers(doc: Any) -> None:
    assert [(s.text, s.kb_id_ or None) for s in doc.spans["quotes"]] == [
        (q.span.text, q.speaker) for q in ARTICLE.quotes
    ]


@pytest.mark.parametrize("layer", SCORED)
def test_the_spacy_export_scores_one_read_back_as_predictions(doc: Any, layer: str) -> None:
    result = sca.score(doc, layer)
    assert (result.precision, result.recall) == (1.0, 1.0)
    assert result.accuracy is None or result.accuracy.accuracy == 1.0
