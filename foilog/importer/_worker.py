"""The parsing side of the import sandbox: ``python -m foilog.importer._worker``.

Unlike the attachment inspector's one-shot worker, this one stays up and
answers one JSON request per line, because an import of hundreds of letters
cannot afford a fresh interpreter (and pypdf import) per file. It caps its
own address space, file writes and process creation *before* reading any
request; the parent enforces a wall-clock timeout per file and starts a new
worker whenever one dies, times out or runs out of memory.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .formats import LetterUnreadable, ReadLimits, docx_lines, pdf_pages


def extract(path: Path, kind: str, limits: ReadLimits) -> dict[str, Any]:
    """Parse one file; every failure becomes ``{"error": message}``, never an exception."""
    try:
        if kind == "pdf":
            return {"pages": pdf_pages(path, limits)}
        if kind == "docx":
            return {"pages": ["\n".join(docx_lines(path, limits))]}
        return {"error": f"cannot read {kind} files"}
    except LetterUnreadable as exc:
        return {"error": str(exc)}
    except MemoryError:
        return {"error": "reading the file needed more memory than allowed (a decompression bomb or a damaged file)", "fatal": True}
    except RecursionError:
        return {"error": "the file's structure is nested too deeply to read; re-save it from its source application"}
    except OSError as exc:
        return {"error": f"the file cannot be read ({exc.strerror or type(exc).__name__})"}
    except Exception as exc:
        return {"error": f"the file could not be read ({type(exc).__name__}); re-save it from its source application"}


def _cap_resources(limits: ReadLimits) -> None:
    import resource

    for which, value in (
        (resource.RLIMIT_AS, limits.memory_mb * 1024 * 1024),
        (resource.RLIMIT_FSIZE, 0),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NPROC, 0),
    ):
        try:
            _soft, hard = resource.getrlimit(which)
            resource.setrlimit(which, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))
        except (ValueError, OSError):
            pass


def main() -> int:
    first = sys.stdin.readline()
    limits = ReadLimits(**json.loads(first))
    _cap_resources(limits)
    for line in sys.stdin:
        request = json.loads(line)
        result = extract(Path(request["path"]), request["kind"], limits)
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
        if result.get("fatal"):
            return 3  # memory may be fragmented or exhausted: let the parent start a fresh worker
    return 0


if __name__ == "__main__":
    sys.exit(main())
