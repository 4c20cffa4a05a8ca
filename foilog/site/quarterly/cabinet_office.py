"""The Cabinet Office's FOI statistics for central government (the monitoring of "non-routine" requests).

The bulletin's tables count the requests *received* in the quarter with their status "at the time of
monitoring" (here: ``--today``), FOI and EIR together. Its terms: *resolvable* requests (all received,
less those lapsed or withdrawn and those where the information was not held), of which *granted in
full*, *withheld in full*, *partially withheld* or *not yet processed*; the requests withheld in full
or in part split by *cost limit* (FOIA s12), *vexatious or repeated* (s14) and other exemptions;
timeliness *in time* (within 20 working days, or a permitted extension) or not; exemptions applied by
section; internal reviews; complaints to the ICO. Words not confirmed against a bulletin are marked
so in the README.
"""

from __future__ import annotations

import datetime as dt

from foilog.log.requests import RequestRecord
from foilog.site.quarterly.figures import WITHHELD_IN_FULL, Cell, appeal_cells, cell, exemption_cells, review_cells, section_head
from foilog.site.quarterly.quarter import Quarter
from foilog.site.quarterly.timeliness import status_of

REGIMES = ("FOIA", "EIR")


def _heads(record: RequestRecord) -> set[str]:
    return {section_head(e.section) for e in record.exemptions}


def _cost(record: RequestRecord) -> bool:
    return record.outcome == "cost-limit" or (record.regime == "FOIA" and "s12" in _heads(record))


def _vexatious(record: RequestRecord) -> bool:
    return not _cost(record) and (record.outcome == "vexatious" or (record.regime == "FOIA" and "s14" in _heads(record)))


def cabinet_office_figures(records: list[RequestRecord], quarter: Quarter, as_of: dt.date) -> list[Cell]:
    """The central-government monitoring figures for ``quarter``, as things stood on ``as_of``."""
    scope = [r for r in records if r.regime in REGIMES]
    received = [r for r in scope if quarter.holds(r.received)]
    closed = [r for r in received if r.responded <= as_of]
    answered = [r for r in closed if r.outcome is not None]

    def resolvable(r: RequestRecord) -> bool:
        return r.responded > as_of or r.outcome not in (None, "not-held")

    withheld = [r for r in answered if r.outcome in WITHHELD_IN_FULL or r.outcome == "granted-in-part"]
    volume, timing, outcomes, reasons = "Requests received", "Timeliness", "Initial outcomes", "Reasons for withholding"
    return [
        cell(volume, "All requests received", received),
        cell(volume, "of which EIR requests", received, lambda r: r.regime == "EIR"),
        cell(timing, "Responded to", answered),
        cell(timing, "Met deadline (within 20 working days)", answered, lambda r: status_of(r) == "on-time"),
        cell(timing, "Permitted extension to the deadline", answered, lambda r: status_of(r) == "on-time-extended"),
        cell(timing, "Answered in time (deadline met or permitted extension)", answered, lambda r: status_of(r) != "late"),
        cell(timing, "Deadline exceeded", answered, lambda r: status_of(r) == "late"),
        cell(timing, "Not yet responded", received, lambda r: r.responded > as_of),
        cell(outcomes, "Lapsed or withdrawn", closed, lambda r: r.outcome is None),
        cell(outcomes, "Information not held", closed, lambda r: r.outcome == "not-held"),
        cell(outcomes, "Resolvable requests", received, resolvable),
        cell(outcomes, "Granted in full", answered, lambda r: r.outcome == "granted-in-full"),
        cell(outcomes, "Withheld in full", answered, lambda r: r.outcome in WITHHELD_IN_FULL),
        cell(outcomes, "Partially withheld", answered, lambda r: r.outcome == "granted-in-part"),
        cell(outcomes, "Not yet processed", received, lambda r: r.responded > as_of),
        cell(reasons, "Withheld in full or in part", withheld),
        cell(reasons, "Withheld: cost limit (s12)", withheld, _cost),
        cell(reasons, "Withheld: vexatious or repeated (s14)", withheld, _vexatious),
        cell(reasons, "Withheld: other exemptions and exceptions", withheld, lambda r: not _cost(r) and not _vexatious(r)),
        *exemption_cells("Exemptions and exceptions", answered, "Exemption"),
        *review_cells(
            "Internal reviews",
            scope,
            quarter.holds,
            {
                "requested": "Internal reviews received",
                "responded": "Internal reviews completed",
                "in_time": "Internal reviews completed within 20 working days",
                "upheld": "Original decision upheld in full",
                "upheld-with-modifications": "Original decision upheld in part",
                "overturned": "Original decision overturned",
            },
        ),
        *appeal_cells("Complaints to the Information Commissioner", scope, "ICO", quarter.holds, "ICO cases"),
    ]
