"""Validation of ``clock:`` events: each rule, with its exact message and the line of the event.

The response is the valid sample (FOIA, received Tue 1 Sep 2026) answered on
Fri 30 Oct 2026. Its statutory deadline is Tue 29 Sep 2026:
Sep 2-4 (1-3); 7-11 (4-8); 14-18 (9-13); 21-25 (14-18); 28-29 (19-20) -- no bank holidays.
The clock list is appended after the last line of the sample (line 26), so
``clock:`` is line 27 and the first event starts on line 28.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from logbuilder import LogBuilder, variant

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log

TODAY = dt.date(2026, 11, 26)
YML = "responses/2026/ncc-foi-26-0042/response.yml"
FIRST = 28  # line of the first event's `- event:`


def clock_findings(tmp_path: Path, clock: str, *, regime: str = "FOIA", responded: str = "2026-10-30") -> list[str]:
    text = variant("responded: 2026-09-28", f"responded: {responded}")
    text = variant("regime: FOIA", f"regime: {regime}", text)
    text += "clock:\n" + clock
    builder = LogBuilder(tmp_path / "project")
    builder.valid(text)
    log = load_log(load_project(builder.config), TODAY)
    return [f.as_text() for f in log.findings if f.field and f.field.startswith("clock")]


def test_valid_events_give_no_findings(tmp_path: Path) -> None:
    clock = """\
  - event: clarification-sought
    date: 2026-09-02
  - event: clarification-received
    date: 2026-09-04
  - event: fees-notice
    date: 2026-09-10
  - event: fees-paid
    date: 2026-09-14
  - event: public-interest-extension
    date: 2026-09-30
    new_target: 2026-10-30
  - event: transferred
    date: 2026-10-01
    to: Northshire Fire and Rescue Service
"""
    assert clock_findings(tmp_path, clock) == []


def test_sample_log_clock_events_are_valid(sample_log: object) -> None:
    assert [f.as_text() for f in sample_log.findings if f.field and f.field.startswith("clock")] == []  # type: ignore[attr-defined]


def test_clarification_received_without_sought(tmp_path: Path) -> None:
    clock = "  - event: clarification-received\n    date: 2026-09-04\n"
    assert clock_findings(tmp_path, clock) == [
        f"{YML}:{FIRST + 1}: clock[0].date: clarification-received (2026-09-04) has no clarification-sought before it: "
        "add the clarification-sought event (the day the requester was asked) before it"
    ]


def test_clarification_received_before_sought(tmp_path: Path) -> None:
    clock = """\
  - event: clarification-received
    date: 2026-09-03
  - event: clarification-sought
    date: 2026-09-04
"""
    found = clock_findings(tmp_path, clock)
    assert (
        f"{YML}:{FIRST + 1}: clock[0].date: clarification-received (2026-09-03) has no clarification-sought before it: "
        "it is dated before the clarification was sought (2026-09-04); check both dates"
    ) in found
    assert (
        f"{YML}:{FIRST + 2}: clock[1].event: clarification was sought on 2026-09-04 but never received: add a clarification-received "
        "event with the day it arrived (the 20 working days restart from it, FOIA / FOISA s1(3), EIR regulation 9(4))"
    ) in found
    assert len(found) == 2


def test_fees_paid_without_or_before_notice(tmp_path: Path) -> None:
    assert clock_findings(tmp_path, "  - event: fees-paid\n    date: 2026-09-14\n") == [
        f"{YML}:{FIRST + 1}: clock[0].date: fees-paid (2026-09-14) has no fees-notice before it: "
        "add the fees-notice event (the day the notice was given, FOIA / FOISA s10(2)) before it"
    ]
    clock = """\
  - event: fees-notice
    date: 2026-09-15
  - event: fees-paid
    date: 2026-09-14
"""
    assert (
        f"{YML}:{FIRST + 3}: clock[1].date: fees-paid (2026-09-14) has no fees-notice before it: "
        "it is dated before the fees notice (2026-09-15); check both dates"
    ) in clock_findings(tmp_path, clock)


def test_events_before_received_or_after_responded(tmp_path: Path) -> None:
    clock = """\
  - event: transferred
    date: 2026-08-31
    to: Northshire Fire and Rescue Service
  - event: transferred
    date: 2026-10-31
    to: Northshire Fire and Rescue Service
"""
    assert clock_findings(tmp_path, clock) == [
        f"{YML}:{FIRST + 1}: clock[0].date: the transferred event (2026-08-31) is before the request was received (2026-09-01); check the date",
        f"{YML}:{FIRST + 4}: clock[1].date: the transferred event (2026-10-31) is after the response (2026-10-30); check the date",
    ]


def test_events_out_of_date_order(tmp_path: Path) -> None:
    clock = """\
  - event: fees-notice
    date: 2026-09-10
  - event: transferred
    date: 2026-09-08
    to: Northshire Fire and Rescue Service
  - event: fees-paid
    date: 2026-09-14
"""
    assert clock_findings(tmp_path, clock) == [
        f"{YML}:{FIRST + 3}: clock[1].date: the transferred event (2026-09-08) is listed after the fees-notice event (2026-09-10); "
        "list the clock events in date order"
    ]


def test_extension_notified_after_the_deadline(tmp_path: Path) -> None:
    clock = "  - event: public-interest-extension\n    date: 2026-09-30\n    new_target: 2026-10-27\n"
    assert clock_findings(tmp_path, clock) == [
        f"{YML}:{FIRST + 1}: clock[0].date: the public-interest-extension was notified on 2026-09-30, after the 20 working days had run out "
        "on 2026-09-29: the requester must be told within them (FOIA s17(2)), so the response is judged against 2026-09-29; check the date"
    ]
    eir = clock_findings(tmp_path, "  - event: regulation-7-extension\n    date: 2026-09-30\n", regime="EIR")
    assert eir == [
        f"{YML}:{FIRST + 1}: clock[0].date: the regulation-7-extension was notified on 2026-09-30, after the 20 working days had run out "
        "on 2026-09-29: the requester must be told within them (EIR regulation 7(3)), so the response is judged against 2026-09-29; "
        "check the date"
    ]


def test_extension_deadline_follows_a_clarification_restart(tmp_path: Path) -> None:
    # Clarification received Fri 4 Sep: the 20 working days now end Fri 2 Oct, so an extension notified on 30 Sep is in time.
    clock = """\
  - event: clarification-sought
    date: 2026-09-02
  - event: clarification-received
    date: 2026-09-04
  - event: public-interest-extension
    date: 2026-09-30
    new_target: 2026-10-30
"""
    assert clock_findings(tmp_path, clock) == []


@pytest.mark.parametrize(
    ("regime", "clock", "message"),
    [
        (
            "FOIA",
            "  - event: regulation-7-extension\n    date: 2026-09-20\n",
            "a regulation-7-extension under FOIA: regulation 7(1) of the EIR / EISR extends only environmental requests; "
            "FOIA has no extension to 40 working days (use public-interest-extension under FOIA, or correct the regime)",
        ),
        (
            "FOISA",
            "  - event: regulation-7-extension\n    date: 2026-09-20\n",
            "a regulation-7-extension under FOISA: regulation 7(1) of the EIR / EISR extends only environmental requests; "
            "FOISA has no extension to 40 working days (use public-interest-extension under FOIA, or correct the regime)",
        ),
        (
            "FOISA",
            "  - event: public-interest-extension\n    date: 2026-09-20\n    new_target: 2026-10-20\n",
            "a public-interest-extension under FOISA: FOISA has no public interest extension (s10 allows 20 working days); remove the event",
        ),
        (
            "EIR",
            "  - event: public-interest-extension\n    date: 2026-09-20\n    new_target: 2026-10-20\n",
            "a public-interest-extension under EIR: the public interest extension is FOIA s10(3); "
            "under the EIR / EISR use regulation-7-extension (to 40 working days)",
        ),
        (
            "EISR",
            "  - event: public-interest-extension\n    date: 2026-09-20\n    new_target: 2026-10-20\n",
            "a public-interest-extension under EISR: the public interest extension is FOIA s10(3); "
            "under the EIR / EISR use regulation-7-extension (to 40 working days)",
        ),
    ],
)
def test_extension_on_the_wrong_regime(tmp_path: Path, regime: str, clock: str, message: str) -> None:
    assert clock_findings(tmp_path, clock, regime=regime) == [f"{YML}:{FIRST}: clock[0].event: {message}"]


def test_public_interest_extension_needs_a_later_new_target(tmp_path: Path) -> None:
    assert clock_findings(tmp_path, "  - event: public-interest-extension\n    date: 2026-09-20\n") == [
        f"{YML}:{FIRST}: clock[0].event: a public-interest-extension needs new_target: the date the requester was told to expect "
        "the decision (FOIA s17(2)); add it"
    ]
    clock = "  - event: public-interest-extension\n    date: 2026-09-20\n    new_target: 2026-09-29\n"
    assert clock_findings(tmp_path, clock) == [
        f"{YML}:{FIRST + 2}: clock[0].new_target: new_target (2026-09-29) is not after the statutory deadline (2026-09-29): "
        "an extension must give more time; correct it or remove the event"
    ]


def test_public_interest_extension_beyond_20_more_working_days_is_a_warning(tmp_path: Path) -> None:
    # After Tue 29 Sep: Sep 30 (1); Oct 1-2 (2-3); 5-9 (4-8); 12-16 (9-13); 19-23 (14-18); 26-27 (19-20); Oct 28 (21).
    ok = "  - event: public-interest-extension\n    date: 2026-09-20\n    new_target: 2026-10-27\n"
    assert clock_findings(tmp_path, ok) == []
    long = "  - event: public-interest-extension\n    date: 2026-09-20\n    new_target: 2026-10-28\n"
    assert clock_findings(tmp_path, long) == [
        f"{YML}:{FIRST + 2}: clock[0].new_target: new_target (2026-10-28) is 21 working days after the statutory deadline (2026-09-29); "
        "the ICO's guidance is that a public interest extension should not normally exceed a further 20 working days"
    ]


def test_fields_that_belong_to_another_kind_of_event(tmp_path: Path) -> None:
    clock = """\
  - event: fees-notice
    date: 2026-09-10
    new_target: 2026-10-20
    to: Northshire Fire and Rescue Service
  - event: fees-paid
    date: 2026-09-14
"""
    assert clock_findings(tmp_path, clock) == [
        f"{YML}:{FIRST + 2}: clock[0].new_target: new_target belongs to a public-interest-extension only, not to fees-notice; remove it",
        f"{YML}:{FIRST + 3}: clock[0].to: 'to' names the authority of a transferred event only, not of fees-notice; remove it",
    ]


def test_two_extensions(tmp_path: Path) -> None:
    clock = """\
  - event: public-interest-extension
    date: 2026-09-20
    new_target: 2026-10-20
  - event: public-interest-extension
    date: 2026-09-25
    new_target: 2026-10-27
"""
    assert clock_findings(tmp_path, clock) == [
        f"{YML}:{FIRST + 3}: clock[1].event: a second extension (public-interest-extension, 2026-09-25): a request has one extended "
        "time limit; keep the extension the requester was told of first"
    ]


def test_invalid_event_values_are_reported_once_and_skipped(tmp_path: Path) -> None:
    clock = """\
  - event: public-interest-extension
    date: 2026-09-20
    new_target: 20/10/2026
  - event: extension
    date: 2026-09-25
"""
    found = clock_findings(tmp_path, clock)
    assert any("clock[0].new_target" in f and "write '2026-10-20'" in f for f in found)
    assert any("clock[1].event" in f for f in found)
    assert not any("needs new_target" in f for f in found)
