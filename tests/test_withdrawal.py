"""A withdrawn response: a tombstone page with date and reason, and nothing else of it anywhere."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, TODAY, LogBuilder
from sitetools import MATERIAL, all_files, build, page, parse

MARKER = "WITHDRAWN-MARKER-3K8"
REFERENCE = "NCC/FOI/26/0555"
SLUG = "ncc-foi-26-0555"
URL = f"responses/2026/{SLUG}/"
REASON = "Published before the third party named in it had been consulted."
WITHDRAWN_YML = f"""\
reference: {REFERENCE}
title: School transport contracts {MARKER}
summary: The requester asked about school transport contracts {MARKER}.
regime: FOIA
received: 2026-08-03
responded: 2026-08-28
outcome: granted-in-full
topics:
  - road-safety
questions:
  - number: '1'
    question: Which firms hold school transport contracts {MARKER}?
    answer: Three firms hold contracts {MARKER}.
    outcome: granted-in-full
attachments:
  - path: attachments/contracts.csv
    title: School transport contracts {MARKER}
withdrawn:
  date: 2026-11-02
  reason: {REASON}
"""
ATTACHMENT = {"attachments/contracts.csv": f"firm,routes\nNorthshire Coaches,12 {MARKER}\n".encode()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("withdrawal")
    builder = LogBuilder(root / "project")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + "site_url: https://log.example/\n")
    (builder.root / "content" / "index.md").write_text("# Test disclosure log\n", encoding="utf-8")
    builder.valid()
    builder.response(2026, SLUG, WITHDRAWN_YML, md=f"Dear Requester\n\nThe contracts are attached. {MARKER}\n", attachments=ATTACHMENT)
    return build(builder.config, root / "site", today=TODAY, strict=True)


def _text(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")


def test_tombstone_has_date_and_reason_only(site: Path) -> None:
    html = page(site, URL).read_text("utf-8")
    assert "This response was withdrawn on" in html and html.count("withdrawn on") == 1
    assert REFERENCE in html and "2 November 2026" in html and 'datetime="2026-11-02"' in html
    assert REASON in html
    for content in (MARKER, "School transport", "Three firms", "contracts.csv"):
        assert content not in html, content


def test_content_is_nowhere_in_the_site(site: Path) -> None:
    leaks = [p.relative_to(site).as_posix() for p in all_files(site) if MARKER.lower() in _text(p).lower()]
    assert leaks == []


def test_attachments_are_not_published(site: Path) -> None:
    assert not (site / URL / "attachments").exists()
    assert sorted(p.name for p in (site / URL).iterdir()) == ["index.html"]


def test_left_every_index_and_feed(site: Path) -> None:
    """Every file but the tombstone itself, /corrections/ and the open data (which says it was withdrawn)."""
    for name in ("feed.xml", "topics/road-safety/feed.xml", "sitemap.xml", "robots.txt", "index.html", "statistics/index.html"):
        assert (site / name).is_file(), f"{name} was not built, so this test would prove nothing"
    checked = []
    for path in all_files(site):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "data/", "corrections/", URL)):
            continue
        text = _text(path)
        assert SLUG not in text and REFERENCE not in text, rel
        checked.append(rel)
    assert "sitemap.xml" in checked and any(rel.startswith("pagefind/") for rel in checked)


def test_tombstone_says_noindex(site: Path) -> None:
    """It keeps its URL (links still explain what happened) but search engines should drop it."""
    tags = parse(page(site, URL)).tags
    assert [a.get("content") for tag, a in tags if tag == "meta" and a.get("name") == "robots"] == ["noindex"]
    live = parse(page(site, "responses/2026/ncc-foi-26-0042/")).tags
    assert not [a for tag, a in live if tag == "meta" and a.get("name") == "robots"]


def test_listed_on_corrections(site: Path) -> None:
    html = page(site, "corrections/").read_text("utf-8")
    assert REFERENCE in html and REASON in html
    assert any(href.rstrip("/").endswith(SLUG) for href in parse(page(site, "corrections/")).hrefs)


def test_open_data_only_says_withdrawn(site: Path) -> None:
    csv_file = site / "data" / "responses.csv"
    assert csv_file.is_file(), "no open data export in this build"
    rows = [r for r in csv.DictReader(io.StringIO(csv_file.read_text("utf-8-sig"))) if r["reference"] == REFERENCE]
    assert len(rows) == 1
    row = rows[0]
    assert row["status"] == "withdrawn" and row["withdrawn_date"] == "2026-11-02" and row["withdrawn_reason"] == REASON
    assert row.get("title", "") == "" and row.get("summary", "") == ""
    json_file = site / "data" / "responses.json"
    assert json_file.is_file(), "no JSON export in this build"
    assert MARKER not in json_file.read_text("utf-8")
    text = json.dumps(json.loads(json_file.read_text("utf-8")))
    assert REFERENCE.replace("/", "") in text.replace("\\/", "").replace("/", "")
    questions = site / "data" / "questions.csv"
    assert questions.is_file(), "no questions export in this build"
    assert REFERENCE not in questions.read_text("utf-8-sig")
