"""Word hidden text through paragraph styles, style inheritance and document defaults."""

from __future__ import annotations

from pathlib import Path

from attachment_builders import PERSON, W_NS, docx, para

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.log.findings import mask


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}", limits=Limits(sandbox=False))


def styles(inner: str) -> dict[str, bytes]:
    return {"word/styles.xml": f'<w:styles xmlns:w="{W_NS}">{inner}</w:styles>'.encode()}


def hidden_excerpt(report: AttachmentReport) -> str | None:
    found = [f for f in report.findings if f.rule == "docx-hidden-text"]
    assert len(found) == 1, report.findings
    return found[0].excerpt


def styled_para(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def test_paragraph_style_that_hides_text(tmp_path: Path) -> None:
    sty = styles('<w:style w:type="paragraph" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>')
    report = inspect(docx(tmp_path / "pstyle.docx", styled_para("Secret", PERSON) + para("Visible"), parts=sty))
    assert hidden_excerpt(report) == mask(PERSON)


def test_style_inherited_through_based_on(tmp_path: Path) -> None:
    sty = styles(
        '<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="Base"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Shown"><w:basedOn w:val="Base"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>'
    )
    body = styled_para("Child", PERSON) + styled_para("Shown", "shown text")
    assert hidden_excerpt(inspect(docx(tmp_path / "based.docx", body, parts=sty))) == mask(PERSON)


def test_document_default_run_properties_hide_everything(tmp_path: Path) -> None:
    sty = styles("<w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>")
    report = inspect(docx(tmp_path / "default.docx", para(PERSON), parts=sty))
    assert hidden_excerpt(report) == mask(PERSON)


def test_default_paragraph_style_hides_unstyled_paragraphs(tmp_path: Path) -> None:
    sty = styles('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:vanish/></w:rPr></w:style>')
    assert hidden_excerpt(inspect(docx(tmp_path / "normal.docx", para(PERSON), parts=sty))) == mask(PERSON)


def test_direct_formatting_shows_text_a_style_hides(tmp_path: Path) -> None:
    sty = styles('<w:style w:type="paragraph" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>')
    body = '<w:p><w:pPr><w:pStyle w:val="Secret"/></w:pPr><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>shown</w:t></w:r></w:p>'
    assert inspect(docx(tmp_path / "override.docx", body, parts=sty)).findings == ()


def test_ordinary_styles_pass(tmp_path: Path) -> None:
    sty = styles(
        "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val='22'/></w:rPr></w:rPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:b/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/></w:style>'
    )
    body = styled_para("Heading1", "Response") + para("We hold the information.")
    assert inspect(docx(tmp_path / "plain.docx", body, parts=sty)).findings == ()
