"""What the response page says about the legal clock: the "Time taken" line and the timeline of clock events.

The arithmetic is :mod:`foilog.log.clock`'s; this module only words it, so
the page, the feeds and the data can never disagree about a status. The text
is plain (the templates escape it); dates are written as on the rest of the
page ("3 March 2025").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from foilog.log.clock import EVENT_LABELS, EXTENSION_LABELS, Clock
from foilog.log.model import Response


def _date(day: dt.date) -> str:
    """The page's date format (as ``long_date`` of :mod:`foilog.site.render.pages`)."""
    return f"{day.day} {day:%B %Y}"


def _days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def status_text(clock: Clock) -> str:
    """``on time``, ``on time with a permitted extension to 29 April 2025, a public interest test extension (FOIA s10(3))`` or ``late by 3 working days``."""
    if clock.status == "on-time":
        return "on time"
    if clock.status == "on-time-extended" and clock.extension is not None:
        return f"on time with a permitted extension to {_date(clock.deadline)}, a {EXTENSION_LABELS[clock.extension]}"
    return f"late by {_days(clock.days_over)}"


def time_taken(r: Response) -> str:
    """The "Time taken" line: working days, the status, and the deadline that applied.

    A late response says when it was due (after any extension); an extended
    one says when the 20 working days ran out, so the reader sees why the
    extension mattered; a restarted clock says from when it was counted.
    """
    clock = r.clock
    text = f"{_days(clock.working_days)}: {status_text(clock)}"
    notes = []
    if clock.status == "late":
        notes.append(f"due by {_date(clock.deadline)}")
    elif clock.status == "on-time-extended":
        notes.append(f"the 20 working days ended on {_date(clock.statutory_deadline)}")
    if clock.start != r.data.received:
        notes.append(f"counted from {_date(clock.start)}, when the clarification was received")
    if not notes:
        return text
    # The extension's wording has its own brackets: the notes follow a semicolon rather than nest.
    return f"{text}; {'; '.join(notes)}" if clock.status == "on-time-extended" else f"{text} ({'; '.join(notes)})"


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of the timeline."""

    date: dt.date
    label: str
    detail: str | None = None
    """The new target of an extension, or the authority a request was transferred to."""
    note: str | None = None
    """The event's public note, as typed."""


def timeline(r: Response) -> list[TimelineEntry]:
    """Received, each clock event in date order, responded; empty when the response has no clock events."""
    d = r.data
    if not d.clock:
        return []
    entries = [TimelineEntry(d.received, "Request received")]
    for e in sorted(d.clock, key=lambda e: e.date):
        detail = None
        if e.event == "public-interest-extension" and e.new_target is not None:
            detail = f"new target: {_date(e.new_target)}"
        elif e.event == "transferred" and e.to:
            detail = f"to {e.to}"
        entries.append(TimelineEntry(e.date, EVENT_LABELS[e.event], detail, e.note))
    entries.append(TimelineEntry(d.responded, "Response sent"))
    return entries
