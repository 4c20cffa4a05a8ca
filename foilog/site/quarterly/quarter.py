"""A calendar quarter written ``2026Q3``: the period every regulator's return covers.

The Cabinet Office and the Scottish Information Commissioner both report calendar quarters
(Q3 = 1 July to 30 September), so foilog does too; a financial-year label (2026/27 Q2) would be
the same three months under another name and is not accepted, to keep one way of writing it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class Quarter:
    """Quarter ``number`` (1-4) of calendar ``year``."""

    year: int
    number: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    def holds(self, day: dt.date | None) -> bool:
        """Whether ``day`` falls in the quarter (None never does)."""
        return day is not None and self.first <= day <= self.last

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def span(self) -> str:
        """``1 July 2025 to 30 September 2025``: the period in words, for headings."""
        return f"{_words(self.first)} to {_words(self.last)}"


def _words(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def parse_quarter(text: str) -> Quarter:
    """``2026Q3`` (or ``2026-Q3``, ``2026q3``) -> Quarter(2026, 3); anything else a ValueError saying what to write."""
    match = _QUARTER.match(text.strip())
    if not match:
        hint = ""
        if m := re.match(r"^Q([1-4])[ -/]?(\d{4})$", text.strip(), re.IGNORECASE):
            hint = f"; write '{m.group(2)}Q{m.group(1)}'"
        raise ValueError(f"expected a quarter written YYYYQn (e.g. 2026Q3 for July to September 2026), got '{text}'{hint}")
    year = int(match.group(1))
    if year < 2005:
        raise ValueError(f"'{text}' is before FOIA and FOISA came into force (1 January 2005)")
    return Quarter(year, int(match.group(2)))
