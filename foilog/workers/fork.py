"""Forked helper processes: when a build may fork, a helper fed through a pair of pipes, and work done in two halves.

The build puts work on the second core in processes forked from itself (the
post-build sweep, the Markdown helper, the second half of loading and
scanning a large log): a fork starts with everything the build holds,
nothing pickled on the way in. Forking is only safe while the build is the
process's only thread (a lock held by another thread would stay locked in
the child); ``mkdocs serve`` runs builds beside its server threads, and then
everything is done in the build's own process. So is it when parallelism is
switched off (:func:`~.policy.parallel_enabled`).

A helper must not outlive its build: a build killed with SIGKILL runs no
clean-up, and a helper waiting on its pipe would wait for ever (the pipe's
other end is held by every process forked after it too). So each helper
asks the kernel for SIGKILL when its parent dies (Linux's
``PR_SET_PDEATHSIG``, which fires when the *thread* that forked exits: the
build forks only from its only thread), checks that the parent did not die
before it asked, and closes the build's ends of its own pipes, so it also
sees them close where ``prctl`` does not exist.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from foilog.workers.policy import parallel_enabled

__all__ = ["PIPE_BYTES", "Helper", "can_fork", "die_with_parent", "enlarge_pipe", "in_two_halves", "start_helper"]

T = TypeVar("T")
R = TypeVar("R")

PIPE_BYTES = 1024 * 1024
"""What a pipe to a helper is enlarged to (Linux's default is 64 KB; 1 MB is the most an unprivileged process may ask)."""


def can_fork(parallel: bool | None = None) -> bool:
    """Whether a helper may be forked now: parallelism is on (the ``parallel`` setting and the environment), ``fork`` exists, and this is the process's only thread."""
    return parallel_enabled(parallel) and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def enlarge_pipe(fd: int, size: int = PIPE_BYTES) -> int | None:
    """Ask for a pipe of ``size`` bytes; its size afterwards, or None where that cannot be known (not Linux)."""
    with contextlib.suppress(OSError, ImportError, AttributeError):
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)
        return int(fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ))
    return None


@dataclass
class Helper:
    """A forked process, the pipe the build sends it work through, and the one it answers through."""

    process: multiprocessing.process.BaseProcess
    jobs: Connection
    results: Connection
    jobs_capacity: int | None
    """The job pipe's size in bytes (None: unknown)."""
    started: float = field(default_factory=time.perf_counter)
    """When it was forked (``time.perf_counter()``): how long it worked, for :mod:`foilog.workers.stagetimes`."""


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """In a forked helper: be killed when the build (``parent``) dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died between the fork and prctl: the signal will never come
        os._exit(0)


def _run_helper(
    target: Callable[..., Any], parent: int, parents_ends: tuple[Connection, ...], jobs: Connection, results: Connection, *args: Any
) -> None:
    """The helper's first steps: tie its life to the build's, drop the build's ends of its pipes, then work."""
    die_with_parent(parent)
    for connection in parents_ends:
        with contextlib.suppress(OSError):
            connection.close()  # so that the job pipe reads end-of-file when the build's end closes
    target(jobs, results, *args)


def start_helper(target: Callable[..., Any], args: tuple[Any, ...], name: str) -> Helper:
    """Fork ``target(jobs, results, *args)`` (check :func:`can_fork` first); the job pipe is enlarged to :data:`PIPE_BYTES`.

    With the ``fork`` start method nothing is pickled on the way in:
    ``target`` and ``args`` are the child's copy of the build's own objects.
    The helper dies with the build (:func:`die_with_parent`).
    """
    context = multiprocessing.get_context("fork")
    jobs_reader, jobs = context.Pipe(duplex=False)
    results, results_writer = context.Pipe(duplex=False)
    capacity = enlarge_pipe(jobs.fileno())
    process = context.Process(
        target=_run_helper, args=(target, os.getpid(), (jobs, results), jobs_reader, results_writer, *args), name=name, daemon=True
    )
    process.start()
    jobs_reader.close()  # the helper's ends: only it holds them now
    results_writer.close()
    return Helper(process, jobs, results, capacity)


# -- independent work over a list, in two halves ------------------------------------------------
RESULT_CHUNK = 250
"""A list result comes back this many items a message: half a large log pickled at once (about 150 MB at
10,000 long letters) would sit whole in both processes' memory, as bytes, beside the objects it holds."""


def _half(_jobs: Connection, results: Connection, work: Callable[[Sequence[Any]], Any], items: Sequence[Any]) -> None:
    """In the forked helper: do ``work`` on its half and send the result back (or say that it failed).

    A list is sent :data:`RESULT_CHUNK` items at a time (``("part", items)`` then ``("done", None)``).
    """
    try:
        result = work(items)
    except BaseException as exc:  # the build does this half itself
        with contextlib.suppress(Exception):
            results.send(("failed", repr(exc)))
        return
    with contextlib.suppress(Exception):
        if isinstance(result, list):
            for start in range(0, len(result), RESULT_CHUNK):
                results.send(("part", result[start : start + RESULT_CHUNK]))
            results.send(("done", None))
        else:
            results.send(("done", result))


def _receive(results: Connection) -> tuple[bool, Any]:
    """The helper's answer: ``(True, result)``, or ``(False, None)`` if it failed or died (a list comes in parts)."""
    parts: list[Any] = []
    while True:
        try:
            kind, value = results.recv()
        except (EOFError, OSError):
            return False, None
        if kind == "part":
            parts += value
        elif kind == "done":
            return True, (parts if value is None else value)
        else:
            return False, None


def in_two_halves(items: Sequence[T], work: Callable[[Sequence[T]], R], *, minimum: int, parallel: bool | None = None) -> list[R]:
    """``[work(first half), work(second half)]``, the second half in a forked helper when ``items`` has ``minimum`` or more.

    Loading and scanning a large log happen before MkDocs renders anything,
    on one core, while the second core has nothing to do yet; each item is
    done on its own, so the second half can go to a forked helper (which
    starts with everything this process holds, copy-on-write) and only its
    results come back, pickled. ``work`` must return something picklable.

    Nothing depends on the fork but speed: where it cannot be used
    (:func:`can_fork` with ``parallel``, too little work) the result is
    ``[work(items)]``, and if the helper fails its half is done here, so the
    results are always those of doing it all here, in the same order.
    """
    half = len(items) // 2
    if len(items) < minimum or half == 0 or not can_fork(parallel):
        return [work(items)]
    first, second = items[:half], items[half:]
    try:
        helper = start_helper(_half, (work, second), "foilog-half")
    except OSError:
        return [work(items)]
    try:
        mine = work(first)
        ok, theirs = _receive(helper.results)
        if not ok:
            theirs = work(second)
    finally:
        for connection in (helper.jobs, helper.results):
            connection.close()
        helper.process.join()
    return [mine, theirs]
