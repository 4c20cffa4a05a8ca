"""One shape for everything foilog reports: validation errors and scan findings alike.

`foilog check`, `foilog scan` and the build all print `Finding` objects, so the
text, JSON and GitHub renderings (see :mod:`foilog.report`) are written once.
The JSON field names are a public contract (see the guide, section 3).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is: errors block publication, warnings only under --strict."""

    ERROR = "error"
    WARNING = "warning"


class Category(StrEnum):
    """The four kinds of finding named in the JSON contract."""

    PERSONAL_DATA = "personal-data"
    HIDDEN_CONTENT = "hidden-content"
    UNSAFE_FILE = "unsafe-file"
    INVALID_DATA = "invalid-data"


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
        return self.severity is Severity.ERROR and self.acknowledged is None

    def location(self) -> str:
        """``path:line`` (or ``path (page N)``) as editors and CI logs expect."""
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
        if self.page is not None:
            loc += f" (page {self.page})"
        return loc

    def as_text(self) -> str:
        """One line: ``path:line: field: message``, the format the issue promises."""
        parts = [self.location()]
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        if self.excerpt:
            text += f" [{self.excerpt}]"
        if self.acknowledged:
            text += f" (acknowledged: {self.acknowledged})"
        return text

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
