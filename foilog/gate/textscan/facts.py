"""The built-in and site allowlists: text that looks personal but is public.

Literal entries (the regulators' addresses and numbers from
``public_facts.yml`` plus the authority's own details from the site
configuration) drop a finding that lies *within* one of them: "Water Lane"
(part of the ICO's address) must not hide "14 Water Lane, Leeds LS11 5BU".
The one exception is a literal that is a postcode alone, which drops any
address finding that ends in it (the authority's own street).  Generic patterns
(FOI references, statute sections, dates, money, years) only drop findings
they *contain*, because a year-shaped run of digits inside a card number
must not hide the card number.

Allowlist matching is lazy: it only runs in a small window around each
finding, so clean letters -- the vast majority -- never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import phonenumbers
import yaml

from foilog.gate.textscan.normalise import clean, flexible_literal, normalise_key
from foilog.gate.textscan.regexes import most_digits, start_finder, widest

#: How far either side of a finding generic patterns look (their matches are short).
PATTERN_WINDOW = 100
#: A literal allowlist entry that is a UK postcode and nothing else.
_POSTCODE_ONLY = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\Z", re.IGNORECASE)


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class PatternFact:
    """A generic never-personal shape; ``exempt`` rules are not silenced by it.

    ``starts`` (built by :func:`start_finder`) finds the offsets where a match
    of ``regex`` can begin; ``None`` when that could not be worked out.
    """

    regex: re.Pattern[str]
    reason: str
    exempt: frozenset[str]
    starts: re.Pattern[str] | None = None
    #: The longest text a match can span (a date: 10 characters): a longer finding is never inside one.
    widest: int = 1 << 30
    #: The most digits a match can hold (a date: 8): a finding with more is never inside one.
    digits: int = 1 << 30
    #: Lower-case texts one of which every match contains ("foi", "eir" ...): a window without any holds no match.
    needs: tuple[str, ...] = ()

    def contains(self, text: str, lo: int, hi: int, start: int, end: int) -> bool:
        """Whether a match of ``regex.finditer(text, lo, hi)`` contains ``[start, end)``.

        With ``starts`` the regex is only tried at offsets up to ``start`` where a
        match can begin (resuming after each match, exactly as ``finditer``
        does): the lookbehind-led patterns would otherwise be tried at every
        character of the window.
        """
        if end - start > self.widest:
            return False
        if self.starts is None:
            return any(m.start() <= start and m.end() >= end for m in self.regex.finditer(text, lo, hi))
        search, match = self.starts.search, self.regex.match
        limit = start + 1
        pos = lo
        while True:
            candidate = search(text, pos, limit)
            if candidate is None:
                return False
            at = candidate.start()
            m = match(text, at, hi)
            if m is None:
                pos = at + 1
            elif m.end() >= end:
                return True
            else:
                pos = m.end()  # never empty: start_finder refuses patterns that can match ""


@dataclass(frozen=True)
class AllowMatcher:
    """Answers "is this finding covered by something public?"."""

    literals: re.Pattern[str] | None
    patterns: tuple[PatternFact, ...]
    phones: frozenset[str]
    longest: int = 0
    keys: tuple[str, ...] = ()
    #: ``(regex source, keys of the texts it came from, ASCII only)`` for each
    #: alternative of ``literals``, in the same order.
    sources: tuple[tuple[str, frozenset[str], bool], ...] = ()
    _subsets: dict[frozenset[str], re.Pattern[str]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def _literals_for(self, present: frozenset[str]) -> re.Pattern[str]:
        """``literals`` without the alternatives that cannot match an ASCII window.

        In ASCII text an ASCII literal matches only where its key appears in the
        case-folded, space-collapsed window, so the alternatives whose keys are
        absent never match there; dropping them changes no match (alternatives
        are tried in order at each offset) but makes the regex far cheaper.
        Literals with other characters are always kept (``ı`` matches ``i``).
        """
        regex = self._subsets.get(present)
        if regex is None:
            kept = [source for source, keys, ascii in self.sources if not ascii or not keys.isdisjoint(present)]
            regex = re.compile("|".join(kept), re.IGNORECASE) if kept and len(kept) < len(self.sources) else self.literals
            assert regex is not None
            if len(self._subsets) < 1024:
                self._subsets[present] = regex
        return regex

    def suppresses(self, text: str, start: int, end: int, rule: str) -> bool:
        """Whether the finding ``text[start:end]`` of ``rule`` is allowlisted.

        A literal must contain the whole finding (a postcode literal need only
        overlap it).  Only a small window is searched: such a literal lies
        within ``longest`` characters of the finding (plus slack for whitespace).
        """
        if self.literals is not None:
            slack = self.longest + 16
            lo, hi = max(0, start - slack), min(len(text), end + slack)
            # Cheap substring pre-check before the many-alternative regex.
            raw = text[lo:hi]
            window = " ".join(raw.casefold().split())
            present = [key for key in self.keys if key in window]
            if present:
                regex = self._literals_for(frozenset(present)) if raw.isascii() and self.sources else self.literals
                for m in regex.finditer(text, lo, hi):
                    if m.start() <= start and m.end() >= end:
                        return True
                    # A postcode alone covers any address ending in it: it is the
                    # authority's own street ("1 Market Street, Borchester, BC1 1AA").
                    if m.start() < end and m.end() > start and _POSTCODE_ONLY.match(m.group()):
                        return True
        digits = sum(c.isdigit() for c in text[start:end])
        if not digits:
            return False  # every generic pattern (references, dates, money) is numeric
        lo = max(0, start - PATTERN_WINDOW)
        hi = min(len(text), end + PATTERN_WINDOW)
        lower = text[lo:hi].lower()
        for fact in self.patterns:
            if rule in fact.exempt or digits > fact.digits or end - start > fact.widest:
                continue
            if fact.needs and not any(n in lower for n in fact.needs):
                continue
            # A match containing the finding starts and ends within ``widest`` of it.
            if fact.contains(text, max(lo, end - fact.widest), min(hi, start + fact.widest), start, end):
                return True
        return False


def e164(value: str) -> str | None:
    """The E.164 form of ``value`` if it is a valid telephone number (UK default)."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _literal_source(text: str) -> str:
    body = flexible_literal(text)
    # Boundaries that stop "ico.org.uk" covering "jane@ico.org.uk" or "x.ico.org.uk".
    return r"(?<![\w@.+-])" + body + r"(?![\w@-]|\.\w)"


@lru_cache(maxsize=1)
def _builtin() -> tuple[tuple[str, ...], tuple[PatternFact, ...]]:
    """Load ``public_facts.yml`` once per process."""
    raw = resources.files("foilog.gate.textscan").joinpath("public_facts.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    texts = tuple(str(item["text"]) for item in data.get("texts", []))
    patterns = []
    for item in data.get("patterns", []):
        regex = re.compile(item["pattern"], re.IGNORECASE)
        exempt = frozenset(item.get("except", ()))
        needs = tuple(str(n).lower() for n in item.get("needs", ()))
        patterns.append(PatternFact(regex, str(item["reason"]), exempt, start_finder(regex), widest(regex), most_digits(regex), needs))
    return texts, tuple(patterns)


def builtin_texts() -> tuple[str, ...]:
    """The literal public facts shipped with foilog (for docs and tests)."""
    return _builtin()[0]


def build_allow_matcher(extra: Iterable[_HasText]) -> AllowMatcher:
    """Combine the built-in facts with the site's own allowlist entries."""
    texts, patterns = _builtin()
    all_texts = [*texts, *(entry.text for entry in extra)]
    source_keys: dict[str, set[str]] = {}
    for t in all_texts:
        if clean(t).strip():
            source_keys.setdefault(_literal_source(t), set()).add(normalise_key(t))
    sources = sorted(source_keys, key=len, reverse=True)
    literals = re.compile("|".join(sources), re.IGNORECASE) if sources else None
    phones = frozenset(p for p in (e164(t) for t in all_texts if sum(c.isdigit() for c in t) >= 7) if p)
    longest = max((len(t) for t in all_texts), default=0)
    keys = tuple(sorted({normalise_key(t) for t in all_texts if normalise_key(t)}))
    described = tuple((s, frozenset(source_keys[s]), s.isascii()) for s in sources)
    return AllowMatcher(literals, patterns, phones, longest, keys, described)
