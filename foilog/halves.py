"""Do independent work over a list in two halves: the second in a forked process, the first here.

Loading and scanning a large log happen before MkDocs renders anything, on
one core, while the second core has nothing to do yet (it later runs
Pagefind and the build's helpers). Each response is read and scanned on its
own, so the second half of the list can go to a forked process: it starts
with everything this process holds (copy-on-write; nothing is pickled on
the way in) and sends back only its results.

Nothing depends on the fork but speed: where it cannot be used (no ``fork``,
other threads running, too little work) or the child fails, the second half
is done here too, so the results are always those of doing it all here, in
the same order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .forked import can_fork, die_with_parent

__all__ = ["in_two_halves"]

T = TypeVar("T")
R = TypeVar("R")

_JOB: tuple[Callable[[Sequence[Any]], Any], Sequence[Any]] | None = None


def _run_job() -> Any:
    """In the forked process: the job it inherited."""
    assert _JOB is not None
    work, items = _JOB
    return work(items)


def in_two_halves(items: Sequence[T], work: Callable[[Sequence[T]], R], *, minimum: int) -> list[R]:
    """``[work(first half), work(second half)]``, the second half in a forked process when ``items`` has ``minimum`` or more.

    ``work`` must return something picklable. With fewer items (or no fork),
    ``[work(items)]``.
    """
    global _JOB
    half = len(items) // 2
    if len(items) < minimum or half == 0 or not can_fork():
        return [work(items)]
    first, second = items[:half], items[half:]
    pool: ProcessPoolExecutor | None = None
    try:
        _JOB = (work, second)  # inherited by the forked process, never pickled
        try:
            pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent, initargs=(os.getpid(),)
            )
            future = pool.submit(_run_job)
        except (OSError, RuntimeError):
            return [work(items)]
        finally:
            _JOB = None
        mine = work(first)
        try:
            theirs = future.result()
        except Exception:  # the child died or failed: do its half here
            theirs = work(second)
        return [mine, theirs]
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
