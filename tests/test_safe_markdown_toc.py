"""The ``toc`` extension gives headings their ids and nothing else: a written ``[TOC]`` is text."""

from __future__ import annotations

from foilog.site.render.safe_markdown import SafeMarkdown


def test_headings_keep_their_ids() -> None:
    html = str(SafeMarkdown(heading_level=3).convert("## Costs\n\ntext\n\n## Costs\n"))
    assert '<h3 id="costs">Costs</h3>' in html
    assert '<h3 id="costs_1">Costs</h3>' in html


def test_a_written_toc_marker_is_shown_as_written() -> None:
    md = SafeMarkdown(heading_level=3)
    html = str(md.convert("## Background\n\n[TOC]\n\nSee [TOC] above.\n"))
    assert "<p>[TOC]</p>" in html
    assert "See [TOC] above." in html
    assert "toc" not in html.replace("[TOC]", "")
    parts = [str(p) for p in md.convert_parts((("[TOC]", 4, "q1-"), ("## Letter\n\n[TOC]\n", 3, "letter-")))]
    assert parts[0] == "<p>[TOC]</p>"
    assert "<p>[TOC]</p>" in parts[1] and 'id="letter-letter"' in parts[1]
