"""A CSV file of the built site for the post-build sweep, with the cells the leak gate has judged whole left blank.

``questions.csv`` holds every answer of the log, each exactly as the gate
read it in ``response.yml`` (:mod:`foilog.gate.judged`). The sweep reads the
file as it is written (the raw text a spreadsheet or a script reads), a
record at a time, and blanks only a cell whose value is such a text, at its
place in the record: the other cells, quoting included, are read as
before, and the blanked cell keeps its line breaks, so every finding keeps
its line. A file the ``csv`` module cannot follow (an unclosed quote, a
cell over its size limit) is read as written from there on: never less
than before.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from foilog.gate.judged import JudgedTexts

__all__ = ["csv_lines"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: What may follow a cell in its record.
_CELL_ENDS = (",", "\r", "\n")


def csv_lines(lines: Iterable[str], judged: JudgedTexts | None) -> Iterator[str]:
    """The lines of a CSV text (as a file opened with ``newline=""`` gives them), judged cells blank, as many lines."""
    source = iter(lines)
    if not judged:
        yield from source
        return
    taken: list[str] = []

    def feed() -> Iterator[str]:
        for line in source:
            taken.append(line)
            yield line

    try:
        for record in csv.reader(feed()):
            record_lines, taken[:] = list(taken), []
            cells = [cell for cell in record if cell in judged]
            if not cells:
                yield from record_lines
                continue
            yield from io.StringIO(_blanked("".join(record_lines), cells), newline="")
    except csv.Error:
        pass  # the rest as written, from the record the reader gave up on
    yield from taken
    yield from source


def _blanked(raw: str, cells: list[str]) -> str:
    """The record's text ``raw`` with each of ``cells`` (by value) emptied where it stands, its line breaks kept."""
    for cell in cells:
        quoted = '"' + cell.replace('"', '""') + '"'
        for written in (quoted, cell):
            at = _cell_at(raw, written)
            if at != -1:
                breaks = len(_LINE_BREAK.findall(written))
                raw = raw[:at] + '"' + "\n" * breaks + '"' + raw[at + len(written) :]
                break
    return raw


def _cell_at(raw: str, written: str) -> int:
    """Where ``written`` stands as a whole cell of the record ``raw`` (after a comma or at the start, before a comma or the end); -1 if nowhere."""
    at = raw.find(written)
    while at != -1:
        end = at + len(written)
        if (at == 0 or raw[at - 1] == ",") and (end == len(raw) or raw.startswith(_CELL_ENDS, end)):
            return at
        at = raw.find(written, at + 1)
    return -1
