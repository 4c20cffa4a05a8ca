"""A feed for every index page: topic, exemption, outcome and authority, linked from the page's head and body."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET
from logbuilder import DEFAULT_OPTIONS, TODAY, VALID_YML, LogBuilder, variant
from sitetools import MATERIAL, build, page, parse

from foilog.engine.mkdocs_config import load_project
from foilog.log.catalogue import catalogue, outcomes
from foilog.log.load import load_log
from foilog.log.model import Log
from foilog.log.urls import authority_url, exemption_url, feed_url, outcome_url, topic_url
from foilog.site.indexes import build_indexes

A = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://log.example/"
WITHDRAWN = "Withdrawn-marker-7c1"
EMBARGOED = "Embargoed-marker-9d2"


def _check_atom(data: bytes) -> list:
    """RFC 4287's required elements (feed: id, title, updated, self link, author; entry: id, title, updated, link); the entries."""
    feed = SafeET.fromstring(data)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
        assert feed.find(f"{A}{name}").text
    dt.datetime.strptime(feed.find(f"{A}updated").text, "%Y-%m-%dT%H:%M:%SZ")
    assert [link.get("rel") for link in feed.findall(f"{A}link")].count("self") == 1
    assert feed.find(f"{A}author/{A}name").text
    entries = feed.findall(f"{A}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
            assert entry.find(f"{A}{name}").text
        dt.datetime.strptime(entry.find(f"{A}updated").text, "%Y-%m-%dT%H:%M:%SZ")
        assert entry.find(f"{A}link[@rel='alternate']").get("href")
    return entries


def _project(root: Path) -> LogBuilder:
    """Two authorities; one live response, one withdrawn and one embargoed, all under the same topic, exemption and outcome."""
    builder = LogBuilder(root)
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + f"site_url: {SITE_URL}\n")
    builder.valid()
    withdrawn = variant("title: Gritting routes on rural roads", f"title: Salt stocks {WITHDRAWN}")
    withdrawn = withdrawn.replace("NCC/FOI/26/0042", "NCC/FOI/26/0043") + "withdrawn:\n  date: 2026-11-02\n  reason: Published in error.\n"
    builder.valid(withdrawn, slug="ncc-foi-26-0043")
    embargoed = variant("title: Gritting routes on rural roads", f"title: Winter plan {EMBARGOED}")
    embargoed = embargoed.replace("NCC/FOI/26/0042", "NCC/FOI/26/0044") + "publish_after: 2027-01-15\n"
    builder.valid(embargoed, slug="ncc-foi-26-0044")
    return builder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Log]:
    """The same project built twice into two folders, and its log."""
    root = tmp_path_factory.mktemp("index-feeds")
    builder = _project(root / "project")
    log = load_log(load_project(builder.config), TODAY)
    assert log.errors == [], [f.as_text() for f in log.errors]
    first = build(builder.config, root / "first", today=TODAY, strict=True)
    second = build(builder.config, root / "second", today=TODAY, strict=True)
    return first, second, log


def _resolve(here: str, href: str) -> str:
    """A relative link on the page at ``here`` as a site path."""
    return posixpath.normpath(posixpath.join(here, href))


def _index_urls(log: Log) -> list[str]:
    urls = [topic_url(t) for t in log.topics]
    urls += [exemption_url(e.slug) for e in catalogue().entries]
    urls += [outcome_url(o) for o in outcomes()]
    urls += [authority_url(a.id) for a in log.project.settings.authorities]
    return urls


def test_feed_url_is_the_topic_feeds_rule() -> None:
    assert feed_url(topic_url("housing")) == "topics/housing/feed.xml"
    assert feed_url(exemption_url("foia-s40")) == "exemptions/foia-s40/feed.xml"
    assert feed_url(outcome_url("refused")) == "outcomes/refused/feed.xml"
    assert feed_url(authority_url("westshire-police")) == "authorities/westshire-police/feed.xml"


def test_every_index_page_has_a_valid_feed_of_what_it_lists(built: tuple[Path, Path, Log]) -> None:
    site, _, log = built
    idx = build_indexes(log)
    live = idx.live[0]
    exemption = catalogue().lookup(live.data.regime, "s40(2)")
    assert exemption is not None
    listed = {
        topic_url("road-safety"),
        exemption_url(exemption.slug),
        outcome_url(live.data.outcome),
        authority_url(live.authority),
    }
    for url in _index_urls(log):
        assert page(site, url).is_file(), url
        entries = _check_atom((site / feed_url(url)).read_bytes())
        hrefs = [e.find(f"{A}link[@rel='alternate']").get("href") for e in entries]
        assert hrefs == ([SITE_URL + live.url] if url in listed else []), url
        feed = SafeET.fromstring((site / feed_url(url)).read_bytes())
        assert feed.find(f"{A}link[@rel='self']").get("href") == SITE_URL + feed_url(url)
        assert feed.find(f"{A}link[@rel='alternate']").get("href") == SITE_URL + url


def test_withdrawn_and_embargoed_are_in_no_index_feed(built: tuple[Path, Path, Log]) -> None:
    site, _, log = built
    assert any(r.withdrawn for r in log.responses) and any(r.embargoed(log.today) for r in log.responses)
    for url in _index_urls(log):
        text = (site / feed_url(url)).read_text("utf-8")
        assert WITHDRAWN not in text and EMBARGOED not in text, url
        assert "ncc-foi-26-0043" not in text and "ncc-foi-26-0044" not in text, url


def test_index_feeds_are_the_same_bytes_in_two_builds(built: tuple[Path, Path, Log]) -> None:
    first, second, log = built
    feeds = sorted(p.relative_to(first).as_posix() for p in first.rglob("feed.xml"))
    assert set(feeds) >= {feed_url(u) for u in _index_urls(log)} | {"feed.xml"}
    assert feeds == sorted(p.relative_to(second).as_posix() for p in second.rglob("feed.xml"))
    for name in feeds:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_index_pages_link_their_feed_in_head_and_body(built: tuple[Path, Path, Log]) -> None:
    site, _, log = built
    follows = {"topics": "topic", "exemptions": "exemption", "outcomes": "outcome", "authorities": "authority"}
    for url in _index_urls(log):
        html = page(site, url).read_text("utf-8")
        tags = parse(page(site, url)).tags
        alternates = [(a["href"], a.get("title", "")) for t, a in tags if t == "link" and a.get("type") == "application/atom+xml"]
        assert alternates[0] == ("../../feed.xml", f"{log.project.site_name}: latest responses"), url
        assert len(alternates) == 2 and alternates[1][0] == "feed.xml", url
        assert alternates[1][1].startswith(f"{log.project.site_name}: ") and len(alternates[1][1]) > len(log.project.site_name) + 2
        body = html.split('id="page-title"', 1)[1]
        assert f"Follow this {follows[url.split('/')[0]]}: " in body, url
        link = re.search(r'<a href="([^"]+)" type="application/atom\+xml">Atom feed</a>', body)
        assert link and _resolve(url, link.group(1)) == feed_url(url), url
        assert 'class="foilog-feed__icon" aria-hidden="true"' in body, url


def test_list_pages_past_the_first_link_the_same_feed(tmp_path: Path) -> None:
    """Page 2 of a topic links the topic's one feed, not a feed of its own."""
    from foilog.site.render.pages import Renderer

    builder = LogBuilder(tmp_path / "log", options={**DEFAULT_OPTIONS, "per_page": 10})
    for n in range(11):
        builder.valid(VALID_YML.replace("NCC/FOI/26/0042", f"NCC/FOI/26/{n:04d}"), slug=f"ncc-foi-26-{n:04d}")
    log = load_log(load_project(builder.config), TODAY)
    assert log.errors == [] and log.project.settings.per_page == 10
    pages = {p.url: p for p in Renderer(log, build_indexes(log)).topic_pages()}
    second = pages["topics/road-safety/page/2/"]
    assert second.feed == pages["topics/road-safety/"].feed == "topics/road-safety/feed.xml"
    assert second.feed_title.endswith(": Road safety")
    link = re.search(r'<a href="([^"]+)" type="application/atom\+xml">Atom feed</a>', second.html)
    assert link and _resolve(second.url, link.group(1)) == "topics/road-safety/feed.xml"


def test_one_authority_has_no_authority_feeds(tmp_path: Path) -> None:
    """As there are no authority pages: a log of one authority has nothing to tell apart."""
    from types import SimpleNamespace

    from foilog.site.publish.feeds import FEED_SIZE, build_feeds

    options = {**DEFAULT_OPTIONS, "authorities": DEFAULT_OPTIONS["authorities"][:1]}
    builder = LogBuilder(tmp_path / "log", options=options)
    for n in range(FEED_SIZE + 2):
        builder.valid(VALID_YML.replace("NCC/FOI/26/0042", f"NCC/FOI/26/{n:04d}"), slug=f"ncc-foi-26-{n:04d}")
    log = load_log(load_project(builder.config), TODAY)
    assert log.errors == []
    feeds = build_feeds(SimpleNamespace(log=log, indexes=build_indexes(log)), site_url=SITE_URL)  # type: ignore[arg-type]
    assert not any(path.startswith("authorities/") for path in feeds)
    granted = SafeET.fromstring(feeds[feed_url(outcome_url("granted-in-part"))])
    assert len(granted.findall(f"{A}entry")) == FEED_SIZE, "an index feed holds the latest 50, like the site feed"


@pytest.mark.browser
def test_index_pages_with_their_feed_link_fit_a_phone(sample_site: Path) -> None:
    """The feed link, and the exemption's facts panel above it, do not make a 375px page scroll sideways."""
    from browser import PHONE, launch, missing_tools, serve

    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    urls = ["exemptions/foia-s24/", "topics/policing-technology/", "outcomes/granted-in-part/", "authorities/metropolitan-police/"]
    with serve(sample_site) as base, sync_playwright() as p:
        chromium = launch(p)
        try:
            tab = chromium.new_context(viewport=PHONE).new_page()
            for url in urls:
                tab.goto(base + url)
                assert tab.locator(".foilog-feed a").is_visible(), url
                widths = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                assert widths[0] <= widths[1] == 375, f"{url} scrolls sideways: {widths}"
        finally:
            chromium.close()
