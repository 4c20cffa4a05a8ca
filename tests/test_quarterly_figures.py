"""The regulators' quarterly figures (foilog.site.quarterly), from closed requests built in code.

Each expected figure is worked out by hand in the comments (dates checked against the calendars:
14 July 2025 is Northern Ireland's Battle of the Boyne holiday, so it is no working day under FOIA
and the EIR; 4 August 2025 is Scotland's summer bank holiday and 25 August England's).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from foilog.log.requests import RequestRecord
from foilog.log.schema import Appeal, ClockEvent, ExemptionUse, Review
from foilog.site.quarterly import FORMATS, Quarter, figures, parse_quarter
from foilog.site.quarterly.figures import section_head
from foilog.site.quarterly.timeliness import review_in_time, status_of

D = dt.date.fromisoformat


def rec(
    reference: str,
    regime: str,
    received: str,
    responded: str,
    outcome: str | None,
    exemptions: tuple[tuple[str, bool], ...] = (),
    clock: tuple[dict[str, Any], ...] = (),
    review: dict[str, Any] | None = None,
    appeals: tuple[dict[str, Any], ...] = (),
) -> RequestRecord:
    return RequestRecord(
        reference=reference,
        authority="an-authority",
        regime=regime,
        received=D(received),
        responded=D(responded),
        outcome=outcome,
        exemptions=tuple(ExemptionUse(section=s, ncnd=n) for s, n in exemptions),
        clock=tuple(ClockEvent.model_validate(c) for c in clock),
        review=Review.model_validate(review) if review else None,
        appeals=tuple(Appeal.model_validate(a) for a in appeals),
        published=False,
        not_published_reason="personal-data",
        source=f"register/2025.csv:{reference}",
    )


RECORDS = [
    # A: 20 working days from 7 July end 4 August (14 July is NI's holiday); answered 25 July: on time.
    rec("A", "FOIA", "2025-07-07", "2025-07-25", "granted-in-full"),
    # B: due 2 September (25 August is a bank holiday); answered 15 September: late.
    rec("B", "FOIA", "2025-08-04", "2025-09-15", "refused", (("s43(2)", False),)),
    # C: due 11 August; regulation 7 extension told on 8 August (within the 20 days) to 40 working days
    # (8 September); answered 28 August: on time with a permitted extension.
    rec(
        "C",
        "EIR",
        "2025-07-14",
        "2025-08-28",
        "granted-in-part",
        (("reg12(5)(e)", False), ("reg13(1)", False)),
        clock=({"event": "regulation-7-extension", "date": "2025-08-08"},),
    ),
    # D: 19 working days (2-26 September): on time; NCND under s40(5B).
    rec("D", "FOIA", "2025-09-01", "2025-09-26", "neither-confirm-nor-deny", (("s40(5B)", True),)),
    # E: received in the quarter, answered 20 October (the 20th working day) with a cost-limit refusal.
    rec("E", "FOIA", "2025-09-22", "2025-10-20", "cost-limit", (("s12(1)", False),)),
    # F: withdrawn by the requester.
    rec("F", "FOIA", "2025-07-01", "2025-07-10", None),
    # G: received in Q2; review asked 7 July, overturned 30 July: 16 working days (14 July not one).
    rec(
        "G",
        "FOIA",
        "2025-06-02",
        "2025-06-27",
        "granted-in-full",
        review={"requested": "2025-07-07", "responded": "2025-07-30", "outcome": "overturned"},
    ),
    # H: received in Q2; review asked 20 June (Q2), upheld 29 August (Q3): far over 20 working days;
    # the ICO decided the complaint on 10 September: not upheld.
    rec(
        "H",
        "FOIA",
        "2025-05-01",
        "2025-05-29",
        "not-held",
        review={"requested": "2025-06-20", "responded": "2025-08-29", "outcome": "upheld"},
        appeals=({"regulator": "ICO", "case_reference": "IC-1-A", "decided": "2025-09-10", "outcome": "not-upheld"},),
    ),
    # I: FOISA, 20th Scottish working day after 2 July is 30 July: on time; review asked 11 August,
    # answered 5 September: 19 working days (4 August, Scotland's holiday, is before it); SIC decided 29 September.
    rec(
        "I",
        "FOISA",
        "2025-07-02",
        "2025-07-30",
        "refused",
        (("s38(1)(b)", False),),
        review={"requested": "2025-08-11", "responded": "2025-09-05", "outcome": "upheld-with-modifications"},
        appeals=({"regulator": "SIC", "case_reference": "202500001", "decided": "2025-09-29", "outcome": "partly-upheld"},),
    ),
    # J: EIR, not held, 14 working days: on time.
    rec("J", "EIR", "2025-09-10", "2025-09-30", "not-held", (("reg12(4)(a)", False),)),
    # K: EISR received in Q2 (16 June): due 14 July in Scotland; answered 15 July: late.
    rec("K", "EISR", "2025-06-16", "2025-07-15", "granted-in-full"),
    # L: FOISA, NCND under s35(1)(a), 13 working days: on time.
    rec("L", "FOISA", "2025-08-01", "2025-08-20", "neither-confirm-nor-deny", (("s35(1)(a)", True),)),
]

Q3 = Quarter(2025, 3)


def table(fmt: str, as_of: str = "2025-10-15", records: list[RequestRecord] = RECORDS) -> dict[tuple[str, str], list[str]]:
    return {(c.table, c.field): c.references for c in figures(fmt, records, Q3, D(as_of))}


def test_quarters_are_calendar_quarters_written_yyyyqn() -> None:
    assert parse_quarter("2026Q3") == Quarter(2026, 3)
    assert parse_quarter("2026-q1") == Quarter(2026, 1)
    q = parse_quarter("2024Q1")
    assert (q.first, q.last) == (D("2024-01-01"), D("2024-03-31"))
    assert (Quarter(2025, 4).first, Quarter(2025, 4).last) == (D("2025-10-01"), D("2025-12-31"))
    assert Quarter(2025, 3).span == "1 July 2025 to 30 September 2025"
    with pytest.raises(ValueError, match=r"expected a quarter written YYYYQn \(e.g. 2026Q3 for July to September 2026\), got '2026Q5'"):
        parse_quarter("2026Q5")
    with pytest.raises(ValueError, match=r"got 'Q3 2026'; write '2026Q3'"):
        parse_quarter("Q3 2026")
    with pytest.raises(ValueError, match="before FOIA and FOISA came into force"):
        parse_quarter("2004Q4")


def test_timeliness_follows_the_legal_clock() -> None:
    by_ref = {r.reference: r for r in RECORDS}
    assert [status_of(by_ref[x]) for x in "ABCDJKIL"] == [
        "on-time",
        "late",
        "on-time-extended",
        "on-time",
        "on-time",
        "late",
        "on-time",
        "on-time",
    ]
    assert review_in_time(by_ref["G"]) is True
    assert review_in_time(by_ref["H"]) is False
    assert review_in_time(by_ref["A"]) is None


def test_sections_are_counted_as_the_returns_count_them() -> None:
    assert [section_head(s) for s in ("s38(1)(b)", "s40(5B)", "s12(1)", "reg12(5)(e)", "reg13(1)", "reg10(4)(a)", "reg11")] == [
        "s38",
        "s40",
        "s12",
        "reg12(5)(e)",
        "reg13",
        "reg10(4)(a)",
        "reg11",
    ]


def test_s45_figures_cell_by_cell() -> None:
    t = table("s45")
    # Received 1 July - 30 September, FOIA and EIR: A B C D E F J (G and H came in Q2; I, K, L are Scottish).
    assert t["Requests", "Requests received during the period"] == ["A", "B", "C", "D", "E", "F", "J"]
    # E was answered on 20 October, after the day the figures were made (15 October).
    assert t["Requests", "Received requests not yet processed"] == ["E"]
    assert t["Requests", "Received requests processed in full"] == ["A", "B", "C", "D", "J"]
    assert t["Requests", "Requests withdrawn by the requester"] == ["F"]
    assert t["Timeliness", "Processed within the statutory deadline"] == ["A", "D", "J"]
    assert t["Timeliness", "Processed where the deadline was extended"] == ["C"]
    assert t["Timeliness", "Processed later than the statutory deadline"] == ["B"]
    assert t["Outcomes", "Information granted in full"] == ["A"]
    # Refused in full: B (refused) and D (neither confirm nor deny: nothing released).
    assert t["Outcomes", "Information refused in full"] == ["B", "D"]
    assert t["Outcomes", "Information granted in part and refused in part"] == ["C"]
    assert t["Outcomes", "Information not held"] == ["J"]
    # Reviews asked for in Q3: G (H's was asked for in June); answered in Q3: G and H; in time: G only.
    assert t["Internal reviews", "Requests referred for internal review"] == ["G"]
    assert t["Internal reviews", "Internal reviews completed"] == ["G", "H"]
    assert t["Internal reviews", "Internal reviews completed within 20 working days"] == ["G"]
    assert t["Internal reviews", "Internal reviews completed: original decision upheld"] == ["H"]
    assert t["Internal reviews", "Internal reviews completed: upheld with modifications"] == []
    assert t["Internal reviews", "Internal reviews completed: original decision overturned"] == ["G"]
    assert len(t) == 17


def test_s45_status_depends_on_the_day_the_figures_are_made() -> None:
    t = table("s45", as_of="2025-10-31")
    assert t["Requests", "Received requests not yet processed"] == []
    # E: the 20th working day after 22 September is 20 October: on time, and a refusal (cost limit).
    assert t["Timeliness", "Processed within the statutory deadline"] == ["A", "D", "E", "J"]
    assert t["Outcomes", "Information refused in full"] == ["B", "D", "E"]


def test_cabinet_office_figures_cell_by_cell() -> None:
    t = table("cabinet-office")
    assert t["Requests received", "All requests received"] == ["A", "B", "C", "D", "E", "F", "J"]
    assert t["Requests received", "of which EIR requests"] == ["C", "J"]
    assert t["Timeliness", "Responded to"] == ["A", "B", "C", "D", "J"]
    assert t["Timeliness", "Met deadline (within 20 working days)"] == ["A", "D", "J"]
    assert t["Timeliness", "Permitted extension to the deadline"] == ["C"]
    assert t["Timeliness", "Answered in time (deadline met or permitted extension)"] == ["A", "C", "D", "J"]
    assert t["Timeliness", "Deadline exceeded"] == ["B"]
    assert t["Timeliness", "Not yet responded"] == ["E"]
    assert t["Initial outcomes", "Lapsed or withdrawn"] == ["F"]
    assert t["Initial outcomes", "Information not held"] == ["J"]
    # Resolvable: all received less withdrawn (F) and not held (J); E, not yet processed, is resolvable.
    assert t["Initial outcomes", "Resolvable requests"] == ["A", "B", "C", "D", "E"]
    assert t["Initial outcomes", "Granted in full"] == ["A"]
    assert t["Initial outcomes", "Withheld in full"] == ["B", "D"]
    assert t["Initial outcomes", "Partially withheld"] == ["C"]
    assert t["Initial outcomes", "Not yet processed"] == ["E"]
    assert t["Reasons for withholding", "Withheld in full or in part"] == ["B", "C", "D"]
    assert t["Reasons for withholding", "Withheld: cost limit (s12)"] == []
    assert t["Reasons for withholding", "Withheld: vexatious or repeated (s14)"] == []
    assert t["Reasons for withholding", "Withheld: other exemptions and exceptions"] == ["B", "C", "D"]
    exemptions = [(field, refs) for (tbl, field), refs in t.items() if tbl == "Exemptions and exceptions"]
    # NCND counted by section (D under s40), as the regulator asks.
    assert exemptions == [
        ("Exemption applied: reg12(4)(a)", ["J"]),
        ("Exemption applied: reg12(5)(e)", ["C"]),
        ("Exemption applied: reg13", ["C"]),
        ("Exemption applied: s40", ["D"]),
        ("Exemption applied to neither confirm nor deny: s40", ["D"]),
        ("Exemption applied: s43", ["B"]),
    ]
    assert t["Internal reviews", "Internal reviews received"] == ["G"]
    assert t["Internal reviews", "Original decision upheld in full"] == ["H"]
    assert t["Internal reviews", "Original decision overturned"] == ["G"]
    assert t["Complaints to the Information Commissioner", "ICO cases decided"] == ["H"]
    assert t["Complaints to the Information Commissioner", "ICO cases decided: not upheld (in the authority's favour)"] == ["H"]
    assert t["Complaints to the Information Commissioner", "ICO cases decided: partly upheld"] == []
    # Once E is answered (a cost-limit refusal), it is withheld in full, for the cost limit.
    later = table("cabinet-office", as_of="2025-10-31")
    assert later["Initial outcomes", "Withheld in full"] == ["B", "D", "E"]
    assert later["Reasons for withholding", "Withheld: cost limit (s12)"] == ["E"]
    assert later["Exemptions and exceptions", "Exemption applied: s12"] == ["E"]


def test_sic_figures_cell_by_cell_foisa_and_eisr_apart() -> None:
    t = table("sic")
    assert t["FOISA", "Requests received"] == ["I", "L"]
    assert t["FOISA", "Requests responded to"] == ["I", "L"]
    assert t["FOISA", "Responded to within the statutory timescale"] == ["I", "L"]
    assert t["FOISA", "Responded to outwith the statutory timescale"] == []
    assert t["FOISA", "Requests withdrawn"] == []
    assert t["FOISA", "Outcome: Information withheld in full"] == ["I"]
    assert t["FOISA", "Outcome: Neither confirmed nor denied the information is held"] == ["L"]
    assert t["FOISA", "Outcome: All information disclosed"] == []
    assert t["FOISA", "Exemption applied: s35"] == ["L"]
    assert t["FOISA", "Exemption applied to neither confirm nor deny: s35"] == ["L"]
    assert t["FOISA", "Exemption applied: s38"] == ["I"]
    assert ("FOISA", "Exemption applied to neither confirm nor deny: s38") not in t
    assert t["FOISA", "Exemption applied: s18 (neither confirm nor deny)"] == ["L"]
    assert t["FOISA", "Requirements for review received"] == ["I"]
    assert t["FOISA", "Reviews responded to"] == ["I"]
    assert t["FOISA", "Reviews responded to within 20 working days"] == ["I"]
    assert t["FOISA", "Review outcome: original decision confirmed with modifications"] == ["I"]
    assert t["FOISA", "Applications to the Commissioner decided"] == ["I"]
    assert t["FOISA", "Applications to the Commissioner decided: partly upheld"] == ["I"]
    # EISR: K came in on 16 June (Q2) and was answered late on 15 July (Q3).
    assert t["EISR", "Requests received"] == []
    assert t["EISR", "Requests responded to"] == ["K"]
    assert t["EISR", "Responded to within the statutory timescale"] == []
    assert t["EISR", "Responded to outwith the statutory timescale"] == ["K"]
    assert t["EISR", "Outcome: All information disclosed"] == ["K"]
    assert not any(tbl == "EISR" and field.startswith("Exception applied") for tbl, field in t)
    # FOIA and EIR requests are not in the Scottish return at all.
    assert not {"A", "B", "C", "D", "E", "F", "G", "H", "J"} & {ref for refs in t.values() for ref in refs}


def test_every_format_is_registered_with_its_regimes() -> None:
    assert list(FORMATS) == ["s45", "sic", "cabinet-office"]
    assert FORMATS["sic"].regimes == ("FOISA", "EISR")


def test_csv_and_text_output_with_and_without_audit() -> None:
    from foilog.site.quarterly.output import csv_text, text_table

    cells = figures("s45", RECORDS, Q3, D("2025-10-15"))[:2]
    assert csv_text(cells, audit=False).splitlines() == [
        "table,field,value",
        "Requests,Requests received during the period,7",
        "Requests,Received requests not yet processed,1",
    ]
    audited = csv_text(cells, audit=True).splitlines()
    assert audited[0] == "table,field,value,references"
    assert audited[2] == "Requests,Received requests not yet processed,1,E (register/2025.csv:E)"
    text = text_table(["Heading"], cells, audit=True)
    assert text.splitlines() == [
        "Heading",
        "",
        "Requests",
        "  Requests received during the period  7",
        *(f"      {ref} (register/2025.csv:{ref})" for ref in "ABCDEFJ"),
        "  Received requests not yet processed  1",
        "      E (register/2025.csv:E)",
    ]


def test_a_reference_a_spreadsheet_would_run_is_written_inert() -> None:
    from foilog.site.quarterly.output import csv_text

    hostile = rec("=HYPERLINK(1)", "FOIA", "2025-07-07", "2025-07-25", "granted-in-full")
    cells = figures("s45", [hostile], Q3, D("2025-10-15"))[:1]
    assert (
        csv_text(cells, audit=True).splitlines()[1]
        == "Requests,Requests received during the period,1,'=HYPERLINK(1) (register/2025.csv:=HYPERLINK(1))"
    )


def test_every_field_of_every_format_is_documented_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The regulators' quarterly figures", 1)[1].split("\n## ", 1)[0]
    per_section = ("Exemption applied", "Exception applied")
    for name in FORMATS:
        for c in figures(name, RECORDS, Q3, D("2025-12-31")):
            if c.field.startswith(per_section) and c.field != "Exemption applied: s18 (neither confirm nor deny)":
                continue
            assert c.field in section, f"{name}: '{c.field}' is not in the README's section on foilog stats"
            assert f"| {c.table} |" in section or f"`{c.table}`" in section, c.table


def test_a_reference_with_a_newline_stays_on_its_audit_line() -> None:
    from foilog.site.quarterly.output import text_table

    odd = rec("FOI-1\n  Requests received during the period  99", "FOIA", "2025-07-07", "2025-07-25", "granted-in-full")
    lines = text_table([], figures("s45", [odd], Q3, D("2025-10-15"))[:1], audit=True).splitlines()
    assert len(lines) == 4
    assert lines[3].startswith("      FOI-1\\n")
