"""Judge which characters of a PDF page a reader can see, from the page as PDFium renders it.

A hand-written model of the PDF imaging model (paint order, clipping, blend
modes, layers, annotation appearances) is wrong exactly where real files are
complicated. Instead each page is rendered by a real engine (PDFium, through
pypdfium2) with its annotations and form fields, in grey at 144 dpi, and every
character's box is taken from PDFium's own text page. A character is hidden
when the pixels in the middle of its box are flat (their grey levels span less
than :data:`FLAT_RANGE`: no marks of writing), when it is smaller than
:data:`TINY_POINTS`, or when it lies outside the rendered area (off the page,
outside the crop box). Whatever did the hiding (a box, an image, an
annotation, a clip, a switched-off layer, white on white, a blacked-out scan
under its OCR text) the answer is the same; and text that shows (an OCR layer
over or under its scan, a white heading on a gradient, a signature over its
line) is visible because its box shows writing.

The per-character work is vectorised (:mod:`.pixel_ranges` answers every box's
grey range in a few array operations), so a page full of text costs a few
milliseconds beyond its rendering. One page and one bitmap
are open at a time.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# OpenBLAS (under numpy) reserves address space per thread; the sandbox caps it (RLIMIT_AS).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
import pypdfium2.raw as pdfium_c  # noqa: E402

from foilog.gate.attachments.pixel_ranges import box_ranges, release_tables  # noqa: E402

#: Pixels per point: 2 renders at 144 dpi.
SCALE = 2.0
#: Largest bitmap rendered (pixels): bigger pages (posters, drawings) are rendered at a lower scale.
MAX_PIXELS = 36_000_000
#: A character whose inner box spans fewer grey levels than this (of 255) shows no writing. Over the
#: PDF corpus hidden letters span at most 10 levels (a blacked-out JPEG scan), visible ones at least 102
#: (under a 60% grey overlay); a very noisy scan (sensor noise of 10 levels) blacked out spans up to 37.
#: Text lighter than about 81% grey on white counts as not shown.
FLAT_RANGE = 48
#: A character whose own marks change its box's pixels by at least this many grey levels (of 255) is
#: visible even on a flat box: dark text on a dark fill (an exhibit stamp, black on navy) is read by
#: people, while text the colour of its background (white on white, black on black) changes nothing.
#: Measured by rendering the page again with every text object invisible (see :func:`_ink`).
INK_LEVELS = 20
#: A character narrower than this share of its height is squeezed past reading (``Tz 1``, Word's
#: character scale at 1%): the narrowest letters of ordinary fonts (i, l, the full stop) are about 0.2.
SQUEEZED = 0.08
#: A run of fewer letters and digits than this in an invisible OCR layer is OCR noise (see :func:`_drop_specks`).
SPECK_CHARS = 3
#: A character whose box (font ascent to descent) is smaller than this, in points, is too small to read.
TINY_POINTS = 3.0
#: Share of a character's box trimmed from each side before its pixels are judged, so the edge of a
#: box drawn exactly over a name, or a neighbouring letter, does not count as writing.
_INSET = 0.2
#: A character at least this much outside the rendered area is off the page.
_OUTSIDE = 0.5

#: Why a run is hidden (the keys of ``CAUSES`` in :mod:`.pdf_judge`).
COVERED = "covered"
ANNOTATION = "annotation"
SAME_COLOUR = "same-colour"
INVISIBLE = "invisible"
NOT_DRAWN = "not-drawn"
OFF_PAGE = "off-page"
TINY = "tiny"
OVERFLOW = "overflow"

_BoxFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
#: FPDFText_GetLooseCharBox taking a plain address, so boxes land straight in one array (no per-char objects).
_loose_box_address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
if _loose_box_address is None:  # pragma: no cover - a loaded library's function always has an address
    raise ImportError("PDFium's FPDFText_GetLooseCharBox has no address; reinstall pypdfium2")
_loose_box = _BoxFn(_loose_box_address)

#: ``None`` as a 0-d object array: compared element-wise with a cause array, it gives the
#: same result as ``cause == None`` (the form numpy's type stubs describe).
_NO_CAUSE = np.array(None, dtype=object)


@dataclass
class HiddenRun:
    """Consecutive hidden characters on one line of a page."""

    text: str
    #: Where it is on the rendered page, in points from the top-left corner (after rotation and crop).
    box: tuple[float, float, float, float]
    #: One of the cause constants above.
    cause: str


@dataclass
class PageView:
    """What a reader sees of one page, and what is there but cannot be seen."""

    number: int
    #: The rendered page's size in points (after rotation and crop box).
    width: float
    height: float
    #: The characters judged visible, in PDFium's reading order, with its spaces and line breaks.
    text: str
    #: Every character of the text layer, visible or not (to compare revisions).
    all_text: str
    hidden: list[HiddenRun] = field(default_factory=list)
    #: Cut-off ends of visible lines: past the page or crop box, or out of their clipping path.
    overflow: list[HiddenRun] = field(default_factory=list)
    #: Images drawn directly on the page (a scan), counted only when the page has no text layer.
    images: int = 0
    #: Text under each requested rectangle (unapplied /Redact annotations), in page space.
    under: list[str] = field(default_factory=list)


def _affine(page: pdfium.PdfPage, width_px: int, height_px: int) -> np.ndarray:
    """The 2x3 matrix mapping page space to bitmap pixels, as PDFium renders (rotation, crop box)."""
    k = 64  # map onto a 64-times larger device so PDFium's integer output keeps sub-pixel precision
    dx, dy = ctypes.c_int(), ctypes.c_int()
    pts = []
    for x, y in ((0.0, 0.0), (1000.0, 0.0), (0.0, 1000.0)):
        pdfium_c.FPDF_PageToDevice(page, 0, 0, width_px * k, height_px * k, 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
        pts.append((dx.value / k, dy.value / k))
    (x0, y0), (x1, y1), (x2, y2) = pts
    return np.array([[(x1 - x0) / 1000, (x2 - x0) / 1000, x0], [(y1 - y0) / 1000, (y2 - y0) / 1000, y0]])


def _chars(textpage: pdfium.PdfTextPage) -> tuple[str, np.ndarray]:
    """Every character of the text page and its loose box (left, top, right, bottom) in page space."""
    n = textpage.count_chars()
    if n <= 0:
        return "", np.zeros((0, 4), np.float32)
    buf = (ctypes.c_float * (4 * n))()
    base = ctypes.addressof(buf)
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    for _ in map(_loose_box, itertools.repeat(handle, n), range(n), range(base, base + 16 * n, 16)):
        pass
    boxes = np.frombuffer(buf, np.float32).reshape(n, 4).copy()
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # PDFium left out or added characters: ask for each one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(n))
    flat = np.flatnonzero((boxes[:, 2] <= boxes[:, 0]) | (boxes[:, 1] <= boxes[:, 3]))
    for i in flat.tolist():
        if not text[i].isspace():
            boxes[i] = _fallback_box(textpage, i)
    return text, boxes


def _fallback_box(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float, float, float]:
    """A box for a character whose font gives no ascent or descent (broken metrics, some Type 3 fonts):
    its glyph box, widened to its font size around its origin when that is empty too, so that such a
    font cannot make its text escape the judge."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    box = [left.value, top.value, right.value, bottom.value]
    if box[2] - box[0] <= 0 or box[1] - box[3] <= 0:
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
        size = max(float(pdfium_c.FPDFText_GetFontSize(textpage, index)), 0.0)
        box = [x.value, y.value + 0.8 * size, x.value + max(box[2] - box[0], 0.5 * size), y.value - 0.2 * size]
    return (box[0], box[1], box[2], box[3])


def _device_boxes(boxes: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Page-space (left, top, right, bottom) boxes as pixel boxes (x0, y0, x1, y1), x0 <= x1, y0 <= y1."""
    xs = boxes[:, [0, 2, 0, 2]].astype(np.float64)
    ys = boxes[:, [1, 1, 3, 3]].astype(np.float64)
    dx = m[0, 0] * xs + m[0, 1] * ys + m[0, 2]
    dy = m[1, 0] * xs + m[1, 1] * ys + m[1, 2]
    return np.stack([dx.min(1), dy.min(1), dx.max(1), dy.max(1)], axis=1)


@dataclass
class _Judged:
    """Per-character verdicts on one page (arrays over the text page's characters)."""

    text: str
    chars: np.ndarray  # the text as an array of one-character strings
    dev: np.ndarray  # pixel boxes judged (inset, inside the bitmap)
    cause: np.ndarray  # object array: None (visible or blank) or a cause constant
    flat_grey: np.ndarray  # mean grey of each judged box
    spread: np.ndarray  # grey range (max - min) of each judged box, -1 where not judged by pixels


def _judge_pixels(grey: np.ndarray, text: str, boxes: np.ndarray, m: np.ndarray) -> _Judged:
    """Visible or hidden (and the first idea why) for each character, from the rendered pixels."""
    n = len(text)
    h_px, w_px = grey.shape
    chars = np.array(list(text)) if n else np.array([], dtype="<U1")
    blank = np.char.isspace(chars) | (chars == "\x00") | (chars == "\ufffe")
    size = np.maximum(np.abs(boxes[:, 2] - boxes[:, 0]), np.abs(boxes[:, 1] - boxes[:, 3]))
    dev = _device_boxes(boxes, m)
    bw, bh = dev[:, 2] - dev[:, 0], dev[:, 3] - dev[:, 1]
    inside_w = np.clip(np.minimum(dev[:, 2], w_px) - np.maximum(dev[:, 0], 0), 0, None)
    inside_h = np.clip(np.minimum(dev[:, 3], h_px) - np.maximum(dev[:, 1], 0), 0, None)
    area = np.maximum(bw * bh, 1e-9)
    outside = (inside_w * inside_h) / area < 1 - _OUTSIDE
    degenerate = (bw <= 0) | (bh <= 0)
    cause = np.full(n, None, dtype=object)
    width = np.abs(boxes[:, 2] - boxes[:, 0])
    height = np.abs(boxes[:, 1] - boxes[:, 3])
    squeezed = width < SQUEEZED * height  # a horizontal scale of a few per cent piles the letters into one stroke
    tiny = ~blank & ~degenerate & ((size < TINY_POINTS) | squeezed)
    off = ~blank & ~degenerate & ~tiny & outside
    cause[tiny] = TINY
    cause[off] = OFF_PAGE
    judge = ~blank & ~degenerate & ~tiny & ~off
    x0 = np.floor(dev[:, 0] + bw * _INSET).astype(np.int64)
    x1 = np.ceil(dev[:, 2] - bw * _INSET).astype(np.int64)
    y0 = np.floor(dev[:, 1] + bh * _INSET).astype(np.int64)
    y1 = np.ceil(dev[:, 3] - bh * _INSET).astype(np.int64)
    x0, y0 = np.clip(x0, 0, w_px - 1), np.clip(y0, 0, h_px - 1)
    x1, y1 = np.clip(np.maximum(x1, x0 + 1), 1, w_px), np.clip(np.maximum(y1, y0 + 1), 1, h_px)
    flat_grey = np.zeros(n)
    spread = np.full(n, -1, np.int16)
    idx = np.flatnonzero(judge)
    if len(idx):
        lo, hi = box_ranges(grey, x0[idx], y0[idx], x1[idx], y1[idx])
        spread[idx] = hi.astype(np.int16) - lo
        flat = spread[idx] < FLAT_RANGE
        cause[idx[flat]] = COVERED
        flat_grey[idx] = (lo.astype(np.float64) + hi) / 2
    return _Judged(text=text, chars=chars, dev=np.stack([x0, y0, x1, y1], axis=1), cause=cause, flat_grey=flat_grey, spread=spread)


def _text_objects(page: pdfium.PdfPage, limit: int = 100_000) -> tuple[list[Any], list[tuple[float, float, float, float]]]:
    """Every text object of the page (inside form XObjects too), and the page-space bounds of its
    images (top-level images, and top-level forms that hold one: how scanners place a scan)."""
    texts: list[Any] = []
    images: list[tuple[float, float, float, float]] = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    seen = 0
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        root = pdfium_c.FPDFPage_GetObject(page, i)
        todo = [root]
        holds_image = False
        while todo and seen < limit:
            obj = todo.pop()
            seen += 1
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                texts.append(obj)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                holds_image = True
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                todo.extend(pdfium_c.FPDFFormObj_GetObject(obj, j) for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)))
        if holds_image and pdfium_c.FPDFPageObj_GetBounds(
            root, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        ):
            images.append((left.value, bottom.value, right.value, top.value))
    return texts, images


def _ink(page: pdfium.PdfPage, grey: np.ndarray, judged: _Judged, scale: float, texts: list[Any]) -> np.ndarray:
    """Grey levels each judged character's own marks add to its box (0 where not judged by pixels).

    The page is rendered again with every text object made invisible (render mode 3, or 7 where the
    text also clips, so clipping is unchanged) and compared with the first rendering; the modes are
    restored afterwards. Text under a box, white on white or black on black adds nothing; text a
    reader sees adds its strokes, however dark its background.
    """
    n = len(judged.text)
    ink = np.zeros(n, np.int16)
    changed = []
    for obj in texts:
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
        if mode in (3, 7) or mode < 0:
            continue  # draws nothing already
        changed.append((obj, mode))
    idx = np.flatnonzero(judged.spread >= 0)
    if not changed or not len(idx):
        return ink
    try:
        for obj, mode in changed:
            pdfium_c.FPDFTextObj_SetTextRenderMode(obj, 7 if mode >= 4 else 3)
        bitmap = page.render(scale=scale, grayscale=True, draw_annots=True, may_draw_forms=True)
        try:
            bare = bitmap.to_numpy()
            if bare.ndim == 3:
                bare = bare[:, :, 0]
            if bare.shape != grey.shape:
                return ink
            diff = np.abs(grey.astype(np.int16) - bare.astype(np.int16)).astype(np.uint8)
        finally:
            bitmap.close()
    finally:
        for obj, mode in changed:
            pdfium_c.FPDFTextObj_SetTextRenderMode(obj, mode)
    x0, y0, x1, y1 = (judged.dev[idx, k] for k in range(4))
    _, hi = box_ranges(np.ascontiguousarray(diff), x0, y0, x1, y1)
    ink[idx] = hi
    return ink


def _apply_ink(
    textpage: pdfium.PdfTextPage, judged: _Judged, ink: np.ndarray, boxes: np.ndarray, images: list[tuple[float, float, float, float]]
) -> None:
    """Correct the pixel verdicts with each character's own marks (``ink``, from :func:`_ink`).

    * A flat box whose character still adds visible strokes is visible (dark text on a dark fill).
    * A box that shows marks while its character adds none is hidden (a cross-hatched or patterned
      redaction box drawn over live text), unless the marks can be the writing itself: the text is an
      invisible OCR layer (render mode 3), or it lies under a scanned image, whose pixels show the words.
    """
    judged.cause[(judged.cause == COVERED) & (ink >= INK_LEVELS)] = None
    suspects = np.flatnonzero(np.equal(judged.cause, _NO_CAUSE) & (judged.spread >= FLAT_RANGE) & (ink < INK_LEVELS))
    if not len(suspects):
        return
    cx = (boxes[suspects, 0] + boxes[suspects, 2]) / 2
    cy = (boxes[suspects, 1] + boxes[suspects, 3]) / 2
    on_image = np.zeros(len(suspects), dtype=bool)
    for x0, y0, x1, y1 in images:
        on_image |= (cx >= x0) & (cx <= x1) & (cy >= y0) & (cy <= y1)
    for i in suspects[~on_image].tolist():
        obj = pdfium_c.FPDFText_GetTextObject(textpage, i)
        if obj and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) not in (3, 7):
            judged.cause[i] = COVERED


def _runs(judged: _Judged) -> list[tuple[int, int]]:
    """(first, last) character index of each run of hidden characters on one line.

    Blanks join hidden characters on either side; a visible character or a line break ends a run;
    runs without a letter or digit (dots, underscores, rules) are not hidden text and are dropped
    (their characters count as visible).
    """
    text = judged.text
    hidden = np.not_equal(judged.cause, _NO_CAUSE)
    if not hidden.any():
        return []
    chars = judged.chars
    newline = (chars == "\n") | (chars == "\r")
    blank = np.char.isspace(chars)
    breaker = (~hidden & ~blank) | newline
    group = np.cumsum(breaker)
    idx = np.flatnonzero(hidden)
    causes = judged.cause[idx]
    split = np.ones(len(idx), dtype=bool)
    split[1:] = (group[idx[1:]] != group[idx[:-1]]) | (causes[1:] != causes[:-1])
    starts = np.flatnonzero(split)
    ends = np.append(starts[1:], len(idx)) - 1
    out = []
    for s, e in zip(starts, ends, strict=True):
        first, last = int(idx[s]), int(idx[e])
        part = text[first : last + 1]
        if any(ch.isalnum() for ch in part) and not placeholder(part) and not _slice_of_visible_word(judged, first, last):
            out.append((first, last))
        else:
            judged.cause[idx[s : e + 1]] = None
    return out


#: Words a redaction tool (or a careful officer) leaves under or on its box: no information.
_PLACEHOLDER_CORE = re.compile(
    r"\b(?:redacted|redaction|redact|redac\w*|privileged?|confidential|withheld|exempt(?:ed|ion)?|removed)\b"
    r"|\b(?:s|section|reg|regulation)\.?\s*\d+[a-z]?(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*",
    re.IGNORECASE,
)
_PLACEHOLDER_FILLER = re.compile(
    r"\b(?:name|names|text|information|details|personal|data|and|under|per|of|the|foia|eir|foisa|dpa|gdpr)\b", re.I
)


def placeholder(part: str) -> bool:
    """True when hidden text is only a redaction label ("REDACTED", "Name redacted", "s40(2)",
    "Privileged") or one character repeated ("XXXXXXXX", "*****"): what a redaction tool or a
    careful officer leaves under a box on purpose, which tells a reader nothing."""
    chars = [ch for ch in part if not ch.isspace()]
    if len(chars) >= 3 and len(set(chars)) == 1 and not chars[0].isdigit():
        return True
    if not _PLACEHOLDER_CORE.search(part):
        return False
    rest = _PLACEHOLDER_FILLER.sub("", _PLACEHOLDER_CORE.sub("", part))
    return not any(ch.isalnum() for ch in rest)


def _slice_of_visible_word(judged: _Judged, first: int, last: int) -> bool:
    """True for one or two letters at the edge of a word whose other letters show ("PayPa|l|", "ca|l|led"):
    an OCR box or glyph box a little off its letter, not a redaction (a box hides whole words)."""
    text = judged.text
    if sum(ch.isalnum() for ch in text[first : last + 1]) > 2:
        return False
    before = first - 1 >= 0 and text[first - 1].isalnum() and judged.cause[first - 1] is None
    after = last + 1 < len(text) and text[last + 1].isalnum() and judged.cause[last + 1] is None
    return before or after


def _drop_specks(judged: _Judged, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop runs of one or two letters or digits in an invisible OCR layer: OCR reads specks, rules and
    the edges of black boxes as "l", "1", "I" or "TG" where the scan shows nothing, which is noise, not
    a hidden word (a blacked-out name or number leaves three or more)."""
    kept = []
    for first, last in runs:
        part = judged.text[first : last + 1]
        if judged.cause[first] == INVISIBLE and sum(ch.isalnum() for ch in part) < SPECK_CHARS:
            for i in range(first, last + 1):
                judged.cause[i] = None
        else:
            kept.append((first, last))
    return kept


def _page_objects(page: pdfium.PdfPage) -> list[tuple[int, int, tuple[float, float, float, float]]]:
    """(address, type, bounds) of the page's top-level objects in painting order."""
    out = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if pdfium_c.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)):
            out.append((ctypes.cast(obj, ctypes.c_void_p).value or 0, kind, (left.value, bottom.value, right.value, top.value)))
    return out


def _painted_over(boxes: np.ndarray, later: list[tuple[float, float, float, float]]) -> bool:
    """Whether the bounds of objects painted later cover the middle of every character box (page space).

    Points across the middle of each box are tested against the union of the bounds, so two boxes
    side by side count as well as one.
    """
    fx = np.array([0.25, 0.5, 0.75])
    xs = boxes[:, [0]] + (boxes[:, [2]] - boxes[:, [0]]) * fx
    ys = boxes[:, [3]] + (boxes[:, [1]] - boxes[:, [3]]) * fx
    px = np.repeat(xs, 3, axis=1).reshape(-1)
    py = np.tile(ys, 3).reshape(-1)
    b = np.array(later)
    inside = (b[:, [0]] <= px) & (px <= b[:, [2]]) & (b[:, [1]] <= py) & (py <= b[:, [3]])
    return bool(inside.any(axis=0).all())


def _explain(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, judged: _Judged, runs: list[tuple[int, int]], boxes: np.ndarray) -> None:
    """Refine the cause of each flat run, cheaply: render mode, colours, and what is painted after it."""
    objects: list[tuple[int, int, tuple[float, float, float, float]]] | None = None
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    for first, last in runs:
        if judged.cause[first] != COVERED:
            continue
        obj = pdfium_c.FPDFText_GetTextObject(textpage, first)
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) if obj else 0
        span = slice(first, last + 1)
        grey = float(np.mean([v for v, c in zip(judged.flat_grey[span], judged.cause[span], strict=True) if c == COVERED] or [255]))
        if mode in (3, 7):
            cause = INVISIBLE
        else:
            if objects is None:
                objects = _page_objects(page)
            addr = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
            order = next((i for i, (o, _, _) in enumerate(objects) if o == addr), None)
            later = [bounds for _, kind, bounds in objects[order + 1 :] if kind != pdfium_c.FPDF_PAGEOBJ_TEXT] if order is not None else []
            over = bool(later) and _painted_over(boxes[span], later)
            lum = None
            if pdfium_c.FPDFText_GetFillColor(textpage, first, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
                lum = 0.299 * r.value + 0.587 * g.value + 0.114 * b.value
            if over:
                cause = COVERED
            elif lum is not None and abs(lum - grey) < FLAT_RANGE:
                cause = SAME_COLOUR
            elif grey > 200:
                cause = NOT_DRAWN
            else:
                cause = COVERED
        for i in range(first, last + 1):
            if judged.cause[i] == COVERED:
                judged.cause[i] = cause


def _still_hidden_without_annotations(page: pdfium.PdfPage, judged: _Judged, runs: list[tuple[int, int]], scale: float) -> None:
    """Render again without annotations: runs that show then were hidden by an annotation's appearance."""
    flat_runs = [(f, last) for f, last in runs if judged.cause[f] in (COVERED, SAME_COLOUR, NOT_DRAWN, INVISIBLE)]
    if not flat_runs:
        return
    bitmap = page.render(scale=scale, grayscale=True, draw_annots=False, may_draw_forms=False)
    try:
        grey = bitmap.to_numpy()
        for first, last in flat_runs:
            shows = False
            for i in range(first, last + 1):
                if judged.cause[i] is None:
                    continue
                x0, y0, x1, y1 = (int(v) for v in judged.dev[i])
                cell = grey[y0:y1, x0:x1]
                if cell.size and int(cell.max()) - int(cell.min()) >= FLAT_RANGE:
                    shows = True
                    break
            if shows:
                for i in range(first, last + 1):
                    if judged.cause[i] is not None:
                        judged.cause[i] = ANNOTATION
    finally:
        bitmap.close()


def _under(text: str, boxes: np.ndarray, rects: list[tuple[float, float, float, float]]) -> list[str]:
    """The text whose character centres fall inside each page-space rectangle."""
    out = []
    cx = (boxes[:, 0] + boxes[:, 2]) / 2
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    for x0, y0, x1, y1 in rects:
        inside = (cx >= x0) & (cx <= x1) & (cy >= y0) & (cy <= y1)
        words = "".join(ch for ch, keep in zip(text, inside, strict=True) if keep).strip()
        if words:
            out.append(" ".join(words.split()))
    return out


def _view_page(
    number: int,
    page: pdfium.PdfPage,
    rects: list[tuple[float, float, float, float]],
) -> PageView:
    width, height = page.get_size()
    scale = min(SCALE, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    textpage = page.get_textpage()
    try:
        text, boxes = _chars(textpage)
        view = PageView(number=number, width=width, height=height, text="", all_text=text)
        if rects:
            view.under = _under(text, boxes, rects)
        if not text:
            view.images = sum(1 for _, kind, _ in _page_objects(page) if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE)
            return view
        bitmap = page.render(scale=scale, grayscale=True, draw_annots=True, may_draw_forms=True)
        try:
            grey = bitmap.to_numpy()
            if grey.ndim == 3:  # a colour bitmap (transparency): its first channel is grey enough
                grey = grey[:, :, 0]
            h_px, w_px = grey.shape
            m = _affine(page, w_px, h_px)
            grey = np.ascontiguousarray(grey)
            judged = _judge_pixels(grey, text, boxes, m)
            texts, images = _text_objects(page)
            _apply_ink(textpage, judged, _ink(page, grey, judged, scale, texts), boxes, images)
        finally:
            bitmap.close()
        raw_dev = _device_boxes(boxes, m)
        runs = _runs(judged)
        if runs:
            _explain(page, textpage, judged, runs, boxes)
            runs = _drop_specks(judged, runs)
            if pdfium_c.FPDFPage_GetAnnotCount(page) > 0:
                _still_hidden_without_annotations(page, judged, runs, scale)
        view.text = _normalise("".join(judged.chars[np.equal(judged.cause, _NO_CAUSE)]) if runs else text)
        _collect(view, judged, runs, raw_dev / scale)
        return view
    finally:
        textpage.close()


def _normalise(text: str) -> str:
    """PDFium's line breaks (CR LF) as newlines, and its mark for a hyphen at a line end as a hyphen."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")


def _tail_of_visible_line(seen: np.ndarray, line_of: np.ndarray, first: int, last: int) -> bool:
    """True when the run ends a line whose start shows (``seen``: indexes of visible letters and digits):
    a line running past the page edge or out of its frame (clip), a layout slip more than a hiding place."""
    line = line_of[first]
    same = seen[line_of[seen] == line]
    return bool(len(same)) and bool((same < first).any()) and not bool((same > last).any())


def _collect(view: PageView, judged: _Judged, runs: list[tuple[int, int]], shown: np.ndarray) -> None:
    """Turn index runs into :class:`HiddenRun` items (off-page ends of visible lines become overflow).

    ``shown``: each character's box in points of the shown page (from its top-left corner).
    """
    text = judged.text
    line_of = np.cumsum(judged.chars == "\n")
    seen = np.zeros(0, dtype=np.int64)
    if any(judged.cause[f] in (OFF_PAGE, NOT_DRAWN) for f, _ in runs):
        seen = np.flatnonzero(np.equal(judged.cause, _NO_CAUSE) & np.char.isalnum(judged.chars))
    for first, last in runs:
        part = " ".join(text[first : last + 1].split())
        keep = [i for i in range(first, last + 1) if judged.cause[i] is not None]
        d = shown[keep]
        box = (
            round(float(d[:, 0].min()), 2),
            round(float(d[:, 1].min()), 2),
            round(float(d[:, 2].max()), 2),
            round(float(d[:, 3].max()), 2),
        )
        cause = str(judged.cause[first])
        if cause in (OFF_PAGE, NOT_DRAWN) and _tail_of_visible_line(seen, line_of, first, last):
            view.overflow.append(HiddenRun(part, box, OVERFLOW))
        else:
            view.hidden.append(HiddenRun(part, box, cause))


def view_pages(
    data: bytes, *, forms: bool = False, redactions: dict[int, list[tuple[float, float, float, float]]] | None = None
) -> Iterator[PageView]:
    """Render and judge each page of the PDF in ``data`` in turn (pages numbered from 1).

    ``forms``: draw form fields (the document has an AcroForm). ``redactions``: for page numbers,
    rectangles (page space) whose text is wanted (unapplied /Redact annotations).
    """
    pdf = pdfium.PdfDocument(data)
    try:
        if forms:
            pdf.init_forms()
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                yield _view_page(index + 1, page, (redactions or {}).get(index + 1, []))
            finally:
                page.close()
    finally:
        pdf.close()
        release_tables()


def page_texts(data: bytes) -> Iterator[str]:
    """All text of each page (visible or not), without rendering: to compare a PDF's revisions."""
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    yield textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()
    finally:
        pdf.close()
