"""The one place foilog relies on phonenumbers beyond its documented API.

:func:`foilog.gate.textscan.detect_phones.uk_number_type` answers the question
``phonenumbers.number_type`` answers, for UK national numbers, in a few
microseconds instead of about 100 (no parse, no validation): a CSV export dense
with numbers would otherwise dominate the scan. To give the same answer it
must know what phonenumbers keeps to itself:

* **The order of the checks** in the private
  ``phonenumbers.phonenumberutil._number_type_helper`` (premium rate before
  toll free before ... fixed line before mobile): the first description that
  matches decides, so the order is part of the answer (:data:`TYPE_ORDER`).
  That helper answers ``FIXED_LINE_OR_MOBILE`` when a region's fixed-line and
  mobile descriptions are the same; they are not for GB, and foilog relies on it.
* **The metadata classes**: ``PhoneMetadata.metadata_for_region`` and the
  ``national_number_pattern`` and ``possible_length`` of each
  ``PhoneNumberDesc``. They are typed in phonenumbers' stubs but not part of
  its documented interface (which is the functions of ``phonenumberutil``).

Every use goes through this module, phonenumbers is pinned to the minor
release this was checked against (``pyproject.toml``; its patch releases are
metadata updates), and ``tests/test_private_apis.py`` asserts that the
installed version is one of :data:`SUPPORTED_SERIES`, that the private helper
still checks in :data:`TYPE_ORDER`, and that the metadata has these fields,
so an upgrade fails in the tests rather than changing findings' wording.
"""

from __future__ import annotations

from phonenumbers import PhoneMetadata, PhoneNumberType

#: ``major.minor`` releases of phonenumbers this module was checked against (keep in step with the pin).
SUPPORTED_SERIES = ("9.0",)

#: The order in which ``phonenumbers.number_type`` tries its descriptions (its private ``_number_type_helper``).
TYPE_ORDER = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE),
    ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST),
    ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER),
    ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN),
    ("voicemail", PhoneNumberType.VOICEMAIL),
    ("fixed_line", PhoneNumberType.FIXED_LINE),
    ("mobile", PhoneNumberType.MOBILE),
)

#: One number description: its national-number regex (unanchored source), the lengths it allows
#: (empty: any), and the type it gives (a ``PhoneNumberType`` constant, which is an ``int``).
Description = tuple[str, frozenset[int], int]


def number_descriptions(region: str) -> list[Description]:
    """The region's number descriptions that have a pattern, in ``number_type``'s order (none for an unknown region)."""
    metadata = PhoneMetadata.metadata_for_region(region)
    described: list[Description] = []
    for attribute, kind in TYPE_ORDER:
        desc = getattr(metadata, attribute, None) if metadata is not None else None
        pattern = getattr(desc, "national_number_pattern", None)
        if pattern:
            lengths = frozenset(getattr(desc, "possible_length", ()) or ())
            described.append((pattern, lengths, kind))
    return described
