"""The cell of a return and the counting every format shares.

A :class:`Cell` keeps the records it counted, not only their number: ``foilog stats --audit``
prints them with where each came from (``responses/.../response.yml`` or ``register/2025.csv:7``),
so an officer can check any figure before it goes to a regulator.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from foilog.log.requests import RequestRecord
from foilog.site.quarterly.timeliness import review_in_time, status_of


@dataclass(frozen=True)
class Cell:
    """One figure of a return: ``value`` requests (or reviews, or appeals) counted under ``field`` of ``table``."""

    table: str
    field: str
    records: tuple[RequestRecord, ...]
    """What was counted, in order of reference; a record appears once per thing counted (e.g. per appeal)."""

    @property
    def value(self) -> int:
        return len(self.records)

    @property
    def references(self) -> list[str]:
        return [r.reference for r in self.records]


def cell(table: str, field: str, records: Iterable[RequestRecord], keep: Callable[[RequestRecord], bool] = lambda r: True) -> Cell:
    """The records among ``records`` that ``keep`` accepts, as a cell (sorted by reference: a stable audit)."""
    kept = sorted((r for r in records if keep(r)), key=lambda r: (r.reference, r.source))
    return Cell(table, field, tuple(kept))


#: Outcomes where nothing was released although information is held (or not said to be held).
WITHHELD_IN_FULL = frozenset({"refused", "neither-confirm-nor-deny", "cost-limit", "vexatious"})


def outcome_is(*outcomes: str | None) -> Callable[[RequestRecord], bool]:
    """Whether a record's outcome is one of ``outcomes``."""
    return lambda record: record.outcome in outcomes


def in_time(record: RequestRecord) -> bool:
    """Answered within 20 working days or a permitted extension."""
    return status_of(record) != "late"


_FOI_SECTION = re.compile(r"^s(\d+)([A-Z]?)")
_EIR_PARAGRAPH = re.compile(r"^reg(1[02])(\(\d+\)(\([a-z]+\))?)?")
_EIR_REGULATION = re.compile(r"^reg(\d+)")


def section_head(section: str) -> str:
    """The section as the returns count it: ``s38(1)(b)`` -> ``s38``; ``reg12(5)(e)`` -> ``reg12(5)(e)``; ``reg13(1)`` -> ``reg13``.

    FOIA and FOISA exemptions are counted by section (Part II of each Act); EIR regulation 12 and EISR
    regulation 10 exceptions by paragraph and letter, because each letter is a different exception;
    the personal-data regulations (EIR 13, EISR 11) by regulation.
    """
    if m := _FOI_SECTION.match(section):
        return f"s{m.group(1)}{m.group(2)}"
    if m := _EIR_PARAGRAPH.match(section):
        return m.group(0)
    if m := _EIR_REGULATION.match(section):
        return f"reg{m.group(1)}"
    return section


def _order(head: str) -> tuple[int, str]:
    digits = re.search(r"\d+", head)
    return (int(digits.group(0)) if digits else 0, head)


def sections_used(records: Iterable[RequestRecord]) -> list[str]:
    """Every section head applied in ``records``, in the Act's order."""
    return sorted({section_head(e.section) for r in records for e in r.exemptions}, key=_order)


def applies(head: str, *, ncnd: bool = False) -> Callable[[RequestRecord], bool]:
    """Whether a record applied the section ``head`` (with ``ncnd``: to neither confirm nor deny)."""

    def keep(record: RequestRecord) -> bool:
        return any(section_head(e.section) == head and (e.ncnd or not ncnd) for e in record.exemptions)

    return keep


def exemption_cells(table: str, records: list[RequestRecord], label: str) -> list[Cell]:
    """One cell per section applied (``<label> applied: s40``), and one per section used to neither confirm nor deny.

    NCND uses are counted by section here, as the regulators ask; the public statistics page does not
    (it must not tell a reader which requests were NCND answers about what).
    """
    cells: list[Cell] = []
    for head in sections_used(records):
        cells.append(cell(table, f"{label} applied: {head}", records, applies(head)))
        ncnd = cell(table, f"{label} applied to neither confirm nor deny: {head}", records, applies(head, ncnd=True))
        if ncnd.value:
            cells.append(ncnd)
    return cells


def review_cells(
    table: str, records: list[RequestRecord], quarter_holds: Callable[[dt.date | None], bool], words: dict[str, str]
) -> list[Cell]:
    """Internal reviews: requested in the quarter; then those answered in the quarter, in time, and by outcome.

    ``words`` names the fields: keys ``requested``, ``responded``, ``in_time`` and each review outcome
    (``upheld``, ``upheld-with-modifications``, ``overturned``).
    """
    with_review = [r for r in records if r.review is not None]
    answered = [r for r in with_review if r.review is not None and quarter_holds(r.review.responded)]
    cells = [
        cell(table, words["requested"], with_review, lambda r: r.review is not None and quarter_holds(r.review.requested)),
        cell(table, words["responded"], answered),
        cell(table, words["in_time"], answered, lambda r: review_in_time(r) is True),
    ]
    for outcome in ("upheld", "upheld-with-modifications", "overturned"):
        cells.append(cell(table, words[outcome], answered, _review_outcome(outcome)))
    return cells


def _review_outcome(outcome: str) -> Callable[[RequestRecord], bool]:
    return lambda record: record.review is not None and record.review.outcome == outcome


def appeal_cells(
    table: str, records: list[RequestRecord], regulator: str, quarter_holds: Callable[[dt.date | None], bool], label: str
) -> list[Cell]:
    """Complaints to ``regulator`` decided in the quarter, and by outcome (a case's date of decision is what the log records)."""
    decided = [(r, a) for r in records for a in r.appeals if a.regulator == regulator and quarter_holds(a.decided)]
    order = sorted(decided, key=lambda pair: (pair[0].reference, pair[0].source))
    cells = [Cell(table, f"{label} decided", tuple(r for r, _ in order))]
    for outcome, words in (
        ("upheld", "upheld (in the requester's favour)"),
        ("partly-upheld", "partly upheld"),
        ("not-upheld", "not upheld (in the authority's favour)"),
        ("withdrawn", "withdrawn"),
        ("informally-resolved", "informally resolved"),
    ):
        cells.append(Cell(table, f"{label} decided: {words}", tuple(r for r, a in order if a.outcome == outcome)))
    return cells
