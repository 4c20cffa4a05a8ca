"""Checks of a response's ``clock:`` events that the schema alone cannot make.

Each finding names the event's line and says what the law expects, so an
editor can fix the date or the event without reading the Act:

- the order of things: a clarification is received after it was sought
  (FOIA / FOISA s1(3), EIR regulation 9(4)); a fee is paid after the fees
  notice (FOIA / FOISA s10(2)); every event falls between ``received`` and
  ``responded``; the list is in date order;
- extensions the regime allows: regulation 7(1) only under the EIR and EISR,
  the public interest extension of FOIA s10(3) only under FOIA (FOISA has
  none); one extension per request;
- extensions notified in time: the requester must be told within the
  original 20 working days (FOIA s17(2); EIR / EISR regulation 7(3));
- the public interest extension's ``new_target``: required, after the
  statutory deadline, and (a warning) normally no more than a further 20
  working days, which is the ICO's guidance on what is "reasonable";
- fields that belong to one kind of event: ``new_target`` to the public
  interest extension, ``to`` to a transfer.

Values that failed schema validation are :data:`~foilog.log.schema.INVALID`
and reported already: a check that needs one is skipped.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from foilog.log.clock import EXTENSION_KINDS, EXTENSION_REGIMES, clock_of
from foilog.log.field_findings import field_finding
from foilog.log.field_findings import known as _known
from foilog.log.findings import Finding
from foilog.log.model import Response
from foilog.log.schema import INVALID, ClockEvent
from foilog.log.workdays import working_days_between

#: ICO guidance: a public interest extension should not normally take more than a further 20 working days.
PIT_REASONABLE_DAYS = 20


def _finding(r: Response, i: int, name: str, message: str, *, warning: bool = False) -> Finding:
    return field_finding(r, ("clock", i, name), f"clock[{i}].{name}" if name else f"clock[{i}]", message, warning=warning)


def _events(r: Response) -> list[tuple[int, ClockEvent]]:
    """``(index, event)`` of each event whose kind and date are valid (indexes as in the file)."""
    values = r.data.clock
    if not isinstance(values, list):
        return []
    return [
        (i, e) for i, e in enumerate(values) if e is not INVALID and _known(e.event) is not None and isinstance(_known(e.date), dt.date)
    ]


def check_clock(r: Response) -> Iterator[Finding]:
    """Every finding about the ``clock:`` events of one response."""
    events = _events(r)
    if not events:
        return
    yield from _check_fields(r, events)
    yield from _check_order(r, events)
    yield from _check_pairs(r, events)
    regime = _known(r.data.regime)
    received, responded = _known(r.data.received), _known(r.data.responded)
    yield from _check_span(r, events, received, responded)
    if regime is not None:
        yield from _check_extensions(r, events, regime, received, responded)


def _check_fields(r: Response, events: list[tuple[int, ClockEvent]]) -> Iterator[Finding]:
    for i, e in events:
        if e.event != "public-interest-extension" and _known(e.new_target) is not None:
            yield _finding(
                r,
                i,
                "new_target",
                f"new_target belongs to a public-interest-extension only, not to {e.event}; remove it",
            )
        if e.event != "transferred" and _known(e.to) is not None:
            yield _finding(r, i, "to", f"'to' names the authority of a transferred event only, not of {e.event}; remove it")


def _check_order(r: Response, events: list[tuple[int, ClockEvent]]) -> Iterator[Finding]:
    for (_, before), (i, e) in itertools.pairwise(events):
        if e.date < before.date:
            yield _finding(
                r,
                i,
                "date",
                f"the {e.event} event ({e.date}) is listed after the {before.event} event ({before.date}); list the clock events in date order",
            )


#: ``(opening event, closing event, what the opening event is, how to add a missing one)``: events that come in pairs.
_PAIRS = (
    (
        "clarification-sought",
        "clarification-received",
        "the clarification was sought",
        "add the clarification-sought event (the day the requester was asked) before it",
    ),
    (
        "fees-notice",
        "fees-paid",
        "the fees notice",
        "add the fees-notice event (the day the notice was given, FOIA / FOISA s10(2)) before it",
    ),
)


def _check_pairs(r: Response, events: list[tuple[int, ClockEvent]]) -> Iterator[Finding]:
    """Clarification received after it was sought, a fee paid after its notice, and no request left hanging."""
    by_date = sorted(events, key=lambda item: (item[1].date, item[0]))
    opened: dict[str, tuple[int, ClockEvent] | None] = {opening: None for opening, *_ in _PAIRS}
    for i, e in by_date:
        for opening, closing, what, add in _PAIRS:
            if e.event == opening:
                opened[opening] = (i, e)
            elif e.event == closing:
                if opened[opening] is None:
                    earlier = [o for _, o in events if o.event == opening and o.date > e.date]
                    hint = f"it is dated before {what} ({earlier[0].date}); check both dates" if earlier else add
                    yield _finding(r, i, "date", f"{closing} ({e.date}) has no {opening} before it: {hint}")
                opened[opening] = None
    sought = opened["clarification-sought"]
    if sought is not None:
        i, e = sought
        yield _finding(
            r,
            i,
            "event",
            f"clarification was sought on {e.date} but never received: add a clarification-received event with the day it arrived "
            "(the 20 working days restart from it, FOIA / FOISA s1(3), EIR regulation 9(4))",
        )


def _check_span(r: Response, events: list[tuple[int, ClockEvent]], received: Any, responded: Any) -> Iterator[Finding]:
    for i, e in events:
        if isinstance(received, dt.date) and e.date < received:
            yield _finding(r, i, "date", f"the {e.event} event ({e.date}) is before the request was received ({received}); check the date")
        if isinstance(responded, dt.date) and e.date > responded:
            yield _finding(r, i, "date", f"the {e.event} event ({e.date}) is after the response ({responded}); check the date")


def _check_extensions(r: Response, events: list[tuple[int, ClockEvent]], regime: str, received: Any, responded: Any) -> Iterator[Finding]:
    extensions = [(i, e) for i, e in events if e.event in EXTENSION_KINDS]
    for i, e in extensions[1:]:
        yield _finding(
            r,
            i,
            "event",
            f"a second extension ({e.event}, {e.date}): a request has one extended time limit; keep the extension the requester was told of first",
        )
    statutory = None
    if isinstance(received, dt.date) and isinstance(responded, dt.date):
        valid = [e.model_copy(update={"new_target": _known(e.new_target)}) for _, e in events]  # an invalid target is reported already
        statutory = clock_of(regime, received, responded, valid).statutory_deadline
    for i, e in extensions:
        allowed = EXTENSION_REGIMES[e.event]
        if regime not in allowed:
            yield _finding(r, i, "event", _wrong_regime(e.event, regime))
            continue
        if statutory is not None and e.date > statutory:
            rule = "FOIA s17(2)" if e.event == "public-interest-extension" else f"{regime} regulation 7(3)"
            yield _finding(
                r,
                i,
                "date",
                f"the {e.event} was notified on {e.date}, after the 20 working days had run out on {statutory}: "
                f"the requester must be told within them ({rule}), so the response is judged against {statutory}; check the date",
            )
        if e.event == "public-interest-extension":
            yield from _check_new_target(r, i, e, statutory, regime)


def _wrong_regime(kind: str, regime: str) -> str:
    if kind == "regulation-7-extension":
        return (
            f"a regulation-7-extension under {regime}: regulation 7(1) of the EIR / EISR extends only environmental requests; "
            f"{regime} has no extension to 40 working days (use public-interest-extension under FOIA, or correct the regime)"
        )
    if regime == "FOISA":
        return (
            "a public-interest-extension under FOISA: FOISA has no public interest extension (s10 allows 20 working days); remove the event"
        )
    return (
        f"a public-interest-extension under {regime}: the public interest extension is FOIA s10(3); "
        "under the EIR / EISR use regulation-7-extension (to 40 working days)"
    )


def _check_new_target(r: Response, i: int, e: ClockEvent, statutory: dt.date | None, regime: str) -> Iterator[Finding]:
    target = _known(e.new_target)
    if e.new_target is None:
        yield _finding(
            r,
            i,
            "event",
            "a public-interest-extension needs new_target: the date the requester was told to expect the decision (FOIA s17(2)); add it",
        )
        return
    if target is None or statutory is None:
        return
    if target <= statutory:
        yield _finding(
            r,
            i,
            "new_target",
            f"new_target ({target}) is not after the statutory deadline ({statutory}): an extension must give more time; correct it or remove the event",
        )
        return
    extra = working_days_between(statutory, target, regime)
    if extra > PIT_REASONABLE_DAYS:
        yield _finding(
            r,
            i,
            "new_target",
            f"new_target ({target}) is {extra} working days after the statutory deadline ({statutory}); the ICO's guidance is that a "
            f"public interest extension should not normally exceed a further {PIT_REASONABLE_DAYS} working days",
            warning=True,
        )
