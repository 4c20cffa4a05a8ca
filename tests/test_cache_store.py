"""The one cache (foilog.cache): one SQLite store, one folder, one fingerprint for every kind of entry.

Concurrent writers lose nothing; another fingerprint is never read; a corrupt
database costs speed and one warning, never a build; the fingerprint follows
every file of the package (the old hand-kept list of scanning modules missed
a detector moved elsewhere); ``response.yml`` is read once per build.
"""

from __future__ import annotations

import logging
import multiprocessing
import pathlib
import shutil
import sqlite3
import tomllib
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from logbuilder import TODAY, TODAY_ARG, LogBuilder

import foilog.cache.identity as identity
import foilog.cache.store as store_module
from foilog.cache import CACHE_DIR, DB_FILE, PACKAGE_DIR, Store, cache_folder, code_fingerprint, fingerprint
from foilog.commands.cli import main
from foilog.engine.mkdocs_config import load_project
from foilog.site.pipeline import check_project

REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def fresh_fingerprint() -> Iterator[None]:
    identity.fingerprint.cache_clear()
    yield
    identity.fingerprint.cache_clear()


def _write(folder: str, writer: int, count: int) -> None:
    store = Store(Path(folder), fingerprint="f")
    for n in range(count):
        store.put("kind", f"{writer}-{n}", f"value {writer} {n}" * 20)
    assert store.broken is None


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    Store(tmp_path, fingerprint="f").put("kind", "before", "inherited")  # a connection open before the fork
    writers = [context.Process(target=_write, args=(str(tmp_path), w, 300)) for w in range(2)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(120)
        assert process.exitcode == 0
    reader = Store(tmp_path, fingerprint="f")
    assert all(reader.get("kind", f"{w}-{n}") == f"value {w} {n}" * 20 for w in range(2) for n in range(300))
    with closing(sqlite3.connect(tmp_path / DB_FILE)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (601,)


def test_a_writer_that_looked_before_another_made_the_database_keeps_its_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked writers open a new database at the same moment: each looks at its layout before taking the write lock.

    The one that looked first, saw no layout and then waited for the lock
    used to drop the tables the other had just made and filled (CI lost
    entries of ``test_concurrent_writers_lose_nothing_and_read_safely`` once
    in about fifty runs). Here the stale look is made certain: the first
    reading of the layout says "none", as it did before the other writer.
    """
    Store(tmp_path, fingerprint="f").put_many("kind", {"a": "1", "b": "2"})
    real = store_module._layout
    looks: list[int] = []

    def stale_first(db: sqlite3.Connection) -> int:
        looks.append(real(db))
        return 0 if len(looks) == 1 else looks[-1]

    monkeypatch.setattr(store_module, "_layout", stale_first)
    late = Store(tmp_path, fingerprint="f")
    assert [late.get("kind", "a"), late.get("kind", "b")] == ["1", "2"]
    assert late.broken is None and len(looks) == 2  # looked again under the lock


def test_a_changed_fingerprint_invalidates_every_kind_of_entry(tmp_path: Path) -> None:
    old = Store(tmp_path, fingerprint="old foilog")
    old.put_many("scan", {"a": "1", "b": "2"})
    old.put("attachment", "c", "3")
    old.close()
    new = Store(tmp_path, fingerprint="new foilog")
    assert [new.get("scan", "a"), new.get("scan", "b"), new.get("attachment", "c")] == [None, None, None]
    new.put("scan", "a", "fresh")
    assert new.get("scan", "a") == "fresh"
    with closing(sqlite3.connect(tmp_path / DB_FILE)) as db:
        assert db.execute("SELECT kind, key, fingerprint FROM entries").fetchall() == [("scan", "a", "new foilog")]
    assert Store(tmp_path, fingerprint="old foilog").get("scan", "a") is None  # never read under another fingerprint


def test_the_fingerprint_follows_every_file_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "foilog"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(package)
    assert before is not None and before == code_fingerprint(package)
    # A detector edited where it is:
    detector = package / "gate" / "textscan" / "detect_phones.py"
    original = detector.read_text("utf-8")
    detector.write_text(original + "\n# a pattern changed\n", encoding="utf-8")
    edited = code_fingerprint(package)
    assert edited != before
    detector.write_text(original, encoding="utf-8")
    assert code_fingerprint(package) == before
    # A detector moved to a module no list named (the old scan cache kept its stale results then):
    (package / "elsewhere").mkdir()
    moved = package / "elsewhere" / "detect_phones.py"
    detector.rename(moved)
    assert code_fingerprint(package) not in (before, edited)
    moved.rename(detector)
    # A data file, a template:
    (package / "gate" / "textscan" / "public_facts.yml").write_text("changed: true\n", encoding="utf-8")
    assert code_fingerprint(package) != before
    # Bytecode is derived: it does not count.
    shutil.copytree(PACKAGE_DIR, package, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.cpython-312.pyc").write_bytes(b"\x00")
    assert code_fingerprint(package) == before


def test_the_fingerprint_covers_every_runtime_dependency_and_python() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    names = {identity._normal(identity._NAME.match(r).group(1)) for r in pyproject["project"]["dependencies"]}  # type: ignore[union-attr]
    covered = set(identity.versioned_packages())
    assert names - {"click", "rich"} <= covered  # the command line's own libraries change no result
    assert {"python", "unicode", "pypdf", "pypdfium2", "phonenumbers", "openpyxl", "pillow", "numpy", "nh3", "markdown", "pagefind"} <= set(
        identity.versions()
    )


def test_versions_change_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    before = fingerprint()
    real = identity.versions()
    monkeypatch.setattr(identity, "versions", lambda: {**real, "pypdfium2": "0.0.1"})
    identity.fingerprint.cache_clear()
    assert before is not None and fingerprint() not in (None, before)


def test_one_cache_folder_honouring_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOILOG_NO_CACHE", raising=False)
    assert cache_folder(tmp_path) == tmp_path / CACHE_DIR == tmp_path / ".foilog-cache"
    assert cache_folder(tmp_path, no_cache=True) is None
    for value, ignored in (("1", True), ("yes", True), ("0", False), ("false", False), ("", False)):
        monkeypatch.setenv("FOILOG_NO_CACHE", value)
        assert (cache_folder(tmp_path) is None) is ignored, value


def test_an_unwritable_or_corrupt_store_warns_once_and_stores_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / DB_FILE).write_bytes(b"this is not a database" * 100)
    for folder in (blocker / "cache", corrupt):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="foilog.cache"):
            store = Store(folder, fingerprint="f")
            store.put("kind", "k", "v")
            assert store.get("kind", "k") is None
            store.put_many("kind", {"a": "b"})
        assert store.broken is not None and not store.usable
        messages = [r.getMessage() for r in caplog.records if r.name == "foilog.cache"]
        assert len(messages) == 1, messages
        assert str(folder / DB_FILE) in messages[0] and f"delete the folder {folder}" in messages[0]
    assert (corrupt / DB_FILE).read_bytes() == b"this is not a database" * 100  # left for the user to look at


def test_old_cache_files_are_removed_when_the_database_is_made(tmp_path: Path) -> None:
    (tmp_path / "scan" / "0123").mkdir(parents=True)
    (tmp_path / "scan" / "0123" / "seg-1.tsv").write_text("old\n", encoding="ascii")
    (tmp_path / "attachments" / "ab").mkdir(parents=True)
    (tmp_path / "site-manifest.json").write_text("{}", encoding="utf-8")
    Store(tmp_path, fingerprint="f").put("kind", "k", "v")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(DB_FILE)) == []


def _clean_log(root: Path) -> LogBuilder:
    builder = LogBuilder(root)
    builder.valid()
    return builder


def test_a_corrupt_database_never_breaks_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("FOILOG_NO_CACHE", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    builder = _clean_log(tmp_path / "log")
    args = ["build", "-f", str(builder.config), "--today", TODAY_ARG]
    first = CliRunner().invoke(main, [*args, "--site-dir", str(tmp_path / "first")], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    database = builder.root / ".foilog-cache" / DB_FILE
    for extra in (database.with_name(DB_FILE + "-wal"), database.with_name(DB_FILE + "-shm")):
        extra.unlink(missing_ok=True)
    database.write_bytes(b"\x00 scrambled by a crash \xff" * 400)
    with caplog.at_level(logging.WARNING, logger="foilog.cache"):
        again = CliRunner().invoke(main, [*args, "--site-dir", str(tmp_path / "again")], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    warnings = [r.getMessage() for r in caplog.records if r.name == "foilog.cache"]
    assert len(warnings) == 1 and "file is not a database" in warnings[0]
    pages = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first").rglob("*.html"))
    assert pages and pages == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*.html"))
    for page in pages:
        assert (tmp_path / "again" / page).read_bytes() == (tmp_path / "first" / page).read_bytes(), page


def test_response_yml_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _clean_log(tmp_path / "log")
    reads: list[str] = []
    real = pathlib.Path.read_bytes

    def counting(self: Path) -> bytes:
        if self.name == "response.yml":
            reads.append(str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", counting)
    log, scan = check_project(load_project(builder.config), TODAY)
    assert len(log.responses) == 1 and scan.files_scanned > 0
    assert reads == [str(log.responses[0].folder / "response.yml")]


def test_holds_any_says_whether_a_kind_has_entries_under_this_fingerprint(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = Store(tmp_path / "ok", fingerprint="f")
    assert not store.holds_any("scan")
    store.put("scan", "k", "v")
    assert store.holds_any("scan") and not store.holds_any("other")
    assert not Store(tmp_path / "ok", fingerprint="g").holds_any("scan")  # another fingerprint's entries are not this one's
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / DB_FILE).write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="foilog.cache"):
        unread = Store(corrupt, fingerprint="f")
        assert unread.holds_any("scan")  # not known to be empty: a reader must not skip the store on its word
    assert unread.broken is not None
