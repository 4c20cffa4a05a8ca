"""One JSON document per live response (``/data/responses/<year>/<slug>.json``) and its JSON Schema.

A reader who wants one response as data gets it at a stable address beside
its page (linked from the page's head as ``rel="alternate"``): the response's
row of ``responses`` at the top level, then its questions, exemptions
(``exemptions_applied``: its rows of ``exemptions``), attachments (with their hashes and URLs), related requests (its rows of ``related``) and corrections as lists. Every part
is a row of :mod:`.tables` (less the repeated ``reference``), so a document
never says anything the tables do not. The schema is generated from the same
columns (:func:`document_schema`), published as
``/data/response-document.schema.json`` and printed by
``foilog schema --document``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from foilog.log.model import Response
from foilog.log.urls import response_document_path
from foilog.site.publish.clock_columns import CLOCK_EVENT_SCHEMA, clock_event_records
from foilog.site.publish.related_data import RELATED_FIELDS, related_rows
from foilog.site.publish.tables import (
    ATTACHMENT_FIELDS,
    EXEMPTION_FIELDS,
    QUESTION_FIELDS,
    RESPONSE_FIELDS,
    Column,
    Tables,
)

DOCUMENT_SCHEMA_NAME = "response-document.schema.json"
_LISTS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "questions": ("questions", QUESTION_FIELDS),
    # ("exemptions" is the response's own column: the list of sections, as in responses.csv.)
    "exemptions_applied": ("exemptions", EXEMPTION_FIELDS),
    "attachments": ("attachments", ATTACHMENT_FIELDS),
    "related": ("related", RELATED_FIELDS),
}
"""The document's lists: key -> (the table whose rows they are, its columns)."""
_CORRECTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["date", "note"],
    "properties": {
        "date": {"type": "string", "format": "date", "description": "Date of the correction."},
        "note": {"type": "string", "description": "What was corrected."},
    },
}


def document_path(r: Response) -> str:
    """The document's site path: ``data/responses/<year>/<slug>.json``."""
    return response_document_path(r.year, r.slug)


def _without_reference(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "reference"}


def document(r: Response, tables: Tables) -> dict[str, Any]:
    """The document of one live response, as Python values (dates as :class:`datetime.date`)."""
    doc = dict(tables.response_row(r))
    doc["letter"] = r.body
    doc["questions"] = [_without_reference(q) for q in tables.question_rows(r)]
    doc["exemptions_applied"] = [_without_reference(e) for e in tables.exemption_rows(r)]
    doc["attachments"] = [_without_reference(a) for a in tables.attachment_rows(r)]
    doc["related"] = [_without_reference(x) for x in related_rows(tables, r)]
    doc["corrections"] = [{"date": c.date, "note": c.note} for c in r.data.corrections]
    doc["clock_events"] = clock_event_records(r)
    return doc


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def document_json(r: Response, tables: Tables) -> str:
    """The document as written: one line (``json``'s fast encoder: no indent), keys in column order, ``\\n`` at the end."""
    return json.dumps(document(r, tables), ensure_ascii=False, default=_json_value) + "\n"


def _property(column: Column) -> dict[str, Any]:
    required = bool(column.constraints and column.constraints.get("required"))
    kind = {"string": "string", "date": "string", "integer": "integer", "boolean": "boolean", "array": "array"}[column.type]
    prop: dict[str, Any] = {"type": kind if required else [kind, "null"], "description": column.description}
    if column.type == "date":
        prop["format"] = "date"
    if column.type == "array":
        prop["items"] = {"type": "string"}
    constraints = column.constraints or {}
    if "enum" in constraints:
        prop["enum"] = list(constraints["enum"]) + ([] if required else [None])
    if "pattern" in constraints:
        prop["pattern"] = constraints["pattern"]
    if "minimum" in constraints:
        prop["minimum"] = constraints["minimum"]
    return prop


def _object(columns: tuple[Column, ...], *, skip: str | None = None) -> dict[str, Any]:
    chosen = [c for c in columns if c.name != skip]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [c.name for c in chosen],
        "properties": {c.name: _property(c) for c in chosen},
    }


def document_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a per-response document, from the tables' columns."""
    schema = _object(RESPONSE_FIELDS)
    schema["required"] += ["letter", *_LISTS, "corrections", "clock_events"]
    schema["properties"]["letter"] = {"type": "string", "description": "The rest of the response letter, in Markdown."}
    for name, (table, columns) in _LISTS.items():
        item = _object(columns, skip="reference")
        schema["properties"][name] = {"type": "array", "items": item, "description": f"The response's rows of {table}.csv."}
    schema["properties"]["corrections"] = {"type": "array", "items": _CORRECTION, "description": "Corrections made after publication."}
    schema["properties"]["clock_events"] = {
        "type": "array",
        "items": CLOCK_EVENT_SCHEMA,
        "description": "The dated events that moved the legal clock (extensions, clarification, fees, transfers), in date order.",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "A published Freedom of Information response, as data",
        "description": (
            "One response of the disclosure log: its row of responses.csv, then its questions, exemptions applied, "
            "attachments and related requests as in questions.csv, exemptions.csv, attachments.csv and related.csv "
            "(without the repeated reference), its corrections and the events of its legal clock."
        ),
        **schema,
    }


def document_schema_text() -> str:
    """:func:`document_schema` as published: indented JSON with a final newline."""
    return json.dumps(document_schema(), ensure_ascii=False, indent=2) + "\n"
