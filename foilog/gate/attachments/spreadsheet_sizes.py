"""Text in a workbook too small to read: tiny fonts, tiny rich-text runs, rows too low to show their text.

Setting a column of names in 1 pt type is a do-it-yourself redaction: on screen
and on paper the cells look empty (a faint line at most), yet every name is in
the file. Excel cannot show text under about 3 pt, so a cell whose font (the
cell format's font, else its cell style's, else the workbook's default: see
:func:`.spreadsheet_styles.read_styles`) is smaller than that holds hidden
content. So does a run of tiny type inside an otherwise readable cell (rich
text: ``<r><rPr><sz val="2"/></rPr>`` in the shared-string table or an inline
string), and a row set lower than 3 pt, which shows no text at all (a row of
height 0 is already a hidden row). Text with no letters or digits (a dot, a
dash used as a spacer) is not a finding.

Shared strings are read here, each with the sizes of its rich-text runs.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from foilog.gate.attachments._common import TextBudget, hidden, plural
from foilog.gate.attachments.ooxml import Package, local
from foilog.gate.attachments.spreadsheet_cells import Collected, cells_word, ranges
from foilog.gate.attachments.spreadsheet_styles import font_size
from foilog.log.findings import Finding

__all__ = ["TINY_PT", "Runs", "low_rows_finding", "read_shared_strings", "run_of", "tiny_finding", "tiny_text"]

#: Text set smaller than this (points) cannot be read on screen or in print.
TINY_PT = 3.0
#: A rich-text string as its runs: (characters, font size in points, or None for the cell's own size).
Runs = tuple[tuple[int, float | None], ...]

_FIX = "delete the data you did not mean to release (making it tiny does not remove it) and save a clean copy, or publish CSV"


def run_of(el: Element) -> tuple[int, float | None]:
    """One rich-text run ``<r>``: how many characters it holds and its own font size (None: the cell's)."""
    props = next((c for c in el if local(c.tag) == "rPr"), None)
    text = next((c for c in el if local(c.tag) == "t"), None)
    size = font_size(props, -1.0) if props is not None else -1.0
    return len(text.text or "") if text is not None else 0, (size if size >= 0 else None)


def read_shared_strings(pkg: Package, target: str | None, budget: TextBudget) -> tuple[list[str], dict[int, Runs]]:
    """The shared-string table, and the runs of each rich string whose runs set their own size (by index)."""
    strings: list[str] = []
    rich: dict[int, Runs] = {}
    if not target or not pkg.has(target):
        return strings, rich
    parts: list[str] = []
    runs: list[tuple[int, float | None]] = []
    for event, el in pkg.iterparse(target):
        if event != "end":
            continue
        tag = local(el.tag)
        if tag == "t" and el.text:
            parts.append(el.text)
        elif tag == "r":
            runs.append(run_of(el))
        elif tag == "si":
            if any(size is not None for _, size in runs):
                rich[len(strings)] = tuple(runs)
            strings.append(budget.take("".join(parts)))
            parts, runs = [], []
            el.clear()
    return strings, rich


def _legible(text: str) -> bool:
    """Whether ``text`` says anything (letters or digits): a tiny dot or dash is a spacer, not a secret."""
    return any(ch.isalnum() for ch in text)


def tiny_text(value: str, size: float, runs: Runs | None) -> tuple[str, str] | None:
    """(the text of ``value`` set under :data:`TINY_PT`, why in words), or None when all of it can be read.

    ``size`` is the cell's font size; ``runs`` its rich-text runs, if any (their text comes first in ``value``).
    """
    if not runs:
        return (value, f"text in {size:g} pt type") if size < TINY_PT and _legible(value) else None
    tiny: list[str] = []
    smallest = TINY_PT
    readable = joined = False  # joined: the last run was tiny (a run next to it continues its text)
    pos = 0
    for length, own in runs:
        piece = value[pos : pos + length]
        pos += length
        effective = size if own is None else own
        if effective < TINY_PT and piece.strip():
            if joined:
                tiny[-1] += piece
            else:
                tiny.append(piece)
            joined = True
            smallest = min(smallest, effective)
        else:
            joined = False
            readable = readable or bool(piece.strip())
    tiny = [t.strip() for t in tiny if _legible(t)]
    if not tiny:
        return None
    return " ".join(tiny), f"{'part of the text' if readable else 'text'} in {smallest:g} pt type"


def tiny_finding(path: str, sheet: str, found: dict[str, Collected]) -> Finding:
    """One finding for the cells of ``sheet`` holding tiny text, grouped by why (``text in 1 pt type``)."""
    count = sum(h.count for h in found.values())
    parts = [f"{cells_word(ranges(h.cells))}: {why}" for why, h in found.items()]
    return hidden(
        path,
        "xlsx-text-tiny",
        f"sheet {sheet}, {'; '.join(parts)}, too small to read but still in the file ({plural(count, 'cell')}); {_FIX}",
        values=[s for h in found.values() for s in h.samples],
        extra={"sheet": sheet},
    )


def low_rows_finding(path: str, sheet: str, rows: Collected) -> Finding:
    """One finding for the rows of ``sheet`` set under :data:`TINY_PT` high that hold filled cells."""
    numbers = sorted(rows.places)
    which = ", ".join(map(str, numbers[:10])) + (" ..." if len(numbers) > 10 else "")
    return hidden(
        path,
        "xlsx-hidden-rows-columns",
        f"sheet {sheet}, {cells_word(ranges(rows.cells))}: {'row' if len(numbers) == 1 else 'rows'} {which} "
        f"{'is' if len(numbers) == 1 else 'are'} set under {TINY_PT:g} pt high, too low to show the text of "
        f"{plural(rows.count, 'filled cell')}, but the values are still in the file; "
        "delete the data you did not mean to release (not just squeeze its row) and save a clean copy, or publish CSV",
        values=rows.samples,
        extra={"sheet": sheet},
    )
