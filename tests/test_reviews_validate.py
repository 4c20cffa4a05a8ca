"""Internal reviews, appeals and changed outcomes: each validation rule, with its line and message; review timeliness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from logbuilder import VALID_SLUG, VALID_YML, LogBuilder, variant
from logbuilder import finding_texts as texts
from logbuilder import load_built as load

from foilog.log.model import Log
from foilog.log.reviews import current_outcome, latest_decision_notice, review_timeliness
from foilog.log.schema import Review

YML = f"responses/2026/{VALID_SLUG}/response.yml"
# VALID_YML is 26 lines: what a test appends starts on line 27.


@pytest.fixture
def builder(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def with_review(requested: str = "2026-10-01", responded: str | None = "2026-10-20", outcome: str | None = "upheld") -> str:
    lines = ["review:", f"  requested: {requested}"]
    if responded:
        lines.append(f"  responded: {responded}")
    if outcome:
        lines.append(f"  outcome: {outcome}")
    return "\n".join(lines) + "\n"


CHANGE_Q2 = (
    "    changed_after:\n      stage: {stage}\n      date: {date}\n      outcome: {outcome}\n"
    "      released: The names of the two depot managers, who are senior staff.\n"
)


def change_q2(stage: str = "review", date: str = "2026-10-20", outcome: str = "granted-in-full", text: str = VALID_YML) -> str:
    return variant(
        "      - s40(2)\nattachments:",
        "      - s40(2)\n" + CHANGE_Q2.format(stage=stage, date=date, outcome=outcome) + "attachments:",
        text,
    )


def test_a_consistent_history_is_clean(builder: LogBuilder) -> None:
    appeal = (
        "appeals:\n  - regulator: ICO\n    case_reference: IC-100-A1\n    decision_notice: IC-100-A1\n"
        "    url: https://ico.example/ic-100-a1/\n    decided: 2026-11-10\n    outcome: not-upheld\n"
    )
    builder.valid(VALID_YML + with_review() + appeal)
    log = load(builder)
    assert texts(log) == []
    (r,) = log.responses
    assert latest_decision_notice(r.data.appeals) is r.data.appeals[0]


def test_review_requested_before_the_response(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + with_review(requested="2026-09-20", responded="2026-10-02"))
    assert texts(load(builder)) == [
        f"{YML}:28: review.requested: the review was requested on 2026-09-20, before the response it reviews (2026-09-28); check both dates"
    ]


def test_review_responded_before_requested(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + with_review(requested="2026-10-05", responded="2026-10-01"))
    assert texts(load(builder)) == [
        f"{YML}:29: review.responded: the review's result (2026-10-01) is dated before the review was requested (2026-10-05); check both dates"
    ]


def test_review_outcome_without_date_and_date_without_outcome(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + with_review(responded=None))
    assert texts(load(builder)) == [
        f"{YML}:29: review.outcome: the review has an outcome (upheld) but no date: add 'responded: YYYY-MM-DD' (the day the result was sent) to review"
    ]
    builder.valid(VALID_YML + with_review(outcome=None))
    assert texts(load(builder)) == [
        f"{YML}:29: review.responded: the review has a result date but no outcome: add 'outcome: upheld', 'upheld-with-modifications' or 'overturned' to review"
    ]


def test_review_in_the_future(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + with_review(requested="2026-11-20", responded="2026-12-01"))
    assert texts(load(builder)) == [f"{YML}:29: review.responded: 2026-12-01 is in the future (today is 2026-11-26)"]


def test_unknown_review_outcome_lists_the_review_outcomes(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + with_review(outcome="overturn"))
    (message,) = texts(load(builder))
    assert message.startswith(
        f"{YML}:30: review.outcome: unknown outcome 'overturn' (expected one of: upheld, upheld-with-modifications, overturned)"
    )


def test_overturned_review_with_no_question_changed_is_a_warning(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + with_review(outcome="overturned"))
    (finding,) = load(builder).findings
    assert not finding.is_error
    assert finding.as_text() == (
        f"{YML}:30: review.outcome: the review is overturned but no question says what changed: add 'changed_after:' "
        "(stage: review, date, outcome, released) to each question whose outcome changed"
    )
    builder.valid(change_q2() + with_review(outcome="overturned"))
    assert texts(load(builder)) == []


def test_appeal_rules(builder: LogBuilder) -> None:
    appeals = (
        "appeals:\n"
        "  - regulator: SIC\n    case_reference: '202600123'\n    decided: 2026-10-10\n"  # lines 32-34: wrong regulator, before review, no outcome
        "  - regulator: ICO\n    case_reference: IC-2\n    outcome: upheld\n"  # lines 35-37: outcome without decided
    )
    builder.valid(VALID_YML + with_review() + appeals)
    assert texts(load(builder)) == [
        f"{YML}:32: appeals[0].regulator: a complaint about a FOIA response goes to the Information Commissioner's Office (expected regulator: ICO, got SIC)",
        f"{YML}:34: appeals[0].decided: the appeal has a decision date but no outcome: add 'outcome:' (upheld, partly-upheld, not-upheld, withdrawn or informally-resolved)",
        f"{YML}:34: appeals[0].decided: the appeal was decided on 2026-10-10, before the internal review's result (2026-10-20); check both dates",
        f"{YML}:37: appeals[1].outcome: the appeal has an outcome (upheld) but no date: add 'decided: YYYY-MM-DD' (the date of the decision notice or the day the case closed)",
    ]


def test_appeal_without_review_is_a_warning_and_foisa_goes_to_the_sic(builder: LogBuilder) -> None:
    text = variant("regime: FOIA", "regime: FOISA")
    builder.valid(text + "appeals:\n  - regulator: ICO\n    case_reference: IC-9\n    decided: 2026-11-02\n    outcome: withdrawn\n")
    log = load(builder)
    assert [(f.as_text(), f.is_error) for f in log.findings] == [
        (
            f"{YML}:28: appeals[0]: an appeal with no internal review: the regulator normally expects a review first; add the 'review:' block if there was one",
            False,
        ),
        (
            f"{YML}:28: appeals[0].regulator: a complaint about a FOISA response goes to the Scottish Information Commissioner (expected regulator: SIC, got ICO)",
            True,
        ),
    ]


def test_appeal_decided_before_the_response(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + "appeals:\n  - regulator: ICO\n    case_reference: IC-8\n    decided: 2026-09-01\n    outcome: not-upheld\n")
    assert [f.as_text() for f in load(builder).errors] == [
        f"{YML}:30: appeals[0].decided: the appeal was decided on 2026-09-01, before the response it is about (2026-09-28); check both dates"
    ]


def test_decision_notice_url_must_be_https(builder: LogBuilder) -> None:
    builder.valid(VALID_YML + with_review() + "appeals:\n  - regulator: ICO\n    case_reference: IC-3\n    url: http://ico.example/x\n")
    assert texts(load(builder)) == [
        f"{YML}:34: appeals[0].url: expected the decision notice's secure web address, starting https:// (e.g. https://ico.org.uk/...), "
        "got 'http://ico.example/x'; write it with https://"
    ]


def test_change_after_review_rules(builder: LogBuilder) -> None:
    # No review at all.
    builder.valid(change_q2())
    assert texts(load(builder)) == [
        f"{YML}:25: questions[1].changed_after.stage: the outcome changed after a review, but the response has no 'review:' block; add the review (requested, responded, outcome)"
    ]
    # Dated before the review's result.
    builder.valid(change_q2(date="2026-10-19") + with_review(outcome="overturned"))
    assert texts(load(builder)) == [
        f"{YML}:26: questions[1].changed_after.date: the change (2026-10-19) is dated before the review's result (2026-10-20); date it on or after the review"
    ]
    # Review still open.
    builder.valid(change_q2() + with_review(responded=None, outcome=None))
    assert texts(load(builder)) == [
        f"{YML}:25: questions[1].changed_after.stage: the outcome changed after the review, but the review has no result date: add 'responded:' and 'outcome:' to review"
    ]
    # The same outcome as the original.
    builder.valid(change_q2(outcome="refused") + with_review(outcome="overturned"))
    assert texts(load(builder)) == [
        f"{YML}:27: questions[1].changed_after.outcome: the changed outcome is the same as the original (refused); give the new outcome, or remove changed_after if it did not change"
    ]


def test_change_after_appeal_rules(builder: LogBuilder) -> None:
    builder.valid(change_q2(stage="appeal", date="2026-11-01") + with_review())
    assert texts(load(builder)) == [
        f"{YML}:25: questions[1].changed_after.stage: the outcome changed after an appeal, but the response has no 'appeals:'; add the appeal (regulator, case_reference, decided, outcome)"
    ]
    appeal = "appeals:\n  - regulator: ICO\n    case_reference: IC-4\n    decided: 2026-11-05\n    outcome: upheld\n"
    builder.valid(change_q2(stage="appeal", date="2026-11-01") + with_review() + appeal)
    assert texts(load(builder)) == [
        f"{YML}:26: questions[1].changed_after.date: the change (2026-11-01) is dated before the appeal decision (2026-11-05); date it on or after the decision"
    ]
    builder.valid(change_q2(stage="appeal", date="2026-11-06") + with_review() + appeal)
    log = load(builder)
    assert texts(log) == []
    question = log.responses[0].data.questions[1]
    assert (question.outcome, current_outcome(question)) == ("refused", "granted-in-full")


def test_sample_responses_with_reviews_are_clean(sample_log: Log) -> None:
    by_ref = {r.reference: r for r in sample_log.responses}
    overturned, appealed = by_ref["FOI-2024-0519"], by_ref["FOI-2023-0902"]
    assert [
        f for f in sample_log.findings if f.path.startswith((overturned.rel_folder, appealed.rel_folder)) and f.rule == "invalid-data"
    ] == []
    assert overturned.data.review is not None and overturned.data.review.outcome == "overturned"
    assert current_outcome(overturned.data.questions[0]) == "granted-in-full"
    notice = latest_decision_notice(appealed.data.appeals)
    assert notice is not None and notice.decision_notice == "IC-251043-K8P3"


# --- timeliness of reviews ------------------------------------------------------------------------


def test_foia_review_within_20_working_days() -> None:
    # Worked by hand: 2024-07-15 (Mon) + 20 working days = 2024-08-12 (no bank holiday in between in any UK part
    # except the Summer bank holiday in Scotland on 5 August 2024, which counts for FOIA): due 2024-08-13.
    t = review_timeliness(Review(requested=dt.date(2024, 7, 15), responded=dt.date(2024, 8, 9), outcome="overturned"), "FOIA")
    assert (t.limit, t.deadline, t.working_days, t.on_time) == (20, dt.date(2024, 8, 13), 18, True)
    assert t.source == "section 45 Code of Practice, paragraph 5.4"


def test_eir_review_has_40_working_days_and_foisa_20() -> None:
    review = Review(requested=dt.date(2025, 3, 3), responded=dt.date(2025, 4, 14), outcome="upheld")
    eir = review_timeliness(review, "EIR")
    foisa = review_timeliness(review, "FOISA")
    # 3 March 2025 (Mon) to 14 April (Mon): 30 weekdays; EIR counts every UK bank holiday, so St Patrick's Day (17 March, NI) drops it to 29.
    assert (eir.limit, eir.working_days, eir.on_time) == (40, 29, True)
    assert (foisa.limit, foisa.working_days, foisa.on_time, foisa.deadline) == (20, 30, False, dt.date(2025, 3, 31))
    assert foisa.source == "FOISA section 21(1)"
    assert review_timeliness(review, "EISR").limit == 20


def test_open_review_has_a_deadline_but_no_verdict() -> None:
    t = review_timeliness(Review(requested=dt.date(2025, 12, 22)), "FOIA")
    # 23, 24, 29, 30, 31 Dec, 2 Jan (1 Jan is a holiday; 2 Jan is a Scottish one, so not a FOIA working day) ...
    assert (t.working_days, t.on_time) == (None, None)
    assert t.deadline == dt.date(2026, 1, 23)
