"""A preview's banner is seen, read by screen readers and breaks no WCAG rule (issue 16, item 4).

The banner is added to pages foilog writes in several ways (the theme, the frame
rendered once, the 404 page): each kind is opened in a real Chromium and checked
with axe-core in both colour schemes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import axe_many, describe, launch, missing_tools, serve
from click.testing import CliRunner
from logbuilder import DEFAULT_OPTIONS, TODAY_ARG, VALID_MD, VALID_SLUG, LogBuilder, variant

from foilog.commands.cli import main
from foilog.engine.publication import BANNER_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.adversarial]

LANDLINE_MD = VALID_MD + "\nIf you have questions, call 01632 960123.\n"
#: The repository's Material theme and palettes (its own overrides left out).
THEME = """\
theme:
  name: material
  language: en
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: custom
      accent: custom
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: custom
      accent: custom
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
"""
URLS = [f"responses/2026/{VALID_SLUG}/", "responses/2026/ncc-foi-26-0003/", "topics/", "search/", "404.html"]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    root = tmp_path_factory.mktemp("preview")
    builder = LogBuilder(root / "project")
    builder.mkdocs(DEFAULT_OPTIONS, extra=THEME)
    builder.valid(md=LANDLINE_MD)
    for n in (2, 3):
        builder.valid(variant("reference: NCC/FOI/26/0042", f"reference: NCC/FOI/26/{n:04d}"), slug=f"ncc-foi-26-{n:04d}", md=LANDLINE_MD)
    site = root / "site"
    args = ["build", "--config-file", str(builder.config), "--site-dir", str(site), "--today", TODAY_ARG, "--preview"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        chromium = launch(p)
        try:
            yield chromium, base
        finally:
            chromium.close()


def test_the_banner_is_visible_and_named(preview: tuple[Any, str]) -> None:
    chromium, base = preview
    context = chromium.new_context()
    try:
        tab = context.new_page()
        for url in URLS:
            tab.goto(base + url, wait_until="load")
            banner = tab.get_by_role("complementary", name="Preview notice")
            assert banner.is_visible(), url
            assert BANNER_TEXT in banner.inner_text(), url
            box = banner.bounding_box()
            assert box is not None and box["y"] < 5, f"{url}: the banner is not at the top of the page"
            assert tab.locator('meta[name="robots"][content="noindex"]').count() == 1, url
    finally:
        context.close()


def test_preview_pages_have_no_axe_violations(preview: tuple[Any, str]) -> None:
    chromium, base = preview
    results = axe_many(chromium, base, URLS, ["light", "dark"], ["desktop"])
    problems = [f"{key}: {describe(run.violations)} {run.errors}" for key, run in results.items() if run.violations or run.errors]
    assert not problems, "\n".join(problems)
