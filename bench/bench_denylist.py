"""Benchmark the deny list: 20,000 invented names matched on a realistic 6 KB letter.

The deny list is matched in one pass over the normalised text (an Aho-Corasick
automaton), so 20,000 names should cost about what 20 do.  The target (issue 15)
is under 10 ms per 6 KB letter with 20,000 names.  Prints the median of many
runs for 20, 2,000 and 20,000 names; the automaton is built once per
configuration (the first scan) and that cost is printed separately.

Usage: python bench/bench_denylist.py [--runs N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_textscan import letter

from foilog.gate.textscan import TextScanConfig, compile_config, scan_text

_SYLLABLES = ["ab", "ar", "bel", "cor", "dun", "el", "fen", "gar", "hol", "ith", "kin", "lor", "mer", "nol", "or", "pen", "quin", "ros"]
_SYLLABLES += ["sel", "tor", "ul", "vin", "wen", "yar", "zed", "ton", "ley", "ford", "by", "worth", "ham", "son"]


def invented_names(count: int, seed: int = 7) -> tuple[str, ...]:
    """``count`` distinct invented "First Last" names (no real person's name on purpose)."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        first = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        names.add(f"{first} {last}")
    return tuple(sorted(names))


def median_ms(text: str, config: object, runs: int) -> float:
    """Median wall time of ``scan_text`` in milliseconds over ``runs`` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        scan_text(text, path="letter.txt", config=config)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Build the letter and deny lists, time the scans, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240604)
    args = parser.parse_args()
    text = letter(random.Random(args.seed), 17)
    names = invented_names(20_000)
    print(f"letter:         {len(text.encode('utf-8')) / 1024:.1f} KB")
    baseline = median_ms(text, compile_config(TextScanConfig()), args.runs)
    print(f"no deny list:   {baseline:.2f} ms (median of {args.runs})")
    for count in (20, 2_000, 20_000):
        config = TextScanConfig(deny_list=names[:count])
        start = time.perf_counter()
        compiled = compile_config(config)
        scan_text(text, path="warm-up", config=compiled)
        build = time.perf_counter() - start
        print(
            f"{count:>6} names:   {median_ms(text, compiled, args.runs):.2f} ms (median of {args.runs}; built once in {build * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
