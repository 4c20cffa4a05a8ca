"""A person's name after a title, anywhere in the text ("our response to Mr Hartley").

Letters name people in running text, headers and footers, not only after
"Dear": "the complaint from Mrs J. Pendleton", "PC 1234 Smith attended",
"Cllr Jane Hartley asked".  A title followed by a capitalised name is
reported wherever it is, except where a title is followed by a role or an
office rather than a name ("Dear Sir or Madam", "Lord Chancellor", "Lady
Chapel", "Mr Justice Hartley" -- a judge, named in public judgments), a place
named after someone ("Dr Johnson's House"), or a signature block (a staff
name there is the signature rule's, which follows ``publish_staff_names``).
Public office holders the authority names can be put on its allowlist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from foilog.gate.textscan.base import Hit, ScanContext
from foilog.gate.textscan.detect_names import NAME_WORD, NOT_NAME_WORDS, signature_blocks
from foilog.gate.textscan.regexes import finditer_from, start_finder
from foilog.log.findings import Severity

#: Titles written before a name.  ``Master`` is left out ("Master Data", "Master File").
_TITLES = (
    "Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd|Reverend|Cllr|Councillor|Clr|"
    "Capt|Captain|Sgt|Sergeant|Insp|Inspector|Supt|Superintendent|Constable|Det|Detective|"
    "PC|PCSO|DC|DS|DI|DCI|DSI|DSU|DSgt|Ch|Chief|Acting|Temporary|Police"
)
#: Police ranks written as initials: also personal computers, comics and Washington.
_AMBIGUOUS = frozenset({"PC", "DC", "DS", "DI"})
#: Ranks written with a collar number ("PC 1234 Smith").
_POLICE = frozenset({"PC", "PCSO", "DC", "DS", "DI", "DCI", "DSgt", "Sgt", "Sergeant", "Constable", "Insp", "Inspector"})
#: Words that begin a rank ("Detective Sergeant", "Chief Inspector") and are not titles alone.
_RANK_PREFIXES = frozenset({"Det", "Detective", "Ch", "Chief", "Acting", "Temporary", "Police"})
_TITLED = re.compile(
    rf"(?<![\w'’&-])((?:(?:{_TITLES})\.?[ \t]+){{0,2}}(?:{_TITLES})\.?)"
    r"(?:[ \t]+(\d{1,6}))?"  # a police officer's collar number: "PC 1234 Smith"
    rf"[ \t]+({NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,3}})"
)
#: Where a title word is: searched first (an alternation of literals), ``_TITLED`` tried only there.
_TITLE_WORD = re.compile(rf"(?:{_TITLES})\b")
_CAPS_TITLED = re.compile(r"(?<![\w'’&-])(MR|MRS|MISS|MX|CLLR|COUNCILLOR)\.?[ \t]+([A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){0,3})(?![\w])")
_CAPS_STARTS = start_finder(_CAPS_TITLED)

#: After a title these make it an office, a role or a place, not a person's name.
_OFFICES = frozenset(
    {
        "advocate",
        "bishop",
        "chamberlain",
        "chancellor",
        "chapel",
        "justice",
        "justices",
        "lieutenant",
        "mayor",
        "mayoress",
        "president",
        "provost",
        "privy",
        "speaker",
        "steward",
        "warden",
        "deputy",
        "commander",
        "commissioner",
        "constable",
        "inspector",
        "sergeant",
        "superintendent",
        "officer",
        "officers",
        "staff",
        "of",
        "the",
    }
)
#: Capitalised words that end a name: what follows a name in a sentence or a heading.
_NOT_NAME = frozenset(
    {
        "and",
        "or",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "said",
        "says",
        "wrote",
        "asked",
        "stated",
        "is",
        "was",
        "has",
        "had",
        "will",
        "would",
        "who",
        "which",
        "that",
        "this",
        "please",
        "thank",
        "thanks",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "if",
        "as",
        "re",
        "ref",
        "reference",
        "date",
        "tel",
        "telephone",
        "email",
        "e-mail",
        "mobile",
        "fax",
        "world",
        "comics",
        "software",
        "hardware",
        "games",
        "gaming",
        "monitor",
        "monitors",
        "laptop",
        "laptops",
        "pro",
        "mac",
        "windows",
        "user",
        "users",
        "version",
        "cable",
        "cables",
        "adapter",
        "power",
        "current",
        "street",
        "road",
        "lane",
        "avenue",
        "place",
        "square",
        "gardens",
        "terrace",
        "crescent",
        "house",
        "building",
        "museum",
        "hospital",
        "church",
        "cathedral",
        "bridge",
        "ward",
        "wing",
        "suite",
        "room",
        "library",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
)
#: A possessive name followed by one of these is a place named after someone ("Dr Johnson's House").
_PLACE_WORDS = frozenset(
    {
        "house",
        "museum",
        "hospital",
        "college",
        "school",
        "church",
        "chapel",
        "road",
        "street",
        "lane",
        "park",
        "gate",
        "way",
        "close",
        "building",
    }
)


def _name_words(words: list[str], following: str) -> list[str]:
    """The words of ``words`` that are the name: up to the first word that cannot be part of one.

    ``following`` is the word after the last one (for "Dr Johnson's House").
    """
    kept: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip(".").lower()
        if len(bare) == 1:
            kept.append(word)  # an initial ("Dr A. Pendleton", "Mrs J Smith")
            continue
        if bare in _NOT_NAME or bare in NOT_NAME_WORDS or bare in _OFFICES:
            break
        if word.endswith(("'s", "’s")):
            after = words[i + 1] if i + 1 < len(words) else following
            if after.strip(".,").lower() in _PLACE_WORDS:
                return []
            kept.append(word[:-2])
            break
        kept.append(word)
    while kept and len(kept[-1].rstrip(".")) == 1:
        kept.pop()  # "Dr A." with nothing after the initial is not a name
    if kept and kept[-1].endswith("."):
        kept[-1] = kept[-1][:-1]  # the full stop ending the sentence
    return kept


def _in_blocks(pos: int, blocks: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in blocks)


def _hit(start: int, value: str, title: str) -> Hit:
    return Hit(
        start,
        start + len(value),
        "titled-name",
        Severity.ERROR,
        "A person's name was found after a title (such as 'Mr', 'Dr', 'Cllr' or 'PC').",
        aliases=(f"{title} {value}",),
    )


def _titled_matches(text: str) -> Iterator[re.Match[str]]:
    """``_TITLED.finditer(text)``, tried only where a title word starts."""
    match = _TITLED.match
    done = 0
    for word in _TITLE_WORD.finditer(text):
        if word.start() >= done:
            m = match(text, word.start())
            if m is not None:
                done = m.end()
                yield m


def detect_titled(ctx: ScanContext) -> Iterator[Hit]:
    """Names after a title anywhere in the text (see the module docstring)."""
    text = ctx.text
    blocks: list[tuple[int, int]] | None = None
    for m in _titled_matches(text):
        title_words = m.group(1).replace(".", " ").split()
        if all(w in _RANK_PREFIXES for w in title_words):
            continue  # "Chief Executive", "Acting Director": no title proper
        words = m.group(3).split()
        if words[0].rstrip(".").lower() in _OFFICES:
            continue  # "Mr Justice Hartley", "Lord Chancellor", "Lady Chapel"
        if m.group(2) and title_words[-1] not in _POLICE:
            continue  # "Rev 2 Final": a number follows only a police rank
        rest = text[m.end() : m.end() + 40].split(None, 1)
        following = rest[0] if rest and m.end() < len(text) and text[m.end()] in " \t" else ""
        name = _name_words(words, following)
        if not name:
            continue
        if title_words[-1] in _AMBIGUOUS and not m.group(2) and len(name) < 2 and name[0][0].isupper() and name[0].isupper():
            continue  # "PC USB", "DS RECORDS": capitals after initials are acronyms
        if blocks is None:
            blocks = signature_blocks(text)
        if _in_blocks(m.start(), blocks):
            continue  # the signature rule's (staff names, publish_staff_names)
        value = " ".join(name)
        start = m.start(3)
        if text.startswith(value, start):
            yield _hit(start, value, m.group(1))
        else:  # words were joined by tabs or several spaces: keep the exact span
            end = start
            for word in name:
                end = text.index(word, end) + len(word)
            yield _hit(start, text[start:end], m.group(1))
    if "MR" in text or "MISS" in text or "MX" in text or "CLLR" in text or "COUNCILLOR" in text:
        for m in finditer_from(_CAPS_TITLED, _CAPS_STARTS, text, 0, len(text)):
            words = m.group(2).split()
            if any(w.lower() in NOT_NAME_WORDS or w.lower() in _OFFICES or w.lower() in _NOT_NAME for w in words):
                continue
            if blocks is None:
                blocks = signature_blocks(text)
            if _in_blocks(m.start(), blocks):
                continue
            yield _hit(m.start(2), m.group(2), m.group(1))
