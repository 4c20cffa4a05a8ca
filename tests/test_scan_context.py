"""The scan context's cheap pre-checks (:class:`foilog.gate.textscan.base.ScanContext`) against the plain Python they stand for.

``contains_folded`` searches bytes (Latin-1, ASCII lower-cased, other
characters read as ``?``) and rules needles out by one rare byte first;
``ascii_digits`` looks only at the characters beyond Latin-1. Each must
answer what the obvious expression answers, on text built to hit the
edges: the two characters beyond Latin-1 that lower-case to ASCII, ``?``
itself, capitals, and digits of other scripts.
"""

from __future__ import annotations

import random

import pytest

from foilog.gate.textscan.base import ScanContext
from foilog.gate.textscan.config import TextScanConfig, compile_config
from foilog.gate.textscan.detect_places import _DOB_HINTS
from foilog.gate.textscan.obfuscation import _AT_HINTS

CONFIG = compile_config(TextScanConfig())
ALPHABET = "abtAT @&#;x4.0_*()[]{}<>?dDoObB\n" + "éÉ£ß✓—’" + "\u0130\u212a" + "٣५"
NEEDLES = [_AT_HINTS, _DOB_HINTS, ("?",), ("a?b",), ("k",), ("i",), ("@ ", " at "), ("[at]", "x"), ("d.o.b",)]


def _texts() -> list[str]:
    rng = random.Random(5)
    return ["", "plain", "K\u212a", "\u0130", "Date of BIRTH", "jane AT example", "✓ ?"] + [
        "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30))) for _ in range(3000)
    ]


@pytest.mark.parametrize("needles", NEEDLES, ids=lambda n: "|".join(n))
def test_contains_folded_answers_what_lower_case_text_holds(needles: tuple[str, ...]) -> None:
    for text in _texts():
        assert ScanContext(text, CONFIG).contains_folded(needles) is any(n in text.lower() for n in needles), text


def test_ascii_digits_answers_whether_every_decimal_digit_is_0_to_9() -> None:
    for text in _texts():
        expected = all(c in "0123456789" for c in text if c.isdecimal())
        assert ScanContext(text, CONFIG).ascii_digits is expected, text
