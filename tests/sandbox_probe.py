"""A sandboxed worker for tests of foilog.workers (``python -m sandbox_probe``): each request asks it to misbehave in one way."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from foilog.workers.sandbox import serve


def handle(request: dict[str, Any]) -> dict[str, Any]:
    action = request["do"]
    if action == "echo":
        return {"echo": request.get("value"), "pid": os.getpid()}
    if action == "sleep":
        time.sleep(float(request["seconds"]))
        return {}
    if action == "spin":  # CPU time, not wall-clock time
        end = time.process_time() + float(request["seconds"])
        while time.process_time() < end:
            pass
        return {"pid": os.getpid()}
    if action == "allocate":
        return {"size": len(bytearray(int(request["mb"]) * 1024 * 1024))}
    if action == "write":
        Path(request["path"]).write_bytes(b"written by a sandboxed child")
        return {}
    if action == "exit":
        os._exit(int(request["status"]))
    if action == "garble":
        sys.stdout.write("this is not JSON\n")
        sys.stdout.flush()
        return {}
    if action == "shout":  # far more on the error output than a pipe holds
        sys.stderr.write("warning\n" * 200_000)
        sys.stderr.flush()
        return {"ok": True}
    if action == "fatal":
        return {"fatal": True, "pid": os.getpid()}
    return {"error": f"unknown action {action!r}"}


if __name__ == "__main__":
    sys.exit(serve(handle))
