"""The one sandbox runner: a worker module in a fresh interpreter, JSON over pipes, a timeout and a kill.

Parsers of untrusted files (PDF, zip, XML) are large attack surfaces: a
crafted file can make them loop, allocate without bound or crash. So they
run in a child, ``python -m <worker module>``, which caps its own resources
(:mod:`.limits`) before it reads any request, and the parent can always kill
it and report the file instead of hanging or dying with it.

The protocol is the same for every worker, one line each way:

1. the parent sends the child's :class:`~.limits.ResourceLimits` as JSON;
2. then one request a line (a JSON object); the child answers each with one
   line (a JSON object). A reply with ``"fatal": true`` ends the child (its
   memory may be exhausted or fragmented); the next request starts a new one.

On the child's side, :func:`serve` does all of that around the caller's
handler (its worker module's ``main``). On the parent's side,
:class:`SandboxedWorker` starts the child when it is first needed and again
after it dies, and turns every way it can fail into :class:`WorkerFailed`,
which says what happened (:class:`Failure`) in words each caller completes
with its own "what to do". One child can serve many requests (an import of
hundreds of letters cannot afford an interpreter per file) or one
(:func:`ask_once`).
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self

from foilog.workers.limits import ResourceLimits, cap_resources

__all__ = ["Failure", "SandboxedWorker", "WorkerFailed", "ask_once", "serve"]

_SOURCE_ROOT = Path(__file__).resolve().parents[len(__name__.split(".")) - 1]
"""The folder holding the ``foilog`` package: the child imports the same code as the parent."""
_READ_BYTES = 1 << 20
_STDERR_KEPT = 64 * 1024
"""The end of the child's error output kept to tell why it died (a Python traceback names ``MemoryError``)."""
_CLOSE_SECONDS = 2.0
"""How long a child is given to exit once told there is no more work, before it is killed."""
_FATAL_EXIT = 3


class Failure(enum.Enum):
    """How a sandboxed child failed; each value is what happened, in words that follow "checking the file" or similar."""

    TIMEOUT = "took longer than {seconds:.0f} seconds, so it was stopped"
    CPU = "used more CPU time than allowed, so it was stopped"
    MEMORY = "needed more memory than the limit allows"
    CRASHED = "stopped unexpectedly (exit status {status})"
    GARBLED = "returned no usable result"


class WorkerFailed(Exception):
    """A request got no usable reply; :attr:`failure` says why, ``str()`` says it in words."""

    def __init__(self, failure: Failure, *, seconds: float = 0.0, status: int | None = None) -> None:
        super().__init__(failure.value.format(seconds=seconds, status=status))
        self.failure = failure
        self.status = status


class SandboxedWorker:
    """A sandboxed ``python -m module`` child, started on the first request and after each failure; use as a context manager."""

    def __init__(self, module: str, *, timeout_seconds: float, limits: ResourceLimits) -> None:
        self.module = module
        self.timeout_seconds = timeout_seconds
        self.limits = limits
        self._proc: subprocess.Popen[bytes] | None = None
        self._stdout = bytearray()
        self._stderr = bytearray()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        """Whether a child is up (and would answer the next request without starting)."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The running child's process id (None when none is running)."""
        return self._proc.pid if self.running and self._proc is not None else None

    def ask(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """The child's reply to ``request``; raises :class:`WorkerFailed` (and stops the child) if there is none within the timeout."""
        if not self.running:
            self.close()
            self._proc = self._start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            proc.stdin.write(json.dumps(request).encode() + b"\n")
            proc.stdin.flush()
        except OSError:  # it died before reading the request: say why it died
            raise self._failed(proc, timed_out=False) from None
        line = self._reply(proc)
        if line is None:
            raise self._failed(proc, timed_out=False)
        try:
            reply = json.loads(line)
        except ValueError:
            reply = None
        if not isinstance(reply, dict):
            self._kill(proc)
            raise WorkerFailed(Failure.GARBLED)
        if reply.get("fatal"):
            self.close()
        return reply

    def close(self) -> None:
        """Tell the child there is no more work and let it exit, or kill it (safe to call more than once)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            assert proc.stdin is not None
            proc.stdin.close()
        try:
            proc.wait(timeout=_CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            self._kill(proc)
        self._close_pipes(proc)

    # -- the child's process -----------------------------------------------------------------------
    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_SOURCE_ROOT), env.get("PYTHONPATH", "")) if p)
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # it may not write files at all
        proc = subprocess.Popen(
            [sys.executable, "-m", self.module],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group, so a kill stops everything it started
        )
        self._stdout.clear()
        self._stderr.clear()
        assert proc.stdin is not None
        try:
            proc.stdin.write(json.dumps({"memory_mb": self.limits.memory_mb, "cpu_seconds": self.limits.cpu_seconds}).encode() + b"\n")
            proc.stdin.flush()
        except OSError:
            pass  # it died at once: the request's write fails next and says why
        return proc

    def _reply(self, proc: subprocess.Popen[bytes]) -> bytes | None:
        """One reply line, or None when the child closes its output first; raises :class:`WorkerFailed` when the timeout passes.

        Its error output is read meanwhile (a child blocked writing warnings
        to a full pipe would look like a timeout), keeping only its end.
        """
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.fileno(), proc.stderr.fileno()
        deadline = time.monotonic() + self.timeout_seconds
        watched = [out, err]
        searched = 0
        while (end := self._stdout.find(b"\n", searched)) == -1:
            searched = len(self._stdout)
            if out not in watched:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._failed(proc, timed_out=True)
            ready, _, _ = select.select(watched, [], [], left)
            for fd in ready:
                chunk = os.read(fd, _READ_BYTES)
                if not chunk:
                    watched.remove(fd)
                elif fd == out:
                    self._stdout += chunk
                else:
                    self._stderr += chunk
                    del self._stderr[:-_STDERR_KEPT]
        line = bytes(self._stdout[:end])
        del self._stdout[: end + 1]
        return line

    def _failed(self, proc: subprocess.Popen[bytes], *, timed_out: bool) -> WorkerFailed:
        """Stop the child and say why it gave no reply."""
        self._proc = None
        if timed_out:
            self._kill(proc)
            return WorkerFailed(Failure.TIMEOUT, seconds=self.timeout_seconds)
        try:
            status = proc.wait(timeout=_CLOSE_SECONDS)
        except subprocess.TimeoutExpired:  # it closed its output but lives on
            self._kill(proc)
            status = proc.returncode
        self._drain_stderr(proc)
        self._close_pipes(proc)
        if status in (-signal.SIGXCPU, -signal.SIGKILL):
            return WorkerFailed(Failure.CPU, status=status)
        if b"MemoryError" in self._stderr:
            return WorkerFailed(Failure.MEMORY, status=status)
        return WorkerFailed(Failure.CRASHED, status=status)

    def _drain_stderr(self, proc: subprocess.Popen[bytes]) -> None:
        """Read what the dead child wrote to its error output and was not read yet (its traceback)."""
        if proc.stderr is None or proc.stderr.closed:
            return
        fd = proc.stderr.fileno()
        with contextlib.suppress(OSError):
            while select.select([fd], [], [], _CLOSE_SECONDS)[0] and (chunk := os.read(fd, _READ_BYTES)):
                self._stderr += chunk
                del self._stderr[:-_STDERR_KEPT]

    def _kill(self, proc: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        self._close_pipes(proc)
        if proc is self._proc:
            self._proc = None

    @staticmethod
    def _close_pipes(proc: subprocess.Popen[bytes]) -> None:
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def ask_once(module: str, request: Mapping[str, Any], *, timeout_seconds: float, limits: ResourceLimits) -> dict[str, Any]:
    """One request to a new child, which then exits; raises :class:`WorkerFailed`."""
    with SandboxedWorker(module, timeout_seconds=timeout_seconds, limits=limits) as worker:
        return worker.ask(request)


# -- in the child ------------------------------------------------------------------------------------
def serve(handle: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """The child's main loop (a worker module's ``main``): cap resources, then answer each request with ``handle``'s reply.

    ``handle`` should turn every failure on bad input into a reply; a reply
    with ``"fatal": true`` ends the child after it is sent. A ``MemoryError``
    that escapes ``handle`` ends the child with its name on the error output,
    which the parent reports as :attr:`Failure.MEMORY`.
    """
    first = sys.stdin.readline()
    if not first:
        return 0
    limits = ResourceLimits(**json.loads(first))
    cap_resources(limits)
    for line in sys.stdin:
        cap_resources(limits)  # the CPU time counts from each request
        try:
            reply = handle(json.loads(line))
        except MemoryError:
            sys.stderr.write("MemoryError\n")
            sys.stderr.flush()
            return _FATAL_EXIT
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
        if reply.get("fatal"):
            return _FATAL_EXIT
    return 0
