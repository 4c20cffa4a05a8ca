"""Every part of an OOXML package accounted for: orphans are errors, unknown kinds warnings,
and the parts Word and Excel write as a matter of course pass."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from attachment_builders import rewrite_zip
from docx_builders import CONTENT_TYPE_ITEM, Word, p, sharepoint_item, word_docx

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.ooxml import Package
from foilog.gate.attachments.ooxml_colour import apply_tint, luminance, theme_colours
from foilog.gate.attachments.ooxml_parts import part_text, walk
from foilog.log.findings import Severity

SP = "http://schemas.microsoft.com/office/2006/metadata/properties"


def inspect(path: Path, sandbox: bool = False) -> AttachmentReport:
    return inspect_attachment(path, display_path=path.name, limits=Limits(sandbox=sandbox))


def rules(report: AttachmentReport) -> list[str]:
    return [f.rule for f in report.findings]


def test_word_package_with_every_ordinary_part_passes(tmp_path: Path) -> None:
    word = Word(
        headers=[p("Example Borough Council")],
        footers=[p("Page 1")],
        footnotes=[p("Source: accounts.")],
        custom_xml=[(CONTENT_TYPE_ITEM, "http://schemas.microsoft.com/office/2006/metadata/contentType"), (sharepoint_item(), SP)],
        thumbnail=b"\xff\xd8\xff\xd9",
        glossary="<w:docPart><w:docPartBody><w:p><w:r><w:t>Click here to enter text.</w:t></w:r></w:p></w:docPartBody></w:docPart>",
    )
    path = word_docx(tmp_path / "ordinary.docx", p("We hold the information."), word)
    with Package(path, Limits()) as pkg:
        parts = walk(pkg)
    assert parts.orphans == [] and parts.unused == [] and parts.unknown == []
    assert "customXml/itemProps1.xml" in parts.reachable and "word/glossary/document.xml" in parts.reachable
    assert inspect(path).findings == ()


def test_orphan_document_part_is_an_error_with_its_text_stored(tmp_path: Path) -> None:
    path = word_docx(tmp_path / "draft.docx", p("Final text."))
    rewrite_zip(
        path,
        {"word/document2.xml": b'<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Earlier draft</w:t></w:r></w:p></w:body></w:document>'},
    )
    report = inspect(path)
    orphan = next(f for f in report.findings if f.rule == "ooxml-orphan-part")
    assert orphan.severity is Severity.ERROR and "word/document2.xml" in orphan.message
    assert "Save As" in orphan.message
    assert ("the part word/document2.xml, which nothing in the file uses", "Earlier draft") in report.stored


def test_worksheet_no_sheet_entry_names_is_an_orphan(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Spend"
    wb.save(tmp_path / "book.xlsx")
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Old data</t></is></c></row></sheetData></worksheet>'
    rel = b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet9.xml"/>'
    rewrite_zip(
        tmp_path / "book.xlsx",
        {
            "xl/worksheets/sheet9.xml": sheet,
            "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rel + b"</Relationships>"),
        },
    )
    report = inspect(tmp_path / "book.xlsx")
    orphan = next(f for f in report.findings if f.rule == "ooxml-orphan-part")
    assert "xl/worksheets/sheet9.xml" in orphan.message and "never used" in orphan.message
    assert any("Old data" in text for _, text in report.stored)


def test_openpyxl_workbook_passes(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Spend"
    wb.create_sheet("Second")["B2"] = 3
    wb.save(tmp_path / "plain.xlsx")
    assert "ooxml-orphan-part" not in rules(inspect(tmp_path / "plain.xlsx"))
    assert "ooxml-unknown-part" not in rules(inspect(tmp_path / "plain.xlsx"))


def test_unknown_reachable_part_is_a_warning_and_read(tmp_path: Path) -> None:
    path = word_docx(
        tmp_path / "odd.docx",
        p("Text."),
        Word(
            parts=[
                (
                    "word/notes/extra.xml",
                    "application/xml",
                    b"<notes><n>Call Jane Hartley on 07700 900123</n></notes>",
                    "http://example.com/rel/notes",
                )
            ]
        ),
    )
    report = inspect(path)
    unknown = next(f for f in report.findings if f.rule == "ooxml-unknown-part")
    assert unknown.severity is Severity.WARNING and "word/notes/extra.xml" in unknown.message
    assert any("07700 900123" in text for _, text in report.stored)


def test_trash_folder_of_old_office_files_is_tolerated_but_read(tmp_path: Path) -> None:
    path = word_docx(tmp_path / "old.docx", p("Text."))
    rewrite_zip(path, {"[trash]/0000.dat": b"\x00\x01 leftover text of a deleted part \x00"})
    report = inspect(path)
    assert report.findings == ()
    assert any("[trash]/0000.dat" in where for where, _ in report.stored)


def test_part_text_of_binary_and_plain_parts(tmp_path: Path) -> None:
    path = word_docx(tmp_path / "t.docx", p("x"))
    rewrite_zip(path, {"a.bin": b"\x00\x01\x02Hello there\x00\x00" + "Wide".encode("utf-16-le"), "b.txt": b"plain note"})
    with Package(path, Limits()) as pkg:
        assert "Hello there" in part_text(pkg, "a.bin") and "Wide" in part_text(pkg, "a.bin")
        assert part_text(pkg, "b.txt") == "plain note"


def test_orphan_check_inside_the_sandbox(tmp_path: Path) -> None:
    path = word_docx(tmp_path / "sandboxed.docx", p("Final."))
    rewrite_zip(path, {"notes.txt": b"call back"})
    assert "ooxml-orphan-part" in rules(inspect(path, sandbox=True))


def test_theme_colours_and_tints(tmp_path: Path) -> None:
    path = word_docx(tmp_path / "theme.docx", p("x"))
    with Package(path, Limits()) as pkg:
        colours = theme_colours(pkg)
    assert colours[:5] == ["000000", "FFFFFF", "44546A", "E7E6E6", "4472C4"]
    assert apply_tint("4472C4", 0.3999) == "8FAADC"  # Excel's "Accent 1, Lighter 40%"
    assert apply_tint("FFFFFF", -0.5) == "808080"
    assert luminance("000000") == 0.0 and round(luminance("FFFFFF"), 6) == 1.0


def test_zip_structure_is_what_word_writes(tmp_path: Path) -> None:
    path = word_docx(tmp_path / "w.docx", p("x"))
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert names[:3] == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
