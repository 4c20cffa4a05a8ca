"""Run one inspection in a child process with a timeout and resource caps.

Parsers for PDF, zip and XML are large attack surfaces; a crafted file can
make them loop, allocate without bound or crash. Running them in a separate
process (``python -m foilog.attachments._worker``, which caps its own memory
with RLIMIT_AS) means the build can always kill the work and report the file
as unsafe instead of hanging or dying with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from ._common import unsafe
from ._model import Limits, finding_to_json
from ._worker import request_json

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def _failed(display: str, rule: str, message: str) -> dict[str, Any]:
    return {
        "findings": [finding_to_json(unsafe(display, rule, message))],
        "text_pages": [],
        "metadata": [],
        "pages": None,
        "has_text_layer": None,
    }


def run_sandboxed(path: Path, display: str, limits: Limits, kind: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Inspect ``path`` in a worker process; always returns a result dict (``extra``: see :func:`request_json`)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "foilog.attachments._worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, so a timeout kills everything it started
    )
    try:
        stdout, stderr = proc.communicate(request_json(path, display, limits, kind, extra).encode(), timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return _failed(
            display,
            "unsafe-timeout",
            f"checking the file took longer than {limits.timeout_seconds:.0f} seconds, so it was "
            "stopped; very complex or deliberately malformed files do this: simplify, re-save "
            "or split it",
        )
    if proc.returncode != 0:
        if proc.returncode == -signal.SIGXCPU or proc.returncode == -signal.SIGKILL:
            return _failed(
                display,
                "unsafe-timeout",
                "checking the file used more CPU time than allowed, so it was stopped; simplify, re-save or split it",
            )
        if b"MemoryError" in stderr:
            return _failed(
                display,
                "unsafe-too-large",
                "opening the file needed more memory than the limit allows (a decompression "
                "bomb or an extremely complex file); re-save or split it",
            )
        return _failed(
            display,
            "unsafe-unparseable",
            f"the parser stopped unexpectedly (exit status {proc.returncode}), so the file could "
            "not be checked; re-save or re-export it from its source application",
        )
    try:
        result = json.loads(stdout)
        if not isinstance(result, dict) or "findings" not in result:
            raise ValueError("bad shape")
        return result
    except ValueError:
        return _failed(
            display,
            "unsafe-unparseable",
            "the checker returned no usable result, so the file could not be checked; re-save or re-export it from its source application",
        )
