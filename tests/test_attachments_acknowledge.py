"""Document-property findings can be acknowledged in response.yml by the property's value."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from attachment_builders import text_op, write_pdf
from click.testing import CliRunner
from logbuilder import TODAY_ARG, LogBuilder, variant

from foilog.commands.cli import main

AUTHOR = "Information Rights Unit"


def pdf_bytes(tmp_path: Path, author: str = AUTHOR) -> bytes:
    path = write_pdf(tmp_path / "made.pdf", [text_op(72, 700, "Gritting routes")], tweak=lambda w: w.add_metadata({"/Author": author}))
    return path.read_bytes()


def xlsx_bytes(creator: str | None = None) -> bytes:
    wb = openpyxl.Workbook()  # openpyxl records itself as the creator (a placeholder: never reported)
    if creator is not None:
        wb.properties.creator = creator
    wb.active.append(["Route", "Roads"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def log_with(tmp_path: Path, name: str, data: bytes, acknowledgements: str) -> Path:
    yml = variant("  - path: attachments/gritting-routes.csv\n", f"  - path: attachments/{name}\n") + acknowledgements
    builder = LogBuilder(tmp_path / "log")
    builder.valid(yml, attachments={f"attachments/{name}": data})
    return builder.root


def check(root: Path, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--strict", "--today", TODAY_ARG], catch_exceptions=False)
    return result.exit_code, result.output


def test_pdf_author_warning_blocks_strict_until_acknowledged(tmp_path: Path, monkeypatch) -> None:
    root = log_with(tmp_path / "a", "routes.pdf", pdf_bytes(tmp_path), "")
    code, out = check(root, monkeypatch)
    assert code == 1 and "pdf-metadata" in out, out
    ack = f"acknowledgements:\n  - text: {AUTHOR}\n    reason: Our team's name is public.\n"
    root = log_with(tmp_path / "b", "routes.pdf", pdf_bytes(tmp_path), ack)
    code, out = check(root, monkeypatch)
    assert code == 0, out
    assert "(acknowledged: Our team's name is public.)" in out and "pdf-metadata" in out


def test_acknowledging_another_value_does_not_cover_the_property(tmp_path: Path, monkeypatch) -> None:
    ack = "acknowledgements:\n  - text: Someone Else\n    reason: Not this one.\n"
    root = log_with(tmp_path, "routes.pdf", pdf_bytes(tmp_path), ack)
    code, out = check(root, monkeypatch)
    assert code == 1 and "acknowledged" not in out.split("checked:")[0], out


def test_a_creator_property_can_be_acknowledged_for_its_rule(tmp_path: Path, monkeypatch) -> None:
    ack = "acknowledgements:\n  - text: Highways Team\n    rule: xlsx-properties\n    reason: The team that wrote the file.\n"
    root = log_with(tmp_path, "routes.xlsx", xlsx_bytes("Highways Team"), ack)
    code, out = check(root, monkeypatch)
    assert code == 0, out
    assert "(acknowledged: The team that wrote the file.)" in out


def test_a_tool_name_as_creator_is_not_reported(tmp_path: Path, monkeypatch) -> None:
    root = log_with(tmp_path, "routes.xlsx", xlsx_bytes(), "")
    code, out = check(root, monkeypatch)  # --strict: a warning would fail it
    assert code == 0 and "xlsx-properties" not in out, out
