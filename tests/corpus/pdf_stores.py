"""PDFs that keep text where no reader sees it (bookmarks, after ``%%EOF``, objects nothing uses), and correct look-alikes.

The letters are made with reportlab the way an export from a word processor
looks (text in Helvetica, headings as bookmarks); the mistakes are made the way
the tools that cause them really do: a redaction script that replaces a page's
content but leaves the old content object in the file (pypdf, and editors that
save the same way), a document system that appends its notes after the end of
the file, two files joined with ``cat`` or a "combine" tool, a save that
crashed after writing its objects. Names are invented.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from corpus import Case, bad, good

PERSON = "Mr Oliver Pendleton"
EMAIL = "oliver.pendleton@example.com"


def _letter(lines: list[str], *, headings: tuple[str, ...] | list[str] = (), title: str = "Response to your request") -> bytes:
    """A one- or two-page letter; each heading starts a page and becomes a bookmark (as Word's export does)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(title)
    c.setSubject("Freedom of Information response")
    c.setAuthor("")  # reportlab's default author is "anonymous"; an authority's export names no one
    sections = list(headings) or [""]
    for n, heading in enumerate(sections):
        y = 770
        if heading:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(72, y, heading.split(":")[0] + (": [redacted]" if ":" in heading else ""))
            c.bookmarkPage(f"s{n}")
            c.addOutlineEntry(heading, f"s{n}", level=0)
            y -= 30
        c.setFont("Helvetica", 11)
        for line in lines:
            c.drawString(72, y, line)
            y -= 16
        c.showPage()
    c.save()
    return buf.getvalue()


BODY = [
    "Freedom of Information request FOI-2026-0142",
    "Thank you for your request for information about road maintenance.",
    "We hold the information you asked for, and it is attached to this letter.",
    "If you are unhappy with this response you may ask for an internal review.",
]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _content(text_lines: list[str]) -> bytes:
    """A content stream drawing lines in /F1 (reportlab's Helvetica), the way a script writes one."""
    ops = ["BT /F1 11 Tf 72 770 Td 16 TL"]
    for line in text_lines:
        ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def _redacted_by_script(original: bytes, replacement: list[str]) -> PdfWriter:
    """What a pypdf-based redaction script does: page content replaced, the old content object kept (unused)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    stream = DecodedStreamObject()
    stream.set_data(_content(replacement))
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- BAD -------------------------------------------------------------------------------------------


def bookmark_names_complainant(folder: Path) -> Path:
    """The heading was redacted on the page, but Word's bookmark still holds it."""
    return _write(folder, "complaint.pdf", _letter(BODY, headings=["Summary", f"Complainant: {PERSON}"]))


def bookmark_with_email(folder: Path) -> Path:
    return _write(folder, "bookmarks-email.pdf", _letter(BODY, headings=["Background", f"Reply sent to {EMAIL}"]))


def notes_after_eof(folder: Path) -> Path:
    """A document system appended its case notes to the released file."""
    data = _letter(BODY) + f"\nCase notes: requester {PERSON}, {EMAIL}, telephone 07700 900461\n".encode()
    return _write(folder, "notes-after-eof.pdf", data)


def xml_after_eof(folder: Path) -> Path:
    """An XML metadata record written after the end of the PDF by a records system."""
    record = f'<?xml version="1.0"?>\n<record><requester>{PERSON}</requester><email>{EMAIL}</email></record>\n'
    return _write(folder, "record-after-eof.pdf", _letter(BODY) + record.encode())


def unredacted_content_left(folder: Path) -> Path:
    """A redaction script replaced the page content; the unredacted letter is still an object in the file."""
    original = _letter([f"Dear {PERSON}", *BODY, f"Your e-mail address {EMAIL} is on our records."])
    writer = _redacted_by_script(original, ["Dear [redacted]", *BODY])
    return _write(folder, "script-redacted.pdf", _bytes(writer))


def comment_removed_from_page(folder: Path) -> Path:
    """A comment was taken off the page's list of annotations, but the comment object was kept."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_letter(BODY))))
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (500, 700, 520, 720)]),
            NameObject("/Contents"): TextStringObject(f"Requester's address for replies: {EMAIL}"),
            NameObject("/T"): TextStringObject("Information Governance"),
        }
    )
    writer._add_object(note)
    return _write(folder, "comment-orphan.pdf", _bytes(writer))


def stamp_appearance_left(folder: Path) -> Path:
    """An unused form XObject: the appearance of a 'Received' stamp that was deleted, naming the sender."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_letter(BODY))))
    fonts = writer.pages[0]["/Resources"]["/Font"]
    form = DecodedStreamObject()
    form.set_data(_content([f"Received from {PERSON}", "on 3 March 2026"]))
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(v) for v in (0, 0, 300, 800)]),
            NameObject("/Resources"): DictionaryObject({NameObject("/Font"): fonts}),
        }
    )
    writer._add_object(form)
    return _write(folder, "stamp-orphan.pdf", _bytes(writer))


def original_joined_in_front(folder: Path) -> Path:
    """Two files combined by a tool that simply joins them: the unredacted original first, the redacted copy last."""
    original = _letter([f"Dear {PERSON}", *BODY])
    redacted = _letter(["Dear [redacted]", *BODY])
    return _write(folder, "joined.pdf", original + b"\n" + redacted)


def objects_after_eof(folder: Path) -> Path:
    """A save that wrote its new objects after the end of the file and crashed before its cross-reference table."""
    data = _letter(BODY)
    stream = _content([f"Dear {PERSON}", "Thank you for your request."])
    tail = b"20 0 obj\n<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream\nendobj\n"
    return _write(folder, "crashed-save.pdf", data + tail)


BAD: list[Case] = [
    bad(
        "pdfstore-bookmark-names-complainant",
        bookmark_names_complainant,
        "labelled-name",
        where=("bookmarks (outline)",),
        story="a heading was redacted on the page; the bookmark Word made from it was not",
    ),
    bad(
        "pdfstore-bookmark-email",
        bookmark_with_email,
        "email",
        where=("bookmarks (outline)",),
        story="a bookmark (from a heading) carries the requester's e-mail address",
    ),
    bad(
        "pdfstore-notes-after-eof",
        notes_after_eof,
        "pdf-data-after-eof",
        where=("after the end of the PDF",),
        story="a case management system appended its notes after the end of the released PDF",
    ),
    bad(
        "pdfstore-xml-record-after-eof",
        xml_after_eof,
        {"pdf-data-after-eof", "email"},
        where=("after the end of the PDF",),
        story="a records system wrote its XML record after the PDF's %%EOF",
    ),
    bad(
        "pdfstore-unredacted-content-object",
        unredacted_content_left,
        "pdf-unreferenced-object",
        where=("object", "page content that no page draws"),
        story="a redaction script replaced the page content and left the unredacted letter as an unused object",
    ),
    bad(
        "pdfstore-orphan-comment-email",
        comment_removed_from_page,
        "pdf-unreferenced-object",
        where=("object", "comment"),
        story="a comment holding the requester's e-mail was unlinked from the page but kept in the file",
    ),
    bad(
        "pdfstore-orphan-stamp-form",
        stamp_appearance_left,
        "pdf-unreferenced-object",
        where=("object", "drawing that nothing places on a page"),
        story="the appearance of a deleted 'Received from ...' stamp is still in the file",
    ),
    bad(
        "pdfstore-original-joined-in-front",
        original_joined_in_front,
        "pdf-joined-documents",
        where=("joined together", "first"),
        story="the unredacted original and the redacted copy were joined into one file; readers show only the last",
    ),
    bad(
        "pdfstore-objects-after-eof",
        objects_after_eof,
        "pdf-data-after-eof",
        where=("after the end of the PDF",),
        story="an interrupted save left a page's content (the unredacted salutation) after the end of the file",
    ),
]


# -- GOOD ------------------------------------------------------------------------------------------


def section_bookmarks(folder: Path) -> Path:
    return _write(folder, "sections.pdf", _letter(BODY, headings=["Your request", "Our response", "Your right to complain"]))


def unused_font_and_image(folder: Path) -> Path:
    """Unused fonts and images (common in files from real tools: an edited page, a removed logo)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_letter(BODY))))
    writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Times-Roman"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    logo = DecodedStreamObject()
    logo.set_data(bytes(range(256)) * 12)
    logo.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(64),
            NameObject("/Height"): NumberObject(48),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    writer._add_object(logo)
    empty = DecodedStreamObject()
    empty.set_data(b"q Q\n")
    writer._add_object(empty)
    return _write(folder, "unused-resources.pdf", _bytes(writer))


def padded_after_eof(folder: Path) -> Path:
    """Trailing newline and NUL padding after %%EOF (some scanners and upload tools pad files)."""
    return _write(folder, "padded.pdf", _letter(BODY) + b"\r\n" + b"\x00" * 512 + b"\n")


def metadata_only_update(folder: Path) -> Path:
    """An incremental save that only added neutral document properties (Acrobat's File > Properties, then Save)."""
    first = _letter(BODY)
    writer = PdfWriter(io.BytesIO(first), incremental=True)
    writer.add_metadata({"/Keywords": "FOI-2026-0142; road maintenance"})
    return _write(folder, "properties-updated.pdf", _bytes(writer))


def copy_of_visible_content(folder: Path) -> Path:
    """An editor rewrote the page with the same text and kept the old copy: nothing hidden, nothing to report."""
    writer = _redacted_by_script(_letter(BODY), BODY)
    return _write(folder, "rewritten.pdf", _bytes(writer))


GOOD: list[Case] = [
    good("pdfstore-section-bookmarks", section_bookmarks, story="bookmarks of section titles, as Word exports headings"),
    good("pdfstore-unused-font-and-image", unused_font_and_image, story="unused fonts, images and an empty stream, as real tools leave"),
    good("pdfstore-padding-after-eof", padded_after_eof, story="newline and NUL padding after %%EOF"),
    good("pdfstore-metadata-only-update", metadata_only_update, story="an incremental save that only set neutral properties"),
    good("pdfstore-copy-of-visible-content", copy_of_visible_content, story="an unused object repeating exactly what the page shows"),
]
