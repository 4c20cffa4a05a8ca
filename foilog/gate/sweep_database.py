"""The text of an SQLite database in the built site, for the post-build sweep (:mod:`foilog.gate.sweep`).

``/data/foilog.sqlite`` holds the log's text as the CSV files do, but in pages
of a binary file a text scan cannot read: a personal detail planted there
(by a template, a plugin or a bug in the writer) would leave unseen. So the
sweep reads the database as a reader's tools would, every cell of every
table (FTS5's own tables included), and scans each text value (and each
blob that is valid UTF-8), a line at a time, like an export. A value that
is exactly a text the leak gate has judged whole (an answer, a letter:
:mod:`foilog.gate.judged`) is read as one blank line.

A database that cannot be opened read-only is not published: the sweep
fails closed with a finding (:func:`unreadable_database`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from foilog.gate.judged import JudgedTexts
from foilog.log.findings import Category, Finding, Severity

__all__ = ["DATABASE_SUFFIXES", "UnreadableDatabase", "database_lines", "unreadable_database"]

DATABASE_SUFFIXES = frozenset({".sqlite", ".sqlite3", ".db"})


class UnreadableDatabase(Exception):
    """The file could not be read as an SQLite database."""


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        try:
            yield value.decode("utf-8")
        except UnicodeDecodeError:
            return


def database_lines(path: Path, display: str, judged: JudgedTexts | None = None) -> Iterator[str]:
    """Every text cell of every table of ``path``, a line at a time (each ending in ``\\n``); raises :class:`UnreadableDatabase`.

    A cell in ``judged`` is one blank line.
    """
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise UnreadableDatabase(f"{display}: {exc}") from None
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
            )
        ]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            for row in db.execute(f"SELECT * FROM {quoted}"):  # noqa: S608 - a table name read from the database, quoted
                for value in row:
                    for text in _texts(value):
                        if judged is not None and text in judged:
                            yield "\n"
                            continue
                        for line in text.split("\n"):
                            yield line + "\n"
    except sqlite3.Error as exc:
        raise UnreadableDatabase(f"{display}: {exc}") from None
    finally:
        db.close()


def unreadable_database(display: str, reason: str) -> Finding:
    """The finding for a database the sweep could not read: it blocks publication (what is not read is not known to be safe)."""
    return Finding(
        path=display,
        rule="sweep-unreadable-database",
        category=Category.UNSAFE_FILE,
        severity=Severity.ERROR,
        message=f"the post-build sweep could not read this SQLite database ({reason}), so it cannot tell it is safe to publish",
    )
