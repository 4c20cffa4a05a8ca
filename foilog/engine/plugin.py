"""The MkDocs plugin: routes MkDocs' events to the build session, and nothing else.

Shaped like Material's tags plugin: this module only routes; the work is
done by :class:`foilog.engine.session.BuildSession` (which does not import
MkDocs, so the site engine can be replaced: MkDocs 2.0 drops plugins) and,
for what only MkDocs needs, :mod:`foilog.engine.mkdocs_adapter`. Each
handler's docstring says what it routes and at which priority, and why.

Generated pages are virtual files (``File.generated``) and, except the few
index pages, ``not_in_nav``: MkDocs renders the whole navigation into every
page, so keeping thousands of responses out of it keeps the build linear.

Response pages still go through MkDocs' per-page loop (the session fills
in their article when MkDocs writes them). Measured on 2,000 synthetic
responses (issue 17), MkDocs' own share of that loop is about 1.3 s of a
25 s build (0.6 ms a page; the rest of the loop's time is foilog's article,
search and frame work, which would remain): writing those pages outside
MkDocs would save at most that, and would take them away from other
plugins' page events and from MkDocs' own page context, which the theme's
frame is checked against.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from foilog.engine import mkdocs_adapter as adapter
from foilog.engine.mkdocs_adapter import FoilogError, plugin_errors
from foilog.engine.mkdocs_config import FoilogOptionsError, site_file_problems
from foilog.engine.options import RunOptions
from foilog.engine.publication import BuildMode
from foilog.engine.session import BuildSession
from foilog.log.findings import OneLineFilter, one_line
from foilog.log.settings import SettingsError, SiteSettings, validate_options
from foilog.site.incremental import Reuse

__all__ = ["FoilogConfig", "FoilogError", "FoilogPlugin"]

log = logging.getLogger("mkdocs.plugins.foilog")
log.addFilter(OneLineFilter())  # values from data never start a line of the build log


class FoilogConfig(Config):
    """Every option is validated by :class:`foilog.log.settings.SiteSettings` (one source of truth)."""

    for _name in SiteSettings.model_fields:
        locals()[_name] = c.Optional(c.Type(object))
    del _name


class FoilogPlugin(BasePlugin[FoilogConfig]):
    """Adds the disclosure log's pages to a MkDocs + Material site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        #: The mode of the MkDocs command (``serve`` previews); ``foilog build`` hands its own over.
        self.mode = BuildMode.PUBLISH
        self.settings: SiteSettings | None = None
        self.options = RunOptions()
        #: One build at a time (MkDocs keeps this object from one build to the next in a process).
        self.session = BuildSession(log)
        #: Pages whose HTML was made from the theme's frame in on_page_context, until on_post_page.
        self._framed: dict[str, str] = {}
        self._env: Any = None

    @property
    def reuse(self) -> Reuse | None:
        """What the last build took from the previous site, and the manifest ``foilog build`` saves after the swap."""
        return self.session.reuse

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """Validate the options as MkDocs loads the plugin: a misspelt option is an error, not MkDocs' warning.

        So ``foilog check``, ``foilog build`` and ``mkdocs build`` refuse the same configuration
        (:mod:`foilog.engine.mkdocs_config` reads mkdocs.yml for every foilog command this way).
        """
        errors, warnings = super().load_config(options, config_file_path)
        try:
            self.settings = validate_options(options, path=config_file_path or "mkdocs.yml")
        except SettingsError as exc:
            raise FoilogOptionsError(exc.problems) from None
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`mkdocs serve` and `foilog serve` are previews; `mkdocs build` and `gh-deploy` publish.

        Priority: default. (Not called by ``foilog build``, which hands over its own options.)
        """
        self.mode = BuildMode.PREVIEW if command == "serve" else BuildMode.PUBLISH

    def on_config(self, config: Any) -> Any:
        """The run options (handed over by ``foilog build``, else from the environment) and the site's foilog options.

        Priority: default. Refuses links in the site's folders before MkDocs walks them; adds foilog's theme folder.
        """
        with plugin_errors():
            options = RunOptions.handed_over() or RunOptions.from_environment(mode=self.mode)
        self.options = options.with_strict(bool(config.strict))
        settings = {k: v for k, v in self.config.items() if v is not None}
        try:
            self.settings = validate_options(settings, path=config.config_file_path or "mkdocs.yml")
        except SettingsError as exc:
            raise FoilogError("invalid foilog options in mkdocs.yml:\n  " + "\n  ".join(map(one_line, exc.problems))) from None
        problems = site_file_problems(config)  # the logo must be in the docs folder
        if problems:
            raise FoilogError("invalid foilog options in mkdocs.yml:\n  " + "\n  ".join(map(one_line, problems)))
        adapter.refuse_links(config, self.settings)
        adapter.configure_theme(config, self.settings)
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        """Start the build session (the whole log read, checked and rendered), then register its pages as MkDocs files.

        Priority: default. Other plugins' ``on_files`` see the generated pages only if they run after it.
        """
        assert self.settings is not None
        self._framed = {}
        with plugin_errors():
            plan = self.session.start(adapter.site_of(config, files), self.settings, self.options)
        return adapter.register_files(files, config, plan, self.session)

    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        """A generated page has no Markdown for MkDocs to convert (foilog renders it). Priority: default."""
        if self.session.page(page.file.src_uri) is not None:
            return ""
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: Any, files: Files) -> str:
        """A generated page's title and data put on the MkDocs page; a hand-written page checked (and the home page completed).

        Priority: default.
        """
        generated = self.session.page(page.file.src_uri)
        if generated is not None:
            reused = self.session.is_reused(page.file.dest_uri)
            framed = self.session.framed(in_nav=page.file.src_uri in adapter.NAV_PAGES)
            return adapter.prepare_generated(page, generated, reused=reused, framed=framed)
        with plugin_errors():
            source = adapter.source_path(page, config)
            return self.session.hand_written_page(html_text, page.file.content_string, source, is_home=page.is_homepage, url=page.url)

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        """foilog's template filter and the footer's values; the environment kept for the frame. Priority: default."""
        assert self.settings is not None
        env.filters["foilog_trim_lines"] = adapter.trim_lines  # theme/main.html
        env.globals["foilog_site"] = adapter.theme_globals(self.settings, files)  # theme/partials/footer.html, theme/404.html
        self._env = env
        return env

    @event_priority(-100)
    def on_page_context(self, context: Any, page: Page, config: Any, nav: Any) -> Any:
        """A response page from the theme's frame rendered once (:mod:`foilog.site.render.frame`), or by the theme.

        Priority: -100 (last): the context is then the one the theme would render.
        """
        generated = self.session.page(page.file.src_uri)
        frames = self.session.frames
        if frames is None or generated is None or page.meta.get("template") != adapter.BLANK_TEMPLATE:
            return context
        if self.session.is_reused(page.file.dest_uri):
            return context
        template = self._env.get_template("main.html")
        self._framed[page.file.src_uri] = adapter.framed_page(frames, template, context, page, generated)
        return context

    @event_priority(100)
    def on_post_page(self, output: str, page: Page, config: Any) -> str:
        """The page as written: the session puts the article in, hands it to search and to the sweep, or links the reused file.

        Priority: 100 (first): other plugins' ``on_post_page`` get the whole page.
        """
        output = self._framed.pop(page.file.src_uri, output)
        written_here = self.session.page(page.file.src_uri) is not None and not self.session.is_reused(page.file.dest_uri)
        with plugin_errors():
            output = self.session.page_written(page.file.dest_uri, output, src_uri=page.file.src_uri, url="/" + page.url)
        if written_here:
            adapter.forget_written(page)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        """The theme's own pages (404.html) are marked too in a preview. Priority: default."""
        return self.session.mark(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: Any) -> None:
        """The session's finish: site maps, the leak sweep's verdict, the preview marker, the search index. Priority: default."""
        with plugin_errors():
            self.session.finish()

    def on_build_error(self, error: Exception) -> None:
        """A failed build leaves no helper running. Priority: default."""
        self.session.close()

    def on_shutdown(self) -> None:
        """``mkdocs serve`` stopped. Priority: default."""
        self.session.close()
