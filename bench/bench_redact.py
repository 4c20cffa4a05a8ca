"""Benchmark the PDF cleaner of ``foilog redact`` against the issue's targets.

``python bench/bench_redact.py`` builds, with reportlab (embedded TrueType
subsets, as Word and "Print to PDF" write them), a 100-page letter of 50 lines
a page, and asks for 200 boxes (two a page, over a name and over a phrase in
the middle of a line, one of them with an exemption label). It cleans it in a
child process (so ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is the cleaner's own
peak), checks the boxed words are gone and prints the time, the peak memory
and the copy's size against the original's. Targets (issue 20): under 30 s,
under 500 MB, and a copy at most 1.2 times the input for text pages.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_pdf_render import build_letter  # noqa: E402
from pdf_builders import width  # noqa: E402

from foilog.gate.redact.model import Box  # noqa: E402

#: Issue 20's targets.
TARGET_SECONDS = 30.0
TARGET_MB = 500.0
TARGET_RATIO = 1.2


def boxes_for(pages: int) -> list[Box]:
    """Two boxes a page over words of the benchmark letter (the heading's request number, a word on line 10)."""
    out = []
    for n in range(pages):
        heading = f"Response to request FOI-2024-{n:04d}, page {n + 1}"
        start = heading.index("FOI-")
        x0 = 72 + width(heading[:start], 12, "VeraBd")
        out.append(Box(n + 1, x0 - 1, 60 - 12, x0 + width("FOI-2024-0000", 12, "VeraBd") + 1, 60 + 4, "s40(2)"))
        y = 85 + 10 * 14
        out.append(Box(n + 1, 150, y - 9, 260, y + 3))
    return out


def child(source: Path, boxes: Path, target: Path) -> None:
    """Run in the child process: clean ``source`` with the boxes in ``boxes`` and write ``target``."""
    from foilog.gate.redact.model import RedactOptions
    from foilog.gate.redact.pdf import clean

    items = tuple(Box(**b) for b in json.loads(boxes.read_text()))
    cleaned = clean(source.read_bytes(), RedactOptions(boxes=items))
    target.write_bytes(cleaned.data)
    print(json.dumps({"removals": len(cleaned.removals), "notes": list(cleaned.notes)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        source = build_letter(Path(tmp) / "letter.pdf", args.pages)
        boxes = boxes_for(args.pages)
        spec = Path(tmp) / "boxes.json"
        spec.write_text(json.dumps([b.__dict__ for b in boxes]))
        target = Path(tmp) / "letter-clean.pdf"
        started = time.perf_counter()
        result = subprocess.run([sys.executable, __file__, "--child", source, spec, target], capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if result.returncode:
            print(result.stderr)
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        info = json.loads(result.stdout.strip().splitlines()[-1])
        ratio = target.stat().st_size / source.stat().st_size
        from foilog.gate.attachments.pdf_render import page_texts

        text = "\n".join(page_texts(target.read_bytes()))
        gone = "FOI-2024-0001" not in text and "FOI-2024-0099" not in text
        print(
            f"{args.pages}-page text PDF ({source.stat().st_size / 1024:,.0f} KB), {len(boxes)} boxes: "
            f"{elapsed:.2f} s, peak RSS {peak_mb:,.0f} MB, copy {target.stat().st_size / 1024:,.0f} KB "
            f"({ratio:.2f}x the input); {info['removals']} removals, {len(info['notes'])} pages rasterised; boxed text gone: {gone}"
        )
        ok = elapsed < TARGET_SECONDS and peak_mb < TARGET_MB and ratio <= TARGET_RATIO and gone and not info["notes"]
        print(f"  targets < {TARGET_SECONDS:.0f} s, < {TARGET_MB:.0f} MB, <= {TARGET_RATIO}x: {'met' if ok else 'MISSED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
