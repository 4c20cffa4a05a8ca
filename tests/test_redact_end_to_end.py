"""`foilog redact` end to end with the real cleaners: the command, each cleaner and the proof together.

The command's own tests use fake cleaners and each cleaner's tests call it
directly; these run the command line on real-shaped files so that the pieces
are proven to fit: the copy is written, passes the full leak gate, and lacks
what was removed while keeping the rest.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdf_builders as pb
import yaml
from attachment_builders import PERSON
from click.testing import CliRunner, Result
from docx_builders import p, word_docx
from test_redact_pdf import FIXTURE, _box_around
from test_redact_spreadsheet import hidden_sheets_book
from test_redact_word import _AUTHOR

from foilog.commands.cli import main
from foilog.gate.attachments import Limits, inspect_attachment, pdf_render
from foilog.log.findings import Category

BLOCKING = {Category.HIDDEN_CONTENT, Category.UNSAFE_FILE}


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, ["redact", *map(str, args)], env={"CI": "", "GITHUB_ACTIONS": ""})
    assert "Traceback" not in result.output, result.output
    return result


def blocking_rules(path: Path) -> set[str]:
    report = inspect_attachment(path, display_path=path.name, limits=Limits(sandbox=False))
    return {f.rule for f in report.findings if f.category in BLOCKING}


def test_the_met_letter_with_a_boxes_file(tmp_path: Path) -> None:
    """The issue's own case: the requester's name and the officer's e-mail boxed, everything else kept."""
    data = FIXTURE.read_bytes()
    source = tmp_path / "in" / "met-letter.pdf"
    source.parent.mkdir()
    source.write_bytes(data)
    pages = list(pdf_render.page_texts(data))
    mail = "Alex.B.O'Sample@met.police.uk"
    name_box = _box_around(data, next(i for i, t in enumerate(pages, 1) if "Exampleford" in t), "Exampleford")
    mail_box = _box_around(data, next(i for i, t in enumerate(pages, 1) if mail in t), mail)
    boxes = tmp_path / "boxes.yml"
    boxes.write_text(
        yaml.safe_dump(
            [
                {"page": b.page, "x0": b.x0, "y0": b.y0, "x1": b.x1, "y1": b.y1, **({"label": "s40(2)"} if b is mail_box else {})}
                for b in (name_box, mail_box)
            ]
        ),
        "utf-8",
    )
    out = tmp_path / "out"
    result = run(source, "--boxes", boxes, "--out", out)
    assert result.exit_code == 0, result.output
    copy = out / "met-letter.clean.pdf"
    assert copy.is_file() and source.read_bytes() == data, "the original is untouched"
    after = "\n".join(pdf_render.page_texts(copy.read_bytes()))
    assert "Exampleford" not in after and "O'Sample@met" not in after
    before = "\n".join(pages)
    kept = [line for line in before.splitlines() if line.strip() and "Exampleford" not in line and mail not in line]
    assert kept and all(line.split()[0] in after for line in kept), "the rest of the letter is still text"
    assert blocking_rules(copy) == set()
    report = (out / "redact-report.md").read_text("utf-8")
    assert "met-letter.pdf" in report and "Exampleford" not in report, "removed text is masked in the report"


def test_a_box_drawn_over_live_text_is_found_and_cleaned_without_a_boxes_file(tmp_path: Path) -> None:
    """The commonest botched redaction: a black rectangle over text that is still there."""
    box = pb.span(6, pb.NAME)  # (x, y, w, h), as reportlab draws it

    def boxed(c: object) -> None:
        pb.letter(c)  # type: ignore[arg-type]
        c.setFillColorRGB(0, 0, 0)  # type: ignore[attr-defined]
        c.rect(*box, stroke=0, fill=1)  # type: ignore[attr-defined]

    source = pb.pdf(tmp_path / "letter.pdf", boxed)
    assert "pdf-text-under-box" in blocking_rules(source)
    result = run(source)
    assert result.exit_code == 0, result.output
    copy = tmp_path / "letter.clean.pdf"
    assert blocking_rules(copy) == set()
    text = "\n".join(pdf_render.page_texts(copy.read_bytes()))
    original = "\n".join(pdf_render.page_texts(source.read_bytes()))
    assert pb.NAME not in text
    assert text.split() == original.replace(pb.NAME, "", 1).split(), "every other word is still there, in order"


def test_a_workbook_with_hidden_sheets(tmp_path: Path) -> None:
    source = hidden_sheets_book(tmp_path)
    assert blocking_rules(source), "the gate refuses the original"
    result = run(source, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "out" / "sheets.clean.xlsx"
    assert blocking_rules(copy) == set()
    with zipfile.ZipFile(io.BytesIO(copy.read_bytes())) as z:
        assert not any(PERSON.encode() in z.read(n) for n in z.namelist())


def test_a_word_document_with_a_tracked_deletion(tmp_path: Path) -> None:
    change = f'w:author="{_AUTHOR}" w:date="2025-03-01T10:00:00Z"'
    body = p(
        "The complaint was made by ",
        f'<w:del w:id="1" {change}><w:r><w:delText>Mr Oliver Pendleton</w:delText></w:r></w:del>',
        f'<w:ins w:id="2" {change}><w:r><w:t>the complainant</w:t></w:r></w:ins>',
        " and passed on.",
    )
    source = word_docx(tmp_path / "reply.docx", body)
    assert blocking_rules(source)
    result = run(source)
    assert result.exit_code == 0, result.output
    copy = tmp_path / "reply.clean.docx"
    assert blocking_rules(copy) == set()
    with zipfile.ZipFile(copy) as z:
        everything = b"".join(z.read(n) for n in z.namelist())
    assert b"Pendleton" not in everything and b"the complainant" in everything
