"""Texts the leak gate has already judged whole, which the post-build sweep need not read again in the exports.

A response's letter reaches the built site five times: its page, its JSON
document (``letter``), and its answers again in ``questions.csv``, the JSON
document's ``questions`` and ``/data/foilog.sqlite``. The page shows it
rendered (Markdown converted, entities decoded), so the sweep reads the page
as a reader sees it. The exports hold the *same string* the gate scanned in
``response.md`` or ``response.yml``, character for character: the letter
as the gate read it (with Markdown's soft breaks, which finds everything a
scan without them finds, and more), an answer as the value of the file the
gate read. Scanning that string again finds nothing the gate has not
reported already against the source's own line (where it is fixed) and
costs the sweep about a third of its time on real-size letters.

So the sweep reads a value of a JSON file, a cell of a CSV file or of an
SQLite database that is *exactly* such a string as blank: only whole values
of at least :data:`MIN_CHARS` characters (a letter, a long answer: where the
time goes; a short value is cheap, and the label beside it is context a
detector uses), matched by a 128-bit BLAKE2b digest, never a part of a value
or one that differs by a character. Everything else of the file (the keys,
the other columns, a value a template or an export changed, a text that
belongs to no response) is swept as before, and so is every page. A strict
build (``--strict``) trusts nothing and reads every value.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from foilog.log.model import Log

__all__ = ["MIN_CHARS", "JudgedTexts", "judged_texts"]

#: Shorter values are always swept.
MIN_CHARS = 256


def _digest(text: str) -> tuple[int, int]:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")


class JudgedTexts:
    """A set of whole texts, by digest: 16 bytes each (two sorted arrays), so a 10,000-response log's costs under 1 MB."""

    __slots__ = ("_high", "_low")

    def __init__(self, texts: Iterable[str] = ()) -> None:
        pairs = sorted({_digest(text) for text in texts if len(text) >= MIN_CHARS})
        self._high = array("Q", (high for high, _ in pairs))
        self._low = array("Q", (low for _, low in pairs))

    def __len__(self) -> int:
        return len(self._high)

    def __contains__(self, text: object) -> bool:
        """Whether ``text`` is one of the texts, whole (never true of a text under :data:`MIN_CHARS` characters)."""
        if not self._high or not isinstance(text, str) or len(text) < MIN_CHARS:
            return False
        high, low = _digest(text)
        index = bisect_left(self._high, high)
        while index < len(self._high) and self._high[index] == high:
            if self._low[index] == low:
                return True
            index += 1
        return False


def _strings(value: object) -> Iterator[str]:
    """Every string in a loaded ``response.yml`` (the validated model: values as the exports print them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _strings(getattr(value, field))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def judged_texts(log: Log) -> JudgedTexts:
    """Every response's letter and the long strings of its ``response.yml``, as the gate scanned them.

    Call it after the gate has scanned the log and before the letters are
    packed (:meth:`foilog.log.model.Log.pack_bodies`).
    """
    return JudgedTexts(text for r in log.responses for text in (r.body, *_strings(r.data)))
