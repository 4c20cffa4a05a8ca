"""`foilog scan` sniffs files named as text: a PDF or workbook renamed .csv/.txt is a type mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from attachment_builders import text_op, write_pdf
from click.testing import CliRunner

from foilog.commands.cli import main


def scan_json(*paths: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["scan", "--format", "json", *map(str, paths)], catch_exceptions=False)
    return result.exit_code, json.loads(result.output)


def test_pdf_and_workbook_renamed_as_text_are_type_mismatches(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    pdf = write_pdf(tmp_path / "a.pdf", [text_op(72, 700, "Hello")])
    renamed_pdf = tmp_path / "routes.csv"
    renamed_pdf.write_bytes(pdf.read_bytes())
    renamed_xlsx = tmp_path / "notes.txt"
    openpyxl.Workbook().save(renamed_xlsx)
    code, data = scan_json(renamed_pdf, renamed_xlsx)
    assert code == 1
    found = {(Path(f["path"]).name, f["rule"], f["category"]) for f in data["findings"]}
    assert found == {("routes.csv", "unsafe-type-mismatch", "unsafe-file"), ("notes.txt", "unsafe-type-mismatch", "unsafe-file")}
    messages = " ".join(f["message"] for f in data["findings"])
    assert "a PDF" in messages and "zip-based Office file" in messages and "UTF-8" not in messages


def test_text_that_mentions_the_pdf_signature_is_still_text(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    note = tmp_path / "about-pdf.md"
    note.write_text("# Notes\n\nA PDF file starts with %PDF-1.7 on its first line.\n", encoding="utf-8")
    csv = tmp_path / "plain.csv"
    csv.write_text("route,roads\nA,B1234\n", encoding="utf-8")
    code, data = scan_json(note, csv)
    assert code == 0 and data["findings"] == []
