"""Hand-written pages and assets in content/ are reviewed like everything else (issue 16, item 11).

A ``<script>`` in ``content/about.md`` ran in the built site; an SVG with a
script, an event handler, a ``<foreignObject>`` or a reference to another
host was published as it was; JavaScript and CSS files in ``content/`` were
neither scanned by ``check`` nor swept after the build. Now anything in a
hand-written page or an asset that runs (or loads from elsewhere, in an SVG)
is an error naming the file, line and element, from ``check`` as from
``build``; SVG text and HTML, JavaScript and CSS files get the personal-data
scan, and the post-build sweep covers the files copied from ``content/``.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from logbuilder import DEFAULT_OPTIONS, TODAY_ARG, LogBuilder
from sitetools import MATERIAL, REPO

from foilog.commands.cli import main
from foilog.gate.content_safety import page_findings, svg_findings
from foilog.gate.leakgate import make_gate
from foilog.gate.sweep import content_assets, sweep_site

pytestmark = pytest.mark.adversarial

MOBILE = "07700 900123"


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    builder = LogBuilder(tmp_path / "project")
    builder.valid()
    return builder


def check(builder: LogBuilder) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG])


def build(builder: LogBuilder, site: Path) -> Result:
    return CliRunner().invoke(main, ["build", "--config-file", str(builder.config), "--site-dir", str(site), "--today", TODAY_ARG])


def write(builder: LogBuilder, rel: str, text: str | bytes) -> Path:
    path = builder.root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def assert_refused(builder: LogBuilder, tmp_path: Path, *expected: str, rule: str = "active-content") -> None:
    """`check` and `build` both fail naming each ``expected`` text (`check` the rule too); the build writes no site and no traceback."""
    checked = check(builder)
    assert checked.exit_code == 1, checked.output
    assert "Traceback" not in checked.output
    assert f"(error: {rule})" in checked.output, checked.output
    for text in expected:
        assert text in checked.output, (text, checked.output)
    out = tmp_path / "out"
    out.mkdir()
    built = build(builder, out / "site")
    assert built.exit_code == 1, built.output
    assert "Traceback" not in built.output
    for text in expected:
        assert text in built.output, (text, built.output)
    assert "nothing was published" in built.output
    assert [p.name for p in out.iterdir() if p.name != ".site.lock"] == [], "no site and no staging folder is left (the lock file stays)"


# -- hand-written Markdown pages ------------------------------------------------------
def test_a_script_in_a_hand_written_page_is_refused(log: LogBuilder, tmp_path: Path) -> None:
    write(log, "about.md", "# About\n\nWe publish.\n\n<script>alert(document.domain)</script>\n")
    assert_refused(log, tmp_path, "content/about.md:5: ", "<script>")


def test_an_event_handler_in_a_hand_written_page_is_refused(log: LogBuilder, tmp_path: Path) -> None:
    write(log, "accessibility.md", "# Accessibility\n\nText.\n\nA picture: <img src=x onerror=alert(1)>\n")
    assert_refused(log, tmp_path, "content/accessibility.md:5: ", "onerror")


@pytest.mark.parametrize(
    ("markdown", "needle"),
    [
        ("[Click](javascript:alert(1))", "javascript:"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript:"),
        ("[Click][x]\n\n[x]: JavaScript:alert(1)", "javascript:"),
        ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe>"),
        ('<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>', "<object>"),
        ('<base href="https://attacker.example/">', "<base>"),
        ('<meta http-equiv="refresh" content="0; url=https://attacker.example/">', "<meta http-equiv"),
        ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
        ('<details open ontoggle="alert(1)">x</details>', "ontoggle"),
    ],
)
def test_what_runs_in_a_page_is_found(markdown: str, needle: str) -> None:
    findings = page_findings(f"# Page\n\n{markdown}\n", "content/page.md")
    assert findings, markdown
    assert all(f.is_error and f.rule == "active-content" and f.path == "content/page.md" for f in findings)
    assert any(needle in f.message for f in findings), [f.message for f in findings]
    assert findings[0].line is not None and findings[0].line >= 3


def test_the_build_looks_again_at_the_html_mkdocs_made(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the check's own conversion ever to miss something, the build's look at MkDocs' output still stops it."""
    import foilog.gate.leakgate

    monkeypatch.setattr(foilog.gate.leakgate, "page_findings", lambda source, path: [])
    write(log, "about.md", "# About\n\nText.\n\n<script>alert(1)</script>\n")
    assert check(log).exit_code == 0
    built = build(log, tmp_path / "site")
    assert built.exit_code == 1, built.output
    assert "content/about.md:5: a <script> element" in built.output
    assert "nothing was published" in built.output and not (tmp_path / "site").exists()


GOOD_PAGE = """\
# How we publish

!!! note "Before you ask"
    Search the log first.

| Year | Requests |
|------|---------:|
| 2025 | 1,204    |

![Our logo](assets/logo.svg){ width="120" }

See [the ICO](https://ico.org.uk/), [our FAQ](faq.md#timing) or write to [us](mailto:foi@northshire.example).

```html
<script>alert("this is an example, shown as text")</script>
<img src=x onerror=alert(1)>
```

Inline code such as `<script>` or `onload=` is text too.

<details><summary>More</summary><p>Plain HTML is fine.</p></details>
"""


def test_a_documentation_page_is_not_flagged() -> None:
    assert page_findings(GOOD_PAGE, "content/how.md") == []


def test_the_sample_logs_content_pages_are_not_flagged() -> None:
    for path in sorted((REPO / "content").rglob("*.md")):
        assert page_findings(path.read_text("utf-8"), path.name) == [], path


# -- SVG ------------------------------------------------------------------------------
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n{}\n</svg>\n'
SCRIPTED_SVG = base64.b64encode(SVG.format("<script>alert(1)</script>").encode()).decode()


@pytest.mark.parametrize(
    ("inner", "rule", "needle"),
    [
        ("<script>alert(1)</script>", "active-content", "<script>"),
        ('<rect width="1" height="1" onload="alert(1)"/>', "active-content", "onload"),
        (
            '<foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
            "active-content",
            "<foreignObject>",
        ),
        ('<a href="javascript:alert(1)"><text>x</text></a>', "active-content", "javascript:"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "active-content", "javascript:"),
        (f'<image href="data:image/svg+xml;base64,{SCRIPTED_SVG}" width="1" height="1"/>', "active-content", "data:"),
        (
            '<image href="https://tracker.example/pixel.png" width="1" height="1"/>',
            "external-reference",
            "https://tracker.example/pixel.png",
        ),
        ('<use xlink:href="http://attacker.example/sprite.svg#icon"/>', "external-reference", "http://attacker.example/sprite.svg#icon"),
        ('<style>@import url("https://fonts.example/x.css");</style>', "external-reference", "@import"),
        ('<rect width="1" height="1" style="fill: url(//attacker.example/p.svg#g)"/>', "external-reference", "url("),
    ],
)
def test_what_runs_or_loads_in_an_svg_is_found(inner: str, rule: str, needle: str) -> None:
    findings = svg_findings(SVG.format(inner).encode(), "content/assets/logo.svg")
    assert [f.rule for f in findings] == [rule], [f.as_text() for f in findings]
    finding = findings[0]
    assert finding.is_error and finding.path == "content/assets/logo.svg" and finding.line == 2
    assert needle in finding.message, finding.message


def test_an_svg_with_entities_is_refused_without_expanding_them() -> None:
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    findings = svg_findings(bomb, "content/x.svg")
    assert [f.rule for f in findings] == ["unreadable-svg"], [f.as_text() for f in findings]


LOGO = SVG.format(
    '<title>Northshire County Council</title>\n<defs><linearGradient id="g"><stop offset="0" stop-color="#1d4f91"/></linearGradient></defs>\n'
    '<rect width="10" height="10" fill="url(#g)"/><use href="#g"/>\n<text x="1" y="5" style="font: 2px sans-serif">Requests 2025: 1,204</text>\n'
    '<a href="https://ico.org.uk/"><text x="1" y="8">ICO</text></a>'
)


def test_a_plain_svg_logo_or_chart_is_not_flagged() -> None:
    assert svg_findings(LOGO.encode(), "content/assets/logo.svg") == []


def test_svg_in_content_is_checked_and_its_text_scanned(log: LogBuilder, tmp_path: Path) -> None:
    write(log, "assets/images/logo.svg", SVG.format(f'<text x="1" y="5">Call {MOBILE}</text>\n<script>alert(1)</script>'))
    checked = check(log)
    assert checked.exit_code == 1, checked.output
    assert "content/assets/images/logo.svg:2: " in checked.output
    assert "content/assets/images/logo.svg:3: " in checked.output and "<script>" in checked.output
    located = {line.split(": ", 1)[0] for line in checked.output.splitlines()}
    assert {"content/assets/images/logo.svg:2", "content/assets/images/logo.svg:3"} <= located, checked.output
    assert "(error: active-content)" in checked.output
    assert MOBILE not in checked.output  # excerpts are masked


# -- HTML, JavaScript and CSS files ---------------------------------------------------
def test_an_html_file_with_a_script_is_refused(log: LogBuilder, tmp_path: Path) -> None:
    write(log, "widget.html", "<!doctype html>\n<title>Widget</title>\n<p>Hello</p>\n<script src=widget.js></script>\n")
    assert_refused(log, tmp_path, "content/widget.html:4: ", "<script>")


def test_html_js_and_css_files_get_the_personal_data_scan(log: LogBuilder) -> None:
    write(log, "verify.html", f"<!doctype html>\n<p>Call {MOBILE}</p>\n")
    write(log, "js/extra.js", f'const contact = "{MOBILE}";\n')
    write(log, "css/extra.css", f'.x::after {{ content: "{MOBILE}"; }}\n')
    checked = check(log)
    assert checked.exit_code == 1, checked.output
    for path in ("content/verify.html:2: ", "content/js/extra.js:1: ", "content/css/extra.css:1: "):
        assert path in checked.output, (path, checked.output)
    assert "unsafe-unsupported-format" not in checked.output


GOOD_CSS = """\
:root { --md-primary-fg-color: #1d4f91; }
.md-typeset .foilog-logo { width: 12rem; background: url("../images/logo.svg") no-repeat; }
@media print { .md-header { display: none; } }
"""


def test_good_assets_pass_check_and_build(log: LogBuilder, tmp_path: Path) -> None:
    write(log, "assets/images/logo.svg", LOGO)
    write(log, "stylesheets/extra.css", GOOD_CSS)
    write(log, "about.md", GOOD_PAGE)
    checked = check(log)
    assert checked.exit_code == 0, checked.output
    site = tmp_path / "site"
    built = build(log, site)
    assert built.exit_code == 0, built.output
    assert (site / "assets/images/logo.svg").read_text("utf-8") == LOGO
    assert (site / "stylesheets/extra.css").is_file()


# -- the post-build sweep -------------------------------------------------------------
def test_the_sweep_covers_files_copied_from_content(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    site = tmp_path / "site"
    files = {
        "assets/images/chart.svg": SVG.format(f"<text>{MOBILE}</text>"),
        "assets/javascripts/extra.js": f'var a = "{MOBILE}";\n',
        "css/extra.css": f'.x::after {{ content: "{MOBILE}"; }}\n',
        "old/page.htm": f"<p>{MOBILE}</p>\n",
    }
    for rel, text in files.items():
        for folder in (docs, site):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (site / "assets/javascripts/bundle.js").write_text(f'var theme = "{MOBILE}";\n', encoding="utf-8")  # the theme's own code
    gate = make_gate(None)
    assert sorted(content_assets(docs)) == sorted(files)
    swept = sweep_site(site, gate, include=content_assets(docs))
    assert sorted({f.path for f in swept.findings if f.is_error}) == sorted(f"site/{rel}" for rel in files)


# -- in the browser -------------------------------------------------------------------
@pytest.mark.browser
def test_no_script_from_a_content_page_runs_in_the_built_site(log: LogBuilder, tmp_path: Path) -> None:
    """The build refuses it; and a page whose raw HTML slipped past would still be stopped by the build's own look at MkDocs' output."""
    from browser import block_other_hosts, launch, missing_tools, serve

    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    log.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    write(log, "about.md", "# About\n\n<script>alert('XSS-page')</script>\n\n<img src=x onerror=\"alert('XSS-img')\">\n")
    site = tmp_path / "site"
    assert build(log, site).exit_code == 1
    assert not site.exists()
    # What an author meant to show is published as text and runs nowhere.
    write(log, "about.md", "# About\n\n```html\n<script>alert('XSS-page')</script>\n```\n\n`<img src=x onerror=alert('XSS-img')>`\n")
    built = build(log, site)
    assert built.exit_code == 0, built.output
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context()
            block_other_hosts(context, base, [])
            tab = context.new_page()
            dialogs: list[Any] = []
            tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            tab.goto(base + "about/")
            tab.wait_for_timeout(500)
            assert dialogs == []
            assert "alert('XSS-page')" in tab.inner_text("article")
            assert tab.eval_on_selector_all("article script, article [onerror]", "els => els.length") == 0
        finally:
            browser.close()


def test_copy_of_the_sample_checks_clean_of_content_findings(tmp_path: Path) -> None:
    for name in ("content", "responses", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = CliRunner().invoke(main, ["check", "--config-file", str(tmp_path / "mkdocs.yml"), "--today", TODAY_ARG, "--format", "json"])
    assert "active-content" not in result.output and "external-reference" not in result.output and "content/" not in result.output
