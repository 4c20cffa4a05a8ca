"""Charts keep a copy of the data they plot: check that copy against the cells.

A chart part (``xl/charts/chartN.xml``) stores, next to each series' formula
(``Staff!$A$2:$A$9``), a cache of the labels and numbers it last drew
(``c:strCache``, ``c:numCache``). Delete the sheet of names and the chart keeps
drawing them from its cache; replace the names by initials and the cache may
still hold the names. The cache is compared with the cells its formula names:
values the cells no longer hold, formulas that lead nowhere (``#REF!``, a
deleted sheet, another workbook) and formulas into hidden rows, columns or
sheets are reported, and that cached text goes into ``stored``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foilog.gate.attachments._common import hidden, plural
from foilog.gate.attachments.ooxml import Package, local
from foilog.gate.attachments.spreadsheet_cells import Rect, col_index
from foilog.gate.attachments.spreadsheet_stores import has_letters
from foilog.log.findings import Finding, Severity

_AREA = re.compile(r"(?:'((?:[^']|'')+)'|([^'!\[\]]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")
_FIX = (
    "check the chart's data (right-click the chart > Select Data), delete the chart or paste it as a picture, "
    "and save a clean copy, or publish CSV"
)


@dataclass
class CachedRef:
    """One reference of a chart (series name, categories or values) and what its cache holds, by point index."""

    formula: str
    points: dict[int, str] = field(default_factory=dict)
    numeric: bool = False
    #: A multi-level category reference: its points cannot be matched to cells one by one.
    levels: bool = False

    def area(self) -> tuple[str, Rect] | None:
        """(sheet, rectangle) of a one-area reference; None for anything else."""
        m = _AREA.fullmatch(self.formula.strip().lstrip("=").strip("()"))
        if m is None:
            return None
        sheet = (m.group(1) or "").replace("''", "'") or (m.group(2) or "")
        c0, r0 = col_index(m.group(3)), int(m.group(4))
        c1, r1 = (col_index(m.group(5)), int(m.group(6))) if m.group(5) else (c0, r0)
        return sheet, (min(c0, c1), min(r0, r1), max(c0, c1), max(r0, r1))

    def cell_of(self, index: int) -> tuple[int, int] | None:
        """(row, col) the point ``index`` was read from, for a one-row or one-column area."""
        found = self.area()
        if found is None or self.levels:
            return None
        c0, r0, c1, r1 = found[1]
        if c0 == c1:
            return (r0 + index, c0) if r0 + index <= r1 else None
        if r0 == r1:
            return (r0, c0 + index) if c0 + index <= c1 else None
        return None


@dataclass
class Chart:
    """What a chart part holds: its titles (drawn on the chart) and its cached references."""

    part: str
    titles: list[str] = field(default_factory=list)
    refs: list[CachedRef] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)


def read_chart(pkg: Package, target: str) -> Chart:
    """Parse one chart part."""
    chart = Chart(target)
    root = pkg.xml(target) if pkg.has(target) else None
    if root is None:
        return chart
    for el in root.iter():
        name = local(el.tag)
        if name == "title":
            text = " ".join("".join(t.text or "" for t in p.iter() if local(t.tag) == "t") for p in el.iter() if local(p.tag) == "p")
            if text.strip():
                chart.titles.append(" ".join(text.split()))
        elif name in ("strRef", "numRef", "multiLvlStrRef"):
            formula = next((c.text or "" for c in el if local(c.tag) == "f"), "")
            multi = name == "multiLvlStrRef"
            ref = CachedRef(formula, numeric=name == "numRef", levels=multi)
            for pt in el.iter():
                if local(pt.tag) == "pt":
                    value = next((c.text or "" for c in pt if local(c.tag) == "v"), "")
                    index = int(pt.get("idx") or 0) if (pt.get("idx") or "0").isdigit() else 0
                    if value.strip():
                        ref.points[len(ref.points) if multi else index] = value
            chart.refs.append(ref)
        elif name in ("strLit", "numLit"):
            chart.literals.extend(c.text or "" for c in el.iter() if local(c.tag) == "v" and (c.text or "").strip())
    return chart


def wanted(chart: Chart) -> dict[str, list[Rect]]:
    """The cells each sheet must give back for the cache to be checked."""
    rects: dict[str, list[Rect]] = {}
    for ref in chart.refs:
        found = ref.area()
        if found is not None and ref.points:
            rects.setdefault(found[0], []).append(found[1])
    return rects


def _same(cached: str, cell: str | None, numeric: bool) -> bool:
    if cell is None:
        return False
    try:
        a, b = float(cached), float(cell)
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    except ValueError:
        pass
    if not numeric:
        try:
            float(cell)
            return True  # a number shown through a number format (dates, currency): cannot be compared as text
        except ValueError:
            pass
    return " ".join(cached.split()) == " ".join(cell.split())


def chart_findings(
    path: str,
    chart: Chart,
    words: str,
    sheets: set[str],
    hidden_sheets: set[str],
    values: dict[str, dict[tuple[int, int], str]],
    reach: dict[str, list[str]],
    stored: list[tuple[str, str]],
) -> list[Finding]:
    """Judge one chart's caches; ``values`` holds each sheet's cells read back, ``reach`` the hidden places of each formula."""
    gone: list[str] = []
    stale: list[str] = []
    into_hidden: list[str] = []
    for ref in chart.refs:
        if not ref.points:
            continue
        cached = list(ref.points.values())
        if not ref.formula:
            continue
        found = ref.area()
        if "#REF!" in ref.formula or ref.formula.lstrip("=").startswith("[") or (found is not None and found[0] not in sheets):
            gone.extend(cached)
            continue
        if found is None:
            continue
        sheet = found[0]
        if sheet in hidden_sheets or reach.get(ref.formula):
            into_hidden.extend(ref.points.values())
            continue
        cells = values.get(sheet, {})
        for index, value in ref.points.items():
            at = ref.cell_of(index)
            if at is not None and not _same(value, cells.get(at), ref.numeric):
                stale.append(value)
    out: list[Finding] = []
    for kind, texts, what in (
        ("gone", gone, "from cells that are no longer in the workbook (a deleted sheet, #REF! or another file)"),
        ("stale", stale, "that the cells it refers to no longer hold"),
        ("hidden", into_hidden, "from hidden rows, columns or sheets"),
    ):
        if not texts:
            continue
        stored.append((f"the cached data of {words}", "\n".join(texts)))
        worded = [t for t in texts if has_letters(t)]
        severity = Severity.ERROR if worded and kind != "hidden" else Severity.WARNING
        out.append(
            hidden(
                path,
                "xlsx-chart-cache",
                f"{words} keeps a copy of {plural(len(texts), 'value')} {what}; the chart still carries them "
                f"(its cache) although no cell shows them; {_FIX}",
                severity=severity,
                values=worded or texts,
                extra={"kind": kind},
            )
        )
    if chart.literals:
        stored.append((f"the data typed into {words}", "\n".join(chart.literals)))
    return out
