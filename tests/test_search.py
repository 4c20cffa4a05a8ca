"""Search: the Pagefind index of the sample log, and the /search/ page in a real browser.

The index is read back without a browser where possible: Pagefind's
fragments are gzip files holding ``pagefind_dcd`` + JSON (url, content, meta,
filters). Tests marked ``browser`` drive Debian's Chromium (see tests/browser.py).
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import shutil
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browser import add_search_index, block_other_hosts, launch, missing_tools, sample_plan, serve, wait_for_results
from sitetools import Links, page

from foilog.log.catalogue import catalogue
from foilog.site.publish import search
from foilog.site.publish.pagefind_process import PagefindError, PagefindProcess
from foilog.site.publish.search import (
    MAX_RECORD_CHARS,
    NCND_FILTER_SUFFIX,
    SearchIndexError,
    build_search_index,
    indexable_html,
    report_text,
    search_records,
)

RESPONSE = "responses/2019/01-foi-19-011430/"
PART = "pagefind/part-000"
PDF_RESPONSE = "responses/2024/foi-2024-0123/"
PDF_URL = "/responses/2024/foi-2024-0123/attachments/cameras-by-ward.pdf"
# Attachments with a web page version are found there, not as a download (issue 19).
CSV_URL = "/responses/2019/foi-2019-0456/attachments/road-casualties-by-month-csv/"
XLSX_URL = "/responses/2020/foi-2020-00412/attachments/agency-spend-2019-20-xlsx/"
DOCX_URL = "/responses/2025/dfe-foi-2025-0101/attachments/it-contracts-summary-docx/"


@pytest.fixture(scope="module")
def plan() -> Any:
    return sample_plan()


@pytest.fixture(scope="module")
def searchable(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample site (others share it) with its search index."""
    site = tmp_path_factory.mktemp("searchable") / "site"
    shutil.copytree(sample_site, site)
    return add_search_index(site)


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Every indexed record by URL, decoded from ``pagefind/fragment/*.pf_fragment``."""
    out = {}
    for path in (site / "pagefind").glob("part-*/fragment/*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        record = json.loads(raw[len(b"pagefind_dcd") :])
        out[record["url"]] = record
    return out


# -- the index --------------------------------------------------------------------
def test_bundle_and_script_are_written(searchable: Path) -> None:
    # The sample log is small: one part of the index. Pagefind's own UIs are not shipped.
    assert sorted(p.name for p in (searchable / "pagefind").iterdir()) == ["part-000"]
    bundle = searchable / PART
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    assert not [p.name for p in bundle.iterdir() if "ui." in p.name or "highlight" in p.name]
    assert not (bundle / "playground").exists()
    assert (searchable / "assets" / "foilog-search.js").read_text("utf-8").startswith("/* foilog /search/")
    assert (searchable / "assets" / "foilog-search.css").read_text("utf-8").startswith("/* foilog /search/")


def test_every_live_response_and_text_attachment_is_indexed_once(searchable: Path, plan: Any) -> None:
    records = fragments(searchable)
    pages = {"/" + r.url for r in plan.indexes.live}
    assert set(records) == pages | {PDF_URL, CSV_URL, XLSX_URL, DOCX_URL}
    entry = json.loads((searchable / PART / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(pages) + 4
    withdrawn = {"/" + r.url for r in plan.indexes.withdrawn}
    assert withdrawn and not withdrawn & set(records)


def test_only_the_marked_body_is_indexed(searchable: Path) -> None:
    content = fragments(searchable)["/" + RESPONSE]["content"]
    assert "Kings Cross Estate Services" in content  # an answer
    assert "Sample Disclosure Log" not in content  # the header / site name
    assert "Made with" not in content  # the footer
    # dt/dd text is kept apart, so references and dates are whole words
    assert "Reference 01/FOI/19/011430" in content
    assert "Received 6 September 2019" in content


def test_filters_and_result_metadata(searchable: Path) -> None:
    record = fragments(searchable)["/" + RESPONSE]
    assert record["meta"]["title"] == "Live facial recognition and collaboration with external companies"
    assert record["meta"]["reference"] == "01/FOI/19/011430"
    assert record["meta"]["date"] == "16 December 2019"
    assert record["meta"]["outcome"] == "Granted in part"
    # s24(2) and s31(3) were applied to neither confirm nor deny: filter values of their own (see foilog.site.stats).
    assert record["filters"] == {
        "Topic": ["Policing technology", "Crime and policing"],
        "Outcome": ["Granted in part"],
        "Exemption": ["FOIA s24: National security (neither confirm nor deny)", "FOIA s31: Law enforcement (neither confirm nor deny)"],
        "Year": ["2019"],
        "Timeliness": ["Late"],
        "Authority": ["Metropolitan Police Service"],
        "Month": ["2019-12"],
        "Day": ["2019-12-16"],
    }


def test_exemption_filter_counts_what_the_exemption_pages_count(searchable: Path, plan: Any) -> None:
    """Pagefind shows how many results each filter value has: what /exemptions/ says, NCND uses as values of their own."""
    counted: dict[str, int] = {}
    for url, record in fragments(searchable).items():
        if "/attachments/" not in url:  # response pages, not attachments (whose records repeat their filters)
            for label in record["filters"].get("Exemption", []):
                counted[label] = counted.get(label, 0) + 1
    expected = {}
    for slug, items in plan.indexes.by_exemption.items():
        entry = next(e for e in catalogue().entries if e.slug == slug)
        expected[f"{entry.label}: {entry.title}"] = len(items)
    for slug, items in plan.indexes.ncnd_by_exemption.items():
        entry = next(e for e in catalogue().entries if e.slug == slug)
        expected[f"{entry.label}: {entry.title}{NCND_FILTER_SUFFIX}"] = len(items)
    assert counted == expected
    assert counted["FOIA s31: Law enforcement"] == 2
    assert counted[f"FOIA s24: National security{NCND_FILTER_SUFFIX}"] == 1


def test_attachment_records_carry_their_text_and_the_responses_filters(searchable: Path) -> None:
    records = fragments(searchable)
    pdf = records[PDF_URL]
    assert "Brackenfield" in pdf["content"]  # a ward named only in the PDF
    assert pdf["meta"]["title"] == "CCTV and safety cameras by ward, June 2024 (PDF)"
    assert pdf["meta"]["reference"] == "FOI/2024/0123"
    assert pdf["meta"]["file"] == "PDF"
    assert pdf["filters"]["Year"] == ["2024"]
    assert pdf["filters"] == records["/" + PDF_RESPONSE]["filters"]
    assert "seriously_injured" in records[CSV_URL]["content"]


def test_spreadsheet_and_word_attachments_are_searchable(searchable: Path) -> None:
    """Their text comes from the attachment inspector (sandboxed, cached), like the leak gate's."""
    records = fragments(searchable)
    xlsx, docx = records[XLSX_URL], records[DOCX_URL]
    # Quarterly figures that are only in the spreadsheet (the page gives yearly totals).
    assert "1640000" in xlsx["content"] and "Apr-Jun 2019" in xlsx["content"]
    assert xlsx["meta"]["file"] == "XLSX" and xlsx["meta"]["reference"] == "FOI-2020-00412"
    # Contractors named only in the Word document.
    assert "Brightwater" in docx["content"] and "Kestrel" in docx["content"]
    assert docx["meta"]["file"] == "DOCX" and docx["filters"] == records["/responses/2025/dfe-foi-2025-0101/"]["filters"]


def test_text_source_is_a_parameter(sample_site: Path, plan: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    seen = []

    def source(response: Any, attachment: Any) -> str | None:
        seen.append(attachment.path)
        if attachment.path.endswith(".xlsx"):
            return "quokkaplex spreadsheet text"
        if attachment.path.endswith(".pdf"):
            raise RuntimeError("a broken extractor must not stop the build")
        return None

    build_search_index(site, plan, attachment_text=source)
    records = fragments(site)
    assert records[XLSX_URL]["content"] == "quokkaplex spreadsheet text"
    assert PDF_URL not in records and CSV_URL not in records
    assert len(seen) == sum(len(r.data.attachments) for r in plan.indexes.live)


def test_meta_elements_are_escaped_and_go_in_the_head(plan: Any, tmp_path: Path) -> None:
    record = search_records(plan)[0]
    record.title = 'A "quoted" <b>title</b> & more'
    out = indexable_html("<html lang=en><head><title>x</title></head><body><dl><dt>A</dt><dd>B</dd></dl></body></html>", record)
    head = out.split("</head>")[0]
    assert '<meta data-pagefind-meta="title[content]" content="A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more">' in head
    assert 'data-pagefind-filter="Year[content]"' in head
    assert 'data-pagefind-sort="date[content]"' in head
    assert "<dt>A </dt><dd>B </dd>" in out


def test_rebuilding_replaces_the_old_bundle(searchable: Path, plan: Any) -> None:
    stale = searchable / PART / "fragment" / "en_stale.pf_fragment"
    stale.write_bytes(b"old")
    gone = searchable / "pagefind" / "part-001"  # a part of a larger log, earlier
    shutil.copytree(searchable / PART, gone)
    names = {p.name for p in (searchable / PART / "fragment").iterdir()} - {stale.name}
    build_search_index(searchable, plan)
    assert not stale.exists() and not gone.exists()
    # Fragments are stable between builds (and filter and meta files too: see test_pagefind_canonical.py).
    assert {p.name for p in (searchable / PART / "fragment").iterdir()} == names


def test_unbuilt_site_is_a_clear_error(plan: Any, tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"cannot read the built page .*was the site built\?"):
        build_search_index(tmp_path, plan)
    assert not (tmp_path / "pagefind").exists()


def test_indexing_is_not_throttled(tmp_path: Path) -> None:
    """Upstream's reader sleeps 0.1 s per message; ours must index hundreds of records a second."""
    start = time.perf_counter()
    process = PagefindProcess({"write_playground": False})
    for i in range(300):
        process.add_record(f"/r{i}/", f"record {i} text", "en", {"title": f"R{i}"})
    process.write(str(tmp_path / "pagefind"))
    assert time.perf_counter() - start < 10  # upstream: 30 s or more
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 300


def test_pagefind_keeps_no_reply_of_a_page_only_that_it_came(tmp_path: Path) -> None:
    """A part's 500 page replies are a few hundred bytes each, held until the part is written: only the waited-for ones keep theirs."""
    process = PagefindProcess({"write_playground": False})
    for i in range(20):
        process.add_html(f"/r{i}/", f'<html lang="en"><body><main data-pagefind-body><p>page {i} text</p></main></body></html>')
    process.write(str(tmp_path / "pagefind"))
    page_replies = [process._answered[i] for i in range(2, 22)]  # 1 made the index, 22 asked for the files
    assert sorted(process._answered) == list(range(1, 22)) and all(reply == {} for reply in page_replies)  # the files: let go
    assert len({id(reply) for reply in page_replies}) == 1, "one shared empty payload, not one each"
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 20


def test_pagefind_errors_are_reported_not_hung(tmp_path: Path) -> None:
    process = PagefindProcess({"write_playground": False})
    process.add_record("/r/", "text", "en", {"title": "R"})
    process._process.kill()  # the binary dies mid-build
    with pytest.raises(PagefindError, match="Pagefind stopped"):
        process.write(str(tmp_path / "pagefind"))
    assert not (tmp_path / "pagefind").exists()


def test_a_failed_search_index_stops_the_build_and_pagefind(plan: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    indexer = search.SearchIndexer.start(plan)
    pagefind = indexer._parts[0].process
    assert pagefind is not None
    process = pagefind._process
    monkeypatch.setattr(pagefind, "_index_id", 999_999)  # Pagefind answers: no such index
    for url in list(indexer._records):
        indexer.add_page(url, "<html lang=en><body><p data-pagefind-body>x</p></body></html>")
    with pytest.raises(SearchIndexError, match="Pagefind"):
        indexer.finish(tmp_path)
    assert process.poll() is not None
    assert not (tmp_path / "pagefind").exists()


# -- attachment text ----------------------------------------------------------------
class _Att:
    def __init__(self, path: str) -> None:
        self.path = path


class _Resp:
    def __init__(self, folder: Path, rel_folder: str = "responses/2026/x") -> None:
        self.folder = folder
        self.rel_folder = rel_folder
        self.data = SimpleNamespace(acknowledgements=[])


REPO = Path(__file__).parent.parent


def _gate_text(folder: Path, *names: str) -> Any:
    """:func:`report_text` over the reports the gate's inspector makes of ``names`` in ``folder`` (a response at ``responses/2026/x``)."""
    from foilog.gate.attachments import inspect_attachment

    reports = {f"responses/2026/x/{name}": inspect_attachment(folder / name, display_path=f"responses/2026/x/{name}") for name in names}
    text = report_text(reports)
    response = _Resp(folder)
    return lambda name: text(response, _Att(name))  # type: ignore[arg-type]


def test_report_text_of_text_files_pdfs_spreadsheets_and_word(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("\ufeffward,count\nEastgate,3\n", "utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    (tmp_path / "d.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "g.txt").write_bytes(b"binary \x00 data")
    shutil.copy(REPO / "responses/2024/foi-2024-0123/attachments/cameras-by-ward.pdf", tmp_path / "c.pdf")
    shutil.copy(REPO / "responses/2020/foi-2020-00412/attachments/agency-spend-2019-20.xlsx", tmp_path / "e.xlsx")
    shutil.copy(REPO / "responses/2025/dfe-foi-2025-0101/attachments/it-contracts-summary.docx", tmp_path / "f.docx")
    text = _gate_text(tmp_path, "a.csv", "b.xlsx", "bad.pdf", "c.pdf", "d.png", "e.xlsx", "f.docx", "g.txt")
    assert text("a.csv") == "ward,count\nEastgate,3\n"
    assert text("b.xlsx") is None  # not a spreadsheet at all
    assert text("bad.pdf") in (None, "")
    assert "Brackenfield" in (text("c.pdf") or "")
    assert text("d.png") is None
    assert "Nursing and midwifery\t1220000" in (text("e.xlsx") or "")
    assert "Brightwater" in (text("f.docx") or "")
    assert text("g.txt") is None  # binary data the gate refused
    assert text("missing.txt") is None  # no report: never read by search


def test_word_text_is_not_indexed_when_the_inspector_found_hidden_content(tmp_path: Path) -> None:
    """A comment (or tracked deletion, hidden sheet...) must never become searchable: the whole file is left out."""
    from attachment_builders import W_NS, docx, para

    comments = (
        f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="Alex Testperson">'
        "<w:p><w:r><w:t>Check with legal before release zanzibarquill</w:t></w:r></w:p></w:comment></w:comments>"
    )
    docx(tmp_path / "clean.docx", para("Visible text only"))
    docx(tmp_path / "commented.docx", para("Visible text only"), parts={"word/comments.xml": comments.encode()})
    text = _gate_text(tmp_path, "clean.docx", "commented.docx")
    assert text("clean.docx") == "Visible text only\n"
    assert text("commented.docx") is None


def test_report_text_is_cut_to_the_record_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * (MAX_RECORD_CHARS + 10), "utf-8")
    assert _gate_text(tmp_path, "big.txt")("big.txt") == "x" * MAX_RECORD_CHARS


def test_attachment_text_is_the_gates_and_no_attachment_is_opened_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The indexer takes the gate's reports from the plan: each attachment is inspected once, by the gate, and never reopened.

    The attachments are deleted after the gate has run: everything the index holds of them came from the gate's reports.
    """
    from sitetools import SAMPLE_TODAY, build, copy_sample_project

    import foilog.gate.attachments as attachments
    from foilog.engine.mkdocs_config import load_project
    from foilog.site.pipeline import plan_site

    monkeypatch.setenv("FOILOG_NO_CACHE", "1")  # every attachment really inspected
    config = copy_sample_project(tmp_path / "project")
    site = build(config, tmp_path / "site")
    inspected: list[str] = []
    real = attachments._inspect_known

    def counting(path: Path, display: str, *args: Any) -> Any:
        inspected.append(display)
        return real(path, display, *args)

    monkeypatch.setattr(attachments, "_inspect_known", counting)
    plan = plan_site(load_project(config), SAMPLE_TODAY)
    assert not plan.errors
    files = [r.folder / a.path for r in plan.indexes.live for a in r.data.attachments]
    assert len(inspected) == len(set(inspected)) == len(plan.scan.attachments) >= len(files) >= 4  # once each, by the gate
    for path in files:
        path.unlink()
    build_search_index(site, plan)
    records = fragments(site)
    assert "Brackenfield" in records[PDF_URL]["content"]
    assert "seriously_injured" in records[CSV_URL]["content"]
    assert "Brightwater" in records[DOCX_URL]["content"] and "1640000" in records[XLSX_URL]["content"]
    assert len(inspected) == len(plan.scan.attachments)  # none inspected again


# -- the /search/ page -----------------------------------------------------------------
def test_search_page_loads_the_ui_from_the_site_itself(searchable: Path, plan: Any) -> None:
    html = page(searchable, "search/").read_text("utf-8")
    assert 'method="get" data-parts="[{&#34;path&#34;:&#34;../pagefind/part-000/&#34;' in html
    assert "pagefind-ui" not in html
    assert '<script src="../assets/foilog-search.js"></script>' in html
    assert '<link rel="stylesheet" href="../assets/foilog-search.css">' in html
    assert "<noscript>" in html
    for topic in plan.log.topics:
        assert f'href="../topics/{topic}/"' in html
    for year in plan.indexes.by_year:
        assert f'href="../archive/{year}/"' in html
    scripts_and_styles = re.findall(r'<script[^>]+src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', html)
    scripts_and_styles = [a or b for a, b in scripts_and_styles]
    assert len(scripts_and_styles) > 3
    assert not [u for u in scripts_and_styles if u.startswith(("http:", "https:", "//"))], "no CDN"


def _header(html: str) -> Links:
    """The tags of the page's site header (Material's ``<header class="md-header">``)."""
    start = html.index('<header class="md-header')
    links = Links()
    links.feed(html[start : html.index("</header>", start)])
    return links


def test_every_page_has_the_header_search_form(searchable: Path) -> None:
    """Issue 8: the site header's search box leads to /search/ (a plain GET form: no JavaScript needed)."""
    pages = [p for p in searchable.rglob("*.html") if not p.relative_to(searchable).as_posix().startswith(("pagefind/", "assets/"))]
    redirects = [p for p in pages if '<meta http-equiv="refresh"' in p.read_text("utf-8")]
    pages = [p for p in pages if p not in redirects]
    assert len(pages) > 100 and (searchable / "404.html") in pages
    for path in pages:
        html = path.read_text("utf-8")
        header = _header(html)
        forms = [a for tag, a in header.tags if tag == "form" and a.get("role") == "search"]  # (the palette is a form too)
        assert len(forms) == 1, path
        [form] = forms
        assert form.get("method") == "get", path
        here = "/" + path.relative_to(searchable).parent.as_posix().strip(".") + "/"
        target = posixpath.normpath(posixpath.join(here.replace("//", "/"), form.get("action") or "")) + "/"
        assert target == "/search/", (path, form.get("action"))
        inputs = [a for tag, a in header.tags if tag == "input" and a.get("name") == "q"]
        assert len(inputs) == 1 and inputs[0].get("type") == "search" and inputs[0].get("id"), path
        labels = [a for tag, a in header.tags if tag == "label" and a.get("for") == inputs[0]["id"]]
        assert len(labels) == 1, f"{path}: the search box has no label"
        assert "Search the log</label>" in html
        assert [a for tag, a in header.tags if tag == "button" and a.get("type") == "submit"], path
        assert html.count(f'id="{inputs[0]["id"]}"') == 1, "ids are unique on the page"
        # Material's own lunr search stays off: it does not scale.
        assert 'class="md-search"' not in html and 'for="__search"' not in html and "search_index.json" not in html


# -- in the browser ------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser_page(searchable: Path) -> Any:
    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with serve(searchable) as base, sync_playwright() as p:
        browser = launch(p)
        try:
            yield browser, base
        finally:
            browser.close()


def _open(browser_page: Any, **options: Any) -> tuple[Any, Any, str, list[str]]:
    browser, base = browser_page
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    blocked: list[str] = []
    block_other_hosts(context, base, blocked)
    return context, context.new_page(), base, blocked


def _results(page_: Any) -> list[dict[str, Any]]:
    """The exact answers on the page (never the group of partial matches)."""
    return page_.eval_on_selector_all(
        "#foilog-search-answers .foilog-search-result",
        "els => els.map(e => ({href: e.querySelector('.foilog-search-result-link').getAttribute('href'),"
        " facts: e.querySelector('.foilog-search-facts').textContent}))",
    )


@pytest.mark.browser
def test_query_in_the_url_runs_a_search(browser_page: Any) -> None:
    context, tab, base, blocked = _open(browser_page)
    errors: list[str] = []
    failed: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    tab.goto(base + "search/?q=cameras")
    wait_for_results(tab)
    assert tab.input_value("#foilog-search-q") == "cameras"
    results = _results(tab)
    hrefs = [r["href"] for r in results]
    assert "/" + PDF_RESPONSE in hrefs and PDF_URL in hrefs
    first = next(r for r in results if r["href"] == "/" + PDF_RESPONSE)
    assert first["facts"] == "FOI/2024/0123 \u00b7 5 July 2024 \u00b7 Granted in part"
    # The page offers the index's filter groups, and the index holds all five (and Month, Day).
    legends = tab.eval_on_selector_all("#foilog-search-facets legend", "ls => ls.map(l => l.textContent)")
    assert {"Topic", "Outcome", "Exemption", "Year", "Timeliness", "Authority", "Month"} <= set(legends) and "Day" not in legends
    groups = tab.evaluate(
        "async (url) => { const pf = await import(url); await pf.options({}); return Object.keys(await pf.filters()); }",
        base + PART + "/pagefind.js",
    )
    assert set(groups) >= {"Topic", "Outcome", "Exemption", "Year", "Timeliness", "Authority", "Month", "Day"}
    assert not errors and not failed and not blocked, (errors, failed, blocked)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Brackenfield", PDF_URL),
        ("seriously_injured", CSV_URL),
        ("1640000", XLSX_URL),
        ("Brightwater", DOCX_URL),
        ("01/FOI/19/011430", "/" + RESPONSE),
        ("011430", "/" + RESPONSE),
        ("xylophonequark", None),
    ],
)
def test_attachment_text_and_references_are_found(browser_page: Any, query: str, expected: str | None) -> None:
    context, tab, base, _ = _open(browser_page)
    tab.goto(base + "search/?q=" + query)
    wait_for_results(tab)
    hrefs = [r["href"] for r in _results(tab)]
    if expected is None:
        assert hrefs == []
        assert tab.inner_text("#foilog-search-status").startswith("No published response mentions \u2018xylophonequark\u2019.")
    else:
        assert expected == hrefs[0] or (query == "seriously_injured" and expected in hrefs), hrefs
    context.close()


@pytest.mark.browser
def test_home_page_form_leads_to_results_and_the_url_follows_the_search(browser_page: Any) -> None:
    context, tab, base, _ = _open(browser_page)
    tab.goto(base)
    tab.fill("#foilog-q", "gritting")
    tab.press("#foilog-q", "Enter")
    tab.wait_for_url(re.compile(r"/search/\?q=gritting$"))
    wait_for_results(tab)
    tab.fill("#foilog-search-q", "cameras")
    tab.press("#foilog-search-q", "Enter")
    tab.wait_for_function("() => location.search === '?q=cameras'")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", ["", RESPONSE, "statistics/", "search/?q=cameras", "404.html"])
def test_header_search_box_leads_to_results(browser_page: Any, url: str) -> None:
    context, tab, base, blocked = _open(browser_page)
    tab.goto(base + url)
    box = tab.locator("header").get_by_role("searchbox", name="Search the log")
    assert box.count() == 1 and box.is_visible()
    box.fill("Brackenfield")
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/search/\?q=Brackenfield$"))
    wait_for_results(tab)
    assert PDF_URL in [r["href"] for r in _results(tab)]
    assert not blocked
    context.close()


@pytest.mark.browser
def test_header_search_works_without_javascript(browser_page: Any) -> None:
    context, tab, base, _ = _open(browser_page, java_script_enabled=False)
    tab.goto(base + RESPONSE)
    tab.locator("header").get_by_role("searchbox", name="Search the log").fill("gritting")
    tab.locator("header").get_by_role("button", name="Search").click()
    tab.wait_for_url(re.compile(r"/search/\?q=gritting$"))
    assert "Searching needs JavaScript" in tab.locator("noscript p").inner_text()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 375, 768, 1280])
def test_header_search_fits_the_header(browser_page: Any, width: int) -> None:
    """On a phone and on a desktop the box sits inside Material's header, next to the title, at a usable size."""
    context, tab, base, _ = _open(browser_page)
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(base + RESPONSE)
    header = tab.locator("header.md-header").bounding_box()
    box = tab.locator("#foilog-header-q").bounding_box()
    button = tab.locator("header").get_by_role("button", name="Search", exact=True).bounding_box()
    title = tab.locator("header .md-header__title").bounding_box()
    assert header["height"] <= 60, "the header keeps Material's height"
    for part in (box, button):
        assert part["y"] >= header["y"] and part["y"] + part["height"] <= header["y"] + header["height"]
        assert part["x"] >= 0 and part["x"] + part["width"] <= width
        assert part["width"] >= 24 and part["height"] >= 24  # WCAG 2.5.8 target size
    assert box["width"] >= 60, "room to type"
    assert title["width"] >= 60, "the site title is still there"
    assert box["x"] >= title["x"] + title["width"] - 1, "no overlap with the title"
    font = tab.eval_on_selector("#foilog-header-q", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 16, "phones do not zoom into the box"
    context.close()


@pytest.mark.browser
def test_without_javascript_browse_links_remain(browser_page: Any, plan: Any) -> None:
    context, tab, base, _ = _open(browser_page, java_script_enabled=False)
    tab.goto(base + "search/")
    assert "Searching needs JavaScript" in tab.locator("noscript p").inner_text()
    assert tab.locator("noscript p").is_visible()
    for topic in plan.log.topics.values():
        assert tab.get_by_role("link", name=topic.title, exact=True).first.is_visible()
    for year in plan.indexes.by_year:
        assert tab.get_by_role("link", name=str(year), exact=True).first.is_visible()
    context.close()


@pytest.mark.browser
def test_bytes_downloaded_for_a_one_word_query(browser_page: Any, record_property: Any) -> None:
    """What a phone downloads to search (issue 9 tracks the budget): page + UI + index chunks."""
    context, tab, base, _ = _open(browser_page)
    sizes: dict[str, int] = {}

    def done(request: Any) -> None:
        body = request.sizes()["responseBodySize"]
        sizes[request.url[len(base) :]] = body

    tab.on("requestfinished", done)
    tab.goto(base + "search/?q=cameras")
    wait_for_results(tab)
    tab.wait_for_load_state("networkidle")
    search_bytes = sum(v for k, v in sizes.items() if k.startswith("pagefind/"))
    record_property("pagefind_bytes", search_bytes)
    record_property("page_bytes", sum(sizes.values()))
    print(f"\none-word query: {search_bytes} bytes from pagefind/, {sum(sizes.values())} bytes in all")
    for url, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {size:>8}  {url}")
    assert search_bytes < 600_000  # served uncompressed here; see the report for gzip figures
    context.close()


def test_pagefind_dying_during_the_build_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No traceback and nothing published when Pagefind stops while pages are being added."""
    from sitetools import REPO, build

    from foilog.engine.mkdocs_build import BuildFailed

    real_add = PagefindProcess.add_html

    def dying(self: PagefindProcess, url: str, content: str) -> None:
        self._process.kill()
        self._process.wait()
        self._stdin.close()  # the next write fails at once, as a dead pipe does
        real_add(self, url, content)

    monkeypatch.setattr(PagefindProcess, "add_html", dying)
    with pytest.raises(BuildFailed) as failed:
        build(REPO / "mkdocs.yml", tmp_path / "site")
    assert "the search index could not be built; nothing was published: Pagefind stopped" in str(failed.value)
    assert not (tmp_path / "site").exists()


def test_pagefind_index_files_with_unsafe_paths_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """foilog writes the bundle Pagefind sends back (GetFiles): never outside the bundle's folder."""
    process = PagefindProcess({"write_playground": False})
    process.add_record("/r/", "text", "en", {"title": "R"})
    real_wait = process._wait

    def forged(message_id: int, timeout: float) -> dict[str, Any]:
        reply = real_wait(message_id, timeout)
        if message_id == process._write_id:
            reply = {"type": "GetFiles", "files": [{"path": "../outside.js", "content": "eA=="}]}
        return reply

    monkeypatch.setattr(process, "_wait", forged)
    with pytest.raises(PagefindError, match="unsafe path"):
        process.write(str(tmp_path / "pagefind"))
    assert not (tmp_path / "outside.js").exists()
