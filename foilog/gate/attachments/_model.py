"""Value types shared by every inspector, and their JSON form.

The JSON form exists because reports cross two boundaries: the sandboxed
worker process sends them back over a pipe, and :mod:`.cache` keeps them on
disk between builds. Both must round-trip a report exactly, so the encoding
lives here, next to the types, rather than in either user.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from foilog.log.findings import Category, Finding, Severity

KINDS = ("pdf", "spreadsheet", "word", "image", "csv", "text", "other")


@dataclass(frozen=True)
class Limits:
    """Resource limits for inspecting one attachment.

    The defaults keep a hostile file (decompression bomb, pathological PDF)
    from taking the build down: every parser runs in a child process with a
    wall-clock timeout and an address-space cap, so the worst case is an
    ``unsafe-*`` finding, never a hung or crashed build.
    """

    max_file_bytes: int = 100 * 1024 * 1024
    timeout_seconds: float = 60.0
    #: Address-space cap for the worker process (RLIMIT_AS), in MiB.
    memory_mb: int = 460
    #: Largest decompressed PDF stream we accept (pypdf's own limit is 75 MB).
    max_pdf_stream_bytes: int = 50 * 1024 * 1024
    #: Zip (OOXML) checks: members, total declared size, and the expansion
    #: ratio above which a big member is treated as a bomb.
    max_zip_members: int = 10_000
    max_zip_uncompressed_bytes: int = 512 * 1024 * 1024
    max_zip_ratio: float = 200.0
    #: Extracted text beyond this is not returned (and the file fails closed).
    max_text_chars: int = 20_000_000
    #: Earlier PDF revisions examined (newest first).
    max_pdf_revisions: int = 10
    #: Run parsers in a separate, resource-limited process. Only turn this off
    #: for trusted input (the test-suite's own synthetic files).
    sandbox: bool = True

    def fingerprint(self) -> str:
        """A stable string identifying the limits that can change a verdict."""
        data = dataclasses.asdict(self)
        data.pop("sandbox")
        data.pop("timeout_seconds")
        return ",".join(f"{k}={data[k]}" for k in sorted(data))


@dataclass(frozen=True)
class AttachmentFacts:
    """What the published site shows about an attachment."""

    media_type: str
    kind: str  # one of KINDS
    size: int
    pages: int | None
    has_text_layer: bool | None
    sha256: str


@dataclass(frozen=True)
class AttachmentReport:
    """Everything an inspection found.

    ``text_pages`` holds extracted text for search and for the caller's
    personal-data scan: one item per PDF page; for spreadsheets one per sheet
    (hidden ones included) followed by one item for text kept out of sight
    (comments, pivot caches, external-link caches) when there is any; one item
    for a whole Word document (body, then headers, notes, comments, deleted and
    hidden text), CSV or text file.
    ``metadata`` holds (field, value) pairs from document properties, EXIF and
    form fields, unmasked, so that scan can check them too; it never goes into
    a finding or a log.
    """

    facts: AttachmentFacts | None
    findings: tuple[Finding, ...]
    text_pages: tuple[str, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    #: For each item of ``text_pages`` (by index), where each of its lines is in the file:
    #: ``"paragraph 12"`` for Word; for a spreadsheet row ``"cell<TAB>sheet<TAB>row<TAB>A<TAB>C"``
    #: (the column of each tab-separated value on the line). Missing or empty: not known.
    locations: tuple[tuple[str, ...], ...] = ()
    #: Text kept in the file where no reader will see it, as (where, text) pairs: after a PDF's
    #: last ``%%EOF``, in objects nothing references, in bookmarks, in a DOCX's ``customXml/``
    #: items, in orphan parts of an OOXML package, in shared strings no cell uses. ``where`` is
    #: plain words ("text after the end of the PDF (%%EOF)"). The inspector reports the store
    #: itself; the caller runs the personal-data detectors over the text and names ``where`` in
    #: every finding. Unmasked, like ``metadata``: never in a finding or a log.
    stored: tuple[tuple[str, str], ...] = ()

    @property
    def is_blocking(self) -> bool:
        """True when any finding is an unacknowledged error."""
        return any(f.is_error for f in self.findings)


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """Encode a finding for the worker pipe and the cache."""
    data = finding.as_json()
    data.setdefault("extra", {})
    return data


def finding_from_json(data: dict[str, Any], *, path: str | None = None) -> Finding:
    """Decode :func:`finding_to_json` output, optionally re-homing it to ``path``."""
    return Finding(
        path=path if path is not None else str(data["path"]),
        line=data.get("line"),
        page=data.get("page"),
        field=data.get("field"),
        rule=str(data["rule"]),
        category=Category(data["category"]),
        severity=Severity(data["severity"]),
        message=str(data.get("message", "")),
        excerpt=data.get("excerpt"),
        acknowledged=data.get("acknowledged"),
        extra={str(k): str(v) for k, v in (data.get("extra") or {}).items()},
    )


def report_to_json(report: AttachmentReport) -> dict[str, Any]:
    """Encode a whole report (facts may be ``None``)."""
    return {
        "facts": dataclasses.asdict(report.facts) if report.facts else None,
        "findings": [finding_to_json(f) for f in report.findings],
        "text_pages": list(report.text_pages),
        "metadata": [list(pair) for pair in report.metadata],
        "locations": [list(page) for page in report.locations],
        "stored": [list(pair) for pair in report.stored],
    }


def report_from_json(data: dict[str, Any], *, path: str | None = None) -> AttachmentReport:
    """Decode :func:`report_to_json` output; raises on any malformed field."""
    facts_data = data["facts"]
    facts = None
    if facts_data is not None:
        facts = AttachmentFacts(
            media_type=str(facts_data["media_type"]),
            kind=str(facts_data["kind"]),
            size=int(facts_data["size"]),
            pages=None if facts_data["pages"] is None else int(facts_data["pages"]),
            has_text_layer=(None if facts_data["has_text_layer"] is None else bool(facts_data["has_text_layer"])),
            sha256=str(facts_data["sha256"]),
        )
        if facts.kind not in KINDS:
            raise ValueError(f"unknown kind {facts.kind!r}")
    findings = tuple(finding_from_json(f, path=path) for f in data["findings"])
    text_pages = tuple(str(t) for t in data["text_pages"])
    metadata = tuple((str(k), str(v)) for k, v in data.get("metadata", []))
    locations = tuple(tuple(str(x) for x in page) for page in data.get("locations", []))
    stored = tuple((str(k), str(v)) for k, v in data.get("stored", []))
    return AttachmentReport(facts=facts, findings=findings, text_pages=text_pages, metadata=metadata, locations=locations, stored=stored)
