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


def relative(here: str, target: str) -> str:
    """Link from page ``here`` to ``target`` (both site-relative directory URLs)."""
    return "../" * here.count("/") + target if (here or target) else "./"
