"""The last resort for a page the editor cannot change safely: an image of it with the boxes burned in.

Only that page is replaced, by a one-page PDF pillow writes from PDFium's
rendering at 200 dpi (annotations and form fields drawn as a reader shows
them), the same size as the page shown. The page loses its text layer, so the
report says it now needs OCR or an HTML alternative to be accessible.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from foilog.gate.redact.model import Box

#: Resolution of a rasterised page.
DPI = 200


def page_image(data: bytes, number: int, boxes: list[Box], *, forms: bool) -> tuple[bytes, float, float]:
    """A one-page PDF (bytes) of page ``number`` (from 1) with ``boxes`` painted black, and the page's shown size."""
    pdf = pdfium.PdfDocument(data)
    try:
        if forms:
            pdf.init_forms()
        page = pdf[number - 1]
        try:
            width, height = page.get_size()
            bitmap = page.render(scale=DPI / 72, draw_annots=True, may_draw_forms=forms)
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    _burn(image, boxes, DPI / 72)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=DPI)
    return out.getvalue(), width, height


def _burn(image: Image.Image, boxes: list[Box], scale: float) -> None:
    """Paint each box black, with its label in white when it has one."""
    draw = ImageDraw.Draw(image)
    for box in boxes:
        rect = (box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)
        draw.rectangle(rect, fill=(0, 0, 0))
        if box.label:
            size = max(6, min(int((rect[3] - rect[1]) * 0.7), 40))
            font = ImageFont.load_default(size)
            draw.text(((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2), box.label, fill=(255, 255, 255), font=font, anchor="mm")
