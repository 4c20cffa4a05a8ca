"""``foilog stats`` on the sample log (responses/ and register/2025.csv), checked cell by cell.

The expected figures are worked out by hand below from the sample data; ``--today`` is fixed so
that every request of the quarters asked about is closed. Working days: FOIA and the EIR skip a
bank holiday in any part of the UK, FOISA and EISR Scotland's only.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner, Result
from logbuilder import TODAY_ARG, VALID_REFERENCE, VALID_SLUG, LogBuilder, variant
from sitetools import REPO

from foilog.commands.cli import main

TODAY = "2026-12-06"
NORTH = "northshire-council"
CALEDON = "caledon-council"
REGISTER = "register/2025.csv"


def stats(*args: str) -> Result:
    return CliRunner().invoke(main, ["stats", "--config-file", str(REPO / "mkdocs.yml"), "--today", TODAY, *args])


def figures_of(*args: str, tmp_path: Path) -> dict[tuple[str, str], list[str]]:
    """{(table, field): references} from the CSV written with --audit (the value is checked against the references)."""
    out = tmp_path / ("-".join(args).replace("--", "") + ".csv")
    result = stats(*args, "--out", str(out), "--audit")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    table: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        refs = [entry.split(" (")[0] for entry in row["references"].split("; ")] if row["references"] else []
        assert int(row["value"]) == len(refs), row
        table[row["table"], row["field"]] = refs
    return table


def test_s45_2025q3_northshire(tmp_path: Path) -> None:
    t = figures_of("--format", "s45", "--quarter", "2025Q3", "--authority", NORTH, tmp_path=tmp_path)
    # Received 1 July - 30 September 2025 (FOIA and EIR, Northshire): EIR-2025-0212 (7 July, published),
    # EIR-2025-0301 (14 July), FOI-2025-0414 (4 August), FOI-2025-0520 (1 September) (register rows).
    assert t["Requests", "Requests received during the period"] == ["EIR-2025-0212", "EIR-2025-0301", "FOI-2025-0414", "FOI-2025-0520"]
    assert t["Requests", "Received requests not yet processed"] == []
    assert t["Requests", "Received requests processed in full"] == ["EIR-2025-0212", "EIR-2025-0301", "FOI-2025-0414", "FOI-2025-0520"]
    assert t["Requests", "Requests withdrawn by the requester"] == []
    # EIR-2025-0212: 18 working days. FOI-2025-0520: 1 -> 26 September, 19 working days.
    assert t["Timeliness", "Processed within the statutory deadline"] == ["EIR-2025-0212", "FOI-2025-0520"]
    # EIR-2025-0301: the 20th working day after 14 July is 11 August; regulation 7 extension told on
    # 8 August; answered 28 August, the 32nd working day (25 August a bank holiday): within 40.
    assert t["Timeliness", "Processed where the deadline was extended"] == ["EIR-2025-0301"]
    # FOI-2025-0414: due 2 September (25 August a bank holiday), answered 15 September: late.
    assert t["Timeliness", "Processed later than the statutory deadline"] == ["FOI-2025-0414"]
    assert t["Outcomes", "Information granted in full"] == ["FOI-2025-0414"]
    assert t["Outcomes", "Information refused in full"] == ["FOI-2025-0520"]  # neither confirm nor deny
    assert t["Outcomes", "Information granted in part and refused in part"] == ["EIR-2025-0301"]
    assert t["Outcomes", "Information not held"] == ["EIR-2025-0212"]
    # No internal review was asked for or answered between July and September 2025.
    assert all(refs == [] for (tbl, _), refs in t.items() if tbl == "Internal reviews")
    assert len(t) == 17


def test_s45_2025q1_and_q2_northshire(tmp_path: Path) -> None:
    q1 = figures_of("--format", "s45", "--quarter", "2025Q1", "--authority", NORTH, tmp_path=tmp_path)
    # Received January - March 2025: FOI-2025-0029 (13 Jan), FOI-2025-0107 (10 Feb, register),
    # FOI-2025-0388 (3 Mar), FOI-2025-0152 (12 Mar, register: withdrawn).
    assert q1["Requests", "Requests received during the period"] == ["FOI-2025-0029", "FOI-2025-0107", "FOI-2025-0152", "FOI-2025-0388"]
    assert q1["Requests", "Received requests processed in full"] == ["FOI-2025-0029", "FOI-2025-0107", "FOI-2025-0388"]
    assert q1["Requests", "Requests withdrawn by the requester"] == ["FOI-2025-0152"]
    # FOI-2025-0107: 10 Feb -> 6 Mar is 18 working days. FOI-2025-0388: a public interest extension
    # told on 27 March with a new target of 29 April; answered 24 April: in time with the extension.
    assert q1["Timeliness", "Processed within the statutory deadline"] == ["FOI-2025-0029", "FOI-2025-0107"]
    assert q1["Timeliness", "Processed where the deadline was extended"] == ["FOI-2025-0388"]
    assert q1["Timeliness", "Processed later than the statutory deadline"] == []
    assert q1["Outcomes", "Information refused in full"] == ["FOI-2025-0107"]
    assert q1["Outcomes", "Information granted in part and refused in part"] == ["FOI-2025-0388"]
    # FOI-2025-0107's review was asked for on 20 March 2025.
    assert q1["Internal reviews", "Requests referred for internal review"] == ["FOI-2025-0107"]
    assert q1["Internal reviews", "Internal reviews completed"] == []

    q2 = figures_of("--format", "s45", "--quarter", "2025Q2", "--authority", NORTH, tmp_path=tmp_path)
    # FOI-2025-0230 (vexatious) and FOI-2025-0231 (refused as repeated, s14(2)): both refused in full, on time.
    assert q2["Requests", "Requests received during the period"] == ["FOI-2025-0230", "FOI-2025-0231"]
    assert q2["Outcomes", "Information refused in full"] == ["FOI-2025-0230", "FOI-2025-0231"]
    assert q2["Timeliness", "Processed within the statutory deadline"] == ["FOI-2025-0230", "FOI-2025-0231"]
    # FOI-2025-0107's review answered 24 April (upheld): 21 March - 24 April is 23 working days
    # (Good Friday 18 April and Easter Monday 21 April are not): over the Code's 20.
    assert q2["Internal reviews", "Internal reviews completed"] == ["FOI-2025-0107"]
    assert q2["Internal reviews", "Internal reviews completed within 20 working days"] == []
    assert q2["Internal reviews", "Internal reviews completed: original decision upheld"] == ["FOI-2025-0107"]


def test_cabinet_office_2025q2_q3_q4_northshire(tmp_path: Path) -> None:
    q3 = figures_of("--format", "cabinet-office", "--quarter", "2025Q3", "--authority", NORTH, tmp_path=tmp_path)
    received = ["EIR-2025-0212", "EIR-2025-0301", "FOI-2025-0414", "FOI-2025-0520"]
    assert q3["Requests received", "All requests received"] == received
    assert q3["Requests received", "of which EIR requests"] == ["EIR-2025-0212", "EIR-2025-0301"]
    assert q3["Timeliness", "Responded to"] == received
    assert q3["Timeliness", "Met deadline (within 20 working days)"] == ["EIR-2025-0212", "FOI-2025-0520"]
    assert q3["Timeliness", "Permitted extension to the deadline"] == ["EIR-2025-0301"]
    assert q3["Timeliness", "Answered in time (deadline met or permitted extension)"] == ["EIR-2025-0212", "EIR-2025-0301", "FOI-2025-0520"]
    assert q3["Timeliness", "Deadline exceeded"] == ["FOI-2025-0414"]
    assert q3["Timeliness", "Not yet responded"] == []
    assert q3["Initial outcomes", "Lapsed or withdrawn"] == []
    assert q3["Initial outcomes", "Information not held"] == ["EIR-2025-0212"]
    # Resolvable: all four less the not-held EIR-2025-0212.
    assert q3["Initial outcomes", "Resolvable requests"] == ["EIR-2025-0301", "FOI-2025-0414", "FOI-2025-0520"]
    assert q3["Initial outcomes", "Granted in full"] == ["FOI-2025-0414"]
    assert q3["Initial outcomes", "Withheld in full"] == ["FOI-2025-0520"]
    assert q3["Initial outcomes", "Partially withheld"] == ["EIR-2025-0301"]
    assert q3["Reasons for withholding", "Withheld: other exemptions and exceptions"] == ["EIR-2025-0301", "FOI-2025-0520"]
    # By section, NCND included (FOI-2025-0520: s40(5B) to neither confirm nor deny).
    sections = {field: refs for (tbl, field), refs in q3.items() if tbl == "Exemptions and exceptions"}
    assert sections == {
        "Exemption applied: reg12(4)(a)": ["EIR-2025-0212"],
        "Exemption applied: reg13": ["EIR-2025-0301"],
        "Exemption applied: s40": ["FOI-2025-0520"],
        "Exemption applied to neither confirm nor deny: s40": ["FOI-2025-0520"],
    }

    q2 = figures_of("--format", "cabinet-office", "--quarter", "2025Q2", "--authority", NORTH, tmp_path=tmp_path)
    # FOI-2025-0230 was vexatious (s14(1)); FOI-2025-0231 refused as repeated (s14(2)): both under s14.
    assert q2["Reasons for withholding", "Withheld: vexatious or repeated (s14)"] == ["FOI-2025-0230", "FOI-2025-0231"]
    assert q2["Reasons for withholding", "Withheld: cost limit (s12)"] == []
    assert q2["Internal reviews", "Original decision upheld in full"] == ["FOI-2025-0107"]

    q4 = figures_of("--format", "cabinet-office", "--quarter", "2025Q4", "--authority", NORTH, tmp_path=tmp_path)
    # Nothing was received from October to December 2025; the ICO decided FOI-2025-0107's complaint on 1 October.
    assert q4["Requests received", "All requests received"] == []
    assert q4["Complaints to the Information Commissioner", "ICO cases decided"] == ["FOI-2025-0107"]
    assert q4["Complaints to the Information Commissioner", "ICO cases decided: not upheld (in the authority's favour)"] == [
        "FOI-2025-0107"
    ]


def test_sic_2025q3_and_q4_caledon(tmp_path: Path) -> None:
    q3 = figures_of("--format", "sic", "--quarter", "2025Q3", "--authority", CALEDON, tmp_path=tmp_path)
    # Only CC-EISR-2025-044 (1 -> 25 July: 18 Scottish working days), granted in full; no FOISA request.
    assert all(refs == [] for (tbl, _), refs in q3.items() if tbl == "FOISA")
    assert q3["EISR", "Requests received"] == ["CC-EISR-2025-044"]
    assert q3["EISR", "Requests responded to"] == ["CC-EISR-2025-044"]
    assert q3["EISR", "Responded to within the statutory timescale"] == ["CC-EISR-2025-044"]
    assert q3["EISR", "Outcome: All information disclosed"] == ["CC-EISR-2025-044"]

    q4 = figures_of("--format", "sic", "--quarter", "2025Q4", "--authority", CALEDON, tmp_path=tmp_path)
    both = ["CC-FOISA-2025-102", "CC-FOISA-2025-130"]
    assert q4["FOISA", "Requests received"] == both
    assert q4["FOISA", "Requests responded to"] == both
    # CC-FOISA-2025-130: 6 -> 31 October, 19 working days. CC-FOISA-2025-102: the clock restarted when the
    # clarification came on 27 November; 23 December is the 17th Scottish working day after it
    # (1 December, St Andrew's Day's substitute, is not one).
    assert q4["FOISA", "Responded to within the statutory timescale"] == both
    assert q4["FOISA", "Responded to outwith the statutory timescale"] == []
    assert q4["FOISA", "Outcome: All information disclosed"] == ["CC-FOISA-2025-102"]
    assert q4["FOISA", "Outcome: Information withheld in full"] == ["CC-FOISA-2025-130"]
    assert q4["FOISA", "Exemption applied: s38"] == ["CC-FOISA-2025-130"]
    assert ("FOISA", "Exemption applied: s18 (neither confirm nor deny)") not in q4
    # Review asked 10 November, answered 5 December: 18 Scottish working days; original decision upheld.
    assert q4["FOISA", "Requirements for review received"] == ["CC-FOISA-2025-130"]
    assert q4["FOISA", "Reviews responded to within 20 working days"] == ["CC-FOISA-2025-130"]
    assert q4["FOISA", "Review outcome: original decision confirmed without modification"] == ["CC-FOISA-2025-130"]
    assert q4["FOISA", "Applications to the Commissioner decided"] == []
    assert all(refs == [] for (tbl, _), refs in q4.items() if tbl == "EISR")


def test_audit_names_the_file_and_line_of_each_reference() -> None:
    result = stats("--format", "s45", "--quarter", "2025Q3", "--authority", NORTH, "--audit")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "FOIA section 45 Code of Practice (2018), paragraphs 8.5-8.6: 2025Q3 (1 July 2025 to 30 September 2025)"
    assert lines[1] == f"Authority: {NORTH}; as on {TODAY}"
    start = next(n for n, line in enumerate(lines) if line.startswith("  Requests received during the period "))
    assert lines[start].split() == ["Requests", "received", "during", "the", "period", "4"]
    assert lines[start + 1 : start + 5] == [
        "      EIR-2025-0212 (responses/2025/eir-2025-0212/response.yml)",
        f"      EIR-2025-0301 ({REGISTER}:6)",
        f"      FOI-2025-0414 ({REGISTER}:7)",
        f"      FOI-2025-0520 ({REGISTER}:8)",
    ]


def test_plain_table_without_audit() -> None:
    result = stats("--format", "sic", "--quarter", "2025Q4", "--authority", CALEDON)
    assert result.exit_code == 0, result.output
    assert "FOISA" in result.output.splitlines()
    assert "CC-FOISA" not in result.output
    assert "Private: neither-confirm-nor-deny answers are counted by section." in result.output


def test_usage_errors_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    bad = stats("--format", "s45", "--quarter", "2025Q5", "--authority", NORTH)
    assert bad.exit_code == 2
    assert "expected a quarter written YYYYQn (e.g. 2026Q3 for July to September 2026), got '2025Q5'" in bad.output
    unknown = stats("--format", "ico", "--quarter", "2025Q3")
    assert unknown.exit_code == 2
    assert "'ico' is not one of 's45', 'sic', 'cabinet-office'" in unknown.output
    several = stats("--format", "s45", "--quarter", "2025Q3")
    assert several.exit_code == 2
    assert (
        "Error: the log holds requests of 4 authorities (department-for-examples, greendale-hospitals, metropolitan-police, northshire-council)"
        in several.output
    )
    nobody = stats("--format", "s45", "--quarter", "2025Q3", "--authority", "nowhere")
    assert nobody.exit_code == 2
    assert "Error: --authority nowhere: no request of the log is from that authority" in nobody.output


def test_out_is_never_overwritten_without_force_and_an_unwritable_file_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "return.csv"
    out.write_text("kept\n", encoding="utf-8")
    refused = stats("--format", "s45", "--quarter", "2025Q3", "--authority", NORTH, "--out", str(out))
    assert refused.exit_code == 2
    assert f"Error: {out} exists: foilog stats does not replace it; choose another --out FILE or add --force" in refused.output
    assert out.read_text(encoding="utf-8") == "kept\n"
    forced = stats("--format", "s45", "--quarter", "2025Q3", "--authority", NORTH, "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert forced.output == f"Wrote 17 figures of the s45 return for 2025Q3 to {out}\n"
    assert out.read_text(encoding="utf-8").splitlines()[:2] == ["table,field,value", "Requests,Requests received during the period,4"]
    missing = tmp_path / "no-such-folder" / "return.csv"
    unwritable = stats("--format", "s45", "--quarter", "2025Q3", "--authority", NORTH, "--out", str(missing))
    assert unwritable.exit_code == 2
    assert f"Error: cannot write {missing}: No such file or directory" in unwritable.output


def test_a_log_of_one_authority_needs_no_authority_option(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    builder.valid()  # FOIA, received 1 September 2026, answered 28 September (19 working days), granted in part
    result = CliRunner().invoke(
        main, ["stats", "--config-file", str(builder.config), "--today", TODAY_ARG, "--format", "s45", "--quarter", "2026Q3", "--audit"]
    )
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert ["Requests", "received", "during", "the", "period", "1"] in lines
    assert ["Processed", "within", "the", "statutory", "deadline", "1"] in lines
    assert ["Information", "granted", "in", "part", "and", "refused", "in", "part", "1"] in lines
    assert f"      {VALID_REFERENCE} (responses/2026/{VALID_SLUG}/response.yml)" in result.output.splitlines()


def test_a_log_with_errors_gives_no_figures(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    builder.valid(variant("responded: 2026-09-28", "responded: 2026-09-31"))
    result = CliRunner().invoke(
        main, ["stats", "--config-file", str(builder.config), "--today", TODAY_ARG, "--format", "s45", "--quarter", "2026Q3"]
    )
    assert result.exit_code == 1
    first, *rest = result.output.splitlines()
    assert first == "Error: the log has 1 error(s): figures from it would be wrong; fix these first (`foilog check` lists them too)"
    assert rest[0].startswith(f"  responses/2026/{VALID_SLUG}/response.yml:")
    assert "'2026-09-31' is not a real date" in rest[0]
    assert "Requests received" not in result.output
