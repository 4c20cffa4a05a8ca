"""Atom feeds: well-formed, complete, from the data only, with nothing withdrawn or embargoed."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from types import SimpleNamespace

import pytest
from defusedxml import ElementTree as SafeET
from logbuilder import DEFAULT_OPTIONS, TODAY, VALID_ATTACHMENTS, VALID_YML, LogBuilder, variant
from sitetools import MATERIAL, build, page, parse

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.model import Log
from foilog.site.indexes import build_indexes
from foilog.site.publish.feeds import FEED_SIZE, build_feeds, entry_id, response_updated, xml_text

A = "{http://www.w3.org/2005/Atom}"


def _parse(path: Path):
    root = SafeET.fromstring(path.read_bytes())
    assert root.tag == f"{A}feed"
    return root


def _check_atom(feed) -> None:
    """The elements RFC 4287 requires, once each where it says so."""
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert [link.get("rel") for link in feed.findall(f"{A}link")].count("self") == 1
    assert feed.find(f"{A}author/{A}name").text
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated", "published", "summary", "content"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert entry.find(f"{A}link[@rel='alternate']").get("href")
        dt.datetime.strptime(entry.find(f"{A}updated").text, "%Y-%m-%dT%H:%M:%SZ")


def _live(log: Log):
    return [r for r in log.published() if not r.withdrawn]


def test_site_feed_lists_latest_live_responses(sample_site: Path, sample_log: Log) -> None:
    feed = _parse(sample_site / "feed.xml")
    _check_atom(feed)
    live = _live(sample_log)
    entries = feed.findall(f"{A}entry")
    assert len(entries) == min(FEED_SIZE, len(live))
    site_url = "https://foilog.example/"
    assert [e.find(f"{A}link").get("href") for e in entries] == [site_url + r.url for r in live[:FEED_SIZE]]
    for entry, r in zip(entries, live, strict=False):
        assert entry.find(f"{A}title").text == r.data.title
        assert entry.find(f"{A}summary").text == (r.data.summary or r.data.title)
        assert entry.find(f"{A}published").text == f"{r.published_on.isoformat()}T00:00:00Z"
        assert entry.find(f"{A}updated").text == f"{response_updated(r).isoformat()}T00:00:00Z"
        assert entry.find(f"{A}id").text == entry_id(r, site_url)
        content = entry.find(f"{A}content").text
        assert r.reference in content and r.data.responded.strftime("%B %Y") in content
    assert feed.find(f"{A}updated").text == max(e.find(f"{A}updated").text for e in entries)
    assert feed.find(f"{A}link[@rel='self']").get("href") == site_url + "feed.xml"


def test_corrected_response_updated_is_its_correction(sample_log: Log) -> None:
    corrected = [r for r in _live(sample_log) if r.data.corrections]
    assert corrected, "the sample log must hold a corrected response"
    for r in corrected:
        assert response_updated(r) == max(c.date for c in r.data.corrections) > r.data.responded


def test_topic_feeds_match_topic_indexes(sample_site: Path, sample_log: Log) -> None:
    idx = build_indexes(sample_log)
    assert sample_log.topics
    for topic_id, topic in sample_log.topics.items():
        feed = _parse(sample_site / "topics" / topic_id / "feed.xml")
        _check_atom(feed)
        assert topic.title in feed.find(f"{A}title").text
        refs = [e.find(f"{A}link").get("href").rsplit("/", 2)[-2] for e in feed.findall(f"{A}entry")]
        assert refs == [r.slug for r in idx.by_topic.get(topic_id, [])[:FEED_SIZE]]
        assert feed.find(f"{A}link[@rel='self']").get("href") == f"https://foilog.example/topics/{topic_id}/feed.xml"


def test_withdrawn_and_embargoed_are_in_no_feed(sample_site: Path, sample_log: Log) -> None:
    hidden = [r for r in sample_log.responses if r.withdrawn or r.embargoed(sample_log.today)]
    assert any(r.withdrawn for r in hidden) and any(r.embargoed(sample_log.today) for r in hidden)
    feeds = [sample_site / "feed.xml", *(sample_site / "topics").glob("*/feed.xml")]
    for path in feeds:
        text = path.read_text("utf-8")
        for r in hidden:
            assert r.slug not in text and r.reference not in text, f"{r.reference} in {path}"


def test_pages_link_to_feeds(sample_site: Path, sample_log: Log) -> None:
    def alternates(url: str) -> list[str]:
        tags = parse(page(sample_site, url)).tags
        return [a["href"] for t, a in tags if t == "link" and a.get("type") == "application/atom+xml" and a.get("rel") == "alternate"]

    assert alternates("") == ["feed.xml"]
    r = _live(sample_log)[0]
    assert alternates(r.url) == ["../../../feed.xml"]
    topic_id = next(iter(sample_log.topics))
    assert alternates(f"topics/{topic_id}/") == ["../../feed.xml", "feed.xml"]
    assert alternates("topics/") == ["../feed.xml"]


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Log]:
    """A site without site_url whose response text needs escaping."""
    root = tmp_path_factory.mktemp("feeds")
    builder = LogBuilder(root / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.topic("road-safety", 'Roads "and" <bridges> & more', "Roads, gritting and bridges.")
    yml = variant("title: Gritting routes on rural roads", "title: 'Roads <b>&amp; \"bridges\" ]]> café'")
    yml = variant("summary: The requester", "summary: <script>alert(1)</script> & The requester", yml)
    builder.valid(yml, attachments=dict(VALID_ATTACHMENTS))
    site = build(builder.config, root / "site")
    return site, load_log(load_project(builder.config), TODAY)


def test_text_is_escaped_and_round_trips(tricky: tuple[Path, Log]) -> None:
    site, log = tricky
    r = log.responses[0]
    raw = (site / "feed.xml").read_text("utf-8")
    assert "<script>" not in raw and "<b>" not in raw
    entry = _parse(site / "feed.xml").find(f"{A}entry")
    assert entry.find(f"{A}title").text == 'Roads <b>&amp; "bridges" ]]> café'
    assert entry.find(f"{A}summary").text == r.data.summary
    assert entry.find(f"{A}category").get("label") == 'Roads "and" <bridges> & more'
    assert 'label="Roads &quot;and&quot; &lt;bridges&gt; &amp; more"' in raw
    content = entry.find(f"{A}content")
    assert content.get("type") == "html"
    assert "&lt;script&gt;" in content.text and "<script>" not in content.text  # escaped once more inside the HTML


def test_without_site_url_links_are_relative_and_resolve(tricky: tuple[Path, Log]) -> None:
    site, log = tricky
    r = log.responses[0]
    for feed_path in ("feed.xml", "topics/road-safety/feed.xml"):
        feed = _parse(site / feed_path)
        _check_atom(feed)
        assert feed.find(f"{A}link[@rel='self']").get("href") == "feed.xml"
        assert feed.find(f"{A}id").text.startswith("urn:uuid:")
        href = feed.find(f"{A}entry/{A}link").get("href")
        assert "://" not in href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(feed_path), href))
        assert target + "/" == r.url and page(site, r.url).is_file()
    assert _parse(site / "topics/housing/feed.xml").findall(f"{A}entry") == []


def test_entry_id_is_stable_and_independent_of_title(tmp_path: Path) -> None:
    ids = []
    for title in ("Gritting routes on rural roads", "A different title"):
        builder = LogBuilder(tmp_path / title.replace(" ", "-"))
        builder.valid(variant("title: Gritting routes on rural roads", f"title: {title}"))
        log = load_log(load_project(builder.config), TODAY)
        r = log.responses[0]
        ids.append((entry_id(r, None), entry_id(r, "https://log.example/foi/")))
    assert ids[0] == ids[1]
    assert ids[0][1] == "tag:log.example,2026:foi/responses/2026/ncc-foi-26-0042/"


def test_feeds_are_deterministic_and_capped(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    for n in range(FEED_SIZE + 5):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=n)
        ref = f"NCC/FOI/26/{n:04d}"
        yml = VALID_YML.replace("NCC/FOI/26/0042", ref).replace("responded: 2026-09-28", f"responded: {day.isoformat()}")
        yml = yml.replace("received: 2026-09-01", f"received: {(day - dt.timedelta(days=3)).isoformat()}")
        builder.valid(yml, slug=f"ncc-foi-26-{n:04d}")
    log = load_log(load_project(builder.config), TODAY)
    assert log.errors == []
    plan = SimpleNamespace(log=log, indexes=build_indexes(log))
    first = build_feeds(plan, site_url="https://log.example/")  # type: ignore[arg-type]
    second = build_feeds(plan, site_url="https://log.example/")  # type: ignore[arg-type]
    assert first == second
    feed = SafeET.fromstring(first["feed.xml"])
    entries = feed.findall(f"{A}entry")
    assert len(entries) == FEED_SIZE
    newest = dt.date(2026, 1, 5) + dt.timedelta(days=FEED_SIZE + 4)
    assert entries[0].find(f"{A}published").text == f"{newest.isoformat()}T00:00:00Z"
    assert feed.find(f"{A}updated").text == f"{newest.isoformat()}T00:00:00Z"
    assert len(SafeET.fromstring(first["topics/road-safety/feed.xml"]).findall(f"{A}entry")) == FEED_SIZE
    empty = SafeET.fromstring(first["topics/housing/feed.xml"])
    assert empty.find(f"{A}updated").text == feed.find(f"{A}updated").text


def test_a_release_after_an_embargo_is_new_on_its_release_date(tmp_path: Path) -> None:
    """Answered on 2 January, embargoed until 20 November: it is the latest release, not the oldest response.

    Ordered by the response date it fell behind 55 later responses, so it never
    reached the feed (50 entries) or the home page's latest releases.
    """
    from foilog.site.render.pages import Renderer

    builder = LogBuilder(tmp_path / "log")
    for n in range(FEED_SIZE + 5):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=n)
        yml = VALID_YML.replace("NCC/FOI/26/0042", f"NCC/FOI/26/{n:04d}").replace("responded: 2026-09-28", f"responded: {day.isoformat()}")
        yml = yml.replace("received: 2026-09-01", f"received: {(day - dt.timedelta(days=3)).isoformat()}")
        builder.valid(yml, slug=f"ncc-foi-26-{n:04d}")
    released = variant("responded: 2026-09-28", "responded: 2026-01-02\npublish_after: 2026-11-20")
    released = variant("received: 2026-09-01", "received: 2025-12-01", released)
    released = variant("title: Gritting routes on rural roads", "title: Released after an embargo", released)
    builder.valid(released.replace("NCC/FOI/26/0042", "NCC/FOI/26/9999"), slug="ncc-foi-26-9999")
    log = load_log(load_project(builder.config), TODAY)
    assert log.errors == [], [f.as_text() for f in log.errors]
    idx = build_indexes(log)
    url = "responses/2026/ncc-foi-26-9999/"

    r = idx.live[0]
    assert r.url == url and r.published_on == dt.date(2026, 11, 20) and r.data.responded == dt.date(2026, 1, 2)
    assert idx.by_topic["road-safety"][0] is r
    assert idx.by_year[2026][-1] is r, "the year archive keeps the order of the response dates"

    feeds = build_feeds(SimpleNamespace(log=log, indexes=idx), site_url="https://log.example/")  # type: ignore[arg-type]
    for name in ("feed.xml", "topics/road-safety/feed.xml"):
        feed = SafeET.fromstring(feeds[name])
        first = feed.findall(f"{A}entry")[0]
        assert first.find(f"{A}link").get("href") == "https://log.example/" + url, name
        assert first.find(f"{A}published").text == "2026-11-20T00:00:00Z"
        assert first.find(f"{A}updated").text == "2026-11-20T00:00:00Z"
        assert feed.find(f"{A}updated").text == "2026-11-20T00:00:00Z"
        assert "Responded: 2 January 2026" in first.find(f"{A}content").text
        assert "Published: 20 November 2026" in first.find(f"{A}content").text

    home = Renderer(log, idx).home_sections()
    latest = home.split('id="latest"', 1)[1].split('id="browse"', 1)[0]
    assert latest.count("<li>") == log.project.settings.latest
    assert latest.index("Released after an embargo") < latest.index("<li>", latest.index("<li>") + 1)
    assert '· published <time datetime="2026-11-20">20 November 2026</time>' in latest


def test_xml_text_drops_forbidden_characters() -> None:
    assert xml_text("a\x00b\x0bc\td\ne\ud800f\ufffe") == "abc\td\nef"
