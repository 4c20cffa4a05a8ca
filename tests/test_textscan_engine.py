"""Engine behaviour: normalisation, offsets, allowlists, acknowledgements, de-duplication, config."""

from __future__ import annotations

from pathlib import Path

import pytest

from foilog.gate.textscan import (
    RULES,
    AllowEntry,
    CompiledConfig,
    CustomRule,
    TextScanConfig,
    builtin_texts,
    compile_config,
    load_deny_list,
    scan_file_text,
    scan_text,
)
from foilog.gate.textscan.normalise import normalise
from foilog.log.findings import Category, Severity

LETTER = """Our ref: FOI/2024/0123

Dear Ms Fakeley

Please call me on 07123 456789.
NI number AB 12 34 56 C.

Yours sincerely

Jo Dummett
"""


def test_findings_are_sorted_located_and_masked() -> None:
    findings = scan_text(LETTER, path="responses/2024-0123/response.txt")
    assert [(f.line, f.rule, f.excerpt) for f in findings] == [
        (3, "salutation-name", "F******"),
        (5, "phone", "0**** 4*****"),
        (6, "ni-number", "A* 1* 3* 5* C"),
        (10, "signature-name", "J* D******"),
    ]
    for f in findings:
        assert f.category is Category.PERSONAL_DATA
        assert f.path == "responses/2024-0123/response.txt"
        assert f.page is None and f.acknowledged is None
        assert "acknowledgements:" in f.message and "allowlist" in f.message and "Redact" in f.message


def test_unmasked_values_never_appear_in_findings() -> None:
    secrets = ["Fakeley", "07123 456789", "AB 12 34 56 C", "Jo Dummett"]
    for f in scan_text(LETTER, path="t"):
        rendered = f.as_text() + repr(f.as_json())
        for secret in secrets:
            assert secret not in rendered


def test_line_offset_and_page() -> None:
    findings = scan_text("\n\nDear Jane\n", path="doc.pdf", page=4, line_offset=10)
    assert [(f.line, f.page) for f in findings] == [(13, 4)]


def test_crlf_line_numbers() -> None:
    (finding,) = scan_text("a\r\nb\r\nDear Jane\r\n", path="t")
    assert finding.line == 3


def test_normalisation_keeps_original_line_numbers() -> None:
    text = "\u200b\ufeffLine one\u00a0with\u200b\u200bformat chars\nｆｕｌｌｗｉｄｔｈ ＡＢ１２３４５６Ｃ\n"
    (finding,) = scan_text(text, path="t")
    assert (finding.rule, finding.line, finding.excerpt) == ("ni-number", 2, "A********")


def test_normalise_maps_offsets_back() -> None:
    original = "x\u200by ＡＢ e\u0301!"
    norm = normalise(original)
    assert norm.text == "xy AB é!"
    start = norm.text.index("AB")
    assert original[slice(*norm.original_span(start, start + 2))] == "ＡＢ"
    e_start = norm.text.index("é")
    assert original[slice(*norm.original_span(e_start, e_start + 1))] == "e\u0301"


def test_ascii_and_stable_text_is_not_copied() -> None:
    assert normalise("plain £ text with Zoë").origin is None


def test_acknowledged_finding_is_kept_with_reason() -> None:
    acks = [("MS FAKELEY", "requester asked to be named"), ("07123  456789", "published with consent")]
    findings = scan_text(LETTER, path="t", acknowledgements=acks)
    by_rule = {f.rule: f for f in findings}
    assert by_rule["salutation-name"].acknowledged == "requester asked to be named"
    assert by_rule["phone"].acknowledged == "published with consent"
    assert by_rule["ni-number"].acknowledged is None
    assert not by_rule["phone"].is_error


def test_acknowledgement_must_match_exact_text() -> None:
    findings = scan_text("Dear Ms Fakeley\n", path="t", acknowledgements=[("Fakeleyson", "other")])
    assert findings[0].acknowledged is None


def test_site_allowlist_suppresses_overlapping_findings() -> None:
    config = TextScanConfig(allowlist=(AllowEntry("jo.dummett@borsetshire.example.gov.uk", "published FOI lead"),))
    text = "Contact jo.dummett@borsetshire.example.gov.uk or alex.testerson@borsetshire.example.gov.uk"
    assert [f.excerpt for f in scan_text(text, path="t", config=config)] == ["a***@borsetshire.example.gov.uk"]


def test_builtin_literal_does_not_cover_personal_address_at_same_domain() -> None:
    assert "ico.org.uk" in builtin_texts()
    assert [f.rule for f in scan_text("jo.dummett@ico.org.uk", path="t")] == ["email"]


@pytest.mark.parametrize(
    "text",
    [
        "The complainant lives at 14 Water Lane, Leeds LS11 5BU.",
        "The complainant lives at 3 Church Street, Wilmslow SK9 1AX.",
        "The complainant lives at 9 Doubledykes Road, St Andrews KY16 8AB.",
        "The complainant lives at 2 Market Street, St Andrews KY16 9UH.",
    ],
)
def test_builtin_street_and_town_names_do_not_hide_home_addresses(text: str) -> None:
    # "Water Lane", "Wilmslow", "Doubledykes Road" and "St Andrews" are built-in
    # literals (the regulators' addresses); they only cover findings within them.
    assert {"Water Lane", "Wilmslow", "Doubledykes Road", "St Andrews"} <= set(builtin_texts())
    assert [f.rule for f in scan_text(text, path="t")] == ["postcode-address"]


def test_site_allowlisted_town_only_covers_itself() -> None:
    config = TextScanConfig(allowlist=(AllowEntry("Borchester", "our town"),))
    text = "The complainant lives at 27 Mill Lane, Borchester BC1 2DE."
    assert [f.rule for f in scan_text(text, path="t", config=config)] == ["postcode-address"]


def test_site_allowlisted_whole_address_covers_it() -> None:
    text = "Write to us at 1 Market Street, Borchester BC1 9ZZ."
    assert [f.rule for f in scan_text(text, path="t")] == ["postcode-address"]
    config = TextScanConfig(allowlist=(AllowEntry("1 Market Street, Borchester BC1 9ZZ", "council HQ"),))
    assert scan_text(text, path="t", config=config) == []


def test_generic_pattern_only_suppresses_what_it_contains() -> None:
    # "1111" and "2019" look like years, but they do not hide the card number around them.
    assert [f.rule for f in scan_text("4111 1111 1111 1111 2019", path="t")] == ["payment-card"]
    assert [f.rule for f in scan_text("Card 4111 1111 1111 1111 in 2019", path="t")] == ["payment-card"]
    # A phone-shaped date range inside a statute reference is contained, so dropped.
    assert scan_text("See section 1(1)(a) and s.31(3).", path="t") == []


def test_overlapping_detectors_keep_most_specific() -> None:
    config = TextScanConfig(deny_list=("Jo Dummett",))
    findings = scan_text("Yours sincerely\n\nJo Dummett\n", path="t", config=config)
    assert [(f.rule, f.severity) for f in findings] == [("deny-list", Severity.ERROR)]


def test_disabled_rules() -> None:
    config = TextScanConfig(disabled_rules=frozenset({"phone", "signature-name"}))
    assert [f.rule for f in scan_text(LETTER, path="t", config=config)] == ["salutation-name", "ni-number"]


def test_disabled_custom_rule_by_bare_id() -> None:
    rule = CustomRule("case", r"CUST-\d+", "case numbers")
    config = TextScanConfig(custom_rules=(rule,), disabled_rules=frozenset({"case"}))
    assert scan_text("CUST-1", path="t", config=config) == []


def test_unknown_disabled_rule_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown rule 'emial'"):
        compile_config(TextScanConfig(disabled_rules=frozenset({"emial"})))


def test_invalid_custom_regex_names_the_rule() -> None:
    config = TextScanConfig(custom_rules=(CustomRule("staff-id", r"EMP-(\d+", "staff ids"),))
    with pytest.raises(ValueError, match=r"custom rule 'staff-id': invalid regular expression"):
        compile_config(config)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ((CustomRule("Bad Id", "x", "r"),), "id must be"),
        ((CustomRule("a", "x", "r"), CustomRule("a", "y", "r")), "defined twice"),
        ((CustomRule("empty", "x*", "r"),), "matches empty text"),
    ],
)
def test_custom_rule_validation(rules: tuple[CustomRule, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compile_config(TextScanConfig(custom_rules=rules))


def test_compile_config_is_cached_and_accepted_by_scan_text() -> None:
    config = TextScanConfig(deny_list=("Fakeley",))
    compiled = compile_config(config)
    assert isinstance(compiled, CompiledConfig)
    assert compile_config(config) is compiled
    assert [f.rule for f in scan_text("Ms Fakeley", path="t", config=compiled)] == ["deny-list"]


def test_load_deny_list(tmp_path: Path) -> None:
    path = tmp_path / "deny.txt"
    path.write_text("# requesters\n\nTomasz Fakeley\n  Zoë Mockridge  # from 2024\ntomasz  fakeley\n", "utf-8")
    assert load_deny_list(path) == ("Tomasz Fakeley", "Zoë Mockridge")


def test_load_deny_list_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read the deny list"):
        load_deny_list(tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Jane\nZo\xeb\n")
    with pytest.raises(ValueError, match=r"bad.txt:2: the deny list is not valid UTF-8 \(byte offset 7\)"):
        load_deny_list(bad)
    short = tmp_path / "short.txt"
    short.write_text("J\n", "utf-8")
    with pytest.raises(ValueError, match="too short"):
        load_deny_list(short)


def test_rule_registry() -> None:
    expected = {
        "email",
        "phone",
        "postcode-address",
        "ni-number",
        "nhs-number",
        "payment-card",
        "bank-account",
        "passport",
        "driving-licence",
        "vehicle-registration",
        "ip-address",
        "date-of-birth",
        "salutation-name",
        "signature-name",
        "labelled-name",
        "titled-name",
        "deny-list",
    }
    assert set(RULES) == expected
    for rule_id, info in RULES.items():
        assert info.id == rule_id
        assert isinstance(info.severity, Severity)
        assert info.description.endswith(".") and "\n" not in info.description


def test_empty_and_clean_text() -> None:
    assert scan_text("", path="t") == []
    assert scan_text("The council spent £1,234.56 in 2023.\n", path="t") == []


def test_soft_breaks_join_a_number_wrapped_across_lines() -> None:
    text = "Intro\n\nCall the officer on 07911\n123456 or write.\n"
    assert scan_text(text, path="t") == []
    findings = scan_text(text, path="t", soft_breaks=True)
    assert [(f.rule, f.line, f.excerpt) for f in findings] == [("phone", 3, "0**** 1*****")]
    # A blank line ends the paragraph: nothing is joined across it.
    assert scan_text("Call 07911\n\n123456 or write.\n", path="t", soft_breaks=True) == []


def test_markdown_files_are_scanned_with_soft_breaks(tmp_path: Path) -> None:
    for name in ("page.md", "page.txt"):
        (tmp_path / name).write_text("Call the officer on 07911\n123456 or write.\n", encoding="utf-8")
    assert [f.rule for f in scan_file_text(tmp_path / "page.md", display_path="page.md")] == ["phone"]
    assert scan_file_text(tmp_path / "page.txt", display_path="page.txt") == []
