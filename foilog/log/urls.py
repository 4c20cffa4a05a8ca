"""Every public URL in one place: they are a contract (people link to them).

See the guide, section 3. All functions return site-relative paths with a
trailing slash (directory URLs), never an absolute URL, so the site works under
any base path.
"""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case, each run of other characters as ``-``: ``01/FOI/19/011430`` -> ``01-foi-19-011430``."""
    return _NON_ALNUM.sub("-", text.lower()).strip("-")


def response_url(year: int, slug: str) -> str:
    return f"responses/{year}/{slug}/"


def response_document_path(year: int, slug: str) -> str:
    """The site path of a response's JSON document: ``data/responses/<year>/<slug>.json`` (its page's address, as data)."""
    return f"data/responses/{year}/{slug}.json"


def topic_url(topic_id: str, page: int = 1) -> str:
    return f"topics/{topic_id}/" + (f"page/{page}/" if page > 1 else "")


def exemption_url(exemption_slug: str, page: int = 1) -> str:
    return f"exemptions/{exemption_slug}/" + (f"page/{page}/" if page > 1 else "")


def outcome_url(outcome_id: str, page: int = 1) -> str:
    return f"outcomes/{outcome_id}/" + (f"page/{page}/" if page > 1 else "")


def authority_url(authority_id: str, page: int = 1) -> str:
    return f"authorities/{authority_id}/" + (f"page/{page}/" if page > 1 else "")


def archive_url(year: int, page: int = 1) -> str:
    return f"archive/{year}/" + (f"page/{page}/" if page > 1 else "")


def feed_url(index_url: str) -> str:
    """The Atom feed of an index (topic, exemption, outcome, authority): ``feed.xml`` in its first page's folder.

    ``feed_url(topic_url("housing"))`` is ``topics/housing/feed.xml``, the
    topic feeds' address since they were first published; the other indexes
    follow the same rule so a reader can guess one from the other.
    """
    return f"{index_url}feed.xml"


def relative(here: str, target: str) -> str:
    """Link from page ``here`` to ``target`` (both site-relative directory URLs)."""
    return "../" * here.count("/") + target if (here or target) else "./"
