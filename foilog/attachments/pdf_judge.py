"""Judge which text runs on a walked PDF page are hidden, and how.

Kept apart from the content-stream walk (:mod:`.pdf_redaction`) so the rules
for "hidden" can be read, and tuned, in one place: a run is hidden when an
opaque box or image painted after it covers it, when it has the colour of
whatever lies beneath it, when it is invisible (``3 Tr``) and not an OCR
layer over a scan, or when it sits in a layer that is switched off.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

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


#: Text smaller than this (in points, after scaling) cannot be read on screen or paper.
TINY_POINTS = 1.0
#: Share of a character's box that must be covered (or out of sight) to count it hidden.
_COVER = 0.6


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def union_covered(inner: Box, boxes: list[Box]) -> float:
    """Fraction of ``inner`` covered by the union of ``boxes`` (adjacent boxes add up)."""
    if len(boxes) == 1:
        return covered(inner, boxes[0])
    if _area(inner) <= 0:
        return max((covered(inner, b) for b in boxes), default=0.0)
    clipped = [(max(inner[0], b[0]), max(inner[1], b[1]), min(inner[2], b[2]), min(inner[3], b[3])) for b in boxes if _overlaps(inner, b)]
    if not clipped:
        return 0.0
    if len(clipped) > 12:  # many pieces: an upper bound is enough
        return min(1.0, sum(_area(b) for b in clipped) / _area(inner))
    xs = sorted({x for b in clipped for x in (b[0], b[2])})
    ys = sorted({y for b in clipped for y in (b[1], b[3])})
    total = 0.0
    for x0, x1 in itertools.pairwise(xs):
        for y0, y1 in itertools.pairwise(ys):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in clipped):
                total += (x1 - x0) * (y1 - y0)
    return total / _area(inner)


@dataclass
class Hidden:
    """Hidden text on one page, grouped by how it is hidden.

    Each item is the hidden part of one text run: only the characters that
    are covered, so a box over one name in a long line reports that name.
    """

    under_box: list[str] = field(default_factory=list)
    under_image: list[str] = field(default_factory=list)
    same_colour: list[str] = field(default_factory=list)
    invisible: list[str] = field(default_factory=list)
    layer: list[str] = field(default_factory=list)
    off_page: list[str] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)
    tiny: list[str] = field(default_factory=list)
    #: Characters cut off where a partly visible run crosses the page edge or its clipping path.
    overflow: list[str] = field(default_factory=list)


def _segments(text: str, labels: list[str | None]) -> list[tuple[str, str]]:
    """Runs of characters with the same label (spaces between two equal labels join them)."""
    out: list[tuple[str, str]] = []
    current: str | None = None
    begin = 0
    end = 0
    for i, (ch, label) in enumerate(zip(text, labels, strict=True)):
        if ch.isspace():
            continue
        if label != current:
            if current is not None:
                out.append((current, text[begin:end].strip()))
            current, begin = label, i
        end = i + 1
    if current is not None:
        out.append((current, text[begin:end].strip()))
    return [(label, part) for label, part in out if label is not None and part]


def _char_label(page: PageContent, run: Any, g: Box, above: list[Any], below: list[Any]) -> str | None:
    if page.visible is not None and covered(g, page.visible) < 1 - _COVER:
        return "off_page"
    if run.clip is not None and covered(g, run.clip) < 1 - _COVER:
        return "clipped"
    over = [p for p in above if _overlaps(g, p.box) or _area(g) <= 0]
    if over and union_covered(g, [p.box for p in over]) >= _COVER:
        best = max(over, key=lambda p: covered(g, p.box))
        return "under_image" if best.image else "under_box"
    background: Colour = (1.0, 1.0, 1.0)
    under = [p for p in below if covered(g, p.box) >= _COVER]
    if under:
        top = max(under, key=lambda p: p.order)
        background = top.colour if not top.image else None
    return "same_colour" if _same(run.colour, background) else None


def _inside(inner: Box, outer: Box | None) -> bool:
    return outer is None or (outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3])


def judge(page: PageContent) -> Hidden:
    """Classify each character of each text run on the page as visible or hidden (and how)."""
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
        if run.size < TINY_POINTS:
            result.tiny.append(run.text)
            continue
        candidates = [page.paints[i] for i in sorted({i for cell in _cells(run.box) for i in grid.get(cell, ())})]
        above = [p for p in candidates if p.order > run.order and p.opaque and (_overlaps(run.box, p.box) or _area(run.box) <= 0)]
        below = [p for p in candidates if p.order < run.order and _overlaps(run.box, p.box)]
        if not above and _inside(run.box, page.visible) and _inside(run.box, run.clip) and all(_inside(run.box, p.box) for p in below):
            # Nothing over it and one background under all of it (the page, or the topmost box or
            # image that contains it, such as a table cell): judge the run whole, which is faster.
            background: Colour = (1.0, 1.0, 1.0)
            if below:
                top = max(below, key=lambda p: p.order)
                background = top.colour if not top.image else None
            if _same(run.colour, background):
                result.same_colour.append(run.text)
            continue
        labels = [None if ch.isspace() else _char_label(page, run, run.glyph_box(i), above, below) for i, ch in enumerate(run.text)]
        shown = any(label is None and not ch.isspace() for ch, label in zip(run.text, labels, strict=True))
        for label, part in _segments(run.text, labels):
            if shown and label in ("off_page", "clipped"):
                label = "overflow"  # the end of a visible line cut off at an edge: a layout slip more than a hiding place
            getattr(result, label).append(part)
    return result
