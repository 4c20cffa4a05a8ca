"""How long each stage of a build takes: wall time, CPU time and memory, logged at debug level.

Why: a build's time is spread over stages that run in this process (load,
validate, scan, index, render, the MkDocs page loop) and in helpers on the
other core (half of the scan, the post-build sweep, Pagefind). A slower build
says nothing about which of them grew; a table per stage does, and the site
benchmark prints it so the next regression shows (``bench/bench_site.py``).

A stage is a ``with stage("name"):`` block; entering the same name again
adds up (the attachment scan runs once per response). Stages may nest: a
nested stage's name says what it is part of (``scan: attachments``), and the
report lists stages in the order they were first entered. Work done in
another process is added when it is collected (:func:`add`), with the CPU
time that process used.

Nothing here changes what a build does or writes. The cost is two clock
reads and one ``getrusage`` per stage entered.

``foilog build -v`` logs the table at debug level; with ``$FOILOG_STAGE_TIMES``
set to a file name, the stages are also written there as JSON (what the
benchmark reads).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from foilog.workers import progress

__all__ = ["ENV", "Stage", "add", "add_process", "emit", "process_usage", "reset", "stage", "stages"]

ENV = "FOILOG_STAGE_TIMES"
"""Names a file the build writes its stage times into, as JSON (for benchmarks)."""

log = logging.getLogger("mkdocs.plugins.foilog")

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Stage:
    """One stage's totals over every time it was entered."""

    name: str
    wall_s: float = 0.0
    cpu_s: float = 0.0
    """CPU of this process (all its threads) during the stage, plus any helper's CPU added with :func:`add`."""
    entries: int = 0
    rss_mb: float = 0.0
    """This process's resident memory when the stage last ended."""
    peak_rss_mb: float = 0.0
    """This process's peak resident memory so far when the stage last ended (``ru_maxrss``)."""
    elsewhere: bool = False
    """Done by another process (a helper, Pagefind) alongside this one's work: its wall time overlaps others'."""


_STAGES: dict[str, Stage] = {}


def reset() -> None:
    """Forget earlier builds' stages (``mkdocs serve`` builds again in the same process)."""
    _STAGES.clear()


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _entry(name: str, elsewhere: bool = False) -> Stage:
    entry = _STAGES.get(name)
    if entry is None:
        entry = _STAGES[name] = Stage(name, elsewhere=elsewhere)
    return entry


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as (part of) stage ``name``."""
    entry = _entry(name)
    progress.stage_started(name)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        entry.wall_s += time.perf_counter() - wall
        entry.cpu_s += time.process_time() - cpu
        entry.entries += 1
        entry.rss_mb = _rss_mb()
        entry.peak_rss_mb = _peak_mb()


def add(name: str, *, wall_s: float, cpu_s: float, peak_rss_mb: float = 0.0) -> None:
    """Work another process did (a helper, Pagefind), measured when it was collected."""
    entry = _entry(name, elsewhere=True)
    entry.wall_s += wall_s
    entry.cpu_s += cpu_s
    entry.entries += 1
    entry.peak_rss_mb = max(entry.peak_rss_mb, peak_rss_mb)


def stages() -> list[Stage]:
    """Every stage so far, in the order each was first entered."""
    return list(_STAGES.values())


def table(rows: list[Stage]) -> list[str]:
    """The stages as aligned text lines (what ``-v`` shows)."""
    lines = [f"{'stage':<44} {'wall s':>8} {'CPU s':>8} {'RSS MB':>8} {'peak MB':>8}"]
    for s in rows:
        where = " (helper)" if s.elsewhere else ""
        lines.append(f"{(s.name + where)[:44]:<44} {s.wall_s:8.2f} {s.cpu_s:8.2f} {s.rss_mb:8.0f} {s.peak_rss_mb:8.0f}")
    return lines


def emit() -> None:
    """Log the stages at debug level; write them as JSON where ``$FOILOG_STAGE_TIMES`` says."""
    rows = stages()
    if not rows:
        return
    for line in table(rows):
        log.debug(line)
    target = os.environ.get(ENV)
    if target:
        try:
            Path(target).write_text(json.dumps([asdict(s) for s in rows], indent=1) + "\n", encoding="utf-8")
        except OSError as exc:  # a benchmark's convenience: never a reason to fail a build
            log.debug(f"stage times not written to {target}: {exc}")


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds, peak resident MB) a running process has used so far; zeros when it cannot be read.

    For a helper or Pagefind, read just before it is stopped: once reaped, its figures are gone.
    """
    cpu = peak = 0.0
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        fields = stat[stat.rfind(b")") + 2 :].split()  # comm may hold spaces: split after its ')'
        cpu = (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15 of stat)
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return cpu, peak


def add_process(name: str, pid: int, started: float) -> None:
    """A helper process that ran since ``started`` (``time.perf_counter()``) and is about to be stopped."""
    cpu, peak = process_usage(pid)
    add(name, wall_s=time.perf_counter() - started, cpu_s=cpu, peak_rss_mb=peak)
