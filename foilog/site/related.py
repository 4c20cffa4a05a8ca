"""Related requests on the site: both directions of every relation, and series of repeats.

A relation is written once, in one response's ``related:`` (usually the later
one: "FOI-2025-0029 ``updates`` FOI-2024-0031"). Readers need it from both
ends, so this module derives the other direction: the earlier response is
"Later updated" by the later one, "Asked again" by a repeat, "Referred to by"
an answer that points to it, and so on (:data:`HEADINGS`).

Only live responses take part (the indexes' ``live``): an embargoed response
is not public yet and a withdrawn one has left the indexes, so no block, series
or data row ever names them (validation warns the writer,
:mod:`foilog.log.related`). A relation's note is written from the point of view
of the response that wrote it, so the other page shows it as that response's
note.

**Series.** Responses joined by ``updates`` or ``repeat_of`` (in either
direction, chained) form a group; a group of :data:`SERIES_MIN` or more
responses is a *series* with its own page, ``/series/<slug of the first
reference>/``, the responses in date order and their answers side by side. A
single repeat (two responses) is already fully shown by the "Asked before" /
"Later updated" blocks of its two pages, so it gets no page of its own.

Everything is O(number of relations) and built once per build with the indexes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from foilog.log.model import Response
from foilog.log.urls import slugify

SERIES_MIN = 3
"""How many responses joined by ``updates`` / ``repeat_of`` make a series with its own page."""
SERIES_KINDS = ("updates", "repeat_of")
"""The kinds that chain responses into a series."""

HEADINGS: dict[tuple[str, bool], str] = {
    ("superseded_by", True): "Superseded by",
    ("updates", True): "Asked before",
    ("repeat_of", True): "Asked before",
    ("updates", False): "Later updated",
    ("repeat_of", False): "Asked again",
    ("same_question_as", True): "Same question asked",
    ("same_question_as", False): "Same question asked",
    ("follow_up_of", True): "Follows up",
    ("follow_up_of", False): "Followed up by",
    ("refers_to", True): "Refers to",
    ("refers_to", False): "Referred to by",
    ("superseded_by", False): "Supersedes",
}
"""The block each relation shows under, by (kind, written in this response); in page order."""
_ORDER = {heading: n for n, heading in enumerate(dict.fromkeys(HEADINGS.values()))}


def series_url(slug: str) -> str:
    """``series/<slug>/``: a series' page, named for its first response's reference."""
    return f"series/{slug}/"


SERIES_INDEX_URL = "series/"


@dataclass(frozen=True)
class RelatedLink:
    """One relation as one response's page shows it."""

    heading: str
    """The block it is listed under (:data:`HEADINGS`)."""
    kind: str
    """The kind as written (``updates``...)."""
    other: Response
    written_here: bool
    """True when this response's ``related:`` holds the entry; False for the derived, inverse direction."""
    note: str | None
    """The writer's note (written from the writer's point of view: the inverse side says whose note it is)."""


@dataclass(frozen=True)
class Series:
    """Three or more live responses joined by ``updates`` / ``repeat_of``, oldest first."""

    responses: tuple[Response, ...]

    @property
    def first(self) -> Response:
        return self.responses[0]

    @property
    def latest(self) -> Response:
        return self.responses[-1]

    @property
    def slug(self) -> str:
        return slugify(self.first.reference)

    @property
    def url(self) -> str:
        return series_url(self.slug)

    @property
    def title(self) -> str:
        """The first response's title and how many followed: titles often name a year, so the first is the stable one."""
        later = len(self.responses) - 1
        return f"{self.first.data.title}, and {later} later response{'s' if later != 1 else ''}"

    def question_numbers(self) -> list[str]:
        """Every question number of the series, in the order they first appear (oldest response first)."""
        return list(dict.fromkeys(q.number for r in self.responses for q in r.data.questions))


@dataclass
class Relations:
    """Every live response's relations (both directions) and the series they make."""

    links: dict[str, list[RelatedLink]] = field(default_factory=dict)
    """By reference: the relations its page shows, block by block (:data:`HEADINGS` order), oldest first in each."""
    series: list[Series] = field(default_factory=list)
    """Newest series first (by its latest response)."""
    series_of: dict[str, Series] = field(default_factory=dict)
    """By the response's URL: the series it belongs to."""

    def blocks(self, r: Response) -> list[tuple[str, list[RelatedLink]]]:
        """``(heading, links)`` of each block on ``r``'s page, in page order."""
        grouped: dict[str, list[RelatedLink]] = defaultdict(list)
        for link in self.links.get(r.reference, []):
            grouped[link.heading].append(link)
        return list(grouped.items())


def _sort_key(r: Response) -> tuple[object, str]:
    return (r.data.responded, r.reference)


def build_relations(live: Iterable[Response]) -> Relations:
    """Both directions of every relation between live responses, and their series."""
    live = list(live)
    by_reference = {r.reference: r for r in live}
    links: dict[str, list[RelatedLink]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    parent: dict[str, str] = {}

    def find(ref: str) -> str:
        root = ref
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(ref, ref) != root:  # path compression: later look-ups are one step
            parent[ref], ref = root, parent[ref]
        return root

    for r in live:
        for entry in r.data.related:
            other = by_reference.get(entry.reference)
            if other is None or other is r:
                continue  # not public (embargoed, withdrawn) or refused by validation: no link
            here, there = HEADINGS[(entry.kind, True)], HEADINGS[(entry.kind, False)]
            if (r.reference, here, other.reference) in seen:
                continue  # the same relation written on both sides (e.g. same_question_as)
            seen.update({(r.reference, here, other.reference), (other.reference, there, r.reference)})
            links[r.reference].append(RelatedLink(here, entry.kind, other, True, entry.note))
            links[other.reference].append(RelatedLink(there, entry.kind, r, False, entry.note))
            if entry.kind in SERIES_KINDS:
                parent.setdefault(r.reference, r.reference)
                parent.setdefault(other.reference, other.reference)
                a, b = find(r.reference), find(other.reference)
                if a != b:
                    parent[a] = b
    for refs in links.values():
        refs.sort(key=lambda link: (_ORDER[link.heading], _sort_key(link.other)))
    groups: dict[str, list[Response]] = defaultdict(list)
    for ref in list(parent):
        groups[find(ref)].append(by_reference[ref])
    every_series = [Series(tuple(sorted(members, key=_sort_key))) for members in groups.values() if len(members) >= SERIES_MIN]
    every_series.sort(key=lambda s: _sort_key(s.latest), reverse=True)
    series_of = {r.url: s for s in every_series for r in s.responses}
    return Relations(dict(links), every_series, series_of)
