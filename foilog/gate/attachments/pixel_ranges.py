"""The darkest and lightest grey level inside each of many boxes of a rendered page, at once.

The PDF judge (:mod:`.pdf_render`) asks this for every character of a page (a
page full of text has thousands), so it must not loop in Python per box. When
the boxes share a few row bands (the lines of a text page) each band is
reduced once to a row of column minima and maxima, and each box reads its
columns from it; otherwise per-row sparse tables of minima and maxima give each
column of a box from two rows. Kept apart from the judge so the array work can
be read, tested and tuned on its own.
"""

from __future__ import annotations

import numpy as np

#: Bytes the sparse tables may take (pages with more than :data:`_BANDS` distinct lines).
_TABLE_BYTES = 64_000_000
#: Up to this many distinct row bands (lines), boxes are measured band by band; beyond, with a sparse table.
_BANDS = 400
#: Levels of the vertical sparse table: boxes up to 2**_LEVELS - 1 pixels tall are measured at once.
_LEVELS = 8

_TABLES: list[np.ndarray] = []


def _tables(levels: int, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Two uint8 arrays of shape (levels, height, width), reusing the last page's memory when it is big enough.

    Pages of one document are mostly the same size; reusing the buffers saves faulting in fresh
    memory (about a third of the judging time) for every page.
    """
    need = levels * height * width
    if not _TABLES or _TABLES[0].size < need:
        _TABLES[:] = [np.empty(need, np.uint8), np.empty(need, np.uint8)]
    return _TABLES[0][:need].reshape(levels, height, width), _TABLES[1][:need].reshape(levels, height, width)


def release_tables() -> None:
    """Free the buffers kept between pages (after the last page of a document)."""
    _TABLES.clear()


def box_ranges(grey: np.ndarray, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Minimum and maximum grey level inside each box [x0, x1) x [y0, y1) (all non-empty, inside ``grey``).

    A vertical sparse table (level ``k``: the minimum, or maximum, of 2**k pixels downwards from
    each pixel) gives each column of a box from two rows; a box's columns are then gathered at
    once and reduced per box. Boxes taller than the table's reach (letters over ~170 pt) are
    measured one by one.
    """
    n = len(x0)
    height, width = grey.shape
    keys = y0 * (height + 1) + y1
    bands, which = np.unique(keys, return_inverse=True)
    if len(bands) <= _BANDS:
        return _band_ranges(grey, bands, which.reshape(-1), x0, x1)
    lo = np.empty(n, np.uint8)
    hi = np.empty(n, np.uint8)
    h = y1 - y0
    k = np.floor(np.log2(np.maximum(h, 1))).astype(np.int64)
    levels = max(1, min(int(k.max(initial=0)) + 1, _LEVELS, _TABLE_BYTES // (2 * height * width)))
    tall = k >= levels
    mins, maxs = _tables(levels, height, width)
    mins[0] = maxs[0] = grey
    for level in range(1, levels):
        step = 1 << (level - 1)
        np.minimum(mins[level - 1, :-step], mins[level - 1, step:], out=mins[level, :-step])
        np.maximum(maxs[level - 1, :-step], maxs[level - 1, step:], out=maxs[level, :-step])
        mins[level, -step:] = mins[level - 1, -step:]
        maxs[level, -step:] = maxs[level - 1, -step:]
    short = np.flatnonzero(~tall)
    if len(short):
        w = (x1 - x0)[short]
        owner = np.repeat(np.arange(len(short)), w)
        starts = np.cumsum(w) - w
        xs = x0[short][owner] + (np.arange(len(owner)) - starts[owner])
        ks = k[short][owner]
        plane = ks * (height * width) + xs
        top = plane + y0[short][owner] * width
        bottom = plane + (y1[short][owner] - (1 << ks)) * width
        fmin, fmax = mins.reshape(-1), maxs.reshape(-1)
        lo[short] = np.minimum.reduceat(np.minimum(fmin[top], fmin[bottom]), starts)
        hi[short] = np.maximum.reduceat(np.maximum(fmax[top], fmax[bottom]), starts)
    for i in np.flatnonzero(tall):
        cell = grey[y0[i] : y1[i], x0[i] : x1[i]]
        lo[i], hi[i] = cell.min(), cell.max()
    return lo, hi


def _columns(x0: np.ndarray, x1: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For boxes spanning columns [x0, x1): the owning box and column of every (box, column) pair, and each box's first pair."""
    w = x1 - x0
    owner = np.repeat(np.arange(len(w)), w)
    starts = np.cumsum(w) - w
    return owner, x0[owner] + (np.arange(len(owner)) - starts[owner]), starts


def _band_ranges(grey: np.ndarray, bands: np.ndarray, which: np.ndarray, x0: np.ndarray, x1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`box_ranges` when the boxes share a few row bands (the lines of a text page): each band is
    reduced to a row of column minima and maxima, then each box reads its columns from its band's row."""
    height, width = grey.shape
    mins = np.empty((len(bands), width), np.uint8)
    maxs = np.empty((len(bands), width), np.uint8)
    for j, key in enumerate(bands.tolist()):
        top, bottom = divmod(key, height + 1)
        band = grey[top:bottom]
        band.min(axis=0, out=mins[j])
        band.max(axis=0, out=maxs[j])
    owner, xs, starts = _columns(x0, x1)
    at = which[owner] * width + xs
    return np.minimum.reduceat(mins.reshape(-1)[at], starts), np.maximum.reduceat(maxs.reshape(-1)[at], starts)
