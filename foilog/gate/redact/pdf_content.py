"""Cut glyphs, hidden layers and image pixels out of a page's content stream, keeping the rest in place.

The editor walks the content stream the way a reader paints it (graphics state
with ``q``/``Q`` and ``cm``, text state and matrices), places every glyph in
default user space, and drops the glyphs whose box lies mostly inside an area
to clear. A string operator that loses glyphs becomes a ``TJ`` whose kerning
numbers stand in for the removed glyphs' advances, so the rest of the line
stays real text at the same place. Form XObjects drawn on the page are edited
the same way (a new copy for this page); images under an area are reported so
their pixels can be painted over; marked content of a layer that is switched
off is not painted at all. Anything the editor cannot do with certainty (an
unknown font, an inline image under an area, a font size of zero) raises
:class:`Unsafe` and the page is rasterised instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from foilog.gate.redact.pdf_fonts import FontInfo, UnsafeFont, font_info

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: A glyph goes when at least this share of its box lies inside an area (a letter half under a box goes too).
OVERLAP = 0.3
#: Deepest nesting of form XObjects followed.
MAX_DEPTH = 12
_PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


class Unsafe(Exception):
    """The page cannot be edited with certainty; the message says why (for the report)."""


def mul(m1: Matrix, m2: Matrix) -> Matrix:
    """``m1 × m2`` in PDF's row-vector convention (apply ``m1`` first)."""
    a, b, c, d, e, f = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def bbox(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Rect:
    """Bounding box of a rectangle transformed by ``m``."""
    a, b, c, d, e, f = m
    xs = [x * a + y * c + e for x in (x0, x1) for y in (y0, y1)]
    ys = [x * b + y * d + f for x in (x0, x1) for y in (y0, y1)]
    return (min(xs), min(ys), max(xs), max(ys))


def overlap(r: Rect, area: Rect) -> float:
    """Share of ``r`` inside ``area`` (a degenerate ``r`` counts by its centre)."""
    w, h = r[2] - r[0], r[3] - r[1]
    if w <= 1e-9 or h <= 1e-9:
        cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
        return 1.0 if area[0] <= cx <= area[2] and area[1] <= cy <= area[3] else 0.0
    ix = min(r[2], area[2]) - max(r[0], area[0])
    iy = min(r[3], area[3]) - max(r[1], area[1])
    return 0.0 if ix <= 0 or iy <= 0 else ix * iy / (w * h)


def _nums(operands: list[Any]) -> list[float]:
    try:
        return [float(x) for x in operands]
    except (TypeError, ValueError) as exc:
        raise Unsafe("an operator has operands that are not numbers") from exc


def _raw(s: Any) -> bytes:
    if isinstance(s, TextStringObject):
        return bytes(s.get_original_bytes())
    if isinstance(s, (bytes, ByteStringObject)):
        return bytes(s)
    raise Unsafe("a text operator shows something that is not a string")


@dataclass
class _GState:
    ctm: Matrix = IDENTITY
    font: FontInfo | None = None
    font_error: str = ""
    size: float = 0.0
    tc: float = 0.0
    tw: float = 0.0
    th: float = 1.0
    tl: float = 0.0
    rise: float = 0.0

    def copy(self) -> _GState:
        return _GState(self.ctm, self.font, self.font_error, self.size, self.tc, self.tw, self.th, self.tl, self.rise)


@dataclass
class ImageHit:
    """An image XObject drawn under an area: where its unit square lands in user space."""

    xobject: StreamObject
    ctm: Matrix
    #: The /XObject dictionary (this page's or form's own copy) and the name to point at the painted copy.
    xobjects: DictionaryObject
    name: NameObject


@dataclass
class EditResult:
    """What an edit took out."""

    glyphs: int = 0
    layers: int = 0
    alt: int = 0
    images: list[ImageHit] = field(default_factory=list)
    #: Form XObjects and images replaced by an edited copy: old object → new object (for the page).
    changed: bool = False


@dataclass
class _Marked:
    out_index: int
    props: DictionaryObject | None
    hidden: bool
    touched: bool = False


class Editor:
    """Edits one page's content (and the forms it draws) against the areas to clear."""

    def __init__(self, writer: PdfWriter, areas: list[Rect], hidden_ocgs: set[int]) -> None:
        self.writer = writer
        self.areas = areas
        self.hidden_ocgs = hidden_ocgs
        self.result = EditResult()
        self._fonts: dict[int, FontInfo | str] = {}
        self.forms = 0

    # -- entry points -------------------------------------------------------------

    def edit_ops(self, ops: list[tuple[Any, bytes]], resources: Any, ctm: Matrix, depth: int = 0) -> list[tuple[Any, bytes]] | None:
        """The edited operations, or ``None`` when nothing changed."""
        if depth > MAX_DEPTH:
            raise Unsafe("form XObjects nested too deep")
        run = _Run(self, _dict(resources), ctm, depth)
        return run.walk(ops)

    def is_hidden_oc(self, oc: Any) -> bool:
        """Whether optional content (an OCG or an OCMD) is switched off."""
        ref = getattr(oc, "indirect_reference", None) or (oc if hasattr(oc, "idnum") else None)
        obj = oc.get_object() if hasattr(oc, "get_object") else oc
        if ref is not None and getattr(ref, "idnum", None) in self.hidden_ocgs:
            return True
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OCMD":
            ocgs = obj.get("/OCGs")
            ocgs = ocgs.get_object() if ocgs is not None else None
            refs = list(ocgs) if isinstance(ocgs, ArrayObject) else [ocgs] if ocgs is not None else []
            ids = [getattr(r, "idnum", None) for r in refs]
            return bool(ids) and all(i in self.hidden_ocgs for i in ids)
        return False

    def font(self, font: Any) -> FontInfo | str:
        """The font's widths, or the reason they are unknown (cached per font object)."""
        key = id(font.get_object() if hasattr(font, "get_object") else font)
        if key not in self._fonts:
            try:
                self._fonts[key] = font_info(font)
            except UnsafeFont as exc:
                self._fonts[key] = str(exc)
        return self._fonts[key]


def _dict(obj: Any) -> DictionaryObject:
    obj = obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


class _Run:
    """One walk of one content stream."""

    def __init__(self, editor: Editor, resources: DictionaryObject, ctm: Matrix, depth: int) -> None:
        self.ed = editor
        self.res = resources
        self.depth = depth
        self.gs = _GState(ctm=ctm)
        self.stack: list[_GState] = []
        self.tm: Matrix = IDENTITY
        self.tlm: Matrix = IDENTITY
        self.out: list[tuple[Any, bytes]] = []
        self.marked: list[_Marked] = []
        self.changed = False
        self.owned = False

    @property
    def hidden(self) -> bool:
        return any(m.hidden for m in self.marked)

    def walk(self, ops: list[tuple[Any, bytes]]) -> list[tuple[Any, bytes]] | None:
        for operands, op in ops:
            self.step(list(operands), op)
        if not self.changed:
            return None
        self.prune()
        return self.out

    def emit(self, operands: list[Any], op: bytes) -> None:
        self.out.append((operands, op))

    def step(self, operands: list[Any], op: bytes) -> None:
        handler = _HANDLERS.get(op)
        if handler is not None:
            handler(self, operands, op)
            return
        if self.hidden and op in _PAINT:
            self.changed = True
            self.emit([], b"n")
            return
        if self.hidden and op in (b"sh", b"INLINE IMAGE"):
            self.changed = True
            return
        if op == b"INLINE IMAGE" and self._under(bbox(self.gs.ctm, 0, 0, 1, 1)):
            raise Unsafe("an inline image lies under a box")
        self.emit(operands, op)

    # -- graphics state -----------------------------------------------------------

    def op_q(self, operands: list[Any], op: bytes) -> None:
        self.stack.append(self.gs.copy())
        self.emit(operands, op)

    def op_Q(self, operands: list[Any], op: bytes) -> None:
        if self.stack:
            self.gs = self.stack.pop()
        self.emit(operands, op)

    def op_cm(self, operands: list[Any], op: bytes) -> None:
        m = _nums(operands)
        if len(m) != 6:
            raise Unsafe("a cm operator without six numbers")
        self.gs.ctm = mul((m[0], m[1], m[2], m[3], m[4], m[5]), self.gs.ctm)
        self.emit(operands, op)

    # -- text state ---------------------------------------------------------------

    def op_BT(self, operands: list[Any], op: bytes) -> None:
        self.tm = self.tlm = IDENTITY
        self.emit(operands, op)

    def op_Tf(self, operands: list[Any], op: bytes) -> None:
        if len(operands) != 2:
            raise Unsafe("a Tf operator without a font and a size")
        fonts = _dict(self.res.get("/Font"))
        font = fonts.get(operands[0])
        info = self.ed.font(font) if font is not None else f"the font {operands[0]} is not in the page's resources"
        self.gs.font, self.gs.font_error = (info, "") if isinstance(info, FontInfo) else (None, info)
        self.gs.size = _nums([operands[1]])[0]
        self.emit(operands, op)

    def op_param(self, operands: list[Any], op: bytes) -> None:
        value = _nums(operands[:1])[0] if operands else 0.0
        if op == b"Tc":
            self.gs.tc = value
        elif op == b"Tw":
            self.gs.tw = value
        elif op == b"Tz":
            self.gs.th = value / 100
        elif op == b"TL":
            self.gs.tl = value
        elif op == b"Ts":
            self.gs.rise = value
        self.emit(operands, op)

    def _move(self, tx: float, ty: float) -> None:
        self.tlm = mul((1, 0, 0, 1, tx, ty), self.tlm)
        self.tm = self.tlm

    def op_Td(self, operands: list[Any], op: bytes) -> None:
        tx, ty = ([*_nums(operands), 0.0, 0.0])[:2]
        if op == b"TD":
            self.gs.tl = -ty
        self._move(tx, ty)
        self.emit(operands, op)

    def op_Tm(self, operands: list[Any], op: bytes) -> None:
        m = _nums(operands)
        if len(m) != 6:
            raise Unsafe("a Tm operator without six numbers")
        self.tm = self.tlm = (m[0], m[1], m[2], m[3], m[4], m[5])
        self.emit(operands, op)

    def op_Tstar(self, operands: list[Any], op: bytes) -> None:
        self._move(0, -self.gs.tl)
        self.emit(operands, op)

    # -- showing text -------------------------------------------------------------

    def op_show(self, operands: list[Any], op: bytes) -> None:
        if op == b'"':
            if len(operands) != 3:
                raise Unsafe('a " operator without three operands')
            self.gs.tw, self.gs.tc = _nums(operands[:2])
            self._move(0, -self.gs.tl)
            items = [operands[2]]
        elif op == b"'":
            self._move(0, -self.gs.tl)
            items = list(operands[:1])
        elif op == b"TJ":
            arr = operands[0] if operands else ArrayObject()
            items = list(arr) if isinstance(arr, ArrayObject) else []
        else:
            items = list(operands[:1])
        new = self._show(items)
        if new is None:
            self.emit(operands, op)
            return
        self.changed = True
        if op == b'"':
            self.emit(operands[:1], b"Tw")
            self.emit(operands[1:2], b"Tc")
        if op in (b"'", b'"'):
            self.emit([], b"T*")
        self.emit([new], b"TJ")

    def _show(self, items: list[Any]) -> ArrayObject | None:
        """Advance through a run; the replacement TJ array when glyphs go, else ``None``."""
        gs = self.gs
        out: list[Any] = []  # lists of kept codes and kerning numbers, in order
        font = gs.font
        removed = 0
        for item in items:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                self.tm = mul((1, 0, 0, 1, -float(item) / 1000 * gs.size * gs.th, 0), self.tm)
                _push(out, float(item))
                continue
            raw = _raw(item)
            if font is None:
                if raw and self._near_text(len(raw)):
                    raise Unsafe(gs.font_error or "text is shown without a font")
                continue
            removed += self._glyphs(font, font.codes(raw), out)
        if not removed:
            return None
        self.ed.result.glyphs += removed
        for m in self.marked:
            m.touched = True
        assert font is not None
        return _tj_array(out, font)

    def _glyphs(self, font: FontInfo, codes: list[int], out: list[Any]) -> int:
        """Place each glyph of a string, keep or drop it (into ``out``), advance; the number dropped."""
        gs = self.gs
        areas = self._candidates()
        removed = 0
        for code in codes:
            w = font.width(code) / 1000
            tw = gs.tw if font.code_len == 1 and code == 32 else 0.0
            advance = (w * gs.size + gs.tc + tw) * gs.th
            drop = self.hidden
            if areas and not drop:
                trm = mul((gs.size * gs.th, 0, 0, gs.size, 0, gs.rise), mul(self.tm, gs.ctm))
                box = bbox(trm, 0, -0.2, w if w > 0 else 0.0, 0.8)
                drop = any(overlap(box, area) >= OVERLAP for area in areas)
            if drop:
                if gs.size == 0:
                    raise Unsafe("text at font size 0 lies under a box")
                removed += 1
                _push(out, -(w * gs.size + gs.tc + tw) * 1000 / gs.size)
            else:
                _push(out, code)
            self.tm = mul((1, 0, 0, 1, advance, 0), self.tm)
        return removed

    def _candidates(self) -> list[Rect]:
        """The areas a run at the current position may touch: for text along the page's axes, those on its line."""
        if not self.ed.areas:
            return []
        gs = self.gs
        trm = mul((gs.size * gs.th, 0, 0, gs.size, 0, gs.rise), mul(self.tm, gs.ctm))
        if abs(trm[1]) > 1e-9 or abs(trm[2]) > 1e-9:
            return self.ed.areas
        lo, hi = sorted((trm[5] - 0.2 * trm[3], trm[5] + 0.8 * trm[3]))
        return [a for a in self.ed.areas if a[1] < hi and a[3] > lo]

    def _near_text(self, n: int) -> bool:
        """Without widths the glyphs' places are unknown: any area on the page makes it unsafe."""
        return self.hidden or bool(self.ed.areas)

    def _under(self, box: Rect) -> bool:
        """Whether an image's box touches an area at all."""
        return any(overlap(area, box) > 0 for area in self.ed.areas)

    # -- XObjects -----------------------------------------------------------------

    def op_Do(self, operands: list[Any], op: bytes) -> None:
        xobjects = _dict(self.res.get("/XObject"))
        ref = xobjects.get(operands[0]) if operands else None
        xobj = ref.get_object() if ref is not None else None
        if not isinstance(xobj, StreamObject):
            self.emit(operands, op)
            return
        if self.hidden or ("/OC" in xobj and self.ed.is_hidden_oc(xobj["/OC"])):
            self.changed = True
            self.ed.result.layers += 0 if self.hidden else 1
            return
        subtype = xobj.get("/Subtype")
        if subtype == "/Image":
            if not xobj.get("/ImageMask") and self._under(bbox(self.gs.ctm, 0, 0, 1, 1)):
                self.changed = True
                self.ed.result.images.append(ImageHit(xobj, self.gs.ctm, self.own_xobjects(), NameObject(operands[0])))
            elif xobj.get("/ImageMask") and self._under(bbox(self.gs.ctm, 0, 0, 1, 1)):
                raise Unsafe("a stencil mask image lies under a box")
            self.emit(operands, op)
            return
        if subtype != "/Form":
            self.emit(operands, op)
            return
        new_name = self._form(xobj, xobjects)
        self.emit([new_name] if new_name else operands, op)

    def _form(self, xobj: StreamObject, xobjects: DictionaryObject) -> NameObject | None:
        """Edit a form XObject drawn here; the name of its edited copy (added to this run's own resources), or ``None``."""
        m = [float(x) for x in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])]
        if len(m) != 6:
            raise Unsafe("a form XObject with a bad /Matrix")
        ctm = mul((m[0], m[1], m[2], m[3], m[4], m[5]), self.gs.ctm)
        resources = DictionaryObject(_dict(xobj.get("/Resources", self.res)))  # a private copy: edits stay with the copy
        try:
            ops = ContentStream(xobj, self.ed.writer).operations
        except Exception as exc:  # pypdf raises many kinds on a broken stream
            raise Unsafe("a form XObject's content cannot be read") from exc
        edited = self.ed.edit_ops(ops, resources, ctm, self.depth + 1)
        if edited is None:
            return None
        self.changed = True
        copy = DecodedStreamObject()
        for key, value in xobj.items():
            if key not in ("/Filter", "/DecodeParms", "/Length"):
                copy[NameObject(key)] = value
        copy[NameObject("/Resources")] = resources
        copy.set_data(_serialise(edited, self.ed.writer))
        self.ed.forms += 1
        name = NameObject(f"/FoilogRedacted{self.ed.forms}")
        own = self.own_xobjects()
        own[name] = self.ed.writer._add_object(copy.flate_encode())
        return name

    def own_xobjects(self) -> DictionaryObject:
        """This run's /XObject dictionary, copied once so new names never reach a dictionary shared with other pages."""
        if not self.owned:
            self.res[NameObject("/XObject")] = DictionaryObject(_dict(self.res.get("/XObject")))
            self.owned = True
        return _dict(self.res["/XObject"])

    def prune(self) -> None:
        """Drop XObject names this run no longer draws (the unedited originals of edited forms)."""
        if not self.owned:
            return
        used = {str(operands[0]) for operands, op in self.out if op == b"Do" and operands}
        own = _dict(self.res.get("/XObject"))
        for key in list(own.keys()):
            target = own[key].get_object() if hasattr(own[key], "get_object") else own[key]
            if key not in used and isinstance(target, StreamObject) and target.get("/Subtype") == "/Form":
                del own[key]

    # -- marked content -----------------------------------------------------------

    def op_BMC(self, operands: list[Any], op: bytes) -> None:
        self.marked.append(_Marked(len(self.out), None, False))
        self.emit(operands, op)

    def op_BDC(self, operands: list[Any], op: bytes) -> None:
        props: Any = operands[1] if len(operands) > 1 else None
        if isinstance(props, NameObject):
            props = _dict(self.res.get("/Properties")).get(props)
        props_obj = props.get_object() if props is not None and hasattr(props, "get_object") else props
        hidden = False
        if operands and operands[0] == "/OC" and props is not None:
            hidden = self.ed.is_hidden_oc(props)
            if hidden and not self.hidden:
                self.ed.result.layers += 1
        self.marked.append(_Marked(len(self.out), props_obj if isinstance(props_obj, DictionaryObject) else None, hidden))
        self.emit(operands, op)

    def op_EMC(self, operands: list[Any], op: bytes) -> None:
        if self.marked:
            mark = self.marked.pop()
            if mark.touched and mark.props is not None:
                for key in ("/ActualText", "/Alt", "/E"):
                    if key in mark.props:
                        del mark.props[NameObject(key)]
                        self.ed.result.alt += 1
                        self.changed = True
        self.emit(operands, op)


def _push(out: list[Any], part: float | int) -> None:
    """Add a kept code (int) or a kerning number (float) to a run being rebuilt, merging neighbours of a kind."""
    if isinstance(part, float):
        if out and isinstance(out[-1], float):
            out[-1] += part
        else:
            out.append(part)
    elif out and isinstance(out[-1], list):
        out[-1].append(part)
    else:
        out.append([part])


def _tj_array(out: list[Any], font: FontInfo) -> ArrayObject:
    arr = ArrayObject()
    for part in out:
        if isinstance(part, list):
            arr.append(ByteStringObject(font.encode(part)))
        elif part:
            arr.append(FloatObject(round(part, 3)))
    if not arr:
        arr.append(FloatObject(0))
    return arr


def _serialise(ops: list[tuple[Any, bytes]], writer: PdfWriter) -> bytes:
    cs = ContentStream(None, writer)
    cs.operations = ops
    return bytes(cs.get_data())


def serialise(ops: list[tuple[Any, bytes]], writer: PdfWriter) -> bytes:
    """Operations back to content-stream bytes."""
    return _serialise(ops, writer)


_HANDLERS = {
    b"q": _Run.op_q,
    b"Q": _Run.op_Q,
    b"cm": _Run.op_cm,
    b"BT": _Run.op_BT,
    b"Tf": _Run.op_Tf,
    b"Tc": _Run.op_param,
    b"Tw": _Run.op_param,
    b"Tz": _Run.op_param,
    b"TL": _Run.op_param,
    b"Ts": _Run.op_param,
    b"Td": _Run.op_Td,
    b"TD": _Run.op_Td,
    b"Tm": _Run.op_Tm,
    b"T*": _Run.op_Tstar,
    b"Tj": _Run.op_show,
    b"TJ": _Run.op_show,
    b"'": _Run.op_show,
    b'"': _Run.op_show,
    b"Do": _Run.op_Do,
    b"BMC": _Run.op_BMC,
    b"BDC": _Run.op_BDC,
    b"EMC": _Run.op_EMC,
}
