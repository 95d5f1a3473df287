"""``validate`` names every output of the package: each format's module knows its own files.

Each module's ``SIGNATURE`` (beside its ``read``) is a pattern of its files' first bytes;
``formats.recognise`` asks each in the registry's order, and a folder export's manifest
names its format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import secure_communities_article as sca
from conftest import package_file
from secure_communities_article import formats

#: The formats whose folders hold the CSV tables, which are the csv export's files.
WITH_CSV_TABLES = ("csv", "datapackage", "croissant")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outputs")
    for output in formats.WRITTEN:
        formats.write(sca.load(), output, folder / output.name)
    return folder


@pytest.mark.parametrize("output", formats.WRITTEN, ids=lambda f: f.name)
def test_every_file_of_every_export_is_named_by_its_format(
    outputs: Path, output: formats.Format
) -> None:
    target = outputs / output.name
    files = sorted(target.iterdir()) if output.folder else [target]
    assert files
    for path in files:
        found = formats.recognise(path.read_bytes())
        if output.name == "json":
            assert found is None  # an article document: validate checks it
        elif path.suffix == ".csv" and output.name in WITH_CSV_TABLES:
            assert found == formats.BY_NAME["csv"], path.name
        else:
            assert found == output, path.name


def test_an_article_document_is_not_another_output() -> None:
    assert formats.recognise(package_file("article.json")) is None
    broken = json.loads(package_file("article.json"))
    broken["@context"] = "https://schema.org"  # still an article document, however broken
    assert formats.recognise(json.dumps(broken, indent=2).encode()) is None
    for data in (b"", b"[]", b'"text"', b"{}", b"not json", b"[" * 10**5, b"x" * 10**6):
        assert formats.recognise(data) is None, data[:20]


def test_every_written_format_but_the_document_has_a_signature() -> None:
    assert [f.name for f in formats.WRITTEN if not hasattr(formats.module(f), "SIGNATURE")] == [
        "json"
    ]


@given(st.binary(max_size=300))
def test_any_bytes_give_a_registered_format_or_none_and_never_raise(data: bytes) -> None:
    assert formats.recognise(data) in (None, *formats.WRITTEN)
