"""The build pipeline, in order: load, validate, (scan), index, render.

Everything is read and checked before anything is written (like
``mkdocs.commands.build``). The result, a :class:`Plan`, is what the site
engine needs: the pages, the files to copy, the stylesheet. It is engine
agnostic; :mod:`foilog.plugin` hands it to MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .findings import Finding
from .indexes import Indexes, build_indexes
from .load import load_log
from .model import Log
from .render.pages import GeneratedPage, Renderer
from .settings import Project, SiteSettings


@dataclass
class Plan:
    """What one build publishes."""

    log: Log
    indexes: Indexes
    pages: list[GeneratedPage] = field(default_factory=list)
    static_files: list[tuple[str, Path]] = field(default_factory=list)
    """(site path, source file) pairs: the attachments of published responses."""
    stylesheet: str = ""
    home_html: str = ""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.log.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.log.findings if not f.is_error]


def stylesheet(settings: SiteSettings) -> str:
    """The site's CSS: the authority's colour, then foilog's layout rules."""
    colour = settings.colour
    base = resources.files("foilog").joinpath("assets/foilog.css").read_text("utf-8")
    return (
        f":root{{--md-primary-fg-color:{colour};--md-primary-fg-color--light:{colour};"
        f"--md-primary-fg-color--dark:{colour};--md-accent-fg-color:{colour};--foilog-colour:{colour}}}\n" + base
    )


def plan_site(root: Path, docs_dir: Path, settings: SiteSettings, site_name: str, today: dt.date | None, topics_intro: str = "") -> Plan:
    """Load, validate and render the whole log; pages are empty when there are errors."""
    project = Project(root=root, docs_dir=docs_dir, responses_dir=root / settings.responses_dir, site_name=site_name, settings=settings)
    log = load_log(project, today)
    indexes = build_indexes(log)
    plan = Plan(log=log, indexes=indexes, stylesheet=stylesheet(settings))
    if plan.errors:
        return plan
    renderer = Renderer(log, indexes, overrides=root / "overrides" / "foilog")
    plan.pages = list(renderer.all_pages(topics_intro))
    plan.home_html = renderer.home_sections()
    for r in indexes.pages:
        if r.withdrawn:
            continue  # the tombstone keeps its URL; the files go
        for attachment in r.data.attachments:
            plan.static_files.append((f"{r.url}{attachment.path}", r.folder / attachment.path))
    return plan
