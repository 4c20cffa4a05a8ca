"""The leak gate on files made by the real tools: Chromium's Print to PDF, LibreOffice Writer and Calc, ocrmypdf.

The corpora in ``tests/corpus`` are built by hand, so they prove that a rule
catches its author's own examples. These files are made by the programs
authorities actually use (``tests/realworld_cases.py`` says what each must
get); the gate has never seen them. Every file is made once per session
(one LibreOffice call per output format). A missing tool skips its cases
(in CI a skip fails: ``scripts/install-test-tools`` installs the tools).

A case where the gate is known to be wrong is a strict expected failure
whose reason says what the gate reports and why it is wrong: when someone
fixes the gate the test passes, the strict mark fails it, and the mark must
go.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from realworld_cases import ANY_HIDDEN, CASES, RealCase, build_all

from foilog.gate.attachments import Limits
from foilog.gate.leakgate import Gate, make_gate, scan_attachment
from foilog.log.findings import Category, Finding, Severity

pytestmark = pytest.mark.slow


def judge(case: RealCase, findings: list[Finding]) -> list[str]:
    """What is wrong with the gate's findings on ``case`` (empty: the verdict is right)."""
    summary = [(f.rule, f.severity.value, f.message[:200]) for f in findings]
    if case.bad:
        any_hidden = ANY_HIDDEN in case.expect
        matched = [f for f in findings if f.is_error and (f.rule in case.expect or (any_hidden and f.category is Category.HIDDEN_CONTENT))]
        if not matched:
            return [f"none of {sorted(case.expect)} reported as an error; got {summary}"]
        return [f"no finding says {where!r}; got {summary}" for where in case.where if not any(where in f.message for f in matched)]
    wrong = [
        (f.rule, f.severity.value, f.message[:200])
        for f in findings
        if (f.is_error or (f.severity is Severity.WARNING and f.category is Category.HIDDEN_CONTENT and f.rule not in case.allowed))
    ]
    return [f"a correctly made file was flagged: {wrong}"] if wrong else []


def text_of(path: Path) -> str:
    """Every character of a PDF's text layer (visible or not)."""
    pdf = pdfium.PdfDocument(path)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture(scope="session")
def realworld(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, str]]:
    """Every real-tools file, made once: (paths by case id, why a kind of tool could not run)."""
    return build_all(tmp_path_factory.mktemp("realworld"))


@pytest.fixture(scope="module")
def gate() -> Gate:
    return make_gate(None, limits=Limits(sandbox=False))


def _param(case: RealCase) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.defect)] if case.defect else []
    return pytest.param(case, id=case.id, marks=marks)


def _made(case: RealCase, realworld: tuple[dict[str, Path], dict[str, str]]) -> Path:
    files, skipped = realworld
    if case.tool in skipped:
        pytest.skip(skipped[case.tool])
    return files[case.id]


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_real_file_verdict(case: RealCase, realworld: tuple[dict[str, Path], dict[str, str]], gate: Gate) -> None:
    path = _made(case, realworld)
    if case.absent:
        assert case.absent not in text_of(path), f"{case.id}: the tool kept {case.absent!r}, so the case's premise is wrong"
    _report, findings = scan_attachment(path, path.name, gate)
    problems = judge(case, findings)
    assert not problems, f"{case.id} ({case.story}): " + "; ".join(problems)


def test_corpus_is_broad() -> None:
    bad = [c for c in CASES if c.bad]
    good = [c for c in CASES if not c.bad]
    assert len(bad) >= 20 and len(good) >= 15, (len(bad), len(good))
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_cli_json_in_the_sandbox(realworld: tuple[dict[str, Path], dict[str, str]]) -> None:
    """``foilog scan --format json`` (sandboxed workers, as CI and builds run) agrees on a sample of the files."""
    files, skipped = realworld
    sample = ["chrome-black-span.pdf", "writer-black-highlight.docx", "calc-black-rectangle.xlsx", "letter-met-redacted.pdf"]
    cases = {c.id: c for c in CASES}
    paths = [files[i] for i in sample if cases[i].tool not in skipped]
    if not paths:
        pytest.skip("; ".join(sorted(set(skipped.values()))))
    done = subprocess.run(
        [str(Path(sys.executable).with_name("foilog")), "scan", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stdout)
    assert report["files_scanned"] == len(paths), done.stderr
    by_file: dict[str, set[str]] = {}
    for f in report["findings"]:
        if f["severity"] == "error":
            by_file.setdefault(Path(f["path"]).name, set()).add(f["rule"])
    for path in paths:
        case = cases[path.name]
        if case.bad:
            assert by_file.get(path.name, set()) & case.expect, (path.name, by_file)
        else:
            assert not by_file.get(path.name), (path.name, by_file)


def test_comment_text_is_located_in_its_comment(realworld: tuple[dict[str, Path], dict[str, str]], gate: Gate) -> None:
    """Personal data in an exported comment is said to be in the comment on its page, not in the document properties."""
    case = next(c for c in CASES if c.id == "writer-comment-exported.pdf")
    path = _made(case, realworld)
    _report, findings = scan_attachment(path, path.name, gate)
    personal = [f for f in findings if f.rule in ("titled-name", "phone")]
    assert personal, [(f.rule, f.message[:120]) for f in findings]
    wrong = [f.message[:160] for f in personal if "document properties" in f.message]
    assert not wrong, wrong
