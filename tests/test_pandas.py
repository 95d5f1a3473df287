"""``to_pandas``: the same tables as DataFrames; without pandas, a clear message what to install."""

from __future__ import annotations

import collections
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import secure_communities_article as sca
from secure_communities_article._describe import RECORDS
from secure_communities_article.formats.tables import (
    table_named,
    table_rows,
    table_specs,
    view_specs,
)

INSTALL = 'pip install "secure-communities-article[pandas]"'
#: The article's collections: each one's table has rows (only some lists may be empty).
COLLECTIONS = tuple(("Article", f.name) for f in RECORDS[sca.Article].fields if f.many)


def test_without_pandas_the_function_says_what_to_install(
    article: sca.Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ModuleNotFoundError, match=r"pandas") as raised:
        sca.to_pandas(article)
    assert INSTALL in str(raised.value)


def test_without_pandas_the_package_imports_and_loads() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["pandas"] = None
        import secure_communities_article as sca
        article = sca.load()
        print(len(sca.tables(article)["quotes"]))
        try:
            sca.to_pandas(article)
        except ImportError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    count, message = result.stdout.strip().split("\n")
    assert count == "7"
    assert INSTALL in message


import pandas  # noqa: E402


@pytest.fixture(scope="module")
def frames(article: sca.Article) -> dict[str, Any]:
    return dict(sca.to_pandas(article))


def test_frames_are_the_tables_and_the_views(article: sca.Article, frames: dict[str, Any]) -> None:
    tables = sca.tables(article)
    views = {view.name: table_rows(view, article) for view in view_specs()}
    assert list(frames) == [*tables, *views] and "quotes_with_speakers" in views
    for name, rows in {**tables, **views}.items():
        frame = frames[name]
        assert len(frame) == len(rows), name
        assert rows or table_named(name).source not in (None, *COLLECTIONS), name
        columns = [c.name for c in table_named(name).columns]
        assert list(frame.columns) == columns, name  # an empty table keeps its columns too
        for row, record in zip(rows, frame.to_dict("records"), strict=True):
            for key, value in row.items():
                got = record[key]
                if value is None:
                    assert pandas.isna(got), (name, key)
                elif isinstance(got, pandas.Timestamp):
                    assert got.date().isoformat() == value
                else:
                    assert got == value, (name, key)


def test_columns_have_their_declared_types(frames: dict[str, Any]) -> None:
    expected = {
        "string": pandas.api.types.is_string_dtype,
        "integer": pandas.api.types.is_integer_dtype,
        "number": pandas.api.types.is_float_dtype,
        "boolean": pandas.api.types.is_bool_dtype,
        "date": pandas.api.types.is_datetime64_any_dtype,
    }
    for table in (*table_specs(), *view_specs()):
        for column in table.columns:
            assert expected[column.type](frames[table.name][column.name]), (table.name, column)
    assert list(frames["places"].set_index("id")["fips_code"][["california", "oakland"]]) == [
        "06",
        "0653000",
    ]
    assert frames["paragraphs"]["paragraph_index"].tolist() == list(range(9))  # not the index


def test_frames_join_on_their_keys(article: sca.Article, frames: dict[str, Any]) -> None:
    joined = frames["quotes"].merge(
        frames["entities"], left_on=["article_id", "speaker"], right_on=["article_id", "id"]
    )
    assert list(joined["label"]) == [
        article.entity(q.speaker).label for q in article.quotes if q.speaker
    ]
    per_paragraph = frames["quotes"].groupby("paragraph_index").size().to_dict()
    assert per_paragraph == dict(collections.Counter(q.paragraph for q in article.quotes))


def test_the_quotations_frame_is_ready_to_read(
    article: sca.Article, frames: dict[str, Any]
) -> None:
    ready = frames["quotes_with_speakers"]
    assert ready["id"].tolist() == [q.id for q in article.quotes]
    counts = ready.groupby("speaker_organization").size().to_dict()
    expected: dict[str, int] = {}
    for quote in article.quotes:
        speaker = article.resolve(quote.speaker)
        organization = article.resolve(getattr(speaker, "affiliation", None))
        if organization is not None:
            expected[organization.name] = expected.get(organization.name, 0) + 1
    assert counts == expected and counts["Immigration and Customs Enforcement"] >= 2
    unnamed = ready[ready["speaker_name"].isna()]
    assert set(unnamed["speaker_label"]) == {
        p.label for p in article.people if p.name is None and article.quotes_by(p)
    }
