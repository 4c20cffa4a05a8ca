"""The legal clock on the site: the response page, the open data, the statistics and the search filter.

Two logs: the sample log (its PIT extension, EIR regulation 7 extension and
FOISA clarification responses), and a hand-made log of ten FOIA responses
whose statuses are worked out by hand below, so the statistics' split and the
ICO's 90% can be checked exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from browser import add_search_index
from logbuilder import LogBuilder, variant
from sitetools import build, page

from foilog.log.model import Log
from foilog.site.clock_stats import TimelinessSplit

TODAY = dt.date(2026, 11, 26)


def _text(html: str) -> str:
    return " ".join(html.split())


# --- the sample log --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "time_taken"),
    [
        (
            "responses/2025/foi-2025-0388/",
            "on-time-extended",
            "35 working days: on time with a permitted extension to 29 April 2025, a public interest test extension (FOIA s10(3)); "
            "the 20 working days ended on 1 April 2025",
        ),
        (
            "responses/2024/eir-2024-0077/",
            "on-time-extended",
            "33 working days: on time with a permitted extension to 6 January 2025, a regulation 7(1) extension to 40 working days; "
            "the 20 working days ended on 3 December 2024",
        ),
        (
            "responses/2025/cc-foisa-2025-102/",
            "on-time",
            "17 working days: on time (counted from 27 November 2025, when the clarification was received)",
        ),
        ("responses/2019/01-foi-19-011430/", "late", "70 working days: late by 50 working days (due by 4 October 2019)"),
    ],
)
def test_time_taken_line(sample_site: Path, url: str, status: str, time_taken: str) -> None:
    html = page(sample_site, url).read_text("utf-8")
    assert f'<dt>Time taken</dt><dd class="foilog-clock foilog-clock--{status}">{time_taken}</dd>' in html


def test_timeline_lists_the_events_in_order(sample_site: Path) -> None:
    html = page(sample_site, "responses/2025/cc-foisa-2025-102/").read_text("utf-8")
    timeline = html.split('<h2 id="timeline">Timeline</h2>', 1)[1].split("</ol>", 1)[0]
    assert _text(timeline) == _text(
        """<ol class="foilog-timeline__list">
<li><time datetime="2025-11-13">13 November 2025</time>: Request received</li>
<li><time datetime="2025-11-17">17 November 2025</time>: Clarification asked for. We asked whether the request covered taxi contracts for pupils with additional support needs.</li>
<li><time datetime="2025-11-27">27 November 2025</time>: Clarification received: the 20 working days start again</li>
<li><time datetime="2025-12-23">23 December 2025</time>: Response sent</li>
"""
    )
    pit = page(sample_site, "responses/2025/foi-2025-0388/").read_text("utf-8")
    assert "Time extended to consider the public interest (new target: 29 April 2025)" in pit
    # A response without clock events has no timeline.
    assert 'id="timeline"' not in page(sample_site, "responses/2019/01-foi-19-011430/").read_text("utf-8")


def test_sample_open_data_carries_the_clock(sample_site: Path) -> None:
    with (sample_site / "data" / "responses.csv").open(encoding="utf-8", newline="") as f:
        rows = {row["reference"]: row for row in csv.DictReader(f)}
    cells = ("clock_start", "statutory_deadline", "deadline", "timeliness", "days_over", "extension", "on_time", "working_days")
    assert [rows["FOI-2025-0388"][c] for c in cells] == [
        "2025-03-03", "2025-04-01", "2025-04-29", "on-time-extended", "0", "public-interest-extension", "true", "35",
    ]  # fmt: skip
    assert [rows["EIR-2024-0077"][c] for c in cells] == [
        "2024-11-04", "2024-12-03", "2025-01-06", "on-time-extended", "0", "regulation-7-extension", "true", "33",
    ]  # fmt: skip
    assert [rows["CC-FOISA-2025-102"][c] for c in cells] == [
        "2025-11-27", "2025-12-30", "2025-12-30", "on-time", "0", "", "true", "17",
    ]  # fmt: skip
    assert [rows["01/FOI/19/011430"][c] for c in cells] == [
        "2019-09-06", "2019-10-04", "2019-10-04", "late", "50", "", "false", "70",
    ]  # fmt: skip
    responses = json.loads((sample_site / "data" / "responses.json").read_text("utf-8"))
    eir = next(r for r in responses if r["reference"] == "EIR-2024-0077")
    assert (eir["timeliness"], eir["extension"], eir["days_over"], eir["statutory_deadline"]) == (
        "on-time-extended",
        "regulation-7-extension",
        0,
        "2024-12-03",
    )
    document = json.loads((sample_site / "data" / "responses" / "2025" / "foi-2025-0388.json").read_text("utf-8"))
    assert (document["timeliness"], document["deadline"], document["extension"]) == (
        "on-time-extended",
        "2025-04-29",
        "public-interest-extension",
    )
    assert document["clock_events"] == [
        {
            "event": "public-interest-extension",
            "date": "2025-03-27",
            "new_target": "2025-04-29",
            "to": None,
            "note": "More time was needed to consider the public interest in releasing the payment formula.",
        }
    ]
    schema = json.loads((sample_site / "data" / "response-document.schema.json").read_text("utf-8"))
    assert {"clock_start", "statutory_deadline", "timeliness", "days_over", "extension", "clock_events"} <= set(schema["properties"])
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    seed = json.loads((sample_site / "data" / "responses" / "2019" / "01-foi-19-011430.json").read_text("utf-8"))
    assert seed["clock_events"] == []
    jsonschema.validate(seed, schema, format_checker=jsonschema.FormatChecker())
    package = json.loads((sample_site / "data" / "datapackage.json").read_text("utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "responses" for f in r["schema"]["fields"]}
    assert fields["timeliness"]["constraints"] == {"enum": ["on-time", "on-time-extended", "late"]}
    assert fields["days_over"]["type"] == "integer"
    database = sqlite3.connect(sample_site / "data" / "foilog.sqlite")
    try:
        found = database.execute("SELECT timeliness, days_over, extension FROM responses WHERE reference = 'FOI-2025-0388'").fetchall()
    finally:
        database.close()
    assert found == [("on-time-extended", 0, "public-interest-extension")]


def test_sample_search_index_has_the_timeliness_filter(sample_site: Path, sample_log: Log, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    add_search_index(site)
    records = {}
    for path in (site / "pagefind").glob("part-*/fragment/*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[len(b"pagefind_dcd") :])
        records[record["url"]] = record
    expected = {"on-time": "On time", "on-time-extended": "On time with a permitted extension", "late": "Late"}
    for r in sample_log.published():
        if r.withdrawn:
            continue
        assert records["/" + r.url]["filters"]["Timeliness"] == [expected[r.clock.status]], r.reference
    assert records["/responses/2025/foi-2025-0388/"]["filters"]["Timeliness"] == ["On time with a permitted extension"]


# --- a hand-made log: the statistics against the ICO's 90% ------------------------------------------

#: Ten FOIA responses received Tue 1 Sep 2026 (statutory deadline Tue 29 Sep:
#: Sep 2-4 (1-3); 7-11 (4-8); 14-18 (9-13); 21-25 (14-18); 28-29 (19-20)).
#: Eight answered Mon 28 Sep (on time); one answered Fri 23 Oct under a public interest
#: extension to Tue 27 Oct (on time with a permitted extension); one answered Wed 30 Sep, late by one working day.
#: In time: 9 of 10 = 90%: at the ICO's threshold.
PIT_CLOCK = """\
clock:
  - event: transferred
    date: 2026-09-10
    to: Northshire <b>Fire</b> & Rescue
  - event: public-interest-extension
    date: 2026-09-25
    new_target: 2026-10-27
    note: <script>alert("x")</script> & more time
"""


def _hand_made(root: Path) -> Path:
    builder = LogBuilder(root)
    for n in range(10):
        text = variant("reference: NCC/FOI/26/0042", f"reference: NCC/FOI/26/00{n:02d}")
        if n == 8:
            text = variant("responded: 2026-09-28", "responded: 2026-10-23", text) + PIT_CLOCK
        if n == 9:
            text = variant("responded: 2026-09-28", "responded: 2026-09-30", text)
        builder.valid(text, slug=f"ncc-foi-26-00{n:02d}")
    return builder.config


@pytest.fixture(scope="module")
def hand_made_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clock")
    return build(_hand_made(root / "log"), root / "site", today=TODAY)


def test_statistics_split_against_the_ico_target(hand_made_site: Path, sample_site: Path) -> None:
    html = page(hand_made_site, "statistics/").read_text("utf-8")
    section = html.split('id="timeliness-ico"', 1)[1].split("</table>", 1)[0]
    assert "9 of 10 responses (90%) were answered in time: at or above the 90% the ICO expects." in _text(section)
    rows = [_text(r) for r in section.split("<tbody>", 1)[1].split("</tr>")[:-1]]
    assert rows == [
        '<tr><th scope="row">2026</th><td>10</td><td>8</td><td>1</td><td>1</td><td>90%</td>',
        '<tr><th scope="row">All years</th><td>10</td><td>8</td><td>1</td><td>1</td><td>90%</td>',
    ]
    sample = page(sample_site, "statistics/").read_text("utf-8")
    # The sample log: 23 live responses, 16 within 20 working days, FOI-2025-0388 and EIR-2024-0077 extended, 5 late
    # (01/FOI/19/011430, EIR-2020-045, CC-EISR-2022-019, DfE-FOI-2023-0440, DfE-FOI-2025-0101): 18 of 23 = 78%.
    assert "18 of 23 responses (78%) were answered in time: below the 90% the ICO expects." in _text(sample)
    assert '<tr><th scope="row">All years</th><td>23</td><td>16</td><td>2</td><td>5</td><td>78% (below 90%)</td></tr>' in sample
    # The year table above counts the extended response as in time too.
    year_row = html.split("<caption>Responses answered in time, by year</caption>", 1)[1].split("</tr>", 2)[1]
    assert '<th scope="row">2026</th><td>10</td><td>9</td><td>90%</td>' in year_row


def test_hand_made_pages_escape_the_notes(hand_made_site: Path) -> None:
    html = page(hand_made_site, "responses/2026/ncc-foi-26-0008/").read_text("utf-8")
    assert '<script>alert("x")' not in html and "Northshire <b>Fire</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more time" in html
    assert "(to Northshire &lt;b&gt;Fire&lt;/b&gt; &amp; Rescue)" in html
    assert ">38 working days: on time with a permitted extension to 27 October 2026," in html
    late = page(hand_made_site, "responses/2026/ncc-foi-26-0009/").read_text("utf-8")
    assert ">21 working days: late by 1 working day (due by 29 September 2026)</dd>" in late


def test_hand_made_data_rows(hand_made_site: Path) -> None:
    with (hand_made_site / "data" / "responses.csv").open(encoding="utf-8", newline="") as f:
        rows: dict[str, dict[str, Any]] = {row["reference"]: row for row in csv.DictReader(f)}
    assert {ref: row["timeliness"] for ref, row in rows.items()} == {
        **{f"NCC/FOI/26/00{n:02d}": "on-time" for n in range(8)},
        "NCC/FOI/26/0008": "on-time-extended",
        "NCC/FOI/26/0009": "late",
    }
    assert (rows["NCC/FOI/26/0009"]["days_over"], rows["NCC/FOI/26/0009"]["deadline"]) == ("1", "2026-09-29")


@pytest.mark.parametrize(
    ("on_time", "extended", "late", "meets", "shown"),
    [
        (8, 1, 1, True, 90),  # 9 of 10: exactly the target
        (170, 9, 20, False, 89),  # 179 of 199 = 89.95%: not rounded up to the target it misses
        (17, 0, 2, False, 89),  # 17 of 19 = 89.47%
        (1, 0, 7, False, 13),  # 1 of 8 = 12.5%: halves round up below the target
        (0, 0, 0, False, 0),
    ],
)
def test_share_in_time_against_the_target(on_time: int, extended: int, late: int, meets: bool, shown: int) -> None:
    split = TimelinessSplit("2026", on_time, extended, late)
    assert (split.meets_target, split.percent_in_time) == (meets, shown)


def test_feed_entry_says_how_the_clock_was_met(sample_site: Path) -> None:
    feed = (sample_site / "feed.xml").read_text("utf-8")
    assert "33 working days, on time with a permitted extension to 6 January 2025, a regulation 7(1) extension to 40 working days" in feed
