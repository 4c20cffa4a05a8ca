"""Detectors for contact details: e-mail addresses, telephone numbers, IP addresses.

These are the leaks seen most often in published FOI responses: a case
officer's direct e-mail or mobile left in the signature, a requester's
address in a forwarded chain, an IP address in a log extract.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType

from foilog.findings import Severity
from foilog.textscan.base import Hit, ScanContext

_EMAIL = re.compile(
    r"(?<![\w.'’+-])\w[\w.%+'’-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
_SPLIT_LOCAL = re.compile(r"[._-]+")
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?\Z")
_NAME_AND_NUMBER = re.compile(r"[^\W\d_]{2,20}\d{1,4}\Z")

#: Words that mark a shared (role) mailbox rather than a person.  Generous on
#: purpose: a role mailbox is public contact information, not personal data.
ROLE_WORDS = frozenset(
    {
        "abuse",
        "access",
        "accounts",
        "admin",
        "administration",
        "admissions",
        "adult",
        "adults",
        "audit",
        "benefits",
        "board",
        "bookings",
        "care",
        "careers",
        "case",
        "cases",
        "casework",
        "children",
        "clerk",
        "committee",
        "comms",
        "communications",
        "complaint",
        "complaints",
        "compliance",
        "contact",
        "contacts",
        "contactus",
        "control",
        "correspondence",
        "council",
        "customer",
        "customers",
        "data",
        "dataprotection",
        "democratic",
        "desk",
        "digital",
        "disclosure",
        "disclosures",
        "donotreply",
        "dpo",
        "duty",
        "eir",
        "eirs",
        "elections",
        "emergency",
        "enquiries",
        "enquiry",
        "environment",
        "events",
        "feedback",
        "finance",
        "foi",
        "foi-requests",
        "foia",
        "foirequests",
        "foisa",
        "force",
        "fraud",
        "gdpr",
        "general",
        "governance",
        "hello",
        "help",
        "helpdesk",
        "highways",
        "hostmaster",
        "hours",
        "housing",
        "hr",
        "ict",
        "ig",
        "inbox",
        "info",
        "information",
        "insight",
        "invoices",
        "ir",
        "irt",
        "it",
        "jobs",
        "legal",
        "libraries",
        "library",
        "licensing",
        "mail",
        "marketing",
        "media",
        "members",
        "news",
        "no-reply",
        "noreply",
        "office",
        "online",
        "openness",
        "operations",
        "ops",
        "out",
        "parking",
        "partnerships",
        "payroll",
        "planning",
        "police",
        "policy",
        "post",
        "postmaster",
        "press",
        "privacy",
        "procurement",
        "protection",
        "reception",
        "records",
        "recruitment",
        "recycling",
        "registrar",
        "reply",
        "request",
        "requests",
        "research",
        "response",
        "revenues",
        "rights",
        "safeguarding",
        "sales",
        "sar",
        "schools",
        "secretariat",
        "security",
        "service",
        "services",
        "social",
        "statistics",
        "subject",
        "support",
        "switchboard",
        "tax",
        "team",
        "transparency",
        "unit",
        "waste",
        "web",
        "webmaster",
        "website",
    }
)

#: Consumer webmail: any address there belongs to an individual or a tiny
#: organisation, so the local part's shape does not matter.
PERSONAL_DOMAINS = frozenset(
    {
        "aol.co.uk",
        "aol.com",
        "blueyonder.co.uk",
        "btinternet.com",
        "btopenworld.com",
        "gmail.com",
        "gmx.co.uk",
        "gmx.com",
        "googlemail.com",
        "hotmail.co.uk",
        "hotmail.com",
        "icloud.com",
        "live.co.uk",
        "live.com",
        "mac.com",
        "mail.com",
        "me.com",
        "msn.com",
        "ntlworld.com",
        "outlook.co.uk",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "sky.com",
        "talktalk.net",
        "tiscali.co.uk",
        "virginmedia.com",
        "yahoo.co.uk",
        "yahoo.com",
        "ymail.com",
        "zoho.com",
    }
)


def personal_local_part(local: str) -> bool:
    """Whether an e-mail local part has the shape of a person's name.

    ``jane.smith``, ``Alex.B.O'Sample``, ``j.smith`` and ``jsmith1`` are
    personal; ``foi``, ``foi.requests``, ``customer.services`` and any single
    word without digits (``planning``) are treated as role mailboxes.
    """
    local = local.split("+", 1)[0].strip(".'’-").lower()
    tokens = [t for t in _SPLIT_LOCAL.split(local) if t]
    if not tokens:
        return False
    bare = [t.rstrip("0123456789") for t in tokens]
    if any(t in ROLE_WORDS for t in bare) or local in ROLE_WORDS:
        return False
    if len(tokens) >= 2:
        return len(tokens) <= 4 and all(t and _NAME_TOKEN.match(t) for t in bare) and any(len(t) >= 2 for t in bare)
    return bool(_NAME_AND_NUMBER.match(tokens[0]))


_LOCAL_CHARS = frozenset("_.%+'’-")


def _local_run_start(text: str, at: int, floor: int) -> int:
    """Where the run of local-part characters (``[\\w.%+'’-]``) ending before ``at`` starts."""
    pos = at
    while pos > floor and (text[pos - 1].isalnum() or text[pos - 1] in _LOCAL_CHARS):
        pos -= 1
    return pos


def _emails_in_line(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_EMAIL.finditer(text, start, end)``, without trying it at every character.

    A match holds exactly one ``@`` and its local part is a run of local-part
    characters directly before it, so no match can start before that run: the
    search for the next match begins there instead of at the line start.
    """
    pos = start
    while True:
        at = text.find("@", pos, end)
        if at == -1:
            return
        m = _EMAIL.search(text, _local_run_start(text, at, pos), end)
        if m is None:
            return
        yield m
        pos = m.end()


def detect_email(ctx: ScanContext) -> Iterator[Hit]:
    """Personal e-mail addresses; role mailboxes and non-name shapes are skipped."""
    text = ctx.text
    pos = text.find("@")
    done = -1
    while pos != -1:
        start, end = ctx.line_bounds(pos)
        if start > done:
            done = end
            for m in _emails_in_line(text, start, end):
                local, _, domain = m.group().rpartition("@")
                if domain.lower() in PERSONAL_DOMAINS or personal_local_part(local):
                    yield Hit(m.start(), m.end(), "email", Severity.ERROR, "A person's e-mail address was found.")
        pos = text.find("@", end)


# A digit cluster worth showing to phonenumbers is a match of
# ``[+(\d][\d \t().\-]{6,}\d`` with 7+ digits: ScanContext.number_runs of 8+ characters.
_NOT_DIGIT = re.compile(r"\D+")
_NOT_PERSONAL_TYPES = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
    }
)
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER})

# --- Which windows can hold a match ------------------------------------------------
# ``PhoneNumberMatcher`` (region GB, leniency VALID) costs ~100 µs per window, and
# most digit clusters in a disclosure log are dates, years, references and table
# figures that can never be a valid number.  A window is shown to the matcher
# unless it *provably* holds no match, so the results are exactly the same:
#
# * A match is a valid number, and the matcher only parses runs of digits,
#   phonenumbers' punctuation (``_PHONE_PUNCT``) and opening brackets or plus
#   signs, starting at a digit not preceded by a digit (or at a bracket or plus).
#   Letters enter a candidate only through an extension label (``ext``, ``x``,
#   ``int``, ``anexo``) or the punctuation ``x``, and parsing turns letters into
#   digits, so windows containing ``x`` or ``int`` always go to the matcher, as
#   do windows with a plus sign or a run of 21+ digits (a safety margin).
# * Otherwise the number's digits are those of one such run, and it is valid only as
#   - a GB national number: its digits start with the national prefix (``0`` or
#     ``180020``; every GB format's rule is ``0$1``, so leniency VALID requires
#     the prefix) followed by at least 7 digits (the shortest GB number);
#   - an international number dialled with ``00`` (the GB IDD): at least
#     2 + 1 + 2 digits (the shortest country code and national number);
#   - ``44`` followed by a GB number without its prefix: at least 2 + 7 digits.
# ``_phone_filter_limits`` checks these facts against the installed phonenumbers
# metadata; if any differs, every window goes to the matcher.
_PHONE_PUNCT = (
    "\\-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e"
)
_PHONE_RUN = re.compile(r"\d[\d" + _PHONE_PUNCT + r"(\[\uff08\uff3b]*")
# Where a match could start: a digit after a non-digit (or first in the window).
_PHONE_START = re.compile(r"(?<!\d)[014]")
_PHONE_ALWAYS = re.compile(r"[+\uff0b]|\d{21}|[x\uff58]|[i\uff49][n\uff4e][t\uff54]", re.IGNORECASE)


def _phone_filter_limits() -> tuple[int, int, int, int] | None:
    """Fewest digits for a number led by ``0``, ``00``, ``44`` and ``180020``, or
    ``None`` when the installed phonenumbers breaks an assumption above."""
    try:
        from phonenumbers.phonenumberutil import _VALID_PUNCTUATION

        gb = phonenumbers.PhoneMetadata.metadata_for_region("GB")
        if gb is None or "\\" + _VALID_PUNCTUATION != _PHONE_PUNCT:
            return None
        rules_need_prefix = all(
            f.national_prefix_formatting_rule in ("0\\1", "0$1") and not f.national_prefix_optional_when_formatting
            for f in gb.number_format
        )
        if not rules_need_prefix or gb.national_prefix_for_parsing != "0|180020" or gb.international_prefix != "00":
            return None
        shortest = min(gb.general_desc.possible_length)
    except (ImportError, AttributeError, TypeError, ValueError):
        return None
    return 1 + shortest, 2 + 1 + 2, 2 + shortest, 6 + shortest


_PHONE_LIMITS = _phone_filter_limits()


def _may_hold_phone(window: str) -> bool:
    """False only when ``PhoneNumberMatcher(window, "GB", VALID)`` cannot find anything."""
    if _PHONE_LIMITS is None or _PHONE_ALWAYS.search(window):
        return True
    national, idd, without_plus, text_relay = _PHONE_LIMITS
    # Every lead inside a run ends where the run ends (the run's characters are
    # one class), so its digits are a suffix of the run's: each run is matched
    # and stripped once and each lead indexes into it.  Re-matching the run per
    # lead made a long line of numbers (``1 1 1 ...``) quadratic.
    run_end = -1
    digits = ""
    at = index = 0  # window offset ``at`` has ``digits[index:]`` after it
    for lead in _PHONE_START.finditer(window):
        pos = lead.start()
        if pos >= run_end:
            run = _PHONE_RUN.match(window, pos)
            assert run is not None  # the lead is a digit
            run_end = run.end()
            digits = _NOT_DIGIT.sub("", run.group())
            at, index = pos, 0
        else:
            index += len(_NOT_DIGIT.sub("", window[at:pos]))
            at = pos
        left = len(digits) - index
        if digits.startswith("00", index):
            if left >= idd:
                return True
        elif digits.startswith("0", index):
            if left >= national:
                return True
        elif digits.startswith("44", index):
            if left >= without_plus:
                return True
        elif digits.startswith("180020", index) and left >= text_relay:
            return True
    return False


def detect_phone(ctx: ScanContext) -> Iterator[Hit]:
    """Telephone numbers via ``phonenumbers`` (region GB, leniency VALID).

    Only digit clusters with at least seven digits are handed to the matcher
    (it is far slower than a regex), and only when the window around them
    could hold a valid number at all (see ``_may_hold_phone``).  Mobiles are
    errors; geographic and other direct lines are warnings; 0300/0800/0845-style
    organisation numbers and allowlisted numbers are not reported.
    """
    text = ctx.text
    allowed = ctx.config.allow.phones
    seen: set[int] = set()
    find, rfind, size = text.find, text.rfind, len(text)
    # The clusters are the number runs of eight or more characters (see ScanContext).
    for c_start, c_end in ctx.number_runs:
        if c_end - c_start < 8:
            continue
        group = text[c_start:c_end]
        digits = _NOT_DIGIT.sub("", group)
        if len(digits) < 7:
            continue
        # Skip the matcher for a bare allowlisted number (the ICO helpline in every letter).
        quick = "+44" + digits[1:] if digits[0] == "0" else "+" + digits
        if quick in allowed and group[0] in "0+(":
            continue
        line_end = find("\n", c_end)
        lo = max(rfind("\n", 0, c_start) + 1, c_start - 4)
        hi = min(size if line_end == -1 else line_end, c_end + 16)
        window = text[lo:hi]
        if not _may_hold_phone(window):
            continue
        for match in PhoneNumberMatcher(window, "GB", leniency=Leniency.VALID):
            start = lo + match.start
            if start in seen:
                continue
            seen.add(start)
            number = match.number
            if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) in allowed:
                continue
            kind = phonenumbers.number_type(number)
            if kind in _NOT_PERSONAL_TYPES:
                continue
            if kind in _MOBILE_TYPES:
                yield Hit(start, lo + match.end, "phone", Severity.ERROR, "A mobile telephone number was found.")
            else:
                yield Hit(
                    start,
                    lo + match.end,
                    "phone",
                    Severity.WARNING,
                    "A telephone number that may be a direct line was found.",
                )


_IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w.]?\d|\.\w|-\d)")
_IPV6 = re.compile(r"[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*[0-9A-Fa-f]|::[0-9A-Fa-f][0-9A-Fa-f:.]*")
_DOT_DIGIT = re.compile(r"\.\d")
_IPV6_HINT = re.compile(r":[0-9A-Fa-f]{1,4}:")
_IP_NOT_BEFORE = re.compile(
    r"(?:version|ver\.?|v|build|release|release\s+no\.?|section|sections|s\.|para(?:graph)?\.?|clause|"
    r"regulation|reg\.|schedule|part|chapter|table|figure|annex|appendix|item|point)\s*\Z",
    re.IGNORECASE,
)
_PRIVATE = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"))


def _ip_hit(ctx: ScanContext, start: int, end: int) -> Hit | None:
    text = ctx.text
    if start and (text[start - 1].isalnum() or text[start - 1] in ".:_"):
        return None
    if _IP_NOT_BEFORE.search(text, max(0, start - 20), start):
        return None
    try:
        ip = ipaddress.ip_address(text[start:end])
    except ValueError:
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.is_link_local:
        return None
    if any(ip in net for net in _PRIVATE if net.version == ip.version):
        return Hit(start, end, "ip-address", Severity.WARNING, "A private (internal) IP address was found.")
    return Hit(start, end, "ip-address", Severity.ERROR, "An IP address, which can identify a person, was found.")


def detect_ip(ctx: ScanContext) -> Iterator[Hit]:
    """IPv4 and IPv6 addresses, skipping version numbers and section references."""
    text = ctx.text
    # An IPv4 address has three ".digit" within eight characters; finding those
    # with a literal-led regex is far cheaper than trying _IPV4 at every digit.
    dots = [m.start() for m in _DOT_DIGIT.finditer(text)]
    done = -1
    for i in range(len(dots) - 2):
        if dots[i + 2] - dots[i] > 8 or dots[i] < done:
            continue
        for m in _IPV4.finditer(text, max(0, dots[i] - 3), min(len(text), dots[i + 2] + 6)):
            done = m.end()
            hit = _ip_hit(ctx, m.start(), m.end())
            if hit:
                yield hit
    if "::" in text or _IPV6_HINT.search(text):
        for m in _IPV6.finditer(text):
            end = m.end()
            if end < len(text) and (text[end].isalnum() or text[end] == ":"):
                continue
            if m.group().count(":") < 2:
                continue
            hit = _ip_hit(ctx, m.start(), end)
            if hit:
                yield hit
