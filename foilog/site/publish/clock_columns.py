"""The legal clock in the open data: columns of ``responses`` (CSV, JSON, the database) and each response document's ``clock_events``.

Declared here as plain specs so :mod:`.tables` keeps one list of columns and
this feature's columns stay in one place; the values come from
:class:`foilog.log.clock.Clock`, the same object the pages word.
"""

from __future__ import annotations

from typing import Any

from foilog.log.clock import CLOCK_STATUSES, EXTENSION_KINDS, Clock
from foilog.log.model import Response
from foilog.log.schema import CLOCK_EVENT_KINDS

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


#: The JSON Schema of one item of a response document's ``clock_events``.
CLOCK_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["event", "date", "new_target", "to", "note"],
    "properties": {
        "event": {"type": "string", "enum": list(CLOCK_EVENT_KINDS), "description": "What happened (as in response.yml's clock)."},
        "date": {
            "type": "string",
            "format": "date",
            "description": "The day it happened; for an extension, the day the requester was told.",
        },
        "new_target": {
            "type": ["string", "null"],
            "format": "date",
            "description": "For a public-interest-extension: the date the requester was told to expect the answer.",
        },
        "to": {"type": ["string", "null"], "description": "For transferred: the authority the request was transferred to."},
        "note": {"type": ["string", "null"], "description": "The public note about the event, if any."},
    },
}


def clock_event_records(r: Response) -> list[dict[str, Any]]:
    """The response's clock events for its document, in date order (what the page's timeline shows)."""
    return [
        {"event": e.event, "date": e.date, "new_target": e.new_target, "to": e.to, "note": e.note}
        for e in sorted(r.data.clock, key=lambda e: e.date)
    ]
