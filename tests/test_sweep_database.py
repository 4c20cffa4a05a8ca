"""The post-build sweep reads inside the SQLite database: personal data cannot leave through it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, LogBuilder, variant
from sitetools import MATERIAL, build, build_valid_site

from foilog.gate.leakgate import make_gate
from foilog.gate.sweep import sweep_site

LEAK = "jane.example.smith@gmail.com"
DATABASE = "site/data/foilog.sqlite"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return build_valid_site(tmp_path)


def _database_findings(site: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in sweep_site(site, make_gate(None)).findings if f.path == DATABASE and f.is_error]


def test_built_database_is_clean(site: Path) -> None:
    assert (site / "data" / "foilog.sqlite").is_file()
    assert _database_findings(site) == []


@pytest.mark.parametrize(
    "plant",
    [
        "UPDATE questions SET answer = answer || ' Contact @LEAK@ for details.'",
        "CREATE TABLE notes (note TEXT); INSERT INTO notes VALUES ('Ask @LEAK@')",
        "UPDATE attachments SET title = '@LEAK@'",
        "CREATE TABLE blobs (b BLOB); INSERT INTO blobs VALUES (CAST('Write to @LEAK@' AS BLOB))",
    ],
    ids=["answer", "a-table-of-its-own", "attachment-title", "utf8-blob"],
)
def test_personal_data_planted_in_the_database_is_caught(site: Path, plant: str) -> None:
    with sqlite3.connect(site / "data" / "foilog.sqlite") as db:
        db.executescript(plant.replace("@LEAK@", LEAK))
    db.close()
    assert ("email", DATABASE) in _database_findings(site)


def test_a_database_the_sweep_cannot_read_blocks_publication(site: Path) -> None:
    (site / "data" / "foilog.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert ("sweep-unreadable-database", DATABASE) in _database_findings(site)


def test_an_acknowledged_text_is_acknowledged_in_its_document_and_the_database(tmp_path: Path) -> None:
    """A response's acknowledgement holds in its own JSON document and (inside its text) in the database: the build publishes."""
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    yml = variant("    answer: See the attached table of routes.\n", f"    answer: See the attached table of routes, or ask {LEAK}.\n")
    yml += f"acknowledgements:\n  - text: {LEAK}\n    reason: The road team's public mailbox.\n"
    builder.valid(yml, attachments=dict(VALID_ATTACHMENTS))
    site = build(builder.config, tmp_path / "site")
    (document,) = (site / "data" / "responses").rglob("*.json")
    assert LEAK in document.read_text("utf-8")
    found = [f for f in sweep_site(site, make_gate(None), builder_acknowledgements(builder)).findings if f.rule == "email"]
    by_path = {f.path: f for f in found}
    assert by_path[f"site/{document.relative_to(site).as_posix()}"].acknowledged == "The road team's public mailbox."
    assert by_path[DATABASE].acknowledged == "The road team's public mailbox."
    assert not [f for f in found if f.is_error]


def builder_acknowledgements(builder: LogBuilder):  # type: ignore[no-untyped-def]
    """The log's acknowledgements as the build's sweep gets them."""
    from logbuilder import TODAY

    from foilog.engine.mkdocs_config import load_project
    from foilog.gate.sweep_acks import site_acknowledgements
    from foilog.log.load import load_log

    return site_acknowledgements(load_log(load_project(builder.config), TODAY))
