"""The post-build sweep: a leak that appears only in a derived output is still a leak."""

from __future__ import annotations

from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_YML, LogBuilder
from sitetools import MATERIAL, build

from foilog.leakgate import SWEEP_CHUNK, make_gate, sweep_site
from foilog.mkdocs_build import BuildFailed

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
