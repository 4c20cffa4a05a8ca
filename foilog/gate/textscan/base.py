"""What detectors hand to the engine, and what the engine hands to detectors.

Detectors are plain functions ``(ScanContext) -> Iterable[Hit]`` working on
normalised text offsets; the engine maps hits back to the original text,
applies allowlists, acknowledgements and de-duplication, and builds the
public :class:`foilog.log.findings.Finding` objects.  Keeping ``Finding``
construction in one place guarantees that no detector can leak an unmasked
value into a message or excerpt.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from foilog.gate.textscan.config import CompiledConfig
from foilog.log.findings import Severity

#: Six or more characters of digits, spaces and hyphens starting and ending with
#: a digit: the only places card, NHS and bank numbers can be.
_DIGIT_CLUSTER = re.compile(r"\d[\d \-]{4,}\d")
#: Six or more telephone-ish characters starting with a digit, bracket or plus and
#: ending with a digit.  Every digit cluster lies inside one of these runs, and the
#: telephone detector's clusters are exactly the runs of eight or more characters,
#: so one pass over the text serves both (each pass costs several µs per 6 KB letter).
_NUMBER_RUN = re.compile(r"[+(\d][\d \t().\-]{4,}\d")
#: The same for text whose only decimal digits are 0-9: a plain character range
#: is checked twice as fast as ``\d`` (a Unicode category lookup per character).
_NUMBER_RUN_ASCII = re.compile(r"[+(0-9][0-9 \t().\-]{4,}[0-9]")
#: Latin-1 text: removing its runs leaves the characters beyond it (a run is matched in a tight loop; a
#: character class for the few other characters would be tried at every position, five times slower).
_LATIN1_RUN = re.compile(r"[\x00-\xff]+")
#: Where an upper-case code can start: a capital not preceded by a word character
#: and followed by a capital or digit (NI numbers, postcodes, licences, plates).
_CODE_START = re.compile(r"[A-Z](?<![\w][A-Z])(?=[A-Z\d])")


@dataclass(frozen=True)
class Hit:
    """One detector match, in normalised-text offsets.

    ``what`` is the first sentence of the message and must never contain the
    matched value.  ``aliases`` are extra spellings a response may acknowledge
    (``Mr Exampleford`` as well as ``Exampleford``).
    """

    start: int
    end: int
    rule: str
    severity: Severity
    what: str
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=64)
def _by_mark(needles: tuple[str, ...]) -> tuple[tuple[bytes | None, tuple[bytes, ...]], ...] | None:
    """ASCII ``needles`` as bytes, grouped by their first character that is neither a letter, a digit nor a space.

    Looking for one byte runs at memory speed (``memchr``) where a longer
    needle is compared along the whole text: a letter with no ``@`` rules out
    every needle holding one in a single pass. Needles with no such
    character are their own group (key ``None``): they are always searched.
    ``None`` when a needle holds ``?``, which :attr:`ScanContext.folded` puts
    for characters beyond Latin-1: those needles are searched in the text.
    """
    if any("?" in needle for needle in needles):
        return None
    groups: dict[bytes | None, list[bytes]] = {}
    for needle in needles:
        mark = next((c for c in needle if not (c.isalnum() or c == " ")), None)
        groups.setdefault(mark.encode("ascii") if mark is not None else None, []).append(needle.encode("ascii"))
    return tuple((key, tuple(group)) for key, group in groups.items())


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
    def latin1(self) -> bytes | None:
        """The text as Latin-1 bytes (offsets unchanged), or ``None`` if it has other characters.

        Most text is stored one byte per character, so this is a plain copy, and
        byte operations (``lower``, ``translate``) on it run at memory speed.
        """
        try:
            return self.text.encode("latin-1")
        except UnicodeEncodeError:
            return None

    @cached_property
    def ascii_digits(self) -> bool:
        """Whether every decimal digit in the text (``\\d``) is one of 0-9."""
        if self.latin1 is not None:
            return True  # U+0080-U+00FF holds no decimal digits
        return not any(c.isdecimal() for c in _LATIN1_RUN.sub("", self.text))

    @cached_property
    def folded(self) -> bytes | None:
        """The text as bytes, one per character, ASCII lower-cased, each character beyond Latin-1 read as ``?``.

        For the cheap ``in`` pre-checks of ASCII needles (:meth:`contains_folded`):
        ``str.lower`` of a page that holds one ``✓`` costs about 120 µs for
        20,000 characters, this a few. ``None`` when the text holds one of
        the two characters beyond Latin-1 that lower-case to ASCII (``İ`` to
        ``i̇``, the Kelvin sign to ``k``): such a text is lower-cased as it is.
        """
        if self.latin1 is not None:
            return self.latin1.lower()  # the text as it is encoded for the other checks
        text = self.text
        if "\u0130" in text or "\u212a" in text:
            return None
        return text.encode("latin-1", "replace").lower()

    def contains_folded(self, needles: tuple[str, ...]) -> bool:
        """Whether any ASCII lower-case ``needle`` is in ``text.lower()``.

        Searched in :attr:`folded` (several times faster): no character from
        U+0080 to U+00FF lower-cases to ASCII, and of those beyond only the two
        that :attr:`folded` leaves to ``str.lower``. A needle holding ``?``
        (what :attr:`folded` puts for those characters) is searched in the
        lower-cased text too.
        """
        folded, groups = self.folded, _by_mark(needles)
        if folded is None or groups is None:
            lower = self.lower
            return any(n in lower for n in needles)
        return any((key is None or key in folded) and any(n in folded for n in group) for key, group in groups)

    @cached_property
    def number_runs(self) -> list[tuple[int, int]]:
        """Spans of ``_NUMBER_RUN`` matches (the same as ``finditer`` over the whole text)."""
        regex = _NUMBER_RUN_ASCII if self.ascii_digits else _NUMBER_RUN
        return [m.span() for m in regex.finditer(self.text)]

    @cached_property
    def digit_clusters(self) -> list[tuple[int, int]]:
        """Search windows for digit-heavy detectors, computed in one regex pass.

        Each window extends two characters past its cluster so that a
        detector's "no word character follows" lookahead sees the real text.
        Clusters never cross a number run's edges (their characters are a
        subset and they start and end with a digit), so searching the runs
        finds exactly what searching the whole text would.
        """
        text = self.text
        size = len(text)
        finditer = _DIGIT_CLUSTER.finditer
        return [(m.start(), min(size, m.end() + 2)) for start, end in self.number_runs for m in finditer(text, start, end)]

    @cached_property
    def code_starts(self) -> list[int]:
        """Offsets where an upper-case code (``_CODE_START``) can begin, in one regex pass."""
        return [m.start() for m in _CODE_START.finditer(self.text)]

    def codes(self, regex: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """``regex.finditer(text)`` for a regex that only matches at :attr:`code_starts`.

        Tries the regex at the candidate offsets only, skipping those inside the
        previous match exactly as ``finditer`` does.  The regex must start with a
        capital letter not preceded by a word character, followed by a capital or
        a digit (``[A-Z](?<![\\w][A-Z])[A-Z\\d]...``) and never match empty text.
        """
        text = self.text
        match = regex.match
        done = 0
        for pos in self.code_starts:
            if pos >= done:
                m = match(text, pos)
                if m is not None:
                    done = m.end()
                    yield m

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
