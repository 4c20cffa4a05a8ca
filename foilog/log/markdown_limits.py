"""Markdown that Python-Markdown would take too long (or too deep a recursion) to convert.

Python-Markdown is fine on letters but not on hostile text: nested lists and
items recurse once per level (a list 300 levels deep is a RecursionError), an
unmatched ``[`` makes its link pattern scan to the end of the paragraph (so a
paragraph of 20,000 of them is quadratic), ``](`` does the same for ``(``, as
do unmatched runs of backticks (upstream issues #798 and #1617), and its HTML
preprocessor is quadratic in unclosed or deeply repeated tags. Each of these
costs is measured here in one linear pass, *before* any conversion, so that
``foilog check`` can report it and the build can refuse it: whatever passes
these limits converts in time linear in its size. The limits are far above
anything an FOI letter needs (lists 2-4 deep, a few brackets and links).

What the measures miss, the build's time limit on each conversion catches
(:mod:`foilog.site.render.safe_markdown`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_DEPTH = 20
"""Lists and block quotes nested deeper than this (Python-Markdown recurses once per level)."""
MAX_SCAN_WORK = 500_000
"""Characters Python-Markdown's link and code patterns may scan past in one text, looking for a closing ``]``, ``)`` or backticks (about 0.2 s)."""
MAX_BLOCK_CHARS = 20_000
"""Characters in one paragraph (lines with no blank line between): some block patterns (headings) copy the rest of it at each match."""
MAX_SPLIT_WORK = 10_000_000
"""Headings, rules and setext underlines in a paragraph, times its length, summed over the text: at each one
Python-Markdown copies the rest of the paragraph (about 0.15 s at this budget)."""
MAX_LIST_ITEMS = 5_000
"""List items in one text: joining items into one list is quadratic in their number (about 0.2 s here)."""
MAX_FENCES = 200
"""Code fence lines (three backticks or tildes) in one text: each fenced block found copies the whole text."""
MAX_HTML_TAGS = 2_000
"""Things that look like HTML tags in one text (its HTML preprocessor slows down with each)."""
MAX_UNCLOSED_TAGS = 100
"""``<`` followed by a letter, ``/``, ``!`` or ``?`` with no ``>`` before the next ``<``."""

_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|\Z)")
_CONTAINER = re.compile(r"[ \t]*(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SPLITTER = re.compile(r"^ {0,3}(?:#|(?:([-*_=])[ \t]*)(?:\1[ \t]*){2,}$|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t>]*(?:[*+-]|\d{1,9}[.)])[ \t]", re.MULTILINE)
_FENCE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})", re.MULTILINE)
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_BACKTICK_RUN = re.compile(r"`+")
_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
_PAREN = re.compile(r"[()]")
#: More than MAX_DEPTH characters in a row that lists, quotes and indentation are made of: every level of nesting
#: :func:`_depth` counts takes at least one of them at the start of a line, so a text without such a run nests no deeper.
_DEEP_CANDIDATE = re.compile(r"[ \t>*+\-\d.)]{" + str(MAX_DEPTH + 1) + "}")


@dataclass(frozen=True)
class MarkdownProblem:
    """Why a text is refused, and where: ``line`` counts from 1 within the text."""

    line: int
    message: str


def markdown_problems(text: str) -> list[MarkdownProblem]:
    """Every limit the text exceeds (empty if it converts in linear time). Runs in linear time."""
    problems: list[MarkdownProblem] = []
    depth = _deepest_line(text) if _DEEP_CANDIDATE.search(text) else None
    if depth is not None:
        problems.append(depth)
    if "<" in text:
        problems += _html_problems(text)
    blocks = list(_blocks(text))
    problems += _size_problems(text, blocks)
    scan = _scan_problem(text, blocks) if _scan_work_bound(text) > MAX_SCAN_WORK else None
    if scan is not None:
        problems.append(scan)
    return problems


def _depth(line: str) -> int:
    """How many lists and block quotes a line is nested in, about: its markers plus its indentation in 4s."""
    if _RULE.match(line):
        return 0  # '- - - -' is a horizontal rule, not a list
    line = line.expandtabs(4)
    indent = len(line) - len(line.lstrip(" "))
    markers = 0
    position = 0
    while match := _CONTAINER.match(line, position):
        markers += 1
        position = match.end()
    return markers + indent // 4 if markers else 0


def _deepest_line(text: str) -> MarkdownProblem | None:
    for number, line in enumerate(text.splitlines(), start=1):
        depth = _depth(line)
        if depth > MAX_DEPTH:
            return MarkdownProblem(
                number,
                f"lists or block quotes nested about {depth} levels deep, more than the {MAX_DEPTH} allowed; "
                "flatten the nesting (letters need a few levels at most)",
            )
    return None


def _html_problems(text: str) -> Iterator[MarkdownProblem]:
    starts = [m.start() for m in _TAG_START.finditer(text)]
    if len(starts) > MAX_HTML_TAGS:
        yield MarkdownProblem(
            text.count("\n", 0, starts[MAX_HTML_TAGS]) + 1,
            f"{len(starts):,} HTML-like tags ('<' then a letter), more than the {MAX_HTML_TAGS:,} allowed; "
            "write tables and lists in Markdown, or publish the document as an attachment",
        )
    unclosed = [start for start in starts if text.find(">", start, _next_lt(text, start)) < 0]
    if len(unclosed) > MAX_UNCLOSED_TAGS:
        yield MarkdownProblem(
            text.count("\n", 0, unclosed[0]) + 1,
            f"{len(unclosed):,} '<' that start a tag never closed with '>', more than the {MAX_UNCLOSED_TAGS} allowed; "
            "write a lone '<' as '&lt;' (or close the tags)",
        )


def _next_lt(text: str, start: int) -> int:
    """Where the next '<' after ``start`` is (the end of the text if none): a tag ends before it or never."""
    found = text.find("<", start + 1)
    return len(text) if found < 0 else found


def _size_problems(text: str, blocks: list[tuple[int, str]]) -> Iterator[MarkdownProblem]:
    for start, block in blocks:
        if len(block) > MAX_BLOCK_CHARS and _longest_unit(block) > MAX_BLOCK_CHARS:
            yield MarkdownProblem(
                text.count("\n", 0, start) + 1,
                f"a paragraph of {len(block):,} characters with no blank line in it, more than the {MAX_BLOCK_CHARS:,} allowed; "
                "put blank lines between its paragraphs, or publish a long table as an attachment (CSV)",
            )
            break
    # Splitters never span a line, so a block's are the text's at the same places: the text's count times its
    # length bounds the work, and only a text over the budget by that bound is measured block by block.
    lines = text.count("\n") + 1  # at most one splitter, list item or fence a line
    bound = (lines if lines * len(text) <= MAX_SPLIT_WORK else len(_SPLITTER.findall(text))) * len(text)
    split_work = sum(len(_SPLITTER.findall(block)) * len(block) for _, block in blocks) if bound > MAX_SPLIT_WORK else 0
    if split_work > MAX_SPLIT_WORK:
        yield MarkdownProblem(
            1,
            "too many headings or horizontal rules ('#', '---', '===' lines) inside long paragraphs; "
            "put a blank line before and after each heading and rule",
        )
    items = _LIST_ITEM.findall(text) if lines > MAX_LIST_ITEMS else ()
    if len(items) > MAX_LIST_ITEMS:
        yield MarkdownProblem(
            1, f"{len(items):,} list items, more than the {MAX_LIST_ITEMS:,} allowed; publish a long list as an attachment (CSV)"
        )
    fences = _FENCE.findall(text) if lines > MAX_FENCES and ("```" in text or "~~~" in text) else ()
    if len(fences) > MAX_FENCES:
        yield MarkdownProblem(
            1, f"{len(fences):,} code fences (lines starting with ``` or ~~~), more than the {MAX_FENCES} allowed; remove the stray ones"
        )


def _longest_unit(block: str) -> int:
    """The block's length, or its longest row's if it is a table (every line starts with '|').

    A table's rows are parsed one by one, so a table of a thousand rows is no slower per row
    than one of ten; a FOI answer's table can be long.
    """
    lines = block.split("\n")
    if all(line.lstrip(" ").startswith("|") for line in lines):
        return max(map(len, lines))
    return len(block)


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Paragraph-like blocks (separated by blank lines) and where each starts: inline patterns scan within one."""
    start = 0
    for match in _BLANK_LINE.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def _scan_work_bound(text: str) -> int:
    """At least what :func:`_scan_problem` measures, counted cheaply: no '[', link '(' or backtick scans past the text's end.

    (Most letters have no brackets or backticks at all: they skip the measure.)
    """
    openers = text.count("[") + text.count("`") + (text.count("(") if "](" in text else 0)
    return openers * len(text)


def _scan_problem(text: str, blocks: list[tuple[int, str]]) -> MarkdownProblem | None:
    """Why the link and code patterns would scan this text quadratically, or None.

    The budget is for the whole text, not each paragraph: a thousand paragraphs each just
    under a per-paragraph budget would still cost a thousand times that budget.
    """
    brackets = parens = backticks = unmatched = deepest = 0
    worst_line, worst_work = 1, -1
    for start, block in blocks:
        block_brackets, block_unmatched, block_deepest = _bracket_work(block)
        block_parens, block_backticks = _link_paren_work(block), _backtick_work(block)
        brackets, parens, backticks = brackets + block_brackets, parens + block_parens, backticks + block_backticks
        unmatched, deepest = unmatched + block_unmatched, max(deepest, block_deepest)
        if block_brackets + block_parens + block_backticks > worst_work:
            worst_line, worst_work = text.count("\n", 0, start) + 1, block_brackets + block_parens + block_backticks
    if brackets + parens + backticks <= MAX_SCAN_WORK:
        return None
    if brackets >= max(parens, backticks):
        what = f"its '[' and ']' do not pair up ({unmatched:,} '[' never closed, nested up to {deepest:,} deep)"
        fix = r"write a bracket that is not a link as '\['"
    elif parens >= backticks:
        what = "a link's '](' is followed by '(' that are never closed"
        fix = r"close the link's brackets, or write the '(' as '\('"
    else:
        what = "its backticks do not pair up"
        fix = r"write a backtick that does not start code as '\`'"
    return MarkdownProblem(worst_line, f"Markdown would take too long to read this text: {what} (worst from this line); {fix}")


def _bracket_work(block: str) -> tuple[int, int, int]:
    """``(characters scanned, unmatched '[', deepest nesting)``: each '[' scans to its ']' or the end of the block."""
    stack: list[int] = []
    work = deepest = 0
    for match in _BRACKET.finditer(block):  # only the brackets (and escapes): letters are most of a text
        char, position = match.group(), match.start()
        if char == "[":
            stack.append(position)
            deepest = max(deepest, len(stack))
        elif char == "]" and stack:
            work += position - stack.pop()
    work += sum(len(block) - position for position in stack)
    return work, len(stack), deepest


def _link_paren_work(block: str) -> int:
    """Characters scanned from each ``](`` to its ``)`` (or the end of the block): a link's address."""
    if "](" not in block:
        return 0
    stack: list[tuple[int, bool]] = []
    work = 0
    for match in _PAREN.finditer(block):
        position = match.start()
        if match.group() == "(":
            stack.append((position, position > 0 and block[position - 1] == "]"))
        elif stack:
            start, is_link = stack.pop()
            if is_link:
                work += position - start
    return work + sum(len(block) - start for start, is_link in stack if is_link)


def _backtick_work(block: str) -> int:
    """Characters Python-Markdown's code-span search scans in ``block``, simulated run by run.

    From a backtick it counts the run of ``k`` backticks there and looks for the next run of
    exactly ``k``; failing that, it scans to the end of the block, falls back to the longest
    shorter run, or skips ``2k`` characters (so a failed search may start again in the
    middle of a run). Each step here is a lookup, not a scan: ``O(n log n)`` in all.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICK_RUN.finditer(block)]
    if not runs:
        return 0
    starts_by_length: dict[int, list[int]] = {}
    for start, length in runs:
        starts_by_length.setdefault(length, []).append(start)
    run_starts = [start for start, _ in runs]
    # From each run on: the longest run and where it first ends (Python-Markdown's fallback).
    longest: list[tuple[int, int]] = [(0, 0)] * (len(runs) + 1)
    for j in range(len(runs) - 1, -1, -1):
        start, length = runs[j]
        longest[j] = (length, start + length) if length >= longest[j + 1][0] else longest[j + 1]
    work = 0
    cursor = 0
    while (opener := block.find("`", cursor)) >= 0:
        if opener > 0 and block[opener - 1] == "\\":
            cursor = opener + 1
            continue
        ticks = _run_length(block, opener)
        after = opener + ticks
        same = starts_by_length.get(ticks, [])
        k = bisect.bisect_left(same, after)
        if k < len(same):
            work += same[k] - opener
            cursor = same[k] + ticks
            continue
        work += len(block) - opener
        best, best_end = longest[bisect.bisect_left(run_starts, after)]
        # A code span closed by the longest shorter run, or (upstream's skip) twice the run on.
        cursor = best_end + ticks - best if 0 < best < ticks else opener + 2 * ticks
    return work


def _run_length(block: str, start: int) -> int:
    """Backticks from ``start`` on."""
    end = start
    while end < len(block) and block[end] == "`":
        end += 1
    return end - start
