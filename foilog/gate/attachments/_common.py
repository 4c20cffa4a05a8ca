"""Helpers every inspector uses to phrase findings the same way.

A finding must say what was found *and* how to fix it, and its excerpt must be
masked; centralising that here keeps the wording consistent across formats and
makes it hard for an inspector to leak unmasked text by accident.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from foilog.log.findings import Category, Finding, Severity, mask

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

#: Longest excerpt we put in a finding (after masking).
EXCERPT_CHARS = 80


class FileRefused(Exception):
    """Raised inside an inspector to fail closed with one ``unsafe-*`` finding."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def excerpt(values: Iterable[str], limit: int = EXCERPT_CHARS) -> str | None:
    """Mask and join values into one short excerpt, or None when there is no text."""
    parts: list[str] = []
    total = 0
    for value in values:
        text = " ".join(str(value).split())
        if not text:
            continue
        parts.append(mask(text))
        total += len(text) + 3
        if total >= limit:
            break
    if not parts:
        return None
    joined = " | ".join(parts)
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def hidden(
    path: str,
    rule: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    page: int | None = None,
    field: str | None = None,
    values: Iterable[str] = (),
    extra: dict[str, str] | None = None,
) -> Finding:
    """A ``hidden-content`` finding with a masked excerpt built from ``values``."""
    return Finding(
        path=path,
        page=page,
        field=field,
        rule=rule,
        category=Category.HIDDEN_CONTENT,
        severity=severity,
        message=message,
        excerpt=excerpt(values),
        extra=extra or {},
    )


def unsafe(path: str, rule: str, message: str, *, severity: Severity = Severity.ERROR) -> Finding:
    """An ``unsafe-file`` finding: the file was refused, so nothing else was checked."""
    return Finding(
        path=path,
        rule=rule,
        category=Category.UNSAFE_FILE,
        severity=severity,
        message=message,
    )


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    """``1 row`` / ``3 rows`` without sprinkling conditionals through messages."""
    return f"{n:,} {word if n == 1 else (plural_word or word + 's')}"


#: Property names (lower-cased, namespace stripped) that name a person.
PERSON_FIELDS = {
    "author",
    "creator",
    "lastmodifiedby",
    "last_modified_by",
    "manager",
    "company",
    "artist",
    "cameraownername",
    "xpauthor",
    "copyright",
    "owner",
    # custom properties (docProps/custom.xml, SharePoint columns) that name the people handling a request
    "caseofficer",
    "contact",
    "contactname",
    "handler",
    "assignedto",
    "responsibleofficer",
}

#: Custom property names (normalised) that name the person who made a request: a name there is an error.
REQUESTER_FIELDS = {
    "requester",
    "requestername",
    "requestor",
    "requestorname",
    "applicant",
    "applicantname",
    "complainant",
    "enquirer",
    "customer",
    "customername",
    "datasubject",
    "subjectname",
}


def _names_someone(value: str) -> bool:
    """A requester field that holds words other than a placeholder ("Anonymous", "Withheld", "N/A")."""
    words = re.findall(r"[^\W\d_]{2,}", value.lower())
    return bool(words) and not set(words) <= {"anonymous", "withheld", "redacted", "unknown", "none", "not", "known", "recorded", "given"}


def field_key(name: str) -> str:
    """A property name compared loosely: ``Case Officer``, ``case_officer`` and ``CaseOfficer`` are one field."""
    return re.sub(r"[\s_\-]+", "", name.replace("_x0020_", "")).lower()


#: Free-text properties (lower-cased) that may name a person in passing ("Letter to Jane Smith").
TEXT_FIELDS = {"title", "subject", "keywords", "description", "comments", "xmp title", "xmp description", "category"}


@functools.cache
def _name_patterns() -> tuple[re.Pattern[str], re.Pattern[str], Callable[[str], bool]]:
    """The name-word shapes and role-word filter of :mod:`foilog.gate.textscan`'s name detectors
    (imported on first use: most files have no free-text properties)."""
    from foilog.gate.textscan.detect_names import NAME_WORD, TITLE, _is_name

    words = rf"(?P<name>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,3}})"
    titled = re.compile(rf"\b(?P<title>{TITLE})\.?[ \t]+(?P<name>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,3}})")
    after = re.compile(rf"\b(?:to|from|for|re|about|by|with|regarding|concerning|dear|Dear|Re|RE)[: \t]+{words}")
    return titled, after, _is_name


def names_person(value: str) -> str | None:
    """``"titled"`` when ``value`` names a person with a title (Mr Alan Ferris), ``"likely"`` for a
    capitalised name after to/from/re/about (Letter to Jane Smith), else None.

    The same name-word shapes and role words as :mod:`foilog.gate.textscan`'s name detectors.
    """
    titled, after, is_name = _name_patterns()
    for m in titled.finditer(value):
        if is_name(m.group("name")):
            return "titled"
    for m in after.finditer(value):
        if is_name(m.group("name")):
            return "likely"
    return None


#: Author values that name no one: tools' and operating systems' defaults, and placeholders.
_PLACEHOLDER_AUTHORS = frozenset(
    {
        "anonymous",
        "unknown",
        "user",
        "owner",
        "admin",
        "administrator",
        "author",
        "windows user",
        "microsoft office user",
        "office user",
        "openpyxl",
        "reportlab",
        "python-docx",
        "python-pptx",
        "libreoffice",
        "apache poi",
        "none",
        "n/a",
        "-",
    }
)


def placeholder_author(value: str) -> bool:
    """True for an author property that names no one ("anonymous", "openpyxl", "Windows User")."""
    return " ".join(value.lower().split()) in _PLACEHOLDER_AUTHORS


def property_finding(
    path: str,
    rule: str,
    props: list[tuple[str, str]],
    *,
    person_fields: set[str] = PERSON_FIELDS,
    fix: str,
) -> Finding | None:
    """Judge document properties: an email anywhere is an error, a person-like field a warning.

    ``props`` holds (field name, value) pairs; only non-empty values count.
    Software names (``Producer``, ``Application``) are not reported: they say
    nothing about people.
    """
    emails = [(k, v) for k, v in props if v and EMAIL.search(v)]
    fields = {field_key(f) for f in person_fields} | REQUESTER_FIELDS
    people = [(k, v) for k, v in props if v.strip() and field_key(k) in fields and not placeholder_author(v)]
    requesters = [(k, v) for k, v in people if field_key(k) in REQUESTER_FIELDS and _names_someone(v)]
    named = {(k, v): names_person(v) for k, v in props if k.lower() in TEXT_FIELDS and v.strip()}
    mentions = [kv for kv, how in named.items() if how]
    if not emails and not people and not mentions:
        return None
    flagged = list(dict.fromkeys(emails + people + mentions))
    names = ", ".join(dict.fromkeys(k for k, _ in flagged))
    if emails:
        message = f"document properties ({names}) contain an email address; {fix}"
        severity = Severity.ERROR
    elif requesters:
        message = f"document properties ({names}) name the person who made the request; {fix}"
        severity = Severity.ERROR
    elif mentions:
        message = f"document properties ({names}) appear to name a person; {fix}"
        severity = Severity.ERROR if any(named[kv] == "titled" for kv in mentions) else Severity.WARNING
    else:
        message = f"document properties ({names}) name a person or organisation; {fix}"
        severity = Severity.WARNING
    # The field names (never the values) let a response acknowledge the finding by its values.
    return hidden(
        path,
        rule,
        message,
        severity=severity,
        values=[v for _, v in flagged],
        extra={"fields": ",".join(dict.fromkeys(k for k, _ in flagged))},
    )


@dataclass
class Inspection:
    """What a format inspector returns to the dispatcher (mutable while it is built)."""

    findings: list[Finding] = field(default_factory=list)
    text_pages: list[str] = field(default_factory=list)
    metadata: list[tuple[str, str]] = field(default_factory=list)
    #: For each item of ``text_pages``, where each of its lines is in the file (empty: not known).
    locations: list[list[str]] = field(default_factory=list)
    #: Text stored where no reader sees it, as (where, text): see ``AttachmentReport.stored``.
    stored: list[tuple[str, str]] = field(default_factory=list)
    pages: int | None = None
    has_text_layer: bool | None = None


class TextBudget:
    """Counts extracted characters so a huge file cannot flood the caller."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, text: str) -> str:
        """Return ``text``; raise (fail closed) once the budget is spent."""
        self.left -= len(text)
        if self.left < 0:
            raise FileRefused(
                "unsafe-too-large",
                "the file holds more text than foilog will check in one attachment; split it into smaller files",
            )
        return text
