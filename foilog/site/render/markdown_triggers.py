"""Python-Markdown without the tries that cannot succeed: the same HTML, a letter converted in about half the time.

Python-Markdown's inline stage tries each of its inline patterns (code
spans, escapes, four kinds of link, two of image, autolinks, line breaks,
raw HTML, entities, emphasis: fourteen with foilog's extensions) on every run
of text: each paragraph, list item, heading and table cell. Each try is a
Python call, an ancestor check and a regular-expression scan, about 1,400
for a seed-sized letter, and they were half of its conversion (2.9 of 5.2 ms
a page on the benchmark's machine), the largest single cost of a response
page in the build's own process. Its block parser likewise asks each block
processor whether it wants each block (is it a heading, a quote, a rule, a
table, a link definition?), each a scan of the whole block.

Every stock inline pattern needs one character to match: a backtick, a
backslash, ``[``, ``<``, ``&``, ``*`` or ``_``, or a line ending in two
spaces; and those block processors need a ``#``, ``>``, ``|``, ``[``, or the
characters a rule or an underlined heading is made of. Most paragraphs of a
letter hold none of them. So each is tried only on a text that holds its
trigger (a substring search). A try that cannot succeed does nothing at all
in Python-Markdown (a pattern's ``handleMatch`` is never called, a block
processor's ``test`` only answers no): skipping it is what would have
happened, so the HTML is the same, byte for byte (a differential test
compares both on thousands of texts made of every trigger).

A pattern or block processor that is not one of the stock ones it knows
(:data:`INLINE_TRIGGERS`, :data:`BLOCK_TRIGGERS`: another extension's, or a
changed one in a later Python-Markdown) has no trigger and is always tried.
The inline loop mirrors Python-Markdown's private
``InlineProcessor.__handleInline`` and calls its private ``__applyPattern``;
if a Python-Markdown release renames them, :class:`TriggersExtension` leaves
the stock inline stage in place (slower, the same HTML). This module is the
only place foilog uses them: Python-Markdown is pinned to the minor release
of :data:`SUPPORTED_SERIES`, and ``tests/test_private_apis.py`` checks the two
methods' signatures and the loop's shape, as for the pypdf and phonenumbers shims.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence

from markdown import Markdown, util
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
)
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import Pattern
from markdown.treeprocessors import InlineProcessor

__all__ = [
    "BLOCK_TRIGGERS",
    "INLINE_TRIGGERS",
    "SUPPORTED_SERIES",
    "TriggeredInlineProcessor",
    "TriggersExtension",
    "guard_block_processors",
    "supported",
    "triggers_of",
]

INLINE_TRIGGERS: dict[str, tuple[str, ...]] = {
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

SUPPORTED_SERIES = ("3.11",)
"""Python-Markdown releases whose private inline loop this module was checked against (``tests/test_private_apis.py``)."""

INLINE_PRIORITY = 20
"""The stock inline stage's place among Python-Markdown's tree processors (``markdown.treeprocessors.build_treeprocessors``)."""
_HANDLE = "_InlineProcessor__handleInline"
_APPLY = "_InlineProcessor__applyPattern"


def supported() -> bool:
    """Python-Markdown still has the private methods this loop mirrors and calls (else the stock stage is kept)."""
    return callable(getattr(InlineProcessor, _HANDLE, None)) and callable(getattr(InlineProcessor, _APPLY, None))


def triggers_of(patterns: Sequence[Pattern]) -> list[tuple[str, ...] | None]:
    """Each pattern's triggers (:data:`INLINE_TRIGGERS`), or None where its expression is not a stock one: always tried."""
    return [INLINE_TRIGGERS.get(pattern.getCompiledRegExp().pattern) for pattern in patterns]


class TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's inline stage, trying a pattern on a text only when the text holds its trigger (module docstring)."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self._apply: Callable[[Pattern, str, int, int], tuple[str, bool, int]] = getattr(self, _APPLY)
        self._patterns: tuple[Pattern, ...] = ()
        self._triggers: list[tuple[str, ...] | None] = []
        self._distinct: tuple[str, ...] = ()
        self._plans: dict[tuple[bool, ...], tuple[int, ...]] = {}

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # Looked at on each conversion (an extension may register a pattern after this stage was made);
        # the triggers and plans are made again only when the patterns have changed.
        patterns = tuple(self.inlinePatterns)
        if patterns != self._patterns:
            self._patterns = patterns
            self._triggers = triggers_of(patterns)
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


BLOCK_TRIGGERS: dict[tuple[type[BlockProcessor], str], tuple[str | None, tuple[str, ...]]] = {
    # (class, its method guarded): (its expression as in Python-Markdown 3.11, or None for none, the texts one of which it needs)
    (HashHeaderProcessor, "test"): (r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)", ("#",)),
    (SetextHeaderProcessor, "test"): (r"^.*?\n(?:=+|-+)[ ]*(\n|$)", ("\n=", "\n-")),  # matched at the start: an underlined first line
    (HRProcessor, "test"): (
        r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$",
        ("-", "_", "*"),
    ),
    (BlockQuoteProcessor, "test"): (r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    (ReferenceProcessor, "run"): (
        r"""^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
        ("[",),
    ),
    # No expression: a table's first line is split on "|"; without one it is one cell and no border, so no table.
    (TableProcessor, "test"): (None, ("|",)),
}
"""Stock block processors that scan a whole block, each with the texts one of which it needs to take the block.

A ``test`` without its trigger answers False (and changes nothing another
method reads: the table's border is read only after a True); the link
definitions' ``run``, which takes every block, puts a block without a ``[``
back as it was and answers False."""


def _expression(processor: BlockProcessor) -> str | None:
    regex = getattr(processor, "SEARCH_RE", None) or getattr(processor, "RE", None)
    return getattr(regex, "pattern", None)


def guard_block_processors(md: Markdown) -> list[BlockProcessor]:
    """Have each stock block processor of :data:`BLOCK_TRIGGERS` look for its trigger first; returns those guarded.

    Only an instance of the stock class itself with the stock expression: a
    subclass or a changed expression may need other text, so it is left as it is.
    """
    guarded = []
    for processor in md.parser.blockprocessors:
        for (cls, method), (expression, needed) in BLOCK_TRIGGERS.items():
            if type(processor) is cls and (expression is None or _expression(processor) == expression):
                _guard(processor, method, needed)
                guarded.append(processor)
    return guarded


def _guard(processor: BlockProcessor, method: str, needed: tuple[str, ...]) -> None:
    """Put the trigger check before ``method`` (asked of every block by every guarded processor: kept to one ``in`` where it can)."""
    original = getattr(processor, method)
    only = needed[0] if len(needed) == 1 else None
    if method == "test":
        if only is not None:

            def test(parent: etree.Element, block: str) -> bool:
                return only in block and original(parent, block)

        else:

            def test(parent: etree.Element, block: str) -> bool:
                return any(map(block.__contains__, needed)) and original(parent, block)

        processor.test = test
    else:

        def run(parent: etree.Element, blocks: list[str]) -> bool | None:
            if not any(map(blocks[0].__contains__, needed)):
                return False  # what run answers for a block it does not take, the block left first
            return original(parent, blocks)

        processor.run = run


class TriggersExtension(Extension):
    """Try inline patterns and block processors only on text that holds their triggers (the module's docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:
        guard_block_processors(md)
        inline = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None  # noqa: SIM401 - a Registry has no get()
        if type(inline) is InlineProcessor and supported():
            md.treeprocessors.register(TriggeredInlineProcessor(md), "inline", INLINE_PRIORITY)
