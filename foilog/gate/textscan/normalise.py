"""Text normalisation that remembers where every character came from.

Leaked personal data is often disguised by accident rather than on purpose:
a zero-width space pasted from a web form (``AB 12\u200b34 56 C``), fullwidth
digits from an East Asian keyboard, a non-breaking space inside a phone
number.  Detectors therefore run on an NFKC-normalised copy with Unicode
format characters (category ``Cf``) removed.  Findings must still point at
the right line of the *original* file, so the normalised text keeps, for each
of its characters, the offset of the original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

_WS = re.compile(r"\s+")


class OffsetMap:
    """Where each character of a normalised text came from in the original, kept as stretches.

    A normalised text is mostly the original copied (everything but the few
    characters NFKC changes or drops), so one offset per character would
    spend most of a long letter's normalisation on building a tuple of
    consecutive numbers: 20,000 of them for a page with one ellipsis. A
    stretch is a start in the text, the original offset of that start, and a
    step: 1 for a copied stretch (each character from the next), 0 for the
    characters of one normalised cluster (all from the cluster's first).
    """

    __slots__ = ("_bases", "_length", "_starts", "_steps")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._bases: list[int] = []
        self._steps: list[int] = []
        self._length = 0

    def add(self, base: int, length: int, *, step: int) -> None:
        """The next ``length`` characters come from ``base`` on (``step`` 1) or all from ``base`` (``step`` 0)."""
        if length <= 0:
            return
        self._starts.append(self._length)
        self._bases.append(base)
        self._steps.append(step)
        self._length += length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset out of range")
        k = bisect_right(self._starts, index) - 1
        return self._bases[k] + (index - self._starts[k]) * self._steps[k]


@dataclass(frozen=True)
class NormalisedText:
    """A normalised copy of ``original`` plus the offset map back to it.

    ``origin`` is ``None`` when the text needed no change (the common, pure
    ASCII case), so the hot path pays nothing for the mapping; otherwise an
    :class:`OffsetMap`, indexed like a tuple of one offset per character.  The line
    starts are only computed when a line number is asked for (most texts
    have no findings).
    """

    original: str
    text: str
    origin: OffsetMap | None

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Offsets in :attr:`original` where each line starts."""
        return _line_starts(self.original)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` back to :attr:`original`."""
        if self.origin is None:
            return start, end
        o_start = self.origin[start]
        if end <= start:
            return o_start, o_start
        # The span ends where the next normalised character came from, so a
        # composed cluster (e + combining accent) maps back whole.
        following = self.origin[end] if end < len(self.origin) else len(self.original)
        return o_start, max(self.origin[end - 1] + 1, following)

    def line_of(self, start: int) -> int:
        """1-based line number (in the original) of normalised offset ``start``."""
        o_start = self.origin[start] if self.origin is not None else start
        return bisect_right(self.line_starts, o_start)

    def lines_of(self, starts: Sequence[int]) -> list[int]:
        """:meth:`line_of` for many offsets: one pass counting newlines, no line table."""
        origin = self.origin
        offsets = [origin[s] for s in starts] if origin is not None else list(starts)
        lines = [0] * len(offsets)
        count = self.original.count
        line, previous = 1, 0
        for i in sorted(range(len(offsets)), key=offsets.__getitem__):
            offset = offsets[i]
            line += count("\n", previous, offset)
            previous = offset
            lines[i] = line
        return lines


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return tuple(starts)


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _stable(ch: str) -> bool:
    """Whether a non-ASCII character survives normalisation unchanged."""
    return unicodedata.category(ch) != "Cf" and not unicodedata.combining(ch) and unicodedata.normalize("NFKC", ch) == ch


#: The Latin-1 bytes whose characters survive normalisation (ASCII and most of
#: U+0080-U+00FF; not NBSP, the soft hyphen, superscripts, fractions, ...).
_STABLE_LATIN1 = bytes(b for b in range(256) if b < 0x80 or _stable(chr(b)))


def _unstable_chars(original: str) -> str:
    """The characters of ``original`` that normalisation changes or drops, each once, sorted; empty for most text."""
    if original.isascii():
        return ""
    try:
        raw = original.encode("latin-1")  # most text: one byte per character, a plain copy
    except UnicodeEncodeError:
        return "".join(sorted(c for c in set(_ASCII_RUN.sub("", original)) if not _stable(c)))
    return "".join(sorted(set(raw.translate(None, _STABLE_LATIN1).decode("latin-1"))))  # deletes the stable bytes


def _unstable_runs(original: str, chars: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` runs of ``original`` made of the characters ``chars`` (those of :func:`_unstable_chars`).

    Found with ``str.find``, one character at a time: the characters are few
    and rare, and a regular expression's character class is tried at every
    position (about 130 µs for a 20,000-character page against under 10 µs).
    """
    positions: list[int] = []
    find = original.find
    for c in chars:
        at = find(c)
        while at != -1:
            positions.append(at)
            at = find(c, at + 1)
    positions.sort()
    runs: list[tuple[int, int]] = []
    start = end = -1
    for at in positions:
        if at != end:
            if end != -1:
                runs.append((start, end))
            start = at
        end = at + 1
    if end != -1:
        runs.append((start, end))
    return runs


def _normalise_run(run: str, base: int, out: list[str], origin: OffsetMap) -> None:
    """Normalise one run of text cluster by cluster, recording origins."""
    nfkc = unicodedata.normalize
    category = unicodedata.category
    combining = unicodedata.combining
    i, n = 0, len(run)
    while i < n:
        j = i + 1
        while j < n and combining(run[j]):
            j += 1
        piece = "".join(c for c in nfkc("NFKC", run[i:j]) if category(c) != "Cf")
        out.append(piece)
        origin.add(base + i, len(piece), step=0)
        i = j


def normalise(original: str) -> NormalisedText:
    """NFKC-normalise ``original`` and drop format characters, keeping offsets.

    Text whose characters are all ASCII or already stable (``£``, ``é``) is
    returned unchanged with no offset map -- the common case costs one pass
    in C.  Otherwise only the runs of characters that change are processed in
    Python, cluster by cluster (a character plus its combining marks, so NFKC
    composition still happens; a run that starts with a combining mark takes
    the character before it); every output character maps back to its
    cluster's first original character. A stable character on its own is its
    own NFKC form, so copying everything between the runs as it is gives what
    normalising every character would: a letter of 20,000 characters with one
    ellipsis (``…``, NFKC ``...``) costs one run, not the thirty-odd ``£`` signs
    and dashes around it.
    """
    unstable = _unstable_chars(original)
    if not unstable:
        return NormalisedText(original, original, None)
    out: list[str] = []
    origin = OffsetMap()
    last = 0
    combining = unicodedata.combining
    for s, e in _unstable_runs(original, unstable):
        if s > last and combining(original[s]):
            s -= 1  # the combining mark belongs to the character before it
        if s > last:
            out.append(original[last:s])
            origin.add(last, s - last, step=1)
        _normalise_run(original[s:e], s, out, origin)
        last = e
    out.append(original[last:])
    origin.add(last, len(original) - last, step=1)
    return NormalisedText(original, "".join(out), origin)


def clean(value: str) -> str:
    """NFKC-normalise a short string and drop format characters (no offsets)."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def normalise_key(value: str) -> str:
    """The comparison key for acknowledgements, deny lists and allowlists.

    NFKC, format characters removed, case-folded, whitespace collapsed and
    trimmed.  Accents are kept: ``Zoë`` and ``Zoe`` may be different people.
    """
    if value.isascii():  # the same result: ASCII has no format characters, NFKC and casefold are lower()
        return " ".join(value.split()).lower()
    return _WS.sub(" ", clean(value)).strip().casefold()


def flexible_literal(value: str) -> str:
    """A regex source matching ``value`` (use with IGNORECASE) across any whitespace.

    Not case-folded here: ``re.IGNORECASE`` does the case-insensitivity and
    folding would change lengths (``ß`` -> ``ss``).
    """
    return r"\s+".join(re.escape(w) for w in clean(value).split())
