"""The curated annotations: right on the hard cases."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import conllu
import pytest

import secure_communities_article as sca
from conftest import ROOT
from secure_communities_article import _load


def test_metadata(article: sca.Article) -> None:
    assert article.headline == "ICE reforms Secure Communities program"
    assert article.published == datetime.date(2011, 6, 17)
    assert article.published.strftime("%A") == "Friday"
    assert article.metadata.section == "local"
    assert article.url.endswith("/2011/06/17/AGMJkaZH_story.html")
    assert "/local/" in article.url
    assert article.author.name == "Tara Bahrampour"
    assert article.publisher.name == "The Washington Post"
    assert article.metadata.author_bio.text.startswith("Tara Bahrampour, a staff writer")
    assert "copyright 2011 The Washington Post" in article.metadata.rights


def test_every_non_text_metadata_field_states_its_provenance(article: sca.Article) -> None:
    explained = {p.field: p.origin for p in article.metadata.provenance}
    assert explained["published"] == "canonical-url"
    assert explained["section"] == "canonical-url"
    non_span_fields = {
        "publisher",
        "author",
        "published",
        "section",
        "url",
        "language",
        "rights",
        "source_file",
        "source_sha256",
    }
    assert non_span_fields <= set(explained)


def test_every_value_not_read_off_the_text_states_its_provenance(article: sca.Article) -> None:
    for place in article.places:
        explained = {p.field for p in place.provenance}
        assert "place_type" in explained, place.id
        for field in ("state_postal_code", "fips_code", "within"):
            if getattr(place, field) is not None:
                assert field in explained, (place.id, field)
    for organization in article.organizations:
        if organization.aliases:
            assert "aliases" in {p.field for p in organization.provenance}, organization.id
    california = article.entity("california")
    assert isinstance(california, sca.Place)
    (name,) = [p for p in california.provenance if p.field == "name"]
    assert name.origin == "outside-reference" and name.evidence is not None
    assert name.evidence.text == "Calif."
    (ice_alias,) = article.entity("ice").provenance
    assert ice_alias.field == "aliases" and ice_alias.origin == "annotator"
    assert ice_alias.evidence is not None and ice_alias.evidence.text == "ICE"
    baltimore = {p.field: p for p in article.entity("baltimore").provenance}
    assert baltimore["place_type"].origin == "annotator"


def test_a_value_the_text_states_cites_its_words(article: sca.Article) -> None:
    oakland = article.entity("oakland")
    assert isinstance(oakland, sca.Place)
    (within,) = [p for p in oakland.provenance if p.field == "within"]
    assert within.origin == "text"
    assert within.evidence is not None and within.evidence.text == "Oakland, Calif."
    records = [article.metadata, *article.entities]
    for provenance in (p for r in records for p in r.provenance):
        if provenance.origin == "text":
            assert provenance.evidence is not None, provenance


def test_the_unnamed_official_and_he_said(article: sca.Article) -> None:
    official = article.entity("ice-official")
    assert isinstance(official, sca.Person)
    assert official.name is None
    assert official.affiliation == "ice"
    quotes = article.quotes_by(official)
    assert [q.attribution for q in quotes] == ["cue-names-speaker", "cue-pronoun"]
    assert quotes[1].kind == "partial"
    assert quotes[1].attribution_note and "he" in quotes[1].attribution_note
    assert [m.form for m in article.mentions_of(official)] == ["nominal", "pronoun"]


def test_quote_without_a_cue_is_marked_as_read(article: sca.Article) -> None:
    uncued = [q for q in article.quotes if q.cue is None]
    assert [q.id for q in uncued] == ["quote-brittney-nystrom-devil-in-the-details"]
    assert uncued[0].attribution == "no-cue"
    assert uncued[0].attribution_note


def test_partial_and_full_quotations(article: sca.Article) -> None:
    kinds = {q.id: q.kind for q in article.quotes}
    assert kinds == {
        "quote-john-morton-agency-policy": "full",
        "quote-john-morton-expands-the-grounds": "partial",
        "quote-gustavo-andrade-suspend-the-program": "full",
        "quote-ice-official-take-that-lightly": "full",
        "quote-ice-official-information-sharing": "partial",
        "quote-brittney-nystrom-acknowledgment-of-flaws": "partial",
        "quote-brittney-nystrom-devil-in-the-details": "full",
    }
    for quote in article.quotes:
        if quote.cue is not None:
            assert quote.cue.text == "said"


def test_names_inside_names_are_not_entities(article: sca.Article) -> None:
    assert article.find("Maryland") == ()
    assert article.find("Washington") == ()
    names = [m.name for m in article.mentions if m.name is not None]
    for outer in names:
        for inner in names:
            if inner is not outer:
                assert not outer.contains(inner), (outer.text, inner.text)


def test_a_name_modifying_a_common_noun_sits_inside_a_nominal_mention(
    article: sca.Article, source: str
) -> None:
    bio_end = article.metadata.author_bio.end
    starts = [m.start() for m in re.finditer("Secure Communities program", source[:bio_end])]
    assert len(starts) == 2
    for start in starts:
        # one mention (no entity nests in itself): the nominal, holding the name
        (here,) = [m for m in article.mentions if m.span.start <= start < m.span.end]
        assert here.form == "nominal" and here.span.text.endswith("Secure Communities program")
        assert here.name is not None and here.name.text == "Secure Communities"
        assert here.head.text == "program"
    sharing = article.record("event-fingerprint-sharing")
    assert isinstance(sharing, sca.Event)
    (instrument,) = [p for p in sharing.participants if p.role == "instrument"]
    assert instrument.span.text == "the Secure Communities program"


def test_calif_is_california_and_oakland_is_in_it(article: sca.Article) -> None:
    (california,) = article.find("Calif.")
    assert isinstance(california, sca.Place)
    assert california.id == "california" and california.place_type == "state"
    oakland = article.entity("oakland")
    assert isinstance(oakland, sca.Place)
    assert oakland.within == "california" and oakland.state_postal_code == "CA"


#: Every chain of the article's referents, as the annotation guide lists them.
REFERENT_CHAINS = {
    "victims-and-witnesses": [
        "crime victims and witnesses",
        "victims and witnesses, who are often reluctant to report crimes for fear of being "
        "swept up in arrests and tagged for deportation",
        "these people",
    ],
    "fingerprint-data": [
        "the fingerprint data of people arrested by local and state law enforcement agencies",
        "the information",
    ],
    "immigrant-organizations": ["Immigrant organizations", "They"],
    "the-changes": ["The changes", "Reforms", "these reforms"],
    "the-administration": ["the administration", "their", "they"],
    "massachusetts-illinois-new-york": ["Massachusetts, Illinois and New York", "they"],
}


def test_every_entity_referred_to_more_than_once_has_its_chain(article: sca.Article) -> None:
    chains = {r.id: [m.span.text for m in article.mentions_of(r)] for r in article.referents}
    assert chains == REFERENT_CHAINS
    assert {r.id: r.etype for r in article.referents} == {
        "victims-and-witnesses": "person",
        "fingerprint-data": "abstract",
        "immigrant-organizations": "organization",
        "the-changes": "abstract",
        "the-administration": "organization",
        "massachusetts-illinois-new-york": "place",
    }
    # "We" in a quotation is the speaker's organization
    we = {m.id: m.entity for m in article.mentions if m.span.text == "We"}
    assert we == {
        "mention-ice-we-dont": "ice",
        "mention-ice-we-take": "ice",
        "mention-national-immigration-forum-we-re": "national-immigration-forum",
    }
    # the catalogued singletons stay
    assert len(article.mentions_of("fbi")) == len(article.mentions_of("baltimore")) == 1


def test_a_mentions_form_is_its_heads_part_of_speech(article: sca.Article) -> None:
    treebank = (ROOT / "src/secure_communities_article/data/treebank.conllu").read_text("utf-8")
    words = [w for s in conllu.parse(treebank) for w in s if isinstance(w["id"], int)]
    upos = {t.span: w["upos"] for t, w in zip(article.tokens, words, strict=True)}
    expected = {"name": "PROPN", "alias": "PROPN", "nominal": "NOUN", "pronoun": "PRON"}
    # the one exception: a coordination of names naming the group is nominal
    exception = {"mention-massachusetts-illinois-new-york-said"}
    for mention in article.mentions:
        assert (upos[mention.head] == expected[mention.form]) != (mention.id in exception), (
            mention.id
        )


def test_organization_aliases(article: sca.Article) -> None:
    assert article.find("ICE") == article.find("immigration and customs enforcement")
    (ice,) = article.find("ice")
    assert isinstance(ice, sca.Organization) and ice.aliases == ("ICE",)
    forms = [(m.form, m.span.text) for m in article.mentions_of(ice)]
    assert forms == [
        ("alias", "ICE"),
        ("name", "Immigration and Customs Enforcement"),
        ("pronoun", "We"),  # the ICE official's "We", twice
        ("pronoun", "We"),
        ("alias", "ICE"),
    ]


def test_numbers(article: sca.Article) -> None:
    by_id = {q.id: q for q in article.quantities}
    jurisdictions = by_id["quantity-1400-jurisdictions"]
    assert jurisdictions.value == 1400 and jurisdictions.approximate
    assert jurisdictions.qualifier is not None and jurisdictions.qualifier.text == "about"
    percent = by_id["quantity-50-percent"]
    assert percent.value == 50 and not percent.approximate and percent.unit == "percent"


def test_time_expressions_are_timex3_normalized_against_the_publication_date(
    article: sca.Article,
) -> None:
    values = {
        t.span.text: (t.kind, t.value, t.signal and t.signal.text, t.relation)
        for t in article.time_expressions
    }
    assert values == {
        "Friday": ("DATE", "2011-06-17", None, "on"),
        "recently": ("DATE", "PAST_REF", None, "in"),
        "2008": ("DATE", "2008", "in", "in"),
        "2013": ("DATE", "2013", "by", "by"),
        "August": ("DATE", "2011-08", "by", "by"),
    }
    friday = next(t for t in article.time_expressions if t.span.text == "Friday")
    assert friday.value == article.published.isoformat()
    for time in article.time_expressions:
        assert time.note
        # TimeML: the signal is its own span, just before the extent, never inside it.
        if time.signal is not None:
            between = article.source[time.signal.end : time.span.start]
            assert between == " " and not time.span.overlaps(time.signal)


def test_reforms_are_four_separate_items_not_the_aim(article: sca.Article) -> None:
    assert [r.span.text for r in article.reforms] == [
        "greater prosecutorial discretion",
        "more training for local law enforcement",
        "greater agency oversight",
        "a stronger complaint system",
    ]
    assert all("protection" not in r.span.text for r in article.reforms)


def test_stances_are_marked_as_interpretation(article: sca.Article) -> None:
    assert article.stances
    for stance in article.stances:
        assert stance.basis == "annotator-interpretation"
        assert stance.evidence and stance.rationale
        assert stance.target == "secure-communities"
    by_holder = {s.holder: s.stance for s in article.stances if s.holder}
    assert by_holder["gustavo-andrade"] == "critical"
    assert by_holder["john-morton"] == "supportive"
    assert by_holder["brittney-nystrom"] == "mixed"


def test_events_link_entities_and_times(article: sca.Article) -> None:
    events = {e.id: e for e in article.events}
    announcement = events["event-announcement"]
    assert announcement.times == ("time-friday",) and announcement.status == "done"
    pull_out = events["event-pull-out"]
    assert {p.entity for p in pull_out.participants if p.role == "agent"} == {
        "massachusetts",
        "illinois",
        "new-york-state",
    }
    assert pull_out.status == "said-they-would"
    assert events["event-committee-review"].status == "expected"
    assert events["event-nationwide-goal"].status == "planned"
    for event in article.events:
        assert event.trigger.start >= event.evidence.start
        assert event.trigger.end <= event.evidence.end


def test_a_time_dates_only_the_verb_it_modifies(article: sca.Article) -> None:
    dated = {e.id: e.times for e in article.events if e.times}
    assert dated == {
        "event-announcement": ("time-friday",),
        "event-states-said": ("time-recently",),
        "event-program-began": ("time-2008",),
        "event-nationwide-goal": ("time-2013",),
        "event-committee-findings": ("time-august",),
    }


def test_a_verb_of_saying_is_an_event_only_where_a_time_dates_it(article: sca.Article) -> None:
    cues = [s.cue for s in article.reported_speech] + [q.cue for q in article.quotes if q.cue]
    said = {(c.start, c.end) for c in cues}
    speech_events = [e for e in article.events if (e.trigger.start, e.trigger.end) in said]
    assert [e.id for e in speech_events] == ["event-announcement", "event-states-said"]
    assert all(e.times for e in speech_events)


def test_each_predicate_is_its_triggers_lemma(article: sca.Article) -> None:
    lemmas = {
        "announced": "announce",
        "protests": "protest",
        "offer": "offer",
        "shares": "share",
        "said": "say",
        "pull out": "pull out",
        "voted": "vote",
        "cancel": "cancel",
        "began": "begin",
        "implemented": "implement",
        "having": "have",
        "review": "review",
    }
    assert {e.trigger.text: e.predicate for e in article.events} == lemmas


def test_counts(article: sca.Article) -> None:
    counts: dict[str, Any] = {
        "paragraphs": len(article.paragraphs),
        "people": len(article.people),
        "quotes": len(article.quotes),
        "reforms": len(article.reforms),
    }
    assert counts == {"paragraphs": 9, "people": 5, "quotes": 7, "reforms": 4}
    assert sum(len(p.sentences) for p in article.paragraphs) == 18


def test_shipped_file_is_the_packaged_file() -> None:
    shipped = ROOT / "src" / "secure_communities_article" / "data" / "article.json"
    if not shipped.exists():
        pytest.skip("no source tree beside the tests")
    from conftest import package_file

    assert package_file("article.json") == shipped.read_bytes()


def test_source_path_constant_matches_data_folder() -> None:
    data = Path(sca.__file__).parent / "data"
    names = {p.name for p in data.iterdir() if p.is_file()}
    documents = {_load.ARTICLE_FILE, _load.SECOND_FILE}
    assert {*documents, sca.load().metadata.source_file} <= names
    # Besides the two documents and the source: JSON-LD contexts, the page's assets, the treebank.
    others = names - {*documents, _load.SOURCE_FILE}
    assert all(name.endswith((".jsonld", ".css", ".js", ".html", ".conllu")) for name in others)
