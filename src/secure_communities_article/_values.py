"""The forms a string value may take (ids, URLs, codes, ISO 8601), named by a field's
``format``: the decoder checks them, the JSON Schema and the data dictionary state them."""

import re

#: The USPS code of each state and of DC, with its Census FIPS state code.
STATE_FIPS: dict[str, str] = dict(
    re.findall(
        "([A-Z]{2})=([0-9]{2})",
        "AL=01 AK=02 AZ=04 AR=05 CA=06 CO=08 CT=09 DE=10 DC=11 FL=12 GA=13 HI=15 ID=16 IL=17 "
        "IN=18 IA=19 KS=20 KY=21 LA=22 ME=23 MD=24 MA=25 MI=26 MN=27 MS=28 MO=29 MT=30 NE=31 "
        "NV=32 NH=33 NJ=34 NM=35 NY=36 NC=37 ND=38 OH=39 OK=40 OR=41 PA=42 RI=44 SC=45 SD=46 "
        "TN=47 TX=48 UT=49 VT=50 VA=51 WA=53 WV=54 WI=55 WY=56",
    )
)
#: A calendar day as ISO 8601 writes it (the validator checks that it exists).
DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: The value each TIMEX3 type takes (TimeML 1.2.1): ISO 8601 at any granularity, or a
#: reference to the past, present or future (``PAST_REF`` for "recently").
TIME_VALUE_FORMS: dict[str, str] = {
    "DATE": r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-9]{2})?)?|(?:PAST|PRESENT|FUTURE)_REF",
    "TIME": DAY + r"T(?:[0-9]{2}:[0-9]{2}|MO|AF|EV|NI)",
    "DURATION": r"P[0-9]+[YMWD]|PT[0-9]+[HMS]",
    "SET": r"P[0-9]+[YMWD]|XXXX-WXX-[1-7]",
}
#: CorefUD 1.x's entity types (those UD's validator accepts).
ETYPES = "person place organization animal plant object substance time number abstract event other"
#: Each string format a field may name: what its values are, and the regular expression
#: one matches in full (with no top-level ``|``, so that ``^...$`` anchors all of it).
FORMATS: dict[str, tuple[str, str]] = {
    "id": ("an id (lowercase ASCII words joined by hyphens)", r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "url": ("an http(s) URL", r"https?://[^\s/?#\x00-\x1f\x7f]+[^\s\x00-\x1f\x7f]*"),
    "sha256": ("64 lowercase hex digits", r"[0-9a-f]{64}"),
    "language": (  # RFC 5646's subtags, then its extensions (-u-ca-gregory) and private use
        "a BCP 47 language tag (en, en-US)",
        r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
        r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?",
    ),
    "usps": ("the USPS code of a state or DC", "(?:" + "|".join(STATE_FIPS) + ")"),
    "fips": ("a Census FIPS code (2 digits; 7 for a city)", r"[0-9]{2}(?:[0-9]{5})?"),
    "time-value": (
        "a TIMEX3 value (1999-12-31, 1999-12, 1999, P2W, PAST_REF)",
        "(?:" + "|".join(TIME_VALUE_FORMS.values()) + ")",
    ),
    "lemma": ("a lemma (lowercase words: share, pull out)", r"[a-z]+(?: [a-z]+)*"),
    "etype": ("a CorefUD entity type", "(?:" + "|".join(ETYPES.split()) + ")"),
}
