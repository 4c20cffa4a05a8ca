"""The visible cells of an .xlsx workbook, as a reader of it sees them, for its web page version.

It lives with the gate's readers because it is one: the site's renditions
(:mod:`foilog.site.render.renditions`) call it only for a file the gate passed.

Read with the leak gate's own bounded, defused OOXML reader
(:class:`foilog.gate.attachments.ooxml.Package`: zip-bomb limits, no DTDs),
not a spreadsheet library: foilog's runtime has none, and the gate has already
opened this very file the same way. Each visible sheet gives its rows, without
hidden rows and columns; each value is shown through its cell's number format
(:func:`foilog.site.render.renditions.format_cell`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foilog.gate.attachments._common import TextBudget
from foilog.gate.attachments._model import Limits
from foilog.gate.attachments.ooxml import Package, attr, is_true, local
from foilog.gate.attachments.spreadsheet_cells import CELL_REF, col_index
from foilog.gate.attachments.spreadsheet_sizes import read_shared_strings

#: Excel's built-in number formats that matter here (ids below 164 are not stored in the file).
#: Dates use the UK order: Excel shows id 14 in the reader's own locale.
BUILT_IN = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    14: "dd/mm/yyyy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    22: "dd/mm/yyyy hh:mm",
    37: "#,##0;(#,##0)",
    38: "#,##0;(#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;(#,##0.00)",
    49: "@",
}

_DATE_CODE = re.compile(r"[dmy]")
_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


@dataclass(frozen=True)
class VisibleSheet:
    """A visible sheet's name and its visible rows, each a list of (value, number format)."""

    name: str
    rows: list[list[tuple[Any, str]]]


def is_date_format(code: str) -> bool:
    """Whether a number format shows a date (a ``d``, ``m`` or ``y`` outside quotes and brackets)."""
    return bool(_DATE_CODE.search(_LITERALS.sub("", code.split(";")[0]).lower())) and "General" not in code


def serial_date(value: float, date1904: bool) -> dt.date | dt.datetime:
    """An Excel serial number as a date (a datetime when it has a time of day)."""
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    moment = base + dt.timedelta(days=value)
    return moment.date() if moment.time() == dt.time() else moment


def read_visible(path: Path, limits: Limits | None = None) -> list[VisibleSheet]:
    """Every visible sheet of the workbook at ``path``, in order."""
    limits = limits or Limits()
    with Package(path, limits) as pkg:
        wb_part = next((t for typ, t, _ in pkg.rels("").values() if typ == "officeDocument"), "xl/workbook.xml")
        workbook = pkg.xml(wb_part)
        if workbook is None:
            return []
        rels = pkg.rels(wb_part)
        by_type = {typ: target for typ, target, _ in rels.values()}
        shared, _ = read_shared_strings(pkg, by_type.get("sharedStrings"), TextBudget(limits.max_text_chars))
        formats = _cell_formats(pkg, by_type.get("styles"))
        date1904 = any(local(el.tag) == "workbookPr" and is_true(el.get("date1904")) for el in workbook.iter())
        out: list[VisibleSheet] = []
        for el in workbook.iter():
            if local(el.tag) != "sheet" or el.get("state", "visible") != "visible":
                continue
            target = rels.get(attr(el, "id") or "", ("", "", False))[1]
            rows = _rows(pkg, target, shared, formats, date1904) if pkg.has(target) else []
            out.append(VisibleSheet(el.get("name", "Sheet"), rows))
        return out


def _cell_formats(pkg: Package, target: str | None) -> list[str]:
    """The number format of each cell style (``cellXfs``), by style index."""
    styles = pkg.xml(target) if target else None
    if styles is None:
        return []
    custom: dict[int, str] = {}
    formats: list[str] = []
    for child in styles:
        if local(child.tag) == "numFmts":
            custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "General") for f in child}
        elif local(child.tag) == "cellXfs":
            for xf in child:
                fid = int(xf.get("numFmtId", "0") or 0)
                formats.append(custom.get(fid) or BUILT_IN.get(fid, "General"))
    return formats


def _rows(pkg: Package, target: str, shared: list[str], formats: list[str], date1904: bool) -> list[list[tuple[Any, str]]]:
    """The visible rows of a sheet, empty cells filled in, hidden rows and columns left out."""
    hidden_cols: set[int] = set()
    rows: list[list[tuple[Any, str]]] = []
    row: dict[int, tuple[Any, str]] = {}
    row_hidden = False
    last_row = 0
    cell: dict[str, str] = {}
    text: list[str] = []
    for event, el in pkg.iterparse(target):
        tag = local(el.tag)
        if event == "start":
            if tag == "row":
                row, row_hidden = {}, is_true(el.get("hidden"))
                number = int(el.get("r") or last_row + 1)
                rows.extend([] for _ in range(number - last_row - 1))  # rows with no cells stay as blank rows
                last_row = number
            elif tag == "c":
                cell, text = dict(el.attrib), []
            continue
        if tag == "col" and is_true(el.get("hidden")):
            hidden_cols.update(range(int(el.get("min", "1")), int(el.get("max", el.get("min", "1"))) + 1))
        elif tag in ("v", "t") and el.text:
            text.append(el.text)
        elif tag == "c":
            m = CELL_REF.match(cell.get("r", ""))
            col = col_index(m.group(1)) if m else len(row) + 1
            row[col] = _value(cell, "".join(text), shared, formats, date1904)
        elif tag == "row":  # <cols> comes before <sheetData>, so every hidden column is known by now
            if not row_hidden:
                rows.append(_filled(row, hidden_cols))
            el.clear()
    return rows


def _filled(row: dict[int, tuple[Any, str]], hidden_cols: set[int]) -> list[tuple[Any, str]]:
    width = max(row, default=0)
    return [row.get(col, (None, "General")) for col in range(1, width + 1) if col not in hidden_cols]


def _value(cell: dict[str, str], raw: str, shared: list[str], formats: list[str], date1904: bool) -> tuple[Any, str]:
    style = int(cell.get("s", "0") or 0)
    fmt = formats[style] if style < len(formats) else "General"
    kind = cell.get("t", "n")
    if kind == "s":
        index = int(raw) if raw.isdigit() else -1
        return (shared[index] if 0 <= index < len(shared) else "", fmt)
    if kind in ("str", "inlineStr"):
        return (raw, fmt)
    if kind == "b":
        return (raw == "1", fmt)
    if kind == "e":
        return (raw, "General")
    try:
        number = float(raw)
    except ValueError:
        return (raw or None, fmt)
    if is_date_format(fmt) and 0 <= number < 2958466:
        return (serial_date(number, date1904), fmt)
    return (int(number) if number.is_integer() and "E" not in raw and "." not in raw else number, fmt)
