"""What keeps a PDF from being accessible: advice, never a reason to refuse it.

The Public Sector Bodies Accessibility Regulations apply to published
documents. A screen reader needs a PDF's tagged structure (``/StructTreeRoot``
and ``/MarkInfo /Marked true``) to read headings, tables and reading order; its
document language (``/Lang``) to pronounce it; its title to announce it; and a
text layer at all (a scanned image has none). Each PDF that falls short gets one
``pdf-not-accessible`` finding in the advisory ``accessibility`` category,
naming what is missing and how to fix it; the accessibility statement lists them.
Read in the gate's own worker, from the catalogue it has already opened.
"""

from __future__ import annotations

from typing import Any

from foilog.gate.attachments._common import Inspection
from foilog.log.findings import Category, Finding, Severity

RULE = "pdf-not-accessible"

#: Each shortfall: its short reason (the statement's wording) and its fix.
REASONS = {
    "untagged": (
        "it is not tagged (no structure for screen readers)",
        "export it as a tagged PDF (Word: Save as PDF with 'Document structure tags for accessibility')",
    ),
    "language": ("it has no document language", "set the document language (Acrobat: File > Properties > Advanced > Language)"),
    "title": ("it has no title", "give it a title in File > Properties and save it with the title shown"),
    "scanned": ("it is a scanned image with no text", "publish the text: recognise it (OCR) or export it from its source"),
}


def _value(obj: Any) -> Any:
    return obj.get_object() if obj is not None else None


def shortfalls(root: Any, metadata: list[tuple[str, str]], has_text_layer: bool | None) -> list[str]:
    """The keys of :data:`REASONS` this PDF falls short on, in a fixed order."""
    found: list[str] = []
    mark_info = _value(root.get("/MarkInfo"))
    marked = bool(mark_info.get("/Marked")) if hasattr(mark_info, "get") else False
    if "/StructTreeRoot" not in root or not marked:
        found.append("untagged")
    lang = _value(root.get("/Lang"))
    if not str(lang or "").strip():
        found.append("language")
    if not any(field.lower().endswith("title") and value.strip() for field, value in metadata):
        found.append("title")
    if has_text_layer is False:
        found.append("scanned")
    return found


def access_finding(out: Inspection, display: str, root: Any) -> None:
    """Add the advisory finding to ``out`` when the PDF falls short on anything."""
    missing = shortfalls(root, out.metadata, out.has_text_layer)
    if not missing:
        return
    reasons = "; ".join(REASONS[key][0] for key in missing)
    fixes = "; ".join(REASONS[key][1] for key in missing)
    out.findings.append(
        Finding(
            path=display,
            rule=RULE,
            category=Category.ACCESSIBILITY,
            severity=Severity.WARNING,
            message=f"the PDF is not fully accessible: {reasons}. To fix: {fixes} (advice: this never blocks publication)",
            extra={"reasons": reasons},
        )
    )
