"""Clean one worksheet part: empty hidden rows and columns, freeze formulas, drop what no cell shows.

Hidden rows and columns are emptied and unhidden rather than deleted, so that
no other cell moves and every reference (formulas, charts, names, merged
cells) still points where it did. The same judgement as the gate's decides
what is hidden: the ``hidden`` flag, a height or width too small to show text,
rows hidden by default (``zeroHeight``), rows lower than text can be
(:data:`~foilog.gate.attachments.spreadsheet_sizes.TINY_PT`); collapsed outline
groups and filtered-out rows carry the ``hidden`` flag and go the same way.

A formula whose inputs are gone (a removed sheet, another workbook, an emptied
row) would show a different value, or ``#REF!``, the next time it is
calculated, so it is replaced by the value it showed (its cached value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement

from foilog.gate.attachments.ooxml import is_true, local
from foilog.gate.attachments.spreadsheet_cells import CELL_REF, col_index, col_letters
from foilog.gate.attachments.spreadsheet_sizes import TINY_PT
from foilog.gate.attachments.spreadsheet_styles import Styles, hides
from foilog.gate.redact.model import Removal
from foilog.gate.redact.spreadsheet_package import child, ns_of, rid_of

#: Sheet elements that place drawings, comments' boxes, controls and embedded objects on the sheet.
_DRAWN = frozenset({"drawing", "legacyDrawing", "legacyDrawingHF", "controls", "oleObjects"})
#: Column width Excel gives a column shown again (its default for Calibri 11).
_SHOWN_WIDTH = "9.140625"
_MAX_SAMPLE = 2000


@dataclass
class SheetJob:
    """What the cleaner knows when it cleans one sheet."""

    name: str
    keep_hidden: bool
    shared: list[str]
    styles: Styles
    #: xf indexes whose text was set too small to read.
    tiny_xfs: set[int] = field(default_factory=set)


@dataclass
class SheetResult:
    """What came out of the sheet; ``emptied`` is True when hidden cells lost their content."""

    removals: list[Removal] = field(default_factory=list)
    emptied: bool = False
    #: Shared-formula groups whose master cell was emptied: every cell of the group is frozen.
    frozen_groups: set[str] = field(default_factory=set)


def cell_text(cell: Element, shared: list[str]) -> str:
    """The value a cell shows (shared string looked up, inline string joined, booleans as TRUE/FALSE)."""
    kind = cell.get("t")
    v = child(cell, "v")
    raw = v.text if v is not None else None
    if kind == "s" and raw is not None and raw.strip().isdigit():
        index = int(raw)
        return shared[index] if index < len(shared) else ""
    if kind == "inlineStr":
        box = child(cell, "is")
        return "".join(t.text or "" for t in box.iter() if local(t.tag) == "t") if box is not None else ""
    if kind == "b" and raw is not None:
        return "TRUE" if raw.strip() == "1" else "FALSE"
    return raw or ""


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _where(job: SheetJob) -> str:
    return f"sheet '{job.name}'"


def _hidden_columns(root: Element, job: SheetJob, result: SheetResult) -> list[tuple[int, int]]:
    """Unhide hidden and zero-width columns; the ranges that were hidden."""
    ranges: list[tuple[int, int]] = []
    cols = child(root, "cols")
    for col in cols if cols is not None else ():
        width = _number(col.get("width"))
        if not (is_true(col.get("hidden")) or (width is not None and width < 0.5)):
            col.attrib.pop("collapsed", None)
            continue
        lo, hi = int(col.get("min") or 0), int(col.get("max") or 0)
        ranges.append((lo, hi))
        col.attrib.pop("hidden", None)
        col.attrib.pop("collapsed", None)
        if width is not None and width < 0.5:
            col.set("width", _SHOWN_WIDTH)
        letters = col_letters(lo) if lo == hi else f"{col_letters(lo)}:{col_letters(hi)}"
        what = "hidden column shown again" if job.keep_hidden else "hidden column emptied and shown"
        result.removals.append(Removal(_where(job), f"{what} ({letters})"))
    return ranges


def _row_hidden(row: Element, by_default: bool) -> bool:
    ht = _number(row.get("ht"))
    return is_true(row.get("hidden")) or (ht is not None and ht < TINY_PT) or (by_default and not is_true(row.get("customHeight")))


def _unhide_row(row: Element) -> None:
    row.attrib.pop("hidden", None)
    row.attrib.pop("collapsed", None)
    ht = _number(row.get("ht"))
    if ht is not None and ht < TINY_PT:
        row.attrib.pop("ht", None)
        row.attrib.pop("customHeight", None)


def _empty(cell: Element) -> None:
    """Take every value out of a cell, keeping the cell (its style) in place."""
    for part in list(cell):
        cell.remove(part)
    for key in ("t", "cm", "vm"):
        cell.attrib.pop(key, None)


_SHEET_REF = re.compile(r"(?:'((?:[^']|'')+)'|([^\s'!,:()=+\-*/&^<>;{}\"]+))!")


def reads_changed(formula: str, own_sheet: str, changed: set[str]) -> bool:
    """True when ``formula`` reads a sheet whose cells went or changed, or another workbook (``[1]Sheet!A1``)."""
    if "[" in formula or "#REF!" in formula:
        return True
    named = {(m.group(1) or "").replace("''", "'") or m.group(2) for m in _SHEET_REF.finditer(formula)}
    if any(n in changed for n in named):
        return True
    # A reference without a sheet reads its own sheet.
    return own_sheet in changed and bool(
        re.search(r"\$?[A-Z]{1,3}\$?\d+|\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?\d+:\$?\d+", _SHEET_REF.sub("", formula))
    )


def _freeze(cell: Element) -> None:
    """Replace a cell's formula by the value it showed (a text result becomes an inline string)."""
    f = child(cell, "f")
    if f is not None:
        cell.remove(f)
    if cell.get("t") == "str":
        v = child(cell, "v")
        text = v.text if v is not None else ""
        if v is not None:
            cell.remove(v)
        cell.set("t", "inlineStr")
        box = SubElement(cell, ns_of(cell) + "is")
        SubElement(box, ns_of(cell) + "t").text = text or ""
    elif child(cell, "v") is None:
        cell.attrib.pop("t", None)


@dataclass
class _Cell:
    el: Element
    row: int
    col: int
    hidden: bool


def _cells(sheet_data: Element, hidden_cols: list[tuple[int, int]], by_default: bool) -> list[_Cell]:
    """Every cell with its position, and whether a reader cannot see it; rows are unhidden on the way."""
    cells: list[_Cell] = []
    row_no = 0
    for row in sheet_data:
        if local(row.tag) != "row":
            continue
        row_no = int(row.get("r") or row_no + 1)
        row_hidden = _row_hidden(row, by_default)
        if row_hidden:
            _unhide_row(row)
        col_no = 0
        for cell in row:
            if local(cell.tag) != "c":
                continue
            m = CELL_REF.match(cell.get("r") or "")
            col_no = col_index(m.group(1)) if m else col_no + 1
            in_hidden_col = any(lo <= col_no <= hi for lo, hi in hidden_cols)
            cells.append(_Cell(cell, row_no, col_no, row_hidden or in_hidden_col))
    return cells


def _restyle_removals(job: SheetJob, item: _Cell, text: str) -> Removal | None:
    """The note for a cell whose formatting hid its text (the style itself is reset in styles.xml)."""
    style = int(item.el.get("s") or 0) if (item.el.get("s") or "0").isdigit() else 0
    why = job.styles.hidden_text.get(style)
    if why is None and style in job.styles.blank_format:
        why = "number format ';;;' showed nothing"
    if why is None and style in job.tiny_xfs:
        why = "text too small to read"
    if why is None:
        return None
    ref = f"{col_letters(item.col)}{item.row}"
    return Removal(_where(job), f"hidden formatting reset so the text shows ({why}) in {ref}", text[:_MAX_SAMPLE])


def _clean_cells(root: Element, job: SheetJob, result: SheetResult, hidden_cols: list[tuple[int, int]]) -> None:
    fmt = child(root, "sheetFormatPr")
    by_default = fmt is not None and is_true(fmt.get("zeroHeight"))
    if fmt is not None:
        fmt.attrib.pop("zeroHeight", None)
    sheet_data = child(root, "sheetData")
    if sheet_data is None:
        return
    cells = _cells(sheet_data, hidden_cols, by_default)
    emptied: list[str] = []
    for item in cells:
        f = child(item.el, "f")
        text = cell_text(item.el, job.shared)
        if item.hidden and not job.keep_hidden:
            if f is not None or text.strip():
                emptied.append(text if text.strip() else f"={f.text if f is not None else ''}")
            if f is not None and f.get("t") == "shared" and (f.text or "").strip():
                result.frozen_groups.add(f.get("si") or "")
            _empty(item.el)
        elif text.strip():
            note = _restyle_removals(job, item, text)
            if note is not None:
                result.removals.append(note)
    if emptied:
        result.emptied = True
        result.removals.append(
            Removal(_where(job), f"{len(emptied)} cell(s) in hidden rows or columns emptied", "\n".join(emptied)[:_MAX_SAMPLE])
        )
    elif any(item.hidden for item in cells) and job.keep_hidden:
        result.removals.append(Removal(_where(job), "hidden rows shown again (--keep-hidden)"))


def freeze_formulas(root: Element, name: str, changed: set[str], groups: set[str], names: set[str]) -> int:
    """Replace formulas reading ``changed`` sheets, other workbooks or removed defined ``names`` by their values.

    Returns how many were frozen.
    """
    uses_name = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")(?![\w.(])") if names else None
    cells = [c for c in root.iter() if local(c.tag) == "c" and child(c, "f") is not None]
    groups = set(groups)
    frozen = 0
    for cell in cells:
        f = child(cell, "f")
        formula = (f.text or "") if f is not None else ""
        if f is not None and formula.strip() and (reads_changed(formula, name, changed) or (uses_name and uses_name.search(formula))):
            if f.get("t") == "shared":
                groups.add(f.get("si") or "")
            _freeze(cell)
            frozen += 1
    for cell in cells:
        f = child(cell, "f")
        if f is not None and f.get("t") == "shared" and (f.get("si") or "") in groups:
            _freeze(cell)
            frozen += 1
    return frozen


def _drop_validations(root: Element, job: SheetJob, result: SheetResult) -> None:
    """Drop-down lists hold their choices (often names) or point into hidden ranges: remove every list validation."""
    box = child(root, "dataValidations")
    if box is None:
        return
    for dv in [d for d in box if local(d.tag) == "dataValidation" and d.get("type") == "list"]:
        formula = child(dv, "formula1")
        result.removals.append(
            Removal(_where(job), "drop-down list (data validation)", (formula.text or "") if formula is not None else "")
        )
        box.remove(dv)
    if len(box):
        box.set("count", str(len(box)))
    else:
        root.remove(box)


def _drop_hiding_rules(root: Element, job: SheetJob, result: SheetResult) -> None:
    """Conditional formats that paint text the colour of their own fill (the gate's judgement)."""
    for cf in [c for c in root if local(c.tag) == "conditionalFormatting"]:
        for rule in [r for r in cf if local(r.tag) == "cfRule"]:
            dxf = rule.get("dxfId") or ""
            font, fill = job.styles.dxfs[int(dxf)] if dxf.isdigit() and int(dxf) < len(job.styles.dxfs) else (None, None)
            if font and fill and hides(font, fill):
                cf.remove(rule)
                result.removals.append(Removal(_where(job), f"conditional format hiding text ({cf.get('sqref') or ''})"))
        if not any(local(r.tag) == "cfRule" for r in cf):
            root.remove(cf)


def _drop_drawn(root: Element, job: SheetJob, result: SheetResult) -> None:
    """Drawings (shapes, text boxes, pictures, charts), comment boxes, controls, embedded objects, printer settings."""
    for el in [e for e in root if local(e.tag) in _DRAWN]:
        root.remove(el)
    setup = child(root, "pageSetup")
    if setup is not None:
        for key in [k for k in setup.attrib if local(k) == "id"]:
            del setup.attrib[key]
    auto = child(root, "autoFilter")
    if auto is not None:
        for fc in [c for c in auto if local(c.tag) == "filterColumn"]:
            auto.remove(fc)
            result.removals.append(Removal(_where(job), "filter criteria (rows it hid were emptied or shown)"))
    ext = child(root, "extLst")
    if ext is not None:
        for item in list(ext):
            if any(rid_of(e) for e in item.iter()) or any(local(e.tag) == "dataValidations" for e in item.iter()):
                ext.remove(item)
        if not len(ext):
            root.remove(ext)
    for el in [e for e in root if local(e.tag) == "AlternateContent"]:  # Excel's wrapper around controls and objects
        root.remove(el)


def clean_sheet(root: Element, job: SheetJob) -> SheetResult:
    """Clean one worksheet tree in place (see the module's docstring)."""
    result = SheetResult()
    hidden_cols = _hidden_columns(root, job, result)
    _clean_cells(root, job, result, hidden_cols)
    _drop_validations(root, job, result)
    _drop_hiding_rules(root, job, result)
    _drop_drawn(root, job, result)
    return result


def referenced_ids(root: Element) -> set[str]:
    """Relationship ids the (cleaned) sheet still names; its other relationships are dropped."""
    return {rid for el in root.iter() if (rid := rid_of(el))}


def sheet_values(root: Element, shared: list[str]) -> list[str]:
    """Every filled cell's value (for the report of a removed sheet)."""
    return [t for c in root.iter() if local(c.tag) == "c" and (t := cell_text(c, shared)).strip()]
