"""One shape for everything foilog reports: validation errors and scan findings alike.

`foilog check`, `foilog scan` and the build all print `Finding` objects, so the
text, JSON and GitHub renderings (see :mod:`foilog.commands.report`) are written once.
The JSON field names are a public contract (see the guide, section 3).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is: errors block publication, warnings only under --strict."""

    ERROR = "error"
    WARNING = "warning"


class Category(StrEnum):
    """The kinds of finding named in the JSON contract.

    ``accessibility`` is advisory: it reports what keeps a published document from
    being accessible (an untagged PDF, no language, no title), never blocks a build
    or ``check --strict``, and feeds the accessibility statement's list.
    """

    PERSONAL_DATA = "personal-data"
    HIDDEN_CONTENT = "hidden-content"
    UNSAFE_FILE = "unsafe-file"
    INVALID_DATA = "invalid-data"
    ACCESSIBILITY = "accessibility"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem found in a file, located as precisely as we can.

    ``path`` is relative to the project root where possible (POSIX separators);
    ``line`` is 1-based, ``page`` 1-based for paged documents; ``field`` is the
    dotted YAML field (``questions[2].outcome``) for data errors. ``excerpt`` is
    already masked: the unmasked value must never reach a log.
    ``acknowledged`` holds the reviewer-visible reason when the response's
    ``acknowledgements`` accept this exact text; such findings are listed but
    do not block publication.
    """

    path: str
    line: int | None = None
    page: int | None = None
    field: str | None = None
    rule: str = "invalid-data"
    category: Category = Category.INVALID_DATA
    severity: Severity = Severity.ERROR
    message: str = ""
    excerpt: str | None = None
    acknowledged: str | None = None
    extra: dict[str, str] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR and self.acknowledged is None and not self.advisory

    @property
    def advisory(self) -> bool:
        """Advice, not a problem: it never fails a build or ``check --strict`` (the accessibility category)."""
        return self.category is Category.ACCESSIBILITY

    @property
    def blocks_strict(self) -> bool:
        """Whether ``--strict`` refuses it: every unacknowledged finding except advice."""
        return self.acknowledged is None and not self.advisory

    def location(self) -> str:
        """``path:line`` (or ``path (page N)``) as editors and CI logs expect."""
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
        if self.page is not None:
            loc += f" (page {self.page})"
        return loc

    def as_text(self) -> str:
        """One line: ``path:line: field: message``, the format the issue promises.

        Every part may hold data (a path, a quoted value, an excerpt), so the whole line is
        passed through :func:`one_line`: a newline in a value must not start a line of a CI log.
        """
        parts = [self.location()]
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        if self.excerpt:
            text += f" [{self.excerpt}]"
        if self.acknowledged:
            text += f" (acknowledged: {self.acknowledged})"
        return one_line(text)

    def as_json(self) -> dict[str, object]:
        """The JSON object of the public contract (plus ``field`` where known)."""
        data = asdict(self)
        data["category"] = self.category.value
        data["severity"] = self.severity.value
        if not data["extra"]:
            del data["extra"]
        return data


_WORD = re.compile(r"\w+", re.UNICODE)


def mask(value: str) -> str:
    """Mask a sensitive value for logs: keep the first character of each word.

    ``Jane Smith`` -> ``J*** S****``; ``alex.b@met.police.uk`` keeps the domain
    (which identifies the organisation, not the person): ``a***@met.police.uk``.
    """
    if "@" in value:
        local, _, domain = value.rpartition("@")
        return (local[:1] + "***" if local else "") + "@" + domain
    return _WORD.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), value)


#: Characters that must never reach a log raw: C0 controls, DEL and C1 controls (terminal
#: escapes, newlines, NEL), the line and paragraph separators, and the invisible characters
#: that reorder text (bidi embeddings, overrides, isolates and marks) or hide it (BOM).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_char(char: str) -> str:
    """``\\n``, ``\\x1b``, ``\\u202e``: how an unsafe character is shown (Python's notation)."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str, *, keep: str = "") -> str:
    """``text`` on one line, every control character written out (``\\n``, ``\\x1b``, ``\\u202e``).

    Values from data reach logs that machines read line by line: GitHub's runner obeys a line
    starting with ``::error`` or ``::add-mask``, terminals obey ANSI escapes, and bidi
    overrides make a reviewer read something else than what is there. ``keep`` names characters
    the caller escapes itself (GitHub's ``%0A`` for newlines in workflow commands).
    """
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in keep else escape_char(m.group(0)), text)


class OneLineFilter(logging.Filter):
    """Puts every record of a logger on one line (:func:`one_line`), whichever handler prints it.

    Installed on foilog's MkDocs logger: under ``mkdocs build`` MkDocs' own handler prints
    foilog's messages, and a value from data must not start a line of that log either.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = one_line(record.getMessage())
        record.args = None
        return True
