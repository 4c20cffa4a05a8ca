"""The build's per-stage figures (foilog.workers.stagetimes): what the benchmark prints so the next regression shows."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_YML, LogBuilder
from sitetools import MATERIAL, build

from foilog.workers import stagetimes


@pytest.fixture(autouse=True)
def _fresh() -> None:
    stagetimes.reset()


def test_a_stage_entered_twice_adds_up_in_first_entered_order() -> None:
    with stagetimes.stage("b"):
        time.sleep(0.01)
    with stagetimes.stage("a"):
        pass
    with stagetimes.stage("b"):
        sum(range(200_000))  # some CPU
    rows = stagetimes.stages()
    assert [s.name for s in rows] == ["b", "a"]
    assert rows[0].entries == 2 and rows[0].wall_s >= 0.01 and rows[0].cpu_s > 0
    assert rows[0].rss_mb > 0 and rows[0].peak_rss_mb >= rows[0].rss_mb * 0.5


def test_a_stage_that_raises_is_still_counted() -> None:
    with pytest.raises(ValueError), stagetimes.stage("fails"):
        raise ValueError("x")
    assert stagetimes.stages()[0].entries == 1


def test_another_process_is_measured_from_proc() -> None:
    """A helper's CPU time and peak memory, read before it is stopped (here: this process itself)."""
    sum(range(2_000_000))
    cpu, peak = stagetimes.process_usage(os.getpid())
    assert cpu > 0 and peak > 0
    stagetimes.add_process("helper", os.getpid(), time.perf_counter() - 1)
    (row,) = stagetimes.stages()
    assert row.elsewhere and row.wall_s >= 1 and row.cpu_s == pytest.approx(cpu, abs=1)
    assert stagetimes.process_usage(2**22 + 12345) == (0.0, 0.0)  # no such process: nothing, no error


def test_emit_writes_json_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    target = tmp_path / "stages.json"
    monkeypatch.delenv(stagetimes.ENV, raising=False)
    with stagetimes.stage("load"):
        pass
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.foilog"):
        stagetimes.emit()
    assert not target.exists()
    assert any(r.getMessage().startswith("load ") for r in caplog.records)
    monkeypatch.setenv(stagetimes.ENV, str(target))
    stagetimes.emit()
    assert [row["name"] for row in json.loads(target.read_text("utf-8"))] == ["load"]


def test_a_build_reports_every_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "stages.json"
    monkeypatch.setenv(stagetimes.ENV, str(target))
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    build(builder.config, tmp_path / "site")
    names = [row["name"] for row in json.loads(target.read_text("utf-8"))]
    for expected in (
        "build: MkDocs with foilog's hooks (all of the below)",
        "load: read and parse response folders",
        "validate: the whole log",
        "scan: text and attachments",
        "index",
        "render: plan every page",
        "data files: feeds and open data",
        "data files: sitemaps",
        "sweep: the rest, and waiting for its helper",
        "Pagefind: waiting for the index",
        "Pagefind: indexing and writing (each part)",
        "swap the site in, save the manifest",
    ):
        assert expected in names, (expected, names)
