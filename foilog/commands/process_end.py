"""Ending the ``foilog`` process at once after a build, without tearing its heap down object by object.

A build holds the whole log, its indexes and MkDocs' page objects until it
ends: at 10,000 small responses over 600,000 objects. When the process then
exits normally, Python frees each of them and runs a last collection: 1.2 to
1.4 s at 10,000 responses, after the site is already written and the last
line printed, during which the command looks finished and is not (CI waits
for it; so does anyone timing it).

Only the ``foilog`` command itself does this (:func:`foilog.commands.cli.run`
says it is the whole process); a command called in-process (click's test
runner, a Python caller) returns as usual. What normal exit would have done
and still matters is done first: the caches' SQLite connections are closed
(their write-ahead logs folded in), logging is shut down, and standard output
and error are flushed. Helper processes, Pagefind and worker threads were
stopped by the build's session before its last line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys

from foilog.cache.store import close_every_store

__all__ = ["end_now", "take_process"]

_owner = False


def take_process() -> None:
    """Say that this run is the ``foilog`` command, alone in its process (called by its entry point only)."""
    global _owner
    _owner = True


def end_now(code: int = 0) -> None:
    """End the process with ``code`` now, once everything is written and flushed; return at once if the run does not own it."""
    if not _owner:
        return
    close_every_store()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can reach it anyway
            stream.flush()
    os._exit(code)
