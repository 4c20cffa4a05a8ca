"""Working days as FOIA s10(6) and FOISA s73 count them."""

from __future__ import annotations

import datetime as dt

import pytest

from foilog.log.clock import clock_of
from foilog.log.workdays import STATUTORY_DAYS, deadline, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2026, 12, 25), "Christmas Day"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 11, 30), "St Andrew's Day (Scotland)"),
        (D(2023, 7, 12), "Battle of the Boyne (Northern Ireland)"),
        (D(2026, 7, 13), "Battle of the Boyne, substitute day for Sunday 12 July (Northern Ireland)"),
        (D(2026, 3, 17), "St Patrick's Day (Northern Ireland)"),
        (D(2025, 1, 2), "2 January (Scotland)"),
        (D(2026, 4, 6), "Easter Monday (England, Wales, Northern Ireland)"),
        (D(2026, 8, 3), "Summer bank holiday (Scotland)"),
        (D(2026, 8, 31), "Summer bank holiday (England, Wales, Northern Ireland)"),
        (D(2026, 12, 28), "Boxing Day substitute for Saturday 26 December"),
        (D(2022, 9, 19), "State funeral of Queen Elizabeth II"),
        (D(2022, 6, 3), "Platinum Jubilee"),
        (D(2026, 11, 28), "a Saturday"),
        (D(2026, 11, 29), "a Sunday"),
    ],
)
def test_foia_excludes_holidays_of_any_uk_part(day: dt.date, why: str) -> None:
    assert not is_working_day(day, "FOIA"), why
    assert not is_working_day(day, "EIR"), why


@pytest.mark.parametrize(
    ("day", "working_in_scotland", "why"),
    [
        (D(2026, 11, 30), False, "St Andrew's Day"),
        (D(2025, 1, 2), False, "2 January"),
        (D(2026, 8, 3), False, "Scottish summer bank holiday"),
        (D(2026, 4, 3), False, "Good Friday"),
        (D(2026, 12, 25), False, "Christmas Day"),
        (D(2022, 9, 19), False, "State funeral"),
        (D(2023, 7, 12), True, "12 July is Northern Ireland's only"),
        (D(2026, 3, 17), True, "17 March is Northern Ireland's only"),
        (D(2026, 4, 6), True, "Easter Monday is not a Scottish bank holiday"),
        (D(2026, 8, 31), True, "the late summer bank holiday is England's, Wales' and NI's"),
        (D(2026, 11, 27), True, "an ordinary Friday"),
    ],
)
def test_foisa_uses_scotlands_holidays_only(day: dt.date, working_in_scotland: bool, why: str) -> None:
    assert is_working_day(day, "FOISA") is working_in_scotland, why
    assert is_working_day(day, "EISR") is working_in_scotland, why


def test_ordinary_weekdays_are_working_days() -> None:
    assert all(is_working_day(D(2026, 11, d)) for d in (23, 24, 25, 26, 27))


def test_the_seed_case_met_01_foi_19_011430() -> None:
    """Received Friday 6 September 2019, answered 16 December 2019."""
    result = clock_of("FOIA", D(2019, 9, 6), D(2019, 12, 16), ())
    assert result.working_days == 70
    assert result.deadline == D(2019, 10, 4)
    assert result.on_time is False


def test_the_day_of_receipt_does_not_count() -> None:
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 23)) == 0
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 24)) == 1
    assert working_days_between(D(2026, 11, 24), D(2026, 11, 23)) == 0  # end before start
    assert deadline(D(2026, 11, 2), days=1) == D(2026, 11, 3)


def test_receipt_on_a_friday() -> None:
    assert deadline(D(2019, 9, 6), "FOIA") == D(2019, 10, 4)
    assert working_days_between(D(2019, 9, 6), D(2019, 9, 9)) == 1  # Monday is day 1


@pytest.mark.parametrize("received", [D(2026, 11, 21), D(2026, 11, 22)])
def test_receipt_at_a_weekend_counts_from_the_next_working_day(received: dt.date) -> None:
    # Monday 23 November is day 1; Monday 30 November (St Andrew's Day) does not count.
    assert deadline(received, "FOIA") == D(2026, 12, 21)
    assert deadline(received, "FOISA") == D(2026, 12, 21)
    assert working_days_between(received, D(2026, 11, 23)) == 1


def test_receipt_on_saturday_before_st_andrews_day() -> None:
    # Mon 30 Nov is a holiday; Tue 1 Dec is day 1; 25 and 28 December are holidays.
    assert deadline(D(2026, 11, 28), "FOIA") == D(2026, 12, 30)
    assert deadline(D(2026, 11, 28), "FOISA") == D(2026, 12, 30)


def test_foia_and_foisa_deadlines_differ_around_st_patricks_day_and_easter_monday() -> None:
    received = D(2026, 3, 16)
    assert deadline(received, "FOIA") == D(2026, 4, 16)  # 17 March and Easter Monday excluded
    assert deadline(received, "FOISA") == D(2026, 4, 14)
    assert clock_of("FOIA", received, D(2026, 4, 15), ()).on_time is True
    assert clock_of("FOISA", received, D(2026, 4, 15), ()).on_time is False


def test_state_funeral_bank_holiday_2022() -> None:
    received = D(2022, 9, 16)  # Friday; Monday 19 September was the state funeral
    assert deadline(received, "FOIA") == D(2022, 10, 17)
    assert deadline(received, "FOISA") == D(2022, 10, 17)
    assert working_days_between(received, D(2022, 9, 20)) == 1


def test_deadline_across_christmas_and_new_year() -> None:
    # 25, 26 Dec, 1 Jan and Scotland's 2 Jan are all excluded, for FOIA too.
    assert deadline(D(2019, 12, 13), "FOIA") == D(2020, 1, 16)
    assert working_days_between(D(2019, 12, 24), D(2020, 1, 3)) == 4  # 27, 30, 31 Dec and 3 Jan


def test_answer_on_the_deadline_is_on_time() -> None:
    on_day = clock_of("FOIA", D(2019, 9, 6), D(2019, 10, 4), ())
    assert (on_day.working_days, on_day.on_time) == (STATUTORY_DAYS, True)
    day_after = clock_of("FOIA", D(2019, 9, 6), D(2019, 10, 7), ())
    assert (day_after.working_days, day_after.on_time) == (21, False)
