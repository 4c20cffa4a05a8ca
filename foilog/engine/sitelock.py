"""One build at a time per site folder, and no staging folders left by dead builds.

``foilog build`` builds into ``.site-building-*`` beside ``site/`` and swaps
it in at the end (:mod:`foilog.engine.mkdocs_build`). Two builds into the same
folder would race: whichever finished last would win, even if it had read
an older working tree, and both would exit 0. So a build first takes an
exclusive ``flock`` on ``.site.lock`` beside the site folder, before it reads
anything. A second build waits for it, saying so once, and fails clearly
after :data:`DEFAULT_TIMEOUT` seconds (``FOILOG_BUILD_LOCK_TIMEOUT``).

The kernel drops the lock when its holder dies (even by SIGKILL), so a lock
is never stale; and while a build holds it, no other build of that site is
running, so any ``.site-building-*`` or ``.site-old-*`` folder beside the site
is a dead build's: :func:`remove_stale` deletes them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["DEFAULT_TIMEOUT", "LockTimeout", "lock_path", "remove_stale", "site_lock", "staging_prefixes"]

DEFAULT_TIMEOUT = 15 * 60
"""Seconds a build waits for another build of the same site (longer than any sane build; CI jobs time out before)."""
TIMEOUT_VARIABLE = "FOILOG_BUILD_LOCK_TIMEOUT"
_POLL_SECONDS = 0.1


class LockTimeout(Exception):
    """Another build held the site's lock for longer than the timeout; the message says what to do."""


def lock_path(site: Path) -> Path:
    """The lock file of the site folder ``site``: ``.<name>.lock`` beside it."""
    return site.with_name(f".{site.name}.lock")


def staging_prefixes(site: Path) -> tuple[str, str]:
    """The name prefixes of a build's staging folder and of the replaced site it deletes."""
    return f".{site.name}-building-", f".{site.name}-old-"


def _timeout() -> float:
    value = os.environ.get(TIMEOUT_VARIABLE, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


@contextlib.contextmanager
def site_lock(site: Path) -> Iterator[None]:
    """Hold the site folder's lock for the ``with`` block; wait for another build, at most the timeout.

    Where ``flock`` does not exist (Windows) builds are not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Linux or macOS
        yield
        return
    path = lock_path(site)
    shown = os.path.relpath(site, Path.cwd())
    shown = str(site) if shown.startswith("..") else shown
    with open(path, "a+", encoding="utf-8") as handle:
        timeout = _timeout()
        deadline = time.monotonic() + timeout
        said = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another foilog build of {shown}/ is still running ({_holder(path)}holding {path}); waited {timeout:g} s. "
                        f"Let it finish and build again, or set {TIMEOUT_VARIABLE} to wait longer (in seconds)"
                    ) from None
                if not said:
                    print(
                        f"Waiting for another foilog build of {shown}/ to finish ({_holder(path)}lock {path})…", file=sys.stderr, flush=True
                    )
                    said = True
                time.sleep(_POLL_SECONDS)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")  # for the message of a build that waits
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """``"pid N, "`` of the build holding the lock, as it wrote it (empty if unknown)."""
    with contextlib.suppress(OSError, ValueError):
        pid = int(path.read_text("utf-8").strip())
        return f"pid {pid}, "
    return ""


def remove_stale(site: Path) -> list[Path]:
    """Delete the staging and replaced-site folders dead builds left beside ``site``; call only while holding its lock."""
    removed = []
    prefixes = staging_prefixes(site)
    with contextlib.suppress(OSError):
        for entry in site.parent.iterdir():
            if entry.name.startswith(prefixes) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed
