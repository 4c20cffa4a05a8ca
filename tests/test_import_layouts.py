"""Letter layouts the import must read: Markdown letters, an answers heading, text after the last answer.

Whatever the import cannot place in response.yml stays in response.md: no
line of the letter is lost. All letters are fictional.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from letter_builders import pdf_bytes, write_letter
from logbuilder import TODAY, LogBuilder

from foilog.commands.importer import IMPORTED, ReadLimits, import_letters
from foilog.commands.importer.markdown import Heading, markdown_lines
from foilog.engine.mkdocs_config import load_project

MARKDOWN_LETTER = """\
# Northshire County Council (fictional)

**Our Ref:** FOI/2022/0001\\
**Date:** 4 May 2022

Dear Ms Doughty

Thank you for your request, received on *6 April 2022*, which we have dealt with under the
Freedom of Information Act 2000.

## Your request

1. How many libraries does the Council run?
2. How many of them opened on Sundays in 2021?

## Our response

1. The Council runs **14** libraries.
2. Three libraries opened on Sundays in 2021:
   * Northtown Central
   * Eastmoor

## Your right to complain

If you are unhappy with this response, you may ask for an internal review.

Yours sincerely

Kim Placeholder
Information Rights
"""


def _import(tmp_path: Path, letter: Path) -> tuple[dict, str, str]:
    builder = LogBuilder(tmp_path / "log")
    run = import_letters([letter], load_project(builder.config), today=TODAY, limits=ReadLimits(sandbox=False))
    result = run.results[0]
    assert result.status == IMPORTED, result.message
    assert result.folder is not None
    data = yaml.safe_load((result.folder / "response.yml").read_text("utf-8"))
    return data, (result.folder / "response.md").read_text("utf-8"), result


def test_markdown_letter_fields_and_headings(tmp_path: Path) -> None:
    letter = tmp_path / "libraries.md"
    letter.write_text(MARKDOWN_LETTER, encoding="utf-8")
    data, body, result = _import(tmp_path, letter)
    assert data["reference"] == "FOI/2022/0001"
    assert data["responded"] == dt.date(2022, 5, 4) and "responded" not in result.draft.guessed
    assert data["received"] == dt.date(2022, 4, 6)
    assert [(q["number"], q["answer"]) for q in data["questions"]] == [
        ("1", "The Council runs 14 libraries."),
        ("2", "Three libraries opened on Sundays in 2021:\n\n- Northtown Central\n\n- Eastmoor"),
    ]
    assert "## Your request\n" in body and "## Our response\n" in body and "## Your right to complain\n" in body
    assert "\\#" not in body and "**" not in body
    assert body.startswith("Dear Requester\n") and "Doughty" not in body
    assert "If you are unhappy with this response, you may ask for an internal review." in body


def test_markdown_lines() -> None:
    lines = markdown_lines(
        ["Title", "=====", "", "### Sub", "", "* one", "+ two", "---", r"\# not a heading, **bold** and _em_ and `code`"]
    )
    assert lines == ["Title", "", "Sub", "", "- one", "- two", "", "# not a heading, bold and em and code"]
    assert [(line, line.level) for line in lines if isinstance(line, Heading)] == [("Title", 1), ("Sub", 3)]


HEAD = ["Westshire Police (fictional)", "Our reference: 2024/FOI/0311", "Date: 7 June 2024", "", "Dear Mr Sampleford", "",
        "Your request, received on 10 May 2024, has been considered under the Freedom of Information Act 2000.", ""]  # fmt: skip
AFTER = [
    "",
    "If you are unhappy with this response, you can ask for an internal review within 40 working days.",
    "",
    "If you disagree with the outcome of the review, you have the right to complain to the Information Commissioner.",
    "",
    "Yours sincerely",
    "",
    "Sam Placeholder-Jones",
    "Freedom of Information Unit",
]


@pytest.mark.parametrize("ext", [".txt", ".pdf", ".docx"])
def test_one_question_answered_under_an_our_answer_heading(tmp_path: Path, ext: str) -> None:
    entries = [*HEAD, "You asked:", "", "1. How many speed cameras does the force operate?", "", "Our answer", "",
               "1. The force operates 23 fixed speed cameras.", *AFTER]  # fmt: skip
    data, body, _ = _import(tmp_path, write_letter(tmp_path / f"cameras{ext}", entries))
    assert [(q["number"], q["answer"]) for q in data["questions"]] == [("1", "The force operates 23 fixed speed cameras.")]
    assert "Our answer" in body
    assert "you can ask for an internal review" in body and "complain to the Information Commissioner" in body


def test_text_after_the_last_numbered_answer_stays_in_the_letter(tmp_path: Path) -> None:
    entries = [*HEAD, "You asked:", "", "1. How many speed cameras does the force operate?", "2. How many fines did they lead to in 2023?",
               "", "RESPONSE", "", "1. The force operates 23 fixed speed cameras.", "2. They led to 41,250 fines in 2023.", "",
               "Should you wish to appeal, please write to the address above, quoting your reference.", *AFTER]  # fmt: skip
    data, body, _ = _import(tmp_path, write_letter(tmp_path / "cameras.txt", entries))
    answers = {q["number"]: q["answer"] for q in data["questions"]}
    assert answers == {"1": "The force operates 23 fixed speed cameras.", "2": "They led to 41,250 fines in 2023."}
    assert "Should you wish to appeal" in body and "you can ask for an internal review" in body


def test_text_after_the_last_interleaved_answer_stays_in_the_letter(tmp_path: Path) -> None:
    entries = [*HEAD, "Q1 How many speed cameras does the force operate?", "A1 The force operates 23 fixed speed cameras.", "",
               "Q2 How many fines did they lead to in 2023?", "A2 They led to 41,250 fines in 2023.", "",
               "Fines paid go to the Treasury, not to the force.", "",
               "You may request an internal review of this decision by writing to us within 40 working days.",
               "", "Yours sincerely", "", "Sam Placeholder-Jones"]  # fmt: skip
    data, body, _ = _import(tmp_path, write_letter(tmp_path / "cameras.txt", entries))
    answers = {q["number"]: q["answer"] for q in data["questions"]}
    assert answers == {
        "1": "The force operates 23 fixed speed cameras.",
        "2": "They led to 41,250 fines in 2023.\n\nFines paid go to the Treasury, not to the force.",
    }
    assert "You may request an internal review of this decision" in body


def test_every_line_of_the_letter_is_kept_somewhere(tmp_path: Path) -> None:
    """Each paragraph of the letter is in response.yml or response.md (except the removed name and signature)."""
    entries = [*HEAD, "You asked:", "", "1. How many speed cameras does the force operate?", "", "Our answer", "",
               "1. The force operates 23 fixed speed cameras.", *AFTER]  # fmt: skip
    letter = tmp_path / "cameras.pdf"
    letter.write_bytes(pdf_bytes(entries))
    data, body, _ = _import(tmp_path, letter)
    kept = yaml.safe_dump(data, width=10_000) + body
    for entry in entries[HEAD.index("Dear Mr Sampleford") + 1 :]:  # the letterhead above "Dear" is not published
        if entry.strip() and "Placeholder" not in entry:
            assert entry.rstrip(".:") in kept or entry.split(". ", 1)[-1] in kept, entry
