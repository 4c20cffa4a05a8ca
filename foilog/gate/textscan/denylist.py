"""The deny list matched with an Aho-Corasick automaton: 20,000 names cost about what 20 do.

A log's requesters are the obvious deny list, and a regex alternation of
thousands of names is tried name by name at every word of every letter
(about 250 ms a letter at 20,000 names).  The automaton (``pyahocorasick``)
finds every entry in one pass over the text, whatever the number of entries.

Matching is what the deny list has always meant: the entries and the text are
NFKC-normalised (the engine's normalisation), case-insensitive, any run of
whitespace matches any other, whole words only, accents kept (``Zoë`` is not
``Zoe``).  Where entries overlap, the leftmost wins, then the longest
("Jane Smith" over "Jane"), as the regex did.

The automaton is built once per configuration (``compile_config`` is cached)
and lives only in memory: it is never pickled (the scan cache holds the deny
list only as a salted slow hash; forked helpers inherit it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import NoReturn

import ahocorasick

from foilog.gate.textscan.normalise import clean

_WS_RUN = re.compile(r"\s+")
#: Whitespace runs that change length when collapsed to one space.
_LONG_WS_RUN = re.compile(r"\s\s+")


def fold(text: str) -> str:
    """``text`` lower-cased character by character (the same length, so offsets hold)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def deny_key(entry: str) -> str:
    """How an entry is looked for: normalised, folded, whitespace collapsed to single spaces."""
    return " ".join(fold(clean(entry)).split())


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class DenyMatcher:
    """Every deny-list entry, found in one pass (see the module docstring)."""

    __slots__ = ("_automaton", "size")

    def __init__(self, entries: Iterable[str]) -> None:
        automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for key in {deny_key(e) for e in entries}:
            if key:
                automaton.add_word(key)
        self.size = len(automaton)
        automaton.make_automaton()
        self._automaton = automaton

    def __reduce__(self) -> NoReturn:
        """Refuse pickling: the deny list must never reach a cache or a pipe in the clear."""
        raise TypeError("the deny-list matcher is never pickled (the scan cache keeps only a salted hash of the deny list)")

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each whole-word entry in ``text``, leftmost then longest, not overlapping."""
        if not self.size or not text:
            return []
        folded = fold(text)
        collapsed = _WS_RUN.sub(" ", folded) if _LONG_WS_RUN.search(folded) or "\n" in folded or "\t" in folded else folded
        found = list(self._automaton.iter(collapsed))
        if not found:
            return []
        to_original = _offset_map(folded) if len(collapsed) != len(folded) else None
        size = len(text)
        candidates: list[tuple[int, int]] = []
        for last, length in found:
            start, end = last + 1 - length, last + 1
            if to_original is not None:
                start, end = to_original(start), to_original(last) + 1
            if (start and _is_word(text[start - 1])) or (end < size and _is_word(text[end])):
                continue
            candidates.append((start, end))
        candidates.sort(key=lambda span: (span[0], -span[1]))
        kept: list[tuple[int, int]] = []
        done = 0
        for start, end in candidates:
            if start >= done:
                kept.append((start, end))
                done = end
        return kept


def _offset_map(folded: str) -> Callable[[int], int]:
    """Map an offset of ``folded`` with whitespace runs collapsed back to ``folded`` (a non-space character's offset)."""
    after: list[int] = []  # collapsed offset just after each long run
    removed: list[int] = []  # characters removed up to and including that run
    total = 0
    for m in _LONG_WS_RUN.finditer(folded):
        start, end = m.span()
        after.append(start - total + 1)
        total += end - start - 1
        removed.append(total)

    def to_original(pos: int) -> int:
        i = bisect_right(after, pos) - 1
        return pos if i < 0 else pos + removed[i]

    return to_original
