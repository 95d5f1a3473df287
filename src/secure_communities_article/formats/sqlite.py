"""The tables as one SQLite database, typed and keyed.

Each column's description is an SQL comment in ``CREATE TABLE``, which SQLite keeps:
``.schema quotes`` in the ``sqlite3`` shell documents it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from pathlib import Path

from .._article import Article
from .tables import COLUMN_TYPES, Column, Table, table_rows, table_specs

SIGNATURE = rb"\ASQLite format 3\x00"


def render(article: Article) -> bytes:
    """The database file's bytes: built in a temporary folder, its keys checked."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.sqlite"
        with contextlib.closing(sqlite3.connect(path)) as connection:
            fill_database(article, connection)
        return path.read_bytes()


def fill_database(article: Article, connection: sqlite3.Connection) -> None:
    """Create every table in an empty database and insert the article's rows."""
    connection.isolation_level = None  # transactions as written here, not implied
    connection.execute("PRAGMA foreign_keys = ON")
    with connection:  # one transaction: committed, or rolled back on any error
        connection.execute("BEGIN")
        # Checked at COMMIT, so a table may refer to one whose rows come later.
        connection.execute("PRAGMA defer_foreign_keys = ON")
        for table in table_specs():
            connection.execute(create_table(table))
        for table in table_specs():
            names = [column.name for column in table.columns]
            insert = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES (:{', :'.join(names)})"
            connection.executemany(insert, table_rows(table, article))
    problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # a valid article has none: this is a bug in the tables
        raise AssertionError(f"foreign keys that do not resolve: {problems[:5]}")


def create_table(table: Table) -> str:
    """The ``CREATE TABLE`` statement of a table, each column documented in a comment."""
    lines = [f"  {_column(column)}, -- {_comment(column.description)}" for column in table.columns]
    keys = [f"  PRIMARY KEY ({', '.join(table.primary_key)})"]
    keys += (
        f"  FOREIGN KEY ({', '.join(k.columns)}) REFERENCES {k.table} ({', '.join(k.referenced)})"
        for k in table.foreign_keys
    )
    body = "\n".join([*lines, ",\n".join(keys)])
    return f"CREATE TABLE {table.name} ( -- {_comment(table.description)}\n{body}\n)"


def _column(column: Column) -> str:
    parts = [column.name, COLUMN_TYPES[column.type].sqlite]
    if column.required:
        parts.append("NOT NULL")
    if column.enum:
        allowed = ", ".join("'" + value.replace("'", "''") + "'" for value in column.enum)
        parts.append(f"CHECK ({column.name} IN ({allowed}))")
    elif column.type == "boolean":
        parts.append(f"CHECK ({column.name} IN (0, 1))")
    elif column.type == "date":
        parts.append(f"CHECK ({column.name} IS date({column.name}))")
    return " ".join(parts)


def _comment(text: str) -> str:
    """Text for a ``--`` comment: one line."""
    return " ".join(text.split())
