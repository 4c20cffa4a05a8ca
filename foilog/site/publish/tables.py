"""The open data's rows: one source from which every CSV, the JSON files and the database are written.

Why one module: ``responses.csv``, ``responses.json``, ``foilog.sqlite`` and the
per-response documents (``/data/responses/<year>/<slug>.json``) must never
disagree. Each table is declared once (its :class:`Column` list) and its rows
are made once, by one function, as Python values; the writers
(:mod:`.opendata`, :mod:`.database`) only change how a value is spelled.

Which responses: the indexes' ``pages`` (live and withdrawn) for
``responses``, where a withdrawn response is only a row saying so, with
nothing of its content; the live ones for every other table and document.
Embargoed responses never reach the indexes.

How an exemption was applied follows the exemption pages
(:func:`foilog.site.stats.counted_exemptions`): an exemption a response used
only to neither confirm nor deny is ``neither-confirm-nor-deny``, never
counted as withholding, so the data says no more than the response itself.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from foilog.log.catalogue import catalogue
from foilog.log.model import Log, Response
from foilog.log.schema import OUTCOME_IDS, REGIMES
from foilog.site.stats import ncnd_exemptions

if TYPE_CHECKING:
    from foilog.site.indexes import Indexes

LIST_SEPARATOR = ";"
APPLIED = "applied"
NCND_APPLIED = "neither-confirm-nor-deny"

_FIELD_FORMULA_NOTE = " In CSV, a leading ' is added to a value that would start a spreadsheet formula (see the resource description)."


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, Table Schema type and description."""

    name: str
    type: str
    """Table Schema type in the JSON file; in CSV an ``array`` is a ``;``-separated string."""
    description: str
    constraints: dict[str, Any] | None = None

    def table_schema(self, *, csv_file: bool) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": "string" if csv_file and self.type == "array" else self.type}
        description = self.description
        if self.type == "array" and csv_file:
            description += f" Several values are separated by '{LIST_SEPARATOR}'."
        if csv_file and self.type in ("string", "array"):
            description += _FIELD_FORMULA_NOTE
        field["description"] = description
        if self.constraints:
            field["constraints"] = self.constraints
        return field


RESPONSE_FIELDS: tuple[Column, ...] = (
    Column("reference", "string", "The authority's reference, as in the response letter.", {"required": True, "unique": True}),
    Column(
        "status", "string", "'published', or 'withdrawn' for a response withdrawn after publication.", {"enum": ["published", "withdrawn"]}
    ),
    Column("title", "string", "What was asked, in plain language."),
    Column("summary", "string", "What was asked and what was released."),
    Column("authority", "string", "Id of the public authority that answered."),
    Column("authority_name", "string", "Name of the public authority that answered."),
    Column("regime", "string", "The law the request was handled under.", {"enum": list(REGIMES)}),
    Column("received", "date", "Date the request was received."),
    Column("responded", "date", "Date of the response."),
    Column("publish_after", "date", "Date before which the response was not published (embargo), if any."),
    Column("working_days", "integer", "Working days taken to respond, as the law counts them."),
    Column("deadline", "date", "The statutory deadline: the 20th working day after receipt."),
    Column("on_time", "boolean", "Whether the response was sent by the deadline."),
    Column("outcome", "string", "Outcome of the response as a whole.", {"enum": list(OUTCOME_IDS)}),
    Column("topics", "array", "Topic ids."),
    Column("exemptions", "array", "Exemptions applied, e.g. 's40(2)'; '(NCND)' marks one applied to neither confirm nor deny."),
    Column("question_count", "integer", "Number of questions in the request."),
    Column("correction_count", "integer", "Number of corrections made after publication."),
    Column("url", "string", "The response's page."),
    Column("withdrawn_date", "date", "Date the response was withdrawn, if it was."),
    Column("withdrawn_reason", "string", "Why the response was withdrawn, if it was."),
)

QUESTION_FIELDS: tuple[Column, ...] = (
    Column("reference", "string", "Reference of the response the question belongs to.", {"required": True}),
    Column("number", "string", "The question's number as in the letter, e.g. '1', '2b'.", {"required": True}),
    Column("question", "string", "The question as asked."),
    Column("outcome", "string", "Outcome of this question.", {"enum": list(OUTCOME_IDS)}),
    Column("exemptions", "array", "Exemptions applied to this question; '(NCND)' marks one applied to neither confirm nor deny."),
    Column("answer", "string", "The answer, in Markdown."),
    Column("url", "string", "The question on the response's page."),
)

EXEMPTION_FIELDS: tuple[Column, ...] = (
    Column("reference", "string", "Reference of the response that applied the exemption.", {"required": True}),
    Column("section", "string", "The section or regulation as the response cites it, e.g. 's40(2)'.", {"required": True}),
    Column("exemption", "string", "The exemption's id in the log's catalogue, as in its page's URL, e.g. 'foia-s40'."),
    Column("exemption_title", "string", "The exemption's title in the catalogue."),
    Column(
        "applied_as",
        "string",
        "'applied' when the exemption withheld information; 'neither-confirm-nor-deny' when the response used it only "
        "to neither confirm nor deny holding information (as the exemption pages count it).",
        {"enum": [APPLIED, NCND_APPLIED]},
    ),
    Column("questions", "array", "Numbers of the questions the exemption was applied to."),
    Column("public_interest", "string", "The public interest test the response gave for this exemption, if any."),
)

ATTACHMENT_FIELDS: tuple[Column, ...] = (
    Column("reference", "string", "Reference of the response the file was published with.", {"required": True}),
    Column("file_name", "string", "The file's name.", {"required": True}),
    Column("title", "string", "The file's title, as the response page links it."),
    Column("description", "string", "What the file holds, if the response says."),
    Column("media_type", "string", "The file's type (IANA media type), e.g. 'application/pdf'."),
    Column("size", "integer", "The file's size in bytes.", {"minimum": 0}),
    Column("sha256", "string", "SHA-256 of the file's bytes, in hexadecimal.", {"pattern": "^[0-9a-f]{64}$"}),
    Column("url", "string", "Where the file can be downloaded."),
)


@dataclass(frozen=True)
class FileFacts:
    """What the data says of an attachment's bytes."""

    media_type: str
    size: int
    sha256: str


FactsLookup = Callable[[Response, str], FileFacts | None]
"""The facts of one attachment (by the response and its ``path``), or None when it cannot be read."""


def file_facts_from_disk(response: Response, path: str) -> FileFacts | None:
    """Type from the extension, size and hash from the file: for callers without the leak gate's inspection."""
    file = response.folder / path
    try:
        content = file.read_bytes()
    except OSError:
        return None
    media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return FileFacts(media_type, len(content), hashlib.sha256(content).hexdigest())


def page_url(path: str, site_url: str | None) -> str:
    """Absolute with ``site_url``; otherwise relative to the site root."""
    return (site_url or "") + path


def exemption_labels(r: Response, sections: Iterable[str] | None = None) -> list[str]:
    """``s24(2) (NCND)`` for a section applied with ncnd, the section alone otherwise."""
    ncnd = {u.section for u in r.data.exemptions if u.ncnd}
    chosen = [u.section for u in r.data.exemptions] if sections is None else list(sections)
    return [f"{s} (NCND)" if s in ncnd else s for s in chosen]


def response_record(r: Response, log: Log, *, site_url: str | None) -> dict[str, Any]:
    """One row of ``responses`` as Python values (dates, lists, None for empty)."""
    d = r.data
    record: dict[str, Any] = dict.fromkeys(c.name for c in RESPONSE_FIELDS)
    record["reference"] = d.reference
    record["url"] = page_url(r.url, site_url)
    if d.withdrawn is not None:
        record["status"] = "withdrawn"
        record["withdrawn_date"] = d.withdrawn.date
        record["withdrawn_reason"] = d.withdrawn.reason
        return record
    record.update(
        status="published",
        title=d.title,
        summary=d.summary,
        authority=r.authority,
        authority_name=log.project.settings.authority_name(r.authority),
        regime=d.regime,
        received=d.received,
        responded=d.responded,
        publish_after=d.publish_after,
        working_days=r.working_days,
        deadline=r.deadline,
        on_time=r.on_time,
        outcome=d.outcome,
        topics=list(d.topics),
        exemptions=exemption_labels(r),
        question_count=len(d.questions),
        correction_count=len(d.corrections),
    )
    return record


def question_records(r: Response, *, site_url: str | None) -> Iterator[dict[str, Any]]:
    """The rows of ``questions`` of one live response, in the letter's order."""
    for q in r.data.questions:
        yield {
            "reference": r.reference,
            "number": q.number,
            "question": q.question,
            "outcome": q.outcome,
            "exemptions": exemption_labels(r, q.exemptions),
            "answer": q.answer,
            "url": page_url(f"{r.url}#q{q.number}", site_url),
        }


def exemption_records(r: Response) -> Iterator[dict[str, Any]]:
    """The rows of ``exemptions`` of one live response: one per exemption it cites, in its order."""
    cat = catalogue()
    ncnd = ncnd_exemptions(r)
    for use in r.data.exemptions:
        entry = cat.lookup(r.data.regime, use.section)
        only_ncnd = entry in ncnd if entry is not None else use.ncnd
        yield {
            "reference": r.reference,
            "section": use.section,
            "exemption": entry.slug if entry is not None else None,
            "exemption_title": entry.title if entry is not None else None,
            "applied_as": NCND_APPLIED if only_ncnd else APPLIED,
            "questions": [q.number for q in r.data.questions if use.section in q.exemptions],
            "public_interest": use.public_interest,
        }


def attachment_records(r: Response, facts: FactsLookup, *, site_url: str | None) -> Iterator[dict[str, Any]]:
    """The rows of ``attachments`` of one live response, in its order."""
    for a in r.data.attachments:
        known = facts(r, a.path)
        yield {
            "reference": r.reference,
            "file_name": PurePosixPath(a.path).name,
            "title": a.title,
            "description": a.description,
            "media_type": known.media_type if known else None,
            "size": known.size if known else None,
            "sha256": known.sha256 if known else None,
            "url": page_url(r.url + a.path, site_url),
        }


@dataclass(frozen=True)
class Tables:
    """Every table of the open data, its rows made once on demand and shared by every file written from them.

    (Rows are plain dicts and read-only by convention: a writer that changes one copies it.)
    """

    log: Log
    indexes: Indexes
    site_url: str | None
    facts: FactsLookup = file_facts_from_disk
    _made: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def live(self) -> list[Response]:
        """The responses with content in the data: live, published (never withdrawn or embargoed), newest first."""
        return self.indexes.live

    def __post_init__(self) -> None:
        # Each attachment is looked up by the CSV, the database and its document: read (or hashed) once.
        lookup, known = self.facts, {}

        def once(response: Response, path: str) -> FileFacts | None:
            key = (str(response.folder), path)
            if key not in known:
                known[key] = lookup(response, path)
            return known[key]

        object.__setattr__(self, "facts", once)
        # Rows by (table, response): every file is written from the same row objects, made once.
        object.__setattr__(self, "_made", {})

    def response_row(self, r: Response) -> dict[str, Any]:
        """``r``'s row of ``responses`` (made once: the CSV, the JSON, the database and the document all read it)."""
        return self._once("responses", r, lambda: [response_record(r, self.log, site_url=self.site_url)])[0]

    def question_rows(self, r: Response) -> list[dict[str, Any]]:
        return self._once("questions", r, lambda: list(question_records(r, site_url=self.site_url)))

    def exemption_rows(self, r: Response) -> list[dict[str, Any]]:
        return self._once("exemptions", r, lambda: list(exemption_records(r)))

    def attachment_rows(self, r: Response) -> list[dict[str, Any]]:
        return self._once("attachments", r, lambda: list(attachment_records(r, self.facts, site_url=self.site_url)))

    def _once(self, table: str, r: Response, make: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        key = (table, id(r))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = make()
        return found

    def responses(self) -> Iterator[dict[str, Any]]:
        return (self.response_row(r) for r in self.indexes.pages)

    def questions(self) -> Iterator[dict[str, Any]]:
        return (row for r in self.live for row in self.question_rows(r))

    def exemptions(self) -> Iterator[dict[str, Any]]:
        return (row for r in self.live for row in self.exemption_rows(r))

    def attachments(self) -> Iterator[dict[str, Any]]:
        return (row for r in self.live for row in self.attachment_rows(r))

    def table(self, name: str) -> Iterator[dict[str, Any]]:
        """The rows of the table ``name`` (one of :data:`TABLES`)."""
        rows: Iterator[dict[str, Any]] = getattr(self, name)()
        return rows


TABLES: dict[str, tuple[Column, ...]] = {
    "responses": RESPONSE_FIELDS,
    "questions": QUESTION_FIELDS,
    "exemptions": EXEMPTION_FIELDS,
    "attachments": ATTACHMENT_FIELDS,
}
"""Every table by name, with its columns: what the CSV files, the Data Package and the database share."""
