"""Each exemption's public interest reasoning, read from the letter's own public interest test.

Letters set out the test for a qualified exemption under a heading that names
it ("Public Interest Test (Section 24(2) NCND - National Security)"), with
sub-headings for the factors each way and the balance ("Public interest
considerations favouring ... - Section 24(2)", "Balancing Test (Section
24(2) ...)"). Everything from such a heading to the next heading that is not
part of the test (another exemption's test, "Additional Partial NCND
Response", an ALL-CAPS section, the sign-off) is that exemption's reasoning.
A test heading that names no section belongs to the exemption when the letter
applies only one.
"""

from __future__ import annotations

import re

from foilog.commands.importer.extract import Exemption, citations
from foilog.commands.importer.markdown import Heading
from foilog.commands.importer.questions import is_caps_heading

_TEST = re.compile(r"\bpublic interest\b", re.IGNORECASE)
#: Sub-headings inside a test: the factors each way and the balance.
_PART = re.compile(r"\bpublic interest\b|\bbalanc\w*|\bfavouring\b|\bfactors?\b|\bconsiderations?\b", re.IGNORECASE)
_SIGN_OFF = re.compile(r"^\s*(?:yours (?:sincerely|faithfully)|(?:with )?(?:kind|best) regards)\b", re.IGNORECASE)
#: Most words a heading line has ("Public interest considerations favouring ... - Section 24(2)" has 15).
_HEADING_WORDS = 25


def _heading_like(line: str) -> bool:
    text = line.strip()
    return (
        isinstance(line, Heading)
        or is_caps_heading(text)
        or (0 < len(text.split()) <= _HEADING_WORDS and text[:1].isupper() and not text.endswith((".", "?", "!", ":", ";", ",")))
    )


def _which(line: str, regime: str, sections: list[str]) -> list[str]:
    """The exemptions of the response that ``line`` cites (``Section 24`` matches ``s24(2)``)."""
    cited = citations(line, regime)
    return [s for s in sections if any(s == c or s.startswith(c + "(") or c.startswith(s + "(") for c in cited)]


def find_public_interest(lines: list[str], exemptions: list[Exemption], regime: str) -> dict[str, str]:
    """Section -> the letter's public interest reasoning for it (paragraphs separated by blank lines)."""
    sections = [e.section for e in exemptions]
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if _SIGN_OFF.match(text):
            break
        if _heading_like(line):
            named = _which(text, regime, sections)
            is_test = bool(_TEST.search(text))
            if current is not None and _PART.search(text) and (named == [current] or not named):
                found[current].append(text)  # a sub-heading of the test under way
                continue
            if is_test and len(named) == 1:
                current = named[0]
            elif is_test and not named and len(sections) == 1:
                current = sections[0]
            else:
                current = None
            if current is not None:
                found.setdefault(current, [])
            continue
        if current is not None:
            found[current].append(text)
    return {section: "\n\n".join(paragraphs) for section, paragraphs in found.items() if paragraphs}
