"""Shapes, pictures and charts drawn on a worksheet, and the cells they sit over.

The spreadsheet version of a black box over PDF text: Insert > Shapes >
Rectangle, fill black, drag it over the column of names. The names are still in
the cells. A drawing part (``xl/drawings/drawingN.xml``) anchors each object to
cells (``twoCellAnchor``: from and to cell plus offsets; ``oneCellAnchor``: a
cell plus a size; ``absoluteAnchor``: a position and a size, in EMU). This module
turns each anchor into the cells the object covers (at least half of a cell in
both directions), and says whether the object is opaque: a solid or theme fill
without transparency, or a picture that is not mostly transparent. A red
outline circle, a transparent callout or a logo over empty cells is not hiding
anything.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from foilog.gate.attachments.drawingml import alpha_below, first, int_attr, object_label, picture_look
from foilog.gate.attachments.ooxml import Package, attr, is_true, local

#: A column or row lookup of the grid: index at a position, start of an index, size of an index (EMU).
_Index = Callable[[int], int]

EMU_PER_PIXEL = 9525
EMU_PER_POINT = 12700
#: Excel's default column: 64 pixels (8.43 characters of Calibri 11); default row: 15 points.
DEFAULT_COL_EMU = 64 * EMU_PER_PIXEL
DEFAULT_ROW_EMU = 15 * EMU_PER_POINT
#: A cell counts as covered when an object spans at least this share of its width and of its height.
COVER_SHARE = 0.5
#: More objects than this on one sheet are not placed (a hostile file could hold millions).
MAX_OBJECTS = 2000


@dataclass
class Geometry:
    """Column widths and row heights of one sheet, in EMU, to place drawings on cells (1-based indexes)."""

    col_default: int = DEFAULT_COL_EMU
    row_default: int = DEFAULT_ROW_EMU
    #: (first column, last column, width in EMU) from ``<col>`` elements.
    cols: list[tuple[int, int, int]] = field(default_factory=list)
    #: Rows whose height differs from the default (custom heights, hidden rows), row -> EMU.
    rows: dict[int, int] = field(default_factory=dict)
    _row_keys: list[int] = field(default_factory=list, repr=False)
    _col_prefix: list[int] = field(default_factory=list, repr=False)
    _row_prefix: list[int] = field(default_factory=list, repr=False)

    def set_col_width(self, lo: int, hi: int, width_chars: float, hidden: bool) -> None:
        """A ``<col>``'s stored width (characters, padding included: 9.140625 for the default 64 pixels)."""
        self.cols.append((lo, hi, 0 if hidden else round(width_chars * 7) * EMU_PER_PIXEL))
        self._col_prefix = []

    def col_size(self, col: int) -> int:
        for lo, hi, size in self.cols:
            if lo <= col <= hi:
                return size
        return self.col_default

    def _col_edges(self) -> list[int]:
        """Left edge of every column (index 1..16385), computed once: a hostile file may place thousands of objects."""
        if len(self._col_prefix) != 16386:
            widths = [self.col_default] * 16385
            budget = 1_000_000  # overlapping <col> ranges beyond this are ignored
            for lo, hi, size in self.cols:
                lo, hi = max(lo, 1), min(hi, 16384)
                budget -= max(hi - lo + 1, 0)
                if budget < 0:
                    break
                widths[lo : hi + 1] = [size] * max(hi - lo + 1, 0)
            edges = [0, 0]
            for c in range(1, 16385):
                edges.append(edges[-1] + widths[c])
            self._col_prefix = edges
        return self._col_prefix

    def row_size(self, row: int) -> int:
        return self.rows.get(row, self.row_default)

    def col_start(self, col: int) -> int:
        """Left edge of column ``col`` (1-based) from the sheet's left edge."""
        return self._col_edges()[max(1, min(col, 16385))]

    def row_start(self, row: int) -> int:
        """Top edge of row ``row`` (1-based)."""
        if len(self._row_keys) != len(self.rows):
            self._row_keys = sorted(self.rows)
            total, self._row_prefix = 0, []
            for r in self._row_keys:
                total += self.rows[r] - self.row_default
                self._row_prefix.append(total)
        k = bisect.bisect_left(self._row_keys, row)
        return (row - 1) * self.row_default + (self._row_prefix[k - 1] if k else 0)

    def col_at(self, x: int) -> int:
        """The column holding horizontal position ``x``."""
        return max(1, min(bisect.bisect_right(self._col_edges(), x, lo=1) - 1, 16384))

    def row_at(self, y: int) -> int:
        """The row holding vertical position ``y``."""
        lo, hi = 1, 1_048_576
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.row_start(mid) <= y:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def covered(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
        """Cells (first col, first row, last col, last row) of which ``box`` (x0, y0, x1, y1 in EMU) covers at least half."""
        x0, y0, x1, y1 = box
        if x1 <= x0 or y1 <= y0:
            return None

        def span(start: int, end: int, at: _Index, begin: _Index, size: _Index) -> tuple[int, int] | None:
            first, last = at(start), at(max(start, end - 1))
            keep = []
            for i in (first, last) if last > first else (first,):
                lo, n = begin(i), size(i)
                if n == 0 or (min(end, lo + n) - max(start, lo)) / n >= COVER_SHARE:
                    keep.append(i)
            inner_first = first if first in keep else first + 1
            inner_last = last if last in keep else last - 1
            return (inner_first, inner_last) if inner_first <= inner_last else None

        cols = span(x0, x1, self.col_at, self.col_start, self.col_size)
        rows = span(y0, y1, self.row_at, self.row_start, self.row_size)
        if cols is None or rows is None:
            return None
        return cols[0], rows[0], cols[1], rows[1]


@dataclass
class Drawn:
    """One object of a drawing part."""

    kind: str  # "shape", "text box", "picture", "chart", "group"
    #: Its name when Excel named it ("Rectangle 3", "Picture 2"); user-given names are not repeated in messages.
    label: str
    opaque: bool
    hidden: bool
    text: str = ""
    alt: str = ""
    chart: str | None = None
    #: (x0, y0, x1, y1) in EMU once placed on the sheet, else the raw anchor.
    anchor: Element | None = None
    box: tuple[int, int, int, int] | None = None
    fill: str = ""

    @property
    def words(self) -> str:
        return f"{self.kind} '{self.label}'" if self.label else f"a {self.kind}"


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def _marker(el: Element | None) -> tuple[int, int, int, int]:
    """(col, col offset, row, row offset) of an ``xdr:from``/``xdr:to`` (0-based cells)."""
    values = {}
    for c in el if el is not None else ():
        try:
            values[local(c.tag)] = int((c.text or "0").strip())
        except ValueError:
            values[local(c.tag)] = 0
    return values.get("col", 0), values.get("colOff", 0), values.get("row", 0), values.get("rowOff", 0)


def place(anchor: Element, geo: Geometry) -> tuple[int, int, int, int] | None:
    """The EMU box an anchor puts its object in, on a sheet of geometry ``geo``."""
    kind = local(anchor.tag)
    ext = first(anchor, "ext")
    if kind == "absoluteAnchor":
        pos = first(anchor, "pos")
        x, y = int_attr(pos, "x"), int_attr(pos, "y")
        return x, y, x + int_attr(ext, "cx"), y + int_attr(ext, "cy")
    col, col_off, row, row_off = _marker(first(anchor, "from"))
    x0 = geo.col_start(col + 1) + col_off
    y0 = geo.row_start(row + 1) + row_off
    if kind == "oneCellAnchor":
        return x0, y0, x0 + int_attr(ext, "cx"), y0 + int_attr(ext, "cy")
    col, col_off, row, row_off = _marker(first(anchor, "to"))
    return x0, y0, geo.col_start(col + 1) + col_off, geo.row_start(row + 1) + row_off


def _shape_fill(sp: Element) -> tuple[bool, str]:
    """(opaque, how) for a shape: its own ``spPr`` fill, else the theme fill its style points at."""
    props = first(sp, "spPr")
    for child in props if props is not None else ():
        name = local(child.tag)
        if name == "noFill":
            return False, "no fill"
        if name in ("solidFill", "gradFill", "pattFill", "blipFill"):
            return (not alpha_below(child, 50000)), "filled"
        if name == "grpFill":
            return True, "filled"
    style_fill = first(sp, "style", "fillRef")
    if style_fill is not None and int_attr(style_fill, "idx") > 0:
        return (not alpha_below(style_fill, 50000)), "filled"
    return False, "no fill"


def _text(el: Element | None) -> str:
    """Text of a ``txBody``: one line per paragraph."""
    if el is None:
        return ""
    lines = ["".join(t.text or "" for t in p.iter() if local(t.tag) == "t") for p in el.iter() if local(p.tag) == "p"]
    return "\n".join(line for line in lines if line.strip())


def _nv(obj: Element) -> Element | None:
    for nv in obj:
        if local(nv.tag).startswith("nv"):
            return first(nv, "cNvPr")
    return None


def _object(obj: Element, pkg: Package, rels: dict[str, tuple[str, str, bool]]) -> Drawn | None:
    kind = local(obj.tag)
    nv = _nv(obj)
    name = (nv.get("name") or "") if nv is not None else ""
    label = object_label(name)
    hide = is_true(nv.get("hidden")) if nv is not None else False
    alt = " ".join(
        v for v in ((nv.get("title") or "") if nv is not None else "", (nv.get("descr") or "") if nv is not None else "") if v.strip()
    )
    if kind == "sp":
        props = first(obj, "nvSpPr", "cNvSpPr")
        is_box = is_true(props.get("txBox") if props is not None else None)
        opaque, how = _shape_fill(obj)
        return Drawn("text box" if is_box else "shape", label, opaque, hide, _text(first(obj, "txBody")), alt, fill=how)
    if kind == "pic":
        blip = next((el for el in obj.iter() if local(el.tag) == "blip"), None)
        rid = attr(blip, "embed") if blip is not None else None
        target = rels.get(rid or "", ("", "", False))[1] if rid else None
        return Drawn("picture", label, picture_look(pkg, target)[0], hide, "", alt)
    if kind == "graphicFrame":
        chart = next((el for el in obj.iter() if local(el.tag) == "chart"), None)
        rid = attr(chart, "id") if chart is not None else None
        target = rels.get(rid or "", ("", "", False))[1] if rid else None
        return Drawn("chart", label, False, hide, "", alt, chart=target)
    if kind == "grpSp":
        members = [d for d in (_object(c, pkg, rels) for c in obj) if d is not None]
        text = "\n".join(d.text for d in members if d.text)
        alts = " ".join(d.alt for d in members if d.alt)
        group = Drawn(
            "group of shapes", label, any(d.opaque and not d.hidden for d in members), hide, text, " ".join(v for v in (alt, alts) if v)
        )
        group.chart = next((d.chart for d in members if d.chart), None)
        return group
    return None  # connectors and content parts draw lines or ink only


def read_drawing(pkg: Package, target: str) -> list[Drawn]:
    """Every object of a drawing part, each with its anchor (not yet placed)."""
    root = pkg.xml(target) if pkg.has(target) else None
    if root is None:
        return []
    rels = pkg.rels(target)
    found: list[Drawn] = []
    for anchor in root:
        if local(anchor.tag) not in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"):
            continue
        for obj in anchor:
            drawn = _object(obj, pkg, rels)
            if drawn is not None:
                drawn.anchor = anchor
                found.append(drawn)
        if len(found) >= MAX_OBJECTS:
            break
    return found


def sheet_drawings(pkg: Package, sheet_target: str) -> list[Drawn]:
    """Objects of every drawing part a sheet (or chart sheet) links to."""
    found: list[Drawn] = []
    for rtype, target, external in pkg.rels(sheet_target).values():
        if rtype == "drawing" and not external:
            found.extend(read_drawing(pkg, target))
    return found
