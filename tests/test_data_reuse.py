"""Open data a re-user can trust: every table, the database and the per-response documents say the same thing.

Built from the repository's sample log (which has a withdrawn response, an
embargoed one and an exemption applied as neither confirm nor deny).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import frictionless
import jsonschema
import pytest
from click.testing import CliRunner
from sitetools import SAMPLE_TODAY

from foilog.commands.cli import main
from foilog.log.model import Log
from foilog.site.indexes import build_indexes
from foilog.site.publish.database import FTS_TABLE
from foilog.site.publish.documents import document_schema
from foilog.site.publish.opendata import build_open_data
from foilog.site.publish.tables import APPLIED, NCND_APPLIED, TABLES
from foilog.site.stats import counted_exemptions, ncnd_exemptions

SITE_URL = "https://foilog.example/"
_TABLE_SCHEMA_TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))


def _unformula(text: str) -> str:
    """A CSV text cell as published (one leading ' removed, see opendata.neutralise_formula)."""
    return text[1:] if text.startswith("'") else text


def _db(site: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"{(site / 'data' / 'foilog.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    return db


def _csv_value(kind: str, value: Any) -> str:
    """How the CSV spells a database value (before formula escaping)."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "array":
        return ";".join(json.loads(value))
    return str(value)


@pytest.mark.parametrize("table", list(TABLES))
def test_database_and_csv_agree_row_for_row(sample_site: Path, table: str) -> None:
    columns = TABLES[table]
    rows = _csv_rows(sample_site / "data" / f"{table}.csv")
    assert rows, f"{table}.csv has rows in the sample log"
    with _db(sample_site) as db:
        stored = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608 - a test's own table name
    assert len(stored) == len(rows)
    for row, cells in zip(rows, stored, strict=True):
        assert list(cells.keys()) == [c.name for c in columns] == list(row)
        for c in columns:
            assert _unformula(row[c.name]) == _csv_value(c.type, cells[c.name]), (table, c.name)


def test_documents_agree_with_the_tables(sample_site: Path, sample_log: Log) -> None:
    data = sample_site / "data"
    responses = {r["reference"]: r for r in json.loads((data / "responses.json").read_text("utf-8"))}
    live = [r for r in build_indexes(sample_log).live]
    documents = sorted((data / "responses").rglob("*.json"))
    assert len(documents) == len(live) >= 10
    with _db(sample_site) as db:
        for r in live:
            doc = json.loads((sample_site / "data" / "responses" / str(r.year) / f"{r.slug}.json").read_text("utf-8"))
            assert {k: doc[k] for k in responses[r.reference]} == responses[r.reference]
            for key, table in (("questions", "questions"), ("exemptions_applied", "exemptions"), ("attachments", "attachments")):
                stored = db.execute(f'SELECT * FROM "{table}" WHERE reference = ? ORDER BY rowid', (r.reference,)).fetchall()  # noqa: S608
                as_json = [
                    {
                        k: (json.loads(v) if c.type == "array" and v is not None else bool(v) if c.type == "boolean" else v)
                        for (k, v), c in zip(dict(s).items(), TABLES[table], strict=True)
                        if k != "reference"
                    }
                    for s in stored
                ]
                assert doc[key] == as_json, (r.reference, table)
            assert doc["letter"] == r.body


def test_documents_validate_against_the_published_schema(sample_site: Path) -> None:
    published = json.loads((sample_site / "data" / "response-document.schema.json").read_text("utf-8"))
    assert published == document_schema()
    printed = CliRunner().invoke(main, ["schema", "--document"])
    assert printed.exit_code == 0 and json.loads(printed.output) == published
    validator = jsonschema.Draft202012Validator(published, format_checker=jsonschema.FormatChecker())
    jsonschema.Draft202012Validator.check_schema(published)
    documents = sorted((sample_site / "data" / "responses").rglob("*.json"))
    assert documents
    for path in documents:
        validator.validate(json.loads(path.read_text("utf-8")))
    broken = json.loads(documents[0].read_text("utf-8"))
    broken["questions"][0]["number"] = 7
    assert list(validator.iter_errors(broken)), "the schema rejects a document that breaks it"


def test_response_page_links_its_document(sample_site: Path, sample_log: Log) -> None:
    for r in build_indexes(sample_log).live:
        page = (sample_site / r.url / "index.html").read_text("utf-8")
        link = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', page)
        assert link, r.url
        assert (sample_site / r.url / link.group(1)).resolve() == (
            sample_site / "data" / "responses" / str(r.year) / f"{r.slug}.json"
        ).resolve()


def test_withdrawn_and_embargoed_are_not_in_the_data(sample_site: Path, sample_log: Log) -> None:
    withdrawn = [r for r in sample_log.responses if r.withdrawn]
    embargoed = [r for r in sample_log.responses if r.embargoed(SAMPLE_TODAY)]
    assert withdrawn and embargoed
    with _db(sample_site) as db:
        for table in ("questions", "exemptions", "attachments"):
            refs = {row[0] for row in db.execute(f'SELECT reference FROM "{table}"')}  # noqa: S608
            assert not refs & {r.reference for r in withdrawn + embargoed}
        status = dict(db.execute("SELECT reference, status FROM responses").fetchall())
        everything = "\n".join(str(v) for t in TABLES for row in db.execute(f'SELECT * FROM "{t}"') for v in row)  # noqa: S608
    for r in withdrawn:
        assert status[r.reference] == "withdrawn", "a withdrawn response is only the row saying so"
        assert r.data.title not in everything and all(q.answer not in everything for q in r.data.questions)
        assert not (sample_site / "data" / "responses" / str(r.year) / f"{r.slug}.json").exists()
    for r in embargoed:
        assert r.reference not in status and r.data.title not in everything
        assert not (sample_site / "data" / "responses" / str(r.year) / f"{r.slug}.json").exists()


def test_full_text_search_finds_a_response_by_a_word_of_its_answer(sample_site: Path, sample_log: Log) -> None:
    r = build_indexes(sample_log).live[0]
    word = max(re.findall(r"[A-Za-z]{6,}", r.data.questions[0].answer), key=len)
    with _db(sample_site) as db:
        found = db.execute(
            f"SELECT questions.reference FROM {FTS_TABLE} JOIN questions ON questions.rowid = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH ?",  # noqa: S608
            (f'"{word}"',),
        ).fetchall()
        assert r.reference in {row[0] for row in found}
        assert db.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", ('"zzqxnotaword"',)).fetchone()[0] == 0  # noqa: S608


def test_database_bytes_are_the_same_for_the_same_log(sample_log: Log) -> None:
    idx = build_indexes(sample_log)
    first = build_open_data(sample_log, idx, site_url=SITE_URL)
    second = build_open_data(sample_log, build_indexes(sample_log), site_url=SITE_URL)
    assert first["data/foilog.sqlite"] == second["data/foilog.sqlite"]
    assert first["data/foilog.sqlite"].startswith(b"SQLite format 3\x00")
    assert first == second
    assert build_open_data(sample_log, idx, site_url=None)["data/foilog.sqlite"] != first["data/foilog.sqlite"], "the bytes follow the data"


def test_exemptions_say_how_they_were_applied_as_the_exemption_pages_do(sample_site: Path, sample_log: Log) -> None:
    rows = _csv_rows(sample_site / "data" / "exemptions.csv")
    by_ref = {r.reference: r for r in build_indexes(sample_log).live}
    assert {row["applied_as"] for row in rows} == {APPLIED, NCND_APPLIED}, "the sample log has both"
    for row in rows:
        r = by_ref[row["reference"]]
        counted = {e.slug for e in counted_exemptions(r)}
        ncnd = {e.slug for e in ncnd_exemptions(r)}
        assert row["exemption"] in (counted if row["applied_as"] == APPLIED else ncnd)
        cited_by = [q.number for q in r.data.questions if row["section"] in q.exemptions]
        assert row["questions"] == ";".join(cited_by)


def test_attachments_have_their_bytes_facts(sample_site: Path, sample_log: Log) -> None:
    import hashlib

    rows = _csv_rows(sample_site / "data" / "attachments.csv")
    assert rows
    by_ref = {r.reference: r for r in build_indexes(sample_log).live}
    for row in rows:
        r = by_ref[row["reference"]]
        (attachment,) = [a for a in r.data.attachments if a.path.endswith("/" + row["file_name"]) or a.path == row["file_name"]]
        content = (r.folder / attachment.path).read_bytes()
        assert row["sha256"] == hashlib.sha256(content).hexdigest() and int(row["size"]) == len(content)
        assert row["url"] == SITE_URL + r.url + attachment.path
        assert (sample_site / row["url"].removeprefix(SITE_URL)).read_bytes() == content, "the URL is where the file is published"


def test_frictionless_validates_the_data_package(sample_site: Path) -> None:
    """The reference validator (frictionless) finds the package and every file it describes valid.

    It reads each table against its schema (types, constraints, primary and
    foreign keys), the JSON rows too; a broken descriptor, a wrong type or a
    dangling key fails here as it would for a reader.
    """
    report = frictionless.validate(sample_site / "data" / "datapackage.json")
    errors = [(task.name, error.type, error.note) for task in report.tasks for error in task.errors]
    errors += [("package", error.type, error.note) for error in report.errors]
    assert report.valid, errors
    checked = {task.name: task.stats.get("rows") for task in report.tasks}
    assert {"responses", "responses-json", "questions", "exemptions", "attachments"} <= set(checked)
    assert checked["responses"] and checked["responses"] == checked["responses-json"], "every row was read"


def test_frictionless_catches_a_row_that_breaks_the_schema(sample_site: Path, tmp_path: Path) -> None:
    """The validation above can fail: an outcome outside the schema's list and a dangling reference are reported."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(sample_site / "data", data)
    questions = (data / "questions.csv").read_text("utf-8").splitlines(keepends=True)
    header = next(csv.reader([questions[0]]))
    row = next(csv.reader([questions[1]]))
    row[header.index("reference")] = "NO/SUCH/REFERENCE"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    (data / "questions.csv").write_text("".join([*questions, buffer.getvalue()]), "utf-8", newline="")
    report = frictionless.validate(data / "datapackage.json")
    assert not report.valid
    assert any(e.type == "foreign-key" for task in report.tasks for e in task.errors)


def test_datapackage_is_a_valid_tabular_package(sample_site: Path) -> None:
    """The Frictionless rules a reader's validator checks: names, types, constraints, keys, checked by hand as well."""
    data = sample_site / "data"
    package = json.loads((data / "datapackage.json").read_text("utf-8"))
    names = [res["name"] for res in package["resources"]]
    assert all(re.fullmatch(r"[a-z0-9._-]+", n) for n in names) and len(set(names)) == len(names)
    tables = {}
    for res in package["resources"]:
        assert (data / res["path"]).is_file()
        if res["format"] != "csv":
            continue
        rows = _csv_rows(data / res["path"])
        tables[res["name"]] = rows
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == list(rows[0])
        for f in fields:
            assert f["type"] in _TABLE_SCHEMA_TYPES
            constraints = f.get("constraints", {})
            for row in rows:
                value = row[f["name"]]
                if constraints.get("required"):
                    assert value != ""
                if value == "":
                    continue
                if "enum" in constraints:
                    assert value in constraints["enum"]
                if "pattern" in constraints:
                    assert re.fullmatch(constraints["pattern"], value)
                if f["type"] == "integer":
                    assert int(value) >= constraints.get("minimum", -(10**12))
        key = res["schema"].get("primaryKey")
        if key:
            keys = [tuple(row[k] for k in key) for row in rows]
            assert len(set(keys)) == len(keys), res["name"]
    for res in package["resources"]:
        for foreign in res.get("schema", {}).get("foreignKeys", []):
            if res["format"] != "csv":
                continue
            target = {tuple(row[k] for k in foreign["reference"]["fields"]) for row in tables[foreign["reference"]["resource"]]}
            assert all(tuple(row[k] for k in foreign["fields"]) in target for row in tables[res["name"]])
