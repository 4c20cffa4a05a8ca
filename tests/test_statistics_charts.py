"""Statistics that read well: brand-coloured bars with AA contrast, a 0-100% timeliness axis, empty months folded, legible on a phone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import PHONE, launch, missing_tools, serve
from logbuilder import DEFAULT_OPTIONS, TODAY, VALID_YML, LogBuilder
from sitetools import MATERIAL, build, page

from foilog.engine.mkdocs_config import load_project
from foilog.log.colours import AA_NORMAL_TEXT as AA_CONTRAST
from foilog.log.colours import DARK_BACKGROUND, LIGHT_BACKGROUND, contrast, readable_on
from foilog.log.load import load_log
from foilog.site.indexes import build_indexes
from foilog.site.render.charts import Bar, bar_chart, statistics_charts
from foilog.site.stats import compute_statistics, fold_empty_months

PALE = "#ffdd00"
"""A brand colour too pale for text or bars on white (about 1.4:1)."""
#: (response date, received) of each response: February, July and September 2026.
DATES = [("2026-02-10", "2026-01-20"), ("2026-07-10", "2026-06-15"), ("2026-09-28", "2026-09-01")]


def _project(root: Path) -> LogBuilder:
    builder = LogBuilder(root, options={**DEFAULT_OPTIONS, "colour": PALE})
    builder.mkdocs({**DEFAULT_OPTIONS, "colour": PALE}, extra=MATERIAL)
    for n, (responded, received) in enumerate(DATES):
        yml = VALID_YML.replace("NCC/FOI/26/0042", f"NCC/FOI/26/{n:04d}")
        yml = yml.replace("responded: 2026-09-28", f"responded: {responded}").replace("received: 2026-09-01", f"received: {received}")
        builder.valid(yml, slug=f"ncc-foi-26-{n:04d}")
    return builder


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> LogBuilder:
    return _project(tmp_path_factory.mktemp("charts") / "project")


@pytest.fixture(scope="module")
def site(project: LogBuilder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(project.config, tmp_path_factory.mktemp("charts-site") / "site", today=TODAY, strict=True)


def test_readable_on_keeps_a_dark_colour_and_darkens_a_pale_one() -> None:
    assert readable_on("#1D4F91", LIGHT_BACKGROUND) == "#1d4f91"
    assert contrast(PALE, LIGHT_BACKGROUND) < 3
    darker = readable_on(PALE, LIGHT_BACKGROUND)
    assert darker != PALE and contrast(darker, LIGHT_BACKGROUND) >= AA_CONTRAST
    assert contrast(darker, LIGHT_BACKGROUND) < AA_CONTRAST + 0.3, "the least change that reaches AA"
    r, g, b = (int(darker[i : i + 2], 16) for i in (1, 3, 5))
    assert r > g > b, "still the brand's hue (a yellow darkened, not a grey)"
    lighter = readable_on("#1d4f91", DARK_BACKGROUND)
    assert contrast("#1d4f91", DARK_BACKGROUND) < AA_CONTRAST <= contrast(lighter, DARK_BACKGROUND)
    assert round(contrast("#000000", "#ffffff"), 2) == 21


def test_stylesheet_gives_the_bars_the_brand_colour_with_aa_contrast(site: Path) -> None:
    css = (site / "assets" / "foilog.css").read_text("utf-8")
    light = re.search(r":root\{[^}]*--foilog-chart-colour:(#[0-9a-f]{6})", css)
    dark = re.search(r"\[data-md-color-scheme=slate\]\{--foilog-chart-colour:(#[0-9a-f]{6})\}", css)
    assert light and dark
    assert light.group(1) == readable_on(PALE, LIGHT_BACKGROUND) and contrast(light.group(1), LIGHT_BACKGROUND) >= AA_CONTRAST
    assert contrast(dark.group(1), DARK_BACKGROUND) >= AA_CONTRAST
    assert ".foilog-chart__bar{fill:var(--foilog-chart-colour" in css
    html = page(site, "statistics/").read_text("utf-8")
    assert html.count('class="foilog-chart__bar"') >= 10


def test_empty_months_are_folded_into_one_row(project: LogBuilder) -> None:
    log = load_log(load_project(project.config), TODAY)
    assert log.errors == []
    s = compute_statistics(build_indexes(log))
    assert [n for _, n in s.per_month] == [1, 0, 0, 0, 0, 1, 0, 1]
    assert [(m.label, m.responses) for m in s.month_rows] == [
        ("February 2026", 1),
        ("March–June 2026", 0),
        ("July 2026", 1),
        ("August 2026", 0),
        ("September 2026", 1),
    ]
    across = fold_empty_months([(dt.date(2025, 11, 1), 0), (dt.date(2025, 12, 1), 0), (dt.date(2026, 1, 1), 0), (dt.date(2026, 2, 1), 2)])
    assert [m.label for m in across] == ["November 2025–January 2026", "February 2026"]
    assert across[0].short_label == "Nov 2025–Jan 2026"
    chart = str(statistics_charts(s, {o: o for o in (x for x, _ in s.outcomes)})["per_month"])
    assert chart.count("<rect") == 5 and "Mar–Jun 2026: no responses" in chart


def test_statistics_page_table_folds_empty_months(site: Path) -> None:
    html = page(site, "statistics/").read_text("utf-8")
    table = html.split('id="per-month"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td></tr>", table)
    assert [(re.sub("<[^>]+>", "", th), td) for th, td in rows] == [
        ("February 2026", "1"),
        ("March–June 2026", "no responses"),
        ("July 2026", "1"),
        ("August 2026", "no responses"),
        ("September 2026", "1"),
    ]
    assert "<caption>Responses per month</caption>" in table and 'id="chart-per-month-desc"' in html


def test_timeliness_axis_runs_from_0_to_100_percent() -> None:
    chart = str(bar_chart("t", "On time", "Share on time.", [Bar("2025", 40, "40%"), Bar("2026", 60, "60%")], maximum=100))
    ticks = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="\w+">(\d+)%</text>', chart)
    assert [t for _, t in ticks] == ["0", "25", "50", "75", "100"]
    xs = [float(x) for x, _ in ticks]
    widths = [float(w) for w in re.findall(r'<rect class="foilog-chart__bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', chart)]
    assert widths[0] == pytest.approx((xs[-1] - xs[0]) * 0.4) and widths[1] == pytest.approx((xs[-1] - xs[0]) * 0.6)
    assert "100%</text>" not in str(bar_chart("c", "Counts", "Counts.", [Bar("2025", 3, "3")])), "only percentage charts have the axis"


def test_statistics_page_timeliness_chart_has_the_axis(site: Path) -> None:
    html = page(site, "statistics/").read_text("utf-8")
    chart = html.split('id="chart-timeliness-title"', 1)[1].split("</svg>", 1)[0]
    assert [t for t in re.findall(r">(\d+)%</text>", chart)] == ["0", "25", "50", "75", "100"]


@pytest.fixture(scope="module")
def phone(site: Path) -> Iterator[Any]:
    problem = missing_tools()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        chromium = launch(p)
        try:
            context = chromium.new_context(viewport=PHONE)
            tab = context.new_page()
            tab.goto(base + "statistics/")
            yield tab
        finally:
            chromium.close()


@pytest.mark.browser
def test_statistics_page_fits_a_phone_with_legible_chart_text(phone: Any) -> None:
    assert phone.viewport_size["width"] == 375
    widths = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 375, f"the page scrolls sideways: {widths}"
    sizes = phone.evaluate(
        "Array.from(document.querySelectorAll('svg.foilog-chart text')).map("
        "t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"
    )
    assert len(sizes) >= 15 and min(sizes) >= 12, f"chart text rendered at {min(sizes):.1f}px"
    overflow = phone.evaluate(
        "Array.from(document.querySelectorAll('svg.foilog-chart')).map(s => {const b = s.getBoundingClientRect();"
        " return Array.from(s.querySelectorAll('text')).filter(t => {const r = t.getBoundingClientRect();"
        " return r.left < b.left - 0.5 || r.right > b.right + 0.5;}).map(t => t.textContent);}).flat()"
    )
    assert overflow == [], f"chart text outside its chart: {overflow}"


@pytest.mark.browser
def test_bars_are_drawn_in_the_brand_colour(phone: Any) -> None:
    expected = readable_on(PALE, LIGHT_BACKGROUND)
    rgb = "rgb({}, {}, {})".format(*(int(expected[i : i + 2], 16) for i in (1, 3, 5)))
    fills = phone.evaluate("Array.from(document.querySelectorAll('.foilog-chart__bar')).map(r => getComputedStyle(r).fill)")
    assert fills and set(fills) == {rgb}
