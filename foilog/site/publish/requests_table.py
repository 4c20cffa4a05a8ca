"""``/data/requests.csv``: the register as open data, one row per closed request (published or not).

The same rows as the ``/register/`` pages (:func:`foilog.site.register_view.register_entries`),
newest response date first. Like the page it is the request's shape only: no
title, no question, no exemption (an exemption cited in an unpublished
neither-confirm-nor-deny answer would say more than the answer did).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from foilog.log.clock import CLOCK_STATUSES
from foilog.log.model import Log
from foilog.log.requests import NOT_PUBLISHED_REASONS
from foilog.log.schema import OUTCOME_IDS, REGIMES, REVIEW_OUTCOMES
from foilog.site.publish.tables import Column, page_url
from foilog.site.register_view import register_entries

REQUESTS_FILE = "requests.csv"

REQUEST_FIELDS: tuple[Column, ...] = (
    Column("reference", "string", "The authority's reference for the request.", {"required": True, "unique": True}),
    Column("authority", "string", "Id of the public authority that closed the request."),
    Column("regime", "string", "The law the request was handled under.", {"enum": list(REGIMES)}),
    Column("received", "date", "Date the request was received."),
    Column("responded", "date", "Date the request was closed: the response, or the day the requester withdrew it."),
    Column("outcome", "string", "Outcome of the request as a whole; empty when the requester withdrew it.", {"enum": list(OUTCOME_IDS)}),
    Column(
        "working_days", "integer", "Working days taken, as the law counts them (clarification restarts the clock, fee notices pause it)."
    ),
    Column("deadline", "date", "The deadline that applied: after a permitted extension, else the statutory deadline."),
    Column(
        "timeliness",
        "string",
        "'on-time', 'on-time-extended' (in time thanks to a permitted extension) or 'late'.",
        {"enum": list(CLOCK_STATUSES)},
    ),
    Column("days_over", "integer", "Working days after the deadline (0 unless late)."),
    Column(
        "review_outcome", "string", "Outcome of the internal review, if there was one and it was answered.", {"enum": list(REVIEW_OUTCOMES)}
    ),
    Column("appealed", "boolean", "Whether the requester complained to the regulator (ICO or SIC)."),
    Column("published", "boolean", "Whether the response is published in this log."),
    Column(
        "not_published_reason",
        "string",
        "Why the response is not published: 'personal-data', 'withdrawn' (by the requester), 'vexatious', 'duplicate', "
        "'identifying-requester' or 'embargoed' (published later).",
        {"enum": list(NOT_PUBLISHED_REASONS)},
    ),
    Column("published_on", "date", "The day the response was published (after any embargo)."),
    Column("url", "string", "The response's page, when it is published."),
)


def request_rows(log: Log, site_url: str | None) -> Iterator[dict[str, Any]]:
    """One row per closed request, newest response date first."""
    for e in register_entries(log):
        r = e.record
        yield {
            "reference": r.reference,
            "authority": r.authority,
            "regime": r.regime,
            "received": r.received,
            "responded": r.responded,
            "outcome": r.outcome,
            "working_days": e.working_days,
            "deadline": e.deadline,
            "timeliness": e.timeliness,
            "days_over": e.days_over,
            "review_outcome": r.review.outcome if r.review else None,
            "appealed": bool(r.appeals),
            "published": r.published,
            "not_published_reason": r.not_published_reason,
            "published_on": r.published_on,
            "url": page_url(e.url, site_url) if e.url else None,
        }
