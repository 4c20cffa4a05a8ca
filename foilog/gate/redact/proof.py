"""Prove a clean copy clean: the full leak gate runs again on it, and pictures show what changed.

A cleaner that believes it removed something is not proof. Every copy goes
through the same inspection as a published attachment
(:func:`foilog.gate.leakgate.scan_attachment`: the sandboxed inspector with the
default :class:`~foilog.gate.attachments.Limits`, then the personal-data scan
of its extracted text, metadata and stored text, exactly as ``foilog check``
scans an attachment). A copy that still has a ``hidden-content`` or
``unsafe-file`` finding has **failed**, whatever the cleaner said: the command
must never call it clean. Personal-data findings in the visible text are listed
for the officer to review (the visible text of a response is meant to be
published; only a person can judge it).

For PDFs, :func:`thumbnails` renders each page where something was removed,
before and after, small, inside the sandbox (the original is untrusted).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from foilog.gate.attachments import Limits
from foilog.gate.attachments.explain import Mark, pictures_for
from foilog.gate.leakgate import Gate, make_gate, scan_attachment
from foilog.gate.redact.model import Box, Removal
from foilog.log.findings import Category, Finding

#: Categories that make a copy fail: what a reader cannot see, or a file that cannot be checked.
FAILING = frozenset({Category.HIDDEN_CONTENT, Category.UNSAFE_FILE})
#: Widest thumbnail, in pixels: enough to see a box and the lines around it, small beside a report.
THUMB_WIDTH = 360
_PAGE = re.compile(r"\bpages?\s+(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Proof:
    """The gate's verdict on one copy (and, for comparison, on its original)."""

    #: Findings that make the copy fail (hidden content, unsafe file): empty means clean.
    failing: tuple[Finding, ...]
    #: Personal data in the copy's visible text or metadata: for the officer to review, not a failure.
    to_review: tuple[Finding, ...] = ()
    #: How many failing findings the original had (``None``: the original was not inspected).
    original_failing: int | None = None

    @property
    def clean(self) -> bool:
        return not self.failing

    @property
    def verdict(self) -> str:
        return "clean" if self.clean else "failed"


@dataclass(frozen=True)
class Thumbnail:
    """A before/after pair of one PDF page, PNG bytes each."""

    page: int
    before: bytes
    after: bytes


@dataclass
class Prover:
    """One gate for a whole run (compiled rules once), no cache: a copy is always inspected afresh."""

    gate: Gate = field(default_factory=lambda: make_gate(None, limits=Limits()))

    def findings(self, path: Path, display: str) -> list[Finding]:
        """Every finding the leak gate has on ``path`` (inspection, then the text scans)."""
        _, found = scan_attachment(path, display, self.gate)
        return found

    def prove(self, copy: Path, display: str, original: Path | None = None) -> Proof:
        """Inspect ``copy`` (and ``original``, to compare) with the full gate."""
        found = self.findings(copy, display)
        failing = tuple(f for f in found if f.category in FAILING and f.acknowledged is None)
        review = tuple(f for f in found if f.category is Category.PERSONAL_DATA)
        before = None
        if original is not None:
            before = sum(1 for f in self.findings(original, display) if f.category in FAILING)
        return Proof(failing=failing, to_review=review, original_failing=before)


def pages_touched(removals: Iterable[Removal], boxes: Sequence[Box]) -> list[int]:
    """The pages a reviewer should look at: every page a removal names ("page 3") and every page with a box."""
    pages = {box.page for box in boxes}
    for removal in removals:
        pages.update(int(m.group(1)) for m in _PAGE.finditer(removal.where))
    return sorted(p for p in pages if p >= 1)


def thumbnails(original: Path, copy: Path, pages: Sequence[int], boxes: Sequence[Box], limits: Limits | None = None) -> list[Thumbnail]:
    """Before/after pictures of ``pages`` (the boxes outlined in red on the before picture), rendered in the sandbox.

    Pages that cannot be rendered are left out (the report then says there is no picture).
    """
    if not pages:
        return []
    limits = limits or Limits()
    marks = {p: [Mark((b.x0, b.y0, b.x1, b.y1), b.label or "box") for b in boxes if b.page == p] for p in pages}
    before, _ = pictures_for(original, original.name, marks, limits)
    after, _ = pictures_for(copy, copy.name, {p: [] for p in pages}, limits)
    shown = {p.page: p.png for p in after}
    return [Thumbnail(p.page, _small(p.png), _small(shown[p.page])) for p in before if p.page in shown]


def _small(png: bytes) -> bytes:
    """A page picture scaled down to :data:`THUMB_WIDTH` (foilog rendered it: a trusted PNG)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGB")
    if picture.width > THUMB_WIDTH:
        picture = picture.resize((THUMB_WIDTH, max(1, round(picture.height * THUMB_WIDTH / picture.width))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()
