"""`foilog check`: one precise line per problem, exit codes, output formats, usage errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import DEFAULT_OPTIONS, LINE, TODAY_ARG, VALID_ATTACHMENTS, VALID_SLUG, VALID_YML, LogBuilder, variant

from foilog.commands.cli import main
from foilog.log.yamlload import MAX_YAML_BYTES

YML = f"responses/2026/{VALID_SLUG}/response.yml"
FOLDER = f"responses/2026/{VALID_SLUG}"


def check(builder: LogBuilder, *args: str, today: str = TODAY_ARG) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", today, *args])


def findings(result: Result) -> list[str]:
    """The finding lines of the text output (without the closing summary line)."""
    lines = result.stdout.splitlines()
    assert lines, result.output
    return lines[:-1]


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def bad(log: LogBuilder, text: str | bytes, **kwargs: object) -> list[str]:
    """Check a log whose only response has ``text``; expect exit 1 and return the finding lines."""
    log.valid(text, **kwargs)  # type: ignore[arg-type]
    result = check(log)
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    return findings(result)


# --- a valid log ----------------------------------------------------------------------------------


def test_valid_log_exits_0(log: LogBuilder) -> None:
    log.valid()
    result = check(log)
    assert result.exit_code == 0, result.output
    assert result.stdout == "6 files checked: 0 errors, 0 warnings\n"
    assert result.stderr == ""


def test_valid_log_passes_strict(log: LogBuilder) -> None:
    log.valid()
    assert check(log, "--strict").exit_code == 0


def test_embargo_in_the_future_is_fine(log: LogBuilder) -> None:
    log.valid(variant("outcome: granted-in-part", "outcome: granted-in-part\npublish_after: 2027-01-31"))
    result = check(log, "--strict")
    assert result.exit_code == 0, result.output


def test_empty_log_is_valid(log: LogBuilder) -> None:
    result = check(log)
    assert result.exit_code == 0, result.output


# --- one exact line per problem -------------------------------------------------------------------


def test_malformed_yaml(log: LogBuilder) -> None:
    assert bad(log, variant("title: Gritting routes on rural roads", "title Gritting routes on rural roads")) == [
        f"{YML}:2: malformed YAML: expected 'field: value' but found no ': ' on this line; check the colon (error)"
    ]


@pytest.mark.adversarial
def test_duplicate_keys(log: LogBuilder) -> None:
    assert bad(log, variant("regime: FOIA", "regime: FOIA\ntitle: Gritting again")) == [
        f"{YML}:5: duplicate key 'title' (first given on line 2); keep only one (error)"
    ]


@pytest.mark.adversarial
def test_alias_bomb(log: LogBuilder) -> None:
    text = variant("title: Gritting routes on rural roads", "title: &t Gritting routes on rural roads\nsummary: *t")
    assert bad(log, text) == [f"{YML}:2: YAML anchors ('&t') are not allowed: write the value out in full (error)"]


@pytest.mark.adversarial
def test_file_over_the_size_limit(log: LogBuilder) -> None:
    text = VALID_YML + "# " + "x" * MAX_YAML_BYTES + "\n"
    size = len(text.encode())
    assert bad(log, text) == [
        f"{YML}: the file is {size:,} bytes, more than the {MAX_YAML_BYTES:,} allowed; move long text into response.md (error)"
    ]


def test_non_utf8(log: LogBuilder) -> None:
    text = variant("title: Gritting routes on rural roads", "title: Gritting routes near the caf\u00e9").encode("cp1252")
    assert bad(log, text) == [f"{YML}:2: the file is not UTF-8 text (bad byte 0xe9); save it as UTF-8 in your editor (error)"]


def _latin1_response_md(log: LogBuilder) -> Result:
    log.valid()
    (log.responses / "2026" / VALID_SLUG / "response.md").write_bytes(b"Dear Requester\n\n\x93quoted\x94\n")
    return check(log)


def test_non_utf8_response_md(log: LogBuilder) -> None:
    result = _latin1_response_md(log)
    assert result.exit_code == 1
    assert f"{FOLDER}/response.md:3: the file is not UTF-8 text (bad byte 0x93); save it as UTF-8 in your editor (error)" in findings(
        result
    )


def test_non_utf8_response_md_is_reported_once(log: LogBuilder) -> None:
    assert len(findings(_latin1_response_md(log))) == 1


def test_unknown_field_with_did_you_mean(log: LogBuilder) -> None:
    (line,) = bad(log, variant("summary:", "sumary:"))
    assert line.startswith(f"{YML}:3: sumary: unknown field (expected one of: reference, title, summary, authority, regime, ")
    assert line.endswith("acknowledgements, clock, review, appeals, related); did you mean 'summary'? (error)")


def test_misspelt_required_field_is_one_message(log: LogBuilder) -> None:
    (line,) = bad(log, variant("received:", "recieved:"))
    assert line.startswith(f"{YML}:5: recieved: unknown field (expected one of: ")
    assert line.endswith("; did you mean 'received'? (error)")


def test_missing_field(log: LogBuilder) -> None:
    assert bad(log, variant("title: Gritting routes on rural roads\n", "")) == [
        f"{YML}:1: title: required field is missing (add 'title: ...') (error)"
    ]


def test_missing_field_in_a_question_points_at_the_question(log: LogBuilder) -> None:
    assert bad(log, variant("    outcome: refused\n", "")) == [
        f"{YML}:{LINE['questions[1]']}: questions[1].outcome: required field is missing (add 'outcome: ...') (error)"
    ]


def test_list_where_text_is_expected(log: LogBuilder) -> None:
    text = variant("title: Gritting routes on rural roads", "title:\n  - Gritting routes\n  - rural roads")
    assert bad(log, text) == [f"{YML}:2: title: expected text, got a list (error)"]


def test_mapping_where_a_list_is_expected(log: LogBuilder) -> None:
    text = variant("topics:\n  - road-safety", "topics:\n  road-safety: true")
    assert bad(log, text) == [f"{YML}:8: topics: expected a list (lines starting with '- '), got a mapping of fields (error)"]


def test_ncnd_yes_is_rejected(log: LogBuilder) -> None:
    text = variant("  - section: s40(2)\n", "  - section: s40(2)\n    ncnd: yes\n")
    assert bad(log, text) == [f"{YML}:12: exemptions[0].ncnd: expected true or false, got 'yes' (error)"]


def test_impossible_date(log: LogBuilder) -> None:
    assert bad(log, variant("received: 2026-09-01", "received: 2019-02-30")) == [
        f"{YML}:5: received: '2019-02-30' is not a real date (February 2019 has 28 days; expected YYYY-MM-DD) (error)"
    ]


def test_day_first_date(log: LogBuilder) -> None:
    assert bad(log, variant("received: 2026-09-01", "received: 16/12/2019")) == [
        f"{YML}:5: received: expected a date written YYYY-MM-DD, got '16/12/2019'; write '2019-12-16' (error)"
    ]


def test_responded_before_received(log: LogBuilder) -> None:
    assert bad(log, variant("received: 2026-09-01", "received: 2026-09-30")) == [
        f"{YML}:6: responded: the response date (2026-09-28) is before the date received (2026-09-30); check both dates (error)"
    ]


def test_received_in_the_future(log: LogBuilder) -> None:
    text = variant("received: 2026-09-01\nresponded: 2026-09-28", "received: 2026-11-27\nresponded: 2026-11-30")
    assert bad(log, text) == [
        f"{YML}:5: received: 2026-11-27 is in the future (today is 2026-11-26) (error)",
        f"{YML}:6: responded: 2026-11-30 is in the future (today is 2026-11-26) (error)",
        "How to fix:",  # the advice both lines share, once
        "  invalid-data: only publish_after may be in the future",
    ]


def test_responded_in_the_future(log: LogBuilder) -> None:
    assert bad(log, variant("responded: 2026-09-28", "responded: 2026-12-01")) == [
        f"{YML}:6: responded: 2026-12-01 is in the future (today is 2026-11-26); only publish_after may be in the future (error)"
    ]


def test_duplicate_references_are_reported_in_both_folders(log: LogBuilder) -> None:
    log.valid()
    older = variant("received: 2026-09-01\nresponded: 2026-09-28", "received: 2025-09-01\nresponded: 2025-09-28")
    log.valid(older, year=2025)
    result = check(log)
    assert result.exit_code == 1
    other = f"responses/2025/{VALID_SLUG}/response.yml"
    assert findings(result) == [
        f"{other}:1: reference: reference 'NCC/FOI/26/0042' is used again in {YML} (error)",
        f"{YML}:1: reference: reference 'NCC/FOI/26/0042' is used again in {other} (error)",
        "How to fix:",
        "  invalid-data: references must be unique",
    ]


def test_folder_name_must_match_the_reference(log: LogBuilder) -> None:
    log.valid(slug="gritting")
    result = check(log)
    assert result.exit_code == 1
    assert findings(result) == [
        "responses/2026/gritting/response.yml:1: reference: the folder is responses/2026/gritting but reference 'NCC/FOI/26/0042' "
        f"with a response date in 2026 belongs in {FOLDER}; rename the folder (or correct the reference or responded date) (error)"
    ]


def test_folder_year_must_match_the_response_date(log: LogBuilder) -> None:
    log.valid(year=2025)
    (line,) = findings(check(log))
    assert f"belongs in {FOLDER};" in line


def test_unknown_topic_lists_close_matches(log: LogBuilder) -> None:
    assert bad(log, variant("  - road-safety", "  - road-saftey")) == [
        f"{YML}:9: topics[0]: unknown topic 'road-saftey': there is no content/topics/road-saftey.md; did you mean 'road-safety'? (error)"
    ]


def test_unknown_topic_without_close_match_lists_all(log: LogBuilder) -> None:
    assert bad(log, variant("  - road-safety", "  - parking")) == [
        f"{YML}:9: topics[0]: unknown topic 'parking': there is no content/topics/parking.md "
        "(known topics: housing, policing-technology, road-safety) (error)"
    ]


def _section(text: str, section: str) -> str:
    return variant("      - s40(2)", f"      - {section}", variant("  - section: s40(2)", f"  - section: {section}", text))


def test_unknown_exemption_section(log: LogBuilder) -> None:
    assert bad(log, _section(VALID_YML, "s99")) == [
        f"{YML}:11: exemptions[0].section: unknown section s99 for FOIA "
        "(expected a section of the FOIA exemption catalogue, such as s12, s14, s21) (error)"
    ]


def test_eir_exception_in_a_foia_response(log: LogBuilder) -> None:
    assert bad(log, _section(VALID_YML, "reg12(5)(b)")) == [
        f"{YML}:11: exemptions[0].section: reg12(5)(b) is not an FOIA exemption (it is in EIR); this response's regime is FOIA (error)"
    ]


def test_foisa_section_in_a_foia_response(log: LogBuilder) -> None:
    assert bad(log, _section(VALID_YML, "s25")) == [
        f"{YML}:11: exemptions[0].section: s25 is not an FOIA exemption (it is in FOISA); this response's regime is FOIA (error)"
    ]


def test_ncnd_on_an_exemption_that_cannot_be_ncnd(log: LogBuilder) -> None:
    text = _section(VALID_YML, "s21").replace("  - section: s21\n", "  - section: s21\n    ncnd: true\n")
    assert bad(log, text) == [
        f"{YML}:12: exemptions[0].ncnd: FOIA s21 (Information accessible to applicant by other means) "
        "cannot be applied as neither confirm nor deny (expected ncnd: false) (error)"
    ]


def test_question_exemption_not_listed_at_response_level(log: LogBuilder) -> None:
    assert bad(log, variant("      - s40(2)", "      - s43(2)")) == [
        f"{YML}:23: questions[1].exemptions[0]: s43(2) is not in the response's exemptions list; "
        "add it there (with ncnd and public_interest) (error)"
    ]


def test_unknown_outcome_with_did_you_mean(log: LogBuilder) -> None:
    assert bad(log, variant("    outcome: refused", "    outcome: refuse")) == [
        f"{YML}:21: questions[1].outcome: unknown outcome 'refuse' (expected one of: granted-in-full, granted-in-part, refused, "
        "not-held, neither-confirm-nor-deny, cost-limit, vexatious); did you mean 'refused'? (error)"
    ]


def test_unknown_authority(log: LogBuilder) -> None:
    assert bad(log, variant("regime: FOIA", "regime: FOIA\nauthority: northshire-counsil")) == [
        f"{YML}:5: authority: unknown authority 'northshire-counsil' (expected one of: northshire-council, westshire-police); "
        "did you mean 'northshire-council'? (error)"
    ]


# --- attachments and stray files ------------------------------------------------------------------

ATTACHMENT = "  - path: attachments/gritting-routes.csv"
UNLISTED = (
    f"{FOLDER}/attachments/gritting-routes.csv: file is not listed in attachments of {YML}; list it with a title, or delete it (error)"
)


def test_absolute_attachment_path(log: LogBuilder) -> None:
    assert f"{YML}:25: attachments[0].path: '/etc/passwd' is an absolute path " + (
        "(expected a path inside the response folder, such as attachments/table.xlsx) (error)"
    ) in bad(log, variant(ATTACHMENT, "  - path: /etc/passwd"), attachments={})


def test_rejected_attachment_paths_are_never_opened(log: LogBuilder, tmp_path: Path) -> None:
    # Files without an extension always give a leak-gate finding, so opening one would show.
    for where in (tmp_path / "outside", log.root / "outside"):
        where.write_text("not for publication\n")
    text = variant(ATTACHMENT, f"  - path: {tmp_path / 'outside'}\n    title: Absolute\n  - path: ../../../outside")
    lines = bad(log, text, attachments={})
    assert all(line.startswith(f"{YML}:") for line in lines), lines
    assert len(lines) == 2


def test_windows_absolute_attachment_path(log: LogBuilder) -> None:
    (line,) = bad(log, variant(ATTACHMENT, "  - path: C:\\Users\\foi\\routes.csv"), attachments={})
    assert "is an absolute path" in line


def test_attachment_path_with_dotdot(log: LogBuilder) -> None:
    assert bad(log, variant(ATTACHMENT, "  - path: attachments/../../other/routes.csv"), attachments={}) == [
        f"{YML}:25: attachments[0].path: 'attachments/../../other/routes.csv' leaves the response folder "
        "(expected a path inside it with '/', such as attachments/table.xlsx) (error)"
    ]


def test_attachment_that_does_not_exist(log: LogBuilder) -> None:
    assert bad(log, variant(ATTACHMENT, "  - path: attachments/routes.csv")) == [
        UNLISTED,
        f"{YML}:25: attachments[0].path: 'attachments/routes.csv' does not exist in {FOLDER}; add the file or correct the path (error)",
    ]


def test_attachment_that_is_a_symlink(log: LogBuilder, tmp_path: Path) -> None:
    secret = tmp_path / "outside.csv"
    secret.write_text("not for publication\n")
    folder = log.valid(attachments={})
    (folder / "attachments").mkdir()
    os.symlink(secret, folder / "attachments" / "gritting-routes.csv")
    result = check(log)
    assert result.exit_code == 1
    assert findings(result) == [
        f"{YML}:25: attachments[0].path: 'attachments/gritting-routes.csv' is a symbolic link; put the real file in the folder (error)"
    ]


def test_attachment_inside_a_symlinked_folder(log: LogBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "gritting-routes.csv").write_text("x\n")
    folder = log.valid(attachments={})
    os.symlink(outside, folder / "attachments")
    (line,) = findings(check(log))
    assert (
        line
        == f"{YML}:25: attachments[0].path: 'attachments/gritting-routes.csv' is a symbolic link; put the real file in the folder (error)"
    )


def test_unlisted_symlink_in_the_folder(log: LogBuilder, tmp_path: Path) -> None:
    folder = log.valid()
    os.symlink(tmp_path, folder / "link")
    assert findings(check(log)) == [
        f"{FOLDER}/link: symbolic links are not allowed in a response folder; replace it with the real file or delete it (error)"
    ]


def test_files_not_listed_as_attachments(log: LogBuilder) -> None:
    attachments = {**VALID_ATTACHMENTS, "notes.txt": b"draft\n", "attachments/old/routes-2019.csv": b"x\n"}
    log.valid(attachments=attachments)
    result = check(log)
    assert result.exit_code == 1
    assert findings(result) == [
        f"{FOLDER}/attachments/old/routes-2019.csv: file is not listed in attachments of {YML} (error)",
        f"{FOLDER}/notes.txt: file is not listed in attachments of {YML} (error)",
        "How to fix:",
        "  invalid-data: list it with a title, or delete it",
    ]


def test_stray_file_in_a_year_folder(log: LogBuilder) -> None:
    log.valid()
    (log.responses / "2026" / "notes.txt").write_text("todo\n")
    result = check(log)
    assert result.exit_code == 1
    assert findings(result) == ["responses/2026/notes.txt: unexpected file or link (expected responses/<year>/<slug>/response.yml) (error)"]


def test_stray_folder_in_responses(log: LogBuilder) -> None:
    (log.responses / "drafts").mkdir()
    (log.responses / "old.yml").write_text("x: 1\n")
    assert findings(check(log)) == [
        "responses/drafts: unexpected folder (expected responses/<year>/<slug>/response.yml, where <year> is four digits) (error)",
        "responses/old.yml: unexpected file (expected responses/<year>/<slug>/response.yml, where <year> is four digits) (error)",
    ]


def test_folder_without_response_yml(log: LogBuilder) -> None:
    log.response(2026, "ncc-foi-26-0099", None)
    result = check(log)
    assert result.exit_code == 1
    assert findings(result) == [
        "responses/2026/ncc-foi-26-0099: folder has no response.yml (expected responses/<year>/<slug>/response.yml); "
        "add one with `foilog new` or remove the folder (error)"
    ]


def test_response_yml_that_is_not_a_mapping(log: LogBuilder) -> None:
    assert bad(log, "") == [f"{YML}:1: expected a mapping of fields (reference:, title:, ...), got an empty file (error)"]


# --- everything at once ---------------------------------------------------------------------------


def test_all_problems_of_a_run_are_reported_sorted_by_path_and_line(log: LogBuilder) -> None:
    log.valid(variant("received: 2026-09-01", "received: 16/12/2019").replace("outcome: granted-in-part", "outcome: granted"))
    log.response(2025, "aaa-1", "reference: AAA/1\ntitle: [x\n")
    log.response(2026, "zzz-1", "reference: ZZZ/1\nreference: ZZZ/2\n")
    (log.responses / "2026" / "stray.pdf").write_bytes(b"%PDF-1.7\n")
    result = check(log)
    assert result.exit_code == 1
    lines = findings(result)
    assert [line.split(": ")[0] for line in lines] == [
        "responses/2025/aaa-1/response.yml:2",
        f"{YML}:5",
        f"{YML}:7",
        "responses/2026/stray.pdf",
        "responses/2026/zzz-1/response.yml:2",
    ]
    assert lines[2].startswith(f"{YML}:7: outcome: unknown outcome 'granted' (expected one of: ")
    # 3 topics + 3 response.yml + 3 response.md: those of responses that did not load are scanned too
    assert result.stdout.splitlines()[-1] == "9 files checked: 5 errors, 0 warnings"


# --- warnings and --strict ------------------------------------------------------------------------


def test_warnings_exit_0_but_1_with_strict(log: LogBuilder) -> None:
    text = variant("topics:\n  - road-safety\n", "topics: []\n")
    text = variant(
        "summary: The requester asked which rural roads are gritted. The routes were released; staff names were withheld.\n", "", text
    )
    log.valid(text)
    result = check(log)
    assert result.exit_code == 0, result.output
    assert findings(result) == [
        f"{YML}:2: summary: no summary: add one or two sentences saying what was asked and what was released (warning)",
        f"{YML}:7: topics: no topics: add at least one topic id so people can find the response (warning)",
    ]
    assert result.stdout.splitlines()[-1] == "6 files checked: 0 errors, 2 warnings"
    assert check(log, "--strict").exit_code == 1


def test_missing_response_md_is_a_warning(log: LogBuilder) -> None:
    log.valid(md=None)
    result = check(log)
    assert result.exit_code == 0
    assert findings(result) == [
        f"{FOLDER}/response.md: response.md is missing; create it with the rest of the letter (it may be empty) (warning)"
    ]
    assert check(log, "--strict").exit_code == 1


# --- output formats -------------------------------------------------------------------------------


def test_json_format_contract(log: LogBuilder) -> None:
    log.valid(variant("  - section: s40(2)\n", "  - section: s40(2)\n    ncnd: yes\n"))
    result = check(log, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"files_scanned", "findings"}
    assert data["files_scanned"] == 5  # 3 topics, response.yml and response.md (scanned though the response did not load)
    (finding,) = data["findings"]
    assert {"path", "line", "page", "rule", "category", "severity", "message", "excerpt"} <= set(finding)
    assert finding["path"] == YML
    assert finding["line"] == 12
    assert finding["page"] is None
    assert finding["rule"] == "invalid-data"
    assert finding["category"] == "invalid-data"
    assert finding["severity"] == "error"
    assert finding["field"] == "exemptions[0].ncnd"
    assert finding["message"] == "expected true or false, got 'yes'"
    assert finding["excerpt"] is None


def test_json_format_on_a_clean_log(log: LogBuilder) -> None:
    log.valid()
    result = check(log, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"files_scanned": 6, "findings": []}


def test_json_format_warning_severity(log: LogBuilder) -> None:
    log.valid(md=None)
    data = json.loads(check(log, "--format", "json").stdout)
    assert [(f["severity"], f["category"]) for f in data["findings"]] == [("warning", "invalid-data")]


def test_github_format(log: LogBuilder) -> None:
    log.valid(variant("received: 2026-09-01", "received: 16/12/2019"), md=None)
    result = check(log, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"::error file={YML},line=5,title=invalid-data::received: expected a date written YYYY-MM-DD, got '16/12/2019'; write '2019-12-16'"
    )


def test_github_format_warning_without_line(log: LogBuilder) -> None:
    log.valid(md=None)
    lines = check(log, "--format", "github").stdout.splitlines()
    assert lines == [
        f"::warning file={FOLDER}/response.md,title=invalid-data::"
        "response.md is missing; create it with the rest of the letter (it may be empty)",
        "5 files checked: 0 errors, 1 warning",
    ]


# --- usage errors exit 2 --------------------------------------------------------------------------


def test_bad_today_is_a_usage_error(log: LogBuilder) -> None:
    result = check(log, today="26/11/2026")
    assert result.exit_code == 2
    assert "Error: Invalid value for '--today': expected a date written YYYY-MM-DD, got '26/11/2026'" in result.stderr
    assert_no_traceback(result)


def test_missing_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "nowhere" / "mkdocs.yml"
    result = CliRunner().invoke(main, ["check", "--config-file", str(config), "--today", TODAY_ARG])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {config}: file not found; run foilog in the folder that holds mkdocs.yml or pass --config-file\n"
    assert result.stdout == ""
    assert_no_traceback(result)


def test_config_file_that_is_a_folder(log: LogBuilder) -> None:
    result = CliRunner().invoke(main, ["check", "--config-file", str(log.root), "--today", TODAY_ARG])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {log.root}: is a folder (expected the mkdocs.yml file)")
    assert_no_traceback(result)


def test_malformed_mkdocs_yml(log: LogBuilder) -> None:
    log.config.write_text("site_name: x\nplugins:\n  - foilog:\n    colour: '#123456\n")
    result = check(log)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {log.config}: line ")
    assert "malformed YAML" in result.stderr
    assert_no_traceback(result)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (
            {**DEFAULT_OPTIONS, "colur": "#123456"},
            "plugins.foilog.colur: unknown option (expected one of: responses_dir, register_dir, authorities, authority, colour, "
            "contact_email, logo, publish_staff_names, requester_wording, allowlist, custom_rules, per_page, latest, search_part_size, render_frame_once, parallel); did you mean 'colour'?",
        ),
        (
            {**DEFAULT_OPTIONS, "colour": "navy"},
            "plugins.foilog.colour: expected a colour written \"#rrggbb\" in quotes (a bare # starts a YAML comment), got 'navy'",
        ),
        (
            {**DEFAULT_OPTIONS, "colour": None},
            'plugins.foilog.colour: expected a colour written "#rrggbb" in quotes (a bare # starts a YAML comment), got nothing',
        ),
        ({**DEFAULT_OPTIONS, "per_page": 5}, "plugins.foilog.per_page: expected a whole number from 10 to 500, got 5"),
        (
            {**DEFAULT_OPTIONS, "authority": "northshire"},
            "plugins.foilog: authority: 'northshire' is not the id of one of the authorities "
            "(expected one of: northshire-council, westshire-police); did you mean 'northshire-council'?",
        ),
        (
            {**DEFAULT_OPTIONS, "authorities": [{"id": "Northshire Council", "name": "Northshire"}]},
            "plugins.foilog.authorities[0].id: expected a lower-case id such as 'northshire-council' "
            "(letters, digits and dashes), got 'Northshire Council'",
        ),
        ({**DEFAULT_OPTIONS, "publish_staff_names": "maybe"}, "plugins.foilog.publish_staff_names: expected true or false, got 'maybe'"),
        ("not a mapping", "plugins.foilog: expected a mapping of options (key: value lines)"),
    ],
)
def test_invalid_plugin_options_are_usage_errors(log: LogBuilder, options: object, error: str) -> None:
    log.mkdocs(options)  # type: ignore[arg-type]
    result = check(log)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {log.config}: {error}\n"
    assert_no_traceback(result)


def test_every_bad_plugin_option_is_reported_at_once(log: LogBuilder) -> None:
    log.mkdocs({**DEFAULT_OPTIONS, "colour": "navy", "per_page": 1, "shiny": True})
    result = check(log)
    assert result.exit_code == 2
    assert [line.split(": ")[2] for line in result.stderr.splitlines()] == [
        "plugins.foilog.colour",
        "plugins.foilog.per_page",
        "plugins.foilog.shiny",
    ]


def test_unquoted_colour_in_mkdocs_yml_is_explained(log: LogBuilder) -> None:
    log.config.write_text("site_name: x\ndocs_dir: content\nplugins:\n  - foilog:\n      colour: #1d4f91\n")
    result = check(log)
    assert result.exit_code == 2
    assert 'expected a colour written "#rrggbb" in quotes (a bare # starts a YAML comment), got nothing' in result.stderr


def test_plugins_written_as_a_mapping_are_read(log: LogBuilder) -> None:
    log.config.write_text("site_name: x\ndocs_dir: content\nplugins:\n  search: {}\n  foilog:\n    colour: navy\n")
    result = check(log)
    assert result.exit_code == 2
    assert "plugins.foilog.colour: expected a colour" in result.stderr


def test_mkdocs_yml_custom_tags_are_tolerated(log: LogBuilder) -> None:
    log.mkdocs(DEFAULT_OPTIONS, extra="site_url: !ENV [SITE_URL, 'https://example.invalid/']\n")
    log.valid()
    assert check(log).exit_code == 0


# --- the repository's own sample log ------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    not any((REPO / "responses").glob("*/*/response.yml")), reason="responses/ holds no response.yml yet (the sample log is being written)"
)
def test_repository_sample_log_passes_strict_check() -> None:
    result = CliRunner().invoke(main, ["check", "--config-file", str(REPO / "mkdocs.yml"), "--today", TODAY_ARG, "--strict"])
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output


def test_plugins_that_are_not_a_list(log: LogBuilder) -> None:
    log.config.write_text("site_name: x\ndocs_dir: content\nplugins: foilog\n")
    result = check(log)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {log.config}: plugins: expected a list of plugins (lines starting with '- '), got 'foilog'\n"


# --- pictures of hidden content (--explain) -------------------------------------------------------


def test_check_explain_writes_a_picture_of_a_boxed_name(log: LogBuilder, tmp_path: Path) -> None:
    """`foilog check --explain DIR`: a PDF attachment with a name under a black box gets a picture of its page."""
    import io

    from attachment_builders import box_op, pdf_writer, text_op

    pdf = io.BytesIO()
    pdf_writer([text_op(72, 700, "Dear Jane Hartley") + box_op(100, 695, 120, 20)]).write(pdf)
    yml = variant(ATTACHMENT + "\n    title: Gritting routes 2026/27", "  - path: attachments/letter.pdf\n    title: Our letter")
    log.valid(yml, attachments={"attachments/letter.pdf": pdf.getvalue()})
    out = tmp_path / "pictures"
    result = check(log, "--explain", str(out))
    assert result.exit_code == 1, result.output
    picture = out / f"responses-2026-{VALID_SLUG}-attachments-letter-pdf-page-1.png"
    assert f"Wrote {picture}: page 1 of {FOLDER}/attachments/letter.pdf" in result.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_an_entry_under_the_wrong_list_says_where_it_belongs(log: LogBuilder) -> None:
    text = VALID_YML + "corrections:\n  - path: attachments/gritting-routes.csv\n    title: Gritting routes 2026/27\n"
    assert bad(log, text) == [
        f"{YML}:{text.count(chr(10)) - 1}: corrections[0]: this looks like an item of `attachments:` (path, title, description), "
        "not of `corrections:` (date, note); move it under `attachments:`, or give it the fields of `corrections:` (error)"
    ]


def test_a_long_date_gets_the_exact_text_to_write(log: LogBuilder) -> None:
    assert bad(log, variant("received: 2026-09-01", "received: 28 August 2026")) == [
        f"{YML}:5: received: expected a date written YYYY-MM-DD, got '28 August 2026'; write '2026-08-28' (error)"
    ]
