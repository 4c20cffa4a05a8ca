"""The rendering judge of PDF hidden text (:mod:`foilog.gate.attachments.pdf_render`): rotation, crop box,
thresholds, runs, the ``boxes`` extra, visible-only text, and one run through the sandbox."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pdf_builders import BODY, LEFT, NAME, OTHER, SIZE, annotate, black_box_ops, edit, letter, line_y, pdf, rect_of, span, width
from pypdf.generic import ArrayObject, FloatObject, NameObject
from reportlab.pdfgen.canvas import Canvas

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.pdf_render import FLAT_RANGE, SCALE, TINY_POINTS, view_pages
from foilog.log.findings import Severity, mask

NAME_AT = span(6, NAME)


def inspect(path: Path, limits: Limits | None = None) -> AttachmentReport:
    """The report without accessibility advice (an untagged test PDF is advised; tests/test_renditions.py covers that)."""
    report = inspect_attachment(path, display_path=f"responses/{path.name}", limits=limits or Limits(sandbox=False))
    return dataclasses.replace(report, findings=tuple(f for f in report.findings if not f.advisory))


def hidden_findings(report: AttachmentReport):
    return [f for f in report.findings if f.rule == "pdf-text-under-box" and f.is_error]


def boxed(c: Canvas, box=NAME_AT) -> None:
    letter(c)
    c.setFillColorRGB(0, 0, 0)
    c.rect(*box, fill=1, stroke=0)


def _pixels_under(path: Path, boxes: list[list[float]]) -> list[float]:
    """Mean grey of the rendered page inside each box of the ``boxes`` extra (points of the shown page)."""
    doc = pdfium.PdfDocument(str(path))
    page = doc[0]
    grey = page.render(scale=SCALE, grayscale=True).to_numpy()
    out = []
    for x0, y0, x1, y1 in boxes:
        cell = grey[int(y0 * SCALE) + 2 : int(y1 * SCALE) - 2, int(x0 * SCALE) + 2 : int(x1 * SCALE) - 2]
        out.append(float(cell.mean()))
    page.close()
    doc.close()
    return out


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_pages_map_character_boxes_to_the_right_pixels(tmp_path: Path, rotation: int) -> None:
    path = pdf(tmp_path / f"rot{rotation}.pdf", boxed, rotate=rotation)
    report = inspect(path)
    [finding] = hidden_findings(report)
    assert finding.excerpt == mask(NAME)
    boxes = json.loads(finding.extra["boxes"])
    assert len(boxes) == 1 and finding.extra["runs"] == "1"
    assert _pixels_under(path, boxes) == [pytest.approx(0, abs=10)]  # the outlined box is the black box
    assert NAME not in report.text_pages[0] and "Orchard Lane" in report.text_pages[0]
    # the same page, rotated, with nothing hidden: no finding
    assert hidden_findings(inspect(pdf(tmp_path / f"ok{rotation}.pdf", letter, rotate=rotation))) == []


def _crop(box: tuple[float, float, float, float]):
    def change(writer) -> None:
        writer.pages[0][NameObject("/CropBox")] = ArrayObject([FloatObject(v) for v in box])

    return change


def test_crop_box_offset_from_the_media_box(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        boxed(c)
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 90, f"Signed: {OTHER}")  # below the crop box

    path = edit(pdf(tmp_path / "crop.pdf", draw), _crop((50, 120, 560, 800)))
    report = inspect(path)
    found = hidden_findings(report)
    covered = next(f for f in found if f.extra["cause"] == "covered")
    assert _pixels_under(path, json.loads(covered.extra["boxes"])) == [pytest.approx(0, abs=10)]
    outside = next(f for f in found if f.extra["cause"] == "off-page")
    assert "outside" in outside.message and outside.excerpt == mask(f"Signed: {OTHER}")
    assert OTHER not in report.text_pages[0] or report.text_pages[0].count(OTHER) == 1  # the body line still shows it
    assert "Signed" not in report.text_pages[0]


@pytest.mark.parametrize(("grey", "hidden"), [(0.0, False), (0.6, False), (0.78, False), (0.93, True), (1.0, True)])
def test_grey_range_threshold(tmp_path: Path, grey: float, hidden: bool) -> None:
    """Text fainter than FLAT_RANGE grey levels against white shows no writing."""
    assert (255 * (1 - grey) < FLAT_RANGE) is hidden

    def draw(c: Canvas) -> None:
        letter(c)
        c.setFont("Vera", SIZE)
        c.setFillColorRGB(grey, grey, grey)
        c.drawString(LEFT, 200, f"Requester {NAME}")

    report = inspect(pdf(tmp_path / "grey.pdf", draw))
    assert bool(hidden_findings(report)) is hidden


@pytest.mark.parametrize(("size", "hidden"), [(1.0, True), (2.4, True), (4.0, False), (6.0, False)])
def test_size_threshold(tmp_path: Path, size: float, hidden: bool) -> None:
    def draw(c: Canvas) -> None:
        letter(c)
        c.setFont("Vera", size)
        c.drawString(LEFT, 200, f"Requester {NAME}")

    report = inspect(pdf(tmp_path / "size.pdf", draw))
    found = hidden_findings(report)
    assert bool(found) is hidden
    if hidden:
        assert "too small" in found[0].message and str(int(TINY_POINTS)) in found[0].message


def test_runs_are_grouped_per_line_and_counted(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        boxed(c)
        c.rect(*span(6, OTHER), fill=1, stroke=0)  # a second run on the same line
        c.rect(*span(5, "information"), fill=1, stroke=0)  # and one on the line above

    report = inspect(pdf(tmp_path / "runs.pdf", draw))
    [finding] = hidden_findings(report)
    assert finding.extra["runs"] == "3" and "3 runs" in finding.message and "the first" in finding.message
    assert len(json.loads(finding.extra["boxes"])) == 3
    assert mask(NAME) in (finding.excerpt or "") and mask(OTHER) in (finding.excerpt or "")


def test_hidden_dots_and_underscores_are_not_findings(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        letter(c, BODY[:3])
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 400, "Reference: .................... ____________")
        c.setFillColorRGB(0, 0, 0)
        c.rect(LEFT + 60, 396, 200, 14, fill=1, stroke=0)

    assert inspect(pdf(tmp_path / "dots.pdf", draw)).findings == ()


def test_message_says_where_and_the_boxes_extra_is_in_points_from_the_top_left(tmp_path: Path) -> None:
    report = inspect(pdf(tmp_path / "where.pdf", boxed))
    [finding] = hidden_findings(report)
    [[x0, y0, x1, y1]] = json.loads(finding.extra["boxes"])
    assert x0 < x1 and y0 < y1
    top = 842 - (line_y(6) + 0.95 * SIZE)  # the run's top edge, measured from the top of the A4 page
    assert y0 == pytest.approx(top, abs=2.5)
    assert x0 == pytest.approx(NAME_AT[0], abs=2)
    assert f"{x0 / 72 * 2.54:.1f} cm from the left and {y0 / 72 * 2.54:.1f} cm from the top" in finding.message
    assert finding.page == 1 and "page 1 has hidden text" in finding.message


def test_annotation_is_named_as_the_cause(tmp_path: Path) -> None:
    path = edit(pdf(tmp_path / "square.pdf", letter), lambda w: annotate(w, "/Square", rect_of(NAME_AT), black_box_ops(rect_of(NAME_AT))))
    report = inspect(path)
    [finding] = hidden_findings(report)
    assert "annotation" in finding.message and finding.extra["cause"] == "annotation"
    assert not [f for f in report.findings if f.rule == "pdf-annotation"]  # a box with no words is paint, not a comment


def test_text_pages_hold_only_visible_text_in_reading_order(tmp_path: Path) -> None:
    views = list(view_pages(pdf(tmp_path / "order.pdf", boxed).read_bytes()))
    [view] = views
    assert NAME not in view.text and NAME in view.all_text
    lines = view.text.splitlines()
    assert lines[0] == "Northshire County Council" and lines[1] == BODY[0]
    assert "complaint was made by" in view.text and "of 14 Orchard Lane" in view.text
    assert "\r" not in view.text


def test_overflowing_line_is_a_warning_with_its_box(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        letter(c)
        c.setFont("Vera", SIZE)
        c.drawString(300, 200, f"This line is far too long for the page and runs off its edge: {NAME} {NAME}")

    report = inspect(pdf(tmp_path / "overflow.pdf", draw))
    [finding] = [f for f in report.findings if f.rule == "pdf-text-under-box"]
    assert finding.severity is Severity.WARNING and "cut off" in finding.message
    assert json.loads(finding.extra["boxes"])


def test_through_the_sandbox(tmp_path: Path) -> None:
    path = pdf(tmp_path / "sandboxed.pdf", boxed, letter)
    report = inspect(path, Limits())
    [finding] = hidden_findings(report)
    assert finding.page == 1 and finding.excerpt == mask(NAME)
    assert report.facts is not None and report.facts.pages == 2 and report.facts.has_text_layer
    assert NAME not in report.text_pages[0] and NAME in report.text_pages[1]


def test_flat_pixels_are_measured_inside_each_box() -> None:
    from foilog.gate.attachments.pixel_ranges import box_ranges

    grey = np.full((40, 60), 255, np.uint8)
    grey[10:20, 10:30] = 0  # a black box
    grey[25:35, 5:9] = 40  # a dark stroke
    x0, y0 = np.array([12, 2, 3, 40]), np.array([12, 24, 24, 0])
    x1, y1 = np.array([28, 12, 6, 60]), np.array([18, 36, 30, 40])
    lo, hi = box_ranges(grey, x0, y0, x1, y1)
    assert (hi - lo).tolist() == [0, 215, 215, 0]


def test_many_distinct_lines_use_the_sparse_table(tmp_path: Path, monkeypatch) -> None:
    from foilog.gate.attachments import pixel_ranges

    monkeypatch.setattr(pixel_ranges, "_BANDS", 0)  # as on a page of thousands of separately placed words
    report = inspect(pdf(tmp_path / "sparse.pdf", boxed))
    [finding] = hidden_findings(report)
    assert finding.excerpt == mask(NAME) and "Orchard Lane" in report.text_pages[0]


def test_poster_sized_page_is_rendered_at_a_lower_scale(tmp_path: Path) -> None:
    from pdf_builders import width

    x = 200 + width("Public notice: the case officer is ", 60)
    w = width(NAME, 60)

    def draw(c: Canvas) -> None:
        c.setFont("Vera", 60)
        c.drawString(200, 3000, f"Public notice: the case officer is {NAME}")
        c.setFillColorRGB(0, 0, 0)
        c.rect(x - 2, 2980, w + 4, 80, fill=1, stroke=0)

    report = inspect(pdf(tmp_path / "poster.pdf", draw, pagesize=(4000, 5000)), Limits())  # 80 million pixels at 144 dpi: rendered smaller
    [finding] = hidden_findings(report)
    assert finding.excerpt == mask(NAME)
    [[x0, _, x1, _]] = json.loads(finding.extra["boxes"])
    assert x0 == pytest.approx(x, abs=6) and x1 == pytest.approx(x + w, abs=6)  # loose glyph boxes at 60 pt


# -- each character's own marks (a second rendering without the text) ---------------------------


def test_dark_text_on_a_dark_fill_is_visible(tmp_path: Path) -> None:
    """Black on navy spans few grey levels, but the letters still put strokes on the page (an exhibit stamp)."""

    def draw(c: Canvas) -> None:
        letter(c)
        c.setFillColorRGB(0.1, 0.1, 0.16)
        c.rect(LEFT - 4, 186, 220, 24, fill=1, stroke=0)
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 194, "Exhibit B - page 4")

    report = inspect(pdf(tmp_path / "stamp.pdf", draw))
    assert hidden_findings(report) == []
    assert "Exhibit B - page 4" in report.text_pages[0]


def test_black_text_on_the_same_black_fill_is_hidden(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        letter(c)
        c.setFillColorRGB(0, 0, 0)
        c.rect(LEFT - 4, 186, 220, 24, fill=1, stroke=0)
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 194, f"Requester {NAME}")

    [finding] = hidden_findings(inspect(pdf(tmp_path / "black.pdf", draw)))
    assert finding.excerpt == mask(f"Requester {NAME}")


def test_cross_hatched_box_over_live_text_is_hidden(tmp_path: Path) -> None:
    """A black box crossed with white lines shows marks, but not the text's: the text adds nothing to the page."""

    def draw(c: Canvas) -> None:
        letter(c)
        x, y, w, h = NAME_AT
        c.setFillColorRGB(0, 0, 0)
        c.rect(x, y, w, h, fill=1, stroke=0)
        c.setStrokeColorRGB(1, 1, 1)
        c.setLineWidth(1.2)
        c.line(x, y, x + w, y + h)
        c.line(x, y + h, x + w, y)
        for k in range(1, 8):
            c.line(x + w * k / 8, y, x + w * k / 8, y + h)

    [finding] = hidden_findings(inspect(pdf(tmp_path / "hatched.pdf", draw)))
    assert finding.excerpt == mask(NAME)
    assert finding.extra["cause"] == "covered"


@pytest.mark.parametrize("label", ["REDACTED", "Name redacted", "s40(2)", "Section 40(2) personal data", "XXXXXXXX", "Privileged"])
def test_a_redaction_label_under_its_box_is_not_a_finding(tmp_path: Path, label: str) -> None:
    def draw(c: Canvas) -> None:
        letter(c)
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 194, label)
        c.setFillColorRGB(0, 0, 0)
        c.rect(LEFT - 2, 190, width(label) + 4, 16, fill=1, stroke=0)

    assert hidden_findings(inspect(pdf(tmp_path / "label.pdf", draw))) == []


def test_a_name_beside_a_redaction_label_is_still_hidden(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        letter(c)
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 194, f"REDACTED {NAME}")
        c.setFillColorRGB(0, 0, 0)
        c.rect(LEFT - 2, 190, width(f"REDACTED {NAME}") + 4, 16, fill=1, stroke=0)

    [finding] = hidden_findings(inspect(pdf(tmp_path / "label-name.pdf", draw)))
    assert finding.excerpt == mask(f"REDACTED {NAME}")


def test_a_sliver_of_a_visible_word_is_not_a_finding(tmp_path: Path) -> None:
    """A box that clips the last letter of a word whose other letters show hides nothing."""
    line = BODY[6]
    word = line.split()[0]

    def draw(c: Canvas) -> None:
        letter(c)
        x = LEFT + width(word[:-1])
        c.setFillColorRGB(0, 0, 0)
        c.rect(x, line_y(6) - 0.25 * SIZE, width(word[-1]) + 0.5, 1.2 * SIZE, fill=1, stroke=0)

    assert hidden_findings(inspect(pdf(tmp_path / "sliver.pdf", draw))) == []


def _dates(stamped: int, *, other: str | None = None):
    def draw(c: Canvas) -> None:
        letter(c)
        c.setFont("Vera", SIZE)
        for k in range(stamped):
            y = 160 - k * 20
            c.setFillColorRGB(0, 0, 0)
            c.drawString(LEFT, y, "03/23/2019")
            c.rect(LEFT - 2, y - 4, width("03/23/2019") + 4, 16, fill=1, stroke=0)
        if other:
            c.drawString(LEFT + 250, 160, other)
            c.rect(LEFT + 248, 156, width(other) + 4, 16, fill=1, stroke=0)

    return draw


def test_one_date_stamped_under_every_box_is_a_warning(tmp_path: Path) -> None:
    report = inspect(pdf(tmp_path / "stamp-dates.pdf", _dates(4)))
    assert hidden_findings(report) == []
    [warning] = [f for f in report.findings if f.rule == "pdf-text-under-box"]
    assert warning.severity is Severity.WARNING and "same date" in warning.message and warning.extra["runs"] == "4"


def test_a_hidden_date_of_birth_is_an_error(tmp_path: Path) -> None:
    """Once, or beside any other hidden text, a hidden date is what it looks like."""
    assert hidden_findings(inspect(pdf(tmp_path / "dob.pdf", _dates(1))))
    assert hidden_findings(inspect(pdf(tmp_path / "dates-and-name.pdf", _dates(3, other=NAME))))


def test_each_outline_is_labelled_with_its_own_masked_text(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        boxed(c)
        c.setFont("Vera", SIZE)
        c.drawString(LEFT, 194, OTHER)
        c.rect(LEFT - 2, 190, width(OTHER) + 4, 16, fill=1, stroke=0)

    [finding] = hidden_findings(inspect(pdf(tmp_path / "two.pdf", draw)))
    labels = json.loads(finding.extra["labels"])
    assert sorted(labels) == sorted([mask(NAME), mask(OTHER)])
    assert len(labels) == len(json.loads(finding.extra["boxes"]))


def test_text_squeezed_to_a_sliver_is_hidden(tmp_path: Path) -> None:
    """A horizontal scale of 1% (``Tz 1``) piles the letters into one stroke: the stroke shows, the words do not."""

    def draw(c: Canvas) -> None:
        letter(c)
        t = c.beginText(LEFT, 200)
        t.setFont("Vera", SIZE)
        t.setHorizScale(1)
        t.textOut(f"{NAME}, 07700 900461")
        c.drawText(t)

    report = inspect(pdf(tmp_path / "squeezed.pdf", draw))
    [finding] = hidden_findings(report)
    assert finding.extra["cause"] == "tiny" and "squeezed" in finding.message
    assert "07700" not in report.text_pages[0]
