"""Text a PDF keeps where no reader sees it: bookmarks, bytes after ``%%EOF``, joined PDFs, objects nothing uses.

Files are built in code with reportlab and pypdf (no real personal data); the
corpus (``tests/corpus/pdf_stores.py``) runs the same stores through the whole gate.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, TextStringObject
from reportlab.pdfgen import canvas

from foilog.gate.attachments import AttachmentReport, Limits, pdf_objects
from foilog.gate.attachments.pdf_stores import AFTER_EOF, BOOKMARKS, JOINED, TAGS, bookmark_titles, layout, stored_text
from foilog.gate.leakgate import make_gate, stored_text_findings

PERSON = "Mr Oliver Pendleton"
EMAIL = "oliver.pendleton@example.com"


def _pdf(pages: list[list[str]], outline: list[tuple[str, int]] = ()) -> bytes:  # type: ignore[assignment]
    """reportlab: one page per list of lines; ``outline``: (title, level) bookmarks on the first page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n, lines in enumerate(pages):
        y = 770
        for line in lines:
            c.drawString(72, y, line)
            y -= 16
        if n == 0:
            for i, (title, level) in enumerate(outline):
                c.bookmarkPage(f"b{i}")
                c.addOutlineEntry(title, f"b{i}", level=level)
        c.showPage()
    c.save()
    return buf.getvalue()


def _check(data: bytes, limits: Limits = Limits(sandbox=False)):  # noqa: B008 - frozen
    reader = PdfReader(io.BytesIO(data))
    shown = [p.extract_text() for p in reader.pages]
    return stored_text(reader, data, "letter.pdf", limits, shown=shown)


def _rules(findings) -> list[str]:
    return [f.rule for f in findings]


def _gate_messages(stored: list[tuple[str, str]]) -> list[tuple[str, str]]:
    report = AttachmentReport(facts=None, findings=(), stored=tuple(stored))
    return [(f.rule, f.message) for f in stored_text_findings(report, "letter.pdf", make_gate(None))]


def _writer(data: bytes) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(data)))


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _content(text: str) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET".encode("latin-1"))
    return stream


LETTER = [["Freedom of Information request FOI-2026-0142", "Thank you for your request about road maintenance."]]


# -- bookmarks -------------------------------------------------------------------------------------


def test_bookmarks_nested_in_document_order() -> None:
    data = _pdf(LETTER, [("Introduction", 0), ("Background", 1), ("Detail", 2), ("Our response", 0)])
    assert bookmark_titles(PdfReader(io.BytesIO(data))) == ["Introduction", "Background", "Detail", "Our response"]
    findings, stored = _check(data)
    assert findings == []  # bookmarks by themselves are normal
    assert stored == [(BOOKMARKS, "Introduction\nBackground\nDetail\nOur response")]


@pytest.mark.adversarial
def test_bookmark_loop_ends() -> None:
    writer = _writer(_pdf(LETTER))
    first = writer.add_outline_item(title="Summary", page_number=0)
    second = writer.add_outline_item(title="Annex", page_number=0)
    second.get_object()[NameObject("/Next")] = first  # a loop back to the first item
    titles = bookmark_titles(PdfReader(io.BytesIO(_bytes(writer))))
    assert titles == ["Summary", "Annex"]


def test_bookmark_naming_a_person_is_kept_for_the_detectors() -> None:
    _, stored = _check(_pdf(LETTER, [("Summary", 0), (f"Complainant: {PERSON}", 0)]))
    assert (BOOKMARKS, f"Summary\nComplainant: {PERSON}") in stored
    messages = _gate_messages(stored)
    assert any(rule == "labelled-name" and "in the bookmarks (outline)" in m for rule, m in messages), messages


def test_bookmark_letter_to_a_titled_person_is_flagged() -> None:
    _, stored = _check(_pdf(LETTER, [(f"Letter to {PERSON}", 0)]))
    assert (BOOKMARKS, f"Letter to {PERSON}") in stored
    assert any("in the bookmarks (outline)" in m for _, m in _gate_messages(stored))


# -- after the end ---------------------------------------------------------------------------------


def test_layout_of_a_plain_file() -> None:
    data = _pdf(LETTER)
    assert layout(data) == ([], 0, len(data))
    assert layout(data + b"\r\n")[2] == len(data) + 1 or layout(data + b"\r\n")[2] == len(data)  # reportlab ends with a newline
    assert layout(b"no marker at all") == ([], 0, 16)


@pytest.mark.parametrize("padding", [b"\n", b"\r\n", b"\x00" * 4096, b"   \r\n\t\x00\x00\n"])
def test_padding_after_eof_is_not_a_finding(padding: bytes) -> None:
    findings, stored = _check(_pdf(LETTER) + padding)
    assert findings == [] and stored == []


def test_text_after_eof_is_hidden_content() -> None:
    tail = f"Requester: {PERSON} <{EMAIL}>\n".encode()
    findings, stored = _check(_pdf(LETTER) + tail)
    assert _rules(findings) == ["pdf-data-after-eof"]
    message = findings[0].message
    assert f"{len(tail.strip())} bytes of text after the end of the PDF" in message
    assert "re-save the PDF as a new file" in message
    assert "Pendleton" not in message and "Pendleton" not in (findings[0].excerpt or "")  # masked
    assert stored == [(AFTER_EOF, f"Requester: {PERSON} <{EMAIL}>")]
    assert any(rule == "email" and "in text after the end of the PDF" in m for rule, m in _gate_messages(stored))


def test_random_bytes_after_eof_are_not_text() -> None:
    junk = random.Random(7).randbytes(100_000)
    findings, stored = _check(_pdf(LETTER) + junk)
    assert findings == [] and stored == []


def test_objects_after_eof_are_read_with_the_documents_fonts() -> None:
    content = f"BT /F1 12 Tf 72 700 Td (Dear {PERSON}) Tj ET".encode()
    tail = b"30 0 obj\n<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream\nendobj\n"
    findings, stored = _check(_pdf(LETTER) + tail)
    assert _rules(findings) == ["pdf-data-after-eof"]
    assert stored == [(AFTER_EOF, f"Dear {PERSON}")]


def test_joined_pdfs_the_hidden_one_is_the_first() -> None:
    original, redacted = _pdf([[f"Dear {PERSON}", "Thank you"]]), _pdf([["Dear [redacted]", "Thank you"]])
    joined, start, end = layout(original + redacted)
    assert joined == [(0, len(original))] and start == len(original) and end == len(original + redacted)
    findings, stored = _check(original + redacted)
    assert _rules(findings) == ["pdf-joined-documents"]
    assert "readers show only the last one" in findings[0].message and "the first (1 page" in findings[0].message
    assert stored[0][0] == JOINED and PERSON in stored[0][1]


def test_joined_copies_of_the_same_document_are_not_news() -> None:
    same = _pdf(LETTER)
    findings, _ = _check(same + same)
    assert "pdf-joined-documents" not in _rules(findings)


# -- objects nothing uses --------------------------------------------------------------------------


def test_replaced_page_content_left_in_the_file() -> None:
    writer = _writer(_pdf([[f"Dear {PERSON}", "Thank you for your request."]]))
    writer.pages[0][NameObject("/Contents")] = writer._add_object(_content("Dear [redacted]"))
    findings, stored = _check(_bytes(writer))
    assert _rules(findings) == ["pdf-unreferenced-object"]
    message = findings[0].message
    assert message.startswith("object ") and "page content that no page draws" in message
    assert "Save As" in message
    assert stored[0][0].endswith("of the PDF, which nothing in the document uses") and PERSON in stored[0][1]
    assert findings[0].extra["object"] in stored[0][0]


def test_an_unused_page_and_its_content_are_one_finding() -> None:
    writer = _writer(_pdf(LETTER))
    fonts = writer.pages[0]["/Resources"]["/Font"]
    content = writer._add_object(_content(f"Dear {PERSON}"))
    writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Page"),
                NameObject("/MediaBox"): writer.pages[0]["/MediaBox"],
                NameObject("/Resources"): DictionaryObject({NameObject("/Font"): fonts}),
                NameObject("/Contents"): content,
            }
        )
    )
    findings, _ = _check(_bytes(writer))
    assert _rules(findings) == ["pdf-unreferenced-object"]
    assert "a page that is not part of the document" in findings[0].message


def test_unused_comment_and_string() -> None:
    writer = _writer(_pdf(LETTER))
    writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Text"),
                NameObject("/Contents"): TextStringObject(f"reply to {EMAIL}"),
            }
        )
    )
    writer._add_object(TextStringObject(f"Requester: {PERSON}"))
    findings, stored = _check(_bytes(writer))
    assert _rules(findings) == ["pdf-unreferenced-object", "pdf-unreferenced-object"]
    assert "a comment" in findings[0].message and "a text string" in findings[1].message
    assert any(rule == "email" for rule, _ in _gate_messages(stored))


def test_unused_fonts_images_and_properties_are_not_findings() -> None:
    writer = _writer(_pdf(LETTER))
    writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/BaseFont"): NameObject("/Times-Roman")}))
    image = DecodedStreamObject()
    image.set_data(b"BT" + bytes(range(256)) * 4 + b"Tj")  # image bytes that happen to hold operator letters
    image.update({NameObject("/Subtype"): NameObject("/Image"), NameObject("/Width"): DictionaryObject()})
    writer._add_object(image)
    writer._add_object(DictionaryObject({NameObject("/Producer"): TextStringObject("Microsoft Word for Microsoft 365")}))
    findings, stored = _check(_bytes(writer))
    assert findings == []
    # property-like strings only go to the detectors (which find nothing personal here)
    assert _gate_messages(stored) == []


def test_unused_copy_of_what_the_page_shows_is_not_reported() -> None:
    writer = _writer(_pdf([["Thank you for your request."]]))
    writer.pages[0][NameObject("/Contents")] = writer._add_object(_content("Thank you for your request."))
    findings, stored = _check(_bytes(writer))
    assert findings == [] and stored == []


def test_page_deleted_by_an_incremental_update_is_left_to_the_revision_check() -> None:
    """Objects an earlier revision uses belong to that revision (``_revision_findings``), never reported twice."""
    first = _pdf([["Page one"], [f"Dear {PERSON}"]])
    writer = PdfWriter(io.BytesIO(first), incremental=True)
    writer.remove_page(1)
    data = _bytes(writer)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    findings, _ = _check(data)
    assert "pdf-unreferenced-object" not in _rules(findings)


def test_metadata_only_incremental_update_is_clean() -> None:
    writer = PdfWriter(io.BytesIO(_pdf(LETTER)), incremental=True)
    writer.add_metadata({"/Title": "Response to FOI-2026-0142"})
    findings, _ = _check(_bytes(writer))
    assert findings == []


def test_object_streams_are_read() -> None:
    """An unused comment compressed in an object stream (/ObjStm) is found; the stream itself is structure."""
    body = b"6 0 7 60 "
    first = len(body)
    inner = f"<< /Type /Annot /Subtype /Text /Contents (reply to {EMAIL}) >>".encode().ljust(60) + b"<< /Type /Font /BaseFont /Helvetica >>"
    objstm = body + inner
    parts = [
        b"%PDF-1.5\n",
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 7 0 R >> >> >>\nendobj\n",
        b"5 0 obj\n<< /Type /ObjStm /N 2 /First %d /Length %d >>\nstream\n" % (first, len(objstm)) + objstm + b"\nendstream\nendobj\n",
    ]
    offsets, data = [], b""
    for part in parts:
        offsets.append(len(data))
        data += part
    xref = len(data)
    rows = (
        [b"0000000000 65535 f \n"]
        + [b"%010d 00000 n \n" % offsets[i] for i in (1, 2, 3)]
        + [b"0000000000 65535 f \n", b"%010d 00000 n \n" % offsets[4]]
    )
    data += b"xref\n0 6\n" + b"".join(rows) + b"trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    graph = pdf_objects._graph(PdfReader(io.BytesIO(data)), data, 0, len(data))
    assert graph is not None and 5 in graph.structural and graph.unused() == [6]
    findings, _ = _check(data)
    assert _rules(findings) == ["pdf-unreferenced-object"] and findings[0].extra["object"] == "6"


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
@pytest.mark.parametrize("options", [[], ["-dWriteObjStms=true", "-dWriteXRefStm=true"]])
def test_ghostscript_output_is_clean(tmp_path: Path, options: list[str]) -> None:
    """A real tool's output (classic xref, or object and xref streams) holds nothing unused."""
    source = tmp_path / "in.pdf"
    source.write_bytes(_pdf([*LETTER, ["Annex"]], [("Summary", 0)]))
    out = tmp_path / "out.pdf"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", *options, f"-sOutputFile={out}", str(source)], check=True)
    findings, stored = _check(out.read_bytes())
    assert findings == []
    assert stored == [(BOOKMARKS, "Summary")]


# -- bounds ----------------------------------------------------------------------------------------


def test_too_many_objects_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_objects, "MAX_OBJECTS", 3)
    findings, _ = _check(_pdf(LETTER))
    assert _rules(findings) == ["pdf-unreferenced-object"] and findings[0].severity.value == "warning"
    assert "too many for foilog to check" in findings[0].message


def test_text_budget_fails_closed() -> None:
    from foilog.gate.attachments._common import FileRefused

    data = _pdf(LETTER) + b"Requester notes kept by the case system " * 100
    with pytest.raises(FileRefused):
        _check(data, Limits(sandbox=False, max_text_chars=100))


def test_a_long_document_is_quick() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in range(400):
        for line in range(40):
            c.drawString(72, 770 - 16 * line, f"Line {line} of page {page}: spending on road maintenance and repairs")
        c.bookmarkPage(f"p{page}")
        c.addOutlineEntry(f"Page {page}", f"p{page}")
        c.showPage()
    c.save()
    data = buf.getvalue()
    reader = PdfReader(io.BytesIO(data))
    started = time.perf_counter()
    findings, stored = stored_text(reader, data, "long.pdf", Limits(sandbox=False))
    assert time.perf_counter() - started < 3
    assert findings == [] and len(stored[0][1].splitlines()) == 400


# -- through the inspector, in the sandbox ---------------------------------------------------------


def test_stores_are_reported_by_the_sandboxed_inspector(tmp_path: Path) -> None:
    from foilog.gate.attachments import inspect_attachment

    writer = _writer(_pdf([[f"Dear {PERSON}", "Thank you for your request."]], [(f"Complainant: {PERSON}", 0)]))
    writer.pages[0][NameObject("/Contents")] = writer._add_object(_content("Dear [redacted]"))
    path = tmp_path / "letter.pdf"
    path.write_bytes(_bytes(writer) + f"\nnotes: {EMAIL}\n".encode())
    report = inspect_attachment(path, display_path="letter.pdf", limits=Limits())  # the default: sandboxed
    rules = {f.rule for f in report.findings}
    assert {"pdf-unreferenced-object", "pdf-data-after-eof"} <= rules, report.findings
    wheres = [where for where, _ in report.stored]
    assert BOOKMARKS in wheres and AFTER_EOF in wheres and any(w.startswith("object ") for w in wheres)


# -- tagged PDFs: alternative text -----------------------------------------------------------------


def _tagged(alt: str, actual: str | None = None) -> bytes:
    """A tagged PDF whose structure tree has a Figure with ``/Alt`` (as browsers write ``<img alt>``)."""
    writer = _writer(_pdf(LETTER))
    figure = DictionaryObject({NameObject("/S"): NameObject("/Figure"), NameObject("/Alt"): TextStringObject(alt)})
    if actual is not None:
        figure[NameObject("/ActualText")] = TextStringObject(actual)
    document = DictionaryObject({NameObject("/S"): NameObject("/Document"), NameObject("/K"): ArrayObject([writer._add_object(figure)])})
    tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): writer._add_object(document)})
    writer._root_object[NameObject("/StructTreeRoot")] = writer._add_object(tree)
    return _bytes(writer)


def test_alternative_text_of_a_tagged_pdf_is_read() -> None:
    _, stored = _check(_tagged(f"Photo of {PERSON} outside his home"))
    assert (TAGS, f"Photo of {PERSON} outside his home") in stored
    assert any(rule == "titled-name" and "alternative text in the PDF's tags" in m for rule, m in _gate_messages(stored))


def test_replacement_text_repeating_the_page_is_not_stored() -> None:
    _, stored = _check(_tagged("Thank you for your request", actual="road maintenance"))
    assert not [pair for pair in stored if pair[0] == TAGS]
