"""The statistics page: figures of a hand-made log, the NCND rule, accessible charts.

The log below is small enough to count by hand; every expected number in these
tests was counted from the YAML, not computed by foilog. All data is fictional.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, TODAY, LogBuilder
from sitetools import page

from foilog.engine.mkdocs_config import load_project
from foilog.log.catalogue import catalogue
from foilog.log.load import load_log
from foilog.log.model import Log
from foilog.log.urls import slugify
from foilog.site.indexes import Indexes, build_indexes
from foilog.site.render.charts import Bar, bar_chart, statistics_charts
from foilog.site.render.pages import Renderer
from foilog.site.stats import compute, compute_statistics, counted_exemptions, percent, question_group


def _yml(reference: str, received: str, responded: str, outcome: str, questions: str, exemptions: str = "", extra: str = "") -> str:
    text = f"""\
reference: {reference}
title: Fictional request {reference}
summary: A fictional request used to test the statistics.
regime: FOIA
received: {received}
responded: {responded}
outcome: {outcome}
topics:
  - housing
"""
    if exemptions:
        text += "exemptions:\n" + textwrap.indent(textwrap.dedent(exemptions), "  ")
    text += "questions:\n" + textwrap.indent(textwrap.dedent(questions), "  ")
    return text + textwrap.dedent(extra)


def _q(number: str, outcome: str, *sections: str) -> str:
    text = f"- number: '{number}'\n  question: Question {number}?\n  answer: Answer {number}.\n  outcome: {outcome}\n"
    if sections:
        text += "  exemptions:\n" + "".join(f"    - {s}\n" for s in sections)
    return text


#: Hand-counted log. Working days: FOIA counts every UK bank holiday.
HAND_MADE = {
    # A: 2025, 9 working days (2 Jan -> 15 Jan 2025), on time; 2 questions in full.
    "a": _yml("HM/1", "2025-01-02", "2025-01-15", "granted-in-full", _q("1", "granted-in-full") + _q("2", "granted-in-full")),
    # B: 2025, late (3 Mar -> 30 Apr 2025: 39 working days, Good Friday and Easter Monday excluded);
    # s40(2) counts, s24(2) was applied as NCND and must not.
    "b": _yml(
        "HM/2",
        "2025-03-03",
        "2025-04-30",
        "granted-in-part",
        _q("1", "granted-in-full") + _q("2", "refused", "s40(2)") + _q("3", "neither-confirm-nor-deny", "s24(2)"),
        "- section: s40(2)\n- section: s24(2)\n  ncnd: true\n",
    ),
    # C: 2026, NCND response. s31(3) and s40(5B) are NCND uses; s21 answers an ordinary question and counts.
    "c": _yml(
        "HM/3",
        "2026-02-02",
        "2026-02-20",
        "neither-confirm-nor-deny",
        _q("1", "neither-confirm-nor-deny", "s31(3)", "s40(5B)") + _q("2", "granted-in-part", "s21"),
        "- section: s31(3)\n  ncnd: true\n- section: s40(5B)\n  ncnd: true\n- section: s21\n",
    ),
    # D: 2026, NCND response citing s38 without ncnd and on no question: not counted (the response counts only as NCND).
    # s43 (not ncnd) is cited only by an NCND question: not counted either.
    "d": _yml(
        "HM/4",
        "2026-03-02",
        "2026-03-16",
        "neither-confirm-nor-deny",
        _q("1", "neither-confirm-nor-deny", "s43"),
        "- section: s38\n- section: s43\n- section: s23(5)\n  ncnd: true\n",
    ),
    # E: 2026, cost limit; questions not held and cost limit.
    "e": _yml(
        "HM/5",
        "2026-03-02",
        "2026-03-20",
        "cost-limit",
        _q("1", "not-held") + _q("2", "cost-limit", "s12"),
        "- section: s12\n",
    ),
    # F: withdrawn: counted nowhere.
    "f": _yml(
        "HM/6",
        "2026-03-02",
        "2026-03-10",
        "not-held",
        _q("1", "not-held") + _q("2", "refused", "s40(2)"),
        "- section: s40(2)\n",
        "withdrawn:\n  date: 2026-05-01\n  reason: Published by mistake.\n",
    ),
    # G: embargoed until after TODAY: counted nowhere.
    "g": _yml(
        "HM/7",
        "2026-09-01",
        "2026-09-10",
        "refused",
        _q("1", "refused", "s43"),
        "- section: s43\n",
        "publish_after: 2027-01-01\n",
    ),
}


def make_hand_made(root: Path) -> LogBuilder:
    builder = LogBuilder(root)
    for yml in HAND_MADE.values():
        year = yml.split("responded: ")[1][:4]
        reference = yml.split("reference: ")[1].split("\n")[0]
        builder.response(year, slugify(reference), yml)
    return builder


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Log, Indexes]:
    builder = make_hand_made(tmp_path_factory.mktemp("stats") / "log")
    log = load_log(load_project(builder.config), TODAY)
    assert log.errors == [], [f.as_text() for f in log.errors]
    return log, build_indexes(log)


def test_counts_match_hand_count(hand_made: tuple[Log, Indexes]) -> None:
    s = compute_statistics(hand_made[1])
    assert s.responses == 5  # A-E; F withdrawn, G embargoed
    assert s.questions == 2 + 3 + 2 + 1 + 2
    assert s.per_year == [(2025, 2), (2026, 3)]
    months = [(m.isoformat()[:7], n) for m, n in s.per_month]
    assert months == [
        ("2025-01", 1), ("2025-02", 0), ("2025-03", 0), ("2025-04", 1), ("2025-05", 0), ("2025-06", 0),
        ("2025-07", 0), ("2025-08", 0), ("2025-09", 0), ("2025-10", 0), ("2025-11", 0), ("2025-12", 0),
        ("2026-01", 0), ("2026-02", 1), ("2026-03", 2),
    ]  # fmt: skip
    assert dict(s.outcomes) == {
        "granted-in-full": 1,
        "granted-in-part": 1,
        "refused": 0,
        "not-held": 0,
        "neither-confirm-nor-deny": 2,
        "cost-limit": 1,
        "vexatious": 0,
    }


def test_question_groups_keep_ncnd_apart(hand_made: tuple[Log, Indexes]) -> None:
    s = compute_statistics(hand_made[1])
    # in full: A1 A2 B1; in part: C2; withheld: B2 (refused), E2 (cost limit); not held: E1; NCND: B3 C1 D1
    assert dict(s.question_groups) == {"granted": 3, "partly-withheld": 1, "withheld": 2, "not-held": 1, "ncnd": 3}
    assert question_group("neither-confirm-nor-deny") == "ncnd"  # never "withheld" (its statistics_group)


def test_exemption_counts_leave_out_ncnd_uses(hand_made: tuple[Log, Indexes]) -> None:
    s = compute_statistics(hand_made[1])
    counts = {e.exemption.label: e.responses for e in s.exemptions}
    # B: s40(2) -> FOIA s40; C: s21; E: s12. Never s24 (B, NCND), s31 or s40 from C, s38/s43/s23 from D,
    # nor anything from the withdrawn F or embargoed G.
    assert counts == {"FOIA s40": 1, "FOIA s21": 1, "FOIA s12": 1}
    assert s.exemptions_used == 3
    _, idx = hand_made
    by_ref = {r.reference: r for r in idx.live}
    assert [e.label for e in counted_exemptions(by_ref["HM/3"])] == ["FOIA s21"]
    assert counted_exemptions(by_ref["HM/4"]) == []


def test_timeliness_per_year(hand_made: tuple[Log, Indexes]) -> None:
    s = compute_statistics(hand_made[1])
    by_year = {t.year: t for t in s.timeliness}
    assert (by_year[2025].responses, by_year[2025].on_time) == (2, 1)
    assert by_year[2025].median_working_days == (9 + 39) / 2
    # 2026: C 2 Feb -> 20 Feb = 14; D 2 Mar -> 16 Mar = 10;
    # E 2 Mar -> 20 Mar = 13 (17 March, St Patrick's Day, is a bank holiday in Northern Ireland)
    assert (by_year[2026].responses, by_year[2026].on_time, by_year[2026].median_working_days) == (3, 3, 13)
    assert percent(1, 2) == 50 and percent(1, 8) == 13 and percent(2, 3) == 67 and percent(0, 0) == 0


def test_top_fifteen_exemptions_most_used_first() -> None:
    from types import SimpleNamespace

    entries = [e for e in catalogue().entries if e.regime == "FOIA" and not e.id.startswith("s12")][:20]
    fakes = []
    for i, entry in enumerate(entries):
        for _ in range(i + 1):  # entry i used i+1 times
            data = SimpleNamespace(
                responded=dt.date(2025, 1, 1),
                outcome="refused",
                regime="FOIA",
                questions=[],
                exemptions=[SimpleNamespace(section=entry.id, ncnd=False)],
            )
            fakes.append(SimpleNamespace(data=data, withdrawn=False, working_days=10, on_time=True))
    s = compute(fakes)  # type: ignore[arg-type]
    assert len(s.exemptions) == 15
    assert s.exemptions_used == 20
    assert [e.responses for e in s.exemptions] == list(range(20, 5, -1))


def test_empty_log_has_no_charts(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    log = load_log(load_project(builder.config), TODAY)
    s = compute_statistics(build_indexes(log))
    assert s.responses == 0 and s.per_year == [] and s.per_month == [] and s.timeliness == []
    assert statistics_charts(s, {}) == {}
    html = Renderer(log, build_indexes(log)).statistics_page().html
    assert "No responses published yet." in html and "<svg" not in html


def test_chart_is_accessible_svg_and_escapes_labels() -> None:
    svg = str(bar_chart("c1", 'Title <&> "quoted"', "Desc <b>", [Bar("<script>", 3, "3 & more"), Bar("b", 0, "0")]))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c1-title"' in svg and 'aria-describedby="c1-desc"' in svg
    assert '<title id="c1-title">Title &lt;&amp;&gt; &#34;quoted&#34;</title>' in svg
    assert '<desc id="c1-desc">Desc &lt;b&gt;</desc>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "3 &amp; more" in svg
    # Colours follow the text colour (dark mode), never a fixed colour.
    assert re.findall(r'fill="([^"]+)"', svg) and set(re.findall(r'fill="([^"]+)"', svg)) == {"currentColor"}
    assert "#" not in "".join(re.findall(r'(?:fill|stroke)="([^"]+)"', svg))


def test_page_has_charts_tables_and_links(hand_made: tuple[Log, Indexes]) -> None:
    log, idx = hand_made
    generated = Renderer(log, idx).statistics_page()
    assert generated.url == "statistics/" and generated.title == "Statistics"
    html = generated.html
    assert "<script" not in html.lower()
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 6
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "aria-describedby=" in svg
        desc_id = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
        assert f'<desc id="{desc_id}">' in svg
    # each chart is followed by a table with a caption and scoped headers
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    assert (
        len(tables) == 9
    )  # the six charts' tables, the exemptions applied as NCND (no chart), timeliness against the ICO target, the register's coverage
    for table in tables:
        assert "<caption>" in table and '<th scope="col">' in table and '<th scope="row">' in table
    assert html.index("chart-exemptions") < html.index("Responses that applied each exemption")
    counted, ncnd = html.split('id="exemptions-ncnd"', 1)
    assert 'href="../exemptions/foia-s40/"' in counted and 'href="../exemptions/foia-s24/"' not in counted
    assert 'href="../exemptions/foia-s24/"' in ncnd.split('id="timeliness"', 1)[0]
    assert 'href="../outcomes/neither-confirm-nor-deny/"' in html
    assert "HM/6" not in html and "HM/7" not in html


def test_sample_site_has_statistics_page(sample_site: Path) -> None:
    html = page(sample_site, "statistics/").read_text("utf-8")
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    assert "<script" not in article
    assert article.count('role="img"') == 6
    assert "<h1" in article and "Statistics" in article


def test_nav_line_works(tmp_path: Path) -> None:
    """The nav entry the site owner adds (``- Statistics: statistics/index.md``) resolves to the generated page."""
    from sitetools import MATERIAL, build

    builder = LogBuilder(tmp_path / "log")
    (builder.root / "content" / "index.md").write_text("# Home\n", encoding="utf-8")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + "nav:\n  - Home: index.md\n  - Statistics: statistics/index.md\n")
    builder.response(2026, "hm-1", HAND_MADE["a"].replace("2025-01-02", "2026-01-02").replace("2025-01-15", "2026-01-15"))
    site = build(builder.config, tmp_path / "site", strict=True)
    home = page(site, "").read_text("utf-8")
    assert 'href="statistics/"' in home


# -- exemption pages follow the same NCND rule ------------------------------------------
# Each figure is a pair: (responses counted as using it, responses that applied it only as NCND).
_INDEX_ROW = re.compile(r'exemptions/([a-z0-9-]+)/"[^>]*>[^<]*</a></td><td>(\d+)</td><td>(\d+)</td>')
_USED = re.compile(r"<dt>Used</dt><dd>in (\d+) published responses?</dd>")
_NCND_USED = re.compile(r"<dt>Applied as neither confirm nor deny</dt><dd>in (\d+) published responses?</dd>")
_STATS_ROW = re.compile(r'<th scope="row"><a href="[^"]*exemptions/([a-z0-9-]+)/">[^<]*</a></th><td>[^<]*</td><td>(\d+)</td>')
_LISTED = re.compile(r'<li><a href="[^"]*responses/\d{4}/([a-z0-9-]+)/">.*?</li>', re.S)


def _ncnd_used(html: str) -> int:
    found = _NCND_USED.search(html)
    return int(found.group(1)) if found else 0


def _exemption_figures(index_html: str, pages: dict[str, str], statistics_html: str) -> tuple[dict, dict, dict, dict]:
    """Pairs (counted, NCND) by slug: on /exemptions/, on each page, listed (marked or not) on each page, on /statistics/."""
    index = {slug: (int(n), int(ncnd)) for slug, n, ncnd in _INDEX_ROW.findall(index_html)}
    used = {slug: (int(_USED.search(html).group(1)), _ncnd_used(html)) for slug, html in pages.items()}
    listed = {}
    for slug, html in pages.items():
        items = [m.group(0) for m in _LISTED.finditer(html)]
        listed[slug] = (
            [m.group(1) for m in _LISTED.finditer(html) if "foilog-ncnd" not in m.group(0)],
            [m.group(1) for m in _LISTED.finditer(html) if "foilog-ncnd" in m.group(0)],
        )
        assert len(items) == sum(map(len, listed[slug]))
    counted, ncnd = statistics_html.split('id="exemptions-ncnd"', 1)
    stats = {slug: (int(n), 0) for slug, n in _STATS_ROW.findall(counted)}
    for slug, n in _STATS_ROW.findall(ncnd):
        stats[slug] = (stats.get(slug, (0, 0))[0], int(n))
    return index, used, listed, stats


def _assert_agree(index: dict, used: dict, listed: dict, stats: dict, exemptions_used: int) -> None:
    assert set(index) == set(used) == {e.slug for e in catalogue().entries}
    assert index == used
    assert {slug: (len(counted), len(ncnd)) for slug, (counted, ncnd) in listed.items()} == used
    assert exemptions_used <= 15, "all counted exemptions are in the statistics table"
    assert stats == {slug: pair for slug, pair in index.items() if pair != (0, 0)}


def test_exemption_pages_agree_with_statistics(hand_made: tuple[Log, Indexes]) -> None:
    """/exemptions/, each exemption page and /statistics/ count the same uses, an NCND one apart."""
    log, idx = hand_made
    renderer = Renderer(log, idx)
    index_html = next(p for p in renderer.overview_pages() if p.url == "exemptions/").html
    pages = {p.url.split("/")[1]: p.html for p in renderer.exemption_pages()}
    index, used, listed, stats = _exemption_figures(index_html, pages, renderer.statistics_page().html)
    _assert_agree(index, used, listed, stats, compute_statistics(idx).exemptions_used)
    # B applied s24(2) as NCND; C s31(3) and s40(5B); D s23(5), and s38 and s43 in its NCND answer.
    assert stats == {
        "foia-s12": (1, 0),
        "foia-s21": (1, 0),
        "foia-s40": (1, 1),
        "foia-s24": (0, 1),
        "foia-s31": (0, 1),
        "foia-s23": (0, 1),
        "foia-s38": (0, 1),
        "foia-s43": (0, 1),
    }
    assert listed["foia-s24"] == ([], ["hm-2"]) and listed["foia-s31"] == ([], ["hm-3"]) and listed["foia-s23"] == ([], ["hm-4"])
    assert listed["foia-s40"] == (["hm-2"], ["hm-3"]) and listed["foia-s21"] == (["hm-3"], [])
    assert "Applied as neither confirm nor deny in 1 published response" in pages["foia-s24"]
    assert "No responses published yet" not in pages["foia-s24"]


def test_sample_site_exemption_pages_agree_with_statistics(sample_site: Path) -> None:
    """The sample's s31 was applied twice as NCND: /exemptions/ said 4 while /statistics/ said 2; now 2 and 2 apart."""
    pages = {
        folder.name: (folder / "index.html").read_text("utf-8")
        for folder in (sample_site / "exemptions").iterdir()
        if (folder / "index.html").is_file()
    }
    index, used, listed, stats = _exemption_figures(
        page(sample_site, "exemptions/").read_text("utf-8"), pages, page(sample_site, "statistics/").read_text("utf-8")
    )
    _assert_agree(index, used, listed, stats, len(stats))
    assert index["foia-s31"] == stats["foia-s31"] == (2, 2)
    # The seed's NCND uses: listed, marked, never counted.
    assert "01-foi-19-011430" in listed["foia-s24"][1] and "01-foi-19-011430" in listed["foia-s31"][1]
    assert "01-foi-19-011430" not in listed["foia-s24"][0] + listed["foia-s31"][0]
