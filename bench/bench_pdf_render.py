"""Benchmark the rendering judge of PDF hidden text, and show the evidence for its thresholds.

``python bench/bench_pdf_render.py`` builds, with reportlab (embedded TrueType
subsets, as Word and "Print to PDF" write them):

* a 100-page letter, every page full of text (target: checked in under 5 s, under 500 MB);
* a 400-page PDF with thousands of boxes, some of them over text (target: under 30 s);

and inspects each in the sandbox (``Limits()``: a worker process capped at
460 MB of address space), printing the time and the worker's peak resident
memory. ``--thresholds`` instead renders every case of the PDF corpus and
prints the grey ranges (max - min of the pixels in the middle of each
character's box) of the characters judged visible and of those judged
hidden, per case, and the gap the threshold sits in.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pdf_builders import LEFT, NAME, pdf  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from foilog.gate.attachments import Limits, inspect_attachment  # noqa: E402

TEXT = (
    "the council holds information relevant to your request and it is set out below in the table with notes on "
    "each item where the figures are published already we give a link to them and explain how to find the record"
)
WORDS = TEXT.split(" ")


def _paragraph_lines(page: int, count: int, chars: int = 88) -> list[str]:
    lines, line, i = [], "", page * 7
    while len(lines) < count:
        word = WORDS[i % len(WORDS)]
        i += 1
        if len(line) + len(word) + 1 > chars:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return lines


def build_letter(path: Path, pages: int = 100) -> Path:
    """A long letter: 50 lines of 10 pt text on every page (about 4 KB of text a page)."""

    def page(n: int):
        def draw(c: Canvas) -> None:
            c.setFont("VeraBd", 12)
            c.drawString(LEFT, A4[1] - 60, f"Response to request FOI-2024-{n:04d}, page {n + 1}")
            c.setFont("Vera", 10)
            for i, line in enumerate(_paragraph_lines(n, 50)):
                c.drawString(LEFT, A4[1] - 85 - i * 14, line)

        return draw

    return pdf(path, *(page(n) for n in range(pages)))


def build_boxes(path: Path, pages: int = 400, boxes: int = 12) -> Path:
    """A 400-page table report: a dozen filled boxes a page (cell fills, a few black boxes over names)."""

    def page(n: int):
        def draw(c: Canvas) -> None:
            c.setFont("Vera", 10)
            for r in range(boxes):
                y = A4[1] - 80 - r * 50
                c.setFillColorRGB(0.85, 0.9, 0.95)
                c.rect(LEFT - 4, y - 6, 460, 22, fill=1, stroke=0)
                c.setFillColorRGB(0, 0, 0)
                c.drawString(LEFT, y, f"Row {r + 1} of page {n + 1}: case handled by {NAME}, closed within 20 working days.")
                c.drawString(LEFT, y - 20, "Notes: no further action; the file was reviewed and closed by the team.")
            if n % 10 == 0:  # every tenth page a black box over a name
                c.rect(LEFT + 183, A4[1] - 84, 64, 14, fill=1, stroke=0)

        return draw

    return pdf(path, *(page(n) for n in range(pages)))


def _run(path: Path, label: str, target: float) -> bool:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    report = inspect_attachment(path, display_path=path.name, limits=Limits())
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    unsafe = [f.rule for f in report.findings if f.rule.startswith("unsafe")]
    hidden = [f for f in report.findings if f.rule == "pdf-text-under-box"]
    chars = sum(len(t) for t in report.text_pages)
    peak_note = f"{peak / 1024:,.0f} MB" if peak > before else f"<= {before / 1024:,.0f} MB (an earlier worker's peak)"
    print(
        f"{label}: {path.stat().st_size / 1024:,.0f} KB, {report.facts.pages if report.facts else '?'} pages, "
        f"{chars:,} visible characters; {elapsed:.2f} s, worker peak RSS {peak_note}; "
        f"{len(hidden)} hidden-text findings; unsafe: {unsafe or 'none'}"
    )
    ok = not unsafe and elapsed < target and peak / 1024 < 500
    print(f"  target < {target:.0f} s and < 500 MB: {'met' if ok else 'MISSED'}")
    return ok


def thresholds() -> None:
    """Grey ranges of visible and hidden characters over the PDF corpus."""
    import numpy as np
    import pypdfium2 as pdfium
    from corpus import pdf as corpus_pdf

    from foilog.gate.attachments import pdf_render as r

    visible_all: list[int] = []
    hidden_all: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in [*corpus_pdf.BAD, *corpus_pdf.GOOD]:
            path = case.build(Path(tmp))
            doc = pdfium.PdfDocument(path.read_bytes())
            vis: list[int] = []
            hid: list[int] = []
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                text, boxes = r._chars(tp)
                if text:
                    bm = page.render(scale=r.SCALE, grayscale=True, draw_annots=True)
                    grey = np.ascontiguousarray(bm.to_numpy())
                    judged = r._judge_pixels(grey, text, boxes, r._affine(page, grey.shape[1], grey.shape[0]))
                    r._runs(judged)
                    for ch, cause, spread in zip(text, judged.cause, judged.spread, strict=True):
                        if spread >= 0 and ch.isalnum():
                            (vis if cause is None else hid).append(int(spread))
                    bm.close()
                tp.close()
                page.close()
            doc.close()
            kind = "BAD " if case in corpus_pdf.BAD else "GOOD"
            lo_vis = min(vis) if vis else "-"
            hi_hid = max(hid) if hid else "-"
            print(
                f"{kind} {case.name:<36} visible: n={len(vis):4d} min={lo_vis!s:>4}   hidden by pixels: n={len(hid):3d} max={hi_hid!s:>4}"
            )
            visible_all += vis
            hidden_all += hid
    v = np.array(visible_all)
    h = np.array(hidden_all)
    print(
        f"\nvisible letters and digits: {len(v)}, grey range min {v.min()}, 1st percentile {np.percentile(v, 1):.0f}, median {np.median(v):.0f}"
    )
    print(f"hidden letters and digits:  {len(h)}, grey range max {h.max() if len(h) else '-'}, median {np.median(h) if len(h) else '-'}")
    print(f"threshold FLAT_RANGE = {r.FLAT_RANGE}: hidden below it, visible at or above it")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", action="store_true", help="print the grey ranges over the PDF corpus instead")
    args = parser.parse_args()
    if args.thresholds:
        thresholds()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        ok = _run(build_letter(Path(tmp) / "letter-100.pdf"), "100-page text PDF", 5.0)
        ok &= _run(build_boxes(Path(tmp) / "boxes-400.pdf"), "400-page PDF with boxes", 30.0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
