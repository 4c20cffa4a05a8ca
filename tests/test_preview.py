"""Builds for publication refuse personal-data warnings; previews allow them and say so (issue 16, item 4).

Before, `python build_site.py`, `foilog build` and a plain `mkdocs build` (all without
--strict) published a landline number and a staff name signing a letter: the gate
only warned about them. Now a build whose output may reach the public refuses them,
naming the file and the finding; `foilog build --preview` (and `foilog serve`,
`mkdocs serve`) allows them, with a banner and noindex on every page and a marker
file the deploy workflow refuses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from logbuilder import TODAY_ARG, VALID_MD, VALID_SLUG, VALID_YML, LogBuilder, variant

from foilog.commands.cli import main
from foilog.engine.plugin import FoilogPlugin
from foilog.engine.publication import (
    BANNER_TEXT,
    PREVIEW_MARKER,
    BuildMode,
    blocking_findings,
    holds_personal_data,
    is_marked,
    mark_page,
)
from foilog.log.findings import Category, Finding, Severity

pytestmark = pytest.mark.adversarial

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / ".github" / "workflows" / "deploy.yml"
LANDLINE_MD = (
    VALID_MD + "\nIf you have questions, call 01632 960123.\n\nYours sincerely,\n\nMargaret Holloway\nInformation Governance Officer\n"
)
MD_PATH = f"responses/2026/{VALID_SLUG}/response.md"


def env() -> dict[str, str]:
    """Subprocesses import this worktree's foilog."""
    return {**os.environ, "PYTHONPATH": str(REPO)}


def leaky_log(root: Path, *, responses: int = 1) -> LogBuilder:
    """A log whose letters hold a landline number and a staff name signing them (warnings of the gate)."""
    builder = LogBuilder(root / "project")
    builder.valid(md=LANDLINE_MD)
    for n in range(2, responses + 1):
        reference = f"NCC/FOI/26/{n:04d}"
        builder.valid(variant("reference: NCC/FOI/26/0042", f"reference: {reference}"), slug=f"ncc-foi-26-{n:04d}", md=LANDLINE_MD)
    return builder


def build(builder: LogBuilder, site: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["build", "--config-file", str(builder.config), "--site-dir", str(site), "--today", TODAY_ARG, *args])


def assert_names_the_findings(output: str) -> None:
    assert "Traceback" not in output
    assert "personal-data warning(s) that a build for publication refuses; nothing was published" in output, output
    assert f"{MD_PATH}:5: A number shaped like a UK landline" in output, output
    assert "(warning: phone)" in output or "[0**** 9*****]" in output
    assert f"{MD_PATH}:9: A staff member's name was found in the signature block" in output, output
    assert "Margaret" not in output  # excerpts are masked
    assert "foilog build --preview" in output  # the way to look at it anyway


def html_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert pages
    return pages


class _FirstInBody(HTMLParser):
    """The first element in <body> and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.first: str | None = None
        self.depth = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        elif self.in_body and self.first is None:
            self.first = tag
            self.depth = 1
        elif self.first is not None and self.depth:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.first is not None and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.first is not None and self.depth:
            self.text += data


def assert_preview_page(path: Path) -> None:
    text = path.read_text("utf-8")
    assert is_marked(text), f"{path}: no preview banner or noindex"
    assert text.count('name="robots"') == 1, path
    if "<body" in text:
        parser = _FirstInBody()
        parser.feed(text)
        assert parser.first == "aside", f"{path}: the banner is not the first thing in the page"
        assert BANNER_TEXT in parser.text, path


# --- the three entry points refuse by default ------------------------------------------------------------


def test_foilog_build_refuses_personal_data_warnings_by_default(tmp_path: Path) -> None:
    builder = leaky_log(tmp_path)
    site = tmp_path / "site"
    result = build(builder, site)
    assert result.exit_code == 1, result.output
    assert_names_the_findings(result.output)
    assert not site.exists()


def test_the_refusal_lists_one_finding_per_line(tmp_path: Path) -> None:
    """foilog's own refusal is printed line by line (no literal "\\n"); each finding on a line of its own."""
    builder = leaky_log(tmp_path)
    result = build(builder, tmp_path / "site")
    lines = result.output.splitlines()
    assert "\\n" not in result.output, result.output
    refusal = next(i for i, line in enumerate(lines) if line.startswith("Error: ") and "nothing was published" in line)
    assert lines[refusal + 1].startswith(f"  {MD_PATH}:5: ") and lines[refusal + 2].startswith(f"  {MD_PATH}:9: "), lines
    assert lines[refusal + 3].startswith("Fix: "), lines


def test_build_site_py_refuses_by_default(tmp_path: Path) -> None:
    builder = leaky_log(tmp_path)
    run = subprocess.run(
        [sys.executable, str(REPO / "build_site.py"), "--today", TODAY_ARG],
        cwd=builder.root,
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert_names_the_findings(run.stderr)
    assert not (builder.root / "site").exists()


def test_plain_mkdocs_build_refuses_by_default(tmp_path: Path) -> None:
    builder = leaky_log(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(builder.config), "-d", str(tmp_path / "site")],
        cwd=builder.root,
        env={**env(), "FOILOG_TODAY": TODAY_ARG},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode != 0, run.stdout + run.stderr
    assert_names_the_findings(run.stderr)
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_personal_data_warning_in_a_hand_written_page_stops_the_build(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "project")
    builder.valid()
    (builder.root / "content" / "contact.md").write_text("# Contact\n\nRing 01632 960123 for help.\n", encoding="utf-8")
    result = build(builder, tmp_path / "site")
    assert result.exit_code == 1, result.output
    assert "the log has 1 personal-data warning(s)" in result.output, result.output
    assert "content/contact.md:3: A number shaped like a UK landline" in result.output
    assert not (tmp_path / "site").exists()


def test_a_personal_data_warning_only_the_sweep_sees_stops_the_build(tmp_path: Path) -> None:
    """A site owner's template override prints a number: only the post-build sweep of the site sees it."""
    builder = LogBuilder(tmp_path / "project")
    builder.valid()
    builder.override_template("response.html.j2", "<p>Ring 01632 960123 for help.</p>")
    result = build(builder, tmp_path / "site")
    assert result.exit_code == 1, result.output
    assert "the built site has 1 personal-data warning(s)" in result.output, result.output
    assert f"responses/2026/{VALID_SLUG}/index.html:" in result.output
    assert not (tmp_path / "site").exists()


def test_other_warnings_do_not_stop_a_build(tmp_path: Path) -> None:
    """A missing summary, no topics, no response.md: nothing about a person, so a default build publishes."""
    builder = LogBuilder(tmp_path / "project")
    text = variant("topics:\n  - road-safety\n", "topics: []\n")
    builder.valid(text, md=None)
    site = tmp_path / "site"
    result = build(builder, site)
    assert result.exit_code == 0, result.output
    assert not (site / PREVIEW_MARKER).exists()
    assert not any(BANNER_TEXT in p.read_text("utf-8") for p in html_pages(site))


def test_an_acknowledged_warning_does_not_stop_a_build(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "project")
    acks = "acknowledgements:\n  - text: 01632 960123\n    reason: The council's public switchboard.\n  - text: Margaret Holloway\n"
    acks += "    reason: The Head of Information Governance, named on the council's website.\n"
    builder.valid(VALID_YML + acks, md=LANDLINE_MD)
    result = build(builder, tmp_path / "site")
    assert result.exit_code == 0, result.output


# --- previews --------------------------------------------------------------------------------------------


def test_preview_build_marks_every_page(tmp_path: Path) -> None:
    """Four responses: the frame rendered once is confirmed on two and fills the others."""
    builder = leaky_log(tmp_path, responses=4)
    site = tmp_path / "site"
    result = build(builder, site, "--preview")
    assert result.exit_code == 0, result.output
    assert "not for publication" in result.output
    assert (site / PREVIEW_MARKER).is_file()
    pages = html_pages(site)
    rels = {p.relative_to(site).as_posix() for p in pages}
    assert {"404.html", "search/index.html", "topics/index.html", f"responses/2026/{VALID_SLUG}/index.html"} <= rels
    assert sum(r.startswith("responses/2026/") for r in rels) >= 4
    for path in pages:
        assert_preview_page(path)


def test_publish_after_preview_takes_no_preview_page(tmp_path: Path) -> None:
    """The site folder of a preview, built again for publication (the warnings fixed): no banner, no marker."""
    builder = leaky_log(tmp_path, responses=3)
    site = tmp_path / "site"
    assert build(builder, site, "--preview").exit_code == 0
    for folder in builder.responses.glob("2026/*"):
        (folder / "response.md").write_text(VALID_MD, encoding="utf-8")
    result = build(builder, site)
    assert result.exit_code == 0, result.output
    assert not (site / PREVIEW_MARKER).exists()
    for path in html_pages(site):
        text = path.read_text("utf-8")
        assert BANNER_TEXT not in text and 'name="foilog-preview"' not in text, path
    # and back: a preview after a published build marks every page, reused or not
    assert build(builder, site, "--preview").exit_code == 0
    for path in html_pages(site):
        assert_preview_page(path)


def test_serve_is_a_preview_and_build_is_not() -> None:
    plugin = FoilogPlugin()
    assert plugin.mode is BuildMode.PUBLISH
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.mode is BuildMode.PREVIEW
    for command in ("build", "gh-deploy"):
        plugin.on_startup(command=command, dirty=False)
        assert plugin.mode is BuildMode.PUBLISH


def test_preview_and_strict_together_is_a_usage_error(tmp_path: Path) -> None:
    builder = leaky_log(tmp_path)
    result = build(builder, tmp_path / "site", "--preview", "--strict")
    assert result.exit_code == 2
    assert "--preview" in result.output and "--strict" in result.output


# --- the policy ------------------------------------------------------------------------------------------


def finding(category: Category, severity: Severity, rule: str = "x", acknowledged: str | None = None) -> Finding:
    return Finding(path="p", rule=rule, category=category, severity=severity, acknowledged=acknowledged)


def test_what_is_personal_data() -> None:
    assert holds_personal_data(finding(Category.PERSONAL_DATA, Severity.WARNING, "phone"))
    assert holds_personal_data(finding(Category.HIDDEN_CONTENT, Severity.WARNING, "pdf-metadata"))
    assert not holds_personal_data(finding(Category.HIDDEN_CONTENT, Severity.WARNING, "pdf-no-text-layer"))
    assert not holds_personal_data(finding(Category.INVALID_DATA, Severity.WARNING, "invalid-data"))
    found = [
        finding(Category.PERSONAL_DATA, Severity.WARNING, "signature-name"),
        finding(Category.PERSONAL_DATA, Severity.WARNING, "phone", acknowledged="switchboard"),
        finding(Category.INVALID_DATA, Severity.WARNING),
    ]
    assert blocking_findings(found, BuildMode.PUBLISH) == found[:1]
    assert blocking_findings(found, BuildMode.PREVIEW) == []


def test_mark_page() -> None:
    page = '<!doctype html><html><head><meta charset="utf-8"></head><body dir="ltr"><p>x</p></body></html>'
    marked = mark_page(page)
    assert is_marked(marked) and marked.index(BANNER_TEXT) < marked.index("<p>x</p>")
    assert mark_page(marked) == marked  # once
    tombstone = page.replace("</head>", '<meta name="robots" content="noindex"></head>')
    assert mark_page(tombstone).count('name="robots"') == 1
    assert mark_page("<p>a fragment</p>") == "<p>a fragment</p>"


# --- the deploy workflow refuses a preview ---------------------------------------------------------------


def refusal_step() -> dict:
    data = yaml.safe_load(DEPLOY.read_text("utf-8"))
    steps = data["jobs"]["build"]["steps"]
    [index] = [i for i, s in enumerate(steps) if PREVIEW_MARKER in s.get("run", "")]
    names = [s.get("name", "") for s in steps]
    assert index < names.index("Upload the site for GitHub Pages"), "the check runs before the site is uploaded"
    assert index > next(i for i, s in enumerate(steps) if "build_site.py" in s.get("run", ""))
    return steps[index]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_deploy_workflow_refuses_a_preview_site(tmp_path: Path) -> None:
    script = refusal_step()["run"]
    plain = tmp_path / "plain"
    (plain / "site").mkdir(parents=True)
    (plain / "site" / "index.html").write_text("<html><head></head><body>ok</body></html>", encoding="utf-8")
    ok = subprocess.run(["bash", "-e", "-c", script], cwd=plain, capture_output=True, text=True, timeout=30, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    preview = tmp_path / "preview"
    (preview / "site").mkdir(parents=True)
    (preview / "site" / PREVIEW_MARKER).write_text("{}", encoding="utf-8")
    refused = subprocess.run(["bash", "-e", "-c", script], cwd=preview, capture_output=True, text=True, timeout=30, check=False)
    assert refused.returncode != 0
    assert "::error" in refused.stdout and "preview" in refused.stdout
    # a page marked as a preview without the marker file (copied in by hand) is refused too
    (preview / "site" / PREVIEW_MARKER).unlink()
    (preview / "site" / "index.html").write_text(mark_page("<html><head></head><body>x</body></html>"), encoding="utf-8")
    refused = subprocess.run(["bash", "-e", "-c", script], cwd=preview, capture_output=True, text=True, timeout=30, check=False)
    assert refused.returncode != 0


# --- serve -----------------------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "command", [["-m", "foilog.commands.cli", "serve"], ["-m", "mkdocs", "serve", "--no-livereload"]], ids=["foilog", "mkdocs"]
)
def test_serve_is_a_marked_preview(tmp_path: Path, command: list[str]) -> None:
    """`foilog serve` and `mkdocs serve` show a log with personal-data warnings, every page marked."""
    import time
    import urllib.error
    import urllib.request

    builder = leaky_log(tmp_path)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, *command, "-f", str(builder.config), "-a", f"127.0.0.1:{port}"],
        cwd=builder.root,
        env={**env(), "FOILOG_TODAY": TODAY_ARG},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        pages: dict[str, str] = {}
        deadline = time.monotonic() + 120
        for url in (f"responses/2026/{VALID_SLUG}/", "topics/", "search/", "no-such-page/"):
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{url}", timeout=5) as response:
                        pages[url] = response.read().decode("utf-8")
                    break
                except urllib.error.HTTPError as exc:
                    if exc.code == 404:
                        pages[url] = exc.read().decode("utf-8")
                        break
                    raise
                except (urllib.error.URLError, ConnectionError):
                    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                    assert time.monotonic() < deadline, "the preview server did not start"
                    time.sleep(0.5)
        for url, text in pages.items():
            assert is_marked(text), f"{url}: no preview banner or noindex"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
