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
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .content_safety import rendered_page_findings
from .findings import OneLineFilter, one_line
from .incremental import Reuse, link_or_copy, plan_reuse, shared_fingerprint
from .leakgate import Gate, caches_ignored, make_gate
from .links import find_links
from .lookalikes import find_unsafe_names
from .mkdocs_config import FoilogOptionsError
from .pipeline import Plan, plan_site, redirect_html
from .publication import BuildMode, blocking_findings, mark_page, mode_fingerprint, refusal, write_marker
from .publish import write_data_files, write_site_maps
from .publish.search import SearchIndexer, SearchIndexError
from .render.frame import FrameCache, FrameMismatch
from .render.markdown_ahead import MarkdownAhead
from .render.pages import RESPONSE_HEADING_LEVEL, GeneratedPage, RenderRefused
from .render.safe_markdown import SafeMarkdown
from .schema import parse_date
from .settings import Project, SettingsError, SiteSettings, validate_options
from .sweep import SiteSweeper, content_assets
from .textscan import load_deny_list

log = logging.getLogger("mkdocs.plugins.foilog")
log.addFilter(OneLineFilter())  # values from data never start a line of the build log

_THEME_DIR = Path(__file__).parent / "theme"
_ARTICLE_MARK = "<!--foilog:article-->"
"""What a generated page's content is until it is written (:meth:`FoilogPlugin.on_post_page` replaces it)."""
_BLANK_TEMPLATE = "foilog-blank.html"
"""The theme template of a page whose HTML the plugin writes itself (on_post_page)."""
_FRAMED_KINDS = {"response", "tombstone"}
"""Generated pages filled into a frame the theme renders once (:mod:`foilog.render.frame`); the rest are few."""
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


class FoilogError(PluginError):
    """A build foilog stopped: the message's lines are foilog's own (every value in them went through
    :func:`~foilog.findings.one_line`), so :mod:`foilog.mkdocs_build` may print them as separate lines."""

    def lines(self) -> list[str]:
        return str(self).split("\n")


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
        #: Set by ``foilog build --no-cache``: ignore every cache, as a deploy does ($FOILOG_NO_CACHE does too).
        self.no_cache = False
        self.gate: Gate | None = None
        self.settings: SiteSettings | None = None
        self.plan: Plan | None = None
        self.generated: dict[str, GeneratedPage] = {}
        #: Converts response pages' Markdown ahead of the build on another core.
        self.markdown: MarkdownAhead | None = None
        #: Pagefind, fed each page as MkDocs writes it (it indexes on another core meanwhile).
        self.indexer: SearchIndexer | None = None
        #: The leak sweep of the built site, fed each page as MkDocs writes it (also on another core).
        self.sweeper: SiteSweeper | None = None
        #: The theme's language (``<html lang>``), escaped for an attribute.
        self.language = "en"
        self._frozen = False
        #: Set by ``foilog build``: the site this build replaces, whose unchanged pages it may reuse.
        self.previous_site: Path | None = None
        #: What this build takes from the previous one, and the manifest it leaves (``foilog build`` only).
        self.reuse: Reuse | None = None
        #: The theme's frame of response pages, rendered once (``render_frame_once``).
        self.frames: FrameCache | None = None
        #: Pages whose HTML this plugin made in on_page_context, until on_post_page.
        self._framed: dict[str, str] = {}
        self._env: Any = None
        #: Publish (the default: refuses personal-data warnings) or preview (allows them, marks every page): :mod:`foilog.publication`.
        self.mode = BuildMode.PUBLISH

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """Validate the options as MkDocs loads the plugin: a misspelt option is an error, not MkDocs' warning.

        So ``foilog check``, ``foilog build`` and ``mkdocs build`` refuse the same configuration
        (:mod:`foilog.mkdocs_config` reads mkdocs.yml for every foilog command this way).
        """
        errors, warnings = super().load_config(options, config_file_path)
        try:
            self.settings = validate_options(options, path=config_file_path or "mkdocs.yml")
        except SettingsError as exc:
            raise FoilogOptionsError(exc.problems) from None
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`mkdocs serve` and `foilog serve` are previews; `mkdocs build` and `gh-deploy` publish."""
        self.mode = BuildMode.PREVIEW if command == "serve" else BuildMode.PUBLISH

    def on_config(self, config: Any) -> Any:
        options = {k: v for k, v in self.config.items() if v is not None}
        try:
            self.settings = validate_options(options, path=config.config_file_path or "mkdocs.yml")
        except SettingsError as exc:
            raise FoilogError("invalid foilog options in mkdocs.yml:\n  " + "\n  ".join(map(one_line, exc.problems))) from None
        _refuse_links(config, self.settings)
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
        self._stop_workers()  # `mkdocs serve` rebuilds: never leave an earlier helper or Pagefind running
        no_cache = caches_ignored(self.no_cache)
        self.gate = make_gate(self.settings, deny_list=self.deny_list, cache_root=None if no_cache else root)
        # The sweeping process is forked before the log is loaded: it needs the gate only
        # (forked later, it would end up with a private copy of most of the log).
        # A strict build's sweep believes no cache: it is the last look before publishing.
        self.sweeper = SiteSweeper(
            Path(config.site_dir), self.gate, use_cache=not (no_cache or config.strict), parallel=self.settings.parallel
        )
        self.sweeper.include(content_assets(Path(config.docs_dir)))  # the site owner's SVG, CSS, JS, wherever they land
        # So is the helper that converts response pages' Markdown ahead of the build.
        self.markdown = MarkdownAhead(SafeMarkdown(heading_level=RESPONSE_HEADING_LEVEL), parallel=self.settings.parallel)
        self.plan = plan_site(project, self.today, gate=self.gate, topics_intro=topics_intro, markdown=self.markdown)
        for finding in self.plan.warnings:
            # Acknowledged findings were accepted by a reviewer: listed, not warned about.
            (log.info if finding.acknowledged else log.warning)(finding.as_text())
        if self.plan.errors:
            lines = "\n  ".join(f.as_text() for f in self.plan.errors)
            raise FoilogError(f"the log has {len(self.plan.errors)} error(s); nothing was published:\n  {lines}")
        blocked = blocking_findings(self.plan.warnings, self.mode)
        if blocked:
            raise FoilogError(refusal(blocked, where="the log"))
        self.plan.log.release_line_maps()
        self.reuse = None
        if self.previous_site is not None and config.config_file_path and not no_cache:
            theme_dirs = sorted({root / "overrides", *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])})
            shared = mode_fingerprint(shared_fingerprint(Path(config.config_file_path), Path(config.docs_dir), theme_dirs), self.mode)
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
        self.frames = FrameCache() if self.settings.render_frame_once else None
        self._framed = {}
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
            files.append(File.generated(config, f"{old_url}index.html", content=self._mark(redirect_html(old_url, new_url))))
        files.append(File.generated(config, "assets/foilog.css", content=self.plan.stylesheet))
        reused = self.reuse.pages if self.reuse is not None else {}
        self.markdown.plan(
            [page.markdown() for page in self.plan.pages if page.markdown is not None and page.url + "index.html" not in reused]
        )
        # The loaded log lives until the build ends: keep the collector from
        # walking all of it again and again while the pages are written
        # (unfrozen when the build ends).
        gc.freeze()
        self._frozen = True
        self.sweeper.acknowledge(self.plan.acknowledgements())
        try:
            written = write_data_files(self.plan, Path(config.site_dir), site_url=config.site_url)
        except OSError as exc:
            raise FoilogError(
                f"cannot write the feeds and open data into {one_line(str(config.site_dir))}: {one_line(str(exc))}; nothing was published"
            ) from None
        for rel in written:
            self.sweeper.add_page(rel)  # swept on the other core while the pages are rendered
        try:
            # Attachment text: the gate's reports in the plan (what it judged visible), no file opened again.
            self.indexer = SearchIndexer.start(
                self.plan,
                site_dir=Path(config.site_dir),
                reused=self.reuse.parts if self.reuse is not None else None,
                parallel=self.settings.parallel,
            )
        except SearchIndexError as exc:
            raise FoilogError(f"the search index could not be built; nothing was published: {one_line(str(exc))}") from None
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        if page.file.src_uri in self.generated:
            return ""  # rendered by foilog; skip Markdown entirely
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: Any, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None and self.reuse is not None and page.file.dest_uri in self.reuse.pages:
            page.meta["template"] = _BLANK_TEMPLATE  # the previous build's file is linked in on_post_page
            return ""
        if generated is not None:
            # page.title is printed raw by Material: keep it escaped text.
            page.title = html.escape(generated.title)
            page.meta["description"] = generated.description
            page.meta["foilog_noindex"] = generated.noindex  # a withdrawn response's notice (theme/main.html)
            if generated.structured is not None:
                data = generated.structured()
                if page.canonical_url:
                    data["url"] = page.canonical_url
                page.meta["foilog_jsonld"] = json_for_script(data)
            # Material points its skip link at the first table-of-contents entry;
            # generated pages have no Markdown headings, so give them their title.
            page.toc = _title_toc(page.title)
            if self.frames is not None and generated.kind in _FRAMED_KINDS:
                page.meta["template"] = _BLANK_TEMPLATE  # the HTML is made in on_page_context
            # The article is rendered when the page is written (on_post_page):
            # MkDocs reads every page before it writes any, and keeping each
            # article until then would hold the whole log's HTML at once.
            # (The title is here already: Material prints its own <h1> when the content has none.)
            return _title_content(page.title)
        _refuse_active_content(html_text, page, config)
        if page.is_homepage and self.plan is not None:
            return html_text + str(self.plan.home_html)  # str: Markup + str would escape the page
        return html_text

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        env.filters["foilog_trim_lines"] = trim_lines  # theme/main.html
        self._env = env
        return env

    @event_priority(-100)  # last: the context is then the one the theme would render
    def on_page_context(self, context: Any, page: Page, config: Any, nav: Any) -> Any:
        """A response page from the theme's frame rendered once (:mod:`foilog.render.frame`), or by the theme."""
        if self.frames is None or page.meta.get("template") != _BLANK_TEMPLATE or page.file.src_uri not in self.generated:
            return context
        if self.reuse is not None and page.file.dest_uri in self.reuse.pages:
            return context
        generated = self.generated[page.file.src_uri]
        values = {
            "title": page.title or "",
            "description": page.meta.get("description") or "",
            "canonical": page.canonical_url or "",
            "jsonld": page.meta.get("foilog_jsonld") or "",
        }
        # Whatever makes the theme take another branch gets a frame of its own.
        key = (generated.kind, context.get("base_url"), generated.noindex, *(bool(v) for v in values.values()))
        template = self._env.get_template("main.html")

        def render(with_values: Any) -> str:
            return _render_with(template, context, page, with_values)

        try:
            self._framed[page.file.src_uri] = self.frames.page(key, values, render)
        except FrameMismatch as exc:
            raise FoilogError(
                f"{one_line(page.file.src_uri)}: the theme's page frame, rendered once for this kind of page, does not give the page "
                f"the theme renders ({one_line(str(exc))}). A theme override or another plugin varies response pages by more than their "
                "title, description, URL and article: set `render_frame_once: false` under the foilog plugin in mkdocs.yml. "
                "Nothing was published."
            ) from None
        return context

    @event_priority(100)  # first: other plugins' on_post_page get the whole page
    def on_post_page(self, output: str, page: Page, config: Any) -> str:
        dest = page.file.dest_uri
        output = self._framed.pop(page.file.src_uri, output)
        if self.reuse is not None and dest in self.reuse.pages:
            # Unchanged since the last build: its file, as it was (MkDocs writes nothing for an empty page).
            link_or_copy(self.reuse.pages[dest], Path(config.site_dir) / dest)
            output = ""
        else:
            generated = self.generated.get(page.file.src_uri)
            if generated is not None:
                output = self._fill_article(output, page, generated, config)
                _forget_written(page)
            output = self._mark(output)
            if self.reuse is not None:
                self.reuse.wrote(dest, output.encode("utf-8", errors="xmlcharrefreplace"))
        if self.sweeper is not None:
            self.sweeper.add_page(dest)  # swept from disk once written
        return output

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        """The theme's own pages (404.html) are marked too in a preview."""
        return self._mark(output_content) if template_name.endswith(".html") else output_content

    def _mark(self, page_html: str) -> str:
        """A preview's page with its banner and noindex; a published page as it is."""
        return mark_page(page_html) if self.mode is BuildMode.PREVIEW else page_html

    def _fill_article(self, output: str, page: Page, generated: GeneratedPage, config: Any) -> str:
        """Put a generated page's article where the theme printed its content, and hand it to Pagefind."""
        before, mark, after = output.partition(_ARTICLE_MARK)
        if not mark:
            raise FoilogError(
                f"{one_line(page.file.src_uri)}: the theme did not print the page content (page.content); foilog cannot place the article"
            )
        try:
            body = str(generated.html)
        except RenderRefused as exc:
            raise FoilogError(f"the log has 1 error(s); nothing was published:\n  {exc.finding.as_text()}") from None
        if self.indexer is not None and self.indexer.wants("/" + page.url):
            # Pagefind reads only the article (data-pagefind-body), so it gets
            # the article now, and indexes it on another core while MkDocs
            # goes on; the page's frame would only be parsed and dropped.
            try:
                self.indexer.add_page("/" + page.url, f'<html lang="{self.language}"><head></head><body>{body}</body></html>')
            except SearchIndexError as exc:
                raise FoilogError(f"the search index could not be built; nothing was published: {one_line(str(exc))}") from None
        return before + body + after

    def on_post_build(self, config: Any) -> None:
        """The sitemap, the search index; then the leak sweep over everything written (feeds and open data were written in on_files)."""
        if self.plan is None or self.gate is None:
            return
        from .publish.search import copy_search_assets

        site_dir = Path(config.site_dir)
        if self.markdown is not None:
            log.debug(f"{self.markdown.converted_ahead} response page(s) converted ahead on another core")
            self.markdown.close()  # every page is written
        try:
            write_site_maps(self.plan, site_dir, site_url=config.site_url)
            # A leak that appears only in a derived output (a template, an export) is still a leak.
            # (Pagefind writes the search index on the other core meanwhile.)
            if self.sweeper is None:
                raise FoilogError("the leak sweep was not started; nothing was published")
            sweep = self.sweeper.finish()
            errors = [f for f in sweep.findings if f.is_error]
            for finding in sweep.findings:
                if not finding.is_error and finding.acknowledged is None:
                    log.warning(finding.as_text())
            if errors:
                lines = "\n  ".join(f.as_text() for f in errors)
                raise FoilogError(f"the built site contains {len(errors)} leak(s); nothing was published:\n  {lines}")
            blocked = blocking_findings(sweep.findings, self.mode)
            if blocked:
                raise FoilogError(refusal(blocked, where="the built site"))
            if self.mode is BuildMode.PREVIEW:
                write_marker(site_dir)  # the deploy workflow refuses a site that has it
            if self.indexer is None:
                raise FoilogError("the search index was not started; nothing was published")
            self.indexer.finish(site_dir)
            copy_search_assets(site_dir)
        except SearchIndexError as exc:
            raise FoilogError(f"the search index could not be built; nothing was published: {one_line(str(exc))}") from None
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
        markdown, self.markdown = self.markdown, None
        if markdown is not None:
            markdown.close()


def _forget_written(page: Page) -> None:
    """Drop what only the page's own HTML needed: MkDocs keeps every page object to the end of the build.

    (Its sitemap reads each page's URLs and dates afterwards; foilog writes its own.)
    """
    page.content = None
    page.toc = TableOfContents([])
    page.meta.pop("foilog_jsonld", None)


def _title_toc(title: str) -> TableOfContents:
    """Material points its skip link at the first table-of-contents entry: a generated page's title."""
    return TableOfContents([AnchorLink(title, "page-title", 1)])


def _title_content(title: str) -> str:
    """A generated page's content until it is written: its title, and where its article goes."""
    return f'<h1 id="page-title">{title}</h1>\n{_ARTICLE_MARK}'


def _render_with(template: Any, context: Any, page: Page, values: Any) -> str:
    """The theme's page with the values :mod:`foilog.render.frame` varies put on ``page``, then put back.

    (MkDocs reads them again after the pages are written: the sitemap prints
    every page's canonical URL.)
    """
    saved = (page.title, dict(page.meta), page.canonical_url, page.content, page.toc)
    try:
        page.title = values["title"]
        page.meta["description"] = values["description"]
        page.meta["foilog_jsonld"] = values["jsonld"]
        page.canonical_url = values["canonical"] or None
        page.content = _title_content(values["title"])
        page.toc = _title_toc(values["title"])
        return template.render(context)
    finally:
        page.title, meta, page.canonical_url, page.content, page.toc = saved
        page.meta.clear()
        page.meta.update(meta)


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


def _refuse_active_content(html_text: str, page: Page, config: Any) -> None:
    """A hand-written page's HTML as MkDocs made it, looked at again (foilog.content_safety): nothing in it may run.

    ``foilog check`` (and so the build, in on_files) has looked at the page's
    own conversion already; this is the same code on what is published.
    """
    root = os.path.dirname(config.config_file_path) if config.config_file_path else os.getcwd()
    source = page.file.abs_src_path or page.file.src_uri
    errors = rendered_page_findings(html_text, page.file.content_string, Path(os.path.relpath(source, root)).as_posix())
    if errors:
        lines = "\n  ".join(f.as_text() for f in errors)
        raise FoilogError(f"a hand-written page has {len(errors)} error(s); nothing was published:\n  {lines}")


def _refuse_links(config: Any, settings: SiteSettings) -> None:
    """Stop the build before MkDocs walks the docs folder: it follows links, into anything (foilog.links).

    (A dangling link would crash it; a link to a folder would publish files no check has read.)
    """
    # Not resolved, like MkDocs' own docs_dir and custom_dir: a link among the folders must stay visible.
    root = Path(os.path.abspath(os.path.dirname(config.config_file_path) if config.config_file_path else os.getcwd()))
    folders = [Path(config.docs_dir), root / settings.responses_dir, root / "overrides"]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    folders = list(dict.fromkeys(folders))
    # Names with bidi, zero-width or control characters are refused the same way (foilog.lookalikes).
    errors = find_links(folders, root) + find_unsafe_names(folders, root)
    if errors:
        lines = "\n  ".join(f.as_text() for f in errors)
        raise FoilogError(f"the log has {len(errors)} error(s); nothing was published:\n  {lines}")


def _today_from_env() -> dt.date | None:
    value = os.environ.get("FOILOG_TODAY")
    if not value:
        return None
    try:
        return parse_date(value)  # the parser of every command's --today
    except ValueError as exc:
        raise FoilogError(f"$FOILOG_TODAY: {one_line(str(exc))}") from None


def _deny_list_from_env() -> tuple[str, ...]:
    path = os.environ.get("FOILOG_DENY_LIST")
    if not path:
        return ()
    try:
        return load_deny_list(Path(path))
    except (OSError, ValueError) as exc:
        raise FoilogError(f"cannot read the deny list in $FOILOG_DENY_LIST: {one_line(str(exc))}") from None


def _strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
