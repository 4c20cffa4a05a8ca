"""`foilog new`: a response folder that explains itself, never overwriting anything."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import TODAY, TODAY_ARG, LogBuilder

from foilog.commands.cli import main
from foilog.commands.scaffold import SCHEMA_FILE, ScaffoldError, scaffold_response
from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log

REFERENCE = "NCC/FOI/26/0100"
FOLDER = "responses/2026/ncc-foi-26-0100"


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def new(log: LogBuilder, *args: str) -> Result:
    return CliRunner().invoke(main, ["new", *args, "--config-file", str(log.config)])


def check(log: LogBuilder, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(log.config), "--today", TODAY_ARG, *args])


def test_new_creates_the_folder_with_a_schema_comment(log: LogBuilder) -> None:
    result = new(log, REFERENCE, "--responded", "2026-11-20", "--received", "2026-10-23")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Created ")
    assert result.stdout.splitlines()[0].endswith(
        f"{FOLDER}/response.yml and response.md; fill in the fields marked TODO, then run `foilog check`."
    )
    folder = log.root / FOLDER
    assert sorted(p.name for p in folder.iterdir()) == ["response.md", "response.yml"]
    text = (folder / "response.yml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schema/response.schema.json"
    schema_path = first.split("$schema=", 1)[1]
    assert (folder / schema_path).resolve() == (log.root / SCHEMA_FILE).resolve()
    assert "reference: 'NCC/FOI/26/0100'" in text
    assert "received: 2026-10-23" in text
    assert "responded: 2026-11-20" in text
    assert "regime: FOIA" in text
    # No staging folders are left behind.
    assert sorted(p.name for p in (log.responses / "2026").iterdir()) == ["ncc-foi-26-0100"]


def test_scaffold_fails_check_listing_the_todo_fields(log: LogBuilder) -> None:
    assert new(log, REFERENCE, "--responded", "2026-11-20").exit_code == 0
    result = check(log)
    assert result.exit_code == 1
    yml = f"{FOLDER}/response.yml"
    outcomes = "granted-in-full, granted-in-part, refused, not-held, neither-confirm-nor-deny, cost-limit, vexatious"
    assert result.stdout.splitlines() == [
        f"{yml}:4: title: is empty (expected text) (error)",
        f"{yml}:7: received: is empty (expected a date written YYYY-MM-DD) (error)",
        f"{yml}:9: outcome: is empty (expected one of: {outcomes}) (error)",
        f"{yml}:14: questions[0].question: is empty (expected text) (error)",
        f"{yml}:15: questions[0].answer: is empty (expected text) (error)",
        f"{yml}:16: questions[0].outcome: is empty (expected one of: {outcomes}) (error)",
        "5 files checked: 6 errors, 0 warnings",  # its response.md is scanned too, though the response does not load yet
    ]


def test_filled_in_scaffold_passes_check(log: LogBuilder) -> None:
    assert new(log, REFERENCE, "--responded", "2026-11-20", "--received", "2026-10-23", "--regime", "EIR").exit_code == 0
    path = log.root / FOLDER / "response.yml"
    text = path.read_text(encoding="utf-8")
    fill = {
        "title": "Air quality readings on the high street",
        "summary": "The requester asked for air quality readings. All readings were released.",
        "outcome": "granted-in-full",
        "question": "What were the readings in 2025?",
        "answer": "The readings are in the letter.",
    }
    for field, value in fill.items():
        text = re.sub(rf"^(\s*(?:- )?){field}:.*$", rf"\g<1>{field}: {value}", text, flags=re.MULTILINE)
    text = text.replace("topics: []", "topics: [road-safety]")
    path.write_text(text, encoding="utf-8")
    result = check(log, "--strict")
    assert result.exit_code == 0, result.output
    (response,) = load_log(load_project(log.config), TODAY).responses
    assert (response.reference, response.data.regime, response.url) == (REFERENCE, "EIR", f"{FOLDER}/")


def test_new_never_overwrites_an_existing_folder(log: LogBuilder) -> None:
    folder = log.response(2026, "ncc-foi-26-0100", "reference: NCC/FOI/26/0100\n# my work\n", md="My letter.\n")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    result = new(log, REFERENCE, "--responded", "2026-11-20")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {FOLDER} already exists; edit it, or choose another reference\n"
    assert "Traceback" not in result.output
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before
    assert sorted(p.name for p in (log.responses / "2026").iterdir()) == ["ncc-foi-26-0100"]


def test_new_refuses_a_reference_without_letters_or_digits(log: LogBuilder) -> None:
    result = new(log, "//", "--responded", "2026-11-20")
    assert result.exit_code == 2
    assert result.stderr == "Error: the reference '//' has no letters or digits; use the reference printed on the letter\n"


def test_new_with_a_bad_date_is_a_usage_error(log: LogBuilder) -> None:
    result = new(log, REFERENCE, "--responded", "20/11/2026")
    assert result.exit_code == 2
    assert "expected a date written YYYY-MM-DD, got '20/11/2026'" in result.stderr
    assert not (log.responses / "2026").exists()


@pytest.mark.parametrize("reference", ["012345", "O'Neill/FOI/7", "FOI 2026: 17", "#42"])
def test_reference_is_written_so_it_reads_back_exactly(log: LogBuilder, reference: str) -> None:
    project = load_project(log.config)
    folder = scaffold_response(project, reference, responded=dt.date(2026, 11, 20), received=dt.date(2026, 11, 2), regime="FOISA")
    from foilog.log.yamlload import load_yaml

    data = load_yaml((folder / "response.yml").read_bytes()).data
    assert isinstance(data, dict)
    assert data["reference"] == reference
    assert data["regime"] == "FOISA"


def test_scaffold_response_raises_scaffold_error_for_existing_folder(log: LogBuilder) -> None:
    project = load_project(log.config)
    scaffold_response(project, REFERENCE, responded=dt.date(2026, 11, 20), received=None, regime="FOIA")
    with pytest.raises(ScaffoldError, match="already exists"):
        scaffold_response(project, "ncc foi 26 0100", responded=dt.date(2026, 11, 20), received=None, regime="FOIA")


def _topics(log: LogBuilder) -> list[str]:
    return sorted(p.stem for p in (log.root / "content" / "topics").glob("*.md") if p.stem != "index")


def test_new_lists_the_topics_of_the_log(log: LogBuilder) -> None:
    result = new(log, REFERENCE, "--responded", "2026-11-20")
    assert result.exit_code == 0, result.output
    topics = _topics(log)
    assert topics  # the builder's log has topic pages
    assert result.stdout.splitlines()[-1] == f"Topics of this log (for `topics:`): {', '.join(topics)}"


def test_new_with_a_topic_fills_it_in(log: LogBuilder) -> None:
    topic = _topics(log)[0]
    result = new(log, REFERENCE, "--responded", "2026-11-20", "--topic", topic)
    assert result.exit_code == 0, result.output
    assert "Topics of this log" not in result.stdout
    assert f"topics: [{topic}]\n" in (log.root / FOLDER / "response.yml").read_text(encoding="utf-8")


def test_new_refuses_an_unknown_topic_listing_the_ids(log: LogBuilder) -> None:
    topics = _topics(log)
    typo = topics[0][:-1] + "x"
    result = new(log, REFERENCE, "--responded", "2026-11-20", "--topic", typo)
    assert result.exit_code == 2
    assert f"there is no topic '{typo}'; did you mean '{topics[0]}'?" in result.stderr
    assert f"(topics of this log: {', '.join(topics)})" in result.stderr
    assert not (log.root / FOLDER).exists()


@pytest.mark.parametrize("mode", [0o775, 0o755, 0o2770])
def test_new_folders_get_the_permissions_of_responses(log: LogBuilder, mode: int) -> None:
    log.responses.mkdir(parents=True, exist_ok=True)
    log.responses.chmod(mode)
    assert new(log, REFERENCE, "--responded", "2026-11-20").exit_code == 0
    for folder in (log.responses / "2026", log.root / FOLDER):
        assert folder.stat().st_mode & 0o7777 == mode, oct(folder.stat().st_mode)
