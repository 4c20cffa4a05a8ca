"""PDF hidden text judged per character: partial boxes, adjacent boxes, curves, clipping, off-page and tiny text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from attachment_builders import PERSON, box_op, text_op, write_pdf
from pypdf.generic._font import Font

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.log.findings import Severity, mask

HEADING = text_op(72, 740, "Response to request FOI-2024-0001")
LINE = f"Thank you for your letter about the claim made by {PERSON} of Leeds, we reply below."
HELVETICA = Font.from_core_font_name("/Helvetica")


def advance(text: str, size: float = 12) -> float:
    """Width of ``text`` in Helvetica at ``size`` points (the standard AFM widths)."""
    return HELVETICA.get_text_width(text) * size / 1000


def inspect(path: Path) -> AttachmentReport:
    """The report without accessibility advice (an untagged test PDF is advised; tests/test_renditions.py covers that)."""
    report = inspect_attachment(path, display_path=f"responses/{path.name}", limits=Limits(sandbox=False))
    return dataclasses.replace(report, findings=tuple(f for f in report.findings if not f.advisory))


def hidden_text(report: AttachmentReport):
    found = [f for f in report.findings if f.rule == "pdf-text-under-box"]
    assert len(found) == 1, report.findings
    return found[0]


def name_box(x: float = 72, line: str = LINE, name: str = PERSON) -> tuple[float, float]:
    """(x, width) of ``name`` inside ``line`` drawn at ``x``."""
    start = x + advance(line[: line.index(name)])
    return start, advance(name)


def test_box_over_one_name_in_a_long_line_reports_that_name(tmp_path: Path) -> None:
    x, w = name_box()
    content = HEADING + text_op(72, 650, LINE) + box_op(x - 1, 645, w + 2, 16)
    finding = hidden_text(inspect(write_pdf(tmp_path / "partial.pdf", [content])))
    assert finding.page == 1 and finding.severity is Severity.ERROR
    assert finding.excerpt == mask(PERSON)  # only the covered characters, masked
    assert "covered by a box" in finding.message


def test_box_over_part_of_a_tj_array(tmp_path: Path) -> None:
    line = f"The complainant, {PERSON}, of 12 High Street, asked for the file."
    x, w = name_box(line=line)
    content = HEADING + f"BT /F1 12 Tf 72 650 Td [({line})] TJ ET\n".encode() + box_op(x, 645, w, 16)
    finding = hidden_text(inspect(write_pdf(tmp_path / "tj.pdf", [content])))
    assert finding.excerpt == mask(PERSON)


def test_two_adjacent_boxes_that_together_cover_a_name(tmp_path: Path) -> None:
    x, w = name_box()
    half = w * 0.45  # neither box covers 60% of the name, nor of any one of its middle letters
    content = HEADING + text_op(72, 650, LINE) + box_op(x - 1, 645, half + 1, 16) + box_op(x + half, 645, w - half + 1, 16)
    finding = hidden_text(inspect(write_pdf(tmp_path / "halves.pdf", [content])))
    assert finding.excerpt == mask(PERSON)


def test_rounded_dark_box_drawn_with_curves(tmp_path: Path) -> None:
    x, w = name_box()
    right = x + w
    path = f"0 g {x} 645 m {right} 645 l {right + 3} 645 {right + 3} 662 {right} 662 c {x} 662 l h f\n".encode()
    finding = hidden_text(inspect(write_pdf(tmp_path / "curve.pdf", [HEADING + text_op(72, 650, LINE) + path])))
    assert finding.excerpt == mask(PERSON)


def test_light_curved_shape_under_text_passes_and_over_text_hides_it(tmp_path: Path) -> None:
    # A pale decorative curve (a logo swoosh) drawn first, as letterheads do: the text shows on it.
    path = b"q 0.9 0.9 1 rg 60 640 m 300 700 400 600 500 660 c h f Q\n"
    report = inspect(write_pdf(tmp_path / "swoosh.pdf", [HEADING + path + text_op(72, 650, LINE)]))
    assert report.findings == ()
    # Drawn over the text, the opaque shape hides the words it covers: the renderer decides, not the shape's colour.
    report = inspect(write_pdf(tmp_path / "swoosh-over.pdf", [HEADING + text_op(72, 650, LINE) + path]))
    assert hidden_text(report).severity is Severity.ERROR


def test_strike_through_underline_and_table_rules_pass(tmp_path: Path) -> None:
    content = (
        HEADING
        + text_op(72, 650, LINE)
        + box_op(72, 653, advance(LINE), 1)  # strike-through
        + box_op(72, 647, advance(LINE), 0.6)  # underline
        + box_op(200, 640, 0.75, 30)  # a table's vertical rule
    )
    assert inspect(write_pdf(tmp_path / "rules.pdf", [content])).findings == ()


def test_properly_redacted_line_passes(tmp_path: Path) -> None:
    x, w = name_box()
    before = LINE[: LINE.index(PERSON)]
    after = LINE[LINE.index(PERSON) + len(PERSON) :]
    content = (
        HEADING
        + text_op(72, 650, before)
        + box_op(x - 1, 645, w + 2, 16)
        + b"q "
        + text_op(x, 650, "REDACTED", size=8, rgb=(1, 1, 1))
        + b"Q\n"
        + text_op(x + w + 1, 650, after)
    )
    assert inspect(write_pdf(tmp_path / "ok.pdf", [content])).findings == ()


def test_text_hidden_by_a_clipping_path(tmp_path: Path) -> None:
    content = HEADING + b"q 0 0 1 1 re W n " + text_op(72, 600, f"Complainant {PERSON}") + b"Q\n"
    finding = hidden_text(inspect(write_pdf(tmp_path / "clip.pdf", [content])))
    assert finding.page == 1 and "clipping path" in finding.message
    assert mask(PERSON) in (finding.excerpt or "")


def test_clip_around_visible_text_passes(tmp_path: Path) -> None:
    content = HEADING + b"q 50 500 500 200 re W n " + text_op(72, 600, f"Complainant {PERSON}") + b"Q\n"
    assert inspect(write_pdf(tmp_path / "clip-ok.pdf", [content])).findings == ()


def test_text_outside_the_visible_page(tmp_path: Path) -> None:
    content = HEADING + text_op(700, 900, f"Complainant {PERSON}")
    finding = hidden_text(inspect(write_pdf(tmp_path / "offpage.pdf", [content])))
    assert finding.page == 1 and "outside the visible area" in finding.message
    assert mask(PERSON) in (finding.excerpt or "")


def test_tiny_text(tmp_path: Path) -> None:
    content = HEADING + text_op(72, 600, f"Complainant {PERSON}", size=0.1)
    finding = hidden_text(inspect(write_pdf(tmp_path / "tiny.pdf", [content])))
    assert finding.page == 1 and "too small" in finding.message
    assert mask(PERSON) in (finding.excerpt or "")


def test_name_in_document_title_is_reported(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "title.pdf", [HEADING], tweak=lambda w: w.add_metadata({"/Title": f"Letter to {PERSON}"}))
    found = [f for f in inspect(path).findings if f.rule == "pdf-metadata"]
    assert len(found) == 1 and "Title" in found[0].message and mask(PERSON) in (found[0].excerpt or "")
    titled = write_pdf(tmp_path / "titled.pdf", [HEADING], tweak=lambda w: w.add_metadata({"/Subject": "Reply to Mr Alan Testperson"}))
    assert [f.severity for f in inspect(titled).findings if f.rule == "pdf-metadata"] == [Severity.ERROR]
    plain = write_pdf(tmp_path / "plain.pdf", [HEADING], tweak=lambda w: w.add_metadata({"/Title": "Response to FOI request 2024-0001"}))
    assert inspect(plain).findings == ()


def test_cached_reports_are_bound_to_the_inspectors_code(tmp_path: Path) -> None:
    """An edit to the PDF judge changes the fingerprint every cache entry is stored under (no version to bump by hand)."""
    import shutil

    from foilog.cache import PACKAGE_DIR, code_fingerprint

    package = tmp_path / "foilog"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(package)
    judge = package / "gate" / "attachments" / "pdf_judge.py"
    judge.write_text(judge.read_text("utf-8") + "\n# a threshold changed\n", encoding="utf-8")
    assert before is not None and code_fingerprint(package) != before


def test_line_running_off_the_page_edge_is_a_warning(tmp_path: Path) -> None:
    content = HEADING + text_op(300, 600, f"This line is far too long for the page and runs off its edge: {PERSON} {PERSON}")
    finding = hidden_text(inspect(write_pdf(tmp_path / "overflow.pdf", [content])))
    assert finding.severity is Severity.WARNING and "cut off" in finding.message
