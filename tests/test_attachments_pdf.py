"""PDF hidden-content checks: fake redaction, revisions, metadata, annotations, scripts, forms, layers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from attachment_builders import (
    EMAIL,
    PERSON,
    add_annotation,
    box_op,
    image_op,
    text_op,
    write_pdf,
)
from pdf_builders import draw_scan, ocr_layer, pdf, scan_image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from foilog.gate.attachments import AttachmentReport, inspect_attachment
from foilog.log.findings import Category, Severity, mask

HEADING = text_op(72, 740, "Response to request FOI-2024-0001")


def inspect(path: Path) -> AttachmentReport:
    """The report without accessibility advice (an untagged test PDF is advised; tests/test_renditions.py covers that)."""
    report = inspect_attachment(path, display_path=f"responses/{path.name}")
    return dataclasses.replace(report, findings=tuple(f for f in report.findings if not f.advisory))


def rules(report: AttachmentReport) -> list[str]:
    return sorted(f.rule for f in report.findings)


def only(report: AttachmentReport, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, report.findings
    return found[0]


# -- fake redaction -------------------------------------------------------------


def test_text_under_black_box_is_reported_with_page_and_masked_text(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 650, f"Complainant: {PERSON}") + box_op(95, 645, 250, 20)
    report = inspect(write_pdf(tmp_path / "boxed.pdf", [text_op(72, 700, "Cover page"), content]))
    finding = only(report, "pdf-text-under-box")
    assert finding.page == 2
    assert finding.severity is Severity.ERROR
    assert finding.category is Category.HIDDEN_CONTENT
    assert mask(PERSON) in (finding.excerpt or "")
    assert PERSON not in finding.as_text()
    assert "Redact" in finding.message  # says how to fix it
    assert "cm from the left" in finding.message  # says where on the page
    assert PERSON not in report.text_pages[1]  # hidden text is reported as hidden, not searched or scanned again
    assert "Response to request" in report.text_pages[1]


def test_text_under_dark_grey_and_cmyk_boxes(tmp_path: Path) -> None:
    grey = text_op(100, 650, PERSON) + b"q 0.2 g 95 645 250 20 re f Q\n"
    cmyk = text_op(100, 600, PERSON) + b"q 0 0 0 1 k 95 595 250 20 re f Q\n"
    report = inspect(write_pdf(tmp_path / "grey.pdf", [grey, cmyk]))
    assert [f.page for f in report.findings if f.rule == "pdf-text-under-box"] == [1, 2]


def test_box_drawn_as_path_with_transform(tmp_path: Path) -> None:
    content = text_op(100, 650, PERSON) + b"q 1 0 0 1 95 645 cm 0 0 0 rg 0 0 m 250 0 l 250 20 l 0 20 l h f Q\n"
    report = inspect(write_pdf(tmp_path / "path.pdf", [content]))
    assert rules(report) == ["pdf-text-under-box"]


def test_black_text_on_black_box_is_invisible(tmp_path: Path) -> None:
    content = box_op(95, 645, 250, 20) + text_op(100, 650, PERSON)
    report = inspect(write_pdf(tmp_path / "same.pdf", [content]))
    assert "same colour" in only(report, "pdf-text-under-box").message


def test_white_text_on_white_page(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 650, PERSON, rgb=(1, 1, 1))
    report = inspect(write_pdf(tmp_path / "white.pdf", [content]))
    assert only(report, "pdf-text-under-box").page == 1


def test_invisible_render_mode_text(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 650, PERSON, mode=3)
    report = inspect(write_pdf(tmp_path / "invisible.pdf", [content]))
    assert "render mode 3" in only(report, "pdf-text-under-box").message


def test_text_covered_by_an_image(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 650, PERSON) + image_op(90, 640, 300, 30)
    report = inspect(write_pdf(tmp_path / "image-over.pdf", [content], image=True))
    assert "image" in only(report, "pdf-text-under-box").message


def test_text_in_form_xobject_covered_later(tmp_path: Path) -> None:
    def tweak(writer: PdfWriter) -> None:
        page = writer.pages[0]
        form = DecodedStreamObject()
        form.set_data(text_op(100, 650, PERSON))
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(612), NumberObject(792)]),
                NameObject("/Resources"): page["/Resources"],
            }
        )
        page["/Resources"][NameObject("/XObject")] = DictionaryObject({NameObject("/Fm1"): writer._add_object(form)})

    content = b"/Fm1 Do\n" + box_op(95, 645, 250, 20)
    report = inspect(write_pdf(tmp_path / "form.pdf", [content], tweak=tweak))
    assert rules(report) == ["pdf-text-under-box"]


def test_properly_redacted_page_passes(tmp_path: Path) -> None:
    # Text removed, a box drawn in its place, and a white "REDACTED" label on the box.
    content = (
        HEADING + text_op(100, 680, "The complainant's name is") + box_op(95, 645, 250, 20) + text_op(100, 650, "REDACTED", rgb=(1, 1, 1))
    )
    report = inspect(write_pdf(tmp_path / "redacted.pdf", [content]))
    assert report.findings == ()
    assert report.facts is not None and report.facts.has_text_layer is True and report.facts.pages == 1


def test_shaded_table_cells_and_coloured_text_pass(tmp_path: Path) -> None:
    content = (
        box_op(70, 600, 300, 20, rgb=(0.9, 0.9, 0.9))
        + text_op(75, 605, "Total requests: 42")
        + box_op(70, 560, 300, 20, rgb=(0.1, 0.2, 0.5))
        + text_op(75, 565, "Header row", rgb=(1, 1, 1))
        + text_op(75, 500, "A red warning", rgb=(0.8, 0, 0))
    )
    report = inspect(write_pdf(tmp_path / "table.pdf", [content]))
    assert report.findings == ()


def test_ocr_layer_over_scan_passes_but_scan_without_text_warns(tmp_path: Path) -> None:
    img = scan_image()
    ocr = pdf(tmp_path / "ocr.pdf", lambda c: (draw_scan(c, img), ocr_layer(c)), producer="ABBYY FineReader 15")
    report = inspect(ocr)
    assert report.findings == ()
    assert report.facts is not None and report.facts.has_text_layer is True
    assert "Freedom of Information request" in report.text_pages[0]

    # The same OCR text over a page whose scan shows nothing (blank): the words are hidden.
    blank = scan_image(blank=True)
    report = inspect(pdf(tmp_path / "ocr-blank.pdf", lambda c: (draw_scan(c, blank), ocr_layer(c))))
    assert "render mode 3" in only(report, "pdf-text-under-box").message

    scan = inspect(write_pdf(tmp_path / "scan.pdf", [image_op(), image_op()], image=True))
    finding = only(scan, "pdf-no-text-layer")
    assert finding.severity is Severity.WARNING
    assert "OCR" in finding.message and "accessible" in finding.message
    assert scan.facts is not None and scan.facts.has_text_layer is False


def test_one_scanned_page_among_text_pages(tmp_path: Path) -> None:
    report = inspect(write_pdf(tmp_path / "mixed.pdf", [HEADING, image_op()], image=True))
    assert only(report, "pdf-no-text-layer").page == 2


# -- earlier revisions --------------------------------------------------------------


def _incremental(path: Path, new_content: bytes, metadata: dict[str, str] | None = None) -> Path:
    writer = PdfWriter(str(path), incremental=True)
    stream = DecodedStreamObject()
    stream.set_data(new_content)
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream)
    if metadata:
        writer.add_metadata(metadata)
    writer.write(str(path))
    return path


def test_earlier_revision_with_removed_text_and_author(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "rev.pdf", [text_op(72, 700, f"Letter about {PERSON}")], tweak=lambda w: w.add_metadata({"/Author": OTHER}))
    _incremental(path, text_op(72, 700, "Letter about [name withheld]"), {"/Author": "Press Office"})
    report = inspect(path)
    finding = only(report, "pdf-incremental-revision")
    assert finding.severity is Severity.ERROR
    assert mask("Jane") in (finding.excerpt or "") and "Jane" not in (finding.excerpt or "")
    assert "Author" in finding.message
    assert report.text_pages == ("Letter about [name withheld]",)


OTHER = "Sam Placeholder"


def test_earlier_revision_text_is_stored_for_the_detectors(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "rev-mail.pdf", [text_op(72, 700, "Write to jane.hartley@gmail.com about it")])
    _incremental(path, text_op(72, 700, "Write to us about it"))
    report = inspect(path)
    assert only(report, "pdf-incremental-revision").severity is Severity.ERROR
    [(_where, text)] = [pair for pair in report.stored if pair[0] == "an earlier saved version of the pages"]
    assert "jane.hartley@gmail.com" in text


def test_a_retitled_document_is_a_warning_a_person_in_the_old_title_an_error(tmp_path: Path) -> None:
    """Retitling a document in an incremental save is ordinary; an old title that names someone is not."""
    path = write_pdf(tmp_path / "retitled.pdf", [HEADING], tweak=lambda w: w.add_metadata({"/Title": "Draft figures"}))
    _incremental(path, HEADING, {"/Title": "Annual figures 2025"})
    finding = only(inspect(path), "pdf-incremental-revision")
    assert finding.severity is Severity.WARNING and "Title" in finding.message
    named = write_pdf(tmp_path / "named.pdf", [HEADING], tweak=lambda w: w.add_metadata({"/Title": f"Reply to Mr {PERSON}"}))
    _incremental(named, HEADING, {"/Title": "Reply to a request"})
    report = inspect(named)
    assert only(report, "pdf-incremental-revision").severity is Severity.ERROR
    assert ("an earlier saved version's document properties (Title)", f"Title: Reply to Mr {PERSON}") in report.stored


def test_incremental_update_that_removes_nothing_passes(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "rev-ok.pdf", [text_op(72, 700, "Annual figures")])
    _incremental(path, text_op(72, 700, "Annual figures") + text_op(72, 680, "Appendix added"))
    assert inspect(path).findings == ()


# -- metadata ---------------------------------------------------------------------


def test_author_metadata_warns_and_email_errors(tmp_path: Path) -> None:
    warn = inspect(
        write_pdf(tmp_path / "author.pdf", [HEADING], tweak=lambda w: w.add_metadata({"/Author": PERSON, "/Producer": "LibreOffice"}))
    )
    finding = only(warn, "pdf-metadata")
    assert finding.severity is Severity.WARNING and finding.excerpt == mask(PERSON)
    assert ("Author", PERSON) in warn.metadata

    err = inspect(write_pdf(tmp_path / "email.pdf", [HEADING], tweak=lambda w: w.add_metadata({"/Title": f"Notes from {EMAIL}"})))
    finding = only(err, "pdf-metadata")
    assert finding.severity is Severity.ERROR and EMAIL not in (finding.excerpt or "")


def test_xmp_creator_is_reported(tmp_path: Path) -> None:
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq>'
        f"<rdf:li>{PERSON}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()

    def tweak(writer: PdfWriter) -> None:
        stream = DecodedStreamObject()
        stream.set_data(xmp)
        stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)

    report = inspect(write_pdf(tmp_path / "xmp.pdf", [HEADING], tweak=tweak))
    assert only(report, "pdf-metadata").excerpt == mask(PERSON)


# -- annotations, attachments, scripts, forms, layers ------------------------------------


def test_sticky_note_comment_is_an_error(tmp_path: Path) -> None:
    report = inspect(
        write_pdf(
            tmp_path / "note.pdf",
            [HEADING],
            tweak=lambda w: add_annotation(w, "/Text", contents=f"Check with {PERSON} before release", author=OTHER),
        )
    )
    finding = only(report, "pdf-annotation")
    assert finding.severity is Severity.ERROR and finding.page == 1
    assert mask(PERSON) in (finding.excerpt or "")


def test_hyperlink_annotation_passes(tmp_path: Path) -> None:
    def link(writer: PdfWriter) -> None:
        add_annotation(writer, "/Link")
        writer.pages[0]["/Annots"][0].get_object()[NameObject("/A")] = DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://example.org/foi")}
        )

    report = inspect(write_pdf(tmp_path / "link.pdf", [HEADING], tweak=link))
    assert report.findings == ()


def test_unapplied_redact_annotation(tmp_path: Path) -> None:
    content = HEADING + text_op(100, 700, PERSON)
    report = inspect(write_pdf(tmp_path / "redact.pdf", [content], tweak=lambda w: add_annotation(w, "/Redact", rect=(95, 690, 300, 715))))
    finding = only(report, "pdf-unapplied-redaction")
    assert finding.severity is Severity.ERROR and finding.excerpt == mask(PERSON)


def test_embedded_file(tmp_path: Path) -> None:
    report = inspect(
        write_pdf(tmp_path / "attach.pdf", [HEADING], tweak=lambda w: w.add_attachment("staff-list.csv", b"name\nJane Example\n"))
    )
    assert only(report, "pdf-embedded-file").severity is Severity.ERROR


def test_document_javascript_and_open_action(tmp_path: Path) -> None:
    def names_js(writer: PdfWriter) -> None:
        action = writer._add_object(
            DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hi');")})
        )
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("init"), action])})
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})

    report = inspect(write_pdf(tmp_path / "js.pdf", [HEADING], tweak=names_js))
    assert rules(report) == ["pdf-javascript"]

    def open_action(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("calc.exe"),
            }
        )

    report = inspect(write_pdf(tmp_path / "launch.pdf", [HEADING], tweak=open_action))
    assert only(report, "pdf-javascript").severity is Severity.ERROR


def test_filled_form_field_values(tmp_path: Path) -> None:
    def tweak(writer: PdfWriter) -> None:
        page = writer.pages[0]
        field = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Widget"),
                    NameObject("/FT"): NameObject("/Tx"),
                    NameObject("/T"): TextStringObject("requester"),
                    NameObject("/V"): TextStringObject(PERSON),
                    NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (100, 600, 300, 620)]),
                    NameObject("/P"): page.indirect_reference,
                }
            )
        )
        page[NameObject("/Annots")] = ArrayObject([field])
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([field])})

    report = inspect(write_pdf(tmp_path / "form.pdf", [HEADING], tweak=tweak))
    finding = only(report, "pdf-form-values")
    assert finding.excerpt == mask(PERSON) and finding.severity is Severity.WARNING
    # the value goes to the detectors as stored text named by its field, never as a document property
    assert ("the form field 'requester' (its value may not all show)", PERSON) in report.stored
    assert not any(PERSON in value for _, value in report.metadata)


def _form_field(flags: int, rect: tuple[int, int, int, int] = (100, 600, 300, 620)):
    def tweak(writer: PdfWriter) -> None:
        page = writer.pages[0]
        widget = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Widget"),
                    NameObject("/FT"): NameObject("/Tx"),
                    NameObject("/T"): TextStringObject("ref"),
                    NameObject("/V"): TextStringObject("Jane Hartley 07700 900461"),
                    NameObject("/F"): NumberObject(flags),
                    NameObject("/Rect"): ArrayObject([NumberObject(v) for v in rect]),
                    NameObject("/P"): page.indirect_reference,
                }
            )
        )
        page[NameObject("/Annots")] = ArrayObject([widget])
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([widget])})

    return tweak


@pytest.mark.parametrize(("flags", "rect"), [(2, (100, 600, 300, 620)), (32, (100, 600, 300, 620)), (4, (100, 600, 100, 600))])
def test_a_hidden_form_field_holding_a_value_is_an_error(tmp_path: Path, flags: int, rect: tuple[int, int, int, int]) -> None:
    """A widget flagged Hidden or NoView, or with no area, never shows its value: the value is hidden content."""
    report = inspect(write_pdf(tmp_path / "hidden-field.pdf", [HEADING], tweak=_form_field(flags, rect)))
    finding = only(report, "pdf-form-values")
    assert finding.severity is Severity.ERROR and "set to hidden" in finding.message and "'ref'" in finding.message
    assert ("the form field 'ref' (hidden: never shown or printed)", "Jane Hartley 07700 900461") in report.stored


def test_a_form_field_with_automatic_actions_is_reported(tmp_path: Path) -> None:
    base = _form_field(0)

    def tweak(writer: PdfWriter) -> None:
        base(writer)
        field = writer._root_object["/AcroForm"]["/Fields"][0].get_object()
        field[NameObject("/AA")] = DictionaryObject(
            {
                NameObject("/K"): DictionaryObject(
                    {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
                )
            }
        )

    report = inspect(write_pdf(tmp_path / "scripted-field.pdf", [HEADING], tweak=tweak))
    assert any(f.rule == "pdf-javascript" and "a form field" in f.message for f in report.findings), report.findings


def test_pdf_link_addresses_go_to_the_detectors(tmp_path: Path) -> None:
    def tweak(writer: PdfWriter) -> None:
        page = writer.pages[0]
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("mailto:jane.hartley@gmail.com")}
        )
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (72, 700, 200, 714)]),
                NameObject("/A"): action,
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])

    report = inspect(write_pdf(tmp_path / "link.pdf", [text_op(72, 702, "the complainant")], tweak=tweak))
    assert ("the address of a link on page 1", "mailto:jane.hartley@gmail.com") in report.stored


def _layer(state: str):
    def tweak(writer: PdfWriter) -> None:
        ocg = writer._add_object(
            DictionaryObject({NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): TextStringObject("Reviewer notes")})
        )
        default = DictionaryObject({NameObject(f"/{state}"): ArrayObject([ocg])})
        writer._root_object[NameObject("/OCProperties")] = DictionaryObject(
            {NameObject("/OCGs"): ArrayObject([ocg]), NameObject("/D"): default}
        )
        writer.pages[0]["/Resources"][NameObject("/Properties")] = DictionaryObject({NameObject("/L1"): ocg})

    return tweak


def test_hidden_optional_content_layer(tmp_path: Path) -> None:
    content = HEADING + b"/OC /L1 BDC\n" + text_op(100, 600, f"Reviewer: {PERSON}") + b"EMC\n"
    report = inspect(write_pdf(tmp_path / "layer.pdf", [content], tweak=_layer("OFF")))
    finding = only(report, "pdf-hidden-layer")
    assert finding.severity is Severity.ERROR and mask(PERSON) in (finding.excerpt or "")

    visible = inspect(write_pdf(tmp_path / "layer-on.pdf", [content], tweak=_layer("ON")))
    assert visible.findings == ()


def test_clean_document_has_no_findings(tmp_path: Path) -> None:
    pages = [HEADING + text_op(72, 700, f"Paragraph {i} of the response.") for i in range(3)]
    report = inspect(
        write_pdf(tmp_path / "clean.pdf", pages, tweak=lambda w: w.add_metadata({"/Producer": "foilog tests", "/Title": "Response"}))
    )
    assert report.findings == ()
    assert report.facts is not None
    assert (report.facts.kind, report.facts.pages, report.facts.media_type) == ("pdf", 3, "application/pdf")
    assert report.text_pages[2].endswith("Paragraph 2 of the response.")


@pytest.mark.parametrize("algorithm", ["RC4-128", "RC4-40"])
def test_encrypted_pdf_fails_closed(tmp_path: Path, algorithm: str) -> None:
    report = inspect(
        write_pdf(
            tmp_path / "enc.pdf",
            [HEADING],
            tweak=lambda w: w.encrypt(user_password="secret", owner_password="owner", algorithm=algorithm),  # noqa: S106 - fixture
        )
    )
    finding = only(report, "unsafe-encrypted")
    assert finding.category is Category.UNSAFE_FILE and finding.severity is Severity.ERROR
    assert report.text_pages == ()


def test_tj_arrays_text_matrices_and_quote_operators(tmp_path: Path) -> None:
    content = (
        b"BT /F1 12 Tf 14 TL 1 0 0 1 72 700 Tm [(Kerned) -250 (words)] TJ T* (Next line) Tj (Third) ' ET\n"
        + b"BT /F1 12 Tf 2 0 0 2 100 400 Tm [("
        + PERSON.encode()
        + b")] TJ ET\n"
        + box_op(95, 390, 300, 30)
    )
    report = inspect(write_pdf(tmp_path / "tj.pdf", [content]))
    assert report.text_pages[0].startswith("Kerned words\nNext line\nThird\n")
    assert only(report, "pdf-text-under-box").excerpt == mask(PERSON)


def test_box_beside_text_does_not_cover_it(tmp_path: Path) -> None:
    content = text_op(100, 650, PERSON) + box_op(400, 645, 100, 20) + box_op(95, 600, 250, 20)
    assert inspect(write_pdf(tmp_path / "beside.pdf", [content])).findings == ()


def test_highlighter_box_with_multiply_blend_passes(tmp_path: Path) -> None:
    def tweak(writer: PdfWriter) -> None:
        writer.pages[0]["/Resources"][NameObject("/ExtGState")] = DictionaryObject(
            {NameObject("/HL"): DictionaryObject({NameObject("/BM"): NameObject("/Multiply")})}
        )

    content = text_op(100, 650, "Important figure") + b"q /HL gs 1 1 0 rg 95 645 250 20 re f Q\n"
    assert inspect(write_pdf(tmp_path / "highlight.pdf", [content], tweak=tweak)).findings == ()
