"""Find text that is on a PDF page but cannot be seen: the fake-redaction check.

A black box drawn over live text hides nothing: the text is still there to
copy, search and extract (the MoD 2011 breach). We walk each page's content
stream, tracking just enough graphics state (CTM, colours, alpha, text
matrices, marked content) to get approximate bounding boxes for every text
run and every filled rectangle or image, in page space and in painting
order. Then a text run is hidden when

* an opaque box or image painted *after* it covers it,
* it is painted in the colour of what lies beneath it (white on the white
  page, black on a black box), or
* it uses an invisible render mode (``3 Tr``) and is not an OCR layer over a
  scanned image, or
* it sits inside an optional-content layer that is switched off.

A correctly redacted page passes: the text is gone, and a label drawn on the
box ("REDACTED" in white on black) is visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject, NameObject
from pypdf.generic._font import Font

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
Colour = tuple[float, float, float] | None

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_DEPTH = 8


def mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def bbox(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Box:
    pts = [apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def _num(v: Any, default: float = 0.0) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def _cmyk(c: float, m: float, y: float, k: float) -> Colour:
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def colour_from(operands: list[Any]) -> Colour:
    """Best-effort RGB for sc/scn operands (by component count)."""
    nums = [_num(v) for v in operands if not isinstance(v, NameObject)]
    if len(nums) == 1:
        return (nums[0],) * 3
    if len(nums) == 3:
        return (nums[0], nums[1], nums[2])
    if len(nums) == 4:
        return _cmyk(*nums)
    return None


@dataclass
class TextRun:
    text: str
    box: Box
    colour: Colour
    invisible: bool
    order: int
    in_hidden_layer: bool
    start: tuple[float, float]
    size: float
    #: Text rendering matrix at the start of the run, and each character's
    #: extent along its x axis (text space): the glyph boxes, computed on demand.
    trm: Matrix = IDENTITY
    spans: list[tuple[float, float]] = field(default_factory=list)
    low: float = 0.0
    high: float = 0.0
    #: Bounding box of the clipping path in force when the run was drawn (None: unclipped).
    clip: Box | None = None

    def glyph_box(self, i: int) -> Box:
        """Page-space box of character ``i`` of :attr:`text` (the whole run when unknown)."""
        if len(self.spans) != len(self.text):
            n = max(len(self.text), 1)
            x0, x1 = self.box[0], self.box[2]
            return (x0 + (x1 - x0) * i / n, self.box[1], x0 + (x1 - x0) * (i + 1) / n, self.box[3])
        a, b = self.spans[i]
        return bbox(self.trm, a, self.low, b, self.high)


@dataclass
class Paint:
    box: Box
    colour: Colour
    opaque: bool
    order: int
    image: bool


@dataclass
class PageContent:
    """Everything painted on one page, in order."""

    runs: list[TextRun] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    hidden_layer_ops: int = 0
    #: The page's visible area (its crop box), None when unknown.
    visible: Box | None = None

    def text(self) -> str:
        """Reading text for search and the personal-data scan."""
        out: list[str] = []
        prev: TextRun | None = None
        for run in self.runs:
            if prev is not None:
                tol = max(prev.size, run.size, 1.0) * 0.5
                if abs(run.start[1] - prev.start[1]) > tol or run.start[0] < prev.box[0] - tol:
                    out.append("\n")
                elif run.start[0] - prev.box[2] > max(run.size, 1.0) * 0.15 and not out[-1].endswith(" "):
                    out.append(" ")
            out.append(run.text)
            prev = run
        return "".join(out)


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: Colour = (0.0, 0.0, 0.0)
    stroke: Colour = (0.0, 0.0, 0.0)
    alpha: float = 1.0
    font: Font | None = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0
    clip: Box | None = None

    def copy(self) -> _State:
        return _State(**self.__dict__)


class Walker:
    """Walks content streams (pages and nested forms) into a :class:`PageContent`."""

    def __init__(self, hidden_ocgs: set[int], font_cache: dict[int, Font]) -> None:
        self.hidden_ocgs = hidden_ocgs
        self.fonts = font_cache
        self.out = PageContent()
        self.order = 0
        self.seen_forms: set[int] = set()

    # -- helpers ---------------------------------------------------------
    def _font(self, resources: DictionaryObject, name: Any) -> Font | None:
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else None
        if not isinstance(fonts, DictionaryObject) or name not in fonts:
            return None
        ref = fonts.raw_get(name)
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key not in self.fonts:
            try:
                self.fonts[key] = Font.from_font_resource(fonts[name].get_object())
            except Exception:
                self.fonts[key] = Font.from_core_font_name("/Helvetica")
        return self.fonts[key]

    def _is_hidden_ocg(self, obj: Any) -> bool:
        ref = obj if isinstance(obj, IndirectObject) else None
        if ref is not None and ref.idnum in self.hidden_ocgs:
            return True
        obj = obj.get_object() if obj is not None else None
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OCMD":
            ocgs = obj.get("/OCGs")
            ocgs = ocgs.get_object() if ocgs is not None else None
            members = list(ocgs) if isinstance(ocgs, ArrayObject) else [obj.raw_get("/OCGs")]
            policy = obj.get("/P", "/AnyOn")
            hidden = [isinstance(m, IndirectObject) and m.idnum in self.hidden_ocgs for m in members]
            if policy in ("/AllOn",):
                return any(hidden)
            return bool(hidden) and all(hidden)
        return False

    def _glyphs(self, font: Font | None, operand: Any) -> list[tuple[str, float, bool]]:
        """Each glyph of a string operand: (unicode text, advance in glyph units/1000, is a word space)."""
        raw = getattr(operand, "original_bytes", None)
        if raw is None:
            raw = operand if isinstance(operand, bytes) else str(operand).encode("latin-1", "replace")
        if font is None:
            return [(chr(b), 500.0, b == 32) for b in raw]
        enc = font.encoding
        cmap = font.character_map
        if isinstance(enc, str):
            try:
                chars = raw.decode(enc, "surrogatepass")
            except (UnicodeDecodeError, LookupError):
                try:
                    chars = raw.decode(enc, "replace")
                except LookupError:
                    chars = raw.decode("latin-1")
            return [(cmap.get(c, c), font.get_text_width(c), False) for c in chars]
        out = []
        for b in raw:
            c = enc.get(b, chr(b))
            out.append((cmap.get(c, c), font.get_text_width(chr(b)), b == 32))
        return out

    # -- walking -----------------------------------------------------------
    def walk(self, content: ContentStream, resources: DictionaryObject, state: _State, depth: int = 0, hidden: bool = False) -> None:
        stack: list[_State] = []
        marked: list[bool] = []
        path: list[tuple[float, float]] = []
        path_is_box = True
        clipping = False
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        fill_space = "/DeviceGray"

        def layer_hidden() -> bool:
            return hidden or any(marked)

        def show(items: list[Any]) -> None:
            nonlocal tm
            st = state
            start_tm = tm
            texts: list[str] = []
            spans: list[tuple[float, float]] = []
            th = st.scale
            x = 0.0  # advance along the text x axis (text space) since the start of the run
            for item in items:
                if isinstance(item, (int, float)) or type(item).__name__ in ("NumberObject", "FloatObject"):
                    x -= _num(item) / 1000.0 * st.size * th
                    if _num(item) < -200 and texts and not texts[-1].endswith(" "):
                        texts.append(" ")
                        spans.append((x, x))
                    continue
                for glyph, width, space in self._glyphs(st.font, item):
                    x0 = x
                    x += (width / 1000.0 * st.size + st.char_space + (st.word_space if space else 0.0)) * th
                    n = len(glyph)
                    if n == 1:
                        spans.append((x0, x))
                    else:
                        spans.extend((x0 + (x - x0) * k / n, x0 + (x - x0) * (k + 1) / n) for k in range(n))
                    texts.append(glyph)
            tm = mul((1, 0, 0, 1, x, 0), start_tm)
            text = "".join(texts)
            if not text.strip():
                return
            trm_start = mul(start_tm, st.ctm)
            # text-space extent: from the start origin to the end origin, descender to cap height
            x_end = x
            low, high = st.rise - 0.2 * st.size, st.rise + 0.8 * st.size
            box = bbox(trm_start, 0.0, low, x_end, high)
            invisible = st.mode in (3, 7)
            colour = st.stroke if st.mode in (1, 5) else st.fill
            scale = abs(trm_start[3]) or abs(trm_start[1]) or 1.0
            self.order += 1
            self.out.runs.append(
                TextRun(
                    text=text,
                    box=box,
                    colour=colour,
                    invisible=invisible,
                    order=self.order,
                    in_hidden_layer=layer_hidden(),
                    start=apply(trm_start, 0, 0),
                    size=st.size * scale,
                    trm=trm_start,
                    spans=spans,
                    low=low,
                    high=high,
                    clip=st.clip,
                )
            )
            if layer_hidden():
                self.out.hidden_layer_ops += 1

        def paint(box: Box, colour: Colour, image: bool, opaque: bool) -> None:
            self.order += 1
            if layer_hidden():
                self.out.hidden_layer_ops += 1
                return
            self.out.paints.append(Paint(box, colour, opaque and state.alpha >= 0.95, self.order, image))

        for operands, op in content.operations:
            if op == b"q":
                stack.append(state.copy())
            elif op == b"Q":
                if stack:
                    state = stack.pop()
            elif op == b"cm" and len(operands) == 6:
                state.ctm = mul(tuple(_num(v) for v in operands), state.ctm)  # type: ignore[arg-type]
            elif op == b"rg" and len(operands) == 3:
                state.fill = (_num(operands[0]), _num(operands[1]), _num(operands[2]))
            elif op == b"g" and operands:
                state.fill = (_num(operands[0]),) * 3
            elif op == b"k" and len(operands) == 4:
                state.fill = _cmyk(*(_num(v) for v in operands))
            elif op == b"RG" and len(operands) == 3:
                state.stroke = (_num(operands[0]), _num(operands[1]), _num(operands[2]))
            elif op == b"G" and operands:
                state.stroke = (_num(operands[0]),) * 3
            elif op == b"K" and len(operands) == 4:
                state.stroke = _cmyk(*(_num(v) for v in operands))
            elif op in (b"sc", b"scn"):
                state.fill = colour_from(operands)
            elif op in (b"SC", b"SCN"):
                state.stroke = colour_from(operands)
            elif op == b"cs" and operands:
                fill_space = str(operands[0])
                state.fill = (0.0, 0.0, 0.0) if fill_space.startswith("/Device") else None
            elif op == b"gs" and operands:
                gstates = resources.get("/ExtGState")
                gstates = gstates.get_object() if gstates is not None else None
                gs = gstates.get(operands[0]) if isinstance(gstates, DictionaryObject) else None
                gs = gs.get_object() if gs is not None else None
                if isinstance(gs, DictionaryObject):
                    if "/ca" in gs:
                        state.alpha = _num(gs["/ca"], 1.0)
                    smask = gs.get("/SMask")
                    if smask is not None and smask != "/None":
                        state.alpha = min(state.alpha, 0.5)
                    # Multiply/Darken etc. blend with what is below (flattened highlighter pens):
                    # the text stays readable, so such paint does not count as covering it.
                    blend = gs.get("/BM")
                    if blend is not None and blend not in ("/Normal", "/Compatible"):
                        state.alpha = min(state.alpha, 0.5)
            elif op == b"re" and len(operands) == 4:
                x, y, w, h = (_num(v) for v in operands)
                path.extend(apply(state.ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
            elif op in (b"m", b"l"):
                if len(operands) == 2:
                    path.append(apply(state.ctm, _num(operands[0]), _num(operands[1])))
            elif op in (b"c", b"v", b"y"):
                path_is_box = False
                nums = [_num(v) for v in operands]
                path.extend(apply(state.ctm, nums[i], nums[i + 1]) for i in range(0, len(nums) - 1, 2))
            elif op in (b"W", b"W*"):
                clipping = True
            elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"):
                if path:
                    xs = [p[0] for p in path]
                    ys = [p[1] for p in path]
                    extent = (min(xs), min(ys), max(xs), max(ys))
                    # A curved or irregular fill counts as a box only when it is dark: its bounding
                    # box is then a fair guess at what it hides (a rounded black rectangle).
                    if op not in (b"S", b"s", b"n") and (path_is_box or _dark(state.fill)):
                        paint(extent, state.fill, False, True)
                    if clipping:
                        state.clip = _intersect(state.clip, extent)
                path, path_is_box, clipping = [], True, False
            elif op == b"BT":
                tm = tlm = IDENTITY
            elif op == b"Tf" and len(operands) == 2:
                state.font = self._font(resources, operands[0])
                state.size = _num(operands[1])
            elif op == b"Tc" and operands:
                state.char_space = _num(operands[0])
            elif op == b"Tw" and operands:
                state.word_space = _num(operands[0])
            elif op == b"Tz" and operands:
                state.scale = _num(operands[0], 100.0) / 100.0
            elif op == b"TL" and operands:
                state.leading = _num(operands[0])
            elif op == b"Ts" and operands:
                state.rise = _num(operands[0])
            elif op == b"Tr" and operands:
                state.mode = int(_num(operands[0]))
            elif op in (b"Td", b"TD") and len(operands) == 2:
                if op == b"TD":
                    state.leading = -_num(operands[1])
                tlm = mul((1, 0, 0, 1, _num(operands[0]), _num(operands[1])), tlm)
                tm = tlm
            elif op == b"Tm" and len(operands) == 6:
                tm = tlm = tuple(_num(v) for v in operands)  # type: ignore[assignment]
            elif op == b"T*":
                tlm = mul((1, 0, 0, 1, 0, -state.leading), tlm)
                tm = tlm
            elif op == b"Tj" and operands:
                show([operands[0]])
            elif op == b"TJ" and operands and isinstance(operands[0], list):
                show(list(operands[0]))
            elif op in (b"'", b'"') and operands:
                if op == b'"' and len(operands) == 3:
                    state.word_space, state.char_space = _num(operands[0]), _num(operands[1])
                tlm = mul((1, 0, 0, 1, 0, -state.leading), tlm)
                tm = tlm
                show([operands[-1]])
            elif op == b"BDC" and len(operands) == 2:
                marked.append(operands[0] == "/OC" and self._oc_hidden(resources, operands[1]))
            elif op == b"BMC":
                marked.append(False)
            elif op == b"EMC":
                if marked:
                    marked.pop()
            elif op == b"INLINE IMAGE":
                paint(bbox(state.ctm, 0, 0, 1, 1), None, True, True)
            elif op == b"Do" and operands:
                self._do(resources, operands[0], state, depth, layer_hidden(), paint)

    def _oc_hidden(self, resources: DictionaryObject, prop: Any) -> bool:
        if isinstance(prop, DictionaryObject):
            return self._is_hidden_ocg(prop)
        props = resources.get("/Properties")
        props = props.get_object() if props is not None else None
        if isinstance(props, DictionaryObject) and prop in props:
            return self._is_hidden_ocg(props.raw_get(prop))
        return False

    def _do(self, resources: DictionaryObject, name: Any, state: _State, depth: int, hidden: bool, paint: Any) -> None:
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not isinstance(xobjects, DictionaryObject) or name not in xobjects:
            return
        ref = xobjects.raw_get(name)
        xobj = xobjects[name].get_object()
        if not isinstance(xobj, DictionaryObject):
            return
        oc_hidden = "/OC" in xobj and self._is_hidden_ocg(xobj.raw_get("/OC"))
        if xobj.get("/Subtype") == "/Image":
            if oc_hidden:
                self.out.hidden_layer_ops += 1
                return
            stencil = bool(xobj.get("/ImageMask", False))
            masked = "/SMask" in xobj or "/Mask" in xobj
            paint(bbox(state.ctm, 0, 0, 1, 1), state.fill if stencil else None, not stencil, not masked)
        elif xobj.get("/Subtype") == "/Form" and depth < _MAX_DEPTH:
            key = ref.idnum if isinstance(ref, IndirectObject) else id(xobj)
            if key in self.seen_forms and depth > 0:
                return
            self.seen_forms.add(key)
            form_state = state.copy()
            matrix = xobj.get("/Matrix")
            if isinstance(matrix, ArrayObject) and len(matrix) == 6:
                form_state.ctm = mul(tuple(_num(v) for v in matrix), state.ctm)  # type: ignore[arg-type]
            form_bbox = xobj.get("/BBox")
            form_bbox = form_bbox.get_object() if form_bbox is not None else None
            if isinstance(form_bbox, ArrayObject) and len(form_bbox) == 4:
                x0, y0, x1, y1 = (_num(v) for v in form_bbox)
                form_state.clip = _intersect(form_state.clip, bbox(form_state.ctm, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            form_resources = xobj.get("/Resources")
            form_resources = form_resources.get_object() if form_resources is not None else resources
            if not isinstance(form_resources, DictionaryObject):
                form_resources = resources
            content = ContentStream(xobj, None)
            self.walk(content, form_resources, form_state, depth + 1, hidden or oc_hidden)
            self.seen_forms.discard(key)


def _dark(colour: Colour) -> bool:
    return colour is not None and max(colour) < 0.35


def _intersect(a: Box | None, b: Box) -> Box:
    """The intersection of two boxes (``a`` None: no clip yet); empty when they do not meet."""
    if a is None:
        return b
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, max(x0, x1), max(y0, y1))


def _inverse_x(start: Matrix, end: Matrix) -> float:
    """Advance between two text matrices along the start matrix's x axis (text space)."""
    a, b = start[0], start[1]
    dx, dy = end[4] - start[4], end[5] - start[5]
    norm = a * a + b * b
    return (dx * a + dy * b) / norm if norm else 0.0


def walk_page(page: PageObject, hidden_ocgs: set[int], fonts: dict[int, Font]) -> PageContent:
    """Walk one page's content stream."""
    walker = Walker(hidden_ocgs, fonts)
    content = page.get_contents()
    if content is None:
        return walker.out
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    if not isinstance(resources, DictionaryObject):
        resources = DictionaryObject()
    try:
        x0, y0, x1, y1 = (float(v) for v in page.cropbox)
        walker.out.visible = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    except Exception:  # noqa: S110 - a malformed crop box: judge without one
        pass
    walker.walk(content, resources, _State())
    return walker.out
