"""Internal reviews and appeals: the time limit of a review and what a response's history derives.

A review is judged in working days from the day the authority received the
request for review, counted the way the regime counts the original request
(:mod:`foilog.log.workdays`). The limits:

- **FOIA**: no limit in the Act itself. The section 45 Code of Practice (Cabinet
  Office, July 2018, paragraph 5.4) asks for reviews within 20 working days, and
  at most 40 in complex or voluminous cases; the ICO's guidance says the same
  (a review should not, unless particularly complex, take longer than the
  statutory 20 working days of the original request). We judge against 20, and
  report a review past 20 but within 40 as "late" all the same, with its days,
  because the Code treats 40 as an exception the authority must explain.
- **FOISA**: s21(1), "not later than the twentieth working day after receipt by
  it of the requirement" (legislation.gov.uk, asp 2002/13 s21).
- **EIR**: regulation 11(4), as soon as possible and no later than 40 working
  days after the date of receipt of the representations.
- **EISR**: regulation 16(4) of the Environmental Information (Scotland)
  Regulations 2004 (their review regulation is 16, not 11): 20 working days,
  the same as FOISA s21(1).

Pure functions of :class:`~foilog.log.schema.ResponseData`: no site, no MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from foilog.log.schema import Appeal, Question, Review
from foilog.log.workdays import deadline, working_days_between

#: Working days allowed for an internal review, by regime.
REVIEW_LIMITS: dict[str, int] = {"FOIA": 20, "FOISA": 20, "EIR": 40, "EISR": 20}
#: Where each limit comes from, shown on the page and in the README.
REVIEW_LIMIT_SOURCES: dict[str, str] = {
    "FOIA": "section 45 Code of Practice, paragraph 5.4",
    "FOISA": "FOISA section 21(1)",
    "EIR": "EIR regulation 11(4)",
    "EISR": "EISR regulation 16(4)",
}
#: The regulator each regime's complaints go to (FOIA s50 / EIR reg 18: the ICO; FOISA s47 / EISR reg 17: the SIC).
REGULATOR_OF: dict[str, str] = {"FOIA": "ICO", "EIR": "ICO", "FOISA": "SIC", "EISR": "SIC"}
REGULATOR_NAMES: dict[str, str] = {"ICO": "Information Commissioner's Office", "SIC": "Scottish Information Commissioner"}

REVIEW_OUTCOME_LABELS: dict[str, str] = {
    "upheld": "Original decision upheld",
    "upheld-with-modifications": "Upheld with modifications",
    "overturned": "Original decision overturned",
}
APPEAL_OUTCOME_LABELS: dict[str, str] = {
    "upheld": "Complaint upheld",
    "partly-upheld": "Complaint partly upheld",
    "not-upheld": "Complaint not upheld",
    "withdrawn": "Complaint withdrawn",
    "informally-resolved": "Resolved informally",
}


@dataclass(frozen=True)
class ReviewTimeliness:
    """How long an internal review took against its regime's limit."""

    limit: int
    """Working days allowed (:data:`REVIEW_LIMITS`)."""
    source: str
    """Where the limit comes from."""
    deadline: dt.date
    working_days: int | None
    """Working days from the request for review to the result; None while the review is open."""
    on_time: bool | None
    """None while the review is open."""


def review_limit(regime: str) -> int:
    """Working days allowed for an internal review under ``regime``."""
    return REVIEW_LIMITS.get(regime, 20)


def review_timeliness(review: Review, regime: str) -> ReviewTimeliness:
    """Working days taken by ``review`` and whether it met its regime's limit (counted as the regime counts days)."""
    limit = review_limit(regime)
    due = deadline(review.requested, regime, limit)
    if review.responded is None:
        return ReviewTimeliness(limit, REVIEW_LIMIT_SOURCES.get(regime, ""), due, None, None)
    days = working_days_between(review.requested, review.responded, regime)
    return ReviewTimeliness(limit, REVIEW_LIMIT_SOURCES.get(regime, ""), due, days, review.responded <= due)


def changed_questions(questions: list[Question]) -> list[Question]:
    """The questions whose outcome changed after a review or an appeal."""
    return [q for q in questions if q.changed_after is not None]


def current_outcome(question: Question) -> str:
    """The outcome of ``question`` today: the changed one when it changed, else the original."""
    return question.changed_after.outcome if question.changed_after is not None else question.outcome


def decided_appeals(appeals: list[Appeal]) -> list[Appeal]:
    """Appeals with a decision date, oldest first."""
    return sorted((a for a in appeals if a.decided is not None), key=lambda a: a.decided or dt.date.min)


def latest_decision_notice(appeals: list[Appeal]) -> Appeal | None:
    """The most recent appeal that produced a decision notice (None when none did)."""
    with_notice = [a for a in appeals if a.decision_notice is not None]
    if not with_notice:
        return None
    return max(with_notice, key=lambda a: a.decided or dt.date.min)
