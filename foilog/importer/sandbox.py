"""A long-lived, resource-limited worker process that parses PDF and DOCX letters.

A hostile PDF can make pypdf loop or allocate without bound; in a separate
process with an address-space cap and a per-file wall-clock timeout, the worst
case is a clear per-file failure. The worker is reused across files (starting
Python and importing pypdf for each of 500 letters would dominate the run) and
replaced whenever it dies or is killed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .formats import ReadLimits

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class Sandbox:
    """Send files to the worker one at a time; use as a context manager."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        proc = subprocess.Popen(
            [sys.executable, "-m", "foilog.importer._worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        assert proc.stdin is not None
        proc.stdin.write((json.dumps(dataclasses.asdict(self.limits)) + "\n").encode())
        proc.stdin.flush()
        self._buffer = b""
        return proc

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            assert proc.stdin is not None
            proc.stdin.close()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._kill(proc)

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def extract(self, path: Path, kind: str) -> dict[str, Any]:
        """``{"pages": [...]}`` or ``{"error": message}``; never raises for a bad file."""
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._start()
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write((json.dumps({"path": str(path), "kind": kind}) + "\n").encode())
            proc.stdin.flush()
        except OSError:
            self._proc = None
            return {"error": "the reader process stopped unexpectedly; try the file again on its own"}
        line = self._read_line(proc)
        if line is None:
            timed_out = proc.poll() is None
            self._kill(proc)
            self._proc = None
            if timed_out:
                return {
                    "error": f"reading the file took longer than {self.limits.timeout_seconds:.0f} seconds, so it was stopped; re-save or simplify it"
                }
            return {
                "error": "reading the file needed more memory than allowed or crashed the reader (a damaged or hostile file); re-save it"
            }
        try:
            result = json.loads(line)
        except ValueError:
            result = {"error": "the reader returned no usable result; re-save the file from its source application"}
        if result.get("fatal"):
            self.close()
        return result if isinstance(result, dict) else {"error": "the reader returned no usable result"}

    def _read_line(self, proc: subprocess.Popen[bytes]) -> bytes | None:
        """One reply line, or None on timeout or a dead worker."""
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + self.limits.timeout_seconds
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line
