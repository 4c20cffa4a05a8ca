"""Working days as the FOI laws count them.

FOIA s10(6) (and EIR reg. 2, which borrows it): a working day is any day other
than a Saturday, a Sunday, Christmas Day, Good Friday or a day that is a bank
holiday in *any* part of the United Kingdom. So Scotland's St Andrew's Day and
Northern Ireland's 12 July stop the clock for an English council too.

FOISA s73 (and EISR): Saturdays, Sundays, Christmas Day and Scotland's bank
holidays only.

The answer is due on the 20th working day following the day of receipt (the
day of receipt itself does not count). Holidays come from the ``holidays``
library, which tracks one-off bank holidays (jubilees, state funerals).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays
from dateutil.easter import easter

STATUTORY_DAYS = 20
_SCOTTISH = frozenset({"FOISA", "EISR"})
_UK_PARTS = ("ENG", "NIR", "SCT", "WLS")


@lru_cache(maxsize=64)
def _non_working(regime: str, year: int) -> frozenset[dt.date]:
    parts = ("SCT",) if regime in _SCOTTISH else _UK_PARTS
    days: set[dt.date] = set()
    for part in parts:
        days.update(holidays.country_holidays("GB", subdiv=part, years=year))
    days.add(dt.date(year, 12, 25))
    if regime not in _SCOTTISH:
        days.add(easter(year) - dt.timedelta(days=2))  # Good Friday
    return frozenset(days)


def is_working_day(day: dt.date, regime: str = "FOIA") -> bool:
    """Whether ``day`` counts towards the statutory time limit under ``regime``."""
    return day.weekday() < 5 and day not in _non_working(regime, day.year)


def working_days_between(start: dt.date, end: dt.date, regime: str = "FOIA") -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        count += is_working_day(day, regime)
        day += dt.timedelta(days=1)
    return count


def deadline(received: dt.date, regime: str = "FOIA", days: int = STATUTORY_DAYS) -> dt.date:
    """The ``days``-th working day following the day of receipt."""
    day, count = received, 0
    while count < days:
        day += dt.timedelta(days=1)
        count += is_working_day(day, regime)
    return day


@dataclass(frozen=True)
class Timeliness:
    """How long an answer took, in the law's terms."""

    working_days: int
    deadline: dt.date
    on_time: bool


def timeliness(received: dt.date, responded: dt.date, regime: str) -> Timeliness:
    """Working days taken, the statutory deadline, and whether it was met."""
    due = deadline(received, regime)
    return Timeliness(working_days_between(received, responded, regime), due, responded <= due)
