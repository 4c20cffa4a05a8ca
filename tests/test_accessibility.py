"""Accessibility of every page type, in a real headless Chromium.

axe-core (node_modules/axe-core, pinned in package.json) checks WCAG 2.2 A and
AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) in the light and dark
colour schemes, at desktop width and on a 375 px phone. Zero violations are
allowed. Keyboard access, the document language, heading order and table
headers are checked directly. See tests/browser.py for the set-up.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import (
    VIEWPORTS,
    AxeRun,
    add_search_index,
    axe_many,
    block_other_hosts,
    describe,
    launch,
    missing_tools,
    serve,
    wait_for_results,
)

pytestmark = pytest.mark.browser

#: One page of each type: (name, URL).
PAGES = [
    ("home", ""),
    ("response", "responses/2019/01-foi-19-011430/"),
    ("response-clock", "responses/2025/cc-foisa-2025-102/"),
    ("topic", "topics/policing-technology/"),
    ("exemption", "exemptions/foia-s24/"),
    ("outcome", "outcomes/granted-in-part/"),
    ("archive", "archive/2019/"),
    ("statistics", "statistics/"),
    ("register", "register/"),
    ("register-year", "register/2025/"),
    ("search", "search/"),
    ("search-results", "search/?q=cameras"),
    ("corrections", "corrections/"),
    ("reviews", "reviews/"),
    ("decision-notices", "decision-notices/"),
    ("response-reviewed", "responses/2023/foi-2023-0902/"),
    ("about", "about/"),
    ("accessibility-statement", "accessibility/"),
    ("rendition-xlsx", "responses/2020/foi-2020-00412/attachments/agency-spend-2019-20-xlsx/"),
    ("rendition-docx", "responses/2025/dfe-foi-2025-0101/attachments/it-contracts-summary-docx/"),
    ("privacy", "privacy/"),
    ("series-index", "series/"),
    ("series", "series/foi-2024-0031/"),
    ("response-related", "responses/2025/foi-2025-0029/"),
    ("404", "404.html"),
]
SCHEMES = ["light", "dark"]


def _published(site: Path, path: str) -> bool:
    """The built site has the page at ``path`` (a directory URL, or a file such as ``404.html``)."""
    return (site / path).is_file() if path.endswith(".html") else (site / path / "index.html").is_file()


def _page_params() -> list[Any]:
    return [pytest.param(url, id=name) for name, url in PAGES]


@pytest.fixture(scope="module")
def site(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("a11y") / "site"
    shutil.copytree(sample_site, copy)
    return add_search_index(copy)


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[tuple[Any, str]]:
    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        chromium = launch(p)
        try:
            yield chromium, base
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def contexts(browser: tuple[Any, str]) -> Iterator[dict[tuple[str, str], Any]]:
    """One browser context per colour scheme and viewport, shared by the module's tests (tabs are not)."""
    made: dict[tuple[str, str], Any] = {}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(browser: tuple[Any, str], contexts: dict[tuple[str, Any], Any], site: Path) -> Iterator[Any]:
    """``open_page(url, scheme=..., viewport=...)``: a fresh tab showing ``url``; fails on any script error or off-site request."""
    chromium, base = browser
    tabs: list[Any] = []
    errors: list[str] = []
    blocked: list[str] = []

    def open_(url: str, scheme: str = "light", viewport: str = "desktop") -> Any:
        path = url.split("?")[0]
        if not _published(site, path):
            pytest.fail(f"{path or '/'} is not in the built site")
        context = contexts.get((scheme, viewport))
        if context is None:
            context = contexts[(scheme, viewport)] = chromium.new_context(
                viewport=VIEWPORTS[viewport], color_scheme=scheme, reduced_motion="reduce"
            )
            block_other_hosts(context, base, blocked)
        tab = context.new_page()
        tabs.append(tab)
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(base + url, wait_until="load")
        if "?q=" in url:
            wait_for_results(tab)
        return tab

    yield open_
    for tab in tabs:
        tab.close()
    assert not errors, f"script errors: {errors}"
    assert not blocked, f"requests to other hosts: {blocked}"


# -- axe-core ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def axe_results(browser: tuple[Any, str], site: Path) -> dict[tuple[str, str, str], AxeRun]:
    """axe on every page x scheme x viewport, run in parallel tabs once; the tests below read their part."""
    chromium, base = browser
    urls = [url for _, url in PAGES if _published(site, url.split("?")[0])]
    return axe_many(chromium, base, urls, SCHEMES, list(VIEWPORTS))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", _page_params())
def test_axe_wcag22_aa(axe_results: dict[tuple[str, str, str], AxeRun], site: Path, url: str, scheme: str, viewport: str) -> None:
    if (url, scheme, viewport) not in axe_results:
        pytest.fail(f"/{url} is not in the built site")
    run = axe_results[(url, scheme, viewport)]
    assert run.scheme_seen == ("slate" if scheme == "dark" else "default"), "the colour scheme was not applied"
    assert not run.errors, f"script errors: {run.errors}"
    assert not run.blocked, f"requests to other hosts: {run.blocked}"
    assert not run.violations, (
        f"axe-core found {len(run.violations)} WCAG 2.2 A/AA violation(s) on /{url} ({scheme}, {viewport}):\n" + describe(run.violations)
    )


# -- structure ----------------------------------------------------------------------
@pytest.mark.parametrize("url", _page_params())
def test_language_headings_and_tables(open_page: Any, url: str) -> None:
    tab = open_page(url)
    assert tab.evaluate("document.documentElement.lang") == "en"
    levels = tab.eval_on_selector_all("article.md-content__inner :is(h1,h2,h3,h4,h5,h6)", "els => els.map(e => Number(e.tagName[1]))")
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"one h1 first, got {levels}"
    skipped = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skipped, f"heading levels skipped in the main content: {skipped} (all: {levels})"
    tables = tab.eval_on_selector_all(
        "article.md-content__inner table",
        "ts => ts.map(t => ({rows: t.rows.length, firstRowHeaders: t.rows[0] ? t.rows[0].querySelectorAll('th').length : 0,"
        " cells: t.rows[0] ? t.rows[0].cells.length : 0, caption: !!t.caption}))",
    )
    for table in tables:
        assert table["firstRowHeaders"] == table["cells"] > 0, f"table without a header row: {table}"


# -- keyboard ------------------------------------------------------------------------
def _focused(tab: Any) -> dict[str, Any]:
    return tab.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName, cls: e.className || '', id: e.id || '',"
        " inContent: !!e.closest('article.md-content__inner'), visible: !!(e.offsetWidth || e.offsetHeight)}; }"
    )


@pytest.mark.parametrize("url", _page_params())
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(open_page: Any, url: str) -> None:
    tab = open_page(url)
    tab.keyboard.press("Tab")
    first = _focused(tab)
    assert "md-skip" in first["cls"], f"first Tab stop should be the skip link, got {first}"
    assert first["visible"], "the skip link must become visible when focused"
    tab.keyboard.press("Enter")
    target = tab.evaluate(
        "() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1)));"
        " return t && !!t.closest('article.md-content__inner'); }"
    )
    assert target, "the skip link must point into the main content"
    tab.keyboard.press("Tab")
    assert _focused(tab)["inContent"], f"after the skip link, Tab should land in the main content, got {_focused(tab)}"


@pytest.mark.parametrize(("url", "selector"), [("", "#foilog-q"), ("search/", "#foilog-search-q")], ids=["home", "search"])
def test_search_input_is_reachable_by_keyboard(open_page: Any, url: str, selector: str) -> None:
    tab = open_page(url)
    tab.wait_for_selector(selector)
    for _ in range(60):
        tab.keyboard.press("Tab")
        if tab.evaluate("sel => document.activeElement.matches(sel)", selector):
            break
    else:
        pytest.fail(f"{selector} was not reached in 60 Tab presses")
    tab.keyboard.type("cameras")
    tab.keyboard.press("Enter")
    wait_for_results(tab)


@pytest.mark.parametrize("url", _page_params())
def test_header_search_box_is_labelled_and_reachable_by_keyboard(open_page: Any, url: str) -> None:
    """Every page's header offers one labelled search box (Material's own lunr search stays off) that leads to results."""
    tab = open_page(url)
    assert tab.locator("header .md-search, header label[for='__search']").count() == 0
    assert tab.locator("header [role=search]").count() == 1
    box = tab.locator("header").get_by_role("searchbox", name="Search the log", exact=True)
    assert box.count() == 1 and box.is_visible()
    assert tab.locator("header").get_by_role("button", name="Search", exact=True).is_visible()
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.id") == "foilog-header-q":
            break
    else:
        pytest.fail("the header search box was not reached in 10 Tab presses")
    tab.keyboard.type("cameras")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search/?q=cameras")
    wait_for_results(tab)
