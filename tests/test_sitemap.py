"""sitemap.xml (split past 50,000 URLs) and robots.txt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from defusedxml import ElementTree as SafeET

from foilog.log.model import Log
from foilog.site.publish.sitemap import MAX_URLS, build_sitemaps, page_urls, response_lastmod, robots_txt, sitemap_entries

S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://log.example/"


def _urls(data: bytes) -> list[tuple[str, str | None]]:
    root = SafeET.fromstring(data)
    assert root.tag == f"{S}urlset"
    out = []
    for url in root.findall(f"{S}url"):
        lastmod = url.find(f"{S}lastmod")
        out.append((url.find(f"{S}loc").text, lastmod.text if lastmod is not None else None))
    return out


def test_small_site_is_one_sitemap() -> None:
    entries = [("", None), ("about/", None), ("responses/2026/a/", dt.date(2026, 3, 1))]
    files = build_sitemaps(entries, SITE_URL)
    assert list(files) == ["sitemap.xml"]
    assert _urls(files["sitemap.xml"]) == [
        ("https://log.example/", None),
        ("https://log.example/about/", None),
        ("https://log.example/responses/2026/a/", "2026-03-01"),
    ]


def test_more_than_fifty_thousand_urls_are_split_with_an_index() -> None:
    n = 2 * MAX_URLS + 123
    entries = [(f"responses/{2000 + i % 20}/r-{i:06d}/", dt.date(2000 + i % 20, 1 + i % 12, 1 + i % 28)) for i in range(n)]
    entries.append(("statistics/", None))
    files = build_sitemaps(entries, SITE_URL)
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = SafeET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{S}sitemapindex"
    locs = [s.find(f"{S}loc").text for s in index.findall(f"{S}sitemap")]
    assert locs == [f"{SITE_URL}sitemap-{k}.xml" for k in (1, 2, 3)]
    found = []
    for k in (1, 2, 3):
        urls = _urls(files[f"sitemap-{k}.xml"])
        assert len(urls) <= MAX_URLS
        assert len(files[f"sitemap-{k}.xml"]) <= 50 * 1024 * 1024
        found += urls
        expected_lastmod = max(d for _, d in urls if d is not None)
        assert index.findall(f"{S}sitemap")[k - 1].find(f"{S}lastmod").text == expected_lastmod
    assert len(found) == n + 1
    assert [loc for loc, _ in found] == [SITE_URL + path for path, _ in entries]
    assert found[-1] == (SITE_URL + "statistics/", None)
    assert build_sitemaps(entries, SITE_URL) == files  # deterministic


def test_byte_limit_also_splits() -> None:
    entries = [(f"page-{i}/", None) for i in range(100)]
    files = build_sitemaps(entries, SITE_URL, max_bytes=2000)
    parts = [name for name in files if name != "sitemap.xml"]
    assert len(parts) > 1
    assert all(len(files[name]) <= 2000 for name in parts)
    assert sum(len(_urls(files[name])) for name in parts) == 100


def test_urls_are_encoded_and_escaped() -> None:
    files = build_sitemaps([("a b/", None), ("café/", None), ("q&a/", None), ("50%/", None)], SITE_URL)
    text = files["sitemap.xml"].decode("utf-8")
    assert "q&amp;a/" in text
    assert [loc for loc, _ in _urls(files["sitemap.xml"])] == [
        "https://log.example/a%20b/",
        "https://log.example/caf%C3%A9/",
        "https://log.example/q&a/",
        "https://log.example/50%25/",
    ]


def test_robots_txt() -> None:
    assert robots_txt(None) == b"User-agent: *\nAllow: /\n"
    assert robots_txt(SITE_URL).endswith(b"\nSitemap: https://log.example/sitemap.xml\n")


def test_page_urls_and_entries(tmp_path: Path, sample_log: Log) -> None:
    published = sample_log.published()
    embargoed = [r for r in sample_log.responses if r.embargoed(sample_log.today)]
    withdrawn = [r for r in published if r.withdrawn]
    for url in ["", "about/", published[0].url, embargoed[0].url, withdrawn[0].url]:
        (tmp_path / url).mkdir(parents=True, exist_ok=True)
        (tmp_path / url / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "404.html").write_text("x", encoding="utf-8")
    urls = page_urls(tmp_path)
    assert urls == sorted(["", "about/", published[0].url, embargoed[0].url, withdrawn[0].url])
    entries = dict(sitemap_entries(urls, sample_log, published))
    assert embargoed[0].url not in entries
    assert withdrawn[0].url not in entries, "a withdrawn response left every index: its tombstone is not listed"
    assert entries[published[0].url] == response_lastmod(published[0])
    assert entries["about/"] is None


def test_sample_site_sitemap(sample_site: Path, sample_log: Log) -> None:
    assert not (sample_site / "sitemap.xml.gz").exists()
    urls = dict(_urls((sample_site / "sitemap.xml").read_bytes()))
    base = "https://foilog.example/"
    live = [r for r in sample_log.published() if not r.withdrawn]
    for r in live:
        assert urls[base + r.url] == response_lastmod(r).isoformat()
    withdrawn = [r for r in sample_log.published() if r.withdrawn]
    assert withdrawn and not [r for r in withdrawn if base + r.url in urls]
    assert (sample_site / withdrawn[0].url / "index.html").is_file(), "the tombstone keeps its URL"
    for r in sample_log.responses:
        if r.embargoed(sample_log.today):
            assert base + r.url not in urls
    assert urls[base + "statistics/"] is None and urls[base] is None
    assert all(loc.startswith(base) for loc in urls)
    robots = (sample_site / "robots.txt").read_text("utf-8")
    assert robots.startswith("User-agent: *\nAllow: /\n") and "Sitemap: https://foilog.example/sitemap.xml" in robots


def test_lastmod_is_the_publication_date_or_a_later_correction(sample_log: Log) -> None:
    """An embargoed response changes on its release day, not on its (earlier) response date."""
    released = next(r for r in sample_log.responses if r.data.publish_after)
    assert response_lastmod(released) == released.data.publish_after > released.data.responded
    corrected = next(r for r in sample_log.published() if r.data.corrections)
    assert response_lastmod(corrected) == max(c.date for c in corrected.data.corrections)


def test_write_replaces_mkdocs_sitemap_and_keeps_own_robots(tmp_path: Path, sample_log: Log) -> None:
    from foilog.site.publish.sitemap import write_sitemaps

    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    for name in ("sitemap.xml", "sitemap.xml.gz", "sitemap-7.xml"):
        (tmp_path / name).write_bytes(b"old")
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", encoding="utf-8")
    written = write_sitemaps(tmp_path, sample_log, sample_log.published(), site_url=SITE_URL)
    assert written == ["sitemap.xml", "robots.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "robots.txt", "sitemap.xml"]
    assert _urls((tmp_path / "sitemap.xml").read_bytes()) == [(SITE_URL, None)]
    robots = (tmp_path / "robots.txt").read_text("utf-8")
    assert robots == "User-agent: *\nDisallow: /drafts/\n\nSitemap: https://log.example/sitemap.xml\n"
    write_sitemaps(tmp_path, sample_log, sample_log.published(), site_url=None)
    assert not (tmp_path / "sitemap.xml").exists()
