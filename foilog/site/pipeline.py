"""The build pipeline, in order: load, validate, (scan), index, render.

Everything is read and checked before anything is written (like
``mkdocs.commands.build``). The result, a :class:`Plan`, is what the site
engine needs: the pages, the files to copy, the stylesheet. It is engine
agnostic; :class:`foilog.engine.session.BuildSession` hands it to the site engine.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from foilog.gate.leakgate import Gate, ScanResult, make_gate, scan_log
from foilog.gate.sweep_acks import SiteAcknowledgements, site_acknowledgements
from foilog.log.colours import AA_NORMAL_TEXT, DARK_BACKGROUND, LIGHT_BACKGROUND, contrast_with_white, readable_on
from foilog.log.findings import Finding
from foilog.log.load import load_log
from foilog.log.model import Log, Response
from foilog.log.settings import Project, SiteSettings
from foilog.log.urls import response_url, slugify
from foilog.log.validate import attachment_file
from foilog.site.indexes import Indexes, build_indexes
from foilog.site.publish.search import searchable_text
from foilog.site.render.pages import AttachmentFactsView, GeneratedPage, Renderer, RenderRefused, relative
from foilog.site.render.rendition_pages import renders_at, rendition_page_html, rendition_path
from foilog.site.render.statement import not_accessible_html
from foilog.workers.stagetimes import stage

if TYPE_CHECKING:
    from foilog.site.render.markdown_ahead import MarkdownAhead
    from foilog.site.render.safe_markdown import SafeMarkdown


@dataclass
class Plan:
    """What one build publishes."""

    log: Log
    indexes: Indexes
    scan: ScanResult
    pages: list[GeneratedPage] = field(default_factory=list)
    static_files: list[tuple[str, Path]] = field(default_factory=list)
    """(site path, source file) pairs: the attachments of published responses."""
    redirects: list[tuple[str, str]] = field(default_factory=list)
    """(old URL, new URL) pairs: a renamed reference keeps its old address working."""
    stylesheet: str = ""
    home_html: str = ""
    """HTML appended to the hand-written home page (a plain str: never concatenate Markup with page HTML)."""
    statement_html: Callable[[str], str] = lambda url: ""
    """The accessibility statement's list of documents that are not accessible, linked from the page at a URL (replaces its marker)."""

    @property
    def findings(self) -> list[Finding]:
        return self.log.findings + self.scan.findings

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        """Warnings, and acknowledged findings (listed for reviewers)."""
        return [f for f in self.findings if not f.is_error]

    def acknowledgements(self) -> SiteAcknowledgements:
        """Every response's acknowledgements, for the post-build sweep: each holds for that response's own pages and text."""
        return site_acknowledgements(self.log)

    def attachment_facts(self, response: Response, path: str) -> AttachmentFactsView | None:
        report = self.scan.attachments.get(f"{response.rel_folder}/{path}")
        if report is None or report.facts is None:
            return None
        return AttachmentFactsView(report.facts.media_type, report.facts.size, report.facts.pages)

    def has_rendition(self, response: Response, path: str) -> bool:
        """Whether an attachment gets a web page version: a CSV, XLSX or DOCX within the size limit that search may index.

        The search index's rule, to the letter (:func:`searchable_text`): nothing hidden or unsafe reported in the
        file, so nothing a reader of the file cannot see reaches its web page version either.
        """
        report = self.scan.attachments.get(f"{response.rel_folder}/{path}")
        if report is None or report.facts is None or not renders_at(path, report.facts.size):
            return False  # the size the gate read, so the file is not opened again (as :func:`has_rendition` would)
        return searchable_text(report, response.data.acknowledgements) is not None


NEAR_BLACK = "#0b0c0c"
"""Page titles' colour when the authority's colour is too light to be read on white (GOV.UK's text colour)."""


def stylesheet(settings: SiteSettings) -> str:
    """The site's CSS: the authority's colour (and the titles', that colour when it can be read on white), then foilog's rules.

    The charts' bars take the colour too, made readable on each scheme's
    background (:func:`foilog.log.colours.readable_on`).
    """
    colour = settings.colour
    heading = colour if contrast_with_white(colour) >= AA_NORMAL_TEXT else NEAR_BLACK
    light, dark = readable_on(colour, LIGHT_BACKGROUND), readable_on(colour, DARK_BACKGROUND)
    base = resources.files("foilog").joinpath("assets/foilog.css").read_text("utf-8")
    return (
        f":root{{--md-primary-fg-color:{colour};--md-primary-fg-color--light:{colour};"
        f"--md-primary-fg-color--dark:{colour};--md-accent-fg-color:{colour};--foilog-colour:{colour};"
        f"--foilog-heading:{heading};--foilog-chart-colour:{light}}}\n"
        f"[data-md-color-scheme=slate]{{--foilog-chart-colour:{dark}}}\n" + base
    )


def redirect_html(old_url: str, new_url: str) -> str:
    """A static page that sends browsers (and search engines) from ``old_url`` to ``new_url``."""
    target = html.escape(relative(old_url, new_url), quote=True)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>This response has moved</title>\n'
        f'<link rel="canonical" href="{target}">\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n</head>\n'
        f'<body>\n<p>This response has moved to <a href="{target}">its new address</a>.</p>\n</body>\n</html>\n'
    )


def check_project(project: Project, today: dt.date | None, gate: Gate | None = None) -> tuple[Log, ScanResult]:
    """Stages 1-3: load, validate, scan. What `foilog check` runs and the build starts with."""
    log = load_log(project, today)
    gate = gate or make_gate(project.settings, cache_root=project.root)
    with stage("scan: text and attachments"):
        return log, scan_log(log, gate)


def plan_site(
    project: Project,
    today: dt.date | None,
    *,
    gate: Gate | None = None,
    topics_intro: str = "",
    markdown: SafeMarkdown | MarkdownAhead | None = None,
) -> Plan:
    """Load, validate, scan, index and render the whole log; no pages when there are errors.

    ``markdown`` converts response pages' Markdown (the build's may convert it ahead on another core).
    """
    log, scan = check_project(project, today, gate)
    with stage("index"):
        indexes = build_indexes(log)
    plan = Plan(log=log, indexes=indexes, scan=scan, stylesheet=stylesheet(project.settings))
    if plan.errors:
        return plan
    root = project.root
    renderer = Renderer(
        log, indexes, overrides=root / "overrides" / "foilog", facts=plan.attachment_facts, renditions=plan.has_rendition, markdown=markdown
    )
    try:
        with stage("render: plan every page"):
            plan.pages = list(renderer.all_pages(topics_intro))
    except RenderRefused as exc:
        log.findings.append(exc.finding)  # a finding like any other: the build refuses with it
        return plan
    plan.home_html = str(renderer.home_sections())
    live = [r for r in indexes.pages if not r.withdrawn]
    plan.statement_html = partial(not_accessible_html, scan.findings, live)
    for r in indexes.pages:
        for previous in r.data.previous_references:
            plan.redirects.append((response_url(r.year, slugify(previous)), r.url))
        if r.withdrawn:
            continue  # the tombstone keeps its URL; the files go
        for attachment in r.data.attachments:
            source = attachment_file(r, attachment.path)
            if source is not None:
                plan.static_files.append((f"{r.url}{attachment.path}", source))
                if plan.has_rendition(r, attachment.path):
                    plan.pages.append(_rendition_page(r, attachment.path, attachment.title, source))
    return plan


def _rendition_page(r: Response, path: str, title: str, source: Path) -> GeneratedPage:
    """The web page version of an attachment the gate inspected and passed (rendered when the page is written)."""
    name = path.rpartition("/")[2]
    return GeneratedPage(
        f"{r.url}{rendition_path(path)}",
        f"{title}: web page version",
        f"A web page version of {name}, an attachment to the response {r.reference}.",
        lambda: rendition_page_html(r, path, title, source),
        "rendition",
    )
