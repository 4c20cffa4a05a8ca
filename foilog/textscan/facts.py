"""The built-in and site allowlists: text that looks personal but is public.

Literal entries (the regulators' addresses and numbers from
``public_facts.yml`` plus the authority's own details from the site
configuration) drop any finding that *overlaps* them.  Generic patterns
(FOI references, statute sections, dates, money, years) only drop findings
they *contain*, because a year-shaped run of digits inside a card number
must not hide the card number.

Allowlist matching is lazy: it only runs in a small window around each
finding, so clean letters -- the vast majority -- never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import phonenumbers
import yaml

from foilog.textscan.normalise import clean, flexible_literal, normalise_key

#: How far either side of a finding generic patterns look (their matches are short).
PATTERN_WINDOW = 100


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class PatternFact:
    """A generic never-personal shape; ``exempt`` rules are not silenced by it."""

    regex: re.Pattern[str]
    reason: str
    exempt: frozenset[str]


@dataclass(frozen=True)
class AllowMatcher:
    """Answers "is this finding covered by something public?"."""

    literals: re.Pattern[str] | None
    patterns: tuple[PatternFact, ...]
    phones: frozenset[str]
    longest: int = 0
    keys: tuple[str, ...] = ()

    def suppresses(self, text: str, start: int, end: int, rule: str) -> bool:
        """Whether the finding ``text[start:end]`` of ``rule`` is allowlisted.

        Only a small window is searched: a literal that overlaps the finding
        lies within ``longest`` characters of it (plus slack for whitespace).
        """
        if self.literals is not None:
            slack = self.longest + 16
            lo, hi = max(0, start - slack), min(len(text), end + slack)
            # Cheap substring pre-check before the many-alternative regex.
            window = " ".join(text[lo:hi].casefold().split())
            if any(key in window for key in self.keys):
                for m in self.literals.finditer(text, lo, hi):
                    if m.start() < end and m.end() > start:
                        return True
        if not any(c.isdigit() for c in text[start:end]):
            return False  # every generic pattern (references, dates, money) is numeric
        lo = max(0, start - PATTERN_WINDOW)
        hi = min(len(text), end + PATTERN_WINDOW)
        for fact in self.patterns:
            if rule in fact.exempt:
                continue
            for m in fact.regex.finditer(text, lo, hi):
                if m.start() <= start and m.end() >= end:
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
    raw = resources.files("foilog.textscan").joinpath("public_facts.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    texts = tuple(str(item["text"]) for item in data.get("texts", []))
    patterns = tuple(
        PatternFact(
            re.compile(item["pattern"], re.IGNORECASE),
            str(item["reason"]),
            frozenset(item.get("except", ())),
        )
        for item in data.get("patterns", [])
    )
    return texts, patterns


def builtin_texts() -> tuple[str, ...]:
    """The literal public facts shipped with foilog (for docs and tests)."""
    return _builtin()[0]


def build_allow_matcher(extra: Iterable[_HasText]) -> AllowMatcher:
    """Combine the built-in facts with the site's own allowlist entries."""
    texts, patterns = _builtin()
    all_texts = [*texts, *(entry.text for entry in extra)]
    sources = sorted({_literal_source(t) for t in all_texts if clean(t).strip()}, key=len, reverse=True)
    literals = re.compile("|".join(sources), re.IGNORECASE) if sources else None
    phones = frozenset(p for p in (e164(t) for t in all_texts if sum(c.isdigit() for c in t) >= 7) if p)
    longest = max((len(t) for t in all_texts), default=0)
    keys = tuple(sorted({normalise_key(t) for t in all_texts if normalise_key(t)}))
    return AllowMatcher(literals, patterns, phones, longest, keys)
