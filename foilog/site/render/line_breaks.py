"""Which line breaks inside a paragraph are kept: one rule an editor can see.

Markdown (CommonMark and Python-Markdown alike) joins the lines of a
paragraph unless a line ends in two spaces, which nobody can see and most
editors strip on save: the lines of an address or a signature block ran
together on the published page. An FOI officer sees the shape of the text,
not its spaces, so the rule is about that shape:

* a **short line** (under :data:`SHORT_LINE` characters: a line of an
  address, a signature, ``Date: 1 May 2024``) keeps the break after it;
* a line followed by one that **starts like a list item** (``-``, ``*``,
  ``•``, ``1.``, ``a)``, ``(a)``) keeps the break before it, so lines typed as
  a list without a blank line above them still read as one;
* a line that ends in a **backslash** ``\\`` keeps its break, however long it
  is (CommonMark's visible hard break; the backslash is not shown);
* any other line, a long one that runs on into the next, is joined to the
  next with a space: text wrapped to fit a window or a YAML file (the sample
  log's answers are wrapped at about 100 columns, prose lines are 60 and
  more) stays one paragraph.

Two trailing spaces still make a break, as they always did. Code, tables,
headings and raw HTML are left alone.

The rule is applied to the Markdown source, before Python-Markdown parses
it, by turning each kept break into Python-Markdown's own hard break (two
trailing spaces): the parser decides what is a paragraph, and the output is
the same in every process that converts with :class:`BreaksExtension`
(the build and the Markdown-ahead helper).
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["SHORT_LINE", "BreaksExtension", "keeps_break", "mark_breaks"]

SHORT_LINE = 50
"""A line with fewer characters than this (not counting the spaces around it) keeps the break after it.

Lines of addresses and signatures are under about 35 characters; prose wrapped
at 72-100 columns gives lines of 60 and more (its shortest is the width less
the longest word that did not fit)."""

_ITEM_START = re.compile(r"[ \t]*(?:[-*+•·–—][ \t]|\(?\d{1,3}[.)][ \t]|\(?[a-z]\)[ \t]|\([ivx]{1,4}\)[ \t])")
_CODE_INDENT = re.compile(r"(?: {4}|\t)")
_LIST_CODE_INDENT = re.compile(r"(?: {8}|\t\t| {4}\t|\t {4})")
_QUOTE = re.compile(r"(?:[ \t]*>[ \t]?)*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}\.)[ \t]")  # what Python-Markdown (sane_lists) starts a list item with
_STASH = "\x02"  # Python-Markdown's placeholder for a stashed block (fenced code, raw HTML)


def keeps_break(line: str, next_line: str) -> bool:
    """Does the break between ``line`` and ``next_line`` (two lines of one paragraph) show on the page?

    Without an explicit marker: a short line keeps it, as does a line
    followed by one that starts like a list item.
    """
    return len(line.strip()) < SHORT_LINE or _ITEM_START.match(next_line) is not None


def _ends_in_marker(line: str) -> bool:
    """The line ends in an unescaped backslash (``\\\\`` at the end is an escaped backslash, shown as one)."""
    # Counted, not searched with a regular expression: a search for r"\\+$" is quadratic on a line of backslashes.
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _is_text(line: str) -> bool:
    """A line that can be part of a paragraph (not blank, not a table row, heading or stashed block)."""
    text = line.strip()
    return bool(text) and text != ">" and not text.startswith(("|", "#", _STASH))


def _is_list_item(line: str) -> bool:
    """The line starts an item of a Markdown list (inside a quote, too)."""
    quote = _QUOTE.match(line)  # matches every line (possibly empty)
    return _LIST_ITEM.match(line, quote.end() if quote else 0) is not None


def mark_breaks(lines: list[str]) -> list[str]:
    """The lines with each kept break made a hard break (two trailing spaces); the rule is in the module's docstring.

    Indented code (four spaces or a tab after a blank line) is skipped, so a
    code block's text is unchanged; fenced code and raw HTML arrive already
    stashed by Python-Markdown.
    """
    out = list(lines)
    in_code = in_list = False
    previous_blank = True
    for number, line in enumerate(lines):
        blank = not line.strip()
        if not blank:
            if previous_blank:
                in_list = _is_list_item(line) or (in_list and line[:1] in " \t")
            # In a list, four spaces continue an item; eight make code.
            indent = _LIST_CODE_INDENT if in_list else _CODE_INDENT
            in_code = bool(indent.match(line)) and (in_code or previous_blank)
        previous_blank = blank
        if in_code or number + 1 == len(lines):
            continue
        next_line = lines[number + 1]
        if not (_is_text(line) and _is_text(next_line)) or line.endswith("  "):
            continue
        if in_list and _is_list_item(next_line):
            continue  # the next item of a list: a break already
        if _ends_in_marker(line):
            out[number] = line[:-1].rstrip() + "  "
        elif keeps_break(line, next_line):
            out[number] = line.rstrip() + "  "
    return out


class _BreaksPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return mark_breaks(lines)


class BreaksExtension(Extension):
    """foilog's line-break rule for Python-Markdown (after fenced code and raw HTML are stashed)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_BreaksPreprocessor(md), "foilog_line_breaks", 15)
