"""One build of the site, start to finish, in the order the work must happen. No MkDocs here.

The site engine (MkDocs, through :mod:`foilog.engine.plugin`) calls, in this order:

1. :meth:`BuildSession.start` once the engine knows its files: stop an earlier
   build's helpers, make the leak gate, start the sweeper and the Markdown
   helper (forked before the log is loaded, so they do not copy it), load,
   check and render the log (:func:`foilog.site.pipeline.plan_site`), refuse
   errors and blocked findings, decide what to reuse from the previous site,
   give the Markdown helper the pages (it converts the first ones from then
   on), tell the sweep which texts the gate judged whole
   (:mod:`foilog.gate.judged`), pack the letters, write the feeds and open
   data, start the search indexer. It returns the
   :class:`~foilog.site.pipeline.Plan`, whose pages the engine registers.
2. :meth:`BuildSession.hand_written_page` for each page of ``docs_dir`` the
   engine converted, and :meth:`BuildSession.page_written` for each page it
   is about to write: the article put in, the page handed to search and to
   the sweep, its bytes recorded for the next build's reuse; every
   :data:`RELEASE_EVERY` pages, the heap's free memory given back to the system.
3. :meth:`BuildSession.finish` after the last page: site maps, the search
   index (while the sweep goes on), the sweep's verdict, the preview marker.
   It closes the session.
4. :meth:`BuildSession.close` whenever the build stops (after a failure too,
   and before a rebuild): helpers stopped, the garbage collector unfrozen.

Every refusal is a :class:`~foilog.engine.errors.SessionError` with the
message the build prints.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from foilog.engine.errors import SessionError
from foilog.engine.options import RunOptions
from foilog.engine.publication import BuildMode, blocking_findings, mark_page, mode_fingerprint, refusal, write_marker
from foilog.gate.content_safety import rendered_page_findings
from foilog.gate.judged import judged_texts
from foilog.gate.leakgate import Gate, make_gate
from foilog.gate.sweep import SiteSweeper, content_assets
from foilog.log.findings import one_line
from foilog.log.settings import Project, SiteSettings
from foilog.site.incremental import Reuse, link_or_copy, plan_reuse, shared_fingerprint
from foilog.site.pipeline import Plan, plan_site
from foilog.site.publish import write_data_files, write_site_maps
from foilog.site.publish.search import SearchIndexer, SearchIndexError, copy_search_assets
from foilog.site.render.frame import FrameCache
from foilog.site.render.markdown_ahead import MarkdownAhead
from foilog.site.render.pages import RESPONSE_HEADING_LEVEL, GeneratedPage, RenderRefused
from foilog.site.render.safe_markdown import SafeMarkdown
from foilog.site.render.statement import fill_statement
from foilog.workers import progress
from foilog.workers.memory import collector_paused, release_free_memory
from foilog.workers.policy import parallel_enabled
from foilog.workers.stagetimes import stage

__all__ = ["ARTICLE_MARK", "BREADCRUMBS_MARK", "BuildSession", "BuildSummary", "SessionError", "Site"]

ARTICLE_MARK = "<!--foilog:article-->"
"""Where a generated page's article goes in the page the engine wrote (:meth:`BuildSession.page_written` puts it there)."""
BREADCRUMBS_MARK = "<!--foilog:breadcrumbs-->"
"""Where a generated page's breadcrumbs go, before its title (put there with the article, so the same whether or not the
theme's frame is rendered once: :mod:`foilog.site.render.breadcrumbs`)."""
RELEASE_EVERY = 100
"""Pages written between two returns of the build's free heap memory to the system (:meth:`BuildSession.page_written`)."""


@dataclass(frozen=True)
class Site:
    """What the session needs to know of the site engine's configuration."""

    root: Path
    """The project's folder (the one that holds mkdocs.yml)."""
    config_file: Path | None
    docs_dir: Path
    site_dir: Path
    site_name: str
    site_url: str | None
    theme_dirs: tuple[Path, ...] = ()
    """Folders of theme overrides every page depends on (for reuse's fingerprint)."""
    topics_intro: str = ""
    """The hand-written text of the topics index (content/topics/index.md without front matter)."""
    language: str = "en"
    """The theme's language, escaped for an attribute (``<html lang>`` of what search indexes)."""


@dataclass(frozen=True)
class BuildSummary:
    """What one build publishes and what it found: the numbers of the line ``foilog build`` ends with."""

    published: int
    """Responses with a live page."""
    withdrawn: int
    """Withdrawn responses (a tombstone page each)."""
    embargoed: int
    """Responses held back until their ``publish_after`` date."""
    errors: int
    warnings: int
    """Unacknowledged warnings of the log's check (a strict build refuses them)."""
    acknowledged: int
    swept_warnings: int = 0
    """Unacknowledged warnings of the sweep of the built site: mostly the log's own again, as published (so counted apart)."""


def trim_frame(theme_html: str) -> str:
    """The theme's markup around a generated page's article, each line trimmed and blank lines dropped.

    Material writes its frame half indentation and blank lines; on a response
    page that is about 600 bytes of the ~20 KB budget. Only where nothing's
    whitespace is significant: a frame with ``<pre>`` or ``<textarea>`` (a
    site's own template) is kept as it is.
    """
    if "<pre" in theme_html or "<textarea" in theme_html:
        return theme_html
    lines = [stripped for line in theme_html.split("\n") if (stripped := line.strip())]
    ends = "\n" if theme_html.endswith("\n") else ""
    return "\n".join(lines) + ends


def summarise(plan: Plan) -> BuildSummary:
    """The summary of a planned site (before the sweep adds its warnings)."""
    findings = plan.findings
    return BuildSummary(
        published=len(plan.indexes.live),
        withdrawn=len(plan.indexes.withdrawn),
        embargoed=len(plan.log.responses) - len(plan.indexes.pages),
        errors=sum(f.is_error for f in findings),
        warnings=sum(f.blocks_strict and not f.is_error for f in findings),
        acknowledged=sum(f.acknowledged is not None for f in findings),
    )


def _search_failed(exc: SearchIndexError) -> SessionError:
    return SessionError(f"the search index could not be built; nothing was published: {one_line(str(exc))}")


class BuildSession:
    """The order of work of one build (see the module's docstring); one object per plugin, reset by :meth:`start`."""

    def __init__(self, log: logging.Logger) -> None:
        #: Where warnings go (the engine shows this logger's records).
        self.log = log
        self.options = RunOptions()
        #: Helper processes allowed: the run's options and the site's `parallel` option both say yes.
        self.parallel = True
        self.site: Site | None = None
        self.gate: Gate | None = None
        self.plan: Plan | None = None
        #: What this build takes from the previous one, and the manifest it leaves (``foilog build`` only).
        self.reuse: Reuse | None = None
        #: The theme's frame of generated pages, rendered once per kind (``render_frame_once``).
        self.frames: FrameCache | None = None
        #: The leak sweep of the built site, fed each page as it is written (on another core).
        self.sweeper: SiteSweeper | None = None
        #: Converts response pages' Markdown ahead of the build on another core.
        self.markdown: MarkdownAhead | None = None
        #: Pagefind, fed each page as it is written (it indexes on another core meanwhile).
        self.indexer: SearchIndexer | None = None
        #: The numbers of this build (published, withdrawn, embargoed, findings), known once the log is planned.
        self.summary: BuildSummary | None = None
        self._pages: dict[str, GeneratedPage] = {}
        self._frozen = False
        #: Pages written so far (for :data:`RELEASE_EVERY`).
        self._written = 0

    # --- 1. start ------------------------------------------------------------------------------------

    def start(self, site: Site, settings: SiteSettings, options: RunOptions) -> Plan:
        """Everything before the first page is written, in this order; returns the plan whose pages the engine registers."""
        self.close()  # `mkdocs serve` rebuilds: never leave an earlier helper or Pagefind running
        self.site, self.options, self.reuse, self.summary = site, options, None, None
        # Helpers on other cores unless the `parallel` option or $FOILOG_PARALLEL says no (foilog.workers.policy).
        self.parallel = options.parallel and parallel_enabled(settings.parallel)
        self.gate = make_gate(settings, deny_list=options.deny_list, cache_root=None if options.no_cache else site.root)
        self._start_helpers(site)  # (before the collector is paused: they would inherit it paused)
        with collector_paused():  # what is made from here to the freeze lives until the end (foilog.workers.memory)
            plan = self.plan = self._plan_site(site, settings)
            self.summary = summarise(plan)
            self._refuse_findings(plan)
            self.reuse = self._decide_reuse(site, plan)
            self._take_pages(plan, settings)  # (the letters still unpacked: the pages' digests read them as they are)
            assert self.markdown is not None
            # From here the second core converts the first pages while this one finishes planning and
            # writes the data files (it sat idle through the judged texts and the packing before).
            with self.markdown.meanwhile():
                self._trust_judged_texts(plan)
                plan.log.release_line_maps()
                plan.log.pack_bodies()  # checked and scanned: the letters stay compressed until their pages are written
                release_free_memory()  # what loading, checking and planning freed: Pagefind and the helpers may need it
                self._freeze()
        with self.markdown.meanwhile():
            self._write_data_files(site, plan)
        release_free_memory()  # what writing the open data freed (at 2,000 seed-sized responses, 22 of the 35 MB it added)
        self._start_indexer(site, plan)
        progress.stage_started("pages: written by the site engine")
        return plan

    def _start_helpers(self, site: Site) -> None:
        """The sweeping process and the Markdown helper, forked before the log is loaded: they need the gate only.

        (Forked later, they would end up with a private copy of most of the log.)
        A strict build's sweep believes no cache: it is the last look before publishing.
        """
        assert self.gate is not None
        use_cache = not (self.options.no_cache or self.options.strict)
        self.sweeper = SiteSweeper(site.site_dir, self.gate, parallel=self.parallel, use_cache=use_cache)
        self.sweeper.include(content_assets(site.docs_dir))  # the site owner's SVG, CSS, JS, wherever they land
        self.markdown = MarkdownAhead(SafeMarkdown(heading_level=RESPONSE_HEADING_LEVEL), parallel=self.parallel)

    def _plan_site(self, site: Site, settings: SiteSettings) -> Plan:
        """Load, validate, scan, index and render the whole log (:mod:`foilog.site.pipeline`)."""
        project = Project(
            root=site.root,
            docs_dir=site.docs_dir,
            responses_dir=site.root / settings.responses_dir,
            site_name=site.site_name,
            settings=settings,
        )
        return plan_site(project, self.options.today, gate=self.gate, topics_intro=site.topics_intro, markdown=self.markdown)

    def _refuse_findings(self, plan: Plan) -> None:
        """Warnings are logged; errors, and in a build for publication personal-data warnings, stop the build."""
        for finding in plan.warnings:
            # Acknowledged findings were accepted by a reviewer: listed, not warned about.
            # Advice (the accessibility category) is listed too, never warned about: a strict build must not fail on it.
            (self.log.info if finding.acknowledged or finding.advisory else self.log.warning)(finding.as_text())
        if plan.errors:
            lines = "\n  ".join(f.as_text() for f in plan.errors)
            raise SessionError(f"the log has {len(plan.errors)} error(s); nothing was published:\n  {lines}")
        blocked = blocking_findings(plan.warnings, self.options.mode)
        if blocked:
            raise SessionError(refusal(blocked, where="the log"))

    def _trust_judged_texts(self, plan: Plan) -> None:
        """The letters and long answers the gate has just judged: the sweep reads them as blank in the exports (:mod:`foilog.gate.judged`).

        Before the letters are packed (their text is read here once). A strict
        build trusts nothing: its sweep reads every value.
        """
        assert self.sweeper is not None
        if not self.options.strict:
            with stage("scan: the texts judged whole, for the sweep"):
                self.sweeper.trust(judged_texts(plan.log))

    def _decide_reuse(self, site: Site, plan: Plan) -> Reuse | None:
        """Which response pages and search parts to take from the site this build replaces (:mod:`foilog.site.incremental`)."""
        if self.options.previous_site is None or site.config_file is None or self.options.no_cache:
            return None
        shared = mode_fingerprint(shared_fingerprint(site.config_file, site.docs_dir, list(site.theme_dirs)), self.options.mode)
        reuse = plan_reuse(plan, root=site.root, shared=shared, previous_site=self.options.previous_site)
        if reuse.pages:
            self.log.info(f"{len(reuse.pages)} response page(s) and {len(reuse.parts)} search part(s) unchanged since the last build")
        return reuse

    def _take_pages(self, plan: Plan, settings: SiteSettings) -> None:
        """The generated pages by source path; the pages to convert ahead (not those reused)."""
        assert self.markdown is not None
        self._pages = {page.src_uri: page for page in plan.pages}
        self.frames = FrameCache() if settings.render_frame_once else None
        reused = self.reuse.pages if self.reuse is not None else {}
        self.markdown.plan([page.markdown for page in plan.pages if page.markdown is not None and page.url + "index.html" not in reused])

    def _freeze(self) -> None:
        """The loaded log lives until the build ends: keep the collector from walking all of it again and again
        while the pages are written (unfrozen by :meth:`close`)."""
        gc.freeze()
        self._frozen = True

    def _write_data_files(self, site: Site, plan: Plan) -> None:
        """The feeds and open data, written now and swept on the other core while the pages are rendered.

        (The sweep is told the log's acknowledgements first: it sweeps from the first file it is given.)
        """
        assert self.sweeper is not None
        self.sweeper.acknowledge(plan.acknowledgements())
        try:
            written = write_data_files(plan, site.site_dir, site_url=site.site_url)
        except OSError as exc:
            raise SessionError(
                f"cannot write the feeds and open data into {one_line(str(site.site_dir))}: {one_line(str(exc))}; nothing was published"
            ) from None
        for rel in written:
            self.sweeper.add_page(rel)

    def _start_indexer(self, site: Site, plan: Plan) -> None:
        """Pagefind, started now: it indexes each page as it is written."""
        try:
            # Attachment text: the gate's reports in the plan (what it judged visible), no file opened again.
            reused = self.reuse.parts if self.reuse is not None else None
            self.indexer = SearchIndexer.start(plan, site_dir=site.site_dir, reused=reused, parallel=self.parallel)
        except SearchIndexError as exc:
            raise _search_failed(exc) from None

    # --- 2. pages --------------------------------------------------------------------------------------

    def page(self, src_uri: str) -> GeneratedPage | None:
        """The generated page at ``src_uri``, or None for a hand-written one."""
        return self._pages.get(src_uri)

    def is_reused(self, dest_uri: str) -> bool:
        """True when the previous build's file is published for ``dest_uri`` (the engine need not render it)."""
        return self.reuse is not None and dest_uri in self.reuse.pages

    def framed(self, *, in_nav: bool) -> bool:
        """True when a generated page is filled into the theme's frame rendered once (:mod:`foilog.site.render.frame`).

        Every generated page but those in the site's navigation (one each: the
        theme marks the current one, which no other page of its kind shares).
        Beside the responses, at 10,000 small responses: 1,465 index pages
        (topics, exemptions, outcomes, years, authorities, the register, each
        paginated) and 1,010 attachment renditions, about 1.1 ms of the theme's
        rendering each against 0.04 ms filled in.
        """
        return self.frames is not None and not in_nav

    def hand_written_page(self, html_text: str, source_text: str, source_path: str, *, is_home: bool, url: str = "") -> str:
        """A hand-written page's HTML as the engine made it: refused if anything in it may run; the home page gets the log's sections.

        ``foilog check`` (and so :meth:`start`) has looked at the page's own
        conversion already; this is the same code (:mod:`foilog.gate.content_safety`) on what is published.
        """
        errors = rendered_page_findings(html_text, source_text, source_path)
        if errors:
            lines = "\n  ".join(f.as_text() for f in errors)
            raise SessionError(f"a hand-written page has {len(errors)} error(s); nothing was published:\n  {lines}")
        if is_home and self.plan is not None:
            return html_text + str(self.plan.home_html)  # str: Markup + str would escape the page
        if self.plan is not None:
            return fill_statement(html_text, self.plan.statement_html, url)  # links relative to this page (``url``)
        return html_text

    def page_written(self, dest_uri: str, output: str, *, src_uri: str, url: str) -> str:
        """The page the engine writes at ``dest_uri``: its article put in (and handed to search), marked in a preview,
        recorded for the next build's reuse, and queued for the sweep. ``""`` for a reused page (its old file is linked in)."""
        if self.is_reused(dest_uri):
            assert self.reuse is not None and self.site is not None
            link_or_copy(self.reuse.pages[dest_uri], self.site.site_dir / dest_uri)
            output = ""  # the engine writes nothing for an empty page
        else:
            generated = self.page(src_uri)
            if generated is not None:
                output = self._fill_article(output, generated, src_uri=src_uri, url=url)
            output = self.mark(output)
            if self.reuse is not None:
                self.reuse.wrote(dest_uri, output.encode("utf-8", errors="xmlcharrefreplace"))
        if self.sweeper is not None:
            self.sweeper.add_page(dest_uri)  # swept from disk once written
        progress.advance("pages written")
        self._written += 1
        if self._written % RELEASE_EVERY == 0:
            # Writing pages leaves freed blocks in the heap (each page's HTML, its article, the Markdown helper's
            # reply) that glibc keeps for later: 30 to 60 MB between two of Pagefind's parts at 2,000 seed-sized
            # responses. The tree's peak is while Pagefind writes a part beside this process, so they go back every
            # few pages, at about 8 ms a time. At 10,000 the build then held 401 to 482 MB through its pages instead
            # of 503 to 519, and the tree's peak was 969 and 971 MB instead of 1,028 and 1,038 (two pairs of runs).
            with stage("pages: free memory given back to the system"):
                release_free_memory()
        return output

    def _fill_article(self, output: str, generated: GeneratedPage, *, src_uri: str, url: str) -> str:
        """Put a generated page's breadcrumbs and article where the theme printed its content, and hand the article to Pagefind."""
        before, mark, after = output.partition(ARTICLE_MARK)
        if not mark:
            raise SessionError(
                f"{one_line(src_uri)}: the theme did not print the page content (page.content); foilog cannot place the article"
            )
        # The content's own mark: the title, description and Schema.org data before it are escaped, so hold none.
        head, crumbs_mark, title = before.rpartition(BREADCRUMBS_MARK)
        if crumbs_mark:
            before = head + generated.breadcrumbs + title
        before, after = trim_frame(before), trim_frame(after)
        try:
            body = str(generated.html)
        except RenderRefused as exc:
            raise SessionError(f"the log has 1 error(s); nothing was published:\n  {exc.finding.as_text()}") from None
        if self.indexer is not None and self.indexer.wants(url):
            # Pagefind reads only the article (data-pagefind-body), so it gets
            # the article now, and indexes it on another core while the engine
            # goes on; the page's frame would only be parsed and dropped.
            language = self.site.language if self.site is not None else "en"
            try:
                self.indexer.add_page(url, f'<html lang="{language}"><head></head><body>{body}</body></html>')
            except SearchIndexError as exc:
                raise _search_failed(exc) from None
        return before + body + after

    def mark(self, page_html: str) -> str:
        """A preview's page with its banner and noindex; a published page as it is (:func:`foilog.engine.publication.mark_page`)."""
        return mark_page(page_html) if self.options.mode is BuildMode.PREVIEW else page_html

    # --- 3. finish -------------------------------------------------------------------------------------

    def finish(self) -> None:
        """After the last page: the site maps, the search index, the sweep's verdict over everything written,
        the preview marker (feeds and open data were written by :meth:`start`). Closes the session."""
        if self.plan is None or self.gate is None or self.site is None:
            return
        site_dir = self.site.site_dir
        if self.markdown is not None:
            self.log.debug(f"{self.markdown.converted_ahead} response page(s) converted ahead on another core")
            self.markdown.close()  # every page is written
        try:
            write_site_maps(self.plan, site_dir, site_url=self.site.site_url)
            if self.indexer is None:
                raise SessionError("the search index was not started; nothing was published")
            if self.sweeper is not None:
                self.sweeper.hand_over()
            # Pagefind's last part first: one Pagefind process does it, on one core, while the
            # sweeping process goes on with everything written on the other; then the build
            # shares what the sweep has left. (Sweeping first, the build and the sweeping process
            # took both cores from Pagefind, which then finished alone with a core idle.)
            self.indexer.finish(site_dir)
            # A leak that appears only in a derived output (a template, an export) is still a leak.
            self._sweep_verdict()
            if self.options.mode is BuildMode.PREVIEW:
                write_marker(site_dir)  # the deploy workflow refuses a site that has it
            copy_search_assets(site_dir)
        except SearchIndexError as exc:
            raise _search_failed(exc) from None
        finally:
            self.close()

    def _sweep_verdict(self) -> None:
        """The leak sweep's findings over the built site: errors, and blocked warnings, stop the build."""
        if self.sweeper is None:
            raise SessionError("the leak sweep was not started; nothing was published")
        sweep = self.sweeper.finish()
        errors = [f for f in sweep.findings if f.is_error]
        warned = 0
        for finding in sweep.findings:
            if not finding.is_error and finding.acknowledged is None:
                self.log.warning(finding.as_text())
                warned += 1
        if self.summary is not None:
            self.summary = replace(self.summary, errors=self.summary.errors + len(errors), swept_warnings=warned)
        if errors:
            lines = "\n  ".join(f.as_text() for f in errors)
            raise SessionError(f"the built site contains {len(errors)} leak(s); nothing was published:\n  {lines}")
        blocked = blocking_findings(sweep.findings, self.options.mode)
        if blocked:
            raise SessionError(refusal(blocked, where="the built site"))

    # --- 4. close --------------------------------------------------------------------------------------

    def close(self) -> None:
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
