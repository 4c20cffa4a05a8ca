"""The sample log builds into a site with every page at its public URL."""

from __future__ import annotations

import statistics
from pathlib import Path

from sitetools import all_files, linked_urls, page, parse

from foilog.catalogue import catalogue, outcomes
from foilog.model import Log


def test_every_index_page_exists(sample_site: Path, sample_log: Log) -> None:
    urls = ["", "topics/", "exemptions/", "outcomes/", "archive/", "authorities/", "corrections/",
            "about/", "how-to-request/", "accessibility/", "licence/"]  # fmt: skip
    urls += [f"topics/{t}/" for t in sample_log.topics]
    urls += [f"outcomes/{o}/" for o in outcomes()]
    urls += [f"exemptions/{e.slug}/" for e in catalogue().entries]
    urls += [f"authorities/{a.id}/" for a in sample_log.project.settings.authorities]
    urls += [f"archive/{r.year}/" for r in sample_log.published() if not r.withdrawn]
    missing = [u for u in urls if not page(sample_site, u).is_file()]
    assert missing == []


def test_each_response_is_on_its_index_pages(sample_site: Path, sample_log: Log) -> None:
    live = [r for r in sample_log.published() if not r.withdrawn]
    assert len(live) >= 12
    cat = catalogue()
    for r in live:
        assert page(sample_site, r.url).is_file(), r.url
        pages = [f"topics/{t}/" for t in r.data.topics] + [
            f"outcomes/{r.data.outcome}/",
            f"archive/{r.year}/",
            f"authorities/{r.authority}/",
        ]
        pages += [f"exemptions/{cat.lookup(r.data.regime, u.section).slug}/" for u in r.data.exemptions]
        for index_url in pages:
            assert r.url in linked_urls(sample_site, index_url), f"{r.reference} missing from /{index_url}"


def test_home_lists_latest_newest_first_with_search_and_counts(sample_site: Path, sample_log: Log) -> None:
    live = [r for r in sample_log.published() if not r.withdrawn]
    html = page(sample_site, "").read_text("utf-8")
    assert 'role="search"' in html and 'name="q"' in html
    positions = [html.index(f'href="{r.url}"') for r in live[:20]]
    assert positions == sorted(positions)
    assert f"{len(live)} responses published" in html
    for browse in ("topics/", "outcomes/", "archive/", "exemptions/", "authorities/"):
        assert f'href="{browse}"' in html


def test_embargoed_response_appears_nowhere(sample_site: Path, sample_log: Log) -> None:
    embargoed = [r for r in sample_log.responses if r.embargoed(sample_log.today)]
    assert embargoed, "the sample log must hold an embargoed response"
    for r in embargoed:
        for needle in (r.reference, r.data.title, r.slug):
            hits = [p for p in all_files(sample_site) if needle.encode() in p.read_bytes()]
            assert hits == [], f"{needle!r} leaked into {hits}"


def test_withdrawn_response_is_a_tombstone(sample_site: Path, sample_log: Log) -> None:
    withdrawn = [r for r in sample_log.published() if r.withdrawn]
    assert len(withdrawn) == 1
    r = withdrawn[0]
    html = page(sample_site, r.url).read_text("utf-8")
    assert "This response has been withdrawn" in html
    assert r.data.questions[0].answer.split("\n")[0][:40] not in html
    for attachment in r.data.attachments:
        assert not (sample_site / r.url / attachment.path).exists()
    for index_url in [f"topics/{t}/" for t in r.data.topics] + [f"outcomes/{r.data.outcome}/", ""]:
        assert r.url not in linked_urls(sample_site, index_url)
    assert r.url in linked_urls(sample_site, "corrections/")


def test_corrections_are_listed(sample_site: Path, sample_log: Log) -> None:
    corrected = [r for r in sample_log.published() if r.data.corrections]
    assert corrected
    for r in corrected:
        assert r.url in linked_urls(sample_site, "corrections/")
        assert r.data.corrections[0].note[:30] in page(sample_site, r.url).read_text("utf-8")


def test_response_page_shows_metadata_questions_and_attachments(sample_site: Path, sample_log: Log) -> None:
    seed = next(r for r in sample_log.responses if r.reference == "01/FOI/19/011430")
    html = page(sample_site, seed.url).read_text("utf-8")
    assert "70 working days: late (due by 4 October 2019)" in html
    for number in ("1", "1a", "1b", "1c", "1d", "1e", "1f", "2", "2a", "2b", "3", "4"):
        assert f'<h3 id="q{number}-h">Question {number}</h3>' in html
    assert "exemptions/foia-s24/" in html and "exemptions/foia-s31/" in html
    with_files = [r for r in sample_log.published() if r.data.attachments and not r.withdrawn]
    assert with_files
    for r in with_files:
        for a in r.data.attachments:
            assert (sample_site / r.url / a.path).read_bytes() == (r.folder / a.path).read_bytes()
            assert f'href="{a.path}"' in page(sample_site, r.url).read_text("utf-8")


def test_typical_response_page_is_small(sample_site: Path, sample_log: Log) -> None:
    sizes = [page(sample_site, r.url).stat().st_size for r in sample_log.published()]
    assert statistics.median(sizes) < 20 * 1024, sizes


def test_no_third_party_requests(sample_site: Path) -> None:
    for html in sample_site.rglob("*.html"):
        doc = parse(html)
        for tag, attrs in doc.tags:
            if tag in ("script", "img", "iframe", "source", "audio", "video") and attrs.get("src"):
                assert "://" not in (attrs["src"] or "") and not (attrs["src"] or "").startswith("//"), (html, attrs)
            if tag == "link" and (attrs.get("rel") or "") in ("stylesheet", "preload", "icon", "preconnect"):
                assert "://" not in (attrs.get("href") or ""), (html, attrs)
    css = "".join(p.read_text("utf-8") for p in sample_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_hand_written_pages_still_work(sample_site: Path) -> None:
    for url in ("about/", "how-to-request/", "accessibility/", "licence/"):
        assert "<h1" in page(sample_site, url).read_text("utf-8")


def test_no_page_shows_escaped_markup(sample_site: Path) -> None:
    """Markup must never be escaped twice (Markup + str escapes the str)."""
    for html in sample_site.rglob("*.html"):
        text = html.read_text("utf-8")
        for sign in ("&lt;p&gt;", "&lt;h1", "&lt;h2", "&lt;a href", "&lt;ul&gt;", "&lt;/p&gt;"):
            assert sign not in text, (html, sign)


def test_home_keeps_its_hand_written_text(sample_site: Path) -> None:
    html = page(sample_site, "").read_text("utf-8")
    assert "<h1" in html and "A disclosure log is where" in html


def test_response_pages_carry_open_graph_and_schema_org(sample_site: Path, sample_log: Log) -> None:
    import json
    import re

    seed = next(r for r in sample_log.responses if r.reference == "01/FOI/19/011430")
    html = page(sample_site, seed.url).read_text("utf-8")
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="https://foilog.example/{seed.url}">' in html
    assert f'<link rel="canonical" href="https://foilog.example/{seed.url}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["identifier"] == "01/FOI/19/011430" and data["datePublished"] == "2019-12-16"
    assert data["publisher"]["name"] == "Metropolitan Police Service"
