"""Stored XSS through search: hostile names never run on ``/search/`` (issue 16, item 2).

Pagefind's UI inserts some values as HTML (filter names and filter values, via
``innerHTML``) and others as text (result titles, metadata); excerpts are
escaped by Pagefind itself. A topic title, an authority name, a response title
or an attachment title carrying markup must show literally wherever it appears
on the search page, and no script in it may run. The payloads go through the
whole build, Pagefind included, and the page is opened in Chromium, which
would show any ``alert`` as a dialog.
"""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path
from typing import Any

import pytest
from browser import block_other_hosts, launch, missing_tools, serve, wait_for_results
from logbuilder import DEFAULT_OPTIONS, LogBuilder
from sitetools import MATERIAL, build

pytestmark = pytest.mark.adversarial

PAYLOADS = (
    "<img src=x onerror=alert('XSS-1')>",
    "\"><svg onload=alert('XSS-2')>",
    "javascript:alert('XSS-3')",
    "</script><script>alert('XSS-4')</script>",
)
HOSTILE = " ".join(PAYLOADS)
TOPIC = f"Housing {HOSTILE}"
AUTHORITIES = (f"Northshire {HOSTILE}", f"Westshire {HOSTILE} & Co")
TITLE = f"Quokka title {HOSTILE}"
ATTACHMENT = f"Quokka file {HOSTILE}"
WORD = "quokka"


def _yaml_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _response(number: int, authority: str) -> str:
    return f"""\
reference: XSS/{number:03d}
authority: {authority}
title: {_yaml_str(TITLE)}
summary: A {WORD} summary.
regime: FOIA
received: 2026-01-05
responded: 2026-01-20
outcome: granted-in-full
topics: [housing]
questions:
  - number: '1'
    question: Which {WORD}?
    answer: This {WORD}.
    outcome: granted-in-full
attachments:
  - path: attachments/data.csv
    title: {_yaml_str(ATTACHMENT)}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-authority log whose topic, authorities, titles and attachment titles carry the payloads, built with its index."""
    root = tmp_path_factory.mktemp("search-xss")
    builder = LogBuilder(root, topics={})
    ids = [a["id"] for a in DEFAULT_OPTIONS["authorities"]]
    options = {**DEFAULT_OPTIONS, "authorities": [{"id": i, "name": n} for i, n in zip(ids, AUTHORITIES, strict=True)]}
    builder.mkdocs(options, extra=MATERIAL)
    builder.topic("housing", _yaml_str(TOPIC), "Homes.")
    for number, authority in enumerate(ids, start=1):
        csv = f"{WORD},{PAYLOADS[0]}\n{PAYLOADS[3]},2\n".encode()
        builder.response(2026, f"xss-{number:03d}", _response(number, authority), attachments={"attachments/data.csv": csv})
    return build(builder.config, root / "site")


def _fragments(site: Path) -> list[dict[str, Any]]:
    out = []
    for path in (site / "pagefind").glob("part-*/fragment/*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[len(b"pagefind_dcd") :]))
    return out


def test_filters_reach_pagefind_as_escaped_html(hostile_site: Path) -> None:
    # Pagefind's UI writes filter names and values with innerHTML: no markup may be in them.
    records = _fragments(hostile_site)
    assert len(records) == 4  # two pages, two attachments
    for record in records:
        for name, values in record["filters"].items():
            for text in [name, *values]:
                assert "<" not in text and ">" not in text, (record["url"], name, text)
        assert record["filters"]["Topic"] == [html.escape(TOPIC)]


LABELS = 5
"""Filter values on the page: two authorities, one outcome, one topic, one year (and the months)."""


def _open_with_filters(tab: Any, url: str, tries: int = 4) -> None:
    """Open the search page until it has drawn every filter value (the page draws them before the first search)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        tab.goto(url)
        wait_for_results(tab)
        try:
            tab.wait_for_function(f"() => document.querySelectorAll('#foilog-search-facets label').length >= {LABELS}", timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


@pytest.fixture(scope="module")
def search_tab(hostile_site: Path) -> Any:
    """The search page, after a search that finds every record, with every filter group open; and the dialogs seen."""
    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with serve(hostile_site) as base, sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            block_other_hosts(context, base, [])
            tab = context.new_page()
            dialogs: list[str] = []
            tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            _open_with_filters(tab, base + f"search/?q={WORD}")
            tab.evaluate("() => { document.getElementById('foilog-search-filters').open = true; }")
            tab.wait_for_timeout(500)  # an <img onerror> fires once its load has failed
            yield tab, dialogs
        finally:
            browser.close()


def _texts(tab: Any, selector: str) -> list[str]:
    return tab.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


@pytest.mark.browser
def test_no_payload_runs_on_the_search_page(search_tab: Any) -> None:
    tab, dialogs = search_tab
    assert dialogs == []
    injected = tab.eval_on_selector_all(
        ":is(#foilog-search-results, #foilog-search-facets) :is(img, svg, script, [onerror], [onload])",
        "els => els.map(e => e.outerHTML)",
    )
    assert injected == []


@pytest.mark.browser
def test_filter_labels_show_the_names_literally(search_tab: Any) -> None:
    tab, _ = search_tab
    labels = " | ".join(_texts(tab, "#foilog-search-facets label"))
    for name in (TOPIC, *AUTHORITIES):
        assert name in labels, (name, labels)


@pytest.mark.browser
def test_result_titles_and_excerpts_show_the_text_literally(search_tab: Any) -> None:
    tab, _ = search_tab
    titles = _texts(tab, ".foilog-search-result-link")
    assert titles.count(TITLE) == 2 and titles.count(ATTACHMENT) == 2, titles
    excerpts = " | ".join(_texts(tab, ".foilog-search-excerpt"))
    assert PAYLOADS[0] in excerpts, excerpts


@pytest.mark.browser
def test_a_hostile_filter_value_still_filters(search_tab: Any) -> None:
    tab, dialogs = search_tab
    tab.click("#foilog-search-facets label:has-text('Northshire')")
    tab.wait_for_function("() => /^2 results mention\\b/.test(document.getElementById('foilog-search-status').textContent.trim())")
    assert dialogs == []
