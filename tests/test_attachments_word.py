"""Word (.docx) hidden-content checks, on hand-built WordprocessingML."""

from __future__ import annotations

from pathlib import Path

import pytest
from attachment_builders import EMAIL, OTHER_PERSON, PERSON, W_NS, core_xml, docx, jpeg_bytes, para

from foilog.gate.attachments import AttachmentReport, inspect_attachment
from foilog.log.findings import Category, Severity, mask


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}")


def only(report: AttachmentReport, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, report.findings
    return found[0]


BODY = para("Dear requester,") + para("We hold the information you asked for.")


def test_clean_document(tmp_path: Path) -> None:
    report = inspect(docx(tmp_path / "clean.docx", BODY, parts={"docProps/core.xml": core_xml(title="Response")}))
    assert report.findings == ()
    assert report.facts is not None and report.facts.kind == "word"
    assert report.text_pages == ("Dear requester,\nWe hold the information you asked for.\n",)


def test_tracked_deletion_insertion_and_move(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>The officer was </w:t></w:r>"
        f'<w:del w:id="1" w:author="{OTHER_PERSON}"><w:r><w:delText>{PERSON}</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="{OTHER_PERSON}"><w:r><w:t>[withheld]</w:t></w:r></w:ins></w:p>'
        '<w:moveFrom w:id="3" w:author="A"><w:p><w:r><w:t>moved text</w:t></w:r></w:p></w:moveFrom>'
    )
    report = inspect(docx(tmp_path / "changes.docx", body))
    finding = only(report, "docx-tracked-changes")
    assert finding.severity is Severity.ERROR and finding.category is Category.HIDDEN_CONTENT
    assert "3 tracked changes" in finding.message and "Accept All" in finding.message
    assert mask(PERSON) in (finding.excerpt or "") and PERSON not in (finding.excerpt or "")
    assert "The officer was [withheld]" in report.text_pages[0]
    assert PERSON in report.text_pages[0]  # deleted text is appended for the caller's scan
    assert ("tracked change author", OTHER_PERSON) in report.metadata


def test_comments(tmp_path: Path) -> None:
    comments = (
        f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="{OTHER_PERSON}" w:initials="AT">'
        f"<w:p><w:r><w:t>Is {PERSON} happy for this to go out?</w:t></w:r></w:p></w:comment></w:comments>"
    )
    report = inspect(docx(tmp_path / "comments.docx", BODY, parts={"word/comments.xml": comments.encode()}))
    finding = only(report, "docx-comments")
    assert finding.severity is Severity.ERROR and mask(PERSON) in (finding.excerpt or "")


def test_hidden_text_direct_and_by_style(tmp_path: Path) -> None:
    body = (
        f"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{PERSON}</w:t></w:r></w:p>"
        '<w:p><w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>styled hidden</w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>explicitly shown</w:t></w:r></w:p>'
    )
    styles = f'<w:styles xmlns:w="{W_NS}"><w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style></w:styles>'
    report = inspect(docx(tmp_path / "vanish.docx", body, parts={"word/styles.xml": styles.encode()}))
    finding = only(report, "docx-hidden-text")
    assert "2 passages" in finding.message
    assert finding.excerpt == f"{mask(PERSON)} | {mask('styled hidden')}"


def test_hidden_paragraph_mark_only_passes(tmp_path: Path) -> None:
    body = "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>Shown text</w:t></w:r></w:p>"
    assert inspect(docx(tmp_path / "mark.docx", body)).findings == ()


def test_properties_and_people_list(tmp_path: Path) -> None:
    people = (
        f'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="{PERSON}"/></w15:people>'
    )
    app = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Company>Example Borough Council</Company><Application>Microsoft Office Word</Application></Properties>"
    )
    report = inspect(
        docx(
            tmp_path / "props.docx",
            BODY,
            parts={
                "docProps/core.xml": core_xml(creator=OTHER_PERSON),
                "docProps/app.xml": app.encode(),
                "word/people.xml": people.encode(),
            },
        )
    )
    finding = only(report, "docx-properties")
    assert finding.severity is Severity.WARNING
    assert "creator" in finding.message and "Company" in finding.message and "people list" in finding.message

    email = inspect(docx(tmp_path / "email.docx", BODY, parts={"docProps/core.xml": core_xml(last_modified_by=EMAIL)}))
    assert only(email, "docx-properties").severity is Severity.ERROR


def test_embedded_object_and_image_metadata(tmp_path: Path) -> None:
    report = inspect(
        docx(
            tmp_path / "embed.docx",
            BODY,
            parts={
                "word/embeddings/Microsoft_Excel_Worksheet.xlsx": b"PK\x03\x04 not really",
                "word/media/image1.jpeg": jpeg_bytes(gps=True, artist=PERSON),
            },
        )
    )
    assert only(report, "docx-embedded-object").severity is Severity.ERROR
    assert only(report, "image-gps").extra == {"image": "image1.jpeg"}
    assert only(report, "image-metadata").excerpt == mask(PERSON)


def test_legacy_doc_and_macro_docm_are_refused(tmp_path: Path) -> None:
    doc = tmp_path / "letter.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    finding = only(inspect(doc), "unsafe-legacy-format")
    assert "PDF" in finding.message and finding.category is Category.UNSAFE_FILE

    docm = docx(tmp_path / "letter.docm", BODY)
    assert only(inspect(docm), "unsafe-macro").severity is Severity.ERROR


@pytest.mark.adversarial
def test_xml_entity_attack_fails_closed(tmp_path: Path) -> None:
    path = tmp_path / "entities.docx"
    docx(path, BODY)
    import zipfile

    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", bomb)
    finding = only(inspect(path), "unsafe-unparseable")
    assert "entity" in finding.message
