"""Look-alike identifiers and unsafe file names (issue 16, item 7).

``RТ/2025/001`` (a Cyrillic Т) and ``RT/2025/００1`` (full-width digits) were
accepted beside ``RT/2025/001``: three responses whose references look the
same in the archive, under three different web addresses. References, previous
references, topic ids and attachment names are now checked: characters that
Unicode normalisation (NFKC) changes, look-alikes of Latin letters and digits
from other scripts, and invisible characters are errors naming each character
and the value to type instead; two identifiers that differ only in look-alike
characters (their *skeletons*, as in Unicode TR39, are equal) are an error
naming both files. File names with control, bidi or zero-width characters
under content/, responses/ or overrides/ are refused by `check` and `build`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import LINE, TODAY, TODAY_ARG, VALID_REFERENCE, VALID_SLUG, VALID_YML, LogBuilder, variant

from foilog.commands.cli import main
from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.lookalikes import identifier_problem, invisible, skeleton, unsafe_name_chars
from foilog.log.model import Log

pytestmark = pytest.mark.adversarial


def check(builder: LogBuilder) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG])


def build(builder: LogBuilder, site: Path) -> Result:
    return CliRunner().invoke(main, ["build", "--config-file", str(builder.config), "--site-dir", str(site), "--today", TODAY_ARG])


def findings(builder: LogBuilder) -> list[str]:
    return [f.as_text() for f in load_log(load_project(builder.config), TODAY).findings]


def with_reference(builder: LogBuilder, reference: str, slug: str) -> None:
    """The valid response under another reference, in the folder its slug asks for."""
    builder.valid(variant(f"reference: {VALID_REFERENCE}", f"reference: '{reference}'"), slug=slug)


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


# --- the reproduction: three references that look the same ---------------------------------------


def test_three_visually_identical_references_are_refused(log: LogBuilder) -> None:
    with_reference(log, "RT/2025/001", "rt-2025-001")
    with_reference(log, "RТ/2025/001", "r-2025-001")  # Cyrillic Т
    with_reference(log, "RT/2025/００1", "rt-2025-1")  # full-width zeros
    result = check(log)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    cyrillic = f"responses/2026/r-2025-001/response.yml:{LINE['reference']}: reference: 'RТ/2025/001' contains"
    assert any(line.startswith(cyrillic) and "U+0422 CYRILLIC CAPITAL LETTER TE (looks like 'T')" in line for line in lines), result.output
    # Both look-alikes share the fix, so it is printed once after the list (advice once).
    assert lines.index("How to fix:") < next(i for i, line in enumerate(lines) if "retype it as 'RT/2025/001'" in line), result.output
    wide = f"responses/2026/rt-2025-1/response.yml:{LINE['reference']}: reference: 'RT/2025/００1' contains"
    assert any(line.startswith(wide) and "U+FF10 FULLWIDTH DIGIT ZERO (normalises to '0')" in line for line in lines), result.output
    # Each look-alike is also named against the genuine one, with both files.
    genuine = "responses/2026/rt-2025-001/response.yml"
    assert any(line.startswith(genuine) and "responses/2026/r-2025-001/response.yml" in line for line in lines), result.output
    assert any(line.startswith(genuine) and "responses/2026/rt-2025-1/response.yml" in line for line in lines), result.output


def test_the_build_refuses_look_alike_references(log: LogBuilder, tmp_path: Path) -> None:
    with_reference(log, "RT/2025/001", "rt-2025-001")
    with_reference(log, "RТ/2025/001", "r-2025-001")
    site = tmp_path / "site"
    result = build(log, site)
    assert result.exit_code == 1, result.output
    assert "CYRILLIC CAPITAL LETTER TE" in result.output
    assert "Traceback" not in result.output
    assert not (site / "responses" / "2026" / "r-2025-001").exists()


@pytest.mark.parametrize(
    ("reference", "named"),
    [
        ("RТ/2025/001", "U+0422 CYRILLIC CAPITAL LETTER TE (looks like 'T')"),
        ("RT/2025/００1", "U+FF10 FULLWIDTH DIGIT ZERO (normalises to '0')"),
        ("RT/2025/0\u200b01", "U+200B ZERO WIDTH SPACE (invisible)"),
        ("RT/2025/001\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE (invisible)"),
        ("ΑΒ/2025/001", "U+0391 GREEK CAPITAL LETTER ALPHA (looks like 'A')"),
        ("ＲＴ/2025/001", "U+FF32 FULLWIDTH LATIN CAPITAL LETTER R (normalises to 'R')"),
        ("FOı/2025/001", "U+0131 LATIN SMALL LETTER DOTLESS I (looks like 'i')"),
    ],
)
def test_a_look_alike_reference_alone_is_an_error(log: LogBuilder, reference: str, named: str) -> None:
    """Even without a twin: the reference is published and must match the letter, so it is retyped, not silently changed."""
    log.valid(variant(f"reference: {VALID_REFERENCE}", f'reference: "{reference}"'))
    messages = [m for m in findings(log) if ": reference: " in m and "contains" in m]
    assert len(messages) == 1, findings(log)
    assert named in messages[0]
    assert "retype it as '" in messages[0]


def test_previous_references_are_checked_too(log: LogBuilder) -> None:
    log.valid(VALID_YML + "previous_references:\n  - NCC/FOI/26/００41\n")
    (message,) = [m for m in findings(log) if "previous_references[0]" in m]
    assert "U+FF10 FULLWIDTH DIGIT ZERO" in message
    assert "retype it as 'NCC/FOI/26/0041'" in message


@pytest.mark.parametrize(
    ("genuine", "twin"),
    [
        ("RT/2025/001", "RT/2025/OO1"),  # letters O for zeros
        ("FOI/2025/11", "FOl/2025/1I"),  # l and I for 1 and I
        ("EIR-25-012", "eir-25-O12"),  # case differs too (the web address is case-blind)
    ],
)
def test_references_that_differ_only_in_look_alike_ascii_are_an_error_naming_both(log: LogBuilder, genuine: str, twin: str) -> None:
    from foilog.log.urls import slugify

    with_reference(log, genuine, slugify(genuine))
    with_reference(log, twin, slugify(twin))
    messages = [m for m in findings(log) if "looks the same as" in m]
    first, second = (f"responses/2026/{slugify(ref)}/response.yml" for ref in (genuine, twin))
    assert any(m.startswith(first) and second in m for m in messages), findings(log)
    assert any(m.startswith(second) and first in m for m in messages), findings(log)


# --- attachment names and topic ids -----------------------------------------------------------------


def test_attachment_path_with_look_alikes_is_an_error(log: LogBuilder) -> None:
    name = "attachments/gritting-rоutes.csv"  # Cyrillic о
    log.valid(variant("attachments/gritting-routes.csv", name), attachments={name: b"route\nA\n"})
    messages = [m for m in findings(log) if "attachments[0].path" in m]
    assert any("U+043E CYRILLIC SMALL LETTER O (looks like 'o')" in m and "attachments/gritting-routes.csv" in m for m in messages), (
        messages
    )


def test_two_attachments_whose_names_look_the_same_are_an_error(log: LogBuilder) -> None:
    extra = "  - path: attachments/gritting-r0utes.csv\n    title: The same again\n"
    log.valid(VALID_YML + extra, attachments={"attachments/gritting-routes.csv": b"a\n", "attachments/gritting-r0utes.csv": b"b\n"})
    messages = [m for m in findings(log) if "looks the same as" in m]
    assert any("attachments[1].path" in m and "'attachments/gritting-routes.csv'" in m for m in messages), findings(log)


def test_topic_files_whose_ids_look_the_same_are_an_error_naming_both(log: LogBuilder) -> None:
    log.topic("covid-19", "COVID-19", "The pandemic.")
    log.topic("covid-l9", "COVID-l9", "The pandemic, again.")
    log.valid()
    messages = [m for m in findings(log) if "looks the same as" in m]
    assert any(m.startswith("content/topics/covid-l9.md") and "content/topics/covid-19.md" in m for m in messages), findings(log)
    assert any(m.startswith("content/topics/covid-19.md") and "content/topics/covid-l9.md" in m for m in messages), findings(log)


# --- file names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("report\u202efdp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("minutes\u2066.pdf", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("new\nline.md", "U+000A LINE FEED"),
        ("zero\u200bwidth.md", "U+200B ZERO WIDTH SPACE"),
        ("bell\x07.md", "U+0007"),
    ],
)
def test_unsafe_file_names_in_content_are_refused_by_check_and_build(log: LogBuilder, tmp_path: Path, name: str, named: str) -> None:
    log.valid()
    (log.root / "content" / name).write_text("# A page\n", encoding="utf-8")
    checked = check(log)
    assert checked.exit_code == 1, checked.output
    assert any(
        line.startswith("content/") and named in line and "(error: unsafe-file-name)" in line for line in checked.stdout.splitlines()
    ), checked.output
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    built = build(log, site)
    assert built.exit_code == 1, built.output
    assert named in built.output
    assert "nothing was published" in built.output
    assert "Traceback" not in built.output
    assert [p.name for p in site.parent.iterdir() if p.name != ".site.lock"] == [], "no site and no staging folder is left"


def test_a_file_name_that_is_not_utf8_is_refused(log: LogBuilder) -> None:
    log.valid()
    os.close(os.open(os.fsencode(log.root / "content") + b"/bad\xff.md", os.O_CREAT | os.O_WRONLY, 0o644))
    texts = [f.as_text() for f in load_log(load_project(log.config), TODAY).findings if f.rule == "unsafe-file-name"]
    assert texts == [
        "content/bad\\udcff.md: the name contains U+DCFF (a byte that is not UTF-8), which a reader does not see (or which reorders the name); "
        "rename it using letters, digits, '-', '_' and '.' only"
    ]


def test_unsafe_attachment_file_name_in_a_response_folder_is_refused(log: LogBuilder) -> None:
    name = "attachments/routes\u202ecsv.exe"
    log.valid(
        VALID_YML + '  - path: "attachments/routes\\u202ecsv.exe"\n    title: Hostile\n',
        attachments={**{name: b"x"}, "attachments/gritting-routes.csv": b"a\n"},
    )
    texts = findings(log)
    assert any(t.startswith(f"responses/2026/{VALID_SLUG}/attachments/routes") and "U+202E RIGHT-TO-LEFT OVERRIDE" in t for t in texts), (
        texts
    )
    assert any("attachments[1].path" in t and "U+202E RIGHT-TO-LEFT OVERRIDE (invisible)" in t for t in texts), texts


def test_unsafe_response_folder_name_is_refused(log: LogBuilder) -> None:
    log.valid(slug=VALID_SLUG + "\u200d")
    loaded = load_log(load_project(log.config), TODAY).findings
    texts = [f.as_text() for f in loaded if f.rule == "unsafe-file-name"]
    assert any(t.startswith("responses/2026/ncc-foi-26-0042") and "U+200D ZERO WIDTH JOINER" in t for t in texts), findings(log)


# --- no false alarms --------------------------------------------------------------------------------

ORDINARY = ["FOI/2025/0001", "EIR-25-012", "01/FOI/19/011430", "FOI/2025/0002", "FOI/2025/0010", "DfE-FOI-2025-0101", "CC-FOISA-2025-077"]


def test_ordinary_references_and_welsh_titles_raise_nothing(log: LogBuilder) -> None:
    from foilog.log.urls import slugify

    for reference in ORDINARY:
        text = variant(f"reference: {VALID_REFERENCE}", f"reference: '{reference}'")
        text = variant("title: Gritting routes on rural roads", "title: Llwybrau graeanu ar ffyrdd gwledig — ŵyr ac ŷd (Ŵ Ŷ)", text)
        log.valid(text, slug=slugify(reference))
    assert findings(log) == []


def test_the_sample_log_raises_nothing(sample_log: Log) -> None:
    assert [f.as_text() for f in sample_log.findings] == []


@pytest.mark.parametrize(
    "value",
    ["FOI/2025/0001", "EIR-25-012", "01/FOI/19/011430", "attachments/Adroddiad-blynyddol.pdf", "attachments/cŵn-a-thŷ.csv", "road-safety"],
)
def test_ordinary_identifiers_have_no_problem(value: str) -> None:
    assert identifier_problem(value) is None
    assert unsafe_name_chars(value) == []


def test_skeletons() -> None:
    assert skeleton("RТ/2025/001") == skeleton("RT/2025/001") == skeleton("RT/2025/００1") == skeleton("RT/2025/OO1")
    assert skeleton("FOI/1") == skeleton("FOl/I")
    assert skeleton("FOI/1") != skeleton("FOL/1")  # an L is not an I
    assert skeleton("FOI/2025/0001") != skeleton("FOI/2025/0002")


def test_new_refuses_a_look_alike_reference(log: LogBuilder) -> None:
    """``foilog new`` says at once what ``check`` would say, before any folder is made."""
    result = CliRunner().invoke(main, ["new", "RТ/2025/001", "--responded", "2026-11-20", "--config-file", str(log.config)])
    assert result.exit_code == 2, result.output
    assert "U+0422 CYRILLIC CAPITAL LETTER TE (looks like 'T'); retype it as 'RT/2025/001'" in result.stderr
    assert "Traceback" not in result.output
    assert not (log.responses / "2026").exists()


def test_printable_ascii_names_have_no_invisible_character_and_controls_are_named() -> None:
    """The shortcut for printable ASCII names in unsafe_name_chars gives what asking each character gives."""
    assert not any(invisible(chr(code)) for code in range(0x20, 0x7F))
    for code in [*range(0x20), 0x7F]:
        assert unsafe_name_chars(f"report{chr(code)}.pdf"), hex(code)
    assert unsafe_name_chars("report.pdf") == []
