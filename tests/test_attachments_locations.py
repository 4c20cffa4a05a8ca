"""Personal data found in an attachment's text is located where a person can find it.

Spreadsheets: the sheet and cell; Word: the paragraph; PDF: the page; never a
line number of the joined extracted text (which ``--format github`` would pin
to a line of a binary file).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from attachment_builders import EMAIL, PERSON, docx, para, text_op, write_pdf
from click.testing import CliRunner

from foilog.commands.cli import main


def scan(*paths: Path, fmt: str = "json") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["scan", "--format", fmt, *map(str, paths)], catch_exceptions=False)
    return result.exit_code, result.output


def findings(*paths: Path) -> list[dict]:
    code, out = scan(*paths)
    assert code == 1, out
    return [f for f in json.loads(out)["findings"] if f["category"] == "personal-data"]


def test_spreadsheet_findings_name_the_sheet_and_cell(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    wb = openpyxl.Workbook()
    wb.properties.creator = None
    first = wb.active
    first.title = "First"
    first.append(["Ward", "Contact"])
    first["A10"] = "North"
    first["B10"] = EMAIL
    second = wb.create_sheet("Second")
    second["A5"] = "Reference"
    second["B5"] = "FOI-1"
    second["C5"] = "NI number AB 12 34 56 C"
    wb.save(tmp_path / "book.xlsx")
    found = findings(tmp_path / "book.xlsx")
    assert {f["rule"] for f in found} == {"email", "ni-number"}
    email = next(f for f in found if f["rule"] == "email")
    assert email["line"] is None and email["page"] is None
    assert email["message"].startswith("sheet First, cell B10: ")
    ni = next(f for f in found if f["rule"] == "ni-number")
    assert ni["message"].startswith("sheet Second, cell C5: ")
    _code, out = scan(tmp_path / "book.xlsx", fmt="github")
    assert ",line=" not in out and "sheet First, cell B10" in out


def test_word_findings_name_the_paragraph(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    body = para("Dear requester,") + para("We hold the information.") + para(f"Write to {EMAIL} with questions.")
    found = findings(docx(tmp_path / "letter.docx", body))
    assert [(f["rule"], f["line"]) for f in found] == [("email", None)]
    assert found[0]["message"].startswith("paragraph 3: ")


def test_pdf_findings_have_the_page_and_no_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    pdf = write_pdf(tmp_path / "letter.pdf", [text_op(72, 700, "Cover"), text_op(72, 700, "Intro") + text_op(72, 680, f"Dear {PERSON},")])
    found = findings(pdf)
    assert [(f["rule"], f["page"], f["line"]) for f in found] == [("salutation-name", 2, None)]
    _code, out = scan(pdf, fmt="github")
    assert ",line=" not in out and "page 2: " in out
