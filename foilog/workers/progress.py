"""What a running build is doing, for whoever shows it: the stage entered, and counts (responses loaded, pages written).

Why a module of its own: the stages and counts happen deep in the build (the log's
loader, the gate, the build session), and what shows them lives at the top (the
command line's progress line on a terminal). The work tells this module; a listener
registered by the command (:func:`listening`) hears it; with none registered, a
notification costs a function call. Nothing here prints or changes what a build does.

Only the process that registered a listener tells it: a helper forked from the build
(:mod:`foilog.workers.fork`) inherits the listener but must not draw on the terminal.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

__all__ = ["Listener", "advance", "count", "listening", "stage_started"]


class Listener(Protocol):
    """Hears a build's progress (:func:`listening`)."""

    def stage(self, name: str) -> None:
        """A stage of work began (:func:`foilog.workers.stagetimes.stage`'s name, such as ``scan: attachments``)."""

    def count(self, what: str, done: int, total: int | None) -> None:
        """``done`` of ``total`` (None: not known) things of a kind, such as ``responses scanned``."""


_listeners: list[tuple[int, Listener]] = []
_counts: dict[str, int] = {}


@contextmanager
def listening(listener: Listener) -> Iterator[Listener]:
    """Tell ``listener`` of the progress of the work done inside the block (in this process)."""
    entry = (os.getpid(), listener)
    _listeners.append(entry)
    _counts.clear()
    try:
        yield listener
    finally:
        _listeners.remove(entry)


def _heard() -> list[Listener]:
    pid = os.getpid()
    return [listener for owner, listener in _listeners if owner == pid]


def stage_started(name: str) -> None:
    """A stage of work began."""
    for listener in _heard():
        listener.stage(name)


def count(what: str, done: int, total: int | None = None) -> None:
    """So far ``done`` things of kind ``what`` (of ``total``, when known)."""
    listeners = _heard()
    if listeners:
        _counts[what] = done
        for listener in listeners:
            listener.count(what, done, total)


def advance(what: str, by: int = 1, total: int | None = None) -> None:
    """``by`` more things of kind ``what``."""
    if _listeners:
        count(what, _counts.get(what, 0) + by, total)
