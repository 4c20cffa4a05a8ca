"""The attachment cache: hits for unchanged content, rebuilds for anything it cannot trust."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from attachment_builders import PERSON, box_op, text_op, write_pdf

from foilog.cache import DB_FILE, Store
from foilog.gate.attachments import Limits, inspect_attachment
from foilog.gate.attachments.cache import KIND, AttachmentCache


def _entries(folder: Path) -> list[tuple[str, str]]:
    """The attachment entries in the cache database: (key, value)."""
    path = folder / DB_FILE
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db, db:
        return db.execute("SELECT key, value FROM entries WHERE kind = ?", (KIND,)).fetchall()


def _overwrite(folder: Path, value: str) -> None:
    with closing(sqlite3.connect(folder / DB_FILE)) as db, db:
        db.execute("UPDATE entries SET value = ? WHERE kind = ?", (value, KIND))


def _pdf(tmp_path: Path, name: str = "boxed.pdf") -> Path:
    return write_pdf(tmp_path / name, [text_op(100, 650, PERSON) + box_op(95, 645, 250, 20)])


def test_unchanged_file_is_served_from_cache(tmp_path: Path) -> None:
    cache = AttachmentCache(tmp_path / "cache")
    path = _pdf(tmp_path)
    first = cache.inspect(path, display_path="a/boxed.pdf")
    second = cache.inspect(path, display_path="a/boxed.pdf")
    assert (cache.misses, cache.hits) == (1, 1)
    assert first == second == inspect_attachment(path, display_path="a/boxed.pdf")
    assert [f.rule for f in second.findings if not f.advisory] == ["pdf-text-under-box"]


def test_copy_under_another_name_hits_and_is_rehomed(tmp_path: Path) -> None:
    cache = AttachmentCache(tmp_path / "cache")
    path = _pdf(tmp_path)
    cache.inspect(path, display_path="a/boxed.pdf")
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(path.read_bytes())
    report = cache.inspect(copy, display_path="b/copy.pdf")
    assert cache.hits == 1
    assert {f.path for f in report.findings} == {"b/copy.pdf"}


def test_changed_content_extension_or_limits_miss(tmp_path: Path) -> None:
    cache = AttachmentCache(tmp_path / "cache")
    path = _pdf(tmp_path)
    cache.inspect(path, display_path="x.pdf")
    write_pdf(path, [text_op(72, 700, "new text")])
    cache.inspect(path, display_path="x.pdf")
    cache.inspect(path, display_path="x.pdf", limits=Limits(max_text_chars=1000))
    assert (cache.misses, cache.hits) == (3, 0)


def test_corrupt_entries_are_ignored_and_rebuilt(tmp_path: Path) -> None:
    cache = AttachmentCache(tmp_path / "cache")
    path = _pdf(tmp_path)
    good = cache.inspect(path, display_path="x.pdf")
    assert len(_entries(tmp_path / "cache")) == 1
    for garbage in ("{not json", '{"facts": 3}', '{"facts": {"sha256": "00"}, "findings": []}', "[]", ""):
        _overwrite(tmp_path / "cache", garbage)
        assert cache.inspect(path, display_path="x.pdf") == good
    assert cache.hits == 0
    assert cache.inspect(path, display_path="x.pdf") == good and cache.hits == 1


def test_timeouts_are_not_cached(tmp_path: Path) -> None:
    cache = AttachmentCache(tmp_path / "cache")
    path = _pdf(tmp_path)
    slow = cache.inspect(path, display_path="x.pdf", limits=Limits(timeout_seconds=0.01))
    assert [f.rule for f in slow.findings] == ["unsafe-timeout"]
    assert _entries(tmp_path / "cache") == []


def test_unwritable_cache_still_inspects(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = AttachmentCache(blocker / "cache")
    report = cache.inspect(_pdf(tmp_path), display_path="x.pdf")
    assert [f.rule for f in report.findings if not f.advisory] == ["pdf-text-under-box"]


def test_an_entry_of_another_foilog_is_never_served(tmp_path: Path) -> None:
    """No inspector version to bump by hand: the store's fingerprint (foilog's code and the parsers' versions) keys every entry."""
    path = _pdf(tmp_path)
    older = AttachmentCache(Store(tmp_path / "cache", fingerprint="an older inspector"))
    older.inspect(path, display_path="x.pdf")
    newer = AttachmentCache(Store(tmp_path / "cache", fingerprint="this inspector"))
    newer.inspect(path, display_path="x.pdf")
    assert (older.misses, newer.misses, newer.hits) == (1, 1, 0)
    assert len(_entries(tmp_path / "cache")) == 1  # the older foilog's entry was removed
