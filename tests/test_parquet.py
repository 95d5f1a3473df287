"""The Parquet export: pyarrow reads every table back with the types the datapackage declares."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import pytest

import secure_communities_article as sca
from secure_communities_article._atomic import MANIFEST
from secure_communities_article.formats.tables import table_specs

pyarrow = pytest.importorskip("pyarrow")
parquet = pytest.importorskip("pyarrow.parquet")

ARROW_TYPES = {
    "string": pyarrow.string(),
    "integer": pyarrow.int64(),
    "number": pyarrow.float64(),
    "boolean": pyarrow.bool_(),
    "date": pyarrow.date32(),
}


@pytest.fixture(scope="module")
def folder(article: sca.Article, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(sca.write_parquet(article, tmp_path_factory.mktemp("parquet") / "tables"))


def test_one_file_per_table_and_a_croissant_description(folder: Path) -> None:
    names = sorted(p.name for p in folder.iterdir())
    tables = [f"{t.name}.parquet" for t in table_specs()]
    assert names == sorted([*tables, "croissant.json", MANIFEST])


def test_every_column_has_its_declared_type_and_nullability(folder: Path) -> None:
    for table in table_specs():
        schema = parquet.read_schema(folder / f"{table.name}.parquet")
        assert schema.names == [c.name for c in table.columns], table.name
        for column in table.columns:
            field = schema.field(column.name)
            assert field.type == ARROW_TYPES[column.type], (table.name, column.name)
            assert field.nullable == (not column.required), (table.name, column.name)
            assert field.metadata[b"description"].decode() == column.description
        assert json.loads(schema.metadata[b"primary_key"]) == list(table.primary_key)


def test_codes_stay_strings_and_indexes_integers(folder: Path) -> None:
    places = parquet.read_table(folder / "places.parquet").to_pylist()
    fips = {row["id"]: row["fips_code"] for row in places}
    assert fips["california"] == "06" and fips["oakland"] == "0653000"
    (article_row,) = parquet.read_table(folder / "article.parquet").to_pylist()
    assert article_row["schema_version"] == sca.SCHEMA_VERSION
    assert article_row["published"] == datetime.date(2011, 6, 17)
    paragraphs = parquet.read_table(folder / "paragraphs.parquet")
    assert paragraphs.column("paragraph_index").to_pylist() == list(range(9))


def test_the_files_hold_the_tables(article: sca.Article, folder: Path) -> None:
    for name, rows in sca.tables(article).items():
        read = parquet.read_table(folder / f"{name}.parquet").to_pylist()
        plain = [
            {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in row.items()}
            for row in read
        ]
        assert plain == list(rows), name


def test_pandas_reads_the_parquet_files_with_their_types(folder: Path) -> None:
    pandas = pytest.importorskip("pandas")
    places = pandas.read_parquet(folder / "places.parquet")
    assert places.set_index("id").loc["california", "fips_code"] == "06"
    quantities = pandas.read_parquet(folder / "quantities.parquet")
    assert pandas.api.types.is_float_dtype(quantities["value"])
    assert pandas.api.types.is_bool_dtype(quantities["approximate"])


def test_without_pyarrow_the_export_says_what_to_install(
    article: sca.Article, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ModuleNotFoundError, match=r"secure-communities-article\[parquet\]"):
        sca.write_parquet(article, tmp_path / "tables")
    assert list(tmp_path.iterdir()) == []


def test_the_cli_exports_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from secure_communities_article._cli import main

    assert main(["export", "--format", "parquet", "--output", str(tmp_path / "pq")]) == 0
    assert (tmp_path / "pq" / "quotes.parquet").exists()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["export", "--format", "parquet", "--output", str(tmp_path / "again")]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "[parquet]" in captured.err
    assert not (tmp_path / "again").exists()
