"""The real-world case: the Metropolitan Police letter FOI 01/FOI/19/011430, as TXT and as PDF.

The fixture is based on a real Met Police response, names replaced: the
requester ("Mr Exampleford") and the officer ("Alex O'Sample") are fictional, and
the PDF is printed from the TXT (see tests/fixtures/letters/README.md).

Its request has questions 1, 1a-1f, 2, 2a, 2b, 3, 4; the answers section
repeats each question with the answer under it, but prints 2b as a second
"a." - the import matches repeated questions by wording, so that answer goes
to 2b (and the report says so). It applies s24(2) and s31(3) to neither
confirm nor deny. The requester's name must not survive anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from letter_builders import MET_LETTER, text_pdf_bytes
from logbuilder import TODAY_ARG, LogBuilder

from foilog.commands.cli import main as foilog_main
from foilog.commands.importer import ReadLimits, draft_from_lines, read_letter, render_markdown, render_yaml
from foilog.commands.importer.command import import_command
from foilog.gate.leakgate import make_gate

LETTERS = Path(__file__).parent / "fixtures" / "letters"
FOLDER = Path("responses/2019/01-foi-19-011430")


def test_met_pdf_is_printed_from_the_txt() -> None:
    """The PDF holds the TXT's text and nothing else (no trace of the real letter's names)."""
    assert (LETTERS / "met-01-FOI-19-011430.pdf").read_bytes() == text_pdf_bytes(MET_LETTER.read_text("utf-8")), (
        "the PDF is out of date: see tests/fixtures/letters/README.md to print it again"
    )


def test_met_pdf_and_txt_give_the_same_response() -> None:
    """Five paragraphs of the PDF run over a page break; re-joined, it reads exactly as the TXT."""
    drafts = []
    for name in ("met-01-FOI-19-011430.txt", "met-01-FOI-19-011430.pdf"):
        lines = read_letter(LETTERS / name, ReadLimits(sandbox=False)).lines
        draft = draft_from_lines(lines, gate=make_gate(None), wording="Requester", topics={})
        drafts.append((render_yaml(draft, "schema.json", []), render_markdown(draft.body)))
    assert drafts[0] == drafts[1]
    assert "London\nSW6 1SF\nfoi@met.police.uk" in drafts[0][1]  # an address, not a heading "## Sw6 1sf"


def _cli() -> click.Group:
    group = click.Group(commands={**foilog_main.commands})
    group.add_command(import_command, "import")
    return group


@pytest.fixture(params=["met-01-FOI-19-011430.txt", "met-01-FOI-19-011430.pdf"])
def imported(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    builder = LogBuilder(tmp_path / "log")
    monkeypatch.chdir(builder.root)
    result = CliRunner().invoke(_cli(), ["import", str(LETTERS / request.param), "--today", TODAY_ARG])
    assert result.exit_code == 0, result.output
    return builder.root, result.output


def test_met_letter_passes_foilog_check_once_the_guesses_are_confirmed(imported: tuple[Path, str]) -> None:
    root, _ = imported
    result = CliRunner().invoke(_cli(), ["check", "--today", TODAY_ARG, "--strict"])
    assert result.exit_code == 1, result.output  # the draft's guesses are not confirmed yet
    assert "0 errors" in result.output and "outcome: value guessed by the importer" in result.output
    yml = root / FOLDER / "response.yml"
    yml.write_text(re.sub(r"\s*# guessed.*$", "", yml.read_text("utf-8"), flags=re.MULTILINE), encoding="utf-8")
    result = CliRunner().invoke(_cli(), ["check", "--today", TODAY_ARG, "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_met_letter_fields(imported: tuple[Path, str]) -> None:
    root, _ = imported
    data = yaml.safe_load((root / FOLDER / "response.yml").read_text("utf-8"))
    assert data["reference"] == "01/FOI/19/011430"
    assert str(data["responded"]) == "2019-12-16"
    assert str(data["received"]) == "2019-09-06"
    assert data["regime"] == "FOIA"
    assert [q["number"] for q in data["questions"]] == ["1", "1a", "1b", "1c", "1d", "1e", "1f", "2", "2a", "2b", "3", "4"]
    assert [{k: e[k] for k in ("section", "ncnd")} for e in data["exemptions"]] == [
        {"section": "s24(2)", "ncnd": True},
        {"section": "s31(3)", "ncnd": True},
    ]
    assert all("On weighing up the competing interests" in e["public_interest"] for e in data["exemptions"])
    assert data["topics"] == ["policing-technology"]
    answers = {q["number"]: q["answer"] for q in data["questions"]}
    assert answers["2b"].startswith("In respect of KCES no images have been retained")
    assert answers["2a"].startswith("Yes.")
    assert answers["1b"].startswith("Chief Inspector")
    outcomes = {q["number"]: q["outcome"] for q in data["questions"]}
    assert outcomes["1d"] == outcomes["3"] == "not-held" and outcomes["1"] == "granted-in-full"
    assert data["outcome"] == "granted-in-part"


def test_met_letter_yaml_marks_guesses_and_schema(imported: tuple[Path, str]) -> None:
    root, _ = imported
    text = (root / FOLDER / "response.yml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/response.schema.json\n")
    assert "outcome: granted-in-part  # guessed:" in text
    assert "ncnd: true  # guessed:" in text
    assert "topics:  # guessed:" in text
    assert "received: 2019-09-06\n" in text  # read from the letter, not guessed
    body = (root / FOLDER / "response.md").read_text("utf-8")
    assert body.startswith("Dear Requester\n")
    assert "## Reasons for decision" in body and "## Complaint rights" in body


def test_met_letter_no_trace_of_the_requester_or_staff_contact(imported: tuple[Path, str]) -> None:
    root, output = imported
    for path in (root / FOLDER).rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8").lower()
            assert "exampleford" not in text, path
            assert "o'sample" not in text and "alex" not in text, path
    assert "Information Rights Unit" in (root / FOLDER / "response.md").read_text("utf-8")
    assert "exampleford" not in output.lower() and "alex" not in output.lower()
    assert "labelled" not in output
    assert "check: the letter repeats question 2b with the label 'a'" in output
    assert "leak gate: no personal data found" in output
