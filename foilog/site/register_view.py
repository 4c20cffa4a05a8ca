"""The register as the site shows it: one row per closed request, and the coverage figure.

Pure functions of the log's :func:`~foilog.log.requests.request_records`: the
``/register/`` pages, ``/data/requests.csv`` and the statistics page's coverage
all read the same rows, so they cannot disagree. A row is the request's shape
(reference, regime, dates, outcome, time taken, published or why not), never
its text: nothing on it comes from a letter.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from foilog.log.clock import clock_of
from foilog.log.model import Log
from foilog.log.requests import RequestRecord, request_records
from foilog.log.urls import response_url, slugify

#: What each reason for not publishing means, as the register page and requests.csv's schema say it.
REASON_LABELS: dict[str, str] = {
    "personal-data": "Not published: the answer was the requester's or someone else's personal data",
    "withdrawn": "Not published: the requester withdrew the request",
    "vexatious": "Not published: refused as vexatious",
    "duplicate": "Not published: a repeat of a request already answered",
    "identifying-requester": "Not published: publishing it would identify the requester",
    "embargoed": "Not published yet: held back until a later date",
}


def register_url(year: int | None = None, page: int = 1) -> str:
    """``register/``, ``register/page/2/``, ``register/2025/``, ``register/2025/page/2/``."""
    base = "register/" if year is None else f"register/{year}/"
    return base + (f"page/{page}/" if page > 1 else "")


@dataclass(frozen=True)
class RegisterEntry:
    """A closed request with what the page and the data show about it."""

    record: RequestRecord
    url: str | None
    """The response's page when it is published (site-relative), else None."""
    working_days: int
    """Working days taken (the legal clock: clarification restarts and fee pauses counted)."""
    timeliness: str
    """``on-time``, ``on-time-extended`` or ``late`` (:mod:`foilog.log.clock`)."""
    days_over: int
    deadline: dt.date

    @property
    def year(self) -> int:
        return self.record.responded.year


def public_records(log: Log) -> list[RequestRecord]:
    """The closed requests the site may show: all but the responses of the log under embargo or withdrawn.

    An embargoed response appears nowhere on the site until its ``publish_after`` day, not even as
    a row of the register (its reference would announce it); ``foilog stats`` still counts it. A
    register row typed in with the reason ``embargoed`` is shown: the team chose to list it. A
    withdrawn response leaves every list of the site, the register's too (its notice is reached
    from /corrections/ and the open data's ``responses`` table); ``foilog stats`` still counts it.
    """
    held = {r.reference for r in log.responses if r.embargoed(log.today) or r.withdrawn}
    return [record for record in request_records(log) if record.reference not in held]


def register_entries(log: Log) -> list[RegisterEntry]:
    """Every closed request the site shows (:func:`public_records`), newest response date first."""
    entries = []
    for record in public_records(log):
        clock = clock_of(record.regime, record.received, record.responded, record.clock)
        url = response_url(record.responded.year, slugify(record.reference)) if record.published else None
        entries.append(RegisterEntry(record, url, clock.working_days, clock.status, clock.days_over, clock.deadline))
    entries.reverse()  # request_records sorts oldest first: (responded, reference)
    return entries


def by_year(entries: Sequence[RegisterEntry]) -> dict[int, list[RegisterEntry]]:
    """The entries of each year (of the response date), newest year first, each newest first."""
    years: dict[int, list[RegisterEntry]] = {}
    for entry in entries:
        years.setdefault(entry.year, []).append(entry)
    return dict(sorted(years.items(), reverse=True))


@dataclass(frozen=True)
class Coverage:
    """How much of what the authority closed its log publishes, and how soon."""

    closed: int
    published: int
    median_days_to_publish: float | None
    """Median calendar days from the response to its publication (after any embargo); None when nothing is published."""
    not_published: tuple[tuple[str, int], ...]
    """``(reason, requests)`` for each reason given, in the order of :data:`REASON_LABELS`."""

    @property
    def share(self) -> float | None:
        """Published / closed, from 0 to 1 (None for an empty register)."""
        return self.published / self.closed if self.closed else None


def coverage(records: Sequence[RequestRecord]) -> Coverage:
    """The coverage figure of the statistics page.

    Days to publication are calendar days (``published_on - responded``), not
    working days: they measure the log, not the statutory clock.
    """
    published = [r for r in records if r.published]
    days = [(r.published_on - r.responded).days for r in published if r.published_on is not None]
    reasons = [r.not_published_reason for r in records if not r.published]
    return Coverage(
        closed=len(records),
        published=len(published),
        median_days_to_publish=statistics.median(days) if days else None,
        not_published=tuple((reason, reasons.count(reason)) for reason in REASON_LABELS if reason in reasons),
    )
