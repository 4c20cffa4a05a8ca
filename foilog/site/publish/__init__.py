"""Stage 7, publish: the files written beside the built pages.

:func:`write_data_outputs` writes the Atom feeds (:mod:`.feeds`), open data
(:mod:`.opendata`), and the sitemap with ``robots.txt`` (:mod:`.sitemap`,
which replaces MkDocs' own sitemap). The MkDocs plugin writes the first two
(:func:`write_data_files`) as soon as the site is planned, the sitemap once
every page is written (:func:`write_site_maps`). The
Pagefind search index (:mod:`.search`) is fed while pages are written and
finished beside these. Nothing here imports MkDocs.

Every output is a function of the data alone (no build timestamps), so two
builds of the same log are byte-identical, and every step is linear in the
number of responses. Embargoed responses never reach :attr:`Plan.indexes`;
withdrawn ones leave the feeds and appear in the open data only as a row
saying they were withdrawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from foilog.log.urls import topic_url
from foilog.site.publish.feeds import write_feeds
from foilog.site.publish.opendata import write_open_data
from foilog.site.publish.sitemap import write_sitemaps
from foilog.workers.stagetimes import stage

if TYPE_CHECKING:
    from foilog.site.pipeline import Plan

__all__ = ["normalise_site_url", "write_data_files", "write_data_outputs", "write_site_maps"]


def normalise_site_url(site_url: str | None) -> str | None:
    """``https://log.example`` -> ``https://log.example/``; empty -> None."""
    if not site_url or not site_url.strip():
        return None
    site_url = site_url.strip()
    return site_url if site_url.endswith("/") else site_url + "/"


def write_data_files(plan: Plan, site_dir: Path, *, site_url: str | None) -> list[str]:
    """Feeds and open data (their site paths): they need the plan only, so the build writes them before its pages.

    (The leak sweep then reads them on the other core while the pages are
    rendered, instead of after: at 50,000 responses they are 180 MB.)
    """
    url = normalise_site_url(site_url)
    with stage("data files: feeds and open data"):
        return write_feeds(plan, site_dir, site_url=url) + write_open_data(plan, site_dir, site_url=url)


def write_site_maps(plan: Plan, site_dir: Path, *, site_url: str | None) -> None:
    """The sitemap and robots.txt, after the site engine (MkDocs writes its own sitemap, which this replaces)."""
    url = normalise_site_url(site_url)
    with stage("data files: sitemaps"):
        write_sitemaps(
            site_dir,
            plan.log,
            plan.indexes.pages,
            site_url=url,
            redirects=[old for old, _ in plan.redirects],
            unlisted=[topic_url(topic_id) for topic_id in plan.indexes.empty_topics],
        )


def write_data_outputs(plan: Plan, site_dir: Path, *, site_url: str | None) -> None:
    """Feeds, open data, sitemap and robots.txt: everything but the search index."""
    write_data_files(plan, site_dir, site_url=site_url)
    write_site_maps(plan, site_dir, site_url=site_url)
