"""Whether a closed request (and its internal review) was answered in time, as the returns count it.

The request's status is the legal clock's (:func:`foilog.log.clock.clock_of`): ``on-time``,
``on-time-extended`` (a permitted extension: FOIA s10(3), EIR / EISR regulation 7) or ``late``;
clarifications restart it and fees notices pause it there, so the returns and the response pages
can never disagree about a request.
"""

from __future__ import annotations

from foilog.log.clock import ClockStatus, clock_of
from foilog.log.requests import RequestRecord
from foilog.log.workdays import working_days_between

#: Code of Practice (2018) paragraph 5.5 and FOISA s21(1): an internal review within 20 working days.
REVIEW_DAYS = 20


def status_of(record: RequestRecord) -> ClockStatus:
    """On time, on time with a permitted extension, or late."""
    return clock_of(record.regime, record.received, record.responded, record.clock).status


def review_in_time(record: RequestRecord) -> bool | None:
    """Whether the internal review was answered within 20 working days of the request for it; None while it is open."""
    review = record.review
    if review is None or review.responded is None:
        return None
    return working_days_between(review.requested, review.responded, record.regime) <= REVIEW_DAYS
