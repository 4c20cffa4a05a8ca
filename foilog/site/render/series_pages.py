"""The pages of related requests: ``/series/`` and one page per series (:mod:`foilog.site.related`).

Kept apart from :mod:`foilog.site.render.pages` (which renders everything
else) so the feature reads in one place; the :class:`Renderer` only asks for
these pages and for the blocks on a response page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from foilog.log.findings import Finding
from foilog.site.related import SERIES_INDEX_URL, SERIES_MIN, Series
from foilog.site.render.breadcrumbs import Crumb, list_trail, section_trail
from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown

if TYPE_CHECKING:
    from foilog.log.model import Response
    from foilog.site.render.pages import GeneratedPage, Renderer

_SERIES = Crumb("Series", SERIES_INDEX_URL)
#: Answers in the side-by-side table sit under the page's <h2>; any heading of theirs starts at <h4>.
_CELL_MARKDOWN = SafeMarkdown(heading_level=4)


def answer_rows(series: Series) -> list[tuple[str, list[tuple[str, Markup] | None]]]:
    """``(number, cells)`` for the side-by-side table: one row per question number, in the order first asked.

    Each cell is ``(question as asked that time, answer as HTML)``: the wording
    changes with the period ("in 2024", "in 2025"), so each column keeps its
    own. A response that did not ask that question has ``None`` in its cell.
    """
    numbers = dict.fromkeys(q.number for r in series.responses for q in r.data.questions)
    rows = []
    for number in numbers:
        cells: list[tuple[str, Markup] | None] = []
        for r in series.responses:
            q = next((q for q in r.data.questions if q.number == number), None)
            cells.append(None if q is None else (q.question, _answer(r, q.answer, number)))
        rows.append((number, cells))
    return rows


def _answer(r: Response, answer: str, number: str) -> Markup:
    try:
        return _CELL_MARKDOWN.convert(answer, id_prefix=f"{r.slug}-q{number}-")
    except MarkdownRefused as exc:  # validation refuses such answers first; a build still never shows a traceback
        from foilog.site.render.pages import RenderRefused

        i = next(i for i, q in enumerate(r.data.questions) if q.number == number)
        raise RenderRefused(Finding(r.yml_path, field=f"questions[{i}].answer", message=exc.reason)) from None


def response_context(renderer: Renderer, r: Response) -> dict[str, Any]:
    """What ``related_blocks.html.j2`` needs on the page of ``r``."""
    relations = renderer.idx.related
    return {"related_blocks": relations.blocks(r), "related_series": relations.series_of.get(r.url)}


def series_pages(renderer: Renderer) -> Iterator[GeneratedPage]:
    """``/series/`` and one page per series."""
    from foilog.site.render.pages import GeneratedPage

    series = renderer.idx.related.series
    yield GeneratedPage(
        SERIES_INDEX_URL,
        "Series of repeated requests",
        "Requests asked again for later periods, with their answers side by side.",
        renderer.render_template("related_series_index.html.j2", SERIES_INDEX_URL, series=series, series_min=SERIES_MIN),
        "series-index",
        crumbs=section_trail("Series", SERIES_INDEX_URL),
    )
    for s in series:
        yield GeneratedPage(
            s.url,
            f"Series: {s.title}",
            f"{len(s.responses)} responses to the same request, {s.first.data.responded.year} to {s.latest.data.responded.year}, with the answers side by side.",
            renderer.render_template("related_series.html.j2", s.url, series=s, rows=answer_rows(s)),
            "series",
            crumbs=list_trail(_SERIES, s.title, s.url, s.url, 1),
        )
