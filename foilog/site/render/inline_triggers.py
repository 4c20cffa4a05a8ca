"""Python-Markdown's inline stage, skipping the patterns that cannot match a run of text: the same HTML in about half the time.

Python-Markdown's inline stage tries each of its inline patterns (code
spans, escapes, four kinds of link, two of image, autolinks, line breaks,
raw HTML, entities, emphasis: fourteen with foilog's extensions) on every run
of text: each paragraph, list item, heading and table cell. Each try is a
Python call, an ancestor check and a regular-expression scan, about 1,400
for a seed-sized letter, and they were half of its conversion (2.9 of 5.2 ms
a page on the benchmark's machine), the largest single cost of a response
page in the build's own process.

Every stock pattern needs one character to match: a backtick, a backslash,
``[``, ``<``, ``&``, ``*`` or ``_``, or a line ending in two spaces. Most
paragraphs of a letter hold none of them. :class:`TriggeredInlineProcessor`
first checks, with a substring search, that the text holds the pattern's
trigger, and tries the pattern only then. A pattern that cannot match does
nothing at all in Python-Markdown (its ``handleMatch`` is never called, no
state changes): skipping it is what would have happened, so the HTML is the
same, byte for byte (a differential test compares both on thousands of
texts made of every trigger).

A pattern whose expression is not one of the stock ones it knows
(:data:`TRIGGERS`: another extension's, or a changed one in a later
Python-Markdown) has no trigger and is always tried. The loop mirrors
Python-Markdown's private ``InlineProcessor.__handleInline`` and calls its
private ``__applyPattern``; if a Python-Markdown release renames them,
:class:`InlineTriggersExtension` leaves the stock stage in place (slower, the
same HTML). This module is the only place foilog uses them.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import Pattern
from markdown.treeprocessors import InlineProcessor

__all__ = ["TRIGGERS", "InlineTriggersExtension", "TriggeredInlineProcessor", "supported", "triggers_of"]

TRIGGERS: dict[str, tuple[str, ...]] = {
    # backtick: a code span, or backslashes before one (both need a backtick in the text)
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),
    r"\\(.)": ("\\",),  # escape
    r"(?<!\!)\[": ("[",),  # reference, link, short reference
    r"\!\[": ("![",),  # image link, image reference, short image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    r"  \n": ("  \n",),  # line break
    # raw HTML: a tag, comment, processing instruction or CDATA, each opened by "<"
    (
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?"""
        r"""|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"""
    ): ("<",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # emphasis and strong
}
"""Stock inline patterns' expressions (as in Python-Markdown 3.11), each with the texts one of which any match needs.

Each expression's every alternative holds the trigger as a literal (or in a
lookahead), so a text without it cannot match; no trigger is ever produced by
an earlier pattern (placeholders are ``\\x02klzzwxh:N\\x03``), so a text that
lacks it keeps lacking it."""

INLINE_PRIORITY = 20
"""The stock inline stage's place among Python-Markdown's tree processors (``markdown.treeprocessors.build_treeprocessors``)."""
_HANDLE = "_InlineProcessor__handleInline"
_APPLY = "_InlineProcessor__applyPattern"


def supported() -> bool:
    """Python-Markdown still has the private methods this loop mirrors and calls (else the stock stage is kept)."""
    return callable(getattr(InlineProcessor, _HANDLE, None)) and callable(getattr(InlineProcessor, _APPLY, None))


def triggers_of(patterns: Sequence[Pattern]) -> list[tuple[str, ...] | None]:
    """Each pattern's triggers (:data:`TRIGGERS`), or None where its expression is not a stock one: always tried."""
    return [TRIGGERS.get(pattern.getCompiledRegExp().pattern) for pattern in patterns]


class TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's inline stage, trying a pattern on a text only when the text holds its trigger (module docstring)."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self._apply: Callable[[Pattern, str, int, int], tuple[str, bool, int]] = getattr(self, _APPLY)
        self._triggers: list[tuple[str, ...] | None] = []
        self._distinct: tuple[str, ...] = ()
        self._plans: dict[tuple[bool, ...], tuple[int, ...]] = {}

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # Read each time: an extension may register a pattern after this stage was made.
        self._triggers = triggers_of(list(self.inlinePatterns))
        self._distinct = tuple(dict.fromkeys(trigger for needed in self._triggers if needed is not None for trigger in needed))
        self._plans = {}
        return super().run(tree, ancestors)

    def _plan(self, data: str) -> tuple[int, ...]:
        """The patterns to try on ``data``, in order: those with no trigger, and those whose trigger it holds.

        Kept by which triggers the text holds: a letter's runs of text fall into a handful of such kinds.
        """
        key = tuple(map(data.__contains__, self._distinct))
        plan = self._plans.get(key)
        if plan is None:
            present = {trigger for trigger, here in zip(self._distinct, key, strict=True) if here}
            plan = tuple(number for number, needed in enumerate(self._triggers) if needed is None or not present.isdisjoint(needed))
            self._plans[key] = plan
        return plan

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # the name it replaces (Python-Markdown calls it)
        """Python-Markdown's loop (each pattern from ``patternIndex``, again while it matches), skipping a pattern whose trigger is absent.

        A skipped pattern is one whose ``__applyPattern`` would have returned
        ``(data, False, 0)`` without calling anything, so each pattern tried
        starts at 0 as in that loop. The plan is made once, from the text as
        it comes: a match only takes characters out (and puts a placeholder,
        which holds no trigger, in), so a trigger absent then stays absent.
        """
        if isinstance(data, util.AtomicString):
            return data
        patterns, apply = self.inlinePatterns, self._apply
        for number in self._plan(data):
            if number < patternIndex:
                continue
            matched, start = True, 0
            while matched:
                data, matched, start = apply(patterns[number], data, number, start)
        return data


class InlineTriggersExtension(Extension):
    """Put :class:`TriggeredInlineProcessor` in place of Python-Markdown's inline stage (where it is the stock one and supported)."""

    def extendMarkdown(self, md: Markdown) -> None:
        if "inline" not in md.treeprocessors or type(md.treeprocessors["inline"]) is not InlineProcessor or not supported():
            return
        md.treeprocessors.register(TriggeredInlineProcessor(md), "inline", INLINE_PRIORITY)
