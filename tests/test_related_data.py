"""Related requests in the open data: related.csv (both ends of each relation), the documents, the Data Package, the database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import jsonschema
from logbuilder import LogBuilder
from logbuilder import load_built as load
from relatedtools import add

from foilog.site.indexes import build_indexes
from foilog.site.publish.documents import document_schema
from foilog.site.publish.opendata import build_open_data

TODAY = dt.date(2026, 11, 26)


def open_data(tmp_path: Path) -> dict[str, bytes]:
    b = LogBuilder(tmp_path / "project")
    add(b, "FOI-2024-1", "2024-02-01")
    add(b, "FOI-2025-1", "2025-02-01", related=(("updates", "FOI-2024-1", "The 2023 figures."),))
    add(b, "FOI-2026-1", "2026-02-01", related=(("repeat_of", "FOI-2025-1"),))
    add(b, "FOI-2026-2", "2026-03-01", related=(("refers_to", "FOI-2024-1", "=SUM(A1)"),))
    add(b, "FOI-2026-3", "2026-11-01", extra="publish_after: 2026-12-15\n")
    add(b, "FOI-2026-4", "2026-11-10", related=(("same_question_as", "FOI-2026-3"),))
    log = load(b, TODAY)
    assert log.errors == []
    return build_open_data(log, build_indexes(log), site_url="https://log.example/")


def test_related_csv_has_a_row_at_each_end(tmp_path: Path) -> None:
    files = open_data(tmp_path)
    rows = list(csv.DictReader(io.StringIO(files["data/related.csv"].decode("utf-8"))))
    got = {(r["reference"], r["relation"], r["related_reference"], r["written_here"], r["series"]) for r in rows}
    series = "https://log.example/series/foi-2024-1/"
    assert got == {
        ("FOI-2025-1", "updates", "FOI-2024-1", "true", series),
        ("FOI-2024-1", "updated_by", "FOI-2025-1", "false", series),
        ("FOI-2026-1", "repeat_of", "FOI-2025-1", "true", series),
        ("FOI-2025-1", "repeated_by", "FOI-2026-1", "false", series),
        ("FOI-2026-2", "refers_to", "FOI-2024-1", "true", ""),
        ("FOI-2024-1", "referred_to_by", "FOI-2026-2", "false", ""),
    }  # nothing of the embargoed FOI-2026-3
    notes = {r["note"] for r in rows if r["reference"] == "FOI-2026-2"}
    assert notes == {"'=SUM(A1)"}  # a formula is neutralised in CSV like every other text cell


def test_documents_list_both_directions_and_validate(tmp_path: Path) -> None:
    files = open_data(tmp_path)
    doc = json.loads(files["data/responses/2024/foi-2024-1.json"])
    assert [(x["relation"], x["related_reference"]) for x in doc["related"]] == [
        ("updated_by", "FOI-2025-1"),
        ("referred_to_by", "FOI-2026-2"),
    ]
    assert doc["related"][0]["note"] == "The 2023 figures."
    jsonschema.validate(doc, document_schema())
    assert json.loads(files["data/responses/2026/foi-2026-4.json"])["related"] == []


def test_datapackage_describes_related_with_keys_to_responses(tmp_path: Path) -> None:
    files = open_data(tmp_path)
    package = json.loads(files["data/datapackage.json"])
    (resource,) = [r for r in package["resources"] if r["name"] == "related"]
    assert resource["path"] == "related.csv"
    assert resource["schema"]["primaryKey"] == ["reference", "relation", "related_reference"]
    assert [k["fields"] for k in resource["schema"]["foreignKeys"]] == [["reference"], ["related_reference"]]


def test_database_has_the_related_table(tmp_path: Path) -> None:
    files = open_data(tmp_path)
    target = tmp_path / "log.sqlite"
    target.write_bytes(files["data/foilog.sqlite"])
    with sqlite3.connect(target) as db:
        count = db.execute("SELECT count(*) FROM related WHERE written_here = 1").fetchone()[0]
    assert count == 3


def test_a_feed_entry_says_its_response_joins_a_series(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from defusedxml import ElementTree as SafeET

    from foilog.site.publish.feeds import build_feeds

    b = LogBuilder(tmp_path / "project")
    add(b, "FOI-2024-1", "2024-02-01", title="Potholes in 2023")
    add(b, "FOI-2025-1", "2025-02-01", title="Potholes in 2024", related=(("updates", "FOI-2024-1"),))
    add(b, "FOI-2026-1", "2026-02-01", title="Potholes in 2025 <now>", related=(("updates", "FOI-2025-1"),))
    add(b, "FOI-2026-2", "2026-03-01", title="Unrelated")
    log = load(b, TODAY)
    plan = SimpleNamespace(log=log, indexes=build_indexes(log))
    feed = SafeET.fromstring(build_feeds(plan, site_url="https://log.example/")["feed.xml"])  # type: ignore[arg-type]
    atom = "{http://www.w3.org/2005/Atom}"
    content = {e.find(f"{atom}title").text: e.find(f"{atom}content").text for e in feed.findall(f"{atom}entry")}
    newest = content["Potholes in 2025 <now>"]
    assert (
        '<li>Part of a series: <a href="https://log.example/series/foi-2024-1/">Potholes in 2023, and 2 later responses</a> '
        "(response 3 of 3)</li>"
    ) in newest
    assert '<li>Asked before: <a href="https://log.example/responses/2025/foi-2025-1/">Potholes in 2024</a> (FOI-2025-1)</li>' in newest
    assert "Later updated" not in content["Potholes in 2024"]  # only what the response itself says
    assert "series" not in content["Unrelated"]
