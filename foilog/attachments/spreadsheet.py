"""Hidden content in .xlsx workbooks, read straight from the OOXML parts.

Spreadsheets caused the worst FOI breaches: hidden sheets (PSNI 2023),
pivot caches keeping the source rows after the source sheet was deleted
(Islington 2012). openpyxl drops several of these stores (pivot caches,
threaded comments, external-link caches), so sheets are streamed with
defused ``iterparse`` instead: memory stays flat on big sheets and nothing
the file holds is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from foilog.findings import Severity

from ._common import FileRefused, Inspection, TextBudget, hidden, plural, property_finding
from ._model import Limits
from .ooxml import Package, attr, check_media, is_true, local

_SAMPLE = 5
_FIX_HIDDEN_SHEET = "delete the hidden sheet and save a clean copy, or publish CSV"
_FIX_CELLS = "delete the data you did not mean to release (not just hide it) and save a clean copy, or publish CSV"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_WHITE = {"FFFFFF", "theme:0", "indexed:9", "indexed:1"}


def col_index(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _colour(el: Element | None) -> str | None:
    """Normalise a <color>/<fgColor> to ``RRGGBB``, ``theme:N`` or ``indexed:N``."""
    if el is None:
        return None
    tint = float(el.get("tint") or 0)
    if el.get("rgb"):
        rgb = el.get("rgb", "").upper()
        return rgb[-6:] if len(rgb) >= 6 else None
    if el.get("theme") is not None and abs(tint) < 0.1:
        return f"theme:{el.get('theme')}"
    if el.get("indexed") is not None:
        return f"indexed:{el.get('indexed')}"
    return None


def _hides_everything(code: str) -> bool:
    """True for number formats like ``;;;`` whose every section is empty."""
    sections, current, quoted = [], "", False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return len(sections) >= 3 and all(not s.strip() for s in sections)


@dataclass
class _Styles:
    white_text: set[int] = field(default_factory=set)  # xf indexes whose text is invisible
    blank_format: set[int] = field(default_factory=set)  # xf indexes using ;;; formats


def _styles(pkg: Package, target: str | None) -> _Styles:
    styles = _Styles()
    root = pkg.xml(target) if target else None
    if root is None:
        return styles
    formats: dict[str, str] = {}
    fonts: list[str | None] = []
    fills: list[str | None] = []
    xfs: list[Element] = []
    for child in root:
        name = local(child.tag)
        if name == "numFmts":
            formats = {f.get("numFmtId", ""): f.get("formatCode", "") for f in child}
        elif name == "fonts":
            for font in child:
                colour = next((c for c in font if local(c.tag) == "color"), None)
                fonts.append(_colour(colour))
        elif name == "fills":
            for fill in child:
                pattern = next((p for p in fill if local(p.tag) == "patternFill"), None)
                if pattern is not None and pattern.get("patternType") == "solid":
                    fg = next((c for c in pattern if local(c.tag) == "fgColor"), None)
                    fills.append(_colour(fg) or "000000")
                else:
                    fills.append(None)
        elif name == "cellXfs":
            xfs = list(child)
    for i, xf in enumerate(xfs):
        font = fonts[int(xf.get("fontId", 0))] if int(xf.get("fontId", 0)) < len(fonts) else None
        fill = fills[int(xf.get("fillId", 0))] if int(xf.get("fillId", 0)) < len(fills) else None
        if font is not None and (font == fill or (font in _WHITE and (fill is None or fill in _WHITE))):
            styles.white_text.add(i)
        if _hides_everything(formats.get(xf.get("numFmtId", ""), "")):
            styles.blank_format.add(i)
    return styles


def _shared_strings(pkg: Package, target: str | None, budget: TextBudget) -> list[str]:
    strings: list[str] = []
    if not target or not pkg.has(target):
        return strings
    parts: list[str] = []
    for event, el in pkg.iterparse(target):
        tag = local(el.tag)
        if event == "end" and tag == "t" and el.text:
            parts.append(el.text)
        elif event == "end" and tag == "si":
            strings.append(budget.take("".join(parts)))
            parts = []
            el.clear()
    return strings


@dataclass
class _Hidden:
    """Cells found in one hiding place, with a few sample values for the excerpt."""

    count: int = 0
    samples: list[str] = field(default_factory=list)
    places: set[int] = field(default_factory=set)

    def add(self, value: str, place: int = 0) -> None:
        self.count += 1
        self.places.add(place)
        if len(self.samples) < _SAMPLE:
            self.samples.append(value)


@dataclass
class _Sheet:
    text: str = ""
    cells: int = 0
    samples: list[str] = field(default_factory=list)
    rows: _Hidden = field(default_factory=_Hidden)
    cols: _Hidden = field(default_factory=_Hidden)
    white: _Hidden = field(default_factory=_Hidden)
    blank: _Hidden = field(default_factory=_Hidden)
    #: One entry per line of ``text`` (see ``AttachmentReport.locations``).
    locations: list[str] = field(default_factory=list)
    #: Hidden (or zero-height) rows, hidden (or zero-width) column ranges, and whether rows are hidden by default.
    hidden_rows: set[int] = field(default_factory=set)
    hidden_col_ranges: list[tuple[int, int]] = field(default_factory=list)
    rows_hidden_by_default: bool = False


def _read_sheet(pkg: Package, target: str, shared: list[str], styles: _Styles, budget: TextBudget, name: str = "") -> _Sheet:
    sheet = _Sheet()
    row_cols: list[str] = []
    hidden_cols: list[tuple[int, int]] = []
    rows_hidden_by_default = False
    lines: list[str] = []
    row_cells: list[str] = []
    row_hidden = False
    row_no = 0
    col_no = 0
    cell: dict[str, str | None] = {}
    inline: list[str] = []
    parent: Element | None = None
    for event, el in pkg.iterparse(target):
        tag = local(el.tag)
        if event == "start":
            if tag == "row":
                row_no = int(el.get("r") or row_no + 1)
                col_no = 0
                ht = el.get("ht")
                row_hidden = (
                    is_true(el.get("hidden"))
                    or (ht is not None and float(ht) < 0.5)
                    or (rows_hidden_by_default and not is_true(el.get("customHeight")))
                )
                if row_hidden:
                    sheet.hidden_rows.add(row_no)
            elif tag == "sheetData":
                parent = el
            continue
        if tag == "sheetFormatPr":
            rows_hidden_by_default = is_true(el.get("zeroHeight"))
        elif tag == "col":
            width = el.get("width")
            if is_true(el.get("hidden")) or (width is not None and float(width) < 0.5):
                hidden_cols.append((int(el.get("min", 0)), int(el.get("max", 0))))
        elif tag == "v":
            cell["v"] = el.text
        elif tag == "t":
            inline.append(el.text or "")
        elif tag == "c":
            ref = _CELL_REF.match(el.get("r") or "")
            col_no = col_index(ref.group(1)) if ref else col_no + 1
            kind = el.get("t")
            raw = cell.get("v")
            if kind == "s" and raw is not None and raw.isdigit() and int(raw) < len(shared):
                value = shared[int(raw)]
            elif kind == "inlineStr":
                value = "".join(inline)
            elif kind == "b" and raw is not None:
                value = "TRUE" if raw == "1" else "FALSE"
            else:
                value = raw or ""
            cell, inline = {}, []
            if value.strip():
                sheet.cells += 1
                row_cells.append(value)
                row_cols.append(col_letters(col_no))
                if len(sheet.samples) < _SAMPLE:
                    sheet.samples.append(value)
                style = int(el.get("s") or 0)
                if row_hidden:
                    sheet.rows.add(value, row_no)
                if any(lo <= col_no <= hi for lo, hi in hidden_cols):
                    sheet.cols.add(value, col_no)
                if style in styles.white_text:
                    sheet.white.add(value)
                if style in styles.blank_format:
                    sheet.blank.add(value)
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
    sheet.hidden_col_ranges = hidden_cols
    sheet.rows_hidden_by_default = rows_hidden_by_default
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
        rows_bounded = r0 is not None and r1 is not None
        cols_bounded = c0 is not None and c1 is not None
        rows = sorted(r for r in sheet.hidden_rows if rows_bounded and min(r0, r1) <= r <= max(r0, r1))  # type: ignore[type-var]
        cols = (
            [(max(lo, min(c0, c1)), min(hi, max(c0, c1))) for lo, hi in sheet.hidden_col_ranges if lo <= max(c0, c1) and hi >= min(c0, c1)]  # type: ignore[type-var]
            if cols_bounded
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
    if sheet.white.count:
        out.findings.append(
            hidden(
                path,
                "xlsx-white-text",
                f"{where} has {plural(sheet.white.count, 'cell')} whose text is the same colour as its "
                f"background (e.g. white on white); {_FIX_CELLS}",
                values=sheet.white.samples,
                extra={"sheet": name},
            )
        )
    if sheet.blank.count:
        out.findings.append(
            hidden(
                path,
                "xlsx-hidden-number-format",
                f"{where} has {plural(sheet.blank.count, 'cell')} formatted with ';;;', which shows "
                f"nothing but keeps the value; {_FIX_CELLS}",
                values=sheet.blank.samples,
                extra={"sheet": name},
            )
        )


def _comments(pkg: Package, out: Inspection, path: str, budget: TextBudget, store: list[str]) -> None:
    texts: list[str] = []
    authors: set[str] = set()
    for part in pkg.names:
        low = part.lower()
        if re.fullmatch(r"xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml", low):
            root = pkg.xml(part)
            for el in root.iter() if root is not None else ():
                if local(el.tag) == "author" and el.text:
                    authors.add(el.text)
                elif local(el.tag) == "comment":
                    texts.append("".join(el.itertext()))
        elif low.startswith("xl/threadedcomments/") and low.endswith(".xml"):
            root = pkg.xml(part)
            for el in root.iter() if root is not None else ():
                if local(el.tag) == "text":
                    texts.append(el.text or "")
        elif low.startswith("xl/persons/") and low.endswith(".xml"):
            root = pkg.xml(part)
            for el in root.iter() if root is not None else ():
                if el.get("displayName"):
                    authors.add(el.get("displayName", ""))
    texts = [t for t in texts if t.strip()]
    if texts or authors:
        store.extend(budget.take(t) for t in texts)
        out.metadata.extend(("comment author", a) for a in sorted(authors))
        out.findings.append(
            hidden(
                path,
                "xlsx-comments",
                f"the workbook has {plural(len(texts), 'comment')} by {plural(len(authors), 'named author')}; "
                "comments are hidden until hovered over and name their authors: delete them and save "
                "a clean copy, or publish CSV",
                values=texts or sorted(authors),
            )
        )


def _pivot_caches(pkg: Package, out: Inspection, path: str, sheets: set[str], budget: TextBudget, store: list[str]) -> None:
    parts = [n for n in pkg.names if n.lower().startswith("xl/pivotcache/") and n.lower().endswith(".xml")]
    if not parts:
        return
    values: list[str] = []
    records = 0
    orphaned = set()
    for part in sorted(parts):
        for event, el in pkg.iterparse(part):
            if event != "end":
                continue
            tag = local(el.tag)
            if tag == "r":
                records += 1
                el.clear()
            elif tag in ("s", "d") and el.get("v"):
                values.append(budget.take(el.get("v", "")))
            elif tag == "cacheField" and el.get("name"):
                values.append(budget.take(el.get("name", "")))
            elif tag == "worksheetSource" and el.get("sheet") and el.get("sheet") not in sheets:
                orphaned.add(el.get("sheet", ""))
    store.append("\n".join(values))
    gone = f" (its source sheet '{sorted(orphaned)[0]}' is no longer in the workbook, but the data is)" if orphaned else ""
    out.findings.append(
        hidden(
            path,
            "xlsx-pivot-cache",
            f"the workbook keeps a pivot-table cache with {plural(records, 'source record')} and "
            f"{plural(len(values), 'stored value')}{gone}; the cache holds a copy of the source data even "
            "when it is not shown: delete the pivot table and its source and save a clean copy, "
            "or publish the summary as CSV",
            values=values,
        )
    )


def _external_links(pkg: Package, out: Inspection, path: str, store: list[str]) -> None:
    for part in sorted(n for n in pkg.names if re.fullmatch(r"xl/externalLinks/[^/]+\.xml", n)):
        targets = [t for _, t, ext in pkg.rels(part).values() if ext]
        root = pkg.xml(part)
        cached = [el.text or "" for el in (root.iter() if root is not None else ()) if local(el.tag) == "v"]
        cached = [c for c in cached if c.strip()]
        store.extend(cached)
        out.findings.append(
            hidden(
                path,
                "xlsx-external-link",
                "the workbook links to another file"
                + (f" and keeps {plural(len(cached), 'cached value')} from it" if cached else "")
                + "; the link reveals file paths (often with user names) and the cache holds data from "
                "the other file: break the links (Data > Edit Links > Break Link) and save a clean copy",
                severity=Severity.ERROR if cached else Severity.WARNING,
                values=targets + cached,
            )
        )


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
        styles = _styles(pkg, by_type.get("styles"))
        shared = _shared_strings(pkg, by_type.get("sharedStrings"), budget)
        sheets: list[tuple[str, str, str]] = []  # name, state, target
        names: list[Element] = []
        for el in workbook.iter():
            if local(el.tag) == "sheet":
                rid = attr(el, "id") or ""
                target = rels.get(rid, ("", "", False))[1]
                sheets.append((el.get("name", "?"), el.get("state", "visible"), target))
            elif local(el.tag) == "definedName":
                names.append(el)
        hidden_names = {n for n, state, _ in sheets if state in ("hidden", "veryHidden")}
        read: dict[str, _Sheet] = {}
        for name, state, target in sheets:
            sheet = _read_sheet(pkg, target, shared, styles, budget, name) if pkg.has(target) else _Sheet()
            read[name] = sheet
            out.text_pages.append(sheet.text)
            out.locations.append(sheet.locations)
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
        store: list[str] = []
        _comments(pkg, out, display, budget, store)
        _pivot_caches(pkg, out, display, {n for n, _, _ in sheets}, budget, store)
        _external_links(pkg, out, display, store)
        if any(s.strip() for s in store):
            out.text_pages.append("\n".join(s for s in store if s.strip()))
            out.locations.append(["comments, pivot caches or external links (not on any sheet)"] * (out.text_pages[-1].count("\n") + 1))
        check_media(pkg, out, display, "xl/")
        props = pkg.properties()
        out.metadata.extend(props)
        found = property_finding(display, "xlsx-properties", props, fix="clear them (File > Info > Check for Issues > Inspect Document)")
        if found:
            out.findings.append(found)
    return out
