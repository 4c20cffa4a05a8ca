"""Related requests as open data: ``/data/related.csv`` (and the ``related`` table and document lists).

One row per relation **per end**: a relation written once in one
``response.yml`` gives a row for the response that wrote it (``updates``,
``written_here`` true) and one for the response it names (``updated_by``,
``written_here`` false), as both pages show it (:mod:`foilog.site.related`).
A reader filtering on one reference so sees everything related to it without
knowing which side wrote it down. Only live responses take part, like the pages.

:mod:`.tables` declares the other tables; this one is declared here, and the
CSV file, the database and the documents take its rows from :func:`related_table`
and :func:`related_rows` (made from the indexes, no file read: cheap to make again).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from foilog.log.model import Response
from foilog.log.schema import RELATION_KINDS
from foilog.site.publish.tables import Column, Tables, page_url
from foilog.site.related import Relations

INVERSE_KINDS: dict[str, str] = {
    "updates": "updated_by",
    "repeat_of": "repeated_by",
    "same_question_as": "same_question_as",
    "refers_to": "referred_to_by",
    "follow_up_of": "followed_up_by",
    "superseded_by": "supersedes",
}
"""Each kind as seen from the response it names."""

RELATED_FIELDS: tuple[Column, ...] = (
    Column("reference", "string", "Reference of the response whose page shows the relation.", {"required": True}),
    Column(
        "relation",
        "string",
        "How the other response relates to this one, as seen from this one: the kind written in response.yml "
        "(updates, repeat_of, same_question_as, refers_to, follow_up_of, superseded_by) or, on the other end, its inverse "
        "(updated_by, repeated_by, referred_to_by, followed_up_by, supersedes).",
        {"required": True, "enum": sorted(set(RELATION_KINDS) | set(INVERSE_KINDS.values()))},
    ),
    Column("related_reference", "string", "Reference of the other response.", {"required": True}),
    Column("heading", "string", "The block the page lists it under, e.g. 'Asked before', 'Later updated'."),
    Column("written_here", "boolean", "Whether this response's response.yml holds the relation (else the other one does)."),
    Column("note", "string", "The note written with the relation, if any (from the point of view of the response that wrote it)."),
    Column("related_url", "string", "The other response's page."),
    Column("series", "string", "The page of the series both responses belong to (three or more yearly repeats), if any."),
)


def related_records(r: Response, relations: Relations, *, site_url: str | None) -> Iterator[dict[str, Any]]:
    """The rows of ``related`` of one live response, in the order its page shows them."""
    series = relations.series_of.get(r.url)
    for _heading, links in relations.blocks(r):
        for link in links:
            together = series is not None and relations.series_of.get(link.other.url) is series
            yield {
                "reference": r.reference,
                "relation": link.kind if link.written_here else INVERSE_KINDS[link.kind],
                "related_reference": link.other.reference,
                "heading": link.heading,
                "written_here": link.written_here,
                "note": link.note,
                "related_url": page_url(link.other.url, site_url),
                "series": page_url(series.url, site_url) if together and series is not None else None,
            }


def related_rows(tables: Tables, r: Response) -> list[dict[str, Any]]:
    """``r``'s rows of ``related`` (its JSON document's ``related`` list, less the reference)."""
    return list(related_records(r, tables.indexes.related, site_url=tables.site_url))


def related_table(tables: Tables) -> Iterator[dict[str, Any]]:
    """Every row of ``related``: the live responses newest first, as the other tables."""
    return (row for r in tables.live for row in related_rows(tables, r))
