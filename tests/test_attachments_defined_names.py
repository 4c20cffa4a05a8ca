"""Excel defined names that point into hidden rows or columns are reported, not only hidden sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from attachment_builders import PERSON
from openpyxl.workbook.defined_name import DefinedName

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.spreadsheet import _Sheet, hidden_places
from foilog.log.findings import Severity


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}", limits=Limits(sandbox=False))


def workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.properties.creator = None
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Ward", "Requests", "Contact"])
    ws.append(["North", 12, PERSON])
    ws.append(["South", 9, PERSON])
    return wb


def name_findings(wb: openpyxl.Workbook, path: Path) -> dict[str, str]:
    wb.save(path)
    found = [f for f in inspect(path).findings if f.rule == "xlsx-defined-name-hidden"]
    assert all(f.severity is Severity.WARNING for f in found)
    return {f.message.split("'")[1]: f.message for f in found}


def test_defined_name_into_hidden_column(tmp_path: Path) -> None:
    wb = workbook()
    wb["Summary"].column_dimensions["C"].hidden = True
    wb.defined_names["Contacts"] = DefinedName("Contacts", attr_text="Summary!$C$1:$C$3")
    wb.defined_names["Counts"] = DefinedName("Counts", attr_text="Summary!$B$1:$B$3")
    found = name_findings(wb, tmp_path / "cols.xlsx")
    assert list(found) == ["Contacts"]
    assert "hidden columns (C) of sheet 'Summary'" in found["Contacts"]


def test_defined_name_into_hidden_rows(tmp_path: Path) -> None:
    wb = workbook()
    wb["Summary"].row_dimensions[3].hidden = True
    wb.defined_names["South"] = DefinedName("South", attr_text="Summary!$A$3:$C$3")
    wb.defined_names["Whole"] = DefinedName("Whole", attr_text="Summary!$A:$A")
    wb.defined_names["Header"] = DefinedName("Header", attr_text="Summary!$A$1:$C$2")
    found = name_findings(wb, tmp_path / "rows.xlsx")
    assert sorted(found) == ["South"]  # a whole column crossing a hidden row is not flagged
    assert "hidden rows (3) of sheet 'Summary'" in found["South"]


def test_quoted_sheet_names_and_whole_rows() -> None:
    sheet = _Sheet(hidden_rows={7}, hidden_col_ranges=[(4, 6)])
    sheets = {"Staff list": sheet}
    assert hidden_places("'Staff list'!$7:$7", sheets) == ["hidden rows (7) of sheet 'Staff list'"]
    assert hidden_places("'Staff list'!$E:$E", sheets) == ["hidden columns (E) of sheet 'Staff list'"]
    assert hidden_places("'Staff list'!$E$1", sheets) == ["hidden columns (E) of sheet 'Staff list'"]
    assert hidden_places("'Staff list'!$A$1:$C$6,'Staff list'!$H:$H", sheets) == []
    assert hidden_places("SUM(Other!$E$1)", sheets) == []
