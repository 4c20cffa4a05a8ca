"""Workbooks hiding personal data the way FOI officers' Excel redactions go wrong, and correctly made look-alikes.

Built with openpyxl where it can express the feature (fonts, fills, pictures,
data validation, defined names, custom properties), else with Excel's own XML
patched into the package (shapes, charts with caches, leftover shared strings):
see ``tests/xlsx_builders.py``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Color, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from xlsx_builders import (
    EMAIL_ADDRESS,
    STAFF,
    add_drawing,
    add_picture,
    add_unused_shared_strings,
    book,
    chart_frame,
    chart_xml,
    png,
    rewrite_zip,
    save,
    shape,
    staff_book,
)

from corpus import bad, good

NAMES = "B2:B5"  # where staff_book() puts the names


def _styled(name: str, font: Font, fill: PatternFill | None):
    def build(folder: Path) -> Path:
        wb = staff_book()
        for row in wb["Staff"]["B2:B5"]:
            for cell in row:
                cell.font = font
                if fill is not None:
                    cell.fill = fill
        return save(wb, folder, name)

    return build


def _black_fill_automatic_font(folder: Path) -> Path:
    # Font left at "Automatic" (no colour of its own: Excel draws it in the window-text colour, black).
    return _styled("black-fill-auto.xlsx", Font(name="Calibri", sz=11), PatternFill("solid", fgColor=Color(rgb="FF000000")))(folder)


def _theme_text_on_black(folder: Path) -> Path:
    # "Black, Text 1" (theme="1" is dk1 in Excel's numbering) on a black fill.
    return _styled("theme-text-black.xlsx", Font(color=Color(theme=1)), PatternFill("solid", fgColor=Color(rgb="FF000000")))(folder)


def _white_on_white(folder: Path) -> Path:
    return _styled("white-on-white.xlsx", Font(color=Color(rgb="FFFFFFFF")), PatternFill("solid", fgColor=Color(rgb="FFFFFFFF")))(folder)


def _theme_white_no_fill(folder: Path) -> Path:
    # "White, Background 1" (theme="0" is lt1) with no fill: the sheet is white.
    return _styled("theme-white.xlsx", Font(color=Color(theme=0)), None)(folder)


def _indexed_black(folder: Path) -> Path:
    # Colours from the legacy palette, as files converted from .xls keep them: indexed 8 is black.
    return _styled(
        "indexed-black.xlsx", Font(color=Color(indexed=8)), PatternFill("solid", fgColor=Color(indexed=8), bgColor=Color(indexed=64))
    )(folder)


def _tinted_theme(folder: Path) -> Path:
    # "Blue, Accent 1, Darker 50%" chosen for both the font and the fill.
    tint = -0.499984740745262
    return _styled("tinted.xlsx", Font(color=Color(theme=4, tint=tint)), PatternFill("solid", fgColor=Color(theme=4, tint=tint)))(folder)


def _dark_pattern(folder: Path) -> Path:
    # A 75% grey pattern in black over black text: Format Cells > Fill > Pattern Style.
    return _styled(
        "pattern.xlsx",
        Font(color=Color(rgb="FF000000")),
        PatternFill("darkGray", fgColor=Color(rgb="FF000000"), bgColor=Color(rgb="FF000000")),
    )(folder)


def _conditional_black(folder: Path) -> Path:
    wb = staff_book()
    rule = FormulaRule(formula=["TRUE"], font=Font(color="FF000000"), fill=PatternFill(bgColor="FF000000", fill_type="solid"))
    wb["Staff"].conditional_formatting.add(NAMES, rule)
    return save(wb, folder, "conditional.xlsx")


def _black_rectangle(folder: Path) -> Path:
    path = save(staff_book(), folder, "black-box.xlsx")
    return add_drawing(path, [shape("Rectangle 1", (1, 1), (2, 5))])


def _default_blue_rectangle(folder: Path) -> Path:
    # Insert > Shapes > Rectangle, left with the theme's fill (no spPr fill: the style's fillRef paints it).
    path = save(staff_book(), folder, "blue-box.xlsx")
    return add_drawing(path, [shape("Rectangle 2", (1, 1), (2, 5), fill=None)])


def _black_picture(folder: Path) -> Path:
    wb = staff_book()
    add_picture(wb, png(120, 100), "B2")
    return save(wb, folder, "black-picture.xlsx")


def _validation_staff(folder: Path) -> Path:
    wb = book("Cases", [["Case", "Officer"], ["FOI-101", None], ["FOI-102", None]])
    dv = DataValidation(type="list", formula1='"' + ",".join(STAFF) + '"', allow_blank=True)
    dv.add("B2:B50")
    wb["Cases"].add_data_validation(dv)
    return save(wb, folder, "validation-staff.xlsx")


def _defined_name_constant(folder: Path) -> Path:
    wb = book()
    wb.defined_names["CaseOfficer"] = DefinedName("CaseOfficer", attr_text=f'"{STAFF[0]}"')
    return save(wb, folder, "name-constant.xlsx")


def _chart_deleted_source(folder: Path) -> Path:
    # The chart's source sheet "Staff" was deleted; the chart still draws the officers from its cache.
    path = save(book(), folder, "chart-deleted.xlsx")
    chart = chart_xml("Cases by officer", "Cases", "Staff!$B$2:$B$5", STAFF, "Staff!$C$2:$C$5", ["10", "11", "12", "13"])
    return add_drawing(path, [chart_frame("Chart 1", (3, 1), (10, 15))], charts={"rId1": chart})


def _chart_stale_cache(folder: Path) -> Path:
    # Names replaced by initials in the cells, but the chart's cache still holds the names.
    wb = book("Staff", [["Officer", "Cases"], ["J.H.", 10], ["O.P.", 11], ["P.W.", 12], ["T.A.", 13]])
    path = save(wb, folder, "chart-stale.xlsx")
    chart = chart_xml("Cases by officer", "Cases", "Staff!$A$2:$A$5", STAFF, "Staff!$B$2:$B$5", ["10", "11", "12", "13"])
    return add_drawing(path, [chart_frame("Chart 1", (3, 1), (10, 15))], charts={"rId1": chart})


def _unused_strings(folder: Path) -> Path:
    wb = book("Summary", [["Team", "Cases"], ["Licensing", 12], ["Planning", 9]])
    path = save(wb, folder, "unused-strings.xlsx")
    return add_unused_shared_strings(path, STAFF)


def _custom_requester(folder: Path) -> Path:
    from openpyxl.packaging.custom import StringProperty

    wb = book()
    wb.custom_doc_props.append(StringProperty(name="Requester", value="Mr Oliver Pendleton"))
    return save(wb, folder, "custom-requester.xlsx")


def _shape_text_email(folder: Path) -> Path:
    path = save(book(), folder, "textbox-email.xlsx")
    note = shape(
        "TextBox 1",
        (4, 1),
        (8, 4),
        fill='<a:solidFill><a:schemeClr val="lt1"/></a:solidFill>',
        text=f"Queries to {EMAIL_ADDRESS}",
        text_box=True,
    )
    return add_drawing(path, [note])


def _hidden_sheet(folder: Path) -> Path:
    wb = book()
    staff = wb.create_sheet("Staff")
    for name in STAFF:
        staff.append([name, "07700 900123"])
    staff.sheet_state = "hidden"
    return save(wb, folder, "hidden-sheet.xlsx")


def _names_1pt(folder: Path) -> Path:
    # Home > Font Size typed down to 1: the column looks empty on screen and in print.
    return _styled("names-1pt.xlsx", Font(name="Calibri", sz=1), None)(folder)


_CONTACT = "Queries to the Licensing team "
#: A shared string as Excel saves a cell whose end was selected and set to 2 pt (the first run keeps the cell's font).
_RICH_SI = (
    f'<si><r><t xml:space="preserve">{_CONTACT}</t></r><r><rPr><sz val="2"/><color theme="1"/><rFont val="Calibri"/>'
    f'<family val="2"/><scheme val="minor"/></rPr><t>{EMAIL_ADDRESS}</t></r></si>'
)


def _email_2pt_run(folder: Path) -> Path:
    wb = book()
    wb.active["A6"] = _CONTACT + EMAIL_ADDRESS
    path = save(wb, folder, "email-2pt-run.xlsx")
    plain = f"<si><t>{_CONTACT}{EMAIL_ADDRESS}</t></si>".encode()
    return rewrite_zip(path, {"xl/sharedStrings.xml": lambda x: x.replace(plain, _RICH_SI.encode())})


def _phone_tiny_inline_run(folder: Path) -> Path:
    # openpyxl (and the tools built on it) write rich text as an inline string: a number set in 1.5 pt after a label.
    wb = book()
    wb.active["A6"] = CellRichText("Out-of-hours line ", TextBlock(InlineFont(sz=1.5), "07700 900461"))
    return save(wb, folder, "phone-inline-run.xlsx")


def _row_squeezed(folder: Path) -> Path:
    # Row 3 dragged down to a hairline (Format > Row Height: 1): the officer's row shows nothing.
    wb = staff_book()
    wb["Staff"].row_dimensions[3].height = 1
    return save(wb, folder, "row-1pt.xlsx")


# -- correctly made look-alikes -------------------------------------------------------------------


def _footnote_8pt(folder: Path) -> Path:
    # A source note in 8 pt italic under the table, with a 6 pt superscript-style marker in a rich-text cell.
    wb = book()
    ws = wb.active
    ws["A6"] = "Source: licensing register, 2023/24. Figures under 5 are suppressed."
    ws["A6"].font = Font(name="Calibri", sz=8, italic=True)
    ws["B4"] = CellRichText("15", TextBlock(InlineFont(sz=6, vertAlign="superscript"), "1"))
    return save(wb, folder, "footnote.xlsx")


def _tiny_empty_spacer_rows(folder: Path) -> Path:
    # Thin spacer rows (2 pt, custom height) between blocks, and a 1 pt font applied to empty formatted cells.
    wb = book()
    ws = wb.active
    ws.row_dimensions[5].height = 2
    ws.row_dimensions[7].height = 0.75
    ws["A7"].font = Font(sz=1)
    ws["B7"].font = Font(sz=1)
    ws["A8"] = "West"
    ws["B8"] = 7
    return save(wb, folder, "spacer-rows.xlsx")


def _white_header_on_dark_blue(folder: Path) -> Path:
    wb = book()
    for cell in wb.active[1]:
        cell.font = Font(bold=True, color=Color(theme=0))
        cell.fill = PatternFill("solid", fgColor=Color(theme=4, tint=-0.499984740745262))
    wb.active["D1"] = "Notes"
    wb.active["D1"].font = Font(bold=True, color="FFFFFFFF")
    wb.active["D1"].fill = PatternFill("solid", fgColor="FF1F4E78")
    return save(wb, folder, "header.xlsx")


def _auto_on_light_grey(folder: Path) -> Path:
    wb = book()
    for row in wb.active["A2:B4"]:
        for cell in row:
            cell.font = Font(name="Calibri", sz=11)
            cell.fill = PatternFill("solid", fgColor=Color(theme=0, tint=-0.1499984740745262))
    wb.active["A5"] = "Total"
    wb.active["A5"].fill = PatternFill("solid", fgColor="FFD9D9D9")
    return save(wb, folder, "grey.xlsx")


def _hidden_empty_rows_cols(folder: Path) -> Path:
    wb = book()
    ws = wb.active
    for r in (6, 7, 8):
        ws.row_dimensions[r].hidden = True
    ws.column_dimensions.group("D", "F", hidden=True)
    return save(wb, folder, "hidden-empty.xlsx")


def _red_outline_circle(folder: Path) -> Path:
    path = save(book(), folder, "red-circle.xlsx")
    circle = shape(
        "Oval 1",
        (1, 2),
        (2, 3),
        fill="<a:noFill/>",
        line='<a:ln w="28575"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln>',
        geometry="ellipse",
    )
    return add_drawing(path, [circle])


def _logo_over_empty(folder: Path) -> Path:
    wb = book()
    add_picture(wb, png(160, 60, (0, 0, 0, 0), mode="RGBA"), "F1")
    return save(wb, folder, "logo.xlsx")


def _chart_matching(folder: Path) -> Path:
    path = save(book(), folder, "chart.xlsx")
    chart = chart_xml(
        "Requests by ward", "Requests", "Summary!$A$2:$A$4", ["North", "South", "East"], "Summary!$B$2:$B$4", ["12", "9", "15"]
    )
    return add_drawing(path, [chart_frame("Chart 1", (3, 1), (10, 15))], charts={"rId1": chart})


def _yes_no_validation(folder: Path) -> Path:
    wb = book("Log", [["Reference", "Information held?"], ["FOI-101", "Yes"], ["FOI-102", "No"]])
    dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    dv.add("B2:B200")
    wb["Log"].add_data_validation(dv)
    dv2 = DataValidation(type="list", formula1='"Not Started,In Progress,Completed"', allow_blank=True)
    dv2.add("C2:C200")
    wb["Log"].add_data_validation(dv2)
    return save(wb, folder, "yes-no.xlsx")


def _text_box_note(folder: Path) -> Path:
    path = save(book(), folder, "note.xlsx")
    note = shape(
        "TextBox 1",
        (4, 1),
        (8, 4),
        fill='<a:solidFill><a:schemeClr val="lt1"/></a:solidFill>',
        text="Figures for 2023/24 are provisional.",
        text_box=True,
    )
    return add_drawing(path, [note])


BAD = [
    bad(
        "xlsx-black-fill-automatic-font",
        _black_fill_automatic_font,
        "xlsx-white-text",
        where=("sheet Staff", NAMES, "black on a black fill"),
        story="Cells filled black with the font left at Automatic: the names vanish on screen and in print.",
    ),
    bad(
        "xlsx-theme-text-on-black",
        _theme_text_on_black,
        "xlsx-white-text",
        where=("sheet Staff", NAMES),
        story="'Black, Text 1' on a black fill.",
    ),
    bad("xlsx-white-on-white-fill", _white_on_white, "xlsx-white-text", where=("sheet Staff", NAMES), story="White font on a white fill."),
    bad(
        "xlsx-theme-white-no-fill",
        _theme_white_no_fill,
        "xlsx-white-text",
        where=("sheet Staff", NAMES),
        story="'White, Background 1' font, no fill.",
    ),
    bad("xlsx-indexed-black", _indexed_black, "xlsx-white-text", where=("sheet Staff", NAMES), story="Legacy palette colour 8 on fill 8."),
    bad(
        "xlsx-tinted-theme", _tinted_theme, "xlsx-white-text", where=("sheet Staff", NAMES), story="Accent 1, Darker 50% for font and fill."
    ),
    bad("xlsx-dark-pattern", _dark_pattern, "xlsx-white-text", where=("sheet Staff",), story="A 75% black pattern over black text."),
    bad(
        "xlsx-conditional-black",
        _conditional_black,
        "xlsx-white-text",
        where=("sheet Staff", NAMES),
        story="A conditional format sets font and fill black.",
    ),
    bad(
        "xlsx-black-rectangle-over-names",
        _black_rectangle,
        "xlsx-shape-over-cells",
        where=("sheet Staff", NAMES, "Rectangle 1"),
        story="A black rectangle drawn over the column of names.",
    ),
    bad(
        "xlsx-default-blue-rectangle",
        _default_blue_rectangle,
        "xlsx-shape-over-cells",
        where=("Rectangle 2",),
        story="A shape with the theme fill.",
    ),
    bad(
        "xlsx-black-picture-over-names",
        _black_picture,
        "xlsx-shape-over-cells",
        where=("sheet Staff", "B2"),
        story="A black picture pasted over cells.",
    ),
    bad(
        "xlsx-validation-staff-names",
        _validation_staff,
        "xlsx-data-validation",
        where=("sheet Cases", "B2:B50"),
        story="Drop-down of staff.",
    ),
    bad(
        "xlsx-defined-name-constant",
        _defined_name_constant,
        "xlsx-defined-name-constant",
        where=("CaseOfficer",),
        story="A named constant.",
    ),
    bad("xlsx-chart-cache-deleted-sheet", _chart_deleted_source, "xlsx-chart-cache", where=("Chart 1",), story="Source sheet deleted."),
    bad(
        "xlsx-chart-cache-stale",
        _chart_stale_cache,
        "xlsx-chart-cache",
        where=("Chart 1", "no longer hold"),
        story="Cells changed, cache not.",
    ),
    bad(
        "xlsx-unused-shared-strings",
        _unused_strings,
        "xlsx-unused-shared-strings",
        where=("shared-string table",),
        story="Deleted names remain.",
    ),
    bad(
        "xlsx-custom-property-requester",
        _custom_requester,
        "xlsx-custom-properties",
        where=("Requester",),
        story="Requester in custom properties.",
    ),
    bad("xlsx-text-box-email", _shape_text_email, "email", where=("text box 'TextBox 1'",), story="An e-mail address in a text box."),
    bad("xlsx-hidden-sheet-of-staff", _hidden_sheet, "xlsx-hidden-sheet", where=("'Staff'",), story="The classic hidden sheet."),
    bad("xlsx-names-1pt-font", _names_1pt, "xlsx-text-tiny", where=("sheet Staff", NAMES, "1 pt"), story="A column of names set in 1 pt."),
    bad(
        "xlsx-email-2pt-run",
        _email_2pt_run,
        "xlsx-text-tiny",
        where=("sheet Summary", "cell A6", "part of the text in 2 pt"),
        story="The e-mail address at the end of a note set to 2 pt (a rich-text run in the shared-string table).",
    ),
    bad(
        "xlsx-phone-tiny-inline-run",
        _phone_tiny_inline_run,
        "xlsx-text-tiny",
        where=("sheet Summary", "cell A6", "1.5 pt"),
        story="A mobile number shrunk to 1.5 pt inside a cell (inline rich text).",
    ),
    bad(
        "xlsx-row-squeezed-1pt",
        _row_squeezed,
        "xlsx-hidden-rows-columns",
        where=("sheet Staff", "row 3", "A3:C3"),
        story="An officer's row dragged down to 1 pt high.",
    ),
]

GOOD = [
    good("xlsx-white-header-on-dark-blue", _white_header_on_dark_blue, story="White bold headings on a dark-blue fill."),
    good("xlsx-automatic-on-light-grey", _auto_on_light_grey, story="Automatic font on light grey bands."),
    good("xlsx-hidden-empty-rows-columns", _hidden_empty_rows_cols, story="Hidden rows and columns that hold nothing."),
    good("xlsx-red-outline-circle", _red_outline_circle, story="A red ring drawn round a figure to draw the eye."),
    good("xlsx-logo-over-empty-cells", _logo_over_empty, story="The authority's logo over empty cells."),
    good("xlsx-chart-matching-cells", _chart_matching, story="A chart whose cache is what the cells show."),
    good("xlsx-yes-no-validation", _yes_no_validation, story="Drop-downs of Yes/No and a status list."),
    good("xlsx-text-box-note", _text_box_note, story="A white text box with a note beside the table."),
    good("xlsx-footnote-8pt", _footnote_8pt, story="An 8 pt source note and a 6 pt footnote marker."),
    good("xlsx-tiny-empty-spacer-rows", _tiny_empty_spacer_rows, story="Spacer rows 2 pt and 0.75 pt high holding nothing."),
]
