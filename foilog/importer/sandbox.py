"""A long-lived, resource-limited worker process that parses PDF and DOCX letters.

A hostile PDF can make pypdf loop or allocate without bound; in a separate
process (:mod:`foilog.workers.sandbox`) with an address-space and CPU cap
and a per-file wall-clock timeout, the worst case is a clear per-file
failure. The worker is reused across files (starting Python and importing
pypdf for each of 500 letters would dominate the run) and replaced whenever
it dies or is killed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..workers.limits import ResourceLimits
from ..workers.sandbox import Failure, SandboxedWorker, WorkerFailed
from .formats import ReadLimits

WORKER = "foilog.importer._worker"

_ADVICE = {
    Failure.TIMEOUT: "re-save or simplify it",
    Failure.CPU: "re-save or simplify it",
    Failure.MEMORY: "it may be a decompression bomb or a damaged file; re-save it",
    Failure.CRASHED: "it may be a damaged or hostile file; re-save it, or import it again on its own",
    Failure.GARBLED: "re-save the file from its source application",
}
"""What to do, for each way the reader can fail."""


class Sandbox:
    """Send files to the worker one at a time; use as a context manager."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self._worker = SandboxedWorker(
            WORKER, timeout_seconds=limits.timeout_seconds, limits=ResourceLimits.for_timeout(limits.memory_mb, limits.timeout_seconds)
        )

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        """Whether a worker is up (it is started by the first file)."""
        return self._worker.running

    def close(self) -> None:
        self._worker.close()

    def extract(self, path: Path, kind: str) -> dict[str, Any]:
        """``{"pages": [...]}`` or ``{"error": message}``; never raises for a bad file."""
        try:
            return self._worker.ask({"path": str(path), "kind": kind, "limits": dataclasses.asdict(self.limits)})
        except WorkerFailed as failure:
            return {"error": f"reading the file {failure}; {_ADVICE[failure.failure]}"}
