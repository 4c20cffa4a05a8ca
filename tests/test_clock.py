"""The legal clock, worked out by hand: deadlines, working days and statuses across UK bank holidays.

Each case writes out its count day by day where a holiday matters, so a reader
can check it with a calendar. Notation: ``(n)`` is the running count of working
days after the start; ``--`` marks a day that does not count and why.
FOIA and EIR skip a bank holiday in any part of the UK; FOISA and EISR only
Scotland's (FOIA s10(6), FOISA s73).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from foilog.log.clock import Clock, clock_of
from foilog.log.schema import ClockEvent

D = dt.date


def ev(event: str, date: dt.date, **extra: Any) -> ClockEvent:
    return ClockEvent(event=event, date=date, **extra)  # type: ignore[arg-type]


# --- EIR regulation 7 across Easter and the early May bank holiday (England) ------------------------


def test_regulation_7_across_easter_in_england() -> None:
    # Received Thu 20 Mar 2025.
    # Mar 21 (1); Mar 24-28 (2-6); Mar 31-Apr 4 (7-11); Apr 7-11 (12-16); Apr 14-17 (17-20): statutory Thu 17 Apr.
    # Apr 18 -- Good Friday; Apr 21 -- Easter Monday; Apr 22-25 (21-24); Apr 28-May 2 (25-29);
    # May 5 -- early May bank holiday; May 6-9 (30-33); May 12-16 (34-38); May 19-20 (39-40): extended Tue 20 May.
    events = [ev("regulation-7-extension", D(2025, 4, 10))]
    clock = clock_of("EIR", D(2025, 3, 20), D(2025, 5, 20), events)
    assert clock == Clock(
        start=D(2025, 3, 20),
        statutory_deadline=D(2025, 4, 17),
        deadline=D(2025, 5, 20),
        working_days=40,
        status="on-time-extended",
        days_over=0,
        extension="regulation-7-extension",
    )
    # A day later is late by one working day; the Tuesday after the late May bank holiday by four:
    # May 21 (1), 22 (2), 23 (3), May 26 -- spring bank holiday, May 27 (4).
    assert clock_of("EIR", D(2025, 3, 20), D(2025, 5, 21), events).days_over == 1
    late = clock_of("EIR", D(2025, 3, 20), D(2025, 5, 27), events)
    assert (late.status, late.days_over, late.working_days) == ("late", 4, 44)


def test_regulation_7_answered_within_20_days_is_plainly_on_time() -> None:
    clock = clock_of("EIR", D(2025, 3, 20), D(2025, 4, 17), [ev("regulation-7-extension", D(2025, 4, 10))])
    assert (clock.status, clock.working_days, clock.extension) == ("on-time", 20, "regulation-7-extension")


# --- clarification restarts ------------------------------------------------------------------------


def test_clarification_restarts_the_clock_across_the_late_may_bank_holiday() -> None:
    # FOIA, received Mon 28 Apr 2025, clarification sought Wed 30 Apr, received Fri 16 May: the count starts again from 16 May.
    # May 19-23 (1-5); May 26 -- spring bank holiday; May 27-30 (6-9); Jun 2-6 (10-14); Jun 9-13 (15-19); Jun 16 (20).
    events = [ev("clarification-sought", D(2025, 4, 30)), ev("clarification-received", D(2025, 5, 16))]
    clock = clock_of("FOIA", D(2025, 4, 28), D(2025, 6, 16), events)
    assert (clock.start, clock.statutory_deadline, clock.working_days, clock.status) == (D(2025, 5, 16), D(2025, 6, 16), 20, "on-time")
    # Without the restart the 20th working day after 28 Apr was Wed 28 May
    # (Apr 29-30 (1-2); May 1-2 (3-4); May 5 -- bank holiday; May 6-9 (5-8); 12-16 (9-13); 19-23 (14-18); 26 --; 27-28 (19-20)).
    plain = clock_of("FOIA", D(2025, 4, 28), D(2025, 6, 16), [])
    assert (plain.deadline, plain.status, plain.days_over) == (D(2025, 5, 28), "late", 13)


def test_clarification_restart_over_christmas_and_2_january_under_foia() -> None:
    # FOIA (England), clarification received Wed 3 Dec 2025.
    # Dec 4-5 (1-2); Dec 8-12 (3-7); 15-19 (8-12); 22-24 (13-15); Dec 25 -- Christmas; Dec 26 -- Boxing Day;
    # Dec 29-31 (16-18); Jan 1 -- New Year's Day; Jan 2 -- a Scottish bank holiday, so not a working day for FOIA either;
    # Jan 5 (19); Jan 6 (20).
    events = [ev("clarification-sought", D(2025, 11, 25)), ev("clarification-received", D(2025, 12, 3))]
    clock = clock_of("FOIA", D(2025, 11, 24), D(2026, 1, 7), events)
    assert (clock.statutory_deadline, clock.working_days, clock.status, clock.days_over) == (D(2026, 1, 6), 21, "late", 1)


def test_foisa_clarification_across_st_andrews_day_substitute_monday() -> None:
    # FOISA, clarification received Wed 26 Nov 2025. St Andrew's Day fell on Sunday 30 Nov; Mon 1 Dec was the substitute.
    # Nov 27-28 (1-2); Dec 1 -- St Andrew's Day (substitute); Dec 2-5 (3-6); 8-12 (7-11); 15-19 (12-16); 22-24 (17-19);
    # Dec 25 -- Christmas; Dec 26 -- Boxing Day; Dec 29 (20).
    events = [ev("clarification-sought", D(2025, 11, 12)), ev("clarification-received", D(2025, 11, 26))]
    clock = clock_of("FOISA", D(2025, 11, 10), D(2025, 12, 29), events)
    assert (clock.start, clock.statutory_deadline, clock.working_days, clock.status) == (D(2025, 11, 26), D(2025, 12, 29), 20, "on-time")


def test_eisr_regulation_7_after_a_clarification_across_2_january() -> None:
    # EISR: the same restart as above, then 40 working days under regulation 7:
    # ... Dec 29 (20); Dec 30-31 (21-22); Jan 1 -- New Year's Day; Jan 2 -- the Scottish New Year holiday;
    # Jan 5-9 (23-27); 12-16 (28-32); 19-23 (33-37); Jan 26-28 (38-40): Wed 28 Jan 2026.
    events = [
        ev("clarification-sought", D(2025, 11, 12)),
        ev("clarification-received", D(2025, 11, 26)),
        ev("regulation-7-extension", D(2025, 12, 10)),
    ]
    clock = clock_of("EISR", D(2025, 11, 10), D(2026, 1, 28), events)
    assert (clock.statutory_deadline, clock.deadline, clock.working_days, clock.status) == (
        D(2025, 12, 29),
        D(2026, 1, 28),
        40,
        "on-time-extended",
    )


# --- Scotland's August bank holiday, Wales, Northern Ireland ----------------------------------------


def test_scottish_august_bank_holiday_under_foisa_and_foia() -> None:
    # Received Fri 25 Jul 2025.
    # FOISA: Jul 28-Aug 1 (1-5); Aug 4 -- Scottish summer bank holiday; Aug 5-8 (6-9); 11-15 (10-14); 18-22 (15-19);
    #   Aug 25 (20): the English late summer bank holiday is a working day in Scotland.
    # FOIA: the same to Aug 22 (19) -- Aug 4 stops an English clock too; Aug 25 -- late summer bank holiday; Aug 26 (20).
    assert clock_of("FOISA", D(2025, 7, 25), D(2025, 8, 25), []).statutory_deadline == D(2025, 8, 25)
    assert clock_of("FOIA", D(2025, 7, 25), D(2025, 8, 25), []).statutory_deadline == D(2025, 8, 26)
    foisa = clock_of("FOISA", D(2025, 7, 25), D(2025, 8, 26), [])
    assert (foisa.status, foisa.days_over) == ("late", 1)


def test_wales_st_davids_day_counts_and_northern_irelands_substitute_does_not() -> None:
    # FOIA, a Welsh council, received Mon 19 Feb 2024. St David's Day (Fri 1 Mar) is not a bank holiday.
    # Feb 20-23 (1-4); Feb 26-Mar 1 (5-9, St David's Day included); Mar 4-8 (10-14); Mar 11-15 (15-19);
    # Mar 18 -- St Patrick's Day fell on Sunday 17 March, Monday 18 was Northern Ireland's substitute; Mar 19 (20).
    clock = clock_of("FOIA", D(2024, 2, 19), D(2024, 3, 19), [])
    assert (clock.statutory_deadline, clock.working_days, clock.status) == (D(2024, 3, 19), 20, "on-time")


def test_st_patricks_day_stops_an_english_foia_clock_but_not_a_scottish_one() -> None:
    # Received Mon 10 Mar 2025.
    # FOIA: Mar 11-14 (1-4); Mar 17 -- St Patrick's Day (Northern Ireland); Mar 18-21 (5-8); 24-28 (9-13);
    #   Mar 31-Apr 4 (14-18); Apr 7-8 (19-20): Tue 8 Apr.
    # FOISA: Mar 11-14 (1-4); Mar 17-21 (5-9); 24-28 (10-14); Mar 31-Apr 4 (15-19); Apr 7 (20): Mon 7 Apr.
    assert clock_of("FOIA", D(2025, 3, 10), D(2025, 4, 8), []).status == "on-time"
    assert clock_of("FOIA", D(2025, 3, 10), D(2025, 4, 8), []).statutory_deadline == D(2025, 4, 8)
    foisa = clock_of("FOISA", D(2025, 3, 10), D(2025, 4, 8), [])
    assert (foisa.statutory_deadline, foisa.status, foisa.days_over) == (D(2025, 4, 7), "late", 1)


def test_twelfth_of_july_substitute_and_scottish_august_holiday_under_foia() -> None:
    # FOIA, received Mon 7 Jul 2025. 12 July fell on a Saturday; Mon 14 July was Northern Ireland's substitute.
    # Jul 8-11 (1-4); Jul 14 -- Battle of the Boyne (substitute); Jul 15-18 (5-8); 21-25 (9-13); Jul 28-Aug 1 (14-18);
    # Aug 4 -- Scottish summer bank holiday; Aug 5-6 (19-20): Wed 6 Aug.
    clock = clock_of("FOIA", D(2025, 7, 7), D(2025, 8, 6), [])
    assert (clock.statutory_deadline, clock.working_days, clock.status) == (D(2025, 8, 6), 20, "on-time")


# --- fees ------------------------------------------------------------------------------------------


def test_fee_pause_is_disregarded_from_notice_to_payment() -> None:
    # FOIA, received Mon 1 Sep 2025; fees notice Mon 8 Sep; fee received Fri 19 Sep (no bank holidays).
    # Sep 2-5 (1-4); Sep 8-12 and 15-19 -- disregarded, both ends included (FOIA s10(2)); Sep 22-26 (5-9);
    # Sep 29-Oct 3 (10-14); Oct 6-10 (15-19); Oct 13 (20).
    events = [ev("fees-notice", D(2025, 9, 8)), ev("fees-paid", D(2025, 9, 19))]
    clock = clock_of("FOIA", D(2025, 9, 1), D(2025, 10, 10), events)
    assert (clock.statutory_deadline, clock.working_days, clock.status) == (D(2025, 10, 13), 19, "on-time")
    late = clock_of("FOIA", D(2025, 9, 1), D(2025, 10, 15), events)
    assert (late.status, late.days_over, late.working_days) == ("late", 2, 22)


def test_an_unpaid_fees_notice_pauses_the_clock_up_to_the_response() -> None:
    # Sep 2-5 (1-4); from Mon 8 Sep the clock stands until the response on Fri 10 Oct.
    clock = clock_of("FOIA", D(2025, 9, 1), D(2025, 10, 10), [ev("fees-notice", D(2025, 9, 8))])
    assert (clock.working_days, clock.status) == (4, "on-time")


# --- public interest extension ---------------------------------------------------------------------


def test_public_interest_extension_moves_the_deadline_to_the_new_target() -> None:
    # FOIA, received Mon 2 Jun 2025: Jun 3-6 (1-4); 9-13 (5-9); 16-20 (10-14); 23-27 (15-19); Jun 30 (20).
    # Extension notified Wed 25 Jun, new target Mon 28 Jul. Working days to Fri 25 Jul:
    # Jul 1-4 (21-24); 7-11 (25-29); Jul 14 -- Battle of the Boyne (substitute); 15-18 (30-33); 21-25 (34-38).
    events = [ev("public-interest-extension", D(2025, 6, 25), new_target=D(2025, 7, 28))]
    clock = clock_of("FOIA", D(2025, 6, 2), D(2025, 7, 25), events)
    assert clock == Clock(D(2025, 6, 2), D(2025, 6, 30), D(2025, 7, 28), 38, "on-time-extended", 0, "public-interest-extension")
    late = clock_of("FOIA", D(2025, 6, 2), D(2025, 7, 29), events)
    assert (late.status, late.days_over) == ("late", 1)


@pytest.mark.parametrize(
    ("regime", "event"),
    [
        ("FOISA", ev("public-interest-extension", D(2025, 6, 25), new_target=D(2025, 7, 28))),
        ("EIR", ev("public-interest-extension", D(2025, 6, 25), new_target=D(2025, 7, 28))),
        ("FOIA", ev("regulation-7-extension", D(2025, 6, 25))),
        ("FOIA", ev("public-interest-extension", D(2025, 7, 1), new_target=D(2025, 7, 28))),  # told after the deadline
        ("FOIA", ev("public-interest-extension", D(2025, 6, 25))),  # no new target
    ],
)
def test_an_extension_the_law_does_not_allow_is_not_credited(regime: str, event: ClockEvent) -> None:
    clock = clock_of(regime, D(2025, 6, 2), D(2025, 7, 25), [event])
    assert clock.extension is None
    assert clock.deadline == clock.statutory_deadline
    assert clock.status == "late"


def test_transfer_does_not_move_the_clock() -> None:
    events = [ev("transferred", D(2025, 6, 10), to="Northshire Fire and Rescue Service")]
    assert clock_of("FOIA", D(2025, 6, 2), D(2025, 6, 30), events) == clock_of("FOIA", D(2025, 6, 2), D(2025, 6, 30), [])


def test_a_letter_dated_on_a_weekend_after_the_deadline_is_late_by_a_working_day() -> None:
    # Received Fri 13 Jun 2025: Jun 16-20 (1-5); 23-27 (6-10); Jun 30-Jul 4 (11-15); Jul 7-11 (16-20): Fri 11 Jul.
    # Answered Sat 12 Jul: no working day has passed, but the deadline has.
    clock = clock_of("FOIA", D(2025, 6, 13), D(2025, 7, 12), [])
    assert (clock.statutory_deadline, clock.status, clock.days_over) == (D(2025, 7, 11), "late", 1)


# --- the sample log --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "status", "deadline", "working_days"),
    [
        # FOIA received Mon 3 Mar 2025; statutory Tue 1 Apr (17 Mar, St Patrick's Day, skipped); extended to 29 Apr.
        ("FOI-2025-0388", "on-time-extended", D(2025, 4, 29), 35),
        # EIR received Mon 4 Nov 2024; statutory Tue 3 Dec (Mon 2 Dec, St Andrew's substitute, skipped);
        # regulation 7: Jan 6 2025 (Dec 25, 26, Jan 1 and the Scottish Jan 2 skipped).
        ("EIR-2024-0077", "on-time-extended", D(2025, 1, 6), 33),
        # FOISA received 13 Nov 2025, clarification received Thu 27 Nov: Nov 28 (1); Dec 1 -- St Andrew's substitute;
        # Dec 2-5 (2-5); 8-12 (6-10); 15-19 (11-15); 22-24 (16-18); 25, 26 --; Dec 29 (19); Dec 30 (20). Answered 23 Dec: day 17.
        ("CC-FOISA-2025-102", "on-time", D(2025, 12, 30), 17),
    ],
)
def test_sample_responses(sample_log: Any, reference: str, status: str, deadline: dt.date, working_days: int) -> None:
    (r,) = [r for r in sample_log.responses if r.reference == reference]
    assert (r.clock.status, r.deadline, r.working_days, r.on_time) == (status, deadline, working_days, True)
