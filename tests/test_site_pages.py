"""The sample log builds into a site with every page at its public URL."""

from __future__ import annotations

import re
import statistics
from html.parser import HTMLParser
from pathlib import Path

from sitetools import all_files, linked_urls, page

from foilog.log.catalogue import catalogue, outcomes
from foilog.log.model import Log
from foilog.site.stats import counted_exemptions


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
        counted = {f"exemptions/{e.slug}/" for e in counted_exemptions(r)}
        pages += sorted(counted)
        for index_url in pages:
            assert r.url in linked_urls(sample_site, index_url), f"{r.reference} missing from /{index_url}"
        # An exemption applied only to neither confirm nor deny lists it too, marked (see foilog.site.stats).
        for index_url in {f"exemptions/{cat.lookup(r.data.regime, u.section).slug}/" for u in r.data.exemptions} - counted:
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
    assert "This response was withdrawn on" in html
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
    assert "70 working days: late by 50 working days (due by 4 October 2019)" in html
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


# -- no request leaves the site ----------------------------------------------------------
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
"""``https://host/…``, ``http://…``, ``//host/…`` (scheme-relative): anything fetched from another host."""
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^\s;)'"]+))""", re.IGNORECASE)
#: Attributes a browser fetches on its own, by tag ("*": any tag).
_FETCHED = {
    "*": ("src", "poster", "background"),
    "object": ("data",),
    "image": ("href", "xlink:href"),  # SVG <image>
    "use": ("href", "xlink:href"),  # SVG <use> of an external sprite
    "feimage": ("href", "xlink:href"),
}
#: <link rel> tokens whose href is fetched when the page loads.
_FETCHED_RELS = ("icon", "preload", "modulepreload", "prefetch", "manifest", "stylesheet", "preconnect", "dns-prefetch", "apple-touch")


def _css_requests(css: str) -> list[str]:
    """Every ``url()`` and ``@import`` target in a stylesheet (comments removed)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return ["".join(m) for m in _CSS_URL.findall(css)] + ["".join(m) for m in _CSS_IMPORT.findall(css)]


class _Requests(HTMLParser):
    """Every URL an HTML document makes the browser fetch while it loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        for name in _FETCHED["*"] + _FETCHED.get(tag, ()):
            if a.get(name):
                self.urls.append((f"<{tag} {name}>", a[name]))
        for name in ("srcset", "imagesrcset"):
            for candidate in a.get(name, "").split(","):
                if candidate.strip():
                    self.urls.append((f"<{tag} {name}>", candidate.split()[0]))
        if tag == "link" and any(token in a.get("rel", "").lower() for token in _FETCHED_RELS) and a.get("href"):
            self.urls.append((f"<link rel={a['rel']}>", a["href"]))
        if a.get("style"):
            self.urls += [(f"<{tag} style>", u) for u in _css_requests(a["style"])]
        self._style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._style = False

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.urls += [("<style>", u) for u in _css_requests(data)]


def third_party_requests(site: Path) -> list[tuple[str, str, str]]:
    """(file, where, URL) of everything in ``site`` that would be fetched from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".htm", ".svg"):
            parser = _Requests()
            parser.feed(path.read_text("utf-8", errors="replace"))
            found += [(rel, where, url) for where, url in parser.urls if _EXTERNAL.match(url)]
        elif path.suffix == ".css":
            found += [(rel, "css", url) for url in _css_requests(path.read_text("utf-8", errors="replace")) if _EXTERNAL.match(url)]
    return found


def test_no_third_party_requests(sample_site: Path) -> None:
    assert list(sample_site.rglob("*.css")) and list(sample_site.rglob("*.html"))
    assert third_party_requests(sample_site) == []


def test_third_party_request_check_finds_every_kind(tmp_path: Path) -> None:
    """The check above must catch each way a page or stylesheet can fetch from another host."""
    (tmp_path / "index.html").write_text(
        """<!doctype html><html><head>
<link rel="icon" href="https://a.example/favicon.ico">
<link rel="apple-touch-icon" href="https://b.example/icon.png">
<link rel="preload" as="font" href="//c.example/font.woff2">
<link rel="modulepreload" href="https://d.example/m.js">
<link rel="manifest" href="https://e.example/site.webmanifest">
<link rel="alternate stylesheet" href="https://f.example/alt.css">
<link rel="alternate" type="application/atom+xml" href="https://feeds.example/ok.xml">
<style>@import "https://g.example/imported.css"; body{background:url('https://h.example/bg.png')}</style>
</head><body>
<img src="local.png" srcset="local.png 1x, https://i.example/big.png 2x">
<picture><source srcset="https://j.example/p.webp"></picture>
<svg><image href="https://k.example/pic.png"/><image xlink:href="https://l.example/pic.png"/></svg>
<div style="background-image:url(https://m.example/div.png)"></div>
<video poster="https://n.example/poster.jpg"></video>
<a href="https://links.example/are-not-requests">a link</a>
<img src="data:image/png;base64,AAAA">
</body></html>""",
        encoding="utf-8",
    )
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text(
        "/* url(https://commented.example/x.png) */\n@import url(https://o.example/x.css);\n"
        '.a{background:url( "https://p.example/y.png" )}\n.b{mask:url(data:image/svg+xml;charset=utf-8,<svg/>)}\n'
        '@font-face{src:url("../fonts/local.woff2")}',
        encoding="utf-8",
    )
    hosts = {re.sub(r"^(?:https?:)?//([^/]+)/.*$", r"\1", url) for _, _, url in third_party_requests(tmp_path)}
    assert hosts == {f"{c}.example" for c in "abcdefghijklmnop"}


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
