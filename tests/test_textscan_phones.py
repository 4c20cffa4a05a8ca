"""UK telephone numbers found by their shape, whatever ``phonenumbers`` says about allocation.

All numbers are fictional: Ofcom's drama ranges (07700 900xxx, 020 7946 0xxx,
0113 496 0xxx, 0161 496 0xxx, 01632 960xxx) and mobile ranges that are not
allocated today (allocations change: such a number may still be someone's).
"""

from __future__ import annotations

import random
import time

import pytest

from foilog.gate.textscan import DEFAULT_CONFIG, AllowEntry, TextScanConfig, scan_text
from foilog.gate.textscan.detect_phones import uk_number_type
from foilog.log.findings import Severity


def phones(text: str, config: TextScanConfig = DEFAULT_CONFIG) -> list[tuple[Severity, str | None]]:
    return [(f.severity, f.excerpt) for f in scan_text(text, path="t.txt", config=config) if f.rule == "phone"]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Call me on 07700 900123.", "0**** 9*****"),  # Ofcom drama range: unknown to phonenumbers
        ("Mobile: 07700900123", "0**********"),
        ("Tel:07700 900123", "0**** 9*****"),
        ("Ring 07458 123456 after six", "0**** 1*****"),  # an unallocated mobile range today
        ("Mobile 07624 123456", "0**** 1*****"),  # Isle of Man mobile, not a GB number to phonenumbers
        ("My number is 07700 900/123", "0**** 9**/1**"),  # split by a slash
        ("+44 (0) 7700 900123", "+4* (0) 7*** 9*****"),
        ("+44 (0)7700 900123", "+4* (0)7*** 9*****"),
        ("+447700900123", "+4***********"),
        ("0044 7700 900123", "0*** 7*** 9*****"),
        ("07700.900.123", "0****.9**.1**"),
        ("07700-900-123", "0****-9**-1**"),
    ],
)
def test_uk_mobile_shapes_are_errors(text: str, excerpt: str) -> None:
    assert phones(text) == [(Severity.ERROR, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Direct line 020 7946 0018", "0** 7*** 0***"),
        ("Direct line 020 7946 0/018", "0** 7*** 0/0**"),  # split by a slash
        ("(020) 7946 0018", "(0**) 7*** 0***"),
        ("+44 (0)20 7946 0018", "+4* (0)2* 7*** 0***"),
        ("+44 20 7946 0018", "+4* 2* 7*** 0***"),
        ("0113.496.0000", "0***.4**.0***"),
        ("0161-496-0000", "0***-4**-0***"),
        ("(01632) 960001", "(0****) 9*****"),
    ],
)
def test_uk_landline_shapes_are_warnings(text: str, excerpt: str) -> None:
    assert phones(text) == [(Severity.WARNING, excerpt)]


def test_phonenumbers_decides_the_wording_when_it_knows_the_number() -> None:
    (known,) = scan_text("Mobile 07123 456789", path="t")
    (unknown,) = scan_text("Mobile 07700 900123", path="t")
    assert known.message.startswith("A mobile telephone number was found.")
    assert unknown.message.startswith("A number shaped like a UK mobile telephone number was found")
    assert "07700" not in unknown.message and "900123" not in unknown.message


def test_uk_number_type_follows_phonenumbers() -> None:
    import phonenumbers

    for national in ("07123456789", "02079460018", "01614960000", "08001234567", "03031231113", "07700900123", "05512345678"):
        number = phonenumbers.parse(national, "GB")
        expected = phonenumbers.number_type(number) if phonenumbers.is_valid_number(number) else None
        assert uk_number_type(national) == expected, national


def test_two_numbers_in_a_row_and_a_list() -> None:
    assert len(phones("0161 496 0000 0161 496 0001")) == 2
    assert len(phones("Mobiles: 07700900123, 07700900124; 07700 900125")) == 3
    assert len(phones("07700 900123/07700 900456")) == 1  # the second starts after a slash, like a reference


@pytest.mark.parametrize(
    "text",
    [
        "Our reference is FOI/19/011430",
        "Reference No: 01/FOI/19/011430",
        "Case 011430/2019 was closed",
        "Received on 01/02/2019 and 16/12/2019.",
        "The total was £07700900123 in error",  # money
        "Ratio 0.12345678901",
        "Record 012345678901234,1",  # a long id in a CSV
        "ID 01234567890123456",
        "Ref 0161-496-0000-12",  # joined on to more digits: a reference, not a number
        "Figures: 0 1234 567890",
        "01 02 03 04 05 06 07 08",
        "pages 0123-0456",
        "Section 24(2) and section 31(3) apply.",
        "Call our switchboard free on 0800 123 4567",
        "ICO helpline 0303 123 1113",
        "ICO on +44 303 123 1113",
    ],
)
def test_phone_look_alikes(text: str) -> None:
    assert phones(text) == []


def test_allowlisted_drama_number_in_any_format() -> None:
    config = TextScanConfig(allowlist=(AllowEntry("020 7946 0999", "council switchboard"),))
    assert phones("Switchboard: +44 (0)20 7946 0999 or 020-7946-0999", config) == []


def test_number_dense_csv_scans_quickly() -> None:
    """A CSV export of 20,000 calls (about 1.6 MB, two numbers a row) is scanned in seconds, not minutes."""
    rng = random.Random(5)
    rows = ["id,date,caller,callee,ref"]
    for i in range(20_000):
        rows.append(
            f"{rng.randint(10**14, 10**15 - 1)},{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2023,"
            f"07700 900{rng.randint(0, 999):03d},+44 (0)20 7946 0{rng.randint(0, 999):03d},FOI/23/{i:06d}"
        )
    text = "\n".join(rows)
    start = time.perf_counter()
    findings = scan_text(text, path="calls.csv")
    elapsed = time.perf_counter() - start
    assert sum(f.rule == "phone" for f in findings) == 40_000
    assert elapsed < 20, f"{elapsed:.1f} s"  # about 2.5 s on a 2-core machine; several minutes before


# -- the candidate search -------------------------------------------------------------
#: How the search for where a number can start was written before it took over ``_UK_SHAPE``'s checks of what comes before.
_PLAIN_START = r"0\d|\+|\(0"
_PIECES = (
    "07700 900123", "07700900123", "+44 7700 900123", "+44 (0)20 7946 0018", "0044 20 7946 0018", "(020) 7946 0018",
    "(0113) 496 0123", "0161-496-0123", "01632 960123", "020.7946.0018", "+33 6 12 34 56 78", "0800 123 4567",
    "2019-10-02", "10/02/2019", "011430/2019", "£105", "$0.99", "#0123", "@0207", "v2.01", "3-01", "4.0123", "x(020)",
    "/07700", "\\07700", "€0800", "(0", "(+", "+", "0", "00", "(", ")", "-", ".", "/", " ", "\n", "\t", "A", "a", "_", "é", "٠١",
)  # fmt: skip


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40)))


def test_the_candidate_search_finds_what_trying_every_start_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passing over, in the search, the starts ``_UK_SHAPE`` refuses for what comes before them finds the same numbers.

    Texts are made of numbers in every written form next to every character the
    shape's look-behinds test (word characters, ``/``, ``+``, ``£``, ``#``, a digit
    and a dot or dash), dates and references, and compared hit for hit with the
    plain search.
    """
    import re

    from foilog.gate.textscan import detect_phones
    from foilog.gate.textscan.base import ScanContext
    from foilog.gate.textscan.config import compile_config

    compiled = compile_config(DEFAULT_CONFIG)
    rng = random.Random(1729)
    texts = [_random_text(rng) for _ in range(4000)]
    fast = [list(detect_phones.detect_uk_phones(ScanContext(text, compiled))) for text in texts]
    monkeypatch.setattr(detect_phones, "_UK_START", re.compile(_PLAIN_START))
    plain = [list(detect_phones.detect_uk_phones(ScanContext(text, compiled))) for text in texts]
    assert fast == plain
    assert sum(map(len, plain)) > 1000  # numbers were found, and refused: the comparison is not of empty lists
