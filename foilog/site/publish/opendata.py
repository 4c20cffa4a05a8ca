"""Open data: the log as CSV, JSON and SQLite under ``/data/``, described by a Data Package.

Files (the URL contract in the guide):

``responses.csv`` / ``responses.json``
    One row per published response, newest first. A withdrawn response is
    only a row saying so: its reference, URL, withdrawal date and reason, and
    nothing of its content.
``questions.csv``, ``exemptions.csv``, ``attachments.csv``
    One row per question, per exemption applied, per attached file (with its
    size, sha256 and URL) of every live response.
``related.csv``
    One row per related request, at both ends of each relation (:mod:`.related_data`).
``foilog.sqlite``
    The same tables in SQLite, with a full-text index (:mod:`.database`).
``responses/<year>/<slug>.json`` and ``response-document.schema.json``
    One JSON document per live response and its schema (:mod:`.documents`).
``response.schema.json``
    The JSON Schema of ``response.yml`` (:func:`foilog.log.schema.json_schema_text`).
``datapackage.json``
    A Frictionless Data Package (tabular) describing each file, with a Table
    Schema per table and the Open Government Licence v3.0.

Every file is written from the same rows (:mod:`.tables`), whose columns are
declared once, so the files, their headers and the Data Package cannot disagree. CSV is written by
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
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from foilog.log.model import Log, Response
from foilog.log.schema import json_schema_text
from foilog.log.urls import slugify
from foilog.site.publish.database import DATABASE_NAME, FTS_TABLE, write_database
from foilog.site.publish.documents import DOCUMENT_SCHEMA_NAME, document_json, document_path, document_schema_text
from foilog.site.publish.related_data import RELATED_FIELDS, related_table
from foilog.site.publish.requests_table import REQUEST_FIELDS, REQUESTS_FILE, request_rows
from foilog.site.publish.tables import (
    ATTACHMENT_FIELDS,
    EXEMPTION_FIELDS,
    LIST_SEPARATOR,
    QUESTION_FIELDS,
    RESPONSE_FIELDS,
    Column,
    FactsLookup,
    FileFacts,
    Tables,
    file_facts_from_disk,
)

if TYPE_CHECKING:
    from foilog.site.indexes import Indexes
    from foilog.site.pipeline import Plan

DATA_DIR = "data"
LICENCE = {
    "name": "OGL-UK-3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "title": "Open Government Licence v3.0",
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
    by_response = [{"fields": ["reference"], "reference": {"resource": "responses", "fields": ["reference"]}}]
    questions_key = {"primaryKey": ["reference", "number"], "foreignKeys": by_response}
    to_related = {"fields": ["related_reference"], "reference": {"resource": "responses", "fields": ["reference"]}}
    related_keys = {"primaryKey": ["reference", "relation", "related_reference"], "foreignKeys": [*by_response, to_related]}
    package: dict[str, Any] = {
        "profile": "data-package",  # not "tabular-data-package": the database and JSON files are resources too
        "name": slugify(site_name) or "disclosure-log",
        "title": f"{site_name}: Freedom of Information responses",
        "description": (
            "Every response published in the disclosure log, one row per response (responses.csv, responses.json), "
            "one row per question (questions.csv), per exemption applied (exemptions.csv) and per attached file "
            "(attachments.csv); one row per related request at each end of the relation (related.csv); and one row per "
            "request closed, published or not (requests.csv: the register, the "
            "request's shape without its text). Withdrawn responses appear only as a row of responses giving the date and reason "
            f"of the withdrawal. The same tables are in the SQLite database {DATABASE_NAME}, with a full-text index "
            f"({FTS_TABLE}). Each published response is also one JSON document at "
            "responses/<year>/<slug>.json (the year and slug of its page's address), described by "
            f"{DOCUMENT_SCHEMA_NAME}. response.schema.json is the JSON Schema of the response.yml files the log "
            "is written in."
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
        _resource("exemptions", "exemptions.csv", "csv", "text/csv", EXEMPTION_FIELDS, foreignKeys=by_response),
        _resource("attachments", "attachments.csv", "csv", "text/csv", ATTACHMENT_FIELDS, foreignKeys=by_response),
        {
            **_resource("requests", REQUESTS_FILE, "csv", "text/csv", REQUEST_FIELDS, primaryKey=["reference"]),
            "title": "Register of closed requests",
        },
        _resource("related", "related.csv", "csv", "text/csv", RELATED_FIELDS, **related_keys),
        # "type": "json" because a reader's validator (frictionless) takes a file named *schema.json for a Table Schema.
        {**_resource("response-schema", "response.schema.json", "json", "application/schema+json", None), "type": "json"},
        {**_resource("response-document-schema", DOCUMENT_SCHEMA_NAME, "json", "application/schema+json", None), "type": "json"},
        {
            **_resource("database", DATABASE_NAME, "sqlite", "application/vnd.sqlite3", None),
            "description": (
                "SQLite database with the tables responses, questions, exemptions, attachments and related (the columns of the "
                f"CSV resources; dates as ISO text, booleans as 0 or 1, lists as JSON arrays, no formula escaping) and "
                f"{FTS_TABLE}, an FTS5 full-text index of each question and its answer (rowid = the question's rowid "
                "in questions)."
            ),
        },
    ]
    for resource in package["resources"]:
        if resource["format"] == "sqlite":
            del resource["encoding"]
    return package


def tables_for(log: Log, indexes: Indexes, *, site_url: str | None, facts: FactsLookup | None = None) -> Tables:
    """The rows every file of ``/data/`` is written from."""
    return Tables(log, indexes, site_url, facts or file_facts_from_disk)


def _open_data_writers(tables: Tables) -> dict[str, Callable[[TextIO], object]]:
    """How to write each text file of ``/data/``, by site path: a record at a time, so a large log is never held as text."""
    package = json.dumps(datapackage(tables.log, site_url=tables.site_url), ensure_ascii=False, indent=2) + "\n"
    writers: dict[str, Callable[[TextIO], object]] = {
        f"{DATA_DIR}/responses.csv": lambda out: write_csv(out, RESPONSE_FIELDS, tables.responses()),
        f"{DATA_DIR}/responses.json": lambda out: write_json(out, RESPONSE_FIELDS, tables.responses()),
        f"{DATA_DIR}/questions.csv": lambda out: write_csv(out, QUESTION_FIELDS, tables.questions()),
        f"{DATA_DIR}/exemptions.csv": lambda out: write_csv(out, EXEMPTION_FIELDS, tables.exemptions()),
        f"{DATA_DIR}/attachments.csv": lambda out: write_csv(out, ATTACHMENT_FIELDS, tables.attachments()),
        f"{DATA_DIR}/{REQUESTS_FILE}": lambda out: write_csv(out, REQUEST_FIELDS, request_rows(tables.log, tables.site_url)),
        f"{DATA_DIR}/related.csv": lambda out: write_csv(out, RELATED_FIELDS, related_table(tables)),
        f"{DATA_DIR}/response.schema.json": lambda out: out.write(json_schema_text()),
        f"{DATA_DIR}/{DOCUMENT_SCHEMA_NAME}": lambda out: out.write(document_schema_text()),
        f"{DATA_DIR}/datapackage.json": lambda out: out.write(package),
    }
    return writers


def _documents(tables: Tables) -> Iterator[tuple[str, str]]:
    """(site path, text) of every per-response document, one at a time."""
    for r in tables.live:
        yield document_path(r), document_json(r, tables)


def build_open_data(log: Log, indexes: Indexes, *, site_url: str | None, facts: FactsLookup | None = None) -> dict[str, bytes]:
    """Every file of ``/data/`` by site path, in memory (what :func:`write_open_data` writes)."""
    tables = tables_for(log, indexes, site_url=site_url, facts=facts)
    files = {}
    for path, write in _open_data_writers(tables).items():
        buffer = io.StringIO(newline="")
        write(buffer)
        files[path] = buffer.getvalue().encode("utf-8")
    for path, text in _documents(tables):
        files[path] = text.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="foilog-data-") as workdir:
        target = Path(workdir) / DATABASE_NAME
        write_database(tables, target)
        files[f"{DATA_DIR}/{DATABASE_NAME}"] = target.read_bytes()
    return files


def _plan_facts(plan: Plan) -> FactsLookup | None:
    """The leak gate's facts of each attachment (its inspection read every file already), when the plan has them."""
    scan = getattr(plan, "scan", None)
    if scan is None:
        return None

    def facts(response: Response, path: str) -> FileFacts | None:
        report = scan.attachments.get(f"{response.rel_folder}/{path}")
        if report is None or report.facts is None:
            return file_facts_from_disk(response, path)
        return FileFacts(report.facts.media_type, report.facts.size, report.facts.sha256)

    return facts


def write_open_data(plan: Plan, site_dir: Path, *, site_url: str | None) -> list[str]:
    """Write ``/data/`` into ``site_dir``, a record at a time; return the site paths written."""
    tables = tables_for(plan.log, plan.indexes, site_url=site_url, facts=_plan_facts(plan))
    written = []
    for path, write in _open_data_writers(tables).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as out:
            write(out)
        written.append(path)
    folders: set[Path] = set()
    for path, text in _documents(tables):
        target = site_dir / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        # os.open: a plain write of a small file, without the text layer (50,000 of them on a large log).
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
        written.append(path)
    write_database(tables, site_dir / DATA_DIR / DATABASE_NAME)
    written.append(f"{DATA_DIR}/{DATABASE_NAME}")
    return written
