"""The scorer: exact numbers on hand-made predictions, one-to-one matching, every input form."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article import _cli
from secure_communities_article._layers import LAYER_NAMES as LAYERS
from secure_communities_article._predictions import READABLE

ARTICLE = sca.load()
SOURCE = ARTICLE.source


def mention(text: str, occurrence: int = 1) -> sca.Mention:
    """The mention whose name (else its span) is the ``occurrence``-th ``text`` of the source,
    its span narrowed to that name: the named entity, as NER spans it."""
    start = -1
    for _ in range(occurrence):
        start = SOURCE.index(text, start + 1)
    (found,) = (
        m
        for m in ARTICLE.mentions
        if ((m.name or m.span).start, (m.name or m.span).text) == (start, text)
    )
    return attrs.evolve(found, span=found.name or found.span)


def kind(record: sca.Mention) -> str:
    return ARTICLE.entity(record.entity).kind


def where(span: sca.Span | None) -> dict[str, int] | None:
    return None if span is None else {"start": span.start, "end": span.end}


def gold_predictions(layer: str) -> list[dict[str, Any]]:
    """The gold records of a layer written as predictions, read off the records themselves."""
    if layer in ("mentions", "coreference"):  # named entities at their names; chains in full
        spans = [(m, m.span if layer == "coreference" else m.name) for m in ARTICLE.mentions]
        return [
            {"start": s.start, "end": s.end, "label": kind(m), "entity": m.entity}
            | ({"cluster": m.entity} if layer == "coreference" else {})
            for m, s in spans
            if s is not None
        ]
    if layer == "quotes":
        return [
            {"start": q.span.start, "end": q.span.end, "speaker": q.speaker, "cue": where(q.cue)}
            for q in ARTICLE.quotes
        ]
    if layer == "reported_speech":
        return [
            {
                "start": r.content.start,
                "end": r.content.end,
                "source": r.sources[0] if r.sources else None,
                "cue": where(r.cue),
            }
            for r in ARTICLE.reported_speech
        ]
    if layer == "events":
        return [
            {
                "start": e.trigger.start,
                "end": e.trigger.end,
                "predicate": e.predicate,
                "participants": [
                    {"role": p.role, "entity": p.entity, "start": p.span.start, "end": p.span.end}
                    for p in e.participants
                ],
            }
            for e in ARTICLE.events
        ]
    if layer == "stances":
        return [
            {
                "start": s.holder_span.start,
                "end": s.holder_span.end,
                "holder": s.holder,
                "target": s.target,
                "stance": s.stance,
            }
            for s in ARTICLE.stances
        ]
    records = getattr(ARTICLE, layer)
    if layer == "reforms":
        return [{"start": r.span.start, "end": r.span.end} for r in records]
    return [
        {"start": r.span.start, "end": r.span.end, "value": r.value}
        | ({"kind": r.kind} if layer == "time_expressions" else {})
        for r in records
    ]


NAMES = [m for m in ARTICLE.mentions if m.name is not None]


# --- the gold, nothing, and exact numbers --------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_the_gold_records_as_predictions_score_one(layer: str) -> None:
    result = sca.score(gold_predictions(layer), layer, forms="all")
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.false_positives == () and result.false_negatives == ()
    collection = "mentions" if layer == "coreference" else layer
    records = getattr(ARTICLE, collection)
    expected = NAMES if layer == "mentions" else records  # named entities: mentions with a name
    assert len(result.true_positives) == len(expected)
    assert all(a.accuracy == 1.0 for a in result.accuracies)
    assert all(m.f1 == 1.0 for m in result.coreference)


@pytest.mark.parametrize("layer", LAYERS)
def test_empty_predictions_recall_nothing(layer: str) -> None:
    result = sca.score([], layer)
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)
    assert len(result.false_negatives) == len(
        sca.score(gold_predictions(layer), layer).true_positives
    )
    assert result.true_positives == () and result.false_positives == ()


def test_hand_computed_mentions_give_their_exact_numbers() -> None:
    morton, second = mention("John Morton"), mention("Morton", 2)
    federal = SOURCE.index("Federal authorities")
    predictions = [
        (morton.span.start, morton.span.end, "person"),  # right
        (second.span.start, second.span.end, "organization"),  # right span, wrong kind
        (federal, federal + len("Federal authorities"), "person"),  # no such mention
    ]
    result = sca.score(predictions, "mentions")
    assert (len(result.true_positives), len(result.false_positives)) == (1, 2)
    assert len(result.false_negatives) == len(NAMES) - 1
    assert result.precision == pytest.approx(1 / 3)
    assert result.recall == pytest.approx(1 / len(NAMES))
    expected_f1 = 2 * (1 / 3) * (1 / len(NAMES)) / (1 / 3 + 1 / len(NAMES))
    assert result.f1 == pytest.approx(expected_f1)
    people = sum(1 for m in NAMES if kind(m) == "person")
    person = result.label("person")
    assert (person.true_positives, person.false_positives, person.false_negatives) == (
        1,
        1,
        people - 1,
    )
    assert person.precision == 0.5 and person.recall == pytest.approx(1 / people)
    organization = result.label("organization")
    assert (organization.true_positives, organization.false_positives) == (0, 1)
    assert result.true_positives[0].gold.id == morton.id
    assert {(i.text, i.label) for i in result.false_positives} == {
        ("Morton", "organization"),
        ("Federal authorities", "person"),
    }
    assert second.id in {i.id for i in result.false_negatives}
    with pytest.raises(KeyError):
        result.label("no-such-label")


def test_the_named_entities_are_the_names_and_forms_pick_them_by_their_mention() -> None:
    names = [m for m in ARTICLE.mentions if m.name is not None]
    predictions = [(m.name.start, m.name.end, kind(m)) for m in names if m.name is not None]
    every = sca.score(predictions, "mentions")  # the default: every name, whatever its mention
    assert every.forms == ("name", "alias", "nominal", "pronoun") and every.f1 == 1.0
    assert len(every.true_positives) == len(names) == 21
    headed = sca.score(predictions, "mentions", forms="names")  # names heading their mention
    assert headed.forms == ("name", "alias")
    assert len(headed.true_positives) == sum(1 for m in names if m.form in ("name", "alias"))
    nominal = sca.score(predictions, "mentions", forms=["nominal"])
    assert nominal.forms == ("nominal",)  # a name modifying the noun of its entity's mention
    assert [p.gold.text for p in nominal.true_positives] == ["Secure Communities"] * 2
    assert len(nominal.false_positives) == len(names) - 2
    full = [(m.span.start, m.span.end, kind(m)) for m in names if m.span != m.name]
    assert sca.score(full, "mentions").true_positives == ()  # full extents are no names


# --- matching ------------------------------------------------------------------------------------


def test_a_one_character_shift_fails_exact_and_passes_overlap_matching() -> None:
    morton = mention("John Morton")
    shifted = [(morton.span.start + 1, morton.span.end + 1, "person")]
    exact = sca.score(shifted, "mentions")
    assert exact.true_positives == () and len(exact.false_positives) == 1
    assert morton.id in {i.id for i in exact.false_negatives}
    overlap = sca.score(shifted, "mentions", match="overlap")
    (pair,) = overlap.true_positives
    assert (
        pair.gold.id == morton.id
        and pair.predicted.text == SOURCE[pair.predicted.start : pair.predicted.end]
    )
    assert (pair.predicted.start, pair.gold.start) == (morton.span.start + 1, morton.span.start)
    assert overlap.false_positives == ()


def test_overlap_matching_needs_the_same_label_and_is_one_to_one() -> None:
    morton = mention("John Morton")
    start, end = morton.span.start, morton.span.end
    wrong_kind = sca.score([(start, end - 2, "place")], "mentions", match="overlap")
    assert wrong_kind.true_positives == ()
    twice = sca.score(
        [(start, end - 2, "person"), (start + 2, end, "person")], "mentions", match="overlap"
    )
    assert len(twice.true_positives) == 1 and len(twice.false_positives) == 1
    assert twice.true_positives[0].predicted.start == start  # the larger overlap wins
    duplicated = sca.score([(start, end, "person")] * 2, "mentions")
    assert len(duplicated.true_positives) == 1 and len(duplicated.false_positives) == 1


def test_overlap_matching_is_a_maximum_matching_not_a_greedy_one() -> None:
    """Greedy by largest overlap pairs one prediction here; the maximum pairs two."""
    first, second = mention("Massachusetts"), mention("Illinois")
    across = (first.span.end - 5, second.span.start + 3, "place")  # 5 of one, 3 of the other
    head = (first.span.start, first.span.start + 3, "place")  # 3 of the first only
    result = sca.score([across, head], "mentions", match="overlap")
    assert {(m.gold.id, m.predicted.start) for m in result.true_positives} == {
        (first.id, head[0]),
        (second.id, across[0]),
    }


# --- quotations and the reported values ----------------------------------------------------------


def test_a_swapped_speaker_keeps_the_span_score_and_lowers_attribution() -> None:
    predictions = gold_predictions("quotes")
    speakers = [p["speaker"] for p in predictions]
    first = 0
    other = next(n for n, s in enumerate(speakers) if s != speakers[first])
    predictions[first]["speaker"], predictions[other]["speaker"] = speakers[other], speakers[first]
    result = sca.score(predictions, "quotes")
    assert (result.precision, result.recall) == (1.0, 1.0)
    assert result.accuracy is not None and result.accuracy.name == "attribution"
    total = len(ARTICLE.quotes)
    assert (result.accuracy.correct, result.accuracy.total) == (total - 2, total)
    assert result.accuracy.accuracy == pytest.approx((total - 2) / total)
    assert {m.gold.id for m in result.accuracy.wrong} == {
        ARTICLE.quotes[first].id,
        ARTICLE.quotes[other].id,
    }


def test_a_speaker_may_be_a_name_or_the_span_of_a_mention_of_them() -> None:
    quote = ARTICLE.quotes_by("john-morton")[0]
    start, end = quote.span.start, quote.span.end
    morton = mention("John Morton")
    andrade = mention("Gustavo Andrade")
    cases = {
        "Morton": True,  # a name the article's find() resolves to the speaker
        (morton.span.start, morton.span.end): True,
        (andrade.span.start, andrade.span.end): False,  # a mention of someone else
        "Gustavo Andrade": False,
        "someone we never heard of": False,
    }
    for speaker, right in cases.items():
        result = sca.score([(start, end, speaker)], "quotes")
        assert result.accuracy is not None
        assert result.accuracy.correct == int(right), speaker
    unattributed = sca.score([(start, end)], "quotes")
    assert unattributed.accuracy is None  # no prediction names a speaker: none is scored
    loose = sca.score(
        [(start, end, {"start": morton.span.start + 5, "end": morton.span.end})],
        "quotes",
        match="overlap",
    )
    assert loose.accuracy is not None and loose.accuracy.correct == 1


def test_normalized_values_and_predicates_are_scored_apart_from_the_span() -> None:
    times = gold_predictions("time_expressions")
    dated = next(p for p in times if p["value"] is not None)
    dated["value"] = "1999-01-01"
    result = sca.score(times, "time_expressions")
    assert result.f1 == 1.0 and result.accuracy is not None
    assert (result.accuracy.correct, result.accuracy.total) == (len(times) - 1, len(times))
    quantities = [{"text": q.span.text, "value": f"{q.value:,.0f}"} for q in ARTICLE.quantities]
    counted = sca.score(quantities, "quantities")  # "1,400" reads as 1400
    assert counted.f1 == 1.0 and counted.accuracy is not None and counted.accuracy.accuracy == 1.0
    events = gold_predictions("events")
    for prediction in events:
        prediction["predicate"] = prediction["predicate"].upper()
    events[0]["predicate"] = "something else"
    scored = sca.score(events, "events")
    assert scored.accuracy is not None
    assert (scored.accuracy.correct, scored.accuracy.total) == (len(events) - 1, len(events))


# --- input forms and errors ----------------------------------------------------------------------


def test_text_anchored_predictions_name_an_occurrence_counted_from_one() -> None:
    second = mention("Morton", 2)
    by_text = sca.score([{"text": "Morton", "occurrence": 2, "label": "PER"}], "mentions")
    assert [m.gold.id for m in by_text.true_positives] == [second.id]
    first = sca.score([{"text": "Morton", "label": "person"}], "mentions")
    assert first.true_positives == ()  # the first "Morton" is inside "John Morton"
    assert first.false_positives[0].start == SOURCE.index("Morton")


def test_unanchored_predictions_are_a_data_error_naming_each() -> None:
    morton = mention("John Morton")
    predictions: list[Any] = [
        (morton.span.start, morton.span.end, "person"),
        (0, len(SOURCE) + 1, "person"),
        {
            "start": morton.span.start,
            "end": morton.span.end,
            "text": "Jon Morton",
            "label": "person",
        },
        {"text": "no such words here", "label": "person"},
        {"text": "Morton", "occurrence": 99, "label": "person"},
        {"start": 5, "end": 5, "label": "person"},
        {"start": "5", "end": 9.0, "label": "person"},
        "John Morton",
        (1, 2, 3, 4),
    ]
    with pytest.raises(sca.DataError) as raised:
        sca.score(predictions, "mentions")
    problems = dict(raised.value.problems)
    assert set(problems) == {
        "$[1]",
        "$[2].text",
        "$[3].text",
        "$[4].text",
        "$[5]",
        "$[6].start",
        "$[6].end",
        "$[7]",
        "$[8]",
    }
    assert "not inside the source" in problems["$[1]"]
    assert "'Jon Morton' is not the source's text" in problems["$[2].text"]
    assert "does not occur" in problems["$[3].text"]
    assert "occurs 2 time(s) only" in problems["$[4].text"]
    politician = sca.score([(morton.span.start, morton.span.end, "politician")], "mentions")
    assert politician.ignored == (("politician", 1),) and politician.false_positives == ()


@pytest.mark.parametrize(
    ("arguments", "location"),
    [
        ({"layer": "names"}, "layer"),
        ({"layer": "mentions", "match": "fuzzy"}, "match"),
        ({"layer": "mentions", "forms": "nicknames"}, "forms"),
        ({"layer": "mentions", "forms": []}, "forms"),
    ],
)
def test_bad_options_are_data_errors_naming_the_option(
    arguments: dict[str, Any], location: str
) -> None:
    with pytest.raises(sca.DataError) as raised:
        sca.score([], **arguments)
    assert raised.value.problems[0][0] == location


def test_a_mapping_or_a_number_is_not_a_collection_of_predictions() -> None:
    for value in ({"start": 0, "end": 3, "label": "person"}, 42, b"bytes"):
        with pytest.raises(sca.DataError):
            sca.score(value, "mentions")


def test_predictions_files_are_read_by_their_extension(tmp_path: Path) -> None:
    morton = mention("John Morton")
    as_json = tmp_path / "p.json"
    as_json.write_text(json.dumps([[morton.span.start, morton.span.end, "person"]]), "utf-8")
    as_jsonl = tmp_path / "p.jsonl"
    as_jsonl.write_text('{"text": "John Morton", "label": "person"}\n\n', "utf-8")
    for path in (as_json, as_jsonl, str(as_json)):
        result = sca.score(path, "mentions")
        assert [m.gold.id for m in result.true_positives] == [morton.id]
    bad = tmp_path / "p.jsonl"
    bad.write_text('{"text": "John Morton", "label": "person"}\n{oops\n', "utf-8")
    with pytest.raises(sca.DataError, match=r"p\.jsonl:2"):
        sca.score(bad, "mentions")
    for name, content in (("p.txt", "x"), ("q.json", "{}"), ("r.json", "[1,")):
        (tmp_path / name).write_text(content, "utf-8")
        with pytest.raises(sca.DataError):
            sca.score(tmp_path / name, "mentions")
    (tmp_path / "s.json").write_bytes(b"\xff\xfe")
    with pytest.raises(sca.DataError, match="not UTF-8"):
        sca.score(tmp_path / "s.json", "mentions")


def test_a_hand_written_brat_file_scores_quotes_with_their_speaker_relation(tmp_path: Path) -> None:
    quote = ARTICLE.quotes_by("gustavo-andrade")[0]
    andrade = mention("Gustavo Andrade")
    morton = mention("John Morton")
    ann = tmp_path / "predicted.ann"
    ann.write_text(
        f"T1\tQuote {quote.span.start} {quote.span.end}\t{quote.span.text}\n"
        f"T2\tPER {andrade.span.start} {andrade.span.end}\t{andrade.span.text}\n"
        f"T3\tPerson {morton.span.start} {morton.span.end}\t{morton.span.text}\n"
        "R1\tSpeaker Arg1:T1 Arg2:T2\n"
        "#1\tAnnotatorNotes T1\tfree text, not key=value pairs\n",
        "utf-8",
    )
    quotes = sca.score(ann, "quotes")
    assert [m.gold.id for m in quotes.true_positives] == [quote.id]
    assert quotes.accuracy is not None and quotes.accuracy.correct == 1
    mentions = sca.score(ann, "mentions")
    assert {m.gold.id for m in mentions.true_positives} == {andrade.id, morton.id}
    ann.write_text(
        f"T1\tPerson {morton.span.start} {morton.span.end}\tJon Morton\nnonsense\n", "utf-8"
    )
    with pytest.raises(sca.DataError) as raised:
        sca.score(ann, "mentions")
    assert raised.value.problems == (("predicted.ann:2", "not a brat annotation line"),)
    ann.write_text(f"T1\tPerson {morton.span.start} {morton.span.end}\tJon Morton\n", "utf-8")
    with pytest.raises(sca.DataError, match=r"predicted\.ann:1 T1\.text"):
        sca.score(ann, "mentions")


# --- spaCy input ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blank() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.blank("en")


def test_a_spacy_doc_is_scored_from_its_entities_with_ontonotes_labels(blank: Any) -> None:
    doc = blank(SOURCE)
    morton, forum = mention("John Morton"), mention("National Immigration Forum")
    friday = SOURCE.index("Friday")
    doc.ents = [
        doc.char_span(morton.span.start, morton.span.end, label="PERSON"),
        doc.char_span(forum.span.start, forum.span.end, label="ORG"),
        doc.char_span(friday, friday + len("Friday"), label="DATE"),  # no entity kind: skipped
    ]
    result = sca.score(doc, "mentions")
    assert {m.gold.id for m in result.true_positives} == {morton.id, forum.id}
    assert result.false_positives == ()
    assert result.ignored == (("DATE", 1),)
    assert sca.score(doc, "quotes").ignored == (("DATE", 1), ("ORG", 1), ("PERSON", 1))
    with pytest.raises(sca.DataError, match="not the article's source"):
        sca.score(blank("Some other text."), "mentions")


# --- the result ----------------------------------------------------------------------------------


def test_the_result_is_immutable_prints_a_table_and_converts_to_json() -> None:
    morton = mention("John Morton")
    result = sca.score([(morton.span.start, morton.span.end, "person")], "mentions")
    with pytest.raises(AttributeError):
        result.layer = "quotes"  # type: ignore[misc]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["counts"] == {
        "true_positives": 1,
        "false_positives": 0,
        "false_negatives": len(NAMES) - 1,
    }
    assert data["precision"] == 1.0 and data["true_positives"][0]["gold"]["id"] == morton.id
    table = str(result)
    assert (
        table.splitlines()[0] == "mentions, exact match, gold forms: name, alias, nominal, pronoun"
    )
    people = sum(1 for m in NAMES if kind(m) == "person")
    recall = 1 / people
    row = next(line for line in table.splitlines() if line.startswith("person "))
    assert row.split()[1:] == [
        "1.000",
        f"{recall:.3f}",
        f"{2 * recall / (1 + recall):.3f}",
        "1",
        "0",
        str(people - 1),
    ]
    assert "missed (false negatives):" in table and "'Gustavo Andrade'" in table
    quotes = str(sca.score(gold_predictions("quotes"), "quotes"))
    total = len(ARTICLE.quotes)
    assert f"attribution accuracy over matches: {total}/{total} = 1.000" in quotes


# --- properties ----------------------------------------------------------------------------------

spans = st.integers(0, len(SOURCE) - 1).flatmap(
    lambda start: st.tuples(st.just(start), st.integers(start + 1, min(len(SOURCE), start + 60)))
)
labelled = st.lists(
    st.tuples(spans, st.sampled_from(["person", "organization", "place", "program"])),
    max_size=25,
)


#: Half the profile's examples: each example runs the scorer on the whole article.
FEWER = settings(max_examples=max(10, settings().max_examples // 2))


@FEWER
@given(labelled)
def test_counts_always_add_up_and_overlap_finds_at_least_what_exact_finds(
    predicted: list[tuple[tuple[int, int], str]],
) -> None:
    predictions = [(start, end, label) for (start, end), label in predicted]
    exact = sca.score(predictions, "mentions", forms="all", article=ARTICLE)
    overlap = sca.score(predictions, "mentions", forms="all", match="overlap", article=ARTICLE)
    for result in (exact, overlap):
        found = len(result.true_positives) + len(result.false_positives)
        assert found + len(result.outside) == len(predictions)
        assert len(result.true_positives) + len(result.false_negatives) == len(NAMES)
        assert 0.0 <= result.f1 <= min(result.precision, result.recall) * 2
        assert all(math.isfinite(x) for x in (result.precision, result.recall, result.f1))
        gold_ids = [m.gold.id for m in result.true_positives]
        assert len(gold_ids) == len(set(gold_ids))  # one to one
        for match in result.true_positives:
            assert match.gold.label == match.predicted.label
            assert match.predicted.text == SOURCE[match.predicted.start : match.predicted.end]
    assert len(overlap.true_positives) >= len(exact.true_positives)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@FEWER
@given(st.lists(json_values, max_size=6), st.sampled_from(LAYERS))
def test_hostile_predictions_give_a_score_or_a_data_error_and_nothing_else(
    predictions: list[Any], layer: str
) -> None:
    try:
        result = sca.score(predictions, layer, article=ARTICLE)
    except sca.DataError as error:
        problems = error.problems
    else:
        assert len(result.true_positives) + len(result.false_positives) <= len(predictions)
        return
    assert problems and all(len(where) < 80 for where, _ in problems)
    assert all(len(message) < 300 for _, message in problems)


# --- the command ---------------------------------------------------------------------------------


def test_the_score_command_prints_the_table_or_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "quotes.json"
    path.write_text(json.dumps(gold_predictions("quotes")), "utf-8")
    assert _cli.main(["score", str(path), "--layer", "quotes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("quotes, exact match\n") and "attribution accuracy" in out
    assert _cli.main(["score", str(path), "--layer", "quotes", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["f1"] == 1.0 and data["accuracy"]["name"] == "attribution"
    wrong = [dict(p, text="not the text") for p in gold_predictions("quotes")]
    path.write_text(json.dumps(wrong), "utf-8")
    assert _cli.main(["score", str(path), "--layer", "quotes", "--match", "overlap"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == len(ARTICLE.quotes) and "Traceback" not in err
    assert all(line.startswith(f"{path}: $[") for line in err.splitlines())
    broken = tmp_path / "broken.ann"
    broken.write_text("garbage\n", "utf-8")
    assert _cli.main(["score", str(broken), "--layer", "mentions"]) == 1
    # A problem located in the file names it once: "broken.ann:1: ...", not the path twice.
    assert capsys.readouterr().err == f"{broken}:1: not a brat annotation line\n"


def test_the_score_command_exits_1_on_a_missing_file_and_2_on_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli.main(["score", str(tmp_path / "missing.json"), "--layer", "quotes"]) == 1
    assert "cannot read" in capsys.readouterr().err
    for arguments in (["score", "x.json", "--layer", "names"], ["gold", "quote"]):
        with pytest.raises(SystemExit) as raised:
            _cli.main(arguments)
        assert raised.value.code == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_a_discontinuous_brat_span_is_checked_fragment_by_fragment(tmp_path: Path) -> None:
    first, second = mention("Massachusetts"), mention("New York")
    fragments = f"{first.span.start} {first.span.end};{second.span.start} {second.span.end}"
    ann = tmp_path / "split.ann"
    ann.write_text(f"T1\tPlace {fragments}\tMassachusetts New York\n", "utf-8")
    (spanned,) = sca.score(ann, "mentions").false_positives
    assert (spanned.start, spanned.end) == (first.span.start, second.span.end)
    ann.write_text(f"T1\tPlace {fragments}\tMassachusetts Illinois\n", "utf-8")
    with pytest.raises(sca.DataError, match="'Massachusetts Illinois' is not the source's text"):
        sca.score(ann, "mentions")


def test_score_help_names_the_file_forms(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        _cli.main(["score", "--help"])
    assert raised.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert len(READABLE) >= 7
    for suffix, what in READABLE.items():
        assert f"{suffix} ({' '.join(what.split())})" in shown


# --- the gold as predictions, intervals, comparisons ------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_the_gold_in_prediction_form_scores_one_on_every_figure(layer: str) -> None:
    gold = sca.gold_predictions(layer)
    assert gold and all(isinstance(p, dict) for p in gold)
    data = sca.score(json.loads(json.dumps(gold)), layer).to_dict()
    figures = [data["precision"], data["recall"], data["f1"], *data["macro"].values()]
    assert data["interval"]["low"] < 1.0 and data["outside"] == []  # 1.0 is no certainty
    figures += [v for a in data["accuracies"].values() for k, v in a.items() if k in RATES]
    figures += [v for s in data["schemas"].values() for k, v in s.items() if k in RATES]
    figures += [data[m][k] for m in COREFERENCE if layer == "coreference" for k in RATES[:3]]
    assert figures and all(f == 1.0 for f in figures), data
    assert data["ignored"] == {} and data["false_positives"] == []
    assert all(c["gold"] == c["predicted"] for c in data["confusion"])


RATES = ("precision", "recall", "f1", "accuracy")
COREFERENCE = ("muc", "bcub", "ceafm", "ceafe", "blanc", "lea", "conll")


def test_the_gold_command_prints_json_lines_that_score_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli.main(["gold", "quotes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == sca.gold_predictions("quotes")
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert _cli.main(["score", str(path), "--layer", "quotes", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["f1"] == 1.0


def test_compare_gives_the_difference_its_interval_and_a_p_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = gold_predictions("quotes")
    same = sca.compare(gold, gold, "quotes")
    assert (same.difference, same.p_value) == (0.0, 1.0)
    assert (same.interval.low, same.interval.high) == (0.0, 0.0)
    worse = sca.compare(gold, gold[:2], "quotes").others[0]
    assert worse.figure == "f1" and worse.difference == pytest.approx(1 - 2 * 2 / (2 * 2 + 5))
    assert worse.a == 1.0
    assert worse.interval.low <= worse.difference <= worse.interval.high
    data = worse.to_dict()
    assert set(data["interval"]) == {"low", "high", "level", "method"}
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(gold), "utf-8")
    b.write_text(json.dumps(gold[:2]), "utf-8")
    assert _cli.main(["score", str(a), "--against", str(b), "--layer", "quotes"]) == 0
    assert "quotes f1: 1.000 (a) - 0.444 (b) = +0.556" in capsys.readouterr().out
    b.write_text("[1,", "utf-8")
    assert _cli.main(["score", str(a), "--against", str(b), "--layer", "quotes"]) == 1
    assert capsys.readouterr().err.startswith(f"{b}: not JSON")
