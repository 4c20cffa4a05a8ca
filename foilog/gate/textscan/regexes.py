"""Searching with a regex only where a match can start.

Python's ``re`` scans quickly for a pattern that begins with a character or a
character class, but a pattern that begins with a lookbehind (``(?<![\\w/])``,
how most detectors and allowlist patterns say "at the start of a word") is
tried at every single character.  :func:`start_finder` derives, from the
parsed pattern, a one-character regex that matches wherever a match can start;
:func:`finditer_from` then tries the real pattern only there, resuming after
each match exactly as ``finditer`` does, so the matches are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # typeshed describes the parser under its pre-3.11 public names; at run time
    # those names are deprecated aliases of the private modules imported below.
    import sre_constants as _sre
    import sre_parse as _sre_parser
else:
    from re import _constants as _sre  # parsed-pattern node types (present since 3.11)
    from re import _parser as _sre_parser

#: One node of a parsed pattern: an opcode and its argument, whose shape depends on the opcode
#: (a code point, a list of nodes, a ``(group, add_flags, del_flags, nodes)`` tuple...), hence ``Any``.
_Node = tuple[object, Any]

_CATEGORY_SOURCE = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}


class _Unknown(Exception):
    """A regex construct :func:`start_finder` does not analyse."""


def _char_items(op: object, av: Any) -> list[str]:
    """Character-class source for one single-character node (LITERAL or IN)."""
    if op is _sre.LITERAL:
        return [re.escape(chr(av))]
    if op is not _sre.IN:
        raise _Unknown
    items: list[str] = []
    for item_op, item_av in av:
        if item_op is _sre.LITERAL:
            items.append(re.escape(chr(item_av)))
        elif item_op is _sre.RANGE:
            items.append(re.escape(chr(item_av[0])) + "-" + re.escape(chr(item_av[1])))
        elif item_op is _sre.CATEGORY and item_av in _CATEGORY_SOURCE:
            items.append(_CATEGORY_SOURCE[item_av])
        else:
            raise _Unknown  # NEGATE and anything rarer
    return items


def _first_chars(nodes: Iterable[_Node]) -> tuple[list[str], bool]:
    """Class items for every character a match of ``nodes`` can start with, and
    whether ``nodes`` can match without consuming anything."""
    items: list[str] = []
    for op, av in nodes:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # zero width: ignoring it only lets more offsets through
        if op in (_sre.LITERAL, _sre.IN):
            return items + _char_items(op, av), False
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            first, empty = _first_chars(sub)
        elif op is _sre.ATOMIC_GROUP:
            first, empty = _first_chars(av)
        elif op is _sre.BRANCH:
            first, empty = [], False
            for branch in av[1]:
                branch_first, branch_empty = _first_chars(branch)
                first += branch_first
                empty = empty or branch_empty
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _high, sub = av
            first, empty = _first_chars(sub)
            empty = empty or low == 0
        else:
            raise _Unknown
        items += first
        if not empty:
            return items, False
    return items, True


def start_finder(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-character regex matching wherever a match of ``regex`` can start.

    Built from the parsed pattern: the characters a match can begin with, and
    any single-character lookbehinds at the very start (``(?<![\\w/])``).
    ``None`` when the pattern can match empty text or uses constructs this
    does not analyse; callers then search with ``regex`` itself.
    """
    try:
        tree = _sre_parser.parse(regex.pattern, regex.flags)
        if tree.getwidth()[0] == 0:
            return None
        first, empty = _first_chars(tree.data)
        if empty or not first:
            return None
        return re.compile("[" + "".join(first) + "]" + _leading_lookbehinds(tree.data), regex.flags & ~re.VERBOSE)
    except (_Unknown, re.error, TypeError, ValueError, IndexError):
        return None


def _leading_lookbehinds(nodes: Iterable[_Node]) -> str:
    """The single-character negative lookbehinds at the very start of ``nodes``, as one-character checks."""
    behind = ""
    for op, av in nodes:
        if op is not _sre.ASSERT_NOT or av[0] != -1 or len(av[1]) != 1:
            break
        behind += "(?<![" + "".join(_char_items(*av[1][0])) + "](?s:.))"
    return behind


def finditer_from(regex: re.Pattern[str], starts: re.Pattern[str] | None, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """The matches of ``regex.finditer(text, pos, endpos)``, tried only where ``starts`` matches.

    ``starts`` must come from :func:`start_finder` for ``regex`` (or be ``None``:
    plain ``finditer``).
    """
    if starts is None:
        yield from regex.finditer(text, pos, endpos)
        return
    search, match = starts.search, regex.match
    while True:
        candidate = search(text, pos, endpos)
        if candidate is None:
            return
        at = candidate.start()
        m = match(text, at, endpos)
        if m is None:
            pos = at + 1
        else:
            yield m
            pos = m.end()  # never empty: start_finder refuses patterns that can match ""


def widest(regex: re.Pattern[str]) -> int:
    """The most characters a match of ``regex`` can span (a huge number when it is unbounded)."""
    try:
        return int(_sre_parser.parse(regex.pattern, regex.flags).getwidth()[1])
    except (re.error, TypeError, ValueError, OverflowError):
        return 1 << 30


_UNBOUNDED = 1 << 30


def _digits_in(nodes: Iterable[_Node]) -> int:
    """The most decimal digits a match of ``nodes`` can hold (``_UNBOUNDED`` if no limit)."""
    total = 0
    for op, av in nodes:
        if op is _sre.LITERAL:
            total += chr(av).isdigit()
        elif op is _sre.NOT_LITERAL or op is _sre.ANY:
            total += 1
        elif op is _sre.IN:
            total += _class_has_digit(av)
        elif op is _sre.SUBPATTERN:
            total += _digits_in(av[3])
        elif op is _sre.ATOMIC_GROUP:
            total += _digits_in(av)
        elif op is _sre.BRANCH:
            total += max(_digits_in(branch) for branch in av[1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            _low, high, sub = av
            inner = _digits_in(sub)
            if inner:
                total += _UNBOUNDED if high >= _sre.MAXREPEAT else inner * high
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue
        else:
            return _UNBOUNDED  # a construct not analysed: no limit
    return min(total, _UNBOUNDED)


def _class_has_digit(items: Iterable[_Node]) -> int:
    """1 if a character class can match a decimal digit."""
    for op, av in items:
        if op is _sre.NEGATE:
            return 1
        if op is _sre.LITERAL and chr(av).isdigit():
            return 1
        if op is _sre.RANGE and av[0] <= ord("9") and av[1] >= ord("0"):
            return 1
        if op is _sre.CATEGORY and av in (_sre.CATEGORY_DIGIT, _sre.CATEGORY_WORD, _sre.CATEGORY_NOT_SPACE, _sre.CATEGORY_NOT_WORD):
            return 1
        if op not in (_sre.LITERAL, _sre.RANGE, _sre.CATEGORY):
            return 1
    return 0


def most_digits(regex: re.Pattern[str]) -> int:
    """The most decimal digits a match of ``regex`` can hold (a huge number when unbounded or unsure)."""
    try:
        return _digits_in(_sre_parser.parse(regex.pattern, regex.flags).data)
    except (re.error, TypeError, ValueError, IndexError):
        return _UNBOUNDED
