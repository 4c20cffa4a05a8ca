"""Detectors for where someone lives, what they drive and when they were born.

A bare postcode is usually the authority's own (or the regulator's) and is
not reported; what identifies a person is a house number and street leading
to a postcode.  Dates are everywhere in letters, so only dates next to words
like "born" or "DOB" count as dates of birth.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.gate.textscan.regexes import finditer_from, start_finder
from foilog.log.findings import Severity

_POSTCODE = re.compile(r"[A-PR-UWYZ](?<![\w][A-Z])[A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}(?!\w)")
_STREET_TYPES = (
    "Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Crescent|Cres|Place|Pl|Court|Ct|Gardens|Gdns|"
    "Terrace|Terr|Grove|Gr|Hill|Square|Sq|Row|Mews|Walk|Park|Green|Parade|Rise|View|Vale|Wharf|Yard|Path|"
    "Croft|Fields|Meadow|Meadows|Chase|Heights|Boulevard|Broadway|Crossing|Embankment|Esplanade|Gate|Grange|"
    "Mount|Orchard|Quay|Ridge|Wynd|Brae|Loan|Causeway|Circus|Conduit|Passage|Approach|Bank|End|Side|Lea"
)
_STREET = re.compile(
    r"(?<![\w/])(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?(?:-\d{1,4})?,?[ \t]+"
    r"(?:[A-Z][\w'’-]*[ \t]+){0,3}(?:" + _STREET_TYPES + r")\.?(?!\w)"
)
_STREET_STARTS = start_finder(_STREET)
_PLACE_GAP = re.compile(r"(?:[\s,]+[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|upon|on|in|under|le|de))*){0,4}[\s,]+\Z")
_ORG_WORDS = re.compile(
    r"\b(?:Council|Police|Constabulary|Services?|Directorate|Department|Ministry|Office|Unit|Ltd|Limited|"
    r"plc|PLC|LLP|Trust|Authority|University|College|School|Hospital|Commissioner|Tribunal|Agency|"
    r"Government|Headquarters|HQ|(?:County|Town|City|Guild)\s+Hall|Civic\s+Centre|Centre|Commission|"
    r"Parliament|Assembly|NHS|Museum|Company|Corporation|Partnership|Association|Society|Charity|"
    r"Foundation|Institute|Executive|Inspectorate|Ombudsman|Registry|Bureau|(?:Crown|County|Magistrates'?)\s+Court)\b"
)
# The run of capitalised words (at most one line break, no blank line) directly
# before a street: "MPS Directorate of Legal Services, " or "County Council\nCounty Hall\n".
_NAME_RUN = re.compile(r"(?:[A-Z][\w&'’-]*(?:[ \t]+(?:of|and|for|the|&))*(?=[\s,])[ \t,]*\n?[ \t]*){1,8}\Z")


def _organisation_address(text: str, street_start: int) -> bool:
    """Whether the words directly before a street name an organisation.

    Only the unbroken run of capitalised words immediately before the address
    counts, so "The Council's complainant lives at 12 ..." is still reported
    while "MPS Directorate of Legal Services, 10 Lamps Conduit Street" is not.
    Surname-like words (Hall, Court, Bank) are deliberately not organisation words.
    """
    run = _NAME_RUN.search(text, max(0, street_start - 160), street_start)
    return bool(run and _ORG_WORDS.search(run.group()))


#: The inward code and the end of the outward code of a postcode in any case ("sw1a 1aa"): led by a digit.
_POSTCODE_TAIL = re.compile(r"[0-9][A-Za-z]{2}(?![A-Za-z0-9_])")
_POSTCODE_FULL = re.compile(r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}")


def _lower_postcodes(text: str) -> Iterator[tuple[int, int]]:
    """Spans of postcodes written with lower-case letters (capitals are found by ``ctx.codes``)."""
    for m in _POSTCODE_TAIL.finditer(text):
        end = m.end()
        for outward in range(5, 1, -1):  # the outward code and a space before the inward code: "sw1a " (5) down to "m1" (2)
            start = m.start() - outward
            if start < 0 or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
                continue
            candidate = text[start:end]
            if candidate != candidate.upper() and _POSTCODE_FULL.fullmatch(candidate.upper()):
                yield start, end
                break


def _postcodes(ctx: ScanContext) -> list[tuple[int, int]]:
    """Every postcode's span, capitals and lower case, in text order."""
    spans = [pc.span() for pc in ctx.codes(_POSTCODE)]
    if not ctx.text.isupper():
        spans += list(_lower_postcodes(ctx.text))
        spans.sort()
    return spans


def detect_address(ctx: ScanContext) -> Iterator[Hit]:
    """A house number and street followed (within four place lines) by a postcode, in capitals or not.

    Addresses introduced by an organisation name (``MPS Directorate of Legal
    Services, 10 Lamps Conduit Street``) are organisations' addresses, not
    personal data, and are skipped; so is a bare postcode.
    """
    text = ctx.text
    for pc_start, pc_end in _postcodes(ctx):
        lo = max(0, pc_start - 160)
        street = None
        for s in finditer_from(_STREET, _STREET_STARTS, text, lo, pc_start):
            if _PLACE_GAP.match(text, s.end(), pc_start):
                street = s
                break
        if street is None:
            continue
        if _organisation_address(text, street.start()):
            continue
        yield Hit(street.start(), pc_end, "postcode-address", Severity.ERROR, "A postal address was found.")


_VRM = re.compile(r"[A-HK-PR-WY](?<![\w][A-Z])[A-HJ-PR-Y](\d\d) ?[A-HJ-PR-Z]{3}(?!\w)")
_VRM_CONTEXT = re.compile(
    r"registration|\breg(?:\.|\s+no|\s+number|\s+mark)|\bVR[MN]\b|vehicle|number\s*plate|\bcar\b|\bvan\b|"
    r"motorbike|motorcycle|index\s+mark|\bANPR\b|\bDVLA\b|parking|\bPCN\b|\bdriver\b",
    re.IGNORECASE,
)


def _plausible_age_identifier(code: int, today: _dt.date) -> bool:
    """Age identifiers run 51 (Sept 2001), 02 (March 2002) ... up to the current one."""
    year = today.year % 100
    if 2 <= code <= year:
        return True
    latest_sept = 50 + year if today.month >= 9 else 49 + year
    return 51 <= code <= latest_sept


def detect_vehicle(ctx: ScanContext) -> Iterator[Hit]:
    """Current-format UK registrations (AB12 CDE) with a plausible age identifier.

    Errors next to words like "registration", "vehicle" or "VRM"; warnings
    otherwise, since a stray capitalised code can look like a plate.
    """
    text = ctx.text
    today = _dt.date.today()
    for m in ctx.codes(_VRM):
        if not _plausible_age_identifier(int(m.group(1)), today):
            continue
        near = _VRM_CONTEXT.search(text, max(0, m.start() - 60), min(len(text), m.end() + 40))
        severity = Severity.ERROR if near else Severity.WARNING
        yield Hit(m.start(), m.end(), "vehicle-registration", severity, "A vehicle registration mark was found.")


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d\d-\d\d|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r",?\s+\d{4}|"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
_DOB_WORD = r"(?:date\s+of\s+birth|birth\s*date|d\.\s?o\.\s?b\.?|dob|born(?:\s+on)?|birthday)"
_DOB_AFTER = re.compile(r"\b" + _DOB_WORD + r"\b[\s:,.=-]{0,4}(?:(?:is|was|on)\s+)?(" + _DATE + r")(?![\w/])", re.IGNORECASE)
_DOB_BEFORE = re.compile(r"(?<![\w/])(" + _DATE + r")\s*[(\[,-]?\s*" + _DOB_WORD + r"\b", re.IGNORECASE)
_DOB_HINTS = ("birth", "dob", "d.o.b", "d. o. b", "born")


def detect_dob(ctx: ScanContext) -> Iterator[Hit]:
    """Dates next to "born", "DOB", "d.o.b" or "date of birth" (either side)."""
    text = ctx.text
    if not ctx.contains_folded(_DOB_HINTS):
        return
    for regex in (_DOB_AFTER, _DOB_BEFORE):
        for m in regex.finditer(text):
            yield Hit(m.start(1), m.end(1), "date-of-birth", Severity.ERROR, "A date of birth was found.")
