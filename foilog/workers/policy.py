"""The policies every helper process follows: whether helpers run at all, and at what priority.

**Parallel or not.** Helpers only buy speed: every piece of work they do has
an in-process path that gives the same result, byte for byte (a test builds
the sample site both ways and compares every file). The ``parallel`` plugin
option turns them off for one site; ``FOILOG_PARALLEL=0`` (or ``false``,
``no``, ``off``) for one run, whatever the site says: for a machine with one
core, a debugger or profiler that must see all the work, or a container that
forbids ``fork``.

**Priority.** A build's time is what the user waits for, so a helper running
beside it yields the core when both want it. There are two kinds of helper:

* those the build waits for at its end. Pagefind's work cannot be shared:
  each part of the index is indexed and written by one Pagefind process, so
  whatever it has not done when the last page is written is done on one
  core. It runs :data:`SEARCH_NICENESS` below the build, above the
  post-build sweep (:data:`BACKGROUND_NICENESS`). At the end the build
  hands the sweeping process every file left
  (:meth:`foilog.gate.sweep.SiteSweeper.hand_over`) and waits for Pagefind,
  so the two have a core each; then it splits what the sweep has left with
  the sweeping process (:meth:`foilog.gate.sweep.SiteSweeper.finish`). With
  the two at the same priority, Pagefind fell behind while the pages were
  written, and the build then waited for it alone (2,000 seed-sized
  responses, 2 cores: 48.2 s against 44.9 s on average over three
  alternating runs each);
* those whose work the build does itself if they fall behind (the helper
  converting Markdown ahead): :data:`SPARE_NICENESS`, the lowest, so they
  take only what is left and never slow the other helpers.

Work the build waits for at once (the second half of loading, checking and scanning)
runs at the build's own priority. Niceness is counted from the build's own,
so a build started with ``nice`` keeps its helpers below it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = [
    "BACKGROUND_NICENESS",
    "PARALLEL_VARIABLE",
    "SEARCH_NICENESS",
    "SPARE_NICENESS",
    "InThisThread",
    "lower_priority",
    "parallel_enabled",
    "thread_pool",
]

T = TypeVar("T")

PARALLEL_VARIABLE = "FOILOG_PARALLEL"
"""Set to 0, false, no or off to run every helper's work in the build's own process."""
OFF_VALUES = frozenset({"0", "false", "no", "off"})
"""What turns helpers off in :data:`PARALLEL_VARIABLE` (read here and by :mod:`foilog.engine.options`)."""
_OFF = OFF_VALUES

SEARCH_NICENESS = 5
"""How far below the build Pagefind runs: the build goes first, and Pagefind before the sweep (see above)."""
BACKGROUND_NICENESS = 10
"""How far below the build a helper it waits for at its end, and whose work the build can share, runs (the sweep)."""
SPARE_NICENESS = 19
"""How far below the build a helper whose work the build can do itself runs (the Markdown helper): the lowest priority."""
_LOWEST = 19


def parallel_enabled(setting: bool | None = None) -> bool:
    """Whether helper processes may be used: the ``parallel`` option (``None``: not set, so yes) unless :data:`PARALLEL_VARIABLE` says off."""
    if os.environ.get(PARALLEL_VARIABLE, "").strip().lower() in _OFF:
        return False
    return setting is not False


def lower_priority(pid: int = 0, *, below_build: int = BACKGROUND_NICENESS) -> None:
    """Run process ``pid`` (0: this one, a forked helper) ``below_build`` steps of niceness below the build.

    The build is this process (or, for a forked helper, the one it was forked
    from, whose niceness it inherited). Where priorities cannot be changed
    (not Unix, a sandbox forbidding it), nothing happens: only speed depends on it.
    """
    with contextlib.suppress(OSError, AttributeError):
        build = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, pid, min(_LOWEST, build + below_build))


class InThisThread(Executor):
    """An executor that does each task when it is submitted, in the caller's thread: a thread pool with parallelism off."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def thread_pool(parallel: bool | None, max_workers: int, name: str) -> Executor:
    """Threads doing work ahead of the build (:func:`parallel_enabled`), or :class:`InThisThread` when parallelism is off."""
    if not parallel_enabled(parallel):
        return InThisThread()
    return ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=name)
