"""`foilog diff --max-bytes`: the Markdown summary fits in a GitHub job summary (at most 1 MiB)."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from logbuilder import LogBuilder, variant
from markdown_it import MarkdownIt
from test_diff import commit, git, repo, run

from foilog.commands.diff import as_markdown
from foilog.commands.diff import command as diff_command_module
from foilog.commands.diff.compare import MAX_DIFF_LINES, ChangeReport, Entry, FileDiff
from foilog.commands.diff.render import render
from foilog.commands.diff.shorten import DEFAULT_MAX_BYTES, MIN_DIFF_LINES
from foilog.log.findings import Category, Finding

__all__ = ["repo"]  # the fixture, shared with test_diff.py

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
RERUN = "foilog diff 0123456789ab fedcba987654 --today 2026-11-26 --max-bytes 0"


def _entry(i: int, *, diff_lines: int = 0) -> Entry:
    reference = f"NCC/FOI/26/{i:05d}"
    entry = Entry(reference, f"Response number {i} about gritting routes", f"responses/2026/ncc-foi-26-{i:05d}", f"responses/2026/{i}/")
    if diff_lines:
        lines = [f"--- a/{entry.folder}/response.md", f"+++ b/{entry.folder}/response.md", f"@@ -1,{diff_lines} +1,{diff_lines} @@"]
        lines += [f"+line {n} of the letter of response {i}, with some words to make it longer" for n in range(diff_lines - 3)]
        entry.diffs = [FileDiff(f"{entry.folder}/response.md", lines)]
        entry.fields, entry.files = ["questions"], ["response.md (modified)"]
    return entry


def _report(added: int = 0, changed: int = 0, findings: int = 0, diff_lines: int = MAX_DIFF_LINES) -> ChangeReport:
    report = ChangeReport("main (0123456789ab)", "HEAD (fedcba987654)", dt.date(2026, 11, 26))
    report.added = [_entry(i) for i in range(added)]
    report.changed = [_entry(100_000 + i, diff_lines=diff_lines) for i in range(changed)]
    report.findings = [
        Finding(
            f"responses/2026/ncc-foi-26-{i:05d}/response.md",
            line=3,
            rule="email",
            category=Category.PERSONAL_DATA,
            message="an e-mail address",
        )
        for i in range(findings)
    ]
    return report


def _bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def test_a_summary_that_fits_is_not_changed() -> None:
    report = _report(added=5, changed=3, findings=2)
    whole = as_markdown(report)
    assert as_markdown(report, DEFAULT_MAX_BYTES, RERUN) == whole
    assert as_markdown(report, _bytes(whole), RERUN) == whole
    assert "shortened" not in whole


def test_default_limit_keeps_a_huge_import_under_one_mebibyte() -> None:
    report = _report(added=12_000, changed=400, findings=300)
    whole = as_markdown(report)
    assert _bytes(whole) > 1 << 20
    markdown = render(report, "markdown", DEFAULT_MAX_BYTES, RERUN)
    assert DEFAULT_MAX_BYTES < 1 << 20 and _bytes(markdown) <= DEFAULT_MAX_BYTES
    # The counts, every finding and the tables come first; the diffs go.
    assert "**12000 added, 400 changed," in markdown
    assert markdown.count("| **error** |") == 300
    assert "### Added (12000)" in markdown and "### Changed (400)" in markdown
    assert "NCC\\/FOI\\/26\\/100399" in markdown, "the whole Changed table is kept"
    assert "```diff" not in markdown
    assert markdown.rstrip().endswith(f"run `{RERUN}` in a clone of the repository (add `--format json` for the data).**")
    closing = markdown.rstrip().splitlines()[-1]
    assert "Left out: " in closing and "rows of the Added table" in closing and "the diffs of 400 changed responses" in closing
    assert "shortened to fit: the end says what was left out" in markdown.split("### Added")[0]


def test_diffs_are_shortened_evenly_before_they_are_left_out() -> None:
    report = _report(changed=20, diff_lines=MAX_DIFF_LINES)
    whole = as_markdown(report)
    limit = _bytes(whole) * 2 // 3
    markdown = as_markdown(report, limit, RERUN)
    assert _bytes(markdown) <= limit
    assert markdown.count("```diff") == 20, "every response keeps a shortened diff"
    shown = {len(block.split("\n")) - 2 for block in re.findall(r"```diff\n.*?\n```", markdown, re.DOTALL)}
    assert len(shown) == 1 and MIN_DIFF_LINES <= shown.pop() < MAX_DIFF_LINES
    assert re.search(r"Changes to responses/2026/ncc-foi-26-100019/response.md \(\d+ more lines not shown\)", markdown)
    assert "the lines after the first" in markdown.splitlines()[-1]
    # Far less room: the first diffs keep a few lines each, the last ones are left out.
    markdown = as_markdown(report, 6000, RERUN)
    assert _bytes(markdown) <= 6000
    assert 0 < markdown.count("```diff") < 20
    assert re.search(r"the diffs of \d+ changed responses\.", markdown.splitlines()[-1])


def test_findings_are_kept_before_tables() -> None:
    report = _report(added=400, findings=20)
    markdown = as_markdown(report, 8000, RERUN)
    assert _bytes(markdown) <= 8000
    assert markdown.count("| **error** |") == 20
    assert re.search(r"\*\d[\d,]* more not shown here: this summary was shortened to fit \(see the end\)\.\*", markdown)
    kept = len(re.findall(r"^\| NCC", markdown, re.MULTILINE))
    assert 0 < kept < 400
    assert f"{400 - kept:,} of the 400 rows of the Added table" in markdown.splitlines()[-1]


def test_shortened_summary_is_still_well_formed_markdown() -> None:
    markdown = as_markdown(_report(added=300, changed=10, findings=5), 9000, RERUN)
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert html.count("<table>") == html.count("</table>") >= 2
    assert html.count("<pre>") == html.count("</pre>")
    assert html.count("<details>") == html.count("</details>")


def _add_many(builder: LogBuilder, count: int) -> None:
    for i in range(count):
        text = variant("reference: NCC/FOI/26/0042", f"reference: NCC/FOI/26/{1000 + i}")
        builder.valid(
            variant("title: Gritting routes on rural roads", f"title: Winter service report {i}", text), slug=f"ncc-foi-26-{1000 + i}"
        )


@needs_git
def test_cli_shortens_to_max_bytes_and_says_how_to_see_everything(repo: LogBuilder) -> None:
    git(repo.root, "checkout", "-q", "-b", "feature")
    letter = "Dear Requester\n\n" + "".join(f"Paragraph {n} of a long letter about the gritting of rural roads.\n\n" for n in range(400))
    repo.valid(md=letter)
    _add_many(repo, 30)
    commit(repo.root, "a long letter and many responses")
    code, whole, _ = run(repo, "main", "HEAD", "--max-bytes", "0", fmt="markdown")
    assert code == 0 and "shortened" not in whole
    code, markdown, _ = run(repo, "main", "HEAD", "--max-bytes", "4096", fmt="markdown")
    assert code == 0
    assert _bytes(markdown) <= 4096 < _bytes(whole)
    base = git(repo.root, "rev-parse", "main").strip()[:12]
    head = git(repo.root, "rev-parse", "HEAD").strip()[:12]
    assert f"run `foilog diff {base} {head} --today 2026-11-26 --max-bytes 0` in a clone of the repository" in markdown
    assert "### Added (30)" in markdown and "### Changed (1)" in markdown
    assert "**30 added, 1 changed, 0 withdrawn," in markdown


@needs_git
def test_cli_default_limit_applies_to_markdown(repo: LogBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_many(repo, 30)
    monkeypatch.setattr(diff_command_module, "DEFAULT_MAX_BYTES", 4096)
    code, markdown, _ = run(repo, fmt="markdown")
    assert code == 0 and _bytes(markdown) <= 4096 and "This summary was shortened" in markdown
    code, _, data = run(repo)
    assert code == 0 and data is not None and len(data["added"]) == 30, "JSON is never shortened"


@needs_git
def test_max_bytes_usage_errors(repo: LogBuilder) -> None:
    code, output, _ = run(repo, "--max-bytes", "100", fmt="markdown")
    assert code == 2 and "expected 0 (no limit) or at least 4096 bytes, got 100" in output
    code, output, _ = run(repo, "--max-bytes", "5000")
    assert code == 2 and "Error: --max-bytes shortens the Markdown summary only" in output
