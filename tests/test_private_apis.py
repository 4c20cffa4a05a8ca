"""The private and undocumented parts of pypdf, phonenumbers and Python-Markdown foilog relies on are still there.

Each library's are used only through one shim module (``foilog/gate/attachments/pypdf_shim.py``,
``foilog/gate/textscan/phonenumbers_shim.py``, ``foilog/site/render/markdown_triggers.py``), whose
docstring says what and why. These tests make
an upgrade of any of them fail here, loudly, instead of quietly changing what the leak gate
reads, how a finding is worded or what a page shows.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import inspect
import io
import re
import tomllib
import zlib
from pathlib import Path

import phonenumbers
import pypdf
import pytest
from markdown.treeprocessors import InlineProcessor
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from phonenumbers import phonenumberutil
from pypdf.errors import LimitReachedError
from pypdf.filters import FlateDecode
from pypdf.generic import DictionaryObject, NameObject, NumberObject

from foilog.gate.attachments import pypdf_shim
from foilog.gate.textscan import phonenumbers_shim
from foilog.site.render import markdown_triggers

ROOT = Path(__file__).resolve().parent.parent
SHIM_FILES = {
    "pypdf": "foilog/gate/attachments/pypdf_shim.py",
    "phonenumbers": "foilog/gate/textscan/phonenumbers_shim.py",
    "markdown": "foilog/site/render/markdown_triggers.py",
}


def _pin(name: str) -> Requirement:
    """The runtime requirement on ``name`` in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    found = [Requirement(dep) for dep in project["dependencies"] if canonicalize_name(Requirement(dep).name) == canonicalize_name(name)]
    assert len(found) == 1, f"pyproject.toml should name {name} once"
    return found[0]


@pytest.mark.parametrize(
    ("name", "series"),
    [
        ("pypdf", pypdf_shim.SUPPORTED_SERIES),
        ("phonenumbers", phonenumbers_shim.SUPPORTED_SERIES),
        ("markdown", markdown_triggers.SUPPORTED_SERIES),
    ],
)
def test_installed_version_is_one_the_shim_supports(name: str, series: tuple[str, ...]) -> None:
    installed = Version(importlib.metadata.version(name))
    assert f"{installed.major}.{installed.minor}" in series, (
        f"{name} {installed} is installed but {SHIM_FILES[name]} was checked against {series}: "
        f"re-check every private name it uses, then add the series"
    )
    pin = _pin(name)
    assert pin.specifier.contains(installed), f"{name} {installed} does not satisfy pyproject.toml's {pin}"


@pytest.mark.parametrize("name", ["pypdf", "phonenumbers", "markdown"])
def test_pin_allows_no_other_minor_release(name: str) -> None:
    """Private use needs a pin no wider than one minor release: the next one must be refused."""
    pin = _pin(name)
    installed = Version(importlib.metadata.version(name))
    assert not pin.specifier.contains(f"{installed.major}.{installed.minor + 1}.0"), f"{pin} lets the next minor release of {name} in"
    assert not pin.specifier.contains(f"{installed.major + 1}.0.0")


@pytest.mark.parametrize(("name", "shim"), list(SHIM_FILES.items()))
def test_only_the_shim_reaches_into_the_library(name: str, shim: str) -> None:
    """No other module imports the library's private modules or the names the shim wraps."""
    private = {
        "pypdf": re.compile(r"pypdf\._\w|read_object_header|\bread_object\b|apply_configuration"),
        "phonenumbers": re.compile(r"phonenumbers\.\w*\._|_number_type_helper|metadata_for_region|national_number_pattern"),
        "markdown": re.compile(r"_InlineProcessor__\w"),
    }[name]
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "foilog").rglob("*.py")
        if str(path.relative_to(ROOT)) != shim and private.search(path.read_text("utf-8"))
    ]
    assert offenders == [], f"use {shim} instead in {offenders}"


# -- pypdf -----------------------------------------------------------------------------------------


def test_pypdf_configuration_has_every_limit_the_shim_sets() -> None:
    fields = {f.name for f in dataclasses.fields(pypdf.Configuration)}
    overrides = pypdf_shim.configuration_overrides(1000)
    assert set(overrides) == set(pypdf_shim.LIMIT_FIELDS) | set(pypdf_shim.OTHER_FIELDS)
    assert set(overrides) <= fields, f"pypdf.Configuration no longer has {sorted(set(overrides) - fields)}"


def test_pypdf_limits_apply_inside_the_block_only() -> None:
    default = pypdf.get_configuration()
    with pypdf_shim.decompression_capped(1000):
        inside = pypdf.get_configuration()
        assert inside.zlib_maximum_output_length == 1000
        assert inside.stream_decoding_work_maximum_length == 2000
        assert inside.jbig2dec_binary is None
    assert pypdf.get_configuration() == default


def test_pypdf_cap_stops_a_large_stream() -> None:
    """The capped configuration is the one pypdf's filters consult: a stream over the cap is refused."""
    compressed = zlib.compress(b"x" * 10_000)
    assert len(FlateDecode.decode(compressed)) == 10_000
    with pypdf_shim.decompression_capped(1000), pytest.raises(LimitReachedError):
        FlateDecode.decode(compressed)


def test_pypdf_undocumented_parser_calls_keep_their_signatures() -> None:
    header = list(inspect.signature(pypdf.PdfReader.read_object_header).parameters)
    assert header == ["self", "stream"]
    params = list(inspect.signature(pypdf.generic.read_object).parameters)
    assert params[:2] == ["stream", "pdf"]


def test_pypdf_core_font_metrics_give_adobes_widths_by_character() -> None:
    """Spot values from Adobe's Core 14 AFM files: a rename or a change of keys fails here, not in a redaction."""
    helvetica = pypdf_shim.core_font_widths("Helvetica")
    assert helvetica is not None
    assert (helvetica[" "], helvetica["A"], helvetica["i"], helvetica["€"]) == (278, 667, 222, 556)
    times = pypdf_shim.core_font_widths("Times-Roman")
    assert times is not None and (times["W"], times["."]) == (944, 250)
    assert set(pypdf_shim.core_font_widths("Courier-Bold").values()) == {600}  # type: ignore[union-attr]
    assert pypdf_shim.core_font_widths("Arial,Bold") == pypdf_shim.core_font_widths("Helvetica-Bold")
    assert pypdf_shim.core_font_widths("Calibri") is None


def _tiny_pdf() -> bytes:
    """A one-page PDF written by pypdf itself, with a known object after the header."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pypdf_parse_object_at_reads_a_definition_and_where_it_ends() -> None:
    data = _tiny_pdf()
    reader = pypdf.PdfReader(io.BytesIO(data))
    m = re.search(rb"(\d+) 0 obj\s*<<[^>]*?/Type\s*/Page\b", data)
    assert m is not None
    obj, end = pypdf_shim.parse_object_at(io.BytesIO(data), reader, m.start())
    assert isinstance(obj, DictionaryObject)
    assert obj["/Type"] == "/Page"
    assert data[end:].lstrip().startswith(b"endobj")


def test_pypdf_parse_object_reads_at_the_current_position() -> None:
    stream = io.BytesIO(b"<< /N 3 /First 12 >>")
    obj = pypdf_shim.parse_object(stream, pypdf.PdfReader(io.BytesIO(_tiny_pdf())))
    assert obj == DictionaryObject({NameObject("/N"): NumberObject(3), NameObject("/First"): NumberObject(12)})


# -- phonenumbers ----------------------------------------------------------------------------------


def test_phonenumbers_private_helper_checks_in_the_shims_order() -> None:
    helper = getattr(phonenumberutil, "_number_type_helper", None)
    assert helper is not None, "phonenumbers no longer has _number_type_helper: re-check phonenumbers_shim.TYPE_ORDER"
    checked = re.findall(r"_is_number_matching_desc\(\s*national_number,\s*metadata\.(\w+)\)", inspect.getsource(helper))
    order = [name for name in dict.fromkeys(checked) if name != "general_desc"]
    assert order == [attribute for attribute, _ in phonenumbers_shim.TYPE_ORDER]


def test_phonenumbers_gb_metadata_has_the_fields_the_shim_reads() -> None:
    gb = phonenumbers.PhoneMetadata.metadata_for_region("GB")
    assert gb is not None
    # Else number_type answers FIXED_LINE_OR_MOBILE, which the shim's order never gives.
    assert not gb.same_mobile_and_fixed_line_pattern
    for attribute, kind in phonenumbers_shim.TYPE_ORDER:
        assert hasattr(gb, attribute), attribute
        desc = getattr(gb, attribute)
        if desc is not None:
            assert hasattr(desc, "national_number_pattern") and hasattr(desc, "possible_length"), attribute
        assert isinstance(kind, int)
    described = phonenumbers_shim.number_descriptions("GB")
    assert {kind for _, _, kind in described} >= {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE}
    assert phonenumbers_shim.number_descriptions("ZZ") == []


# -- Python-Markdown -------------------------------------------------------------------------------


def test_markdown_private_inline_methods_keep_their_signatures() -> None:
    """The loop :class:`TriggeredInlineProcessor` mirrors, and the method it calls, as Python-Markdown 3.11 has them."""
    assert markdown_triggers.supported()
    handle = inspect.signature(InlineProcessor._InlineProcessor__handleInline)  # type: ignore[attr-defined]
    apply = inspect.signature(InlineProcessor._InlineProcessor__applyPattern)  # type: ignore[attr-defined]
    assert list(handle.parameters) == ["self", "data", "patternIndex"]
    assert list(apply.parameters) == ["self", "pattern", "data", "patternIndex", "startIndex"]
    # The loop itself: each pattern from patternIndex, again while it matches, the next one from 0.
    source = inspect.getsource(InlineProcessor._InlineProcessor__handleInline)  # type: ignore[attr-defined]
    assert "data, matched, startIndex = self.__applyPattern(" in source
    assert "if not matched:\n                    patternIndex += 1" in source
