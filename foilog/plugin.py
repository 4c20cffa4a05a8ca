"""The MkDocs plugin: a thin adapter between MkDocs events and foilog.

Shaped like Material's tags plugin: this module only routes events. Loading,
validation, indexes and rendering live in plain modules that do not import
MkDocs (:mod:`foilog.pipeline`, :mod:`foilog.render`), so the site engine can
be replaced (MkDocs 2.0 drops plugins).

Generated pages are virtual files (``File.generated``) and, except the few
index pages, ``not_in_nav``: MkDocs renders the whole navigation into every
page, so keeping thousands of responses out of it keeps the build linear.
"""

from __future__ import annotations

import datetime as dt
import gc
import html
import json
import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .incremental import Reuse, link_or_copy, plan_reuse, shared_fingerprint
from .leakgate import Gate, make_gate
from .pipeline import Plan, plan_site, redirect_html
from .publish.search import SearchIndexer, SearchIndexError
from .render.pages import GeneratedPage
from .render.prerender import Prerenderer
from .settings import Project, SettingsError, SiteSettings, validate_options
from .sweep import SiteSweeper
from .textscan import load_deny_list

log = logging.getLogger("mkdocs.plugins.foilog")

_THEME_DIR = Path(__file__).parent / "theme"
_ARTICLE_MARK = "<!--foilog:article-->"
"""What a generated page's content is until it is written (:meth:`FoilogPlugin.on_post_page` replaces it)."""
_NAV_PAGES = {
    "topics/index.md",
    "exemptions/index.md",
    "outcomes/index.md",
    "archive/index.md",
    "authorities/index.md",
    "corrections/index.md",
    "statistics/index.md",
    "search/index.md",
}


class FoilogConfig(Config):
    """Every option is validated by :class:`foilog.settings.SiteSettings` (one source of truth)."""

    for _name in SiteSettings.model_fields:
        locals()[_name] = c.Optional(c.Type(object))
    del _name


class FoilogPlugin(BasePlugin[FoilogConfig]):
    """Adds the disclosure log's pages to a MkDocs + Material site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        #: The build date (embargoes end on it): `foilog build --today`, or $FOILOG_TODAY for `foilog serve`.
        self.today: dt.date | None = _today_from_env()
        #: Known names to find (``foilog build --deny-list`` or $FOILOG_DENY_LIST); kept outside the repository.
        self.deny_list: tuple[str, ...] = _deny_list_from_env()
        self.gate: Gate | None = None
        self.settings: SiteSettings | None = None
        self.plan: Plan | None = None
        self.generated: dict[str, GeneratedPage] = {}
        #: Pagefind, fed each page as MkDocs writes it (it indexes on another core meanwhile).
        self.indexer: SearchIndexer | None = None
        #: The leak sweep of the built site, fed each page as MkDocs writes it (also on another core).
        self.sweeper: SiteSweeper | None = None
        #: Response pages rendered ahead on another core (from the last one backwards).
        self.prerender: Prerenderer | None = None
        #: The theme's language (``<html lang>``), escaped for an attribute.
        self.language = "en"
        self._frozen = False
        #: Set by ``foilog build``: the site this build replaces, whose unchanged pages it may reuse.
        self.previous_site: Path | None = None
        #: What this build takes from the previous one, and the manifest it leaves (``foilog build`` only).
        self.reuse: Reuse | None = None

    def on_config(self, config: Any) -> Any:
        options = {k: v for k, v in self.config.items() if v is not None}
        try:
            self.settings = validate_options(options, path=config.config_file_path or "mkdocs.yml")
        except SettingsError as exc:
            raise PluginError("invalid foilog options in mkdocs.yml:\n  " + "\n  ".join(exc.problems)) from None
        # Our templates fix Material's unescaped title and description; the
        # site's own custom_dir still wins.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(_THEME_DIR))
        config.extra_css.append("assets/foilog.css")
        self.language = html.escape(str(config.theme.get("language") or "en"), quote=True)
        # `mkdocs serve` / `foilog serve` rebuild when a response changes.
        if config.config_file_path:
            config.watch.append(str(Path(config.config_file_path).resolve().parent / self.settings.responses_dir))
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.settings is not None
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        topics_intro = ""
        intro_file = files.get_file_from_path("topics/index.md")
        if intro_file is not None:
            topics_intro = _strip_front_matter(intro_file.content_string)
        project = Project(
            root=root,
            docs_dir=Path(config.docs_dir),
            responses_dir=root / self.settings.responses_dir,
            site_name=config.site_name,
            settings=self.settings,
        )
        self.gate = make_gate(self.settings, deny_list=self.deny_list, cache_root=root)
        self.plan = plan_site(project, self.today, gate=self.gate, topics_intro=topics_intro)
        for finding in self.plan.warnings:
            # Acknowledged findings were accepted by a reviewer: listed, not warned about.
            (log.info if finding.acknowledged else log.warning)(finding.as_text())
        if self.plan.errors:
            lines = "\n  ".join(f.as_text() for f in self.plan.errors)
            raise PluginError(f"the log has {len(self.plan.errors)} error(s); nothing was published:\n  {lines}")
        self.plan.log.release_line_maps()
        self.reuse = None
        if self.previous_site is not None and config.config_file_path:
            theme_dirs = sorted({root / "overrides", *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])})
            shared = shared_fingerprint(Path(config.config_file_path), Path(config.docs_dir), theme_dirs)
            self.reuse = plan_reuse(self.plan, root=root, shared=shared, previous_site=self.previous_site)
            if self.reuse.pages:
                log.info(
                    f"{len(self.reuse.pages)} response page(s) and {len(self.reuse.parts)} search part(s) unchanged since the last build"
                )
        # Topic pages and the topics index are generated from content/topics/.
        for file in list(files):
            if file.src_uri.startswith("topics/") and file.src_uri.endswith(".md"):
                files.remove(file)
        self.generated = {}
        for page in self.plan.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.src_uri in _NAV_PAGES else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
            self.generated[page.src_uri] = page
        for dest, source in self.plan.static_files:
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        for old_url, new_url in self.plan.redirects:
            files.append(File.generated(config, f"{old_url}index.html", content=redirect_html(old_url, new_url)))
        files.append(File.generated(config, "assets/foilog.css", content=self.plan.stylesheet))
        self._stop_workers()  # `mkdocs serve` rebuilds: never leave an earlier Pagefind running
        # The helpers fork their processes first, while the build has no other thread.
        # The loaded log is shared with them copy-on-write: keep this process's
        # collector from writing to every object it holds (which would copy the
        # whole log into this process); unfrozen when the build ends.
        gc.freeze()
        self._frozen = True
        reused = self.reuse.pages if self.reuse is not None else {}
        self.prerender = Prerenderer(
            [(page.src_uri, page.body) for page in self.plan.pages if callable(page.body) and page.url + "index.html" not in reused]
        )
        self.sweeper = SiteSweeper(Path(config.site_dir), self.gate, self.plan.acknowledgements())
        try:
            self.indexer = SearchIndexer.start(
                self.plan, site_dir=Path(config.site_dir), reused=self.reuse.parts if self.reuse is not None else None
            )
        except SearchIndexError as exc:
            raise PluginError(f"the search index could not be built; nothing was published: {exc}") from None
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        if page.file.src_uri in self.generated:
            return ""  # rendered by foilog; skip Markdown entirely
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: Any, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None and self.reuse is not None and page.file.dest_uri in self.reuse.pages:
            page.meta["template"] = "foilog-reused.html"  # the previous build's file is linked in on_post_page
            return ""
        if generated is not None:
            # page.title is printed raw by Material: keep it escaped text.
            page.title = html.escape(generated.title)  # type: ignore[method-assign]
            page.meta["description"] = generated.description
            page.meta["foilog_noindex"] = generated.noindex  # a withdrawn response's notice (theme/main.html)
            if generated.structured is not None:
                data = dict(generated.structured)
                if page.canonical_url:
                    data["url"] = page.canonical_url
                page.meta["foilog_jsonld"] = json_for_script(data)
            # Material points its skip link at the first table-of-contents entry;
            # generated pages have no Markdown headings, so give them their title.
            page.toc = TableOfContents([AnchorLink(page.title, "page-title", 1)])
            # The article is rendered when the page is written (on_post_page):
            # MkDocs reads every page before it writes any, and keeping each
            # article until then would hold the whole log's HTML at once.
            # (The title is here already: Material prints its own <h1> when the content has none.)
            return f'<h1 id="page-title">{page.title}</h1>\n{_ARTICLE_MARK}'
        if page.is_homepage and self.plan is not None:
            return html_text + str(self.plan.home_html)  # str: Markup + str would escape the page
        return html_text

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        env.filters["foilog_trim_lines"] = trim_lines  # theme/main.html
        return env

    def on_post_page(self, output: str, page: Page, config: Any) -> str:
        dest = page.file.dest_uri
        if self.reuse is not None and dest in self.reuse.pages:
            # Unchanged since the last build: its file, as it was (MkDocs writes nothing for an empty page).
            link_or_copy(self.reuse.pages[dest], Path(config.site_dir) / dest)
            output = ""
        else:
            generated = self.generated.get(page.file.src_uri)
            if generated is not None:
                output = self._fill_article(output, page, generated, config)
            if self.reuse is not None:
                self.reuse.wrote(dest, output.encode("utf-8", errors="xmlcharrefreplace"))
        if self.sweeper is not None:
            self.sweeper.add_page(dest)  # swept from disk once written
        return output

    def _fill_article(self, output: str, page: Page, generated: GeneratedPage, config: Any) -> str:
        """Put a generated page's article where the theme printed its content, and hand it to Pagefind."""
        before, mark, after = output.partition(_ARTICLE_MARK)
        if not mark:
            raise PluginError(
                f"{page.file.src_uri}: the theme did not print the page content (page.content); foilog cannot place the article"
            )
        body = self.prerender.take(page.file.src_uri) if self.prerender is not None else None
        if body is None:
            body = str(generated.html)
        if self.indexer is not None and self.indexer.wants("/" + page.url):
            # Pagefind reads only the article (data-pagefind-body), so it gets
            # the article now, and indexes it on another core while MkDocs
            # goes on; the page's frame would only be parsed and dropped.
            try:
                self.indexer.add_page("/" + page.url, f'<html lang="{self.language}"><head></head><body>{body}</body></html>')
            except SearchIndexError as exc:
                raise PluginError(f"the search index could not be built; nothing was published: {exc}") from None
        return before + body + after

    def on_post_build(self, config: Any) -> None:
        """Feeds, open data, search index, sitemap; then the leak sweep over everything written."""
        if self.plan is None or self.gate is None:
            return
        from .publish import write_data_outputs
        from .publish.search import copy_search_assets

        site_dir = Path(config.site_dir)
        if self.prerender is not None:
            self.prerender.close()  # every page is written: the helper has nothing left to do
            self.prerender = None
        try:
            write_data_outputs(self.plan, site_dir, site_url=config.site_url)
            # A leak that appears only in a derived output (a template, an export) is still a leak.
            # (Pagefind writes the search index on the other core meanwhile.)
            if self.sweeper is None:
                raise PluginError("the leak sweep was not started; nothing was published")
            sweep = self.sweeper.finish()
            errors = [f for f in sweep.findings if f.is_error]
            for finding in sweep.findings:
                if not finding.is_error and finding.acknowledged is None:
                    log.warning(finding.as_text())
            if errors:
                lines = "\n  ".join(f.as_text() for f in errors)
                raise PluginError(f"the built site contains {len(errors)} leak(s); nothing was published:\n  {lines}")
            if self.indexer is None:
                raise PluginError("the search index was not started; nothing was published")
            self.indexer.finish(site_dir)
            copy_search_assets(site_dir)
        except SearchIndexError as exc:
            raise PluginError(f"the search index could not be built; nothing was published: {exc}") from None
        finally:
            self._stop_workers()

    def on_build_error(self, error: Exception) -> None:
        self._stop_workers()

    def on_shutdown(self) -> None:
        self._stop_workers()

    def _stop_workers(self) -> None:
        """Stop Pagefind and the helper processes (after a build, a failed one, or before a rebuild)."""
        if self._frozen:
            gc.unfreeze()  # `mkdocs serve`: an earlier build's objects can be collected again
            self._frozen = False
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.abort()
        sweeper, self.sweeper = self.sweeper, None
        if sweeper is not None:
            sweeper.close()
        prerender, self.prerender = self.prerender, None
        if prerender is not None:
            prerender.close()


def trim_lines(html_text: str) -> Markup:
    """Each line trimmed, blank lines dropped: Material's header and navigation are half indentation.

    Only for markup without preformatted text (theme/main.html uses it on the
    header and the navigation).
    """
    return Markup("\n".join(stripped for line in str(html_text).split("\n") if (stripped := line.strip())))  # noqa: S704 - the theme's own markup


def json_for_script(data: dict[str, Any]) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _today_from_env() -> dt.date | None:
    value = os.environ.get("FOILOG_TODAY")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"$FOILOG_TODAY must be a date written YYYY-MM-DD, got '{value}'") from None


def _deny_list_from_env() -> tuple[str, ...]:
    path = os.environ.get("FOILOG_DENY_LIST")
    if not path:
        return ()
    try:
        return load_deny_list(Path(path))
    except (OSError, ValueError) as exc:
        raise PluginError(f"cannot read the deny list in $FOILOG_DENY_LIST: {exc}") from None


def _strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
