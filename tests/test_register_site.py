"""The register on the site: /register/ pages, /data/requests.csv and the statistics page's coverage, worked by hand."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from logbuilder import TODAY, VALID_YML, LogBuilder, variant
from sitetools import build, page

from foilog.log.requests import REGISTER_COLUMNS, RequestRecord
from foilog.site.register_view import coverage


def _text(path: Path) -> str:
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# -- the sample log --------------------------------------------------------------------------------


def test_register_page_lists_every_closed_request(sample_site: Path) -> None:
    source = page(sample_site, "register/").read_text("utf-8")
    text = _text(page(sample_site, "register/"))
    assert "Requests (32)" in text
    # Published responses link to their page; register rows are not links.
    assert '<th scope="row"><a href="../responses/2025/foi-2025-0388/">FOI-2025-0388</a></th>' in source
    assert '<th scope="row">FOI-2025-0152</th>' in source
    assert "Not published: the requester withdrew the request" in text
    # Newest first, the oldest (2019-11-07) last; the embargoed response FOI/2026/0917 is not shown before its day.
    references = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', source)
    assert references[0] == "CC-FOISA-2026-015" and references[-1] == "FOI/2019/0456" and len(references) == 32
    # A response withdrawn after publication leaves every list of the site, this one too (it is in /corrections/).
    assert "FOI-2022-00088" not in source and "foi-2022-00088" not in source
    assert '<a href="../register/2025/">2025</a>' in source
    assert "Register of requests" in page(sample_site, "statistics/").read_text("utf-8")  # the navigation


def test_register_year_page_shows_the_clock(sample_site: Path) -> None:
    text = _text(page(sample_site, "register/2025/"))
    assert "Requests (14)" in text
    # EIR-2025-0301: received 14 July, regulation 7 extension, answered 28 August: 31 working days, in the 40 allowed.
    assert (
        "EIR-2025-0301 EIR 14 July 2025 28 August 2025 Granted in part 31 working days: on time with a permitted extension "
        "Not published: publishing it would identify the requester"
    ) in text
    # FOI-2025-0152: withdrawn by the requester, no outcome; 13-20 March 2025 is 5 working days, not 6: 17 March
    # (St Patrick's Day) is a bank holiday in Northern Ireland, which stops the FOIA clock everywhere.
    assert "FOI-2025-0152 FOIA 12 March 2025 20 March 2025 Withdrawn by the requester 5 working days: on time" in text


def test_register_shows_no_text_of_a_response(sample_site: Path, sample_log) -> None:
    source = page(sample_site, "register/").read_text("utf-8")
    for r in sample_log.responses:
        assert html.escape(r.data.title, quote=False) not in source


def test_requests_csv(sample_site: Path) -> None:
    rows = _rows(sample_site / "data" / "requests.csv")
    assert len(rows) == 32 and {"FOI/2026/0917", "FOI-2022-00088"}.isdisjoint(row["reference"] for row in rows)
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference["FOI-2025-0107"] == {
        "reference": "FOI-2025-0107",
        "authority": "northshire-council",
        "regime": "FOIA",
        "received": "2025-02-10",
        "responded": "2025-03-06",
        "outcome": "refused",
        "working_days": "18",
        "deadline": "2025-03-10",
        "timeliness": "on-time",
        "days_over": "0",
        "review_outcome": "upheld",
        "appealed": "true",
        "published": "false",
        "not_published_reason": "personal-data",
        "published_on": "",
        "url": "",
    }
    published = by_reference["FOI-2025-0388"]
    assert (published["published"], published["not_published_reason"], published["published_on"], published["timeliness"]) == (
        "true",
        "",
        "2025-04-24",
        "on-time-extended",
    )
    assert published["url"].endswith("/responses/2025/foi-2025-0388/")
    assert by_reference["FOI-2025-0152"]["outcome"] == ""
    package = json.loads((sample_site / "data" / "datapackage.json").read_text("utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "requests")
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0])
    assert resource["schema"]["primaryKey"] == ["reference"]


def test_coverage_of_the_sample_worked_by_hand(sample_site: Path) -> None:
    """32 closed: the 23 live responses (the withdrawn FOI-2022-00088 and the embargoed FOI/2026/0917 are not shown:
    one has left every list, the other is not public before its publish_after day) + 9 register rows.

    Published: the 23 live = 23, 23/32 = 71.9% -> 72%. No published response of the sample
    has an embargo that has passed, so each was published on its response date: median 0 calendar days.
    Not published: personal-data 3 (FOI-2025-0107, FOI-2025-0520, CC-FOISA-2025-130), withdrawn 1, vexatious 1,
    duplicate 2 (FOI-2025-0231, CC-EISR-2025-044), identifying-requester 1, embargoed 1 (FOI-2025-0414, a register row).
    3 + 1 + 1 + 2 + 1 + 1 = 9; 3/32 = 9.4% -> 9%, 1/32 = 3.1% -> 3%, 2/32 = 6.25% -> 6%.
    """
    text = _text(page(sample_site, "statistics/"))
    assert "of its 32 requests, 23 (72%) have a published response." in text
    assert "The median time from the response to its publication is 0 calendar days (calendar days, not working days" in text
    for line in (
        "Published 23 72%",
        "Not published: the answer was the requester's or someone else's personal data 3 9%",
        "Not published: the requester withdrew the request 1 3%",
        "Not published: refused as vexatious 1 3%",
        "Not published: a repeat of a request already answered 2 6%",
        "Not published: publishing it would identify the requester 1 3%",
        "Not published yet: held back until a later date 1 3%",
        "All closed requests 32 100%",
    ):
        assert line in text


# -- coverage and paging, worked by hand on a small log ----------------------------------------------------


def _record(reference: str, responded: dt.date, published_on: dt.date | None, reason: str | None = None) -> RequestRecord:
    return RequestRecord(
        reference=reference,
        authority="a",
        regime="FOIA",
        received=responded - dt.timedelta(days=20),
        responded=responded,
        outcome="granted-in-full",
        exemptions=(),
        clock=(),
        review=None,
        appeals=(),
        published=published_on is not None,
        not_published_reason=reason,
        source="x",
        published_on=published_on,
    )


def test_coverage_median_of_calendar_days() -> None:
    day = dt.date(2026, 3, 2)
    records = [
        _record("A", day, day),  # 0 days
        _record("B", day, day + dt.timedelta(days=3)),  # 3
        _record("C", day, day + dt.timedelta(days=10)),  # 10
        _record("D", day, day + dt.timedelta(days=20)),  # 20
        _record("E", day, None, "vexatious"),
    ]
    c = coverage(records)
    assert (c.closed, c.published, c.median_days_to_publish, c.not_published) == (5, 4, 6.5, (("vexatious", 1),))
    assert c.share == 0.8
    assert coverage([]).share is None and coverage([]).median_days_to_publish is None


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two responses (one published 10 days after its response, one on the day) and 11 register rows; 10 a page."""
    root = tmp_path_factory.mktemp("register")
    builder = LogBuilder(root / "log", options={"authority": "a", "authorities": [{"id": "a", "name": "A Council"}], "per_page": 10})
    builder.topic("road-safety", "Road safety", "Roads.")
    late = variant("responded: 2026-09-28\n", "responded: 2026-09-28\npublish_after: 2026-10-08\n")
    builder.valid(late)
    other = variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0043 <b>&", VALID_YML)
    builder.valid(other, slug="ncc-foi-26-0043-b")
    (builder.root / "register").mkdir()
    rows = [f"R-{n:02d},,FOIA,2026-0{n % 9 + 1}-01,2026-0{n % 9 + 1}-20,refused,s40(2),,,,,,,,,,no,personal-data" for n in range(1, 12)]
    (builder.root / "register" / "2026.csv").write_text(",".join(REGISTER_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return build(builder.config, root / "site", TODAY, strict=False)


def test_the_register_is_paginated(paged_site: Path) -> None:
    first = _text(page(paged_site, "register/"))
    second = page(paged_site, "register/page/2/")
    assert "Requests (13)" in first and "Showing 1 to 10." in first
    assert "Register of requests (page 2 of 2)" in second.read_text("utf-8")
    assert "Showing 11 to 13." in _text(second)
    assert page(paged_site, "register/2026/page/2/").is_file()


def test_a_reference_is_escaped(paged_site: Path) -> None:
    source = page(paged_site, "register/").read_text("utf-8")
    assert "NCC/FOI/26/0043 &lt;b&gt;&amp;</a>" in source and "<b>&" not in source


def test_coverage_of_the_small_log(paged_site: Path) -> None:
    """13 closed, 2 published (15%); published 0 and 10 calendar days after the response: median 5."""
    text = _text(page(paged_site, "statistics/"))
    assert (
        "of its 13 requests, 2 (15%) have a published response. The median time from the response to its publication is 5 calendar days"
        in text
    )
    rows = {row["reference"]: row for row in _rows(paged_site / "data" / "requests.csv")}
    assert rows["NCC/FOI/26/0042"]["published_on"] == "2026-10-08"
    assert rows["R-01"]["authority"] == "a"
