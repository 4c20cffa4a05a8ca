"""The leak gate against corpora of badly and correctly redacted files (see ``tests/corpus``).

A gate that misses a black highlighter gives false confidence; a gate that
cries wolf on every signed letter teaches reviewers to acknowledge
everything. Each BAD file must be flagged by the rule named for it, saying
where; each GOOD file must pass.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import corpus
import pytest
from corpus import Case

from foilog.gate.attachments import Limits
from foilog.gate.leakgate import make_gate, scan_attachment
from foilog.log.findings import Category, Severity


def _load(attr: str) -> list[Case]:
    """Every corpus module's ``BAD`` or ``GOOD`` list (``tests/corpus/<format>.py``)."""
    cases: list[Case] = []
    for info in sorted(pkgutil.iter_modules(corpus.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            cases.extend(getattr(importlib.import_module(f"corpus.{info.name}"), attr, []))
    return cases


BAD = _load("BAD")
GOOD = _load("GOOD")


def _findings(case: Case, tmp_path: Path):
    path = case.build(tmp_path)
    gate = make_gate(None, limits=Limits(sandbox=False))
    _report, findings = scan_attachment(path, path.name, gate)
    return findings


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_bad_file_is_flagged(case: Case, tmp_path: Path) -> None:
    findings = _findings(case, tmp_path)
    matched = [f for f in findings if f.rule in case.expect and f.is_error]
    summary = [(f.rule, f.severity.value, f.message) for f in findings]
    assert matched, f"{case.name}: none of {sorted(case.expect)} reported as an error; got {summary}"
    for where in case.where:
        assert any(where in f.message for f in matched), f"{case.name}: no finding says {where!r}; got {summary}"


@pytest.mark.parametrize("case", GOOD, ids=[c.name for c in GOOD])
def test_good_file_passes(case: Case, tmp_path: Path) -> None:
    findings = _findings(case, tmp_path)
    wrong = [
        (f.rule, f.severity.value, f.message)
        for f in findings
        if f.is_error or (f.severity is Severity.WARNING and f.category is Category.HIDDEN_CONTENT and f.rule not in case.allowed)
    ]
    assert not wrong, f"{case.name}: a correctly made file was flagged: {wrong}"


def test_corpora_are_broad() -> None:
    """The issue's floor: at least 60 files that hide personal data and 25 correct look-alikes."""
    assert len(BAD) >= 60, len(BAD)
    assert len(GOOD) >= 25, len(GOOD)
    names = [c.name for c in BAD + GOOD]
    assert len(names) == len(set(names)), "case names must be unique"
