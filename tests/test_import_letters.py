"""Six fictional letters, each written as PDF and as DOCX (and TXT), imported through the API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from letter_builders import LETTERS, Letter, write_letter
from logbuilder import TODAY, LogBuilder

from foilog.commands.importer import IMPORTED, ReadLimits, import_letters
from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log

CASES = [(letter, ext) for letter in LETTERS for ext in (".pdf", ".docx", ".txt")]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every letter in every format, each into its own project (one sandbox run per project)."""
    out: dict[tuple[str, str], Path] = {}
    base = tmp_path_factory.mktemp("letters")
    for ext in (".pdf", ".docx", ".txt"):
        root = base / ext.strip(".")
        builder = LogBuilder(root)
        files = [write_letter(base / "in" / f"{letter.name}{ext}", letter.entries) for letter in LETTERS]
        run = import_letters(files, load_project(builder.config), today=TODAY, limits=ReadLimits())
        assert [r.status for r in run.results] == [IMPORTED] * len(LETTERS), [r.message for r in run.results]
        for letter, result in zip(LETTERS, run.results, strict=True):
            assert result.folder is not None
            out[(letter.name, ext)] = result.folder
    return out


@pytest.mark.parametrize(("letter", "ext"), CASES, ids=[f"{c[0].name}{c[1]}" for c in CASES])
def test_letter_fields(imported: dict[tuple[str, str], Path], letter: Letter, ext: str) -> None:
    folder = imported[(letter.name, ext)]
    assert folder.name == letter.slug and folder.parent.name == letter.responded[:4]
    data = yaml.safe_load((folder / "response.yml").read_text("utf-8"))
    assert data["reference"] == letter.reference
    assert data["responded"] == dt.date.fromisoformat(letter.responded)
    assert data["received"] == dt.date.fromisoformat(letter.received)
    assert data["regime"] == letter.regime
    assert [q["number"] for q in data["questions"]] == letter.numbers
    assert {e["section"]: e.get("ncnd", False) for e in data["exemptions"]} == letter.exemptions
    assert data["outcome"] == letter.outcome
    assert data["topics"] == letter.topics
    assert all(q["answer"] for q in data["questions"])


@pytest.mark.parametrize(("letter", "ext"), CASES, ids=[f"{c[0].name}{c[1]}" for c in CASES])
def test_requester_removed(imported: dict[tuple[str, str], Path], letter: Letter, ext: str) -> None:
    folder = imported[(letter.name, ext)]
    for path in folder.rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            assert letter.requester.lower() not in text.lower(), path
            assert "@example.com" not in text
    assert (folder / "response.md").read_text("utf-8").startswith("Dear Requester")


def test_imported_letters_are_valid_responses(imported: dict[tuple[str, str], Path]) -> None:
    """Each project loads without schema errors: only reviewer warnings (topics) may remain."""
    for root in {folder.parents[2] for folder in imported.values()}:
        log = load_log(load_project(root / "mkdocs.yml"), TODAY)
        errors = [f.as_text() for f in log.findings if f.is_error]
        assert errors == [] and len(log.responses) == len(LETTERS)


def test_specific_answers(imported: dict[tuple[str, str], Path]) -> None:
    def questions(name: str, ext: str = ".docx") -> dict[str, dict]:
        data = yaml.safe_load((imported[(name, ext)] / "response.yml").read_text("utf-8"))
        return {q["number"]: q for q in data["questions"]}

    council = questions("council-eir", ".pdf")
    assert council["2b"]["exemptions"] == ["reg12(5)(a)"] and council["2b"]["outcome"] == "refused"
    assert council["1"]["answer"].startswith("The Council spread 8,450 tonnes")
    scottish = questions("scottish-foisa")
    assert scottish["3"]["exemptions"] == ["s38(1)(b)"]
    cost = questions("cost-limit", ".txt")
    assert {q["outcome"] for q in cost.values()} == {"cost-limit"}
    assert "exceeds the appropriate limit" in cost["2"]["answer"]
    text = (imported[("cost-limit", ".txt")] / "response.yml").read_text("utf-8")
    assert "# guessed: the letter answers all questions together" in text
    not_held = questions("not-held", ".pdf")
    assert not_held["1"]["question"].startswith("Copies of any reports") and not_held["1"]["outcome"] == "not-held"
    gov = questions("government-department", ".pdf")
    assert gov["1"]["answer"] == "Three meetings were held."
