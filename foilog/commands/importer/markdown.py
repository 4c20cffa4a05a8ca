"""Markdown letters: plain lines for the readers, headings kept for ``response.md``.

A letter saved as Markdown marks its fields with emphasis (``**Our Ref:**
FOI/2022/0001``) and its sections with headings (``## Your request``). The
extractors read plain text, so emphasis, escapes and inline code are removed
and list bullets become ``-``; a heading becomes a :class:`Heading`, a ``str``
that remembers its level, so the extractors read its words and
:func:`foilog.commands.importer.write.render_markdown` writes it back as a heading
(rather than escaping its ``#``).
"""

from __future__ import annotations

import re

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BULLET = re.compile(r"^(\s*)[*+](?=[ \t])")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[ \t]")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_CODE = re.compile(r"`+([^`\n]+?)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HARD_BREAK = re.compile(r"\\$")


class Heading(str):
    """A heading of a Markdown letter: its words as a ``str``, and its level (1-6)."""

    level: int

    def __new__(cls, text: str, level: int) -> Heading:
        heading = super().__new__(cls, text)
        heading.level = level
        return heading


def retext(line: str, new: str) -> str:
    """``new`` in place of ``line``, still a heading if ``line`` was one (after redaction)."""
    return Heading(new, line.level) if isinstance(line, Heading) else new


def plain(text: str) -> str:
    """Inline Markdown removed: ``**Date:** 1 May`` -> ``Date: 1 May``; links are kept as written."""
    text = _CODE.sub(r"\1", text)
    for _ in range(3):  # ***both***, **_nested_**
        new = _EM.sub(lambda m: m.group(1) or m.group(2), _STRONG.sub(r"\2", text))
        if new == text:
            break
        text = new
    return _ESCAPE.sub(r"\1", _HARD_BREAK.sub("", text)).rstrip()


def markdown_lines(lines: list[str]) -> list[str]:
    """A Markdown letter's lines as plain lines, headings as :class:`Heading` with their level (1 for ``#``).

    Block structure is kept line for line (blank lines, list items with ``-``
    or their numbers), so the letter reads like a text letter; a thematic
    break becomes a blank line.
    """
    out: list[str] = []
    for raw in lines:
        line = _QUOTE.sub("", raw)
        atx = _ATX.match(line)
        if atx:
            out.append(Heading(plain(atx.group(2) or ""), len(atx.group(1))))
            continue
        setext = _SETEXT.match(line)
        if setext and out and out[-1].strip() and not isinstance(out[-1], Heading) and not _ITEM.match(out[-1]):
            # "Title" over "=====" or "-----"
            level = 1 if setext.group(1)[0] == "=" else 2
            out[-1] = Heading(out[-1].strip(), level)
            continue
        if _BREAK.match(line):
            out.append("")
            continue
        out.append(plain(_BULLET.sub(r"\1-", line)))
    return out
