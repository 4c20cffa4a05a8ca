"""Open data: the log as CSV and JSON under ``/data/``, described by a Data Package.

Files (the URL contract in the guide):

``responses.csv`` / ``responses.json``
    One row per published response, newest first. A withdrawn response is
    only a row saying so: its reference, URL, withdrawal date and reason, and
    nothing of its content.
``questions.csv``
    One row per question of every live response.
``response.schema.json``
    The JSON Schema of ``response.yml`` (:func:`foilog.log.schema.json_schema_text`).
``datapackage.json``
    A Frictionless Data Package (tabular) describing each file, with a Table
    Schema per table and the Open Government Licence v3.0.

Columns are declared once (:data:`RESPONSE_FIELDS`, :data:`QUESTION_FIELDS`),
so the files' headers and the Data Package cannot disagree. CSV is written by
the :mod:`csv` module (UTF-8, header row, ``\\r\\n`` line ends), JSON by
:mod:`json`. Embargoed responses never reach the indexes this reads.

CSV files are opened in spreadsheets, which run a cell beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula; text cells that
could be read so get a leading ``'`` (:func:`neutralise_formula`), and the Data
Package says so. Numbers, dates and the JSON file are never changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from foilog.log.model import Log, Response
from foilog.log.schema import OUTCOME_IDS, REGIMES, json_schema_text
from foilog.log.urls import slugify

if TYPE_CHECKING:
    from foilog.site.indexes import Indexes
    from foilog.site.pipeline import Plan

DATA_DIR = "data"
LIST_SEPARATOR = ";"
LICENCE = {
    "name": "OGL-UK-3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "title": "Open Government Licence v3.0",
}


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


def _page_url(path: str, site_url: str | None) -> str:
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
    record["url"] = _page_url(r.url, site_url)
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
    for q in r.data.questions:
        yield {
            "reference": r.reference,
            "number": q.number,
            "question": q.question,
            "outcome": q.outcome,
            "exemptions": exemption_labels(r, q.exemptions),
            "answer": q.answer,
            "url": _page_url(f"{r.url}#q{q.number}", site_url),
        }


FORMULA_TRIGGERS = "=+-@\t\r"
"""First characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV Injection")."""

FORMULA_NOTE = (
    "Spreadsheets run a cell that begins with =, +, -, @, a tab or a carriage return as a formula, so in this "
    "CSV file a text value that begins with one of them (also after leading spaces), or with a single quote, "
    "has a single quote (') added in front, as OWASP recommends. Remove one leading ' from a text value to get "
    "it exactly as published; numbers, dates and booleans never have one."
)
"""How the CSV resources of the Data Package describe :func:`neutralise_formula`."""

_FIELD_FORMULA_NOTE = " In CSV, a leading ' is added to a value that would start a spreadsheet formula (see the resource description)."


def neutralise_formula(text: str) -> str:
    """``text`` with a ``'`` in front if a spreadsheet could read it as a formula; otherwise ``text``.

    Why: an editor's (or an attacker's) title ``=HYPERLINK(...)`` in ``responses.csv``
    would run in the reader's Excel. OWASP's fix is a leading ``'``, shown as text.
    Leading whitespace is looked through, because import options that trim spaces
    bring the trigger to the front. A value already beginning with ``'`` gets one
    more, so removing one leading ``'`` always gives the value back (and keeps
    references unique).
    """
    if not text:
        return text
    head = text.lstrip()
    if text[0] == "'" or text[0] in FORMULA_TRIGGERS or (head and head[0] in FORMULA_TRIGGERS):
        return "'" + text
    return text


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _safe_text(value: Any) -> str:
    """A text cell (never a number's): :func:`neutralise_formula` applied."""
    return neutralise_formula(_text(value))


def _date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _boolean(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _array(value: list[str] | None) -> str:
    """The items joined; only the cell's start can trigger a formula, so the joined text is neutralised."""
    return "" if value is None else neutralise_formula(LIST_SEPARATOR.join(value))


_CSV_CELL = {"string": _safe_text, "integer": _text, "date": _date, "boolean": _boolean, "array": _array}


def write_csv(out: TextIO, columns: tuple[Column, ...], records: Iterable[dict[str, Any]]) -> None:
    """Header row and one row per record, ``\r\n`` line ends (``out`` opened with ``newline=""``), one row at a time."""
    writer = csv.writer(out)
    writer.writerow([c.name for c in columns])
    cells = [(c.name, _CSV_CELL[c.type]) for c in columns]
    for record in records:
        writer.writerow([cell(record[name]) for name, cell in cells])


def write_json(out: TextIO, columns: tuple[Column, ...], records: Iterable[dict[str, Any]]) -> None:
    """A JSON array of objects, one per line, keys in column order, one record at a time."""
    dates = [c.name for c in columns if c.type == "date"]
    names = [c.name for c in columns]
    separator = "[\n"
    for record in records:
        row = {n: record[n] for n in names}
        for n in dates:
            if row[n] is not None:
                row[n] = row[n].isoformat()
        out.write(separator)
        out.write(json.dumps(row, ensure_ascii=False))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def to_csv(columns: tuple[Column, ...], records: Iterable[dict[str, Any]]) -> bytes:
    """:func:`write_csv` in memory; UTF-8."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, columns, records)
    return buffer.getvalue().encode("utf-8")


def to_json(columns: tuple[Column, ...], records: Iterable[dict[str, Any]]) -> bytes:
    """:func:`write_json` in memory; UTF-8."""
    buffer = io.StringIO()
    write_json(buffer, columns, records)
    return buffer.getvalue().encode("utf-8")


JSON_NOTE = (
    "Values exactly as published, with no formula escaping: spreadsheets do not run JSON values as formulas. "
    "Anyone turning them into CSV or a spreadsheet should escape them (see the CSV resources)."
)
"""Why ``responses.json`` keeps ``=...`` values as they are (it is not a formula sink)."""


def _resource(name: str, path: str, fmt: str, mediatype: str, columns: tuple[Column, ...] | None, **schema_extra: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource" if columns else "data-resource",
        "format": fmt,
        "mediatype": mediatype,
        "encoding": "utf-8",
    }
    if columns:
        csv_file = fmt == "csv"
        resource["description"] = FORMULA_NOTE if csv_file else JSON_NOTE
        if csv_file:
            resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}
        resource["schema"] = {"fields": [c.table_schema(csv_file=csv_file) for c in columns], "missingValues": [""], **schema_extra}
    return resource


def datapackage(log: Log, *, site_url: str | None) -> dict[str, Any]:
    """The Data Package describing every file in ``/data/``."""
    site_name = log.project.site_name
    responses_key = {"primaryKey": ["reference"]}
    questions_key = {
        "primaryKey": ["reference", "number"],
        "foreignKeys": [{"fields": ["reference"], "reference": {"resource": "responses", "fields": ["reference"]}}],
    }
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": slugify(site_name) or "disclosure-log",
        "title": f"{site_name}: Freedom of Information responses",
        "description": (
            "Every response published in the disclosure log, one row per response (responses.csv, responses.json) "
            "and one row per question (questions.csv). Withdrawn responses appear only as a row giving the date "
            "and reason of the withdrawal. response.schema.json is the JSON Schema of the response.yml files the "
            "log is written in."
        ),
        "licenses": [dict(LICENCE)],
    }
    if site_url:
        package["homepage"] = site_url
        package["id"] = f"{site_url}{DATA_DIR}/datapackage.json"
    package["resources"] = [
        _resource("responses", "responses.csv", "csv", "text/csv", RESPONSE_FIELDS, **responses_key),
        _resource("responses-json", "responses.json", "json", "application/json", RESPONSE_FIELDS, **responses_key),
        _resource("questions", "questions.csv", "csv", "text/csv", QUESTION_FIELDS, **questions_key),
        _resource("response-schema", "response.schema.json", "json", "application/schema+json", None),
    ]
    return package


def _open_data_writers(log: Log, indexes: Indexes, *, site_url: str | None) -> dict[str, Callable[[TextIO], None]]:
    """How to write each file of ``/data/``, by site path: a record at a time, so a large log is never held as text."""

    def responses() -> Iterator[dict[str, Any]]:
        return (response_record(r, log, site_url=site_url) for r in indexes.pages)

    def questions() -> Iterator[dict[str, Any]]:
        return (q for r in indexes.live for q in question_records(r, site_url=site_url))

    package = json.dumps(datapackage(log, site_url=site_url), ensure_ascii=False, indent=2) + "\n"
    return {
        f"{DATA_DIR}/responses.csv": lambda out: write_csv(out, RESPONSE_FIELDS, responses()),
        f"{DATA_DIR}/responses.json": lambda out: write_json(out, RESPONSE_FIELDS, responses()),
        f"{DATA_DIR}/questions.csv": lambda out: write_csv(out, QUESTION_FIELDS, questions()),
        f"{DATA_DIR}/response.schema.json": lambda out: out.write(json_schema_text()),
        f"{DATA_DIR}/datapackage.json": lambda out: out.write(package),
    }


def build_open_data(log: Log, indexes: Indexes, *, site_url: str | None) -> dict[str, bytes]:
    """Every file of ``/data/`` by site path, in memory (what :func:`write_open_data` writes)."""
    files = {}
    for path, write in _open_data_writers(log, indexes, site_url=site_url).items():
        buffer = io.StringIO(newline="")
        write(buffer)
        files[path] = buffer.getvalue().encode("utf-8")
    return files


def write_open_data(plan: Plan, site_dir: Path, *, site_url: str | None) -> list[str]:
    """Write ``/data/`` into ``site_dir``, a record at a time; return the site paths written."""
    writers = _open_data_writers(plan.log, plan.indexes, site_url=site_url)
    for path, write in writers.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as out:
            write(out)
    return list(writers)
