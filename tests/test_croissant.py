"""The Croissant description: ``mlcroissant`` validates it and loads its record sets offline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import secure_communities_article as sca
from offline import no_network
from secure_communities_article.formats.tables import table_specs

mlcroissant = pytest.importorskip("mlcroissant")
# mlcroissant's own use of deprecated pandas and rdflib calls, not ours.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def folders(article: sca.Article, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("croissant")
    return {
        "csv": sca.write_croissant(article, base / "csv"),
        "parquet": sca.write_parquet(article, base / "parquet"),
    }


def description(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "croissant.json").read_text("utf-8"))
    return loaded


@pytest.mark.parametrize("table_format", ["csv", "parquet"])
def test_every_file_is_described_with_its_checksum(
    folders: dict[str, Path], table_format: str
) -> None:
    folder = folders[table_format]
    files = description(folder)["distribution"]
    assert {f["contentUrl"] for f in files} == {f"{t.name}.{table_format}" for t in table_specs()}
    for file in files:
        data = (folder / file["contentUrl"]).read_bytes()
        assert file["sha256"] == hashlib.sha256(data).hexdigest()
        assert file["contentSize"] == f"{len(data)} B"


def test_every_table_is_a_record_set_with_its_key_and_references(
    folders: dict[str, Path],
) -> None:
    record_sets = {r["name"]: r for r in description(folders["csv"])["recordSet"]}
    assert list(record_sets) == [t.name for t in table_specs()]
    quotes = record_sets["quotes"]
    assert quotes["key"] == [{"@id": "quotes/article_id"}, {"@id": "quotes/id"}]
    fields = {f["name"]: f for f in quotes["field"]}
    assert fields["speaker"]["references"] == {"field": {"@id": "entities/id"}}
    assert fields["paragraph_index"]["dataType"] == "sc:Integer"
    assert fields["span_text"]["source"]["extract"] == {"column": "span_text"}


def test_mlcroissant_validate_accepts_it_without_warnings(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``mlcroissant validate --jsonld`` runs (a Dataset read, its issues listed),
    in-process: the command itself adds only a new interpreter's start."""
    with no_network(monkeypatch):
        dataset = mlcroissant.Dataset(jsonld=str(folders["parquet"] / "croissant.json"))
    assert dataset.metadata.ctx.issues.errors == set()
    assert dataset.metadata.ctx.issues.warnings == set()


def test_mlcroissant_loads_record_sets_offline_with_their_types(
    article: sca.Article, folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with no_network(monkeypatch):
        dataset = mlcroissant.Dataset(jsonld=str(folders["parquet"] / "croissant.json"))
        places = list(dataset.records("places"))
        quotes = list(dataset.records("quotes"))
    fips = {r["places/id"].decode(): r["places/fips_code"] for r in places}
    assert fips["california"] == b"06" and fips["oakland"] == b"0653000"
    assert [r["quotes/id"].decode() for r in quotes] == [q.id for q in article.quotes]
    assert [r["quotes/paragraph_index"] for r in quotes] == [q.paragraph for q in article.quotes]


def test_mlcroissant_reads_the_csv_files_too_but_guesses_their_types(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the docs point to the Parquet folder: mlcroissant reads CSV with pandas' guessing."""
    with no_network(monkeypatch):
        dataset = mlcroissant.Dataset(jsonld=str(folders["csv"] / "croissant.json"))
        places = {r["places/id"].decode(): r for r in dataset.records("places")}
    assert dataset.metadata.ctx.issues.errors == set()
    assert dataset.metadata.ctx.issues.warnings == set()
    assert places["california"]["places/name"] == b"California"
    assert places["california"]["places/fips_code"] != b"06"  # read as the number 6
