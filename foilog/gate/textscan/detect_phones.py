"""Telephone numbers: UK numbers by their shape, other countries' through ``phonenumbers``.

A UK number is reported for its shape -- a national prefix ``0`` (or ``+44``,
``0044``, ``+44 (0)``) and the right count of digits for its range, in the
groupings people type (``07700 900123``, ``(020) 7946 0018``, ``0113.496.0000``,
``07700 900/123``) -- whatever ``phonenumbers`` says about allocation:
allocations change and an "unallocated" mobile is still someone's number.
``phonenumbers``' metadata decides the wording when it knows the number
(mobile, or a landline that may be a direct line), and keeps freephone,
premium, shared-cost and ``03`` numbers, which belong to organisations, out.

The shape is found with one linear regex pass and a few integer comparisons
per candidate, so a CSV export dense with numbers scans in seconds: the old
``PhoneNumberMatcher`` cost about 100 µs per digit cluster.  The matcher is
kept only for numbers written with another country's ``+`` or ``00`` code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.gate.textscan.phonenumbers_shim import number_descriptions
from foilog.log.findings import Severity

# A UK number: "+44" or "0044" (optionally "(0)"), or "(0", or "0"; then digit groups
# joined by one separator each (space, tab, dot, dash, slash; ")" after a bracketed
# area code).  It starts with a character class (so the engine skips quickly to a
# candidate), then checks that no word character, slash, dot, sign or currency symbol
# comes before it (references, decimals, sums, ids).  Groups are digits and separators
# are not, so the repetition cannot backtrack badly.
_UK_SHAPE = re.compile(
    r"[+0(](?<![\w/+@£$€#\\][+0(])(?<!\d[.\-][+0(])"
    r"(?:(?<=\+)[ \t]?44[ \t.\-]?(?:\(0\)[ \t.\-]?)?|(?<=0)0[ \t]?44[ \t.\-]?(?:\(0\)[ \t.\-]?)?|(?<=\()0|(?<=0))"
    r"(\d+(?:\)[ \t]?\d+)?(?:[ \t.\-/]\d+){0,6})"
)
#: Where a UK number can start: found first, because trying ``_UK_SHAPE`` itself at every
#: "0" of a table of figures costs five times as much. It holds ``_UK_SHAPE``'s own checks of
#: what comes before, after the first character (where the engine still skips quickly to a
#: candidate: put first, they cost twice as much), so that the "0"s inside dates, sums and
#: references ("2019-10-02", "£105") are passed over in C rather than tried one by one.
_UK_START = re.compile(r"[0+(](?<![\w/+@£$€#\\].)(?<!\d[.\-].)(?:(?<=0)(?=\d)|(?<=\+)|(?<=\()(?=0))")
_GROUP = re.compile(r"\d+")
#: What may follow a complete number: not a letter or digit, nor a dot, dash or slash joined to more digits.
_CONTINUES = re.compile(r"\w|[.\-]\d|/(?![0+])\d")
#: National prefixes (after the 0) of numbers that may be a person's: geographic (01, 02),
#: corporate and VoIP (055, 056), mobile, personal and pager (07).
_PERSONAL_PREFIX = re.compile(r"0(?:1[1-9]|2[0-9]|5[56]|7[0-9])")
_MOBILE_PREFIX = re.compile(r"07(?:[1-57-9]|624)")
_YEAR = re.compile(r"(?:19|20)\d\d\Z")

_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER})
_NOT_PERSONAL_TYPES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.UAN})
_MOBILE = "A mobile telephone number was found."
_LANDLINE = "A telephone number that may be a direct line was found."
_UNLISTED_MOBILE = (
    "A number shaped like a UK mobile telephone number was found (its range is not listed as in use, "
    "but ranges are reallocated and it may still be someone's number)."
)
_UNLISTED_LANDLINE = (
    "A number shaped like a UK landline telephone number was found (its range is not listed as in use, "
    "but it may still be someone's direct line)."
)


@lru_cache(maxsize=1)
def _gb_types() -> tuple[tuple[re.Pattern[str], frozenset[int], int], ...]:
    """``phonenumbers``' GB number descriptions, compiled once, in ``number_type`` order."""
    return tuple((re.compile(pattern), lengths, kind) for pattern, lengths, kind in number_descriptions("GB"))


@lru_cache(maxsize=65536)
def uk_number_type(national: str) -> int | None:
    """What ``phonenumbers``' GB metadata calls the national number ``0...`` (a ``PhoneNumberType``
    constant); ``None`` when it does not know it.

    The same descriptions, in the same order, as ``phonenumbers.number_type``
    (whose parse and validation cost about 100 µs a number; this costs a few).
    """
    significant = national[1:]
    size = len(significant)
    for regex, lengths, kind in _gb_types():
        if (not lengths or size in lengths) and regex.fullmatch(significant):
            return kind
    return None


def _uk_number(text: str, m: re.Match[str]) -> tuple[int, str] | None:
    """``(end, national digits)`` of the UK number the candidate ``m`` starts with, or ``None``.

    The digits are taken group by group until there are eleven (ten for an
    ``01`` number that ends there); a number that would need part of a group,
    or runs on into more digits joined by a dot, dash or slash, is a
    reference or an id, not a telephone number.
    """
    rest_start = m.start(1)
    lead = text[m.start()]
    international = lead == "+" or (lead == "0" and rest_start - m.start() > 1)
    national = "0"
    groups = list(_GROUP.finditer(text, rest_start, m.end(1)))
    first = groups[0].group()
    if international and first.startswith("0"):
        national = ""  # "+44 020 7946 0018": the 0 that should have been dropped
    elif not international and len(national + first) < 3:
        return None  # an area code has at least three digits ("020"): "0 1234 ..." and "01 02 ..." are figures
    digits = national
    end = 0
    for i, group in enumerate(groups):
        if i == 1 and len(digits) > 6 and not international:
            return None  # "0123456 7890": no area code is that long
        digits += group.group()
        end = group.end()
        if len(digits) >= 11:
            break
    if not _PERSONAL_PREFIX.match(digits):
        return None
    if len(digits) == 10 and not digits.startswith("01"):
        return None
    if len(digits) not in (10, 11):
        return None
    if _CONTINUES.match(text, end):
        return None
    last = groups[0] if len(groups) == 1 else next(g for g in groups if g.end() == end)
    if last.start() > 0 and text[last.start() - 1] == "/" and _YEAR.match(last.group()):
        return None  # "011430/2019": a reference and a year
    return end, digits


def _uk_hit(start: int, end: int, national: str) -> Hit | None:
    """The finding for a UK number shape, worded from ``phonenumbers``' metadata when it knows the number."""
    kind = uk_number_type(national)
    if kind is None:
        if len(national) == 10:
            return None  # only a few 01 areas have ten digits: a bare shape of ten is too often an id
        if _MOBILE_PREFIX.match(national):
            return Hit(start, end, "phone", Severity.ERROR, _UNLISTED_MOBILE)
        if national.startswith(("01", "02")):
            return Hit(start, end, "phone", Severity.WARNING, _UNLISTED_LANDLINE)
        return None
    if kind in _NOT_PERSONAL_TYPES:
        return None
    if kind in _MOBILE_TYPES:
        return Hit(start, end, "phone", Severity.ERROR, _MOBILE)
    return Hit(start, end, "phone", Severity.WARNING, _LANDLINE)


def detect_uk_phones(ctx: ScanContext) -> Iterator[Hit]:
    """UK telephone numbers by shape (see the module docstring); allowlisted numbers are skipped."""
    text = ctx.text
    if "0" not in text and "+" not in text:
        return
    allowed = ctx.config.allow.phones
    search, match = _UK_START.search, _UK_SHAPE.match
    pos = 0
    while True:
        start = search(text, pos)
        if start is None:
            return
        m = match(text, start.start())
        if m is None:
            pos = start.start() + 1
            continue
        found = _uk_number(text, m)
        if found is None:
            pos = m.end()
            continue
        end, national = found
        pos = end
        if "+44" + national[1:] in allowed:
            continue
        hit = _uk_hit(m.start(), end, national)
        if hit is not None:
            yield hit


# --- Other countries' numbers: phonenumbers' matcher, only where a "+" or "00" code is written ----
_NOT_DIGIT = re.compile(r"\D+")
_FOREIGN_CODE = re.compile(r"(?:\+|\(\+|00)[ \t]?(?!44)\d")


def detect_foreign_phones(ctx: ScanContext) -> Iterator[Hit]:
    """Numbers dialled with another country's code (``+33 6 12 34 56 78``), found by ``PhoneNumberMatcher``.

    Only number runs that start with ``+`` or ``00`` and a code other than 44
    are shown to the matcher (about 100 µs each), so a CSV of UK numbers never is.
    """
    text = ctx.text
    if "+" not in text and "00" not in text:
        return
    allowed = ctx.config.allow.phones
    find, rfind, size = text.find, text.rfind, len(text)
    seen: set[int] = set()
    for c_start, c_end in ctx.number_runs:
        if c_end - c_start < 8 or not _FOREIGN_CODE.match(text, c_start):
            continue
        if len(_NOT_DIGIT.sub("", text[c_start:c_end])) < 7:
            continue
        line_end = find("\n", c_end)
        lo = max(rfind("\n", 0, c_start) + 1, c_start - 4)
        hi = min(size if line_end == -1 else line_end, c_end + 16)
        for match in PhoneNumberMatcher(text[lo:hi], "GB", leniency=Leniency.VALID):
            start = lo + match.start
            if start in seen or match.number.country_code == 44:
                continue
            seen.add(start)
            if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) in allowed:
                continue
            kind = phonenumbers.number_type(match.number)
            if kind in _NOT_PERSONAL_TYPES:
                continue
            if kind in _MOBILE_TYPES:
                yield Hit(start, lo + match.end, "phone", Severity.ERROR, _MOBILE)
            else:
                yield Hit(start, lo + match.end, "phone", Severity.WARNING, _LANDLINE)


def detect_phone(ctx: ScanContext) -> Iterator[Hit]:
    """Every telephone number: UK numbers by shape, others through ``phonenumbers``."""
    yield from detect_uk_phones(ctx)
    yield from detect_foreign_phones(ctx)
