"""Findings in text: the advice printed once after the list, not on every line (JSON and GitHub keep their shape)."""

from __future__ import annotations

import json

from foilog.commands.report import as_github, as_json, as_text
from foilog.log.findings import Category, Finding, Severity

FIX = "Redact it before publishing; if it must stay, acknowledge it in response.yml under `acknowledgements:`."


def _pd(line: int, rule: str, what: str, excerpt: str) -> Finding:
    return Finding(
        "responses/r/response.md",
        line=line,
        rule=rule,
        category=Category.PERSONAL_DATA,
        severity=Severity.ERROR,
        message=f"{what}. {FIX}",
        excerpt=excerpt,
    )


def test_shared_advice_is_printed_once_after_the_list() -> None:
    findings = [
        _pd(3, "email", "A person's e-mail address was found", "j***@gmail.com"),
        _pd(7, "email", "A person's e-mail address was found", "b***@gmail.com"),
        _pd(9, "phone", "A UK mobile telephone number was found", "0**** 9*****"),
    ]
    out = as_text(findings, 1)
    assert out.count("Redact it before publishing") == 1
    lines = out.splitlines()
    assert lines[0] == "responses/r/response.md:3: A person's e-mail address was found. [j***@gmail.com] (error: email)"
    assert lines[2] == "responses/r/response.md:9: A UK mobile telephone number was found. [0**** 9*****] (error: phone)"
    assert lines[3:5] == ["How to fix:", f"  email, phone: {FIX}"]
    assert lines[-1] == "1 file checked: 3 errors, 0 warnings"


def test_a_single_finding_keeps_its_advice_on_its_line() -> None:
    out = as_text([_pd(3, "email", "A person's e-mail address was found", "j***@gmail.com")], 1)
    assert "How to fix" not in out
    assert f"was found. {FIX} [j***@gmail.com]" in out


def test_messages_that_share_no_advice_are_left_whole() -> None:
    findings = [
        Finding("a/response.yml", line=2, field="title", message="missing; add a title of the response"),
        Finding("b/response.yml", line=4, field="date", message="'2026-10-8' is not a date; write '2026-10-08'"),
    ]
    out = as_text(findings, 2)
    assert "How to fix" not in out
    assert "a/response.yml:2: title: missing; add a title of the response (error)" in out


def test_json_and_github_still_carry_the_whole_message() -> None:
    findings = [_pd(3, "email", "A person's e-mail address was found", "j***@gmail.com")] * 2
    assert all(f["message"].endswith(FIX) for f in json.loads(as_json(findings, 1))["findings"])
    assert as_github(findings).count("Redact it before publishing") == 2
