"""Benchmark: inspect a 100-page text PDF built in code (target: under 5 seconds).

Run with ``python bench/bench_pdf.py``. The PDF has 45 lines of text per page
plus a shaded box, so every page exercises text decoding, box tracking and
the hidden-text judgement; the timing includes the sandbox process start.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from attachment_builders import box_op, text_op, write_pdf

from foilog.gate.attachments import Limits, inspect_attachment

PAGES = 100
LINES = 45
TARGET_SECONDS = 5.0


def build(path: Path) -> Path:
    pages = []
    for page in range(PAGES):
        content = box_op(60, 40, 490, 700, rgb=(0.97, 0.97, 0.97))
        for line in range(LINES):
            content += text_op(
                72,
                750 - line * 15,
                f"Page {page + 1}, line {line + 1}: the council holds information relevant to your request and it is set out below.",
                size=10,
            )
        pages.append(content)
    return write_pdf(path, pages)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp) / "bench.pdf")
        results = {}
        for label, limits in (("sandboxed", Limits()), ("in-process", Limits(sandbox=False))):
            started = time.perf_counter()
            report = inspect_attachment(path, display_path="bench.pdf", limits=limits)
            results[label] = time.perf_counter() - started
            assert report.facts is not None and report.facts.pages == PAGES, report
            assert report.findings == (), report.findings
        size_kb = path.stat().st_size / 1024
    print(f"{PAGES}-page text PDF ({size_kb:,.0f} KB, {PAGES * LINES:,} lines)")
    for label, seconds in results.items():
        print(f"  {label:<11} {seconds:6.2f} s")
    ok = results["sandboxed"] < TARGET_SECONDS
    print(f"target < {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
