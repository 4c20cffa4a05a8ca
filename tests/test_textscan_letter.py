"""The real-world test case: a public Metropolitan Police FOI response letter, names replaced.

The fixture is based on a real Met Police response with the requester's and
the officer's names replaced by fictional ones (see tests/fixtures/letters/README.md).
It names the requester in the salutation, gives the case officer's personal
e-mail address, and is signed by the officer; everything else that looks personal
(the MPS and ICO addresses, the ICO helpline and website, the request
references and the FOIA section numbers) is public and must not be reported.
"""

from __future__ import annotations

from pathlib import Path

from foilog.gate.textscan import TextScanConfig, scan_file_text, scan_text
from foilog.log.findings import Severity

LETTER = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.txt"
EXPECTED = {
    ("salutation-name", 17, "E**********", Severity.ERROR),  # Dear Mr Exampleford (the requester)
    ("email", 208, "A***@met.police.uk", Severity.ERROR),  # the officer's personal address
    ("signature-name", 212, "A*** O'S*****", Severity.WARNING),  # the officer's name after "Yours sincerely"
}


def _summary(findings: list) -> set[tuple[str, int | None, str | None, Severity]]:
    return {(f.rule, f.line, f.excerpt, f.severity) for f in findings}


def test_met_letter_reports_exactly_the_personal_data() -> None:
    findings = scan_text(LETTER.read_text("utf-8"), path="met.txt")
    assert _summary(findings) == EXPECTED
    assert len(findings) == 3


def test_met_letter_with_staff_names_published() -> None:
    findings = scan_text(LETTER.read_text("utf-8"), path="met.txt", config=TextScanConfig(publish_staff_names=True))
    assert _summary(findings) == EXPECTED - {("signature-name", 212, "A*** O'S*****", Severity.WARNING)}


def test_met_letter_public_details_are_present_but_not_reported() -> None:
    text = LETTER.read_text("utf-8")
    for public in (
        "www.ico.org.uk",
        "0303 123 1113",
        "SK9 5AF",
        "Wycliffe House",
        "01/FOI/19/011430",
        "Section 24(2)",
        "foi@met.police.uk",
        "10 Lamps Conduit Street, London, WC1N 3NR",
    ):
        assert public in text
    reported_lines = {f.line for f in scan_text(text, path="met.txt")}
    assert reported_lines == {17, 208, 212}


def test_met_letter_via_scan_file_text() -> None:
    findings = scan_file_text(LETTER, display_path="tests/fixtures/letters/met-01-FOI-19-011430.txt")
    assert _summary(findings) == EXPECTED
    assert {f.path for f in findings} == {"tests/fixtures/letters/met-01-FOI-19-011430.txt"}
