"""Print findings for people (text), tools (JSON) and GitHub (annotations).

The JSON shape and the ``::error`` lines are contracts (guide, section 3).
Only the CLI calls these; they return strings so tests can compare them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace

from foilog.log.findings import Finding, one_line

FORMATS = ("text", "json", "github")


def summary_line(findings: Sequence[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    acknowledged = sum(f.acknowledged is not None for f in findings)
    warnings = sum(f.blocks_strict and not f.is_error for f in findings)
    advice = sum(f.advisory and f.acknowledged is None for f in findings)
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    if acknowledged:
        parts.append(f"{acknowledged} acknowledged")
    if advice:
        parts.append(f"{advice} accessibility advisor{'ies' if advice != 1 else 'y'}")
    return ", ".join(parts)


#: Where a finding's message may be cut into what was found and the advice after it: a sentence's or clause's end.
_ADVICE_START = re.compile(r"(?<=[.;]) (?=\S)")
#: Shorter shared endings are part of the message, not advice worth a line of its own.
_MIN_ADVICE = 20


def _tails(message: str) -> list[str]:
    """The endings of ``message`` that start a sentence or clause and leave it something of its own, longest first."""
    return [message[m.end() :] for m in _ADVICE_START.finditer(message) if _MIN_ADVICE <= len(message) - m.end() < len(message) - 2]


def shared_advice(findings: Sequence[Finding]) -> list[str | None]:
    """For each finding, the advice its message ends with when another finding's ends the same way (else None).

    Why: a list of twelve e-mail addresses repeated the same three-clause fix twelve
    times, and the places (what an editor scans the list for) drowned in it. The advice is
    the longest ending, starting a sentence or clause (after ``. `` or ``; ``), that two
    findings or more share; it is printed once after the list.
    """
    counts: dict[str, int] = {}
    for f in findings:
        for tail in set(_tails(f.message)):
            counts[tail] = counts.get(tail, 0) + 1
    return [next((t for t in _tails(f.message) if counts[t] > 1), None) for f in findings]


def _text_line(f: Finding, advice: str | None) -> str:
    if advice:
        f = replace(f, message=f.message[: -len(advice)].rstrip().rstrip(";"))
    label = "advice" if f.advisory else f.severity.value  # advice never fails a build: not labelled a warning
    return f"{f.as_text()} ({label}: {f.rule})" if f.rule != "invalid-data" else f"{f.as_text()} ({label})"


def _advice_lines(findings: Sequence[Finding], advice: list[str | None]) -> list[str]:
    """``How to fix`` and one line per piece of advice, naming the rules it is for (in order of first use)."""
    rules: dict[str, list[str]] = {}
    for f, text in zip(findings, advice, strict=True):
        if text is not None and f.rule not in rules.setdefault(text, []):
            rules[text].append(f.rule)
    if not rules:
        return []
    return ["How to fix:", *(one_line(f"  {', '.join(names)}: {text}") for text, names in rules.items())]


def as_text(findings: Sequence[Finding], files_scanned: int | None = None) -> str:
    """One line a finding (``path:line: field: message``), the advice once per rule after them, then a summary."""
    advice = shared_advice(findings)
    lines = [_text_line(f, text) for f, text in zip(findings, advice, strict=True)]
    lines.extend(_advice_lines(findings, advice))
    lines.append(closing_line(findings, files_scanned))
    return "\n".join(lines) + "\n"


def closing_line(findings: Sequence[Finding], files_scanned: int | None) -> str:
    """``12 files checked: 0 errors, 1 warning``."""
    if files_scanned is None:
        return summary_line(findings)
    return f"{files_scanned} file{'s' * (files_scanned != 1)} checked: {summary_line(findings)}"


#: What ``json.dumps(ensure_ascii=False)`` leaves raw but a log must not show raw: DEL, C1
#: controls (NEL ends a line for some readers), line separators, bidi controls, BOM.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")


def as_json(findings: Sequence[Finding], files_scanned: int) -> str:
    """The JSON contract; values keep their exact text (a tool parsing it gets what is in the file).

    JSON already escapes C0 controls (newlines among them); the other unsafe characters are
    written as ``\\uXXXX`` escapes too, which parse back to the same strings.
    """
    text = json.dumps({"files_scanned": files_scanned, "findings": [f.as_json() for f in findings]}, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message, after every other control character is written out.

    The runner turns ``%0A`` back into a newline inside the annotation, where it cannot start a
    command; a raw newline would end the command and let the rest of the value start one.
    """
    return one_line(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: findings appear on the pull request diff."""
    out = []
    for f in findings:
        level = "error" if f.is_error else "warning" if f.blocks_strict else "notice"
        props = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f.rule)}")
        message = (f"{f.field}: " if f.field else "") + f.message
        if f.page is not None:
            message = f"page {f.page}: {message}"
        if f.excerpt:
            message += f" [{f.excerpt}]"
        if f.acknowledged:
            message += f" (acknowledged: {f.acknowledged})"
        out.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")


def render(findings: Sequence[Finding], fmt: str, files_scanned: int) -> str:
    if fmt == "json":
        return as_json(findings, files_scanned)
    if fmt == "github":
        return as_github(findings) + closing_line(findings, files_scanned) + "\n"
    return as_text(findings, files_scanned)
