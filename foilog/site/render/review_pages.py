"""The review and appeal parts of the site: a response's "Review and appeal" section and changed questions, ``/reviews/`` and ``/decision-notices/``.

The response page shows the dated history after the response (the internal
review, each complaint to the regulator) and, on each question whose outcome
changed, a dated entry with the new outcome and what was released. Released
text is Markdown from the response, converted by the same :class:`SafeMarkdown`
rules as answers (sanitised by nh3); everything else goes through the
autoescaping templates (``reviews_*.html.j2``).

Kept apart from :mod:`foilog.site.render.pages` so the feature is one module:
the renderer only calls :func:`response_context` and :func:`index_pages`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup

from foilog.log.findings import Finding
from foilog.log.model import Response
from foilog.log.reviews import (
    APPEAL_OUTCOME_LABELS,
    REGULATOR_NAMES,
    REVIEW_LIMIT_SOURCES,
    REVIEW_LIMITS,
    REVIEW_OUTCOME_LABELS,
    ReviewTimeliness,
    review_timeliness,
)
from foilog.log.schema import Appeal, QuestionChange
from foilog.log.urls import feed_url, relative
from foilog.site.render.breadcrumbs import Crumb, section_trail
from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown
from foilog.site.review_lists import decision_notices, reviewed

if TYPE_CHECKING:
    from foilog.site.render.pages import Renderer

REVIEWS_URL = "reviews/"
DECISION_NOTICES_URL = "decision-notices/"
RELEASED_HEADING_LEVEL = 5
"""Headings in released text sit under the question's <h3> and the change's own <h4>."""

T = TypeVar("T")

_released_md = SafeMarkdown(heading_level=RELEASED_HEADING_LEVEL)


class ReleasedRefused(Exception):
    """Released text that could not be converted, as a finding naming its field (the renderer turns it into ``RenderRefused``)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.as_text())
        self.finding = finding


@dataclass(frozen=True)
class IndexPage:
    """One of the two index pages; :class:`foilog.site.render.pages.Renderer` makes it a ``GeneratedPage``.

    (A plain record, so this module never imports the renderer's: the import graph stays acyclic.)
    """

    url: str
    title: str
    description: str
    html: str
    kind: str
    feed: str
    crumbs: tuple[Crumb, ...]
    """Breadcrumbs from the home page: the index, then ``Page n`` after the first."""


@dataclass(frozen=True)
class ReviewRow:
    """One line of ``/reviews/``: a response, its review and how long the review took."""

    response: Response
    timeliness: ReviewTimeliness


def _released_html(r: Response, index: int, change: QuestionChange) -> Markup | None:
    """The released text of a changed question, as sanitised HTML; :class:`ReleasedRefused` naming the field if it cannot be converted."""
    if change.released is None:
        return None
    number = r.data.questions[index].number
    try:
        return _released_md.convert(change.released, id_prefix=f"q{number}-released-")
    except MarkdownRefused as exc:
        finding = Finding(
            r.yml_path,
            line=r.line_of("questions", index, "changed_after", "released"),
            field=f"questions[{index}].changed_after.released",
            message=exc.reason,
        )
        raise ReleasedRefused(finding) from None


def response_context(r: Response) -> dict[str, Any]:
    """What ``response.html.j2`` needs for the review and appeal history and the changed questions."""
    d = r.data
    changes = {q.number: (q.changed_after, _released_html(r, i, q.changed_after)) for i, q in enumerate(d.questions) if q.changed_after}
    return {
        "review": d.review,
        "review_time": review_timeliness(d.review, d.regime) if d.review is not None else None,
        "appeals": list(d.appeals),
        "changes": changes,
        "review_labels": REVIEW_OUTCOME_LABELS,
        "appeal_labels": APPEAL_OUTCOME_LABELS,
        "regulator_names": REGULATOR_NAMES,
    }


def page_url(base: str, number: int) -> str:
    """Page ``number`` of an index at ``base`` (``reviews/``, then ``reviews/page/2/``), as the other indexes number theirs."""
    return base if number == 1 else f"{base}page/{number}/"


def _chunks(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """Pages of ``per_page`` items; an empty list still gives one (empty) page."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]


def _trail(label: str, base: str, here: str, number: int) -> tuple[Crumb, ...]:
    """``Home › Internal reviews``, then ``› Page n`` after the first page."""
    trail = section_trail(label, base)
    return trail if number == 1 else (*trail, Crumb(f"Page {number}", here))


def _paged(
    renderer: Renderer,
    base: str,
    items: Sequence[Any],
    *,
    title: str,
    label: str,
    description: str,
    kind: str,
    template: str,
    **context: Any,
) -> Iterator[IndexPage]:
    """The pages of one index (``settings.per_page`` rows each), every one linking the index's feed."""
    chunks = _chunks(items, renderer.settings.per_page)
    feed = feed_url(base)
    for number, chunk in enumerate(chunks, start=1):
        here = page_url(base, number)
        pager = [(n, relative(here, page_url(base, n))) for n in range(1, len(chunks) + 1)] if len(chunks) > 1 else []
        html = renderer._render(template, here, items=chunk, total=len(items), pager=pager, page_number=number, feed=feed, **context)
        page_title = title if number == 1 else f"{title} (page {number} of {len(chunks)})"
        yield IndexPage(here, page_title, description, html, kind, feed, _trail(label, base, here, number))


def index_pages(renderer: Renderer) -> Iterator[IndexPage]:
    """``/reviews/`` and ``/decision-notices/``: every live response with a review, every decision notice (paginated)."""
    live = renderer.idx.live
    rows = [ReviewRow(r, review_timeliness(r.data.review, r.data.regime)) for r in reviewed(live) if r.data.review is not None]
    yield from _paged(
        renderer,
        REVIEWS_URL,
        rows,
        title="Internal reviews",
        label="Internal reviews",
        description="Responses whose requester asked for an internal review: the outcome of each review and whether it was answered in time.",
        kind="reviews",
        template="reviews_index.html.j2",
        labels=REVIEW_OUTCOME_LABELS,
        limits=REVIEW_LIMITS,
        sources=REVIEW_LIMIT_SOURCES,
    )
    notices: list[tuple[Response, Appeal]] = decision_notices(live)
    yield from _paged(
        renderer,
        DECISION_NOTICES_URL,
        notices,
        title="Decision notices",
        label="Decision notices",
        description="Complaints to the Information Commissioner or the Scottish Information Commissioner that ended in a decision notice.",
        kind="decision-notices",
        template="reviews_decision_notices.html.j2",
        labels=APPEAL_OUTCOME_LABELS,
        regulator_names=REGULATOR_NAMES,
    )
