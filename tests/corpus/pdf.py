"""PDF corpus: do-it-yourself redactions that leave the words in the file, and correctly made look-alikes.

Built with reportlab (embedded TrueType subsets, as Word's and the browsers'
"Print to PDF" write them) and pypdf (what Acrobat adds afterwards:
annotations with appearance streams, crop boxes, layers). Names are invented.
"""

from __future__ import annotations

from pathlib import Path

from attachment_builders import text_op, write_pdf
from pdf_builders import (
    BODY,
    EMAIL,
    HEIGHT,
    LEFT,
    NAME,
    OTHER,
    PHONE,
    SIZE,
    WIDTH,
    annotate,
    black_box_ops,
    draw_scan,
    edit,
    footer,
    letter,
    line_y,
    ocr_layer,
    pdf,
    rect_of,
    scan_image,
    signature_image,
    span,
    width,
)
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import FILL_EVEN_ODD, Canvas

from corpus import bad, good

HIDDEN = "pdf-text-under-box"
NAME_AT = span(6, NAME)
OTHER_AT = span(6, OTHER)
WITH_CONTACT = [*BODY[:10], f"Case officer {NAME}, telephone {PHONE}, email {EMAIL}.", "", "Yours sincerely,"]
WITH_PHONE = [*BODY[:10], f"You can reach the case officer on {PHONE} until 5pm.", "", "Yours sincerely,"]


def _box(c: Canvas, box: tuple[float, float, float, float], grey: float = 0) -> None:
    c.setFillColorRGB(grey, grey, grey)
    c.rect(*box, fill=1, stroke=0)


def _letter_with(*extras, lines=BODY):
    def draw(c: Canvas) -> None:
        letter(c, lines)
        for extra in extras:
            extra(c)

    return draw


def _build(name: str, *pages, **kw):
    def build(folder: Path) -> Path:
        return pdf(folder / f"{name}.pdf", *pages, **kw)

    return build


def _annotated(name: str, subtype: str, ops: bytes, *, rect=None, author=None, contents=None, extra=None, gs=None):
    def build(folder: Path) -> Path:
        path = pdf(folder / f"{name}.pdf", _letter_with(), producer="Adobe Acrobat Pro 2020")
        r = rect or rect_of(NAME_AT)
        return edit(path, lambda w: annotate(w, subtype, r, ops, author=author, contents=contents, extra=extra, gs=gs))

    return build


# -- BAD: the words are still in the file -------------------------------------------------


def _wrapped_lines() -> list[str]:
    lines = list(BODY)
    lines[5] = "council holds the information you asked for. The complaint was made by Jane"
    lines[6] = "Hartley of 14 Orchard Lane on 12 March 2024 and was reviewed in full."
    return lines


WRAPPED = _wrapped_lines()


def _wrapped_box(c: Canvas, label: bool = False) -> None:
    a = span(5, "Jane", WRAPPED)
    b = span(6, "Hartley", WRAPPED)
    p = c.beginPath()
    p.rect(*a)
    p.rect(*b)
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(p, fill=1, stroke=0)
    if label:
        c.setFillColorRGB(1, 1, 1)
        c.setFont("Vera", 7)
        c.drawString(a[0] + 2, a[1] + 4, "s40(2)")
        c.drawString(b[0] + 2, b[1] + 4, "s40(2)")


def _rounded(c: Canvas) -> None:
    c.setFillColorRGB(0, 0, 0)
    c.roundRect(*NAME_AT, radius=4, fill=1, stroke=0)


def _black_image(c: Canvas) -> None:
    x, y, w, h = NAME_AT
    c.drawImage(ImageReader(Image.new("RGB", (40, 10), (0, 0, 0))), x, y, w, h)


def _white_name(c: Canvas) -> None:
    c.setFont("Vera", SIZE)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(LEFT, line_y(14), f"Complainant: {NAME}, 14 Orchard Lane")


def _black_on_black(c: Canvas) -> None:
    _box(c, (LEFT - 2, line_y(14) - 4, 300, 16))
    c.setFont("Vera", SIZE)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(LEFT, line_y(14), f"Complainant: {NAME}")


def _word_shape(c: Canvas) -> None:
    # Word exports a floating rectangle as a filled and outlined path under a transform.
    x, y, w, h = NAME_AT
    c.saveState()
    c.translate(x, y)
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0.18, 0.33, 0.59)
    c.setLineWidth(1)
    c.rect(0, 0, w, h, fill=1, stroke=1)
    c.restoreState()


def _white_in_line(lines: list[str]):
    def draw(c: Canvas) -> None:
        letter(c, lines)
        x, y, w, h = span(6, NAME, lines)
        # "Print to PDF" of a document where the name was coloured white: the line is drawn in pieces.
        c.setFillColorRGB(1, 1, 1)
        c.rect(x, y, w, h, fill=1, stroke=0)
        c.setFillColorRGB(1, 1, 1)
        c.setFont("Vera", SIZE)
        c.drawString(x + 1, line_y(6), NAME)

    return draw


def _white_word_lines() -> list[str]:
    lines = list(BODY)
    lines[6] = f"made by {NAME} of 14 Orchard Lane and passed to {OTHER} for review."
    return lines


def _scan_blacked(folder: Path) -> Path:
    img = scan_image(WITH_CONTACT, [(10, NAME), (10, PHONE)])
    return pdf(
        folder / "scan-blacked-ocr.pdf", lambda c: (draw_scan(c, img), ocr_layer(c, WITH_CONTACT)), producer="Canon iR-ADV C5535 OCR"
    )


def _scan_blacked_jpeg(folder: Path) -> Path:
    img = scan_image(WITH_CONTACT, [(10, NAME), (10, PHONE), (10, EMAIL)])
    return pdf(
        folder / "scan-blacked-jpeg.pdf",
        lambda c: (draw_scan(c, img, jpeg=True), ocr_layer(c, WITH_CONTACT)),
        producer="Ricoh IM C3000 OCR",
    )


def _crop_signature(folder: Path) -> Path:
    def draw(c: Canvas) -> None:
        letter(c)
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 110, NAME)
        c.drawString(LEFT, 96, "Complaints Officer, direct line " + PHONE)

    path = pdf(folder / "crop-signature.pdf", draw)

    def crop(w: PdfWriter) -> None:
        w.pages[0][NameObject("/CropBox")] = ArrayObject([FloatObject(v) for v in (0, 130, WIDTH, HEIGHT)])

    return edit(path, crop)


def _off_page(c: Canvas) -> None:
    c.setFont("Vera", SIZE)
    c.drawString(WIDTH + 40, 400, f"Complainant {NAME}")


def _one_point(c: Canvas) -> None:
    c.setFont("Vera", 1)
    c.drawString(LEFT, 200, f"Complainant {NAME} {PHONE}")


def _clipped(c: Canvas) -> None:
    c.saveState()
    p = c.beginPath()
    p.rect(10, 10, 2, 2)
    c.clipPath(p, stroke=0, fill=0)
    c.setFont("Vera", SIZE)
    c.drawString(LEFT, 200, f"Complainant {NAME}")
    c.restoreState()


def _off_layer(folder: Path) -> Path:
    from pypdf.generic import NameObject as N

    def tweak(writer: PdfWriter) -> None:
        ocg = writer._add_object(DictionaryObject({N("/Type"): N("/OCG"), N("/Name"): TextStringObject("Reviewer notes")}))
        writer._root_object[N("/OCProperties")] = DictionaryObject(
            {N("/OCGs"): ArrayObject([ocg]), N("/D"): DictionaryObject({N("/OFF"): ArrayObject([ocg])})}
        )
        writer.pages[0]["/Resources"][N("/Properties")] = DictionaryObject({N("/L1"): ocg})

    content = text_op(72, 740, "Response to request FOI-2024-0117") + b"/OC /L1 BDC\n" + text_op(72, 600, f"Reviewer: {NAME}") + b"EMC\n"
    return write_pdf(folder / "off-layer.pdf", [content], tweak=tweak)


def _form_box(c: Canvas) -> None:
    c.beginForm("redaction")
    _box(c, NAME_AT)
    c.endForm()
    c.doForm("redaction")


def _invisible_plain(c: Canvas) -> None:
    t = c.beginText(LEFT, 200)
    t.setTextRenderMode(3)
    t.setFont("Vera", SIZE)
    t.textLine(f"Requester {NAME} {PHONE}")
    c.drawText(t)


def _second_page(c: Canvas) -> None:
    letter(c, WITH_CONTACT, heading=False)
    _box(c, span(10, NAME, WITH_CONTACT))
    _box(c, span(10, PHONE, WITH_CONTACT))


def _blank_page(c: Canvas) -> None:
    letter(c, BODY[:4])


def _ink_ops() -> bytes:
    x0, y0, x1, y1 = rect_of(NAME_AT)
    ys = [y0 + 3, y1 - 3]
    pts = " ".join(f"{x0 + i * 6:.1f} {ys[i % 2]:.1f} l" for i in range(1, int((x1 - x0) / 6) + 1))
    return f"0 G 9 w 1 J {x0} {ys[0]} m {pts} S\n".encode()


def _stamp_ops() -> bytes:
    x0, y0, x1, y1 = rect_of(NAME_AT)
    return f"0 g {x0 - 3} {y0 - 3} {x1 - x0 + 6} {y1 - y0 + 6} re f 1 g BT /Helv 1 Tf ET\n".encode()


BAD = [
    bad(
        "pdf-box-over-name",
        _build("box-over-name", _letter_with(lambda c: _box(c, NAME_AT))),
        HIDDEN,
        where=("page 1",),
        story="A black rectangle drawn over the name after the text (Acrobat's rectangle tool).",
    ),
    bad(
        "pdf-box-over-address",
        _build("box-over-address", _letter_with(lambda c: _box(c, span(6, "14 Orchard Lane")))),
        HIDDEN,
        where=("page 1",),
        story="A box over part of a line: the address.",
    ),
    bad(
        "pdf-adjacent-boxes",
        _build(
            "adjacent",
            _letter_with(
                lambda c: (
                    _box(c, (NAME_AT[0], NAME_AT[1], NAME_AT[2] / 2, NAME_AT[3])),
                    _box(c, (NAME_AT[0] + NAME_AT[2] / 2, NAME_AT[1], NAME_AT[2] / 2, NAME_AT[3])),
                )
            ),
        ),
        HIDDEN,
        where=("page 1",),
        story="Two boxes side by side that together cover the name.",
    ),
    bad(
        "pdf-wrapped-box-one-path",
        _build("wrapped", lambda c: (letter(c, WRAPPED), _wrapped_box(c))),
        HIDDEN,
        where=("page 1",),
        story="A redaction over a name that wraps onto the next line, drawn as one path of two rectangles.",
    ),
    bad("pdf-rounded-box", _build("rounded", _letter_with(_rounded)), HIDDEN, where=("page 1",), story="A rounded rectangle (curves)."),
    bad(
        "pdf-black-image-over-name",
        _build("black-image", _letter_with(_black_image)),
        HIDDEN,
        where=("page 1",),
        story="A black picture pasted over the name.",
    ),
    bad(
        "pdf-white-text-on-white",
        _build("white", _letter_with(_white_name)),
        HIDDEN,
        where=("page 1",),
        story="The name coloured white on the white page.",
    ),
    bad(
        "pdf-black-text-on-black",
        _build("black-black", _letter_with(_black_on_black)),
        HIDDEN,
        where=("page 1",),
        story="Black text on a black box drawn first.",
    ),
    bad(
        "pdf-square-annotation-no-author",
        _annotated("square", "/Square", black_box_ops(rect_of(NAME_AT))),
        HIDDEN,
        where=("page 1",),
        story="Acrobat's rectangle comment filled black, with no author or text.",
    ),
    bad(
        "pdf-black-highlight-annotation",
        _annotated("highlight", "/Highlight", black_box_ops(rect_of(NAME_AT))),
        HIDDEN,
        where=("page 1",),
        story="A highlight comment in black over the name.",
    ),
    bad(
        "pdf-ink-scribble",
        _annotated("ink", "/Ink", _ink_ops()),
        HIDDEN,
        where=("page 1",),
        story="The name scribbled out with the pencil (Ink) tool.",
    ),
    bad(
        "pdf-black-stamp",
        _annotated("stamp", "/Stamp", _stamp_ops(), author="Records team"),
        HIDDEN,
        where=("page 1",),
        story="A custom stamp whose appearance is a black block.",
    ),
    bad(
        "pdf-scan-blacked-out-ocr-kept",
        _scan_blacked,
        HIDDEN,
        where=("page 1",),
        story="A scan whose pixels were blacked out while its OCR text layer still holds the name and number.",
    ),
    bad(
        "pdf-scan-jpeg-blacked-out-ocr-kept",
        _scan_blacked_jpeg,
        HIDDEN,
        where=("page 1",),
        story="A noisy JPEG scan with the contact details blacked out in the pixels and still in the OCR layer.",
    ),
    bad(
        "pdf-rotated-page-box",
        _build("rotated", _letter_with(lambda c: _box(c, NAME_AT)), rotate=90),
        HIDDEN,
        where=("page 1",),
        story="A page shown rotated (scanned sideways) with a box over the name.",
    ),
    bad(
        "pdf-crop-box-hides-signature",
        _crop_signature,
        HIDDEN,
        where=("page 1",),
        story="The signature block cropped off the page with Acrobat's crop tool; the words are still there.",
    ),
    bad(
        "pdf-text-off-page",
        _build("off-page", _letter_with(_off_page)),
        HIDDEN,
        where=("page 1",),
        story="A name moved off the edge of the page.",
    ),
    bad("pdf-text-one-point", _build("one-point", _letter_with(_one_point)), HIDDEN, where=("page 1",), story="The name shrunk to 1 pt."),
    bad(
        "pdf-clip-hides-text",
        _build("clip", _letter_with(_clipped)),
        HIDDEN,
        where=("page 1",),
        story="A clipping path that shows nothing of the text under it.",
    ),
    bad("pdf-off-layer", _off_layer, {HIDDEN, "pdf-hidden-layer"}, where=("page 1",), story="Reviewer's notes in a layer switched off."),
    bad(
        "pdf-word-shape-over-name",
        _build("word-shape", _letter_with(_word_shape), producer="Microsoft® Word for Microsoft 365"),
        HIDDEN,
        where=("page 1",),
        story="Word: a black rectangle shape floating over the name, exported to PDF.",
    ),
    bad(
        "pdf-print-to-pdf-white-name",
        _build("white-in-line", _white_in_line(_white_word_lines())),
        HIDDEN,
        where=("page 1",),
        story="'Print to PDF' of a page where the name was made white in the middle of a line.",
    ),
    bad(
        "pdf-dark-grey-box",
        _build("grey-box", _letter_with(lambda c: _box(c, NAME_AT, 0.25))),
        HIDDEN,
        where=("page 1",),
        story="A dark grey box.",
    ),
    bad(
        "pdf-cmyk-black-box",
        _build("cmyk", _letter_with(lambda c: (c.setFillColorCMYK(0, 0, 0, 1), c.rect(*NAME_AT, fill=1, stroke=0)))),
        HIDDEN,
        where=("page 1",),
        story="A box in CMYK black (print workflow).",
    ),
    bad(
        "pdf-box-on-second-page",
        _build("page-two", _blank_page, _second_page),
        HIDDEN,
        where=("page 2",),
        story="Contact details boxed on page 2.",
    ),
    bad(
        "pdf-box-in-form-xobject",
        _build("form-box", _letter_with(_form_box)),
        HIDDEN,
        where=("page 1",),
        story="The box drawn from a reusable form object.",
    ),
    bad(
        "pdf-invisible-text-no-scan",
        _build("invisible", _letter_with(_invisible_plain)),
        HIDDEN,
        where=("page 1",),
        story="Invisible text (render mode 3) on a page with no scan under it.",
    ),
    bad(
        "pdf-square-annotation-with-author",
        _annotated("square-author", "/Square", black_box_ops(rect_of(NAME_AT)), author="J Smith"),
        HIDDEN,
        where=("page 1",),
        story="Acrobat's rectangle comment filled black, by a named reviewer.",
    ),
    bad(
        "pdf-black-highlight-over-email",
        _annotated("highlight-email", "/Highlight", black_box_ops(rect_of(OTHER_AT)), rect=rect_of(OTHER_AT)),
        HIDDEN,
        where=("page 1",),
        story="A black highlight over a second name.",
    ),
    bad(
        "pdf-box-over-phone",
        _build("phone", lambda c: (letter(c, WITH_CONTACT), _box(c, span(10, PHONE, WITH_CONTACT)))),
        HIDDEN,
        where=("page 1",),
        story="A box over a phone number.",
    ),
]


# -- GOOD: correctly made look-alikes ---------------------------------------------------------


def _signed(c: Canvas) -> None:
    letter(c)
    c.setFont("Vera", SIZE)
    c.drawString(LEFT, 170, "_______________________________")
    c.drawImage(ImageReader(signature_image()), LEFT, 160, 150, 45, mask="auto")
    c.drawString(LEFT, 150, "Information Governance Manager")


def _redacted(lines: list[str], index: int, needle: str, label: str):
    def draw(c: Canvas) -> None:
        letter(c, lines, removed={index: [needle]})
        x, y, w, h = span(index, needle, lines)
        _box(c, (x, y, w, h))
        c.setFillColorRGB(1, 1, 1)
        c.setFont("Vera", 7)
        c.drawString(x + 2, y + 4, label)

    return draw


def _wrapped_good(c: Canvas) -> None:
    letter(c, WRAPPED, removed={5: ["Jane"], 6: ["Hartley"]})
    _wrapped_box(c, label=True)


def _web_print(c: Canvas) -> None:
    # A browser prints each block's background clipped to the block, then later layers over them.
    for i, (grey, y) in enumerate(((0.95, 700), (0.9, 560), (0.97, 420))):
        c.saveState()
        p = c.beginPath()
        p.rect(40, y, WIDTH - 80, 120)
        c.clipPath(p, stroke=0, fill=0)
        c.setFillColorRGB(grey, grey, 1)
        c.rect(0, 0, WIDTH, HEIGHT, fill=1, stroke=0)  # the background, full size, cut back by the clip
        c.restoreState()
        c.setFont("Vera", SIZE)
        c.setFillColorRGB(0, 0, 0)
        for j in range(5):
            c.drawString(60, y + 95 - j * 18, f"Section {i + 1}, line {j + 1}: the portal shows the status of request FOI-2024-0117.")


def _marking_frame(c: Canvas) -> None:
    letter(c)
    p = c.beginPath()
    p.rect(20, 20, WIDTH - 40, HEIGHT - 40)
    p.rect(30, 30, WIDTH - 60, HEIGHT - 60)
    c.setFillColorRGB(0.8, 0, 0)
    c.drawPath(p, fill=1, stroke=0, fillMode=FILL_EVEN_ODD)  # even-odd: a frame with a hole
    c.setFont("VeraBd", 10)
    c.setFillColorRGB(0.8, 0, 0)
    c.drawCentredString(WIDTH / 2, HEIGHT - 45, "OFFICIAL")


def _gradient(c: Canvas) -> None:
    from reportlab.lib.colors import Color

    c.saveState()
    p = c.beginPath()
    p.rect(0, HEIGHT - 100, WIDTH, 100)
    c.clipPath(p, stroke=0, fill=0)
    c.linearGradient(0, HEIGHT - 100, WIDTH, HEIGHT, (Color(0.05, 0.15, 0.4), Color(0.3, 0.6, 0.9)), extend=False)
    c.restoreState()
    c.setFont("VeraBd", 20)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(LEFT, HEIGHT - 60, "Northshire County Council")
    letter(c, heading=False)


def _table_header(c: Canvas) -> None:
    letter(c, BODY[:4])
    y = 600
    c.setFillColorRGB(0.12, 0.2, 0.35)
    c.rect(LEFT, y, 450, 20, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("VeraBd", 10)
    for k, head in enumerate(("Quarter", "Requests", "Answered in time", "Refused")):
        c.drawString(LEFT + 4 + k * 112, y + 6, head)
    c.setFont("Vera", 10)
    for r in range(6):
        yy = y - 20 * (r + 1)
        if r % 2:
            c.setFillColorRGB(0.9, 0.9, 0.9)
            c.rect(LEFT, yy, 450, 20, fill=1, stroke=0)
        c.setFillColorRGB(0, 0, 0)
        for k, cell in enumerate((f"2023 Q{r % 4 + 1}", str(40 + r), str(35 + r), str(r))):
            c.drawString(LEFT + 4 + k * 112, yy + 6, cell)


def _ocr_over(folder: Path) -> Path:
    img = scan_image()
    return pdf(folder / "ocr-over.pdf", lambda c: (draw_scan(c, img), ocr_layer(c)), producer="ABBYY FineReader 15")


def _ocr_over_jpeg(folder: Path) -> Path:
    img = scan_image()
    return pdf(folder / "ocr-jpeg.pdf", lambda c: (draw_scan(c, img, jpeg=True), ocr_layer(c)), producer="Ricoh IM C3000 OCR")


def _ocr_under(folder: Path) -> Path:
    img = scan_image()

    def draw(c: Canvas) -> None:
        letter(c, heading=False)  # some scanners write the OCR text first, in normal mode, then the page image over it
        draw_scan(c, img)

    return pdf(folder / "ocr-under.pdf", draw, producer="Xerox WorkCentre OCR")


def _highlighter(folder: Path) -> Path:
    path = pdf(folder / "highlighter.pdf", _letter_with())
    gs = DictionaryObject({NameObject("/H"): DictionaryObject({NameObject("/BM"): NameObject("/Multiply")})})
    x0, y0, x1, y1 = rect_of(span(7, "procedure had been followed"))
    ops = f"/H gs 1 1 0 rg {x0} {y0} {x1 - x0} {y1 - y0} re f\n".encode()
    return edit(path, lambda w: annotate(w, "/Highlight", (x0, y0, x1, y1), ops, gs=gs))


def _dots_under_box(c: Canvas) -> None:
    letter(c, BODY[:4])
    c.setFont("Vera", SIZE)
    c.drawString(LEFT, 500, "Name of requester: ..............................  Signed: ________________")
    _box(c, (LEFT + width("Name of requester: ") - 1, 496, width(".............................."), 14))
    _box(c, (LEFT + width("Name of requester: ..............................  Signed: ") - 1, 496, width("________________"), 14))


def _overlay_60(c: Canvas) -> None:
    letter(c)
    c.saveState()
    c.setFillAlpha(0.6)
    _box(c, span(7, "procedure had been followed"))
    c.restoreState()


BOX_LABEL = span(6, NAME)

GOOD = [
    good("pdf-signed-letter", _build("signed", _signed), story="A scanned signature over its ________ line."),
    good(
        "pdf-correct-redaction",
        _build("redacted", _redacted(BODY, 6, NAME, "REDACTED")),
        story="Text removed, a black box with a white label in its place.",
    ),
    good(
        "pdf-correct-redaction-s40",
        _build("redacted-s40", _redacted(WITH_PHONE, 10, PHONE, "s40(2)")),
        story="A redacted number labelled with its exemption.",
    ),
    good(
        "pdf-correct-wrapped-redaction",
        _build("wrapped-ok", _wrapped_good),
        story="A redaction over a name wrapping across two lines, one path, the words around it visible.",
    ),
    good(
        "pdf-web-page-print",
        _build("web", _web_print, producer="Skia/PDF m120"),
        story="A portal page printed from a browser: backgrounds clipped to their blocks.",
    ),
    good("pdf-protective-marking-frame", _build("frame", _marking_frame), story="A marking frame drawn as one path with a hole."),
    good("pdf-gradient-letterhead", _build("gradient", _gradient), story="A white heading on a gradient letterhead."),
    good("pdf-white-table-header", _build("table", _table_header), story="White text on a dark table header; grey row fills."),
    good("pdf-ocr-over-scan", _ocr_over, story="A searchable scan: OCR text in render mode 3 over the image."),
    good("pdf-ocr-over-jpeg-scan", _ocr_over_jpeg, story="A searchable scan stored as a noisy JPEG, OCR text over it."),
    good("pdf-ocr-under-scan", _ocr_under, story="OCR text drawn under the page image."),
    good("pdf-yellow-highlighter", _highlighter, story="A yellow highlight comment (Multiply blend) over text."),
    good("pdf-dots-under-box", _build("dots", _dots_under_box), story="Boxes over a form's dotted and underscored lines only."),
    good("pdf-rotated-page", _build("rotated-ok", _letter_with(), rotate=90), story="A page shown rotated, nothing hidden."),
    good("pdf-six-point-footer", _build("footer", _letter_with(footer)), story="A tiny but readable 6 pt footer."),
    good("pdf-see-through-overlay", _build("overlay", _overlay_60), story="A 60% grey overlay: a reader still reads the words."),
    good(
        "pdf-crop-box-margin",
        lambda folder: edit(
            pdf(folder / "cropped.pdf", _letter_with()),
            lambda w: w.pages[0].__setitem__(
                NameObject("/CropBox"), ArrayObject([FloatObject(v) for v in (20, 20, WIDTH - 20, HEIGHT - 20)])
            ),
        ),
        story="A crop box trimming only the empty margin.",
    ),
]

_ = (HEIGHT, OTHER_AT, BOX_LABEL)
