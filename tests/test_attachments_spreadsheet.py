"""Spreadsheet hidden-content checks, each with a clean counterpart."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from attachment_builders import EMAIL, OTHER_PERSON, PERSON, core_xml, jpeg_bytes, rewrite_zip
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

from foilog.gate.attachments import AttachmentReport, inspect_attachment
from foilog.log.findings import Category, Severity, mask


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}")


def rules(report: AttachmentReport) -> list[str]:
    return sorted(f.rule for f in report.findings)


def only(report: AttachmentReport, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, report.findings
    return found[0]


def workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.properties.creator = None  # openpyxl names itself; a real file would name a person
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Year", "Requests"])
    ws.append([2023, 412])
    ws.append([2024, 455])
    return wb


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def test_clean_workbook_has_no_findings(tmp_path: Path) -> None:
    report = inspect(save(workbook(), tmp_path / "clean.xlsx"))
    assert report.findings == ()
    assert report.facts is not None and report.facts.kind == "spreadsheet"
    assert report.text_pages == ("Year\tRequests\n2023\t412\n2024\t455",)


def test_hidden_and_very_hidden_sheets(tmp_path: Path) -> None:
    wb = workbook()
    staff = wb.create_sheet("Staff")
    staff.append(["Name", "Rank"])
    staff.append([PERSON, "Constable"])
    staff.sheet_state = "hidden"
    secret = wb.create_sheet("Lookup")
    secret.append([OTHER_PERSON])
    secret.sheet_state = "veryHidden"
    report = inspect(save(wb, tmp_path / "hidden.xlsx"))
    found = [f for f in report.findings if f.rule == "xlsx-hidden-sheet"]
    assert [f.extra["sheet"] for f in found] == ["Staff", "Lookup"]
    assert all(f.severity is Severity.ERROR and f.category is Category.HIDDEN_CONTENT for f in found)
    assert "very hidden" in found[1].message and "CSV" in found[0].message
    assert mask(PERSON) in (found[0].excerpt or "") and PERSON not in (found[0].excerpt or "")
    assert PERSON in report.text_pages[1]  # hidden sheet text goes to the caller's scan


def test_hidden_column_range_counts_every_column(tmp_path: Path) -> None:
    wb = workbook()
    ws = wb.active
    ws.column_dimensions.group("D", "F", hidden=True)
    ws["E2"] = PERSON  # inside D:F, not at its first column
    ws["F3"] = OTHER_PERSON
    report = inspect(save(wb, tmp_path / "cols.xlsx"))
    finding = only(report, "xlsx-hidden-rows-columns")
    assert "2 hidden or zero-width columns (E, F)" in finding.message
    assert finding.excerpt == f"{mask(PERSON)} | {mask(OTHER_PERSON)}"


def test_hidden_rows_and_zero_width_column(tmp_path: Path) -> None:
    wb = workbook()
    ws = wb.active
    ws["A5"] = PERSON
    ws.row_dimensions[5].hidden = True
    ws["H1"] = "home address"
    path = save(wb, tmp_path / "rows.xlsx")
    rewrite_zip(
        path,
        {
            "xl/worksheets/sheet1.xml": lambda x: x.replace(
                b"<sheetData>", b'<cols><col min="8" max="8" width="0" customWidth="1"/></cols><sheetData>'
            )
        },
    )
    report = inspect(path)
    messages = [f.message for f in report.findings if f.rule == "xlsx-hidden-rows-columns"]
    assert len(messages) == 2
    assert any("1 hidden row " in m for m in messages) and any("(H)" in m for m in messages)


def test_hidden_empty_column_passes(tmp_path: Path) -> None:
    wb = workbook()
    wb.active.column_dimensions.group("D", "F", hidden=True)
    assert inspect(save(wb, tmp_path / "empty-cols.xlsx")).findings == ()


def test_white_text_and_text_matching_fill(tmp_path: Path) -> None:
    wb = workbook()
    ws = wb.active
    ws["C2"] = PERSON
    ws["C2"].font = Font(color="FFFFFF")
    ws["C3"] = OTHER_PERSON
    ws["C3"].font = Font(color="FFFF00")
    ws["C3"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["D2"] = "Visible on yellow"
    ws["D2"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["D3"] = "White on navy"
    ws["D3"].font = Font(color="FFFFFF")
    ws["D3"].fill = PatternFill("solid", fgColor="000080")
    finding = only(inspect(save(wb, tmp_path / "white.xlsx")), "xlsx-white-text")
    assert "2 cells" in finding.message
    assert finding.excerpt == f"{mask(PERSON)} | {mask(OTHER_PERSON)}"


def test_theme_white_font_is_white(tmp_path: Path) -> None:
    wb = workbook()
    wb.active["C2"] = PERSON
    path = save(wb, tmp_path / "theme.xlsx")
    rewrite_zip(path, {"xl/styles.xml": lambda x: x.replace(b'<color theme="1"', b'<color theme="0"', 1)})
    # openpyxl's default font uses theme colour 1 (dark); theme 0 is "White, Background 1".
    assert "xlsx-white-text" in rules(inspect(path))


def test_semicolon_number_format(tmp_path: Path) -> None:
    wb = workbook()
    wb.active["C2"] = 123456
    wb.active["C2"].number_format = ";;;"
    wb.active["C3"] = 0.5
    wb.active["C3"].number_format = "0.0%;-0.0%;0"
    finding = only(inspect(save(wb, tmp_path / "fmt.xlsx")), "xlsx-hidden-number-format")
    assert "1 cell" in finding.message


def test_comments_and_threaded_comments(tmp_path: Path) -> None:
    wb = workbook()
    wb.active["B2"].comment = Comment(f"Ask {PERSON} about this", OTHER_PERSON)
    report = inspect(save(wb, tmp_path / "comments.xlsx"))
    finding = only(report, "xlsx-comments")
    assert finding.severity is Severity.ERROR and mask(PERSON) in (finding.excerpt or "")
    assert ("comment author", OTHER_PERSON) in report.metadata

    path = save(workbook(), tmp_path / "threaded.xlsx")
    rewrite_zip(
        path,
        {
            "xl/threadedComments/threadedComment1.xml": (
                '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
                f'<threadedComment ref="B2" id="{{1}}" personId="{{2}}"><text>Named in {PERSON} complaint</text>'
                "</threadedComment></ThreadedComments>"
            ).encode(),
            "xl/persons/person.xml": (
                '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
                f'<person displayName="{OTHER_PERSON}" id="{{2}}"/></personList>'
            ).encode(),
        },
    )
    assert "xlsx-comments" in rules(inspect(path))


def test_defined_names_hidden_or_pointing_at_hidden_sheet(tmp_path: Path) -> None:
    wb = workbook()
    wb.create_sheet("Raw").append([PERSON])
    wb["Raw"].sheet_state = "hidden"
    wb.defined_names["RawData"] = DefinedName("RawData", attr_text="Raw!$A$1:$A$10")
    wb.defined_names["Secret"] = DefinedName("Secret", attr_text="Summary!$A$1", hidden=True)
    wb.defined_names["Visible"] = DefinedName("Visible", attr_text="Summary!$A$1")
    found = [f for f in inspect(save(wb, tmp_path / "names.xlsx")).findings if f.rule == "xlsx-defined-name-hidden"]
    assert sorted(f.message.split("'")[1] for f in found) == ["RawData", "Secret"]
    assert all(f.severity is Severity.WARNING for f in found)


PIVOT_DEFINITION = (
    '<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" recordCount="2">'
    '<cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="Residents"/></cacheSource>'
    '<cacheFields count="2"><cacheField name="Resident"><sharedItems count="2">'
    f'<s v="{PERSON}"/><s v="{OTHER_PERSON}"/></sharedItems></cacheField>'
    '<cacheField name="Arrears"><sharedItems containsNumber="1"/></cacheField></cacheFields>'
    "</pivotCacheDefinition>"
).encode()
PIVOT_RECORDS = (
    b'<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2">'
    b'<r><x v="0"/><n v="120"/></r><r><x v="1"/><n v="80"/></r></pivotCacheRecords>'
)


def test_pivot_cache_keeps_source_data_after_sheet_is_gone(tmp_path: Path) -> None:
    path = save(workbook(), tmp_path / "pivot.xlsx")
    rewrite_zip(path, {"xl/pivotCache/pivotCacheDefinition1.xml": PIVOT_DEFINITION, "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_RECORDS})
    report = inspect(path)
    finding = only(report, "xlsx-pivot-cache")
    assert finding.severity is Severity.ERROR
    assert "2 source records" in finding.message and "'Residents' is no longer in the workbook" in finding.message
    assert mask(PERSON) in (finding.excerpt or "")
    assert PERSON in report.text_pages[-1]


def test_external_link_with_cached_values(tmp_path: Path) -> None:
    path = save(workbook(), tmp_path / "ext.xlsx")
    rewrite_zip(
        path,
        {
            "xl/externalLinks/externalLink1.xml": (
                '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook>'
                '<sheetNames><sheetName val="HR"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1">'
                f'<cell r="A1" t="str"><v>{PERSON}</v></cell></row></sheetData></sheetDataSet></externalBook>'
                "</externalLink>"
            ).encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": (
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'externalLinkPath" Target="file:///C:/Users/jexample/HR/staff.xlsx" TargetMode="External"/>'
                b"</Relationships>"
            ),
        },
    )
    finding = only(inspect(path), "xlsx-external-link")
    assert finding.severity is Severity.ERROR and "jexample" not in (finding.excerpt or "")


def test_document_properties(tmp_path: Path) -> None:
    wb = workbook()
    wb.properties.creator = PERSON
    wb.properties.lastModifiedBy = OTHER_PERSON
    finding = only(inspect(save(wb, tmp_path / "props.xlsx")), "xlsx-properties")
    assert finding.severity is Severity.WARNING and "creator" in finding.message

    path = save(workbook(), tmp_path / "props-email.xlsx")
    rewrite_zip(path, {"docProps/core.xml": core_xml(creator="", last_modified_by=EMAIL)})
    assert only(inspect(path), "xlsx-properties").severity is Severity.ERROR


def test_image_with_gps_inside_workbook(tmp_path: Path) -> None:
    path = save(workbook(), tmp_path / "photo.xlsx")
    rewrite_zip(path, {"xl/media/image1.jpeg": jpeg_bytes(gps=True)})
    finding = only(inspect(path), "image-gps")
    assert finding.extra == {"image": "image1.jpeg"}


def test_macro_and_legacy_formats_are_refused(tmp_path: Path) -> None:
    path = save(workbook(), tmp_path / "macro.xlsx")
    rewrite_zip(path, {"xl/vbaProject.bin": b"\x00fake vba"})
    assert only(inspect(path), "unsafe-macro").category is Category.UNSAFE_FILE

    xlsm = save(workbook(), tmp_path / "book.xlsm")
    assert "CSV" in only(inspect(xlsm), "unsafe-macro").message

    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    finding = only(inspect(xls), "unsafe-legacy-format")
    assert "CSV" in finding.message and finding.severity is Severity.ERROR


def test_password_protected_xlsx_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le"))
    assert only(inspect(path), "unsafe-encrypted").category is Category.UNSAFE_FILE


def test_csv_gives_facts_and_text(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("name,count\nCouncil,3\n", encoding="utf-8")
    report = inspect(path)
    assert report.findings == ()
    assert report.facts is not None and (report.facts.kind, report.facts.media_type) == ("csv", "text/csv")
    assert report.text_pages == ("name,count\nCouncil,3\n",)
