"""``--unmask``: show the excerpts of findings as they are written, on the editor's own terminal.

Excerpts are masked where they are made (:func:`foilog.log.findings.mask`), because CI
logs of public repositories are public. An editor fixing a response on their own
machine, though, needs to see which "J*** S****" it is. The masked excerpt keeps the
first character of every word and each word's length, so the value is found again in
the finding's own lines of the file, here, just before printing, and nowhere else: the
gate, its cache and every other output keep the masked text.

Only text files are looked into (response.yml, Markdown, plain text, CSV, HTML): a finding
inside a PDF or an Office file keeps its masked excerpt (its text is not on a line of the file).
Where the excerpt matches nothing, or more than one text, it stays masked too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from foilog.log.findings import Finding

__all__ = ["TEXT_SUFFIXES", "unmask"]

TEXT_SUFFIXES = frozenset({".yml", ".yaml", ".md", ".markdown", ".txt", ".csv", ".html", ".htm"})
#: A masked e-mail address: the local part's first character and ``***``, then the domain as written.
_EMAIL = re.compile(r"(\w?)\*\*\*@(\S+)")
_MASKED_WORD = re.compile(r"(\w)(\*+)")
#: How many lines after the finding's own a value may run on (a soft line break inside a number).
_SPAN = 2
_MAX_FILE = 20_000_000


def _pattern(excerpt: str) -> re.Pattern[str]:
    """A regular expression for the texts that ``excerpt`` may be the mask of."""
    email = _EMAIL.fullmatch(excerpt)
    if email:
        return re.compile(re.escape(email.group(1)) + r"[^\s@]*@" + re.escape(email.group(2)))
    parts: list[str] = []
    pos = 0
    for word in _MASKED_WORD.finditer(excerpt):
        parts.append(_literal(excerpt[pos : word.start()]))
        parts.append(r"(?<!\w)" + re.escape(word.group(1)) + rf"\w{{{len(word.group(2))}}}(?!\w)")
        pos = word.end()
    parts.append(_literal(excerpt[pos:]))
    return re.compile("".join(parts))


def _literal(text: str) -> str:
    """Text the mask kept as it was; a space stands for any run of white space (line breaks too)."""
    return r"\s+".join(re.escape(piece) for piece in text.split(" "))


def _lines(file: Path, cache: dict[Path, list[str] | None]) -> list[str] | None:
    if file not in cache:
        try:
            cache[file] = file.read_text("utf-8").splitlines() if file.stat().st_size <= _MAX_FILE else None
        except (OSError, UnicodeDecodeError):
            cache[file] = None
    return cache[file]


def _unmasked(finding: Finding, file: Path | None, cache: dict[Path, list[str] | None]) -> str | None:
    if file is None or finding.line is None or not finding.excerpt or file.suffix.lower() not in TEXT_SUFFIXES:
        return None
    lines = _lines(file, cache)
    if lines is None:
        return None
    window = "\n".join(lines[finding.line - 1 : finding.line + _SPAN])
    found = {m.group(0) for m in _pattern(finding.excerpt).finditer(window)}
    return found.pop() if len(found) == 1 else None


def unmask(findings: Sequence[Finding], files: Mapping[str, Path]) -> list[Finding]:
    """``findings`` with each excerpt replaced by the text it masks, where the file (by the finding's path in ``files``) shows it."""
    cache: dict[Path, list[str] | None] = {}
    out = []
    for f in findings:
        text = _unmasked(f, files.get(f.path), cache)
        out.append(replace(f, excerpt=text) if text is not None else f)
    return out
