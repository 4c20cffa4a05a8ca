"""Word: what a reader sees, from effective run formatting (colours, backgrounds, sizes), and the
stores outside the paragraphs (alt text, altChunk, customXml, custom properties)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_builders import Word, p, picture, run, sharepoint_item, table, word_docx

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.word_format import RunFormat, colour_name, judge, text_colour
from foilog.log.findings import Severity, mask

NAME = "Jane Hartley"
BLACK = '<w:color w:val="000000"/>'


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=path.name, limits=Limits(sandbox=False))


def doc(tmp_path: Path, body: str, word: Word | None = None) -> AttachmentReport:
    return inspect(word_docx(tmp_path / "d.docx", p("Dear requester,") + body, word))


def only(report: AttachmentReport, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, report.findings
    return found[0]


@pytest.mark.parametrize(
    ("rpr", "reason"),
    [
        (BLACK + '<w:highlight w:val="black"/>', "black on a black highlight"),
        (BLACK + '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>', "black on a black shading"),
        ('<w:shd w:val="solid" w:color="auto" w:fill="FFFFFF"/>' + BLACK, "black on a black shading"),
        ('<w:color w:val="FFFFFF"/>', "white on a white page"),
        ('<w:color w:val="FFFFFF"/><w:highlight w:val="yellow"/>', "on a yellow highlight"),
        ('<w:color w:val="000000" w:themeColor="background1"/>', "white on a white page"),
    ],
)
def test_text_coloured_like_its_background(tmp_path: Path, rpr: str, reason: str) -> None:
    report = doc(tmp_path, p(run("Requested by "), run(NAME, rpr)))
    finding = only(report, "docx-text-same-colour")
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("paragraph 2: text is ") and reason in finding.message
    assert "do not cover it" in finding.message
    assert finding.excerpt == mask(NAME) and NAME not in finding.message
    assert NAME not in report.text_pages[0]  # a reader does not see it: not indexed as visible text
    assert ("Requested by " + NAME) in [t for _, t in report.stored]


@pytest.mark.parametrize(
    "rpr",
    [
        '<w:highlight w:val="black"/>',  # automatic colour: Word draws it white on black
        '<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>',
        '<w:highlight w:val="yellow"/>',
        '<w:highlight w:val="darkGray"/>' + BLACK,
        '<w:color w:val="FFFFFF"/><w:highlight w:val="darkBlue"/>',
        '<w:color w:val="808080"/>',
        '<w:sz w:val="12"/>',  # 6 pt
    ],
)
def test_readable_formatting_passes(tmp_path: Path, rpr: str) -> None:
    assert doc(tmp_path, p(run("Requested by "), run("the applicant", rpr))).findings == ()


def test_character_style_chain_sets_the_colour(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="character" w:styleId="Dark"><w:rPr><w:color w:val="000000"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Blackout"><w:basedOn w:val="Dark"/><w:rPr><w:highlight w:val="black"/></w:rPr></w:style>'
    )
    report = doc(tmp_path, p(run(NAME, '<w:rStyle w:val="Blackout"/>')), Word(styles=styles))
    assert "black on a black highlight" in only(report, "docx-text-same-colour").message


def test_direct_colour_beats_the_style(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="character" w:styleId="Blackout"><w:rPr><w:color w:val="000000"/><w:highlight w:val="black"/></w:rPr></w:style>'
    )
    assert doc(tmp_path, p(run(NAME, '<w:rStyle w:val="Blackout"/><w:color w:val="FFFFFF"/>')), Word(styles=styles)).findings == ()


def test_tiny_text_by_direct_size_and_by_style(tmp_path: Path) -> None:
    styles = '<w:style w:type="paragraph" w:styleId="Fine"><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="3"/></w:rPr></w:style>'
    body = p(run(NAME, '<w:sz w:val="2"/>')) + p("Old reference", ppr='<w:pStyle w:val="Fine"/>')
    finding = only(doc(tmp_path, body, Word(styles=styles)), "docx-text-tiny")
    assert finding.message.startswith("paragraph 2 and 1 other place (paragraph 3): text is set in 1 pt")


def test_text_squeezed_to_a_sliver_is_tiny(tmp_path: Path) -> None:
    """Character scale 1% (``w:w``, LibreOffice's "Scale width"): the letters pile into one stroke."""
    report = doc(tmp_path, p(run("Requested by "), run(NAME, '<w:w w:val="1"/>')))
    finding = only(report, "docx-text-tiny")
    assert "squeezed to 1% of its width" in finding.message and finding.excerpt == mask(NAME)
    assert doc(tmp_path, p(run("Requested by "), run("the applicant", '<w:w w:val="66"/>'))).findings == ()


def test_complex_script_size(tmp_path: Path) -> None:
    rpr = '<w:rtl/><w:sz w:val="22"/><w:szCs w:val="2"/>'
    assert "docx-text-tiny" in [f.rule for f in doc(tmp_path, p(run("نص", rpr))).findings]


def test_table_cell_and_table_style_header(tmp_path: Path) -> None:
    black_cell = table([[p(run(NAME, BLACK))]], cell_pr={(0, 0): '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'})
    assert "table cell shading" in only(doc(tmp_path, black_cell), "docx-text-same-colour").message
    styled = table([[p("Supplier")], [p("Acme")]], style="GridTable4-Accent1")
    assert doc(tmp_path, styled).findings == ()
    no_header = table([[p(run("Supplier", '<w:color w:val="FFFFFF"/>'))], [p("Acme")]], style="GridTable4-Accent1", look="0400")
    assert "docx-text-same-colour" in [f.rule for f in doc(tmp_path, no_header).findings]


def test_page_colour_counts_only_when_word_shows_it(tmp_path: Path) -> None:
    body = p(run("Summary", '<w:color w:val="FFFFFF"/>'))
    dark = Word(background='<w:background w:color="1F3864"/>', settings="<w:displayBackgroundShape/>")
    assert doc(tmp_path, body, dark).findings == ()
    assert "docx-text-same-colour" in [f.rule for f in doc(tmp_path, body, Word(background='<w:background w:color="1F3864"/>')).findings]


def test_alt_text_is_read_as_published_text(tmp_path: Path) -> None:
    body = p(picture("rId60", f"Requester: {NAME}", title="Signed form"))
    report = doc(tmp_path, body, Word(parts=[("word/media/image1.png", "image/png", b"", "image")]))
    assert f"Requester: {NAME}" in report.text_pages[0]
    assert "image alt text in paragraph 2" in report.locations[0]


def test_custom_xml_fields_become_labelled_lines(tmp_path: Path) -> None:
    item = sharepoint_item(f'<Case_x0020_Officer xmlns="x">{NAME}</Case_x0020_Officer><RequesterName xmlns="x">{NAME}</RequesterName>')
    report = doc(tmp_path, "", Word(custom_xml=[(item, "http://schemas.microsoft.com/office/2006/metadata/properties")]))
    text = next(t for w, t in report.stored if "customXml" in w)
    assert f"Case Officer: {NAME}" in text and f"Requester Name: {NAME}" in text
    assert report.findings == ()  # the store itself is ordinary; the detectors judge its text


def test_requester_custom_property_is_an_error_staff_a_warning(tmp_path: Path) -> None:
    requester = only(doc(tmp_path, "", Word(custom={"Requester Name": NAME})), "docx-properties")
    assert requester.severity is Severity.ERROR and "Requester Name" in requester.message
    officer = only(doc(tmp_path, "", Word(custom={"CaseOfficer": NAME})), "docx-properties")
    assert officer.severity is Severity.WARNING
    assert not any(f.is_error for f in doc(tmp_path, "", Word(custom={"Requester": "Anonymous"})).findings)


def test_alt_chunk_text_is_read_and_reported(tmp_path: Path) -> None:
    html = b"<html><body><p>Dear Mr Oliver Pendleton,</p></body></html>"
    report = doc(tmp_path, '<w:altChunk r:id="rId60"/>', Word(parts=[("word/afchunk.htm", "application/xhtml+xml", html, "aFChunk")]))
    warning = only(report, "docx-alt-chunk")
    assert warning.severity is Severity.WARNING and warning.message.startswith("paragraph 1: ")
    assert "Dear Mr Oliver Pendleton," in report.text_pages[0]


def test_judge_and_colour_helpers() -> None:
    assert text_colour("auto", "000000") == "FFFFFF" and text_colour("auto", "FFFF00") == "000000"
    assert colour_name("000000") == "black" and colour_name("1F3864") == "dark blue"
    assert judge(RunFormat(colour="000000"), (("highlight", "000000"),)).rule == "docx-text-same-colour"  # type: ignore[union-attr]
    assert judge(RunFormat(), (("highlight", "000000"),)) is None
    assert judge(RunFormat(colour="FFFFFF"), (("text box fill", "?"),)) is None  # a fill foilog cannot work out: no verdict


def test_link_addresses_and_field_codes_are_read(tmp_path: Path) -> None:
    body = (
        '<w:p><w:hyperlink r:id="rId60"><w:r><w:t>write to the requester</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:o.pendleton@example.com" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>by e-mail</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    path = word_docx(tmp_path / "links.docx", body)
    import zipfile

    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    rel = b'<Relationship Id="rId60" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:jane.hartley@example.com" TargetMode="External"/>'
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rel + b"</Relationships>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    report = inspect(path)
    text = next(t for w, t in report.stored if w.startswith("link addresses"))
    assert "mailto:jane.hartley@example.com" in text and "o.pendleton@example.com" in text
    assert "o.pendleton" not in report.text_pages[0]


def test_inside_the_sandbox_and_with_a_style_loop(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="character" w:styleId="A"><w:basedOn w:val="B"/><w:rPr><w:highlight w:val="black"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="B"><w:basedOn w:val="A"/><w:rPr><w:color w:val="000000"/></w:rPr></w:style>'
    )
    path = word_docx(tmp_path / "loop.docx", p(run(NAME, '<w:rStyle w:val="A"/>')), Word(styles=styles))
    report = inspect_attachment(path, display_path=path.name, limits=Limits())
    assert [f.rule for f in report.findings] == ["docx-text-same-colour"]
