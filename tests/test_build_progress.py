"""`foilog build` says what is happening: a progress line on a terminal, and one summary line at the end (issue 18)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import TODAY_ARG, VALID_MD, LogBuilder, variant
from rich.console import Console

from foilog.commands.cli import main
from foilog.commands.terminal import ProgressLine, progress_shown, showing_progress
from foilog.engine.mkdocs_build import run_build
from foilog.workers import progress

LANDLINE_MD = VALID_MD + "\nIf you have questions, call 01632 960123.\n"


def three_kinds(root: Path) -> LogBuilder:
    """A log of one live response, one withdrawn and one embargoed (TODAY is 2026-11-26)."""
    log = LogBuilder(root / "project")
    log.valid()
    withdrawn = variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0043") + (
        "withdrawn:\n  date: 2026-10-30\n  reason: Published by mistake; the requester's own letter was attached.\n"
    )
    log.valid(withdrawn, slug="ncc-foi-26-0043")
    embargoed = variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0044") + "publish_after: 2026-12-31\n"
    log.valid(embargoed, slug="ncc-foi-26-0044")
    return log


def build(log: LogBuilder, site: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["build", "--config-file", str(log.config), "--site-dir", str(site), "--today", TODAY_ARG, *args])


def test_build_ends_with_one_summary_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    site = tmp_path / "site"
    result = build(three_kinds(tmp_path), site)
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    pattern = (
        rf"Built the site in {re.escape(str(site))}/: 1 response published, 1 withdrawn, 1 embargoed; 0 errors, 0 warnings; \d+\.\d s\."
    )
    assert re.fullmatch(pattern, line), line
    assert result.stderr == ""  # not a terminal: no progress line


def test_warnings_say_that_ci_would_refuse_them(tmp_path: Path) -> None:
    log = LogBuilder(tmp_path / "project")
    log.valid(md=LANDLINE_MD)
    result = build(log, tmp_path / "site", "--preview")
    assert result.exit_code == 0, result.output
    line = result.stdout.splitlines()[-1]
    assert line.startswith("Built a preview in ")
    # the sweep finds the number again where it is published: the response's page and its JSON document
    assert "1 response published, 0 withdrawn, 0 embargoed; 0 errors, 1 warning (2 in the built site); " in line
    assert line.endswith(" s. CI's strict build (--strict) would refuse the warnings."), line


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_is_shown_on_a_terminal_outside_ci() -> None:
    assert progress_shown(_Stream(True), {})
    assert not progress_shown(_Stream(False), {})
    assert not progress_shown(_Stream(True), {"CI": "true"})
    assert not progress_shown(_Stream(True), {"GITHUB_ACTIONS": "true"})


def test_the_progress_line_shows_counts_then_the_stage() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=200)
    with ProgressLine(console, interval=0) as line, progress.listening(line):
        progress.count("responses loaded", 12)
        progress.advance("responses scanned", total=12)
        progress.advance("responses scanned", total=12)
        progress.stage_started("scan: attachments")
        assert line.text()[2:] == "12 responses loaded · 2/12 responses scanned · scan: attachments"
    progress.stage_started("after the block")  # no listener any more: nothing drawn, nothing raised
    assert line.current == "scan: attachments"


def test_a_forked_helper_does_not_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=200)
    with ProgressLine(console, interval=0) as line, progress.listening(line):
        monkeypatch.setattr(progress.os, "getpid", lambda: -1)  # as in a process forked from the build
        progress.stage_started("in the helper")
        monkeypatch.undo()
        assert line.current == ""


def test_a_build_reports_its_stages_and_pages(tmp_path: Path) -> None:
    out = io.StringIO()
    log = three_kinds(tmp_path)
    with showing_progress(Console(file=out, force_terminal=True, width=300)):
        built = run_build(log.config, site_dir=tmp_path / "site", today=None, strict=False)
    assert built.summary is not None and (built.summary.published, built.summary.withdrawn) == (1, 1)
    drawn = out.getvalue()
    for text in ("load: read and parse response folders", "responses loaded", "scan: text and attachments", "pages written"):
        assert text in drawn, drawn
