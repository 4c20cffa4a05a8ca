"""Personal data disguised the way editors and requesters really write it.

E-mail addresses with Markdown emphasis, HTML entities or spelt-out "at" and
"dot"; salutations in capitals and informal greetings; National Insurance
numbers and postcodes in lower case.  All data is invented.
"""

from __future__ import annotations

import pytest

from foilog.gate.textscan import DEFAULT_CONFIG, AllowEntry, TextScanConfig, scan_text


def found(text: str, config: TextScanConfig = DEFAULT_CONFIG) -> list[tuple[str, str | None]]:
    return [(f.rule, f.excerpt) for f in scan_text(text, path="t.md", config=config)]


@pytest.mark.parametrize(
    "text",
    [
        "Please reply to **john.smith**@gmail.com.",
        "Please reply to _john.smith_@gmail.com.",
        "Please reply to john.smith@**gmail.com**.",
        "Email john.smith&#64;gmail.com please",
        "Email john.smith&#x40;example.org please",
        "Email john.smith&commat;gmail.com please",
        "Write to jane.hartley [at] example [dot] org",
        "Write to jane.hartley [ at ] example [ dot ] org",
        "Write to jane.hartley (at) example (dot) co (dot) uk",
        "Write to jane.hartley(at)example(dot)org",
        "Write to jane.hartley at example dot com",
        "Write to jane.hartley at example.org.uk",
        "Write to jhartley at gmail dot com",
        "Write to jane.hartley @ example.org",
    ],
)
def test_disguised_email_addresses(text: str) -> None:
    (finding,) = scan_text(text, path="t.md")
    assert finding.rule == "email"
    assert "hartley" not in (finding.excerpt or "") and "smith" not in (finding.excerpt or "")
    assert "disguised" in finding.message or text.count("@") == 1


@pytest.mark.parametrize(
    "text",
    [
        "We met at the end of the road.",
        "The report is available at www.example.org.",
        "Write to us at example.org.uk.",
        "contact foi [at] borsetshire [dot] gov [dot] uk",  # a role mailbox
        "See (at page 3) the report on example.org.",
        "The meeting at Borsetshire.gov.uk was recorded.",
        "The cost at 10.30 was at 1.5 million.",
        "Reply to foi@borsetshire.example.gov.uk",
    ],
)
def test_disguised_email_look_alikes(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Dear JOHN SMITH,\n", "J*** S****"),
        ("DEAR MR HARTLEY\n", "H******"),
        ("Hi John Smith\n", "J*** S****"),
        ("Hello Jane\n", "J***"),
        ("Hello Jane,\n", "J***"),
        ("Hey Jane!\n", "J***"),
        ("Good morning Jane Hartley,\n", "J*** H******"),
        ("Morning Jane,\n", "J***"),
        ("HI JANE HARTLEY\n", "J*** H******"),
    ],
)
def test_capital_and_informal_salutations(text: str, excerpt: str) -> None:
    assert found(text) == [("salutation-name", excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "Dear FOI Team\n",
        "Dear ICO Casework\n",
        "Dear HMRC,\n",
        "Morning Briefing\n",
        "Hi all,\n",
        "Hello World\n",
        "Hi there\n",
        "Hello Jane and welcome\n",
    ],
)
def test_salutation_look_alikes(text: str) -> None:
    assert found(text) == []


def test_informal_salutation_message_names_the_greeting() -> None:
    (finding,) = scan_text("Hi Jane,\n", path="t")
    assert "after 'Hi'" in finding.message and "Jane" not in finding.message


@pytest.mark.parametrize(
    ("text", "excerpt"), [("NI ab 12 34 56 c", "a* 1* 3* 5* c"), ("ni: Ab123456C", "A********"), ("jg 10 37 59 a.", "j* 1* 3* 5* a")]
)
def test_lower_case_ni_numbers(text: str, excerpt: str) -> None:
    assert found(text) == [("ni-number", excerpt)]


@pytest.mark.parametrize("text", ["qq 12 34 56 c", "gb 12 34 56 a", "tab123456c", "ab 12 34 56 e"])
def test_lower_case_ni_look_alikes(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The complainant lives at 14 Acacia Avenue, Ambridge, bc1 2de.",
        "14 Acacia Avenue\nLondon\nsw1a 1aa",
        "14 Acacia Avenue, Manchester m1 1aa",
    ],
)
def test_addresses_with_lower_case_postcodes(text: str) -> None:
    assert [r for r, _ in found(text)] == ["postcode-address"]


def test_public_postcodes_in_lower_case_stay_allowed() -> None:
    assert found("Wycliffe House, Water Lane, Wilmslow sk9 5af") == []
    text = "Deliver to 1 Market Street, Borchester, bc1 1aa"
    assert [r for r, _ in found(text)] == ["postcode-address"]
    assert found(text, TextScanConfig(allowlist=(AllowEntry("BC1 1AA", "council HQ postcode"),))) == []
