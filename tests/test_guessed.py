"""The `# guessed` gate: an importer's guess left unconfirmed blocks a strict check, naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from logbuilder import TODAY_ARG, VALID_YML, LogBuilder, variant

from foilog.commands.cli import main as foilog_main
from foilog.log.guessed import ADVICE, find_markers
from foilog.log.yamlload import load_yaml

GUESSED_YML = variant("outcome: granted-in-part\n", "outcome: granted-in-part  # guessed: from the wording of the letter\n")
OUTCOME_LINE = VALID_YML.splitlines().index("outcome: granted-in-part") + 1


def check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(foilog_main, ["check", "--config-file", str(root / "mkdocs.yml"), "--today", TODAY_ARG, *args])
    return result.exit_code, result.output


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "log")


def test_strict_check_fails_on_a_guessed_marker_and_passes_once_it_is_deleted(builder: LogBuilder) -> None:
    builder.valid(GUESSED_YML)
    code, output = check(builder.root, "--strict")
    assert code == 1, output
    assert f"{builder.yml_path()}:{OUTCOME_LINE}: outcome: {ADVICE}" in output
    builder.valid(VALID_YML)  # the reviewer confirmed the value by deleting the marker
    code, output = check(builder.root, "--strict")
    assert code == 0, output


def test_non_strict_check_only_warns(builder: LogBuilder) -> None:
    builder.valid(GUESSED_YML)
    code, output = check(builder.root)
    assert code == 0, output
    assert f"outcome: {ADVICE}" in output


def test_json_finding_has_rule_category_and_severity(builder: LogBuilder) -> None:
    import json

    builder.valid(GUESSED_YML)
    _, output = check(builder.root, "--format", "json")
    (finding,) = [f for f in json.loads(output)["findings"] if f["rule"] == "guessed-value"]
    assert finding["category"] == "invalid-data" and finding["severity"] == "warning"
    assert finding["line"] == OUTCOME_LINE and finding["field"] == "outcome"


def test_every_marker_is_named_with_its_field(builder: LogBuilder) -> None:
    yml = variant("topics:\n", "topics:  # guessed: by words of the topic titles\n", GUESSED_YML)
    yml = variant("    public_interest:", "    # Guessed: from the letter's reasons\n    public_interest:", yml)
    builder.valid(yml)
    _, output = check(builder.root, "--strict")
    named = [line.split(": ")[1] for line in output.splitlines() if ADVICE in line]
    assert named == ["outcome", "topics", "exemptions[0].public_interest"]


def test_a_hash_inside_a_value_or_the_importers_header_is_not_a_marker() -> None:
    text = (
        "# Imported from the response letter: check every '# guessed' value, then run `foilog check`.\n"
        "title: 'Gritting # guessed routes'\n"
        'summary: "We # guessed nothing"\n'
        "questions:\n"
        "  - number: '1'\n"
        "    answer: |-\n"
        "      The list:\n"
        "      # guessed is a word in this answer\n"
        "    outcome: granted-in-full # guessed\n"
        "    question: plain text # guessed\n"
    )
    assert [m.line for m in find_markers(text)] == [9, 10]
    load_yaml(text.encode("utf-8"))  # and the text is valid YAML, so the scanner read it as the loader does


def test_marker_on_the_header_line_of_a_block_answer_is_found() -> None:
    text = "answer: |-  # guessed: the letter answers all questions together\n  We do not hold it.\n"
    assert [(m.line, m.alone) for m in find_markers(text)] == [(1, False)]


def test_the_sample_responses_carry_no_guessed_marker() -> None:
    responses = Path(__file__).parent.parent / "responses"
    marked = [p for p in responses.rglob("response.yml") if find_markers(p.read_text("utf-8"))]
    assert list(responses.rglob("response.yml")) and marked == []
