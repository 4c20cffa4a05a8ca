"""``/register/`` and ``/register/<year>/``: every closed request, published or not, newest first.

A thin layer over :mod:`foilog.site.register_view`: it pages the entries like
the other lists (``per_page``) and renders ``register_list.html.j2``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from foilog.log.clock import STATUS_LABELS
from foilog.log.model import Log
from foilog.log.requests import request_records
from foilog.log.urls import relative
from foilog.site.register_view import REASON_LABELS, RegisterEntry, by_year, coverage, register_entries, register_url
from foilog.site.render.breadcrumbs import Crumb, list_trail, section_trail

if TYPE_CHECKING:
    from foilog.site.render.pages import GeneratedPage, Renderer

REGISTER = Crumb("Register", "register/")
DESCRIPTION = "Every request the authority closed, published or not: its reference, dates, outcome and time taken, never its text."


def register_coverage_context(log: Log) -> dict[str, Any]:
    """What the statistics page's coverage section (``register_coverage.html.j2``) needs."""
    return {"coverage": coverage(request_records(log)), "reason_labels": REASON_LABELS, "register_url": register_url}


def register_pages(renderer: Renderer) -> Iterator[GeneratedPage]:
    """The register's pages (none when the log has no closed request at all)."""
    entries = register_entries(renderer.log)
    years = by_year(entries)
    yield from _pages(renderer, None, entries, years)
    for year, items in years.items():
        yield from _pages(renderer, year, items, years)


def _pages(
    renderer: Renderer, year: int | None, entries: Sequence[RegisterEntry], years: dict[int, list[RegisterEntry]]
) -> Iterator[GeneratedPage]:
    from foilog.site.render.pages import GeneratedPage

    per_page = renderer.settings.per_page
    chunks = [list(entries[i : i + per_page]) for i in range(0, len(entries), per_page)] or [[]]
    title = "Register of requests" if year is None else f"Requests closed in {year}"
    for number, chunk in enumerate(chunks, start=1):
        here = register_url(year, number)
        pager = [(n, relative(here, register_url(year, n))) for n in range(1, len(chunks) + 1)] if len(chunks) > 1 else []
        html = partial(
            renderer._render,
            "register_list.html.j2",
            here,
            entries=chunk,
            total=len(entries),
            year=year,
            years=[(y, len(items), register_url(y)) for y, items in years.items()],
            page_number=number,
            pager=pager,
            first=(number - 1) * per_page + 1,
            reason_labels=REASON_LABELS,
            status_labels=STATUS_LABELS,
            register_url=register_url,
        )
        page_title = title if number == 1 else f"{title} (page {number} of {len(chunks)})"
        if year is not None:
            crumbs = list_trail(REGISTER, str(year), register_url(year), here, number)
        else:
            crumbs = section_trail(REGISTER.label, REGISTER.url) + ((Crumb(f"Page {number}", here),) if number > 1 else ())
        yield GeneratedPage(here, page_title, DESCRIPTION, html, "register", crumbs=crumbs)
