"""Scan configuration: what the site allows, denies and adds, compiled once.

``TextScanConfig`` is what the site configuration layer builds (plain data,
frozen so it can be shared and cached).  ``compile_config`` turns it into a
``CompiledConfig`` whose regular expressions are compiled exactly once per
configuration -- scanning 10,000 responses must not recompile anything -- and
which fails early, naming the offending rule, when a custom regex is invalid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from foilog.gate.textscan.denylist import DenyMatcher
from foilog.gate.textscan.facts import AllowMatcher, build_allow_matcher
from foilog.gate.textscan.normalise import normalise_key
from foilog.gate.textscan.rules import CUSTOM_PREFIX, RULES
from foilog.log.findings import Severity

_RULE_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")


@dataclass(frozen=True)
class AllowEntry:
    """One of the authority's own public details (address, switchboard, FOI inbox)."""

    text: str
    reason: str


@dataclass(frozen=True)
class CustomRule:
    """A site-specific pattern (e.g. the authority's case-number format for people)."""

    id: str
    pattern: str
    reason: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class TextScanConfig:
    """Everything that changes how text is scanned; defaults are the strict choice."""

    publish_staff_names: bool = False
    allowlist: tuple[AllowEntry, ...] = ()
    custom_rules: tuple[CustomRule, ...] = ()
    deny_list: tuple[str, ...] = ()
    disabled_rules: frozenset[str] = frozenset()


#: The strict default configuration (a singleton so it can be a default argument).
DEFAULT_CONFIG = TextScanConfig()


@dataclass(frozen=True)
class CompiledCustomRule:
    """A custom rule with its regex compiled and its reported rule id."""

    rule: str
    regex: re.Pattern[str]
    reason: str
    severity: Severity


@dataclass(frozen=True)
class CompiledConfig:
    """A ``TextScanConfig`` ready for scanning (build with :func:`compile_config`)."""

    config: TextScanConfig
    allow: AllowMatcher
    custom: tuple[CompiledCustomRule, ...] = ()
    deny: DenyMatcher | None = None
    disabled: frozenset[str] = field(default_factory=frozenset)

    def enabled(self, rule: str) -> bool:
        """Whether ``rule`` should run (custom rules can be disabled by full id or bare id)."""
        return rule not in self.disabled


def _compile_custom(rules: Iterable[CustomRule]) -> tuple[CompiledCustomRule, ...]:
    compiled: list[CompiledCustomRule] = []
    seen: set[str] = set()
    for rule in rules:
        if not _RULE_ID.match(rule.id):
            raise ValueError(f"custom rule {rule.id!r}: the id must be lower-case letters, digits, '-', '_' or '.'")
        if rule.id in seen:
            raise ValueError(f"custom rule {rule.id!r} is defined twice")
        seen.add(rule.id)
        try:
            regex = re.compile(rule.pattern)
        except re.error as exc:
            raise ValueError(f"custom rule {rule.id!r}: invalid regular expression {rule.pattern!r}: {exc}") from exc
        if regex.match(""):
            raise ValueError(f"custom rule {rule.id!r}: the pattern {rule.pattern!r} matches empty text; it would flag every line")
        if not isinstance(rule.severity, Severity):
            raise ValueError(f"custom rule {rule.id!r}: severity must be error or warning")
        compiled.append(CompiledCustomRule(CUSTOM_PREFIX + rule.id, regex, rule.reason, rule.severity))
    return tuple(compiled)


def _compile_deny(entries: Iterable[str]) -> DenyMatcher | None:
    """The deny list's automaton, built once per configuration (``None`` when the list is empty)."""
    matcher = DenyMatcher(entries)
    return matcher if matcher.size else None


def _check_disabled(disabled: frozenset[str], custom: tuple[CompiledCustomRule, ...]) -> frozenset[str]:
    custom_ids = {c.rule for c in custom}
    result: set[str] = set()
    for rule in disabled:
        if rule in RULES or rule in custom_ids:
            result.add(rule)
        elif CUSTOM_PREFIX + rule in custom_ids:
            result.add(CUSTOM_PREFIX + rule)
        else:
            known = ", ".join(sorted(RULES))
            raise ValueError(f"disabled_rules: unknown rule {rule!r}; known rules are {known}")
    return frozenset(result)


@lru_cache(maxsize=32)
def compile_config(config: TextScanConfig = DEFAULT_CONFIG) -> CompiledConfig:
    """Validate and compile ``config`` (cached: the same config compiles once).

    Raises ``ValueError`` naming the rule when a custom regex is invalid, a
    rule id is malformed or duplicated, or ``disabled_rules`` names no rule.
    """
    custom = _compile_custom(config.custom_rules)
    for entry in config.allowlist:
        if not normalise_key(entry.text):
            raise ValueError(f"allowlist: empty entry (reason {entry.reason!r})")
    return CompiledConfig(
        config=config,
        allow=build_allow_matcher(config.allowlist),
        custom=custom,
        deny=_compile_deny(config.deny_list),
        disabled=_check_disabled(config.disabled_rules, custom),
    )


def load_deny_list(path: Path) -> tuple[str, ...]:
    """Read a deny list: one name or phrase per line, ``#`` comments, blanks ignored.

    The file is UTF-8 (a byte-order mark is tolerated).  Problems raise a
    ``ValueError`` that names the file and line, because a deny list that
    silently fails to load would let a requester's name through the gate.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the deny list: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"{path}:{bad_line}: the deny list is not valid UTF-8 (byte offset {exc.start}); save it as UTF-8") from exc
    entries: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        entry = re.split(r"\s#", line, maxsplit=1)[0].strip()
        if not entry or entry.startswith("#"):
            continue
        key = normalise_key(entry)
        if len(key.replace(" ", "")) < 2:
            raise ValueError(f"{path}:{number}: deny-list entry {entry!r} is too short to match safely")
        if key not in seen:
            seen.add(key)
            entries.append(entry)
    return tuple(entries)
