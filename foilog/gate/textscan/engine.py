"""The scan engine: normalise, detect, allowlist, de-duplicate, acknowledge, report.

Everything a detector finds passes through :func:`scan_text`, which is the
only place ``Finding`` objects are built, so the rules that protect the
published site hold for every detector: excerpts are always masked, line
numbers always refer to the original text, allowlisted public facts never
block publication, and overlapping detectors produce one finding.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from foilog.gate.textscan import (
    detect_contact,
    detect_labels,
    detect_names,
    detect_numbers,
    detect_phones,
    detect_places,
    detect_titles,
    obfuscation,
)
from foilog.gate.textscan.base import Hit, ScanContext
from foilog.gate.textscan.config import DEFAULT_CONFIG, CompiledConfig, TextScanConfig, compile_config
from foilog.gate.textscan.normalise import NormalisedText, normalise, normalise_key
from foilog.gate.textscan.rules import specificity
from foilog.log.findings import Category, Finding, mask

Detector = Callable[[ScanContext], Iterable[Hit]]

#: Built-in detectors in the order they run (order does not affect results).
DETECTORS: tuple[tuple[str, Detector], ...] = (
    ("email", detect_contact.detect_email),
    ("email", obfuscation.detect_obfuscated_email),
    ("phone", detect_phones.detect_phone),
    ("ip-address", detect_contact.detect_ip),
    ("ni-number", detect_numbers.detect_ni),
    ("ni-number", obfuscation.detect_lower_ni),
    ("nhs-number", detect_numbers.detect_nhs),
    ("payment-card", detect_numbers.detect_card),
    ("bank-account", detect_numbers.detect_bank),
    ("passport", detect_numbers.detect_passport),
    ("driving-licence", detect_numbers.detect_licence),
    ("postcode-address", detect_places.detect_address),
    ("vehicle-registration", detect_places.detect_vehicle),
    ("date-of-birth", detect_places.detect_dob),
    ("salutation-name", detect_names.detect_salutation),
    ("signature-name", detect_names.detect_signature),
    ("labelled-name", detect_labels.detect_labelled),
    ("titled-name", detect_titles.detect_titled),
    ("deny-list", detect_names.detect_deny_list),
)

_FIX = (
    " Redact it before publishing; if it must stay, acknowledge it in response.yml under "
    "`acknowledgements:` with the exact text and a reason; if it is the authority's own public "
    "detail, add it to the allowlist in the site configuration."
)
_EXTRA_FIX = {
    "signature-name": " If the authority publishes staff names, set publish_staff_names in the site configuration.",
    "deny-list": " The deny list names people who must never appear in published responses.",
}
_SPACES = re.compile(r"\s+")
#: Detectors re-run with Markdown's soft line breaks joined (``07911\n123456``).
_NUMBER_RULES = ("phone", "ni-number", "nhs-number", "payment-card", "bank-account")
#: A single line break between two number characters, not a blank line.
_SOFT_BREAK = re.compile(r"(?<=[\d)])[ \t]*\n(?=[ \t]*[\d(+])")


def _resolve(config: TextScanConfig | CompiledConfig) -> CompiledConfig:
    return config if isinstance(config, CompiledConfig) else compile_config(config)


def _select(hits: list[Hit]) -> list[Hit]:
    """One hit per span: the most specific (then longest) wins any overlap.

    Hits are first split into clusters of mutually overlapping spans (one
    sort); only within a cluster can one hit displace another, so the ranked
    choice runs per cluster: a CSV export with tens of thousands of numbers
    costs n log n, not n².
    """
    if len(hits) < 2:
        return hits
    by_start = sorted(hits, key=lambda h: (h.start, h.end))
    kept: list[Hit] = []
    cluster: list[Hit] = []
    reach = -1
    for hit in by_start:
        if cluster and hit.start >= reach:
            kept += _select_cluster(cluster)
            cluster = []
        cluster.append(hit)
        reach = max(reach, hit.end) if len(cluster) > 1 else hit.end
    kept += _select_cluster(cluster)
    kept.sort(key=lambda h: (h.start, h.rule))
    return kept


def _select_cluster(hits: list[Hit]) -> list[Hit]:
    """The ranked choice among hits that overlap one another (directly or through others)."""
    if len(hits) == 1:
        return hits
    ranked = sorted(hits, key=lambda h: (-specificity(h.rule), -(h.end - h.start), h.start))
    kept: list[Hit] = []
    for hit in ranked:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return kept


class RawFinding(NamedTuple):
    """A finding before acknowledgements, with the text an acknowledgement must match to accept it.

    ``spellings`` are the comparison keys (:func:`normalise_key`) of the
    flagged text and of its aliases, in the order they are tried. They are
    kept beside the :class:`Finding` (whose excerpt is masked, so cannot be
    matched) so that a cache can store findings once and apply a response's
    acknowledgements afresh on every run: acknowledgements change without
    the text changing.
    """

    finding: Finding
    spellings: tuple[str, ...] = ()


def scan_text_raw(
    text: str,
    *,
    path: str,
    config: TextScanConfig | CompiledConfig = DEFAULT_CONFIG,
    page: int | None = None,
    line_offset: int = 0,
    soft_breaks: bool = False,
) -> list[RawFinding]:
    """:func:`scan_text` without acknowledgements: every finding has ``acknowledged=None``."""
    norm, kept = _hits(text, _resolve(config), soft_breaks)
    found: list[RawFinding] = []
    lines = norm.lines_of([hit.start for hit in kept])
    for hit, line in zip(kept, lines, strict=True):
        value = norm.text[hit.start : hit.end]
        finding = Finding(
            path=path,
            line=line + line_offset,
            page=page,
            rule=hit.rule,
            category=Category.PERSONAL_DATA,
            severity=hit.severity,
            message=hit.what + _FIX + _EXTRA_FIX.get(hit.rule, ""),
            excerpt=mask(_SPACES.sub(" ", value)),
        )
        found.append(RawFinding(finding, tuple(normalise_key(candidate) for candidate in (value, *hit.aliases))))
    found.sort(key=lambda r: r.finding.line or 0)  # stable: keeps left-to-right order in a line
    return found


def _hits(text: str, compiled: CompiledConfig, soft_breaks: bool) -> tuple[NormalisedText, list[Hit]]:
    """Every detector's hits in ``text`` that the allowlist does not suppress, one per span (see :func:`_select`).

    The one detection pass behind findings (:func:`scan_text_raw`) and masking (:func:`mask_text`),
    so that what is masked is exactly what is found.
    """
    norm = normalise(text)
    ctx = ScanContext(norm.text, compiled)
    hits: list[Hit] = []
    for rule, detector in DETECTORS:
        if compiled.enabled(rule):
            hits.extend(detector(ctx))
    if compiled.custom:
        hits.extend(detect_names.detect_custom(ctx))
    if soft_breaks and "\n" in norm.text:
        # One newline becomes one space: offsets, and so line numbers, are unchanged.
        joined = _SOFT_BREAK.sub(lambda m: m.group().replace("\n", " "), norm.text)
        if joined != norm.text:
            joined_ctx = ScanContext(joined, compiled)
            for rule, detector in DETECTORS:
                if rule in _NUMBER_RULES and compiled.enabled(rule):
                    hits.extend(detector(joined_ctx))
    if not hits:
        return norm, []
    allow = compiled.allow
    return norm, _select([h for h in hits if not allow.suppresses(norm.text, h.start, h.end, h.rule)])


def _mask_value(value: str) -> str:
    """``value`` masked as a finding's excerpt is (:func:`foilog.log.findings.mask`), with as many line breaks.

    A hit can run over lines (an address, a number wrapped by a soft line break); a
    diff printed from the masked text must keep its lines where they were.
    """
    masked = mask(value)
    breaks = value.count("\n")
    if masked.count("\n") != breaks:  # an e-mail address masked whole: its local part held a line break
        masked = masked.replace("\n", " ") + "\n" * breaks
    return masked


def mask_text(text: str, *, config: TextScanConfig | CompiledConfig = DEFAULT_CONFIG, soft_breaks: bool = True) -> str:
    """``text`` with every span a detector finds masked in place as findings' excerpts are; the rest unchanged.

    For output that repeats data verbatim (``foilog diff``'s summary): what the gate
    would report is shown only as ``J*** S****``, wherever it stands, acknowledged or
    not (a finding's excerpt is masked even when a reviewer accepted it); what the
    allowlist suppresses is no finding, so it is shown. Line breaks stay where they
    were. ``soft_breaks`` as in :func:`scan_text` (on by default: data is Markdown).
    """
    norm, kept = _hits(text, _resolve(config), soft_breaks)
    if not kept:
        return text
    out: list[str] = []
    done = 0
    for start, end in sorted(norm.original_span(hit.start, hit.end) for hit in kept):
        start = max(start, done)
        if end <= start:
            continue
        out += [text[done:start], _mask_value(text[start:end])]
        done = end
    out.append(text[done:])
    return "".join(out)


def acknowledge(found: Iterable[RawFinding], acknowledgements: Sequence[tuple[str, str]]) -> list[Finding]:
    """The findings, each with ``acknowledged`` set to the reason of the first of its spellings a response accepts."""
    accepted = {normalise_key(t): reason for t, reason in acknowledgements}
    if not accepted:
        return [r.finding for r in found]
    findings: list[Finding] = []
    for finding, spellings in found:
        reason = None
        for spelling in spellings:
            reason = accepted.get(spelling)
            if reason is not None:
                break
        findings.append(finding if reason is None else dataclasses.replace(finding, acknowledged=reason))
    return findings


def scan_text(
    text: str,
    *,
    path: str,
    config: TextScanConfig | CompiledConfig = DEFAULT_CONFIG,
    page: int | None = None,
    line_offset: int = 0,
    acknowledgements: Sequence[tuple[str, str]] = (),
    soft_breaks: bool = False,
) -> list[Finding]:
    """Find personal data in ``text``; return findings sorted by line.

    ``path`` is reported as-is; ``page`` (1-based) is copied into findings for
    paged documents; ``line_offset`` is added to every line number when the
    caller scans part of a file.  ``acknowledgements`` are ``(exact text,
    reason)`` pairs from the response: a finding whose text matches one
    (after normalisation) is kept, with ``acknowledged`` set to the reason.
    ``soft_breaks`` (Markdown, where a single newline is a space): the number
    detectors also see each line break between two number characters as a
    space, so a number wrapped across two lines is found (at its first line).
    """
    found = scan_text_raw(text, path=path, config=config, page=page, line_offset=line_offset, soft_breaks=soft_breaks)
    return acknowledge(found, acknowledgements) if found else []
