"""A return as text for the terminal and as CSV for the file that goes to the regulator.

The CSV has one row per cell: ``table,field,value`` and, with ``--audit``, ``references``: each
reference counted with where it came from (``FOI-2025-0414 (register/2025.csv:7)``), separated by
``; ``. A text cell that starts with ``=``, ``+``, ``-`` or ``@`` is written with a leading ``'`` so
that a spreadsheet opening the file shows it rather than runs it as a formula (references are typed
by people; the file is opened in Excel).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from foilog.log.findings import one_line
from foilog.site.quarterly.figures import Cell

CSV_COLUMNS = ("table", "field", "value")
AUDIT_COLUMN = "references"


def _safe(text: str) -> str:
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def audit_entries(cell: Cell) -> list[str]:
    """``REFERENCE (source)`` for each record counted in ``cell``."""
    return [f"{r.reference} ({r.source})" for r in cell.records]


def csv_text(cells: Sequence[Cell], *, audit: bool) -> str:
    """The return as CSV (RFC 4180, CRLF line ends as ``csv`` writes them)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, AUDIT_COLUMN] if audit else CSV_COLUMNS)
    for c in cells:
        row = [_safe(c.table), _safe(c.field), str(c.value)]
        if audit:
            row.append(_safe("; ".join(audit_entries(c))))
        writer.writerow(row)
    return out.getvalue()


def text_table(heading: Sequence[str], cells: Sequence[Cell], *, audit: bool) -> str:
    """The return for a terminal: the heading lines, then each table's fields with their values right-aligned.

    With ``audit``, under each figure the references counted in it, one a line, with their source.
    """
    width = max((len(c.field) for c in cells), default=0)
    digits = max((len(str(c.value)) for c in cells), default=1)
    lines = list(heading)
    current: str | None = None
    for c in cells:
        if c.table != current:
            current = c.table
            lines += ["", c.table]
        lines.append(f"  {c.field.ljust(width)}  {str(c.value).rjust(digits)}")
        if audit:
            # A reference is typed text: one line each, whatever it holds (a newline would fake a figure).
            lines += [f"      {one_line(entry)}" for entry in audit_entries(c)]
    return "\n".join(lines) + "\n"
