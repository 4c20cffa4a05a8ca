"""A response.yml that does not load is still scanned: its syntax error and its leaks in the same run.

Before, a YAML syntax error hid the personal data in the file (and in its
response.md) until the quoting was fixed; the leak gate now reads the raw
files of every response folder the loader could not load.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import TODAY_ARG, VALID_SLUG, VALID_YML, LogBuilder, variant

from foilog.commands.cli import main
from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.site.pipeline import check_project

FOLDER = f"responses/2026/{VALID_SLUG}"
YML = f"{FOLDER}/response.yml"
MD = f"{FOLDER}/response.md"

#: A syntax error on line 3 (an unquoted ': ' in the value), then an e-mail and a mobile number.
BROKEN = variant(
    "summary: The requester asked which rural roads are gritted. The routes were released; staff names were withheld.",
    "summary: Dear Ms Hartley: thank you for your request.",
)
BROKEN = variant(
    "answer: See the attached table of routes.",
    "answer: Write to jane.hartley@gmail.com or call 07700 900123.",
    BROKEN,
)
LEAKY_MD = "Dear Mr Hartley\n\nThe routes are attached.\n"


def check(builder: LogBuilder, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG, *args])


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def test_check_reports_the_syntax_error_and_the_leaks_of_a_file_that_does_not_parse(builder: LogBuilder) -> None:
    builder.valid(BROKEN, md=LEAKY_MD)
    result = check(builder)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{YML}:3: malformed YAML") for line in lines), result.output
    leaks = {
        (line.split(": ")[0], line.rsplit("(", 1)[-1].rstrip(")"))
        for line in lines
        if line.startswith("responses/") and "malformed" not in line
    }
    advice = [line for line in lines if line.startswith("  salutation-name, titled-name, email, phone:")]
    assert len(advice) == 1 and "response.yml could not be loaded, so its acknowledgements were not applied" in advice[0], result.output
    assert leaks == {
        (f"{YML}:3", "error: titled-name"),
        (f"{YML}:16", "error: email"),
        (f"{YML}:16", "error: phone"),
        (f"{MD}:1", "error: salutation-name"),
    }
    assert "Hartley" not in result.stdout  # masked, as every excerpt


def test_the_findings_say_acknowledgements_could_not_be_applied(builder: LogBuilder) -> None:
    text = BROKEN + "acknowledgements:\n  - text: jane.hartley@gmail.com\n    reason: She asked us to publish it.\n"
    builder.valid(text, md="")
    _, scan = check_project(load_project(builder.config), None)
    email = [f for f in scan.findings if f.rule == "email"]
    assert [f.line for f in email] == [16, 28]  # the answer, and the acknowledgement's own text
    for f in email:
        assert f.acknowledged is None
        assert f.is_error
        assert "response.yml could not be loaded, so its acknowledgements were not applied" in f.message


def test_a_file_that_parses_but_fails_the_schema_is_scanned_with_its_acknowledgements(builder: LogBuilder) -> None:
    text = variant("regime: FOIA", "regime: FIOA")
    text = variant("answer: See the attached table of routes.", "answer: Write to jane.hartley@gmail.com or call 07700 900123.", text)
    text += "acknowledgements:\n  - text: jane.hartley@gmail.com\n    reason: She asked us to publish it.\n"
    builder.valid(text, md=LEAKY_MD)
    project = load_project(builder.config)
    log, scan = check_project(project, None)
    assert log.responses == []
    by_rule = {(f.path, f.rule): f for f in scan.findings}
    assert by_rule[(YML, "email")].acknowledged == "She asked us to publish it."
    assert by_rule[(YML, "phone")].is_error
    assert "not applied" not in by_rule[(YML, "phone")].message
    assert by_rule[(MD, "salutation-name")].is_error


def test_a_valid_response_is_scanned_once(builder: LogBuilder) -> None:
    builder.valid(variant("answer: See the attached table of routes.", "answer: Write to jane.hartley@gmail.com.", VALID_YML))
    _, scan = check_project(load_project(builder.config), None)
    assert [f.rule for f in scan.findings] == ["email"]
    assert "could not be loaded" not in scan.findings[0].message


def test_a_linked_response_yml_is_never_read(builder: LogBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yml"
    outside.write_text("email: jane.hartley@gmail.com\n", encoding="utf-8")
    folder = builder.valid(md=None)
    (folder / "response.yml").unlink()
    (folder / "response.yml").symlink_to(outside)
    project = load_project(builder.config)
    log = load_log(project)
    assert log.responses == []
    _, scan = check_project(project, None)
    assert [f for f in scan.findings if f.rule == "email"] == []
