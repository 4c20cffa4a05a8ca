"""The leak gate over a whole log: what ``scan_log`` reads and with which settings.

Each test builds a small log in code and runs ``foilog check`` (or the build),
so it fails if a part of the log stops reaching the scan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import DEFAULT_OPTIONS, TODAY_ARG, VALID_SLUG, LogBuilder, variant

from foilog.commands.cli import main

YML = f"responses/2026/{VALID_SLUG}/response.yml"
MD = f"responses/2026/{VALID_SLUG}/response.md"


def check(builder: LogBuilder) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG, "--format", "json"])


def found(result: Result) -> set[tuple[str, int | None, str]]:
    data = json.loads(result.stdout)
    return {(f["path"], f["line"], f["rule"]) for f in data["findings"]}


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


# --- response.yml: decoded values as well as the raw text --------------------------------


def test_yaml_escape_in_a_double_quoted_value_is_decoded(log: LogBuilder) -> None:
    log.valid(variant("answer: See the attached table of routes.", 'answer: "Ask jane.smith\\u0040gmail.com for the table."'))
    result = check(log)
    assert result.exit_code == 1, result.output
    assert found(result) == {(YML, 16, "email")}


def test_yaml_line_continuation_inside_a_number_is_decoded(log: LogBuilder) -> None:
    yml = variant(
        "answer: See the attached table of routes.",
        'answer: "The requester\'s NI number AB 12 34\\\n      56 C was removed."',
    )
    log.valid(yml)
    result = check(log)
    assert result.exit_code == 1, result.output
    assert found(result) == {(YML, 16, "ni-number")}


def test_value_found_by_both_scans_is_reported_once(log: LogBuilder) -> None:
    # The raw scan finds the number; the value also holds an escape, so it is decoded too.
    yml = variant("answer: See the attached table of routes.", 'answer: "Call 07911 123456 \\u2014 see the table."')
    log.valid(yml)
    result = check(log)
    data = json.loads(result.stdout)
    assert [(f["line"], f["rule"]) for f in data["findings"] if f["path"] == YML] == [(16, "phone")]


# --- response.md: a number wrapped across two lines of a paragraph -------------------------


def test_phone_number_wrapped_across_lines_in_response_md(log: LogBuilder) -> None:
    log.valid(md="Dear Requester\n\nThe officer can be reached on 07911\n123456 during office hours.\n")
    result = check(log)
    assert result.exit_code == 1, result.output
    assert found(result) == {(MD, 3, "phone")}


def test_blank_line_between_numbers_is_not_joined(log: LogBuilder) -> None:
    log.valid(md="Dear Requester\n\nThe total was 07911\n\n123456 is the other figure.\n")
    result = check(log)
    assert result.exit_code == 0, result.output


# --- content/: every file a hand-written page publishes -----------------------------------


def _hidden_sheet_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Officers"
    ws.append(["Role", "Grade"])
    ws.append(["FOI officer", "5"])
    staff = wb.create_sheet("Staff")
    staff.append(["Name", "Mobile"])
    staff.append(["Alex Fictional-Person", "07911 123456"])
    staff.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def test_content_markdown_page_is_scanned(log: LogBuilder) -> None:
    log.valid()
    page = log.root / "content" / "about.md"
    page.write_text("# About\n\nAsk our FOI lead on 07911 123456.\n", encoding="utf-8")
    result = check(log)
    assert result.exit_code == 1, result.output
    assert found(result) == {("content/about.md", 3, "phone")}


def test_spreadsheet_download_in_content_is_inspected(log: LogBuilder) -> None:
    log.valid()
    _hidden_sheet_xlsx(log.root / "content" / "files" / "officers.xlsx")
    result = check(log)
    assert result.exit_code == 1, result.output
    rules = {rule for path, _, rule in found(result) if path == "content/files/officers.xlsx"}
    assert "xlsx-hidden-sheet" in rules and "phone" in rules


def test_pdf_with_covered_text_in_content_is_inspected(log: LogBuilder) -> None:
    from attachment_builders import box_op, text_op, write_pdf

    log.valid()
    target = log.root / "content" / "files" / "minutes.pdf"
    target.parent.mkdir(parents=True)
    write_pdf(
        target,
        [text_op(72, 740, "Minutes of the meeting") + text_op(100, 650, "Complainant: Alex Fictional-Person") + box_op(95, 645, 250, 20)],
    )
    result = check(log)
    assert result.exit_code == 1, result.output
    assert ("content/files/minutes.pdf", None, "pdf-text-under-box") in found(result)


def test_site_styles_and_scripts_in_content_are_not_documents(log: LogBuilder) -> None:
    """Not inspected like attachments (no "unsupported format"), but scanned as text: MkDocs publishes them (issue 16 item 11)."""
    log.valid()
    (log.root / "content" / "stylesheets").mkdir()
    css = log.root / "content" / "stylesheets" / "extra.css"
    css.write_text(":root { --md-primary-fg-color: #1d4f91; }\n.x { width: 12rem; }\n", encoding="utf-8")
    assert check(log).exit_code == 0
    css.write_text(':root { --x: 1; }\n.call::after { content: "07911 123456"; }\n', encoding="utf-8")
    result = check(log)
    assert result.exit_code == 1, result.output
    assert [(path, line) for path, line, _ in found(result)] == [("content/stylesheets/extra.css", 2)], result.output


# --- findings stop check and build; the build writes nothing ------------------------------

LEAKY_CSV = {"attachments/gritting-routes.csv": b"route,driver\nA,call 07911 123456\n"}


def build(builder: LogBuilder, site: Path) -> Result:
    return CliRunner().invoke(main, ["build", "--config-file", str(builder.config), "--site-dir", str(site), "--today", TODAY_ARG])


def assert_refused_unwritten(result: Result, site: Path, path: str) -> None:
    assert result.exit_code == 1, result.output
    assert "nothing was published" in result.output and path in result.output
    assert not site.exists()
    # Refused in on_files, before any page was rendered: no staging folder is left either
    # (only the lock file, which stays: see foilog.engine.sitelock).
    assert [p.name for p in site.parent.iterdir()] in ([], [f".{site.name}.lock"])


def test_attachment_finding_stops_check(log: LogBuilder) -> None:
    log.valid(attachments=dict(LEAKY_CSV))
    result = check(log)
    assert result.exit_code == 1, result.output
    assert found(result) == {(f"responses/2026/{VALID_SLUG}/attachments/gritting-routes.csv", 2, "phone")}


def test_attachment_finding_stops_build_before_anything_is_written(log: LogBuilder, tmp_path: Path) -> None:
    log.valid(attachments=dict(LEAKY_CSV))
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    assert_refused_unwritten(build(log, site), site, "attachments/gritting-routes.csv")


def test_content_download_finding_stops_build(log: LogBuilder, tmp_path: Path) -> None:
    log.valid()
    _hidden_sheet_xlsx(log.root / "content" / "files" / "officers.xlsx")
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    assert_refused_unwritten(build(log, site), site, "content/files/officers.xlsx")


def test_clean_log_builds(log: LogBuilder, tmp_path: Path) -> None:
    # The counterpart of the refusals above: the same log without the leak is published.
    log.valid()
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    result = build(log, site)
    assert result.exit_code == 0, result.output
    assert (site / "responses" / "2026" / VALID_SLUG / "index.html").is_file()


# --- site configuration reaches the scan --------------------------------------------------


def test_site_allowlist_reaches_check(log: LogBuilder) -> None:
    log.valid(md="Dear Requester\n\nOur FOI team can be reached on 07911 123456.\n")
    assert check(log).exit_code == 1
    log.mkdocs({**DEFAULT_OPTIONS, "allowlist": [{"text": "07911 123456", "reason": "the FOI team's published mobile"}]})
    result = check(log)
    assert result.exit_code == 0, result.output


def test_the_site_contact_email_is_allowed_and_others_are_not(log: LogBuilder) -> None:
    log.valid(md="Dear Requester\n\nWrite to foi.team@gmail.com or to j.smith@gmail.com.\n")
    log.mkdocs({**DEFAULT_OPTIONS, "contact_email": "foi.team@gmail.com"})
    result = check(log)
    assert result.exit_code == 1, result.output
    assert found(result) == {(MD, 3, "email")}  # the other address only
    assert "j***@gmail.com" in result.output and "f***@gmail.com" not in result.output


def test_a_contact_email_that_is_not_an_address_is_refused(log: LogBuilder) -> None:
    log.valid()
    log.mkdocs({**DEFAULT_OPTIONS, "contact_email": "the FOI team"})
    result = check(log)
    assert result.exit_code != 0
    assert "contact_email" in result.output and "Traceback" not in result.output


def test_site_custom_rule_reaches_check_and_build(log: LogBuilder, tmp_path: Path) -> None:
    log.valid(md="Dear Requester\n\nYour case CASE-123456 is closed.\n")
    assert check(log).exit_code == 0
    rule = {"id": "case-number", "pattern": r"CASE-\d{6}", "reason": "customer case numbers identify people"}
    log.mkdocs({**DEFAULT_OPTIONS, "custom_rules": [rule]})
    result = check(log)
    assert result.exit_code == 1, result.output
    assert found(result) == {(MD, 3, "custom:case-number")}
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    assert_refused_unwritten(build(log, site), site, MD)
