"""The PDF cleaner of ``foilog redact``: real redaction that keeps the rest of the page real text.

For every area to cover (the officer's ``--boxes`` plus the text the gate's
renderer judges hidden under a box or an annotation, plus unapplied /Redact
annotations) the characters are cut out of the content stream (see
:mod:`.pdf_content`: the rest of each line stays selectable at the same place),
image pixels under it are painted black, annotations and form fields over it
go, and an opaque black box (with its label) is drawn. Text hidden by other
means (white on white, tiny, off the page, clipped, a switched-off layer) is
removed without a box: it was never meant to be seen. The copy is a fresh file
(pypdf's writer, only reachable objects, no earlier revisions) without
metadata, XMP, embedded files, scripts, actions, hidden layers or bookmarks
naming removed text. A page the editor cannot change with certainty is
rasterised at 200 dpi with the boxes burned in (see :mod:`.pdf_raster`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
from PIL import ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from foilog.gate.attachments import pdf_render
from foilog.gate.attachments.image_people import text_names_someone
from foilog.gate.attachments.pypdf_shim import decompression_capped
from foilog.gate.redact.model import Box, CannotClean, Cleaned, RedactOptions, Removal
from foilog.gate.redact.pdf_content import IDENTITY, Editor, ImageHit, Matrix, Rect, Unsafe, bbox, overlap, serialise

#: Causes of hidden text that mean "covered by something drawn": these become boxes on the copy.
COVER_CAUSES = {pdf_render.COVERED: "characters under a box", pdf_render.ANNOTATION: "characters under an annotation"}
#: Other ways text is hidden: removed without a box (it was never meant to be seen).
OTHER_CAUSES = {
    pdf_render.SAME_COLOUR: "characters the colour of their background",
    pdf_render.INVISIBLE: "invisible characters",
    pdf_render.NOT_DRAWN: "characters never drawn (clipped or in a hidden layer)",
    pdf_render.OFF_PAGE: "characters off the page",
    pdf_render.TINY: "characters too small to read",
}
#: Largest stream pypdf decompresses while cleaning.
MAX_STREAM = 200_000_000
#: Catalog entries the copy keeps (all else: names trees of files and scripts, actions, XMP, layers, goes).
KEEP_CATALOG = {
    "/Type",
    "/Pages",
    "/Lang",
    "/PageLayout",
    "/ViewerPreferences",
    "/Outlines",
    "/PageLabels",
    "/Dests",
    "/PageMode",
    "/MarkInfo",
    "/StructTreeRoot",
}
#: Structure elements visited at most (a tagged report has a few per paragraph).
MAX_STRUCT = 200_000
#: Annotation kinds that always go: unapplied redactions (applied instead), pop-ups, files, media, scripts' hosts.
DROP_ANNOTATIONS = {"/Redact", "/Popup", "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
#: Padding (points) around a hidden run's box, so all of each glyph falls in it.
PAD = 0.5
NOTE_RASTER = "page {n} could not be edited safely ({why}) and was turned into an image at 200 dpi: it now needs OCR or an HTML alternative to be accessible"


@dataclass
class Area:
    """One area on a page, in default user space."""

    rect: Rect
    what: str
    cover: bool
    label: str | None = None
    shown: Box | None = None


@dataclass
class _PageWork:
    number: int
    areas: list[Area] = field(default_factory=list)


def clean(data: bytes, options: RedactOptions) -> Cleaned:
    """The clean copy of the PDF in ``data`` with the areas in ``options.boxes`` (and those the gate finds) redacted."""
    try:
        with decompression_capped(MAX_STREAM):
            return _clean(data, options)
    except CannotClean:
        raise
    except (PdfReadError, PyPdfError, pdfium.PdfiumError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise CannotClean(f"this PDF cannot be read or rewritten safely ({type(exc).__name__}); print it to PDF again and rerun") from exc


def _clean(data: bytes, options: RedactOptions) -> Cleaned:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise CannotClean("the PDF is encrypted: remove the password in the program that made it, then rerun")
    forms = "/AcroForm" in reader.root_object
    work = _areas(data, reader, options, forms)
    writer = PdfWriter(clone_from=reader)
    removals: list[Removal] = []
    notes: list[str] = []
    hidden_ocgs = _hidden_ocgs(writer)
    removed_texts: list[str] = []
    raster: list[tuple[int, str, list[Box]]] = []
    texts = _texts_under(data, work)
    for index, page in enumerate(writer.pages):
        w = work[index]
        try:
            _edit_page_safely(writer, page, w, hidden_ocgs, removals)
        except Unsafe as exc:
            raster.append((index, str(exc), [a.shown for a in w.areas if a.cover and a.shown]))
            removals.append(Removal(f"page {w.number}", "the text layer (page turned into an image)", ""))
            notes.append(NOTE_RASTER.format(n=w.number, why=exc))
        for area, text in zip(w.areas, texts.get(index, []), strict=False):
            if text:
                removed_texts.append(text)
                removals.append(Removal(f"page {w.number}", area.what + (f" ({area.label})" if area.label else ""), text))
        removals.extend(_annotations(page, w, hidden_ocgs))
    for index, _why, boxes in raster:
        _rasterise(writer, data, index, boxes, forms)
    removals.extend(_document(writer, removed_texts))
    return Cleaned(_fresh(writer), tuple(removals), tuple(notes))


def _fresh(writer: PdfWriter) -> bytes:
    """The file written twice: the second writer clones only what the catalog reaches (no orphans of the edits)."""
    first = io.BytesIO()
    writer.write(first)
    again = PdfWriter(clone_from=PdfReader(first))
    info = writer.metadata
    title = info.get("/Title") if info is not None else None
    again.metadata = None
    if title:  # the neutral title :func:`_document` kept, and nothing else of /Info
        again.add_metadata({"/Title": str(title)})
    again.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    again.write(out)
    return out.getvalue()


# -- the areas --------------------------------------------------------------------


def display_to_user(page: Any) -> Matrix:
    """The matrix from the shown page (points from its top-left, after rotation and crop) to default user space."""
    box = page.cropbox
    left, bottom, right, top = float(box.left), float(box.bottom), float(box.right), float(box.top)
    rotation = int(page.rotation or 0) % 360
    # x' = a*x + c*y + e ; y' = b*x + d*y + f
    if rotation == 90:
        return (0.0, 1.0, 1.0, 0.0, left, bottom)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, 1.0, right, bottom)
    if rotation == 270:
        return (0.0, -1.0, -1.0, 0.0, right, top)
    return (1.0, 0.0, 0.0, -1.0, left, top)


def _areas(data: bytes, reader: PdfReader, options: RedactOptions, forms: bool) -> list[_PageWork]:
    """Every page's areas: requested boxes, the gate's hidden runs, unapplied /Redact annotations."""
    work = [_PageWork(i + 1) for i in range(len(reader.pages))]
    for box in options.boxes:
        if not 1 <= box.page <= len(work):
            raise CannotClean(f"a box is on page {box.page} but the PDF has {len(work)} pages; fix the boxes file and rerun")
        m = display_to_user(reader.pages[box.page - 1])
        work[box.page - 1].areas.append(
            Area(bbox(m, box.x0, box.y0, box.x1, box.y1), "characters under a requested box", True, box.label, box)
        )
    for view in pdf_render.view_pages(data, forms=forms):
        page = reader.pages[view.number - 1]
        m = display_to_user(page)
        for run in view.hidden:
            x0, y0, x1, y1 = run.box
            shown = Box(view.number, x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD)
            rect = bbox(m, shown.x0, shown.y0, shown.x1, shown.y1)
            if run.cause in COVER_CAUSES:
                work[view.number - 1].areas.append(Area(rect, COVER_CAUSES[run.cause], True, None, shown))
            else:
                work[view.number - 1].areas.append(Area(rect, OTHER_CAUSES.get(run.cause, "hidden characters"), False, None, shown))
    for index, page in enumerate(reader.pages):
        for annot in _annots(page):
            if annot.get("/Subtype") == "/Redact" and "/Rect" in annot:
                rect = _rect(annot["/Rect"])
                label = annot.get("/OverlayText")
                inverse = _invert(display_to_user(page))
                shown_rect = bbox(inverse, *rect)
                shown = Box(index + 1, *shown_rect, label=str(label) if label else None)
                work[index].areas.append(Area(rect, "characters under a redaction mark not yet applied", True, shown.label, shown))
    return work


def _invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _rect(value: Any) -> Rect:
    x0, y0, x1, y1 = (float(v) for v in value.get_object())
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _annots(page: Any) -> list[DictionaryObject]:
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else None
    if not isinstance(annots, ArrayObject):
        return []
    return [a.get_object() for a in annots if isinstance(a.get_object(), DictionaryObject)]


def _texts_under(data: bytes, work: list[_PageWork]) -> dict[int, list[str]]:
    """The text PDFium finds inside each area (for the report), from the original."""
    out: dict[int, list[str]] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for w in work:
            if not w.areas:
                continue
            page = pdf[w.number - 1]
            textpage = page.get_textpage()
            try:
                out[w.number - 1] = [" ".join(textpage.get_text_bounded(*a.rect).split()) for a in w.areas]
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    return out


# -- one page ---------------------------------------------------------------------


def _edit_page_safely(writer: PdfWriter, page: Any, work: _PageWork, hidden_ocgs: set[int], removals: list[Removal]) -> None:
    """:func:`_edit_page`, with any failure of a broken page turned into :class:`Unsafe` (the page is then rasterised)."""
    try:
        _edit_page(writer, page, work, hidden_ocgs, removals)
    except Unsafe:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, ArithmeticError, RecursionError) as exc:
        raise Unsafe(f"its content cannot be read ({type(exc).__name__})") from exc


def _edit_page(writer: PdfWriter, page: Any, work: _PageWork, hidden_ocgs: set[int], removals: list[Removal]) -> None:
    """Cut the areas out of the page's content, paint images, draw the boxes."""
    if not work.areas and not hidden_ocgs:
        return
    contents = page.get_contents()
    ops = contents.operations if contents is not None else []
    editor = Editor(writer, [a.rect for a in work.areas], hidden_ocgs)
    resources = DictionaryObject(_dict_of(page.get("/Resources")))  # this page's own copy: edits never reach other pages
    page[NameObject("/Resources")] = resources
    edited = editor.edit_ops(ops, resources, IDENTITY)
    covers = [a for a in work.areas if a.cover]
    if edited is None and not covers and not editor.result.images:
        return
    for hit in editor.result.images:
        _paint_image(writer, page, hit, [a.rect for a in work.areas])
    if editor.result.images:
        removals.append(Removal(f"page {work.number}", f"image pixels under {len(covers)} box(es) ({len(editor.result.images)} image(s))"))
    if editor.result.layers:
        removals.append(Removal(f"page {work.number}", f"{editor.result.layers} part(s) of a hidden layer"))
    if editor.result.alt:
        removals.append(Removal(f"page {work.number}", f"{editor.result.alt} alternate or actual text(s) over removed text"))
    body = serialise(edited if edited is not None else ops, writer)
    stream = DecodedStreamObject()
    stream.set_data(b"q\n" + body + b"\nQ\n" + _boxes_ops(page, covers))
    page.replace_contents(stream.flate_encode())


def _dict_of(value: Any) -> DictionaryObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _boxes_ops(page: Any, covers: list[Area]) -> bytes:
    """Opaque black boxes, with white Helvetica labels (a standard /Font resource added to the page)."""
    parts = [b"q 0 g"]
    for a in covers:
        x0, y0, x1, y1 = a.rect
        parts.append(f"{x0:.3f} {y0:.3f} {x1 - x0:.3f} {y1 - y0:.3f} re f".encode())
    parts.append(b"Q")
    labelled = [a for a in covers if a.label]
    if labelled:
        resources = page["/Resources"].get_object()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else None
        if not isinstance(fonts, DictionaryObject):
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts[NameObject("/FoilogHelv")] = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        rotation = int(page.rotation or 0) % 360
        m = display_to_user(page)
        for a in labelled:
            parts.append(_label_ops(a, m, rotation))
    return b"\n".join(parts) + b"\n"


def _label_ops(a: Area, m: Matrix, rotation: int) -> bytes:
    """White text centred in the box, running along the page as shown (``m``: shown to user space)."""
    assert a.label is not None and a.shown is not None
    label = a.label.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    w, h = a.shown.x1 - a.shown.x0, a.shown.y1 - a.shown.y0
    size = max(2.0, min(h * 0.7, w / max(len(a.label) * 0.56, 0.1), 24.0))
    text_w = len(a.label) * 0.56 * size
    sx, sy = (a.shown.x0 + a.shown.x1) / 2 - text_w / 2, (a.shown.y0 + a.shown.y1) / 2 + size * 0.35
    ux, uy = sx * m[0] + sy * m[2] + m[4], sx * m[1] + sy * m[3] + m[5]
    cos, sin = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[rotation]
    return f"q 1 g BT /FoilogHelv {size:.2f} Tf {cos} {sin} {-sin} {cos} {ux:.3f} {uy:.3f} Tm (".encode() + label + b") Tj ET Q"


def _paint_image(writer: PdfWriter, page: Any, hit: ImageHit, rects: list[Rect]) -> None:
    """Point the image's name at a copy whose pixels under the areas are black (or raise :class:`Unsafe`).

    The copy is Flate-compressed 8-bit pixels in the original's colour space (its soft mask kept), so
    nothing changes outside the areas; the original stays for other pages that draw it.
    """
    ref = getattr(hit.xobject, "indirect_reference", None)
    target = next(
        (im for im in page.images if ref is not None and im.indirect_reference is not None and im.indirect_reference.idnum == ref.idnum),
        None,
    )
    if target is None:
        raise Unsafe("an image under a box could not be found to edit")
    try:
        pil = target.image
    except Exception as exc:  # pypdf and pillow raise many kinds on an undecodable image
        raise Unsafe("an image under a box cannot be decoded") from exc
    if pil is None:
        raise Unsafe("an image under a box cannot be decoded")
    mode = pil.mode if pil.mode in ("L", "RGB", "CMYK") else "RGB"
    pil = pil.convert(mode)
    draw = ImageDraw.Draw(pil)
    inverse = _invert(hit.ctm)
    for rect in rects:
        cells = _cells(bbox(inverse, *rect), pil.width, pil.height)
        if cells:
            draw.rectangle(list(cells), fill=0 if mode == "L" else (0,) * len(mode))
    copy = DecodedStreamObject()
    for key, value in hit.xobject.items():
        if key not in ("/Filter", "/DecodeParms", "/Length", "/Decode", "/BitsPerComponent", "/ColorSpace", "/Width", "/Height"):
            copy[NameObject(key)] = value
    space = hit.xobject.get("/ColorSpace")
    keep_space = space is not None and str(_first(space)) == "/ICCBased" and mode != "CMYK"
    copy[NameObject("/ColorSpace")] = (
        space if keep_space else NameObject({"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}[mode])
    )
    copy[NameObject("/BitsPerComponent")] = NumberObject(8)
    copy[NameObject("/Width")] = NumberObject(pil.width)
    copy[NameObject("/Height")] = NumberObject(pil.height)
    copy.set_data(pil.tobytes())
    hit.xobjects[hit.name] = writer._add_object(copy.flate_encode())


def _first(space: Any) -> Any:
    space = space.get_object() if hasattr(space, "get_object") else space
    return space[0] if isinstance(space, ArrayObject) and space else space


def _cells(area: Rect, width: int, height: int) -> tuple[int, int, int, int] | None:
    """The image pixels (columns c0..c1, rows r0..r1) at least half inside ``area`` (unit-square coordinates, y up)."""
    u0, v0, u1, v1 = area
    c0, c1 = _span(u0 * width, u1 * width, width)
    r0, r1 = _span((1 - v1) * height, (1 - v0) * height, height)
    return (c0, r0, c1, r1) if c0 <= c1 and r0 <= r1 else None


def _span(lo: float, hi: float, n: int) -> tuple[int, int]:
    first, last = max(math.floor(lo), 0), min(math.ceil(hi) - 1, n - 1)
    while first <= last and min(first + 1, hi) - max(first, lo) < 0.5:
        first += 1
    while last >= first and min(last + 1, hi) - max(last, lo) < 0.5:
        last -= 1
    return first, last


def _annotations(page: Any, work: _PageWork, hidden_ocgs: set[int]) -> list[Removal]:
    """Drop comments, redaction marks, hidden annotations and anything over an area; strip scripts from the rest."""
    annots = page.get("/Annots")
    if annots is None:
        return []
    kept = ArrayObject()
    out: list[Removal] = []
    rects = [a.rect for a in work.areas]
    for ref in annots.get_object():
        annot = ref.get_object()
        if not isinstance(annot, DictionaryObject):
            continue
        subtype = str(annot.get("/Subtype", ""))
        rect = _rect(annot["/Rect"]) if "/Rect" in annot else (0.0, 0.0, 0.0, 0.0)
        flags = int(annot.get("/F", 0) or 0)
        text = str(annot.get("/Contents", "") or "")
        reason = ""
        if any(overlap(area, rect) > 0 or overlap(rect, area) > 0 for area in rects):
            reason = "over a redacted area"
        elif flags & (2 | 32) or _oc_hidden(annot.raw_get("/OC") if "/OC" in annot else None, hidden_ocgs):
            reason = "hidden"
        elif subtype in DROP_ANNOTATIONS:
            reason = "not part of the page as published"
        elif subtype not in ("/Link", "/Widget") and (text.strip() or str(annot.get("/RC", "") or "").strip()):
            reason = "a comment"
        if reason:
            out.append(Removal(f"page {work.number}", f"{subtype.lstrip('/')} annotation ({reason})", text))
            _unlink_from_parent(annot)
            continue
        for key in ("/AA", "/Contents", "/RC", "/Popup", "/IRT") + (("/T",) if subtype != "/Widget" else ()):
            if key in annot:
                del annot[NameObject(key)]  # comment text, its author and pop-up: never part of the page as shown
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        if isinstance(action, DictionaryObject) and action.get("/S") in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData"):
            del annot[NameObject("/A")]
            out.append(Removal(f"page {work.number}", f"{subtype.lstrip('/')} annotation action ({action.get('/S')})"))
        kept.append(ref)
    page[NameObject("/Annots")] = kept
    return out


def _oc_hidden(oc: Any, hidden_ocgs: set[int]) -> bool:
    """Whether an annotation's optional content group is one of those switched off."""
    return oc is not None and getattr(oc, "idnum", None) in hidden_ocgs


def _unlink_from_parent(annot: DictionaryObject) -> None:
    """Take a removed widget out of its field's /Kids, so nothing kept still reaches it."""
    parent = annot.get("/Parent")
    parent = parent.get_object() if parent is not None else None
    kids = parent.get("/Kids") if isinstance(parent, DictionaryObject) else None
    kids = kids.get_object() if kids is not None else None
    if isinstance(parent, DictionaryObject) and isinstance(kids, ArrayObject):
        parent[NameObject("/Kids")] = ArrayObject(k for k in kids if k.get_object() is not annot)


def _rasterise(writer: PdfWriter, data: bytes, index: int, boxes: list[Box], forms: bool) -> None:
    """Replace page ``index`` by an image of it with the boxes burned in."""
    from foilog.gate.redact.pdf_raster import page_image

    one, width, height = page_image(data, index + 1, boxes, forms=forms)
    image_page = writer.insert_page(PdfReader(io.BytesIO(one)).pages[0], index + 1)
    image_page.scale_to(width, height)
    writer.remove_page(index, clean=True)


# -- the document -----------------------------------------------------------------


def _hidden_ocgs(writer: PdfWriter) -> set[int]:
    """Object numbers of optional-content groups switched off by default."""
    props = writer.root_object.get("/OCProperties")
    props = props.get_object() if props is not None else None
    if not isinstance(props, DictionaryObject):
        return set()
    default = props.get("/D")
    default = default.get_object() if default is not None else DictionaryObject()
    all_ocgs = _ids(props.get("/OCGs"))
    if default.get("/BaseState") == "/OFF":
        return all_ocgs - _ids(default.get("/ON"))
    return _ids(default.get("/OFF"))


def _ids(value: Any) -> set[int]:
    value = value.get_object() if value is not None else None
    if not isinstance(value, ArrayObject):
        return set()
    return {ref.idnum for ref in value if hasattr(ref, "idnum")}


def _neutral_title(writer: PdfWriter, removed_texts: list[str]) -> str:
    """The original title when it is safe to keep: it names nothing removed, no person and no e-mail address.

    Kept because a PDF without a title falls short of accessibility (the
    gate's advice); every other document property goes.
    """
    try:
        info = writer.metadata
        title = " ".join(str(info.get("/Title") or "").split()) if info is not None else ""
    except (TypeError, ValueError, AttributeError):
        return ""
    lowered = title.lower()
    if (
        not title
        or "@" in title
        or text_names_someone(title)
        or any(text.strip() and " ".join(text.split()).lower() in lowered for text in removed_texts)
    ):
        return ""
    return title[:300]


def _document(writer: PdfWriter, removed_texts: list[str]) -> list[Removal]:
    """Strip the catalog to what a reader needs, drop metadata, filter bookmarks and form fields."""
    out: list[Removal] = []
    root = writer.root_object
    title = _neutral_title(writer, removed_texts)
    if writer.metadata is not None:
        out.append(Removal("document", "document properties (/Info)" + (", except its title" if title else "")))
    writer.metadata = None
    if title:
        writer.add_metadata({"/Title": title})  # a reader's screen reader announces it (see gate/attachments/pdf_access.py)
    for key in list(root.keys()):
        if key in KEEP_CATALOG and not (key == "/PageMode" and root[key] in ("/UseAttachments", "/UseOC")):
            continue
        if key == "/AcroForm":
            out.append(Removal("document", "interactive form (field values stay on the page as drawn)"))
        else:
            out.append(
                Removal(
                    "document",
                    {"/Metadata": "XMP metadata", "/Names": "named files, scripts and destinations"}.get(key, f"catalog entry {key}"),
                )
            )
        del root[NameObject(key)]
    for page in writer.pages:
        for key in ("/AA", "/Metadata", "/PieceInfo", "/Thumb"):
            if key in page:
                del page[NameObject(key)]
    out.extend(_outline(root, removed_texts))
    out.extend(_scrub_tags(root, removed_texts))
    return out


def _scrub_tags(root: DictionaryObject, removed_texts: Iterable[str]) -> list[Removal]:
    """Keep the tags (they make the copy accessible) but drop alternate, actual and expansion texts naming removed text."""
    needles = [" ".join(t.split()).lower() for t in removed_texts if len(t.strip()) >= 2]
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return []
    kept = {id(a) for page in _pages(root) for a in _annots(page)}
    out: list[Removal] = []
    todo: list[Any] = [tree]
    seen: set[int] = set()
    while todo and len(seen) < MAX_STRUCT:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ArrayObject):
            todo.extend(node)
            continue
        if not isinstance(node, DictionaryObject):
            continue
        for key in ("/Alt", "/ActualText", "/E", "/T"):
            value = " ".join(str(node.get(key, "")).split()).lower()
            if value and any(n in value for n in needles):
                out.append(Removal("document", f"tag {key.lstrip('/')} text naming removed text", str(node[key])))
                del node[NameObject(key)]
        target = node.get("/Obj")
        target = target.get_object() if target is not None else None
        if isinstance(target, DictionaryObject) and "/Subtype" in target and "/Rect" in target and id(target) not in kept:
            del node[NameObject("/Obj")]  # a removed annotation must not stay reachable through the tags
        if "/K" in node:
            todo.append(node["/K"])
    return out


def _pages(root: DictionaryObject) -> list[DictionaryObject]:
    """The page dictionaries under the catalog's page tree (bounded, loop-safe)."""
    out: list[DictionaryObject] = []
    todo: list[Any] = [root.get("/Pages")]
    seen: set[int] = set()
    while todo and len(seen) < 1_000_000:
        node = todo.pop()
        node = node.get_object() if node is not None else None
        if not isinstance(node, DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        kids = node.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if isinstance(kids, ArrayObject):
            todo.extend(reversed(list(kids)))
        elif node.get("/Type") == "/Page" or "/Contents" in node:
            out.append(node)
    return out


def _outline(root: DictionaryObject, removed_texts: Iterable[str]) -> list[Removal]:
    """Drop bookmarks whose title holds removed text (and their actions other than going to a page)."""
    needles = [" ".join(t.split()).lower() for t in removed_texts if len(t.strip()) >= 3]
    outlines = root.get("/Outlines")
    outlines = outlines.get_object() if outlines is not None else None
    if not isinstance(outlines, DictionaryObject):
        return []
    out: list[Removal] = []
    _prune(outlines, needles, out, 0)
    return out


def _prune(parent: DictionaryObject, needles: list[str], out: list[Removal], depth: int) -> None:
    if depth > 32:
        return
    items = []
    node = parent.get("/First")
    seen: set[int] = set()
    while node is not None and id(node.get_object()) not in seen and len(seen) < 10_000:
        item = node.get_object()
        seen.add(id(item))
        items.append(node)
        node = item.get("/Next")
    kept = []
    for ref in items:
        item = ref.get_object()
        title = " ".join(str(item.get("/Title", "")).split()).lower()
        action = item.get("/A")
        action = action.get_object() if action is not None else None
        if isinstance(action, DictionaryObject) and action.get("/S") not in ("/GoTo",):
            del item[NameObject("/A")]
        if any(n in title for n in needles):
            out.append(Removal("document", "bookmark naming removed text", str(item.get("/Title", ""))))
            continue
        _prune(item, needles, out, depth + 1)
        kept.append(ref)
    for key in ("/First", "/Last", "/Count"):
        if key in parent:
            del parent[NameObject(key)]
    for i, ref in enumerate(kept):
        item = ref.get_object()
        for key in ("/Prev", "/Next"):
            if key in item:
                del item[NameObject(key)]
        if i:
            item[NameObject("/Prev")] = kept[i - 1]
        if i + 1 < len(kept):
            item[NameObject("/Next")] = kept[i + 1]
    if kept:
        parent[NameObject("/First")] = kept[0]
        parent[NameObject("/Last")] = kept[-1]
        parent[NameObject("/Count")] = NumberObject(len(kept))
