"""Stage 4, index: group the published responses for the index pages.

Pure data: which responses belong to each topic, exemption, outcome,
authority and year, newest first, plus the counts the home page shows.
Embargoed responses never get here; withdrawn ones leave every index (they
keep their own page, a tombstone, and are listed on /corrections/).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .catalogue import Exemption, catalogue
from .model import Log, Response


@dataclass
class Indexes:
    """Everything the index pages list. Every list is newest first."""

    live: list[Response]
    """Published, not withdrawn: what the indexes list."""
    pages: list[Response]
    """Every response that gets a page (live and withdrawn tombstones)."""
    withdrawn: list[Response]
    corrected: list[Response]
    by_topic: dict[str, list[Response]] = field(default_factory=dict)
    by_exemption: dict[str, list[Response]] = field(default_factory=dict)
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
    cat = catalogue()
    for r in live:  # already newest first, so every group is too
        for topic in r.data.topics:
            by_topic[topic].append(r)
        slugs = []
        for use in r.data.exemptions:
            entry = cat.lookup(r.data.regime, use.section)
            if entry and entry.slug not in slugs:
                slugs.append(entry.slug)
        for slug in slugs:
            by_exemption[slug].append(r)
        by_outcome[r.data.outcome].append(r)
        by_authority[r.authority].append(r)
        by_year[r.year].append(r)
    idx.by_topic = dict(by_topic)
    idx.by_exemption = dict(by_exemption)
    idx.by_outcome = dict(by_outcome)
    idx.by_authority = dict(by_authority)
    idx.by_year = dict(sorted(by_year.items(), reverse=True))
    return idx


def paginate(items: list[Response], per_page: int) -> list[list[Response]]:
    """Split into pages of ``per_page``; an empty list still gives one (empty) page."""
    if not items:
        return [[]]
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]
