"""Validate internal reviews, appeals and changed question outcomes: dates in their order, the right regulator.

What the schema alone cannot check, each a finding at the line of the field
with what was expected and how to fix it. A review comes after the response
and its result after the request for review; an appeal's decision comes after
the review (the regulators expect a review first: the ICO normally, the SIC
always, under FOISA s47(1)); a question's outcome changes only on or after the
review result or the appeal decision it names. Values that failed schema
validation are :data:`~foilog.log.schema.INVALID` (already reported) and the
checks needing them are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from foilog.log.field_findings import field_finding as _finding
from foilog.log.field_findings import items as _items
from foilog.log.field_findings import known as _known
from foilog.log.findings import Finding
from foilog.log.model import Response
from foilog.log.reviews import REGULATOR_NAMES, REGULATOR_OF
from foilog.log.schema import INVALID


def check_reviews(r: Response, today: dt.date) -> Iterator[Finding]:
    """Every review, appeal and changed-outcome rule for one response."""
    yield from _check_review(r, today)
    yield from _check_appeals(r, today)
    yield from _check_changes(r, today)


def _check_review(r: Response, today: dt.date) -> Iterator[Finding]:
    review = _known(r.data.review)
    if review is None:
        return
    responded = _known(r.data.responded)
    requested, result, outcome = _known(review.requested), _known(review.responded), _known(review.outcome)
    if requested is not None and responded is not None and requested < responded:
        yield _finding(
            r,
            ("review", "requested"),
            "review.requested",
            f"the review was requested on {requested}, before the response it reviews ({responded}); check both dates",
        )
    if requested is not None and result is not None and result < requested:
        yield _finding(
            r,
            ("review", "responded"),
            "review.responded",
            f"the review's result ({result}) is dated before the review was requested ({requested}); check both dates",
        )
    for name, value in (("requested", requested), ("responded", result)):
        if value is not None and value > today:
            yield _finding(r, ("review", name), f"review.{name}", f"{value} is in the future (today is {today})")
    if outcome is not None and review.responded is None:
        yield _finding(
            r,
            ("review", "outcome"),
            "review.outcome",
            f"the review has an outcome ({outcome}) but no date: add 'responded: YYYY-MM-DD' (the day the result was sent) to review",
        )
    if result is not None and review.outcome is None:
        yield _finding(
            r,
            ("review", "responded"),
            "review.responded",
            "the review has a result date but no outcome: add 'outcome: upheld', 'upheld-with-modifications' or 'overturned' to review",
        )
    changed = _all_questions_known(r) and any(_stage_of(q) == "review" for _, q in _items(r.data.questions))
    if outcome in ("overturned", "upheld-with-modifications") and _all_questions_known(r) and not changed:
        yield _finding(
            r,
            ("review", "outcome"),
            "review.outcome",
            f"the review is {outcome} but no question says what changed: add 'changed_after:' (stage: review, date, outcome, released) "
            "to each question whose outcome changed",
            warning=True,
        )


def _all_questions_known(r: Response) -> bool:
    questions = r.data.questions
    return isinstance(questions, list) and all(q is not INVALID and q.changed_after is not INVALID for q in questions)


def _stage_of(question: Any) -> str | None:
    change = _known(question.changed_after)
    return _known(change.stage) if change is not None else None


def _check_appeals(r: Response, today: dt.date) -> Iterator[Finding]:
    regime = _known(r.data.regime)
    responded = _known(r.data.responded)
    review = _known(r.data.review)
    review_result = _known(review.responded) if review is not None else None
    review_requested = _known(review.requested) if review is not None else None
    for i, appeal in _items(r.data.appeals):
        decided, outcome, regulator = _known(appeal.decided), _known(appeal.outcome), _known(appeal.regulator)
        at = f"appeals[{i}]"
        if regulator is not None and regime is not None and REGULATOR_OF.get(regime) not in (None, regulator):
            expected = REGULATOR_OF[regime]
            yield _finding(
                r,
                ("appeals", i, "regulator"),
                f"{at}.regulator",
                f"a complaint about a {regime} response goes to the {REGULATOR_NAMES[expected]} (expected regulator: {expected}, got {regulator})",
            )
        if decided is not None and outcome is None and appeal.outcome is None:
            yield _finding(
                r,
                ("appeals", i, "decided"),
                f"{at}.decided",
                "the appeal has a decision date but no outcome: add 'outcome:' (upheld, partly-upheld, not-upheld, withdrawn or informally-resolved)",
            )
        if outcome is not None and appeal.decided is None:
            yield _finding(
                r,
                ("appeals", i, "outcome"),
                f"{at}.outcome",
                f"the appeal has an outcome ({outcome}) but no date: add 'decided: YYYY-MM-DD' (the date of the decision notice or the day the case closed)",
            )
        if decided is None:
            continue
        if decided > today:
            yield _finding(r, ("appeals", i, "decided"), f"{at}.decided", f"{decided} is in the future (today is {today})")
        if review is None:
            yield _finding(
                r,
                ("appeals", i),
                at,
                "an appeal with no internal review: the regulator normally expects a review first; add the 'review:' block if there was one",
                warning=True,
            )
            if responded is not None and decided < responded:
                yield _finding(
                    r,
                    ("appeals", i, "decided"),
                    f"{at}.decided",
                    f"the appeal was decided on {decided}, before the response it is about ({responded}); check both dates",
                )
        elif review_result is not None and decided < review_result:
            yield _finding(
                r,
                ("appeals", i, "decided"),
                f"{at}.decided",
                f"the appeal was decided on {decided}, before the internal review's result ({review_result}); check both dates",
            )
        elif review_result is None and review_requested is not None and decided < review_requested:
            yield _finding(
                r,
                ("appeals", i, "decided"),
                f"{at}.decided",
                f"the appeal was decided on {decided}, before the internal review was requested ({review_requested}); check both dates",
            )


def _check_changes(r: Response, today: dt.date) -> Iterator[Finding]:
    review = _known(r.data.review)
    review_result = _known(review.responded) if review is not None else None
    appeals = [a for _, a in _items(r.data.appeals)]
    decisions = sorted(d for a in appeals if (d := _known(a.decided)) is not None)
    for i, question in _items(r.data.questions):
        change = _known(question.changed_after)
        if change is None:
            continue
        where = ("questions", i, "changed_after")
        at = f"questions[{i}].changed_after"
        stage, date, outcome = _known(change.stage), _known(change.date), _known(change.outcome)
        original = _known(question.outcome)
        if outcome is not None and outcome == original:
            yield _finding(
                r,
                (*where, "outcome"),
                f"{at}.outcome",
                f"the changed outcome is the same as the original ({original}); give the new outcome, or remove changed_after if it did not change",
            )
        if date is not None and date > today:
            yield _finding(r, (*where, "date"), f"{at}.date", f"{date} is in the future (today is {today})")
        if stage == "review":
            if review is None:
                yield _finding(
                    r,
                    (*where, "stage"),
                    f"{at}.stage",
                    "the outcome changed after a review, but the response has no 'review:' block; add the review (requested, responded, outcome)",
                )
            elif review_result is None and review.responded is None:
                yield _finding(
                    r,
                    (*where, "stage"),
                    f"{at}.stage",
                    "the outcome changed after the review, but the review has no result date: add 'responded:' and 'outcome:' to review",
                )
            elif review_result is not None and date is not None and date < review_result:
                yield _finding(
                    r,
                    (*where, "date"),
                    f"{at}.date",
                    f"the change ({date}) is dated before the review's result ({review_result}); date it on or after the review",
                )
        elif stage == "appeal":
            if not appeals:
                yield _finding(
                    r,
                    (*where, "stage"),
                    f"{at}.stage",
                    "the outcome changed after an appeal, but the response has no 'appeals:'; add the appeal (regulator, case_reference, decided, outcome)",
                )
            elif not decisions:
                yield _finding(
                    r,
                    (*where, "stage"),
                    f"{at}.stage",
                    "the outcome changed after an appeal, but no appeal has a decision date: add 'decided:' and 'outcome:' to the appeal",
                )
            elif date is not None and date < decisions[0]:
                yield _finding(
                    r,
                    (*where, "date"),
                    f"{at}.date",
                    f"the change ({date}) is dated before the appeal decision ({decisions[0]}); date it on or after the decision",
                )
