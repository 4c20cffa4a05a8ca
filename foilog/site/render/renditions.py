"""Accessible HTML renditions of CSV, spreadsheet and Word attachments.

The Public Sector Bodies Accessibility Regulations apply to attachments: a
reader with a screen reader or a phone should not need Excel or Word to read
one. Each rendition is a plain HTML fragment (real ``<table>`` elements with a
``<caption>`` and ``<th scope>`` headers; Word headings, paragraphs, lists and
tables) that the site wraps in its own page beside the download.

Only what a reader of the original would see is rendered: hidden sheets, rows
and columns, deleted (tracked) text and hidden Word runs are left out. The leak
gate has already judged the file (a build with errors renders nothing), so a
rendition never shows more than the published file shows on screen.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

#: Rows shown per table; the rest stay in the download (a page of 100,000 rows helps nobody).
MAX_ROWS = 2000
#: Files larger than this get no rendition, and a note saying why.
MAX_BYTES = 5 * 1024 * 1024

RENDERED_SUFFIXES = (".csv", ".xlsx", ".docx")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Rendition:
    """A rendition's HTML, or why there is none (``html`` empty, ``refused`` says why)."""

    html: str
    refused: str = ""


def renders(path: str) -> bool:
    """Whether an attachment of this name gets an HTML rendition."""
    return path.lower().endswith(RENDERED_SUFFIXES)


def rendition_of(file: Path, title: str, download: str) -> Rendition:
    """The rendition of ``file`` (a CSV, XLSX or DOCX), or why there is none.

    ``download`` is the relative link to the original, for the notes that send
    a reader there (a capped table, a file too large to render).
    """
    size = file.stat().st_size
    if size > MAX_BYTES:
        return Rendition(
            "", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB, so it has no web page version; download it instead."
        )
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return Rendition(csv_html(file.read_bytes(), title, download))
    if suffix == ".xlsx":
        return Rendition(xlsx_html(file, download))
    if suffix == ".docx":
        return Rendition(docx_html(file))
    return Rendition("", "foilog makes web page versions of CSV, Excel and Word files only.")


# --- tables -------------------------------------------------------------------------------------


def table_html(caption: str, rows: Sequence[Sequence[str]], download: str, *, limit: int = MAX_ROWS) -> str:
    """A table with a caption: the first row as column headers, each row's first cell as its row header.

    Leading rows with a single filled cell (a sheet's title and notes above its
    table) come first as paragraphs, so the header row is the row that labels columns.
    """
    lead = ""
    while len(rows) > 1 and sum(bool(c.strip()) for c in rows[0]) <= 1:
        lead += f'<p class="foilog-rendition-note">{html.escape(" ".join(c for c in rows[0] if c.strip()))}</p>\n'
        rows = rows[1:]
    if not rows:
        return f"<p>{html.escape(caption)}: this table is empty.</p>"
    return lead + _table(caption, rows, download, limit)


def _table(caption: str, rows: Sequence[Sequence[str]], download: str, limit: int) -> str:
    width = max(len(row) for row in rows)
    head, body = rows[0], rows[1:]
    # A classed table (Material's script wraps only unclassed ones in a scroll box a keyboard cannot reach), in a
    # region a keyboard can focus and scroll sideways on a phone (WCAG 2.1.1, axe's scrollable-region-focusable).
    label = html.escape(caption, quote=True)
    out = [
        f'<div class="foilog-table-wrap" tabindex="0" role="region" aria-label="{label}">'
        f'<table class="foilog-rendition-table">\n<caption>{html.escape(caption)}</caption>\n<thead><tr>'
    ]
    out.extend(f'<th scope="col">{html.escape(cell)}</th>' for cell in _pad(head, width))
    out.append("</tr></thead>\n<tbody>\n")
    for row in body[:limit]:
        cells = _pad(row, width)
        out.append(f'<tr><th scope="row">{html.escape(cells[0])}</th>')
        out.extend(f"<td>{html.escape(cell)}</td>" for cell in cells[1:])
        out.append("</tr>\n")
    out.append("</tbody></table></div>\n")
    if len(body) > limit:
        out.append(
            f'<p class="foilog-rendition-cap">Showing the first {limit:,} of {len(body):,} rows. '
            f'<a href="{html.escape(download, quote=True)}">Download the file</a> for the rest.</p>\n'
        )
    return "".join(out)


def _pad(row: Sequence[str], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty rows and trailing columns (a sheet's used range is often larger than its data; blank rows only space it)."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    width = max((max((i + 1 for i, c in enumerate(r) if c.strip()), default=0) for r in rows), default=0)
    return [r[:width] for r in rows]


# --- CSV ----------------------------------------------------------------------------------------


def csv_html(data: bytes, title: str, download: str) -> str:
    """A CSV file as one table (UTF-8, with or without a byte-order mark; else Windows-1252)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows = _trim([list(row) for row in csv.reader(io.StringIO(text))])
    return table_html(title, rows, download)


# --- XLSX ---------------------------------------------------------------------------------------


def xlsx_html(file: Path, download: str) -> str:
    """One table per visible sheet; hidden sheets, rows and columns left out; values as formatted."""
    from foilog.gate.attachments.rendition_xlsx import read_visible

    parts = [
        table_html(f"Sheet: {sheet.name}", _trim([[format_cell(v, f) for v, f in row] for row in sheet.rows]), download)
        for sheet in read_visible(file)
    ]
    return "\n".join(parts) or "<p>This spreadsheet has no visible sheets.</p>"


_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def format_cell(value: object, number_format: str = "General") -> str:
    """A cell's value as the spreadsheet shows it, for the common formats.

    Thousands separators, fixed decimals, percentages, currency symbols and
    dates; anything else falls back to the value itself (never an invented
    rounding).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _format_date(value, number_format)
    sections = number_format.split(";")
    if isinstance(value, int | float):
        shown = sections[0] if value >= 0 or len(sections) < 2 else sections[1]
        if value == 0 and len(sections) > 2:
            shown = sections[2]
        if len(sections) > 1 and not re.search(r"[0#?]", _QUOTED.sub("", shown)):
            return "".join(re.findall(r'"([^"]*)"', shown))  # only literal text, or nothing (``;;;`` hides the value)
        return _format_number(value, number_format)
    if len(sections) > 3 and not sections[3].strip():
        return ""  # text hidden by its format (``;;;``): a reader sees nothing
    return str(value)


def _format_number(value: float, number_format: str) -> str:
    fmt = number_format.split(";")[0] if value >= 0 or ";" not in number_format else number_format.split(";")[1]
    plain = _QUOTED.sub("", fmt)
    if fmt in ("General", "@") or not re.search(r"[0#?]", plain):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    decimals = len(m.group(1)) if (m := re.search(r"\.([0#?]+)", plain)) else 0
    percent = "%" in plain
    number = abs(value) * 100 if percent else abs(value)
    # A format's negative section draws its own sign or brackets.
    sign = "-" if value < 0 and ";" not in number_format else ""
    # Half away from zero, as Excel rounds (Python's own formatting rounds half to even).
    rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    body = f"{rounded:,.{decimals}f}" if "," in plain else f"{rounded:.{decimals}f}"
    prefix = "".join(s for s in ("£", "$", "€") if s in fmt and fmt.index(s) < fmt.find("0" if "0" in fmt else "#"))
    if "(" in fmt and ";" in number_format and value < 0:
        return f"({prefix}{body}{'%' if percent else ''})"
    return f"{sign}{prefix}{body}{'%' if percent else ''}"


_DATE_TOKENS = (
    ("yyyy", "%Y"),
    ("yy", "%y"),
    ("mmmm", "%B"),
    ("mmm", "%b"),
    ("mm", "%m"),
    ("dddd", "%A"),
    ("ddd", "%a"),
    ("dd", "%d"),
    ("hh", "%H"),
    ("ss", "%S"),
)


def _format_date(value: dt.date | dt.time, number_format: str) -> str:
    fmt = _QUOTED.sub("", number_format.split(";")[0]).lower()
    if not re.search(r"[ymd]", fmt):
        return value.isoformat()
    out, i = "", 0
    while i < len(fmt):
        for token, code in _DATE_TOKENS:
            if fmt.startswith(token, i):
                out += code
                i += len(token)
                break
        else:
            ch = fmt[i]
            out += {"d": "%-d", "m": "%-m"}.get(ch, "%%" if ch == "%" else ch)
            i += 1
    try:
        text = value.strftime(out.replace("%-d", "{D}").replace("%-m", "{M}"))
    except ValueError:
        return value.isoformat()
    day = getattr(value, "day", "")
    month = getattr(value, "month", "")
    return text.replace("{D}", str(day)).replace("{M}", str(month))


# --- DOCX ---------------------------------------------------------------------------------------


def docx_html(file: Path) -> str:
    """A Word document's body by its own structure: headings, paragraphs, lists and tables."""
    from foilog.gate.attachments import Limits
    from foilog.gate.attachments.ooxml import Package

    # The gate's bounded, defused reader (zip-bomb limits, no DTDs), as for spreadsheets.
    with Package(file, Limits()) as pkg:
        part = next((t for typ, t, _ in pkg.rels("").values() if typ == "officeDocument"), "word/document.xml")
        root = pkg.xml(part)
    body = root.find(f"{_W}body") if root is not None else None
    if body is None:
        return "<p>This document has no text.</p>"
    out: list[str] = []
    in_list = False
    heading, tables = "", 0
    for block in body:
        item = block.tag == f"{_W}p" and _is_list(block)
        if in_list and not item:
            out.append("</ul>\n")
            in_list = False
        if block.tag == f"{_W}p":
            text = html.escape(_text(block))
            if not text.strip():
                continue
            level = _heading_level(block)
            if item:
                if not in_list:
                    out.append("<ul>\n")
                    in_list = True
                out.append(f"<li>{text}</li>\n")
            elif level:
                heading = _text(block)
                out.append(f"<h{level}>{text}</h{level}>\n")
            else:
                out.append(f"<p>{text}</p>\n")
        elif block.tag == f"{_W}tbl":
            rows = [[_text_of_cell(tc) for tc in tr.iter(f"{_W}tc")] for tr in block.iter(f"{_W}tr")]
            tables += 1
            # A table's caption: the heading it sits under (a reader's name for it), else its number.
            out.append(table_html(heading or f"Table {tables}", rows, ""))
            heading = ""
    if in_list:
        out.append("</ul>\n")
    return "".join(out) or "<p>This document has no text.</p>"


def _style(p: object) -> str:
    style = p.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
    return (style.get(f"{_W}val") or "") if style is not None else ""


def _heading_level(p: object) -> int:
    """``Heading1`` is the page's ``<h2>`` (the page title is its ``<h1>``); ``Title`` too."""
    style = _style(p).lower()
    if style == "title":
        return 2
    if m := re.fullmatch(r"heading\s*([1-9])", style):
        return min(int(m.group(1)) + 1, 6)
    return 0


def _is_list(p: object) -> bool:
    return p.find(f"{_W}pPr/{_W}numPr") is not None or _style(p).lower().startswith("listparagraph")  # type: ignore[attr-defined]


def _text(p: object) -> str:
    """The visible text of a paragraph: deleted (tracked) text and hidden (``w:vanish``) runs left out."""
    parts: list[str] = []
    for run in p.iter(f"{_W}r"):  # type: ignore[attr-defined]
        props = run.find(f"{_W}rPr")
        if props is not None and props.find(f"{_W}vanish") is not None:
            continue
        for child in run:
            if child.tag == f"{_W}t":
                parts.append(child.text or "")
            elif child.tag in (f"{_W}tab", f"{_W}br"):
                parts.append(" ")
    return "".join(parts)


def _text_of_cell(cell: object) -> str:
    return " ".join(t for p in cell.iter(f"{_W}p") if (t := _text(p)).strip())  # type: ignore[attr-defined]
