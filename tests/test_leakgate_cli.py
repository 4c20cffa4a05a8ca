"""The leak gate through the command line: `foilog scan`, `foilog check` on the sample log."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sitetools import REPO

from foilog.commands.cli import main

LETTER = REPO / "tests" / "fixtures" / "letters" / "met-01-FOI-19-011430.txt"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_scan_of_the_met_letter_reports_requester_and_officer_only(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    code, out = _run("scan", "--format", "json", str(LETTER))
    assert code == 1
    data = json.loads(out)
    assert data["files_scanned"] == 1
    found = {(f["rule"], f["line"], f["excerpt"], f["severity"]) for f in data["findings"]}
    assert found == {
        ("salutation-name", 17, "E**********", "error"),
        ("email", 208, "A***@met.police.uk", "error"),
        ("signature-name", 212, "A*** O'S*****", "warning"),
    }
    assert all(f["category"] == "personal-data" for f in data["findings"])
    # Masked everywhere: the full values never reach the output.
    assert "Exampleford" not in out and "Alex" not in out and "Sample" not in out


def test_scan_github_format_annotates_lines(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    code, out = _run("scan", "--format", "github", str(LETTER))
    assert code == 1
    assert "::error file=" in out and ",line=17,title=salutation-name::" in out
    assert "Exampleford" not in out


def test_sample_log_passes_check_with_its_acknowledgement_visible(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    code, out = _run("check", "--strict", "--today", "2026-11-26")
    assert code == 0, out
    # The sample's table PDF is untagged: advice, counted apart, which --strict lets through.
    assert out.rstrip().endswith("0 errors, 0 warnings, 1 acknowledged, 1 accessibility advisory")
    assert "cameras-by-ward.pdf: the PDF is not fully accessible" in out and "(advice: pdf-not-accessible)" in out
    assert "responses/2020/foi-2020-00412/response.md:29:" in out and "(acknowledged: The trust publishes" in out


def test_deny_list_finds_a_known_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    names = tmp_path / "requesters.txt"
    names.write_text("# requester names from the case system\nAlex Fictional-Person\n", encoding="utf-8")
    text = tmp_path / "letter.md"
    text.write_text("Thank you for your request.\n\nAs ALEX  FICTIONAL-PERSON asked, we enclose the table.\n", encoding="utf-8")
    code, out = _run("scan", "--deny-list", str(names), str(text))
    assert code == 1 and "deny-list" in out and ":3:" in out
    code, _ = _run("scan", "--deny-list", str(tmp_path / "missing.txt"), str(text))
    assert code == 2
