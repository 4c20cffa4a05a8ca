"""The statistics page's figures for internal reviews and appeals: counts, outcomes and timeliness.

Regulators ask for these (the FOIA s45 Code of Practice, paragraphs 8.5-8.6:
internal reviews and their outcomes; the Scottish Information Commissioner's
quarterly statistics: reviews, their outcomes, appeals). Only live responses
count, as for every figure on ``/statistics/``. A review is "in time" against
its regime's limit (:data:`foilog.log.reviews.REVIEW_LIMITS`: 20 working days,
40 for EIR), counted the way the regime counts working days; open reviews are
counted as open, never as late, since their result is not yet known.

Pure data (no HTML); the page's partial is ``reviews_statistics.html.j2``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from foilog.log.model import Response
from foilog.log.reviews import APPEAL_OUTCOME_LABELS, REVIEW_OUTCOME_LABELS, review_timeliness
from foilog.log.schema import APPEAL_OUTCOMES, REVIEW_OUTCOMES

OPEN = "open"


@dataclass(frozen=True)
class ReviewStatistics:
    """Reviews and appeals among the live responses."""

    responses: int
    """Live responses counted (the denominator of "share of responses reviewed")."""
    reviews: int
    """Responses with an internal review."""
    review_outcomes: list[tuple[str, int]]
    """(outcome id of REVIEW_OUTCOMES, or ``open``, reviews), in that order."""
    reviews_closed: int
    reviews_in_time: int
    """Closed reviews whose result was sent within the regime's limit."""
    median_review_days: float | None
    """Median working days of the closed reviews; None when there are none."""
    appeals: int
    """Complaints to the ICO or the SIC (a response may have more than one)."""
    appeal_outcomes: list[tuple[str, int]]
    """(outcome id of APPEAL_OUTCOMES, or ``open``, appeals), in that order."""
    decision_notices: int
    """Appeals decided by a decision notice."""
    appeals_by_regulator: list[tuple[str, int]]
    """(``ICO`` / ``SIC``, appeals)."""
    questions_changed_after_review: int
    questions_changed_after_appeal: int

    @staticmethod
    def review_label(outcome_id: str) -> str:
        """The page's words for a review outcome (or ``open``)."""
        return REVIEW_OUTCOME_LABELS.get(outcome_id, "Still open")

    @staticmethod
    def appeal_label(outcome_id: str) -> str:
        """The page's words for an appeal outcome (or ``open``)."""
        return APPEAL_OUTCOME_LABELS.get(outcome_id, "Still open")

    @property
    def share_in_time(self) -> float:
        return self.reviews_in_time / self.reviews_closed if self.reviews_closed else 0.0


def compute_review_statistics(responses: Iterable[Response]) -> ReviewStatistics:
    """The figures for ``responses`` (withdrawn ones skipped); linear in their number."""
    live = [r for r in responses if not r.withdrawn]
    review_outcomes: Counter[str] = Counter()
    appeal_outcomes: Counter[str] = Counter()
    regulators: Counter[str] = Counter()
    days: list[int] = []
    in_time = notices = appeals = reviews = 0
    changed: Counter[str] = Counter()
    for r in live:
        review = r.data.review
        if review is not None:
            reviews += 1
            review_outcomes[review.outcome or OPEN] += 1
            timing = review_timeliness(review, r.data.regime)
            if timing.working_days is not None:
                days.append(timing.working_days)
                in_time += bool(timing.on_time)
        for appeal in r.data.appeals:
            appeals += 1
            appeal_outcomes[appeal.outcome or OPEN] += 1
            regulators[appeal.regulator] += 1
            notices += appeal.decision_notice is not None
        for q in r.data.questions:
            if q.changed_after is not None:
                changed[q.changed_after.stage] += 1
    return ReviewStatistics(
        responses=len(live),
        reviews=reviews,
        review_outcomes=[(o, review_outcomes[o]) for o in (*REVIEW_OUTCOMES, OPEN)],
        reviews_closed=len(days),
        reviews_in_time=in_time,
        median_review_days=float(statistics.median(days)) if days else None,
        appeals=appeals,
        appeal_outcomes=[(o, appeal_outcomes[o]) for o in (*APPEAL_OUTCOMES, OPEN)],
        decision_notices=notices,
        appeals_by_regulator=[(reg, regulators[reg]) for reg in ("ICO", "SIC")],
        questions_changed_after_review=changed["review"],
        questions_changed_after_appeal=changed["appeal"],
    )
