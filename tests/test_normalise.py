"""The fast normalisation (:func:`foilog.gate.textscan.normalise.normalise`) against the plain algorithm it replaces.

The plain algorithm normalises every non-ASCII character, cluster by cluster
(a character and the combining marks after it), and keeps one origin per
output character. The fast one copies stable characters as they are, finds
only the runs of characters that change, and keeps origins as stretches.
Both must give the same text and the same origin for every character, on
text built to hit the edges: combining marks after ASCII, after stable and
after unstable characters and at the very start, format characters, NFKC
expansions and compositions, characters outside Latin-1.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from foilog.gate.textscan.normalise import OffsetMap, normalise


def _plain_normalise(original: str) -> tuple[str, tuple[int, ...]]:
    """The reference: every maximal non-ASCII run normalised cluster by cluster, one origin per character."""
    out: list[str] = []
    origin: list[int] = []
    last = 0
    i = 0
    n = len(original)
    while i < n:
        if original[i].isascii():
            i += 1
            continue
        s = i
        while i < n and not original[i].isascii():
            i += 1
        e = i
        if s > last and unicodedata.combining(original[s]):
            s -= 1
        out.append(original[last:s])
        origin.extend(range(last, s))
        j = s
        while j < e:
            k = j + 1
            while k < e and unicodedata.combining(original[k]):
                k += 1
            piece = "".join(c for c in unicodedata.normalize("NFKC", original[j:k]) if unicodedata.category(c) != "Cf")
            out.append(piece)
            origin.extend([j] * len(piece))
            j = k
        last = e
    out.append(original[last:])
    origin.extend(range(last, n))
    return "".join(out), tuple(origin)


ASCII = "ab e Z1\n\t.-:@"
STABLE = "£éÉüøß’“–—✓€中"  # each its own NFKC form
UNSTABLE = (
    "…"  # NFKC "..."
    "\u00a0"  # no-break space -> space
    "\u00ad"  # soft hyphen (Cf): dropped
    "\u200b\u200d\ufeff"  # zero-width space, joiner, BOM (Cf): dropped
    "ＡＢ１"  # fullwidth -> ASCII
    "ﬁ"  # ligature -> "fi"
    "²½"  # superscript, fraction
    "\u0301\u0327\u0308"  # combining acute, cedilla, diaeresis
    "\u2126"  # ohm sign -> omega
)


def _texts() -> list[str]:
    rng = random.Random(17)
    texts = ["", "plain", "e\u0301", "\u0301start", "£\u0301", "…\u0301", "é\u0301…", "ＡＢ\u200b12", "x" * 50 + "…" + "y" * 50]
    pools = [ASCII + STABLE + UNSTABLE, ASCII * 4 + UNSTABLE, STABLE + UNSTABLE, ASCII * 8 + STABLE + "…\u0301"]
    for n in range(3000):
        pool = pools[n % len(pools)]
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 40))))
    return texts


@pytest.mark.parametrize("chunk", range(6))
def test_the_fast_normalisation_gives_the_plain_algorithm_s_text_and_origins(chunk: int) -> None:
    texts = _texts()[chunk::6]
    for original in texts:
        norm = normalise(original)
        text, origin = _plain_normalise(original)
        assert norm.text == text, original
        if norm.origin is None:
            assert origin == tuple(range(len(original))) and text == original, original
            continue
        assert len(norm.origin) == len(origin), original
        assert [norm.origin[i] for i in range(len(origin))] == list(origin), original
        if origin:
            assert norm.origin[-1] == origin[-1]


def test_spans_and_lines_map_back_through_the_stretches() -> None:
    original = "Line one…\nＡＢ１２３ and e\u0301 £5\u00a0000\n\u200bLast ﬁle line"
    norm = normalise(original)
    text, origin = _plain_normalise(original)
    assert norm.text == text
    for start in range(len(text)):
        for end in range(start, len(text) + 1):
            following = origin[end] if end < len(origin) else len(original)
            expected = (origin[start], origin[start]) if end <= start else (origin[start], max(origin[end - 1] + 1, following))
            assert norm.original_span(start, end) == expected
    starts = list(range(len(text)))
    assert norm.lines_of(starts) == [original.count("\n", 0, origin[s]) + 1 for s in starts]
    assert norm.line_of(text.index("Last")) == 3


def test_an_offset_map_is_indexed_like_a_tuple() -> None:
    offsets = OffsetMap()
    offsets.add(0, 3, step=1)
    offsets.add(3, 0, step=1)  # empty: nothing added
    offsets.add(3, 3, step=0)
    offsets.add(4, 2, step=1)
    assert len(offsets) == 8
    assert [offsets[i] for i in range(8)] == [0, 1, 2, 3, 3, 3, 4, 5]
    assert offsets[-1] == 5 and offsets[-8] == 0
    for wrong in (8, -9):
        with pytest.raises(IndexError):
            offsets[wrong]


def test_a_long_letter_with_one_changed_character_keeps_few_stretches() -> None:
    original = "£12 a week. " * 2000 + "See above…" + " Yours sincerely." * 100
    norm = normalise(original)
    assert norm.text == _plain_normalise(original)[0]
    assert norm.origin is not None and len(norm.origin._starts) <= 3
