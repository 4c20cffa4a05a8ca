"""Stage 7, publish: the files written beside the built pages.

Called once the site engine has written every page (the MkDocs plugin's
``on_post_build``): :func:`write_data_outputs` writes the Atom feeds
(:mod:`.feeds`), open data (:mod:`.opendata`), and the sitemap with
``robots.txt`` (:mod:`.sitemap`, which replaces MkDocs' own sitemap). The
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

from .feeds import write_feeds
from .opendata import write_open_data
from .sitemap import write_sitemaps

if TYPE_CHECKING:
    from ..pipeline import Plan

__all__ = ["normalise_site_url", "write_data_outputs"]


def normalise_site_url(site_url: str | None) -> str | None:
    """``https://log.example`` -> ``https://log.example/``; empty -> None."""
    if not site_url or not site_url.strip():
        return None
    site_url = site_url.strip()
    return site_url if site_url.endswith("/") else site_url + "/"


def write_data_outputs(plan: Plan, site_dir: Path, *, site_url: str | None) -> None:
    """Feeds, open data, sitemap and robots.txt: everything but the search index."""
    url = normalise_site_url(site_url)
    write_feeds(plan, site_dir, site_url=url)
    write_open_data(plan, site_dir, site_url=url)
    write_sitemaps(site_dir, plan.log, plan.indexes.pages, site_url=url, redirects=[old for old, _ in plan.redirects])
