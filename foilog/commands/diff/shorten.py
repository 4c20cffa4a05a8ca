"""Keep the Markdown summary under a size limit: GitHub shows at most 1 MiB of a job summary.

:mod:`.render` builds the summary as a list of :class:`Part` in the order it
is printed; each part can be printed with fewer of its rows. When the whole
summary is too large, :func:`fit` keeps parts in order of priority while they
fit:

0. the heading and the counts (always kept);
1. the problems for the reviewer and every finding, acknowledged ones too;
2. the tables of added, changed and withdrawn responses;
3. the other tables (corrected, renamed, deleted, embargoed, attachments, notes);
4. the text diffs: first shortened to the same number of lines per file, then,
   when even :data:`MIN_DIFF_LINES` lines each do not fit, left out from the
   last response backwards.

Parts of the same priority share the room: each keeps the same number of
rows (short ones keep all of theirs), and says how many more there are. The summary then ends with a line saying what was left out and the
command that prints all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: The default limit for Markdown: just under GitHub's 1 MiB (1,048,576 bytes) for a job summary.
DEFAULT_MAX_BYTES = 1_000_000
#: The smallest limit accepted: room for the counts and the closing line.
MIN_MAX_BYTES = 4096
#: Lines per file below which diffs are left out rather than shortened further.
MIN_DIFF_LINES = 12

ALWAYS, FIRST, TABLES, OTHER, DIFFS = range(5)


@dataclass(eq=False)
class Part:
    """A piece of the summary that :func:`fit` may print with only its first ``keep`` rows."""

    build: Callable[[int], list[str]]
    """The lines of the part with its first ``n`` rows (a diff part: ``n`` lines per file; 0 prints nothing)."""
    rows: int = 0
    priority: int = ALWAYS
    label: str = ""
    """What the closing line calls it: ``the Added table``, ``Findings``."""
    only_when_shortened: bool = False
    keep: int | None = None
    """Set by :func:`fit`: None for every row, -1 to leave the part out."""

    def lines(self) -> list[str]:
        if self.only_when_shortened and self.keep is None:
            return []
        if self.keep is None:
            return self.build(self.rows)
        return [] if self.keep < 0 else self.build(self.keep)


def size(lines: Sequence[str]) -> int:
    """Bytes of ``lines`` joined with newlines (UTF-8, as GitHub counts them)."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _join(parts: Sequence[Part], closing: Sequence[str] = ()) -> str:
    text = "\n".join(line for part in parts for line in part.lines()).rstrip("\n")
    if closing:
        text += "\n\n" + "\n".join(closing)
    return text + "\n"


def _fit_rows(parts: Sequence[Part], room: int) -> int:
    """Keep the same number of rows of each part (all rows of the short ones) within ``room`` bytes; the bytes used.

    A part that cannot even print its heading is left out, from the last one backwards.
    """
    if not parts:
        return 0

    def cost(p: Part, n: int) -> int:
        return size(p.build(min(n, p.rows)))

    def total(n: int) -> int:
        return sum(cost(p, n) for p in parts)

    longest = max(p.rows for p in parts)
    if total(longest) <= room:
        return total(longest)
    kept = list(parts)
    while kept and sum(cost(p, 0) for p in kept) > room:
        kept.pop().keep = -1
    low, high = 0, longest
    while low < high:
        middle = (low + high + 1) // 2
        if sum(cost(p, middle) for p in kept) <= room:
            low = middle
        else:
            high = middle - 1
    for p in kept:
        p.keep = None if low >= p.rows else low
    return sum(cost(p, low) for p in kept)


def _fit_diffs(parts: Sequence[Part], room: int) -> int:
    """Shorten every diff to the same number of lines per file, or keep the first ones; the bytes used."""
    if not parts:
        return 0
    longest = max(p.rows for p in parts)

    def total(limit: int) -> int:
        return sum(size(p.build(min(limit, p.rows))) for p in parts)

    low, high = 0, longest
    while low < high:
        middle = (low + high + 1) // 2
        if total(middle) <= room:
            low = middle
        else:
            high = middle - 1
    if low >= MIN_DIFF_LINES or low == longest:
        for p in parts:
            p.keep = None if low >= p.rows else low
        return total(low)
    used = 0
    for p in parts:
        keep = min(MIN_DIFF_LINES, p.rows)
        cost = size(p.build(keep))
        if used + cost <= room:
            p.keep = None if keep >= p.rows else keep
            used += cost
        else:
            p.keep = -1
    return used


def _allocate(parts: Sequence[Part], budget: int) -> None:
    for p in parts:
        p.keep = None
    room = budget - sum(size(p.build(p.rows)) for p in parts if p.priority == ALWAYS and not p.only_when_shortened)
    for p in parts:
        if p.only_when_shortened:
            p.keep = p.rows
            room -= size(p.build(p.rows))
    for priority in (FIRST, TABLES, OTHER):
        room -= _fit_rows([p for p in parts if p.priority == priority], room)
    _fit_diffs([p for p in parts if p.priority == DIFFS], room)


def left_out(parts: Sequence[Part]) -> list[str]:
    """What :func:`fit` left out, one phrase each, in the order printed."""
    out = []
    for p in parts:
        if p.priority in (ALWAYS, DIFFS) or p.keep is None:
            continue
        if p.keep < 0:
            out.append(f"{p.label} ({p.rows:,} rows)" if p.rows else p.label)
        else:
            out.append(f"{p.rows - p.keep:,} of the {p.rows:,} rows of {p.label}")
    diffs = [p for p in parts if p.priority == DIFFS]
    shortened = [p for p in diffs if p.keep is not None and p.keep >= 0]
    dropped = sum(1 for p in diffs if p.keep is not None and p.keep < 0)
    if shortened:
        limit = max(p.keep or 0 for p in shortened)
        out.append(f"the lines after the first {limit} of each file in the diffs of {len(shortened):,} changed responses")
    if dropped:
        out.append(f"the diffs of {dropped:,} changed response{'s' * (dropped != 1)}")
    return out


def fit(parts: Sequence[Part], max_bytes: int | None, rerun: str) -> str:
    """The summary, whole if it fits in ``max_bytes`` (None or 0: no limit), else shortened as the module says."""
    whole = _join(parts)
    if not max_bytes or len(whole.encode("utf-8")) <= max_bytes:
        return whole
    budget = max_bytes - 1024
    text = whole
    for _ in range(8):
        _allocate(parts, budget)
        closing = [
            "---",
            "",
            f"**This summary was shortened to fit in {max_bytes:,} bytes (GitHub shows at most 1 MiB of a job summary). "
            f"Left out: {'; '.join(left_out(parts)) or 'nothing'}. "
            f"To see all of it, run `{rerun}` in a clone of the repository (add `--format json` for the data).**",
        ]
        text = _join(parts, closing)
        over = len(text.encode("utf-8")) - max_bytes
        if over <= 0:
            break
        budget -= over + 256
    return text
