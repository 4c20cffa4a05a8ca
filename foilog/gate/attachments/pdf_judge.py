"""Turn the renderer's verdict on a PDF page (:mod:`.pdf_render`) into findings a person can act on.

Each finding says the text is hidden, on which page and where on it (in
centimetres from the top-left corner of the page as it is shown), what
probably hid it, and how to fix it. The boxes of the hidden runs go into
``extra["boxes"]`` (JSON: ``[x0, y0, x1, y1]`` in points of the rendered page,
origin top-left) so a picture of the page can outline them.
"""

from __future__ import annotations

import json
import re

from foilog.gate.attachments._common import excerpt, hidden, plural
from foilog.gate.attachments.pdf_render import (
    ANNOTATION,
    COVERED,
    INVISIBLE,
    NOT_DRAWN,
    OFF_PAGE,
    SAME_COLOUR,
    TINY,
    HiddenRun,
    PageView,
)
from foilog.log.findings import Finding, Severity

REDACT_FIX = "re-export the PDF with real redaction (Acrobat's Redact tool, or print to image and OCR)"

#: What hid the text, in the words a finding uses (in the order findings are listed).
CAUSES = {
    COVERED: "covered by a box, shape or image drawn over it (the text is still there and can be copied or extracted)",
    ANNOTATION: "covered by an annotation (a box, highlight, stamp or drawing added on top of the page); the text under it is still there",
    SAME_COLOUR: "in the same colour as its background (such as white on white, or black on black), so it is invisible but still there",
    INVISIBLE: "set to invisible (render mode 3 or 7, as an OCR text layer is) over an area that shows no writing, "
    "such as a blacked-out part of a scan, so the words are still there",
    NOT_DRAWN: "that is in the file but not shown: covered by a box the colour of the page, cut away by a clipping path, "
    "or in a layer that is switched off",
    OFF_PAGE: "drawn outside the visible area of the page (off the page or outside its crop box), so it is not shown but is still there",
    TINY: "too small to read (under 3 points, or squeezed to a sliver of its width), so it cannot be seen but is still there",
}

_FIXES = {
    ANNOTATION: "delete the annotation and remove the text with real redaction (Acrobat's Redact tool), then re-check",
    INVISIBLE: "redact the OCR text layer too (Acrobat's Redact tool removes both), or re-run OCR on the redacted scan",
}


def _cm(points: float) -> str:
    return f"{points / 72 * 2.54:.1f} cm"


def where(run: HiddenRun) -> str:
    """Plain words for where a run is: centimetres from the left edge and the top of the shown page."""
    return f"{_cm(run.box[0])} from the left and {_cm(run.box[1])} from the top"


def _boxes(runs: list[HiddenRun]) -> str:
    return json.dumps([[round(v, 1) for v in run.box] for run in runs])


def _labels(runs: list[HiddenRun]) -> str:
    """Each run's own masked text, so a picture of the page labels every outline with what it hides."""
    return json.dumps([excerpt([run.text], limit=40) or "" for run in runs])


_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
#: A date hidden under at least this many boxes, and nothing else hidden in the document: a stamp.
STAMP_MIN = 3


def stamp_date(hidden_runs: list[HiddenRun]) -> str | None:
    """The date, when every hidden run in a document is one and the same date (or its start, where a
    box cut it) repeated under at least :data:`STAMP_MIN` boxes: the date stamp some redaction tools
    and court filing systems leave under every box, not a redacted date of birth (which is hidden once,
    beside other hidden details)."""
    tokens = [token for run in hidden_runs for token in run.text.split()]
    dates = [t for t in tokens if _DATE.fullmatch(t)]
    if len(tokens) < STAMP_MIN or not dates:
        return None
    date = max(set(dates), key=dates.count)
    if all(len(t) >= 6 and date.startswith(t) for t in tokens):
        return date
    return None


def page_findings(display: str, view: PageView, *, stamp: str | None = None) -> list[Finding]:
    """One finding per way of hiding on the page (all its runs), and one warning for cut-off line ends.

    ``stamp``: the document's repeated hidden date (:func:`stamp_date`): its runs are one warning.
    """
    found: list[Finding] = []
    if stamp is not None and view.hidden:
        found.append(
            hidden(
                display,
                "pdf-text-under-box",
                f"page {view.number} has the same date hidden under {plural(len(view.hidden), 'box', 'boxes')}, and the document "
                f"hides nothing else: usually a date stamp left under every redaction box ({where(view.hidden[0])}); "
                "check it is not a date that was meant to be removed, then re-export the PDF with real redaction",
                page=view.number,
                severity=Severity.WARNING,
                values=[stamp],
                extra={"runs": str(len(view.hidden)), "boxes": _boxes(view.hidden), "labels": _labels(view.hidden), "cause": "stamp"},
            )
        )
    for cause, what in CAUSES.items():
        runs = [r for r in view.hidden if r.cause == cause and stamp is None]
        if not runs:
            continue
        place = where(runs[0]) if len(runs) == 1 else f"the first {where(runs[0])}"
        found.append(
            hidden(
                display,
                "pdf-text-under-box",
                f"page {view.number} has hidden text: {plural(len(runs), 'run')} of text {what}, {place}; {_FIXES.get(cause, REDACT_FIX)}",
                page=view.number,
                values=[r.text for r in runs],
                extra={"runs": str(len(runs)), "boxes": _boxes(runs), "labels": _labels(runs), "cause": cause},
            )
        )
    if view.overflow:
        found.append(
            hidden(
                display,
                "pdf-text-under-box",
                f"page {view.number} has {plural(len(view.overflow), 'line')} of text running past the edge of the page "
                f"or out of the area it is drawn in (a clipping path), so the end is cut off but still there "
                f"({where(view.overflow[0])}); check the cut-off text, then fix the layout and re-export the PDF",
                page=view.number,
                severity=Severity.WARNING,
                values=[r.text for r in view.overflow],
                extra={
                    "runs": str(len(view.overflow)),
                    "boxes": _boxes(view.overflow),
                    "labels": _labels(view.overflow),
                    "cause": "overflow",
                },
            )
        )
    return found
