"""Text in a workbook too small to read: cell fonts under 3 pt, tiny rich-text runs, rows lower than 3 pt."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font
from xlsx_builders import book, rewrite_zip, save, staff_book

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.spreadsheet_sizes import tiny_text
from foilog.log.findings import Severity

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def inspect(path: Path, limits: Limits | None = None) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}", limits=limits or Limits(sandbox=False))


def tiny(report: AttachmentReport) -> list[str]:
    return [f.message for f in report.findings if f.rule == "xlsx-text-tiny"]


def styles_xml(fonts: list[str], style_xfs: list[str], cell_xfs: list[str]) -> bytes:
    """A styles.xml as Excel lays it out, with the given ``<font>``s and ``<xf>``s."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{MAIN}">'
        f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        f'<cellStyleXfs count="{len(style_xfs)}">{"".join(style_xfs)}</cellStyleXfs>'
        f'<cellXfs count="{len(cell_xfs)}">{"".join(cell_xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ).encode()


def with_styles(path: Path, styles: bytes, style_of_names: int | None = None) -> Path:
    """Replace the workbook's styles.xml; ``style_of_names``: the ``s`` given to the names in B2:B5."""

    def cells(data: bytes) -> bytes:
        text = re.sub(r' s="\d+"', "", data.decode())
        if style_of_names is not None:
            text = re.sub(r'<c r="(B[2-5])"', lambda m: f'<c r="{m.group(1)}" s="{style_of_names}"', text)
        return text.encode()

    return rewrite_zip(path, {"xl/styles.xml": styles, "xl/worksheets/sheet1.xml": cells})


def test_1pt_font_on_a_column_of_names_is_hidden_with_its_cells(tmp_path: Path) -> None:
    wb = staff_book()
    for (cell,) in wb["Staff"]["B2:B5"]:
        cell.font = Font(name="Calibri", sz=1)
    (message,) = tiny(inspect(save(wb, tmp_path, "names.xlsx")))
    assert message.startswith("sheet Staff, cells B2:B5: text in 1 pt type, too small to read but still in the file (4 cells)")
    assert "save a clean copy" in message


def test_sizes_from_3pt_up_are_readable_and_numbers_count(tmp_path: Path) -> None:
    wb = staff_book()
    ws = wb["Staff"]
    for (cell,) in ws["B2:B5"]:
        cell.font = Font(sz=3)
    for (cell,) in ws["C2:C3"]:
        cell.font = Font(sz=2.5)
    (message,) = tiny(inspect(save(wb, tmp_path, "sizes.xlsx")))
    assert "cells C2:C3: text in 2.5 pt type" in message
    assert "B2" not in message


def test_the_workbook_default_font_decides_for_plain_cells(tmp_path: Path) -> None:
    # The Normal style's font changed to 1 pt: every cell without a format of its own is tiny.
    fonts = ['<font><sz val="1"/><name val="Calibri"/></font>', '<font><sz val="11"/><name val="Calibri"/></font>']
    styles = styles_xml(
        fonts, ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'], ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    )
    (message,) = tiny(inspect(with_styles(save(staff_book(), tmp_path, "default.xlsx"), styles)))
    assert "cells A1:C5: text in 1 pt type" in message


def test_a_cell_format_without_a_font_takes_its_cell_styles_font(tmp_path: Path) -> None:
    fonts = ['<font><sz val="11"/><name val="Calibri"/></font>', '<font><sz val="2"/><name val="Calibri"/></font>']
    style_xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>', '<xf numFmtId="0" fontId="1" fillId="0" borderId="0"/>']
    cell_xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', '<xf numFmtId="0" fillId="0" borderId="0" xfId="1"/>']
    path = with_styles(save(staff_book(), tmp_path, "style.xlsx"), styles_xml(fonts, style_xfs, cell_xfs), style_of_names=1)
    (message,) = tiny(inspect(path))
    assert "cells B2:B5: text in 2 pt type" in message


def test_a_tiny_run_in_a_shared_string_names_the_cell_and_masks_only_that_run(tmp_path: Path) -> None:
    wb = book()
    wb.active["A6"] = "Queries to jane.hartley@example.org"
    path = save(wb, tmp_path, "run.xlsx")
    rich = '<si><r><t xml:space="preserve">Queries to </t></r><r><rPr><sz val="2"/></rPr><t>jane.hartley@example.org</t></r></si>'
    path = rewrite_zip(
        path, {"xl/sharedStrings.xml": lambda x: x.replace(b"<si><t>Queries to jane.hartley@example.org</t></si>", rich.encode())}
    )
    (finding,) = [f for f in inspect(path).findings if f.rule == "xlsx-text-tiny"]
    assert finding.message.startswith("sheet Summary, cell A6: part of the text in 2 pt type")
    assert finding.severity is Severity.ERROR
    assert finding.excerpt == "j***@example.org"


def test_readable_runs_in_a_tiny_cell_and_tiny_punctuation_are_not_findings(tmp_path: Path) -> None:
    wb = book()
    ws = wb.active
    ws["A6"] = CellRichText(TextBlock(InlineFont(sz=11), "Total"), TextBlock(InlineFont(sz=6), " (provisional)"))
    ws["A6"].font = Font(sz=1)  # the cell's own font is tiny, but every run sets its own readable size
    ws["A7"] = "."
    ws["A7"].font = Font(sz=1)  # a spacer dot
    ws["A8"] = CellRichText("Figures", TextBlock(InlineFont(sz=1), " - "))
    assert tiny(inspect(save(wb, tmp_path, "fine.xlsx"))) == []


def test_tiny_text_words() -> None:
    assert tiny_text("Jane Hartley", 1, None) == ("Jane Hartley", "text in 1 pt type")
    assert tiny_text("Jane Hartley", 11, None) is None
    assert tiny_text("Call 07700 900461", 11, ((5, None), (12, 1.5))) == ("07700 900461", "part of the text in 1.5 pt type")
    assert tiny_text("Jane Hartley", 1, ((5, None), (7, 2.0))) == ("Jane Hartley", "text in 1 pt type")
    assert tiny_text("Ref 12 - ok", 11, ((4, None), (2, 1.0), (3, 1.0), (2, None))) == ("12 -", "part of the text in 1 pt type")


def test_a_row_lower_than_3pt_hides_its_cells_but_an_empty_one_is_fine(tmp_path: Path) -> None:
    wb = staff_book()
    ws = wb["Staff"]
    ws.row_dimensions[3].height = 0.75
    ws.row_dimensions[7].height = 2  # an empty spacer row
    ws.row_dimensions[4].height = 3  # small but readable at 3 pt
    (finding,) = [f for f in inspect(save(wb, tmp_path, "rows.xlsx")).findings if f.rule == "xlsx-hidden-rows-columns"]
    assert finding.message.startswith("sheet Staff, cells A3:C3: row 3 is set under 3 pt high, too low to show the text of 3 filled cells")


def test_a_hidden_row_is_reported_once_as_hidden(tmp_path: Path) -> None:
    wb = staff_book()
    ws = wb["Staff"]
    ws.row_dimensions[3].height = 1
    ws.row_dimensions[3].hidden = True
    (finding,) = [f for f in inspect(save(wb, tmp_path, "hidden-row.xlsx")).findings if f.rule == "xlsx-hidden-rows-columns"]
    assert "1 hidden row" in finding.message


def test_tiny_text_is_found_inside_the_sandbox(tmp_path: Path) -> None:
    wb = staff_book()
    wb["Staff"]["B3"].font = Font(sz=1)
    (message,) = tiny(inspect(save(wb, tmp_path, "sandboxed.xlsx"), Limits()))
    assert "cell B3: text in 1 pt type" in message
