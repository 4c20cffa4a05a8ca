"""Benchmark the leak gate over a whole log: 10,000 synthetic responses read from disk.

Issue 4's target is "scanning 10,000 responses of typical size takes under 15
seconds on this 2-core machine". ``bench_textscan.py`` times the text scan on
letters held in memory; this times what ``foilog check`` really does, on a
log written to disk by :mod:`synthetic` (about 6 KB of text per response,
10% with a CSV attachment): loading and validating (reported apart), then
:func:`foilog.gate.leakgate.scan_log` over every ``response.yml``,
``response.md``, attachment and content page, with the attachment cache
empty (a fresh checkout) and then warm (a second run).

Usage::

    python bench/bench_scan_log.py [--count 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import synthetic  # noqa: E402

from foilog.engine.mkdocs_config import load_project  # noqa: E402
from foilog.gate.leakgate import make_gate, scan_log  # noqa: E402
from foilog.log.load import load_log  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out = HERE / "out" / f"scan-{args.count}"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    config = synthetic.generate(out, args.count, seed=args.seed)
    print(f"generated {args.count:,} responses in {time.perf_counter() - start:.1f} s")
    try:
        project = load_project(config)
        start = time.perf_counter()
        log = load_log(project, TODAY)
        print(f"load and validate: {time.perf_counter() - start:.2f} s ({len(log.responses):,} responses, {len(log.findings)} findings)")
        for label in ("cold attachment cache", "warm attachment cache"):
            gate = make_gate(project.settings, cache_root=project.root)
            start, cpu = time.perf_counter(), time.process_time()
            result = scan_log(log, gate)
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            errors = sum(f.is_error for f in result.findings)
            print(f"scan ({label}): {wall:.2f} s wall, {cpu:.2f} s CPU in this process; {result.files_scanned:,} files, {errors} errors")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
