"""The store behind every cache: one SQLite database under the project, in WAL mode.

Why SQLite: the build, its forked sweeping process and the forked half of the
scan write at the same time. SQLite's write-ahead log gives atomic,
concurrent writers (each waits its turn for a few milliseconds: the busy
timeout) and readers that never see half an entry, with no segments to merge
and nothing rewritten by hand. Each entry is keyed by ``(kind, key)`` and
carries the fingerprint of the foilog that wrote it
(:func:`foilog.cache.identity.fingerprint`): an entry of another
fingerprint is never read, and the first writer of a new fingerprint deletes
the old ones.

A cache may only make a run faster, never change or stop it: anything wrong
with the database (corrupt, locked for too long, on a read-only disk) turns
the store off for the rest of the run with one warning that says how to fix
it, and the run computes everything itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from foilog.cache.identity import fingerprint as foilog_fingerprint

CACHE_DIR = Path(".foilog-cache")
"""The cache folder, under the project root (next to mkdocs.yml): the only place foilog keeps anything between runs."""
DB_FILE = "cache.sqlite"
SCHEMA = 1
"""``PRAGMA user_version`` of the database layout; a database of another layout is emptied and made again."""
NO_CACHE_VARIABLE = "FOILOG_NO_CACHE"
"""Set (to anything but empty, 0, false or no) to ignore every cache: what the deploy workflow does."""
BUSY_SECONDS = 10.0
"""How long a writer waits for another one before giving up on the cache (a write takes milliseconds)."""
#: What earlier versions of foilog kept in the cache folder: removed when the database is created.
_OLD_LAYOUT = ("scan", "attachments", "site-manifest.json")
#: What :meth:`Store._first_row` gives when the store could not be read (neither a row nor ``None``: a reader decides).
_UNREAD = object()

log = logging.getLogger("foilog.cache")
_warned: set[str] = set()
#: Connections inherited through ``fork``: never used, never closed in the child (SQLite forbids both).
_inherited: list[sqlite3.Connection] = []
#: Every store made in this process (:func:`close_every_store`).
_stores: weakref.WeakSet[Store] = weakref.WeakSet()


def close_every_store() -> None:
    """Close this process's connection of every store: for a process about to end without tearing its heap down.

    SQLite folds the write-ahead log into the database when its last
    connection closes; a process that ends without closing leaves the ``-wal``
    file behind (harmless: the next run reads it, but it may be large).
    """
    for store in list(_stores):
        store.close()


def caches_ignored(flag: bool = False) -> bool:
    """Whether this run ignores every cache: ``--no-cache`` (``flag``) or :data:`NO_CACHE_VARIABLE`.

    ``.foilog-cache/`` is written by whoever builds in the working tree, and a
    rewritten entry is indistinguishable from a real one; a build that
    publishes must not believe it (docs/publishing.md).
    """
    return flag or os.environ.get(NO_CACHE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def cache_folder(root: Path, *, no_cache: bool = False) -> Path | None:
    """The cache folder of the project at ``root``, or ``None`` when this run ignores every cache (:func:`caches_ignored`)."""
    return None if caches_ignored(no_cache) else Path(root) / CACHE_DIR


class Store:
    """Entries by ``(kind, key)`` under one fingerprint, in ``folder/cache.sqlite``; opened on first use.

    Safe to share with threads and to inherit through ``fork``: a process
    opens its own connection the first time it uses the store.
    """

    def __init__(self, folder: Path, *, fingerprint: str | None = None) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DB_FILE
        #: ``None``: nothing is read or written (foilog's code could not be fingerprinted).
        self.fingerprint = fingerprint if fingerprint is not None else foilog_fingerprint()
        #: Why the store was turned off, once it has been.
        self.broken: str | None = None
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.Lock()
        _stores.add(self)

    @property
    def usable(self) -> bool:
        return self.fingerprint is not None and self.broken is None

    def open(self) -> bool:
        """Open the database now, before helpers are forked: a broken one is found (and warned about) once, and they inherit that.

        False when the store is not usable.
        """
        if not self.usable:
            return False
        with self._lock:
            try:
                self._db()
            except (sqlite3.Error, OSError) as exc:
                self._fail(exc)
        return self.usable

    def get(self, kind: str, key: str) -> str | None:
        """The value stored for ``(kind, key)`` under this fingerprint, or ``None``."""
        if not self.usable:
            return None
        row = self._first_row("SELECT value FROM entries WHERE kind = ? AND key = ? AND fingerprint = ?", (kind, key, self.fingerprint))
        return row[0] if isinstance(row, tuple) and isinstance(row[0], str) else None

    def holds_any(self, kind: str) -> bool:
        """Whether any entry of ``kind`` is stored under this fingerprint (``True`` when that cannot be read: assume it may be)."""
        if not self.usable:
            return False
        return self._first_row("SELECT 1 FROM entries WHERE kind = ? AND fingerprint = ? LIMIT 1", (kind, self.fingerprint)) is not None

    def _first_row(self, sql: str, parameters: tuple[object, ...]) -> object:
        """The query's first row, ``None`` when it has none, :data:`_UNREAD` when the store could not be read (then broken)."""
        with self._lock:
            try:
                row: object = self._db().execute(sql, parameters).fetchone()
            except (sqlite3.Error, OSError) as exc:
                self._fail(exc)
                return _UNREAD
        return row

    def put(self, kind: str, key: str, value: str) -> None:
        """Store one entry (replacing any under the same key)."""
        self.put_many(kind, {key: value})

    def put_many(self, kind: str, entries: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Store several entries in one transaction: all of them or (on failure) none."""
        if not self.usable:
            return
        rows = [(kind, key, self.fingerprint, value) for key, value in (entries.items() if isinstance(entries, Mapping) else entries)]
        if not rows:
            return
        with self._lock:
            try:
                _in_write_transaction(
                    self._db(),
                    lambda db: db.executemany("INSERT OR REPLACE INTO entries (kind, key, fingerprint, value) VALUES (?, ?, ?, ?)", rows),
                )
            except (sqlite3.Error, OSError) as exc:
                self._fail(exc)

    def close(self) -> None:
        """Close this process's connection (the store opens a new one if used again)."""
        with self._lock:
            connection, self._connection = self._connection, None
            if connection is not None and self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    connection.close()

    def _db(self) -> sqlite3.Connection:
        """This process's connection (the caller holds the lock)."""
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        if self._connection is not None:
            _inherited.append(self._connection)  # the parent's: closing it here could disturb the parent's locks
            self._connection = None
        self._connection = _open(self.path, self.fingerprint or "")
        self._pid = os.getpid()
        return self._connection

    def _fail(self, exc: BaseException) -> None:
        """Turn the store off for this run; warn once per database and process."""
        self.broken = f"{type(exc).__name__}: {exc}"
        key = f"{os.getpid()}:{self.path}"
        if key not in _warned:
            _warned.add(key)
            log.warning(
                f"Warning: the cache {self.path} cannot be used ({self.broken}); this run reads and writes no cache, "
                f"which makes it slower but changes none of its results. If this happens again, delete the folder {self.folder} "
                "(it only holds what foilog computes again)."
            )


def _open(path: Path, fingerprint: str) -> sqlite3.Connection:
    """Open (or create) the database in WAL mode, with the current layout and only this fingerprint's entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL stays consistent; a power cut may only lose the last entries
        if _layout(db) != SCHEMA:
            _in_write_transaction(db, _make_layout)
        _forget_other_fingerprints(db, fingerprint)
    except BaseException:
        db.close()
        raise
    if new:
        _remove_old_layout(path.parent)
    return db


def _layout(db: sqlite3.Connection) -> int:
    """The layout version of the database (0 for a new, empty one)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _in_write_transaction(db: sqlite3.Connection, change: Callable[[sqlite3.Connection], object]) -> None:
    """Run ``change`` holding the write lock, committed whole or rolled back.

    ``change`` must look again at what made the caller want it: the first
    look was taken without the lock, and another writer (the build's forked
    helpers open the same database at the same moment) may have made the
    same change since. Deciding on that stale look once dropped a table
    another writer had just made and filled.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        change(db)
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def _make_layout(db: sqlite3.Connection) -> None:
    """Empty the database and make the current layout, unless another writer has just made it."""
    if _layout(db) == SCHEMA:
        return
    db.execute("DROP TABLE IF EXISTS entries")
    db.execute("DROP TABLE IF EXISTS meta")
    db.execute(
        "CREATE TABLE entries (kind TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, value TEXT NOT NULL, "
        "PRIMARY KEY (kind, key)) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(f"PRAGMA user_version = {SCHEMA}")


def _stored_fingerprint(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
    return row[0] if row is not None else None


def _forget_other_fingerprints(db: sqlite3.Connection, fingerprint: str) -> None:
    """Delete every entry of another fingerprint, once per change of fingerprint (a read when nothing changed)."""
    if _stored_fingerprint(db) == fingerprint:
        return

    def forget(db: sqlite3.Connection) -> None:
        if _stored_fingerprint(db) == fingerprint:
            return  # another writer of this fingerprint got there first
        db.execute("DELETE FROM entries WHERE fingerprint != ?", (fingerprint,))
        db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('fingerprint', ?)", (fingerprint,))

    _in_write_transaction(db, forget)


def _remove_old_layout(folder: Path) -> None:
    """Remove what earlier versions kept in ``folder`` (JSON files, segments): nothing reads it any more."""
    for name in _OLD_LAYOUT:
        old = folder / name
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        elif old.is_file() or old.is_symlink():
            with contextlib.suppress(OSError):
                old.unlink()
