"""Detectors for contact details: e-mail addresses and IP addresses (telephone numbers: ``detect_phones``).

These are the leaks seen most often in published FOI responses: a case
officer's direct e-mail or mobile left in the signature, a requester's
address in a forwarded chain, an IP address in a log extract.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.log.findings import Severity

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
    if start >= 2 and text[start - 1] == "/" and text[start - 2].isalpha():
        return None  # a product's version, as user agents write it (HeadlessChrome/156.0.0.0, Safari/537.36)
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
