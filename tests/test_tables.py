"""The tables: derived from the model, keys that join, a datapackage that frictionless accepts."""

from __future__ import annotations

import csv
import datetime
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import frictionless
import pytest
from secure_communities_article._codec import field_types

import secure_communities_article as sca
from secure_communities_article._export import MANIFEST
from secure_communities_article._model import RECORD_TYPES, Article
from secure_communities_article._tables import _children, _references, _top_level, table_specs

PLAIN = (str, int, float, bool, type(None))


@pytest.fixture(scope="module")
def tables(article: sca.Article) -> dict[str, tuple[dict[str, Any], ...]]:
    return sca.tables(article)


def specs() -> dict[str, Any]:
    return {table.name: table for table in table_specs()}


def test_every_model_field_is_a_column_or_a_table() -> None:
    """A new field in the model cannot be left out of the tables unnoticed."""
    covered = {pair for table in table_specs() for c in table.columns for pair in c.model_fields}
    covered |= {(cls.__name__, name) for cls, name in _children()}
    covered |= {("Article", f) for _, _, _, fields in _top_level() for f in fields}
    model = {(cls.__name__, name) for cls in RECORD_TYPES for name in field_types(cls)}
    assert covered == model


def test_every_reference_field_is_a_foreign_key() -> None:
    """Fields documented as ids of other records, and paragraph indexes, all join."""
    expected = set()
    for cls in RECORD_TYPES:
        for field in (f for f in attrs.fields(cls) if f.init):
            doc = field.metadata["doc"]
            if doc.startswith(("Id of", "Ids of")) or field.name == "paragraph":
                expected.add((cls, field.name))
    assert set(_references()) == expected


def test_tables_cover_every_record_kind(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    for name, _, _, fields in _top_level():
        assert len(tables[name]) == sum(len(getattr(article, f)) for f in fields), name
    assert len(tables["sentences"]) == sum(len(p.sentences) for p in article.paragraphs)
    assert len(tables["event_participants"]) == sum(len(e.participants) for e in article.events)
    assert len(tables["stance_evidence"]) == sum(len(s.evidence) for s in article.stances)
    assert {"quotations", "quantities", "time_expressions", "events", "reforms"} <= set(tables)


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
                if column.enum is not None:
                    assert value in column.enum


def test_every_span_column_triple_slices_the_source(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    checked = 0
    for name, table in specs().items():
        for column in table.columns:
            if column.name == "text" or column.name.endswith("_text"):
                prefix = column.name[: -len("text")]
                for row in tables[name]:
                    if row[column.name] is not None:
                        start, end = row[prefix + "start"], row[prefix + "end"]
                        assert article.source[start:end] == row[column.name]
                        checked += 1
    assert checked > 200


def test_keys_are_unique_and_references_resolve(
    tables: dict[str, tuple[dict[str, Any], ...]],
) -> None:
    tables_by_name = specs()
    for name, table in tables_by_name.items():
        keys = [tuple(row[k] for k in table.primary_key) for row in tables[name]]
        assert len(keys) == len(set(keys)), name
        for column in table.columns:
            if column.reference is None:
                continue
            target, target_column = column.reference
            known = {row[target_column] for row in tables[target]}
            for row in tables[name]:
                assert row[column.name] is None or row[column.name] in known, (name, column.name)


def test_joins_give_back_what_the_model_says(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    labels = {row["id"]: row["label"] for row in tables["entities"]}
    speakers = [labels[row["speaker"]] for row in tables["quotations"]]
    assert speakers == [article.entity(q.speaker).label for q in article.quotes if q.speaker]
    fips = {row["id"]: row["fips_code"] for row in tables["entities"] if row["kind"] == "place"}
    assert fips == {place.id: place.fips_code for place in article.places}
    times = {(row["event"], row["time_expression"]) for row in tables["event_times"]}
    assert times == {(e.id, t) for e in article.events for t in e.times}
    (row,) = tables["article"]
    assert row["source"] == article.source and row["published"] == "2011-06-17"


def read_with_frictionless(folder: Path) -> dict[str, list[dict[str, Any]]]:
    package = frictionless.Package(str(folder / "datapackage.json"))
    return {resource.name: resource.read_rows() for resource in package.resources}


def test_datapackage_passes_frictionless_validate(article: sca.Article, tmp_path: Path) -> None:
    folder = sca.write_datapackage(article, tmp_path / "package")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    assert len(report.tasks) == len(table_specs())


def test_datapackage_reads_back_as_the_tables(
    article: sca.Article, tables: dict[str, tuple[dict[str, Any], ...]], tmp_path: Path
) -> None:
    folder = sca.write_datapackage(article, tmp_path / "package")
    read = read_with_frictionless(folder)
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


def test_descriptor_declares_types_keys_and_foreign_keys(
    article: sca.Article, tmp_path: Path
) -> None:
    folder = sca.write_datapackage(article, tmp_path / "package")
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name, table in specs().items():
        schema = resources[name]["schema"]
        assert [f["name"] for f in schema["fields"]] == [c.name for c in table.columns]
        assert all(f["type"] and f["description"] for f in schema["fields"])
        assert schema["primaryKey"] == list(table.primary_key)
        references = [c for c in table.columns if c.reference is not None]
        assert len(schema.get("foreignKeys", [])) == len(references)
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == [c.name for c in table.columns]
    assert resources["quotations"]["schema"]["foreignKeys"][0] == {
        "fields": ["speaker"],
        "reference": {"resource": "entities", "fields": ["id"]},
    }


def corrupt(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


@pytest.mark.parametrize(
    ("table", "old", "new", "error"),
    [
        ("quotations", ",john-morton,", ",jon-morton,", "foreign-key"),
        ("entities", ",casa-de-maryland,", ",casa-de-md,", "foreign-key"),  # a self-reference
        ("mentions", ",name,", ",nickname,", "constraint-error"),
        ("paragraphs", "\r\n1,", "\r\n0,", "primary-key"),
        ("reforms", ",3\r\n", ",three\r\n", "type-error"),
    ],
)
def test_frictionless_catches_a_broken_table(
    article: sca.Article, tmp_path: Path, table: str, old: str, new: str, error: str
) -> None:
    folder = sca.write_datapackage(article, tmp_path / "package")
    corrupt(folder, table, old, new)
    report = frictionless.validate(str(folder / "datapackage.json"))
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


def test_every_article_field_outside_tables_is_in_the_article_row() -> None:
    article_columns = {c.model_fields[0] for c in specs()["article"].columns}
    top = {f for _, _, _, fields in _top_level() for f in fields}
    assert {("Article", f) for f in field_types(Article) if f not in top} == article_columns
