"""Pages that never mislead (issue 19, "Honest pages").

* An exemption applied only to neither confirm nor deny (NCND) is shown as
  such, counted apart, the same way on its page, the exemptions index, the
  statistics and the search filter; never as "No responses published yet".
* Topics are counted by one rule everywhere: only topics with a published
  response; an empty topic is named apart, its page says so, is ``noindex``
  and is not in the sitemap.
* A withdrawn response's notice says once that it was withdrawn, and links to
  the response that replaced it (``withdrawn.superseded_by``, validated).

The small log below is built in code; all data is fictional.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from logbuilder import TODAY, VALID_REFERENCE, VALID_SLUG, LogBuilder, variant
from sitetools import linked_urls, page

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.schema import json_schema
from foilog.site.pipeline import Plan, plan_site
from foilog.site.publish import write_site_maps
from foilog.site.publish.search import NCND_FILTER_SUFFIX, search_records
from foilog.site.stats import compute_statistics

#: Applies s24(2) only to neither confirm nor deny (question 2), on policing technology.
NCND_REFERENCE = "WP/FOI/26/0007"
NCND_YML = f"""\
reference: {NCND_REFERENCE}
title: Use of covert drones
summary: The force said how many drones it owns and neither confirmed nor denied any covert use.
authority: westshire-police
regime: FOIA
received: 2026-08-03
responded: 2026-08-20
outcome: granted-in-part
topics:
  - policing-technology
exemptions:
  - section: s24(2)
    ncnd: true
questions:
  - number: '1'
    question: How many drones does the force own?
    answer: Four.
    outcome: granted-in-full
  - number: '2'
    question: Are any used covertly?
    answer: The force neither confirms nor denies whether it holds this information.
    outcome: neither-confirm-nor-deny
    exemptions:
      - s24(2)
"""

#: Withdrawn; on housing only, so housing has no live response.
WITHDRAWN_REFERENCE = "NCC/FOI/26/0001"
WITHDRAWN_YML = """\
reference: NCC/FOI/26/0001
title: Empty council homes
summary: The council listed its empty homes.
regime: FOIA
received: 2026-01-05
responded: 2026-01-20
outcome: granted-in-full
topics:
  - housing
questions:
  - number: '1'
    question: How many council homes are empty?
    answer: 120.
    outcome: granted-in-full
withdrawn:
  date: 2026-03-01
  reason: The figure counted homes being sold as empty.
"""


def _builder(root: Path, withdrawn: str = WITHDRAWN_YML) -> LogBuilder:
    builder = LogBuilder(root)
    builder.valid()
    builder.response(2026, "wp-foi-26-0007", NCND_YML)
    builder.response(2026, "ncc-foi-26-0001", withdrawn)
    return builder


def _superseded(reference: str) -> str:
    return WITHDRAWN_YML + f"  superseded_by: {reference}\n"


def _plan(builder: LogBuilder) -> Plan:
    plan = plan_site(load_project(builder.config), TODAY)
    assert plan.errors == [], [f.as_text() for f in plan.errors]
    return plan


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return _plan(_builder(tmp_path_factory.mktemp("honest") / "log", _superseded(VALID_REFERENCE)))


def _html(plan: Plan, url: str) -> str:
    return next(p for p in plan.pages if p.url == url).html


# -- NCND -------------------------------------------------------------------------------


def test_exemption_page_says_how_an_ncnd_use_was_made(plan: Plan) -> None:
    html = _html(plan, "exemptions/foia-s24/")
    assert "No responses published yet" not in html
    assert "<dt>Used</dt><dd>in 0 published responses</dd>" in html
    assert "<dt>Applied as neither confirm nor deny</dt><dd>in 1 published response</dd>" in html
    assert "Applied as neither confirm nor deny in 1 published response" in html
    # The response is listed, marked: its own page says as much.
    item = re.search(r"<li><a href=\"[./]*responses/2026/wp-foi-26-0007/\">.*?</li>", html, re.S)
    assert item and "Applied as neither confirm nor deny" in item.group(0)
    assert '<h2 id="responses">Responses (1)</h2>' in html


def test_counted_use_is_not_marked_ncnd(plan: Plan) -> None:
    html = _html(plan, "exemptions/foia-s40/")
    assert "<dt>Used</dt><dd>in 1 published response</dd>" in html
    assert "Applied as neither confirm nor deny</dt>" not in html
    assert VALID_SLUG in html and "foilog-ncnd" not in html


def test_exemptions_index_statistics_and_search_count_ncnd_apart(plan: Plan) -> None:
    index = _html(plan, "exemptions/")
    row = re.search(r'<tr><td>s24</td><td><a href="[^"]*foia-s24/">[^<]*</a></td><td>(\d+)</td><td>(\d+)</td></tr>', index)
    assert row and row.groups() == ("0", "1")
    stats = compute_statistics(plan.indexes)
    assert [(e.exemption.slug, e.responses) for e in stats.exemptions] == [("foia-s40", 1)]
    assert [(e.exemption.slug, e.ncnd) for e in stats.ncnd_exemptions] == [("foia-s24", 1)]
    stats_html = _html(plan, "statistics/")
    counted, ncnd = stats_html.split('id="exemptions-ncnd"', 1)
    counted = counted.split('id="exemptions"', 1)[1]
    assert "foia-s24/" not in counted and "foia-s40/" in counted
    assert re.search(r'foia-s24/">FOIA s24</a></th><td>[^<]*</td><td>1</td>', ncnd)
    filters = {r.response.reference: r.filters["Exemption"] for r in search_records(plan)}
    assert filters[NCND_REFERENCE] == [f"FOIA s24: National security{NCND_FILTER_SUFFIX}"]
    assert filters[VALID_REFERENCE] == ["FOIA s40: Personal information"]


def test_sample_site_lists_the_met_letter_under_s24(sample_site: Path) -> None:
    html = page(sample_site, "exemptions/foia-s24/").read_text("utf-8")
    assert "Applied as neither confirm nor deny in 1 published response" in html
    assert "No responses published yet" not in html
    assert "responses/2019/01-foi-19-011430/" in {u.rsplit("../", 1)[-1] for u in linked_urls(sample_site, "exemptions/foia-s24/")}


# -- topics -----------------------------------------------------------------------------


def test_empty_topic_counted_by_one_rule_everywhere(plan: Plan, tmp_path: Path) -> None:
    """Two topics have responses, housing none (its only response is withdrawn): every page says 2."""
    idx = plan.indexes
    assert idx.topics_with_responses == ["policing-technology", "road-safety"]
    assert idx.empty_topics == ["housing"]
    assert "on 2 topics." in plan.home_html
    assert "on 2 topics" in _html(plan, "statistics/")
    topics = _html(plan, "topics/")
    listed = re.findall(r'<li><a href="[^"]*topics/([a-z-]+)/">', topics)
    assert listed == ["policing-technology", "road-safety"]
    assert "(0)" not in topics
    assert re.search(r'Topics with no published responses yet: <a href="[^"]*topics/housing/">Housing</a>\.', topics)
    search = _html(plan, "search/")
    browse = search.split('id="browse-topics"', 1)[1].split('id="browse-years"', 1)[0]
    listed_browse, apart = browse.split("Topics with no published responses yet:", 1)
    assert re.findall(r'topics/([a-z-]+)/"', listed_browse) == ["policing-technology", "road-safety"]
    assert re.findall(r'topics/([a-z-]+)/"', apart) == ["housing"]
    assert {v for r in search_records(plan) for v in r.filters.get("Topic", [])} == {"Road safety", "Policing technology"}
    # The empty topic's page says so, and is kept from search engines and the sitemap.
    housing = next(p for p in plan.pages if p.url == "topics/housing/")
    assert housing.noindex and "No responses published yet." in housing.html
    assert not next(p for p in plan.pages if p.url == "topics/road-safety/").noindex
    site = tmp_path / "site"
    for p in plan.pages:
        (site / p.url).mkdir(parents=True, exist_ok=True)
        (site / p.url / "index.html").write_text("<html></html>", encoding="utf-8")
    write_site_maps(plan, site, site_url="https://log.example/")
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "https://log.example/topics/road-safety/" in sitemap
    assert "topics/housing/" not in sitemap


def test_sample_site_home_and_topics_agree(sample_site: Path, sample_log) -> None:
    home = page(sample_site, "").read_text("utf-8")
    n = int(re.search(r"on (\d+) topics\.", home).group(1))
    topics = page(sample_site, "topics/").read_text("utf-8")
    listed = re.findall(r'<li><a href="\.\./topics/([a-z-]+)/">', topics)
    assert len(listed) == n
    assert '<span class="foilog-count">(0)</span>' not in topics
    empty = set(sample_log.topics) - set(listed)
    assert empty, "the sample log has a topic with no published response"
    for topic_id in empty:
        assert f'href="../topics/{topic_id}/"' in topics.split("Topics with no published responses yet:", 1)[1]
        assert '<meta name="robots" content="noindex">' in page(sample_site, f"topics/{topic_id}/").read_text("utf-8")
        assert f"topics/{topic_id}/" not in (sample_site / "sitemap.xml").read_text("utf-8")
    statistics = page(sample_site, "statistics/").read_text("utf-8")
    assert f"on {n} topics" in statistics


# -- withdrawn responses ----------------------------------------------------------------


def test_withdrawal_notice_says_it_once_and_links_the_replacement(plan: Plan) -> None:
    html = _html(plan, "responses/2026/ncc-foi-26-0001/")
    text = re.sub(r"<[^>]+>", "", html)
    assert text.count("withdrawn") == 1, text
    assert "The figure counted homes being sold as empty." in text
    assert f'<a href="../../../responses/2026/{VALID_SLUG}/">Gritting routes on rural roads</a> ({VALID_REFERENCE})' in html
    corrections = _html(plan, "corrections/")
    assert f'Replaced by <a href="../responses/2026/{VALID_SLUG}/">' in corrections


def test_notice_without_replacement_has_no_link(tmp_path: Path) -> None:
    plan = _plan(_builder(tmp_path / "log"))
    html = _html(plan, "responses/2026/ncc-foi-26-0001/")
    assert "replaced" not in html and "Its content has been removed." in html


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "NCC/FOI/26/0043",
            r"no response has the reference 'NCC/FOI/26/0043' \(write the replacement's reference exactly as in its response.yml\); did you mean 'NCC/FOI/26/0042'",
        ),
        (WITHDRAWN_REFERENCE, r"is this response's own reference"),
        ("WP/FOI/26/0099", r"'WP/FOI/26/0099' \(responses/2026/wp-foi-26-0099/response.yml\) is withdrawn too"),
        ("WP/FOI/26/0100", r"'WP/FOI/26/0100' \(responses/2026/wp-foi-26-0100/response.yml\) is not published until 2027-01-04"),
    ],
)
def test_superseded_by_must_name_a_live_published_response(tmp_path: Path, target: str, message: str) -> None:
    builder = _builder(tmp_path / "log", _superseded(target))
    gone = variant(VALID_REFERENCE, "WP/FOI/26/0099") + "withdrawn:\n  date: 2026-10-01\n  reason: Wrong.\n"
    builder.valid(gone, slug="wp-foi-26-0099")
    builder.valid(variant(VALID_REFERENCE, "WP/FOI/26/0100") + "publish_after: 2027-01-04\n", slug="wp-foi-26-0100")
    log = load_log(load_project(builder.config), TODAY)
    errors = [f for f in log.errors if f.field == "withdrawn.superseded_by"]
    assert len(errors) == 1, [f.as_text() for f in log.errors]
    error = errors[0]
    assert error.path == "responses/2026/ncc-foi-26-0001/response.yml"
    assert error.line == textwrap.dedent(_superseded(target)).splitlines().index(f"  superseded_by: {target}") + 1
    assert re.search(message, error.message), error.message


def test_schema_documents_superseded_by() -> None:
    withdrawal = json_schema()["$defs"]["Withdrawal"]["properties"]
    assert "superseded_by" in withdrawal and "replaces it" in withdrawal["superseded_by"]["description"]
    assert "superseded_by" not in json_schema()["$defs"]["Withdrawal"].get("required", [])
