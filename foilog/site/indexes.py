"""Stage 4, index: group the published responses for the index pages.

Pure data: which responses belong to each topic, exemption, outcome,
authority and year, newest first (by publication date, see
:meth:`foilog.log.model.Response.sort_key`), plus the counts the home page shows.
A response is counted under an exemption only where :mod:`foilog.site.stats` counts
it (:func:`~foilog.site.stats.counted_exemptions`); a neither-confirm-nor-deny use
(:func:`~foilog.site.stats.ncnd_exemptions`) is counted and marked apart, never as
a use that withheld information.

Topics follow one rule everywhere (:attr:`Indexes.topics_with_responses`): a
topic counts, and is listed among the topics, only when a live response is on
it. A topic with none keeps its page (saying so, ``noindex``, out of the
sitemap) and is named apart as having no published responses yet.
Embargoed responses never get here; withdrawn ones leave every index (they
keep their own page, a tombstone, and are listed on /corrections/).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from foilog.log.catalogue import Exemption, catalogue
from foilog.log.model import Log, Response
from foilog.site.related import Relations, build_relations
from foilog.site.stats import counted_exemptions, ncnd_exemptions

SEARCH_PARTS_DIR = "pagefind"
"""Where the parts of the search index go inside the site: ``pagefind/part-000/`` (the oldest) and on."""
DEFAULT_SEARCH_PARTS = 3
"""How many of the newest parts a search covers until the reader asks for all of them."""


@dataclass(frozen=True)
class SearchPart:
    """One part of the search index: a run of responses in publication order, oldest part first.

    Pagefind holds about 300 KB of memory per page until it writes an index,
    and a browser downloads every part's list of pages and its filters for
    each search. So a large log is indexed in parts of ``search_part_size``
    responses, one Pagefind process after another (memory stays bounded
    whatever the size of the log), and a search covers the newest
    :data:`DEFAULT_SEARCH_PARTS` parts unless the reader widens it to all.
    Parts are counted from the oldest response, so publishing new responses
    only ever changes the newest part (or adds one).
    """

    number: int
    responses: list[Response]
    """Newest first, as the build writes them."""

    @property
    def path(self) -> str:
        """The part's bundle folder inside the site, e.g. ``pagefind/part-000/``."""
        return f"{SEARCH_PARTS_DIR}/part-{self.number:03d}/"


def search_parts(live: list[Response], size: int) -> list[SearchPart]:
    """Split the live responses (newest first) into search parts, newest part first; always at least one."""
    oldest_first = live[::-1]
    chunks = [oldest_first[i : i + size] for i in range(0, len(oldest_first), size)] or [[]]
    return [SearchPart(number, chunk[::-1]) for number, chunk in reversed(list(enumerate(chunks)))]


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
    ncnd_by_exemption: dict[str, list[Response]] = field(default_factory=dict)
    """By exemption slug: the responses that applied it only to neither confirm nor deny."""
    listed_by_exemption: dict[str, list[Response]] = field(default_factory=dict)
    """By exemption slug: what its page lists, both of the above, newest first."""
    topics_with_responses: list[str] = field(default_factory=list)
    """Ids of the topics with a live response, in the log's topic order: the topics every page counts."""
    empty_topics: list[str] = field(default_factory=list)
    """Ids of the log's topics with no live response yet: named apart, their pages ``noindex``."""
    by_outcome: dict[str, list[Response]] = field(default_factory=dict)
    by_authority: dict[str, list[Response]] = field(default_factory=dict)
    by_year: dict[int, list[Response]] = field(default_factory=dict)
    replacements: dict[str, Response] = field(default_factory=dict)
    """By the URL of a withdrawn response: the live response that replaces it (``withdrawn.superseded_by``)."""
    search_parts: list[SearchPart] = field(default_factory=list)
    """The parts of the search index, newest first (see :class:`SearchPart`)."""
    related: Relations = field(default_factory=Relations)
    """Related requests shown at both ends, and the series they form (:mod:`foilog.site.related`)."""

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
    ncnd_by_exemption: dict[str, list[Response]] = defaultdict(list)
    listed_by_exemption: dict[str, list[Response]] = defaultdict(list)
    by_outcome: dict[str, list[Response]] = defaultdict(list)
    by_authority: dict[str, list[Response]] = defaultdict(list)
    by_year: dict[int, list[Response]] = defaultdict(list)
    for r in live:  # already newest first, so every group is too
        for topic in r.data.topics:
            by_topic[topic].append(r)
        for entry in counted_exemptions(r):  # distinct entries, NCND uses left out
            by_exemption[entry.slug].append(r)
            listed_by_exemption[entry.slug].append(r)
        for entry in ncnd_exemptions(r):  # the rest: distinct, never one of the counted
            ncnd_by_exemption[entry.slug].append(r)
            listed_by_exemption[entry.slug].append(r)
        by_outcome[r.data.outcome].append(r)
        by_authority[r.authority].append(r)
        by_year[r.year].append(r)
    idx.by_topic = dict(by_topic)
    idx.by_exemption = dict(by_exemption)
    idx.ncnd_by_exemption = dict(ncnd_by_exemption)
    idx.listed_by_exemption = dict(listed_by_exemption)
    idx.topics_with_responses = [t for t in log.topics if by_topic.get(t)]
    idx.empty_topics = [t for t in log.topics if not by_topic.get(t)]
    idx.by_outcome = dict(by_outcome)
    idx.by_authority = dict(by_authority)
    idx.replacements = _replacements(idx.withdrawn, live)
    idx.search_parts = search_parts(live, log.project.settings.search_part_size)
    idx.related = build_relations(live)
    # A year lists the responses dated in it, in the order of their response date.
    idx.by_year = {
        year: sorted(items, key=Response.response_date_key, reverse=True) for year, items in sorted(by_year.items(), reverse=True)
    }
    return idx


def _replacements(withdrawn: list[Response], live: list[Response]) -> dict[str, Response]:
    """The live replacement of each withdrawn response that names one (validation made sure it is live)."""
    wanted = {w.data.withdrawn.superseded_by for w in withdrawn if w.data.withdrawn and w.data.withdrawn.superseded_by}
    if not wanted:
        return {}
    by_reference = {r.reference: r for r in live if r.reference in wanted}
    out: dict[str, Response] = {}
    for w in withdrawn:
        target = w.data.withdrawn.superseded_by if w.data.withdrawn else None
        if target in by_reference:
            out[w.url] = by_reference[target]
    return out


def paginate(items: list[Response], per_page: int) -> list[list[Response]]:
    """Split into pages of ``per_page``; an empty list still gives one (empty) page."""
    if not items:
        return [[]]
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]
