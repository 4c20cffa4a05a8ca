"""One CSV per sheet with the values a reader sees (``foilog redact --to-csv``), as the ICO recommends.

Text comes from the shared-string table or the cell's inline string, numbers
as written (integers without ``.0``), booleans as TRUE/FALSE, and numbers
formatted as dates as ISO dates (``2024-03-01``, with the time when the format
shows one), counted from 1900 (Excel's leap-year bug included) or 1904.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from xml.etree.ElementTree import Element

from foilog.gate.attachments.ooxml import local
from foilog.gate.attachments.spreadsheet_cells import CELL_REF, col_index
from foilog.gate.redact.spreadsheet_package import child
from foilog.gate.redact.spreadsheet_sheet import cell_text

#: Excel's built-in number formats that show dates or times.
_BUILTIN_DATES = frozenset(
    {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58}
)
_TIME_ONLY = frozenset({18, 19, 20, 21, 45, 46, 47})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _date_formats(styles: Element | None) -> dict[int, str]:
    """xf index -> "date", "datetime" or "time" for cell formats that show a date or time."""
    if styles is None:
        return {}
    codes = {int(f.get("numFmtId") or -1): f.get("formatCode") or "" for box in styles if local(box.tag) == "numFmts" for f in box}
    xfs = child(styles, "cellXfs")
    kinds: dict[int, str] = {}
    for i, xf in enumerate(xfs if xfs is not None else ()):
        num = int(xf.get("numFmtId") or 0) if (xf.get("numFmtId") or "0").isdigit() else 0
        kind = _kind(num, codes.get(num))
        if kind:
            kinds[i] = kind
    return kinds


def _kind(num: int, code: str | None) -> str | None:
    if code is None:
        if num in _TIME_ONLY:
            return "time"
        return ("datetime" if num == 22 else "date") if num in _BUILTIN_DATES else None
    bare = _QUOTED.sub("", code.split(";")[0]).lower()
    has_date = bool(re.search(r"[dy]", bare)) or ("m" in bare and not re.search(r"[hs]", bare))
    has_time = bool(re.search(r"[hs]", bare))
    if has_date:
        return "datetime" if has_time else "date"
    return "time" if has_time else None


def _as_date(serial: float, kind: str, date1904: bool) -> str:
    # Excel counts 29 February 1900, which never was: serials from 61 on are one day ahead.
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30) if serial >= 61 else dt.datetime(1899, 12, 31)
    when = base + dt.timedelta(days=serial)
    when = when.replace(microsecond=0) + dt.timedelta(seconds=round(when.microsecond / 1e6))
    if kind == "date":
        return when.date().isoformat()
    if kind == "time":
        return when.time().isoformat()
    return when.isoformat(sep=" ")


def _number(raw: str) -> str:
    try:
        value = float(raw)
    except ValueError:
        return raw
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _display(cell: Element, shared: list[str], dates: dict[int, str], date1904: bool) -> str:
    kind = cell.get("t") or "n"
    if kind != "n":
        return cell_text(cell, shared)
    v = child(cell, "v")
    raw = (v.text or "") if v is not None else ""
    if not raw:
        return ""
    style = int(cell.get("s") or 0) if (cell.get("s") or "0").isdigit() else 0
    if style in dates:
        try:
            return _as_date(float(raw), dates[style], date1904)
        except (ValueError, OverflowError):
            return raw
    return _number(raw)


def sheet_csv(sheet: Element, shared: list[str], styles: Element | None, *, date1904: bool = False) -> bytes:
    """The sheet's displayed values as UTF-8 CSV, one line per row from row 1, empty cells kept as empty fields."""
    dates = _date_formats(styles)
    rows: dict[int, dict[int, str]] = {}
    row_no = 0
    data = child(sheet, "sheetData")
    for row in data if data is not None else ():
        row_no = int(row.get("r") or row_no + 1)
        col_no = 0
        for cell in row:
            m = CELL_REF.match(cell.get("r") or "")
            col_no = col_index(m.group(1)) if m else col_no + 1
            text = _display(cell, shared, dates, date1904)
            if text != "":
                rows.setdefault(row_no, {})[col_no] = text
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    width = max((max(cols) for cols in rows.values()), default=0)
    for number in range(1, max(rows, default=0) + 1):
        cols = rows.get(number, {})
        writer.writerow([cols.get(c, "") for c in range(1, width + 1)])
    return out.getvalue().encode("utf-8")
