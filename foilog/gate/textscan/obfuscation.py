"""Personal data written the way editors and requesters really disguise it.

* E-mail addresses with Markdown emphasis or HTML entities inside them
  (``**john.smith**@gmail.com``, ``john.smith&#64;gmail.com``,
  ``john.smith&commat;gmail.com``), spaces round the ``@``, or the ``@`` and
  dots spelt out (``john.smith [at] gmail [dot] com``, ``(at)``/``(dot)``,
  ``john.smith at gmail dot com``).  Plain prose uses "at" all the time, so
  the spelt-out forms need a domain shape ending in a real top-level domain
  and the same personal local part (or consumer webmail domain) as an
  ordinary address.
* National Insurance numbers in lower or mixed case (``ab 12 34 56 c``).
* Addresses ending in a lower-case postcode are found by ``detect_places``.

Each finding is reported under the rule of what it disguises (``email``,
``ni-number``), so allowlists, acknowledgements and disabled rules work the
same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.gate.textscan.detect_contact import PERSONAL_DOMAINS, personal_local_part
from foilog.gate.textscan.detect_numbers import _NI, _NI_INVALID_PREFIXES
from foilog.log.findings import Severity

#: Every way of writing the "@" that the plain e-mail detector does not read.
_AT = re.compile(
    r"&#0*64;|&#[xX]0*40;|&commat;|[ \t]+@[ \t]*|@[ \t]+|"
    r"[ \t]*[\[({<][ \t]*(?:at|AT|At)[ \t]*[\])}>][ \t]*|[ \t]+(?:at|AT)[ \t]+|@(?=[*_])|(?<=[*_])@"
)
_AT_HINTS = ("&#64", "&#x40", "&commat", "at]", "at)", "at}", "at>", " at ", " @", "@ ", "*@", "_@", "@*", "@_")
_EMPHASIS = "*_"
_LOCAL_CHARS = frozenset("_.%+'’-")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOT = r"(?:\.|&#0*46;|&period;|[ \t]*[\[({<][ \t]*(?:dot|DOT|Dot)[ \t]*[\])}>][ \t]*|[ \t]+(?:dot|DOT)[ \t]+)"
_DOMAIN = re.compile(rf"[*_]{{0,3}}({_LABEL}(?:{_DOT}{_LABEL}){{1,4}})[*_]{{0,3}}(?![\w@])")
_DOT_SPLIT = re.compile(_DOT)
#: Top-level domains a spelt-out address must end with (prose "at the end" has none).
_TLDS = frozenset(
    {
        "com",
        "org",
        "net",
        "uk",
        "info",
        "io",
        "me",
        "scot",
        "wales",
        "cymru",
        "eu",
        "biz",
        "edu",
        "gov",
        "ie",
        "de",
        "fr",
        "co",
        "us",
        "ca",
        "au",
        "nz",
    }
)


#: Words that come before "at" in prose ("email us at gmail.com" is odd, but "address at" is not).
_PROSE_WORDS = frozenset(
    {"email", "e-mail", "mail", "address", "account", "them", "here", "there", "online", "inbox", "post", "write", "contact"}
)


def _local_start(text: str, end: int) -> int:
    """Where the local part ending before ``end`` starts (after any emphasis characters)."""
    pos = end
    while pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in _LOCAL_CHARS):
        pos -= 1
    return pos


#: Literal texts near which a disguised "@" must be, and how far before them its match starts.
_AT_ANCHORS = ("@", "&#", "&commat;", " at ", " AT ", "[", "(", "{", "<")


def _at_signs(text: str) -> list[re.Match[str]]:
    """The matches of ``_AT`` in ``text``, found from literal anchors (``str.find`` runs at memory speed;
    trying ``_AT`` at every character, as ``finditer`` would, costs ten times the rest of the scan)."""
    starts: set[int] = set()
    for anchor in _AT_ANCHORS:
        pos = text.find(anchor)
        while pos != -1:
            start = pos
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            starts.add(max(start, 0))
            pos = text.find(anchor, pos + 1)
    found: list[re.Match[str]] = []
    done = -1
    for start in sorted(starts):
        if start < done:
            continue
        m = _AT.match(text, start, min(len(text), start + 24))
        if m is not None and m.start() >= done:
            found.append(m)
            done = m.end()
    return found


def detect_obfuscated_email(ctx: ScanContext) -> Iterator[Hit]:
    """E-mail addresses with emphasis, entities, spaces or spelt-out ``at``/``dot`` (see the module docstring)."""
    text = ctx.text
    if not ctx.contains_folded(_AT_HINTS):
        return
    for at in _at_signs(text):
        a, b = at.span()
        local_end = a
        while local_end > 0 and a - local_end < 3 and text[local_end - 1] in _EMPHASIS:
            local_end -= 1
        start = _local_start(text, local_end)
        local = text[start:local_end].strip("_")
        if not local or not local[0].isalnum():
            continue
        if start and (text[start - 1].isalnum() or text[start - 1] in "@"):
            continue
        domain_match = _DOMAIN.match(text, b)
        if domain_match is None:
            continue
        labels = _DOT_SPLIT.split(domain_match.group(1))
        domain = ".".join(labels).lower()
        ending = labels[-1].lower()
        if ending not in _TLDS and not (len(ending) == 2 and ending.isalpha()):
            continue  # "at the end dot ..." is prose: an address needs a real ending
        plain_word = not ("." in local or "_" in local or any(c.isdigit() for c in local))
        if (
            "at" in at.group().lower()
            and plain_word
            and (domain not in PERSONAL_DOMAINS or len(local) < 4 or local.lower() in _PROSE_WORDS)
        ):
            continue  # "write to us at example.org": one plain word is prose, unless the domain is webmail
        if domain in PERSONAL_DOMAINS or personal_local_part(local):
            yield Hit(
                start,
                domain_match.end(1),
                "email",
                Severity.ERROR,
                "A person's e-mail address was found, written in a disguised form (with formatting, an HTML code or 'at' and 'dot').",
            )


#: A digit cluster of an NI number: the letters are looked for either side, in any case.
_NI_DIGITS = re.compile(r"\d\d[ -]?\d\d[ -]?\d\d")


def detect_lower_ni(ctx: ScanContext) -> Iterator[Hit]:
    """National Insurance numbers written in lower or mixed case (``ab 12 34 56 c``)."""
    text = ctx.text
    for c_start, c_end in ctx.digit_clusters:
        # Letters break a digit cluster, so an NI number's digits start one, right after its two letters.
        if not c_start or not (text[c_start - 1].isalpha() or (c_start > 1 and text[c_start - 1] in " -" and text[c_start - 2].isalpha())):
            continue
        m = _NI_DIGITS.match(text, c_start, c_end)
        if m is None:
            continue
        lo, hi = max(0, m.start() - 3), min(len(text), m.end() + 2)
        window = text[lo:hi]
        if window == window.upper():
            continue  # capitals: the ni-number detector's
        upper = window.upper()
        ni = _NI.search(upper)
        if ni is None or ni.group()[:2] in _NI_INVALID_PREFIXES:
            continue
        start, end = lo + ni.start(), lo + ni.end()
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or (end < len(text) and text[end].isalnum()):
            continue
        yield Hit(start, end, "ni-number", Severity.ERROR, "A National Insurance number was found (written in lower case).")
