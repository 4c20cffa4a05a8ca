"""The closed requests of the sample log (published responses + the register) and the leak gate on register files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from logbuilder import TODAY, LogBuilder

from foilog.commands.cli import main
from foilog.log.model import Log
from foilog.log.requests import REGISTER_COLUMNS, record_of, request_records

REGISTER_ROWS = {
    "FOI-2025-0107": ("register/2025.csv:2", "personal-data"),
    "FOI-2025-0152": ("register/2025.csv:3", "withdrawn"),
    "FOI-2025-0230": ("register/2025.csv:4", "vexatious"),
    "FOI-2025-0231": ("register/2025.csv:5", "duplicate"),
    "EIR-2025-0301": ("register/2025.csv:6", "identifying-requester"),
    "FOI-2025-0414": ("register/2025.csv:7", "embargoed"),
    "FOI-2025-0520": ("register/2025.csv:8", "personal-data"),
    "CC-EISR-2025-044": ("register/2025.csv:9", "duplicate"),
    "CC-FOISA-2025-130": ("register/2025.csv:10", "personal-data"),
}


def test_sample_register_loads_clean(sample_log: Log) -> None:
    assert [f.as_text() for f in sample_log.findings if f.path.startswith("register/")] == []
    assert {r.reference: (r.source, r.not_published_reason) for r in sample_log.register} == REGISTER_ROWS


def test_sample_records(sample_log: Log) -> None:
    records = request_records(sample_log)
    assert len(records) == len(sample_log.responses) + 9 == 34
    assert records == sorted(records, key=lambda r: (r.responded, r.reference))
    by_reference = {r.reference: r for r in records}
    withdrawn = by_reference["FOI-2025-0152"]
    assert (withdrawn.outcome, withdrawn.published, withdrawn.received, withdrawn.responded) == (
        None,
        False,
        dt.date(2025, 3, 12),
        dt.date(2025, 3, 20),
    )
    appealed = by_reference["FOI-2025-0107"]
    assert appealed.review is not None and appealed.review.outcome == "upheld"
    assert [(a.regulator, a.case_reference, a.outcome) for a in appealed.appeals] == [("ICO", "IC-300111-B2C4", "not-upheld")]
    ncnd = by_reference["FOI-2025-0520"]
    assert [(e.section, e.ncnd) for e in ncnd.exemptions] == [("s40(5B)", True)]
    assert [(e.event, e.date) for e in by_reference["EIR-2025-0301"].clock] == [("regulation-7-extension", dt.date(2025, 8, 8))]
    # Published responses fill their own rows; the embargoed one is closed but not published yet.
    extension = by_reference["FOI-2025-0388"]
    assert (extension.published, extension.source, extension.published_on) == (
        True,
        "responses/2025/foi-2025-0388/response.yml",
        dt.date(2025, 4, 24),
    )
    assert [e.event for e in extension.clock] == ["public-interest-extension"]
    embargoed = by_reference["FOI/2026/0917"]
    assert (embargoed.published, embargoed.not_published_reason, embargoed.published_on) == (False, "embargoed", None)
    unpublished = sorted(r.reference for r in records if not r.published)
    assert unpublished == sorted([*REGISTER_ROWS, "FOI/2026/0917"])


def test_record_of_after_the_embargo(sample_log: Log) -> None:
    response = next(r for r in sample_log.responses if r.reference == "FOI/2026/0917")
    later = record_of(response, dt.date(2027, 3, 1))
    assert (later.published, later.not_published_reason, later.published_on) == (True, None, dt.date(2027, 3, 1))


def test_the_gate_scans_register_files(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    (tmp_path / "register").mkdir()
    row = "FOI-2026-0100,northshire-council,FOIA,2026-03-02,2026-03-20,vexatious,s14(1),,,,,,,,,,no,jane.doe@example-mail.co.uk"
    (tmp_path / "register" / "2026.csv").write_text(",".join(REGISTER_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY.isoformat(), "--no-cache"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith("register/2026.csv:2: A person's e-mail address was found.") and "(error: email)" in line for line in lines
    ), result.output
    # The loader's own message masks the value: CI logs are public.
    assert (
        "register/2026.csv:2: not_published_reason: expected one of: personal-data, withdrawn, vexatious, duplicate, "
        "identifying-requester, embargoed, got 'j***@example-mail.co.uk' (masked) (error)"
    ) in lines
    assert "jane.doe" not in result.output


def test_the_gate_scans_a_register_file_with_a_bad_header(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "2026.csv").write_text("reference,notes\nFOI-1,asked by jane.doe@example-mail.co.uk\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY.isoformat(), "--no-cache"])
    assert result.exit_code == 1
    assert "register/2026.csv:2: A person's e-mail address was found." in result.output
    assert "register/2026.csv:1: unknown column 'notes'" in result.output
