"""The tables: read off the model's description, keys that join, names every reader accepts."""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
from pathlib import Path
from typing import Any

import frictionless
import pytest

import secure_communities_article as sca
from conftest import script
from secure_communities_article._article import Article
from secure_communities_article._atomic import MANIFEST
from secure_communities_article._describe import RECORDS
from secure_communities_article._model import ENTITIES
from secure_communities_article.formats.tables import (
    ENTITY_TABLE,
    article_id,
    table_named,
    table_rows,
    table_specs,
    view_specs,
)

PLAIN = (str, int, float, bool, type(None))
ARTICLE_ID = "wapo-2011-06-17-ice-reforms-secure-communities"

#: SQLite's keywords (https://www.sqlite.org/lang_keywords.html, all 147 of them).
SQLITE_KEYWORDS = frozenset(
    """ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE
    BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE
    CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE
    DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE
    EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP
    GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT
    INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING
    NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING
    PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE
    RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN
    TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL
    WHEN WHERE WINDOW WITH WITHOUT""".lower().split()
)
#: PostgreSQL's reserved key words (its manual, appendix C), which DuckDB's parser shares.
POSTGRESQL_RESERVED = frozenset(
    """ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC AUTHORIZATION BINARY BOTH CASE CAST
    CHECK COLLATE COLLATION COLUMN CONCURRENTLY CONSTRAINT CREATE CROSS CURRENT_CATALOG
    CURRENT_DATE CURRENT_ROLE CURRENT_SCHEMA CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER
    DEFAULT DEFERRABLE DESC DISTINCT DO ELSE END EXCEPT FALSE FETCH FOR FOREIGN FREEZE FROM
    FULL GRANT GROUP HAVING ILIKE IN INITIALLY INNER INTERSECT INTO IS ISNULL JOIN LATERAL
    LEADING LEFT LIKE LIMIT LOCALTIME LOCALTIMESTAMP NATURAL NOT NOTNULL NULL OFFSET ON ONLY
    OR ORDER OUTER OVERLAPS PLACING PRIMARY REFERENCES RETURNING RIGHT SELECT SESSION_USER
    SIMILAR SOME SYMMETRIC SYSTEM_USER TABLE TABLESAMPLE THEN TO TRAILING TRUE UNION UNIQUE
    USER USING VARIADIC VERBOSE WHEN WHERE WINDOW WITH""".lower().split()
)


@pytest.fixture(scope="module")
def tables(article: sca.Article) -> dict[str, tuple[dict[str, Any], ...]]:
    return dict(sca.tables(article))


def specs() -> dict[str, Any]:
    return {table.name: table for table in table_specs()}


def test_every_model_field_is_a_column_or_a_table() -> None:
    """A new field in the model cannot be left out of the tables unnoticed."""
    covered = {c.source for table in table_specs() for c in table.columns if c.source}
    covered |= {table.source for table in table_specs() if table.source}
    model = {(info.name, field.name) for info in RECORDS.values() for field in info.fields}
    # The metadata record is inlined: its own fields are columns of the article table;
    # a span is three columns named after its fields.
    spans = {("Span", part) for part in ("start", "end", "text")}
    assert covered | {("Article", "metadata")} | spans == model


def test_each_collection_is_the_table_of_the_same_name(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    collections = [f.name for f in RECORDS[Article].fields if f.many and f.is_record]
    for name in collections:
        assert table_named(name).source == ("Article", name)
        assert len(tables[name]) == len(getattr(article, name)), name
    assert len(tables[ENTITY_TABLE]) == len(article.entities)
    assert len(tables["article"]) == 1
    assert len(tables["paragraph_sentences"]) == sum(len(p.sentences) for p in article.paragraphs)
    assert len(tables["event_participants"]) == sum(len(e.participants) for e in article.events)
    assert len(tables["stance_evidence"]) == sum(len(s.evidence) for s in article.stances)
    assert "quotations" not in tables  # one name per record kind: the collection's


def test_every_reference_field_is_a_foreign_key() -> None:
    """Fields naming ids of other records, and paragraph indexes, all join."""
    expected, found = set(), set()
    for info in RECORDS.values():
        for field in info.fields:
            if field.ref or (field.name == "paragraph" and field.base is int):
                expected.add((info.name, field.name))
    for table in table_specs():
        for key in table.foreign_keys:
            assert key.columns[0] == key.referenced[0] == "article_id", (table.name, key)
            for name in key.columns[1:]:
                source = table.column(name).source
                if source is not None and table.reference_of(name) is not None:
                    found.add(source)
    assert expected <= found


def test_references_to_any_entity_name_the_entities_table() -> None:
    mentions = table_named("mentions")
    assert mentions.reference_of("entity") == (ENTITY_TABLE, "id")
    assert table_named("people").reference_of("affiliation") == ("organizations", "id")
    assert table_named("event_times").reference_of("time_expression_id") == (
        "time_expressions",
        "id",
    )
    for name in ENTITIES:  # each kind's rows are rows of the entities table too
        assert table_named(name).reference_of("id") == (ENTITY_TABLE, "id")


def test_every_table_carries_the_article_id_in_its_keys(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    assert article_id(article) == ARTICLE_ID == Path(article.metadata.source_file).stem
    for table in (*table_specs(), *view_specs()):
        assert table.columns[0].name == "article_id", table.name
        assert table.primary_key[0] == "article_id", table.name
        for row in table_rows(table, article):
            assert row["article_id"] == ARTICLE_ID


def test_column_names_clash_with_no_sql_keyword_and_no_pandas_attribute() -> None:
    pandas = pytest.importorskip("pandas")
    frame_attributes = set(dir(pandas.DataFrame))
    for table in (*table_specs(), *view_specs()):
        assert re.fullmatch("[a-z][a-z_]*", table.name), table.name
        assert table.name not in SQLITE_KEYWORDS | POSTGRESQL_RESERVED
        for column in table.columns:
            name = column.name
            assert re.fullmatch("[a-z][a-z0-9_]*", name), (table.name, name)
            assert name not in SQLITE_KEYWORDS, (table.name, name)
            assert name not in POSTGRESQL_RESERVED, (table.name, name)
            assert name not in frame_attributes, (table.name, name)


def test_rows_are_plain_values_in_column_order_and_fit_their_columns(
    tables: dict[str, tuple[dict[str, Any], ...]],
) -> None:
    kinds = {"string": str, "integer": int, "number": float, "boolean": bool, "date": str}
    for name, table in specs().items():
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), name
        for row in tables[name]:
            assert list(row) == names
            for column in table.columns:
                value = row[column.name]
                assert isinstance(value, PLAIN), (name, column.name)
                if value is None:
                    assert not column.required, (name, column.name)
                    continue
                assert type(value) is kinds[column.type], (name, column.name, value)
                if column.enum:
                    assert value in column.enum


def test_codes_and_versions_stay_strings(tables: dict[str, tuple[dict[str, Any], ...]]) -> None:
    fips = {row["id"]: row["fips_code"] for row in tables["places"]}
    assert fips["california"] == "06" and fips["oakland"] == "0653000"
    assert tables["article"][0]["schema_version"] == sca.SCHEMA_VERSION
    assert table_named("places").column("fips_code").type == "string"


def test_every_span_column_triple_slices_the_source(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    checked = 0
    for name, table in specs().items():
        for column in table.columns:
            if column.name.endswith("_text"):
                prefix = column.name.removesuffix("text")
                for row in tables[name]:
                    if row[column.name] is not None:
                        start, end = row[prefix + "start"], row[prefix + "end"]
                        assert article.source[start:end] == row[column.name]
                        checked += 1
    assert checked > 200


def test_keys_are_unique_and_references_resolve(
    tables: dict[str, tuple[dict[str, Any], ...]],
) -> None:
    for name, table in specs().items():
        keys = [tuple(row[k] for k in table.primary_key) for row in tables[name]]
        assert len(keys) == len(set(keys)), name
        for key in table.foreign_keys:
            target = specs()[key.table]
            known = {tuple(row[c] for c in key.referenced) for row in tables[target.name]}
            for row in tables[name]:
                values = tuple(row[c] for c in key.columns)
                assert None in values or values in known, (name, key, values)


def test_joins_give_back_what_the_model_says(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    labels = {row["id"]: row["label"] for row in tables["entities"]}
    speakers = [labels[row["speaker"]] for row in tables["quotes"]]
    assert speakers == [article.entity(q.speaker).label for q in article.quotes if q.speaker]
    times = {(row["event_id"], row["time_expression_id"]) for row in tables["event_times"]}
    assert times == {(e.id, t) for e in article.events for t in e.times}
    (row,) = tables["article"]
    assert row["source"] == article.source and row["published"] == "2011-06-17"
    paragraph_of = {row["id"]: row["paragraph_index"] for row in tables["mentions"]}
    assert paragraph_of == {m.id: m.paragraph for m in article.mentions}


def test_the_quotes_view_names_each_speaker_and_their_organization(
    article: sca.Article,
) -> None:
    rows = table_rows(table_named("quotes_with_speakers"), article)
    assert [row["id"] for row in rows] == [q.id for q in article.quotes]
    by_speaker = {row["speaker"]: row for row in rows}
    morton = by_speaker["john-morton"]
    assert (morton["speaker_name"], morton["speaker_organization"]) == (
        "John Morton",
        "Immigration and Customs Enforcement",
    )
    unnamed = {row["speaker"]: row["speaker_label"] for row in rows if not row["speaker_name"]}
    assert unnamed == {p.id: p.label for p in article.people if p.name is None and p.id in unnamed}
    assert unnamed and all(article.entity(speaker).name is None for speaker in unnamed)


# --- the Frictionless data package -----------------------------------------------------------


def read_with_frictionless(folder: Path) -> dict[str, list[dict[str, Any]]]:
    package = frictionless.Package(str(folder / "datapackage.json"))
    read = {}
    for resource in package.resources:
        assert isinstance(resource, frictionless.resources.TableResource), resource.name
        read[resource.name] = [dict(row) for row in resource.read_rows()]
    return read


@pytest.fixture(scope="module")
def package(article: sca.Article, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(sca.write_datapackage(article, tmp_path_factory.mktemp("dp") / "package"))


def test_datapackage_passes_frictionless_validate(package: Path) -> None:
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    assert len(report.tasks) == len(table_specs())


def test_datapackage_reads_back_as_the_tables(
    package: Path, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    read = read_with_frictionless(package)
    assert set(read) == set(tables)
    for name, rows in tables.items():
        typed = [
            {
                key: value.isoformat() if isinstance(value, datetime.date) else value
                for key, value in row.items()
            }
            for row in read[name]
        ]
        for got, want in zip(typed, rows, strict=True):
            assert {
                k: (float(v) if isinstance(want[k], float) else v) for k, v in got.items()
            } == want


def test_descriptor_declares_types_keys_and_foreign_keys(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name, table in specs().items():
        schema = resources[name]["schema"]
        assert [f["name"] for f in schema["fields"]] == [c.name for c in table.columns]
        assert all(f["type"] and f["description"] for f in schema["fields"])
        assert schema["primaryKey"] == list(table.primary_key)
        assert len(schema.get("foreignKeys", [])) == len(table.foreign_keys)
        with open(package / f"{name}.csv", encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == [c.name for c in table.columns]
    keys = resources["quotes"]["schema"]["foreignKeys"]
    assert {"fields": ["speaker"], "reference": {"resource": "entities", "fields": ["id"]}} in keys
    assert {
        "fields": ["article_id", "paragraph_index"],
        "reference": {"resource": "paragraphs", "fields": ["article_id", "paragraph_index"]},
    } in keys


def corrupt(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


@pytest.mark.parametrize(
    ("table", "old", "new", "error"),
    [
        ("quotes", ",john-morton,", ",jon-morton,", "foreign-key"),
        ("people", ",casa-de-maryland,", ",casa-de-md,", "foreign-key"),
        ("places", ",california,", ",calif,", "foreign-key"),  # a self-reference
        ("event_times", ",time-", ",no-such-time-", "foreign-key"),
        ("mentions", ",name,", ",nickname,", "constraint-error"),
        ("paragraphs", "communities,1,", "communities,0,", "primary-key"),
        ("reforms", ",3\r\n", ",three\r\n", "type-error"),
    ],
)
def test_frictionless_catches_a_broken_table(
    article: sca.Article, tmp_path: Path, table: str, old: str, new: str, error: str
) -> None:
    folder = sca.write_datapackage(article, tmp_path / "package")
    corrupt(folder, table, old, new)
    # The broken resource alone, within its package (so that its foreign keys are checked).
    package = frictionless.Package(str(folder / "datapackage.json"))
    report = package.get_resource(table).validate()
    assert not report.valid
    assert error in {e.type for task in report.tasks for e in task.errors}


def test_write_datapackage_replaces_only_its_own_export(
    article: sca.Article, tmp_path: Path
) -> None:
    target = tmp_path / "package"
    target.mkdir()
    (target / "keep.txt").write_text("mine", "utf-8")
    for overwrite in (False, True):
        with pytest.raises(FileExistsError):
            sca.write_datapackage(article, target, overwrite=overwrite)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    (target / "keep.txt").unlink()
    target.rmdir()
    sca.write_datapackage(article, target)
    (target / "datapackage.json").write_text("{}", "utf-8")  # an edited export is the user's
    with pytest.raises(FileExistsError, match="has changed"):
        sca.write_datapackage(article, target, overwrite=True)
    target.joinpath("datapackage.json").unlink()
    with pytest.raises(FileExistsError, match="missing"):
        sca.write_datapackage(article, target, overwrite=True)
    shutil.rmtree(target)
    sca.write_datapackage(article, target)
    sca.write_datapackage(article, target, overwrite=True)
    assert (target / "datapackage.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["package"]


def test_write_csv_writes_one_file_per_table(article: sca.Article, tmp_path: Path) -> None:
    folder = sca.write_csv(article, tmp_path / "tables")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [MANIFEST, *(f"{n}.csv" for n in specs())]
    )


def test_an_unknown_table_name_says_which_exist() -> None:
    with pytest.raises(KeyError, match=r"quotations.*the tables are article, entities"):
        table_named("quotations")


def tables_doc_tool() -> Any:

    path = Path(__file__).resolve().parent.parent / "tools" / "gen_tables_doc.py"
    if not path.exists():
        pytest.skip("tools/ is not beside the tests")
    return script(path)


def test_committed_tables_page_is_the_generated_one() -> None:
    tool = tables_doc_tool()
    page = tool.OUTPUT
    if not page.exists():
        pytest.skip("docs/ is not beside the tests")
    assert page.read_text(encoding="utf-8") == tool.render(), "run python tools/gen_tables_doc.py"
    for table in (*table_specs(), *view_specs()):
        assert f"\n## `{table.name}`\n" in tool.render()
