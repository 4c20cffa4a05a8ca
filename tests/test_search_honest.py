"""The search page never misleads: a real headless Chromium on a small built log.

Pagefind alone falls back to the longest indexed prefix of a word it does not
hold ("accommodation" finds every response with a word starting "a"). The
site's own results (``assets/foilog-search.js``) check each word with an exact
search: a missing word is named, partial matches are shown apart and labelled,
and the query, dates and filters live in the URL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import PHONE, block_other_hosts, launch, missing_tools, serve, wait_for_results
from logbuilder import VALID_MD, LogBuilder, variant
from sitetools import build

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=missing_tools() or "")

TODAY = dt.date(2026, 11, 26)

#: reference, slug, title, responded date, a word of its letter
RESPONSES = [
    ("NCC/FOI/26/0042", "ncc-foi-26-0042", "Gritting routes on rural roads", "2026-09-28", "gritters"),
    ("NCC/FOI/26/0051", "ncc-foi-26-0051", "Car parks owned by the council", "2026-07-14", "carriageway"),
    ("NCC/FOI/26/0063", "ncc-foi-26-0063", "Temporary housing for families", "2026-03-02", "hostels"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("honest")
    log = LogBuilder(root / "log")
    for reference, slug, title, responded, word in RESPONSES:
        yml = variant("reference: NCC/FOI/26/0042", f"reference: {reference}")
        yml = variant("title: Gritting routes on rural roads", f"title: {title}", yml)
        yml = variant("responded: 2026-09-28", f"responded: {responded}", yml)
        yml = variant("received: 2026-09-01", f"received: {responded[:8]}01", yml)
        log.valid(yml, slug=slug, md=VALID_MD + f"\nWe looked at the {word} in the area.\n")
    return build(log.config, root / "site", today=TODAY, strict=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Any, site: Path) -> Iterator[tuple[Any, str]]:
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        blocked: list[str] = []
        block_other_hosts(context, base, blocked)
        page = context.new_page()
        yield page, base
        context.close()


def titles(page: Any, group: str) -> list[str]:
    return list(page.eval_on_selector_all(f"#{group} .foilog-search-result-link", "links => links.map(a => a.textContent)"))


def responses(page: Any, group: str) -> set[str]:
    """The response folders of the results of ``group`` (a response page or one of its attachments)."""
    hrefs = page.eval_on_selector_all(f"#{group} .foilog-search-result-link", "links => links.map(a => a.getAttribute('href'))")
    return {href.split("/")[3] for href in hrefs}


def test_a_word_no_response_holds_is_named_and_no_prefix_match_is_an_answer(tab: tuple[Any, str]) -> None:
    page, base = tab
    page.goto(base + "search/?q=accommodation")
    wait_for_results(page)
    status = page.inner_text("#foilog-search-status")
    assert status.startswith("No published response mentions \u2018accommodation\u2019.")
    assert page.locator("#foilog-search-answers").count() == 0
    # Browse suggestions come with the message: topics, years, how to make a request.
    suggest = page.locator(".foilog-search-suggest a")
    assert [suggest.nth(n).get_attribute("href") for n in range(suggest.count())] == ["#browse-topics", "#browse-years", "/how-to-request/"]


def test_partial_matches_are_a_group_of_their_own_labelled_as_such(tab: tuple[Any, str]) -> None:
    page, base = tab
    page.goto(base + "search/?q=carparks")
    wait_for_results(page)
    assert page.inner_text("#foilog-search-status").startswith("No published response mentions \u2018carparks\u2019.")
    heading = page.inner_text("#foilog-search-partial h2")
    assert re.fullmatch(r"Responses with words starting \u2018car\u2026\u2019 \(not exact matches\)", heading), heading
    assert "Car parks owned by the council" in titles(page, "foilog-search-partial")


def test_an_exact_word_is_an_answer_and_its_prefix_matches_stay_apart(tab: tuple[Any, str]) -> None:
    page, base = tab
    page.goto(base + "search/?q=car")
    wait_for_results(page)
    assert page.inner_text("#foilog-search-status").startswith("1 result mentions \u2018car\u2019")
    assert titles(page, "foilog-search-answers") == ["Car parks owned by the council"]
    assert "Car parks owned by the council" not in titles(page, "foilog-search-partial")


def test_exact_search_stems_so_a_singular_finds_the_plural(tab: tuple[Any, str]) -> None:
    """Pagefind's exact search compares stems: 'park' finds "Car parks" as an answer, not as a partial match."""
    page, base = tab
    page.goto(base + "search/?q=park")
    wait_for_results(page)
    assert page.inner_text("#foilog-search-status").startswith("1 result mentions \u2018park\u2019")
    assert responses(page, "foilog-search-answers") == {"ncc-foi-26-0051"}


def test_several_words_with_one_missing_names_the_missing_one(tab: tuple[Any, str]) -> None:
    page, base = tab
    page.goto(base + "search/?q=gritters+accommodation")
    wait_for_results(page)
    assert page.inner_text("#foilog-search-status").startswith("No published response mentions \u2018accommodation\u2019.")
    assert page.locator("#foilog-search-answers").count() == 0


def test_reference_search_is_exact(tab: tuple[Any, str]) -> None:
    page, base = tab
    for query in ("NCC/FOI/26/0051", "0051"):
        page.goto(base + "search/?q=" + query)
        wait_for_results(page)
        assert titles(page, "foilog-search-answers")[0] == "Car parks owned by the council", query
        hrefs = page.eval_on_selector_all(
            "#foilog-search-answers .foilog-search-result-link", "links => links.map(a => a.getAttribute('href'))"
        )
        assert all(href.startswith("/responses/2026/ncc-foi-26-0051/") for href in hrefs), (query, hrefs)


def test_a_date_range_filters_and_survives_a_reload(tab: tuple[Any, str]) -> None:
    page, base = tab
    page.goto(base + "search/")
    page.wait_for_selector("#foilog-search-facets fieldset", state="attached")
    page.click("#foilog-search-filters summary")
    page.fill("#foilog-search-from", "2026-06-01")
    page.fill("#foilog-search-to", "2026-08-31")
    page.press("#foilog-search-to", "Enter")
    wait_for_results(page)
    assert responses(page, "foilog-search-answers") == {"ncc-foi-26-0051"}
    assert "from=2026-06-01" in page.url and "to=2026-08-31" in page.url
    page.reload()
    wait_for_results(page)
    assert page.input_value("#foilog-search-from") == "2026-06-01"
    assert page.input_value("#foilog-search-to") == "2026-08-31"
    assert responses(page, "foilog-search-answers") == {"ncc-foi-26-0051"}


def test_month_facet_filters_by_month_and_goes_in_the_url(tab: tuple[Any, str]) -> None:
    page, base = tab
    page.goto(base + "search/")
    page.wait_for_selector("#foilog-search-facets fieldset", state="attached")
    page.click("#foilog-search-filters summary")
    page.get_by_label(re.compile(r"^March 2026 \(\d+\)$")).check()
    wait_for_results(page)
    assert responses(page, "foilog-search-answers") == {"ncc-foi-26-0063"}
    assert "filter=Month%3A2026-03" in page.url
    page.goto(page.url)
    wait_for_results(page)
    assert page.get_by_label(re.compile(r"^March 2026 \(\d+\)$")).is_checked()
    assert responses(page, "foilog-search-answers") == {"ncc-foi-26-0063"}


def test_results_count_is_announced_and_inputs_are_labelled(tab: tuple[Any, str]) -> None:
    page, base = tab
    page.goto(base + "search/")
    page.wait_for_selector("#foilog-search-facets fieldset", state="attached")
    page.focus("#foilog-search-q")
    page.keyboard.type("hostels")
    page.keyboard.press("Enter")
    wait_for_results(page)
    assert page.get_attribute("#foilog-search-status", "aria-live") == "polite"
    assert page.inner_text("#foilog-search-status").startswith("1 result mentions \u2018hostels\u2019")
    assert "q=hostels" in page.url
    for field in ("foilog-search-q", "foilog-search-from", "foilog-search-to"):
        assert page.locator(f"label[for={field}]").count() == 1


def test_without_javascript_the_form_and_browse_links_remain(browser: Any, site: Path) -> None:
    with serve(site) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "search/?q=hostels")
        assert page.get_attribute("#foilog-search-form", "method") == "get"
        assert page.locator("#browse-topics").is_visible()
        assert page.locator("a[href='../archive/2026/']").count() == 1 or page.locator("#browse-years + ul a").count() >= 1
        page.locator("#browse-years + ul a").first.click()
        assert page.url.rstrip("/").endswith("2026")
        context.close()


def test_on_a_phone_the_filters_are_folded_and_results_come_first(browser: Any, site: Path) -> None:
    with serve(site) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(base + "search/?q=hostels&filter=Month:2026-03")
        wait_for_results(page)
        assert not page.eval_on_selector("#foilog-search-filters", "d => d.open")
        assert not page.locator("#foilog-search-facets").is_visible()
        assert page.locator("#foilog-search-answers .foilog-search-result").first.is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        context.close()


def test_pagefind_default_ui_is_not_shipped(site: Path) -> None:
    assert not list((site / "pagefind").glob("pagefind-ui*"))
    html = (site / "search" / "index.html").read_text("utf-8")
    assert "pagefind-ui" not in html
