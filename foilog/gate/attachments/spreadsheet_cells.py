"""Cell addresses for messages, and a second look at the values of a few cells of a sheet.

A finding about a spreadsheet must say where: "sheet Staff, cells B2:B9". The
cells a rule collects are turned back into the ranges a person would type. The
values under a shape or behind a chart's cache are read in a second, cheap pass
over the sheet that keeps only the cells inside the rectangles asked for (the
first pass keeps no cell values, so memory stays flat on big sheets).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from foilog.gate.attachments.ooxml import Package, local

CELL_REF = re.compile(r"([A-Z]+)(\d+)")
#: Values kept per sheet in the second pass.
MAX_VALUES = 20_000

#: Sample values kept per hiding place (for the masked excerpt).
SAMPLE = 5
#: Cell positions kept per hiding reason to name ranges in a message (all are counted).
MAX_POSITIONS = 5000

Rect = tuple[int, int, int, int]  # first col, first row, last col, last row (1-based, inclusive)


@dataclass
class Collected:
    """Cells found in one hiding place, with a few sample values for the excerpt."""

    count: int = 0
    samples: list[str] = field(default_factory=list)
    places: set[int] = field(default_factory=set)
    #: (row, col) of the first cells, to name them as ranges.
    cells: list[tuple[int, int]] = field(default_factory=list)

    def add(self, value: str, place: int = 0, cell: tuple[int, int] | None = None) -> None:
        self.count += 1
        self.places.add(place)
        if len(self.samples) < SAMPLE:
            self.samples.append(value)
        if cell is not None and len(self.cells) < MAX_POSITIONS:
            self.cells.append(cell)


def col_index(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def address(col: int, row: int) -> str:
    return f"{col_letters(col)}{row}"


def rect_words(rect: Rect) -> str:
    """``B2:B9`` (``B2`` for a single cell)."""
    c0, r0, c1, r1 = rect
    first = address(c0, r0)
    return first if (c0, r0) == (c1, r1) else f"{first}:{address(c1, r1)}"


def ranges(cells: Iterable[tuple[int, int]], limit: int = 6) -> str:
    """Cells given as (row, col) written as ranges: ``B2:B9, D4`` (``... and 3 more ranges`` past ``limit``)."""
    by_col: dict[int, list[int]] = defaultdict(list)
    for row, col in cells:
        by_col[col].append(row)
    runs: dict[tuple[int, int], list[int]] = defaultdict(list)  # (first row, last row) -> columns
    for col, rows in by_col.items():
        rows = sorted(set(rows))
        start = prev = rows[0]
        for following in (*rows[1:], None):  # None: the end, which closes the last run
            if following is not None and following == prev + 1:
                prev = following
                continue
            runs[(start, prev)].append(col)
            if following is not None:
                start = prev = following
    rects: list[Rect] = []
    for (r0, r1), cols in runs.items():
        cols.sort()
        first = last = cols[0]
        for following in (*cols[1:], None):  # None: the end, which closes the last run
            if following is not None and following == last + 1:
                last = following
                continue
            rects.append((first, r0, last, r1))
            if following is not None:
                first = last = following
    rects.sort(key=lambda r: (r[1], r[0]))
    words = [rect_words(r) for r in rects[:limit]]
    more = len(rects) - limit
    return ", ".join(words) + (f" and {more} more range{'s' if more > 1 else ''}" if more > 0 else "")


def cells_word(text: str) -> str:
    """``cell B2`` or ``cells B2:B9, D4``."""
    return ("cell " if CELL_REF.fullmatch(text) else "cells ") + text


def values_in(pkg: Package, target: str, shared: list[str], rects: list[Rect]) -> dict[tuple[int, int], str]:
    """Non-empty values of the cells of ``target`` inside any of ``rects``, as (row, col) -> text."""
    found: dict[tuple[int, int], str] = {}
    if not rects or not pkg.has(target):
        return found
    rows_lo = min(r[1] for r in rects)
    rows_hi = max(r[3] for r in rects)
    if len(rects) > 64:  # many objects: read their bounding box (callers pick each object's cells from it)
        rects = [(min(r[0] for r in rects), rows_lo, max(r[2] for r in rects), rows_hi)]
    value: str | None = None
    inline: list[str] = []
    parent = None
    last_row = 0
    for event, el in pkg.iterparse(target):
        tag = local(el.tag)
        if event == "start":
            if tag == "sheetData":
                parent = el
            elif tag == "row" and (el.get("r") or "").isdigit():
                row = int(el.get("r") or 0)
                # Rows are stored in ascending order (ECMA-376; Excel repairs a file that breaks it): past the last
                # row asked for, nothing more can be found.
                if row > rows_hi and row > last_row:
                    break
                last_row = max(last_row, row)
            continue
        if tag == "v":
            value = el.text
        elif tag == "t":
            inline.append(el.text or "")
        elif tag == "c":
            ref = CELL_REF.match(el.get("r") or "")
            kind = el.get("t")
            text = "".join(inline) if kind == "inlineStr" else value or ""
            if kind == "s":
                text = shared[int(text)] if text.isdigit() and int(text) < len(shared) else ""
            value, inline = None, []
            if ref and text.strip():
                row, col = int(ref.group(2)), col_index(ref.group(1))
                if rows_lo <= row <= rows_hi and any(c0 <= col <= c1 and r0 <= row <= r1 for c0, r0, c1, r1 in rects):
                    found[(row, col)] = text
                    if len(found) >= MAX_VALUES:
                        break
        elif tag == "row":
            if parent is not None:
                parent.remove(el)
            el.clear()
    return found


def parse_sqref(sqref: str) -> list[Rect]:
    """``B2:B9 D4`` -> rectangles (1-based, inclusive); whole rows or columns are not expanded."""
    rects: list[Rect] = []
    for part in sqref.split():
        found = [CELL_REF.fullmatch(p.replace("$", "")) for p in part.split(":")[:2]]
        ends = [e for e in found if e is not None]
        if not ends or len(ends) != len(found):
            continue
        (c0, r0), (c1, r1) = [(col_index(e.group(1)), int(e.group(2))) for e in (ends[0], ends[-1])]
        rects.append((min(c0, c1), min(r0, r1), max(c0, c1), max(r0, r1)))
    return rects
