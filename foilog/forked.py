"""Forked helper processes: when a build may fork, and a helper fed through a pair of pipes.

The build puts work on the second core in processes forked from itself
(:mod:`foilog.halves`, :mod:`foilog.sweep`, :mod:`foilog.render.markdown_ahead`):
a fork starts with everything the build holds, nothing pickled on the way in.
Forking is only safe while the build is the process's only thread (a lock
held by another thread would stay locked in the child); ``mkdocs serve``
runs builds beside its server threads, and then everything is done in the
build's own process.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["PIPE_BYTES", "Helper", "can_fork", "die_with_parent", "enlarge_pipe", "start_helper"]

PIPE_BYTES = 1024 * 1024
"""What a pipe to a helper is enlarged to (Linux's default is 64 KB; 1 MB is the most an unprivileged process may ask)."""
_F_SETPIPE_SZ = 1031  # fcntl.F_SETPIPE_SZ, named in the fcntl module only from Python 3.10 on Linux
_F_GETPIPE_SZ = 1032


def can_fork() -> bool:
    """Whether a helper can be forked now: ``fork`` exists and this is the process's only thread."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def enlarge_pipe(fd: int, size: int = PIPE_BYTES) -> int | None:
    """Ask for a pipe of ``size`` bytes; its size afterwards, or None where that cannot be known (not Linux)."""
    with contextlib.suppress(OSError, ImportError):
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, size)
        return int(fcntl.fcntl(fd, _F_GETPIPE_SZ))
    return None


@dataclass
class Helper:
    """A forked process, the pipe the build sends it work through, and the one it answers through."""

    process: multiprocessing.process.BaseProcess
    jobs: Connection
    results: Connection
    jobs_capacity: int | None
    started: float = field(default_factory=time.perf_counter)
    """When it was forked (``time.perf_counter()``): how long it worked, for :mod:`foilog.stagetimes`."""
    """The job pipe's size in bytes (None: unknown)."""


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
