"""What only MkDocs needs: its configuration read and amended, files registered, pages prepared, the theme's frame.

:mod:`foilog.engine.plugin` routes MkDocs' events to the build session
(:mod:`foilog.engine.session`, which does not import MkDocs) and calls these
helpers for the MkDocs side of each event. Replacing the site engine means
replacing this module and the plugin, not the session.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from foilog.engine.errors import SessionError
from foilog.engine.session import ARTICLE_MARK, BREADCRUMBS_MARK, BuildSession, Site
from foilog.log.findings import one_line
from foilog.log.links import find_links
from foilog.log.lookalikes import find_unsafe_names
from foilog.log.settings import SiteSettings
from foilog.site.pipeline import Plan, redirect_html
from foilog.site.publish.feeds import SITE_FEED
from foilog.site.publish.opendata import DATA_DIR
from foilog.site.render.frame import FrameCache, FrameMismatch
from foilog.site.render.pages import GeneratedPage

THEME_DIR = Path(__file__).parent.parent / "theme"
BLANK_TEMPLATE = "foilog-blank.html"
"""The theme template of a page whose HTML foilog writes itself (the frame, or a reused page)."""
NAV_PAGES = {
    "topics/index.md",
    "exemptions/index.md",
    "outcomes/index.md",
    "archive/index.md",
    "authorities/index.md",
    "corrections/index.md",
    "reviews/index.md",
    "decision-notices/index.md",
    "statistics/index.md",
    "register/index.md",
    "search/index.md",
}
"""The generated pages in the navigation; every other one is ``not_in_nav`` (MkDocs renders the nav into every page)."""


class FoilogError(PluginError):
    """A build foilog stopped: the message's lines are foilog's own (every value in them went through
    :func:`~foilog.log.findings.one_line`), so :mod:`foilog.engine.mkdocs_build` may print them as separate lines."""

    def lines(self) -> list[str]:
        return str(self).split("\n")


@contextmanager
def plugin_errors() -> Iterator[None]:
    """The session's refusals as MkDocs' plugin errors, with the same message."""
    try:
        yield
    except SessionError as exc:
        raise FoilogError(str(exc)) from None


# --- configuration -------------------------------------------------------------------------------------


def project_root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


def configure_theme(config: Any, settings: SiteSettings) -> None:
    """foilog's templates and stylesheet in the theme, the logo, and the responses folder watched by ``mkdocs serve``."""
    # Our templates fix Material's unescaped title and description; the
    # site's own custom_dir still wins.
    position = 1 if config.theme.custom_dir else 0
    config.theme.dirs.insert(position, str(THEME_DIR))
    config.extra_css.append("assets/foilog.css")
    # The authority's logo where Material puts a logo (the header, the navigation drawer); the footer shows it too.
    if settings.logo and not config.theme.get("logo"):
        config.theme["logo"] = settings.logo
    _allow_own_outputs_in_nav()
    # `mkdocs serve` / `foilog serve` rebuild when a response changes.
    if config.config_file_path:
        config.watch.append(str(Path(config.config_file_path).resolve().parent / settings.responses_dir))


OWN_OUTPUTS = frozenset(
    {
        SITE_FEED,
        *(
            f"{DATA_DIR}/{name}"
            for name in ("responses.csv", "responses.json", "questions.csv", "response.schema.json", "datapackage.json")
        ),
    }
)
"""Files foilog writes into the site itself, beside MkDocs' files: a ``nav`` entry may link them (``Open data: data/responses.csv``)."""
_NAV_NOT_FOUND = re.compile(r"^A reference to '(?P<url>[^']*)' is included in the 'nav' configuration, which is not found")


class _OwnOutputsInNav(logging.Filter):
    """Keeps MkDocs from warning (a strict build: failing) that a ``nav`` link to one of :data:`OWN_OUTPUTS` is not in docs_dir.

    MkDocs knows only the files of docs_dir; foilog writes the feed and the open
    data itself, so a link to them is not broken. Any other missing file is still reported.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        found = _NAV_NOT_FOUND.match(record.getMessage())
        return not (found and found["url"].removeprefix("./") in OWN_OUTPUTS)


def _allow_own_outputs_in_nav() -> None:
    nav_log = logging.getLogger("mkdocs.structure.nav")
    if not any(isinstance(f, _OwnOutputsInNav) for f in nav_log.filters):
        nav_log.addFilter(_OwnOutputsInNav())


FOOTER_PAGES = {
    "accessibility": "accessibility.md",
    "privacy": "privacy.md",
    "licence": "licence.md",
}
"""The hand-written pages the footer links, when the docs folder has them (``foilog init`` writes them all)."""


def theme_globals(settings: SiteSettings, files: Files) -> dict[str, Any]:
    """What foilog's theme templates (the footer, the 404 page) print besides MkDocs' own context: ``foilog_site``."""
    own = settings.default_authority
    website = next((a.website or "" for a in settings.authorities if a.id == own), "")
    pages = {}
    for name, src in FOOTER_PAGES.items():
        file = files.get_file_from_path(src)
        if file is not None and file.inclusion.is_included():
            pages[name] = file.url
    return {
        "authority": settings.authority_name(own),
        "website": website if website.startswith(("https://", "http://")) else None,
        "contact_email": settings.contact_email,
        "logo": settings.logo,
        "pages": pages,
        "feed": SITE_FEED,
        "open_data": f"{DATA_DIR}/responses.csv",
    }


def site_of(config: Any, files: Files) -> Site:
    """What the session needs of MkDocs' configuration (and the topics index's hand-written text)."""
    root = project_root(config)
    intro_file = files.get_file_from_path("topics/index.md")
    custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    return Site(
        root=root,
        config_file=Path(config.config_file_path) if config.config_file_path else None,
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        site_name=config.site_name,
        site_url=config.site_url,
        theme_dirs=tuple(sorted({root / "overrides", *custom})),
        topics_intro=strip_front_matter(intro_file.content_string) if intro_file is not None else "",
        language=html.escape(str(config.theme.get("language") or "en"), quote=True),
    )


def refuse_links(config: Any, settings: SiteSettings) -> None:
    """Stop the build before MkDocs walks the docs folder: it follows links, into anything (foilog.log.links).

    (A dangling link would crash it; a link to a folder would publish files no check has read.)
    """
    # Not resolved, like MkDocs' own docs_dir and custom_dir: a link among the folders must stay visible.
    root = Path(os.path.abspath(os.path.dirname(config.config_file_path) if config.config_file_path else os.getcwd()))
    folders = [Path(config.docs_dir), root / settings.responses_dir, root / "overrides"]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    folders = list(dict.fromkeys(folders))
    # Names with bidi, zero-width or control characters are refused the same way (foilog.log.lookalikes).
    errors = find_links(folders, root) + find_unsafe_names(folders, root)
    if errors:
        lines = "\n  ".join(f.as_text() for f in errors)
        raise FoilogError(f"the log has {len(errors)} error(s); nothing was published:\n  {lines}")


# --- files -----------------------------------------------------------------------------------------------


def register_files(files: Files, config: Any, plan: Plan, session: BuildSession) -> Files:
    """The plan's pages as virtual files (``File.generated``), its attachments, redirects and stylesheet."""
    # Topic pages and the topics index are generated from content/topics/.
    for file in list(files):
        if file.src_uri.startswith("topics/") and file.src_uri.endswith(".md"):
            files.remove(file)
    for page in plan.pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        if page.src_uri in NAV_PAGES:
            files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.UNDEFINED))
            continue  # MkDocs makes its page, with the title the site's nav gives it
        file = File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        GeneratedMkDocsPage(None, file, config)  # becomes file.page: MkDocs uses a page a plugin has set
        files.append(file)
    for dest, source in plan.static_files:
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    for old_url, new_url in plan.redirects:
        files.append(File.generated(config, f"{old_url}index.html", content=session.mark(redirect_html(old_url, new_url))))
    files.append(File.generated(config, "assets/foilog.css", content=plan.stylesheet))
    return files


class GeneratedMkDocsPage(Page):
    """A page foilog renders itself: MkDocs has no Markdown of it to convert.

    MkDocs' :meth:`Page.render` makes a Python-Markdown converter with every
    extension of the site for each page (0.14 ms a page here), only to convert
    the empty text a generated page has. This page gives what converting it
    gives (no content, no headings, no anchors, no links) without one. MkDocs
    takes a page a plugin sets on ``File.page`` (``Page.__init__`` sets it)
    as the file's page, as Material's blog plugin does for its posts. Pages
    in the site's nav are left to MkDocs: their nav title comes with the page it makes.
    """

    def render(self, config: Any, files: Files) -> None:
        """What :meth:`Page.render` leaves on a page whose Markdown is empty."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.markdown.strip():
            super().render(config, files)  # another plugin gave it Markdown: convert it as MkDocs would
            return
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def source_path(page: Page, config: Any) -> str:
    """A hand-written page's file, relative to the project (as findings name files)."""
    root = os.path.dirname(config.config_file_path) if config.config_file_path else os.getcwd()
    source = page.file.abs_src_path or page.file.src_uri
    return Path(os.path.relpath(source, root)).as_posix()


# --- pages -----------------------------------------------------------------------------------------------


_FRAME_META = {
    "description": "description",
    "jsonld": "foilog_jsonld",
    "data": "foilog_data_json",
    "feed": "foilog_feed",
    "feed_title": "foilog_feed_title",
}
"""The page's meta key of each value :mod:`foilog.site.render.frame` varies (beside the title and the canonical URL)."""


def _from_page(generated: GeneratedPage, path: str) -> str:
    """Site path ``path`` relative to the generated page, as the theme's ``url`` filter writes a link: a value a frame can put in."""
    return posixpath.relpath(path, generated.url.rstrip("/") or ".")


def prepare_generated(page: Page, generated: GeneratedPage, *, reused: bool, framed: bool) -> str:
    """A generated page's title, description and data on the MkDocs page; its content until it is written.

    The article itself is put in when the page is written (the session's
    ``page_written``): MkDocs reads every page before it writes any, and
    keeping each article until then would hold the whole log's HTML at once.
    """
    if reused:
        page.meta["template"] = BLANK_TEMPLATE  # the previous build's file is linked in when the page is written
        return ""
    # page.title is printed raw by Material: keep it escaped text.
    page.title = html.escape(generated.title)
    page.meta["description"] = generated.description
    page.meta["foilog_noindex"] = generated.noindex  # a withdrawn response's notice (theme/main.html)
    if generated.feed:  # an index page's Atom feed: theme/main.html links it in the head
        page.meta["foilog_feed"] = _from_page(generated, generated.feed)
        page.meta["foilog_feed_title"] = generated.feed_title
    if generated.kind == "response":
        # Material's table of contents would be an empty column: the page's facts take that room (assets/foilog.css).
        page.meta["hide"] = ["toc"]
    if generated.structured is not None:
        data = generated.structured()
        if page.canonical_url:
            data["url"] = page.canonical_url
        page.meta["foilog_jsonld"] = json_for_script(data)
    if generated.data_document is not None:
        # The response as data (theme/main.html's rel="alternate"), relative to the page like every link of the theme.
        page.meta["foilog_data_json"] = _from_page(generated, generated.data_document)
    # Material points its skip link at the first table-of-contents entry;
    # generated pages have no Markdown headings, so give them their title.
    page.toc = title_toc(page.title)
    if framed:
        page.meta["template"] = BLANK_TEMPLATE  # the HTML is made from the frame (framed_page)
    # (The title is here already: Material prints its own <h1> when the content has none.)
    return title_content(page.title)


def framed_page(frames: FrameCache, template: Any, context: Any, page: Page, generated: GeneratedPage) -> str:
    """A page from the theme's frame rendered once (:mod:`foilog.site.render.frame`), or rendered by the theme."""
    values = {"title": page.title or "", "canonical": page.canonical_url or ""}
    values |= {name: page.meta.get(key) or "" for name, key in _FRAME_META.items()}
    # Whatever makes the theme take another branch gets a frame of its own.
    key = (generated.kind, context.get("base_url"), generated.noindex, *(bool(v) for v in values.values()))

    def render(with_values: Any) -> str:
        return render_with(template, context, page, with_values)

    try:
        return frames.page(key, values, render)
    except FrameMismatch as exc:
        raise FoilogError(
            f"{one_line(page.file.src_uri)}: the theme's page frame, rendered once for this kind of page, does not give the page "
            f"the theme renders ({one_line(str(exc))}). A theme override or another plugin varies generated pages by more than their "
            "title, description, URL, feed and article: set `render_frame_once: false` under the foilog plugin in mkdocs.yml. "
            "Nothing was published."
        ) from None


def forget_written(page: Page) -> None:
    """Drop what only the page's own HTML needed: MkDocs keeps every page object to the end of the build.

    (Its sitemap reads each page's URLs and dates afterwards; foilog writes its own.)
    """
    page.content = None
    page.toc = TableOfContents([])
    page.meta.pop("foilog_jsonld", None)


def title_toc(title: str) -> TableOfContents:
    """Material points its skip link at the first table-of-contents entry: a generated page's title."""
    return TableOfContents([AnchorLink(title, "page-title", 1)])


def title_content(title: str) -> str:
    """A generated page's content until it is written: where its breadcrumbs go, its title, and where its article goes."""
    return f'{BREADCRUMBS_MARK}<h1 id="page-title">{title}</h1>\n{ARTICLE_MARK}'


def render_with(template: Any, context: Any, page: Page, values: Any) -> str:
    """The theme's page with the values :mod:`foilog.site.render.frame` varies put on ``page``, then put back.

    (MkDocs reads them again after the pages are written: the sitemap prints
    every page's canonical URL.)
    """
    saved = (page.title, dict(page.meta), page.canonical_url, page.content, page.toc)
    try:
        page.title = values["title"]
        for name, key in _FRAME_META.items():
            page.meta[key] = values[name]
        page.canonical_url = values["canonical"] or None
        page.content = title_content(values["title"])
        page.toc = title_toc(values["title"])
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


def strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
