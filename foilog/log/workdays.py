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


class _Calendar:
    """Working-day ranks for one regime: rank(d) = working days from an epoch up to d.

    Counting day by day is slow for 50,000 responses; with ranks, working days
    between two dates is a subtraction and the deadline a lookup. The table
    grows a year at a time as dates outside it are asked for.
    """

    def __init__(self, regime: str) -> None:
        self.regime = regime
        self.first = dt.date(2005, 1, 1)  # FOIA and FOISA came into force on 1 January 2005
        self.ranks: list[int] = []
        self.working: list[dt.date] = []  # the working days, in order

    def _extend_to(self, last: dt.date) -> None:
        day = self.first + dt.timedelta(days=len(self.ranks))
        count = self.ranks[-1] if self.ranks else 0
        while day <= last:
            if is_working_day(day, self.regime):
                count += 1
                self.working.append(day)
            self.ranks.append(count)
            day += dt.timedelta(days=1)

    def rank(self, day: dt.date) -> int:
        if day < self.first:
            # Before the table: rare, count directly (negative rank from the epoch).
            return -sum(is_working_day(self.first - dt.timedelta(days=n), self.regime) for n in range(1, (self.first - day).days + 1))
        index = (day - self.first).days
        if index >= len(self.ranks):
            self._extend_to(dt.date(day.year + 1, 12, 31))
        return self.ranks[index]

    def nth_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day``."""
        target = self.rank(day) + n  # working[k-1] has rank k
        while target > len(self.working):
            last = self.first + dt.timedelta(days=len(self.ranks) - 1)
            self._extend_to(dt.date(last.year + 1, 12, 31))
        if target >= 1 and day >= self.first:
            return self.working[target - 1]
        found, count = day, 0  # before the table: walk
        while count < n:
            found += dt.timedelta(days=1)
            count += is_working_day(found, self.regime)
        return found


@lru_cache(maxsize=8)
def _calendar(regime: str) -> _Calendar:
    return _Calendar("FOISA" if regime in _SCOTTISH else "FOIA")


def working_days_between(start: dt.date, end: dt.date, regime: str = "FOIA") -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    calendar = _calendar(regime)
    return calendar.rank(end) - calendar.rank(start)


def deadline(received: dt.date, regime: str = "FOIA", days: int = STATUTORY_DAYS) -> dt.date:
    """The ``days``-th working day following the day of receipt."""
    return _calendar(regime).nth_after(received, days)
