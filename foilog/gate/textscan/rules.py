"""The registry of text-scan rules: ids, default severities, one-line descriptions.

The registry is the single source for ``foilog scan --list-rules`` and the
documentation, and it also records how *specific* each detector is: when two
detectors claim overlapping text only the most specific finding is kept (a
card number is also a run of digits a phone matcher might like; a deny-listed
requester name is also the name in a salutation).
"""

from __future__ import annotations

from dataclasses import dataclass

from foilog.log.findings import Severity


@dataclass(frozen=True)
class RuleInfo:
    """What one rule finds.  ``specificity``: higher wins when findings overlap."""

    id: str
    severity: Severity
    description: str
    specificity: int


_E = Severity.ERROR
_W = Severity.WARNING

RULES: dict[str, RuleInfo] = {
    r.id: r
    for r in (
        RuleInfo("deny-list", _E, "A name or phrase from the deny list (e.g. a requester's name).", 100),
        RuleInfo("payment-card", _E, "A payment card number (Luhn-valid, known card prefix).", 90),
        RuleInfo("ni-number", _E, "A UK National Insurance number with a valid prefix.", 90),
        RuleInfo("nhs-number", _E, "An NHS number (modulus-11 checksum) in NHS format or context.", 85),
        RuleInfo("driving-licence", _E, "A UK driving licence number (surname, date of birth, initials).", 85),
        RuleInfo("bank-account", _E, "A sort code with an 8-digit account number nearby.", 85),
        RuleInfo("passport", _E, "A passport number next to the word 'passport'.", 80),
        RuleInfo("email", _E, "A person's e-mail address (role mailboxes such as foi@ are allowed).", 75),
        RuleInfo("phone", _E, "A telephone number: mobiles are errors, other landlines warnings.", 70),
        RuleInfo("ip-address", _E, "An IPv4 or IPv6 address (private addresses are warnings).", 70),
        RuleInfo("date-of-birth", _E, "A date next to 'born', 'DOB' or 'date of birth'.", 65),
        RuleInfo("postcode-address", _E, "A house number and street followed by a UK postcode.", 60),
        RuleInfo("vehicle-registration", _W, "A current-format UK vehicle registration mark.", 55),
        RuleInfo(
            "labelled-name",
            _E,
            "A name after a label such as 'Name:', 'Case officer:' or 'Handled by:', in a table row or a document property.",
            50,
        ),
        RuleInfo("salutation-name", _E, "The requester's name after 'Dear', 'Hello' or 'Hi' (not 'Dear Sir/Madam').", 45),
        RuleInfo("titled-name", _E, "A person's name after a title (Mr, Mrs, Dr, Cllr, PC ...) anywhere in the text.", 42),
        RuleInfo("signature-name", _W, "A staff name signing the letter (off when staff names are published).", 40),
    )
}

#: Custom rules from the site configuration are reported as ``custom:<id>``.
CUSTOM_PREFIX = "custom:"
CUSTOM_SPECIFICITY = 95


def specificity(rule: str) -> int:
    """How specific ``rule`` is (custom rules rank just below the deny list)."""
    info = RULES.get(rule)
    if info is not None:
        return info.specificity
    return CUSTOM_SPECIFICITY if rule.startswith(CUSTOM_PREFIX) else 0
