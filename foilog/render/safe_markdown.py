"""Markdown from responses to safe HTML.

Answers and ``response.md`` are written by people, often pasted from Word.
Python-Markdown passes raw HTML and ``javascript:`` links straight through, so
its output goes through nh3 (the Ammonia sanitiser) with a small allowlist:
the structure a letter needs (headings, lists, tables, links, emphasis) and
nothing that runs, loads from elsewhere, or styles the page. Images are not
allowed in answers: an external image is a third-party request at view time.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> Markup:
    """Keep only allowlisted tags, attributes and URL schemes; the result is safe to insert."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - this is the sanitiser


class SafeMarkdown:
    """Reusable converters (creating Markdown objects is the slow part).

    ``heading_level`` is the level the text's *top* headings get, whatever
    the author used: with 3, a letter whose sections are ``##`` gets
    ``<h3>`` sections, so nothing competes with the page's own title and the
    outline has no gaps (WCAG: headings in order).
    """

    def __init__(self, heading_level: int = 2) -> None:
        self.heading_level = heading_level
        self._converters: dict[int, markdown.Markdown] = {}

    def _converter(self, base_level: int) -> markdown.Markdown:
        md = self._converters.get(base_level)
        if md is None:
            md = markdown.Markdown(
                extensions=["tables", "sane_lists", "fenced_code", "toc"],
                extension_configs={"toc": {"baselevel": base_level, "permalink": False}},
                output_format="html",
            )
            self._converters[base_level] = md
        return md

    def convert(self, text: str, *, id_prefix: str = "") -> Markup:
        """Markdown -> sanitised HTML. ``id_prefix`` keeps heading ids unique on a page."""
        levels = [len(m.group(1)) for m in _ATX_HEADING.finditer(text)]
        top = min(levels) if levels else 1
        md = self._converter(max(1, self.heading_level - top + 1))
        md.reset()
        html = md.convert(text)
        if id_prefix:
            html = html.replace(' id="', f' id="{id_prefix}')
        return sanitise(html)
