"""The parsing side of the sandbox: ``python -m foilog.gate.attachments._worker``.

The parent sends one JSON request (:mod:`foilog.workers.sandbox`'s
protocol); the worker caps its own address space, CPU time, file writes and
process creation (:func:`foilog.workers.limits.cap_resources`) *before* it
imports any parser or opens the file, inspects it, and answers with one JSON
result. Every failure becomes an ``unsafe-*`` finding in that result, so a
hostile file can make the worker fail closed but never make it report a
clean pass.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from foilog.gate.attachments._common import FileRefused, Inspection, TextBudget, unsafe
from foilog.gate.attachments._model import Limits, finding_to_json
from foilog.workers.sandbox import serve


def _inspect_text(path: Path, limits: Limits) -> Inspection:
    """CSV and plain text: decode and hand the text to the caller's scan."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    elif b"\x00" in data:
        raise FileRefused(
            "unsafe-type-mismatch",
            "the file is named as text but contains binary data; check it is the file you meant to publish",
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
    out = Inspection()
    out.text_pages.append(TextBudget(limits.max_text_chars).take(text))
    return out


def _inspect_image(path: Path, display: str) -> Inspection:
    from foilog.gate.attachments.image import check_image

    out = Inspection()
    findings, meta = check_image(path, display)
    out.findings.extend(findings)
    out.metadata.extend(meta)
    return out


def _dispatch(path: Path, display: str, limits: Limits, kind: str) -> Inspection:
    if kind == "pdf":
        from foilog.gate.attachments.pdf_document import inspect_pdf

        return inspect_pdf(path, display, limits)
    if kind == "spreadsheet":
        from foilog.gate.attachments.spreadsheet import inspect_xlsx

        return inspect_xlsx(path, display, limits)
    if kind == "word":
        from foilog.gate.attachments.word import inspect_docx

        return inspect_docx(path, display, limits)
    if kind == "image":
        return _inspect_image(path, display)
    if kind in ("csv", "text"):
        return _inspect_text(path, limits)
    raise FileRefused("unsafe-unsupported-format", "foilog cannot check this type of file")


def _refusal(exc: BaseException) -> tuple[str, str]:
    """Map a parser exception to (rule, plain-English reason)."""
    if isinstance(exc, FileRefused):
        return exc.rule, exc.message
    if isinstance(exc, MemoryError):
        return (
            "unsafe-too-large",
            "opening the file needed more memory than the limit allows "
            "(a decompression bomb or an extremely complex file); re-save or split it",
        )
    name = type(exc).__name__
    if name == "LimitReachedError":
        text = str(exc).lower()
        if "decompress" in text or "output length" in text or "declared size" in text or "length" in text:
            return (
                "unsafe-zip-bomb",
                "a compressed stream in the PDF expands beyond the safety limit "
                "(a decompression bomb); do not publish it, re-create the PDF from its source",
            )
        return ("unsafe-unparseable", f"the file exceeds a safety limit while being read ({str(exc)[:120]}); re-create it from its source")
    if name == "FileNotDecryptedError":
        return ("unsafe-encrypted", "the file is encrypted, so foilog cannot check it; publish an unencrypted copy")
    if isinstance(exc, RecursionError):
        return "unsafe-unparseable", "the file's structure is nested too deeply to read; re-create it from its source"
    return (
        "unsafe-unparseable",
        f"the file could not be read ({name}), so it cannot be checked; re-save or re-export it from its source application",
    )


def run_inspection(path: Path, display: str, limits: Limits, kind: str) -> dict[str, Any]:
    """Inspect in this process and return the JSON-ready result (never raises on bad input)."""
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        result = _dispatch(path, display, limits, kind)
    except MemoryError as exc:
        result = Inspection(findings=[unsafe(display, *_refusal(exc))])
    except RecursionError as exc:
        result = Inspection(findings=[unsafe(display, *_refusal(exc))])
    except Exception as exc:
        result = Inspection(findings=[unsafe(display, *_refusal(exc))])
    return {
        "findings": [finding_to_json(f) for f in result.findings],
        "text_pages": result.text_pages,
        "metadata": result.metadata,
        "locations": result.locations,
        "stored": result.stored,
        "pages": result.pages,
        "has_text_layer": result.has_text_layer,
    }


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """One request of the parent (:func:`foilog.gate.attachments.sandbox.request`): inspect the file, or draw its pictures (``foilog scan --explain``)."""
    limits = Limits(**request["limits"])
    if request["kind"] == "explain":  # pictures of hidden content, drawn here, written by the caller
        from foilog.gate.attachments.explain import run_explain

        return run_explain(Path(request["path"]), request["display"], request.get("explain") or {})
    return run_inspection(Path(request["path"]), request["display"], limits, request["kind"])


def main() -> int:
    return serve(handle)


if __name__ == "__main__":
    sys.exit(main())
