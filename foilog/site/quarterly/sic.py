"""The Scottish Information Commissioner's quarterly statistics (FOISA and EISR reported separately).

Scottish authorities send the Commissioner, each quarter, the requests received and answered, how many
in time, their outcomes, the exemptions (FOISA Part 2) and exceptions (EISR regulations 10 and 11)
applied, reviews and their outcomes, and applications to the Commissioner. Requests *received* are
counted by date of receipt; everything about an answer (in time, outcome, exemptions) by the date
it was given, so a quarter's answers are reported once they exist. The review outcomes use FOISA
s21(4)'s words (confirm, with or without modifications; substitute a different decision).
"""

from __future__ import annotations

import datetime as dt

from foilog.log.requests import RequestRecord
from foilog.site.quarterly.figures import Cell, appeal_cells, applies, cell, exemption_cells, in_time, outcome_is, review_cells
from foilog.site.quarterly.quarter import Quarter

REGIMES = ("FOISA", "EISR")

_OUTCOMES = (
    ("granted-in-full", "All information disclosed"),
    ("granted-in-part", "Some information disclosed"),
    ("refused", "Information withheld in full"),
    ("neither-confirm-nor-deny", "Neither confirmed nor denied the information is held"),
    ("not-held", "Information not held"),
    ("cost-limit", "Excessive cost of compliance"),
    ("vexatious", "Vexatious or repeated request"),
)


def _regime_figures(regime: str, records: list[RequestRecord], quarter: Quarter, as_of: dt.date) -> list[Cell]:
    scope = [r for r in records if r.regime == regime]
    answered = [r for r in scope if quarter.holds(r.responded) and r.responded <= as_of and r.outcome is not None]
    label = "Exemption" if regime == "FOISA" else "Exception"
    cells = [
        cell(regime, "Requests received", scope, lambda r: quarter.holds(r.received)),
        cell(regime, "Requests responded to", answered),
        cell(regime, "Responded to within the statutory timescale", answered, in_time),
        cell(regime, "Responded to outwith the statutory timescale", answered, lambda r: not in_time(r)),
        cell(regime, "Requests withdrawn", scope, lambda r: r.outcome is None and quarter.holds(r.responded) and r.responded <= as_of),
        *(cell(regime, f"Outcome: {words}", answered, outcome_is(outcome)) for outcome, words in _OUTCOMES),
        *exemption_cells(regime, answered, label),
    ]
    if regime == "FOISA":
        # FOISA s18: the refusal to reveal whether information exists is its own section, counted as such.
        ncnd = cell(regime, "Exemption applied: s18 (neither confirm nor deny)", answered, lambda r: any(e.ncnd for e in r.exemptions))
        if ncnd.value or any(applies("s18")(r) for r in answered):
            cells.append(ncnd)
    cells += review_cells(
        regime,
        scope,
        quarter.holds,
        {
            "requested": "Requirements for review received",
            "responded": "Reviews responded to",
            "in_time": "Reviews responded to within 20 working days",
            "upheld": "Review outcome: original decision confirmed without modification",
            "upheld-with-modifications": "Review outcome: original decision confirmed with modifications",
            "overturned": "Review outcome: different decision substituted",
        },
    )
    cells += appeal_cells(regime, scope, "SIC", quarter.holds, "Applications to the Commissioner")
    return cells


def sic_figures(records: list[RequestRecord], quarter: Quarter, as_of: dt.date) -> list[Cell]:
    """The Commissioner's quarterly figures for ``quarter``: FOISA's, then EISR's."""
    return [c for regime in REGIMES for c in _regime_figures(regime, records, quarter, as_of)]
