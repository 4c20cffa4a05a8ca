"""Rendering response pages on the second core while the build renders the first ones.

MkDocs renders pages one after another in one process, so a build uses one
core. Response pages are rendered by foilog (Markdown, templates, sanitising:
most of a build's work) from data already in memory, so a forked process can
render them too: it starts with the same loaded log and renderer, and works
from the *last* response page backwards while the build works forwards. Each
page the helper finishes comes back over a pipe (compressed, as the build
holds it until it gets there); when the build reaches a
page the helper has already rendered, it takes that HTML, and the helper
stops where the two meet (a shared counter tells it how far the build got).
The HTML is the same whoever renders it: the same code on the same data.

If the helper cannot be started (``fork`` unavailable, other threads
running) or dies, the build renders everything itself: nothing depends on
the helper but speed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import zlib
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["Prerenderer"]

BACKGROUND_NICENESS = 10
"""The helper's scheduling priority: below the build, which the user waits for."""
PIPE_BYTES = 1024 * 1024
_F_SETPIPE_SZ = 1031  # Linux's fcntl.F_SETPIPE_SZ


def _work(writer: Any, jobs: Sequence[tuple[int, str, Callable[[], str]]], reached: Any) -> None:
    """In the helper: render from the last job backwards until the build has got there."""
    import gc

    gc.freeze()  # the forked log is shared copy-on-write: keep the collector from touching it
    with contextlib.suppress(OSError, AttributeError):
        os.nice(BACKGROUND_NICENESS)
    # Any failure stops the helper quietly: the build renders the rest itself
    # and reports a real error the way it always does.
    with contextlib.suppress(Exception):
        for index, key, render in reversed(jobs):
            if index <= reached.value:
                break
            writer.send((key, zlib.compress(str(render()).encode(), 1)))
    with contextlib.suppress(OSError):
        writer.close()


class Prerenderer:
    """Pages rendered ahead by a forked helper, in build order ``jobs`` (index, key, render)."""

    def __init__(self, jobs: Sequence[tuple[str, Callable[[], str]]]) -> None:
        self._index = {key: i for i, (key, _) in enumerate(jobs)}
        #: Pages the helper rendered and the build has not reached yet, compressed
        #: (the helper gets about half-way: at 50,000 responses that is 25,000 pages).
        self._received: dict[str, bytes] = {}
        self._process: Any = None
        self._reader: Any = None
        self._reached: Any = None
        if len(jobs) < 2 or threading.active_count() != 1 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._reached = context.Value("q", -1, lock=False)
        self._reader, writer = context.Pipe(duplex=False)
        with contextlib.suppress(OSError, ImportError):
            import fcntl

            fcntl.fcntl(writer.fileno(), _F_SETPIPE_SZ, PIPE_BYTES)  # room for dozens of pages in flight
        numbered = [(i, key, render) for i, (key, render) in enumerate(jobs)]
        self._process = context.Process(target=_work, args=(writer, numbered, self._reached), name="foilog-prerender", daemon=True)
        self._process.start()
        writer.close()

    def take(self, key: str) -> str | None:
        """The helper's HTML for ``key`` if it has rendered it, else None (render it yourself).

        Call in build order: each call also tells the helper how far the build got.
        """
        index = self._index.get(key)
        if self._process is None or index is None:
            return None
        self._reached.value = max(self._reached.value, index)
        self._drain()
        packed = self._received.pop(key, None)
        return None if packed is None else zlib.decompress(packed).decode()

    def close(self) -> None:
        """Stop the helper (safe to call more than once)."""
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            process.join(timeout=10)
            with contextlib.suppress(OSError):
                self._reader.close()
        self._received.clear()

    def _drain(self) -> None:
        try:
            while self._reader.poll():
                key, packed = self._reader.recv()
                self._received[key] = packed
        except (EOFError, OSError):
            pass  # the helper finished or died: what it sent is kept; the build renders the rest
