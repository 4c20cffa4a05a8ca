"""True positives and look-alike negatives for every text-scan detector.

All people, numbers and addresses are fictional: Ofcom drama telephone
ranges, standard test card numbers, the NHS test number 943 476 5919 and
made-up names.
"""

from __future__ import annotations

import pytest

from foilog.gate.textscan import TextScanConfig, scan_text
from foilog.log.findings import Severity

DEFAULT = TextScanConfig()


def found(text: str, config: TextScanConfig = DEFAULT) -> list[tuple[str, str | None]]:
    """(rule, masked excerpt) pairs, in order."""
    return [(f.rule, f.excerpt) for f in scan_text(text, path="t.txt", config=config)]


def rules(text: str, config: TextScanConfig = DEFAULT) -> list[str]:
    return [r for r, _ in found(text, config)]


# --- email -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Contact jane.smith@borsetshire.example.gov.uk for details.", "j***@borsetshire.example.gov.uk"),
        ("via email at Alex.B.O'Exampleton@met.police.uk, quoting", "A***@met.police.uk"),
        ("Reply to j.smith@example.org.", "j***@example.org"),
        ("From: jsmith1@example.org", "j***@example.org"),
        ("Send it to alex_testerson@example.co.uk", "a***@example.co.uk"),
        ("My address is coolcat@gmail.com", "c***@gmail.com"),
        ("Staff at the regulator: jo.dummett@ico.org.uk", "j***@ico.org.uk"),
    ],
)
def test_email_personal(text: str, excerpt: str) -> None:
    assert found(text) == [("email", excerpt)]


@pytest.mark.parametrize(
    "address",
    [
        "foi@borsetshire.example.gov.uk",
        "FOI.Requests@example.gov.uk",
        "enquiries@example.gov.uk",
        "info@example.org",
        "contact@example.org",
        "press@example.gov.uk",
        "dpo@example.gov.uk",
        "data.protection@example.gov.uk",
        "customer.services@example.gov.uk",
        "complaints@example.gov.uk",
        "planning@example.gov.uk",
        "no-reply@example.gov.uk",
        "casework@ico.org.uk",
        "enquiries@itspublicknowledge.info",
        "enquiries@foi.scot",
    ],
)
def test_email_role_mailboxes_are_not_personal(address: str) -> None:
    assert found(f"Please write to {address} with any questions.") == []


def test_email_severity_is_error() -> None:
    (finding,) = scan_text("jane.smith@example.org", path="t")
    assert finding.severity is Severity.ERROR


# --- phone -------------------------------------------------------------------------------


def test_phone_mobile_is_error_and_landline_warning() -> None:
    findings = scan_text("Mobile 07123 456789, direct line 020 7946 0123.", path="t")
    assert [(f.rule, f.severity, f.excerpt) for f in findings] == [
        ("phone", Severity.ERROR, "0**** 4*****"),
        ("phone", Severity.WARNING, "0** 7*** 0***"),
    ]


@pytest.mark.parametrize("number", ["+44 7123 456789", "07123456789", "(0161) 496 0000", "+33 6 12 34 56 78"])
def test_phone_formats(number: str) -> None:
    assert rules(f"Call {number} today") == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "ICO helpline 0303 123 1113",
        "ICO on +44 303 123 1113",
        "Scottish Information Commissioner: 01334 464610",
        "Call our switchboard free on 0800 123 4567",
        "Our reference is 01/FOI/19/011430",
        "Received on 16/12/2019 and 06/09/2019.",
        "The total was £1,234,567.89 in 2019/20.",
        "Section 24(2) and section 31(3) apply.",
    ],
)
def test_phone_look_alikes(text: str) -> None:
    assert rules(text) == []


def test_phone_allowlisted_by_site_in_any_format() -> None:
    from foilog.gate.textscan import AllowEntry

    config = TextScanConfig(allowlist=(AllowEntry("020 7946 0999", "council switchboard"),))
    assert rules("Switchboard: +44 (0)20 7946 0999", config) == []
    assert rules("Switchboard: 020 7946 0998", config) == ["phone"]


# --- postcode-address ----------------------------------------------------------------------


def test_address_on_one_line() -> None:
    assert found("The complainant lives at 14 Acacia Avenue, Ambridge, BC1 2DE.") == [
        ("postcode-address", "1* A***** A*****, A*******, B** 2**")
    ]


def test_address_block_over_several_lines() -> None:
    text = "Mx Alex Testerson\n27b Mill Lane\nAmbridge\nBorsetshire\nBC1 2DE\n"
    assert rules(text) == ["titled-name", "postcode-address"]


@pytest.mark.parametrize(
    "text",
    [
        "The Council received a complaint. The complainant lives at 14 Acacia Avenue, Ambridge, BC1 2DE.",
        "Borsetshire County Council\n\nMr John Hall\n14 Acacia Avenue\nAmbridge\nBC1 2DE\n",
        "Planning Department notes: a resident at 14 Acacia Avenue, Ambridge BC1 2DE objected.",
    ],
)
def test_address_in_prose_about_organisations_is_still_personal(text: str) -> None:
    assert [r for r in rules(text) if r != "titled-name"] == ["postcode-address"]


def test_flat_address() -> None:
    assert rules("Flat 3, 27 Mill Lane, Ambridge BC1 2DE") == ["postcode-address"]


@pytest.mark.parametrize(
    "text",
    [
        "Write to PO Box 57192, London, SW6 1SF",
        "Our office postcode is BC1 2DE.",
        "Borsetshire County Council, County Hall, 1 Market Street, Borchester, BC1 1AA",
        "addressed to MPS Directorate of Legal Services, 10 Lamps Conduit Street, London, WC1N 3NR.",
        "Wycliffe House\nWater Lane\nWilmslow\nCheshire\nSK9 5AF",
        "Kinburn Castle, Doubledykes Road, St Andrews, Fife, KY16 9DS",
        "There were 14 incidents on Acacia Avenue in 2023.",
    ],
)
def test_address_look_alikes(text: str) -> None:
    assert rules(text) == []


def test_allowlisted_hq_address_does_not_fire() -> None:
    from foilog.gate.textscan import AllowEntry

    text = "Deliver to 1 Market Street, Borchester, BC1 1AA"
    assert rules(text) == ["postcode-address"]
    config = TextScanConfig(allowlist=(AllowEntry("BC1 1AA", "council HQ postcode"),))
    assert rules(text, config) == []


# --- ni-number -----------------------------------------------------------------------------


@pytest.mark.parametrize("ni", ["AB123456C", "AB 12 34 56 C", "JG 10 37 59 A", "ab123456c".upper()])
def test_ni_number(ni: str) -> None:
    assert rules(f"NI number {ni}.") == ["ni-number"]


def test_ni_number_hidden_by_zero_width_space() -> None:
    assert found("NI: AB 12\u200b34 56 C") == [("ni-number", "A* 1*** 5* C")]


@pytest.mark.parametrize(
    "text",
    [
        "QQ123456C is the example number on HMRC forms",
        "GB123456A",
        "BG123456A",
        "NK123456A",
        "TN123456A",
        "ZZ123456A",
        "DA123456A",
        "AD123456A",
        "AO123456A",
        "AB123456E",
        "XAB123456C",
    ],
)
def test_ni_number_invalid_prefixes_and_suffixes(text: str) -> None:
    assert rules(text) == []


# --- nhs-number ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["NHS number 943 476 5919", "NHS No: 9434765919", "ref 943-476-5919"])
def test_nhs_number(text: str) -> None:
    assert rules(text) == ["nhs-number"]


@pytest.mark.parametrize(
    "text",
    [
        "Reference 9434765919",  # valid checksum but no grouping and no NHS context
        "NHS number 943 476 5918",  # bad checksum
        "Call 0207 946 0123",
        "Case 1234567890 closed",
    ],
)
def test_nhs_look_alikes(text: str) -> None:
    assert "nhs-number" not in rules(text)


# --- payment-card --------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["4111 1111 1111 1111", "4111111111111111", "5555-5555-5555-4444", "378282246310005"])
def test_payment_card(number: str) -> None:
    assert rules(f"Card {number} expires 12/27") == ["payment-card"]


@pytest.mark.parametrize(
    "text",
    ["4111 1111 1111 1112", "1234 5678 9012 3456", "Invoice 9999999999999995", "Total £4,111,111.11"],
)
def test_payment_card_look_alikes(text: str) -> None:
    assert rules(text) == []


# --- bank-account --------------------------------------------------------------------------


def test_bank_account() -> None:
    assert found("Sort code 20-00-00, account 12345678") == [("bank-account", "2*-0*-0*, a****** 1*******")]


def test_bank_account_without_words_when_not_date_shaped() -> None:
    assert rules("Paid from 40-47-84 / 87654321") == ["bank-account"]


@pytest.mark.parametrize(
    "text",
    ["Meeting 16-12-19, minute 12345678 approved", "Sort code 20-00-00 only", "Account 12345678 only"],
)
def test_bank_account_look_alikes(text: str) -> None:
    assert rules(text) == []


# --- passport and driving-licence ---------------------------------------------------------


@pytest.mark.parametrize("text", ["Passport number 123456789", "passport: 987654321", "PASSPORT NO. 512345678"])
def test_passport(text: str) -> None:
    assert rules(text) == ["passport"]


@pytest.mark.parametrize("text", ["Reference 123456789", "Order 987654321 for passport photos", "passport office"])
def test_passport_needs_context(text: str) -> None:
    assert rules(text) == []


@pytest.mark.parametrize("text", ["Licence MORGA657054SM9IJ", "licence no. MORGA 657054 SM9IJ", "SMITH801234J99AB"])
def test_driving_licence(text: str) -> None:
    assert rules(text) == ["driving-licence"]


@pytest.mark.parametrize("text", ["MORGA657354SM9IJ", "MORGA6570540M9IJ", "ABCDE123456AB1CD"])
def test_driving_licence_invalid_dates(text: str) -> None:
    assert rules(text) == []


# --- vehicle-registration ------------------------------------------------------------------


def test_vehicle_registration_with_context_is_error() -> None:
    (finding,) = scan_text("The vehicle registration was AB12 CDE.", path="t")
    assert (finding.rule, finding.severity, finding.excerpt) == ("vehicle-registration", Severity.ERROR, "A*** C**")


def test_vehicle_registration_without_context_is_warning() -> None:
    (finding,) = scan_text("It was seen again: LV65 XYZ.", path="t")
    assert finding.severity is Severity.WARNING


@pytest.mark.parametrize("text", ["AB99 CDE", "XY12 ABC", "AB12 CDI", "QA12 BCD", "Form AB12 CD", "ab12 cde"])
def test_vehicle_registration_look_alikes(text: str) -> None:
    assert rules(f"Vehicle {text}") == []


# --- ip-address ----------------------------------------------------------------------------


def test_ip_addresses() -> None:
    assert rules("logged from http://203.0.113.45/login") == ["ip-address"]  # after "//", not a product's version
    findings = scan_text("Access from 203.0.113.45 and 192.168.1.10 and 2001:db8::1", path="t")
    assert [(f.excerpt, f.severity) for f in findings] == [
        ("2**.0.1**.4*", Severity.ERROR),
        ("1**.1**.1.1*", Severity.WARNING),
        ("2***:d**::1", Severity.ERROR),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3",
        "Version 10.0.19041.1",
        "see paragraph 4.2.1.3",
        "section 1.2.3.4 of the guidance",
        "10.0.0.1.5",
        "999.1.1.1",
        "localhost 127.0.0.1",
        "meeting at 10:30:00",
        "Schedule 12(5)(b)",
        # a browser's user agent, as Chromium writes it into a printed PDF's Creator
        "Creator: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
    ],
)
def test_ip_look_alikes(text: str) -> None:
    assert rules(text) == []


# --- date-of-birth -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Date of birth: 12/03/1984", "1*/0*/1***"),
        ("DOB 1 March 1984", "1 M**** 1***"),
        ("d.o.b. 01-02-1975", "0*-0*-1***"),
        ("She was born on 3rd May 1990.", "3** M** 1***"),
        ("Jo Dummett (12/03/1984, DOB)", "1*/0*/1***"),
    ],
)
def test_date_of_birth(text: str, excerpt: str) -> None:
    assert found(text) == [("date-of-birth", excerpt)]


@pytest.mark.parametrize("text", ["Date: 16/12/2019", "received on 06/09/2019", "effective as of 05/09/19", "3rd May 1990 meeting"])
def test_dates_in_letters_are_not_dates_of_birth(text: str) -> None:
    assert rules(text) == []


# --- salutation-name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Dear Mr Exampleton\n", "E*********"),
        ("Dear Jane,\n", "J***"),
        ("Dear Ms O'Neill\n", "O'N****"),
        ("Dear Dr Jane Smith,\n", "J*** S****"),
        ("Dear Mr. McTest,\n", "M*****"),
        ("Dear Mr and Mrs Patel\n", "P****"),
        ("  Dear Zoë Fakeley\n", "Z** F******"),
    ],
)
def test_salutation_name(text: str, excerpt: str) -> None:
    assert found(text) == [("salutation-name", excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "Dear Sir/Madam",
        "Dear Sir or Madam,",
        "Dear Sir,",
        "Dear Madam",
        "Dear Requester",
        "Dear Requestor,",
        "Dear Applicant",
        "Dear Colleague",
        "Dear Colleagues",
        "Dear all",
        "Dear All,",
        "Dear FOI Team",
        "The Dear Jane letters",
    ],
)
def test_salutation_look_alikes(text: str) -> None:
    assert rules(text + "\n") == []


# --- signature-name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Yours sincerely\n\nJo Dummett\nInformation Rights Officer\n",
        "Kind regards,\nAlex Testerson\n",
        "Yours faithfully,\n\n\nPriya Sampleford BSc\n",
        "Best wishes\nMorag\n",
    ],
)
def test_signature_name_is_warning(text: str) -> None:
    findings = scan_text(text, path="t")
    assert [(f.rule, f.severity) for f in findings] == [("signature-name", Severity.WARNING)]


def test_signature_post_nominals_are_not_part_of_the_name() -> None:
    assert found("Yours faithfully,\n\nPriya Sampleford BSc (Hons)\n") == [("signature-name", "P**** S*********")]


def test_signature_name_line_and_excerpt() -> None:
    (finding,) = scan_text("Yours sincerely\n\nJo Dummett\nFOI Officer\n", path="t")
    assert (finding.line, finding.excerpt) == (3, "J* D******")


def test_signature_name_off_when_staff_names_are_published() -> None:
    text = "Yours sincerely\n\nJo Dummett\n"
    assert rules(text, TextScanConfig(publish_staff_names=True)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Yours sincerely\n\nInformation Rights Unit\n",
        "Kind regards\n\nDisclosure Team\n",
        "Yours faithfully\n\n[Redacted]\nChief Inspector\n",
        "Yours sincerely\n\nChief Inspector\n",
        "Regards are sent to all staff.\nJo Dummett\n",
    ],
)
def test_signature_look_alikes(text: str) -> None:
    assert rules(text) == []


# --- labelled-name -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Name: Jane Doe", "J*** D**"),
        ("Requester: Mr Alex Testerson", "A*** T********"),
        ("Applicant's name: MORAG FAKELEY", "M**** F******"),
        ("- Requestor: Kwame Mockridge", "K**** M********"),
    ],
)
def test_labelled_name(text: str, excerpt: str) -> None:
    assert found(text) == [("labelled-name", excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "Name: [redacted]",
        "Requester: Requester",
        "Applicant: Withheld",
        "Name: Section 40(2) applies",
        "Name of authority: Borsetshire County Council",
        "The requester: Jane Doe",
        "Name: N/A",
    ],
)
def test_labelled_look_alikes(text: str) -> None:
    assert rules(text) == []


# --- deny-list and custom rules ------------------------------------------------------------


def test_deny_list_case_whitespace_and_word_boundaries() -> None:
    config = TextScanConfig(deny_list=("Tomasz  Fakeley", "Zoë"))
    text = "Met TOMASZ\nfakeley and Zoë; not Zoe, Fakeleyson or Tomasz alone."
    assert found(text, config) == [("deny-list", "T***** f******"), ("deny-list", "Z**")]


def test_deny_list_wins_over_salutation() -> None:
    config = TextScanConfig(deny_list=("Exampleton",))
    assert rules("Dear Mr Exampleton\n", config) == ["deny-list"]


def test_custom_rule() -> None:
    from foilog.gate.textscan import CustomRule

    rule = CustomRule("case-number", r"\bCUST-\d{6}\b", "customer case numbers identify people", Severity.WARNING)
    findings = scan_text("Your case CUST-123456 is closed.", path="t", config=TextScanConfig(custom_rules=(rule,)))
    assert [(f.rule, f.severity, f.excerpt) for f in findings] == [("custom:case-number", Severity.WARNING, "C***-1*****")]
    assert "customer case numbers identify people" in findings[0].message


# --- public facts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Our ref: FOI/2024/0123",
        "Reference No: 01/FOI/19/011430",
        "EIR/2023/45",
        "Section 24(2), s.31(3) and regulation 12(5)(b)",
        "The cost was £1,234.56 in 2023/24.",
        "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF",
        "Telephone: 0303 123 1113. Website: www.ico.org.uk or https://ico.org.uk",
        "Scottish Information Commissioner, Kinburn Castle, Doubledykes Road, St Andrews, Fife, KY16 9DS",
        "Tel 01334 464610, enquiries@itspublicknowledge.info, www.itspublicknowledge.info, www.foi.scot",
    ],
)
def test_public_facts_are_not_flagged(text: str) -> None:
    assert rules(text) == []
