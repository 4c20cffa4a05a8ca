"""Reviews, appeals and changed outcomes in the open data: CSV, JSON, the per-response documents and the database agree."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from foilog.site.publish.opendata import QUESTION_FIELDS, RESPONSE_FIELDS

REVIEW_COLUMNS = [
    "review_requested",
    "review_responded",
    "review_outcome",
    "review_working_days",
    "review_on_time",
    "appeal_count",
    "latest_decision_notice",
    "latest_decision_notice_url",
    "latest_decision_notice_outcome",
]
CHANGE_COLUMNS = ["changed_after", "changed_on", "changed_outcome", "released"]


def _rows(path: Path) -> dict[str, list[dict[str, str]]]:
    by_reference: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")):
        by_reference.setdefault(row["reference"], []).append(row)
    return by_reference


def test_columns_are_declared_once_for_every_file() -> None:
    names = [c.name for c in RESPONSE_FIELDS]
    assert names[-len(REVIEW_COLUMNS) :] == REVIEW_COLUMNS
    assert [c.name for c in QUESTION_FIELDS][-len(CHANGE_COLUMNS) :] == CHANGE_COLUMNS


def test_responses_csv_has_review_and_appeal(sample_site: Path) -> None:
    rows = _rows(sample_site / "data" / "responses.csv")
    (overturned,) = rows["FOI-2024-0519"]
    assert {c: overturned[c] for c in REVIEW_COLUMNS} == {
        "review_requested": "2024-07-15",
        "review_responded": "2024-08-09",
        "review_outcome": "overturned",
        "review_working_days": "18",  # worked by hand: 5 August 2024 is a Scottish bank holiday
        "review_on_time": "true",
        "appeal_count": "0",
        "latest_decision_notice": "",
        "latest_decision_notice_url": "",
        "latest_decision_notice_outcome": "",
    }
    (appealed,) = rows["FOI-2023-0902"]
    assert (appealed["review_outcome"], appealed["review_working_days"], appealed["appeal_count"]) == ("upheld", "17", "1")
    assert appealed["latest_decision_notice"] == "IC-251043-K8P3"
    assert appealed["latest_decision_notice_url"] == "https://ico.example/decision-notices/ic-251043-k8p3/"
    assert appealed["latest_decision_notice_outcome"] == "partly-upheld"
    (plain,) = rows["FOI/2024/0123"]
    assert {c: plain[c] for c in REVIEW_COLUMNS} == {c: ("0" if c == "appeal_count" else "") for c in REVIEW_COLUMNS}


def test_questions_csv_has_the_changed_outcome(sample_site: Path) -> None:
    rows = _rows(sample_site / "data" / "questions.csv")
    (q,) = rows["FOI-2024-0519"]
    assert (q["outcome"], q["changed_after"], q["changed_on"], q["changed_outcome"]) == (
        "refused",
        "review",
        "2024-08-09",
        "granted-in-full",
    )
    assert q["released"].startswith("The council paid £148,500")
    (q,) = rows["FOI-2023-0902"]
    assert (q["changed_after"], q["changed_on"], q["changed_outcome"]) == ("appeal", "2024-03-27", "granted-in-part")


def test_json_document_and_database_agree(sample_site: Path) -> None:
    data = sample_site / "data"
    document = json.loads((data / "responses" / "2023" / "foi-2023-0902.json").read_text("utf-8"))
    assert (document["review_on_time"], document["appeal_count"], document["latest_decision_notice"]) == (True, 1, "IC-251043-K8P3")
    assert document["questions"][0]["changed_outcome"] == "granted-in-part"
    listed = {r["reference"]: r for r in json.loads((data / "responses.json").read_text("utf-8"))}
    assert listed["FOI-2024-0519"]["review_working_days"] == 18
    schema = json.loads((data / "response-document.schema.json").read_text("utf-8"))
    assert "review_outcome" in json.dumps(schema) and "changed_outcome" in json.dumps(schema)
    db = sqlite3.connect(f"{(data / 'foilog.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    try:
        reviewed = db.execute(
            "select reference, review_outcome, review_working_days, appeal_count from responses where review_outcome is not null order by reference"
        ).fetchall()
        changed = db.execute(
            "select reference, changed_after, changed_outcome from questions where changed_after is not null order by reference"
        ).fetchall()
    finally:
        db.close()
    assert reviewed == [("FOI-2023-0902", "upheld", 17, 1), ("FOI-2024-0519", "overturned", 18, 0)]
    assert changed == [("FOI-2023-0902", "appeal", "granted-in-part"), ("FOI-2024-0519", "review", "granted-in-full")]
