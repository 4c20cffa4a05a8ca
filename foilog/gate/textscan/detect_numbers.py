"""Detectors for identity and financial numbers.

Each pattern is checked as strictly as the issuing body allows (HMRC prefix
rules, the NHS modulus-11 checksum, Luhn plus a real card prefix, the DVLA
licence layout) because these shapes also occur in FOI references, invoice
numbers and phone numbers, and a leak gate that cries wolf gets switched off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.log.findings import Severity

# Patterns start with a character class (not \b) so the regex engine can skip
# quickly to candidate characters; the "no word character before" check is
# done with a lookbehind after the first character.
# Upper case only: NI numbers are printed in capitals, and matching lower case
# would make the engine try a match at almost every letter of every letter.
_NI = re.compile(r"[A-CEGHJ-PR-TW-Z](?<![\w][A-Z])[A-CEGHJ-NPR-TW-Z][ -]?\d\d[ -]?\d\d[ -]?\d\d[ -]?[A-D](?!\w)")


def _in_clusters(ctx: ScanContext, regex: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``regex`` matches inside the digit clusters only (one cheap pass finds them)."""
    text = ctx.text
    for start, end in ctx.digit_clusters:
        yield from regex.finditer(text, start, end)


_NI_INVALID_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def detect_ni(ctx: ScanContext) -> Iterator[Hit]:
    """National Insurance numbers (HMRC prefix rules, suffix A-D)."""
    for m in ctx.codes(_NI):
        if m.group()[:2] in _NI_INVALID_PREFIXES:
            continue
        yield Hit(m.start(), m.end(), "ni-number", Severity.ERROR, "A National Insurance number was found.")


_NHS = re.compile(r"\d(?<!\w\d)\d\d([ -]?)\d{3}\1\d{4}(?![\w]|[-/.]\d)")
_NHS_CONTEXT = re.compile(r"\b(?:NHS|CHI|H&C|health\s*(?:and\s*care\s*)?(?:service\s*)?(?:number|no\.?))\b", re.IGNORECASE)


def nhs_checksum_ok(digits: str) -> bool:
    """The NHS number modulus-11 check (weights 10..2; check digit 10 is invalid)."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def detect_nhs(ctx: ScanContext) -> Iterator[Hit]:
    """NHS numbers: valid checksum and either 3-3-4 grouping or NHS context nearby.

    A bare run of ten digits passes the checksum one time in eleven, so an
    ungrouped number needs the word "NHS" (or CHI, health and care number)
    within the preceding 40 characters.
    """
    text = ctx.text
    for m in _in_clusters(ctx, _NHS):
        digits = m.group().replace(" ", "").replace("-", "")
        if digits[0] == "0" or not nhs_checksum_ok(digits):
            continue  # NHS numbers never start with 0; 0... is a telephone number
        grouped = bool(m.group(1))
        if not grouped and not _NHS_CONTEXT.search(text, max(0, m.start() - 40), m.start()):
            continue
        yield Hit(m.start(), m.end(), "nhs-number", Severity.ERROR, "An NHS number was found.")


_CARD = re.compile(r"\d(?<!\w\d)(?:[ -]?\d){12,18}(?![\w]|[-/.]\d)")


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum used by every payment card number."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    """The card scheme for an issuer prefix and length, or ``None``."""
    n = len(digits)
    two, four, six = int(digits[:2]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "Visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "Mastercard"
    if two in (34, 37) and n == 15:
        return "American Express"
    if (four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649 or 622126 <= six <= 622925) and n in range(16, 20):
        return "Discover"
    if 3528 <= four <= 3589 and n in range(16, 20):
        return "JCB"
    if (two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305) and n in range(14, 20):
        return "Diners Club"
    if two == 62 and n in range(16, 20):
        return "UnionPay"
    if (two == 50 or 56 <= two <= 69) and n in range(12, 20):
        return "Maestro"
    return None


def detect_card(ctx: ScanContext) -> Iterator[Hit]:
    """Payment card numbers: 13-19 digits, Luhn-valid, known issuer prefix."""
    for m in _in_clusters(ctx, _CARD):
        raw = m.group()
        if " " in raw and "-" in raw:
            continue
        digits = raw.replace(" ", "").replace("-", "")
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and card_brand(digits):
            yield Hit(m.start(), m.end(), "payment-card", Severity.ERROR, "A payment card number was found.")


_SORT_CODE = re.compile(r"\d(?<!\w\d)\d-\d\d-\d\d(?![\w-])")
_ACCOUNT = re.compile(r"\d(?<![\w-]\d)\d{7}(?![\w-])")
_BANK_CONTEXT = re.compile(r"sort\s*code|account|a/c|acc(?:t)?\s*no|bank|iban|bacs", re.IGNORECASE)


def _looks_like_date(sort_code: str) -> bool:
    day, month, _ = (int(p) for p in sort_code.split("-"))
    return 1 <= day <= 31 and 1 <= month <= 12


def detect_bank(ctx: ScanContext) -> Iterator[Hit]:
    """A sort code with an 8-digit account number within 60 characters.

    A sort code that could also be a date (16-12-19) needs a banking word
    nearby so that a dated list of reference numbers is not reported.
    """
    text = ctx.text
    for m in _in_clusters(ctx, _SORT_CODE):
        lo, hi = max(0, m.start() - 60), min(len(text), m.end() + 60)
        account = None
        for a in _ACCOUNT.finditer(text, lo, hi):
            if account is None or abs(a.start() - m.start()) < abs(account.start() - m.start()):
                account = a
        if account is None:
            continue
        if _looks_like_date(m.group()) and not _BANK_CONTEXT.search(text, lo, hi):
            continue
        start, end = min(m.start(), account.start()), max(m.end(), account.end())
        yield Hit(start, end, "bank-account", Severity.ERROR, "A bank sort code and account number were found.")


_PASSPORT = re.compile(r"passport(?:\s+(?:number|no\.?|num\.?|#))?(?:\s*(?:is|was|:|-|=))?\s*([A-Z]{0,2}\d{7,9})(?![\w])", re.IGNORECASE)


def detect_passport(ctx: ScanContext) -> Iterator[Hit]:
    """Passport numbers directly after the word "passport" (9 digits alone is too generic)."""
    text = ctx.text
    if "assport" not in text and "ASSPORT" not in text:
        return
    for m in _PASSPORT.finditer(text):
        value = m.group(1)
        if sum(c.isdigit() for c in value) < 7:
            continue
        yield Hit(m.start(1), m.end(1), "passport", Severity.ERROR, "A passport number was found.")


_LICENCE = re.compile(r"[A-Z](?<![\w][A-Z])[A-Z9]{4} ?\d(?:[05][1-9]|[16][0-2])([0-3]\d)\d ?[A-Z9]{2}\d ?[A-Z0-9]{2}(?!\w)")


def detect_licence(ctx: ScanContext) -> Iterator[Hit]:
    """UK driving licence numbers (surname, encoded date of birth, initials, check)."""
    for m in ctx.codes(_LICENCE):
        day = int(m.group(1))
        if not 1 <= day <= 31:
            continue
        yield Hit(m.start(), m.end(), "driving-licence", Severity.ERROR, "A UK driving licence number was found.")
