"""The curated annotations of the article, written out as the package's ``article.json``.

Every annotation below was decided by reading the article (the rules and the hard
cases are in ``docs/annotation-guide.md``).  This script only turns each decision into
offsets: ``at(text, context)`` finds ``context`` (which must occur exactly once in the
source) and ``text`` (exactly once inside it), so no offset is typed by hand.  The
test suite rebuilds the document with :func:`build` and requires it to equal the
shipped file, so the script and the data cannot drift apart.

Run ``python tools/curate.py`` to rewrite ``src/secure_communities_article/data/article.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "secure_communities_article" / "data"
SOURCE_FILE = "wapo-2011-06-17-ice-reforms-secure-communities.txt"
OUTPUT = DATA / "article.json"
SCHEMA_VERSION = "1.0"
URL = (
    "https://www.washingtonpost.com/local/ice-reforms-secure-communities-program"
    "/2011/06/17/AGMJkaZH_story.html"
)
BODY_PARAGRAPHS = 9

Plain = dict[str, Any]


class Text:
    """The source text, with the one way to turn a decision into a span."""

    def __init__(self, source: str) -> None:
        self.source = source

    def at(self, text: str, context: str | None = None) -> Plain:
        """The span of ``text`` inside the one occurrence of ``context`` (default: ``text``)."""
        context = text if context is None else context
        starts = [m.start() for m in re.finditer(re.escape(context), self.source)]
        if len(starts) != 1:
            raise ValueError(f"context {context!r} occurs {len(starts)} times, not once")
        inner = [m.start() for m in re.finditer(re.escape(text), context)]
        if len(inner) != 1:
            raise ValueError(f"{text!r} occurs {len(inner)} times in {context!r}, not once")
        start = starts[0] + inner[0]
        return {"start": start, "end": start + len(text), "text": text}

    def blocks(self) -> list[Plain]:
        """Each line as a block; an indented bullet line continues the block before it."""
        blocks: list[Plain] = []
        for match in re.finditer(r"[^\n]+", self.source):
            line = match.group()
            if not line.strip():
                continue
            if line.lstrip().startswith("\u2022") and blocks:
                start = blocks[-1]["start"]
                blocks[-1] = self.span(start, match.end())
            else:
                offset = match.start() + len(line) - len(line.lstrip())
                blocks.append(self.span(offset, match.start() + len(line.rstrip())))
        return blocks

    def span(self, start: int, end: int) -> Plain:
        return {"start": start, "end": end, "text": self.source[start:end]}


#: A sentence ends at . ? or ! (optionally followed by a closing quotation mark), before
#: white space and a capital letter or an opening quotation mark.  "Calif.," and "D.C.,"
#: are followed by a comma, so they end no sentence.
SENTENCE_END = re.compile(r"(?:(?<=[.?!])|(?<=[.?!]\u201d))\s+(?=[\u201cA-Z])")


def sentences(text: Text, paragraph: Plain) -> list[Plain]:
    spans, offset = [], paragraph["start"]
    for part in SENTENCE_END.split(paragraph["text"]):
        start = text.source.index(part, offset)
        spans.append(text.span(start, start + len(part)))
        offset = start + len(part)
    return spans


def build() -> Plain:
    """The whole document, as plain JSON data."""
    raw = (DATA / SOURCE_FILE).read_bytes()
    text = Text(raw.decode("utf-8"))
    at = text.at

    # --- structure: masthead, headline, nine paragraphs, bio, then page furniture ------
    blocks = text.blocks()
    masthead, headline = blocks[0], blocks[1]
    body = blocks[2 : 2 + BODY_PARAGRAPHS]
    bio = blocks[2 + BODY_PARAGRAPHS]
    furniture_kinds = [
        "newsletter-signup",  # Success! Check your inbox for details. You might also like:
        "newsletter-signup",  # Please enter a valid email address
        "newsletter-signup",  # See all newsletters
        "comments",  # Show Comments
        "navigation",  # Most Read
        "newsletter-signup",  # Success! Check your inbox for details.
        "newsletter-signup",  # See all newsletters
        "video-promo",  # Your Three. Video curated for you.
        "paywall-prompt",  # To keep reading, please enter your email address.
        "paywall-prompt",  # You'll also receive ...: two bullet lines
        "paywall-prompt",  # Please enter a valid email address
        "paywall-prompt",  # I have read and agree to the Terms of Service ...
        "paywall-prompt",  # Please indicate agreement.
        "paywall-prompt",  # Thank you.
        "paywall-prompt",  # Check your inbox. We've sent an email ...
    ]
    furniture = blocks[3 + BODY_PARAGRAPHS :]
    if len(furniture) != len(furniture_kinds):
        raise ValueError(f"{len(furniture)} furniture blocks, {len(furniture_kinds)} kinds")
    segments = [
        {"id": "segment-masthead", "kind": "masthead", "span": masthead},
        {"id": "segment-headline", "kind": "headline", "span": headline},
        {"id": "segment-author-bio", "kind": "author-bio", "span": bio},
    ]
    counts: dict[str, int] = {}
    for kind, block in zip(furniture_kinds, furniture, strict=True):
        counts[kind] = counts.get(kind, 0) + 1
        segments.append({"id": f"segment-{kind}-{counts[kind]}", "kind": kind, "span": block})
    paragraphs: list[Plain] = [
        {"index": i, "span": block, "sentences": sentences(text, block)}
        for i, block in enumerate(body)
    ]
    # Paragraph indexes used below (0-based): P0 announcement, P1 background, P2 Morton,
    # P3 changes and reforms, P4 Andrade, P5 withdrawals, P6 ICE official, P7 scope and
    # timeline, P8 Nystrom.

    # --- entities --------------------------------------------------------------------------
    people = [
        {
            "id": "john-morton",
            "name": "John Morton",
            "role": "director",
            "affiliation": "ice",
            "description": at("director of Immigration and Customs Enforcement"),
        },
        {
            "id": "gustavo-andrade",
            "name": "Gustavo Andrade",
            "role": None,  # the text gives no title
            "affiliation": "casa-de-maryland",
            "description": at("of Casa de Maryland"),
        },
        {
            "id": "ice-official",
            "name": None,  # unnamed in the text
            "role": "official",
            "affiliation": "ice",
            "description": at("an ICE official with knowledge of the program"),
        },
        {
            "id": "brittney-nystrom",
            "name": "Brittney Nystrom",
            "role": None,  # the text gives no title
            "affiliation": "national-immigration-forum",
            "description": at("of the National Immigration Forum"),
        },
        {
            "id": "tara-bahrampour",
            "name": "Tara Bahrampour",
            "role": "staff writer",
            "affiliation": None,  # the bio does not name her employer
            "description": at("a staff writer based in Washington, D.C."),
        },
    ]
    organizations = [
        {
            "id": "the-washington-post",
            "name": "The Washington Post",
            "aliases": [],
            "description": None,
        },
        {
            "id": "ice",
            "name": "Immigration and Customs Enforcement",
            "aliases": ["ICE"],
            "description": None,
        },
        {"id": "fbi", "name": "FBI", "aliases": [], "description": None},
        {
            "id": "casa-de-maryland",
            "name": "Casa de Maryland",
            "aliases": [],
            "description": at("an immigrant advocacy group"),
        },
        {
            "id": "national-immigration-forum",
            "name": "National Immigration Forum",
            "aliases": [],
            "description": None,
        },
    ]

    def census(field: str, what: str) -> Plain:
        return {"field": field, "origin": "outside-reference", "note": what}

    def place(
        id: str,
        name: str,
        place_type: str,
        postal: str | None,
        fips: str | None,
        within: str | None,
        provenance: list[Plain],
    ) -> Plain:
        return {
            "id": id,
            "name": name,
            "place_type": place_type,
            "state_postal_code": postal,
            "fips_code": fips,
            "within": within,
            "provenance": provenance,
        }

    def state_codes(name: str) -> list[Plain]:
        return [
            census("state_postal_code", f"USPS abbreviation of {name}."),
            census("fips_code", f"US Census Bureau state FIPS code of {name}."),
        ]

    places = [
        place(
            "massachusetts",
            "Massachusetts",
            "state",
            "MA",
            "25",
            None,
            state_codes("Massachusetts"),
        ),
        place("illinois", "Illinois", "state", "IL", "17", None, state_codes("Illinois")),
        place(
            "new-york-state",
            "New York",
            "state",
            "NY",
            "36",
            None,
            [
                *state_codes("New York State"),
                {
                    "field": "place_type",
                    "origin": "annotator",
                    "note": "Listed with Massachusetts and Illinois, whose governors the next "
                    "paragraph mentions: the state, not the city.",
                },
            ],
        ),
        place(
            "baltimore",
            "Baltimore",
            "city",
            "MD",
            "2404000",
            None,
            [
                {
                    "field": "state_postal_code",
                    "origin": "annotator",
                    "note": "The text does not name the state; read as Baltimore, Maryland.",
                },
                census("fips_code", "US Census Bureau place code of Baltimore city, Maryland."),
            ],
        ),
        place(
            "oakland",
            "Oakland",
            "city",
            "CA",
            "0653000",
            "california",
            [
                census(
                    "state_postal_code",
                    "USPS abbreviation of California, which the text gives as 'Calif.'.",
                ),
                census("fips_code", "US Census Bureau place code of Oakland city, California."),
                {
                    "field": "within",
                    "origin": "annotator",
                    "note": "The text writes 'Oakland, Calif.' (AP style city, state).",
                },
            ],
        ),
        place("california", "California", "state", "CA", "06", None, state_codes("California")),
        place(
            "washington-dc",
            "Washington, D.C.",
            "district",
            "DC",
            "11",
            None,
            state_codes("the District of Columbia"),
        ),
        place(
            "united-states",
            "United States",
            "country",
            None,
            None,
            None,
            [
                {
                    "field": "name",
                    "origin": "annotator",
                    "note": "'the country' in a report on a federal program of the United States.",
                }
            ],
        ),
    ]
    programs = [
        {
            "id": "secure-communities",
            "name": "Secure Communities",
            "description": at("a key immigration enforcement program"),
        }
    ]

    # --- mentions (names, aliases, and noun-phrase or pronoun mentions) ---------------------
    mention_list: list[tuple[str, str, Plain]] = [
        ("the-washington-post", "name", masthead),
        ("ice", "alias", at("ICE", "ICE reforms")),
        ("secure-communities", "name", at("Secure Communities", "ICE reforms Secure Communities")),
        ("secure-communities", "nominal", at("a key immigration enforcement program")),
        ("secure-communities", "name", at("Secure Communities", "Through the Secure Communities")),
        ("fbi", "name", at("FBI")),
        ("secure-communities", "nominal", at("the program", "complained that the program")),
        ("secure-communities", "nominal", at("the program", "concern the program")),
        ("john-morton", "name", at("John Morton")),
        ("ice", "name", at("Immigration and Customs Enforcement")),
        ("john-morton", "name", at("Morton", "which Morton said")),
        ("secure-communities", "nominal", at("the program", "suspend the program")),
        ("gustavo-andrade", "name", at("Gustavo Andrade")),
        ("casa-de-maryland", "name", at("Casa de Maryland")),
        ("massachusetts", "name", at("Massachusetts")),
        ("illinois", "name", at("Illinois")),
        ("new-york-state", "name", at("New York")),
        ("secure-communities", "nominal", at("the program", "pull out of the program")),
        ("baltimore", "name", at("Baltimore")),
        ("oakland", "name", at("Oakland")),
        ("california", "alias", at("Calif.")),
        ("ice-official", "nominal", at("an ICE official with knowledge of the program")),
        ("ice", "alias", at("ICE", "an ICE official")),
        ("secure-communities", "nominal", at("the program", "knowledge of the program")),
        ("secure-communities", "nominal", at("the program", "But the program")),
        ("ice-official", "pronoun", at("he", "opt out, he said")),
        ("secure-communities", "nominal", at("The program", "The program, which began")),
        ("united-states", "nominal", at("the country")),
        ("secure-communities", "pronoun", at("it", "having it in place")),
        ("secure-communities", "pronoun", at("it", "review it")),
        ("secure-communities", "nominal", at("the program", "in the program, said")),
        ("brittney-nystrom", "name", at("Brittney Nystrom")),
        ("national-immigration-forum", "name", at("National Immigration Forum")),
        ("tara-bahrampour", "name", at("Tara Bahrampour")),
        ("washington-dc", "name", at("Washington, D.C.")),
    ]
    mention_list.sort(key=lambda m: (m[2]["start"], m[2]["end"]))
    numbered: dict[str, int] = {}
    mentions = []
    for entity, form, span in mention_list:
        numbered[entity] = numbered.get(entity, 0) + 1
        mentions.append(
            {
                "id": f"mention-{entity}-{numbered[entity]}",
                "entity": entity,
                "form": form,
                "span": span,
            }
        )

    # --- quotations ----------------------------------------------------------------------------
    quotes: list[Plain] = [
        {
            "id": "quote-john-morton-1",
            "span": at("It is agency policy not to put these people into immigration proceedings,"),
            "speaker": "john-morton",
            "cue": at("said", "proceedings,\u201d said John"),
            "kind": "full",
            "paragraph": 2,
            "attribution": "cue-names-speaker",
            "attribution_note": None,
        },
        {
            "id": "quote-john-morton-2",
            "span": at(
                "expands the grounds and the circumstances to be considered when officers are "
                "making decisions on who to detain or remove."
            ),
            "speaker": "john-morton",
            "cue": at("said", "which Morton said"),
            "kind": "partial",
            "paragraph": 3,
            "attribution": "cue-names-speaker",
            "attribution_note": None,
        },
        {
            "id": "quote-gustavo-andrade-1",
            "span": at(
                "If the administration is really concerned about their image in the community, "
                "what they should do is to suspend the program completely,"
            ),
            "speaker": "gustavo-andrade",
            "cue": at("said", "completely,\u201d said Gustavo"),
            "kind": "full",
            "paragraph": 4,
            "attribution": "cue-names-speaker",
            "attribution_note": None,
        },
        {
            "id": "quote-ice-official-1",
            "span": at(
                "We don\u2019t take that lightly. We take the governors\u2019 concerns seriously, "
                "and that\u2019s part of the reason why these reforms are being undertaken,"
            ),
            "speaker": "ice-official",
            "cue": at("said", "undertaken,\u201d said an ICE"),
            "kind": "full",
            "paragraph": 6,
            "attribution": "cue-names-speaker",
            "attribution_note": "The cue names the speaker only by description: an unnamed ICE "
            "official.",
        },
        {
            "id": "quote-ice-official-2",
            "span": at("information-sharing agreement between federal agencies,"),
            "speaker": "ice-official",
            "cue": at("said", "opt out, he said"),
            "kind": "partial",
            "paragraph": 6,
            "attribution": "cue-pronoun",
            "attribution_note": "'he said': 'he' is read as the ICE official of the sentence "
            "before, the only person the paragraph mentions.",
        },
        {
            "id": "quote-brittney-nystrom-1",
            "span": at("We\u2019re pleased that there\u2019s been an acknowledgment of flaws"),
            "speaker": "brittney-nystrom",
            "cue": at("said", "program, said Brittney"),
            "kind": "partial",
            "paragraph": 8,
            "attribution": "cue-names-speaker",
            "attribution_note": None,
        },
        {
            "id": "quote-brittney-nystrom-2",
            "span": at("It\u2019s a good sign, but the real devil here is in the details."),
            "speaker": "brittney-nystrom",
            "cue": None,
            "kind": "full",
            "paragraph": 8,
            "attribution": "no-cue",
            "attribution_note": "No speech verb of its own: it directly follows Nystrom's "
            "attributed quotation, closing the paragraph with no new speaker named, which news "
            "style reads as the same speaker continuing.",
        },
    ]

    # --- reported (indirect) speech ---------------------------------------------------------------
    reported_speech: list[Plain] = [
        {
            "id": "speech-federal-authorities",
            "content": at(
                "a key immigration enforcement program that has drawn protests from some state "
                "and local governments will offer greater protection to crime victims and "
                "witnesses"
            ),
            "sources": [],
            "source_span": at("Federal authorities"),
            "cue": at("announced"),
            "paragraph": 0,
            "quotes": [],
            "note": "The text does not say which federal authorities; no entity is linked.",
        },
        {
            "id": "speech-immigrant-organizations-1",
            "content": at(
                "the program does not distinguish enough between minor offenders and serious "
                "criminals"
            ),
            "sources": [],
            "source_span": at("Immigrant organizations"),
            "cue": at("complained"),
            "paragraph": 1,
            "quotes": [],
            "note": "Unnamed organizations; no entity is linked.",
        },
        {
            "id": "speech-immigrant-organizations-2",
            "content": at(
                "there is widespread concern the program would silence victims and witnesses, "
                "who are often reluctant to report crimes for fear of being swept up in arrests "
                "and tagged for deportation"
            ),
            "sources": [],
            "source_span": at("They", "They say"),
            "cue": at("say", "They say"),
            "paragraph": 1,
            "quotes": [],
            "note": "'They' is read as the immigrant organizations of the sentence before.",
        },
        {
            "id": "speech-states",
            "content": at("they would pull out of the program"),
            "sources": ["massachusetts", "illinois", "new-york-state"],
            "source_span": at("Massachusetts, Illinois and New York"),
            "cue": at("said", "recently said"),
            "paragraph": 5,
            "quotes": [],
            "note": None,
        },
        {
            "id": "speech-ice-official",
            "content": at(
                "the program is an \u201cinformation-sharing agreement between federal "
                "agencies,\u201d and there is no room for local jurisdictions to opt out"
            ),
            "sources": ["ice-official"],
            "source_span": at("he", "opt out, he said"),
            "cue": at("said", "opt out, he said"),
            "paragraph": 6,
            "quotes": ["quote-ice-official-2"],
            "note": "'he' is read as the ICE official of the sentence before.",
        },
    ]

    # --- numbers and time ---------------------------------------------------------------
    quantities = [
        {
            "id": "quantity-50-percent",
            "span": at("50 percent"),
            "value": 50,
            "unit": "percent",
            "measures": "share of the country in which the program has been implemented",
            "approximate": False,
            "qualifier": None,
        },
        {
            "id": "quantity-1400-jurisdictions",
            "span": at("1,400 jurisdictions"),
            "value": 1400,
            "unit": "jurisdictions",
            "measures": "number of jurisdictions in which the program has been implemented",
            "approximate": True,
            "qualifier": at("about", "about 1,400"),
        },
    ]
    time_expressions = [
        {
            "id": "time-friday",
            "span": at("Friday"),
            "kind": "date",
            "value": "2011-06-17",
            "relation": "on",
            "note": "Published Friday 17 June 2011 (date from the canonical URL); in a report "
            "of that day a bare weekday names the day itself.",
        },
        {
            "id": "time-recently",
            "span": at("recently"),
            "kind": "relative",
            "value": None,
            "relation": "unspecified",
            "note": "Some time before publication; the text gives no date.",
        },
        {
            "id": "time-2008",
            "span": at("in 2008"),
            "kind": "year",
            "value": "2008",
            "relation": "in",
            "note": "An explicit year.",
        },
        {
            "id": "time-2013",
            "span": at("by 2013"),
            "kind": "year",
            "value": "2013",
            "relation": "by",
            "note": "An explicit year; 'by' makes it a deadline (no later than 2013).",
        },
        {
            "id": "time-august",
            "span": at("by August"),
            "kind": "month",
            "value": "2011-08",
            "relation": "by",
            "note": "The first August after publication on 17 June 2011; 'by' makes it a "
            "deadline (no later than August 2011).",
        },
    ]

    # --- reforms, events, stances -------------------------------------------------------
    reforms = [
        {
            "id": "reform-prosecutorial-discretion",
            "span": at("greater prosecutorial discretion"),
            "paragraph": 3,
        },
        {
            "id": "reform-training",
            "span": at("more training for local law enforcement"),
            "paragraph": 3,
        },
        {"id": "reform-oversight", "span": at("greater agency oversight"), "paragraph": 3},
        {
            "id": "reform-complaint-system",
            "span": at("a stronger complaint system"),
            "paragraph": 3,
        },
    ]

    def who(role: str, entity: str | None, span: Plain) -> Plain:
        return {"role": role, "entity": entity, "span": span}

    # Events: the trigger is the lexical verb (with its particle) or the event noun; tense,
    # aspect, voice and modal auxiliaries are left out, their meaning is in `status`.
    # Appositives (", an immigrant advocacy group") describe an entity: they are its
    # `description`, not a mention.
    sentence: dict[int, list[Plain]] = {i: p["sentences"] for i, p in enumerate(paragraphs)}
    program_first = at("a key immigration enforcement program")
    events = [
        {
            "id": "event-announcement",
            "predicate": "announce",
            "trigger": at("announced"),
            "evidence": sentence[0][0],
            "status": "done",
            "participants": [
                who("agent", None, at("Federal authorities")),
                who("theme", "secure-communities", program_first),
            ],
            "times": ["time-friday"],
            "quantities": [],
            "paragraph": 0,
        },
        {
            "id": "event-protests",
            "predicate": "protest",
            "trigger": at("protests", "drawn protests"),
            "evidence": at(
                "a key immigration enforcement program that has drawn protests from some state "
                "and local governments"
            ),
            "status": "done",
            "participants": [
                who("agent", None, at("some state and local governments")),
                who("theme", "secure-communities", program_first),
            ],
            "times": [],
            "quantities": [],
            "paragraph": 0,
        },
        {
            "id": "event-greater-protection",
            "predicate": "offer",
            "trigger": at("offer", "will offer greater"),
            "evidence": at(
                "a key immigration enforcement program that has drawn protests from some state "
                "and local governments will offer greater protection to crime victims and "
                "witnesses"
            ),
            "status": "said-they-would",
            "participants": [
                who("agent", "secure-communities", program_first),
                who("theme", None, at("greater protection")),
                who("recipient", None, at("crime victims and witnesses")),
            ],
            "times": [],
            "quantities": [],
            "paragraph": 0,
        },
        {
            "id": "event-fingerprint-sharing",
            "predicate": "share",
            "trigger": at("shares"),
            "evidence": sentence[1][0],
            "status": "ongoing",
            "participants": [
                who("agent", "fbi", at("FBI")),
                who(
                    "theme",
                    None,
                    at(
                        "the fingerprint data of people arrested by local and state law "
                        "enforcement agencies"
                    ),
                ),
                who(
                    "recipient",
                    None,
                    at("federal authorities", "agencies with federal authorities"),
                ),
                who(
                    "instrument",
                    "secure-communities",
                    at("Secure Communities", "Through the Secure Communities"),
                ),
            ],
            "times": [],
            "quantities": [],
            "paragraph": 1,
        },
        {
            "id": "event-states-said",
            "predicate": "say",
            "trigger": at("said", "recently said"),
            "evidence": sentence[5][0],
            "status": "done",
            "participants": [
                who("agent", "massachusetts", at("Massachusetts")),
                who("agent", "illinois", at("Illinois")),
                who("agent", "new-york-state", at("New York")),
                who("theme", None, at("they would pull out of the program")),
            ],
            "times": ["time-recently"],
            "quantities": [],
            "paragraph": 5,
        },
        {
            "id": "event-pull-out",
            "predicate": "pull out",
            "trigger": at("pull out"),
            "evidence": sentence[5][0],
            "status": "said-they-would",
            "participants": [
                who("agent", "massachusetts", at("Massachusetts")),
                who("agent", "illinois", at("Illinois")),
                who("agent", "new-york-state", at("New York")),
                who("source", "secure-communities", at("the program", "pull out of the program")),
            ],
            "times": [],  # "recently" dates the saying (event-states-said), not the pull-out
            "quantities": [],
            "paragraph": 5,
        },
        {
            "id": "event-cancel-participation",
            "predicate": "vote",
            "trigger": at("voted"),
            "evidence": sentence[5][1],
            "status": "done",
            "participants": [
                who("agent", "baltimore", at("Baltimore")),
                who("agent", "oakland", at("Oakland")),
                who("theme", None, at("to cancel participation")),
            ],
            "times": [],
            "quantities": [],
            "paragraph": 5,
        },
        {
            "id": "event-program-began",
            "predicate": "begin",
            "trigger": at("began"),
            "evidence": at("The program, which began in 2008"),
            "status": "done",
            "participants": [
                who("theme", "secure-communities", at("The program", "The program, which")),
            ],
            "times": ["time-2008"],
            "quantities": [],
            "paragraph": 7,
        },
        {
            "id": "event-implementation",
            "predicate": "implement",
            "trigger": at("implemented"),
            "evidence": at(
                "The program, which began in 2008, has been implemented in 50 percent of the "
                "country \u2014 about 1,400 jurisdictions \u2014"
            ),
            "status": "done",
            "participants": [
                who("theme", "secure-communities", at("The program", "The program, which")),
                who("location", "united-states", at("the country")),
            ],
            "times": [],
            "quantities": ["quantity-50-percent", "quantity-1400-jurisdictions"],
            "paragraph": 7,
        },
        {
            "id": "event-nationwide-goal",
            "predicate": "put in place",
            "trigger": at("having"),
            "evidence": at("with a goal of having it in place nationwide by 2013"),
            "status": "planned",
            "participants": [
                who("theme", "secure-communities", at("it", "having it in place")),
                who("location", None, at("nationwide")),
            ],
            "times": ["time-2013"],
            "quantities": [],
            "paragraph": 7,
        },
        {
            "id": "event-committee-review",
            "predicate": "review",
            "trigger": at("review", "to review it"),
            "evidence": sentence[7][1],
            "status": "expected",
            "participants": [
                who("agent", None, at("An advisory committee")),
                who("theme", "secure-communities", at("it", "review it")),
            ],
            "times": ["time-august"],
            "quantities": [],
            "paragraph": 7,
        },
        {
            "id": "event-committee-findings",
            "predicate": "offer",
            "trigger": at("offer", "offer findings"),
            "evidence": sentence[7][1],
            "status": "expected",
            "participants": [
                who("agent", None, at("An advisory committee")),
                who("theme", None, at("findings")),
            ],
            "times": ["time-august"],
            "quantities": [],
            "paragraph": 7,
        },
    ]
    quote_span = {q["id"]: q["span"] for q in quotes}
    speech_span = {s["id"]: s["content"] for s in reported_speech}

    def stance(
        holder: str | None,
        holder_span: Plain,
        value: str,
        evidence: list[Plain],
        why: str,
        id: str,
    ) -> Plain:
        return {
            "id": id,
            "holder": holder,
            "holder_span": holder_span,
            "target": "secure-communities",
            "stance": value,
            "evidence": evidence,
            "rationale": why,
            "basis": "annotator-interpretation",
        }

    states_said = sentence[5][0]
    cities_voted = sentence[5][1]
    stances = [
        stance(
            None,
            at("some state and local governments"),
            "critical",
            [at("has drawn protests from some state and local governments")],
            "The program has drawn their protests.",
            "stance-state-and-local-governments",
        ),
        stance(
            "john-morton",
            at("John Morton"),
            "supportive",
            [quote_span["quote-john-morton-1"], quote_span["quote-john-morton-2"]],
            "Speaks for the agency running the program and presents its policy and the "
            "changes as protecting victims and widening discretion.",
            "stance-john-morton",
        ),
        stance(
            None,
            at("Immigrant organizations"),
            "critical",
            [
                speech_span["speech-immigrant-organizations-1"],
                speech_span["speech-immigrant-organizations-2"],
            ],
            "Complain that the program does not tell minor offenders from serious criminals "
            "and would silence victims and witnesses.",
            "stance-immigrant-organizations",
        ),
        stance(
            "gustavo-andrade",
            at("Gustavo Andrade"),
            "critical",
            [quote_span["quote-gustavo-andrade-1"]],
            "Calls for the program to be suspended completely.",
            "stance-gustavo-andrade",
        ),
        stance(
            "massachusetts",
            at("Massachusetts"),
            "critical",
            [states_said],
            "Said it would pull out of the program.",
            "stance-massachusetts",
        ),
        stance(
            "illinois",
            at("Illinois"),
            "critical",
            [states_said],
            "Said it would pull out of the program.",
            "stance-illinois",
        ),
        stance(
            "new-york-state",
            at("New York"),
            "critical",
            [states_said],
            "Said it would pull out of the program.",
            "stance-new-york-state",
        ),
        stance(
            "baltimore",
            at("Baltimore"),
            "critical",
            [cities_voted],
            "Voted to cancel participation in the program.",
            "stance-baltimore",
        ),
        stance(
            "oakland",
            at("Oakland"),
            "critical",
            [cities_voted],
            "Voted to cancel participation in the program.",
            "stance-oakland",
        ),
        stance(
            "ice-official",
            at("an ICE official with knowledge of the program"),
            "supportive",
            [quote_span["quote-ice-official-1"], speech_span["speech-ice-official"]],
            "Defends the program and rules out local opt-outs, while acknowledging the "
            "governors' concerns as a reason for the reforms.",
            "stance-ice-official",
        ),
        stance(
            None,
            at("Some immigration groups"),
            "mixed",
            [at("Some immigration groups were cautiously optimistic.")],
            "'Cautiously optimistic' about the changed program: hopeful, with reservations.",
            "stance-some-immigration-groups",
        ),
        stance(
            "brittney-nystrom",
            at("Brittney Nystrom"),
            "mixed",
            [quote_span["quote-brittney-nystrom-1"], quote_span["quote-brittney-nystrom-2"]],
            "Welcomes the acknowledgment of the program's flaws but withholds judgement "
            "until the details are known.",
            "stance-brittney-nystrom",
        ),
    ]

    metadata = {
        "headline": headline,
        "publisher": "the-washington-post",
        "author": "tara-bahrampour",
        "author_bio": bio,
        "published": "2011-06-17",
        "section": "local",
        "url": URL,
        "language": "en",
        "rights": "Article text copyright 2011 The Washington Post; all rights reserved by "
        "its owner and not covered by this package's MIT license (see NOTICE). Annotations "
        "and code: MIT License.",
        "source_file": SOURCE_FILE,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "provenance": [
            {
                "field": "publisher",
                "origin": "annotator",
                "note": "The masthead 'The Washington Post' heads the page.",
            },
            {
                "field": "author",
                "origin": "annotator",
                "note": "The page has no byline; the author is the person the author bio names.",
            },
            {
                "field": "published",
                "origin": "canonical-url",
                "note": "The URL path segment /2011/06/17/; the text has no dateline.",
            },
            {
                "field": "section",
                "origin": "canonical-url",
                "note": "The URL path segment /local/.",
            },
            {
                "field": "url",
                "origin": "capture",
                "note": "The canonical URL of the page the text was captured from.",
            },
            {"field": "language", "origin": "annotator", "note": "The text is in English."},
            {
                "field": "rights",
                "origin": "annotator",
                "note": "Statement by the package maintainers; the year is the publication year.",
            },
            {
                "field": "source_file",
                "origin": "capture",
                "note": "The verbatim capture of the web page's text, shipped unchanged.",
            },
            {
                "field": "source_sha256",
                "origin": "capture",
                "note": "SHA-256 of the source file's bytes.",
            },
        ],
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "source": text.source,
        "metadata": metadata,
        "paragraphs": paragraphs,
        "segments": sorted(segments, key=lambda s: s["span"]["start"]),
        "people": people,
        "organizations": organizations,
        "places": places,
        "programs": programs,
        "mentions": mentions,
        "quotes": quotes,
        "reported_speech": reported_speech,
        "quantities": quantities,
        "time_expressions": time_expressions,
        "reforms": reforms,
        "events": events,
        "stances": stances,
    }


def render(document: Plain) -> str:
    """The document as the package ships it: UTF-8 JSON, two-space indent, newline at end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    OUTPUT.write_text(render(build()), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
