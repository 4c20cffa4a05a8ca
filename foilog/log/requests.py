"""Closed requests as the register and the regulators' statistics see them.

A published response is one request; the register (``register/<year>.csv``)
adds the requests that were closed without being published. Both become a
:class:`RequestRecord`: the request's shape (dates, regime, outcome, sections,
clock, review, appeals), never its text, so the register page and the
quarterly figures can be made from them without any personal data.

``source`` says where the record came from (``responses/2025/x/response.yml``
or ``register/2025.csv:7``), so every figure can be traced back (``foilog
stats --audit``) and every message can name a file and line.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from foilog.log.schema import Appeal, ClockEvent, ExemptionUse, Review

if TYPE_CHECKING:  # model.py stores records on the Log: a run-time import would be circular
    from foilog.log.model import Log, Response

NotPublishedReason = Literal["personal-data", "withdrawn", "vexatious", "duplicate", "identifying-requester", "embargoed"]
NOT_PUBLISHED_REASONS: tuple[str, ...] = typing.get_args(NotPublishedReason)

REGISTER_COLUMNS: tuple[str, ...] = (
    "reference",
    "authority",
    "regime",
    "received",
    "responded",
    "outcome",
    "exemptions",
    "ncnd",
    "clock",
    "review_requested",
    "review_responded",
    "review_outcome",
    "appeal_regulator",
    "appeal_reference",
    "appeal_decided",
    "appeal_outcome",
    "published",
    "not_published_reason",
)
"""The columns of a register file, in order (see the README's "The register")."""


@dataclass(frozen=True)
class RequestRecord:
    """One closed request: a published response, or a row of the register."""

    reference: str
    authority: str
    regime: str
    received: dt.date
    responded: dt.date
    """The day the request was closed (the response letter, or the day it was withdrawn)."""
    outcome: str | None
    """An outcome id (:data:`foilog.log.schema.OUTCOME_IDS`); None for a request withdrawn by the requester."""
    exemptions: tuple[ExemptionUse, ...]
    clock: tuple[ClockEvent, ...]
    review: Review | None
    appeals: tuple[Appeal, ...]
    published: bool
    not_published_reason: str | None
    """One of :data:`NOT_PUBLISHED_REASONS` when ``published`` is false."""
    source: str
    """Where it came from, as ``path`` or ``path:line``."""
    published_on: dt.date | None = None
    """The day the response went public (after any embargo): set for published responses only."""


def record_of(response: Response, today: dt.date | None = None) -> RequestRecord:
    """The register's row of a response of the log: published responses fill their own rows.

    A response still under its embargo on ``today`` is a closed request not yet
    published (``embargoed``); a response withdrawn from the log stays
    published (its page is the notice saying why).
    """
    d = response.data
    embargoed = today is not None and response.embargoed(today)
    return RequestRecord(
        reference=d.reference,
        authority=response.authority,
        regime=d.regime,
        received=d.received,
        responded=d.responded,
        outcome=d.outcome,
        exemptions=tuple(d.exemptions),
        clock=tuple(d.clock),
        review=d.review,
        appeals=tuple(d.appeals),
        published=not embargoed,
        not_published_reason="embargoed" if embargoed else None,
        source=response.yml_path,
        published_on=None if embargoed else response.published_on,
    )


def request_records(log: Log) -> list[RequestRecord]:
    """Every closed request of the log: its responses and the register's rows, by (responded, reference)."""
    records = [record_of(r, log.today) for r in log.responses] + list(log.register)
    return sorted(records, key=lambda rec: (rec.responded, rec.reference))
