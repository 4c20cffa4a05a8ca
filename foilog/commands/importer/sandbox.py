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

from foilog.commands.importer.formats import ReadLimits
from foilog.workers.limits import ResourceLimits
from foilog.workers.sandbox import Failure, SandboxedWorker, WorkerFailed

WORKER = "foilog.commands.importer._worker"

_ADVICE = {
    Failure.TIMEOUT: "re-save or simplify it",
    Failure.CPU: "re-save or simplify it",
    Failure.MEMORY: "it may be a decompression bomb or a damaged file; re-save it",
    Failure.CRASHED: "it may be a damaged or hostile file; re-save it, or import it again on its own",
    Failure.GARBLED: "re-save the file from its source application",
}
"""What to do, for each way the reader can fail."""


class Sandbox(SandboxedWorker):
    """Send files to the worker one at a time; use as a context manager."""

    def __init__(self, limits: ReadLimits) -> None:
        super().__init__(
            WORKER, timeout_seconds=limits.timeout_seconds, limits=ResourceLimits.for_timeout(limits.memory_mb, limits.timeout_seconds)
        )
        self.read_limits = limits

    def extract(self, path: Path, kind: str) -> dict[str, Any]:
        """``{"pages": [...]}`` or ``{"error": message}``; never raises for a bad file."""
        try:
            return self.ask({"path": str(path), "kind": kind, "limits": dataclasses.asdict(self.read_limits)})
        except WorkerFailed as failure:
            return {"error": f"reading the file {failure}; {_ADVICE[failure.failure]}"}
