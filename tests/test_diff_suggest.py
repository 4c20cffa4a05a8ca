"""`foilog diff` suggests related responses for an added one (foilog.log.similar, foilog.commands.diff.suggest)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from logbuilder import TODAY_ARG, LogBuilder
from logbuilder import load_built as load
from relatedtools import add
from test_diff import commit, git

from foilog.commands.diff.command import diff_command
from foilog.commands.diff.suggest import guess_kind
from foilog.log.similar import QuestionIndex, words

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

POTHOLES_2024 = (
    "How many potholes were reported on council-maintained roads in 2024?",
    "How many of them were repaired within the council's target times?",
)
# The same request a year later, reworded by another requester.
POTHOLES_2025_REWORDED = (
    "Please tell me the number of pothole reports received for roads the council maintains during 2025.",
    "How many of those potholes did the council repair inside its target repair times?",
)
LIBRARIES = ("How many library books were borrowed in 2024?", "What did the council spend on new library books?")
SCHOOLS = ("How many school meals were served to pupils in 2024?",)


@pytest.fixture
def repo(tmp_path: Path) -> LogBuilder:
    """A repository whose `main` holds three published responses: potholes, libraries, school meals."""
    builder = LogBuilder(tmp_path / "repo")
    add(builder, "FOI-2024-0031", "2024-02-07", questions=POTHOLES_2024)
    add(builder, "FOI-2024-0050", "2024-03-01", title="Library books", questions=LIBRARIES)
    add(builder, "FOI-2024-0060", "2024-04-01", title="School meals", questions=SCHOOLS)
    git(builder.root, "init", "-q", "-b", "main")
    commit(builder.root, "base")
    return builder


def diff(builder: LogBuilder, fmt: str = "json") -> tuple[int, str]:
    result = CliRunner().invoke(diff_command, ["--format", fmt, "-f", str(builder.config), "--today", TODAY_ARG])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def added(builder: LogBuilder) -> dict[str, dict[str, object]]:
    code, out = diff(builder)
    assert code == 0, out
    return {e["reference"]: e for e in json.loads(out)["added"]}


def test_a_reworded_repeat_is_found_with_its_yaml(repo: LogBuilder) -> None:
    add(repo, "FOI-2025-0029", "2025-02-05", questions=POTHOLES_2025_REWORDED)
    (best, *rest) = added(repo)["FOI-2025-0029"]["suggested_related"]
    assert best["reference"] == "FOI-2024-0031"
    assert best["url"] == "responses/2024/foi-2024-0031/"
    assert best["kind"] == "updates"  # an earlier response, and the new questions name a later year
    assert best["score"] >= 0.5
    assert "pothole" in best["shared_words"] and "repair" in best["shared_words"]
    assert best["yaml"] == "related:\n  - kind: updates\n    reference: FOI-2024-0031\n"
    assert all(s["reference"] != "FOI-2024-0060" for s in rest)


def test_an_unrelated_request_gets_no_suggestion(repo: LogBuilder) -> None:
    add(repo, "FOI-2025-0100", "2025-05-01", title="Parking fines", questions=("How many parking fines were issued in Northtown?",))
    assert "suggested_related" not in added(repo)["FOI-2025-0100"]


def test_an_already_related_pair_is_not_suggested(repo: LogBuilder) -> None:
    add(repo, "FOI-2025-0029", "2025-02-05", questions=POTHOLES_2025_REWORDED, related=(("updates", "FOI-2024-0031"),))
    assert "suggested_related" not in added(repo)["FOI-2025-0029"]


def test_related_written_on_the_other_side_is_not_suggested_either(repo: LogBuilder) -> None:
    # The published response names the new one (e.g. a same_question_as written when both were drafted).
    add(repo, "FOI-2024-0031", "2024-02-07", questions=POTHOLES_2024, related=(("same_question_as", "FOI-2024-0032"),))
    add(repo, "FOI-2024-0032", "2024-02-07", questions=POTHOLES_2024)
    assert "suggested_related" not in added(repo)["FOI-2024-0032"]


def test_changed_responses_get_no_suggestions(repo: LogBuilder) -> None:
    add(repo, "FOI-2024-0050", "2024-03-01", title="Library books", questions=(*LIBRARIES, "How many potholes were reported in 2024?"))
    code, out = diff(repo)
    assert code == 0 and "suggested_related" not in out


def test_markdown_lists_the_match_and_the_yaml_to_paste(repo: LogBuilder) -> None:
    add(repo, "FOI-2025-0029", "2025-02-05", questions=POTHOLES_2025_REWORDED)
    code, out = diff(repo, "markdown")
    assert code == 0
    assert "### Possibly related to published responses (1)" in out
    assert "| FOI\\-2024\\-0031 | Potholes reported |" in out
    assert "```yaml\nrelated:\n  - kind: updates\n    reference: FOI-2024-0031\n```" in out


def test_reworded_repeat_outscores_a_response_on_the_same_topic(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "p")
    add(builder, "FOI-2024-0031", "2024-02-07", questions=POTHOLES_2024)
    add(builder, "FOI-2024-0040", "2024-02-08", questions=("How many road signs were repaired on council roads in 2024?",))
    add(builder, "FOI-2025-0029", "2025-02-05", questions=POTHOLES_2025_REWORDED)
    log = load(builder, dt.date(2026, 1, 1))
    refs = {r.reference: r for r in log.responses}
    index = QuestionIndex([refs["FOI-2024-0031"], refs["FOI-2024-0040"]])
    matches = index.similar(refs["FOI-2025-0029"], min_score=0.0)
    assert [m.response.reference for m in matches] == ["FOI-2024-0031", "FOI-2024-0040"]
    assert matches[0].score > 2 * matches[1].score
    assert index.similar(refs["FOI-2025-0029"], exclude={"FOI-2024-0031"}, min_score=0.0)[0].response.reference == "FOI-2024-0040"


def test_words_drop_figures_stop_words_and_plain_endings() -> None:
    assert words("Please provide the number of potholes repaired in 2024, and repairs pending.") == ["pothole", "repair", "repair", "pend"]


def test_guess_kind(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "p")
    add(builder, "A-1", "2024-02-07", questions=("Potholes in 2023?",))
    add(builder, "A-2", "2025-02-07", questions=("Potholes in 2024?",))
    add(builder, "A-3", "2025-03-07", questions=("Potholes?",))
    refs = {r.reference: r for r in load(builder, dt.date(2026, 1, 1)).responses}
    assert guess_kind(refs["A-2"], refs["A-1"]) == "updates"
    assert guess_kind(refs["A-3"], refs["A-1"]) == "repeat_of"
    assert guess_kind(refs["A-1"], refs["A-2"]) == "same_question_as"


def test_suggestions_are_masked_like_the_rest_of_the_summary(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "repo")
    add(builder, "FOI-2024-0031", "2024-02-07", title="Potholes (ask jane.mortimer@gmail.com)", questions=POTHOLES_2024)
    git(builder.root, "init", "-q", "-b", "main")
    commit(builder.root, "base")
    add(builder, "FOI-2025-0029", "2025-02-05", questions=POTHOLES_2025_REWORDED)
    _, out = diff(builder)
    (entry,) = json.loads(out)["added"]
    (suggestion,) = entry["suggested_related"]
    assert suggestion["reference"] == "FOI-2024-0031"
    assert suggestion["title"] == "Potholes (ask j***@gmail.com)"  # masked as findings' excerpts are
    assert "jane.mortimer" not in out


def test_a_shortened_summary_keeps_the_first_suggestions_and_says_so(repo: LogBuilder) -> None:
    for n in range(40):
        add(repo, f"FOI-2025-{n:04d}", "2025-02-05", questions=POTHOLES_2025_REWORDED)
    result = CliRunner().invoke(
        diff_command, ["--format", "markdown", "--max-bytes", "12000", "-f", str(repo.config), "--today", TODAY_ARG]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert len(out.encode("utf-8")) <= 12000
    assert "### Possibly related to published responses (40)" in out
    shown = out.count("To link the closest")
    assert 0 < shown < 40
    assert f"*{40 - shown:,} more not shown here" in out
    assert f"{40 - shown:,} of the 40 rows of the Possibly related section" in out


def test_a_response_already_in_the_chain_is_not_suggested(repo: LogBuilder) -> None:
    # 2026 updates 2025, which updates 2024: the 2026 response is related to the 2024 one through the chain.
    add(repo, "FOI-2025-0029", "2025-02-05", questions=POTHOLES_2025_REWORDED, related=(("updates", "FOI-2024-0031"),))
    add(repo, "FOI-2026-0027", "2026-02-04", questions=POTHOLES_2025_REWORDED, related=(("updates", "FOI-2025-0029"),))
    entries = added(repo)
    assert "suggested_related" not in entries["FOI-2026-0027"]
    assert "suggested_related" not in entries["FOI-2025-0029"]


def test_a_series_is_suggested_once_by_its_latest_response(repo: LogBuilder) -> None:
    # main gains 2025 (updates 2024); the change adds 2026's, asked alike: one suggestion for the chain, its latest member.
    add(repo, "FOI-2025-0029", "2025-02-05", questions=POTHOLES_2024, related=(("updates", "FOI-2024-0031"),))
    commit(repo.root, "2025")
    add(repo, "FOI-2026-0027", "2026-02-04", questions=POTHOLES_2025_REWORDED)
    suggestions = added(repo)["FOI-2026-0027"]["suggested_related"]
    assert [(s["reference"], s["kind"]) for s in suggestions] == [("FOI-2025-0029", "updates")]  # type: ignore[index, union-attr]
