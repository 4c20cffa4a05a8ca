"""The PDF cleaner of ``foilog redact``: every hidden-content finding class, built, cleaned and proven gone.

Each test builds a file the gate refuses (with the PDF builders, reportlab or a
real producer), cleans it and checks the proof the issue asks for: the gate
finds no hidden content on the copy; the removed text is extracted by neither
pypdf, PDFium nor ``pdftotext`` and is not in the raw bytes after inflating
every stream; the text that should stay is still extracted, in reading order;
and the page, rendered by PDFium, looks the same outside the boxes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pdf_builders as pb
import pypdfium2 as pdfium
import pytest
import realtools
from attachment_builders import add_annotation, box_op, image_op, text_op, write_pdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from foilog.gate.attachments import Limits, inspect_attachment, pdf_render
from foilog.gate.redact.model import Box, CannotClean, Cleaned, RedactOptions
from foilog.gate.redact.pdf import clean
from foilog.log.findings import Category

PERSON = "Jane Hartley"
HEADING = text_op(72, 740, "Response to request FOI-2024-0001")
FIXTURE = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.pdf"
BAD = {Category.HIDDEN_CONTENT, Category.UNSAFE_FILE}


# -- the proof ------------------------------------------------------------------------


def rules(path: Path) -> set[str]:
    report = inspect_attachment(path, display_path=path.name, limits=Limits(sandbox=False))
    return {f.rule for f in report.findings if f.category in BAD}


def inflated(data: bytes) -> bytes:
    """The file's bytes followed by every stream, decompressed (whatever zlib can inflate)."""
    parts = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[m.end() : m.end() + 50_000_000]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def texts(data: bytes, path: Path) -> dict[str, str]:
    """The text each extractor finds (pypdf, PDFium, pdftotext when installed)."""
    out = {
        "pypdf": "\n".join(page.extract_text() or "" for page in PdfReader(path).pages),
        "pdfium": "\n".join(pdf_render.page_texts(data)),
    }
    if shutil.which("pdftotext"):
        out["pdftotext"] = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60).stdout
    return out


def grey(data: bytes, scale: float = 1.0) -> list[np.ndarray]:
    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            bitmap = page.render(scale=scale, grayscale=True, draw_annots=True)
            arr = bitmap.to_numpy()
            out.append((arr[:, :, 0] if arr.ndim == 3 else arr).astype(np.int16))
            page.close()
    finally:
        pdf.close()
    return out


def assert_looks_the_same(before: bytes, after: bytes, boxes: list[Box], scale: float = 1.0) -> None:
    """Outside the boxes (and a 2px margin), the pages render the same within antialiasing tolerance."""
    for number, (a, b) in enumerate(zip(grey(before, scale), grey(after, scale), strict=True), start=1):
        assert a.shape == b.shape
        mask = np.ones(a.shape, dtype=bool)
        for box in boxes:
            if box.page == number:
                mask[
                    max(0, int(box.y0 * scale) - 2) : int(box.y1 * scale) + 3,
                    max(0, int(box.x0 * scale) - 2) : int(box.x1 * scale) + 3,
                ] = False
        diff = np.abs(a - b)[mask]
        assert diff.mean() < 2, (number, diff.mean())
        assert (diff <= 16).mean() >= 0.995, (number, (diff <= 16).mean())


def covered(data: bytes) -> list[Box]:
    """Where the gate finds text under a box or an annotation: the copy draws its own box there."""
    return [
        Box(view.number, *run.box)
        for view in pdf_render.view_pages(data, forms=True)
        for run in view.hidden
        if run.cause in (pdf_render.COVERED, pdf_render.ANNOTATION)
    ]


def prove(
    original: Path,
    *,
    rule: str,
    gone: list[str],
    kept: list[str],
    boxes: tuple[Box, ...] = (),
    unseen: list[Box] | None = None,
    pixels: bool = True,
) -> Cleaned:
    """Clean ``original`` and check everything the issue asks of the copy; ``unseen``: areas whose look may change."""
    assert rule in rules(original), rules(original)
    data = original.read_bytes()
    cleaned = clean(data, RedactOptions(boxes=boxes))
    copy = original.with_name(original.stem + "-clean.pdf")
    copy.write_bytes(cleaned.data)
    assert data == original.read_bytes()  # never writes over the input
    assert rules(copy) == set(), rules(copy)
    raw = squash(inflated(cleaned.data).decode("latin-1"))
    found = texts(cleaned.data, copy)
    for word in gone:
        for tool, text in found.items():
            assert squash(word) not in squash(text), (tool, word)
        assert squash(word) not in raw, word
    for tool, text in found.items():
        flat = squash(text)
        positions = [flat.find(squash(k)) for k in kept]
        assert all(p >= 0 for p in positions), (tool, kept, text)
        assert positions == sorted(positions), (tool, "reading order")
    if pixels:
        assert_looks_the_same(data, cleaned.data, list(boxes) + list(unseen or []) + covered(data))
    return cleaned


# -- text hidden under boxes and by other means ------------------------------------------------


def test_text_under_a_drawn_box_goes_and_the_line_stays(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 650, f"Complainant: {PERSON} of Leeds") + box_op(173, 645, 70, 20)
    path = write_pdf(tmp_path / "boxed.pdf", [content])
    cleaned = prove(path, rule="pdf-text-under-box", gone=[PERSON], kept=["Response to request", "Complainant:", "of Leeds"])
    assert any(r.where == "page 1" and "under a box" in r.what and PERSON in r.text for r in cleaned.removals), cleaned.removals
    assert cleaned.notes == ()


def test_reportlab_truetype_letter_with_box_and_requested_label(tmp_path: Path) -> None:
    def draw(c) -> None:
        pb.letter(c)
        x, y, w, h = pb.span(6, pb.NAME)
        c.setFillColorRGB(0, 0, 0)
        c.rect(x, y, w, h, fill=1, stroke=0)

    path = pb.pdf(tmp_path / "letter.pdf", draw)
    x, y, w, h = pb.span(6, pb.OTHER)
    box = Box(1, x, pb.HEIGHT - y - h, x + w, pb.HEIGHT - y, "s40(2)")
    cleaned = prove(
        path,
        rule="pdf-text-under-box",
        gone=[pb.NAME, pb.OTHER],
        kept=["Northshire County Council", "complaint was made by", "of 14 Orchard Lane and passed to", "for review."],
        boxes=(box,),
    )
    assert any(r.text == pb.OTHER and "s40(2)" in r.what for r in cleaned.removals), cleaned.removals
    assert "s40(2)" in "".join(pdf_render.page_texts(cleaned.data))  # the label is real text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("white", HEADING + text_op(100, 650, PERSON, rgb=(1, 1, 1))),
        ("invisible", HEADING + text_op(100, 650, PERSON, mode=3)),
        ("tiny", HEADING + text_op(100, 650, PERSON, size=1)),
        ("off-page", HEADING + text_op(100, 900, PERSON)),
        ("black-on-black", HEADING + box_op(95, 645, 250, 20) + text_op(100, 650, PERSON)),
        ("clipped", HEADING + b"q 0 0 10 10 re W n " + text_op(100, 650, PERSON) + b"Q\n"),
    ],
)
def test_text_hidden_by_other_means_is_removed(tmp_path: Path, name: str, content: bytes) -> None:
    path = write_pdf(tmp_path / f"{name}.pdf", [content])
    cleaned = prove(path, rule="pdf-text-under-box", gone=[PERSON], kept=["Response to request FOI-2024-0001"])
    assert any(PERSON in r.text for r in cleaned.removals), cleaned.removals


def test_text_covered_by_an_image_and_in_a_form_xobject(tmp_path: Path) -> None:
    def tweak(writer: PdfWriter) -> None:
        page = writer.pages[0]
        form = DecodedStreamObject()
        form.set_data(text_op(100, 600, "Witness: Oliver Pendleton"))
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(612), NumberObject(792)]),
                NameObject("/Resources"): DictionaryObject({NameObject("/Font"): page["/Resources"]["/Font"]}),
            }
        )
        page["/Resources"]["/XObject"][NameObject("/Fm1")] = writer._add_object(form)

    content = HEADING + text_op(100, 650, PERSON) + image_op(90, 640, 300, 30) + b"/Fm1 Do\n" + box_op(150, 595, 120, 20)
    path = write_pdf(tmp_path / "image-over.pdf", [content], image=True, tweak=tweak)
    prove(path, rule="pdf-text-under-box", gone=[PERSON, "Oliver Pendleton"], kept=["Response to request", "Witness:"])


def test_square_annotation_used_as_a_box(tmp_path: Path) -> None:
    path = pb.pdf(tmp_path / "square.pdf", pb.letter)
    rect = pb.rect_of(pb.span(6, pb.NAME))
    pb.edit(path, lambda w: pb.annotate(w, "/Square", rect, pb.black_box_ops(rect)))
    shown = Box(1, rect[0], pb.HEIGHT - rect[3], rect[2], pb.HEIGHT - rect[1])
    prove(path, rule="pdf-text-under-box", gone=[pb.NAME], kept=["complaint was made by", "of 14 Orchard Lane"], unseen=[shown])


def test_unapplied_redact_annotation_is_applied(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 700, PERSON)
    path = write_pdf(tmp_path / "redact.pdf", [content], tweak=lambda w: add_annotation(w, "/Redact", rect=(95, 690, 300, 715)))
    cleaned = prove(
        path, rule="pdf-unapplied-redaction", gone=[PERSON], kept=["Response to request"], unseen=[Box(1, 95, 792 - 715, 300, 792 - 690)]
    )
    assert any("redaction mark" in r.what and PERSON in r.text for r in cleaned.removals)


def test_requested_box_on_a_rotated_page(tmp_path: Path) -> None:
    path = pb.pdf(tmp_path / "rotated.pdf", pb.letter, rotate=90)
    data = path.read_bytes()
    box = _box_around(data, 1, pb.OTHER)
    assert rules(path) == set()
    cleaned = clean(data, RedactOptions(boxes=(box,)))
    text = "\n".join(pdf_render.page_texts(cleaned.data))
    assert squash(pb.OTHER) not in squash(text) and "of 14 Orchard Lane and passed to" in text
    assert_looks_the_same(data, cleaned.data, [box])


def test_requested_box_over_a_scan_paints_the_pixels(tmp_path: Path) -> None:
    img = pb.scan_image()
    path = pb.pdf(tmp_path / "scan.pdf", lambda c: (pb.draw_scan(c, img), pb.ocr_layer(c)))
    x, y, w, h = pb.span(6, pb.NAME)
    box = Box(1, x, pb.HEIGHT - y - h, x + w, pb.HEIGHT - y)
    cleaned = clean(path.read_bytes(), RedactOptions(boxes=(box,)))
    assert cleaned.notes == ()
    assert any("image pixels" in r.what for r in cleaned.removals)
    [image] = list(PdfReader(_write(tmp_path / "scan-clean.pdf", cleaned.data)).pages[0].images)
    pixels = np.asarray(image.image.convert("L"))
    k = pixels.shape[1] / pb.WIDTH
    under = pixels[int((box.y0 + 3) * k) : int((box.y1 - 3) * k), int((box.x0 + 3) * k) : int((box.x1 - 3) * k)]
    assert under.max() == 0  # the scan's own pixels under the box are gone, not just covered
    assert squash(pb.NAME) not in squash("".join(pdf_render.page_texts(cleaned.data)))
    assert_looks_the_same(path.read_bytes(), cleaned.data, [box])


# -- document-level hiding places ------------------------------------------------------


def _layer(writer: PdfWriter) -> None:
    ocg = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): TextStringObject("Notes")}))
    writer._root_object[NameObject("/OCProperties")] = DictionaryObject(
        {NameObject("/OCGs"): ArrayObject([ocg]), NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([ocg])})}
    )
    writer.pages[0]["/Resources"][NameObject("/Properties")] = DictionaryObject({NameObject("/L1"): ocg})


def _javascript(writer: PdfWriter) -> None:
    action = writer._add_object(
        DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('Jane Hartley');")})
    )
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("init"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    writer._root_object[NameObject("/OpenAction")] = action


def _xmp(writer: PdfWriter) -> None:
    stream = DecodedStreamObject()
    stream.set_data(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc:creator>{PERSON}</dc:creator></x:xmpmeta>".encode())
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    writer.add_metadata({"/Author": PERSON, "/Title": f"Notes from {PERSON} jane.hartley@example.org"})


def _hidden_field(writer: PdfWriter) -> None:
    page = writer.pages[0]
    widget = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject("ref"),
                NameObject("/V"): TextStringObject(PERSON),
                NameObject("/F"): NumberObject(2),
                NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (100, 600, 300, 620)]),
                NameObject("/P"): page.indirect_reference,
            }
        )
    )
    page[NameObject("/Annots")] = ArrayObject([widget])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([widget])})


@pytest.mark.parametrize(
    ("rule", "content", "tweak"),
    [
        ("pdf-hidden-layer", HEADING + b"/OC /L1 BDC\n" + text_op(100, 600, f"Reviewer: {PERSON}") + b"EMC\n", _layer),
        ("pdf-javascript", HEADING, _javascript),
        ("pdf-metadata", HEADING, _xmp),
        ("pdf-embedded-file", HEADING, lambda w: w.add_attachment("staff.csv", f"name\n{PERSON}\n".encode())),
        ("pdf-annotation", HEADING, lambda w: add_annotation(w, "/Text", contents=f"Check with {PERSON}", author="Sam Placeholder")),
        ("pdf-form-values", HEADING, _hidden_field),
    ],
)
def test_document_level_hiding_places(tmp_path: Path, rule: str, content: bytes, tweak) -> None:
    path = write_pdf(tmp_path / f"{rule}.pdf", [content], tweak=tweak)
    cleaned = prove(path, rule=rule, gone=[PERSON], kept=["Response to request FOI-2024-0001"], unseen=[Box(1, 88, 70, 320, 105)])
    assert cleaned.removals


def test_incremental_update_with_a_box_added_later_and_data_after_eof(tmp_path: Path) -> None:
    """What Acrobat writes when a box is drawn and saved: an incremental update over the original."""
    path = write_pdf(tmp_path / "rev.pdf", [HEADING + text_op(100, 650, f"Complainant: {PERSON}")])
    writer = PdfWriter(path, incremental=True)
    page = writer.pages[0]
    stream = DecodedStreamObject()
    stream.set_data(box_op(173, 645, 70, 20))
    page[NameObject("/Contents")] = ArrayObject([page.raw_get("/Contents"), writer._add_object(stream)])
    whole = tmp_path / "whole.pdf"
    writer.write(whole)  # the original bytes and the update, as Acrobat saves
    path.write_bytes(whole.read_bytes())
    with path.open("ab") as fh:
        fh.write(b"\n% trailing notes: Jane Hartley\n")
    found = rules(path)
    assert "pdf-incremental-revision" in found or "pdf-text-under-box" in found, found
    prove(path, rule="pdf-text-under-box", gone=[PERSON], kept=["Response to request", "Complainant:"])


def test_bookmark_naming_removed_text_goes(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 650, f"Complainant: {PERSON}") + box_op(173, 645, 70, 20)

    def tweak(writer: PdfWriter) -> None:
        writer.add_outline_item(title=f"Letter to {PERSON}", page_number=0)
        writer.add_outline_item(title="Response", page_number=0)

    path = write_pdf(tmp_path / "outline.pdf", [content], tweak=tweak)
    cleaned = prove(path, rule="pdf-text-under-box", gone=[PERSON], kept=["Response to request"])
    titles = [item.title for item in PdfReader(_write(tmp_path / "o.pdf", cleaned.data)).outline]
    assert titles == ["Response"]


# -- pages that cannot be edited, files that cannot be cleaned ------------------------------


def test_inline_image_under_a_box_rasterises_only_that_page(tmp_path: Path) -> None:
    inline = b"q 200 0 0 20 100 645 cm BI /W 4 /H 1 /CS /G /BPC 8 ID \x00\x40\x80\xff EI Q\n"
    path = write_pdf(tmp_path / "inline.pdf", [HEADING + text_op(100, 650, PERSON) + inline, HEADING + text_op(72, 600, "Second page")])
    box = Box(1, 95, 792 - 670, 310, 792 - 640)
    cleaned = clean(path.read_bytes(), RedactOptions(boxes=(box,)))
    assert any("page 1" in n and "image" in n and "OCR" in n for n in cleaned.notes), cleaned.notes
    pages = list(pdf_render.page_texts(cleaned.data))
    assert pages[0].strip() == "" and "Second page" in pages[1]
    assert squash(PERSON) not in squash(inflated(cleaned.data).decode("latin-1"))
    before, after = grey(path.read_bytes()), grey(cleaned.data)
    assert before[0].shape == after[0].shape
    assert after[0][int(box.y0) + 3 : int(box.y1) - 3, int(box.x0) + 3 : int(box.x1) - 3].max() < 30  # burned in


def test_encrypted_pdf_cannot_be_cleaned(tmp_path: Path) -> None:
    writer = PdfWriter(write_pdf(tmp_path / "plain.pdf", [HEADING]))
    writer.encrypt("secret", algorithm="RC4-128")
    path = _write(tmp_path / "locked.pdf", b"")
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(CannotClean, match="password"):
        clean(path.read_bytes(), RedactOptions())


def test_garbage_cannot_be_cleaned() -> None:
    with pytest.raises(CannotClean):
        clean(b"%PDF-1.7\nnot really a pdf", RedactOptions())


# -- real producers and the real letter ------------------------------------------------------


def _box_around(data: bytes, number: int, needle: str) -> Box:
    """The box (shown coordinates) around ``needle`` on page ``number``, from PDFium's character boxes."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[number - 1]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        start = text.index(needle)
        boxes = [textpage.get_charbox(i) for i in range(start, start + len(needle)) if not text[i].isspace()]
        _, height = page.get_size()
        rotation = page.get_rotation()
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    finally:
        pdf.close()
    if rotation == 90:  # shown x follows user y up, shown y follows user x right
        return Box(number, y0 - 1, x0 - 0.3, y1 + 1, x1 + 0.3)
    return Box(number, x0 - 0.3, height - y1 - 1, x1 + 0.3, height - y0 + 1)


def test_met_letter_with_boxes_over_requester_and_officer_email(tmp_path: Path) -> None:
    data = FIXTURE.read_bytes()
    pages = list(pdf_render.page_texts(data))
    name_page = next(i for i, t in enumerate(pages, 1) if "Exampleford" in t)
    mail = "Alex.B.O'Sample@met.police.uk"
    mail_page = next(i for i, t in enumerate(pages, 1) if mail in t)
    boxes = (_box_around(data, name_page, "Exampleford"), Box(**{**_box_around(data, mail_page, mail).__dict__, "label": "s40(2)"}))
    cleaned = clean(data, RedactOptions(boxes=boxes))
    assert cleaned.notes == ()
    copy = _write(tmp_path / "met-clean.pdf", cleaned.data)
    before, after = "\n".join(pages), "\n".join(pdf_render.page_texts(cleaned.data))
    for tool, text in texts(cleaned.data, copy).items():
        assert "Exampleford" not in text and "O'Sample@met" not in text, tool
    assert squash(after).replace("s40(2)", "", 1) == squash(before.replace("Exampleford", "", 1).replace(mail, "", 1))
    assert_looks_the_same(data, cleaned.data, list(boxes))
    assert rules(copy) == set()


@pytest.mark.skipif(realtools.missing("chromium") is not None, reason=str(realtools.missing("chromium")))
def test_chromium_print_to_pdf_type0_fonts(tmp_path: Path) -> None:
    html = tmp_path / "letter.html"
    html.write_text(
        "<html><body style='font-family: DejaVu Sans'><h1>Northshire County Council</h1>"
        f"<p>The complaint was made by {PERSON} of 14 Orchard Lane and passed on for review.</p>"
        "<p>Yours sincerely, the information team.</p></body></html>"
    )
    [path] = realtools.chromium_print([html], tmp_path)
    data = path.read_bytes()
    assert b"/Type0" in inflated(data)
    box = _box_around(data, 1, PERSON)
    cleaned = clean(data, RedactOptions(boxes=(box,)))
    assert cleaned.notes == ()
    copy = _write(tmp_path / "chromium-clean.pdf", cleaned.data)
    for tool, text in texts(cleaned.data, copy).items():
        assert squash(PERSON) not in squash(text), tool
        assert "of 14 Orchard Lane and passed on for review" in " ".join(text.split()), tool
    assert_looks_the_same(data, cleaned.data, [box], scale=2)


@pytest.mark.skipif(realtools.missing("soffice") is not None, reason=str(realtools.missing("soffice")))
def test_libreoffice_export(tmp_path: Path) -> None:
    source = tmp_path / "letter.txt"
    source.write_text(
        f"Northshire County Council\n\nThe complaint was made by {PERSON} of 14 Orchard Lane.\n\nYours sincerely, the information team.\n"
    )
    [path] = realtools.soffice_convert([source], "pdf", tmp_path / "out")
    data = path.read_bytes()
    box = _box_around(data, 1, PERSON)
    cleaned = clean(data, RedactOptions(boxes=(box, Box(1, 10, 10, 30, 30, "s40(2)"))))
    assert cleaned.notes == ()
    copy = _write(tmp_path / "lo-clean.pdf", cleaned.data)
    for tool, text in texts(cleaned.data, copy).items():
        assert squash(PERSON) not in squash(text), tool
        assert "of 14 Orchard Lane." in " ".join(text.split()), tool
    assert_looks_the_same(data, cleaned.data, [box, Box(1, 10, 10, 30, 30)], scale=2)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- how text is shown: spacing, operators, fonts, marked content ------------------------------------


def _boxes_around(data: bytes, number: int, needle: str) -> list[Box]:
    """A box around every occurrence of ``needle`` on the page (unrotated), from PDFium's character boxes."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[number - 1]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        _, height = page.get_size()
        out = []
        for m in re.finditer(re.escape(needle), text):
            boxes = [textpage.get_charbox(i) for i in range(m.start(), m.end()) if not text[i].isspace()]
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            out.append(Box(number, x0 - 0.3, height - y1 - 1, x1 + 0.3, height - y0 + 1))
        return out
    finally:
        pdf.close()


def test_spacing_kerning_and_quote_operators_keep_the_rest_in_place(tmp_path: Path) -> None:
    content = (
        HEADING
        + b"BT /F1 12 Tf 14 TL 100 650 Td 2 Tw 0.5 Tc 90 Tz [(Complainant:) -250 (Jane Hartley) 120 ( of Leeds)] TJ\n"
        + b"(Second line) '\n1 0.2 (Third line Jane Hartley here) \" 0 Tc 0 Tw 100 Tz 2 Ts (Raised Jane Hartley end) ' ET\n"
    )
    path = write_pdf(tmp_path / "spacing.pdf", [content])
    data = path.read_bytes()
    boxes = _boxes_around(data, 1, PERSON)
    assert len(boxes) == 3
    cleaned = clean(data, RedactOptions(boxes=tuple(boxes)))
    assert cleaned.notes == ()
    copy = _write(tmp_path / "spacing-clean.pdf", cleaned.data)
    for tool, text in texts(cleaned.data, copy).items():
        assert squash(PERSON) not in squash(text), tool
        flat = squash(text)
        assert all(squash(k) in flat for k in ["Complainant:", "of Leeds", "Second line", "Third line", "here", "Raised", "end"]), (
            tool,
            text,
        )
    assert_looks_the_same(data, cleaned.data, boxes, scale=3)


def test_type3_font_under_a_box_rasterises_the_page(tmp_path: Path) -> None:
    def tweak(writer: PdfWriter) -> None:
        proc = DecodedStreamObject()
        proc.set_data(b"600 0 0 0 500 700 d1 0 0 500 700 re f")
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type3"),
                NameObject("/FontBBox"): ArrayObject([NumberObject(v) for v in (0, 0, 1000, 1000)]),
                NameObject("/FontMatrix"): ArrayObject([pb.FloatObject(v) for v in (0.001, 0, 0, 0.001, 0, 0)]),
                NameObject("/CharProcs"): DictionaryObject({NameObject("/a"): writer._add_object(proc)}),
                NameObject("/Encoding"): DictionaryObject({NameObject("/Differences"): ArrayObject([NumberObject(97), NameObject("/a")])}),
                NameObject("/FirstChar"): NumberObject(97),
                NameObject("/LastChar"): NumberObject(97),
                NameObject("/Widths"): ArrayObject([NumberObject(600)]),
            }
        )
        writer.pages[0]["/Resources"]["/Font"][NameObject("/T3")] = writer._add_object(font)

    content = HEADING + b"BT /T3 12 Tf 100 650 Td (aaaa) Tj ET\n" + text_op(100, 600, f"Name: {PERSON}")
    path = write_pdf(tmp_path / "type3.pdf", [content], tweak=tweak)
    box = Box(1, 95, 792 - 665, 300, 792 - 585)
    cleaned = clean(path.read_bytes(), RedactOptions(boxes=(box,)))
    assert any("Type 3" in n and "page 1" in n for n in cleaned.notes), cleaned.notes
    assert squash(PERSON) not in squash(inflated(cleaned.data).decode("latin-1"))
    assert "".join(pdf_render.page_texts(cleaned.data)).strip() == ""


def test_actual_text_over_removed_text_goes(tmp_path: Path) -> None:
    content = (
        HEADING
        + b"/Span << /ActualText (Jane Hartley) /MCID 0 >> BDC\n"
        + text_op(100, 650, PERSON)
        + b"EMC\n"
        + box_op(95, 645, 80, 20)
        + text_op(100, 600, "Kept line")
    )
    path = write_pdf(tmp_path / "actual.pdf", [content])
    cleaned = prove(path, rule="pdf-text-under-box", gone=[PERSON], kept=["Response to request", "Kept line"])
    assert any("alternate or actual" in r.what for r in cleaned.removals), cleaned.removals


def test_hidden_layer_annotation_and_xobject_go(tmp_path: Path) -> None:
    def tweak(writer: PdfWriter) -> None:
        _layer(writer)
        ocg = writer.pages[0]["/Resources"]["/Properties"].raw_get("/L1")
        add_annotation(writer, "/FreeText", contents=f"Reviewer {PERSON}", rect=(300, 300, 500, 330))
        writer.pages[0]["/Annots"][0].get_object()[NameObject("/OC")] = ocg

    content = HEADING + b"/OC /L1 BDC\n" + text_op(100, 600, f"Reviewer: {PERSON}") + b"EMC\n"
    path = write_pdf(tmp_path / "layer-annot.pdf", [content], tweak=tweak)
    prove(path, rule="pdf-hidden-layer", gone=[PERSON], kept=["Response to request"])


@pytest.mark.skipif(shutil.which("gs") is None, reason="ghostscript not installed (apt-get install ghostscript)")
def test_ghostscript_distilled_letter(tmp_path: Path) -> None:
    """What a "print to PDF" through Ghostscript writes (a PostScript printer driver, Distiller-like output)."""

    def draw(c) -> None:
        pb.letter(c)
        x, y, w, h = pb.span(6, pb.NAME)
        c.setFillColorRGB(0, 0, 0)
        c.rect(x, y, w, h, fill=1, stroke=0)

    source = pb.pdf(tmp_path / "source.pdf", draw)
    path = tmp_path / "distilled.pdf"
    subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={path}", str(source)], check=True, timeout=120
    )
    prove(path, rule="pdf-text-under-box", gone=[pb.NAME], kept=["complaint was made by", "of 14 Orchard Lane"])


def _with_object_streams(src: Path, dst: Path) -> Path:
    """Rewrite a PDF as Word and Acrobat save it: dictionaries packed in a compressed object stream, an xref stream."""
    import io

    from pypdf.generic import StreamObject

    reader = PdfReader(src)
    size = int(reader.trailer["/Size"])
    plain: dict[int, bytes] = {}
    streams: dict[int, bytes] = {}
    for i in range(1, size):
        obj = reader.get_object(i)
        if obj is None:
            continue
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        (streams if isinstance(obj, StreamObject) else plain)[i] = buf.getvalue()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    rows: dict[int, tuple[int, int, int]] = {}
    for i, body in streams.items():
        rows[i] = (1, len(out), 0)
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    objstm, xref = size, size + 1
    header, packed = [], bytearray()
    for index, (i, body) in enumerate(plain.items()):
        header.append(f"{i} {len(packed)}")
        packed += body + b"\n"
        rows[i] = (2, objstm, index)
    head = " ".join(header).encode() + b"\n"
    data = zlib.compress(head + bytes(packed))
    rows[objstm] = (1, len(out), 0)
    out += f"{objstm} 0 obj\n<< /Type /ObjStm /N {len(plain)} /First {len(head)} /Filter /FlateDecode /Length {len(data)} >>\nstream\n".encode()
    out += data + b"\nendstream\nendobj\n"
    rows[xref] = (1, len(out), 0)
    table = b"".join(
        bytes([rows.get(i, (0, 0, 0))[0]]) + rows.get(i, (0, 0, 0))[1].to_bytes(4, "big") + rows.get(i, (0, 0, 0))[2].to_bytes(2, "big")
        for i in range(size + 2)
    )
    root = reader.trailer.raw_get("/Root")
    xdata = zlib.compress(table)
    start = len(out)
    out += (
        f"{xref} 0 obj\n<< /Type /XRef /Size {size + 2} /W [1 4 2] /Root {root.idnum} 0 R /Filter /FlateDecode /Length {len(xdata)} >>\nstream\n"
    ).encode()
    out += xdata + f"\nendstream\nendobj\nstartxref\n{start}\n%%EOF\n".encode()
    dst.write_bytes(bytes(out))
    return dst


def test_compressed_object_streams_as_word_and_acrobat_write(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 650, f"Complainant: {PERSON} of Leeds") + box_op(173, 645, 70, 20)
    plain = write_pdf(tmp_path / "plain.pdf", [content], tweak=lambda w: w.add_metadata({"/Author": PERSON}))
    path = _with_object_streams(plain, tmp_path / "objstm.pdf")
    assert b"/ObjStm" in path.read_bytes() and b"/Author" not in path.read_bytes()
    prove(path, rule="pdf-text-under-box", gone=[PERSON], kept=["Response to request", "Complainant:", "of Leeds"])


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Road casualties, response to FOI-2024-0117", True),
        (f"Letter about {PERSON}", False),  # names the person whose name the box covers
        ("Notes from Ms Wilhelmina Quarrie", False),  # names someone, removed or not
        ("Reply sent by foi@northshire.example", False),
        ("", False),
    ],
)
def test_a_neutral_title_is_kept_so_the_copy_stays_accessible(tmp_path: Path, title: str, kept: bool) -> None:
    """Every document property goes except a title that names nobody: a PDF without one falls short of accessibility."""
    content = HEADING + text_op(100, 650, f"Complainant: {PERSON} of Leeds") + box_op(173, 645, 70, 20)
    metadata = {"/Author": PERSON, **({"/Title": title} if title else {})}
    path = write_pdf(tmp_path / "titled.pdf", [content], tweak=lambda w: w.add_metadata(metadata))
    cleaned = clean(path.read_bytes(), RedactOptions())
    info = PdfReader(_write(tmp_path / "copy.pdf", cleaned.data)).metadata
    assert (info or {}).get("/Author") is None
    assert ((info or {}).get("/Title") == title) is kept
    assert PERSON.encode() not in inflated(cleaned.data)


def test_standard_fonts_without_widths_use_the_built_in_metrics() -> None:
    """Helvetica, Times and Courier shown without /Widths: Adobe's metrics by WinAnsi code, the symbolic fonts refused."""
    from pypdf.generic import DictionaryObject, NameObject

    from foilog.gate.redact.pdf_fonts import UnsafeFont, font_info

    def font(name: str, encoding: str | None = "/WinAnsiEncoding") -> DictionaryObject:
        entries = {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(name),
        }
        if encoding:
            entries[NameObject("/Encoding")] = NameObject(encoding)
        return DictionaryObject(entries)

    helvetica = font_info(font("/Helvetica"))
    assert helvetica.code_len == 1
    assert [helvetica.width(c) for c in (0x20, 0x41, 0x80, 0xA0, 0xAD, 0xE9)] == [278, 667, 556, 278, 333, 556]
    assert 0x81 not in helvetica.widths  # no glyph at that WinAnsi code
    assert font_info(font("/Times-Bold")).width(0x57) == 1000 and font_info(font("/Courier")).width(0xAD) == 600
    standard = font_info(font("/Helvetica", "/StandardEncoding"))
    assert standard.width(0x27) == helvetica.width(0x92) and standard.width(0x60) == helvetica.width(0x91)
    for symbolic in ("/Symbol", "/ZapfDingbats", "/NoSuchFont"):
        with pytest.raises(UnsafeFont):
            font_info(font(symbolic))
