"""`--unmask`: excerpts as written on the editor's own terminal; refused in CI and in machine formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from foilog.commands.cli import main
from foilog.commands.terminal import running_in_ci
from foilog.commands.unmask import unmask
from foilog.log.findings import Finding

TEXT = "Dear Jane Smith,\nwrite to jane.smith@gmail.com or call\n07700 900123 today.\n"


@pytest.fixture
def letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "letter.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_scan_masks_by_default_and_unmasks_on_request(letter: Path) -> None:
    code, out = _run("scan", "letter.txt")
    assert code == 1 and "jane.smith@gmail.com" not in out and "j***@gmail.com" in out
    code, out = _run("scan", "--unmask", "letter.txt")
    assert code == 1
    assert "[jane.smith@gmail.com]" in out and "[07700 900123]" in out and "***" not in out


@pytest.mark.parametrize("variable", ["CI", "GITHUB_ACTIONS"])
def test_unmask_is_refused_in_ci(letter: Path, monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv(variable, "true")
    code, out = _run("scan", "--unmask", "letter.txt")
    assert code == 2
    assert "--unmask is refused in CI" in out and "jane.smith" not in out


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_unmask_is_refused_with_machine_formats(letter: Path, fmt: str) -> None:
    code, out = _run("scan", "--unmask", "--format", fmt, "letter.txt")
    assert code == 2 and f"--unmask is refused with --format {fmt}" in out and "jane.smith" not in out


def test_json_output_stays_masked_without_unmask(letter: Path) -> None:
    _code, out = _run("scan", "--format", "json", "letter.txt")
    assert {f["excerpt"] for f in json.loads(out)["findings"]} >= {"j***@gmail.com"}


def test_ci_detection_ignores_empty_and_false() -> None:
    assert running_in_ci({"CI": "true"}) and running_in_ci({"GITHUB_ACTIONS": "1"})
    assert not running_in_ci({}) and not running_in_ci({"CI": ""}) and not running_in_ci({"CI": "false"})


def test_an_ambiguous_or_binary_excerpt_stays_masked(tmp_path: Path) -> None:
    text = tmp_path / "t.md"
    text.write_text("Jane Smith and June Smyth\n", encoding="utf-8")
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 Jane Smith")
    findings = [Finding("t.md", line=1, excerpt="J*** S****"), Finding("a.pdf", line=1, excerpt="J*** S****")]
    shown = unmask(findings, {"t.md": text, "a.pdf": pdf})
    assert [f.excerpt for f in shown] == ["J*** S****", "J*** S****"]
    text.write_text("Jane Smith and someone else\n", encoding="utf-8")
    assert unmask(findings[:1], {"t.md": text})[0].excerpt == "Jane Smith"
