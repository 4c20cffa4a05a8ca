"""What a feed entry says about a response's related requests (:mod:`foilog.site.related`).

Someone following a log learns from the entry itself that a new response
answers a question asked before: it names the series it joins (with a link
to the series page) and each response it was written as related to. Only the
relations written in the response itself are listed: the entry announces this
response, and its own ``related:`` is what it says about itself.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from foilog.log.model import Response
from foilog.site.related import Relations


def related_feed_items(r: Response, relations: Relations | None, link: Callable[[str], str]) -> list[str]:
    """``<li>`` items (escaped HTML) for the entry of ``r``; ``link`` makes a site URL absolute for the feed."""
    if relations is None:
        return []
    items = []
    series = relations.series_of.get(r.url)
    if series is not None:
        place = series.responses.index(r) + 1
        items.append(
            f'<li>Part of a series: <a href="{escape(link(series.url))}">{escape(series.title)}</a> '
            f"(response {place} of {len(series.responses)})</li>"
        )
    for heading, links in relations.blocks(r):
        for related in links:
            if related.written_here:
                other = related.other
                items.append(
                    f'<li>{escape(heading)}: <a href="{escape(link(other.url))}">{escape(other.data.title)}</a> ({escape(other.reference)})</li>'
                )
    return items
