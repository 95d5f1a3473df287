"""``to_pandas``: the same tables as DataFrames; without pandas, a clear message what to install."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

import secure_communities_article as sca
from secure_communities_article._tables import table_specs

INSTALL = 'pip install "secure-communities-article[pandas]"'


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
        print(len(sca.tables(article)["quotations"]))
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
    return sca.to_pandas(article)


def test_frames_are_the_tables(article: sca.Article, frames: dict[str, Any]) -> None:
    tables = sca.tables(article)
    assert list(frames) == list(tables)
    for name, rows in tables.items():
        frame = frames[name]
        assert len(frame) == len(rows), name
        assert rows, name  # every table of the article has rows
        assert list(frame.columns) == list(rows[0])
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
    for table in table_specs():
        for column in table.columns:
            assert expected[column.type](frames[table.name][column.name]), (table.name, column)


def test_frames_join_on_their_keys(article: sca.Article, frames: dict[str, Any]) -> None:
    joined = frames["quotations"].merge(
        frames["entities"], left_on="speaker", right_on="id", suffixes=("", "_speaker")
    )
    assert list(joined["label"]) == [
        article.entity(q.speaker).label for q in article.quotes if q.speaker
    ]
    per_paragraph = frames["quotations"].groupby("paragraph").size().to_dict()
    assert sum(per_paragraph.values()) == len(article.quotes)
