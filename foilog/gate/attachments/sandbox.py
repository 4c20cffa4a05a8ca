"""Run one inspection in a sandboxed child (:mod:`foilog.workers.sandbox`) and turn its failures into findings.

Parsers for PDF, zip and XML are large attack surfaces; a crafted file can
make them loop, allocate without bound or crash. Running them in a separate
process (``python -m foilog.gate.attachments._worker``, capped by
:mod:`foilog.workers.limits`) means the build can always kill the work and
report the file as unsafe instead of hanging or dying with it. A fresh child
inspects each file: nothing one file did can change the next one's verdict.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from foilog.gate.attachments._common import unsafe
from foilog.gate.attachments._model import Limits, finding_to_json
from foilog.workers.limits import ResourceLimits
from foilog.workers.sandbox import Failure, WorkerFailed, ask_once

WORKER = "foilog.gate.attachments._worker"

_AGAIN = ", so the file could not be checked; re-save or re-export it from its source application"
_REPORTS = {
    Failure.TIMEOUT: (
        "unsafe-timeout",
        "checking the file",
        "; very complex or deliberately malformed files do this: simplify, re-save or split it",
    ),
    Failure.CPU: ("unsafe-timeout", "checking the file", "; simplify, re-save or split it"),
    Failure.MEMORY: ("unsafe-too-large", "opening the file", " (a decompression bomb or an extremely complex file); re-save or split it"),
    Failure.CRASHED: ("unsafe-unparseable", "the parser", _AGAIN),
    Failure.GARBLED: ("unsafe-unparseable", "the checker", _AGAIN),
}
"""For each way the child can fail: the finding's rule, and the words before and after what happened."""


def _failed(display: str, failure: WorkerFailed) -> dict[str, Any]:
    rule, before, after = _REPORTS[failure.failure]
    return {
        "findings": [finding_to_json(unsafe(display, rule, f"{before} {failure}{after}"))],
        "text_pages": [],
        "metadata": [],
        "pages": None,
        "has_text_layer": None,
    }


def run_sandboxed(path: Path, display: str, limits: Limits, kind: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Inspect ``path`` in a worker process; always returns a result dict (``extra``: see :func:`request`)."""
    try:
        result = ask_once(
            WORKER,
            request(path, display, limits, kind, extra),
            timeout_seconds=limits.timeout_seconds,
            limits=ResourceLimits.for_timeout(limits.memory_mb, limits.timeout_seconds),
        )
    except WorkerFailed as failure:
        return _failed(display, failure)
    if "findings" not in result:
        return _failed(display, WorkerFailed(Failure.GARBLED))
    return result


def request(path: Path, display: str, limits: Limits, kind: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The request the parent sends (:func:`foilog.gate.attachments._worker.handle` reads it); ``extra``: fields of a kind's own."""
    return {**(extra or {}), "path": str(path), "display": display, "limits": dataclasses.asdict(limits), "kind": kind}
