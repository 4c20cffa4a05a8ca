"""Line breaks an editor types are kept by a rule they can see (foilog.site.render.line_breaks).

Short lines (addresses, signatures), lines before list-like lines and lines
ending in a backslash keep their break; long lines that run on (prose wrapped
to fit a window or a YAML file) are joined into one paragraph; lists, tables
and code are converted as Python-Markdown always converted them.
"""

from __future__ import annotations

import time

import pytest

from foilog.commands.importer.write import render_markdown
from foilog.site.render import line_breaks
from foilog.site.render.line_breaks import SHORT_LINE, keeps_break, mark_breaks
from foilog.site.render.safe_markdown import SafeMarkdown

ADDRESS = "Information Rights Unit\nPO Box 57192\nLondon\nSW6 1SF"
SIGNATURE = "Yours sincerely\n\nJane Clerk\nInformation Rights Officer\nNorthshire County Council"
# An answer of the sample log, wrapped at about 100 columns in its YAML file.
WRAPPED = (
    "The council has introduced fourteen 20 mph zones since April 2015. Our before-and-after review of\n"
    "the first eight zones, published in March 2019, found that casualties within the zones fell\n"
    "by 21% in the three years after they were introduced. The review is on the road safety\n"
    "pages of our website."
)


def _html(text: str) -> str:
    return str(SafeMarkdown().convert(text))


def _plain(text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """What SafeMarkdown made of the text before the rule: the same converter, the rule switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(line_breaks, "mark_breaks", lambda lines: lines)
        return _html(text)


def test_an_address_keeps_its_lines_without_trailing_spaces() -> None:
    assert _html(ADDRESS) == "<p>Information Rights Unit<br>\nPO Box 57192<br>\nLondon<br>\nSW6 1SF</p>"


def test_a_signature_block_keeps_its_lines() -> None:
    html = _html(SIGNATURE)
    assert html == "<p>Yours sincerely</p>\n<p>Jane Clerk<br>\nInformation Rights Officer<br>\nNorthshire County Council</p>"


def test_an_answer_and_the_letter_on_one_page_both_keep_their_breaks() -> None:
    """The page's parts are converted together (convert_parts), as the build and the Markdown-ahead helper do."""
    answer = "Please write to:\nFOI Complaint\nInformation Rights Unit"
    letter = f"## Our response\n\n{WRAPPED}\n\n{SIGNATURE}"
    html_answer, html_letter = (
        str(part) for part in SafeMarkdown(heading_level=3).convert_parts([(answer, 4, "q1-"), (letter, 3, "letter-")])
    )
    assert html_answer == "<p>Please write to:<br>\nFOI Complaint<br>\nInformation Rights Unit</p>"
    assert "<p>Jane Clerk<br>\nInformation Rights Officer<br>\nNorthshire County Council</p>" in html_letter
    assert "<br>" not in html_letter.split("<p>Yours sincerely")[0]  # the wrapped paragraph


def test_wrapped_prose_stays_one_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _html(WRAPPED)
    assert html.count("<p>") == 1
    assert "<br" not in html
    assert html == _plain(WRAPPED, monkeypatch)


def test_a_backslash_at_the_end_of_a_long_line_keeps_its_break_and_is_not_shown() -> None:
    long_line = "Information Rights Unit, Metropolitan Police Service, PO Box 57192\\"
    assert len(long_line) > SHORT_LINE
    html = _html(f"{long_line}\nLondon SW6 1SF")
    assert html == "<p>Information Rights Unit, Metropolitan Police Service, PO Box 57192<br>\nLondon SW6 1SF</p>"
    # Without the marker, the long line runs on into the next.
    assert "<br" not in _html(f"{long_line[:-1]}\nLondon SW6 1SF")


def test_an_escaped_backslash_is_a_backslash_and_a_last_line_marker_is_shown() -> None:
    """``\\\\`` at the end of a line is an escaped backslash (shown); a marker with no line after it is shown too (CommonMark)."""
    line = "The files are kept in the folder named on the network drive as Requests\\\\"
    assert _html(f"{line}\nand its subfolders.") == f"<p>{line[:-1]}\nand its subfolders.</p>"
    assert _html("Northshire County Council\\") == "<p>Northshire County Council\\</p>"


def test_two_trailing_spaces_still_make_one_break() -> None:
    text = "We hold the information you asked for, and it is set out in the table below:  \nsee the table."
    assert _html(text).count("<br>") == 1


def test_lines_typed_as_a_list_without_a_blank_line_keep_their_breaks() -> None:
    """Python-Markdown starts a list only after a blank line; typed straight after a sentence, the items still get a line each."""
    text = "For each of the years you asked about, the figures we hold are as follows:\n- 2023: 41 reports\n- 2024: 37 reports"
    assert _html(text) == (
        "<p>For each of the years you asked about, the figures we hold are as follows:<br>\n- 2023: 41 reports<br>\n- 2024: 37 reports</p>"
    )
    lettered = "We have withheld, under section 40(2) of the Act, the following information:\n(a) names of staff\nb) direct lines"
    assert _html(lettered).count("<br>") == 2


@pytest.mark.parametrize(
    "text",
    [
        "- Manner of collaboration: sharing of images.\n- Time period: October 2016 – April 2017.\n- Location: Kings Cross Estate.",
        "1. First\n2. Second, an item long enough to run on past fifty characters,\n   continued on the next line\n3. Third",
        "- one\n    - nested one\n    - nested two\n- two",
        "> - quoted item\n> - another quoted item",
        "| Year | Killed |\n|------|-------:|\n| 2018 | 9 |\n| 2019 | 6 |",
        "Year | Killed\n--- | ---:\n2018 | 9\n2019 | 6",
        "Title\n-----\nText under it.",
        "```\nline one\nline two\n```",
        "Text before the code:\n\n    indented code\n    more code\n\nText after.",
        "## A heading\nText straight under it that runs on for more than fifty characters, and on.",
        "Title\n=====",
    ],
)
def test_lists_tables_code_and_headings_are_unchanged(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _html(text) == _plain(text, monkeypatch)


def test_a_short_line_inside_a_list_item_keeps_its_break() -> None:
    html = _html("- Jane Clerk\n  Information Rights Officer\n- John Smith")
    assert html == "<ul>\n<li>Jane Clerk<br>\n  Information Rights Officer</li>\n<li>John Smith</li>\n</ul>"


def test_the_rule() -> None:
    assert keeps_break("London", "SW6 1SF")
    assert keeps_break("x" * (SHORT_LINE - 1), "next")
    assert not keeps_break("x" * SHORT_LINE, "next")
    assert keeps_break("x" * 80, "• the next item")
    assert keeps_break("x" * 80, "3) the next item")
    assert not keeps_break("x" * 80, "2019. The figures")  # a year that ends a sentence is not an item number
    assert mark_breaks(["a", "", "b"]) == ["a", "", "b"]  # a paragraph's last line: nothing to keep


def test_the_importer_writes_the_visible_marker_only_where_the_rule_needs_it() -> None:
    long_line = "Information Rights Unit, Metropolitan Police Service, PO Box 57192"
    md = render_markdown(["Yours sincerely", "", "Jane Clerk", "Information Rights Officer", "", long_line, "London"])
    assert md == f"Yours sincerely\n\nJane Clerk\nInformation Rights Officer\n\n{long_line}\\\nLondon\n"
    assert "  \n" not in md
    assert _html(md).count("<br>") == 2


def test_hostile_lines_take_linear_time() -> None:
    """A line of backslashes, spaces or quote markers: the rule adds no quadratic step before Python-Markdown's own limits."""
    for line in ("\\" * 200_000 + "x", " " * 200_000 + "x", "> " * 100_000 + "- x"):
        started = time.process_time()
        mark_breaks([line, "next"])
        assert time.process_time() - started < 0.5
