"""Names after titles anywhere in the text, and after role labels, table cells and document properties.

All names are invented.
"""

from __future__ import annotations

import pytest

from foilog.gate.textscan import DEFAULT_CONFIG, AllowEntry, TextScanConfig, scan_text
from foilog.log.findings import Severity


def found(text: str, config: TextScanConfig = DEFAULT_CONFIG) -> list[tuple[str, str | None]]:
    return [(f.rule, f.excerpt) for f in scan_text(text, path="t.txt", config=config)]


# --- titled-name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("We attach our response to Mr Hartley about the parking permit.", "H******"),
        ("The complaint from Mrs J. Pendleton was upheld.", "J. P********"),
        ("Dr A. Pendleton said the records were destroyed.", "A. P********"),
        ("PC 1234 Smith attended the address.", "S****"),
        ("PC Smith attended the address.", "S****"),
        ("Cllr Jane Hartley asked for the figures.", "J*** H******"),
        ("Councillor Oliver Pendleton, Ward Member", "O***** P********"),
        ("Detective Sergeant Oliver Pendleton interviewed the witness.", "O***** P********"),
        ("Chief Inspector Hartley authorised the deployment.", "H******"),
        ("Prof Oliver Pendleton BSc reviewed the report.", "O***** P********"),
        ("Mx Alex Testerson replied.", "A*** T********"),
        ("Mr Hartley's complaint was received.", "H******"),
        ("Sir John Pendleton chaired the meeting.", "J*** P********"),
        ("we wrote to MR JOHN HARTLEY yesterday", "J*** H******"),
    ],
)
def test_name_after_a_title_anywhere(text: str, excerpt: str) -> None:
    assert found(text) == [("titled-name", excerpt)]


def test_titled_name_in_a_header_or_footer_line_is_an_error() -> None:
    text = "Borsetshire County Council | Response to Mrs Hartley | Page 2 of 3\n"
    (finding,) = scan_text(text, path="t")
    assert (finding.rule, finding.severity, finding.line) == ("titled-name", Severity.ERROR, 1)
    assert "Hartley" not in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Dear Sir or Madam,",
        "Dear Sir/Madam",
        "Mr Justice Hartley held that the exemption was engaged.",
        "The Lord Chancellor and the Lord Mayor of London",
        "Services are held in the Lady Chapel.",
        "The meeting was at Dr Johnson's House.",
        "Bought from PC World.",
        "DC Comics",
        "Washington DC Council",
        "The Chief Executive agreed.",
        "Acting Director of Finance",
        "Rev 2 Final Draft",
        "Meetings are held on MS Teams.",
        "Lord Street car park",
        "Dr A.",
        "the Police Scotland report",
    ],
)
def test_titled_name_look_alikes(text: str) -> None:
    assert found(text) == []


def test_salutation_and_signature_keep_their_own_rules() -> None:
    assert found("Dear Mr Exampleford\n") == [("salutation-name", "E**********")]
    text = "Yours sincerely\n\nDr Jane Hartley\nInformation Rights Officer\n"
    assert found(text) == [("signature-name", "J*** H******")]
    assert found(text, TextScanConfig(publish_staff_names=True)) == []


def test_public_office_holder_on_the_allowlist() -> None:
    text = "The decision was taken by Cllr Jane Hartley, Leader of the Council."
    config = TextScanConfig(allowlist=(AllowEntry("Cllr Jane Hartley", "the Leader of the Council"),))
    assert found(text) == [("titled-name", "J*** H******")]
    assert found(text, config) == []


def test_titled_name_can_be_acknowledged_with_its_title() -> None:
    (finding,) = scan_text("Our response to Mr Hartley.", path="t", acknowledgements=(("Mr Hartley", "he asked to be named"),))
    assert finding.acknowledged == "he asked to be named"


# --- labelled-name: role labels, tables, document properties ------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Case officer: Jane Doe", "J*** D**"),
        ("Officer in charge: Oliver Pendleton", "O***** P********"),
        ("Contact: Jane Doe, Information Officer", "J*** D**"),
        ("Handled by: Jane Hartley", "J*** H******"),
        ("Prepared by: Oliver Pendleton", "O***** P********"),
        ("Author: Jane Hartley", "J*** H******"),
        ("Signed: Jane Hartley", "J*** H******"),
        ("Reviewer: Oliver Pendleton", "O***** P********"),
        ("Dealt with by: Mr Pendleton", "P********"),
        ("From: Jane Hartley <jane.hartley@example.org>", "J*** H******"),
        ("Case officer\tJane Doe", "J*** D**"),
        ("| Contact | Jane Doe |", "J*** D**"),
        ("RequesterName: Jane Hartley", "J*** H******"),
        ("CaseOfficer: Jane Doe", "J*** D**"),
        ("cp:lastModifiedBy: Jane Doe", "J*** D**"),
        ("case_officer: Jane Doe", "J*** D**"),
        ("DocumentOwner: Oliver Pendleton", "O***** P********"),
    ],
)
def test_names_after_role_labels(text: str, excerpt: str) -> None:
    assert [(r, e) for r, e in found(text) if r == "labelled-name"] == [("labelled-name", excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "Contact: Reception",
        "Owner: Finance",
        "Manager: Planning Team",
        "Author: Microsoft Office User",
        "Contact: Information Governance, PO Box 1, Borchester",
        "Prepared by: Borsetshire County Council",
        "To: All Staff",
        "Name\tAddress\tPhone",
        "| Requester | Date received |",
        "FileName: Report Final",
        "CompanyName: Borsetshire County Council",
        "Template: Normal",
        "title: Response to the request",
        "ProjectName: Library Refurbishment",
        "DocumentName: Annual Report",
    ],
)
def test_role_label_look_alikes(text: str) -> None:
    assert found(text) == []
