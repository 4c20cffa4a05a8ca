"""Statistics of internal reviews and appeals: counted by hand on the sample log and on a log built in code."""

from __future__ import annotations

import re
from pathlib import Path

from logbuilder import TODAY, VALID_YML, LogBuilder, variant
from sitetools import page

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.model import Log
from foilog.site.review_stats import compute_review_statistics


def test_sample_log_counted_by_hand(sample_log: Log) -> None:
    stats = compute_review_statistics(sample_log.published())
    # FOI-2024-0519 (overturned, 15 Jul -> 9 Aug 2024: 18 working days; 5 Aug is a Scottish bank holiday) and
    # FOI-2023-0902 (upheld, 20 Jun -> 14 Jul 2023: 17 working days; 12 Jul is a Northern Irish one).
    assert stats.reviews == 2
    assert dict(stats.review_outcomes) == {"upheld": 1, "upheld-with-modifications": 0, "overturned": 1, "open": 0}
    assert (stats.reviews_closed, stats.reviews_in_time, stats.median_review_days) == (2, 2, 17.5)
    assert stats.appeals == 1 and stats.decision_notices == 1
    assert dict(stats.appeal_outcomes)["partly-upheld"] == 1
    assert dict(stats.appeals_by_regulator) == {"ICO": 1, "SIC": 0}
    assert (stats.questions_changed_after_review, stats.questions_changed_after_appeal) == (1, 1)


def test_late_open_and_withdrawn_reviews(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "p")
    late = VALID_YML + "review:\n  requested: 2026-10-01\n  responded: 2026-11-02\n  outcome: upheld\n"  # 22 working days
    builder.valid(late)
    eir = variant("regime: FOIA", "regime: EIR", late).replace("NCC/FOI/26/0042", "NCC/EIR/26/0043").replace("s40(2)", "reg13(1)")
    builder.valid(eir, slug="ncc-eir-26-0043")  # the same 22 working days, within the EIR's 40
    opened = VALID_YML.replace("NCC/FOI/26/0042", "NCC/FOI/26/0044") + "review:\n  requested: 2026-11-20\n"
    builder.valid(opened, slug="ncc-foi-26-0044")
    gone = VALID_YML.replace("NCC/FOI/26/0042", "NCC/FOI/26/0045") + (
        "review:\n  requested: 2026-10-01\n  responded: 2026-10-02\n  outcome: overturned\n"
        "withdrawn:\n  date: 2026-11-01\n  reason: Published in error.\n"
    )
    builder.valid(gone, slug="ncc-foi-26-0045")
    log = load_log(load_project(builder.config), TODAY)
    assert [f.as_text() for f in log.errors] == []
    stats = compute_review_statistics(log.published())
    assert stats.responses == 3  # the withdrawn one is not counted
    assert dict(stats.review_outcomes) == {"upheld": 2, "upheld-with-modifications": 0, "overturned": 0, "open": 1}
    assert (stats.reviews, stats.reviews_closed, stats.reviews_in_time, stats.median_review_days) == (3, 2, 1, 22.0)
    assert stats.share_in_time == 0.5


def test_statistics_page_shows_reviews_and_appeals(sample_site: Path, sample_log: Log) -> None:
    live = len([r for r in sample_log.published() if not r.withdrawn])  # other features add sample responses
    html = page(sample_site, "statistics/").read_text("utf-8")
    section = html[html.index('id="reviews"') : html.index("The same data can be downloaded")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    assert (
        f"2 of the {live} published responses had an internal review ({(200 * 2 + live) // (2 * live)}%), and 1 appeal was made to the regulator."
        in text
    )
    assert "Original decision overturned 1 50%" in text
    assert "2 2 100% 17.5" in text  # closed, in time, share, median working days
    assert "Complaint partly upheld 1" in text
    assert "1 appeal ended in a decision notice (1 from the ICO)." in text
    assert "The outcome of 1 question changed after an internal review, and of 1 after an appeal." in text
