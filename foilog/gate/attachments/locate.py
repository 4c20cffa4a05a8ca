"""Run the personal-data scan over an attachment's extracted text and say where each finding is.

A line number of the joined extracted text means nothing to someone looking
at a workbook or a Word file, and ``--format github`` would pin it to a line
of a binary file. So findings in a PDF carry only their page; in a
spreadsheet the sheet and cell (``sheet First, cell B10``), in a Word file
the paragraph; only plain text and CSV keep their line numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from foilog.gate.attachments._model import AttachmentReport
from foilog.gate.textscan import CompiledConfig, scan_text
from foilog.log.findings import Finding

#: Above this many findings on one sheet, cells are not pinned down (rows are named instead).
_MAX_CELL_SEARCH = 2000


def _cells(line: str, cols: list[str], row: str, finding: Finding, path: str, config: CompiledConfig) -> list[str]:
    """The cells of a row line that hold ``finding`` (empty when it spans cells, as a label and its value do)."""
    values = line.split("\t")
    if len(values) != len(cols):
        return []
    if len(values) == 1:
        return [f"{cols[0]}{row}"]
    exact: list[str] = []
    loose: list[str] = []
    for col, value in zip(cols, values, strict=True):
        found = [g for g in scan_text(value, path=path, config=config) if g.rule == finding.rule]
        if found:
            loose.append(f"{col}{row}")
            if any(g.excerpt == finding.excerpt for g in found):
                exact.append(f"{col}{row}")
    return exact or loose


def describe(location: str, line: str, finding: Finding, path: str, config: CompiledConfig, pin_cells: bool = True) -> str:
    """Turn a ``locations`` entry into words: ``sheet First, cell B10``, ``paragraph 12``."""
    parts = location.split("\t")
    if parts[0] in ("cell", "row") and len(parts) >= 3:
        sheet, row = parts[1], parts[2]
        cells = _cells(line, parts[3:], row, finding, path, config) if parts[0] == "cell" and pin_cells else []
        if cells:
            return f"sheet {sheet}, {'cell' if len(cells) == 1 else 'cells'} {', '.join(cells)}"
        return f"sheet {sheet}, row {row}"
    return location


def scan_report_text(
    report: AttachmentReport, display: str, config: CompiledConfig, acknowledgements: Sequence[tuple[str, str]] = ()
) -> list[Finding]:
    """Personal data in every item of ``report.text_pages``, located as precisely as the report allows."""
    findings: list[Finding] = []
    paged = report.facts is not None and report.facts.kind == "pdf"
    for index, text in enumerate(report.text_pages):
        if not text.strip():
            continue
        found = scan_text(text, path=display, config=config, page=index + 1 if paged else None, acknowledgements=acknowledgements)
        if paged:
            findings += [dataclasses.replace(f, line=None) for f in found]
            continue
        locations = report.locations[index] if index < len(report.locations) else ()
        if not locations:
            findings += found  # plain text and CSV: the line number is right
            continue
        lines = text.split("\n")
        for f in found:
            n = (f.line or 0) - 1
            where = locations[n] if 0 <= n < len(locations) else None
            if where is None:
                findings.append(dataclasses.replace(f, line=None))
                continue
            words = describe(where, lines[n] if n < len(lines) else "", f, display, config, len(found) <= _MAX_CELL_SEARCH)
            findings.append(dataclasses.replace(f, line=None, message=f"{words}: {f.message}"))
    return findings


def acknowledge_properties(
    report: AttachmentReport, findings: Sequence[Finding], acknowledgements: Sequence[tuple[str, str]]
) -> list[Finding]:
    """Mark document-property findings acknowledged when the response accepts every value they flag.

    A property finding lists its fields (never their values) in ``extra["fields"]``;
    the values are in ``report.metadata``. Each value is matched like any flagged
    text (case and spacing ignored): the whole value, or every email address in it.
    """
    if not acknowledgements:
        return list(findings)
    from foilog.gate.attachments._common import EMAIL
    from foilog.gate.textscan.normalise import normalise_key

    accepted = {normalise_key(text): reason for text, reason in acknowledgements}
    out: list[Finding] = []
    for f in findings:
        fields = {name for name in f.extra.get("fields", "").split(",") if name}
        if not fields or f.acknowledged is not None:
            out.append(f)
            continue
        values = [value for name, value in report.metadata if name in fields and value.strip()]
        reasons: list[str] = []
        for value in values:
            reason = accepted.get(normalise_key(value))
            emails = EMAIL.findall(value)
            if reason is None and emails and all(normalise_key(e) in accepted for e in emails):
                reason = accepted[normalise_key(emails[0])]
            if reason is None:
                break
            reasons.append(reason)
        else:
            if reasons:
                f = dataclasses.replace(f, acknowledged=reasons[0])
        out.append(f)
    return out
