"""The text scan takes time linear in the input, however the text is shaped.

A leak gate that hangs on a long line of numbers (a CSV export saved as one
line, a table of figures pasted without newlines) never finishes the check,
so pathological shapes are timed against a small input in the same run:
100 times the text may take at most about 200 times as long.  An alarm ends a
quadratic scan early instead of letting the test run for hours.
"""

from __future__ import annotations

import signal
import time

import pytest

from foilog.gate.textscan import scan_text

SMALL = 10 * 1024
LARGE = 100 * SMALL  # 1 MB
MAX_RATIO = 200


class _TooSlow(Exception):
    pass


def _seconds(text: str) -> float:
    """CPU seconds, not wall time: the machines are shared, and other processes' load must not count."""
    start = time.process_time()
    scan_text(text, path="big.csv")
    return time.process_time() - start


def _on_alarm(signum: int, frame: object) -> None:
    raise _TooSlow


@pytest.mark.parametrize("unit", ["1 ", "1.2.1.2.", "0 ", "1,2,"], ids=["ones", "dotted", "zeros", "commas"])
def test_one_long_line_scans_in_linear_time(unit: str) -> None:
    sizes = (SMALL, 10 * SMALL, LARGE)
    texts = [(unit * (size // len(unit) + 1))[:size] for size in sizes]
    _seconds(texts[0])  # warm caches and lazy imports
    times = [min(_seconds(texts[0]) for _ in range(5))]
    # Each step is ten times the text; a quadratic scan is stopped at the first
    # step that takes far longer than 20 times the previous one.
    for size, text in zip(sizes[1:], texts[1:], strict=True):
        stop = 3 * 20 * times[-1] + 2
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, stop)
        try:
            times.append(_seconds(text))
        except _TooSlow:
            pytest.fail(f"{size // 1024} KB of {unit!r} took more than {stop:.1f} s (10 KB: {times[0]:.4f} s)")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    budget = max(MAX_RATIO * times[0], 0.5)  # timer noise swamps tiny times
    assert times[-1] <= budget, f"1 MB of {unit!r}: {times[-1]:.2f} s, 10 KB: {times[0]:.4f} s"
