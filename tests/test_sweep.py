"""The post-build sweep: a leak that appears only in a derived output is still a leak."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_YML, LogBuilder
from sitetools import MATERIAL, build

import foilog
from foilog.leakgate import make_gate
from foilog.mkdocs_build import BuildFailed
from foilog.sweep import SWEEP_CHUNK, SiteSweeper, sweep_site

LEAK = "jane.example.smith@gmail.com"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    return build(builder.config, tmp_path / "site")


def test_built_site_is_clean(site: Path) -> None:
    assert [f for f in sweep_site(site, make_gate(None)).findings if f.is_error] == []


def test_large_export_is_swept_in_chunks_with_right_lines(site: Path) -> None:
    big = site / "data" / "big.csv"
    rows = ["reference,answer\n"] + [f"FOI/{i:06d},Nothing to see in row {i}\n" for i in range(150_000)]
    rows[120_000] = f"FOI/LEAK,Contact {LEAK} for details\n"
    big.write_text("".join(rows), encoding="utf-8")
    assert big.stat().st_size > 2 * SWEEP_CHUNK
    found = [f for f in sweep_site(site, make_gate(None)).findings if f.path == "site/data/big.csv"]
    assert [(f.rule, f.line) for f in found] == [("email", 120_001)]


def test_leak_in_a_page_article_is_found(site: Path) -> None:
    page = site / "responses" / "2026" / "ncc-foi-26-0042" / "index.html"
    html = page.read_text("utf-8").replace("</article>", f"<p>Write to {LEAK}</p></article>", 1)
    page.write_text(html, encoding="utf-8")
    found = [f for f in sweep_site(site, make_gate(None)).findings if f.rule == "email"]
    assert [f.path for f in found] == ["site/responses/2026/ncc-foi-26-0042/index.html"]
    assert html.splitlines()[found[0].line - 1].count("Write to") == 1


def test_leak_in_the_theme_frame_fails_the_build(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + f"copyright: Site run by {LEAK}\n")
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    assert "the built site contains" in str(failed.value) and "nothing was published" in str(failed.value)
    assert not (tmp_path / "site").exists()


def test_leak_in_an_overridden_template_fails_the_build_on_that_page(tmp_path: Path) -> None:
    """A leak only in a site owner's template override reaches the response page's article, not any source."""
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    template = (Path(foilog.__file__).parent / "templates" / "response.html.j2").read_text("utf-8")
    override = builder.root / "overrides" / "foilog" / "response.html.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(template + f"\n<p>Questions? Ask {LEAK}</p>\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    message = str(failed.value)
    assert "site/responses/2026/ncc-foi-26-0042/index.html" in message and "nothing was published" in message
    assert not (tmp_path / "site").exists()


def test_parallel_and_in_process_sweeps_agree(site: Path) -> None:
    page = site / "responses" / "2026" / "ncc-foi-26-0042" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", f"<p>Write to {LEAK}</p></article>", 1), encoding="utf-8")
    (site / "feed.xml").write_text((site / "feed.xml").read_text("utf-8") + f"<!-- {LEAK} -->\n", encoding="utf-8")
    gate = make_gate(None)
    sweeper = SiteSweeper(site, gate, parallel=True)
    for html in sorted(site.rglob("*.html")):
        sweeper.add_page(html.relative_to(site).as_posix())
    parallel = sweeper.finish()
    alone = sweep_site(site, gate)
    assert [(f.path, f.line, f.rule) for f in parallel.findings] == [(f.path, f.line, f.rule) for f in alone.findings]
    assert {f.path for f in parallel.findings if f.rule == "email"} == {"site/feed.xml", "site/responses/2026/ncc-foi-26-0042/index.html"}
    assert parallel.files_scanned == alone.files_scanned


def test_the_sweeping_process_leaves_no_thread_behind(site: Path) -> None:
    """It is started before the log is loaded: the loader and the pre-render helper can still fork after it."""
    before = threading.active_count()
    sweeper = SiteSweeper(site, make_gate(None), parallel=True)
    try:
        assert sweeper._process is not None and sweeper._process.is_alive()
        assert threading.active_count() == before
    finally:
        sweeper.close()


def test_a_dead_sweeping_process_loses_nothing(site: Path) -> None:
    page = site / "responses" / "2026" / "ncc-foi-26-0042" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", f"<p>Write to {LEAK}</p></article>", 1), encoding="utf-8")
    gate = make_gate(None)
    sweeper = SiteSweeper(site, gate, parallel=True)
    assert sweeper._process is not None
    for html in sorted(site.rglob("*.html")):
        sweeper.add_page(html.relative_to(site).as_posix())
    sweeper._process.kill()
    sweeper._process.join()
    result = sweeper.finish()
    alone = sweep_site(site, gate)
    assert [(f.path, f.line, f.rule) for f in result.findings] == [(f.path, f.line, f.rule) for f in alone.findings]
    assert "site/responses/2026/ncc-foi-26-0042/index.html" in {f.path for f in result.findings if f.rule == "email"}
