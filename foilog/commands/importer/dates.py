"""UK day-first dates in letters, and which of them is the response and the receipt.

Letters write dates every way: ``16/12/2019``, ``16.12.2019``, ``16-12-19``,
``16 December 2019``, ``16th Dec 2019``, ``Monday 16 December 2019``,
``December 16, 2019``. Numeric dates are always read day first (these are UK
letters); anything that is not a real date is ignored rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAYNAME = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
_NUMERIC = r"(?P<nd>\d{1,2})\s?[/.\-]\s?(?P<nm>\d{1,2})\s?[/.\-]\s?(?P<ny>\d{4}|\d{2})(?!\d)"
_WORDY = rf"{_DAYNAME}(?P<wd>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH},?\s+(?P<wy>\d{{4}})"
_US_WORDY = (
    rf"{_DAYNAME}(?P<month2>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?\s+(?P<ud>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<uy>\d{4})"
)
DATE = re.compile(rf"(?<![\d/.\-])(?:{_NUMERIC}|{_WORDY}|{_US_WORDY})", re.IGNORECASE)

_DATE_LABEL = re.compile(r"^\s*(?:date(?:d)?|date of (?:response|letter|reply)|response date)\s*[:\-]?\s*", re.IGNORECASE)
_RECEIVED = re.compile(
    r"(?:received|receipt|came in|arrived|reached us)\b[^.]{0,120}?(?:on|dated|of)?\s*$|"
    r"(?:received|receipt)\s*(?:date)?\s*[:\-]\s*$",
    re.IGNORECASE,
)
_DATED = re.compile(r"(?:request|e-?mail|letter|correspondence)[^.]{0,40}?\b(?:dated|of|on|sent)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A date and how sure we are of its meaning (``guessed`` when inferred)."""

    value: dt.date
    line: int
    guessed: bool = False
    why: str = ""


def parse_date(match: re.Match[str]) -> dt.date | None:
    """The date a :data:`DATE` match stands for, or None if it is not a real date."""
    g = match.groupdict()
    try:
        if g.get("nd"):
            year = int(g["ny"])
            year = year + 2000 if year < 100 else year
            return dt.date(year, int(g["nm"]), int(g["nd"]))
        if g.get("wd"):
            return dt.date(int(g["wy"]), _MONTHS[g["month"].lower()], int(g["wd"]))
        if g.get("ud"):
            return dt.date(int(g["uy"]), _MONTHS[g["month2"].lower()], int(g["ud"]))
    except (ValueError, KeyError):
        return None
    return None


def dates_in(text: str) -> list[tuple[re.Match[str], dt.date]]:
    out = []
    for m in DATE.finditer(text):
        value = parse_date(m)
        if value is not None and 1990 <= value.year <= 2100:
            out.append((m, value))
    return out


def find_response_date(lines: list[str], header_end: int) -> FoundDate | None:
    """The letter's date: a ``Date:`` line, else a line that is only a date, near the top."""
    top = range(min(header_end + 1, len(lines)))
    for i in top:
        label = _DATE_LABEL.match(lines[i])
        if label:
            found = dates_in(lines[i][label.end() :])
            if found:
                return FoundDate(found[0][1], i)
    for i in top:
        found = dates_in(lines[i])
        if len(found) == 1:
            m = found[0][0]
            rest = (lines[i][: m.start()] + lines[i][m.end() :]).strip(" ,.")
            if not rest:
                return FoundDate(found[0][1], i)
    for i in range(min(header_end + 3, len(lines))):
        if re.search(r"\b(?:ref|reference)\b", lines[i], re.IGNORECASE):
            continue
        found = dates_in(lines[i])
        if found:
            return FoundDate(found[0][1], i, guessed=True, why="the first date near the top of the letter")
    return None


def find_received_date(lines: list[str], start: int, responded: dt.date | None) -> FoundDate | None:
    """When the request arrived: "received ... on 06/09/2019"; else the request's own date (guessed)."""
    dated: FoundDate | None = None
    for i in range(start, min(len(lines), start + 80)):
        line = lines[i]
        for m, value in dates_in(line):
            if responded is not None and value > responded:
                continue
            before = line[max(0, m.start() - 160) : m.start()]
            if _RECEIVED.search(before):
                return FoundDate(value, i)
            if dated is None and _DATED.search(before):
                dated = FoundDate(value, i, guessed=True, why="the date of the request, not stated as the date it was received")
    return dated
