"""The leak gate over files made by the real tools (Chromium, LibreOffice, ocrmypdf): verdicts and a confusion table.

Builds the real-tools corpus of ``tests/realworld_cases.py`` (the same files
``tests/test_corpus_realtools.py`` asserts), runs the whole gate over each file
and prints one row per file (expected, foilog's verdict, the error rules, the
time taken), then the confusion table: hiding files flagged / missed, correct
files passed / flagged. Cases with a known defect are marked ``*``.

Usage (from the repository root)::

    .venv/bin/python bench/bench_realworld.py [--sandbox] [--keep DIR]

``--sandbox`` runs each inspection in the sandboxed worker (as builds do);
``--keep DIR`` writes the files there instead of a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from realworld_cases import CASES, build_all
from test_corpus_realtools import judge

from foilog.gate.attachments import Limits
from foilog.gate.leakgate import make_gate, scan_attachment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox", action="store_true", help="inspect in the sandboxed worker")
    parser.add_argument("--keep", type=Path, help="write the files here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="foilog-realworld-") as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        files, skipped = build_all(folder)
        print(f"made {len(files)} files in {time.perf_counter() - start:.1f} s" + (f"; skipped: {skipped}" if skipped else ""))
        gate = make_gate(None, limits=Limits(sandbox=args.sandbox))
        table = {"flagged": 0, "missed": 0, "passed": 0, "false alarm": 0}
        print(f"{'file':44} {'expect':6} {'verdict':12} {'s':>5}  error rules")
        for case in CASES:
            if case.id not in files:
                continue
            t0 = time.perf_counter()
            _report, findings = scan_attachment(files[case.id], case.id, gate)
            took = time.perf_counter() - t0
            right = not judge(case, findings)
            verdict = ("flagged" if right else "missed") if case.bad else ("passed" if right else "false alarm")
            table[verdict] += 1
            rules = sorted({f.rule for f in findings if f.is_error})
            mark = "*" if case.defect else " "
            print(f"{case.id:44} {'BAD' if case.bad else 'GOOD':6} {verdict:12} {took:5.2f} {mark}{', '.join(rules)}")
        print()
        print(f"hiding files:  flagged {table['flagged']:3}   missed {table['missed']:3}")
        print(f"correct files: passed  {table['passed']:3}   false alarms {table['false alarm']:3}")
        if any(case.defect for case in CASES):
            print("* known defect (a strict xfail in tests/test_corpus_realtools.py); see its reason there")
        print(f"total {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
