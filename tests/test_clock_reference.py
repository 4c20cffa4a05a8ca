"""``clock_of`` against a plain day-by-day count, over many random event lists.

:mod:`foilog.log.clock` counts with working-day ranks and finds a deadline
past fee pauses by a fixed-point search; here the same rules are applied the
slow way, one calendar day at a time (a day counts if it is a working day and
not inside a pause), so an error in the rank arithmetic, in a pause's ends
(both included, FOIA s10(2)) or in the search shows up as a difference. The
hand-worked cases are in ``test_clock.py``; this covers the combinations no one
would work out by hand (pauses across a restart, unpaid notices, extensions
on the wrong regime or notified late, targets before the deadline).
"""

from __future__ import annotations

import datetime as dt
import random

from foilog.log.clock import clock_of
from foilog.log.schema import CLOCK_EVENT_KINDS, ClockEvent
from foilog.log.workdays import is_working_day

ONE = dt.timedelta(days=1)
ALLOWED = {"FOIA": {"public-interest-extension"}, "EIR": {"regulation-7-extension"}, "EISR": {"regulation-7-extension"}, "FOISA": set()}


def _by_hand(regime: str, received: dt.date, responded: dt.date, events: list[ClockEvent]) -> tuple[object, ...]:
    ordered = sorted(events, key=lambda e: e.date)
    start = max([received, *(e.date for e in ordered if e.event == "clarification-received" and e.date >= received)])
    pauses: list[tuple[dt.date, dt.date]] = []
    notice: dt.date | None = None
    for e in ordered:
        if e.event == "fees-notice" and notice is None:
            notice = e.date
        elif e.event == "fees-paid" and notice is not None:
            pauses.append((notice, e.date))
            notice = None
    if notice is not None:
        pauses.append((notice, max(notice, responded)))

    def counts(day: dt.date) -> bool:
        return is_working_day(day, regime) and not any(a <= day <= b for a, b in pauses if b > start)

    def nth(n: int) -> dt.date:
        day, seen = start, 0
        while seen < n:
            day += ONE
            seen += counts(day)
        return day

    def between(a: dt.date, b: dt.date) -> int:
        seen = 0
        while a < b:
            a += ONE
            seen += counts(a)
        return seen

    statutory = nth(20)
    extension = next(
        (
            e
            for e in ordered
            if e.event in ALLOWED[regime]
            and e.date <= statutory
            and not (e.event == "public-interest-extension" and (e.new_target is None or e.new_target <= statutory))
        ),
        None,
    )
    due = statutory
    if extension is not None:
        due = nth(40) if extension.event == "regulation-7-extension" else extension.new_target  # type: ignore[assignment]
    status = "on-time" if responded <= statutory else "on-time-extended" if responded <= due else "late"
    over = max(1, between(due, responded)) if status == "late" else 0
    return (start, statutory, due, between(start, responded), status, over, extension.event if extension else None)


def test_clock_of_agrees_with_a_day_by_day_count() -> None:
    rng = random.Random(21)
    for _ in range(600):
        regime = rng.choice(sorted(ALLOWED))
        received = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        responded = received + dt.timedelta(days=rng.randrange(120))
        events = []
        for _ in range(rng.randrange(4)):
            kind = rng.choice(CLOCK_EVENT_KINDS)
            day = received + dt.timedelta(days=rng.randrange(100))
            extra = (
                {"new_target": day + dt.timedelta(days=rng.randrange(-5, 60))}
                if kind == "public-interest-extension" and rng.random() < 0.9
                else {}
            )
            events.append(ClockEvent(event=kind, date=day, **extra))  # type: ignore[arg-type]
        c = clock_of(regime, received, responded, events)
        got = (c.start, c.statutory_deadline, c.deadline, c.working_days, c.status, c.days_over, c.extension)
        assert got == _by_hand(regime, received, responded, events), (regime, received, responded, events)
