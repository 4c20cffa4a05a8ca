"""Shapes over cells, chart caches and the stores no cell shows, each with a clean counterpart."""

from __future__ import annotations

from pathlib import Path

from attachment_builders import rewrite_zip
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from xlsx_builders import STAFF, add_drawing, book, chart_frame, chart_xml, save, shape, staff_book

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.spreadsheet_stores import constant_strings, person_like
from foilog.log.findings import Severity


def inspect(path: Path, sandbox: bool = False) -> AttachmentReport:
    limits = Limits() if sandbox else Limits(sandbox=False)
    return inspect_attachment(path, display_path=f"responses/{path.name}", limits=limits)


def of(report: AttachmentReport, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule]


def test_person_like_and_constants() -> None:
    assert person_like("Jane Hartley") and person_like("Mr Pendleton") and person_like("jane.hartley@example.org")
    assert not any(person_like(v) for v in ("Yes", "Not Started", "In Progress", "Case Officer", "North Ward", "FOI-101"))
    assert constant_strings('="Jane Hartley"') == ["Jane Hartley"]
    assert constant_strings('{"Jane Hartley","Tom Ashdown";1,2}') == ["Jane Hartley", "Tom Ashdown"]
    assert constant_strings("Staff!$A$1:$A$9") is None and constant_strings('IF(A1="x","y","z")') is None


def test_shape_edges_hidden_and_transparent_shapes(tmp_path: Path) -> None:
    path = save(staff_book(), tmp_path, "shapes.xlsx")
    anchors = [
        # ends at the left edge of column C (to col=2, offset 0) and the top of row 4: covers B2:B3 only
        shape("Rectangle 1", (1, 1), (2, 3)),
        # half-transparent fill: the names show through
        shape(
            "Rectangle 2",
            (1, 3),
            (2, 5),
            fill='<a:solidFill><a:srgbClr val="000000"><a:alpha val="30000"/></a:srgbClr></a:solidFill>',
            ident=3,
        ),
        # hidden (Selection Pane): drawn nowhere, but its text is kept
        shape("Rectangle 3", (2, 1), (3, 5), text="Checked by Jane Hartley", ident=4).replace(
            'name="Rectangle 3"', 'name="Rectangle 3" hidden="1"'
        ),
    ]
    report = inspect(add_drawing(path, anchors))
    (found,) = of(report, "xlsx-shape-over-cells")
    assert "sheet Staff, cells B2:B3: shape 'Rectangle 1'" in found.message and "2 filled cells" in found.message
    assert ("the hidden shape 'Rectangle 3' on sheet Staff", "Checked by Jane Hartley") in report.stored


def test_shape_over_empty_cells_and_user_named_shape(tmp_path: Path) -> None:
    path = save(staff_book(), tmp_path, "named.xlsx")
    anchors = [shape("Rectangle 1", (6, 1), (9, 5)), shape("Cover for Jane", (1, 1), (2, 5), ident=3)]
    (found,) = of(inspect(add_drawing(path, anchors)), "xlsx-shape-over-cells")
    assert "Jane" not in found.message and "a shape (a shape with a solid fill)" in found.message


def test_shape_text_is_read_where_it_is(tmp_path: Path) -> None:
    path = save(book(), tmp_path, "box.xlsx")
    box = shape("TextBox 1", (4, 1), (8, 4), fill="<a:noFill/>", text="Prepared by Mr Oliver Pendleton", text_box=True)
    report = inspect(add_drawing(path, [box]))
    index = next(i for i, t in enumerate(report.text_pages) if "Pendleton" in t)
    assert report.locations[index] == ("sheet Summary, text box 'TextBox 1'",)
    assert report.findings == ()


def test_chart_caches(tmp_path: Path) -> None:
    wb = book("Staff", [["Month", "Cases"], [45292, 10], [45323, 11]])
    wb["Staff"]["A2"].number_format = "mmm-yy"
    wb["Staff"]["A3"].number_format = "mmm-yy"
    path = save(wb, tmp_path, "dates.xlsx")
    chart = chart_xml("Cases", "Cases", "Staff!$A$2:$A$3", ["Jan-24", "Feb-24"], "Staff!$B$2:$B$3", ["10", "11"])
    report = inspect(add_drawing(path, [chart_frame("Chart 1", (3, 1), (10, 15))], charts={"rId1": chart}))
    assert report.findings == ()  # dates shown through a number format match their serial numbers
    assert any("Cases" in t for t in report.text_pages)  # the title a reader sees

    wb = book("Staff", [["Officer", "Cases"], [STAFF[0], 10], [STAFF[1], 11]])
    wb["Staff"].row_dimensions[3].hidden = True
    path = save(wb, tmp_path, "hidden-rows.xlsx")
    chart = chart_xml("Cases", "Cases", "Staff!$A$2:$A$3", STAFF[:2], "Staff!$B$2:$B$3", ["10", "11"])
    report = inspect(add_drawing(path, [chart_frame("Chart 1", (3, 1), (10, 15))], charts={"rId1": chart}))
    (found,) = of(report, "xlsx-chart-cache")
    assert found.severity is Severity.WARNING and "hidden rows" in found.message

    path = save(book(), tmp_path, "numbers.xlsx")
    chart = chart_xml("Requests", "Requests", "Summary!$A$2:$A$4", ["North", "South", "East"], "Summary!$B$2:$B$4", ["12", "9", "99"])
    (found,) = of(inspect(add_drawing(path, [chart_frame("Chart 1", (3, 1), (10, 15))], charts={"rId1": chart})), "xlsx-chart-cache")
    assert found.severity is Severity.WARNING and "1 value that the cells" in found.message


def test_validation_into_hidden_sheet_and_name(tmp_path: Path) -> None:
    wb = book("Cases", [["Case", "Officer"], ["FOI-101", None]])
    lists = wb.create_sheet("Lists")
    for name in STAFF:
        lists.append([name])
    lists.sheet_state = "hidden"
    wb.defined_names["Officers"] = DefinedName("Officers", attr_text="Lists!$A$1:$A$4")
    dv = DataValidation(type="list", formula1="Officers")
    dv.add("B2:B20")
    wb["Cases"].add_data_validation(dv)
    report = inspect(save(wb, tmp_path, "lists.xlsx"))
    (found,) = of(report, "xlsx-data-validation")
    assert (
        found.severity is Severity.WARNING and "the hidden sheet 'Lists'" in found.message and "sheet Cases, cells B2:B20" in found.message
    )
    assert of(report, "xlsx-hidden-sheet")[0].severity is Severity.ERROR


def test_defined_name_constant_that_is_not_a_person(tmp_path: Path) -> None:
    wb = book()
    wb.defined_names["Version"] = DefinedName("Version", attr_text='"Draft for review"')
    wb.defined_names["Rate"] = DefinedName("Rate", attr_text="0.2")
    report = inspect(save(wb, tmp_path, "version.xlsx"))
    (found,) = of(report, "xlsx-defined-name-constant")
    assert found.severity is Severity.WARNING and "'Version'" in found.message


def test_unused_numbers_only_warn_and_used_strings_pass(tmp_path: Path) -> None:
    from xlsx_builders import add_unused_shared_strings

    path = save(staff_book(), tmp_path, "used.xlsx")
    assert of(inspect(path), "xlsx-unused-shared-strings") == []
    add_unused_shared_strings(path, ["2019", "  "])
    (found,) = of(inspect(path), "xlsx-unused-shared-strings")
    assert found.severity is Severity.WARNING and "1 piece" in found.message


def test_custom_properties(tmp_path: Path) -> None:
    wb = book()
    wb.custom_doc_props.append(StringProperty(name="Department", value="Licensing"))
    wb.custom_doc_props.append(StringProperty(name="CaseOfficer", value="Jane Hartley"))
    report = inspect(save(wb, tmp_path, "custom.xlsx"))
    (found,) = of(report, "xlsx-custom-properties")
    assert found.severity is Severity.ERROR and "(CaseOfficer)" in found.message and "Department" not in found.message
    assert ("CaseOfficer", "Jane Hartley") in report.metadata and of(report, "xlsx-properties") == []

    wb = book()
    wb.custom_doc_props.append(StringProperty(name="Department", value="Licensing"))
    assert inspect(save(wb, tmp_path, "dept.xlsx")).findings == ()


def test_everything_in_the_sandbox(tmp_path: Path) -> None:
    """The drawing, picture and chart readers work inside the resource-limited worker."""
    from xlsx_builders import add_picture, png

    wb = staff_book()
    add_picture(wb, png(120, 100), "B2")
    path = save(wb, tmp_path, "sandboxed.xlsx")
    rewrite_zip(path, {})
    report = inspect(path, sandbox=True)
    assert [f.rule for f in report.findings] == ["xlsx-shape-over-cells"]

    path = save(book(), tmp_path, "chart.xlsx")
    chart = chart_xml("Cases by officer", "Cases", "Staff!$B$2:$B$5", STAFF, "Staff!$C$2:$C$5", ["10", "11", "12", "13"])
    report = inspect(add_drawing(path, [chart_frame("Chart 1", (3, 1), (10, 15))], charts={"rId1": chart}), sandbox=True)
    assert [f.severity for f in of(report, "xlsx-chart-cache")] == [Severity.ERROR]
