"""The reference data shipped with foilog: exemptions and outcomes.

Written by us in plain English for the public (``foilog/data/*.yml``). Loaded
once per process; a broken data file is a bug in foilog, so it raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from foilog.log.schema import OUTCOME_IDS, REGIMES
from foilog.log.urls import slugify

_TRAILING_GROUP = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class Exemption:
    """One exemption or exception of one regime's catalogue."""

    regime: str
    id: str
    title: str
    kind: str
    ncnd: bool
    explanation: str
    legislation_url: str
    note: str | None = None

    @property
    def slug(self) -> str:
        """URL id: ``foia-s24``, ``eir-reg12-5-b``."""
        return f"{self.regime.lower()}-{slugify(self.id)}"

    @property
    def label(self) -> str:
        """How people cite it: ``FOIA s24``."""
        return f"{self.regime} {self.id}"


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    explanation: str
    statistics_group: str


class Catalogue:
    """Look up the exemption a cited section falls under."""

    def __init__(self, entries: list[Exemption]) -> None:
        self._by_key = {(e.regime, e.id): e for e in entries}
        self.entries = entries

    def lookup(self, regime: str, section: str) -> Exemption | None:
        """The catalogue entry for ``section``: ``s24(2)`` -> ``s24``; ``reg12(5)(b)`` as is."""
        probe = section
        while probe:
            found = self._by_key.get((regime, probe))
            if found:
                return found
            shorter = _TRAILING_GROUP.sub("", probe)
            if shorter == probe:
                return None
            probe = shorter
        return None

    def regimes_citing(self, section: str) -> list[str]:
        """Regimes whose catalogue knows ``section`` (for 'wrong regime' messages)."""
        return [r for r in REGIMES if self.lookup(r, section)]

    def by_slug(self, slug: str) -> Exemption | None:
        return next((e for e in self.entries if e.slug == slug), None)


@cache
def catalogue() -> Catalogue:
    raw = yaml.safe_load(resources.files("foilog.data").joinpath("exemptions.yml").read_text("utf-8"))
    entries = [Exemption(regime=regime, id=section, **fields) for regime in REGIMES for section, fields in (raw.get(regime) or {}).items()]
    return Catalogue(entries)


@cache
def outcomes() -> dict[str, Outcome]:
    raw = yaml.safe_load(resources.files("foilog.data").joinpath("outcomes.yml").read_text("utf-8"))
    found = {item["id"]: Outcome(**item) for item in raw}
    if tuple(found) != OUTCOME_IDS:
        raise RuntimeError(f"outcomes.yml lists {tuple(found)}, the schema {OUTCOME_IDS}")
    return found
