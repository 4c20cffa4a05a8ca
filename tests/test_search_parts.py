"""The search index in parts: bounded memory while indexing, bounded download per search.

Pagefind holds about 300 KB per page until it writes, and a browser loads
every searched part's page list and filters, so a large log's index is built
in parts of ``search_part_size`` responses (:class:`foilog.site.indexes.SearchPart`).
Here the sample log is built with parts of four responses.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from browser import block_other_hosts, launch, missing_tools, serve, wait_for_results
from sitetools import build, copy_sample_project, page

from foilog.engine.mkdocs_config import load_project
from foilog.site.indexes import DEFAULT_SEARCH_PARTS, search_parts
from foilog.site.pipeline import plan_site
from foilog.site.publish import search

PART_SIZE = 4
OLD_RESPONSE = "/responses/2019/01-foi-19-011430/"  # among the oldest published: in part-000


class _R:
    """Just enough of a response for search_parts."""

    def __init__(self, n: int) -> None:
        self.n = n


def test_parts_are_counted_from_the_oldest_so_new_responses_change_only_the_newest() -> None:
    live = [_R(n) for n in range(10, 0, -1)]  # newest first, as Indexes.live
    parts = search_parts(live, 4)  # type: ignore[arg-type]
    assert [p.number for p in parts] == [2, 1, 0]
    assert [[r.n for r in p.responses] for p in parts] == [[10, 9], [8, 7, 6, 5], [4, 3, 2, 1]]
    assert [p.path for p in parts] == ["pagefind/part-002/", "pagefind/part-001/", "pagefind/part-000/"]
    later = search_parts([_R(11), *live], 4)  # type: ignore[arg-type]
    assert [[r.n for r in p.responses] for p in later] == [[11, 10, 9], [8, 7, 6, 5], [4, 3, 2, 1]]
    assert [[r.n for r in p.responses] for p in search_parts([], 4)] == [[]]  # an empty log still has an index


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample project whose index comes in parts of four responses."""
    return copy_sample_project(tmp_path_factory.mktemp("parts"), search_part_size=PART_SIZE)


class _Counting(search.PagefindProcess):
    """Pagefind processes, counting how many run at once."""

    alive = 0
    most = 0

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        super().__init__(config)
        self._counted = True
        type(self).alive += 1
        type(self).most = max(type(self).most, type(self).alive)

    def close(self) -> None:
        if getattr(self, "_counted", False):
            self._counted = False
            type(self).alive -= 1
        super().close()


@pytest.fixture(scope="module")
def parted_site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The built site, and the most Pagefind processes that ran at once while it was built."""
    _Counting.most = _Counting.alive = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PagefindProcess", _Counting)
        site = build(project, tmp_path_factory.mktemp("parted") / "site", strict=True)
    return site, _Counting.most


@pytest.fixture(scope="module")
def plan(project: Path) -> Any:
    return plan_site(load_project(project), dt.date(2026, 11, 26))


def _records(bundle: Path) -> set[str]:
    urls = set()
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        urls.add(json.loads(raw[len(b"pagefind_dcd") :])["url"])
    return urls


def test_each_part_indexes_its_own_responses_once(parted_site: tuple[Path, int], plan: Any) -> None:
    site, _ = parted_site
    parts = plan.indexes.search_parts
    live = len(plan.indexes.live)
    assert len(parts) == -(-live // PART_SIZE) >= 3
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == [f"part-{n:03d}" for n in range(len(parts))]
    seen: set[str] = set()
    for part in parts:
        pages = {"/" + r.url for r in part.responses}
        records = _records(site / part.path)
        assert pages <= records, part.path
        assert all(url.startswith(tuple(pages)) for url in records)  # the rest are those responses' attachments
        assert not records & seen
        seen |= records
    assert {"/" + r.url for r in plan.indexes.live} <= seen


def test_one_pagefind_process_runs_at_a_time(parted_site: tuple[Path, int]) -> None:
    _, most = parted_site
    assert most == 1  # the next part's pages wait while a part is written


def test_when_pagefind_falls_behind_the_build_waits_for_it(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No page may wait: the build waits for each part's bundle before the next part starts, still one Pagefind at a time."""
    _Counting.most = _Counting.alive = 0
    monkeypatch.setattr(search, "PagefindProcess", _Counting)
    monkeypatch.setattr(search, "MAX_WAITING_PAGES", 0)
    site = build(project, tmp_path / "site", strict=True)
    assert _Counting.most == 1
    for part in sorted((site / "pagefind").glob("part-*")):
        assert json.loads((part / "pagefind-entry.json").read_bytes())["languages"], part


def test_the_cap_on_waiting_characters_is_honoured(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long pages wait by their size, not only their number: past MAX_WAITING_CHARS the build waits for Pagefind."""
    cap = 3000  # a page or so of the sample log's search HTML
    most: list[int] = []
    advance = search.SearchIndexer._advance

    def counted(self: search.SearchIndexer, *, reap: bool) -> None:
        advance(self, reap=reap)
        most.append(sum(part.waiting_chars for part in self._parts if part.process is None))
        assert all(part.waiting_chars == sum(len(html) for _, html in part.waiting) for part in self._parts)

    _Counting.most = _Counting.alive = 0
    monkeypatch.setattr(search, "PagefindProcess", _Counting)
    monkeypatch.setattr(search, "MAX_WAITING_CHARS", cap)
    monkeypatch.setattr(search.SearchIndexer, "_advance", counted)
    site = build(project, tmp_path / "site", strict=True)
    assert most and max(most) <= cap  # (uncapped, about 100,000 characters wait here)
    assert _Counting.most == 1
    for part in sorted((site / "pagefind").glob("part-*")):
        assert json.loads((part / "pagefind-entry.json").read_bytes())["languages"], part


def test_search_page_lists_the_parts_newest_first(parted_site: tuple[Path, int], plan: Any) -> None:
    site, _ = parted_site
    html = page(site, "search/").read_text("utf-8")
    raw = html.split('data-parts="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    listed = json.loads(raw)
    parts = plan.indexes.search_parts
    assert [p["path"] for p in listed] == ["../" + p.path for p in parts]
    assert [p["count"] for p in listed] == [len(p.responses) for p in parts]
    assert listed[0]["since"] == parts[0].responses[-1].published_on.isoformat()
    assert f'data-default-parts="{DEFAULT_SEARCH_PARTS}"' in html


@pytest.mark.browser
def test_a_search_covers_the_newest_parts_and_can_be_widened_to_all(parted_site: tuple[Path, int], plan: Any) -> None:
    why = missing_tools()
    if why:
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    site, _ = parted_site
    parts = plan.indexes.search_parts
    oldest = {"/" + r.url for r in parts[-1].responses}
    assert OLD_RESPONSE in oldest
    recent = sum(len(p.responses) for p in parts[:DEFAULT_SEARCH_PARTS])
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context()
        blocked: list[str] = []
        block_other_hosts(context, base, blocked)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        loaded: list[str] = []
        tab.on("requestfinished", lambda request: loaded.append(request.url[len(base) :]))
        tab.goto(base + "search/?q=Kings%20Cross")
        wait_for_results(tab)
        scope = tab.locator("#foilog-search-scope")
        assert scope.is_visible()
        assert scope.inner_text().startswith(f"Searching the {recent} most recent responses (published since ")
        hrefs = tab.eval_on_selector_all(".foilog-search-result-link", "links => links.map(a => a.getAttribute('href'))")
        assert OLD_RESPONSE not in hrefs
        searched = {url.split("/")[1] for url in loaded if url.startswith("pagefind/part-")}
        assert searched == {p.path.split("/")[1] for p in parts[:DEFAULT_SEARCH_PARTS]}  # older parts not downloaded
        link = scope.get_by_role("link", name=f"Search all {len(plan.indexes.live)} responses")
        assert "scope=all" in (link.get_attribute("href") or "") and "q=Kings+Cross" in (link.get_attribute("href") or "")
        link.click()
        wait_for_results(tab)
        hrefs = tab.eval_on_selector_all(".foilog-search-result-link", "links => links.map(a => a.getAttribute('href'))")
        assert OLD_RESPONSE in hrefs
        assert tab.locator("#foilog-search-scope").is_hidden()
        assert not errors and not blocked, (errors, blocked)
        context.close()
        browser.close()
