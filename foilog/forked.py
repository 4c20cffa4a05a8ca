"""Forked helper processes: when a build may fork, and a helper fed through a pair of pipes.

The build puts work on the second core in processes forked from itself
(:mod:`foilog.halves`, :mod:`foilog.sweep`, :mod:`foilog.render.markdown_ahead`):
a fork starts with everything the build holds, nothing pickled on the way in.
Forking is only safe while the build is the process's only thread (a lock
held by another thread would stay locked in the child); ``mkdocs serve``
runs builds beside its server threads, and then everything is done in the
build's own process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["PIPE_BYTES", "Helper", "can_fork", "enlarge_pipe", "start_helper"]

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
    """The job pipe's size in bytes (None: unknown)."""


def start_helper(target: Callable[..., Any], args: tuple[Any, ...], name: str) -> Helper:
    """Fork ``target(jobs, results, *args)`` (check :func:`can_fork` first); the job pipe is enlarged to :data:`PIPE_BYTES`."""
    context = multiprocessing.get_context("fork")
    jobs_reader, jobs = context.Pipe(duplex=False)
    results, results_writer = context.Pipe(duplex=False)
    capacity = enlarge_pipe(jobs.fileno())
    process = context.Process(target=target, args=(jobs_reader, results_writer, *args), name=name, daemon=True)
    process.start()
    jobs_reader.close()  # the helper's ends: only it holds them now
    results_writer.close()
    return Helper(process, jobs, results, capacity)
