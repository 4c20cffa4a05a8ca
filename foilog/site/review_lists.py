"""Which live responses the review pages and feeds list, and the dated events of each one's review and appeals.

Pure data for :mod:`foilog.site.render.review_pages` and
:mod:`foilog.site.publish.feeds`, so ``/reviews/``, ``/decision-notices/`` and
their feeds always list the same things. Only live responses count (withdrawn
and embargoed ones are in no index, see :mod:`foilog.site.indexes`). Every date
comes from the data, so two builds of the same log give the same pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from foilog.log.catalogue import outcomes
from foilog.log.model import Response
from foilog.log.reviews import APPEAL_OUTCOME_LABELS, REGULATOR_NAMES, REVIEW_OUTCOME_LABELS
from foilog.log.schema import Appeal


@dataclass(frozen=True)
class HistoryEvent:
    """One dated step after the response: a review requested or answered, an appeal decided, a question's outcome changed."""

    date: dt.date
    text: str
    """Plain text (escape it when writing HTML)."""


def review_date(r: Response) -> dt.date | None:
    """The latest date of ``r``'s review: its result, or the request while it is open."""
    review = r.data.review
    if review is None:
        return None
    return review.responded or review.requested


def reviewed(responses: Iterable[Response]) -> list[Response]:
    """The responses with an internal review, the latest review first (then by reference, for a stable order)."""
    found = [r for r in responses if r.data.review is not None]
    return sorted(found, key=lambda r: (review_date(r) or dt.date.min, r.reference), reverse=True)


def decision_notices(responses: Iterable[Response]) -> list[tuple[Response, Appeal]]:
    """Every appeal that produced a decision notice, with its response, the latest decision first."""
    found = [(r, a) for r in responses for a in r.data.appeals if a.decision_notice is not None]
    return sorted(found, key=lambda pair: (pair[1].decided or dt.date.min, pair[1].decision_notice or "", pair[0].reference), reverse=True)


def with_decision_notice(responses: Iterable[Response]) -> list[Response]:
    """The responses of :func:`decision_notices`, each once, in that order."""
    seen: dict[str, Response] = {}
    for r, _ in decision_notices(responses):
        seen.setdefault(r.url, r)
    return list(seen.values())


def history_events(r: Response) -> list[HistoryEvent]:
    """The dated steps of ``r``'s life after the response, oldest first: what feeds announce and pages list."""
    d = r.data
    events: list[HistoryEvent] = []
    if d.review is not None:
        events.append(HistoryEvent(d.review.requested, "Internal review requested"))
        if d.review.responded is not None and d.review.outcome is not None:
            events.append(HistoryEvent(d.review.responded, f"Internal review result: {REVIEW_OUTCOME_LABELS[d.review.outcome].lower()}"))
    for a in d.appeals:
        if a.decided is not None:
            notice = f" (decision notice {a.decision_notice})" if a.decision_notice else ""
            outcome = f": {APPEAL_OUTCOME_LABELS[a.outcome].lower()}" if a.outcome else ""
            events.append(HistoryEvent(a.decided, f"{REGULATOR_NAMES[a.regulator]} decided case {a.case_reference}{notice}{outcome}"))
    for q in d.questions:
        change = q.changed_after
        if change is not None:
            stage = "internal review" if change.stage == "review" else "appeal"
            events.append(
                HistoryEvent(change.date, f"Question {q.number} changed after {stage}: now {outcomes()[change.outcome].title.lower()}")
            )
    return sorted(events, key=lambda e: e.date)


def history_updated(r: Response) -> dt.date | None:
    """The latest dated step of :func:`history_events` (None without any): when the response last changed after review or appeal."""
    events = history_events(r)
    return events[-1].date if events else None
