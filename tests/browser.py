"""Shared helpers for tests that drive a real headless Chromium (Playwright).

* :func:`serve` serves a built site on 127.0.0.1 at a random free port;
* :func:`launch` starts Debian's ``/usr/bin/chromium`` (never a downloaded
  browser: ``playwright install`` is not needed and not used);
* :func:`run_axe` runs axe-core (``node_modules/axe-core``, pinned in
  ``package.json``) on the open page;
* :func:`build_searchable_sample` builds the sample log with its Pagefind index.

Regenerate the screenshots in ``docs/screenshots/``::

    .venv/bin/python tests/browser.py screenshots
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("FOILOG_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SCREENSHOTS = {
    "home.png": ("", "desktop"),
    "response.png": ("responses/2019/01-foi-19-011430/", "desktop"),
    "statistics.png": ("statistics/", "desktop"),
    "search.png": ("search/?q=cameras", "desktop"),
    "phone-response.png": ("responses/2019/01-foi-19-011430/", "phone"),
    "phone-search.png": ("search/?q=cameras", "phone"),
    "response-appealed.png": ("responses/2023/foi-2023-0902/", "desktop"),
    "register.png": ("register/", "desktop"),
    "series.png": ("series/foi-2024-0031/", "desktop"),
}
"""Screenshot file → (page URL, viewport); a URL with a query is a search, shot once its results are drawn."""


def missing_tools() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright==1.65.2)"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    if not AXE_JS.is_file():
        return f"{AXE_JS.relative_to(REPO)} not found (run `npm ci` in the repository root)"
    return None


# -- serving ----------------------------------------------------------------------
AXE_URL = "__test__/axe.min.js"
"""Where :func:`serve` also serves axe-core (never part of the site)."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if path.split("?")[0] == "/" + AXE_URL:
            return str(AXE_JS)
        return super().translate_path(path)

    def end_headers(self) -> None:
        if self.path.startswith("/" + AXE_URL):
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()


class QuietServer(http.server.ThreadingHTTPServer):
    """A local test server that says nothing when Chromium drops a connection it no longer needs (a cancelled prefetch)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` over HTTP on 127.0.0.1 (random free port); yields the base URL ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- the browser --------------------------------------------------------------------
def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless, with nothing that phones home."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)


def block_other_hosts(context: Any, base_url: str, blocked: list[str]) -> None:
    """Abort every request that does not go to ``base_url``; record it in ``blocked``."""

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)


def run_axe(page: Any, tags: list[str] = WCAG_TAGS) -> list[dict[str, Any]]:
    """axe-core's violations of ``tags`` on the open page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        base = page.evaluate("location.origin")
        page.add_script_tag(url=f"{base}/{AXE_URL}")
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary}))})); }",
        tags,
    )
    return list(result)


@dataclass
class AxeRun:
    """The outcome of one page in one colour scheme and viewport."""

    violations: list[dict[str, Any]] = field(default_factory=list)
    scheme_seen: str = ""
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def axe_many(browser: Any, base_url: str, urls: list[str], schemes: list[str], viewports: list[str]) -> dict[tuple[str, str, str], AxeRun]:
    """axe on every url x scheme x viewport: one tab per scheme and viewport, visiting every page.

    axe is loaded from the test server (see :data:`AXE_URL`) so Chromium caches
    its compiled code: a page takes about 0.5 s instead of 1 s.
    """
    results: dict[tuple[str, str, str], AxeRun] = {}
    for scheme in schemes:
        for viewport in viewports:
            context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, reduced_motion="reduce")
            run = AxeRun()
            block_other_hosts(context, base_url, run.blocked)
            tab = context.new_page()
            tab.on("pageerror", lambda exc, run=run: run.errors.append(str(exc)))
            try:
                for url in urls:
                    run.errors, run.blocked[:] = [], []
                    tab.goto(base_url + url, wait_until="load")
                    if "?q=" in url:
                        wait_for_results(tab)
                    results[(url, scheme, viewport)] = AxeRun(
                        violations=run_axe(tab),
                        scheme_seen=tab.get_attribute("body", "data-md-color-scheme") or "",
                        errors=list(run.errors),
                        blocked=list(run.blocked),
                    )
            finally:
                context.close()
    return results


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as readable text for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


# -- the sample site with its search index ------------------------------------------
def sample_plan() -> Any:
    """The plan the plugin computes for the sample log (as of the tests' fixed date)."""
    from sitetools import SAMPLE_TODAY

    from foilog.engine.mkdocs_config import load_project
    from foilog.site.pipeline import plan_site

    return plan_site(load_project(REPO / "mkdocs.yml"), SAMPLE_TODAY)


def add_search_index(site: Path) -> Path:
    from foilog.site.publish.search import build_search_index

    build_search_index(site, sample_plan())
    return site


def build_searchable_sample(dest: Path) -> Path:
    """Build the sample log into ``dest`` and index it with Pagefind."""
    from sitetools import build

    return add_search_index(build(REPO / "mkdocs.yml", dest, strict=True))


def wait_for_results(page: Any, timeout: float = 15_000) -> None:
    """Wait until the search page has finished a search and drawn its results (or said there are none)."""
    page.wait_for_function(
        "() => { const s = document.getElementById('foilog-search-status');"
        " return s && s.textContent && !/^Searching/.test(s.textContent)"
        " && !document.querySelector('#foilog-search-results[aria-busy=true]'); }",
        timeout=timeout,
    )


# -- screenshots ------------------------------------------------------------------
def take_screenshots(site: Path, out_dir: Path) -> list[Path]:
    """Full-page PNGs, light scheme, of the pages in :data:`SCREENSHOTS` that exist, at desktop (1280 px) or phone (375 px) width."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        try:
            for name, (url, viewport) in SCREENSHOTS.items():
                if not (site / url.partition("?")[0] / "index.html").is_file():
                    print(f"skipped {name}: {url or '/'} is not in the site", file=sys.stderr)
                    continue
                context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme="light", reduced_motion="reduce")
                block_other_hosts(context, base, [])
                page = context.new_page()
                page.goto(base + url, wait_until="load")
                if "?" in url:
                    wait_for_results(page)
                target = out_dir / name
                page.screenshot(path=str(target), full_page=True, animations="disabled")
                written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tests/browser.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    shots = sub.add_parser("screenshots", help="rebuild the sample site and write docs/screenshots/*.png")
    shots.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    problem = missing_tools()
    if problem:
        print(f"Error: {problem}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="foilog-screens-"))
    try:
        site = build_searchable_sample(tmp / "site")
        for path in take_screenshots(site, args.out):
            print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
