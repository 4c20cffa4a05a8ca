"""The log as one SQLite database, ``/data/foilog.sqlite``, for people who query with their own tools.

The same tables as the CSV files (:data:`foilog.site.publish.tables.TABLES`),
from the same rows, plus ``questions_fts``, an FTS5 full-text index over each
question and its answer (an external-content table: the text is stored once,
in ``questions``). Values are as in the JSON file: dates as ISO text,
booleans as 0/1, lists as JSON arrays (``json_each`` reads them), nothing
formula-escaped (a database is not a spreadsheet).

Written deterministically, so a rebuild of the same log gives the same bytes
(and the deploy uploads nothing new): the database is built in memory with a
fixed page size, rows in the tables' order, no timestamps anywhere, then
copied out with ``VACUUM INTO``, which writes a compact file page by page.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from foilog.site.publish.related_data import RELATED_FIELDS, related_table
from foilog.site.publish.tables import TABLES, Column, Tables
from foilog.workers.memory import utf8_for_c

DATABASE_NAME = "foilog.sqlite"
PAGE_SIZE = 4096
FTS_TABLE = "questions_fts"
_SQL_TYPE = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "array": "TEXT"}


def _json_array(value: Any) -> str:
    return json.dumps(list(value), ensure_ascii=False)


#: How a value of each type is stored when it is not stored as it is (text and integers are).
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "date": lambda value: value.isoformat(),
    "boolean": lambda value: 1 if value else 0,
    "array": _json_array,
}


def _cells(columns: tuple[Column, ...], rows: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    """Each row's cells in column order, converted (None stays NULL).

    Text is handed over through :func:`utf8_for_c`: binding a string makes
    it keep its UTF-8 form, and the rows' strings are the loaded log's.
    """
    names = [c.name for c in columns]
    converted = [(c.name, _CONVERT[c.type]) for c in columns if c.type in _CONVERT]
    for row in rows:
        cells = dict(zip(names, (row[n] for n in names), strict=True))
        for name, convert in converted:
            value = cells[name]
            if value is not None:
                cells[name] = convert(value)
        yield [utf8_for_c(value) if isinstance(value, str) else value for value in cells.values()]


def _create(name: str, columns: tuple[Column, ...]) -> str:
    cells = ", ".join(f'"{c.name}" {_SQL_TYPE[c.type]}' for c in columns)
    return f'CREATE TABLE "{name}" ({cells})'


def write_database(tables: Tables, target: Path) -> None:
    """Write every table and the full-text index to ``target`` (replaced if it exists)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA encoding = 'UTF-8'")
        for name, columns in {**TABLES, "related": RELATED_FIELDS}.items():
            db.execute(_create(name, columns))
            placeholders = ", ".join("?" for _ in columns)
            db.executemany(
                f'INSERT INTO "{name}" VALUES ({placeholders})',  # noqa: S608 - names and placeholders are the code's own
                _cells(columns, related_table(tables) if name == "related" else tables.table(name)),
            )
        db.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(question, answer, content='questions', content_rowid='rowid', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608 - a constant
        db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608 - a constant
        db.commit()
        db.execute("VACUUM INTO ?", (str(target),))
    finally:
        db.close()


def database_bytes(tables: Tables, workdir: Path) -> bytes:
    """The database as bytes (written under ``workdir``, then read): for callers that keep files in memory."""
    target = workdir / DATABASE_NAME
    write_database(tables, target)
    try:
        return target.read_bytes()
    finally:
        target.unlink(missing_ok=True)
