"""Reviews and appeals on the site: the response page's history and changed questions, /reviews/, /decision-notices/, feeds, navigation.

The sample log's FOI-2024-0519 (review overturned, fee released afterwards) and
FOI-2023-0902 (review upheld, ICO decision notice partly upheld, minutes released
after the appeal) are checked in the built site; rules about wording, timeliness
and escaping use small logs built in code and rendered without MkDocs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET
from logbuilder import TODAY, VALID_YML, LogBuilder, variant
from sitetools import page

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.model import Log, Response
from foilog.site.indexes import build_indexes
from foilog.site.render.pages import GeneratedPage, Renderer
from foilog.site.render.review_pages import index_pages
from foilog.site.review_lists import decision_notices, history_events, reviewed

ATOM = "{http://www.w3.org/2005/Atom}"

REVIEW = """\
review:
  requested: 2026-10-01
  responded: {responded}
  outcome: upheld
  summary: {summary}
"""


def _text(html: str) -> str:
    """The page's text, tags removed and spaces collapsed, for reading sentences across elements."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").replace(" ,", ",").replace(" :", ":").replace(" )", ")")


def _load(builder: LogBuilder) -> Log:
    log = load_log(load_project(builder.config), TODAY)
    assert not log.errors, [f.as_text() for f in log.errors]
    return log


def _render(builder: LogBuilder) -> tuple[Renderer, Response]:
    log = _load(builder)
    return Renderer(log, build_indexes(log)), log.responses[0]


def _index(renderer: Renderer, url: str) -> GeneratedPage:
    return next(p for p in index_pages(renderer) if p.url == url)


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


# -- the sample log, built -------------------------------------------------------------------------


def test_overturned_review_and_release_on_the_response_page(sample_site: Path) -> None:
    html = page(sample_site, "responses/2024/foi-2024-0519/").read_text("utf-8")
    text = _text(html)
    assert '<h2 id="review-and-appeal">Review and appeal</h2>' in html
    assert "Requested 15 July 2024" in text
    assert "Result sent 9 August 2024" in text
    assert "Outcome Original decision overturned" in text
    # 16 July to 9 August 2024 is 19 weekdays, less Scotland's summer bank holiday (5 August): FOIA counts every UK holiday.
    assert "Time taken 18 working days: in time. The limit is 20 working days (section 45 Code of Practice, paragraph 5.4)." in text
    # The changed question: a dated entry in the question's own section, with the new outcome and what was released.
    question = html[html.index('id="q1"') : html.index('id="review-and-appeal"')]
    assert "Changed after internal review on" in question
    assert '<time datetime="2024-08-09">9 August 2024</time>' in question
    assert "foilog-outcome--granted-in-full" in question
    assert "originally refused" in _text(question)
    assert "The council paid £148,500 (excluding VAT)" in question


def test_appeal_with_decision_notice_on_the_response_page(sample_site: Path) -> None:
    html = page(sample_site, "responses/2023/foi-2023-0902/").read_text("utf-8")
    text = _text(html)
    # The facts at the top point to the history and to the question that changed.
    assert (
        '<dt>Review and appeal</dt><dd><a href="#review-and-appeal">Internal review: original decision upheld; '
        'complaint to the ICO: partly upheld</a>. Outcome changed afterwards for question <a href="#q1">1</a></dd>'
    ) in html
    assert '"dateModified":"2024-03-27"' in html  # search engines see the page changed with the release
    assert "Complaint to the Information Commissioner&#39;s Office" in html
    assert "Case reference IC-251043-K8P3" in text
    assert '<a href="https://ico.example/decision-notices/ic-251043-k8p3/">IC-251043-K8P3</a>' in html
    assert "Decided 21 February 2024" in text
    assert "Outcome Complaint partly upheld" in text
    assert "Steps ordered Disclose the minutes of the board" in text
    assert "Outcome Original decision upheld" in text  # the review before it
    assert "Changed after appeal on 27 March 2024" in text
    assert "foilog-outcome--granted-in-part" in html[html.index('id="q1"') : html.index('id="review-and-appeal"')]


def test_response_without_review_has_no_history(sample_site: Path) -> None:
    html = page(sample_site, "responses/2019/01-foi-19-011430/").read_text("utf-8")
    assert "review-and-appeal" not in html
    assert "foilog-change" not in html
    assert "<dt>Review and appeal</dt>" not in html


def test_reviews_index_lists_latest_review_first(sample_site: Path) -> None:
    html = page(sample_site, "reviews/").read_text("utf-8")
    text = _text(html)
    first, second = html.index("FOI-2024-0519"), html.index("FOI-2023-0902")
    assert first < second
    assert '<a href="../responses/2024/foi-2024-0519/#review-and-appeal">' in html
    assert "Original decision overturned 18 working days, in time (limit 20)" in text
    assert "Original decision upheld 17 working days, in time (limit 20)" in text
    assert "EIR 40 (EIR regulation 11(4))" in text and "FOISA 20 (FOISA section 21(1))" in text
    assert '<link rel="alternate" type="application/atom+xml"' in html and "reviews/feed.xml" in html


def test_decision_notices_index_links_notice_and_response(sample_site: Path) -> None:
    html = page(sample_site, "decision-notices/").read_text("utf-8")
    assert '<a href="https://ico.example/decision-notices/ic-251043-k8p3/">IC-251043-K8P3</a>' in html
    assert '<a href="../responses/2023/foi-2023-0902/#review-and-appeal">Minutes of the digital transformation board</a>' in html
    assert "Complaint partly upheld" in html
    assert "FOI-2024-0519" not in html  # reviewed, but never appealed


def test_navigation_lists_the_new_pages(sample_site: Path) -> None:
    html = page(sample_site, "corrections/").read_text("utf-8")
    nav = html[html.index("Corrections and withdrawals") :]
    assert nav.index("Internal reviews") < nav.index("Decision notices")
    assert 'href="../reviews/"' in html and 'href="../decision-notices/"' in html


def test_feeds_announce_review_results_decisions_and_changes(sample_site: Path) -> None:
    feed = SafeET.fromstring((sample_site / "reviews" / "feed.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Consultancy costs of the library service review",
        "Minutes of the digital transformation board",
    ]
    assert entries[0].findtext(f"{ATOM}updated") == "2024-08-09T00:00:00Z"
    content = entries[0].findtext(f"{ATOM}content") or ""
    assert "<li>9 August 2024: Internal review result: original decision overturned</li>" in content
    assert "<li>9 August 2024: Question 1 changed after internal review: now granted in full</li>" in content
    notices = SafeET.fromstring((sample_site / "decision-notices" / "feed.xml").read_bytes())
    (entry,) = notices.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}updated") == "2024-03-27T00:00:00Z"  # the release after the decision
    assert "(decision notice IC-251043-K8P3): complaint partly upheld" in (entry.findtext(f"{ATOM}content") or "")
    # The site feed's entry is updated too, so readers see the change.
    site = SafeET.fromstring((sample_site / "feed.xml").read_bytes())
    updated = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in site.findall(f"{ATOM}entry")}
    assert updated["Minutes of the digital transformation board"] == "2024-03-27T00:00:00Z"


def test_sitemap_lastmod_follows_the_history(sample_log: Log) -> None:
    from foilog.site.publish.sitemap import response_lastmod

    r = next(r for r in sample_log.responses if r.reference == "FOI-2023-0902")
    assert response_lastmod(r).isoformat() == "2024-03-27"  # the release after the ICO's decision, not the response (30 May 2023)


def test_sample_lists(sample_log: Log) -> None:
    live = build_indexes(sample_log).live
    assert [r.reference for r in reviewed(live)] == ["FOI-2024-0519", "FOI-2023-0902"]
    assert [(r.reference, a.decision_notice) for r, a in decision_notices(live)] == [("FOI-2023-0902", "IC-251043-K8P3")]
    r = next(r for r in live if r.reference == "FOI-2023-0902")
    assert [(e.date.isoformat(), e.text) for e in history_events(r)] == [
        ("2023-06-20", "Internal review requested"),
        ("2023-07-14", "Internal review result: original decision upheld"),
        (
            "2024-02-21",
            "Information Commissioner's Office decided case IC-251043-K8P3 (decision notice IC-251043-K8P3): complaint partly upheld",
        ),
        ("2024-03-27", "Question 1 changed after appeal: now granted in part"),
    ]


# -- small logs, rendered --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("responded", "expected"),
    [
        # 1 October 2026 + 20 working days (no holiday in October) = 29 October.
        ("2026-10-29", "Time taken 20 working days: in time."),
        ("2026-10-30", "Time taken 21 working days: late (due by 29 October 2026)."),
    ],
)
def test_review_time_against_the_limit(builder: LogBuilder, responded: str, expected: str) -> None:
    builder.valid(VALID_YML + REVIEW.format(responded=responded, summary="The reviewer agreed."))
    renderer, r = _render(builder)
    assert expected in _text(renderer.response_html(r))
    row = _text(_index(renderer, "reviews/").html)
    assert ("20 working days, in time" if responded.endswith("29") else "21 working days, late") in row


def test_open_review_and_open_appeal(builder: LogBuilder) -> None:
    yml = VALID_YML + "review:\n  requested: 2026-11-02\nappeals:\n  - regulator: ICO\n    case_reference: IC-000111-X1Y2\n"
    builder.valid(yml)
    renderer, r = _render(builder)
    text = _text(renderer.response_html(r))
    assert "Outcome Not decided yet: the review is open" in text
    # 2 November 2026 + 20 working days: 30 November is St Andrew's Day, a Scottish bank holiday that FOIA skips too.
    assert "Time taken due by 1 December 2026." in text
    assert "Decided Not yet: the case is open" in text
    assert "Decision notice" not in text
    assert "Open" in _text(_index(renderer, "reviews/").html)
    assert "No complaint about a published response has ended in a decision notice yet." in _index(renderer, "decision-notices/").html


def test_empty_indexes(builder: LogBuilder) -> None:
    builder.valid()
    renderer, _ = _render(builder)
    assert "No published response has had an internal review yet." in _index(renderer, "reviews/").html
    assert "<table>" not in _index(renderer, "decision-notices/").html


def test_user_text_is_escaped_and_released_markdown_sanitised(builder: LogBuilder) -> None:
    yml = variant(
        "    outcome: refused\n",
        "    outcome: refused\n"
        "    changed_after:\n"
        "      stage: appeal\n"
        "      date: 2026-11-20\n"
        "      outcome: granted-in-full\n"
        "      released: |\n"
        "        **Names released.** <script>alert('released')</script>\n"
        "        <img src=x onerror=alert(2)>\n",
    )
    yml += REVIEW.format(responded="2026-10-20", summary="'<script>alert(\"summary\")</script>'")
    yml += (
        "appeals:\n"
        "  - regulator: ICO\n"
        "    case_reference: '\"><b>case</b>'\n"
        "    decision_notice: IC-1<i>2</i>\n"
        '    url: https://ico.example/x"onmouseover="alert(3)\n'
        "    decided: 2026-11-18\n"
        "    outcome: upheld\n"
        "    steps: '<iframe src=\"https://evil.example\"></iframe>'\n"
        "    tribunal_reference: EA/2026/0001<u>\n"
    )
    builder.valid(yml)
    renderer, r = _render(builder)
    html = renderer.response_html(r) + _index(renderer, "decision-notices/").html + _index(renderer, "reviews/").html
    assert "<strong>Names released.</strong>" in html  # Markdown, converted
    for raw in ("<script", "<img", "onerror", "<iframe", "<b>case", "<i>2", "<u>", '"onmouseover'):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(&#34;summary&#34;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;b&gt;case&lt;/b&gt;" in html
    assert 'href="https://ico.example/x&#34;onmouseover=&#34;alert(3)"' in html


def test_released_text_that_cannot_be_converted_is_a_finding(builder: LogBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like an answer, released Markdown the converter refuses stops the build with a finding at its line, never a traceback."""
    from foilog.site.render import review_pages
    from foilog.site.render.pages import RenderRefused
    from foilog.site.render.safe_markdown import MarkdownRefused

    def refuse(text: str, *, id_prefix: str = "") -> str:
        raise MarkdownRefused("the text took too long to convert; simplify it")

    yml = variant(
        "    outcome: refused\n",
        "    outcome: refused\n    changed_after:\n      stage: review\n      date: 2026-10-20\n      outcome: granted-in-full\n      released: Names.\n",
    )
    builder.valid(yml + REVIEW.format(responded="2026-10-20", summary="Overturned.").replace("upheld", "overturned"))
    renderer, r = _render(builder)
    monkeypatch.setattr(review_pages._released_md, "convert", refuse)
    with pytest.raises(RenderRefused) as caught:
        renderer.response_html(r)
    finding = caught.value.finding
    assert finding.field == "questions[1].changed_after.released"
    assert finding.line == 26
    assert finding.message == "the text took too long to convert; simplify it"


def test_long_lists_are_paginated(tmp_path: Path) -> None:
    from logbuilder import DEFAULT_OPTIONS

    builder = LogBuilder(tmp_path / "project", options={**DEFAULT_OPTIONS, "per_page": 10})
    for n in range(11):
        yml = variant("reference: NCC/FOI/26/0042", f"reference: NCC/FOI/26/{n:04d}")
        yml += REVIEW.format(responded=f"2026-10-{10 + n}", summary="Upheld.")
        yml += f"appeals:\n  - regulator: ICO\n    case_reference: IC-{n:06d}\n    decision_notice: IC-{n:06d}\n    decided: 2026-11-{10 + n}\n    outcome: not-upheld\n"
        builder.valid(yml, slug=f"ncc-foi-26-{n:04d}")
    renderer, _ = _render(builder)
    pages = {p.url: p for p in index_pages(renderer)}
    assert sorted(pages) == ["decision-notices/", "decision-notices/page/2/", "reviews/", "reviews/page/2/"]
    first, second = pages["reviews/"], pages["reviews/page/2/"]
    assert first.html.count("<tr>") - 1 == 10 and second.html.count("<tr>") - 1 == 1
    assert "NCC/FOI/26/0010" in first.html  # the latest review (20 October) first
    assert "NCC/FOI/26/0000" in second.html
    assert "(page 2 of 2, 11 in all)" in second.html
    assert '<a href="../../../reviews/">1</a>' in second.html  # the pager, relative to page 2
    assert second.title == "Internal reviews (page 2 of 2)"
    assert [c.label for c in second.crumbs] == ["Home", "Internal reviews", "Page 2"]
    assert second.feed == "reviews/feed.xml"
    assert "IC-000000" in pages["decision-notices/page/2/"].html
