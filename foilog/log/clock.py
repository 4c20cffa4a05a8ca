"""The legal clock of a request: when it started, when the answer was due, and whether it was in time.

Built on the working-day ranks of :mod:`foilog.log.workdays` (FOIA and EIR
count a bank holiday in any part of the UK; FOISA and EISR Scotland's only).
A response's ``clock:`` events (:class:`~foilog.log.schema.ClockEvent`) move
the clock as the law says:

- ``clarification-received`` restarts it: FOIA s1(3) and FOISA s1(3) (the
  authority "is not obliged to comply" until it has the further information it
  reasonably asked for, and s10(1)/s10(1) then count from "the date on which
  it receives the further information"); EIR regulation 9(4) and EISR
  regulation 9(4) likewise count the 20 working days from receipt of the
  particulars asked for.
- ``fees-notice`` .. ``fees-paid`` pause it: FOIA s10(2) and FOISA s10(2)
  disregard "the working days in the period beginning with the day on which
  the fees notice is given ... and ending with the day on which the fee is
  received". Both ends count as paused. A notice that was never paid pauses
  the clock up to the response (the authority need not answer until paid).
- ``regulation-7-extension`` (EIR and EISR only): regulation 7(1) allows 40
  working days where the request is complex and voluminous, if the applicant
  is told within the first 20 (regulation 7(3)).
- ``public-interest-extension`` (FOIA only): s10(3) allows "such time as is
  reasonable in the circumstances" to weigh the public interest, the s17(2)
  notice being given within the 20 working days with an estimate of when the
  decision will be made; that estimate (``new_target``) is the new deadline.
  The ICO's guidance is that this should not normally exceed a further 20
  working days (checked, as a warning, by :mod:`foilog.log.clock_checks`).
  FOISA has no such extension and the EIR have none beyond regulation 7.
- ``transferred`` is recorded only: it does not move this authority's clock.

An extension the law does not allow (the wrong regime, no ``new_target``, or
notified after the 20 working days had run out) is not credited: the response
is judged against the statutory deadline, and validation reports the event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from foilog.log.schema import ClockEvent
from foilog.log.workdays import STATUTORY_DAYS, deadline, working_days_between

ClockStatus = Literal["on-time", "on-time-extended", "late"]
CLOCK_STATUSES: tuple[ClockStatus, ...] = ("on-time", "on-time-extended", "late")

#: What each status is called on pages and in the statistics.
STATUS_LABELS: dict[str, str] = {
    "on-time": "On time",
    "on-time-extended": "On time with a permitted extension",
    "late": "Late",
}

EXTENDED_DAYS = 40
"""EIR / EISR regulation 7(1): the extended time limit, in working days after receipt."""

#: Which regimes allow which extension.
EXTENSION_REGIMES: dict[str, frozenset[str]] = {
    "public-interest-extension": frozenset({"FOIA"}),
    "regulation-7-extension": frozenset({"EIR", "EISR"}),
}
EXTENSION_KINDS: tuple[str, ...] = tuple(EXTENSION_REGIMES)

#: Plain names of the extensions, for pages.
EXTENSION_LABELS: dict[str, str] = {
    "public-interest-extension": "public interest test extension (FOIA s10(3))",
    "regulation-7-extension": "extension to 40 working days (regulation 7(1))",
}

#: Plain names of the events, for the timeline.
EVENT_LABELS: dict[str, str] = {
    "public-interest-extension": "Time extended to consider the public interest",
    "regulation-7-extension": "Time extended to 40 working days (regulation 7)",
    "clarification-sought": "Clarification asked for",
    "clarification-received": "Clarification received: the 20 working days start again",
    "fees-notice": "Fees notice sent: the clock stops",
    "fees-paid": "Fee paid: the clock runs again",
    "transferred": "Transferred to another authority",
}


@dataclass(frozen=True)
class Clock:
    """A response's time limit and how it was met."""

    start: dt.date
    """The day the clock started: received, or the day the (last) clarification was received."""
    statutory_deadline: dt.date
    """The 20th working day after start, moved on by any fee pauses."""
    deadline: dt.date
    """After a permitted extension (== statutory_deadline when none)."""
    working_days: int
    """Working days taken from start to the response, fee pauses excluded."""
    status: ClockStatus
    days_over: int
    """Working days after ``deadline`` (0 unless late)."""
    extension: str | None
    """``public-interest-extension`` | ``regulation-7-extension`` | None: the extension credited."""

    @property
    def on_time(self) -> bool:
        """In time, counting a permitted extension as in time (as the ICO's monitoring does)."""
        return self.status != "late"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def pauses(events: Sequence[ClockEvent], responded: dt.date) -> list[tuple[dt.date, dt.date]]:
    """``(notice, paid)`` of each fee pause, both days included; an unpaid notice runs to ``responded``.

    Each ``fees-notice`` is paired with the next ``fees-paid`` after it (in date
    order); a ``fees-paid`` with no notice before it pauses nothing (validation
    reports it).
    """
    found: list[tuple[dt.date, dt.date]] = []
    notice: dt.date | None = None
    for event in sorted(events, key=lambda e: e.date):
        if event.event == "fees-notice" and notice is None:
            notice = event.date
        elif event.event == "fees-paid" and notice is not None:
            found.append((notice, event.date))
            notice = None
    if notice is not None:
        found.append((notice, max(notice, responded)))
    return found


def _paused_days(spans: Sequence[tuple[dt.date, dt.date]], after: dt.date, upto: dt.date, regime: str) -> int:
    """Working days in ``(after, upto]`` that fall inside a pause."""
    total = 0
    for first, last in spans:
        lo = max(first - dt.timedelta(days=1), after)
        hi = min(last, upto)
        total += working_days_between(lo, hi, regime)
    return total


def _nth_working_day(start: dt.date, days: int, spans: Sequence[tuple[dt.date, dt.date]], regime: str) -> dt.date:
    """The ``days``-th working day after ``start`` not inside a pause.

    The pauses are finite, so adding the paused days before the candidate and
    looking again reaches a fixed point (each step only moves the day later).
    """
    due = deadline(start, regime, days)
    while True:
        moved = deadline(start, regime, days + _paused_days(spans, start, due, regime))
        if moved == due:
            return due
        due = moved


def start_of(received: dt.date, events: Sequence[ClockEvent]) -> dt.date:
    """The day the 20 working days run from: the last clarification received, else the day of receipt."""
    restarts = [e.date for e in events if e.event == "clarification-received" and e.date >= received]
    return max([received, *restarts])


def permitted_extension(regime: str, events: Sequence[ClockEvent], statutory_deadline: dt.date) -> ClockEvent | None:
    """The first extension the law allows here: the right regime, notified by the statutory deadline, with a later target."""
    for event in sorted(events, key=lambda e: e.date):
        if event.event not in EXTENSION_REGIMES or regime not in EXTENSION_REGIMES[event.event]:
            continue
        if event.date > statutory_deadline:
            continue
        if event.event == "public-interest-extension" and (event.new_target is None or event.new_target <= statutory_deadline):
            continue
        return event
    return None


def clock_of(regime: str, received: dt.date, responded: dt.date, events: Sequence[ClockEvent]) -> Clock:
    """The clock of one response (see the module docstring for the law behind each step)."""
    start = start_of(received, events)
    spans = [(a, b) for a, b in pauses(events, responded) if b > start]
    statutory = _nth_working_day(start, STATUTORY_DAYS, spans, regime)
    extension = permitted_extension(regime, events, statutory)
    due = statutory
    if extension is not None and extension.event == "regulation-7-extension":
        due = _nth_working_day(start, EXTENDED_DAYS, spans, regime)
    elif extension is not None and extension.new_target is not None:
        due = extension.new_target
    taken = working_days_between(start, responded, regime) - _paused_days(spans, start, responded, regime)
    if responded <= statutory:
        status: ClockStatus = "on-time"
    elif responded <= due:
        status = "on-time-extended"
    else:
        status = "late"
    over = 0
    if status == "late":
        # A letter dated on a weekend or holiday after the deadline is late by at least one working day.
        over = max(1, working_days_between(due, responded, regime) - _paused_days(spans, due, responded, regime))
    return Clock(
        start=start,
        statutory_deadline=statutory,
        deadline=due,
        working_days=taken,
        status=status,
        days_over=over,
        extension=extension.event if extension is not None else None,
    )
