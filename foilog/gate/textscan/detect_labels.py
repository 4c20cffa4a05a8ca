"""Names after field labels: ``Name:``, ``Case officer:``, ``Handled by:``, ``RequesterName:``.

Forms, case-management extracts, e-mail headers and document properties
label the person they name.  Three shapes are read:

* ``Label: value`` at the start of a line (``- Requester: Jane Doe``);
* a table row where a label cell is followed by a value cell, separated by
  tabs or ``|`` (``Case officer<TAB>Jane Doe``, ``| Contact | Jane Doe |``);
* document properties, which the gate scans as ``field: value`` lines
  (``RequesterName: Jane Hartley``, ``CaseOfficer: Jane Doe``,
  ``cp:lastModifiedBy: Jane Doe``): a property name in CamelCase or with
  underscores counts as a label when one of its words names a person's role.

The classic name labels (``Name``, ``Requester``, ``Applicant``) take a single
word; role labels and properties need a name of two words or a title and a
name, because "Contact: Reception" and "Owner: Finance" are departments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.gate.textscan.detect_names import (
    _CAPS_NAME_LINE,
    _NAME_LINE,
    _POST_NOMINALS,
    _TITLE_PREFIX,
    NAME_WORD,
    NOT_NAME_WORDS,
    _is_name,
)
from foilog.log.findings import Severity

#: Labels (lower case, single spaces) whose value is a person's name, even one word.
LABELS = frozenset(
    {
        "applicant",
        "applicant name",
        "applicant's name",
        "complainant",
        "complainant name",
        "contact name",
        "customer name",
        "data subject",
        "family name",
        "first name",
        "forename",
        "forenames",
        "full name",
        "given name",
        "last name",
        "name",
        "name of applicant",
        "name of requester",
        "name of requestor",
        "requester",
        "requester name",
        "requester's name",
        "requestor",
        "requestor name",
        "requestor's name",
        "surname",
        "your name",
    }
)
#: Role labels (lower case, single spaces): the value names a person when it is a full name.
ROLE_LABELS = frozenset(
    {
        "actioned by",
        "allocated to",
        "approved by",
        "approver",
        "assigned to",
        "author",
        "authored by",
        "authorised by",
        "authorized by",
        "case handler",
        "case officer",
        "case owner",
        "case worker",
        "caseworker",
        "cc",
        "checked by",
        "completed by",
        "contact",
        "contact officer",
        "contact person",
        "created by",
        "dealt with by",
        "drafted by",
        "edited by",
        "from",
        "handled by",
        "handler",
        "investigating officer",
        "last modified by",
        "last saved by",
        "lead officer",
        "logged by",
        "manager",
        "modified by",
        "officer",
        "officer in charge",
        "officer in the case",
        "owner",
        "point of contact",
        "prepared by",
        "received by",
        "redacted by",
        "reported by",
        "requested by",
        "responsible officer",
        "reviewed by",
        "reviewer",
        "sent by",
        "signatory",
        "signed",
        "signed by",
        "signed off by",
        "submitted by",
        "to",
        "witness",
        "written by",
    }
)
#: Words of a property name (``RequesterName``, ``case_officer``) that make it a label.
PROPERTY_WORDS = frozenset(
    {
        "applicant",
        "approver",
        "assignee",
        "author",
        "by",
        "complainant",
        "contact",
        "creator",
        "editor",
        "handler",
        "manager",
        "name",
        "officer",
        "owner",
        "person",
        "requester",
        "requestor",
        "reviewer",
        "sender",
        "signatory",
        "surname",
        "forename",
        "caseworker",
    }
)
#: Property words that name a person only when nothing else in the name says otherwise ("FileName").
_WEAK_PROPERTY_WORDS = frozenset({"name", "by", "person", "contact"})
#: Words of a property name that make it about something other than a person.
PROPERTY_EXCLUDE = frozenset(
    {
        "app",
        "application",
        "brand",
        "category",
        "company",
        "department",
        "device",
        "directorate",
        "doc",
        "document",
        "domain",
        "field",
        "file",
        "folder",
        "font",
        "form",
        "host",
        "keyword",
        "keywords",
        "layer",
        "org",
        "organisation",
        "organization",
        "printer",
        "product",
        "project",
        "server",
        "service",
        "sheet",
        "site",
        "software",
        "status",
        "style",
        "subject",
        "table",
        "team",
        "template",
        "title",
        "tool",
        "unit",
    }
)
_LABEL_STRIP = " \t-*•|>#"
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
#: A colon directly after a letter (then optional spaces): every label ends so.
#: Searched in the reversed text, so each search starts at a colon (found at memory speed).
_LABEL_COLON_REVERSED = re.compile(r":[ \t]*[A-Za-z]")
#: A name at the start of a value, then the end, a comma, a bracket, an e-mail address or a dash.
_NAME_START = re.compile(
    rf"[ \t]*({_TITLE_PREFIX})?({NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,3}}){_POST_NOMINALS}[ \t]*(?:\Z|[,;(<\[]|[-–—][ \t])"
)
#: Table-cell values that are column headings, not names.
_HEADINGS = frozenset(
    {
        "address",
        "date",
        "email",
        "e-mail",
        "job",
        "phone",
        "postcode",
        "role",
        "telephone",
        "notes",
        "comments",
        "reference",
        "position",
        "grade",
    }
)
_MESSAGE = "A person's name was found in a labelled field (such as 'Name:', 'Requester:' or 'Case officer:')."


def _property_words(label: str) -> list[str]:
    """The words of a property name: ``RequesterName`` -> requester, name; ``case_officer`` -> case, officer."""
    return [w.lower() for w in _CAMEL.findall(label)]


@lru_cache(maxsize=8192)
def label_kind(label: str) -> str | None:
    """``"name"`` for a name label, ``"role"`` for a role label or a person's property, else ``None``.

    Kept for the last few thousand labels: the open data's JSON and CSV repeat
    the same field names on every record (280,000 labels looked at in the
    sweep of 2,000 responses' ``data/``, nearly all of them a few dozen names).
    """
    label = label.strip(_LABEL_STRIP).rsplit(":", 1)[-1].strip(_LABEL_STRIP)
    phrase = " ".join(label.lower().split())
    if phrase in LABELS:
        return "name"
    if phrase in ROLE_LABELS:
        return "role"
    if not label or " " in label or len(label) > 40:
        return None
    words = _property_words(label)
    if len(words) < 2 and not (words and words[0] in {"creator", "author", "manager", "owner"}):
        return None  # a single plain word is handled by the phrase lists above
    if words[-1] in PROPERTY_WORDS and words[-1] not in _WEAK_PROPERTY_WORDS:
        return "role"  # "DocumentOwner", "ProjectManager": the last word is a person's role
    if any(w in PROPERTY_EXCLUDE for w in words) or not any(w in PROPERTY_WORDS for w in words):
        return None  # "FileName", "CompanyName", "TemplateBy"
    return "role"


def _name_in(value: str, kind: str) -> re.Match[str] | None:
    """The name a value starts with, if the value is a name (``kind`` "role" needs two words or a title)."""
    name = _NAME_LINE.match(value) or _CAPS_NAME_LINE.match(value) or _NAME_START.match(value)
    if not name or not _is_name(name.group(2)):
        return None
    if kind == "role" and not name.group(1) and len(name.group(2).split()) < 2:
        return None
    return name


def _hit(begin: int, name: re.Match[str]) -> Hit:
    person = name.group(2).rstrip(".")
    title = (name.group(1) or "").strip()
    return Hit(
        begin + name.start(2),
        begin + name.start(2) + len(person),
        "labelled-name",
        Severity.ERROR,
        _MESSAGE,
        aliases=(f"{title} {person}",) if title else (),
    )


def _colon_labels(ctx: ScanContext) -> Iterator[Hit]:
    text = ctx.text
    if ":" not in text:
        return
    last = len(text) - 1
    colons = [last - m.start() for m in _LABEL_COLON_REVERSED.finditer(text[::-1])]
    colons.reverse()
    done = -1
    for colon in colons:
        if colon < done:
            continue
        line_start = text.rfind("\n", 0, colon) + 1
        if colon - line_start > 80:
            continue
        kind = label_kind(text[line_start:colon])
        if kind is None:
            continue
        line_end = text.find("\n", colon)
        line_end = len(text) if line_end == -1 else line_end
        done = line_end
        name = _name_in(text[colon + 1 : line_end], kind)
        if name:
            yield _hit(colon + 1, name)


def _table_labels(ctx: ScanContext) -> Iterator[Hit]:
    """Label cell then value cell, separated by tabs or ``|`` (Word and Markdown tables, spreadsheet rows)."""
    text = ctx.text
    if "\t" not in text and "|" not in text:
        return
    pos = 0
    for line in text.split("\n"):
        begin, pos = pos, pos + len(line) + 1
        if "\t" not in line and "|" not in line:
            continue
        cells = [(m.start(), m.group()) for m in re.finditer(r"[^\t|]+", line)]
        for (_, label), (at, value) in pairwise(cells):
            kind = label_kind(label) if label.strip() and len(label) <= 60 else None
            if kind is None or not value.strip():
                continue
            name = _name_in(value.rstrip(" \t"), "role")
            if name and not any(w.lower() in _HEADINGS or w.lower() in NOT_NAME_WORDS for w in name.group(2).split()):
                yield _hit(begin + at, name)


def detect_labelled(ctx: ScanContext) -> Iterator[Hit]:
    """Names after labels, in label-colon lines, table rows and document properties (see the module docstring)."""
    yield from _colon_labels(ctx)
    yield from _table_labels(ctx)
