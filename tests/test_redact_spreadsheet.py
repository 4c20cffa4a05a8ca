"""The spreadsheet cleaner of ``foilog redact``: every hidden-content rule the gate knows, fixed and proved.

Each test builds the bad workbook the way Excel or LibreOffice write it
(openpyxl, the builders, hand-written parts for what openpyxl cannot make),
checks that the gate reports it, cleans it, and checks the copy: the gate has
no hidden-content or unsafe-file finding, the removed text is in no zip member
(decompressed), the visible values are still there, and the copy opens in
openpyxl (and, in one batch, in LibreOffice).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import realtools
from attachment_builders import EMAIL, OTHER_PERSON, PERSON, rewrite_zip
from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from xlsx_builders import add_drawing, add_unused_shared_strings, chart_frame, chart_xml, save, shape

from foilog.gate.attachments import Limits, inspect_attachment
from foilog.gate.redact.model import CannotClean, Cleaned, RedactOptions
from foilog.gate.redact.spreadsheet import clean
from foilog.log.findings import Category

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
BLOCKING = (Category.HIDDEN_CONTENT, Category.UNSAFE_FILE)


# -- helpers -------------------------------------------------------------------------------------


def rules_of(path: Path) -> set[str]:
    """Rules of the gate's hidden-content and unsafe-file findings on ``path``."""
    report = inspect_attachment(path, display_path=f"responses/{path.name}", limits=Limits(sandbox=False))
    return {f.rule for f in report.findings if f.category in BLOCKING}


def unzipped(data: bytes) -> str:
    """Every member of the package, decompressed and joined, to search for removed text."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def cleaned(path: Path, rule: str | None, **options: bool) -> tuple[Cleaned, Path]:
    """Check the original has ``rule``; clean it; check the copy passes the gate and opens in openpyxl."""
    if rule is not None:
        assert rule in rules_of(path), rules_of(path)
    before = path.read_bytes()
    result = clean(before, RedactOptions(**options))
    assert path.read_bytes() == before  # never writes over the input
    copy = path.with_name(f"{path.stem}-clean.xlsx")
    copy.write_bytes(result.data)
    assert rules_of(copy) == set(), rules_of(copy)
    openpyxl.load_workbook(copy).close()
    return result, copy


def values(path: Path) -> dict[str, list[list[object]]]:
    """Each sheet's values as openpyxl reads them (formulas' cached values)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def staff() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.properties.creator = None
    ws = wb.active
    ws.title = "Summary"
    for row in [["Ward", "Requests"], ["North", 12], ["South", 9], ["East", 15]]:
        ws.append(row)
    return wb


def patch(path: Path, changes: dict[str, object], rels: dict[str, str], types: str = "") -> Path:
    """Add parts, append relationships (part -> XML of <Relationship>s) and content-type overrides."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
    edits: dict[str, object] = dict(changes)
    for part, extra in rels.items():
        folder, base = part.rsplit("/", 1) if "/" in part else ("", part)
        name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if name in names:
            edits[name] = lambda x, extra=extra: x.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
        else:
            edits[name] = f'<Relationships xmlns="{PKG}">{extra}</Relationships>'.encode()
    if types:
        edits["[Content_Types].xml"] = lambda x: x.replace(b"</Types>", types.encode() + b"</Types>")
    return rewrite_zip(path, edits)  # type: ignore[arg-type]


def in_sheet(text: str, where: str = "</worksheet>") -> object:
    return lambda x: x.replace(where.encode(), text.encode() + where.encode(), 1)


# -- builders shared by the LibreOffice check ----------------------------------------------------


def hidden_sheets_book(folder: Path) -> Path:
    wb = staff()
    ws = wb.create_sheet("Staff")
    ws.append(["Name", "Cost"])
    ws.append([PERSON, 1200])
    ws.sheet_state = "hidden"
    secret = wb.create_sheet("Lookup")
    secret.append([OTHER_PERSON])
    secret.sheet_state = "veryHidden"
    wb["Summary"]["D1"] = "=Staff!B2"
    wb.defined_names["StaffCost"] = DefinedName("StaffCost", attr_text="Staff!$B$2")
    wb.defined_names["Area"] = DefinedName("Area", attr_text="Summary!$A$1:$B$4")
    path = save(wb, folder, "sheets.xlsx")
    # Excel keeps the formula's last result: 1200, shown on the visible sheet.
    return rewrite_zip(path, {"xl/worksheets/sheet1.xml": lambda x: x.replace(b"<f>Staff!B2</f><v />", b"<f>Staff!B2</f><v>1200</v>")})


def hidden_rows_book(folder: Path) -> Path:
    wb = staff()
    ws = wb.active
    ws.append(["Total", "=SUM(B2:B4)"])
    ws.append([PERSON, 77])
    ws.row_dimensions[6].hidden = True
    ws["C1"] = EMAIL
    ws["C2"] = "note"
    ws.column_dimensions["C"].hidden = True
    for r in (8, 9):
        ws.cell(r, 1, f"{OTHER_PERSON} {r}")
    ws.row_dimensions.group(8, 9, hidden=True, outline_level=1)
    path = save(wb, folder, "rows.xlsx")
    return rewrite_zip(path, {"xl/worksheets/sheet1.xml": lambda x: x.replace(b"<f>SUM(B2:B4)</f><v />", b"<f>SUM(B2:B4)</f><v>36</v>")})


def formats_book(folder: Path) -> Path:
    wb = staff()
    ws = wb.active
    ws["A6"] = "White note"
    ws["A6"].font = Font(color="FFFFFF")
    ws["A7"] = "Blacked out"
    ws["A7"].fill = PatternFill("solid", fgColor="000000")
    ws["A8"] = 123456
    ws["A8"].number_format = ";;;"
    ws["A9"] = "Tiny words here"
    ws["A9"].font = Font(size=1)
    ws["B6"] = "Rule hidden"
    ws.conditional_formatting.add(
        "B6",
        Rule(type="expression", formula=["TRUE"], dxf=DifferentialStyle(font=Font(color="FFFF00"), fill=PatternFill(bgColor="FFFF00"))),
    )
    return save(wb, folder, "formats.xlsx")


def stores_book(folder: Path) -> Path:
    wb = staff()
    ws = wb.active
    ws["B2"].comment = Comment(f"Ask {PERSON} about this", OTHER_PERSON)
    dv = DataValidation(type="list", formula1=f'"{PERSON},{OTHER_PERSON}"')
    dv.add("D2")
    ws.add_data_validation(dv)
    wb.defined_names["Officer"] = DefinedName("Officer", attr_text=f'"{PERSON}"')
    wb.properties.creator = PERSON
    wb.properties.lastModifiedBy = OTHER_PERSON
    wb.properties.title = "Requests by ward"
    path = save(wb, folder, "stores.xlsx")
    return add_unused_shared_strings(path, [f"{PERSON} (deleted row)"])


# -- hidden sheets -------------------------------------------------------------------------------


def test_hidden_and_very_hidden_sheets_are_deleted(tmp_path: Path) -> None:
    result, copy = cleaned(hidden_sheets_book(tmp_path), "xlsx-hidden-sheet")
    text = unzipped(result.data)
    assert PERSON not in text and OTHER_PERSON not in text and "Staff" not in text
    got = values(copy)
    assert list(got) == ["Summary"]
    assert got["Summary"][1][:2] == ["North", 12] and got["Summary"][0][3] == 1200  # the formula's value stays
    wb = openpyxl.load_workbook(copy)
    assert wb["Summary"]["D1"].value == 1200  # no formula left pointing at the deleted sheet
    assert "StaffCost" not in wb.defined_names and "Area" in wb.defined_names
    whats = [(r.where, r.what) for r in result.removals]
    assert ("sheet 'Staff'", "hidden sheet deleted") in whats and ("sheet 'Lookup'", "very hidden sheet deleted") in whats
    assert any(PERSON in r.text for r in result.removals)
    app = zipfile.ZipFile(io.BytesIO(result.data)).read("docProps/app.xml").decode()
    assert "Lookup" not in app and "<vt:lpstr>Summary</vt:lpstr>" in app


def test_keep_hidden_shows_the_sheets(tmp_path: Path) -> None:
    _, copy = cleaned(hidden_sheets_book(tmp_path), "xlsx-hidden-sheet", keep_hidden=True)
    assert list(values(copy)) == ["Summary", "Staff", "Lookup"]
    assert values(copy)["Staff"][1] == [PERSON, 1200]
    assert all(ws.sheet_state == "visible" for ws in openpyxl.load_workbook(copy).worksheets)


def test_every_sheet_hidden_is_refused(tmp_path: Path) -> None:
    path = hidden_sheets_book(tmp_path)
    rewrite_zip(path, {"xl/workbook.xml": lambda x: x.replace(b'state="visible"', b'state="hidden"')})
    with pytest.raises(CannotClean, match="keep-hidden"):
        clean(path.read_bytes(), RedactOptions())


# -- hidden rows and columns ---------------------------------------------------------------------


def test_hidden_rows_columns_and_collapsed_outlines_are_emptied_in_place(tmp_path: Path) -> None:
    result, copy = cleaned(hidden_rows_book(tmp_path), "xlsx-hidden-rows-columns")
    text = unzipped(result.data)
    assert PERSON not in text and EMAIL not in text and OTHER_PERSON not in text
    ws = openpyxl.load_workbook(copy)["Summary"]
    assert not ws.row_dimensions[6].hidden and not ws.column_dimensions["C"].hidden and not ws.row_dimensions[8].hidden
    assert ws["A6"].value is None and ws["C1"].value is None and ws["A8"].value is None
    # Every formula on a sheet that lost cells is frozen to the value it showed (conservative: no recalculation surprise).
    assert ws["A5"].value == "Total" and ws["B5"].value == 36
    assert [c.value for c in ws[4]][:2] == ["East", 15]  # nothing moved


def test_formula_reading_emptied_cells_keeps_its_value(tmp_path: Path) -> None:
    wb = staff()
    ws = wb.active
    ws.append([PERSON, 30])
    ws.row_dimensions[5].hidden = True
    ws["D1"] = "=SUM(B2:B5)"
    path = save(wb, tmp_path, "sum.xlsx")
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": lambda x: x.replace(b"<f>SUM(B2:B5)</f><v />", b"<f>SUM(B2:B5)</f><v>66</v>")})
    _, copy = cleaned(path, "xlsx-hidden-rows-columns")
    assert openpyxl.load_workbook(copy)["Summary"]["D1"].value == 66


def test_keep_hidden_shows_rows_and_columns_with_their_content(tmp_path: Path) -> None:
    _, copy = cleaned(hidden_rows_book(tmp_path), "xlsx-hidden-rows-columns", keep_hidden=True)
    ws = openpyxl.load_workbook(copy)["Summary"]
    assert ws["A6"].value == PERSON and ws["C1"].value == EMAIL and not ws.row_dimensions[6].hidden


def test_filtered_out_rows_are_emptied(tmp_path: Path) -> None:
    wb = staff()
    ws = wb.active
    ws.append([PERSON, 3])
    ws.auto_filter.ref = "A1:B5"
    ws.auto_filter.add_filter_column(0, ["North", "South", "East"])
    ws.row_dimensions[5].hidden = True
    result, copy = cleaned(save(wb, tmp_path, "filter.xlsx"), "xlsx-hidden-rows-columns")
    assert PERSON not in unzipped(result.data)
    assert values(copy)["Summary"][3] == ["East", 15]


def test_rows_too_low_and_zero_height_by_default(tmp_path: Path) -> None:
    wb = staff()
    ws = wb.active
    ws.append([PERSON, 1])
    ws.row_dimensions[5].height = 1
    path = save(wb, tmp_path, "low.xlsx")
    assert rules_of(path) & {"xlsx-hidden-rows-columns", "xlsx-text-tiny"}
    result, copy = cleaned(path, None)
    assert PERSON not in unzipped(result.data) and values(copy)["Summary"][1] == ["North", 12]


# -- formats that hide text ----------------------------------------------------------------------


def test_formats_hiding_text_are_reset_so_the_text_shows(tmp_path: Path) -> None:
    path = formats_book(tmp_path)
    before = rules_of(path)
    assert {"xlsx-white-text", "xlsx-hidden-number-format", "xlsx-text-tiny"} <= before
    result, copy = cleaned(path, None)
    ws = openpyxl.load_workbook(copy)["Summary"]
    assert [ws[f"A{r}"].value for r in (6, 7, 8, 9)] == ["White note", "Blacked out", 123456, "Tiny words here"]
    assert ws["A8"].number_format == "General" and ws["A9"].font.sz >= 3
    whats = " ".join(r.what for r in result.removals)
    assert "hidden formatting reset" in whats and "conditional format" in whats


# -- stores no cell shows ------------------------------------------------------------------------


def test_comments_lists_names_properties_and_unused_strings_go(tmp_path: Path) -> None:
    path = stores_book(tmp_path)
    assert {"xlsx-comments", "xlsx-data-validation", "xlsx-defined-name-constant", "xlsx-unused-shared-strings"} <= rules_of(path)
    result, copy = cleaned(path, None)
    text = unzipped(result.data)
    assert PERSON not in text and OTHER_PERSON not in text
    assert values(copy)["Summary"][2][:2] == ["South", 9]
    core = zipfile.ZipFile(io.BytesIO(result.data)).read("docProps/core.xml").decode()
    assert "Requests by ward" in core  # a neutral title stays
    assert {r.where for r in result.removals} >= {"sheet 'Summary'", "workbook", "document properties"}


def test_threaded_comments_and_people(tmp_path: Path) -> None:
    path = save(staff(), tmp_path, "threaded.xlsx")
    tc = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
    patch(
        path,
        {
            "xl/threadedComments/threadedComment1.xml": (
                f'<ThreadedComments xmlns="{tc}"><threadedComment ref="B2" id="{{1}}" personId="{{2}}">'
                f"<text>Named in {PERSON} complaint</text></threadedComment></ThreadedComments>"
            ).encode(),
            "xl/persons/person.xml": f'<personList xmlns="{tc}"><person displayName="{OTHER_PERSON}" id="{{2}}"/></personList>'.encode(),
        },
        {
            "xl/worksheets/sheet1.xml": '<Relationship Id="rIdTC" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/>',
            "xl/workbook.xml": '<Relationship Id="rIdPer" Type="http://schemas.microsoft.com/office/2017/10/relationships/person" Target="persons/person.xml"/>',
        },
        '<Override PartName="/xl/threadedComments/threadedComment1.xml" ContentType="application/vnd.ms-excel.threadedcomments+xml"/>'
        '<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>',
    )
    result, _ = cleaned(path, "xlsx-comments")
    text = unzipped(result.data)
    assert PERSON not in text and OTHER_PERSON not in text


PIVOT_DEFINITION = (
    f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{R}" r:id="rId1" recordCount="2">'
    '<cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="Residents"/></cacheSource>'
    '<cacheFields count="2"><cacheField name="Resident"><sharedItems count="2">'
    f'<s v="{PERSON}"/><s v="{OTHER_PERSON}"/></sharedItems></cacheField>'
    '<cacheField name="Arrears"><sharedItems containsNumber="1"/></cacheField></cacheFields>'
    "</pivotCacheDefinition>"
).encode()
PIVOT_RECORDS = (
    f'<pivotCacheRecords xmlns="{MAIN}" count="2"><r><x v="0"/><n v="120"/></r><r><x v="1"/><n v="80"/></r></pivotCacheRecords>'
).encode()
PIVOT_TABLE = (
    f'<pivotTableDefinition xmlns="{MAIN}" name="PivotTable1" cacheId="1" dataCaption="Values">'
    '<location ref="A7:B9" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/></pivotTableDefinition>'
).encode()


def test_pivot_cache_and_table_go_its_values_stay(tmp_path: Path) -> None:
    wb = staff()
    wb.active["A7"] = "Row Labels"
    wb.active["B7"] = "Sum of Arrears"
    wb.active["A8"] = "Grand Total"
    wb.active["B8"] = 200
    path = save(wb, tmp_path, "pivot.xlsx")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    patch(
        path,
        {
            "xl/pivotCache/pivotCacheDefinition1.xml": PIVOT_DEFINITION,
            "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_RECORDS,
            "xl/pivotTables/pivotTable1.xml": PIVOT_TABLE,
            "xl/workbook.xml": in_sheet('<pivotCaches><pivotCache cacheId="1" r:id="rIdPC"/></pivotCaches>', "</workbook>"),
        },
        {
            "xl/workbook.xml": f'<Relationship Id="rIdPC" Type="{rel}pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/>',
            "xl/pivotCache/pivotCacheDefinition1.xml": f'<Relationship Id="rId1" Type="{rel}pivotCacheRecords" Target="pivotCacheRecords1.xml"/>',
            "xl/pivotTables/pivotTable1.xml": f'<Relationship Id="rId1" Type="{rel}pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/>',
            "xl/worksheets/sheet1.xml": f'<Relationship Id="rIdPT" Type="{rel}pivotTable" Target="../pivotTables/pivotTable1.xml"/>',
        },
        '<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/>'
        '<Override PartName="/xl/pivotCache/pivotCacheRecords1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"/>'
        '<Override PartName="/xl/pivotTables/pivotTable1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"/>',
    )
    result, copy = cleaned(path, "xlsx-pivot-cache")
    assert PERSON not in unzipped(result.data)
    assert not any(n.startswith("xl/pivot") for n in zipfile.ZipFile(io.BytesIO(result.data)).namelist())
    assert values(copy)["Summary"][7][:2] == ["Grand Total", 200]


def test_external_link_and_its_cache_go(tmp_path: Path) -> None:
    wb = staff()
    wb.active["D2"] = "=[1]HR!A1"
    path = save(wb, tmp_path, "ext.xlsx")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    patch(
        path,
        {
            "xl/externalLinks/externalLink1.xml": (
                f'<externalLink xmlns="{MAIN}" xmlns:r="{R}"><externalBook r:id="rId1">'
                '<sheetNames><sheetName val="HR"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1">'
                f'<cell r="A1" t="str"><v>{PERSON}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>'
            ).encode(),
            "xl/workbook.xml": in_sheet('<externalReferences><externalReference r:id="rIdX"/></externalReferences>', "<definedNames"),
            "xl/worksheets/sheet1.xml": lambda x: x.replace(b"<f>[1]HR!A1</f><v />", b"<f>[1]HR!A1</f><v>Payroll</v>").replace(
                b'<c r="D2"', b'<c r="D2" t="str"'
            ),
        },
        {
            "xl/workbook.xml": f'<Relationship Id="rIdX" Type="{rel}externalLink" Target="externalLinks/externalLink1.xml"/>',
            "xl/externalLinks/externalLink1.xml": f'<Relationship Id="rId1" Type="{rel}externalLinkPath" '
            'Target="file:///C:/Users/jexample/HR/staff.xlsx" TargetMode="External"/>',
        },
        '<Override PartName="/xl/externalLinks/externalLink1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>',
    )
    if b"<definedNames" not in zipfile.ZipFile(path).read("xl/workbook.xml"):
        rewrite_zip(
            path, {"xl/workbook.xml": in_sheet('<externalReferences><externalReference r:id="rIdX"/></externalReferences>', "<calcPr")}
        )
    result, copy = cleaned(path, "xlsx-external-link")
    text = unzipped(result.data)
    assert PERSON not in text and "jexample" not in text
    assert openpyxl.load_workbook(copy)["Summary"]["D2"].value == "Payroll"


def test_shapes_over_cells_and_chart_caches_go(tmp_path: Path) -> None:
    wb = staff()
    wb.active["D3"] = PERSON
    hidden = wb.create_sheet("Data")
    hidden.append([OTHER_PERSON, 5])
    hidden.sheet_state = "hidden"
    path = save(wb, tmp_path, "drawn.xlsx")
    chart = chart_xml("Cases", "Cases", "Data!$A$1:$A$1", [OTHER_PERSON], "Data!$B$1:$B$1", ["5"])
    add_drawing(path, [shape("Rectangle 1", (3, 2), (5, 4)), chart_frame("Chart 1", (6, 1), (10, 10))], charts={"rId1": chart})
    assert {"xlsx-shape-over-cells", "xlsx-hidden-sheet"} <= rules_of(path)
    result, copy = cleaned(path, None)
    text = unzipped(result.data)
    assert OTHER_PERSON not in text
    # The shape hid the cell; with the shape gone the value shows and the officer sees it in the report.
    assert openpyxl.load_workbook(copy)["Summary"]["D3"].value == PERSON
    assert any("drawing" in r.what for r in result.removals)


def test_macros_are_removed_from_xlsm(tmp_path: Path) -> None:
    path = save(staff(), tmp_path, "macro.xlsx")
    patch(
        path,
        {
            "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 Attribute VB_Name = Module1 " + PERSON.encode(),
            "[Content_Types].xml": lambda x: x.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        },
        {
            "xl/workbook.xml": '<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
        },
    )
    result, _ = cleaned(path, "unsafe-macro")
    names = zipfile.ZipFile(io.BytesIO(result.data)).namelist()
    assert "xl/vbaProject.bin" not in names and PERSON not in unzipped(result.data)
    assert any("macros" in note for note in result.notes)


def test_orphan_parts_and_custom_properties_go(tmp_path: Path) -> None:
    wb = staff()
    from openpyxl.packaging.custom import StringProperty

    wb.custom_doc_props.append(StringProperty(name="Requester", value=PERSON))
    path = save(wb, tmp_path, "orphan.xlsx")
    rewrite_zip(
        path,
        {
            "xl/worksheets/sheet9.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{OTHER_PERSON}</t></is></c></row></sheetData></worksheet>'.encode()
        },
    )
    assert {"ooxml-orphan-part", "xlsx-custom-properties"} <= rules_of(path)
    result, _ = cleaned(path, None)
    text = unzipped(result.data)
    assert PERSON not in text and OTHER_PERSON not in text


# -- as real tools write them --------------------------------------------------------------------


def test_excel_shaped_file_with_calc_chain_and_dxfs(tmp_path: Path) -> None:
    path = hidden_sheets_book(tmp_path)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    patch(
        path,
        {"xl/calcChain.xml": f'<calcChain xmlns="{MAIN}"><c r="D1" i="1"/><c r="B2" i="2"/></calcChain>'.encode()},
        {"xl/workbook.xml": f'<Relationship Id="rIdCC" Type="{rel}calcChain" Target="calcChain.xml"/>'},
        '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>',
    )
    result, _ = cleaned(path, "xlsx-hidden-sheet")
    names = zipfile.ZipFile(io.BytesIO(result.data)).namelist()
    assert "xl/calcChain.xml" not in names and "xl/sharedStrings.xml" in names


@pytest.mark.skipif(realtools.missing("soffice") is not None, reason=realtools.missing("soffice") or "")
def test_files_saved_by_libreoffice_and_copies_open_in_libreoffice(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    built = [hidden_sheets_book(sources), hidden_rows_book(sources), formats_book(sources), stores_book(sources)]
    # LibreOffice's own files: open each and save it again as .xlsx.
    lo_dir = tmp_path / "lo"
    lo_files = realtools.soffice_convert(built, "xlsx:Calc MS Excel 2007 XML", lo_dir)
    copies: list[Path] = []
    out = tmp_path / "copies"
    out.mkdir()
    for path in [*built, *lo_files]:
        result = clean(path.read_bytes(), RedactOptions())
        copy = out / f"{path.parent.name}-{path.stem}.xlsx"
        copy.write_bytes(result.data)
        assert rules_of(copy) == set(), (path, rules_of(copy))
        text = unzipped(result.data)
        assert PERSON not in text and OTHER_PERSON not in text, path
        copies.append(copy)
    csvs = realtools.soffice_convert(copies, "csv", tmp_path / "csv")
    for sheet in csvs:
        rows = list(csv.reader(sheet.read_text("utf-8", "replace").splitlines()))
        assert rows[1][:2] == ["North", "12"], (sheet, rows)
        assert PERSON not in sheet.read_text("utf-8", "replace") or "stores" in sheet.name or "drawn" in sheet.name


# -- CSV and refusals ----------------------------------------------------------------------------


def test_to_csv_gives_displayed_values_per_visible_sheet(tmp_path: Path) -> None:
    import datetime as dt

    wb = staff()
    ws = wb.active
    ws["C1"] = "Opened"
    ws["C2"] = dt.date(2024, 3, 1)
    ws["D2"] = True
    ws["E2"] = 2.5
    path = hidden_sheets_book(tmp_path)
    result = clean(save(wb, tmp_path, "csv.xlsx").read_bytes(), RedactOptions(to_csv=True))
    rows = list(csv.reader(io.StringIO(result.extra["Summary"].decode())))
    assert rows[0] == ["Ward", "Requests", "Opened", "", ""]
    assert rows[1] == ["North", "12", "2024-03-01", "TRUE", "2.5"]
    hidden = clean(path.read_bytes(), RedactOptions(to_csv=True))
    assert list(hidden.extra) == ["Summary"] and PERSON.encode() not in hidden.extra["Summary"]


def test_legacy_xls_and_broken_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CannotClean, match=r"\.xlsx"):
        clean(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, RedactOptions())
    with pytest.raises(CannotClean):
        clean(b"not a workbook", RedactOptions())
    with pytest.raises(CannotClean):
        clean(b"PK\x03\x04 broken zip", RedactOptions())
    path = save(staff(), tmp_path, "dtd.xlsx")
    rewrite_zip(path, {"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><workbook>&a;</workbook>'})
    with pytest.raises(CannotClean):
        clean(path.read_bytes(), RedactOptions())
