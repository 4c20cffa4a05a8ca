"""``foilog import --report``: a Markdown report per letter (found, guessed, removed, needs a human), never the removed values."""

from __future__ import annotations

from pathlib import Path

import pytest
from letter_builders import NHS_TRUST, run_import, write_letter
from logbuilder import DEFAULT_OPTIONS, LogBuilder
from test_import_authority import OPTIONS

from foilog.commands.importer.report import code

MET = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.txt"
BINS = [
    "Our ref: FOI-77",
    "Date: 1 March 2024",
    "",
    "Dear Mr Sampleton",
    "",
    "You asked:",
    "",
    "1. How many bins are there?",
    "2. How many bin lorries are there?",
]


def _sections(report: str) -> dict[str, str]:
    """The report's letter sections by heading (``## `letter```)."""
    parts = report.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part for part in parts}


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    builder = LogBuilder(tmp_path / "log", options=OPTIONS)
    monkeypatch.chdir(builder.root)
    bins = write_letter(tmp_path / "bins.txt", BINS)
    path = tmp_path / "report.md"
    code_, output = run_import(str(MET), str(bins), str(tmp_path / "missing.pdf"), "--report", str(path))
    assert code_ == 1, output  # one letter failed
    assert "Report written to" in output
    return path.read_text("utf-8")


def test_report_has_a_section_per_letter_with_the_four_parts(report: str) -> None:
    assert report.startswith("# Import report\n\nImported 2, failed 1, skipped 0 (of 3 letters).\n")
    sections = _sections(report)
    assert [heading.rsplit("/", 1)[-1] for heading in sections] == ["met-01-FOI-19-011430.txt`", "bins.txt`", "missing.pdf`"]
    met, bins, missing = sections.values()
    for part in ("### Found", "### Guessed", "### Removed", "### Needs a human"):
        assert part in met and part in bins
    assert "Not imported (failed)." in missing and "- no such file" in missing
    assert "found: reference" not in report  # not the console text


def test_report_found_and_guessed_name_the_values(report: str) -> None:
    met, _, _ = _sections(report).values()
    assert "- Reference: `01/FOI/19/011430`" in met and "- Responded: 2019-12-16" in met and "- Regime: FOIA" in met
    assert "- Authority: `Metropolitan Police Service` (`metropolitan-police`), recognised in the letter" in met
    assert "- Questions: 1, 1a, 1b, 1c, 1d, 1e, 1f, 2, 2a, 2b, 3, 4" in met
    guessed = met.split("### Guessed", 1)[1].split("### Removed", 1)[0]
    assert "- outcome: `granted-in-part` (from the wording of the letter and the answers)" in guessed
    assert "- topics: `policing-technology`" in guessed
    assert "- authority: `metropolitan-police` ('Metropolitan Police Service' in the letter's own sentences" in guessed
    assert "- exemption s24(2): neither confirm nor deny" in guessed
    assert "- title: `" in guessed


def test_report_lists_what_was_removed_by_kind_never_the_values(report: str) -> None:
    met, bins, _ = _sections(report).values()
    removed = met.split("### Removed", 1)[1].split("###", 1)[0]
    assert "- the requester's name: in the salutation" in removed and "- staff names in the signature: 1" in removed
    lowered = report.lower()
    assert "exampleford" not in lowered and "sampleton" not in lowered and "o'sample" not in lowered
    assert "- the requester's name: in the salutation" in bins


def test_report_says_what_needs_a_human(report: str) -> None:
    met, bins, _ = _sections(report).values()
    needs = bins.split("### Needs a human", 1)[1]
    assert "- empty answers (marked `# TODO` in the file): 2 questions 1, 2" in needs
    assert "- authority: fell back to the site's default, Northshire County Council (fictional) (northshire-council)" in needs
    assert "- no received date found" in needs
    assert "- check: the letter repeats question 2b with the label 'a'" in met


def test_report_of_a_fallback_in_a_log_without_the_authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = LogBuilder(tmp_path / "log", options=DEFAULT_OPTIONS)
    monkeypatch.chdir(builder.root)
    letter = write_letter(tmp_path / "nhs.txt", NHS_TRUST.entries)
    path = tmp_path / "report.md"
    assert run_import(str(letter), "--report", str(path))[0] == 0
    text = path.read_text("utf-8")
    assert "- Authority: `Northshire County Council (fictional)` (`northshire-council`), not recognised: the site's default" in text


def test_report_inside_the_responses_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = LogBuilder(tmp_path / "log")
    monkeypatch.chdir(builder.root)
    code_, output = run_import(str(MET), "--report", "responses/report.md")
    assert code_ == 2 and "is inside the responses folder responses; write it outside the log. Nothing was imported" in output
    assert list(builder.responses.iterdir()) == []


def test_code_spans_hold_backticks_and_newlines() -> None:
    assert code("a `b` c") == "``a `b` c``"
    assert code("`x`") == "`` `x` ``"
    assert code("one\ntwo\x1b") == "`one two\\x1b`"
