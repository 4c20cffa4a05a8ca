"""Inspect FOI attachments for hidden content and unsafe files before publication.

Most FOI data breaches were in attachments, not in the response text: hidden
worksheets, pivot caches, black boxes over live PDF text, tracked changes,
GPS in photos. :func:`inspect_attachment` checks one file and returns
:class:`AttachmentReport`: the facts the site shows, findings (all
``hidden-content`` or ``unsafe-file``), and the extracted text, which the
caller passes to the personal-data scan (this package never runs it).

Every parser runs in a resource-limited child process (see :mod:`.sandbox`);
anything that cannot be checked fails closed with an ``unsafe-file`` error.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from foilog.gate.attachments._common import FileRefused, unsafe
from foilog.gate.attachments._model import (
    AttachmentFacts,
    AttachmentReport,
    Limits,
    finding_from_json,
)
from foilog.gate.attachments.sniff import OTHER, check_type, file_type

#: Plain text and CSV involve no binary parser, so small ones are read in this
#: process: starting a sandboxed worker costs more than reading them (a log of
#: 50,000 responses may carry thousands of small CSV files).
IN_PROCESS_KINDS = frozenset({"csv", "text"})
IN_PROCESS_MAX_BYTES = 5 * 1024 * 1024

__all__ = [
    "AttachmentFacts",
    "AttachmentReport",
    "FileRefused",
    "Limits",
    "inspect_attachment",
]


def _hash(path: Path) -> tuple[str, bytes, int]:
    """sha256, the first 8 KB (for sniffing) and the size, in one streamed read."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            if not head:
                head = chunk[:8192]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), head, size


def inspect_attachment(path: Path, *, display_path: str, limits: Limits = Limits()) -> AttachmentReport:  # noqa: B008 - frozen, never mutated
    """Inspect one attachment; never raises for a bad file, only reports it.

    ``display_path`` is what findings show (relative to the project root).
    """
    try:
        sha256, head, size = _hash(path)
    except OSError as exc:
        return AttachmentReport(
            facts=None,
            findings=(
                unsafe(
                    display_path, "unsafe-unparseable", f"the file cannot be read ({type(exc).__name__}); check it exists and is readable"
                ),
            ),
        )
    return _inspect_known(path, display_path, limits, sha256, head, size)


def _inspect_known(path: Path, display: str, limits: Limits, sha256: str, head: bytes, size: int) -> AttachmentReport:
    expected = file_type(path)

    def facts(pages: int | None = None, has_text: bool | None = None) -> AttachmentFacts:
        return AttachmentFacts(
            media_type=expected.media_type, kind=expected.kind, size=size, pages=pages, has_text_layer=has_text, sha256=sha256
        )

    if size > limits.max_file_bytes:
        return AttachmentReport(
            facts=facts(),
            findings=(
                unsafe(
                    display,
                    "unsafe-too-large",
                    f"the file is {size / 1e6:,.1f} MB, over the {limits.max_file_bytes / 1e6:,.0f} MB limit; "
                    "split it into smaller files or reduce it (e.g. compress images) before publishing",
                ),
            ),
        )
    try:
        check_type(path, head)
    except FileRefused as refused:
        return AttachmentReport(facts=facts(), findings=(unsafe(display, refused.rule, refused.message),))
    if expected is OTHER:
        ext = f"{path.suffix.lower()} files" if path.suffix else "files without an extension"
        return AttachmentReport(
            facts=facts(),
            findings=(
                unsafe(
                    display,
                    "unsafe-unsupported-format",
                    f"foilog cannot check {ext} for hidden content; publish the information as PDF, CSV, "
                    "a clean .xlsx/.docx, or an image instead",
                ),
            ),
        )
    if limits.sandbox and not (expected.kind in IN_PROCESS_KINDS and size <= IN_PROCESS_MAX_BYTES):
        from foilog.gate.attachments.sandbox import run_sandboxed

        result = run_sandboxed(path, display, limits, expected.kind)
    else:
        from foilog.gate.attachments._worker import run_inspection

        result = run_inspection(path, display, limits, expected.kind)
    findings = tuple(finding_from_json(f) for f in result["findings"])
    return AttachmentReport(
        facts=facts(result.get("pages"), result.get("has_text_layer")),
        findings=findings,
        text_pages=tuple(str(t) for t in result.get("text_pages", [])),
        metadata=tuple((str(k), str(v)) for k, v in result.get("metadata", [])),
        locations=tuple(tuple(str(x) for x in page) for page in result.get("locations", [])),
        stored=tuple((str(k), str(v)) for k, v in result.get("stored", [])),
    )
