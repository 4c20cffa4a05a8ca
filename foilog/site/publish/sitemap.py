"""``sitemap.xml`` that stays valid past 50,000 URLs, and ``robots.txt``.

MkDocs writes one ``sitemap.xml`` (and ``sitemap.xml.gz``) for the whole site,
which the sitemaps protocol rejects beyond 50,000 URLs or 50 MB. This module
replaces both: up to :data:`MAX_URLS` pages it writes a single ``sitemap.xml``;
beyond, ``sitemap-1.xml``, ``sitemap-2.xml`` … and a ``sitemap.xml`` index.
No ``.gz`` copy is written (the MkDocs one is removed).

A response page's ``lastmod`` is the latest of its publication date (the
response date, or the end of its embargo when later) and its correction
dates; other pages have none (a build date would make two builds
differ and says nothing about the content). Sitemaps need absolute URLs, so
without ``site_url`` no sitemap is written at all.

Only pages worth finding are listed: not an embargoed response, not a
redirect from an old reference, not a withdrawn response's tombstone
(it keeps its URL so links still explain what happened, but it left every
index; its page says ``noindex``), and not an unlisted page such as a topic
with no published response yet (``noindex`` too).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from foilog.log.model import Log, Response
from foilog.site.review_lists import history_updated

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HEADER = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
_FOOTER = "</urlset>\n"
_URL_SAFE = "/-._~!$&'()*+,;=:@"

SitemapEntry = tuple[str, dt.date | None]
"""(site-relative URL such as ``responses/2019/x/``, lastmod or None)."""


def absolute(site_url: str, path: str) -> str:
    """``site_url`` + ``path``, percent-encoded as RFC 3986 wants (paths come from file names)."""
    return site_url + quote(path, safe=_URL_SAFE)


def response_lastmod(r: Response) -> dt.date:
    """The latest of the publication date, the correction dates and the review and appeal history (the page changes with each)."""
    history = history_updated(r)
    return max([r.published_on, *(c.date for c in r.data.corrections), *([history] if history else [])])


def page_urls(site_dir: Path) -> list[str]:
    """Directory URLs of every page in the built site (each ``index.html``), sorted."""
    urls = []
    for folder, _dirs, files in os.walk(site_dir):
        if "index.html" in files:
            rel = Path(folder).relative_to(site_dir).as_posix()
            urls.append("" if rel == "." else rel + "/")
    return sorted(urls)


def sitemap_entries(
    urls: Iterable[str], log: Log, pages: Sequence[Response], redirects: Iterable[str] = (), unlisted: Iterable[str] = ()
) -> list[SitemapEntry]:
    """``urls`` with the ``lastmod`` of the response pages; embargoed and withdrawn responses' URLs, redirects and ``unlisted`` dropped."""
    live = [r for r in pages if not r.withdrawn]
    lastmod = {r.url: response_lastmod(r) for r in live}
    public = set(lastmod)
    hidden = {r.url for r in log.responses if (r.withdrawn or r.embargoed(log.today)) and r.url not in public}
    hidden.update(redirects)  # old addresses say noindex: only real pages belong in a sitemap
    hidden.update(unlisted)  # so do empty topics' pages
    return [(u, lastmod.get(u)) for u in urls if u not in hidden]


def _url_element(site_url: str, path: str, lastmod: dt.date | None) -> str:
    loc = escape(absolute(site_url, path), {"'": "&apos;", '"': "&quot;"})
    if lastmod is None:
        return f"<url><loc>{loc}</loc></url>\n"
    return f"<url><loc>{loc}</loc><lastmod>{lastmod.isoformat()}</lastmod></url>\n"


def _chunks(elements: list[str], max_urls: int, max_bytes: int) -> list[list[str]]:
    """Split into files of at most ``max_urls`` URLs and ``max_bytes`` bytes each."""
    room = max_bytes - len(_HEADER.encode()) - len(_FOOTER.encode())
    chunks: list[list[str]] = [[]]
    size = 0
    for element in elements:
        length = len(element.encode("utf-8"))
        if chunks[-1] and (len(chunks[-1]) >= max_urls or size + length > room):
            chunks.append([])
            size = 0
        chunks[-1].append(element)
        size += length
    return chunks


def build_sitemaps(
    entries: Sequence[SitemapEntry], site_url: str, *, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES
) -> dict[str, bytes]:
    """The sitemap files by site path: ``sitemap.xml`` alone, or an index and ``sitemap-N.xml``."""
    elements = [_url_element(site_url, path, lastmod) for path, lastmod in entries]
    chunks = _chunks(elements, max_urls, max_bytes)
    if len(chunks) == 1:
        return {"sitemap.xml": (_HEADER + "".join(chunks[0]) + _FOOTER).encode("utf-8")}
    out: dict[str, bytes] = {}
    index = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n']
    start = 0
    for number, chunk in enumerate(chunks, start=1):
        name = f"sitemap-{number}.xml"
        out[name] = (_HEADER + "".join(chunk) + _FOOTER).encode("utf-8")
        dates = [d for _, d in entries[start : start + len(chunk)] if d is not None]
        start += len(chunk)
        lastmod = f"<lastmod>{max(dates).isoformat()}</lastmod>" if dates else ""
        index.append(f"<sitemap><loc>{escape(absolute(site_url, name))}</loc>{lastmod}</sitemap>\n")
    index.append("</sitemapindex>\n")
    return {"sitemap.xml": "".join(index).encode("utf-8"), **out}


def robots_txt(site_url: str | None) -> bytes:
    """Allow everything; point to the sitemap when there is one."""
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        text += f"\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
    return text.encode("utf-8")


def _remove_old(site_dir: Path) -> None:
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)
    for old in site_dir.glob("sitemap-*.xml"):
        if old.stem.removeprefix("sitemap-").isdigit():
            old.unlink()


def write_sitemaps(
    site_dir: Path,
    log: Log,
    pages: Sequence[Response],
    *,
    site_url: str | None,
    redirects: Iterable[str] = (),
    unlisted: Iterable[str] = (),
) -> list[str]:
    """Replace MkDocs' sitemap and write ``robots.txt``; return the site paths written."""
    _remove_old(site_dir)
    written: list[str] = []
    if site_url:
        for name, data in build_sitemaps(sitemap_entries(page_urls(site_dir), log, pages, redirects, unlisted), site_url).items():
            (site_dir / name).write_bytes(data)
            written.append(name)
    robots = site_dir / "robots.txt"
    if robots.exists():
        # The site's own robots.txt (from docs_dir) wins; only add the Sitemap line it lacks.
        text = robots.read_text("utf-8", errors="replace")
        if site_url and "sitemap:" not in text.lower():
            robots.write_bytes((text.rstrip("\n") + f"\n\nSitemap: {absolute(site_url, 'sitemap.xml')}\n").encode("utf-8"))
    else:
        robots.write_bytes(robots_txt(site_url))
    written.append("robots.txt")
    return written
