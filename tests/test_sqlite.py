"""The SQLite export: typed columns, keys that join, ``PRAGMA foreign_key_check`` clean."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import secure_communities_article as sca
from secure_communities_article.formats.sqlite import create_table
from secure_communities_article.formats.tables import COLUMN_TYPES, table_specs


@pytest.fixture(scope="module")
def database(article: sca.Article, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(sca.write_sqlite(article, tmp_path_factory.mktemp("sqlite") / "article.sqlite"))


@pytest.fixture
def connection(database: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def test_foreign_keys_are_declared_and_all_resolve(connection: sqlite3.Connection) -> None:
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in table_specs():
        declared = connection.execute(f"PRAGMA foreign_key_list({table.name})").fetchall()
        # one row per column pair: (id, seq, table, from, to, ...)
        pairs = {(row[2], row[3], row[4]) for row in declared}
        expected = {
            (key.table, column, referenced)
            for key in table.foreign_keys
            for column, referenced in zip(key.columns, key.referenced, strict=True)
        }
        assert pairs == expected, table.name


def test_columns_are_typed_keyed_and_required_as_declared(connection: sqlite3.Connection) -> None:
    for table in table_specs():
        info = connection.execute(f"PRAGMA table_info({table.name})").fetchall()
        # (cid, name, type, notnull, default, pk position)
        assert [row[1] for row in info] == [c.name for c in table.columns]
        for row, column in zip(info, table.columns, strict=True):
            assert row[2] == COLUMN_TYPES[column.type].sqlite, (table.name, column.name)
            assert bool(row[3]) == column.required, (table.name, column.name)
        keyed = sorted((row[5], row[1]) for row in info if row[5])
        assert [name for _, name in keyed] == list(table.primary_key)


def test_every_table_holds_its_rows_with_the_same_values(
    article: sca.Article, connection: sqlite3.Connection
) -> None:
    for name, rows in sca.tables(article).items():
        table = next(t for t in table_specs() if t.name == name)
        booleans = {c.name for c in table.columns if c.type == "boolean"}
        read = connection.execute(f"SELECT * FROM {name}").fetchall()
        got = [
            {
                c.name: bool(v) if c.name in booleans and v is not None else v
                for c, v in zip(table.columns, row, strict=True)
            }
            for row in read
        ]
        assert got == list(rows), name


def test_every_column_name_works_unquoted(connection: sqlite3.Connection) -> None:
    """No column is an SQL keyword: each selects as itself, with no quotes."""
    for table in table_specs():
        names = ", ".join(c.name for c in table.columns)
        cursor = connection.execute(f"SELECT {names} FROM {table.name} LIMIT 1")
        assert [d[0] for d in cursor.description] == [c.name for c in table.columns]
    (row,) = connection.execute("SELECT paragraph_index, span_end FROM paragraphs LIMIT 1")
    assert row == (0, connection.execute("SELECT min(span_end) FROM paragraphs").fetchone()[0])


def test_codes_stay_text(connection: sqlite3.Connection) -> None:
    rows = connection.execute(
        "SELECT id, fips_code, typeof(fips_code) FROM places WHERE fips_code LIKE '0%'"
    ).fetchall()
    assert ("california", "06", "text") in rows and ("oakland", "0653000", "text") in rows


def test_a_join_names_each_speaker(article: sca.Article, connection: sqlite3.Connection) -> None:
    rows = connection.execute(
        "SELECT quotes.id, entities.label FROM quotes JOIN entities"
        " USING (article_id) WHERE entities.id = quotes.speaker ORDER BY quotes.span_start"
    ).fetchall()
    assert rows == [(q.id, article.entity(q.speaker).label) for q in article.quotes if q.speaker]


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        ("UPDATE quotes SET speaker = 'nobody' WHERE id = (SELECT min(id) FROM quotes)", "FOREIGN"),
        (
            "UPDATE mentions SET form = 'nickname' WHERE id = (SELECT min(id) FROM mentions)",
            "CHECK",
        ),
        (
            "UPDATE quantities SET approximate = 2 WHERE id = (SELECT min(id) FROM quantities)",
            "CHECK",
        ),
        ("UPDATE article SET published = '2011-13-45'", "CHECK"),
        ("UPDATE quotes SET kind = NULL WHERE id = (SELECT min(id) FROM quotes)", "NOT NULL"),
        ("INSERT INTO paragraphs SELECT * FROM paragraphs LIMIT 1", "UNIQUE"),
    ],
)
def test_the_database_refuses_what_the_model_forbids(
    database: Path, tmp_path: Path, statement: str, error: str
) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(database.read_bytes())
    connection = sqlite3.connect(copy)
    connection.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match=error):
        connection.execute(statement)
    connection.close()


def test_each_column_is_documented_in_the_schema(connection: sqlite3.Connection) -> None:
    for table in table_specs():
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table.name,)
        ).fetchone()
        assert sql == create_table(table)
        for column in table.columns:
            assert f"  {column.name} " in sql and " ".join(column.description.split()) in sql


def test_write_sqlite_refuses_an_existing_file(article: sca.Article, tmp_path: Path) -> None:
    target = tmp_path / "article.sqlite"
    target.write_text("mine", "utf-8")
    with pytest.raises(FileExistsError):
        sca.write_sqlite(article, target)
    assert target.read_text("utf-8") == "mine"
    sca.write_sqlite(article, target, overwrite=True)
    count = sqlite3.connect(target).execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert count == len(article.quotes)


def test_the_cli_exports_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from secure_communities_article._cli import main

    target = tmp_path / "article.sqlite"
    assert main(["export", "--format", "sqlite", "--output", str(target)]) == 0
    assert "wrote sqlite" in capsys.readouterr().out
    assert sqlite3.connect(target).execute("PRAGMA foreign_key_check").fetchall() == []
