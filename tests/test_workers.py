"""foilog.workers: the sandbox runner, the resource cap every sandboxed child applies, the fork helper's pipes, the policies.

The sandboxed child here is ``tests/sandbox_probe.py``, which misbehaves on
request; the real workers (the attachment inspector's and the importer's)
are started too, to check they apply the same cap.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from foilog.workers.fork import PIPE_BYTES, can_fork, enlarge_pipe
from foilog.workers.limits import ResourceLimits
from foilog.workers.policy import BACKGROUND_NICENESS, SEARCH_NICENESS, InThisThread, lower_priority, parallel_enabled, thread_pool
from foilog.workers.sandbox import Failure, SandboxedWorker, WorkerFailed, ask_once

TESTS = Path(__file__).resolve().parent
PROBE = "sandbox_probe"
GENEROUS = ResourceLimits(memory_mb=400, cpu_seconds=20)


@pytest.fixture(autouse=True)
def _probe_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child imports the probe from tests/ (the runner adds foilog's own folder itself)."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(TESTS), os.environ.get("PYTHONPATH", "")) if p))


def _gone(pid: int) -> bool:
    """Whether process ``pid`` no longer runs (reaped, or a zombie nobody waits for)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except FileNotFoundError:
        return True


# -- the sandbox runner -------------------------------------------------------------------------------
def test_one_child_answers_many_requests() -> None:
    with SandboxedWorker(PROBE, timeout_seconds=20, limits=GENEROUS) as worker:
        first = worker.ask({"do": "echo", "value": "café ✓"})
        second = worker.ask({"do": "echo", "value": [1, 2]})
    assert first["echo"] == "café ✓" and second["echo"] == [1, 2]
    assert first["pid"] == second["pid"]
    assert not worker.running


def test_a_timeout_kills_the_child_and_says_so() -> None:
    worker = SandboxedWorker(PROBE, timeout_seconds=0.5, limits=GENEROUS)
    worker.ask({"do": "echo"})
    pid = worker.pid
    assert pid is not None
    started = time.monotonic()
    with pytest.raises(WorkerFailed) as failed:
        worker.ask({"do": "sleep", "seconds": 30})
    assert time.monotonic() - started < 10
    assert failed.value.failure is Failure.TIMEOUT
    assert str(failed.value).startswith("took longer than") and str(failed.value).endswith("seconds, so it was stopped")
    assert _gone(pid) and not worker.running
    assert worker.ask({"do": "echo", "value": 1})["pid"] != pid  # the next request gets a new child
    worker.close()


def test_a_child_over_its_cpu_limit_is_stopped_and_reported() -> None:
    """The wall-clock timeout is far away: the kernel's CPU cap (SIGXCPU) is what stops it."""
    with pytest.raises(WorkerFailed) as failed:
        ask_once(PROBE, {"do": "spin", "seconds": 30}, timeout_seconds=60, limits=ResourceLimits(memory_mb=400, cpu_seconds=1))
    assert failed.value.failure is Failure.CPU
    assert "more CPU time than allowed" in str(failed.value)


def test_the_cpu_limit_counts_from_each_request() -> None:
    """A long-lived child (the importer's) gets its CPU seconds for every file, not once for all of them."""
    with SandboxedWorker(PROBE, timeout_seconds=20, limits=ResourceLimits(memory_mb=400, cpu_seconds=2)) as worker:
        pids = {worker.ask({"do": "spin", "seconds": 1.2})["pid"] for _ in range(3)}
    assert len(pids) == 1


def test_a_child_over_its_memory_limit_is_stopped_and_reported() -> None:
    with pytest.raises(WorkerFailed) as failed:
        ask_once(PROBE, {"do": "allocate", "mb": 2000}, timeout_seconds=30, limits=ResourceLimits(memory_mb=300, cpu_seconds=20))
    assert failed.value.failure is Failure.MEMORY
    assert str(failed.value) == "needed more memory than the limit allows"
    assert ask_once(PROBE, {"do": "allocate", "mb": 50}, timeout_seconds=30, limits=ResourceLimits(memory_mb=300, cpu_seconds=20)) == {
        "size": 50 * 1024 * 1024
    }


def test_a_child_cannot_write_files(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(WorkerFailed) as failed:
        ask_once(PROBE, {"do": "write", "path": str(target)}, timeout_seconds=20, limits=GENEROUS)
    assert failed.value.failure is Failure.CRASHED
    assert not target.exists() or target.stat().st_size == 0


def test_a_crash_names_its_exit_status() -> None:
    with pytest.raises(WorkerFailed) as failed:
        ask_once(PROBE, {"do": "exit", "status": 7}, timeout_seconds=20, limits=GENEROUS)
    assert failed.value.failure is Failure.CRASHED and failed.value.status == 7
    assert str(failed.value) == "stopped unexpectedly (exit status 7)"


def test_a_reply_that_is_not_json_is_reported() -> None:
    with SandboxedWorker(PROBE, timeout_seconds=20, limits=GENEROUS) as worker:
        with pytest.raises(WorkerFailed) as failed:
            worker.ask({"do": "garble"})
        assert failed.value.failure is Failure.GARBLED
        assert not worker.running
        assert worker.ask({"do": "echo", "value": "again"})["echo"] == "again"


def test_a_fatal_reply_ends_the_child() -> None:
    with SandboxedWorker(PROBE, timeout_seconds=20, limits=GENEROUS) as worker:
        pid = worker.ask({"do": "fatal"})["pid"]
        assert not worker.running and _gone(pid)
        assert worker.ask({"do": "echo"})["pid"] != pid


def test_a_child_writing_much_to_its_error_output_does_not_block() -> None:
    assert ask_once(PROBE, {"do": "shout"}, timeout_seconds=20, limits=GENEROUS) == {"ok": True}


@pytest.mark.parametrize(
    ("module", "request_for"),
    [
        ("foilog.gate.attachments._worker", "attachment"),
        ("foilog.commands.importer._worker", "letter"),
    ],
)
def test_every_worker_caps_itself_with_the_same_limits(tmp_path: Path, module: str, request_for: str) -> None:
    """The inspector's and the importer's workers: memory, CPU time (both), no files, no programs."""
    from dataclasses import asdict

    from foilog.commands.importer.formats import ReadLimits
    from foilog.gate.attachments import Limits

    text = tmp_path / "letter.txt"
    text.write_text("Dear Requester,\n")
    if request_for == "attachment":
        request = {"path": str(text), "display": "letter.txt", "limits": asdict(Limits()), "kind": "text"}
    else:
        request = {"path": str(text), "kind": "text", "limits": asdict(ReadLimits())}
    limits = ResourceLimits.for_timeout(memory_mb=300, timeout_seconds=5)
    with SandboxedWorker(module, timeout_seconds=30, limits=limits) as worker:
        worker.ask(request)
        caps = {line[:26].strip(): line[26:].split() for line in Path(f"/proc/{worker.pid}/limits").read_text().splitlines()[1:]}
    assert caps["Max address space"][0] == str(300 * 1024 * 1024)
    assert 0 < int(caps["Max cpu time"][0]) <= 5 + 2 + 5  # the allowance, counted from the CPU time used so far
    assert caps["Max file size"][0] == "0"
    assert caps["Max core file size"][0] == "0"
    if os.geteuid() != 0:
        assert caps["Max processes"][0] == "0"


# -- the fork helper and the policies --------------------------------------------------------------
def test_pipes_are_enlarged() -> None:
    read, write = os.pipe()
    try:
        assert enlarge_pipe(write) == PIPE_BYTES
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize(
    ("value", "setting", "expected"),
    [
        (None, None, True),
        (None, True, True),
        (None, False, False),
        ("0", True, False),
        ("false", None, False),
        ("No", True, False),
        (" off ", True, False),
        ("1", True, True),
        ("1", False, False),  # the variable only ever turns helpers off
        ("", None, True),
    ],
)
def test_parallel_setting_and_variable(monkeypatch: pytest.MonkeyPatch, value: str | None, setting: bool | None, expected: bool) -> None:
    if value is None:
        monkeypatch.delenv("FOILOG_PARALLEL", raising=False)
    else:
        monkeypatch.setenv("FOILOG_PARALLEL", value)
    assert parallel_enabled(setting) is expected
    if not expected:
        assert not can_fork(setting)
        assert isinstance(thread_pool(setting, 4, "test"), InThisThread)


def test_work_in_this_thread_keeps_results_and_errors() -> None:
    pool = InThisThread()
    assert pool.submit(lambda a, b: a + b, 2, b=3).result() == 5
    failed = pool.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failed.result()


def test_a_background_helper_runs_below_the_build() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lower_priority(child.pid)
        assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICENESS)
    finally:
        child.kill()
        child.wait()


def test_pagefind_runs_below_the_build_and_above_the_sweep() -> None:
    """Pagefind's work cannot be shared at the end, the sweep's can: when they compete for a core, Pagefind goes first."""
    from foilog.site.publish.pagefind_process import PagefindProcess

    assert 0 < SEARCH_NICENESS < BACKGROUND_NICENESS
    build = os.getpriority(os.PRIO_PROCESS, 0)
    pagefind = PagefindProcess()
    try:
        assert os.getpriority(os.PRIO_PROCESS, pagefind._process.pid) == min(19, build + SEARCH_NICENESS)
    finally:
        pagefind.close()
