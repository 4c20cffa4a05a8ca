"""What a build may publish, and how a preview says it is one. No MkDocs here: the plugin only calls it.

Two kinds of build (:class:`BuildMode`):

* **publish** (the default of ``foilog build``, ``python build_site.py`` and a plain
  ``mkdocs build``): its output may reach the public, so it refuses, besides errors,
  every unacknowledged *warning* that is about personal data (a landline number, a
  staff name signing a letter, a person named in a document's properties). Before
  this, only ``--strict`` stopped them, and a build without it published them.
  Warnings about anything else (a scanned PDF without a text layer, a missing
  ``response.md``) do not stop it: they say nothing about a person.
* **preview** (``foilog build --preview``, ``foilog serve``, ``mkdocs serve``): allows
  those warnings, and says so on every page (:func:`mark_page`: a visible banner and
  ``noindex``) and in the site (:data:`PREVIEW_MARKER`, which the deploy workflow
  refuses), so a preview can never pass for the real site.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from foilog.log.findings import Category, Finding, Severity

__all__ = [
    "BANNER_TEXT",
    "PREVIEW_MARKER",
    "PREVIEW_META",
    "BuildMode",
    "blocking_findings",
    "holds_personal_data",
    "is_marked",
    "mark_page",
    "mode_fingerprint",
    "refusal",
    "write_marker",
]


class BuildMode(StrEnum):
    """Whether a build's output may reach the public."""

    PUBLISH = "publish"
    PREVIEW = "preview"


PERSONAL_HIDDEN_RULES = frozenset(
    {"pdf-metadata", "docx-properties", "xlsx-properties", "xlsx-custom-properties", "image-metadata", "image-iptc"}
)
"""Hidden-content rules whose warnings are about a person (document properties that appear to name one).

Other hidden-content warnings (a cut-off line, an unknown part, a scanned page) ask
for a look at the file and say nothing about a person; errors stop every build anyway.
"""

PREVIEW_MARKER = "foilog-preview.json"
"""The file at the root of a preview site; the deploy workflow refuses a site that has it."""
PREVIEW_META = '<meta name="foilog-preview" content="not for publication">'
"""The mark in every page of a preview, for tools that see a page rather than the site."""
_NOINDEX = '<meta name="robots" content="noindex">'
BANNER_TEXT = "Preview — not for publication"
_BANNER = (
    '<aside class="foilog-preview" aria-label="Preview notice">'
    f"<p><strong>{BANNER_TEXT}.</strong> This site was built as a preview: it may show personal data "
    "that the checks warned about. Do not publish or share it.</p></aside>"
)
_STYLE = (
    "<style>.foilog-preview{background:#fff3cd;color:#1a1a1a;border-bottom:3px solid #8a6d00;"
    "padding:.5rem 1rem;font:1rem/1.4 system-ui,sans-serif}.foilog-preview p{margin:0}</style>"
)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BODY = re.compile(r"<body(?:\s[^>]*)?>", re.IGNORECASE)
_ROBOTS_NOINDEX = re.compile(r"""<meta\s+name=["']robots["']\s+content=["'][^"']*noindex""", re.IGNORECASE)


def holds_personal_data(finding: Finding) -> bool:
    """True for a finding about personal data: its category says so, or it is a person named in a file's properties."""
    return finding.category is Category.PERSONAL_DATA or finding.rule in PERSONAL_HIDDEN_RULES


def blocking_findings(findings: Iterable[Finding], mode: BuildMode) -> list[Finding]:
    """The warnings that stop a build in ``mode`` (errors stop every build; they are not listed here).

    A reviewer's acknowledgement (``acknowledgements`` in response.yml) accepts a
    finding in every mode: it was looked at and kept on purpose.
    """
    if mode is BuildMode.PREVIEW:
        return []
    return [f for f in findings if f.severity is Severity.WARNING and f.acknowledged is None and holds_personal_data(f)]


def refusal(findings: list[Finding], *, where: str) -> str:
    """The message of a build that refused ``findings`` (found in ``where``: "the log", "the built site")."""
    lines = "\n  ".join(f.as_text() for f in findings)
    return (
        f"{where} has {len(findings)} personal-data warning(s) that a build for publication refuses; nothing was published:\n"
        f"  {lines}\n"
        "Fix: remove or redact each one, or, if it may be published (a public switchboard number, a named "
        "senior officer), acknowledge it in the response's `acknowledgements` with the reason, or allow it "
        "site-wide in mkdocs.yml (foilog: allowlist:). To look at the site anyway, build a preview: "
        "`foilog build --preview` or `foilog serve` (marked 'not for publication'; the deploy workflow refuses it)."
    )


def mark_page(page: str) -> str:
    """A page of a preview: ``noindex`` and the preview mark at the end of its head, the banner first in its body.

    Text in, text out, so every way foilog writes a page (the theme, the frame
    rendered once, a redirect, the 404 page) gets the same mark. (At the end of
    the head, so ``<meta charset>`` stays in the first 1024 bytes.) A page
    without ``</head>`` and ``<body>`` (not a whole HTML page) is returned unchanged.
    """
    head_end, body = _HEAD_END.search(page), _BODY.search(page)
    if head_end is None or body is None or body.start() < head_end.end() or PREVIEW_META in page:
        return page
    meta = PREVIEW_META + ("" if _ROBOTS_NOINDEX.search(page) else _NOINDEX) + _STYLE
    return page[: head_end.start()] + meta + page[head_end.start() : body.end()] + _BANNER + page[body.end() :]


def is_marked(page: str) -> bool:
    """True when ``page`` carries the preview mark, the banner and ``noindex`` (for tests and checks)."""
    return PREVIEW_META in page and BANNER_TEXT in page and _ROBOTS_NOINDEX.search(page) is not None


def write_marker(site_dir: Path) -> Path:
    """Write :data:`PREVIEW_MARKER` into ``site_dir``: how the deploy workflow tells a preview from a site."""
    path = site_dir / PREVIEW_MARKER
    data = {"preview": True, "message": f"{BANNER_TEXT}: built with `foilog build --preview` or `foilog serve`; never deploy it."}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def mode_fingerprint(shared: str, mode: BuildMode) -> str:
    """``shared`` for a publish build, another value for a preview: neither kind reuses the other's pages."""
    if mode is BuildMode.PUBLISH:
        return shared
    return hashlib.sha256(f"{shared} {mode.value}".encode()).hexdigest()
