"""Build PDFs the way real tools make them, for the PDF tests and corpus.

reportlab writes the pages (embedded TrueType subsets of the Vera fonts it
ships, images through PIL) as word processors and "Print to PDF" do; pypdf
adds what Acrobat adds afterwards (annotations with appearance streams, crop
boxes, layers). All names are invented.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))

NAME = "Jane Hartley"
OTHER = "Oliver Pendleton"
PHONE = "07700 900461"
EMAIL = "jane.hartley@example.org"
WIDTH, HEIGHT = A4
LEFT = 72.0
SIZE = 11.0
LEADING = 15.0

BODY = [
    "Dear Requester,",
    "",
    "Freedom of Information request FOI-2024-0117",
    "",
    "Thank you for your request for information received on 3 April 2024. The",
    "council holds the information you asked for and it is set out below. The",
    f"complaint was made by {NAME} of 14 Orchard Lane and passed to {OTHER}",
    "for review. The review found that the procedure had been followed in full",
    "and no further action was needed. You can contact the information team if",
    "you are unhappy with this response, and then complain to the Commissioner.",
    "",
    "Yours sincerely,",
]

Draw = Callable[[Canvas], None]


def width(text: str, size: float = SIZE, font: str = "Vera") -> float:
    """Width of ``text`` in points."""
    return pdfmetrics.stringWidth(text, font, size)


def line_y(index: int, top: float = HEIGHT - 120) -> float:
    """Baseline of body line ``index``."""
    return top - index * LEADING


def span(index: int, needle: str, lines: list[str] = BODY, size: float = SIZE) -> tuple[float, float, float, float]:
    """(x, y, w, h) of a box that covers ``needle`` on body line ``index`` (descender to ascender)."""
    line = lines[index]
    x = LEFT + width(line[: line.index(needle)], size)
    return x - 1, line_y(index) - 0.25 * size, width(needle, size) + 2, 1.2 * size


def letter(
    c: Canvas,
    lines: list[str] = BODY,
    *,
    colour: tuple[float, float, float] = (0, 0, 0),
    heading: bool = True,
    removed: dict[int, list[str]] | None = None,
) -> None:
    """Draw a letter's heading and body; ``removed`` words (by line) are left out, the rest stays in place."""
    if heading:
        c.setFont("VeraBd", 14)
        c.setFillColorRGB(0.1, 0.1, 0.3)
        c.drawString(LEFT, HEIGHT - 80, "Northshire County Council")
    c.setFont("Vera", SIZE)
    c.setFillColorRGB(*colour)
    for i, line in enumerate(lines):
        cuts = (removed or {}).get(i, [])
        if not cuts:
            c.drawString(LEFT, line_y(i), line)
            continue
        pattern = "|".join(re.escape(w) for w in cuts)
        pos = 0
        for m in [*re.finditer(pattern, line), None]:
            piece = line[pos : m.start() if m else len(line)]
            if piece.strip():
                c.drawString(LEFT + width(line[:pos]), line_y(i), piece)
            if m:
                pos = m.end()


def footer(c: Canvas, size: float = 6) -> None:
    c.setFont("Vera", size)
    c.setFillColorRGB(0.3, 0.3, 0.3)
    c.drawString(LEFT, 40, "Northshire County Council, County Hall, Northshire NS1 1AA. Registered for data protection.")


def pdf(path: Path, *pages: Draw, producer: str = "Microsoft: Print To PDF", rotate: int = 0, pagesize=A4) -> Path:
    """Write one page per drawing function (``rotate``: the pages' /Rotate, as a scanner or Acrobat sets it)."""
    c = Canvas(str(path), pagesize=pagesize, pageCompression=1)
    c.setProducer(producer)
    c.setAuthor("")
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    if rotate:
        edit(path, lambda w: [page.rotate(rotate) for page in w.pages])
    return path


def edit(path: Path, change: Callable[[PdfWriter], None]) -> Path:
    """Re-write ``path`` with pypdf after ``change`` (as Acrobat saves an edit)."""
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    change(writer)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _appearance(
    writer: PdfWriter, rect: tuple[float, float, float, float], ops: bytes, gs: DictionaryObject | None = None
) -> DictionaryObject:
    stream = DecodedStreamObject()
    stream.set_data(ops)
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/Resources"): DictionaryObject({NameObject("/ExtGState"): gs} if gs else {}),
        }
    )
    return DictionaryObject({NameObject("/N"): writer._add_object(stream)})


def annotate(
    writer: PdfWriter,
    subtype: str,
    rect: tuple[float, float, float, float],
    ops: bytes,
    *,
    page: int = 0,
    author: str | None = None,
    contents: str | None = None,
    extra: dict[str, object] | None = None,
    gs: DictionaryObject | None = None,
) -> None:
    """An annotation of ``subtype`` over ``rect`` (x0, y0, x1, y1) whose appearance draws ``ops`` (as Acrobat writes it)."""
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/F"): NumberObject(4),
            NameObject("/C"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(0)]),
            NameObject("/AP"): _appearance(writer, rect, ops, gs),
        }
    )
    if author:
        annot[NameObject("/T")] = TextStringObject(author)
    if contents:
        annot[NameObject("/Contents")] = TextStringObject(contents)
    for key, value in (extra or {}).items():
        annot[NameObject(key)] = value  # type: ignore[assignment]
    p = writer.pages[page]
    if "/Annots" not in p:
        p[NameObject("/Annots")] = ArrayObject()
    p["/Annots"].append(writer._add_object(annot))


def rect_of(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """(x, y, w, h) as (x0, y0, x1, y1)."""
    x, y, w, h = box
    return (x, y, x + w, y + h)


def black_box_ops(r: tuple[float, float, float, float]) -> bytes:
    x0, y0, x1, y1 = r
    return f"0 g {x0} {y0} {x1 - x0} {y1 - y0} re f\n".encode()


# -- scans ---------------------------------------------------------------------------

_DPI = 150


def _font(size: float) -> ImageFont.FreeTypeFont:
    import reportlab

    return ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), round(size * _DPI / 72))


def scan_image(lines: list[str] = BODY, blackout: list[tuple[int, str]] = (), *, blank: bool = False) -> Image.Image:
    """A greyscale A4 scan of the letter at 150 dpi (optionally with names blacked out, or blank)."""
    img = Image.new("L", (round(WIDTH * _DPI / 72), round(HEIGHT * _DPI / 72)), 246)
    draw = ImageDraw.Draw(img)
    font = _font(SIZE)
    k = _DPI / 72
    if not blank:
        for i, line in enumerate(lines):
            y = (HEIGHT - line_y(i)) * k
            for m in re.finditer(r"\S+", line):  # word by word, where OCR will put each word
                draw.text(((LEFT + width(line[: m.start()])) * k, y), m.group(), fill=25, font=font, anchor="ls")
    for index, needle in blackout:
        x, y, w, h = span(index, needle, lines)
        draw.rectangle([x * k, (HEIGHT - y - h) * k, (x + w) * k, (HEIGHT - y) * k], fill=0)
    return img


def ocr_layer(c: Canvas, lines: list[str] = BODY) -> None:
    """The invisible OCR text (render mode 3) a scanner lays over its image."""
    t = c.beginText()
    t.setTextRenderMode(3)
    t.setFont("Vera", SIZE)
    for i, line in enumerate(lines):
        t.setTextOrigin(LEFT, line_y(i))
        t.textLine(line)
    c.drawText(t)


def draw_scan(c: Canvas, img: Image.Image, *, jpeg: bool = False) -> None:
    """Place a scan over the whole page; ``jpeg``: as a scanner stores it (sensor noise, JPEG at quality 50)."""
    if jpeg:
        import numpy as np

        noisy = np.asarray(img, dtype=np.int16) + np.random.default_rng(7).normal(0, 6, (img.height, img.width)).astype(np.int16)
        out = io.BytesIO()
        Image.fromarray(np.clip(noisy, 0, 255).astype("uint8"), "L").save(out, "JPEG", quality=50)
        out.seek(0)
        c.drawImage(ImageReader(out), 0, 0, WIDTH, HEIGHT)
        return
    c.drawImage(ImageReader(img), 0, 0, WIDTH, HEIGHT)


def png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def signature_image() -> Image.Image:
    """A scanned signature: dark strokes on a transparent background."""
    img = Image.new("RGBA", (300, 90), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    d.line([(10, 60), (60, 20), (90, 70), (140, 15), (190, 65), (260, 30), (290, 55)], fill=(20, 20, 60, 255), width=4)
    return img
