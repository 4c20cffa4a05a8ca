"""Floating shapes and pictures drawn in front of a Word document's text: the black rectangle over a name.

The Word version of a black box over PDF text: Insert > Shapes > Rectangle,
fill black, "In Front of Text", dragged over a name. The name is still in the
paragraph. Word keeps such a shape in the run it is anchored to (``wp:anchor``
inside ``w:drawing``; a ``wps:wsp`` shape or a ``pic:pic`` picture, and for old
readers a VML copy in ``mc:Fallback``; older files hold only the VML
``v:rect``/``v:shape`` in ``w:pict``), with its position (``wp:positionH`` and
``wp:positionV``: an offset or an alignment relative to the column, margin,
page, paragraph, line or character) and size (``wp:extent``).

Word's layout is not in the file, so this module estimates it, on purpose
conservatively: paragraphs are laid out one under the other from the section's
page size and margins, each line ``1.17 x`` its font size high and each
character about half its font size wide (the averages of the fonts Word and
LibreOffice use), with Word's own page-break marks (``w:lastRenderedPageBreak``)
when it left them. A shape counts as covering text when it overlaps a line by
at least 40 % of the line's height and at least one and a half characters'
width, and the characters there include letters or digits. Only shapes that
can be in front of the text are judged: ``wrapNone`` (In Front of Text), and
``wrapTight``/``wrapThrough`` (text flows round their outline, so only a dark
fill is reported as an error); ``behindDoc="1"`` (Behind Text), square and
top-and-bottom wrapping move the text out of the way, inline pictures take
their own place in the line. Shapes with no fill or a fill under 50 % opacity,
lines, and pictures that are mostly transparent (a signature cut out on a clear
background) hide nothing.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from foilog.gate.attachments.drawingml import alpha_below, first, int_attr, object_label, picture_look
from foilog.gate.attachments.ooxml import Package, attr, is_true, local
from foilog.gate.attachments.ooxml_colour import luminance
from foilog.gate.attachments.word_format import colour_name
from foilog.gate.attachments.word_stores import drawing_colour, shape_fill, vml_fill
from foilog.log.findings import mask

EMU_PER_CM = 360_000
EMU_PER_PT = 12_700
EMU_PER_TWIP = 635
#: A4 with Word's default 2.54 cm margins, for a section that says nothing.
_A4 = (11906 * EMU_PER_TWIP, 16838 * EMU_PER_TWIP, 1440 * EMU_PER_TWIP, 1440 * EMU_PER_TWIP, 1440 * EMU_PER_TWIP, 1440 * EMU_PER_TWIP)
#: Line height and average character width, as shares of the font size.
LINE_SHARE = 1.17
CHAR_SHARE = 0.48
#: Covering a line: this share of its height, and this many characters' width.
MIN_LINE_SHARE = 0.4
MIN_CHARS = 1.5
#: Smaller than this (in either direction) is a line or a speck, not a cover.
MIN_SIDE_EMU = int(0.15 * EMU_PER_CM)
#: Word's largest page (22 inches) and the smallest font the layout estimate assumes (6 pt; tinier text is reported
#: on its own): they bound the lines on one page, and so the work per shape.
MAX_PAGE_EMU = 22 * 914_400
MIN_LAYOUT_HALF_POINTS = 12
#: Shapes judged per story at most (a hostile file could hold millions).
MAX_SHAPES = 2000
_VML_UNITS = {"pt": EMU_PER_PT, "in": 914_400, "cm": EMU_PER_CM, "mm": 36_000, "px": 9525, "pc": 12 * EMU_PER_PT, "emu": 1}


@dataclass
class Floating:
    """A shape or picture anchored to a paragraph, floating in front of the text, with an opaque fill."""

    kind: str  # "rectangle", "shape", "text box", "picture"
    label: str  # Word's own name for it ("Rectangle 2"), or "" when the user named it
    colour: str | None  # RGB of the fill; None when not known (gradient, picture)
    dark: bool
    wrap: str  # "none", "tight", "through"
    cx: int
    cy: int
    h_from: str = "column"
    h_off: int | None = 0
    h_align: str | None = None
    v_from: str = "paragraph"
    v_off: int | None = 0
    v_align: str | None = None
    simple: tuple[int, int] | None = None  # wp:simplePos (page coordinates) when simplePos="1"
    paragraph: int = 0
    anchor_chars: int = 0

    def describe(self) -> str:
        """ "a black rectangle ('Rectangle 2')" """
        colour = "" if self.colour is None else colour_name(self.colour) + " "
        if self.kind == "picture":
            colour = "dark " if self.dark else ""
        what = f"{colour}{self.kind}"
        article = "an" if what[:1] in "aeiou" else "a"
        return f"{article} {what}" + (f" ('{self.label}')" if self.label else "")


@dataclass
class Cover:
    """A floating shape over text of the body, with the paragraphs and (estimated) characters under it."""

    shape: Floating
    #: (paragraph number, the characters under the shape, the paragraph's text)
    under: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def error(self) -> bool:
        return self.shape.wrap == "none" or self.shape.dark


# -- reading shapes ---------------------------------------------------------------------------------


def _attr(el: Element | None, name: str) -> str | None:
    return attr(el, name) if el is not None else None


def _wrap(anchor: Element) -> str | None:
    """ "none", "tight" or "through" when the object may lie over text; None when Word moves the text away."""
    if is_true(_attr(anchor, "behindDoc")):
        return None
    for child in anchor:
        name = local(child.tag)
        if name == "wrapNone":
            return "none"
        if name in ("wrapTight", "wrapThrough"):
            return name[4:].lower()
        if name in ("wrapSquare", "wrapTopAndBottom"):
            return None
    return "none"


def _position(el: Element | None) -> tuple[str, int | None, str | None]:
    """(relativeFrom, offset in EMU or None, alignment or None) of ``wp:positionH``/``wp:positionV``."""
    if el is None:
        return "column", 0, None
    off = first(el, "posOffset")
    align = first(el, "align")
    offset = None
    if off is not None and (off.text or "").strip().lstrip("-").isdigit():
        offset = int((off.text or "0").strip())
    return _attr(el, "relativeFrom") or "column", offset, (align.text or "").strip() if align is not None else None


def anchored_shape(anchor: Element, pkg: Package, rels: dict[str, tuple[str, str, bool]], theme: list[str]) -> Floating | None:
    """A ``wp:anchor`` as a :class:`Floating` when it may hide text in front of it; None otherwise."""
    wrap = _wrap(anchor)
    doc_pr = first(anchor, "docPr")
    if wrap is None or (doc_pr is not None and is_true(_attr(doc_pr, "hidden"))):
        return None
    extent = first(anchor, "extent")
    cx, cy = int_attr(extent, "cx"), int_attr(extent, "cy")
    if cx < MIN_SIDE_EMU or cy < MIN_SIDE_EMU:
        return None
    data = first(anchor, "graphic", "graphicData")
    obj = next((c for c in data if local(c.tag) in ("wsp", "pic")), None) if data is not None else None
    if obj is None:
        return None  # groups, charts, canvases, ink: not judged
    label = object_label(_attr(doc_pr, "name"))
    if local(obj.tag) == "pic":
        blip = next((el for el in obj.iter() if local(el.tag) == "blip"), None)
        rid = _attr(blip, "embed") if blip is not None else None
        target = rels.get(rid or "", ("", "", True))
        opaque, dark = picture_look(pkg, target[1] if rid and not target[2] else None)
        if not opaque:
            return None
        found = Floating("picture", label, None, dark, wrap, cx, cy)
    else:
        props = first(obj, "spPr")
        geometry = first(props, "prstGeom")
        if first(props, "custGeom") is None and _attr(geometry, "prst") in ("line", "straightConnector1", "bentConnector3"):
            return None
        fill_el = (
            next((c for c in props if local(c.tag) in ("solidFill", "gradFill", "pattFill", "blipFill")), None)
            if props is not None
            else None
        )
        fill = shape_fill(props, theme) if props is not None else None
        if fill is None:  # the shape's style decides (Word's default shapes: fillRef idx="1", accent 1)
            ref = first(obj, "style", "fillRef")
            if ref is None or int_attr(ref, "idx") == 0:
                return None
            fill_el = ref
            fill = drawing_colour(ref, theme) or "?"
        if not fill or (fill_el is not None and alpha_below(fill_el, 50_000)):
            return None
        colour = None if fill == "?" else fill
        kind = "text box" if first(obj, "txbx") is not None else "rectangle" if _attr(geometry, "prst") in ("rect", None) else "shape"
        found = Floating(kind, label, colour, colour is not None and luminance(colour) < 0.2, wrap, cx, cy)
    found.simple = (
        (int_attr(first(anchor, "simplePos"), "x"), int_attr(first(anchor, "simplePos"), "y"))
        if is_true(_attr(anchor, "simplePos"))
        else None
    )
    found.h_from, found.h_off, found.h_align = _position(first(anchor, "positionH"))
    found.v_from, found.v_off, found.v_align = _position(first(anchor, "positionV"))
    found.v_from = "paragraph" if first(anchor, "positionV") is None else found.v_from
    return found


def _vml_length(value: str) -> int | None:
    m = re.fullmatch(r"\s*(-?[0-9]*\.?[0-9]+)\s*([a-z]*)\s*", value)
    if not m:
        return None
    return round(float(m.group(1)) * _VML_UNITS.get(m.group(2) or "px", 9525))


_VML_FROM = {"text": None, "char": "character", "margin": "margin", "page": "page", "line": "line"}


def vml_shape(pict: Element, pkg: Package, rels: dict[str, tuple[str, str, bool]]) -> Floating | None:
    """A floating VML shape of a ``w:pict`` (files written by Word 2007 and older) as a :class:`Floating`."""
    shape = next((c for c in pict if local(c.tag) in ("rect", "roundrect", "shape", "oval")), None)
    if shape is None:
        return None
    style = {
        k.strip().lower(): v.strip() for k, _, v in (item.partition(":") for item in (_attr(shape, "style") or "").split(";")) if k.strip()
    }
    if style.get("position") != "absolute" or style.get("visibility") == "hidden":
        return None
    if style.get("z-index", "0").startswith("-"):
        return None  # behind text
    wrap_el = next((c for c in shape if local(c.tag) == "wrap"), None)
    wrap_type = (_attr(wrap_el, "type") or "none") if wrap_el is not None else "none"
    if wrap_type not in ("none", "tight", "through"):
        return None
    cx, cy = _vml_length(style.get("width", "")) or 0, _vml_length(style.get("height", "")) or 0
    if cx < MIN_SIDE_EMU or cy < MIN_SIDE_EMU:
        return None
    label = object_label(next((v for k, v in shape.attrib.items() if local(k) == "ID"), None) or _attr(shape, "id"))
    image = next((c for c in shape if local(c.tag) == "imagedata"), None)
    fill_child = next((c for c in shape if local(c.tag) == "fill"), None)
    opacity = (_attr(fill_child, "opacity") or "1") if fill_child is not None else "1"
    share = (
        int(opacity[:-1]) / 65536
        if opacity.endswith("f") and opacity[:-1].isdigit()
        else float(opacity)
        if re.fullmatch(r"[0-9.]+", opacity)
        else 1.0
    )
    if image is not None:
        rid = next((v for k, v in image.attrib.items() if local(k) == "id"), None)
        target = rels.get(rid or "", ("", "", True))
        opaque, dark = picture_look(pkg, target[1] if rid and not target[2] else None)
        if not opaque:
            return None
        found = Floating("picture", label, None, dark, wrap_type, cx, cy)
    else:
        fill = vml_fill(shape)
        if not fill or share < 0.5:
            return None
        colour = None if fill == "?" else fill
        is_box = any(local(c.tag) == "textbox" for c in shape)
        kind = "text box" if is_box else "rectangle" if local(shape.tag) == "rect" else "shape"
        found = Floating(kind, label, colour, colour is not None and luminance(colour) < 0.2, wrap_type, cx, cy)
    found.h_from = _VML_FROM.get(style.get("mso-position-horizontal-relative", "text"), "page") or "column"
    found.v_from = _VML_FROM.get(style.get("mso-position-vertical-relative", "text"), "page") or "paragraph"
    found.h_off = _vml_length(style.get("margin-left", style.get("left", "0")))
    found.v_off = _vml_length(style.get("margin-top", style.get("top", "0")))
    found.h_align = style.get("mso-position-horizontal") if style.get("mso-position-horizontal", "absolute") != "absolute" else None
    found.v_align = style.get("mso-position-vertical") if style.get("mso-position-vertical", "absolute") != "absolute" else None
    return found


# -- estimating the layout -----------------------------------------------------------------------------


@dataclass
class Line:
    start: int  # x of the first character, EMU from the column's left edge
    text: str


@dataclass
class Placed:
    """A body paragraph where the estimate puts it."""

    number: int
    text: str
    page: int = 0
    y: int = 0  # top, EMU below the top margin
    line_height: int = 0
    char_width: int = 0
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Para:
    number: int
    text: str
    size: int  # half-points
    align: str
    indent: int  # EMU
    after: int | None  # EMU, None: not set directly
    page_break: bool


class Layout:
    """The body's paragraphs and floating shapes, placed on estimated pages at the end of the story."""

    def __init__(self) -> None:
        self.paras: list[_Para] = []
        self.shapes: list[Floating] = []
        #: (number of the last paragraph of the section, page width, height, left, right, top, bottom margins)
        self.sections: list[tuple[int, tuple[int, int, int, int, int, int]]] = []

    def paragraph(self, number: int, text: str, size: int, ppr: Element | None, page_break: bool) -> None:
        """A body paragraph (not in a text box) has ended."""
        align, indent, after = "left", 0, None
        for child in ppr if ppr is not None else ():
            name = local(child.tag)
            if name == "jc":
                align = _attr(child, "val") or "left"
            elif name == "ind":
                indent = (int_attr(child, "left") or int_attr(child, "start")) * EMU_PER_TWIP
            elif name == "spacing" and _attr(child, "after") is not None:
                after = int_attr(child, "after") * EMU_PER_TWIP
            elif name == "pageBreakBefore" and is_true(_attr(child, "val") or "1"):
                page_break = True
        self.paras.append(_Para(number, text, size, align, indent, after, page_break))

    def section(self, sect_pr: Element) -> None:
        """A ``w:sectPr`` ends the section of every paragraph before it."""
        size, margins = first(sect_pr, "pgSz"), first(sect_pr, "pgMar")
        w = min(int_attr(size, "w") * EMU_PER_TWIP or _A4[0], MAX_PAGE_EMU)
        h = min(int_attr(size, "h") * EMU_PER_TWIP or _A4[1], MAX_PAGE_EMU)
        left, right = (
            (int_attr(margins, k) * EMU_PER_TWIP if margins is not None and _attr(margins, k) is not None else _A4[2])
            for k in ("left", "right")
        )
        top, bottom = (
            (abs(int_attr(margins, k)) * EMU_PER_TWIP if margins is not None and _attr(margins, k) is not None else _A4[4])
            for k in ("top", "bottom")
        )
        self.sections.append((self.paras[-1].number if self.paras else 0, (w, h, left, right, top, bottom)))

    def _geometry(self, number: int) -> tuple[int, int, int, int, int, int]:
        return next((g for last, g in self.sections if number <= last), self.sections[-1][1] if self.sections else _A4)

    def place(self) -> list[Placed]:
        """Every body paragraph on its estimated page."""
        placed: list[Placed] = []
        page, y = 0, 0
        for para in self.paras:
            w, h, left, right, top, bottom = self._geometry(para.number)
            width, height = max(w - left - right, EMU_PER_CM), max(h - top - bottom, EMU_PER_CM)
            size_pt = max(para.size, MIN_LAYOUT_HALF_POINTS) / 2
            line_h = round(LINE_SHARE * size_pt * EMU_PER_PT)
            char_w = max(1, round(CHAR_SHARE * size_pt * EMU_PER_PT))
            per_line = max(1, (width - para.indent) // char_w)
            chunks = [para.text[i : i + per_line] for i in range(0, len(para.text), per_line)] or [""]
            after = para.after if para.after is not None else round(0.4 * line_h)
            if y > 0 and (para.page_break or y + len(chunks) * line_h > height):
                page, y = page + 1, 0
            lines = []
            for k, chunk in enumerate(chunks):
                span = len(chunk) * char_w if k == len(chunks) - 1 or para.align != "both" else width - para.indent
                free = width - para.indent - span
                start = para.indent + (free // 2 if para.align == "center" else free if para.align in ("right", "end") else 0)
                lines.append(Line(start, chunk))
            placed.append(Placed(para.number, para.text, page, y, line_h, char_w, lines))
            y += len(chunks) * line_h + after
        return placed

    def covers(self) -> list[Cover]:
        """The shapes that lie over letters or digits of the body, with what is under them."""
        if not self.shapes:
            return []
        placed = self.place()
        by_number = {p.number: p for p in placed}
        by_page: dict[int, list[Placed]] = {}
        for p in placed:
            by_page.setdefault(p.page, []).append(p)
        # paragraphs go down the page, so their tops and bottoms are sorted: the ones a shape can reach are found by bisection
        edges = {n: ([p.y for p in paras], [p.y + len(p.lines) * p.line_height for p in paras]) for n, paras in by_page.items()}
        found = []
        for shape in self.shapes[:MAX_SHAPES]:
            anchor = by_number.get(shape.paragraph) or next((p for p in placed if p.number >= shape.paragraph), None)
            if anchor is None:
                continue
            x0, y0 = self._origin(shape, anchor)
            x1, y1 = x0 + shape.cx, y0 + shape.cy
            cover = Cover(shape)
            page = by_page.get(anchor.page, [])
            tops, bottoms = edges[anchor.page]
            for para in page[bisect.bisect_right(bottoms, y0) : bisect.bisect_left(tops, y1)]:
                under = _under(para, x0, y0, x1, y1)
                if under:
                    cover.under.append((para.number, under, para.text))
            if cover.under:
                found.append(cover)
        return found

    def _origin(self, shape: Floating, anchor: Placed) -> tuple[int, int]:
        """Top-left corner of ``shape`` in EMU from the top-left corner of the text area of its page."""
        w, h, left, right, top, bottom = self._geometry(anchor.number)
        width, height = w - left - right, h - top - bottom
        if shape.simple is not None:
            return shape.simple[0] - left, shape.simple[1] - top
        char_line = shape.anchor_chars // max(1, len(anchor.lines[0].text)) if anchor.lines and anchor.lines[0].text else 0
        char_line = min(char_line, len(anchor.lines) - 1)
        char_x = (
            anchor.lines[char_line].start + (shape.anchor_chars - sum(len(ln.text) for ln in anchor.lines[:char_line])) * anchor.char_width
        )
        h_areas = {
            "column": (0, width), "margin": (0, width), "page": (-left, w), "leftMargin": (-left, left), "rightMargin": (width, right),
            "insideMargin": (-left, left), "outsideMargin": (width, right), "character": (char_x, 0),
        }  # fmt: skip
        v_areas = {
            "paragraph": (anchor.y, 0), "line": (anchor.y + char_line * anchor.line_height, anchor.line_height), "page": (-top, h),
            "margin": (0, height), "topMargin": (-top, top), "bottomMargin": (height, bottom), "insideMargin": (-top, top),
            "outsideMargin": (height, bottom),
        }  # fmt: skip
        x = _along(h_areas.get(shape.h_from, (-left, w)), shape.h_off, shape.h_align, shape.cx, ("left", "inside"), ("right", "outside"))
        y = _along(v_areas.get(shape.v_from, (-top, h)), shape.v_off, shape.v_align, shape.cy, ("top", "inside"), ("bottom", "outside"))
        return x, y


def _along(area: tuple[int, int], offset: int | None, align: str | None, size: int, first: tuple[str, ...], last: tuple[str, ...]) -> int:
    base, length = area
    if offset is not None and not align:
        return base + offset
    if align in first:
        return base
    if align in last:
        return base + length - size
    return base + (length - size) // 2


def _under(para: Placed, x0: int, y0: int, x1: int, y1: int) -> str:
    """The characters of ``para`` the box (x0, y0)-(x1, y1) lies over, by the estimate; "" when none with letters or digits."""
    parts = []
    for k, line in enumerate(para.lines):
        top = para.y + k * para.line_height
        overlap = min(y1, top + para.line_height) - max(y0, top)
        if overlap < MIN_LINE_SHARE * min(para.line_height, y1 - y0) or not line.text:
            continue
        end = line.start + len(line.text) * para.char_width
        lo, hi = max(x0, line.start), min(x1, end)
        if hi - lo < MIN_CHARS * para.char_width:
            continue
        first = max(0, (lo - line.start) // para.char_width)
        last = min(len(line.text), math.ceil((hi - line.start) / para.char_width))
        while first > 0 and line.text[first - 1].isalnum():  # whole words: the estimate is not exact to the letter
            first -= 1
        while last < len(line.text) and line.text[last].isalnum():
            last += 1
        chunk = line.text[first:last]
        if any(c.isalnum() for c in chunk):
            parts.append(chunk.strip())
    return " ".join(parts)


def cover_message(covers: list[Cover]) -> str:
    """What the first shape covers, where, and how to fix it; the others listed by paragraph."""
    first = covers[0]
    shape = first.shape
    numbers = [n for n, _, _ in first.under]
    where = (
        "paragraph " + numbers[0].__str__() if len(numbers) == 1 else f"paragraphs {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
    )
    front = "in front of the text" if shape.wrap == "none" else "over the text (text wraps through it)"
    width = f"{shape.cx / EMU_PER_CM:.1f} x {shape.cy / EMU_PER_CM:.1f} cm"
    under = " / ".join(mask(u) for _, u, _ in first.under)
    text = " / ".join(mask(" ".join(t.split()))[:80] for _, _, t in first.under)
    message = (
        f"{where}: {shape.describe()} of {width} is drawn {front}, over about '{under}' of the line "
        f"'{text}'; the text under it is still in the file (and in any PDF made from it)"
    )
    if len(covers) > 1:
        others = sorted({n for c in covers[1:] for n, _, _ in c.under})
        listed = ", ".join(map(str, others[:8])) + (", ..." if len(others) > 8 else "")
        message += f"; {len(covers) - 1} more shapes or pictures lie over text (paragraph {listed})"
    return message + ": delete the text itself (or use Word's redaction or a PDF redaction tool), do not cover it"
