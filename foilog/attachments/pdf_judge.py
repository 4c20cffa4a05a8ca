"""Judge which text runs on a walked PDF page are hidden, and how.

Kept apart from the content-stream walk (:mod:`.pdf_redaction`) so the rules
for "hidden" can be read, and tuned, in one place: a run is hidden when an
opaque box or image painted after it covers it, when it has the colour of
whatever lies beneath it, when it is invisible (``3 Tr``) and not an OCR
layer over a scan, or when it sits in a layer that is switched off.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .pdf_redaction import Box, Colour, PageContent

_GRID = 64.0


def _area(b: Box) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def covered(inner: Box, outer: Box) -> float:
    """Fraction of ``inner`` covered by ``outer`` (a point-in-box test for empty boxes)."""
    a = _area(inner)
    if a <= 0:
        cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
        return 1.0 if outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3] else 0.0
    w = min(inner[2], outer[2]) - max(inner[0], outer[0])
    h = min(inner[3], outer[3]) - max(inner[1], outer[1])
    return (w * h) / a if w > 0 and h > 0 else 0.0


def _same(c1: Colour, c2: Colour) -> bool:
    if c1 is None or c2 is None:
        return False
    return max(abs(x - y) for x, y in zip(c1, c2, strict=False)) < 0.1


def _cells(b: Box) -> list[tuple[int, int]]:
    x0, x1 = int(b[0] // _GRID), int(b[2] // _GRID)
    y0, y1 = int(b[1] // _GRID), int(b[3] // _GRID)
    if (x1 - x0 + 1) * (y1 - y0 + 1) > 4096:  # absurd boxes: clamp to a 64x64-cell window
        x1, y1 = x0 + 63, y0 + 63
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


@dataclass
class Hidden:
    """Hidden text on one page, grouped by how it is hidden."""

    under_box: list[str] = field(default_factory=list)
    under_image: list[str] = field(default_factory=list)
    same_colour: list[str] = field(default_factory=list)
    invisible: list[str] = field(default_factory=list)
    layer: list[str] = field(default_factory=list)


def judge(page: PageContent) -> Hidden:
    """Classify each text run on the page as visible or hidden (and how)."""
    result = Hidden()
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, p in enumerate(page.paints):
        for cell in _cells(p.box):
            grid[cell].append(i)
    images = [p for p in page.paints if p.image]
    for run in page.runs:
        if run.in_hidden_layer:
            result.layer.append(run.text)
            continue
        if run.invisible:
            if not any(covered(run.box, img.box) >= 0.5 for img in images):
                result.invisible.append(run.text)
            continue
        candidates = sorted({i for cell in _cells(run.box) for i in grid.get(cell, ())})
        cover = next(
            (
                page.paints[i]
                for i in candidates
                if page.paints[i].order > run.order and page.paints[i].opaque and covered(run.box, page.paints[i].box) >= 0.6
            ),
            None,
        )
        if cover is not None:
            (result.under_image if cover.image else result.under_box).append(run.text)
            continue
        below = [page.paints[i] for i in candidates if page.paints[i].order < run.order and covered(run.box, page.paints[i].box) >= 0.6]
        background: Colour = (1.0, 1.0, 1.0)
        if below:
            top = max(below, key=lambda p: p.order)
            background = top.colour if not top.image else None
        if _same(run.colour, background):
            result.same_colour.append(run.text)
    return result
