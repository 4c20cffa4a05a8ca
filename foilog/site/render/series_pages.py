"""The pages of related requests: ``/series/`` and one page per series (:mod:`foilog.site.related`).

Kept apart from :mod:`foilog.site.render.pages` (which renders everything
else) so the feature reads in one place; the :class:`Renderer` only asks for
these pages and for the blocks on a response page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from foilog.site.related import SERIES_INDEX_URL, SERIES_MIN, Relations, Series
from foilog.site.render.breadcrumbs import Crumb, list_trail, section_trail
from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown

if TYPE_CHECKING:
    from foilog.log.model import Response

Render = Callable[..., Markup]
"""``Renderer._render``: a template name, the page's URL and the template's values -> safe HTML."""

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
    """The answer as sanitised HTML, or line by line as written (escaped) for a response with acknowledgements.

    A series page belongs to no response, so the post-build sweep accepts an
    acknowledged finding on it only inside the acknowledging response's own
    lines, as written (:mod:`foilog.gate.sweep_acks`); Markdown rendering can
    change a line (``**name**`` becomes ``<strong>name</strong>``), and the
    build would then refuse a text the reviewer accepted. Such a response's
    answers are shown as the lines typed, which its page renders in full.
    Markdown that cannot be converted in time is refused by validation before
    any page is rendered; here its plain text is enough.
    """
    if r.data.acknowledgements:
        return _as_written(answer)
    try:
        return _CELL_MARKDOWN.convert(answer, id_prefix=f"{r.slug}-q{number}-")
    except MarkdownRefused:
        return _as_written(answer)


def _as_written(answer: str) -> Markup:
    """The answer's lines, escaped, one under another."""
    return Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in answer.strip().splitlines()))


def response_context(relations: Relations, r: Response) -> dict[str, Any]:
    """What ``related_blocks.html.j2`` needs on the page of ``r``."""
    return {"related_blocks": relations.blocks(r), "related_series": relations.series_of.get(r.url)}


def series_pages(relations: Relations, render: Render) -> Iterator[dict[str, Any]]:
    """``/series/`` and one page per series, each as the arguments of a :class:`~foilog.site.render.pages.GeneratedPage`."""
    yield {
        "url": SERIES_INDEX_URL,
        "title": "Series of repeated requests",
        "description": "Requests asked again for later periods, with their answers side by side.",
        "body": render("related_series_index.html.j2", SERIES_INDEX_URL, series=relations.series, series_min=SERIES_MIN),
        "kind": "series-index",
        "crumbs": section_trail("Series", SERIES_INDEX_URL),
    }
    for s in relations.series:
        years = f"{s.first.data.responded.year} to {s.latest.data.responded.year}"
        yield {
            "url": s.url,
            "title": f"Series: {s.title}",
            "description": f"{len(s.responses)} responses to the same request, {years}, with the answers side by side.",
            "body": render("related_series.html.j2", s.url, series=s, rows=answer_rows(s)),
            "kind": "series",
            "crumbs": list_trail(_SERIES, s.title, s.url, s.url, 1),
        }
