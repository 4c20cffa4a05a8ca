"""Open data under /data/: CSV and JSON match the log; the Data Package matches the files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from logbuilder import DEFAULT_OPTIONS, TODAY, VALID_ATTACHMENTS, VALID_YML, LogBuilder, variant
from sitetools import MATERIAL, all_files, build

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.model import Log, Response
from foilog.log.schema import json_schema_text
from foilog.site.indexes import build_indexes
from foilog.site.publish import write_data_outputs
from foilog.site.publish.opendata import LICENCE, QUESTION_FIELDS, RESPONSE_FIELDS, build_open_data

SITE_URL = "https://foilog.example/"


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _exemptions(r: Response) -> list[str]:
    return [f"{u.section} (NCND)" if u.ncnd else u.section for u in r.data.exemptions]


def test_responses_csv_matches_the_log(sample_site: Path, sample_log: Log) -> None:
    header, rows = _csv(sample_site / "data" / "responses.csv")
    assert header == [c.name for c in RESPONSE_FIELDS]
    published = sample_log.published()
    assert [row["reference"] for row in rows] == [r.reference for r in published]
    settings = sample_log.project.settings
    for row, r in zip(rows, published, strict=True):
        d = r.data
        assert row["url"] == SITE_URL + r.url
        if r.withdrawn:
            continue
        assert row["status"] == "published"
        assert row["title"] == d.title and row["summary"] == (d.summary or "")
        assert row["authority"] == r.authority and row["authority_name"] == settings.authority_name(r.authority)
        assert row["regime"] == d.regime and row["outcome"] == d.outcome
        assert row["received"] == d.received.isoformat() and row["responded"] == d.responded.isoformat()
        assert row["publish_after"] == (d.publish_after.isoformat() if d.publish_after else "")
        assert int(row["working_days"]) == r.working_days and row["deadline"] == r.deadline.isoformat()
        assert row["on_time"] == ("true" if r.on_time else "false")
        assert row["topics"] == ";".join(d.topics)
        assert row["exemptions"] == ";".join(_exemptions(r))
        assert int(row["question_count"]) == len(d.questions) and int(row["correction_count"]) == len(d.corrections)
        assert row["withdrawn_date"] == row["withdrawn_reason"] == ""
    assert any("(NCND)" in row["exemptions"] for row in rows), "the sample log applies an exemption as NCND"


def test_withdrawn_is_only_a_withdrawal_row(sample_site: Path, sample_log: Log) -> None:
    withdrawn = [r for r in sample_log.published() if r.withdrawn]
    assert withdrawn
    _, rows = _csv(sample_site / "data" / "responses.csv")
    records = json.loads((sample_site / "data" / "responses.json").read_text("utf-8"))
    for r in withdrawn:
        row = next(row for row in rows if row["reference"] == r.reference)
        kept = {"reference", "status", "url", "withdrawn_date", "withdrawn_reason"}
        assert row["status"] == "withdrawn" and row["withdrawn_date"] == r.data.withdrawn.date.isoformat()
        assert row["withdrawn_reason"] == r.data.withdrawn.reason
        assert {k for k, v in row.items() if v} == kept
        record = next(x for x in records if x["reference"] == r.reference)
        assert {k for k, v in record.items() if v is not None} == kept
        for path in ("responses.csv", "responses.json", "questions.csv"):
            text = (sample_site / "data" / path).read_text("utf-8")
            assert r.data.title not in text
            for q in r.data.questions:
                assert q.question not in text


def test_embargoed_is_in_no_export(sample_site: Path, sample_log: Log) -> None:
    embargoed = [r for r in sample_log.responses if r.embargoed(sample_log.today)]
    assert embargoed
    for path in (sample_site / "data").rglob("*"):
        if path.is_dir() or path.suffix == ".sqlite":  # the database: tests/test_data_reuse.py
            continue
        text = path.read_text("utf-8")
        for r in embargoed:
            assert r.reference not in text and r.data.title not in text and r.slug not in text


def test_responses_json_matches_csv(sample_site: Path) -> None:
    _, rows = _csv(sample_site / "data" / "responses.csv")
    records = json.loads((sample_site / "data" / "responses.json").read_text("utf-8"))
    assert isinstance(records, list) and len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        assert list(record) == [c.name for c in RESPONSE_FIELDS]
        for column in RESPONSE_FIELDS:
            value = record[column.name]
            if value is None:
                expected = ""
            elif column.type == "array":
                assert isinstance(value, list)
                expected = ";".join(value)
            elif column.type == "boolean":
                assert isinstance(value, bool)
                expected = "true" if value else "false"
            elif column.type == "integer":
                assert isinstance(value, int)
                expected = str(value)
            else:
                expected = value
            assert row[column.name] == expected, column.name


def test_questions_csv_has_every_question_of_live_responses(sample_site: Path, sample_log: Log) -> None:
    header, rows = _csv(sample_site / "data" / "questions.csv")
    assert header == [c.name for c in QUESTION_FIELDS]
    live = [r for r in sample_log.published() if not r.withdrawn]
    expected = [(r.reference, q.number) for r in live for q in r.data.questions]
    assert [(row["reference"], row["number"]) for row in rows] == expected
    by_key = {(r.reference, q.number): (r, q) for r in live for q in r.data.questions}
    for row in rows:
        r, q = by_key[(row["reference"], row["number"])]
        assert row["question"] == q.question and row["answer"] == q.answer and row["outcome"] == q.outcome
        ncnd = {u.section for u in r.data.exemptions if u.ncnd}
        assert row["exemptions"] == ";".join(f"{s} (NCND)" if s in ncnd else s for s in q.exemptions)
        assert row["url"] == f"{SITE_URL}{r.url}#q{q.number}"


def test_schema_file_is_the_schema(sample_site: Path) -> None:
    assert (sample_site / "data" / "response.schema.json").read_text("utf-8") == json_schema_text()


_TABLE_SCHEMA_TYPES = {"string", "date", "integer", "boolean", "array"}


def test_datapackage_describes_every_file(sample_site: Path) -> None:
    data = sample_site / "data"
    package = json.loads((data / "datapackage.json").read_text("utf-8"))
    assert package["profile"] == "data-package"  # it holds a database and JSON files as well as tables
    assert package["licenses"] == [LICENCE]
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert package["name"] == "sample-disclosure-log"
    names = [res["name"] for res in package["resources"]]
    assert len(set(names)) == len(names)
    described = {res["path"] for res in package["resources"]}
    assert described == {p.name for p in data.iterdir() if p.is_file()} - {"datapackage.json"}
    for res in package["resources"]:
        assert (data / res["path"]).is_file()
        assert res.get("encoding") == ("utf-8" if res["format"] != "sqlite" else None)
        assert {"name", "path", "format", "mediatype"} <= set(res)
        if res["format"] == "csv":
            header, _ = _csv(data / res["path"])
            assert [f["name"] for f in res["schema"]["fields"]] == header
            assert res["mediatype"] == "text/csv"
            assert {f["type"] for f in res["schema"]["fields"]} <= _TABLE_SCHEMA_TYPES - {"array"}
        elif "schema" in res:
            records = json.loads((data / res["path"]).read_text("utf-8"))
            assert [f["name"] for f in res["schema"]["fields"]] == list(records[0])
            assert {f["type"] for f in res["schema"]["fields"]} <= _TABLE_SCHEMA_TYPES
        else:
            assert res["path"] in ("response.schema.json", "response-document.schema.json", "foilog.sqlite")
        for field in res.get("schema", {}).get("fields", []):
            assert field["description"]


def test_datapackage_types_hold_for_every_value(sample_site: Path) -> None:
    """Every CSV value parses as its declared Table Schema type (the check a validator does)."""
    data = sample_site / "data"
    package = json.loads((data / "datapackage.json").read_text("utf-8"))
    for res in package["resources"]:
        if res["format"] != "csv":
            continue
        _, rows = _csv(data / res["path"])
        for field in res["schema"]["fields"]:
            enum = field.get("constraints", {}).get("enum")
            for row in rows:
                value = row[field["name"]]
                if value == "":
                    assert not field.get("constraints", {}).get("required"), field["name"]
                    continue
                if field["type"] == "date":
                    dt.date.fromisoformat(value)
                elif field["type"] == "integer":
                    int(value)
                elif field["type"] == "boolean":
                    assert value in ("true", "false")
                if enum:
                    assert value in enum, (field["name"], value)


@pytest.fixture(scope="module")
def tricky_log(tmp_path_factory: pytest.TempPathFactory) -> Log:
    builder = LogBuilder(tmp_path_factory.mktemp("opendata") / "log")
    yml = variant("title: Gritting routes on rural roads", "title: 'Commas, \"quotes\" and ; semicolons =1+1'")
    yml = variant("answer: See the attached table of routes.", 'answer: "Line one\\n\\nLine two, with a comma"', yml)
    builder.valid(yml)
    log = load_log(load_project(builder.config), TODAY)
    assert log.errors == []
    return log


def test_csv_quoting_round_trips(tricky_log: Log) -> None:
    files = build_open_data(tricky_log, build_indexes(tricky_log), site_url=None)
    rows = list(csv.DictReader(io.StringIO(files["data/responses.csv"].decode("utf-8"), newline="")))
    assert rows[0]["title"] == 'Commas, "quotes" and ; semicolons =1+1'
    assert rows[0]["url"] == "responses/2026/ncc-foi-26-0042/"
    questions = list(csv.DictReader(io.StringIO(files["data/questions.csv"].decode("utf-8"), newline="")))
    assert questions[0]["answer"] == "Line one\n\nLine two, with a comma"
    assert "id" not in json.loads(files["data/datapackage.json"])
    assert json.loads(files["data/responses.json"])[0]["title"] == rows[0]["title"]


def test_outputs_are_identical_across_calls(tricky_log: Log, tmp_path: Path) -> None:
    idx = build_indexes(tricky_log)
    assert build_open_data(tricky_log, idx, site_url=SITE_URL) == build_open_data(tricky_log, idx, site_url=SITE_URL)
    plan = SimpleNamespace(log=tricky_log, indexes=idx, redirects=[])
    trees = []
    for name in ("one", "two"):
        site = tmp_path / name
        site.mkdir()
        write_data_outputs(plan, site, site_url="https://log.example")  # type: ignore[arg-type]
        trees.append({p.relative_to(site).as_posix(): p.read_bytes() for p in all_files(site)})
    assert trees[0] == trees[1]
    assert {"feed.xml", "sitemap.xml", "robots.txt", "data/responses.csv", "data/datapackage.json"} <= set(trees[0])


def test_build_writes_data_without_site_url(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    site = build(builder.config, tmp_path / "site")
    for name in ("responses.csv", "responses.json", "questions.csv", "response.schema.json", "datapackage.json"):
        assert (site / "data" / name).is_file()
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert (site / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"


def test_publish_is_fast_for_fifty_thousand_responses(tmp_path: Path) -> None:
    """A guard against a quadratic slip, not a benchmark: the feeds, every open-data file and the sitemaps of
    50,000 responses are written within tens of seconds of CPU, even on a shared machine."""
    from foilog.log.clock import Clock
    from foilog.log.schema import ResponseData

    builder = LogBuilder(tmp_path / "log")
    builder.valid()
    log = load_log(load_project(builder.config), TODAY)
    model = log.responses[0]
    responses = []
    start_day = dt.date(2020, 1, 6)
    for n in range(50_000):
        responded = start_day + dt.timedelta(days=n % 2000)
        data = model.data.model_copy(
            update={
                "reference": f"NCC/FOI/{n:06d}",
                "received": responded - dt.timedelta(days=20),
                "responded": responded,
                "topics": ["road-safety"] if n % 2 else ["housing"],
            }
        )
        assert isinstance(data, ResponseData)
        r = Response(data=data, folder=model.folder, rel_folder=model.rel_folder, body="", authority=model.authority)
        # The render stage has worked out every response's clock before publish runs (Response.clock is cached).
        days = n % 30
        r.__dict__["clock"] = Clock(
            start=data.received,
            statutory_deadline=responded,
            deadline=responded,
            working_days=days,
            status="on-time" if days <= 20 else "late",
            days_over=max(0, days - 20),
            extension=None,
        )
        responses.append(r)
    log.responses = responses
    idx = build_indexes(log)
    site = tmp_path / "site"
    for r in idx.pages[:2000]:  # some pages so the sitemap has work to do
        (site / r.url).mkdir(parents=True)
        (site / r.url / "index.html").write_text("x", encoding="utf-8")
    started = time.process_time()  # CPU time: other work on a busy machine does not count
    write_data_outputs(SimpleNamespace(log=log, indexes=idx, redirects=[]), site, site_url=SITE_URL)  # type: ignore[arg-type]
    elapsed = time.process_time() - started
    _, rows = _csv(site / "data" / "responses.csv")
    assert len(rows) == 50_000
    assert elapsed < 30, f"publish took {elapsed:.1f} s of CPU time"
