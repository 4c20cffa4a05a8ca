"""The legal clock's columns of the open data (``responses.csv``/``.json``, the database, each response's document).

Declared here as plain specs so :mod:`.tables` keeps one list of columns and
this feature's columns stay in one place; the values come from
:class:`foilog.log.clock.Clock`, the same object the pages word.
"""

from __future__ import annotations

from typing import Any

from foilog.log.clock import CLOCK_STATUSES, EXTENSION_KINDS, Clock

#: ``(name, Table Schema type, description, constraints)`` of each column, in order.
CLOCK_FIELDS_SPEC: tuple[tuple[str, str, str, dict[str, Any] | None], ...] = (
    (
        "clock_start",
        "date",
        "The day the 20 working days ran from: the day of receipt, or the day a clarification was received (FOIA / FOISA s1(3), EIR regulation 9(4)).",
        None,
    ),
    (
        "statutory_deadline",
        "date",
        "The 20th working day after clock_start, moved on by any fee pause (FOIA / FOISA s10(2)).",
        None,
    ),
    (
        "timeliness",
        "string",
        "'on-time' (by the statutory deadline), 'on-time-extended' (after it, within a permitted extension) or 'late'.",
        {"enum": list(CLOCK_STATUSES)},
    ),
    ("days_over", "integer", "Working days after the deadline the response was sent (0 unless late).", {"minimum": 0}),
    (
        "extension",
        "string",
        "The permitted extension, if any: 'public-interest-extension' (FOIA s10(3)) or 'regulation-7-extension' (EIR / EISR regulation 7(1)).",
        {"enum": list(EXTENSION_KINDS)},
    ),
)


def clock_values(clock: Clock) -> dict[str, Any]:
    """The clock's cells of one response's row, as Python values."""
    return {
        "clock_start": clock.start,
        "statutory_deadline": clock.statutory_deadline,
        "timeliness": clock.status,
        "days_over": clock.days_over,
        "extension": clock.extension,
    }
