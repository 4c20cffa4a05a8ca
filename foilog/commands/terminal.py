"""What ``foilog`` shows on the editor's own terminal and keeps out of CI logs: the build's progress line, CI detection.

Why: a build of a large log runs for minutes, and a silent terminal looks hung; but a CI log
should hold what a reviewer reads (the findings and one summary line), not hundreds of
redraws. So the progress line is drawn only when standard error is a terminal and no CI
variable is set, and it is a single line rewritten in place (rich), on standard error.

The line is redrawn by the build's own thread when it reports progress, a few times a
second at most: a drawing thread would keep the build from forking its helpers
(:func:`foilog.workers.fork.can_fork` requires a single thread).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO

from rich.console import Console
from rich.live import Live
from rich.text import Text

from foilog.workers import progress

__all__ = ["CI_VARIABLES", "ProgressLine", "progress_shown", "running_in_ci", "showing_progress"]

CI_VARIABLES = ("CI", "GITHUB_ACTIONS")
"""Set by CI services (GitHub Actions sets both): a log there may be public, and is read afterwards, not watched."""
_FRAMES = "|/-\\"
_INTERVAL = 0.125


def running_in_ci(environ: Mapping[str, str] | None = None) -> bool:
    """True when a CI variable is set to anything but empty, ``0`` or ``false``."""
    env = os.environ if environ is None else environ
    return any(env.get(name, "").strip().lower() not in ("", "0", "false") for name in CI_VARIABLES)


def progress_shown(stream: IO[str] | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to draw the progress line: ``stream`` (standard error) is a terminal, and this is not CI."""
    stream = sys.stderr if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not running_in_ci(environ)


class ProgressLine:
    """A :class:`foilog.workers.progress.Listener` that keeps one line up to date: the stage, then the counts."""

    def __init__(self, console: Console, *, interval: float = _INTERVAL) -> None:
        self.current = ""
        self.counts: dict[str, tuple[int, int | None]] = {}
        self._live = Live(Text(""), console=console, auto_refresh=False, transient=True, redirect_stdout=False)
        self._interval = interval
        self._drawn = 0.0
        self._frame = 0

    def text(self) -> str:
        """``| 812 responses loaded · 400/812 responses scanned · scan: attachments``: the counts first (they fit a narrow terminal)."""
        counts = [f"{done:,}/{total:,} {what}" if total else f"{done:,} {what}" for what, (done, total) in self.counts.items()]
        return " · ".join([f"{_FRAMES[self._frame % len(_FRAMES)]} {counts[0] if counts else 'starting'}", *counts[1:], self.current])

    def stage(self, name: str) -> None:
        self.current = name
        self._draw(force=True)

    def count(self, what: str, done: int, total: int | None) -> None:
        self.counts[what] = (done, total)
        self._draw()

    def _draw(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn < self._interval:
            return
        self._drawn = now
        self._frame += 1
        self._live.update(Text(self.text(), no_wrap=True, overflow="ellipsis"), refresh=True)

    def __enter__(self) -> ProgressLine:
        self._live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.stop()  # transient: the line is wiped, the summary takes its place


@contextmanager
def showing_progress(console: Console | None = None) -> Iterator[ProgressLine | None]:
    """Draw the build's progress on standard error inside the block, when :func:`progress_shown`; else do nothing."""
    if console is None:
        if not progress_shown():
            yield None
            return
        console = Console(file=sys.stderr)
    with ProgressLine(console) as line, progress.listening(line):
        yield line
