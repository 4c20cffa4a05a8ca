"""The register (``register/<year>.csv``): each rule, its exact message and where it points (file, line, column)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from logbuilder import TODAY, VALID_REFERENCE, LogBuilder

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.model import Log
from foilog.log.requests import REGISTER_COLUMNS, request_records
from foilog.log.schema import Appeal, ClockEvent, ExemptionUse, Review

HEADER = ",".join(REGISTER_COLUMNS)
#: A valid row: a vexatious refusal, not published.
ROW = "FOI-2026-0100,northshire-council,FOIA,2026-03-02,2026-03-20,vexatious,s14(1),,,,,,,,,,no,vexatious"


def cells(**changes: str) -> str:
    """:data:`ROW` with some columns changed."""
    values = dict(zip(REGISTER_COLUMNS, ROW.split(","), strict=True))
    values.update(changes)
    return ",".join(values[c] for c in REGISTER_COLUMNS)


def load(tmp_path: Path, *rows: str, name: str = "2026.csv", header: str = HEADER, options: dict | None = None) -> Log:
    builder = LogBuilder(tmp_path, options=options)
    folder = tmp_path / "register"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return load_log(load_project(builder.config), TODAY)


def messages(log: Log) -> list[str]:
    return [f.as_text() for f in log.findings if f.path.startswith("register/")]


def test_a_valid_row_becomes_a_record(tmp_path: Path) -> None:
    row = cells(
        outcome="refused",
        exemptions="s40(2); s40(5B)",
        ncnd="s40(5B)",
        clock="public-interest-extension 2026-03-10 2026-04-01;transferred 2026-03-05",
        review_requested="2026-03-25",
        review_responded="2026-04-20",
        review_outcome="upheld",
        appeal_regulator="ICO",
        appeal_reference="IC-1234-AB",
        appeal_decided="2026-09-01",
        appeal_outcome="not-upheld",
        not_published_reason="personal-data",
    )
    log = load(tmp_path, row, cells(reference="FOI-2026-0101", authority="", outcome="", exemptions="", not_published_reason="withdrawn"))
    assert messages(log) == []
    first, second = log.register
    assert first.reference == "FOI-2026-0100"
    assert first.source == "register/2026.csv:2"
    assert first.exemptions == (ExemptionUse(section="s40(2)"), ExemptionUse(section="s40(5B)", ncnd=True))
    assert first.clock == (
        ClockEvent(event="public-interest-extension", date=dt.date(2026, 3, 10), new_target=dt.date(2026, 4, 1)),
        ClockEvent(event="transferred", date=dt.date(2026, 3, 5)),
    )
    assert first.review == Review(requested=dt.date(2026, 3, 25), responded=dt.date(2026, 4, 20), outcome="upheld")
    assert first.appeals == (Appeal(regulator="ICO", case_reference="IC-1234-AB", decided=dt.date(2026, 9, 1), outcome="not-upheld"),)
    assert (first.published, first.not_published_reason) == (False, "personal-data")
    assert second.authority == "northshire-council"  # empty: the site's own
    assert (second.outcome, second.not_published_reason, second.source) == (None, "withdrawn", "register/2026.csv:3")


def test_no_register_folder_is_no_register(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    log = load_log(load_project(builder.config), TODAY)
    assert log.register == [] and log.findings == []


def test_register_dir_option(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path, options={"authority": "a", "authorities": [{"id": "a", "name": "A"}], "register_dir": "closed"})
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "2026.csv").write_text(f"{HEADER}\n{cells(authority='a')}\n", encoding="utf-8")
    log = load_log(load_project(builder.config), TODAY)
    assert [r.source for r in log.register] == ["closed/2026.csv:2"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            HEADER.replace("recieved", "x").replace("received", "recieved"),
            "register/2026.csv:1: unknown column 'recieved'; did you mean 'received'? (the register holds no other columns: no free text); "
            f"missing column received; the header must be exactly: {HEADER}",
        ),
        (
            HEADER + ",notes",
            f"register/2026.csv:1: unknown column 'notes' (the register holds no other columns: no free text); the header must be exactly: {HEADER}",
        ),
        (
            HEADER.replace(",ncnd", ""),
            f"register/2026.csv:1: missing column ncnd; the header must be exactly: {HEADER}",
        ),
        (
            HEADER.replace("authority,regime", "regime,authority"),
            f"register/2026.csv:1: the columns are in another order; the header must be exactly: {HEADER}",
        ),
    ],
)
def test_header(tmp_path: Path, header: str, message: str) -> None:
    log = load(tmp_path, ROW, header=header)
    assert messages(log) == [message]
    assert log.register == [] and log.errors


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reference": ""}, "reference: is empty (expected the authority's reference, such as 'FOI-2025-0107')"),
        (
            {"reference": "Jane Smith"},
            "reference: expected the authority's reference (letters, digits and / . _ -, no spaces, at most 80 characters), got 'J*** S****' (masked)",
        ),
        (
            {"authority": "westshire"},
            "authority: expected one of: northshire-council, westshire-police, got 'westshire'; did you mean 'westshire-police'?",
        ),
        ({"regime": "foia"}, "regime: expected one of: FOIA, EIR, FOISA, EISR, got 'foia'; did you mean 'FOIA'?"),
        ({"received": "02/03/2026"}, "received: expected a date written YYYY-MM-DD, got '02/03/2026'; write '2026-03-02'"),
        ({"responded": "2026-02-30"}, "responded: '2026-02-30' is not a real date (February 2026 has 28 days; expected YYYY-MM-DD)"),
        ({"responded": ""}, "responded: is empty (expected a date written YYYY-MM-DD)"),
        ({"responded": "2026-02-27"}, "responded: 2026-02-27 is before the request was received (2026-03-02)"),
        (
            {"received": "2025-12-01", "responded": "2025-12-20"},
            "responded: 2025-12-20 is in 2025, not 2026; move the row to register/2025.csv",
        ),
        ({"responded": "2026-12-01"}, "responded: 2026-12-01 is in the future; the register lists requests already closed"),
        (
            {"outcome": "granted"},
            "outcome: expected one of: granted-in-full, granted-in-part, refused, not-held, neither-confirm-nor-deny, "
            "cost-limit, vexatious, got 'granted'; did you mean 'granted-in-part' or 'granted-in-full'?",
        ),
        (
            {"outcome": ""},
            "outcome: is empty (expected one of: granted-in-full, granted-in-part, refused, not-held, "
            "neither-confirm-nor-deny, cost-limit, vexatious); only a request the requester withdrew has no outcome",
        ),
        ({"not_published_reason": "withdrawn"}, "outcome: a request the requester withdrew has no outcome; leave the cell empty"),
        (
            {"exemptions": "section 14(1)"},
            "exemptions: expected sections such as 's40(2)' or 'reg12(5)(b)' separated by ';', got 'section 14(1)'; write 's14(1)'",
        ),
        (
            {"ncnd": "s40(5B)"},
            "ncnd: 's40(5B)' is not in the exemptions column; list every section applied to neither confirm nor deny there too",
        ),
        (
            {"clock": "pit-extension 2026-03-10"},
            "clock: unknown clock event 'pit-extension' (expected one of: public-interest-extension, "
            "regulation-7-extension, clarification-sought, clarification-received, fees-notice, fees-paid, transferred); "
            "did you mean 'public-interest-extension' or 'regulation-7-extension'?",
        ),
        (
            {"clock": "public-interest-extension 2026-03-10"},
            "clock: 'public-interest-extension 2026-03-10': expected 'public-interest-extension' "
            "followed by its date and the new target date, written event YYYY-MM-DD (and the new target date after a "
            "public-interest-extension), events separated by ';'",
        ),
        (
            {"clock": "fees-notice 10/03/2026"},
            "clock: 'fees-notice 10/03/2026': expected a date written YYYY-MM-DD, got '10/03/2026'; write '2026-03-10'",
        ),
        (
            {"clock": "public-interest-extension 2026-03-10 2026-03-09"},
            "clock: 'public-interest-extension 2026-03-10 2026-03-09': the new target "
            "2026-03-09 must be after the day the requester was told (2026-03-10)",
        ),
        (
            {"review_responded": "2026-04-20", "review_outcome": "upheld"},
            "review_requested: is empty; a review's response or outcome needs the date the review was requested",
        ),
        (
            {"review_requested": "2026-03-25", "review_responded": "2026-04-20"},
            "review_outcome: is empty; the review was responded to, so give "
            "its outcome: one of upheld, upheld-with-modifications, overturned",
        ),
        ({"review_requested": "2026-03-10"}, "review_requested: 2026-03-10 is before the request was answered (2026-03-20)"),
        ({"appeal_reference": "IC-1"}, "appeal_regulator: is empty; an appeal needs its regulator: ICO or SIC"),
        ({"appeal_regulator": "SIC", "appeal_reference": "202600001"}, "appeal_regulator: a FOIA complaint goes to the ICO, not the SIC"),
        ({"appeal_regulator": "ICO"}, "appeal_reference: is empty; give the regulator's case reference, such as 'IC-123456-A1B2'"),
        (
            {"appeal_regulator": "ICO", "appeal_reference": "IC-1", "appeal_decided": "2026-06-01"},
            "appeal_outcome: is empty; the case was "
            "decided, so give its outcome: one of upheld, partly-upheld, not-upheld, withdrawn, informally-resolved",
        ),
        ({"published": "No"}, "published: expected one of: yes, no, got 'No'; did you mean 'no'?"),
        (
            {"published": "yes", "not_published_reason": ""},
            "published: a published response fills its own row of the register (from its "
            "response.yml); delete this row, or write 'no' with a not_published_reason",
        ),
        (
            {"not_published_reason": ""},
            "not_published_reason: is empty; say why the response was not published: one of personal-data, "
            "withdrawn, vexatious, duplicate, identifying-requester, embargoed",
        ),
        (
            {"not_published_reason": "confidential"},
            "not_published_reason: expected one of: personal-data, withdrawn, vexatious, duplicate, "
            "identifying-requester, embargoed, got 'confidential'",
        ),
    ],
)
def test_row_rules(tmp_path: Path, changes: dict[str, str], message: str) -> None:
    log = load(tmp_path, ROW.replace("0100", "0099"), cells(**changes))
    assert messages(log) == [f"register/2026.csv:3: {message}"]
    column = next(iter(f for f in log.findings if f.path.startswith("register/")))
    assert column.extra["column"] == str(REGISTER_COLUMNS.index(column.field or "") + 1)
    assert [r.reference for r in log.register] == ["FOI-2026-0099"]  # the bad row is left out, the good one kept
    assert log.errors


def test_duplicates_across_files(tmp_path: Path) -> None:
    log = load(tmp_path, ROW)
    (tmp_path / "register" / "2025.csv").write_text(f"{HEADER}\n{cells(received='2025-03-02', responded='2025-03-20')}\n", encoding="utf-8")
    log = load_log(load_project(tmp_path / "mkdocs.yml"), TODAY)
    assert messages(log) == [
        "register/2026.csv:2: reference: 'FOI-2026-0100' is on the register already (register/2025.csv:2); each request has one row"
    ]


def test_a_published_response_fills_its_own_row(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    builder.valid()
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "2026.csv").write_text(f"{HEADER}\n{cells(reference=VALID_REFERENCE)}\n", encoding="utf-8")
    log = load_log(load_project(builder.config), TODAY)
    assert messages(log) == [
        f"register/2026.csv:2: reference: '{VALID_REFERENCE}' is a response of the log (responses/2026/ncc-foi-26-0042/response.yml), "
        "which fills its own row of the register; delete this row"
    ]
    assert log.register == []
    assert [r.source for r in request_records(log)] == ["responses/2026/ncc-foi-26-0042/response.yml"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "notes.csv",
            f"{HEADER}\n{ROW}\n",
            "register/notes.csv:1: a register file is named after its year, such as 'register/2025.csv'; rename 'notes.csv'",
        ),
        ("2026.csv", "", f"register/2026.csv:1: the file is empty; its first line must be the header: {HEADER}"),
        ("2026.csv", f"{HEADER}\n{ROW},extra\n", "register/2026.csv:2: the row has 19 cells, expected 18 (one per column of the header)"),
        (
            "2026.csv",
            f'{HEADER}\n{ROW}\n"FOI-1\nJane",{ROW.split(",", 1)[1]}\n',
            "register/2026.csv:3: a cell holds a line break; the register holds no free text: one line per request",
        ),
    ],
)
def test_file_problems(tmp_path: Path, name: str, text: str, message: str) -> None:
    builder = LogBuilder(tmp_path)
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / name).write_text(text, encoding="utf-8")
    log = load_log(load_project(builder.config), TODAY)
    assert messages(log) == [message]


def test_not_utf8(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "2026.csv").write_bytes(f"{HEADER}\n{ROW}\n".encode() + b"FOI-\xe9\n")
    log = load_log(load_project(builder.config), TODAY)
    assert messages(log) == ["register/2026.csv:3: the file is not UTF-8 text; save it as 'CSV UTF-8 (comma delimited)'"]


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "2026.csv").write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW}\r\n".encode())
    log = load_log(load_project(builder.config), TODAY)
    assert messages(log) == [] and [r.source for r in log.register] == ["register/2026.csv:2"]


def test_check_reports_register_errors(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from foilog.commands.cli import main

    load(tmp_path, cells(regime="FOI"))
    result = CliRunner().invoke(main, ["check", "--config-file", str(tmp_path / "mkdocs.yml"), "--today", TODAY.isoformat()])
    assert result.exit_code == 1, result.output
    assert (
        "register/2026.csv:2: regime: expected one of: FOIA, EIR, FOISA, EISR, got 'FOI'; did you mean 'FOIA' or 'FOISA'?" in result.output
    )
