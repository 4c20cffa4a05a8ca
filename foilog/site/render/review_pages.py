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

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
from foilog.log.urls import feed_url
from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown
from foilog.site.review_lists import decision_notices, reviewed

if TYPE_CHECKING:
    from foilog.site.render.pages import Renderer

REVIEWS_URL = "reviews/"
DECISION_NOTICES_URL = "decision-notices/"
RELEASED_HEADING_LEVEL = 5
"""Headings in released text sit under the question's <h3> and the change's own <h4>."""

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


def index_pages(renderer: Renderer) -> Iterator[IndexPage]:
    """``/reviews/`` and ``/decision-notices/``: every live response with a review, every decision notice."""
    live = renderer.idx.live
    rows = [ReviewRow(r, review_timeliness(r.data.review, r.data.regime)) for r in reviewed(live) if r.data.review is not None]
    feed = feed_url(REVIEWS_URL)
    yield IndexPage(
        REVIEWS_URL,
        "Internal reviews",
        "Responses whose requester asked for an internal review: the outcome of each review and whether it was answered in time.",
        renderer._render(
            "reviews_index.html.j2",
            REVIEWS_URL,
            rows=rows,
            labels=REVIEW_OUTCOME_LABELS,
            limits=REVIEW_LIMITS,
            sources=REVIEW_LIMIT_SOURCES,
            feed=feed,
        ),
        "reviews",
        feed,
    )
    notices: list[tuple[Response, Appeal]] = decision_notices(live)
    feed = feed_url(DECISION_NOTICES_URL)
    yield IndexPage(
        DECISION_NOTICES_URL,
        "Decision notices",
        "Complaints to the Information Commissioner or the Scottish Information Commissioner that ended in a decision notice.",
        renderer._render(
            "reviews_decision_notices.html.j2",
            DECISION_NOTICES_URL,
            notices=notices,
            labels=APPEAL_OUTCOME_LABELS,
            regulator_names=REGULATOR_NAMES,
            feed=feed,
        ),
        "decision-notices",
        feed,
    )
