"""Remove the requester's identity (and staff contact details) before anything is written.

The requester is named in the salutation ("Dear Mr Ferris"); that name is
then removed everywhere (full name, title + surname, surname alone), with
their postal address block above the salutation and any e-mail address that
is theirs or personal-looking. Staff names in the signature follow the site's
``publish_staff_names`` setting via the leak gate itself, so the import and
``foilog check`` agree on what is a leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foilog.leakgate import Gate
from foilog.textscan import scan_text
from foilog.textscan.detect_contact import PERSONAL_DOMAINS, personal_local_part
from foilog.textscan.detect_names import NAME_WORD, TITLE

from .dates import dates_in

_SALUTATION = re.compile(rf"^(\s*Dear\s+)((?:{TITLE})\.?\s+)?((?:{NAME_WORD})(?:\s+(?:{NAME_WORD})){{0,3}})\s*([,:;]?)\s*$")
_NOT_NAMES = frozenset(
    {"sir", "madam", "requester", "requestor", "applicant", "colleague", "colleagues", "all", "customer", "enquirer", "sir/madam"}
)
_EMAIL = re.compile(r"(?<![\w.'’+-])[\w.%+'’-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_PERSON_LINE = re.compile(rf"^\s*(?:{TITLE})\.?\s+(?:{NAME_WORD}\s+){{0,3}}{NAME_WORD}\s*,?\s*$")
_LABEL = re.compile(r"^\s*(?:our|your|my)?\s*(?:ref|reference|date|dated|tel|telephone|phone|fax|web|www)\b", re.IGNORECASE)
_BY_EMAIL = re.compile(r"^\s*(?:sent\s+)?(?:by|via)\s+e-?mail\b(?:\s+(?:only|to))?\s*:?\s*", re.IGNORECASE)
_ORG = re.compile(
    r"\b(?:council|police|service|unit|team|department|directorate|trust|nhs|ministry|office|authority|government|"
    r"commission|agency|board|borough|county|city|university|hospital|po box|information rights|foi|freedom of information)\b",
    re.IGNORECASE,
)
EMAIL_REMOVED = "[email address removed]"
#: The end of a name: not inside a longer word or name (O'Shea), but a possessive 's is fine.
_END = r"(?![\w-]|['’](?!s\b)\w)"


@dataclass
class Redaction:
    """What was removed, for the import report (never the removed values themselves)."""

    name_found: bool = False
    name_occurrences: int = 0
    address_lines: int = 0
    emails: int = 0
    signature_lines: int = 0
    notes: list[str] = field(default_factory=list)


def _salutation(lines: list[str]) -> tuple[int, re.Match[str] | None]:
    for i, line in enumerate(lines[:80]):
        if line.lstrip().startswith("Dear"):
            m = _SALUTATION.match(line)
            if m and m.group(3).lower().rstrip(".") not in _NOT_NAMES and not m.group(3).lower().startswith(("sir", "madam")):
                return i, m
            return i, None
    return -1, None


def _name_patterns(title: str, name: str) -> list[re.Pattern[str]]:
    """Full name, title + surname, initials + surname, then the surname alone (longest first)."""
    words = [w.rstrip(".") for w in name.split()]
    surname = words[-1]
    forms = [name, " ".join(words)]
    if title:
        forms += [f"{title.strip()} {name}", f"{title.strip()} {surname}", f"{title.strip().rstrip('.')}. {surname}"]
    forms += [rf"{TITLE}\.?\s+(?:[A-Z]\.?\s*)*{re.escape(surname)}"]
    escaped = [*sorted({re.escape(f) for f in forms[:-1]}, key=len, reverse=True), forms[-1]]
    patterns = [re.compile(rf"(?<![\w'’-])(?:{form}){_END}") for form in escaped]
    if len(surname) >= 3:
        either = f"{re.escape(surname)}|{re.escape(surname.upper())}"
        patterns.append(re.compile(rf"(?<![\w'’-])(?:{either}){_END}"))
    if len(words) > 1 and len(words[0]) >= 3:
        patterns.append(re.compile(rf"(?<![\w'’-]){re.escape(words[0])}{_END}"))
    return patterns


def _is_address_line(line: str) -> bool:
    text = line.strip()
    return (
        bool(text)
        and len(text) <= 60
        and not _LABEL.match(text)
        and not text.endswith((".", "?", ":"))
        and not dates_in(text)
        and not text.startswith("Dear")
    )


def _drop_address(lines: list[str], end: int, surname: str | None, result: Redaction) -> None:
    """Blank the requester's address block above the salutation.

    It starts at a line naming a person ("Mr J Ferris", or the salutation's
    surname) that is not an organisation, and runs over address-like lines
    (blank lines between them are allowed: Word letters put each line in its
    own paragraph) up to and including the postcode and an e-mail line after it.
    """
    i = 0
    while i < end:
        line = lines[i]
        named = surname is not None and re.search(rf"\b{re.escape(surname)}\b", line)
        if (_PERSON_LINE.match(line) or named) and not _ORG.search(line):
            j, taken, postcode = i, 0, False
            while j < end and taken < 8:
                text = lines[j].strip()
                if not text:
                    j += 1
                    continue
                if postcode and not _EMAIL.search(text):
                    break
                if j > i and not (_is_address_line(text) or _EMAIL.search(text)):
                    break
                lines[j] = ""
                taken += 1
                postcode = postcode or bool(_POSTCODE.search(text))
                j += 1
            result.address_lines += taken
            i = j
            continue
        if _BY_EMAIL.match(line) and _EMAIL.search(line):
            lines[i] = ""
            result.address_lines += 1
        i += 1


def _personal_email(address: str, words: list[str]) -> bool:
    local, _, domain = address.rpartition("@")
    lowered = address.lower()
    return domain.lower() in PERSONAL_DOMAINS or personal_local_part(local) or any(len(w) >= 3 and w.lower() in lowered for w in words)


def redact_letter(lines: list[str], gate: Gate, wording: str) -> tuple[list[str], Redaction, int]:
    """Return the redacted lines, what was done, and the salutation's line (-1 if none)."""
    lines = list(lines)
    result = Redaction()
    index, m = _salutation(lines)
    words: list[str] = []
    if m is not None:
        title, name = (m.group(2) or "").strip(), m.group(3).strip()
        words = [w.rstrip(".") for w in name.split() if len(w.rstrip(".")) > 1]
        result.name_found = True
        lines[index] = f"{m.group(1)}{wording}{m.group(4)}"
        _drop_address(lines, index, words[-1] if words else None, result)
        for pattern in _name_patterns(title, name):
            for k, line in enumerate(lines):
                new, count = pattern.subn(wording, line)
                if count:
                    lines[k] = new
                    result.name_occurrences += count
    elif index >= 0:
        _drop_address(lines, index, None, result)
    else:
        result.notes.append("no salutation ('Dear ...') found, so the requester's name could not be identified; check the text by hand")
    for k, line in enumerate(lines):
        if "@" in line:
            new = _EMAIL.sub(lambda e: EMAIL_REMOVED if _personal_email(e.group(), words) else e.group(), line)
            if new != line:
                result.emails += new.count(EMAIL_REMOVED) - line.count(EMAIL_REMOVED)
                lines[k] = new
    findings = scan_text("\n".join(lines), path="letter", config=gate.text)
    for f in findings:
        if f.rule == "signature-name" and f.line:
            lines[f.line - 1] = ""
            result.signature_lines += 1
    return lines, result, index
