"""Breadcrumbs: where a generated page sits in the log, above its title (``Home › Topics › Housing``).

As on GOV.UK's publication pages: a ``<nav aria-label="Breadcrumb">`` holding an
ordered list of links from the home page down to the page itself, which is
marked ``aria-current="page"``. A response sits under the year of its archive
(``Home › 2026 › FOI/2026/0123``), a withdrawn one under the corrections page
(it has left every index); a list page under its index (``Home › Topics ›
Housing``), a later page of a list under the list's first page.

Pure functions of the page's place: the trail is decided when the page is
planned (:mod:`foilog.site.render.pages`) and printed when the page is written
(:meth:`foilog.engine.session.BuildSession.page_written`), in the same way
whether the theme's frame is rendered once or for every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

from foilog.log.urls import archive_url, relative

__all__ = ["HOME", "Crumb", "breadcrumbs_html", "list_trail", "response_trail", "section_trail", "withdrawn_trail"]


@dataclass(frozen=True)
class Crumb:
    """One step of a trail: what it is called (plain text) and where it is (a site-relative directory URL, ``""`` for home)."""

    label: str
    url: str


HOME = Crumb("Home", "")
CORRECTIONS = Crumb("Corrections and withdrawals", "corrections/")


def section_trail(title: str, url: str) -> tuple[Crumb, ...]:
    """An index of the log's own (``Home › Topics``)."""
    return (HOME, Crumb(title, url))


def list_trail(parent: Crumb, label: str, first_url: str, here: str, number: int) -> tuple[Crumb, ...]:
    """Page ``number`` of a list under ``parent`` (``Home › Topics › Housing``, then ``› Page 2``)."""
    trail = (HOME, parent, Crumb(label, first_url))
    return trail if number == 1 else (*trail, Crumb(f"Page {number}", here))


def response_trail(year: int, reference: str, url: str) -> tuple[Crumb, ...]:
    """A live response, under the year it is archived in (``Home › 2026 › FOI/2026/0123``)."""
    return (HOME, Crumb(str(year), archive_url(year)), Crumb(reference, url))


def withdrawn_trail(reference: str, url: str) -> tuple[Crumb, ...]:
    """A withdrawn response's notice, under the corrections and withdrawals page (it left the archive)."""
    return (HOME, CORRECTIONS, Crumb(reference, url))


def breadcrumbs_html(trail: Sequence[Crumb], here: str) -> str:
    """The trail as HTML for the page at ``here``: links relative to it, the last one the page itself. ``""`` for no trail."""
    if not trail:
        return ""
    items = []
    for index, crumb in enumerate(trail):
        current = ' aria-current="page"' if index == len(trail) - 1 else ""
        items.append(f'<li><a href="{escape(relative(here, crumb.url))}"{current}>{escape(crumb.label)}</a></li>')
    return f'<nav class="foilog-breadcrumbs" aria-label="Breadcrumb"><ol>{"".join(items)}</ol></nav>\n'
