"""Bad documents are refused whole, with every problem named by its JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import secure_communities_article as sca


@pytest.fixture
def document(article: sca.Article) -> dict[str, Any]:
    return copy.deepcopy(article.to_dict())


def problems_of(document: Any) -> list[tuple[str, str]]:
    with pytest.raises(sca.DataError) as caught:
        sca.from_dict(document)
    return list(caught.value.problems)


def test_wrong_schema_version_is_refused_first(document: dict[str, Any]) -> None:
    document["schema_version"] = "9.9"
    assert problems_of(document) == [
        ("$.schema_version", "this package reads schema version '2.0', the document has '9.9'")
    ]
    del document["schema_version"]
    assert "has none" in problems_of(document)[0][1]


def test_top_level_must_be_an_object() -> None:
    assert problems_of([1, 2])[0][0] == "$"


def test_every_problem_is_listed(document: dict[str, Any]) -> None:
    document["quotes"][3]["span"]["end"] = -1
    document["mentions"][2]["entity"] = "nobody"
    document["people"][0]["surname"] = "Morton"
    del document["places"][0]["fips_code"]
    document["events"][0]["status"] = "rumoured"
    found = dict(problems_of(document))
    assert "end -1 is before start" in found["$.quotes[3].span.end"]
    assert "unknown field for Person" in found["$.people[0].surname"]
    assert "missing field of Place" in found["$.places[0].fips_code"]
    assert "'rumoured'" in found["$.events[0].status"]


def test_reference_problems_are_named(document: dict[str, Any]) -> None:
    document["mentions"][2]["entity"] = "nobody"
    document["quotes"][0]["speaker"] = "jon-morton"
    found = dict(problems_of(document))
    assert found["$.mentions[2].entity"] == "no entity has id 'nobody'"
    assert found["$.quotes[0].speaker"] == "no entity has id 'jon-morton'"


def test_span_text_must_match_the_source(document: dict[str, Any]) -> None:
    document["quotes"][0]["span"]["text"] = "X" + document["quotes"][0]["span"]["text"][1:]
    ((where, what),) = problems_of(document)
    assert where == "$.quotes[0].span.text" and "the source has" in what


def test_span_past_the_end_is_refused(document: dict[str, Any]) -> None:
    size = len(document["source"])
    document["reforms"][0]["span"] = {"start": size, "end": size + 3, "text": "abc"}
    assert (
        "$.reforms[0].span.end",
        f"offset {size + 3} is past the end of the source ({size})",
    ) in (problems_of(document))


def test_duplicate_ids_are_refused(document: dict[str, Any]) -> None:
    document["reforms"][1]["id"] = document["reforms"][0]["id"]
    ((where, what),) = problems_of(document)
    assert where == "$.reforms[1].id" and "duplicate id 'reform-prosecutorial-discretion'" in what


def test_checksum_mismatch_is_refused(document: dict[str, Any]) -> None:
    document["metadata"]["source_sha256"] = "0" * 64
    ((where, _),) = problems_of(document)
    assert where == "$.metadata.source_sha256"


def test_changed_source_is_refused_by_checksum_and_spans(document: dict[str, Any]) -> None:
    document["source"] = document["source"].replace("Morton", "Norton")
    found = dict(problems_of(document))
    assert "$.metadata.source_sha256" in found
    assert any(where.endswith(".text") for where in found)


def test_missing_quotation_record_is_refused(document: dict[str, Any]) -> None:
    del document["quotes"][-1]
    found = problems_of(document)
    assert any("has no quotation record" in what for _, what in found)


def test_load_path_reads_and_validates(tmp_path: Path, article: sca.Article) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(article.to_dict()), encoding="utf-8")
    loaded = sca.load(good)
    assert loaded == article and loaded is not article
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{}")
    with pytest.raises(sca.DataError, match="not UTF-8"):
        sca.load(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(sca.DataError, match="not JSON"):
        sca.load(bad)
    with pytest.raises(FileNotFoundError):
        sca.load(tmp_path / "missing.json")
    with pytest.raises(IsADirectoryError):
        sca.load(tmp_path)
    with pytest.raises(sca.DataError, match="over the limit"):
        sca.load(good, max_bytes=100)
