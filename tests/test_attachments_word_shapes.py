"""Floating shapes over Word body text (``docx-shape-over-text``): placement, wrapping, hostile values."""

from __future__ import annotations

import time
from pathlib import Path

from docx_builders import CM, anchor, p, run, shape_run, vml_rect, word_docx, wps_shape

from foilog.gate.attachments import Limits
from foilog.gate.attachments.word import inspect_docx
from foilog.log.findings import Severity

_BLACK = '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
_LINE = "The request was made by Jane Hartley on 3 March 2025."


def _shapes(tmp_path: Path, body: str) -> list:
    path = word_docx(tmp_path / "doc.docx", body)
    report = inspect_docx(path, "doc.docx", Limits(sandbox=False))
    return [f for f in report.findings if f.rule == "docx-shape-over-text"]


def _box(fill: str = _BLACK, **place: object) -> str:
    box: dict[str, object] = {"cx": int(2.3 * CM), "cy": int(0.5 * CM), "h": ("column", int(4.1 * CM)), "v": ("paragraph", 0), **place}
    return shape_run(anchor(wps_shape(box["cx"], box["cy"], fill), name="Rectangle 1", **box))  # type: ignore[arg-type]


def test_page_relative_box_over_the_first_paragraph(tmp_path: Path) -> None:
    found = _shapes(tmp_path, p(_box(h=("page", int(6.6 * CM)), v=("page", int(2.54 * CM))), run(_LINE)) + p("Yours sincerely,"))
    assert len(found) == 1 and "paragraph 1" in found[0].message and found[0].severity is Severity.ERROR


def test_box_beside_the_text_or_below_the_page_is_not_reported(tmp_path: Path) -> None:
    beside = p(_box(h=("column", int(12 * CM))), run("Short line."))
    below = p(_box(v=("page", int(28 * CM))), run(_LINE))
    assert _shapes(tmp_path, beside + below) == []


def test_light_box_with_tight_wrapping_is_a_warning_dark_an_error(tmp_path: Path) -> None:
    light = _shapes(
        tmp_path, p(_box('<a:solidFill><a:srgbClr val="FFF2CC"/></a:solidFill>', wrap='<wp:wrapTight wrapText="bothSides"/>'), run(_LINE))
    )
    assert [f.severity for f in light] == [Severity.WARNING]
    dark = _shapes(tmp_path, p(_box(wrap='<wp:wrapThrough wrapText="bothSides"/>'), run(_LINE)))
    assert [f.severity for f in dark] == [Severity.ERROR]


def test_transparent_fill_and_square_wrap_are_not_reported(tmp_path: Path) -> None:
    clear = '<a:solidFill><a:srgbClr val="000000"><a:alpha val="30000"/></a:srgbClr></a:solidFill>'
    assert _shapes(tmp_path, p(_box(clear), run(_LINE))) == []
    assert _shapes(tmp_path, p(_box(wrap='<wp:wrapSquare wrapText="bothSides"/>'), run(_LINE))) == []


def test_hostile_values_do_not_raise(tmp_path: Path) -> None:
    bad_anchor = (
        '<w:r><w:drawing><wp:anchor behindDoc="x" simplePos="1"><wp:simplePos x="abc" y="-99999999999999"/>'
        '<wp:positionH relativeFrom="nowhere"><wp:posOffset>12x</wp:posOffset></wp:positionH><wp:positionV relativeFrom="line">'
        '<wp:align>sideways</wp:align></wp:positionV><wp:extent cx="99999999999999" cy="-5"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="x"/></wp:anchor></w:drawing></w:r>'
    )
    bad_vml = (
        "<w:r><w:pict>" + vml_rect("position:absolute;width:1e99pt;height:;margin-left:--3in;;;:", 'fillcolor="#zzz"') + "</w:pict></w:r>"
    )
    assert _shapes(tmp_path, p(bad_anchor, run(_LINE)) + p(bad_vml, run(_LINE))) == []


def test_many_shapes_are_judged_quickly(tmp_path: Path) -> None:
    body = "".join(p(_box(), run(_LINE)) for _ in range(3000))
    start = time.perf_counter()
    found = _shapes(tmp_path, body)
    assert time.perf_counter() - start < 10
    assert len(found) == 1 and "more shapes or pictures lie over text" in found[0].message
