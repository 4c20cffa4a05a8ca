"""Returning freed memory to the operating system (foilog.workers.memory): safe to call anywhere, any number of times."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from foilog.workers import memory


def test_release_is_harmless_and_repeatable() -> None:
    garbage = [bytes(4096) for _ in range(2000)]
    del garbage
    first = memory.release_free_memory()
    assert memory.release_free_memory() == first
    if sys.platform.startswith("linux") and memory._malloc_trim() is not None:
        assert first is True


def test_without_glibc_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.release_free_memory() is False


def test_a_copy_for_c_is_equal_and_only_made_for_non_ascii_text() -> None:
    plain = "".join(["Answer: 12 records. "] * 50)
    assert memory.utf8_for_c(plain) is plain
    fancy = "".join(["Answer – “12” records, ünïcödé. "] * 50)
    copy = memory.utf8_for_c(fancy)
    assert copy == fancy and copy is not fancy
    lone = "a\ud800b" + "é"  # a lone surrogate survives, as pickle would keep it
    assert memory.utf8_for_c(lone) == lone


def test_the_database_leaves_the_logs_strings_their_size() -> None:
    """Binding a non-ASCII string in sqlite3 keeps its UTF-8 form inside it for good: the log's answers must not pay for that."""
    from foilog.site.publish.database import _cells
    from foilog.site.publish.tables import Column

    answer = "".join(["The council – “Northshire” – holds ünïcödé records. "] * 40)
    before = sys.getsizeof(answer)
    columns = (Column("answer", "string", "The answer."),)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (answer TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", _cells(columns, [{"answer": answer}]))
    assert db.execute("SELECT answer FROM t").fetchone()[0] == answer
    assert sys.getsizeof(answer) == before
    db.executemany("INSERT INTO t VALUES (?)", [[answer]])  # what it guards against: the string grows
    assert sys.getsizeof(answer) > before
