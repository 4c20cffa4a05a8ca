"""The parsing side of the import sandbox: ``python -m foilog.commands.importer._worker``.

Unlike the attachment inspector's one-shot worker, this one stays up and
answers one JSON request per line (:mod:`foilog.workers.sandbox`'s
protocol), because an import of hundreds of letters cannot afford a fresh
interpreter (and pypdf import) per file. It caps its own address space, CPU
time per file, file writes and process creation *before* reading any
request; the parent enforces a wall-clock timeout per file and starts a new
worker whenever one dies, times out or runs out of memory.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from foilog.commands.importer.formats import LetterUnreadable, ReadLimits, docx_lines, pdf_pages
from foilog.workers.sandbox import serve


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


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """One request of the parent (:meth:`foilog.commands.importer.sandbox.Sandbox.extract`): the file, its kind and the read limits."""
    return extract(Path(request["path"]), request["kind"], ReadLimits(**request["limits"]))


def main() -> int:
    return serve(handle)


if __name__ == "__main__":
    sys.exit(main())
