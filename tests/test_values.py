"""Values that do not come from the text's characters: pinned, checked for form, and the
spans that name an event's participants or a stance's holder.

Every code, normalised time value and quantity value is compared with a reference table
written here, independently of the package, with the words of the article that justify
it: changing any of them in ``annotations/*.yaml`` (and rebuilding) fails this file,
and not rebuilding fails ``test_build_data``.
"""

from __future__ import annotations

import copy
import datetime
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import ROOT, script

#: The Census Bureau's FIPS state codes, by USPS code: the 50 states and DC.
USPS_FIPS = {
    "AL": "01", "AK": "02", "AZ": "04", "AR": "05", "CA": "06", "CO": "08", "CT": "09",
    "DE": "10", "DC": "11", "FL": "12", "GA": "13", "HI": "15", "ID": "16", "IL": "17",
    "IN": "18", "IA": "19", "KS": "20", "KY": "21", "LA": "22", "ME": "23", "MD": "24",
    "MA": "25", "MI": "26", "MN": "27", "MS": "28", "MO": "29", "MT": "30", "NE": "31",
    "NV": "32", "NH": "33", "NJ": "34", "NM": "35", "NY": "36", "NC": "37", "ND": "38",
    "OH": "39", "OK": "40", "OR": "41", "PA": "42", "RI": "44", "SC": "45", "SD": "46",
    "TN": "47", "TX": "48", "UT": "49", "VT": "50", "VA": "51", "WA": "53", "WV": "54",
    "WI": "55", "WY": "56",
}  # fmt: skip

#: Each place: (name, type, USPS code, FIPS code, the words of the text that name it).
PLACES: dict[str, tuple[str, str, str | None, str | None, str]] = {
    "massachusetts": ("Massachusetts", "state", "MA", "25", "Massachusetts"),
    "illinois": ("Illinois", "state", "IL", "17", "Illinois"),
    "new-york-state": ("New York", "state", "NY", "36", "New York"),
    "baltimore": ("Baltimore", "city", "MD", "2404000", "Baltimore"),  # Baltimore city, MD
    "oakland": ("Oakland", "city", "CA", "0653000", "Oakland"),  # Oakland city, CA
    "california": ("California", "state", "CA", "06", "Calif."),
    "united-states": ("United States", "country", None, None, "the country"),
    "washington-dc": ("Washington, D.C.", "district", "DC", "11", "Washington, D.C."),
}
#: Where each code comes from (the guide: looked up, but Baltimore's state is a reading).
CODE_ORIGINS = {
    (place, field): "outside-reference"
    for place, (_, _, postal, _, _) in PLACES.items()
    if postal is not None
    for field in ("state_postal_code", "fips_code")
} | {("baltimore", "state_postal_code"): "annotator"}

#: Each time expression: (its words, kind, ISO 8601 value, relation).
TIMES: dict[str, tuple[str, str, str, str]] = {
    "time-friday": ("Friday", "DATE", "2011-06-17", "on"),
    "time-recently": ("recently", "DATE", "PAST_REF", "in"),
    "time-2008": ("2008", "DATE", "2008", "in"),
    "time-2013": ("2013", "DATE", "2013", "by"),
    "time-august": ("August", "DATE", "2011-08", "by"),
}
#: Each quantity: (its words, value, unit, approximate, the hedge word).
QUANTITIES: dict[str, tuple[str, float, str, bool, str | None]] = {
    "quantity-50-percent": ("50 percent", 50.0, "percent", False, None),
    "quantity-1400-jurisdictions": ("1,400 jurisdictions", 1400.0, "jurisdictions", True, "about"),
}
PUBLISHED = datetime.date(2011, 6, 17)


# --- every value pinned, and what justifies it ---------------------------------------------


def test_every_place_has_its_codes(article: sca.Article) -> None:
    found = {p.id: (p.name, p.place_type, p.state_postal_code, p.fips_code) for p in article.places}
    assert found == {place: row[:4] for place, row in PLACES.items()}


@pytest.mark.parametrize("place", PLACES)
def test_each_place_is_named_by_its_words_and_its_codes_agree(
    article: sca.Article, place: str
) -> None:
    _, kind, postal, fips, words = PLACES[place]
    assert words in [(m.name or m.span).text for m in article.mentions_of(place)]
    if postal is not None and fips is not None:
        assert fips.startswith(USPS_FIPS[postal]) and len(fips) == (7 if kind == "city" else 2)


def test_every_code_has_its_origin(article: sca.Article) -> None:
    found = {
        (place.id, p.field): p.origin
        for place in article.places
        for p in place.provenance
        if p.field in ("state_postal_code", "fips_code")
    }
    assert found == CODE_ORIGINS


def test_oakland_is_in_california_as_the_text_writes(article: sca.Article) -> None:
    assert "Oakland, Calif." in article.source
    oakland = article.record("oakland")
    assert isinstance(oakland, sca.Place) and oakland.within == "california"


def test_every_time_value(article: sca.Article) -> None:
    found = {t.id: (t.span.text, t.kind, t.value, t.relation) for t in article.time_expressions}
    assert found == TIMES


def test_each_time_value_is_what_the_text_and_the_publication_date_give(
    article: sca.Article,
) -> None:
    assert article.published == PUBLISHED and PUBLISHED.strftime("%A") == "Friday"
    assert TIMES["time-friday"][2] == PUBLISHED.isoformat()  # "announced Friday": that day
    # "by August" in a report of June: the first August after publication.
    assert TIMES["time-august"][2] == f"{PUBLISHED.year}-08" and PUBLISHED.month < 8
    for key in ("time-2008", "time-2013"):
        words, _, value, _ = TIMES[key]
        assert value == re.sub(r"\D", "", words)


def test_every_quantity_value(article: sca.Article) -> None:
    found = {
        q.id: (q.span.text, q.value, q.unit, q.approximate, q.qualifier and q.qualifier.text)
        for q in article.quantities
    }
    assert found == QUANTITIES
    for words, value, unit, _, _ in QUANTITIES.values():
        number, written_unit = words.split(" ", 1)
        assert float(number.replace(",", "")) == value and written_unit == unit


def test_the_values_read_off_the_url(article: sca.Article) -> None:
    assert "/local/" in article.url and "/2011/06/17/" in article.url
    assert (article.metadata.section, article.published) == ("local", PUBLISHED)


# --- malformed values are refused, each with its path ----------------------------------------


def position(document: dict[str, Any], layer: str, record_id: str) -> int:
    return next(i for i, r in enumerate(document[layer]) if r["id"] == record_id)


def problems_with(
    document: dict[str, Any], layer: str, record_id: str | None, field: str, value: Any
) -> tuple[str, list[tuple[str, str]]]:
    """The path of the changed field and the problems ``from_dict`` finds, none if it loads."""
    changed = copy.deepcopy(document)
    if record_id is None:
        changed[layer][field] = value
        where = f"$.{layer}.{field}"
    else:
        at = position(changed, layer, record_id)
        changed[layer][at][field] = value
        where = f"$.{layer}[{at}].{field}"
    try:
        sca.from_dict(changed)
    except sca.DataError as error:
        return where, list(error.problems)
    return where, []


MALFORMED = [
    ("places", "illinois", "fips_code", "ABC", "expected a Census FIPS code"),
    ("places", "illinois", "fips_code", "1", "expected a Census FIPS code"),
    ("places", "illinois", "fips_code", "\u0661\u0667", "expected a Census FIPS code"),  # Arabic 17
    ("places", "illinois", "state_postal_code", "Mass", "expected the USPS code"),
    ("places", "illinois", "state_postal_code", "il", "expected the USPS code"),
    ("places", "illinois", "state_postal_code", "PR", "expected the USPS code"),  # no state
    ("time_expressions", "time-august", "value", "2011-13", "expected a TIMEX3 value"),
    ("time_expressions", "time-friday", "value", "June 17", "expected a TIMEX3 value"),
    ("time_expressions", "time-friday", "value", "2011-6-17", "expected a TIMEX3 value"),
    ("time_expressions", "time-recently", "value", "PAST", "expected a TIMEX3 value"),
    ("time_expressions", "time-recently", "value", None, "expected a string"),
    ("time_expressions", "time-friday", "value", "2011-02-30", "no such day in the calendar"),
    ("time_expressions", "time-2008", "value", "P3Y", "not a DATE's value"),
    ("time_expressions", "time-friday", "value", "2011-06-17T10:00", "not a DATE's value"),
    ("time_expressions", "time-2008", "kind", "date", "expected one of 'DATE'"),
    ("metadata", None, "language", "English", "expected a BCP 47 language tag"),
    ("metadata", None, "language", "en-u", "expected a BCP 47 language tag"),  # a bare singleton
    ("referents", "the-changes", "etype", "program", "expected a CorefUD entity type"),
    ("referents", "the-changes", "etype", "Abstract", "expected a CorefUD entity type"),
    ("events", "event-announcement", "predicate", "Announced!", "expected a lemma"),
    # Well formed, but not what the type and the postal code allow:
    ("places", "illinois", "fips_code", "18", "IL's FIPS state code is 17"),
    ("places", "baltimore", "fips_code", "0653000", "MD's FIPS state code is 24"),
    ("places", "baltimore", "fips_code", "24", "a city has 7 FIPS digits"),
    ("places", "illinois", "fips_code", "1700000", "a state has 2 FIPS digits"),
    ("places", "united-states", "fips_code", "11", "a country has no FIPS digits"),
]


@pytest.mark.parametrize(("layer", "record_id", "field", "value", "message"), MALFORMED)
def test_a_malformed_value_is_refused_at_its_path(
    shipped_document: dict[str, Any],
    layer: str,
    record_id: str | None,
    field: str,
    value: str | None,
    message: str,
) -> None:
    where, found = problems_with(shipped_document, layer, record_id, field, value)
    assert len(found) == 1, found
    assert found[0][0] == where and found[0][1].startswith(message), found


@pytest.mark.parametrize("tag", ["en", "en-US", "zh-Hant-TW", "en-US-u-ca-gregory", "en-x-wapo"])
def test_a_bcp_47_tag_with_its_extensions_is_accepted(
    shipped_document: dict[str, Any], tag: str
) -> None:
    assert problems_with(shipped_document, "metadata", None, "language", tag)[1] == []


@pytest.mark.parametrize("postal", USPS_FIPS)
def test_every_state_code_is_known_with_its_fips_code(
    shipped_document: dict[str, Any], postal: str
) -> None:
    changed = copy.deepcopy(shipped_document)
    place = changed["places"][position(changed, "places", "illinois")]
    place["state_postal_code"], place["fips_code"] = postal, USPS_FIPS[postal]
    sca.from_dict(changed)
    wrong = next(code for code in USPS_FIPS.values() if code != USPS_FIPS[postal])
    place["fips_code"] = wrong
    with pytest.raises(sca.DataError, match=f"{postal}'s FIPS state code"):
        sca.from_dict(changed)


def test_the_build_refuses_malformed_values(tmp_path: Path) -> None:
    tool = script(ROOT / "tools" / "build_data.py", "build_data_values")
    folder = Path(shutil.copytree(ROOT / "annotations", tmp_path / "annotations"))
    places = folder / "places.yaml"
    places.write_text(places.read_text("utf-8").replace('"17"', '"ABC"'), "utf-8")
    times = folder / "time_expressions.yaml"
    times.write_text(times.read_text("utf-8").replace('"2011-08"', '"2011-13"'), "utf-8")
    with pytest.raises(tool.BuildError) as caught:
        tool.build(folder)
    lines = str(caught.value).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "places illinois.fips_code",
        "time_expressions time-august.value",
    ]


# --- random strings in each field with a form ----------------------------------------------

hostile = st.text(max_size=12) | st.from_regex(r"\d{2,8}|\w{2}|\d{4}-\d{1,2}(-\d{1,2})?")


def accepted(document: dict[str, Any], layer: str, record_id: str, field: str, value: Any) -> bool:
    return not problems_with(document, layer, record_id, field, value)[1]


def is_calendar_date(text: str) -> bool:
    """The reference: the canonical ISO form of a real day (years 1 to 9999)."""
    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


@given(text=hostile | st.sampled_from(list(USPS_FIPS)))
def test_a_postal_code_is_accepted_only_with_its_own_fips_code(
    shipped_document: dict[str, Any], text: str
) -> None:
    assert accepted(shipped_document, "places", "illinois", "state_postal_code", text) == (
        text == "IL"
    )


@given(text=hostile | st.sampled_from(list(USPS_FIPS.values())))
def test_illinois_accepts_one_fips_code(shipped_document: dict[str, Any], text: str) -> None:
    assert accepted(shipped_document, "places", "illinois", "fips_code", text) == (text == "17")


def is_timex3_date(text: str) -> bool:
    """A TIMEX3 DATE value: a year, a year and month, a real day, or a reference."""
    if text in ("PAST_REF", "PRESENT_REF", "FUTURE_REF"):
        return True
    parts = text.split("-")
    if [len(p) for p in parts] != [4, 2, 2][: len(parts)] or not all(
        p.isascii() and p.isdigit() for p in parts
    ):
        return False
    return len(parts) == 1 or (
        "01" <= parts[1] <= "12" and (len(parts) == 2 or is_calendar_date(text))
    )


dates = st.dates().map(datetime.date.isoformat)
references = st.sampled_from(["PAST_REF", "PRESENT_REF", "FUTURE_REF", "PAST", "past_ref"])


@given(text=hostile | dates | dates.map(lambda d: d[:7]) | dates.map(lambda d: d[:4]) | references)
def test_a_date_value_is_accepted_only_as_a_timex3_date(
    shipped_document: dict[str, Any], text: str
) -> None:
    assert accepted(shipped_document, "time_expressions", "time-friday", "value", text) == (
        is_timex3_date(text)
    )


# --- a participant's or holder's words are its entity's outermost mention there ---------------


def problems_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    return list(caught.value.problems)


def span_of(document: dict[str, Any], mention_id: str) -> dict[str, Any]:
    return dict(document["mentions"][position(document, "mentions", mention_id)]["span"])


def test_a_participant_inside_a_mention_of_its_entity_is_refused(
    shipped_document: dict[str, Any],
) -> None:
    document = copy.deepcopy(shipped_document)
    at = position(document, "events", "event-fingerprint-sharing")
    roles = [p["role"] for p in document["events"][at]["participants"]]
    instrument = roles.index("instrument")
    nominal = position(document, "mentions", "mention-secure-communities-through-program")
    # "Secure Communities", the name inside "the Secure Communities program": not the mention
    name = document["mentions"][nominal]["name"]
    document["events"][at]["participants"][instrument]["span"] = name
    assert problems_of(document) == [
        (
            f"$.events[{at}].participants[{instrument}].span",
            "no mention of 'secure-communities' has exactly these words",
        )
    ]


def test_a_participant_or_holder_whose_words_are_no_mention_of_its_entity_is_refused(
    shipped_document: dict[str, Any],
) -> None:
    document = copy.deepcopy(shipped_document)
    event = position(document, "events", "event-implementation")
    location = [p["role"] for p in document["events"][event]["participants"]].index("location")
    document["events"][event]["participants"][location]["entity"] = "united-states"
    stance = position(document, "stances", "stance-ice-official")
    document["stances"][stance]["holder"] = "ice"  # the official's words, not the agency's
    assert problems_of(document) == [
        (
            f"$.events[{event}].participants[{location}].span",
            "no mention of 'united-states' has exactly these words",
        ),
        (f"$.stances[{stance}].holder_span", "no mention of 'ice' has exactly these words"),
    ]


def test_words_that_are_a_mention_must_name_its_entity(shipped_document: dict[str, Any]) -> None:
    document = copy.deepcopy(shipped_document)
    event = position(document, "events", "event-pull-out")
    source = [p["role"] for p in document["events"][event]["participants"]].index("source")
    document["events"][event]["participants"][source]["entity"] = None  # "the program"
    stance = position(document, "stances", "stance-john-morton")
    document["stances"][stance]["holder"] = None  # "John Morton"
    assert problems_of(document) == [
        (
            f"$.events[{event}].participants[{source}].entity",
            "null, but its words are a mention of 'secure-communities'",
        ),
        (f"$.stances[{stance}].holder", "null, but its words are a mention of 'john-morton'"),
    ]


def test_every_shipped_participant_and_holder_with_an_entity_is_one_of_its_mentions(
    article: sca.Article,
) -> None:
    spans = {(m.entity, m.span) for m in article.mentions}
    named = [(p.entity, p.span) for e in article.events for p in e.participants if p.entity]
    named += [(s.holder, s.holder_span) for s in article.stances if s.holder]
    assert named and all(pair in spans for pair in named)


# --- find() by any mention text ---------------------------------------------------------------


def test_find_gives_the_unnamed_official_by_his_nominal_mention(article: sca.Article) -> None:
    official = article.entity("ice-official")
    assert article.find("an ICE official with knowledge of the program") == (official,)
    assert article.find("AN ICE OFFICIAL WITH KNOWLEDGE OF THE PROGRAM") == (official,)


def test_find_gives_every_entity_by_each_of_its_mentions_but_pronouns(
    article: sca.Article,
) -> None:
    for mention in article.mentions:
        found = [e.id for e in article.find(mention.span.text)]
        if mention.form == "pronoun":
            assert found == [], mention.span.text
        else:
            assert mention.entity in found, mention.span.text
    assert article.find("the country") == (article.entity("united-states"),)
    assert article.find("he") == article.find("it") == ()


def test_find_gives_every_entity_an_ambiguous_text_names(
    shipped_document: dict[str, Any],
) -> None:
    document = copy.deepcopy(shipped_document)
    # "the program" in Andrade's "suspend the program", read (wrongly) as the FBI.
    document["mentions"][position(document, "mentions", "mention-secure-communities-suspend")][
        "entity"
    ] = "fbi"
    article = sca.from_dict(document)
    assert [e.id for e in article.find("the program")] == ["secure-communities", "fbi"]
