"""Hidden content in .xlsx workbooks, read straight from the OOXML parts.

Spreadsheets caused the worst FOI breaches: hidden sheets (PSNI 2023),
pivot caches keeping the source rows after the source sheet was deleted
(Islington 2012). openpyxl drops several of these stores (pivot caches,
threaded comments, external-link caches), so sheets are streamed with
defused ``iterparse`` instead: memory stays flat on big sheets and nothing
the file holds is skipped.

What a reader sees decides: cell colours are resolved (:mod:`.spreadsheet_styles`),
text too small to read is found (:mod:`.spreadsheet_sizes`),
shapes and pictures are placed on the cells they cover (:mod:`.spreadsheet_drawings`),
and every store that no cell shows is read: chart caches (:mod:`.spreadsheet_charts`),
drop-down lists, named constants, unused shared strings, custom properties
(:mod:`.spreadsheet_stores`), comments, pivot and external-link caches
(:mod:`.spreadsheet_caches`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from foilog.gate.attachments._common import FileRefused, Inspection, TextBudget, hidden, plural, property_finding
from foilog.gate.attachments._model import Limits
from foilog.gate.attachments.ooxml import Package, attr, check_media, is_true, local
from foilog.gate.attachments.ooxml_parts import check_parts
from foilog.gate.attachments.spreadsheet_caches import comments, external_links, pivot_caches
from foilog.gate.attachments.spreadsheet_cells import (
    CELL_REF,
    Collected,
    Rect,
    cells_word,
    col_index,
    col_letters,
    parse_sqref,
    ranges,
    values_in,
)
from foilog.gate.attachments.spreadsheet_charts import Chart, chart_findings, read_chart, wanted
from foilog.gate.attachments.spreadsheet_drawings import EMU_PER_POINT, Drawn, Geometry, place, sheet_drawings
from foilog.gate.attachments.spreadsheet_sizes import TINY_PT, Runs, low_rows_finding, read_shared_strings, run_of, tiny_finding, tiny_text
from foilog.gate.attachments.spreadsheet_stores import (
    Validation,
    custom_properties,
    custom_property_finding,
    defined_name_constant,
    unused_strings_finding,
    validation_findings,
)
from foilog.gate.attachments.spreadsheet_styles import Styles, hides, read_styles
from foilog.log.findings import Severity

__all__ = ["col_index", "col_letters", "hidden_places", "inspect_xlsx"]

_SAMPLE = 5
_FIX_HIDDEN_SHEET = "delete the hidden sheet and save a clean copy, or publish CSV"
_FIX_CELLS = "delete the data you did not mean to release (not just hide it) and save a clean copy, or publish CSV"
_FIX_SHAPE = "delete the data under it (deleting or moving the shape does not remove it) and save a clean copy, or publish CSV"
#: Custom row heights remembered per sheet to place drawings (beyond it rows count at the default height).
_MAX_ROW_HEIGHTS = 100_000


@dataclass
class _Sheet:
    text: str = ""
    cells: int = 0
    samples: list[str] = field(default_factory=list)
    rows: Collected = field(default_factory=Collected)
    cols: Collected = field(default_factory=Collected)
    #: Text coloured like its background, by why ("text is black on a black fill").
    colour: dict[str, Collected] = field(default_factory=dict)
    blank: Collected = field(default_factory=Collected)
    #: Text too small to read, by why ("text in 1 pt type"), and filled cells in rows too low to show text.
    tiny: dict[str, Collected] = field(default_factory=dict)
    low_rows: Collected = field(default_factory=Collected)
    #: One entry per line of ``text`` (see ``AttachmentReport.locations``).
    locations: list[str] = field(default_factory=list)
    #: Hidden (or zero-height) rows, hidden (or zero-width) column ranges, and whether rows are hidden by default.
    hidden_rows: set[int] = field(default_factory=set)
    hidden_col_ranges: list[tuple[int, int]] = field(default_factory=list)
    rows_hidden_by_default: bool = False
    #: Column widths and row heights, to place drawings on cells.
    geometry: Geometry = field(default_factory=Geometry)
    validations: list[Validation] = field(default_factory=list)
    #: Conditional formats as (cell ranges, differential format index).
    conditional: list[tuple[str, int]] = field(default_factory=list)


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _sheet_element(sheet: _Sheet, el: Element, name: str) -> None:
    """Elements of a sheet outside its cells: formats, columns, drop-down lists, conditional formats."""
    tag = local(el.tag)
    geo = sheet.geometry
    if tag == "sheetFormatPr":
        sheet.rows_hidden_by_default = is_true(el.get("zeroHeight"))
        height, width = _number(el.get("defaultRowHeight")), _number(el.get("defaultColWidth"))
        if height is not None and height > 0:
            geo.row_default = round(height * EMU_PER_POINT)
        if width is not None and width > 0:
            geo.col_default = round(width * 7) * 9525
    elif tag == "col":
        width = _number(el.get("width"))
        lo, hi = int(el.get("min") or 0), int(el.get("max") or 0)
        off = is_true(el.get("hidden")) or (width is not None and width < 0.5)
        if off:
            sheet.hidden_col_ranges.append((lo, hi))
        geo.set_col_width(lo, hi, width if width is not None else geo.col_default / 9525 / 7, off)
    elif tag == "dataValidation" and (el.get("type") or "") == "list":
        formula = next((c for c in el.iter() if local(c.tag) == "formula1"), None)
        text = "".join(formula.itertext()) if formula is not None else ""
        sqref = el.get("sqref") or next((c.text or "" for c in el if local(c.tag) == "sqref"), "")
        if text.strip():
            sheet.validations.append(Validation(name, sqref, text.strip()))
    elif tag == "conditionalFormatting":
        sqref = el.get("sqref") or next((c.text or "" for c in el if local(c.tag) == "sqref"), "")
        for rule in el:
            if local(rule.tag) == "cfRule" and (rule.get("dxfId") or "").isdigit():
                sheet.conditional.append((sqref, int(rule.get("dxfId") or 0)))


def _read_sheet(
    pkg: Package,
    target: str,
    shared: list[str],
    styles: Styles,
    budget: TextBudget,
    name: str = "",
    used: bytearray | None = None,
    rich: dict[int, Runs] | None = None,
) -> _Sheet:
    sheet = _Sheet()
    geo = sheet.geometry
    row_cols: list[str] = []
    lines: list[str] = []
    row_cells: list[str] = []
    row_hidden = row_low = False
    row_no = 0
    col_no = 0
    cell: dict[str, str | None] = {}
    inline: list[str] = []
    inline_runs: list[tuple[int, float | None]] = []
    parent: Element | None = None
    depth = 0  # inside <sheetData>
    for event, el in pkg.iterparse(target):
        tag = local(el.tag)
        if event == "start":
            if tag == "row":
                row_no = int(el.get("r") or row_no + 1)
                col_no = 0
                ht = _number(el.get("ht"))
                row_hidden = (
                    is_true(el.get("hidden"))
                    or (ht is not None and ht < 0.5)
                    or (sheet.rows_hidden_by_default and not is_true(el.get("customHeight")))
                )
                # A row lower than text can be (but not zero-height) shows none of its text.
                row_low = not row_hidden and ht is not None and ht < TINY_PT
                if row_hidden or row_low:
                    sheet.hidden_rows.add(row_no)
                if (row_hidden or ht is not None) and len(geo.rows) < _MAX_ROW_HEIGHTS:
                    geo.rows[row_no] = 0 if row_hidden else round((ht or 0) * EMU_PER_POINT)
            elif tag == "sheetData":
                parent = el
                depth += 1
            continue
        if tag == "sheetData":
            depth -= 1
        elif not depth and tag in ("sheetFormatPr", "col", "dataValidation", "conditionalFormatting"):
            _sheet_element(sheet, el, name)
        elif tag == "v":
            cell["v"] = el.text
        elif tag == "t":
            inline.append(el.text or "")
        elif tag == "r":
            inline_runs.append(run_of(el))
        elif tag == "c":
            ref = CELL_REF.match(el.get("r") or "")
            col_no = col_index(ref.group(1)) if ref else col_no + 1
            kind = el.get("t")
            raw = cell.get("v")
            runs: Runs | None = None
            if kind == "s" and raw is not None and raw.isdigit() and int(raw) < len(shared):
                value = shared[int(raw)]
                runs = rich.get(int(raw)) if rich else None
                if used is not None:
                    used[int(raw)] = 1
            elif kind == "inlineStr":
                value = "".join(inline)
                runs = tuple(inline_runs) if any(size is not None for _, size in inline_runs) else None
            elif kind == "b" and raw is not None:
                value = "TRUE" if raw == "1" else "FALSE"
            else:
                value = raw or ""
            cell, inline, inline_runs = {}, [], []
            if value.strip():
                sheet.cells += 1
                row_cells.append(value)
                row_cols.append(col_letters(col_no))
                if len(sheet.samples) < _SAMPLE:
                    sheet.samples.append(value)
                style = int(el.get("s") or 0) if (el.get("s") or "0").isdigit() else 0
                if row_hidden:
                    sheet.rows.add(value, row_no)
                elif row_low:
                    sheet.low_rows.add(value, row_no, (row_no, col_no))
                if any(lo <= col_no <= hi for lo, hi in sheet.hidden_col_ranges):
                    sheet.cols.add(value, col_no)
                why = styles.hidden_text.get(style)
                if why:
                    sheet.colour.setdefault(why, Collected()).add(value, cell=(row_no, col_no))
                if style in styles.blank_format:
                    sheet.blank.add(value, cell=(row_no, col_no))
                size = styles.size(style)
                tiny = tiny_text(value, size, runs) if runs or size < TINY_PT else None
                if tiny:
                    sheet.tiny.setdefault(tiny[1], Collected()).add(tiny[0], cell=(row_no, col_no))
        elif tag == "row":
            if row_cells:
                line = budget.take("\t".join(row_cells))
                lines.append(line)
                breaks = line.count("\n")
                if breaks == 0 and line.count("\t") == len(row_cells) - 1:
                    sheet.locations.append("\t".join(["cell", name, str(row_no), *row_cols]))
                else:  # a value holds a line break or a tab: only the row can be named
                    sheet.locations.extend(["\t".join(["row", name, str(row_no)])] * (breaks + 1))
            row_cells = []
            row_cols = []
            if parent is not None:
                parent.remove(el)
            el.clear()
    sheet.text = "\n".join(lines)
    return sheet


_REF = re.compile(
    r"(?:'((?:[^']|'')+)'|([^\s'!,:()=+\-*/&^<>]+))!"
    r"(\$?[A-Z]{1,3}\$?\d+|\$?[A-Z]{1,3}|\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+|\$?[A-Z]{1,3}|\$?\d+))?"
)
_PART = re.compile(r"\$?([A-Z]{0,3})\$?(\d*)")


def _bounds(part: str) -> tuple[int | None, int | None]:
    """(column, row) of one end of a reference; None where it spans the whole sheet (``A:A``, ``3:3``)."""
    m = _PART.fullmatch(part)
    if m is None:
        return None, None
    return (col_index(m.group(1)) if m.group(1) else None), (int(m.group(2)) if m.group(2) else None)


def _ordered(a: int | None, b: int | None) -> tuple[int, int] | None:
    """``(low, high)`` of two ends of a reference in one direction; None when either is unbounded."""
    return None if a is None or b is None else (min(a, b), max(a, b))


def hidden_places(formula: str, sheets: dict[str, _Sheet]) -> list[str]:
    """Describe the hidden rows and columns that the references in ``formula`` reach into."""
    found: list[str] = []
    for m in _REF.finditer(formula):
        name = (m.group(1) or "").replace("''", "'") or m.group(2)
        sheet = sheets.get(name)
        if sheet is None:
            continue
        (c0, r0), (c1, r1) = _bounds(m.group(3)), _bounds(m.group(4) or m.group(3))
        # A whole column (A:A) crosses every hidden row and a whole row (3:3) every hidden column;
        # only a reference bounded in that direction is taken to point into them.
        row_span, col_span = _ordered(r0, r1), _ordered(c0, c1)
        rows_bounded = row_span is not None
        rows = sorted(r for r in sheet.hidden_rows if row_span is not None and row_span[0] <= r <= row_span[1])
        cols = (
            [(max(lo, col_span[0]), min(hi, col_span[1])) for lo, hi in sheet.hidden_col_ranges if lo <= col_span[1] and hi >= col_span[0]]
            if col_span is not None
            else []
        )
        if rows or (rows_bounded and sheet.rows_hidden_by_default):
            what = ", ".join(map(str, rows[:5])) + (" ..." if len(rows) > 5 else "") if rows else "hidden by default"
            found.append(f"hidden rows ({what}) of sheet '{name}'")
        if cols:
            letters = ", ".join(col_letters(lo) if lo == hi else f"{col_letters(lo)}:{col_letters(hi)}" for lo, hi in cols[:5])
            found.append(f"hidden columns ({letters}) of sheet '{name}'")
    return found


def _cell_findings(out: Inspection, path: str, name: str, sheet: _Sheet) -> None:
    where = f"sheet '{name}'"
    if sheet.rows.count:
        out.findings.append(
            hidden(
                path,
                "xlsx-hidden-rows-columns",
                f"{where} has {plural(len(sheet.rows.places), 'hidden row')} holding "
                f"{plural(sheet.rows.count, 'filled cell')}; {_FIX_CELLS}",
                values=sheet.rows.samples,
                extra={"sheet": name},
            )
        )
    if sheet.cols.count:
        letters = ", ".join(col_letters(c) for c in sorted(sheet.cols.places)[:10])
        out.findings.append(
            hidden(
                path,
                "xlsx-hidden-rows-columns",
                f"{where} has {plural(len(sheet.cols.places), 'hidden or zero-width column')} ({letters}) "
                f"holding {plural(sheet.cols.count, 'filled cell')}; {_FIX_CELLS}",
                values=sheet.cols.samples,
                extra={"sheet": name},
            )
        )
    if sheet.colour:
        count = sum(h.count for h in sheet.colour.values())
        parts = [f"{cells_word(ranges(h.cells))}: {why}" for why, h in sheet.colour.items()]
        out.findings.append(
            hidden(
                path,
                "xlsx-white-text",
                f"sheet {name}, {'; '.join(parts)}: the text of {plural(count, 'cell')} cannot be seen against its "
                f"background, but the values are still in the file; {_FIX_CELLS}",
                values=[s for h in sheet.colour.values() for s in h.samples],
                extra={"sheet": name},
            )
        )
    if sheet.low_rows.count:
        out.findings.append(low_rows_finding(path, name, sheet.low_rows))
    if sheet.tiny:
        out.findings.append(tiny_finding(path, name, sheet.tiny))
    if sheet.blank.count:
        out.findings.append(
            hidden(
                path,
                "xlsx-hidden-number-format",
                f"sheet {name}, {cells_word(ranges(sheet.blank.cells))}: {plural(sheet.blank.count, 'cell')} formatted with "
                f"';;;', which shows nothing but keeps the value; {_FIX_CELLS}",
                values=sheet.blank.samples,
                extra={"sheet": name},
            )
        )


@dataclass
class _Placed:
    """A drawing object on a sheet, with the cells it covers."""

    sheet: str
    drawn: Drawn
    cells: Rect | None


def _place_drawings(pkg: Package, sheets: list[tuple[str, str, str]], read: dict[str, _Sheet]) -> list[_Placed]:
    placed: list[_Placed] = []
    for name, _state, target in sheets:
        if not pkg.has(target):
            continue
        geo = read[name].geometry
        for drawn in sheet_drawings(pkg, target):
            box = place(drawn.anchor, geo) if drawn.anchor is not None else None
            placed.append(_Placed(name, drawn, geo.covered(box) if box else None))
    return placed


def _drawing_findings(out: Inspection, path: str, placed: list[_Placed], values: dict[str, dict[tuple[int, int], str]]) -> None:
    """Opaque shapes and pictures over filled cells; text drawn in shapes (visible) or kept in hidden ones."""
    lines: list[str] = []
    where: list[str] = []
    for item in placed:
        d = item.drawn
        label = f"sheet {item.sheet}, {d.words}"
        if d.text:
            if d.hidden:
                out.stored.append((f"the hidden {d.words} on sheet {item.sheet}", d.text))
            else:
                for line in d.text.split("\n"):
                    lines.append(line)
                    where.append(label)
        if d.alt:
            out.stored.append((f"the alternative text of {d.words} on sheet {item.sheet}", d.alt))
        if not d.opaque or d.hidden or item.cells is None or d.kind == "chart":
            continue
        c0, r0, c1, r1 = item.cells
        under = {cell: v for cell, v in values.get(item.sheet, {}).items() if r0 <= cell[0] <= r1 and c0 <= cell[1] <= c1}
        if not under:
            continue
        what = "picture" if d.kind == "picture" else f"{d.kind} with a solid fill"
        out.findings.append(
            hidden(
                path,
                "xlsx-shape-over-cells",
                f"sheet {item.sheet}, {cells_word(ranges(under))}: {d.words} (a {what}) is drawn over "
                f"{plural(len(under), 'filled cell')} and hides them, but their values are still in the file; {_FIX_SHAPE}",
                values=list(under.values())[:_SAMPLE],
                extra={"sheet": item.sheet},
            )
        )
    if lines:
        out.text_pages.append("\n".join(lines))
        out.locations.append(where)


def _conditional_findings(
    out: Inspection, path: str, styles: Styles, read: dict[str, _Sheet], values: dict[str, dict[tuple[int, int], str]]
) -> None:
    """Conditional formats that paint the text the colour of the fill they also set (a rule-based hiding)."""
    for name, sheet in read.items():
        for sqref, dxf in sheet.conditional:
            font, fill = styles.dxfs[dxf] if dxf < len(styles.dxfs) else (None, None)
            why = hides(font, fill) if font and fill else None
            if not why:
                continue
            rects = parse_sqref(sqref)
            under = {
                c: v for c, v in values.get(name, {}).items() if any(c0 <= c[1] <= c1 and r0 <= c[0] <= r1 for c0, r0, c1, r1 in rects)
            }
            if under:
                out.findings.append(
                    hidden(
                        path,
                        "xlsx-white-text",
                        f"sheet {name}, {cells_word(ranges(under))}: a conditional format makes the text the colour of its "
                        f"fill ({why}) when its rule holds, hiding {plural(len(under), 'filled cell')}; "
                        f"delete the rule (Home > Conditional Formatting > Clear Rules) and the data you did not mean to release, "
                        "and save a clean copy, or publish CSV",
                        values=list(under.values())[:_SAMPLE],
                        extra={"sheet": name},
                    )
                )


def _charts(pkg: Package, placed: list[_Placed]) -> list[tuple[Chart, str]]:
    found: list[tuple[Chart, str]] = []
    seen: set[str] = set()
    for item in placed:
        if item.drawn.chart and item.drawn.chart not in seen and pkg.has(item.drawn.chart):
            seen.add(item.drawn.chart)
            found.append((read_chart(pkg, item.drawn.chart), f"{item.drawn.words} on sheet {item.sheet}"))
    for part in sorted(n for n in pkg.names if n.startswith("xl/charts/chart") and n.endswith(".xml") and n not in seen):
        found.append((read_chart(pkg, part), f"the chart {part.rsplit('/', 1)[-1]} (placed on no sheet)"))
    return found


def _sheet_level_findings(out: Inspection, display: str, name: str, state: str, sheet: _Sheet) -> None:
    if state in ("hidden", "veryHidden"):
        how = "very hidden (invisible even in Excel's Unhide list)" if state == "veryHidden" else "hidden"
        out.findings.append(
            hidden(
                display,
                "xlsx-hidden-sheet",
                f"sheet '{name}' is {how} and holds {plural(sheet.cells, 'filled cell')}; {_FIX_HIDDEN_SHEET}",
                severity=Severity.ERROR if sheet.cells else Severity.WARNING,
                values=sheet.samples,
                extra={"sheet": name},
            )
        )
    _cell_findings(out, display, name, sheet)


def _defined_names(
    out: Inspection, display: str, names: list[Element], sheets: list[tuple[str, str, str]], read: dict[str, _Sheet]
) -> None:
    hidden_names = {n for n, state, _ in sheets if state in ("hidden", "veryHidden")}
    for el in names:
        name = el.get("name", "")
        formula = el.text or ""
        local_id = el.get("localSheetId")
        scoped_hidden = (
            local_id is not None and local_id.isdigit() and int(local_id) < len(sheets) and sheets[int(local_id)][0] in hidden_names
        )
        points_hidden = any(f"{s}!" in formula or f"'{s}'!" in formula for s in hidden_names)
        if name.startswith("_xlnm."):
            continue
        constant = defined_name_constant(display, name, formula, out.stored)
        if constant is not None:
            out.findings.append(constant)
            continue
        into_hidden = hidden_places(formula, read)
        if is_true(el.get("hidden")) or points_hidden or scoped_hidden or into_hidden:
            if is_true(el.get("hidden")):
                why = "is hidden"
            elif points_hidden or scoped_hidden:
                why = "points at a hidden sheet"
            else:
                why = f"points into {' and '.join(into_hidden)}"
            out.findings.append(
                hidden(
                    display,
                    "xlsx-defined-name-hidden",
                    f"the defined name '{name}' {why}; check what it refers to, delete it if it is not needed and save a clean copy",
                    severity=Severity.WARNING,
                    values=[formula],
                )
            )


def _reach(read: dict[str, _Sheet], hidden_sheets: set[str]) -> Callable[[str, str], list[str]]:
    """Where a formula (from a drop-down list, written on ``sheet``) leads into hidden sheets, rows or columns."""

    def reach(formula: str, sheet: str) -> list[str]:
        text = formula if "!" in formula else f"'{sheet.replace(chr(39), chr(39) * 2)}'!{formula}"
        places = hidden_places(text, read)
        places += [f"the hidden sheet '{s}'" for s in sorted(hidden_sheets) if f"{s}!" in text or f"'{s}'!" in text]
        return places

    return reach


def inspect_xlsx(path: Path, display: str, limits: Limits) -> Inspection:
    """Inspect an .xlsx file for hidden content; raises FileRefused to fail closed."""
    out = Inspection()
    budget = TextBudget(limits.max_text_chars)
    with Package(path, limits) as pkg:
        pkg.check_macros()
        wb_part = next((t for typ, t, _ in pkg.rels("").values() if typ == "officeDocument"), "xl/workbook.xml")
        workbook = pkg.xml(wb_part)
        if workbook is None:
            raise FileRefused("unsafe-unparseable", "the file has no workbook part; re-save it from Excel")
        rels = pkg.rels(wb_part)
        by_type = {typ: target for typ, target, _ in rels.values()}
        styles = read_styles(pkg, by_type.get("styles"))
        shared, rich = read_shared_strings(pkg, by_type.get("sharedStrings"), budget)
        used = bytearray(len(shared))
        sheets: list[tuple[str, str, str]] = []  # name, state, target
        names: list[Element] = []
        for el in workbook.iter():
            if local(el.tag) == "sheet":
                rid = attr(el, "id") or ""
                target = rels.get(rid, ("", "", False))[1]
                sheets.append((el.get("name", "?"), el.get("state", "visible"), target))
            elif local(el.tag) == "definedName":
                names.append(el)
        hidden_sheets = {n for n, state, _ in sheets if state in ("hidden", "veryHidden")}
        read: dict[str, _Sheet] = {}
        for name, state, target in sheets:
            sheet = _read_sheet(pkg, target, shared, styles, budget, name, used, rich) if pkg.has(target) else _Sheet()
            read[name] = sheet
            out.text_pages.append(sheet.text)
            out.locations.append(sheet.locations)
            _sheet_level_findings(out, display, name, state, sheet)
        _defined_names(out, display, names, sheets, read)
        # Drawings and charts: the cells under opaque objects and behind chart caches are read back in a second pass.
        placed = _place_drawings(pkg, sheets, read)
        charts = _charts(pkg, placed)
        want: dict[str, list[Rect]] = {}
        for item in placed:
            if item.cells is not None and item.drawn.opaque and not item.drawn.hidden and item.drawn.kind != "chart":
                want.setdefault(item.sheet, []).append(item.cells)
        for chart, _words in charts:
            for sheet_name, rects in wanted(chart).items():
                want.setdefault(sheet_name, []).extend(rects)
        for name, sheet in read.items():
            for sqref, dxf in sheet.conditional:
                font, fill = styles.dxfs[dxf] if dxf < len(styles.dxfs) else (None, None)
                if font and fill and hides(font, fill):
                    want.setdefault(name, []).extend(parse_sqref(sqref))
        targets = {name: target for name, _, target in sheets}
        values = {name: values_in(pkg, targets[name], shared, rects) for name, rects in want.items() if name in targets}
        _drawing_findings(out, display, placed, values)
        _conditional_findings(out, display, styles, read, values)
        reach_chart = {ref.formula: hidden_places(ref.formula, read) for chart, _ in charts for ref in chart.refs if ref.formula}
        for chart, words in charts:
            out.findings.extend(chart_findings(display, chart, words, set(targets), hidden_sheets, values, reach_chart, out.stored))
            if chart.titles:
                out.text_pages.append("\n".join(chart.titles))
                out.locations.append([f"the title of {words}"] * len(chart.titles))
        # Stores no cell shows.
        defined = {el.get("name", ""): (el.text or "") for el in names if el.get("localSheetId") is None}
        validations = [v for sheet in read.values() for v in sheet.validations]
        out.findings.extend(validation_findings(display, validations, defined, _reach(read, hidden_sheets), out.stored))
        unused = unused_strings_finding(display, shared, used, out.stored)
        if unused is not None:
            out.findings.append(unused)
        store: list[str] = []
        comments(pkg, out, display, budget, store)
        pivot_caches(pkg, out, display, {n for n, _, _ in sheets}, budget, store)
        external_links(pkg, out, display, store)
        if any(s.strip() for s in store):
            out.text_pages.append("\n".join(s for s in store if s.strip()))
            out.locations.append(["comments, pivot caches or external links (not on any sheet)"] * (out.text_pages[-1].count("\n") + 1))
        check_media(pkg, out, display, "xl/")
        props = pkg.properties()
        out.metadata.extend(props)
        custom = custom_properties(pkg)
        found = custom_property_finding(display, custom)
        if found:
            out.findings.append(found)
        standard = [p for p in props if p not in custom]
        found = property_finding(display, "xlsx-properties", standard, fix="clear them (File > Info > Check for Issues > Inspect Document)")
        if found:
            out.findings.append(found)
        check_parts(pkg, out, display, "xlsx")
    return out
