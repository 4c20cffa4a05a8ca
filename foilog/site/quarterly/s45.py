"""The FOIA section 45 Code of Practice (Cabinet Office, July 2018), paragraphs 8.5-8.6.

Authorities with over 100 full-time-equivalent staff should publish, each quarter, how they handled
requests. The Code's list (paragraph 8.6) is followed field by field, in its words; foilog adds
``Information not held`` and ``Requests withdrawn by the requester`` (so the rows add up to the
requests received) and the internal reviews' outcomes and timeliness (Code paragraph 5.5: 20
working days). Every figure counts the requests *received* in the quarter, as the Code's "of the
received requests" says, with their status on the day the figures are made (``--today``).
FOIA and EIR requests are counted together, as authorities publish them.
"""

from __future__ import annotations

import datetime as dt

from foilog.log.requests import RequestRecord
from foilog.site.quarterly.figures import WITHHELD_IN_FULL, Cell, cell, review_cells
from foilog.site.quarterly.quarter import Quarter
from foilog.site.quarterly.timeliness import status_of

REGIMES = ("FOIA", "EIR")


def s45_figures(records: list[RequestRecord], quarter: Quarter, as_of: dt.date) -> list[Cell]:
    """The Code of Practice's quarterly figures for ``quarter``, as things stood on ``as_of``."""
    scope = [r for r in records if r.regime in REGIMES]
    received = [r for r in scope if quarter.holds(r.received)]
    closed = [r for r in received if r.responded <= as_of]
    processed = [r for r in closed if r.outcome is not None]
    requests, timeliness, outcomes = "Requests", "Timeliness", "Outcomes"
    return [
        cell(requests, "Requests received during the period", received),
        cell(requests, "Received requests not yet processed", received, lambda r: r.responded > as_of),
        cell(requests, "Received requests processed in full", processed),
        cell(requests, "Requests withdrawn by the requester", closed, lambda r: r.outcome is None),
        cell(timeliness, "Processed within the statutory deadline", processed, lambda r: status_of(r) == "on-time"),
        cell(timeliness, "Processed where the deadline was extended", processed, lambda r: status_of(r) == "on-time-extended"),
        cell(timeliness, "Processed later than the statutory deadline", processed, lambda r: status_of(r) == "late"),
        cell(outcomes, "Information granted in full", processed, lambda r: r.outcome == "granted-in-full"),
        cell(outcomes, "Information refused in full", processed, lambda r: r.outcome in WITHHELD_IN_FULL),
        cell(outcomes, "Information granted in part and refused in part", processed, lambda r: r.outcome == "granted-in-part"),
        cell(outcomes, "Information not held", processed, lambda r: r.outcome == "not-held"),
        *review_cells(
            "Internal reviews",
            scope,
            quarter.holds,
            {
                "requested": "Requests referred for internal review",
                "responded": "Internal reviews completed",
                "in_time": "Internal reviews completed within 20 working days",
                "upheld": "Internal reviews completed: original decision upheld",
                "upheld-with-modifications": "Internal reviews completed: upheld with modifications",
                "overturned": "Internal reviews completed: original decision overturned",
            },
        ),
    ]
