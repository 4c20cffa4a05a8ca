"""Loading, checking and scanning a large log in two halves (foilog.workers.fork.in_two_halves): the same results, in the same order.

The second half of the response folders is read, and the second half of the
responses scanned, by a forked process; here the threshold is lowered so the
sample log is split.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from sitetools import copy_sample_project

from foilog.engine.mkdocs_config import load_project
from foilog.gate import leakgate
from foilog.log import load, validate
from foilog.log.load import load_log
from foilog.workers import fork

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def project(tmp_path: Path) -> Any:
    config = copy_sample_project(tmp_path / "project")
    project = load_project(config)
    responses = sorted(p.parent for p in (config.parent / "responses").glob("*/*/response.md"))
    # Personal data planted in the first and the last response: one in each half.
    for folder in (responses[0], responses[-1]):
        md = folder / "response.md"
        md.write_text(md.read_text("utf-8") + "\nWrite to pat.quillmoor@gmail.com or call 07700 900123.\n", encoding="utf-8")
    return project


def _scan(project: Any, monkeypatch: pytest.MonkeyPatch, threshold: int) -> leakgate.ScanResult:
    monkeypatch.setattr(leakgate, "PARALLEL_SCAN_MIN", threshold)
    gate = leakgate.make_gate(project.settings)
    return leakgate.scan_log(load_log(project, TODAY), gate)


def _count_here(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Wrap ``module.name(items, **kwargs)`` so each call made in *this* process records how many items it got."""
    here: list[int] = []
    real = getattr(module, name)

    def spy(items: Any, *args: Any, **kwargs: Any) -> Any:
        here.append(len(items))  # in a forked process this list is its own copy
        return real(items, *args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return here


def _same(a: leakgate.ScanResult, b: leakgate.ScanResult) -> None:
    assert [f.as_text() for f in a.findings] == [f.as_text() for f in b.findings]
    assert list(a.attachments) == list(b.attachments)
    assert a.files_scanned == b.files_scanned


def test_a_parallel_scan_finds_what_a_serial_one_finds(project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _scan(project, monkeypatch, 10**9)
    here = _count_here(monkeypatch, leakgate, "_scan_responses")
    project_responses = len(load_log(project, TODAY).responses)
    parallel = _scan(project, monkeypatch, 2)
    assert here == [project_responses // 2]  # this process scanned the first half; a forked one the rest
    planted = [f for f in serial.findings if "response.md" in f.path and f.is_error]
    assert len({f.path for f in planted}) == 2
    _same(serial, parallel)


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failed_child_is_scanned_again_here(project: Any, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    serial = _scan(project, monkeypatch, 10**9)
    real = fork._half

    def broken(jobs: Any, results: Any, work: Any, items: Any) -> None:
        if how == "dies":
            os._exit(3)  # killed, out of memory: no answer at all

        def fails(items: Any) -> Any:
            raise MemoryError("the child ran out of memory")

        real(jobs, results, fails, items)

    monkeypatch.setattr(fork, "_half", broken)
    _same(serial, _scan(project, monkeypatch, 2))


def test_no_child_when_parallelism_is_off(project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``parallel: false`` or ``FOILOG_PARALLEL=0``: both halves here, the same results."""
    serial = _scan(project, monkeypatch, 10**9)
    here: list[int] = []
    real = leakgate._scan_responses
    monkeypatch.setattr(leakgate, "_scan_responses", lambda responses, gate: here.append(len(responses)) or real(responses, gate))
    monkeypatch.setenv("FOILOG_PARALLEL", "0")
    _same(serial, _scan(project, monkeypatch, 2))
    monkeypatch.delenv("FOILOG_PARALLEL")
    off = dataclasses.replace(project, settings=project.settings.model_copy(update={"parallel": False}))
    _same(serial, _scan(off, monkeypatch, 2))
    assert here == [len(load_log(project, TODAY).responses)] * 2


def test_a_log_loaded_in_two_halves_is_the_same(project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = sorted((project.root / "responses").glob("*/*/response.yml"))[-1]
    broken.write_text(broken.read_text("utf-8").replace("outcome: ", "outcome: not-an-outcome-", 1), encoding="utf-8")
    monkeypatch.setattr(load, "PARALLEL_LOAD_MIN", 10**9)
    serial = load_log(project, TODAY)
    here: list[int] = []
    real = load._read_folders

    def spy(folders: Any, project: Any) -> Any:
        here.append(len(folders))
        return real(folders, project)

    monkeypatch.setattr(load, "_read_folders", spy)
    monkeypatch.setattr(load, "PARALLEL_LOAD_MIN", 2)
    parallel = load_log(project, TODAY)
    folders = len(list((project.root / "responses").glob("*/*/response.yml")))
    assert here == [folders // 2]  # the other half was read by a forked process
    assert any("not-an-outcome" in f.as_text() for f in serial.findings)
    assert [f.as_text() for f in parallel.findings] == [f.as_text() for f in serial.findings]
    assert [(r.rel_folder, r.data, r.body, r.lines) for r in parallel.responses] == [
        (r.rel_folder, r.data, r.body, r.lines) for r in serial.responses
    ]


def _doubled(items: Any) -> list[int]:
    return [2 * n for n in items]


def test_a_long_list_comes_back_in_parts_whole_and_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper sends its list RESULT_CHUNK items a message: nothing lost, nothing reordered."""
    monkeypatch.setattr(fork, "RESULT_CHUNK", 3)  # the helper's 13 items come in 5 messages
    items = list(range(25))
    halves = fork.in_two_halves(items, _doubled, minimum=2)
    assert len(halves) == 2
    assert [n for half in halves for n in half] == _doubled(items)


def test_a_helper_dying_between_parts_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fork, "RESULT_CHUNK", 2)

    def dies_midway(_jobs: Any, results: Any, work: Any, items: Any) -> None:
        results.send(("part", work(items)[:2]))
        os._exit(3)

    monkeypatch.setattr(fork, "_half", dies_midway)
    items = list(range(11))
    assert [n for half in fork.in_two_halves(items, _doubled, minimum=2) for n in half] == _doubled(items)


def test_a_result_that_is_not_a_list_comes_back_in_one_piece() -> None:
    halves = fork.in_two_halves(list(range(10)), lambda items: (len(items), {"n": sum(items)}), minimum=2)
    assert halves == [(5, {"n": 10}), (5, {"n": 35})]


def test_a_log_checked_in_two_halves_finds_the_same(project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every response's checks, half of them in a forked process: the same findings, in the same order."""
    files = sorted((project.root / "responses").glob("*/*/response.yml"))
    first, last = files[0], files[-1]
    for yml in (first, last):  # a finding planted in each half: a response date in the future
        text = yml.read_text("utf-8")
        responded = next(line for line in text.splitlines() if line.startswith("responded:"))
        yml.write_text(text.replace(responded, "responded: 2099-01-02", 1), encoding="utf-8")
    log = load_log(project, TODAY)
    monkeypatch.setattr(validate, "PARALLEL_VALIDATE_MIN", 10**9)
    serial = validate.validate_log(log)
    here = _count_here(monkeypatch, validate, "_check_responses")
    monkeypatch.setattr(validate, "PARALLEL_VALIDATE_MIN", 2)
    parallel = validate.validate_log(log)
    assert here == [len(log.responses) // 2]  # this process checked the first half; a forked one the rest
    future = [f for f in serial if "2099" in f.as_text()]
    assert {f.path for f in future} == {first.relative_to(project.root).as_posix(), last.relative_to(project.root).as_posix()}
    assert [f.as_text() for f in parallel] == [f.as_text() for f in serial]
