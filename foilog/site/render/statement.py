"""The accessibility statement's list of documents that are not accessible, made from the gate's advice.

The regulations ask a statement to list the content that is not accessible and
why. A hand-written statement holds the marker :data:`MARKER` where the list
goes; the build replaces it with the published attachments that have a
``pdf-not-accessible`` finding (a page without the marker is left as it is).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from foilog.gate.attachments.pdf_access import RULE
from foilog.log.findings import Finding
from foilog.log.model import Response

MARKER = "<!-- foilog:documents-not-accessible -->"


def not_accessible_html(findings: Iterable[Finding], published: Iterable[Response], page_url: str) -> str:
    """A list of the published documents that fall short (linked from ``page_url``), or a sentence saying none do."""
    from foilog.site.render.pages import relative

    by_folder = {r.rel_folder: r for r in published}
    items: list[str] = []
    for f in sorted(findings, key=lambda f: f.path):
        if f.rule != RULE:
            continue
        folder, _, path = f.path.partition("/attachments/")
        response = by_folder.get(folder)
        if response is None:
            continue  # an embargoed or withdrawn response's file is not published
        name = path.rpartition("/")[2] or path
        href = relative(page_url, f"{response.url}attachments/{path}")
        reasons = f.extra.get("reasons", "it is not fully accessible")
        items.append(
            f'<li><a href="{html.escape(href, quote=True)}">{html.escape(name)}</a> '
            f"(response {html.escape(response.reference)}): {html.escape(reasons)}.</li>"
        )
    if not items:
        return "<p>We know of no published document that falls short.</p>"
    return '<ul class="foilog-not-accessible">\n' + "\n".join(items) + "\n</ul>"


def fill_statement(html_text: str, statement: Callable[[str], str], url: str) -> str:
    """The page at ``url`` with its marker replaced by the list (``statement(url)``); unchanged without the marker."""
    return html_text.replace(MARKER, statement(url)) if MARKER in html_text else html_text
