"""What detectors hand to the engine, and what the engine hands to detectors.

Detectors are plain functions ``(ScanContext) -> Iterable[Hit]`` working on
normalised text offsets; the engine maps hits back to the original text,
applies allowlists, acknowledgements and de-duplication, and builds the
public :class:`foilog.findings.Finding` objects.  Keeping ``Finding``
construction in one place guarantees that no detector can leak an unmasked
value into a message or excerpt.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from foilog.findings import Severity
from foilog.textscan.config import CompiledConfig

#: Six or more characters of digits, spaces and hyphens starting and ending with
#: a digit: the only places card, NHS and bank numbers can be.
_DIGIT_CLUSTER = re.compile(r"\d[\d \-]{4,}\d")


@dataclass(frozen=True)
class Hit:
    """One detector match, in normalised-text offsets.

    ``what`` is the first sentence of the message and must never contain the
    matched value.  ``aliases`` are extra spellings a response may acknowledge
    (``Mr Ferris`` as well as ``Ferris``).
    """

    start: int
    end: int
    rule: str
    severity: Severity
    what: str
    aliases: tuple[str, ...] = ()


@dataclass
class ScanContext:
    """The normalised text being scanned plus the compiled configuration."""

    text: str
    config: CompiledConfig
    _line_starts: list[int] | None = None

    @cached_property
    def lower(self) -> str:
        """The text lower-cased once, for cheap ``in`` pre-checks before regexes."""
        return self.text.lower()

    @cached_property
    def digit_clusters(self) -> list[tuple[int, int]]:
        """Search windows for digit-heavy detectors, computed in one regex pass.

        Each window extends two characters past its cluster so that a
        detector's "no word character follows" lookahead sees the real text.
        """
        size = len(self.text)
        return [(m.start(), min(size, m.end() + 2)) for m in _DIGIT_CLUSTER.finditer(self.text)]

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the normalised line containing ``pos`` (end excludes ``\\n``)."""
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, (len(self.text) if end == -1 else end)

    def line_index(self, pos: int) -> int:
        """0-based line index of ``pos`` in the normalised text."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            p = find("\n")
            while p != -1:
                starts.append(p + 1)
                p = find("\n", p + 1)
            self._line_starts = starts
        return bisect_right(self._line_starts, pos) - 1
