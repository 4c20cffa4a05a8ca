"""The look of a publication of record (issue 19): what a reader sees of the sample log, in a real Chromium where it matters.

* the footer: licence, contact, accessibility statement, privacy notice, feed,
  open data and the authority's logo, on every page (the 404 page too);
* the `logo` option: shown in the header and the footer, and refused with a
  clear error naming mkdocs.yml when the file is not an image in the docs folder;
* breadcrumbs on response and index pages, the same whether the theme's frame
  is rendered once or for every page;
* "On this page" on long responses; outcome badges that differ by more than
  colour, with WCAG AA contrast in both colour schemes (computed from the CSS,
  and from the colours Chromium computes);
* a 404 page that helps; titles that are not light grey; the site's name whole
  on a 375 px phone; the response page's desktop width put to use.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from logbuilder import DEFAULT_OPTIONS, TODAY_ARG, LogBuilder
from PIL import Image
from sitetools import MATERIAL, REPO, build, copy_sample_project

from foilog.commands.cli import main
from foilog.engine.mkdocs_build import BuildFailed
from foilog.log.colours import contrast
from foilog.log.settings import SiteSettings
from foilog.site.pipeline import NEAR_BLACK, stylesheet

RESPONSE = "responses/2019/01-foi-19-011430/"
"""The sample's real Metropolitan Police letter: 12 questions."""
SHORT_RESPONSE = "responses/2022/foi-2022-00088/"
"""A response with 2 questions (no "On this page")."""
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OUTCOMES = ["granted-in-full", "granted-in-part", "refused", "not-held", "neither-confirm-nor-deny", "cost-limit", "vexatious"]
LOGO = "assets/northshire-logo.svg"


# -- reading built pages ----------------------------------------------------------------
class Tree(HTMLParser):
    """A page's elements as (tag, attributes, text inside) for the few parts these tests read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, {k: v or "" for k, v in attrs}, [])
        self.elements.append(element)
        if tag not in ("img", "input", "meta", "link", "br", "hr"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element[2].append(data)


def html_of(site: Path, url: str) -> str:
    path = site / url if url.endswith(".html") else site / url / "index.html"
    return path.read_text("utf-8")


def section(html: str, start: str, end: str) -> str:
    """The markup from the first ``start`` to the next ``end`` (inclusive)."""
    at = html.index(start)
    return html[at : html.index(end, at) + len(end)]


def breadcrumbs(site: Path, url: str) -> list[tuple[str, str, bool]]:
    """(text, href, current) of each breadcrumb of the page at ``url``."""
    nav = section(html_of(site, url), '<nav class="foilog-breadcrumbs" aria-label="Breadcrumb">', "</nav>")
    tree = Tree()
    tree.feed(nav)
    assert [e[0] for e in tree.elements][:2] == ["nav", "ol"]
    return [("".join(text), attrs["href"], attrs.get("aria-current") == "page") for tag, attrs, text in tree.elements if tag == "a"]


def footer_links(html: str) -> dict[str, str]:
    """Text -> href of the footer's links."""
    tree = Tree()
    tree.feed(section(html, '<footer class="foilog-footer">', "</footer>"))
    return {" ".join("".join(text).split()): attrs.get("href", "") for tag, attrs, text in tree.elements if tag == "a"}


# -- the footer -------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["", RESPONSE, "topics/policing-technology/", "statistics/", "about/", "404.html"])
def test_every_page_has_the_publications_footer(sample_site: Path, url: str) -> None:
    html = html_of(sample_site, url)
    assert "Made with" not in html, "Material's own footer wording is replaced"
    links = footer_links(html)
    assert links["Open Government Licence v3.0"] == OGL
    assert links["Contact: foi@northshire.example"] == "mailto:foi@northshire.example"
    for text, page in [
        ("Accessibility statement", "accessibility/"),
        ("Privacy notice", "privacy/"),
        ("Atom feed", "feed.xml"),
        ("Open data (CSV)", "data/responses.csv"),
    ]:
        assert _normalise(url, links[text]) == page.rstrip("/"), (text, links[text])
        assert (sample_site / page).exists(), page
    assert not any(text.startswith(("About", "How to")) for text in links), "those are in the navigation"
    footer = section(html, '<footer class="foilog-footer">', "</footer>")
    assert re.search(r'<img src="[^"]*assets/northshire-logo\.svg" alt="Northshire County Council \(fictional\)">', footer)
    assert "Published by Northshire County Council (fictional)" in footer


def _normalise(page_url: str, href: str) -> str:
    """The site path a link on the page at ``page_url`` leads to (``../`` resolved; ``/x`` from the root)."""
    if href.startswith("/"):
        return href.strip("/")
    parts = [p for p in page_url.split("/") if p and not p.endswith(".html")]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def test_the_footer_links_only_pages_the_log_has(tmp_path: Path) -> None:
    """A log without a privacy notice or contact address gets no broken footer link; the licence is always there."""
    log = LogBuilder(tmp_path / "project")
    log.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    (log.root / "content" / "index.md").write_text("# A log\n", encoding="utf-8")
    site = build(log.config, tmp_path / "site", strict=True)
    links = footer_links(html_of(site, ""))
    assert links["Open Government Licence v3.0"] == OGL
    assert not any(text.startswith(("Contact", "Privacy", "Accessibility")) for text in links), links
    assert "<img" not in section(html_of(site, ""), '<footer class="foilog-footer">', "</footer>")


def test_the_footer_keeps_the_sites_copyright_and_social_links(tmp_path: Path) -> None:
    """What Material's footer printed from mkdocs.yml (``copyright``, ``extra.social``) is still printed."""
    log = LogBuilder(tmp_path / "project")
    social = "extra:\n  social:\n    - icon: fontawesome/brands/mastodon\n      link: https://social.example/@northshire\n"
    log.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + "copyright: Crown copyright 2026\n" + social)
    (log.root / "content" / "index.md").write_text("# A log\n", encoding="utf-8")
    footer = section(html_of(build(log.config, tmp_path / "site", strict=True), ""), '<footer class="foilog-footer">', "</footer>")
    assert "Crown copyright 2026" in footer
    assert 'href="https://social.example/@northshire"' in footer


# -- the logo option --------------------------------------------------------------------
def test_the_logo_is_in_the_header_and_is_published(sample_site: Path) -> None:
    html = html_of(sample_site, RESPONSE)
    header = section(html, '<header class="md-header', "</header>")
    logo = re.search(
        r'<a href="[^"]*" title="Sample Disclosure Log" class="md-header__button md-logo" aria-label="Sample Disclosure Log"'
        r'[^>]*>\s*<img src="\.\./\.\./\.\./assets/northshire-logo\.svg" alt="">',
        header,
    )
    assert logo, "in the link named after the site, so the image itself is decorative"
    assert (sample_site / LOGO).read_bytes() == (REPO / "content" / LOGO).read_bytes()


def _check(log: LogBuilder) -> Any:
    return CliRunner().invoke(main, ["check", "--config-file", str(log.config), "--today", TODAY_ARG])


@pytest.mark.parametrize(
    ("logo", "error"),
    [
        (
            "assets/missing.svg",
            "plugins.foilog.logo: no such file: 'assets/missing.svg' in the docs folder (content/); the path is relative to the docs "
            "folder, so put the logo there (e.g. assets/logo.svg) or correct the path",
        ),
        (
            "assets",
            "plugins.foilog.logo: expected the path of an .svg or .png image in the docs folder, such as 'assets/logo.svg', got 'assets'",
        ),
        (
            "assets/logo.jpg",
            "plugins.foilog.logo: expected the path of an .svg or .png image in the docs folder, such as 'assets/logo.svg', "
            "got 'assets/logo.jpg'",
        ),
        (
            "../logo.svg",
            "plugins.foilog.logo: expected a path inside the docs folder, relative to it (such as 'assets/logo.svg'), got '../logo.svg'",
        ),
        (
            "/srv/logo.png",
            "plugins.foilog.logo: expected a path inside the docs folder, relative to it (such as 'assets/logo.svg'), got '/srv/logo.png'",
        ),
    ],
)
def test_a_logo_that_is_not_an_image_in_the_docs_folder_is_a_clear_error(tmp_path: Path, logo: str, error: str) -> None:
    log = LogBuilder(tmp_path / "project", options={**DEFAULT_OPTIONS, "logo": logo})
    (log.root / "content" / "assets").mkdir(parents=True)
    (log.root / "content" / "assets" / "logo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "project" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    result = _check(log)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {log.config}: {error}\n"
    assert "Traceback" not in result.output


def test_a_missing_logo_stops_the_build_naming_mkdocs_yml(tmp_path: Path) -> None:
    log = LogBuilder(tmp_path / "project", options={**DEFAULT_OPTIONS, "logo": "logo.svg"})
    with pytest.raises(BuildFailed) as failed:
        build(log.config, tmp_path / "site", strict=True)
    message = str(failed.value)
    assert "mkdocs.yml" in message and "plugins.foilog.logo: no such file: 'logo.svg' in the docs folder (content/)" in message
    assert not (tmp_path / "site").exists()


def test_mkdocs_build_refuses_a_missing_logo_too(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """``mkdocs build`` (not only foilog's commands): the plugin refuses it before anything is built."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    log = LogBuilder(tmp_path / "project", options={**DEFAULT_OPTIONS, "logo": "assets/crest.png"})
    config = load_config(str(log.config), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert "invalid foilog options in mkdocs.yml:\n  plugins.foilog.logo: no such file: 'assets/crest.png'" in caplog.text
    assert not (tmp_path / "site").exists()


def test_a_png_logo_in_the_docs_folder_is_accepted(tmp_path: Path) -> None:
    log = LogBuilder(tmp_path / "project", options={**DEFAULT_OPTIONS, "logo": "img/Crest.PNG"})
    log.mkdocs({**DEFAULT_OPTIONS, "logo": "img/Crest.PNG"}, extra=MATERIAL)
    (log.root / "content" / "index.md").write_text("# A log\n", encoding="utf-8")
    (log.root / "content" / "img").mkdir(parents=True)
    Image.new("RGBA", (4, 4), (29, 79, 145, 255)).save(log.root / "content" / "img" / "Crest.PNG", format="PNG")
    assert _check(log).exit_code == 0
    site = build(log.config, tmp_path / "site", strict=True)
    html = html_of(site, "")
    assert 'src="img/Crest.PNG"' in section(html, '<header class="md-header', "</header>")
    assert 'src="img/Crest.PNG"' in section(html, '<footer class="foilog-footer">', "</footer>")


# -- navigation and breadcrumbs ---------------------------------------------------------
def test_the_navigation_reaches_every_index_open_data_and_search(sample_site: Path) -> None:
    nav = section(html_of(sample_site, ""), '<nav class="md-nav md-nav--primary"', "</nav>\n</div>")
    hrefs = set(re.findall(r'class="md-nav__link[^"]*" href="([^"]+)"', nav)) | set(re.findall(r'href="([^"]+)" class="md-nav__link', nav))
    for target in ("topics/", "outcomes/", "exemptions/", "archive/", "statistics/", "corrections/", "data/responses.csv", "search/"):
        assert any(h.rstrip("/").endswith(target.rstrip("/")) for h in hrefs), (target, sorted(hrefs))
        assert (sample_site / target / ("" if "." in target else "index.html")).exists(), target


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        (RESPONSE, [("Home", "../../../"), ("2019", "../../../archive/2019/"), ("01/FOI/19/011430", "../../../" + RESPONSE)]),
        ("topics/housing/", [("Home", "../../"), ("Topics", "../../topics/"), ("Housing", "../../topics/housing/")]),
        ("archive/2026/", [("Home", "../../"), ("Archive", "../../archive/"), ("2026", "../../archive/2026/")]),
        (
            "outcomes/refused/",
            [
                ("Home", "../../"),
                ("Outcomes", "../../outcomes/"),
                ("Refused — all information withheld under exemptions", "../../outcomes/refused/"),
            ],
        ),
        (
            "exemptions/foia-s24/",
            [("Home", "../../"), ("Exemptions", "../../exemptions/"), ("FOIA s24: National security", "../../exemptions/foia-s24/")],
        ),
        ("topics/", [("Home", "../"), ("Topics", "../topics/")]),
        ("statistics/", [("Home", "../"), ("Statistics", "../statistics/")]),
        ("corrections/", [("Home", "../"), ("Corrections and withdrawals", "../corrections/")]),
    ],
)
def test_breadcrumbs_lead_from_home_to_the_page(sample_site: Path, url: str, trail: list[tuple[str, str]]) -> None:
    crumbs = breadcrumbs(sample_site, url)
    assert [(text, href) for text, href, _ in crumbs] == trail
    assert [current for _, _, current in crumbs] == [False] * (len(trail) - 1) + [True]
    html = html_of(sample_site, url)
    assert html.index('aria-label="Breadcrumb"') < html.index('<h1 id="page-title">'), "above the title"


def test_a_withdrawn_response_sits_under_corrections(sample_site: Path) -> None:
    tombstones = [p for p in sample_site.glob("responses/*/*/index.html") if "foilog-response--withdrawn" in p.read_text("utf-8")]
    assert tombstones
    url = tombstones[0].parent.relative_to(sample_site).as_posix() + "/"
    assert [text for text, _, _ in breadcrumbs(sample_site, url)][:2] == ["Home", "Corrections and withdrawals"]


def test_hand_written_pages_and_home_have_no_breadcrumbs(sample_site: Path) -> None:
    for url in ("", "about/", "404.html"):
        assert 'aria-label="Breadcrumb"' not in html_of(sample_site, url), url


def test_breadcrumbs_are_the_same_with_the_frame_rendered_once_or_for_every_page(sample_site: Path, tmp_path: Path) -> None:
    every = build(copy_sample_project(tmp_path / "every", render_frame_once="false"), tmp_path / "every-site", strict=True)
    pages = sorted(p.relative_to(sample_site) for p in sample_site.glob("responses/*/*/index.html"))
    assert len(pages) >= 10
    for rel in pages:
        framed, rendered = ((site / rel).read_text("utf-8") for site in (sample_site, every))
        assert 'aria-label="Breadcrumb"' in framed
        assert framed == rendered, rel


# -- "On this page" ---------------------------------------------------------------------
def test_a_long_response_lists_its_questions_on_this_page(sample_site: Path) -> None:
    html = html_of(sample_site, RESPONSE)
    contents = section(html, '<nav class="foilog-contents"', "</nav>")
    targets = re.findall(r'href="#([^"]+)"', contents)
    questions = re.findall(r'<section class="foilog-question" id="([^"]+)"', html)
    assert len(questions) == 12
    assert targets[: len(questions)] == questions, "each question, in order"
    assert set(targets) <= set(re.findall(r' id="([^"]+)"', html)), "every link has its anchor"
    assert "Question 1: Has your force collaborated" in contents
    assert html.index("foilog-contents") < html.index('id="questions"')


def test_a_short_response_has_no_list(sample_site: Path) -> None:
    assert "foilog-contents" not in html_of(sample_site, SHORT_RESPONSE)


# -- outcome badges and titles, from the CSS --------------------------------------------
def _badge_colours() -> dict[tuple[str, str], tuple[str, str]]:
    """(scheme, outcome) -> (text, background) as foilog.css writes them."""
    css = (REPO / "foilog" / "assets" / "foilog.css").read_text("utf-8")
    found = {}
    for slate, outcome, fg, bg in re.findall(
        r"(\[data-md-color-scheme=slate\] )?\.foilog-outcome--([a-z-]+)\{--foilog-o-fg:(#[0-9a-f]{6});--foilog-o-bg:(#[0-9a-f]{6})\}", css
    ):
        found[("dark" if slate else "light", outcome)] = (fg, bg)
    return found


def test_each_outcome_has_colours_with_aa_contrast_in_both_schemes() -> None:
    colours = _badge_colours()
    assert sorted(colours) == sorted((scheme, o) for scheme in ("light", "dark") for o in OUTCOMES)
    for key, (fg, bg) in colours.items():
        assert contrast(fg, bg) >= 4.5, (key, fg, bg, contrast(fg, bg))


def test_each_outcome_has_its_own_sign_and_words(sample_site: Path) -> None:
    html = html_of(sample_site, "")
    badges = dict(
        re.findall(
            r'<span class="foilog-outcome foilog-outcome--([a-z-]+)"><span class="foilog-outcome__icon" aria-hidden="true">(.)</span> ',
            html,
        )
    )
    assert sorted(badges) == sorted(OUTCOMES), "the sample's home page shows every outcome"
    assert len(set(badges.values())) == len(OUTCOMES), badges


@pytest.mark.parametrize("colour", ["#1d4f91", "#ffec3d", "#4cae4f", "#14151a"])
def test_titles_take_the_authority_colour_only_when_it_is_readable(colour: str) -> None:
    css = stylesheet(SiteSettings(colour=colour))
    heading = re.search(r"--foilog-heading:(#[0-9a-fA-F]{6})", css)
    assert heading is not None
    assert contrast(heading[1], "#ffffff") >= 4.5
    assert heading[1] == (colour if contrast(colour, "#ffffff") >= 4.5 else NEAR_BLACK)


# -- in the browser ---------------------------------------------------------------------
class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's 404.html for a missing page, as static hosts do."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def browser(sample_site: Path) -> Iterator[tuple[Any, str]]:
    from browser import QuietServer, launch, missing_tools

    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    server = QuietServer(("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(sample_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as p:
            chromium = launch(p)
            try:
                yield chromium, f"http://127.0.0.1:{server.server_address[1]}/"
            finally:
                chromium.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def tab(browser: tuple[Any, str]) -> Iterator[Any]:
    """``tab(url, scheme=..., width=..., javascript=...)``: a new page showing ``url``; off-site requests fail the test."""
    from browser import block_other_hosts

    chromium, base = browser
    contexts: list[Any] = []
    blocked: list[str] = []

    def open_(url: str, *, scheme: str = "light", width: int = 1280, javascript: bool = True) -> Any:
        context = chromium.new_context(
            viewport={"width": width, "height": 800}, color_scheme=scheme, reduced_motion="reduce", java_script_enabled=javascript
        )
        contexts.append(context)
        block_other_hosts(context, base, blocked)
        page = context.new_page()
        page.goto(base + url, wait_until="load")
        page.base = base
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not blocked, blocked


#: Contrast of an element's text on the colour behind it, as Chromium computes both (walking up to the first opaque background).
CONTRAST_JS = """(el) => {
  const rgb = (s) => { const m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                       return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  let node = el, bg = null;
  while (node && node.nodeType === 1) { const c = rgb(getComputedStyle(node).backgroundColor); if (c.a >= 1) { bg = c; break; } node = node.parentElement; }
  if (!bg) bg = {r: 255, g: 255, b: 255, a: 1};
  let fg = rgb(getComputedStyle(el).color);
  fg = {r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a)};
  const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return {ratio: (hi + 0.05) / (lo + 0.05), color: getComputedStyle(el).color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_outcome_badges_have_aa_contrast_in_the_browser(tab: Any, scheme: str) -> None:
    page = tab("", scheme=scheme)
    seen = {}
    for badge in page.locator(".foilog-outcome").all():
        outcome = re.search(r"foilog-outcome--([a-z-]+)", badge.get_attribute("class") or "")
        assert outcome is not None
        result = badge.evaluate(CONTRAST_JS)
        assert result["ratio"] >= 4.5, (scheme, outcome[1], result)
        seen[outcome[1]] = result["color"]
    assert sorted(seen) == sorted(OUTCOMES)
    assert len(set(seen.values())) == len(OUTCOMES), "each outcome its own colour too"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", ["", RESPONSE, "topics/policing-technology/", "404.html"])
def test_page_titles_are_not_light_grey(tab: Any, scheme: str, url: str) -> None:
    page = tab(url, scheme=scheme)
    title = page.locator("article h1").first
    result = title.evaluate(CONTRAST_JS)
    assert result["ratio"] >= 7 if scheme == "light" else result["ratio"] >= 4.5, result
    assert title.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    if scheme == "light":
        assert result["color"] == "rgb(29, 79, 145)", "the authority's colour (#1d4f91)"


@pytest.mark.browser
def test_the_footer_links_work_in_the_browser(tab: Any) -> None:
    page = tab(RESPONSE)
    footer = page.locator("footer.foilog-footer")
    assert footer.get_by_role("link", name="Open Government Licence v3.0").get_attribute("href") == OGL
    assert footer.get_by_role("link", name="Contact: foi@northshire.example").get_attribute("href") == "mailto:foi@northshire.example"
    assert footer.get_by_role("img", name="Northshire County Council (fictional)").is_visible()
    for name, title in [("Accessibility statement", "Accessibility statement"), ("Privacy notice", "Privacy notice")]:
        footer.get_by_role("link", name=name).click()
        assert page.locator("article h1").inner_text() == title
        page.go_back()
    with page.expect_response(lambda r: r.url.endswith("/feed.xml")) as feed:
        page.goto(footer.get_by_role("link", name="Atom feed").evaluate("a => a.href"))
    assert feed.value.status == 200
    page.go_back()
    href = page.locator("footer.foilog-footer").get_by_role("link", name="Open data (CSV)").evaluate("a => a.href")
    assert page.request.get(href).text().startswith("reference,")


@pytest.mark.browser
def test_breadcrumbs_in_the_browser(tab: Any) -> None:
    page = tab(RESPONSE)
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.locator("ol > li").all_inner_texts() == ["Home", "2019", "01/FOI/19/011430"]
    assert crumbs.locator("[aria-current=page]").inner_text() == "01/FOI/19/011430"
    crumbs.get_by_role("link", name="2019").click()
    assert page.locator("article h1").inner_text() == "Responses from 2019"


@pytest.mark.browser
def test_on_this_page_leads_to_each_question(tab: Any) -> None:
    page = tab(RESPONSE)
    contents = page.get_by_role("navigation", name="On this page")
    links = contents.get_by_role("link").all()
    assert len(links) >= 12
    links[5].click()
    target = page.evaluate("location.hash")
    assert target == "#q1e"
    assert page.locator("#q1e h3").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_the_404_page_helps(tab: Any, javascript: bool) -> None:
    page = tab("responses/2019/an-old-reference/", javascript=javascript)
    assert page.locator("article h1").inner_text() == "Page not found"
    text = page.locator("article").inner_text()
    assert "Responses move when their reference changes: try the archive" in text
    page.locator("article").get_by_role("link", name="archive", exact=True).click()
    assert page.locator("article h1").inner_text() == "Archive"
    page.go_back()
    for name, title in [("Responses by topic", "Topics"), ("Responses by outcome", "Outcomes")]:
        page.locator("article").get_by_role("link", name=name).click()
        assert page.locator("article h1").inner_text() == title
        page.go_back()
    box = page.locator("article").get_by_role("searchbox", name="Search the log")
    box.fill("gritting")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=gritting$"))


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 375, 414])
@pytest.mark.parametrize("url", ["", RESPONSE])
def test_the_site_name_is_whole_on_a_phone(tab: Any, width: int, url: str) -> None:
    page = tab(url, width=width)
    name = page.locator(".md-header__topic:first-child .md-ellipsis")
    sizes = name.evaluate(
        "e => ({sw: e.scrollWidth, cw: e.clientWidth, sh: e.scrollHeight, ch: e.clientHeight, text: e.textContent.trim()})"
    )
    assert sizes["text"] == "Sample Disclosure Log"
    assert sizes["sw"] <= sizes["cw"], f"the name is cut: {sizes}"
    assert sizes["sh"] <= sizes["ch"], f"the name is cut: {sizes}"
    box = name.bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    assert name.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 13, "still readable"


@pytest.mark.browser
def test_the_response_page_uses_the_desktop_width(tab: Any) -> None:
    """At 1280 px the facts sit beside the text, where Material's empty table of contents was (about 30% of the width)."""
    page = tab(RESPONSE, width=1280)
    grid = page.locator(".md-main__inner").bounding_box()
    article = page.locator("article.md-content__inner").bounding_box()
    empty = grid["x"] + grid["width"] - (article["x"] + article["width"])
    assert empty < 0.05 * 1280, f"{empty:.0f} px empty on the right"
    summary = page.locator(".foilog-summary").bounding_box()
    facts = page.locator(".foilog-meta").bounding_box()
    assert facts["x"] >= summary["x"] + summary["width"], "the facts beside the text"
    assert abs(facts["y"] - summary["y"]) < 40, "from the top"
    assert summary["width"] >= 560, "a comfortable column of text"
    phone = tab(RESPONSE, width=375)
    summary, facts = (phone.locator(s).bounding_box() for s in (".foilog-summary", ".foilog-meta"))
    assert facts["y"] > summary["y"] and facts["width"] > 300, "one column on a phone"
