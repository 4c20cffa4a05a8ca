"""Stage 4, index: group the published responses for the index pages.

Pure data: which responses belong to each topic, exemption, outcome,
authority and year, newest first (by publication date, see
:meth:`foilog.model.Response.sort_key`), plus the counts the home page shows.
A response is listed under an exemption only where :mod:`foilog.stats` counts
it (:func:`~foilog.stats.counted_exemptions`): a neither-confirm-nor-deny use
is never listed or counted under its exemption.
Embargoed responses never get here; withdrawn ones leave every index (they
keep their own page, a tombstone, and are listed on /corrections/).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .catalogue import Exemption, catalogue
from .model import Log, Response
from .stats import counted_exemptions


@dataclass
class Indexes:
    """Everything the index pages list. Every list is latest release first, except
    :attr:`by_year`, which is newest response date first."""

    live: list[Response]
    """Published, not withdrawn: what the indexes list."""
    pages: list[Response]
    """Every response that gets a page (live and withdrawn tombstones)."""
    withdrawn: list[Response]
    corrected: list[Response]
    by_topic: dict[str, list[Response]] = field(default_factory=dict)
    by_exemption: dict[str, list[Response]] = field(default_factory=dict)
    """By exemption slug: the responses that count towards it (NCND uses left out)."""
    by_outcome: dict[str, list[Response]] = field(default_factory=dict)
    by_authority: dict[str, list[Response]] = field(default_factory=dict)
    by_year: dict[int, list[Response]] = field(default_factory=dict)

    def exemption_of(self, response: Response, section: str) -> Exemption | None:
        return catalogue().lookup(response.data.regime, section)


def build_indexes(log: Log) -> Indexes:
    """Group the log's published responses; O(n) in the number of responses."""
    pages = log.published()
    live = [r for r in pages if not r.withdrawn]
    idx = Indexes(
        live=live,
        pages=pages,
        withdrawn=[r for r in pages if r.withdrawn],
        corrected=[r for r in pages if r.data.corrections],
    )
    by_topic: dict[str, list[Response]] = defaultdict(list)
    by_exemption: dict[str, list[Response]] = defaultdict(list)
    by_outcome: dict[str, list[Response]] = defaultdict(list)
    by_authority: dict[str, list[Response]] = defaultdict(list)
    by_year: dict[int, list[Response]] = defaultdict(list)
    for r in live:  # already newest first, so every group is too
        for topic in r.data.topics:
            by_topic[topic].append(r)
        for entry in counted_exemptions(r):  # distinct entries, NCND uses left out
            by_exemption[entry.slug].append(r)
        by_outcome[r.data.outcome].append(r)
        by_authority[r.authority].append(r)
        by_year[r.year].append(r)
    idx.by_topic = dict(by_topic)
    idx.by_exemption = dict(by_exemption)
    idx.by_outcome = dict(by_outcome)
    idx.by_authority = dict(by_authority)
    # A year lists the responses dated in it, in the order of their response date.
    idx.by_year = {
        year: sorted(items, key=Response.response_date_key, reverse=True) for year, items in sorted(by_year.items(), reverse=True)
    }
    return idx


def paginate(items: list[Response], per_page: int) -> list[list[Response]]:
    """Split into pages of ``per_page``; an empty list still gives one (empty) page."""
    if not items:
        return [[]]
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]
