"""Related requests on the site: both directions of each relation, series pages, what is never linked."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from logbuilder import LogBuilder
from logbuilder import load_built as load
from relatedtools import add

from foilog.site.indexes import build_indexes
from foilog.site.related import SERIES_MIN, build_relations
from foilog.site.render.pages import Renderer

TODAY = dt.date(2026, 11, 26)


def text(markup: str) -> str:
    """The page's text, tags dropped and spaces collapsed, for plain assertions."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


@pytest.fixture
def series_log(tmp_path: Path) -> LogBuilder:
    b = LogBuilder(tmp_path / "project")
    add(b, "FOI-2024-1", "2024-02-01", title="Potholes in 2023", questions=("How many potholes in 2023?", "How many repaired?"))
    add(
        b,
        "FOI-2025-1",
        "2025-02-01",
        title="Potholes in 2024",
        questions=("How many potholes in 2024?", "How many repaired?"),
        related=(("updates", "FOI-2024-1", "The 2023 figures."),),
    )
    add(
        b,
        "FOI-2026-1",
        "2026-02-01",
        title="Potholes in 2025",
        questions=("How many potholes in 2025?",),
        related=(("repeat_of", "FOI-2025-1"),),
    )
    add(
        b, "FOI-2026-2", "2026-03-01", title="Road repairs budget", related=(("refers_to", "FOI-2024-1", "Published figures <b>2023</b>."),)
    )
    return b


def renderer(b: LogBuilder) -> Renderer:
    log = load(b, TODAY)
    assert log.errors == []
    return Renderer(log, build_indexes(log))


def response_html(r: Renderer, reference: str) -> str:
    (response,) = [x for x in r.idx.live if x.reference == reference]
    return r.response_html(response)


def test_each_relation_shows_at_both_ends(series_log: LogBuilder) -> None:
    r = renderer(series_log)
    first = text(response_html(r, "FOI-2024-1"))
    assert "Later updated Potholes in 2024 FOI-2025-1 · 1 February 2025 Note on FOI-2025-1: The 2023 figures." in first
    assert "Referred to by Road repairs budget FOI-2026-2" in first
    middle = text(response_html(r, "FOI-2025-1"))
    assert "Asked before Potholes in 2023 FOI-2024-1 · 1 February 2024 The 2023 figures." in middle
    assert "Asked again Potholes in 2025 FOI-2026-1" in middle
    assert "Refers to Potholes in 2023 FOI-2024-1" in text(response_html(r, "FOI-2026-2"))
    assert '<section class="foilog-related" aria-labelledby="related" data-pagefind-ignore>' in response_html(r, "FOI-2026-2")


def test_notes_are_escaped(series_log: LogBuilder) -> None:
    page = response_html(renderer(series_log), "FOI-2026-2")
    assert "Published figures &lt;b&gt;2023&lt;/b&gt;." in page and "<b>2023" not in page


def test_a_chain_of_three_is_a_series_with_its_page(series_log: LogBuilder) -> None:
    r = renderer(series_log)
    (series,) = r.idx.related.series
    assert [x.reference for x in series.responses] == ["FOI-2024-1", "FOI-2025-1", "FOI-2026-1"]
    assert series.url == "series/foi-2024-1/"
    pages = {p.url: p for p in r.all_pages() if p.kind in ("series", "series-index")}
    assert set(pages) == {"series/", "series/foi-2024-1/"}
    page = text(pages["series/foi-2024-1/"].html)
    assert "Responses (3)" in page
    # Side by side: question 1 in each response's own wording, question 2 not asked in 2026.
    assert "Question 1 How many potholes in 2023? Answer 1 of FOI-2024-1. How many potholes in 2024? Answer 1 of FOI-2025-1." in page
    assert "Question 2 How many repaired? Answer 2 of FOI-2024-1. How many repaired? Answer 2 of FOI-2025-1. Not asked" in page
    assert "series/foi-2024-1/" in pages["series/"].html
    # Each member links its series; the response that only refers to one is not in it.
    assert "../../../series/foi-2024-1/" in response_html(r, "FOI-2025-1")
    assert "series/" not in response_html(r, "FOI-2026-2")
    assert 'href="series/">Requests asked again (series)' in r.home_sections()


def test_two_responses_are_not_a_series(tmp_path: Path) -> None:
    assert SERIES_MIN == 3
    b = LogBuilder(tmp_path / "project")
    add(b, "FOI-2024-1", "2024-02-01")
    add(b, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-1"),))
    r = renderer(b)
    assert r.idx.related.series == []
    index = next(p for p in r.all_pages() if p.url == "series/")
    assert "No series yet" in index.html
    assert "Later updated" in text(response_html(r, "FOI-2024-1"))
    assert "series/" not in r.home_sections()  # no link to an empty index


def test_embargoed_and_withdrawn_responses_are_never_linked(tmp_path: Path) -> None:
    b = LogBuilder(tmp_path / "project")
    add(b, "FOI-2026-1", "2026-11-01", extra="publish_after: 2026-12-15\n")
    add(b, "FOI-2025-9", "2025-02-01", extra="withdrawn:\n  date: 2025-03-01\n  reason: Wrong figures.\n")
    add(b, "FOI-2026-2", "2026-11-10", related=(("refers_to", "FOI-2026-1"), ("updates", "FOI-2025-9")))
    log = load(b, TODAY)
    assert log.errors == [] and len(log.findings) == 2  # the two warnings of foilog.log.related
    r = Renderer(log, build_indexes(log))
    page = response_html(r, "FOI-2026-2")
    assert "Related requests" not in page and "foi-2026-1" not in page and "foi-2025-9" not in page
    # Once the embargo ends, the link appears.
    later = load(b, dt.date(2026, 12, 16))
    relations = build_relations(build_indexes(later).live)
    (link,) = [link for links in relations.links.values() for link in links if link.written_here]
    assert link.other.reference == "FOI-2026-1" and link.heading == "Refers to"


def test_a_relation_written_at_both_ends_is_shown_once(tmp_path: Path) -> None:
    b = LogBuilder(tmp_path / "project")
    add(b, "FOI-2025-1", "2025-02-01", related=(("same_question_as", "FOI-2025-2"),))
    add(b, "FOI-2025-2", "2025-02-03", related=(("same_question_as", "FOI-2025-1"),))
    page = text(response_html(renderer(b), "FOI-2025-1"))
    assert page.count("FOI-2025-2 ·") == 1 and "Same question" in page


def test_a_rebuild_notices_a_relation_written_in_another_response(tmp_path: Path) -> None:
    """FOI-2025-0029's page shows the note written in FOI-2026-0027: changing that note rebuilds it (foilog.site.related_deps)."""
    from sitetools import build, copy_sample_project

    project = copy_sample_project(tmp_path / "project", search_part_size=4)
    site = build(project, tmp_path / "site", strict=True)
    page = site / "responses/2025/foi-2025-0029/index.html"
    assert "Note on FOI-2026-0027: The same figures for 2024." in page.read_text("utf-8")
    yml = project.parent / "responses/2026/foi-2026-0027/response.yml"
    yml.write_text(yml.read_text("utf-8").replace("The same figures for 2024.", "Last year's figures."), encoding="utf-8")
    build(project, site, strict=True)
    assert "Note on FOI-2026-0027: Last year&#39;s figures." in page.read_text("utf-8")
    fresh = build(project, tmp_path / "fresh", strict=True)
    assert page.read_bytes() == (fresh / "responses/2025/foi-2025-0029/index.html").read_bytes()


def test_an_acknowledged_text_in_a_series_answer_passes_the_sweep(tmp_path: Path) -> None:
    """A series page shows answers of several responses; one response's acknowledgement still holds for its own lines there."""
    from sitetools import build

    b = LogBuilder(tmp_path / "project")
    ack = "acknowledgements:\n  - text: jo.bloggs@example.com\n    reason: The roads team's public address (fictional).\n"
    add(b, "FOI-2024-1", "2024-02-01")
    folder = add(b, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-1"),), extra=ack)
    yml = folder / "response.yml"
    yml.write_text(yml.read_text("utf-8").replace("Answer 1 of FOI-2025-1.", "Write to **jo.bloggs@example.com** for them."), "utf-8")
    add(b, "FOI-2026-1", "2026-02-01", related=(("updates", "FOI-2025-1"),))
    site = build(b.config, tmp_path / "site", today=TODAY, strict=True)
    series = (site / "series/foi-2024-1/index.html").read_text("utf-8")
    assert "<p>Write to **jo.bloggs@example.com** for them.</p>" in series  # as typed, for the sweep to match
    assert "<p>Answer 1 of FOI-2024-1.</p>" in series  # others are rendered Markdown as usual
