"""Benchmark Markdown denial of service (issue 16, item 3): is every conversion linear in its input?

Three tables, each timing an input of size n and 2n and printing the ratio
(2.0 is linear, 4.0 quadratic):

1. *Unguarded*: Python-Markdown alone on the hostile families, small sizes,
   to show the problem (each run is stopped after ``--cap`` seconds).
2. *Refused*: the same families at 100-200 KB through what the build does
   first, :func:`foilog.log.markdown_limits.markdown_problems`: the check's own
   time, and that it refuses.
3. *Accepted*: the worst inputs that pass the limits, through check +
   conversion as the build runs them: each hostile unit as large as the
   limits allow, followed by n or 2n characters of genuine letters (the
   hostile part costs a bounded constant, the rest is linear); and paragraphs
   as large as the per-paragraph limit allows, repeated (linear).

Usage: python bench/bench_markdown_dos.py [--cap SECONDS] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foilog.log.markdown_limits import markdown_problems
from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown

LETTER = (
    "Dear Requester\n\nThank you for your request of 1 September 2026 about [gritting routes](https://example.org/routes). "
    "We hold the information; the table below sets it out, and `annex A` explains the terms.\n\n"
    "| Route | Roads | Cost |\n|---|---|---:|\n| A | B1234 and B1235 [note 1] | £1,200 |\n| B | C7 (part) | £800 |\n\n"
    "1. The routes are reviewed each year.\n    - Priority 1 roads first.\n        - Then bus routes.\n"
    "2. Staff names are withheld under section 40(2).\n\n> The council may also publish *updates* on its **website**.\n\n"
)


def nested(depth: int) -> str:
    return "\n".join("    " * level + "- item" for level in range(depth))


#: Hostile families: name -> text of about ``n`` characters.
HOSTILE: dict[str, Callable[[int], str]] = {
    "[ x n then ] x n": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "[ x n": lambda n: "[" * n,
    "![ x n": lambda n: "![" * (n // 2),
    "[a]( x n": lambda n: "[a](" * (n // 4),
    "``a` x n": lambda n: "``a`" * (n // 4),
    "<a x n": lambda n: "<a" * (n // 2),
    "<http:// x n": lambda n: "<http://" * (n // 8),
    "<div> x n": lambda n: "<div>" * (n // 5),
    "- x n (a list n deep)": lambda n: "- " * (n // 2) + "x",
    "> x n (quotes n deep)": lambda n: ">" * n + " x",
    "headings, one paragraph": lambda n: "####### x\n" * (n // 10),
    "\\ x n (escapes)": lambda n: "\\" * n,
    "``` lines (code fences)": lambda n: "```\n" * (n // 4),
}

#: Paragraphs as large as the per-paragraph limit allows, repeated: name -> one paragraph (then a blank line).
PER_PARAGRAPH: dict[str, str] = {
    "escapes, 20 KB paragraphs": "\\" * 19_999 + "\n",
    "table rows (no size limit)": "| Northshire Central | *1,234* | [1,456](x) |\n" * 500,
}

#: Hostile units for the accepted table: name -> text for a count (the largest count that passes is used).
AT_THE_LIMIT: dict[str, Callable[[int], str]] = {
    "[ x k": lambda k: "[" * k,
    "![ x k": lambda k: "![" * k,
    "[a]( x k": lambda k: "[a](" * k,
    "``a` x k": lambda k: "``a`" * k,
    "<a x k": lambda k: "<a" * k,
    "<div> x k": lambda k: "<div>" * k,
    "list k deep": nested,
    "# x lines in a paragraph, k": lambda k: "# x\n" * k,
    "x/*** lines in a paragraph, k": lambda k: "x\n***\n" * k,
    "- x list items, k": lambda k: "- x\n" * k,
}


def largest_accepted(make: Callable[[int], str]) -> int:
    """The largest count whose text passes the limits (they only get stricter as the count grows)."""
    low, high = 1, 2
    while not markdown_problems(make(high)):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if not markdown_problems(make(middle)) else (low, middle)
    return low


def timed(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return min(samples)  # the machine may be shared: the fastest run is the least disturbed


def build_like(md: SafeMarkdown, text: str) -> str:
    """What the build does with a text: refuse it by the limits, or convert it (time limit on)."""
    if markdown_problems(text):
        return "refused by check"
    try:
        md.convert_parts([(text, 4, "q1-")])
    except MarkdownRefused:
        return "stopped by time limit"
    return "converted"


def row(name: str, size: int, first: float, second: float, verdict: str) -> None:
    ratio = second / first if first > 0 and second != float("inf") else float("inf")
    shown = lambda t: ">cap" if t == float("inf") else f"{t * 1000:9.1f}"  # noqa: E731
    print(f"{name:28s} {size:>9,} {shown(first):>10} {shown(second):>10} {ratio:7.2f}  {verdict}")


def header(title: str) -> None:
    print(f"\n{title}\n{'input':28s} {'n chars':>9} {'ms (n)':>10} {'ms (2n)':>10} {'ratio':>7}  verdict")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cap", type=float, default=10.0, help="seconds after which an unguarded conversion is stopped")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (the fastest counts)")
    args = parser.parse_args()
    unguarded = SafeMarkdown(3, time_limit=args.cap)
    guarded = SafeMarkdown(3)

    header("1. Unguarded: Python-Markdown alone")
    for name, make in HOSTILE.items():
        n = 600 if name.startswith(("- x", "> x")) else 50_000 if name.startswith(("head", "\\", "```")) else 4_000
        times = []
        for size in (n, 2 * n):
            text = make(size)
            try:
                times.append(timed(lambda text=text: unguarded.convert_parts([(text, 4, "q1-")]), 1))
            except MarkdownRefused as exc:
                times.append(float("inf") if "took more" in exc.reason else -1.0)
        verdict = "RecursionError" if -1.0 in times else "converted"
        row(name, len(make(n)), *(abs(t) if t != -1.0 else float("nan") for t in times), verdict)

    header("2. Refused: the limits (foilog check, and the build before converting)")
    for name, make in HOSTILE.items():
        n = 100_000
        texts = [make(n), make(2 * n)]
        first, second = (timed(lambda text=text: markdown_problems(text), args.runs) for text in texts)
        verdict = "refused" if markdown_problems(make(n)) and markdown_problems(make(2 * n)) else "NOT REFUSED"
        row(name, len(make(n)), first, second, verdict)

    header("3. Accepted: the worst that passes (a hostile unit at the limit, then m letters), checked and converted")
    m = max(1, 100_000 // len(LETTER))
    first, second = (timed(lambda text=LETTER * count: build_like(guarded, text), args.runs) for count in (m, 2 * m))
    row("letters only", len(LETTER * m), first, second, build_like(guarded, LETTER * m))
    for name, make in AT_THE_LIMIT.items():
        # As large as passes together with the 2m letters (their own brackets count too).
        k = largest_accepted(lambda count, make=make: make(count) + "\n\n" + LETTER * 2 * m)
        unit = make(k) + "\n\n"
        label = f"{name}, k={k:,}"
        first, second = (timed(lambda text=unit + LETTER * count: build_like(guarded, text), args.runs) for count in (m, 2 * m))
        row(label, len(unit + LETTER * m), first, second, build_like(guarded, unit + LETTER * m))
    for name, paragraph in PER_PARAGRAPH.items():
        count = max(1, 100_000 // (len(paragraph) + 1))
        texts = [(paragraph + "\n") * count, (paragraph + "\n") * 2 * count]
        first, second = (timed(lambda text=text: build_like(guarded, text), args.runs) for text in texts)
        row(name, len(texts[0]), first, second, build_like(guarded, texts[0]))


if __name__ == "__main__":
    main()
