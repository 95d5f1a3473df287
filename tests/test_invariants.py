"""The validator's rules, each refusing a hand-made bad document with its exact problems;
and the shipped data's facts that are not rules, checked on the shipped JSON."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import secure_communities_article as sca

Document = dict[str, Any]


# --- facts of the shipped data that no rule states ---------------------------------------------


def test_nine_body_paragraphs_from_the_first_words_to_the_last(shipped_document: Document) -> None:
    paragraphs = shipped_document["paragraphs"]
    assert len(paragraphs) == 9
    assert paragraphs[0]["span"]["text"].startswith("Federal authorities announced Friday")
    assert paragraphs[-1]["span"]["text"].endswith("in the details.\u201d")


def test_sentences_are_parted_by_one_space(shipped_document: Document) -> None:
    for paragraph in shipped_document["paragraphs"]:
        pieces = [s["text"] for s in paragraph["sentences"]]
        assert " ".join(pieces) == paragraph["span"]["text"]


def test_seven_quotations(shipped_document: Document) -> None:
    assert len(shipped_document["quotes"]) == 7


def test_no_entity_layer_annotates_page_furniture(shipped_document: Document) -> None:
    bio_end = shipped_document["metadata"]["author_bio"]["end"]
    for collection in ("mentions", "quotes", "quantities", "time_expressions"):
        for record in shipped_document[collection]:
            assert record["span"]["end"] <= bio_end


# --- each rule of the validator, against a hand-made bad document ------------------------------
# Each case spoils the shipped document in one way and returns the problems (path,
# message) the validator must list, exactly.

Problems = list[tuple[str, str]]
RULES: dict[str, Callable[[Document], Problems]] = {}


def rule(spoil: Callable[[Document], Problems]) -> Callable[[Document], Problems]:
    RULES[spoil.__name__] = spoil
    return spoil


def spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every {start, end, text} object in plain data."""
    if isinstance(value, dict) and set(value) == {"start", "end", "text"}:
        yield value
    elif isinstance(value, (dict, list)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from spans(item)


def respanned(d: Document) -> Document:
    """Every span's text re-read from the (edited) source, and the checksum recomputed."""
    for span in spans(d):
        span["text"] = d["source"][span["start"] : span["end"]]
    d["metadata"]["source_sha256"] = hashlib.sha256(d["source"].encode()).hexdigest()
    return d


# ids and references


@rule
def duplicate_id(d: Document) -> Problems:
    first = d["reforms"][0]["id"]
    d["reforms"][1]["id"] = first
    return [("$.reforms[1].id", f"duplicate id {first!r} (first at $.reforms[0].id)")]


@rule
def reference_to_no_record(d: Document) -> Problems:
    d["metadata"]["author"] = "nobody"
    d["metadata"]["publisher"] = "no-paper"
    d["mentions"][2]["entity"] = "ghost"
    d["events"][0]["participants"][1]["entity"] = "ghost"
    d["events"][0]["times"][0] = "time-never"
    return [
        ("$.metadata.publisher", "no organization has id 'no-paper'"),
        ("$.metadata.author", "no person has id 'nobody'"),
        ("$.mentions[2].entity", "no entity has id 'ghost'"),
        ("$.events[0].participants[1].entity", "no entity has id 'ghost'"),
        ("$.events[0].times[0]", "no time expression has id 'time-never'"),
    ]


@rule
def reference_into_a_collection_with_a_bad_record(d: Document) -> Problems:
    d["people"][2]["role"] = 7  # references to people cannot be judged: it may be this one
    d["quotes"][0]["speaker"] = "ghost"
    return [("$.people[2].role", "expected a string, found number")]


# spans against the source


@rule
def negative_offset(d: Document) -> Problems:
    d["quotes"][1]["span"]["start"] = -3
    return [("$.quotes[1].span.start", "negative offset -3")]


@rule
def end_before_start(d: Document) -> Problems:
    d["quotes"][1]["span"]["end"] = 10
    start = d["quotes"][1]["span"]["start"]
    return [("$.quotes[1].span.end", f"end 10 is before start {start}")]


@rule
def text_of_another_length(d: Document) -> Problems:
    span = d["quotes"][1]["span"]
    span["text"] = "short"
    size = span["end"] - span["start"]
    return [("$.quotes[1].span.text", f"5 characters recorded for a span of {size}")]


@rule
def span_past_the_end(d: Document) -> Problems:
    size = len(d["source"])
    d["reforms"][0]["span"] = {"start": size - 1, "end": size + 1, "text": "ab"}
    return [("$.reforms[0].span.end", f"offset {size + 1} is past the end of the source ({size})")]


@rule
def text_the_source_does_not_have(d: Document) -> Problems:
    span = d["mentions"][0]["span"]
    text, span["text"] = span["text"], span["text"].upper()
    return [
        ("$.mentions[0].span.text", f"recorded {span['text']!r}, the source has {text!r} there")
    ]


# paragraphs, sentences and the other blocks


@rule
def paragraph_index(d: Document) -> Problems:
    d["paragraphs"][1]["index"] = 5
    return [("$.paragraphs[1].index", "index 5 at position 1")]


@rule
def sentence_outside_its_paragraph(d: Document) -> Problems:
    d["paragraphs"][0]["sentences"][0] = d["segments"][0]["span"]
    return [
        ("$.paragraphs[0].sentences[0]", "sentence is outside its paragraph"),
        ("$.paragraphs[0].sentences", "the paragraph's end is in no sentence"),
    ]


@rule
def sentences_overlapping(d: Document) -> Problems:
    sentences = d["paragraphs"][1]["sentences"]
    sentences.insert(1, sentences[0])
    return [("$.paragraphs[1].sentences[1]", "sentence overlaps the one before")]


@rule
def text_before_the_first_sentence(d: Document) -> Problems:
    del d["paragraphs"][1]["sentences"][0]
    return [("$.paragraphs[1].sentences[0]", "text before it is in no sentence")]


@rule
def text_after_the_last_sentence(d: Document) -> Problems:
    del d["paragraphs"][1]["sentences"][-1]
    return [("$.paragraphs[1].sentences", "the paragraph's end is in no sentence")]


@rule
def paragraph_without_sentences(d: Document) -> Problems:
    d["paragraphs"][4]["sentences"] = []
    return [("$.paragraphs[4].sentences", "a paragraph needs at least one sentence")]


@rule
def block_ending_in_whitespace(d: Document) -> Problems:
    span = d["paragraphs"][2]["span"]
    span["end"] += 1
    span["text"] = d["source"][span["start"] : span["end"]]
    return [
        ("$.paragraphs[2].span", "a block must start and end with non-whitespace"),
        ("$.paragraphs[2].span.end", f"no token ends at {span['end']}"),
    ]


@rule
def blocks_overlapping(d: Document) -> Problems:
    paragraph = d["paragraphs"][0]["span"]
    extra = {"id": "extra", "kind": "navigation", "span": paragraph, "sentences": []}
    d["segments"].insert(2, extra)
    return [("$.segments[2].span", f"overlaps the block ending at {paragraph['end']}")]


@rule
def text_between_blocks(d: Document) -> Problems:
    del d["segments"][0]
    start = d["segments"][0]["span"]["start"]
    return [("$.segments[0].span", f"text at 0-{start} is in no paragraph or segment")]


@rule
def text_after_the_last_block(d: Document) -> Problems:
    del d["segments"][-1]
    end = d["segments"][-1]["span"]["end"]
    return [("$.segments", f"text from {end} is in no paragraph or segment")]


@rule
def headline_and_author_bio_not_their_segments(d: Document) -> Problems:
    d["metadata"]["headline"] = d["metadata"]["author_bio"] = d["segments"][0]["span"]
    return [
        ("$.metadata.headline", "must be the span of the one 'headline' segment"),
        ("$.metadata.author_bio", "must be the span of the one 'author-bio' segment"),
    ]


# each record's paragraph


@rule
def paragraph_null_for_a_record_in_one(d: Document) -> Problems:
    (i, _) = next((i, m) for i, m in enumerate(d["mentions"]) if m["paragraph"] is not None)
    d["mentions"][i]["paragraph"] = None
    return [(f"$.mentions[{i}].paragraph", "null, but the record lies in a body paragraph")]


@rule
def paragraph_that_does_not_exist(d: Document) -> Problems:
    count = len(d["paragraphs"])
    d["quotes"][0]["paragraph"] = count
    return [("$.quotes[0].paragraph", f"no paragraph {count} (there are {count})")]


@rule
def paragraph_not_holding_the_spans(d: Document) -> Problems:
    d["reforms"][0]["paragraph"] += 1
    where = d["reforms"][0]["paragraph"]
    return [("$.reforms[0].paragraph", f"its spans are not inside paragraph {where}")]


# quotation marks and quotation records


@rule
def quote_between_no_marks(d: Document) -> Problems:
    span = d["quotes"][0]["span"]
    old = f"{span['start']}-{span['end']}"
    span["start"] += 1
    span["text"] = span["text"][1:]
    return [
        ("$.quotes[0].span.start", f"no token starts at {span['start']}"),
        ("$.quotes[0].span", "does not sit exactly inside a pair of quotation marks"),
        ("$.quotes", f"the quotation at {old} has no quotation record"),
    ]


@rule
def opening_mark_nested_and_unclosed(d: Document) -> Problems:
    close = d["quotes"][0]["span"]["end"]  # the quotation's closing mark
    d["source"] = d["source"][:close] + "\u201c" + d["source"][close + 1 :]
    respanned(d)
    return [
        ("$.paragraphs[2]", f"nested opening quote at {close}"),
        ("$.paragraphs[2]", f"unclosed opening quote at {close}"),
        ("$.quotes[0].span", "does not sit exactly inside a pair of quotation marks"),
    ]


@rule
def closing_mark_unopened(d: Document) -> Problems:
    span = d["quotes"][0]["span"]
    opening, close = span["start"] - 1, span["end"]
    d["source"] = d["source"][:opening] + "\u201d" + d["source"][opening + 1 :]
    respanned(d)
    return [
        ("$.paragraphs[2]", f"unopened closing quote at {opening}"),
        ("$.paragraphs[2]", f"unopened closing quote at {close}"),
        ("$.quotes[0].span", "does not sit exactly inside a pair of quotation marks"),
    ]


# text order, and the checksum


@rule
def records_out_of_text_order(d: Document) -> Problems:
    d["mentions"][0], d["mentions"][1] = d["mentions"][1], d["mentions"][0]
    return [("$.mentions[1]", "out of text order (by its anchor span)")]


@rule
def entities_out_of_order_of_first_mention(d: Document) -> Problems:
    d["people"][0], d["people"][1] = d["people"][1], d["people"][0]
    return [("$.people[1]", "out of text order (by its first mention)")]


@rule
def source_that_differs_from_its_checksum(d: Document) -> Problems:
    recorded = "0" * 64
    actual, d["metadata"]["source_sha256"] = d["metadata"]["source_sha256"], recorded
    return [("$.metadata.source_sha256", f"recorded {recorded!r}, the source hashes to {actual!r}")]


def mention_at(d: Document, mention_id: str) -> int:
    return next(i for i, m in enumerate(d["mentions"]) if m["id"] == mention_id)


@rule
def span_inside_a_token(d: Document) -> Problems:
    at = mention_at(d, "mention-victims-and-witnesses-silence")  # its head stays inside
    mention = d["mentions"][at]["span"]
    mention["end"] -= 1
    mention["text"] = mention["text"][:-1]
    return [(f"$.mentions[{at}].span.end", f"no token ends at {mention['end']}")]


@rule
def mention_head_of_two_tokens_and_name_outside_it(d: Document) -> Problems:
    at = mention_at(d, "mention-fbi-shares")  # "the FBI"
    d["mentions"][at]["head"] = dict(d["mentions"][at]["span"])
    d["mentions"][at]["name"] = dict(d["mentions"][at + 1]["span"])  # the next mention's
    return [
        (f"$.mentions[{at}].head", "not one token of the mention"),
        (f"$.mentions[{at}].name", "not inside the mention"),
    ]


@rule
def mention_inside_a_mention_of_its_entity(d: Document) -> Problems:
    at = mention_at(d, "mention-secure-communities-through-program")
    outer = d["mentions"][at]
    # data 3.0's "Secure Communities" inside "the Secure Communities program"
    inner = {**copy.deepcopy(outer), "id": "mention-inner", "form": "name"}
    inner["span"] = dict(outer["name"])
    inner["head"] = {**outer["name"], "start": outer["name"]["end"] - 11, "text": "Communities"}
    d["mentions"].insert(at + 1, inner)
    return [(f"$.mentions[{at + 1}].span", "inside a mention of 'secure-communities'")]


@rule
def tokens_misnumbered_and_out_of_order(d: Document) -> Problems:
    tokens = d["tokens"]
    tokens[5]["index"] = 50
    tokens[7]["span"], tokens[8]["span"] = tokens[8]["span"], tokens[7]["span"]
    return [
        ("$.tokens[5].index", "index 50 at position 5"),
        ("$.tokens[7].span", "the text before it, in its sentence, is in no token"),
        ("$.tokens[8].span", "empty, or overlaps the token before"),
    ]


@rule
def tokens_with_a_gap_and_white_space(d: Document) -> Problems:
    tokens = d["tokens"]
    joined = tokens[0]["span"]  # "The" and "Washington" as one token, the space between them too
    joined["end"], joined["text"] = (
        tokens[1]["span"]["end"],
        d["source"][: tokens[1]["span"]["end"]],
    )
    del tokens[1]
    bounds = {
        o for k, v in d.items() if k != "tokens" for s in spans(v) for o in (s["start"], s["end"])
    }
    gone = next(
        i
        for i, t in enumerate(tokens)
        if i > 5 and not {t["span"]["start"], t["span"]["end"]} & bounds
    )
    del tokens[gone]  # the text it held, inside its sentence, is in no token now
    for i, token in enumerate(tokens):
        token["index"] = i
    return [
        ("$.tokens[0].span", "a token holds white space"),
        (f"$.tokens[{gone}].span", "the text before it, in its sentence, is in no token"),
        ("$.mentions[0].name.start", "no token starts at 4"),  # the masthead's "Washington"
    ]


@rule
def masthead_without_its_sentences(d: Document) -> Problems:
    at = next(i for i, s in enumerate(d["segments"]) if s["kind"] == "masthead")
    d["segments"][at]["sentences"] = []
    return [(f"$.segments[{at}].sentences", "a masthead needs its sentences")]


@rule
def segment_sentences_not_covering_it(d: Document) -> Problems:
    bio = d["segments"][2]
    bio["sentences"] = [{**bio["sentences"][0], "end": 2569, "text": "Tara Bahrampour"}]
    return [("$.segments[2].sentences", "the segment's end is in no sentence")]


@pytest.mark.parametrize("spoil", RULES.values(), ids=list(RULES))
def test_each_rule_refuses_its_hand_made_case(
    shipped_document: Document, spoil: Callable[[Document], Problems]
) -> None:
    document = copy.deepcopy(shipped_document)
    expected = spoil(document)
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    assert list(caught.value.problems) == expected


def test_a_span_may_end_at_the_end_of_the_source(shipped_document: Document) -> None:
    document = copy.deepcopy(shipped_document)
    document["source"] = document["source"].rstrip()
    article = sca.from_dict(respanned(document))
    assert max(s.span.end for s in article.segments) == len(article.source)
