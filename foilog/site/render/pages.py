"""Every generated page: pure functions of the log, its indexes and templates.

Templates are Jinja2 with autoescaping on, so every value from a response is
escaped unless it went through :class:`SafeMarkdown` (sanitised by nh3).
Site owners override any template by putting a file of the same name in
``overrides/foilog/``.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from foilog.log.catalogue import Exemption, catalogue, outcomes
from foilog.log.findings import Finding
from foilog.log.model import Log, Response
from foilog.log.schema import REGIMES
from foilog.log.urls import (
    archive_url,
    authority_url,
    exemption_url,
    feed_url,
    outcome_url,
    relative,
    response_document_path,
    topic_url,
)
from foilog.site.indexes import DEFAULT_SEARCH_PARTS, Indexes, paginate
from foilog.site.render.breadcrumbs import Crumb, breadcrumbs_html, list_trail, response_trail, section_trail, withdrawn_trail
from foilog.site.render.clock_view import time_taken, timeline
from foilog.site.render.markdown_ahead import MarkdownAhead, Parts
from foilog.site.render.register_pages import register_coverage_context, register_pages
from foilog.site.render.rendition_pages import has_rendition, rendition_path, request_link, too_large
from foilog.site.render.review_pages import ReleasedRefused
from foilog.site.render.review_pages import index_pages as review_index_pages
from foilog.site.render.review_pages import response_context as review_context
from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown
from foilog.site.render.series_pages import response_context as related_context
from foilog.site.render.series_pages import series_pages
from foilog.site.review_lists import history_updated


class RenderRefused(Exception):
    """Markdown that could not be converted (see :class:`MarkdownRefused`), as a finding naming its file and field."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.as_text())
        self.finding = finding


def _refused_part(r: Response, exc: MarkdownRefused) -> Finding:
    """Which answer (or the letter) of ``r`` failed to convert: the parts are its answers, then its letter."""
    questions = r.data.questions
    if exc.part is not None and exc.part < len(questions):
        i = exc.part
        return Finding(r.yml_path, line=r.line_of("questions", i, "answer"), field=f"questions[{i}].answer", message=exc.reason)
    if exc.part is not None:
        return Finding(r.md_path, message=exc.reason)
    return Finding(r.yml_path, message=f"an answer or the letter (response.md): {exc.reason}")


ON_THIS_PAGE_FROM = 4
"""A response with this many questions or more opens with an "On this page" list of them."""
RESPONSE_HEADING_LEVEL = 3
"""The level of the top headings of answers and letters on a response page (under its <h2> sections)."""
REGIME_NAMES = {
    "FOIA": "Freedom of Information Act 2000",
    "EIR": "Environmental Information Regulations 2004",
    "FOISA": "Freedom of Information (Scotland) Act 2002",
    "EISR": "Environmental Information (Scotland) Regulations 2004",
}


@dataclass(frozen=True)
class GeneratedPage:
    """One page for the site engine: where it goes and what it says."""

    url: str
    """Site-relative directory URL, e.g. ``responses/2019/01-foi-19-011430/``."""
    title: str
    """Plain text (the engine must escape it)."""
    description: str
    """Plain text for the meta description."""
    body: str | Callable[[], str] = field(repr=False)
    """The page body (safe HTML), or how to render it when it is written."""
    kind: str
    structured: Callable[[], dict[str, Any]] | None = field(default=None, repr=False)
    """Schema.org data (JSON-LD) for search engines, made when the page is written; response pages only."""
    markdown: Callable[[], Parts] | None = field(default=None, repr=False)
    """The Markdown its body converts (response pages), for converting it ahead (:mod:`foilog.site.render.markdown_ahead`)."""
    data_document: str | None = None
    """Site path of the page's content as JSON (a live response's document under ``data/responses/``), linked from its head."""

    @property
    def html(self) -> str:
        """The page body, safe HTML.

        Response pages are rendered each time this is read, not kept: the site
        engine writes a page once, so a build holds one response page's HTML
        at a time instead of the whole log's (about 16 KB a response).
        """
        return self.body() if callable(self.body) else self.body

    unlisted: bool = False
    """Kept out of search engines and the sitemap though not a tombstone: a topic with no published response yet."""
    feed: str | None = None
    """Site path of the Atom feed of this index page (topic, exemption, outcome, authority), for the head's ``rel=alternate`` link."""
    feed_title: str = ""
    """Plain text title of :attr:`feed` (the engine must escape it)."""

    crumbs: tuple[Crumb, ...] = ()
    """Where the page sits in the log, from the home page to itself (:mod:`foilog.site.render.breadcrumbs`)."""

    @property
    def breadcrumbs(self) -> str:
        """The page's breadcrumbs, HTML printed above its title (``""`` for none)."""
        return breadcrumbs_html(self.crumbs, self.url)

    @property
    def noindex(self) -> bool:
        """Search engines should not index it: a withdrawn response's tombstone (it left every index), or an unlisted page."""
        return self.kind == "tombstone" or self.unlisted

    @property
    def src_uri(self) -> str:
        """The virtual Markdown source path whose directory URL is ``url``."""
        return (self.url or "") + "index.md"


@dataclass(frozen=True)
class AttachmentFactsView:
    """What the page shows about a file (filled by the attachment inspector when available)."""

    media_type: str
    size: int
    pages: int | None = None


FactsLookup = Callable[[Response, str], AttachmentFactsView | None]


def basic_facts(response: Response, path: str) -> AttachmentFactsView | None:
    """Type from the extension and size from the file system."""
    file = response.folder / path
    try:
        size = file.stat().st_size
    except OSError:
        return None
    media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return AttachmentFactsView(media_type, size)


_KIND_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "text/csv": "CSV",
    "text/plain": "Text",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
}


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@lru_cache(maxsize=8192)
def long_date(day: dt.date) -> str:
    """``3 March 2026``: kept by day, as a build prints the same few thousand days on every page that lists them."""
    return f"{day.day} {day:%B %Y}"


_TOPICS = Crumb("Topics", "topics/")
_EXEMPTIONS = Crumb("Exemptions", "exemptions/")
_OUTCOMES = Crumb("Outcomes", "outcomes/")
_ARCHIVE = Crumb("Archive", "archive/")
_AUTHORITIES = Crumb("Authorities", "authorities/")


class TemplateEnvironment(jinja2.Environment):
    """Jinja2's environment, with each template's globals in one plain dict rather than a chain onto the environment's.

    Jinja2 chains them (``ChainMap``) so that a global added after a template
    is loaded is still seen. Every ``{% from "_macros.html.j2" import ... %}``
    then works out which globals the importing template lacks through
    ``ChainMap``'s Python-level key tests, and every global a template reads is
    looked up the same way: about 60 µs of a response page's 300. The
    :class:`Renderer` sets its globals once, before it loads any template, so
    a copy holds the same: the pages are the same byte for byte.
    """

    def make_globals(self, d: Any = None) -> Any:  # (Jinja2's own signature is a MutableMapping in, a ChainMap out)
        return {**self.globals, **(d or {})}


class Renderer:
    """Renders every generated page of one build."""

    def __init__(
        self,
        log: Log,
        indexes: Indexes,
        *,
        overrides: Path | None = None,
        facts: FactsLookup = basic_facts,
        renditions: Callable[[Response, str], bool] = has_rendition,
        markdown: SafeMarkdown | MarkdownAhead | None = None,
    ) -> None:
        self.log = log
        self.idx = indexes
        self.settings = log.project.settings
        self.facts = facts
        #: Whether an attachment has a web page version (the build's answer also asks the leak gate's report).
        self.renditions = renditions
        #: Answers and letters (their top headings at level 3); the build may convert them ahead on another core.
        self.md = markdown or SafeMarkdown(heading_level=RESPONSE_HEADING_LEVEL)
        self.intro_md = SafeMarkdown(heading_level=2)
        loaders: list[jinja2.BaseLoader] = []
        if overrides and overrides.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(overrides)))
        loaders.append(jinja2.PackageLoader("foilog", "templates"))
        self.env = TemplateEnvironment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            # Made for one build (plan_site makes a new one for each), so a template cannot change while it is used:
            # Jinja2 would otherwise check each template file's time on every page (two stat calls, 16 a response).
            auto_reload=False,
        )
        self.env.filters["longdate"] = long_date
        self.env.filters["filesize"] = human_size
        self.env.globals.update(
            outcomes=outcomes(),
            regime_names=REGIME_NAMES,
            topics=log.topics,
            site_name=log.project.site_name,
            authority_name=self.settings.authority_name,
            multi_authority=len(self.settings.authorities) > 1,
            clock_time_taken=time_taken,
            clock_timeline=timeline,
        )
        self.cat = catalogue()

    # -- helpers -------------------------------------------------------------
    def _render(self, template: str, here: str, **context: Any) -> Markup:
        """Render a template for the page at ``here``; autoescaped, so the result is safe markup."""

        def url(target: str) -> str:
            return relative(here, target)

        html = self.env.get_template(template).render(
            url=url,
            topic_url=topic_url,
            exemption_url=exemption_url,
            outcome_url=outcome_url,
            authority_url=authority_url,
            archive_url=archive_url,
            **context,
        )
        return Markup(html)  # noqa: S704 - autoescaped template output

    def _exemptions_of(self, r: Response) -> list[tuple[str, bool, Exemption | None, str | None]]:
        return [(u.section, u.ncnd, self.cat.lookup(r.data.regime, u.section), u.public_interest) for u in r.data.exemptions]

    # -- response pages ------------------------------------------------------
    def response_page(self, r: Response) -> GeneratedPage:
        """The page of one response; its HTML is rendered when the page is written (see :attr:`GeneratedPage.html`)."""
        d = r.data
        if r.withdrawn:
            html = self._render("tombstone.html.j2", r.url, r=r, d=d, replacement=self.idx.replacements.get(r.url))
            return GeneratedPage(
                r.url,
                f"Withdrawn: {d.reference}",
                f"Response {d.reference} was withdrawn.",
                html,
                "tombstone",
                crumbs=withdrawn_trail(d.reference, r.url),
            )
        return GeneratedPage(
            r.url,
            d.title,
            d.summary or d.title,
            partial(self.response_html, r),
            "response",
            structured=partial(self._structured, r),
            markdown=partial(self.markdown_parts, r),
            data_document=response_document_path(r.year, r.slug),
            crumbs=response_trail(r.year, d.reference, r.url),
        )

    @staticmethod
    def markdown_parts(r: Response) -> Parts:
        """The Markdown of a live response's page: each answer, then the letter (if any)."""
        # Answers sit under their "Question N" <h3>, the letter under an <h2>.
        body = r.body  # read once: a packed letter is unpacked on every read (Response.pack_body)
        letter = ((body, 3, "letter-"),) if body.strip() else ()
        return tuple((q.answer, 4, f"q{q.number}-") for q in r.data.questions) + letter

    def response_html(self, r: Response) -> str:
        """The body of a live response's page: metadata, questions and answers, letter, attachments."""
        d = r.data
        parts = self.markdown_parts(r)
        has_body = len(parts) > len(d.questions)  # the letter is the last part, when it has any text
        try:
            html_parts = self.md.convert_parts(parts)
        except MarkdownRefused as exc:
            raise RenderRefused(_refused_part(r, exc)) from None
        questions = [
            (q, answer, [self.cat.lookup(d.regime, s) for s in q.exemptions]) for q, answer in zip(d.questions, html_parts, strict=False)
        ]
        attachments = [(a, self.facts(r, a.path)) for a in d.attachments]
        body = html_parts[-1] if has_body else None
        exemptions = self._exemptions_of(r)
        try:
            reviews = review_context(r)
        except ReleasedRefused as exc:
            raise RenderRefused(exc.finding) from None
        html = self._render(
            "response.html.j2",
            r.url,
            r=r,
            d=d,
            questions=questions,
            body=body,
            exemptions=exemptions,
            public_interest=[(section, entry, pi) for section, _, entry, pi in exemptions if pi],
            attachments=attachments,
            kind_labels=_KIND_LABELS,
            rendition_of=lambda a: rendition_path(a.path) if self.renditions(r, a.path) else "",
            too_large=lambda a: too_large(r, a.path),
            request_link=lambda a: request_link(self.settings.contact_email, r.reference, a.path.rpartition("/")[2]),
            authority_website=next((a.website for a in self.settings.authorities if a.id == r.authority and a.website), None),
            contents_from=ON_THIS_PAGE_FROM,
            **reviews,
            **related_context(self.idx.related, r),
        )
        return html

    def _structured(self, r: Response) -> dict[str, Any]:
        """Schema.org ``Article`` for a response: what search engines show in results."""
        d = r.data
        history = history_updated(r)  # a review result, an appeal decision or a changed question
        modified = max([r.published_on, *(c.date for c in d.corrections), *([history] if history else [])])
        return {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": d.title,
            "description": d.summary or d.title,
            "identifier": d.reference,
            "datePublished": r.published_on.isoformat(),
            "dateModified": modified.isoformat(),
            "inLanguage": "en-GB",
            "publisher": {"@type": "GovernmentOrganization", "name": self.settings.authority_name(r.authority)},
            "about": [self.log.topics[t].title for t in d.topics if t in self.log.topics],
            "isAccessibleForFree": True,
        }

    # -- lists -------------------------------------------------------------
    def _list_pages(
        self,
        base: Callable[[int], str],
        items: list[Response],
        *,
        title: str,
        kind: str,
        description: str,
        parent: Crumb,
        label: str | None = None,
        lead: str | None = None,
        lead_html: Markup | None = None,
        ncnd: frozenset[str] = frozenset(),
        unlisted: bool = False,
        follow: str | None = None,
    ) -> Iterator[GeneratedPage]:
        """The pages of one list, under ``parent`` in the breadcrumbs (as ``label``, else ``title``);
        a response whose URL is in ``ncnd`` is marked as applying the exemption only to NCND.

        With ``follow`` (``"topic"``, ``"exemption"``...) every page of the list
        links the list's Atom feed (:func:`foilog.log.urls.feed_url`) in its
        body and its head.
        """
        chunks = paginate(items, self.settings.per_page)
        feed = feed_url(base(1)) if follow else None
        for number, chunk in enumerate(chunks, start=1):
            here = base(number)
            pager = [(n, relative(here, base(n))) for n in range(1, len(chunks) + 1)] if len(chunks) > 1 else []
            # Rendered when written, like response pages: a 50,000-response log has thousands of list pages.
            html = partial(
                self._render,
                "list.html.j2",
                here,
                items=chunk,
                total=len(items),
                page_number=number,
                pager=pager,
                lead=lead if number == 1 else None,
                lead_html=lead_html if number == 1 else None,
                first=(number - 1) * self.settings.per_page + 1,
                ncnd=ncnd,
                feed=feed,
                follow=follow,
            )
            page_title = title if number == 1 else f"{title} (page {number} of {len(chunks)})"
            crumbs = list_trail(parent, label or title, base(1), here, number)
            yield GeneratedPage(
                here,
                page_title,
                description,
                html,
                kind,
                unlisted=unlisted,
                feed=feed,
                feed_title=f"{self.log.project.site_name}: {title}" if feed else "",
                crumbs=crumbs,
            )

    def topic_pages(self) -> Iterator[GeneratedPage]:
        for topic in self.log.topics.values():
            try:
                intro = self.intro_md.convert(topic.intro) if topic.intro else None
            except MarkdownRefused as exc:
                raise RenderRefused(Finding(topic.source, message=exc.reason)) from None
            yield from self._list_pages(
                partial(topic_url, topic.id),
                self.idx.by_topic.get(topic.id, []),
                title=topic.title,
                kind="topic",
                description=topic.description,
                parent=_TOPICS,
                lead=topic.description,
                lead_html=intro,
                unlisted=topic.id in self.idx.empty_topics,
                follow="topic",
            )

    def exemption_pages(self) -> Iterator[GeneratedPage]:
        for entry in self.cat.entries:
            ncnd = self.idx.ncnd_by_exemption.get(entry.slug, [])
            count = len(self.idx.by_exemption.get(entry.slug, []))
            lead = self._render("exemption_lead.html.j2", exemption_url(entry.slug), e=entry, count=count, ncnd_count=len(ncnd))
            yield from self._list_pages(
                partial(exemption_url, entry.slug),
                self.idx.listed_by_exemption.get(entry.slug, []),
                title=f"{entry.label}: {entry.title}",
                kind="exemption",
                description=entry.explanation,
                parent=_EXEMPTIONS,
                lead_html=lead,
                ncnd=frozenset(r.url for r in ncnd),
                follow="exemption",
            )

    def outcome_pages(self) -> Iterator[GeneratedPage]:
        for outcome in outcomes().values():
            yield from self._list_pages(
                partial(outcome_url, outcome.id),
                self.idx.by_outcome.get(outcome.id, []),
                title=outcome.title,
                kind="outcome",
                description=outcome.explanation,
                parent=_OUTCOMES,
                lead=outcome.explanation,
                follow="outcome",
            )

    def year_pages(self) -> Iterator[GeneratedPage]:
        for year, items in self.idx.by_year.items():
            yield from self._list_pages(
                partial(archive_url, year),
                items,
                title=f"Responses from {year}",
                kind="archive",
                description=f"Every response published with a {year} response date.",
                parent=_ARCHIVE,
                label=str(year),
                lead=f"Every response dated {year}, newest first.",
            )

    def authority_pages(self) -> Iterator[GeneratedPage]:
        if len(self.settings.authorities) < 2:
            return
        for authority in self.settings.authorities:
            yield from self._list_pages(
                partial(authority_url, authority.id),
                self.idx.by_authority.get(authority.id, []),
                title=authority.name,
                kind="authority",
                description=f"Responses from {authority.name}.",
                parent=_AUTHORITIES,
                lead=f"Responses from {authority.name}, newest first.",
                follow="authority",
            )

    # -- overviews ---------------------------------------------------------
    def _topics_intro(self, text: str) -> Markup | None:
        """The hand-written intro of /topics/ (``topics/index.md`` in the docs folder), converted."""
        if not text:
            return None
        try:
            return self.intro_md.convert(text)
        except MarkdownRefused as exc:
            project = self.log.project
            source = project.docs_dir / "topics" / "index.md"
            shown = source.relative_to(project.root).as_posix() if source.is_relative_to(project.root) else source.as_posix()
            raise RenderRefused(Finding(shown, message=exc.reason)) from None

    def overview_pages(self, topics_intro: str = "") -> Iterator[GeneratedPage]:
        idx = self.idx
        yield GeneratedPage(
            "topics/",
            "Topics",
            "Browse responses by topic.",
            self._render(
                "topics_index.html.j2",
                "topics/",
                intro=self._topics_intro(topics_intro),
                counts=idx.by_topic,
                listed=idx.topics_with_responses,
                empty=idx.empty_topics,
            ),
            "topics",
            crumbs=section_trail("Topics", "topics/"),
        )
        by_regime = {regime: [e for e in self.cat.entries if e.regime == regime] for regime in REGIMES}
        yield GeneratedPage(
            "exemptions/",
            "Exemptions",
            "What each exemption means and how often it was used.",
            self._render(
                "exemptions_index.html.j2", "exemptions/", by_regime=by_regime, counts=idx.by_exemption, ncnd_counts=idx.ncnd_by_exemption
            ),
            "exemptions",
            crumbs=section_trail("Exemptions", "exemptions/"),
        )
        yield GeneratedPage(
            "outcomes/",
            "Outcomes",
            "Responses by outcome.",
            self._render("outcomes_index.html.j2", "outcomes/", counts=idx.by_outcome),
            "outcomes",
            crumbs=section_trail("Outcomes", "outcomes/"),
        )
        yield GeneratedPage(
            "archive/",
            "Archive",
            "Responses by year.",
            self._render("archive_index.html.j2", "archive/", counts=idx.by_year),
            "archive-index",
            crumbs=section_trail("Archive", "archive/"),
        )
        if len(self.settings.authorities) > 1:
            yield GeneratedPage(
                "authorities/",
                "Authorities",
                "Responses by public authority.",
                self._render("authorities_index.html.j2", "authorities/", authorities=self.settings.authorities, counts=idx.by_authority),
                "authorities",
                crumbs=section_trail("Authorities", "authorities/"),
            )
        yield GeneratedPage(
            "corrections/",
            "Corrections and withdrawals",
            "Responses corrected or withdrawn after publication.",
            self._render(
                "corrections.html.j2", "corrections/", corrected=idx.corrected, withdrawn=idx.withdrawn, replacements=idx.replacements
            ),
            "corrections",
            crumbs=section_trail("Corrections and withdrawals", "corrections/"),
        )

    def statistics_page(self) -> GeneratedPage:
        """``/statistics/``: figures and build-time SVG charts of the live responses (see :mod:`foilog.site.stats`)."""
        from foilog.site.clock_stats import clock_statistics
        from foilog.site.render.charts import statistics_charts
        from foilog.site.stats import QUESTION_GROUPS, compute_statistics, percent

        stats = compute_statistics(self.idx)
        charts = statistics_charts(stats, {o.id: o.title for o in outcomes().values()})
        clock = clock_statistics(self.idx.live)
        html = self._render(
            "statistics.html.j2",
            "statistics/",
            s=stats,
            charts=charts,
            question_groups=QUESTION_GROUPS,
            percent=percent,
            clock=clock,
            **register_coverage_context(self.log),
        )
        return GeneratedPage(
            "statistics/",
            "Statistics",
            "How many responses were published, their outcomes, the exemptions used and how quickly requests were answered.",
            html,
            "statistics",
            crumbs=section_trail("Statistics", "statistics/"),
        )

    def home_sections(self) -> str:
        """HTML appended to the hand-written home page."""
        return self._render(
            "home.html.j2",
            "",
            latest=self.idx.live[: self.settings.latest],
            counts=self.idx,
            authorities=self.settings.authorities,
        )

    def search_page(self) -> GeneratedPage:
        """``/search/``: Pagefind's UI, plus browse-by-topic and by-year links that work without JavaScript."""
        # The parts of the index, newest first: the search page searches the newest
        # ones and offers the rest (assets/search.js).
        parts = [
            {
                "path": relative("search/", part.path),
                "count": len(part.responses),
                "since": part.responses[-1].published_on.isoformat() if part.responses else None,
            }
            for part in self.idx.search_parts
        ]
        html = self._render(
            "search.html.j2",
            "search/",
            counts=self.idx,
            parts=json.dumps(parts, separators=(",", ":")),
            default_parts=DEFAULT_SEARCH_PARTS,
        )
        return GeneratedPage(
            "search/",
            "Search",
            "Search every published response and its attachments.",
            html,
            "search",
            crumbs=section_trail("Search", "search/"),
        )

    def all_pages(self, topics_intro: str = "") -> Iterator[GeneratedPage]:
        """Every generated page, in a stable order."""
        for r in self.idx.pages:
            yield self.response_page(r)
        yield from self.overview_pages(topics_intro)
        yield from self.topic_pages()
        yield from self.exemption_pages()
        yield from self.outcome_pages()
        yield from self.year_pages()
        yield from self.authority_pages()
        for spec in review_index_pages(self):  # /reviews/ and /decision-notices/
            yield GeneratedPage(
                spec.url,
                spec.title,
                spec.description,
                spec.html,
                spec.kind,
                feed=spec.feed,
                feed_title=f"{self.log.project.site_name}: {spec.title}",
                crumbs=spec.crumbs,
            )
        for rp in register_pages(self.log, self.settings.per_page, self._render):
            yield GeneratedPage(rp.url, rp.title, rp.description, rp.body, "register", crumbs=rp.crumbs)
        yield self.statistics_page()
        yield self.search_page()
        yield from (GeneratedPage(**page) for page in series_pages(self.idx.related, self._render))
