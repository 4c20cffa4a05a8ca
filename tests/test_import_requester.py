"""The requester's identity: learnt from the salutation and the address block, removed in every form.

All names are fictional. Each case is a letter that a redaction learning the
name only from "Dear ..." would leave carrying the name somewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from letter_builders import run_import, write_letter
from logbuilder import DEFAULT_OPTIONS, LogBuilder

from foilog.commands.importer.redact import redact_letter
from foilog.gate.leakgate import make_gate

HEADER = ["Northshire County Council (fictional)", "Our ref: FOI-2024-0099", "Date: 2 May 2024", ""]
ADDRESS = ["Ms Jane Doughty", "12 Sample Road", "Northtown", "NT1 2AB", ""]
BODY = [
    "",
    "Thank you for your request of 3 April 2024.",
    "Jane previously asked about the same bins, and Ms J. Doughty wrote again in March.",
    "The case is filed under DOUGHTY, JANE and under Doughty, Jane.",
    "JANE DOUGHTY and Mrs Doughty's neighbour were both sent a copy; Jane's reply is awaited.",
]


def _redact(lines: list[str], wording: str = "Requester") -> tuple[str, list[str], object]:
    out, result, _ = redact_letter(lines, make_gate(None), wording)
    return "\n".join(out), out, result


def test_address_block_teaches_the_first_name() -> None:
    text, out, result = _redact([*HEADER, *ADDRESS, "Dear Ms Doughty", *BODY])
    assert "jane" not in text.lower() and "doughty" not in text.lower(), text
    assert "Dear Requester" in out
    assert "Requester previously asked about the same bins, and Requester wrote again in March." in out
    assert "The case is filed under Requester and under Requester." in out
    assert "Requester and Requester's neighbour were both sent a copy; Requester's reply is awaited." in out
    assert "Northshire County Council (fictional)" in text and "Date: 2 May 2024" in text
    assert result.in_salutation and result.address_lines == 4
    assert set(result.names) == {"Jane Doughty", "Jane", "Doughty"}
    assert "Doughty" not in repr(result)  # the learnt names never reach a report


def test_first_name_salutation_with_an_untitled_address_block() -> None:
    text, out, _ = _redact([*HEADER, "Jane Doughty", "12 Sample Road", "Northtown NT1 2AB", "", "Dear Jane,", *BODY])
    assert "jane" not in text.lower() and "doughty" not in text.lower(), text
    assert "Dear Requester," in out and "12 Sample Road" not in text


def test_sir_or_madam_letter_loses_the_name_in_its_address_block() -> None:
    lines = [*HEADER, "Mr Tomasz Sampleford", "3 Mock Lane", "Testbury", "TB2 4XY", "", "Dear Sir or Madam", "",
             "Mr Sampleford asked for the minutes; Tomasz Sampleford also asked for the agenda.",
             "SAMPLEFORD, TOMASZ is the name on the file. Tomasz will receive both."]  # fmt: skip
    text, out, result = _redact(lines)
    assert "sampleford" not in text.lower() and "tomasz" not in text.lower(), text
    assert "Dear Sir or Madam" in out and "Mock Lane" not in text
    assert "Requester asked for the minutes; Requester also asked for the agenda." in out
    assert result.name_found and not result.in_salutation


def test_a_name_that_is_also_a_word_is_removed_only_as_a_name() -> None:
    lines = [*HEADER, "Mr Will Sampleton", "4 Fake Street", "Northtown NT1 2AB", "", "Dear Will", "",
             "We will reply by 30 May. Will asked for the data by ward; WILL SAMPLETON signed the request."]  # fmt: skip
    text, _, result = _redact(lines)
    assert "We will reply by 30 May. Requester asked for the data by ward; Requester signed the request." in text
    assert "Will" not in result.names and "Sampleton" in result.names  # "will" would be reported everywhere


def test_a_group_named_after_the_requester_does_not_make_its_words_names() -> None:
    lines = [*HEADER, "Doughty Bins Campaign", "4 Fake Street", "Northtown NT1 2AB", "", "Dear Ms Doughty", "",
             "The Campaign asked when Bins are collected; Ms Doughty asked too."]  # fmt: skip
    text, out, result = _redact(lines)
    assert "The Campaign asked when Bins are collected; Requester asked too." in out
    assert "Fake Street" not in text and result.names == ("Doughty",)


def test_report_names_a_requester_name_the_redaction_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = LogBuilder(tmp_path / "log")
    monkeypatch.chdir(builder.root)
    entries = [*HEADER, *ADDRESS, "Dear Ms Doughty", "", "Thank you for your request of 3 April 2024.", "",
               "You asked:", "", "1. How many bins does the Council empty each week?", "",
               "Our answer", "", "1. The Council empties 41,000 bins a week.", "",
               "Your campaign page at northshire.example/doughty/bins is linked from our site."]  # fmt: skip
    code, output = run_import(str(write_letter(tmp_path / "bins.txt", entries)))
    assert code == 0, output
    assert "leak gate: no personal data found" not in output
    assert "leak gate: 1 finding left for the reviewer:" in output and "deny-list (error) [d******]" in output
    assert "the requester's name (salutation, and 0 other mentions)" in output
    assert "doughty" not in output.lower() and "jane" not in output.lower()


def test_configured_requester_wording_replaces_the_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = LogBuilder(tmp_path / "log", options={**DEFAULT_OPTIONS, "requester_wording": "Applicant"})
    monkeypatch.chdir(builder.root)
    entries = [*HEADER, *ADDRESS, "Dear Ms Doughty", *BODY]
    code, output = run_import(str(write_letter(tmp_path / "letter.txt", entries)))
    assert code == 0, output
    body = (builder.responses / "2024" / "foi-2024-0099" / "response.md").read_text("utf-8")
    assert body.startswith("Dear Applicant\n")
    assert "Applicant previously asked about the same bins, and Applicant wrote again in March." in body
    assert "Requester" not in body and "doughty" not in body.lower()
