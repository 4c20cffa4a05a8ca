"""The open data's columns for internal reviews, appeals and changed question outcomes.

Declared here, once, and appended to the ``responses`` and ``questions``
tables of :mod:`.tables`, so the CSV files, ``responses.json``, the per-response
documents, the SQLite database and the Data Package all carry them the same
way. A response with no review has empty review columns (not "0 working
days"); ``appeal_count`` is 0 when there was no appeal, since "none" is a
count. Withdrawn responses keep only their withdrawal columns, as before.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from foilog.log.model import Response
from foilog.log.reviews import latest_decision_notice, review_timeliness
from foilog.log.schema import APPEAL_OUTCOMES, OUTCOME_IDS, REVIEW_OUTCOMES, Question


class ColumnSpec(NamedTuple):
    """A column as :class:`foilog.site.publish.tables.Column` takes it (kept apart so that module can import this one)."""

    name: str
    type: str
    description: str
    constraints: dict[str, Any] | None = None


REVIEW_RESPONSE_FIELDS: tuple[ColumnSpec, ...] = (
    ColumnSpec("review_requested", "date", "Date the authority received the request for an internal review, if there was one."),
    ColumnSpec("review_responded", "date", "Date the internal review's result was sent; empty while the review is open."),
    ColumnSpec("review_outcome", "string", "Outcome of the internal review.", {"enum": list(REVIEW_OUTCOMES)}),
    ColumnSpec(
        "review_working_days",
        "integer",
        "Working days the internal review took, counted from the request for review as the regime counts them.",
        {"minimum": 0},
    ),
    ColumnSpec(
        "review_on_time",
        "boolean",
        "Whether the review's result was sent within its time limit: 20 working days (FOIA: s45 Code of Practice para 5.4; "
        "FOISA s21(1); EISR reg 16(4)) or 40 (EIR reg 11(4)).",
    ),
    ColumnSpec("appeal_count", "integer", "Number of complaints to the regulator (ICO or SIC) about the response.", {"minimum": 0}),
    ColumnSpec("latest_decision_notice", "string", "Number of the most recent decision notice on the response, e.g. 'IC-123456-A1B2'."),
    ColumnSpec("latest_decision_notice_url", "string", "The most recent decision notice on the regulator's website."),
    ColumnSpec(
        "latest_decision_notice_outcome", "string", "The regulator's finding in that decision notice.", {"enum": list(APPEAL_OUTCOMES)}
    ),
)

QUESTION_CHANGE_FIELDS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "changed_after",
        "string",
        "'review' or 'appeal' when the question's outcome changed afterwards; 'outcome' stays the original one.",
        {"enum": ["review", "appeal"]},
    ),
    ColumnSpec("changed_on", "date", "Date the new outcome was given."),
    ColumnSpec("changed_outcome", "string", "The question's outcome since that date.", {"enum": list(OUTCOME_IDS)}),
    ColumnSpec("released", "string", "What was released after the review or appeal, in Markdown."),
)


def review_values(r: Response) -> dict[str, Any]:
    """The review and appeal columns of ``r``'s row of ``responses`` (None where there is nothing to say)."""
    review, appeals = r.data.review, r.data.appeals
    values: dict[str, Any] = dict.fromkeys(c.name for c in REVIEW_RESPONSE_FIELDS)
    values["appeal_count"] = len(appeals)
    if review is not None:
        timing = review_timeliness(review, r.data.regime)
        values.update(
            review_requested=review.requested,
            review_responded=review.responded,
            review_outcome=review.outcome,
            review_working_days=timing.working_days,
            review_on_time=timing.on_time,
        )
    notice = latest_decision_notice(appeals)
    if notice is not None:
        values.update(
            latest_decision_notice=notice.decision_notice,
            latest_decision_notice_url=notice.url,
            latest_decision_notice_outcome=notice.outcome,
        )
    return values


def question_change_values(q: Question) -> dict[str, Any]:
    """The changed-outcome columns of one row of ``questions``."""
    change = q.changed_after
    if change is None:
        return dict.fromkeys(c.name for c in QUESTION_CHANGE_FIELDS)
    return {"changed_after": change.stage, "changed_on": change.date, "changed_outcome": change.outcome, "released": change.released}
