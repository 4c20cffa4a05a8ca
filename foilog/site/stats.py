"""The figures on ``/statistics/``: pure data, computed from the live responses.

Only live responses count (published and not withdrawn; embargoed ones never
reach the indexes). Dates come from the data, never from the build, so the
page is the same whenever it is built.

Neither confirm nor deny (NCND) must not leak through the figures. Saying
"s24 was used 3 times" or "2 questions: information not held" can confirm what
an NCND answer was careful not to confirm, so:

* a response or question whose outcome is ``neither-confirm-nor-deny`` counts
  only as NCND: never as withheld or not held (the outcome vocabulary groups
  NCND with "withheld" for government statistics; here it is its own group);
* an exemption applied with ``ncnd: true`` is never counted under that
  exemption;
* an exemption cited only by questions whose outcome is NCND is not counted
  either, and one that no question cites is not counted for a response whose
  outcome is NCND. An exemption that an NCND response also applied to an
  ordinary question (``s21`` for a part that was answered) still counts.

Those NCND uses are not hidden either: a response that used an exemption only
to neither confirm nor deny (:func:`ncnd_exemptions`) is counted apart, as
"applied as neither confirm nor deny in 1 published response". That reveals
nothing the response page does not say itself (it names the exemption and says
it neither confirms nor denies), and never counts the use as withholding.

The exemption pages (``/exemptions/`` and ``/exemptions/<id>/``) and the
search's exemption filter follow the same rule through
:func:`counted_exemptions` and :func:`ncnd_exemptions`, so every page counts a
response under an exemption the same way, and in one of the two ways only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from foilog.log.catalogue import Exemption, catalogue, outcomes
from foilog.log.model import Response
from foilog.site.review_stats import ReviewStatistics, compute_review_statistics

if TYPE_CHECKING:
    from foilog.site.indexes import Indexes

NCND = "neither-confirm-nor-deny"
TOP_EXEMPTIONS = 15
MONTHS_SHOWN = 24

#: Question groups in display order, with their labels.
QUESTION_GROUPS: dict[str, str] = {
    "granted": "Answered in full",
    "partly-withheld": "Answered in part",
    "withheld": "Refused or withheld",
    "not-held": "Information not held",
    "ncnd": "Neither confirmed nor denied",
}


@dataclass(frozen=True)
class YearTimeliness:
    """How quickly the responses of one year (of the response date) were answered."""

    year: int
    responses: int
    on_time: int
    """Answered in time: within 20 working days or a permitted extension (:attr:`Response.on_time`)."""
    median_working_days: float

    @property
    def share_on_time(self) -> float:
        return self.on_time / self.responses if self.responses else 0.0


@dataclass(frozen=True)
class MonthRow:
    """One row of the per-month chart and table: a month, or a run of months with no responses.

    Twenty zero rows say less than one row that says "March–June 2026: no
    responses", and make the chart four times as long on a phone.
    """

    first: dt.date
    last: dt.date
    responses: int

    @property
    def label(self) -> str:
        """``June 2026``, ``March–June 2026``, ``November 2025–February 2026``."""
        return month_range(self.first, self.last, "%B")

    @property
    def short_label(self) -> str:
        """The chart's label: ``Jun 2026``, ``Mar–Jun 2026``."""
        return month_range(self.first, self.last, "%b")


def month_range(first: dt.date, last: dt.date, month_format: str) -> str:
    """A month or a range of months, the year written once when both are in it."""
    if first == last:
        return f"{first:{month_format}} {first.year}"
    if first.year == last.year:
        return f"{first:{month_format}}–{last:{month_format}} {last.year}"
    return f"{first:{month_format}} {first.year}–{last:{month_format}} {last.year}"


def fold_empty_months(per_month: Iterable[tuple[dt.date, int]]) -> list[MonthRow]:
    """One row per month with responses, and one row for each run of months with none."""
    rows: list[MonthRow] = []
    for month, n in per_month:
        if n == 0 and rows and rows[-1].responses == 0:
            rows[-1] = MonthRow(rows[-1].first, month, 0)
        else:
            rows.append(MonthRow(month, month, n))
    return rows


@dataclass(frozen=True)
class ExemptionCount:
    exemption: Exemption
    responses: int
    """Responses that applied it (NCND uses excluded, see the module docstring)."""
    ncnd: int = 0
    """Responses that applied it only to neither confirm nor deny (:func:`ncnd_exemptions`)."""


@dataclass(frozen=True)
class Statistics:
    """Every figure of the statistics page. Lists are in display order."""

    responses: int
    questions: int
    per_year: list[tuple[int, int]]
    """(year, responses), oldest first, every year from the first to the last."""
    per_month: list[tuple[dt.date, int]]
    """(first day of month, responses): up to the last 24 months ending with the newest month with data."""
    outcomes: list[tuple[str, int]]
    """(outcome id, responses) for every outcome, in the vocabulary's order."""
    question_groups: list[tuple[str, int]]
    """(group id of :data:`QUESTION_GROUPS`, questions)."""
    exemptions: list[ExemptionCount]
    """The most used exemptions, most used first (at most 15)."""
    exemptions_used: int
    """How many different exemptions were counted in all (the chart shows the top 15)."""
    ncnd_exemptions: list[ExemptionCount]
    """Every exemption applied only to neither confirm nor deny, most used first (``ncnd`` set, ``responses`` 0)."""
    timeliness: list[YearTimeliness]
    """Per year, oldest first."""
    topics: int = 0
    """Topics with a published response (:attr:`foilog.site.indexes.Indexes.topics_with_responses`), as every page counts them."""
    reviews: ReviewStatistics | None = None
    """Internal reviews and appeals (:mod:`foilog.site.review_stats`)."""

    @property
    def month_rows(self) -> list[MonthRow]:
        """:attr:`per_month` as the page shows it: runs of empty months folded (:func:`fold_empty_months`)."""
        return fold_empty_months(self.per_month)


def question_group(outcome_id: str) -> str:
    """The statistics group of a question outcome; NCND is its own group."""
    if outcome_id == NCND:
        return "ncnd"
    return outcomes()[outcome_id].statistics_group


def counted_exemptions(r: Response) -> list[Exemption]:
    """The catalogue entries ``r`` counts towards, in first-cited order, NCND uses left out."""
    cat = catalogue()
    questions = r.data.questions
    found: list[Exemption] = []
    for use in r.data.exemptions:
        if use.ncnd:
            continue
        citing = [q for q in questions if use.section in q.exemptions]
        if citing:
            if all(q.outcome == NCND for q in citing):
                continue
        elif r.data.outcome == NCND:
            continue
        entry = cat.lookup(r.data.regime, use.section)
        if entry is not None and entry not in found:
            found.append(entry)
    return found


def ncnd_exemptions(r: Response) -> list[Exemption]:
    """The catalogue entries ``r`` applied only to neither confirm nor deny, in first-cited order.

    Every exemption ``r`` cites that :func:`counted_exemptions` leaves out, so a
    response is under an exemption in one way at most: counted, or NCND.
    """
    cat = catalogue()
    counted = counted_exemptions(r)
    found: list[Exemption] = []
    for use in r.data.exemptions:
        entry = cat.lookup(r.data.regime, use.section)
        if entry is not None and entry not in counted and entry not in found:
            found.append(entry)
    return found


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def compute(responses: Iterable[Response]) -> Statistics:
    """The figures for ``responses`` (withdrawn ones are skipped); linear in their number."""
    live = [r for r in responses if not r.withdrawn]
    by_year: Counter[int] = Counter()
    by_month: Counter[dt.date] = Counter()
    by_outcome: Counter[str] = Counter()
    by_group: Counter[str] = Counter()
    by_exemption: Counter[Exemption] = Counter()
    by_ncnd: Counter[Exemption] = Counter()
    days_by_year: dict[int, list[int]] = {}
    on_time_by_year: Counter[int] = Counter()
    question_total = 0
    for r in live:
        responded = r.data.responded
        by_year[responded.year] += 1
        by_month[_month(responded)] += 1
        by_outcome[r.data.outcome] += 1
        for q in r.data.questions:
            by_group[question_group(q.outcome)] += 1
            question_total += 1
        for entry in counted_exemptions(r):
            by_exemption[entry] += 1
        for entry in ncnd_exemptions(r):
            by_ncnd[entry] += 1
        days_by_year.setdefault(responded.year, []).append(r.working_days)
        on_time_by_year[responded.year] += r.on_time

    per_year = [(y, by_year[y]) for y in range(min(by_year), max(by_year) + 1)] if by_year else []
    per_month: list[tuple[dt.date, int]] = []
    if by_month:
        newest, oldest = max(by_month), min(by_month)
        start = max(_add_months(newest, -(MONTHS_SHOWN - 1)), oldest)
        month = start
        while month <= newest:
            per_month.append((month, by_month[month]))
            month = _add_months(month, 1)
    catalogue_order = {e: i for i, e in enumerate(catalogue().entries)}
    ranked = sorted(by_exemption.items(), key=lambda item: (-item[1], catalogue_order.get(item[0], 0), item[0].label))
    ranked_ncnd = sorted(by_ncnd.items(), key=lambda item: (-item[1], catalogue_order.get(item[0], 0), item[0].label))
    timeliness = [
        YearTimeliness(year, len(days_by_year[year]), on_time_by_year[year], float(statistics.median(days_by_year[year])))
        for year in sorted(days_by_year)
    ]
    return Statistics(
        responses=len(live),
        questions=question_total,
        per_year=per_year,
        per_month=per_month,
        outcomes=[(o, by_outcome[o]) for o in outcomes()],
        question_groups=[(g, by_group[g]) for g in QUESTION_GROUPS],
        exemptions=[ExemptionCount(e, n) for e, n in ranked[:TOP_EXEMPTIONS]],
        exemptions_used=len(by_exemption),
        ncnd_exemptions=[ExemptionCount(e, 0, ncnd=n) for e, n in ranked_ncnd],
        timeliness=timeliness,
    )


def compute_statistics(indexes: Indexes) -> Statistics:
    """The figures of one build: its live responses."""
    return dataclasses.replace(
        compute(indexes.live), topics=len(indexes.topics_with_responses), reviews=compute_review_statistics(indexes.live)
    )


def percent(part: int, whole: int) -> int:
    """Whole-number percentage, halves rounded up (``1 of 8`` -> 13)."""
    return (200 * part + whole) // (2 * whole) if whole else 0
