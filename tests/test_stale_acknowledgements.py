"""An acknowledgement whose text appears nowhere in its response any more is a warning.

Otherwise it would silently outlive what it excused, and accept the same text
if it came back later in another place of the response.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from logbuilder import VALID_ATTACHMENTS, VALID_SLUG, VALID_YML, LogBuilder, variant

from foilog.engine.mkdocs_config import load_project
from foilog.gate.leakgate import ScanResult
from foilog.log.findings import Finding, Severity
from foilog.site.pipeline import check_project

YML = f"responses/2026/{VALID_SLUG}/response.yml"
ACK_LINE = 28  # the "- text:" line of the acknowledgement appended to VALID_YML


def acknowledging(text: str, yml: str = VALID_YML) -> str:
    return yml + f"acknowledgements:\n  - text: {text}\n    reason: Published on our website.\n"


def stale(scan: ScanResult) -> list[Finding]:
    return [f for f in scan.findings if f.rule == "stale-acknowledgement"]


def run(builder: LogBuilder) -> ScanResult:
    return check_project(load_project(builder.config), None)[1]


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def test_an_acknowledgement_for_text_that_is_gone_is_a_warning_at_its_line(builder: LogBuilder) -> None:
    builder.valid(acknowledging("Jane Hartley"))
    (finding,) = stale(run(builder))
    assert (finding.path, finding.line, finding.field) == (YML, ACK_LINE, "acknowledgements[0].text")
    assert finding.severity is Severity.WARNING
    assert finding.excerpt == "J*** H******"  # the acknowledged text is personal data: masked as findings are
    assert "Hartley" not in finding.message
    assert "appears nowhere" in finding.message
    assert "remove the acknowledgement" in finding.message


def test_an_acknowledgement_in_use_is_not_stale(builder: LogBuilder) -> None:
    builder.valid(acknowledging("Jane Hartley"), md="Dear Ms Jane Hartley\n\nThe routes are attached.\n")
    scan = run(builder)
    assert stale(scan) == []
    assert [f.acknowledged for f in scan.findings] == ["Published on our website."]


@pytest.mark.parametrize(
    ("md", "attachments"),
    [
        ("The routes were agreed with Jane\nHartley of the depot.\n", None),  # across a line break, as the scan reads it
        (None, {"attachments/gritting-routes.csv": b"route,contact\nA,JANE HARTLEY\n"}),  # an attachment, any case
    ],
)
def test_text_that_still_appears_anywhere_in_the_response_is_not_stale(
    builder: LogBuilder, md: str | None, attachments: dict[str, bytes] | None
) -> None:
    builder.valid(acknowledging("Jane Hartley"), md=md or "Nothing here.\n", attachments=attachments or dict(VALID_ATTACHMENTS))
    assert stale(run(builder)) == []


def test_text_in_another_field_of_response_yml_is_not_stale_but_the_acknowledgement_itself_does_not_count(builder: LogBuilder) -> None:
    builder.valid(acknowledging("rural roads"))  # in the title, though no detector flags it
    assert stale(run(builder)) == []
    builder.valid(acknowledging("Northshire depot"))
    assert len(stale(run(builder))) == 1


def test_stale_is_found_from_the_texts_with_a_warm_cache(builder: LogBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOILOG_NO_CACHE", raising=False)
    builder.valid(acknowledging("Jane Hartley"), md="Dear Ms Jane Hartley\n")
    assert stale(run(builder)) == []
    builder.valid(acknowledging("Jane Hartley"), md="Dear Requester\n")
    assert len(stale(run(builder))) == 1
    assert (builder.root / ".foilog-cache").is_dir()
    builder.valid(acknowledging("Jane Hartley"), md="Dear Ms Jane Hartley\n")
    assert stale(run(builder)) == []


def test_a_stale_acknowledgement_fails_only_the_strict_check(builder: LogBuilder) -> None:
    from click.testing import CliRunner

    from foilog.commands.cli import main

    builder.valid(acknowledging("Jane Hartley"))
    args = ["check", "--config-file", str(builder.config), "--today", "2026-11-26"]
    assert CliRunner().invoke(main, args).exit_code == 0
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1
    assert f"{YML}:{ACK_LINE}: acknowledgements[0].text: " in strict.stdout


def test_an_acknowledged_name_in_an_answer_spelled_with_escapes_is_not_stale(builder: LogBuilder) -> None:
    yml = variant("answer: See the attached table of routes.", 'answer: "Ask Jane\\x20Hartley."')
    builder.valid(acknowledging("Jane Hartley", yml))
    assert stale(run(builder)) == []
