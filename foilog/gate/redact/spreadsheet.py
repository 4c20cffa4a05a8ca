"""The clean copy of an Excel workbook (.xlsx, .xlsm): what a reader cannot see is taken out (issue 20).

Spreadsheets caused the worst FOI breaches (a hidden sheet, a pivot cache
keeping deleted rows), and the fix officers apply by hand (hide, colour white,
delete the source sheet) is what leaks. The cleaner edits the OOXML package
directly (never through openpyxl, which drops features and rewrites styles):

* hidden and very hidden sheets are deleted (``keep_hidden``: shown); hidden,
  zero-size, collapsed and filtered-out rows and columns are emptied and shown,
  so that no cell moves (:mod:`.spreadsheet_sheet`);
* formulas reading removed or emptied cells are replaced by the values they showed;
* comments, threaded comments, their people, drawings (shapes, text boxes,
  pictures, charts), pivot caches (pivot tables keep their visible values as
  plain cells), external links, drop-down lists, hiding conditional formats,
  defined names pointing at removed sheets or holding text, custom properties,
  the author fields, printer settings, macros (VBA), thumbnails and parts
  nothing uses are removed;
* formats that hide text (text coloured like its fill, ``;;;``, type under 3 pt),
  as the gate judges them (:mod:`foilog.gate.attachments.spreadsheet_styles`),
  are reset so the text shows;
* the shared-string table is rebuilt from the cells that remain, so no removed
  text survives in it; ``[Content_Types].xml``, relationships, defined names,
  ``app.xml``'s list of sheets and the workbook's active tab are kept consistent.

With ``to_csv``, one CSV per remaining sheet comes back in ``Cleaned.extra``
(key: the sheet's name) with the values it displays (:mod:`.spreadsheet_csv`).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

from foilog.gate.attachments.ooxml import Package, local
from foilog.gate.attachments.spreadsheet_sizes import TINY_PT
from foilog.gate.attachments.spreadsheet_stores import defined_name_constant
from foilog.gate.attachments.spreadsheet_styles import Styles, read_styles
from foilog.gate.redact.model import CannotClean, Cleaned, RedactOptions, Removal
from foilog.gate.redact.spreadsheet_csv import sheet_csv
from foilog.gate.redact.spreadsheet_package import Parts, child, load, ns_of, rid_of
from foilog.gate.redact.spreadsheet_props import clean_properties
from foilog.gate.redact.spreadsheet_sheet import SheetJob, clean_sheet, freeze_formulas, referenced_ids, sheet_values

__all__ = ["clean"]

_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
#: Workbook relationships dropped with what they serve (the workbook's own elements naming them are removed too).
_WORKBOOK_DROP = frozenset(
    {
        "calcChain", "vbaProject", "customXml", "person", "externalLink", "pivotCacheDefinition", "revisionHeaders",
        "usernames", "slicerCache", "timelineCache", "worksheet", "chartsheet", "dialogsheet", "customProperty",
    }
)  # fmt: skip
#: Workbook elements that point at pivot caches, external links and other removed stores.
_WORKBOOK_ELEMENTS = frozenset({"pivotCaches", "externalReferences", "AlternateContent", "fileRecoveryPr"})
_SAMPLE = 2000


def clean(data: bytes, options: RedactOptions) -> Cleaned:
    """Return the clean copy of an .xlsx/.xlsm workbook; :class:`CannotClean` for .xls and unreadable files."""
    parts, pkg, _path, folder = load(data)
    try:
        with pkg:
            return _clean(parts, pkg, options)
    finally:
        folder.cleanup()


def _workbook_part(parts: Parts) -> str:
    target = next((r.target for r in parts.rels("") if r.type == "officeDocument"), "xl/workbook.xml")
    if not parts.has(target):
        raise CannotClean("the file has no workbook part, so it is not an Excel workbook; save it again from Excel as .xlsx")
    return target


def _shared_table(parts: Parts, target: str | None) -> tuple[Element | None, list[str]]:
    """The shared-string table's tree and each string's plain text (phonetic guides left out)."""
    root = parts.xml(target) if target else None
    texts: list[str] = []
    for si in root if root is not None else ():
        texts.append("".join(t.text or "" for t in si.iter() if local(t.tag) == "t" and not _in_phonetic(si, t)))
    return root, texts


def _in_phonetic(si: Element, t: Element) -> bool:
    return any(local(p.tag) == "rPh" and t in list(p) for p in si)


class _Cleaner:
    """One cleaning run: the package, the gate's reading of its styles, and the report being written."""

    def __init__(self, parts: Parts, pkg: Package, options: RedactOptions) -> None:
        self.parts = parts
        self.options = options
        self.removals: list[Removal] = []
        self.notes: list[str] = []
        self.wb_part = _workbook_part(parts)
        self.workbook = parts.xml(self.wb_part)
        assert self.workbook is not None
        self.wb_rels = {r.rid: r for r in parts.rels(self.wb_part)}
        by_type = {r.type: r.target for r in self.wb_rels.values()}
        self.styles_part = by_type.get("styles")
        self.styles: Styles = read_styles(pkg, self.styles_part)
        self.sst_part = by_type.get("sharedStrings")
        self.sst, self.shared = _shared_table(parts, self.sst_part)
        #: Defined names removed: formulas using them are frozen too.
        self.removed_names: set[str] = set()

    # -- sheets ---------------------------------------------------------------------------------

    def sheet_entries(self) -> list[tuple[Element, str, str, str]]:
        """(``<sheet>`` element, name, state, part) for every sheet, in tab order."""
        sheets = child(self.workbook, "sheets") if self.workbook is not None else None
        found = []
        for el in sheets if sheets is not None else ():
            rel = self.wb_rels.get(rid_of(el) or "")
            found.append((el, el.get("name") or "?", el.get("state") or "visible", rel.target if rel else ""))
        return found

    def remove_hidden_sheets(self) -> tuple[list[str], dict[int, int]]:
        """Delete (or show) hidden sheets; the names removed, and old tab index -> new tab index."""
        entries = self.sheet_entries()
        sheets = child(self.workbook, "sheets") if self.workbook is not None else None
        removed: list[str] = []
        index: dict[int, int] = {}
        for i, (el, name, state, target) in enumerate(entries):
            if state not in ("hidden", "veryHidden"):
                index[i] = len(index)
                continue
            how = "very hidden sheet" if state == "veryHidden" else "hidden sheet"
            if self.options.keep_hidden:
                el.attrib.pop("state", None)
                index[i] = len(index)
                self.removals.append(Removal(f"sheet '{name}'", f"{how} shown again (--keep-hidden)"))
                continue
            tree = self.parts.xml(target) if target and local(target).endswith(".xml") else None
            values = sheet_values(tree, self.shared) if tree is not None and local(tree.tag) == "worksheet" else []
            self.removals.append(Removal(f"sheet '{name}'", f"{how} deleted", "\n".join(values)[:_SAMPLE]))
            removed.append(name)
            if sheets is not None:
                sheets.remove(el)
        if not index:
            raise CannotClean(
                "every sheet of the workbook is hidden, so nothing would be left: unhide the sheets meant to be "
                "published (or run foilog redact with --keep-hidden) and try again"
            )
        return removed, index

    def clean_sheets(self, removed: list[str]) -> dict[str, Element]:
        """Clean every remaining worksheet; their trees by sheet name."""
        entries = [(n, t) for _, n, _, t in self.sheet_entries() if t and self.parts.has(t)]
        trees = {n: self.parts.xml(t) for n, t in entries}
        worksheets = {n: tree for n, tree in trees.items() if tree is not None and local(tree.tag) == "worksheet"}
        changed = set(removed)
        tiny = {i for i, size in self.styles.sizes.items() if size < TINY_PT}
        results = {}
        for name, tree in worksheets.items():
            job = SheetJob(name, self.options.keep_hidden, self.shared, self.styles, tiny)
            results[name] = clean_sheet(tree, job)
            if results[name].emptied:
                changed.add(name)
        # Formulas are frozen once every sheet is cleaned: one may read a sheet emptied after it in tab order.
        for name, tree in worksheets.items():
            frozen = freeze_formulas(tree, name, changed, results[name].frozen_groups, self.removed_names)
            if frozen:
                results[name].removals.append(
                    Removal(f"sheet '{name}'", f"{frozen} formula(s) reading removed or emptied cells replaced by their values")
                )
            self.removals.extend(results[name].removals)
        for name, target in entries:
            sheet = worksheets.get(name)
            if sheet is not None:
                self._drop_sheet_stores(name, target, sheet)
        return worksheets

    def _drop_sheet_stores(self, name: str, target: str, tree: Element) -> None:
        """Drop the sheet's relationships its XML no longer names: comments, drawings, pivot tables, printer settings."""
        keep = referenced_ids(tree)
        rels = self.parts.rels(target)
        gone = [r for r in rels if r.rid not in keep]
        for rel in gone:
            if rel.type == "comments" and self.parts.has(rel.target):
                texts = ["".join(c.itertext()) for c in (self.parts.xml(rel.target) or Element("x")).iter() if local(c.tag) == "comment"]
                self.removals.append(Removal(f"sheet '{name}'", f"{len(texts)} comment(s)", "\n".join(texts)[:_SAMPLE]))
            elif rel.type == "threadedComment" and self.parts.has(rel.target):
                root = self.parts.xml(rel.target)
                texts = [e.text or "" for e in (root.iter() if root is not None else ()) if local(e.tag) == "text"]
                self.removals.append(Removal(f"sheet '{name}'", f"{len(texts)} threaded comment(s)", "\n".join(texts)[:_SAMPLE]))
            elif rel.type == "drawing" and self.parts.has(rel.target):
                root = self.parts.xml(rel.target)
                text = " ".join(t.text or "" for t in (root.iter() if root is not None else ()) if local(t.tag) == "t")
                self.removals.append(Removal(f"sheet '{name}'", "drawing (shapes, text boxes, pictures or charts)", text[:_SAMPLE]))
            elif rel.type == "pivotTable":
                self.removals.append(Removal(f"sheet '{name}'", "pivot table (its values stay as plain cells)"))
            elif rel.type in ("vmlDrawing", "printerSettings", "ctrlProp", "oleObject", "package", "control"):
                self.removals.append(Removal(f"sheet '{name}'", {"vmlDrawing": "comment boxes (VML drawing)"}.get(rel.type, rel.type)))
        self.parts.remove_rels(target, {r.rid for r in gone})

    # -- workbook -------------------------------------------------------------------------------

    def clean_workbook(self, removed: list[str], index: dict[int, int]) -> None:
        """Defined names, links to stores, views; then the workbook's relationships that nothing names."""
        wb = self.workbook
        assert wb is not None
        for el in [e for e in wb if local(e.tag) in _WORKBOOK_ELEMENTS]:
            if local(el.tag) == "pivotCaches":
                self.removals.append(Removal("workbook", f"{len(el)} pivot cache(s) (the copy of the source data)"))
            elif local(el.tag) == "externalReferences":
                self.removals.append(Removal("workbook", f"{len(el)} link(s) to other workbooks and their cached values"))
            wb.remove(el)
        sharing = child(wb, "fileSharing")
        if sharing is not None and sharing.get("userName"):
            self.removals.append(Removal("workbook", "name of the person who reserved the file", sharing.get("userName") or ""))
            del sharing.attrib["userName"]
        ext = child(wb, "extLst")
        if ext is not None:
            for item in [i for i in ext if any(rid_of(e) for e in i.iter())]:
                ext.remove(item)
            if not len(ext):
                wb.remove(ext)
        self._defined_names(removed, index)
        views = child(wb, "bookViews")
        for view in views if views is not None else ():
            for key in ("activeTab", "firstSheet"):
                value = view.get(key) or "0"
                if value.isdigit():
                    view.set(key, str(index.get(int(value), 0)))
        names = {rid for e in wb.iter() if (rid := rid_of(e))}
        drop = {r.rid for r in self.wb_rels.values() if r.rid not in names and r.type in _WORKBOOK_DROP}
        for rel in self.wb_rels.values():
            if rel.rid in drop and rel.type in ("vbaProject", "customXml", "person", "calcChain"):
                what = {"vbaProject": "macros (VBA project)", "customXml": "custom XML data", "person": "list of comment authors"}
                self.removals.append(Removal("workbook", what.get(rel.type, "calculation chain (rebuilt by Excel)")))
        self.parts.remove_rels(self.wb_part, drop)

    def _defined_names(self, removed: list[str], index: dict[int, int]) -> None:
        wb = self.workbook
        box = child(wb, "definedNames") if wb is not None else None
        if box is None or wb is None:
            return
        for el in list(box):
            name, formula = el.get("name") or "", el.text or ""
            local_id = el.get("localSheetId")
            why = None
            if local_id is not None and local_id.isdigit():
                if int(local_id) not in index:
                    why = "scoped to a removed sheet"
                else:
                    el.set("localSheetId", str(index[int(local_id)]))
            if why is None and (any(f"{s}!" in formula or f"'{s.replace(chr(39), chr(39) * 2)}'!" in formula for s in removed)):
                why = "points at a removed sheet"
            if why is None and ("[" in formula or "#REF!" in formula):
                why = "points at another workbook or nowhere"
            if why is None and not name.startswith("_xlnm.") and el.get("hidden") in ("1", "true"):
                why = "hidden name"
            if why is None and defined_name_constant("", name, formula, []) is not None:
                why = "holds text no cell shows"
            if why is not None:
                box.remove(el)
                self.removed_names.add(name)
                self.removals.append(Removal("workbook", f"defined name '{name}' ({why})", formula))
        if not len(box):
            wb.remove(box)

    # -- styles and strings ---------------------------------------------------------------------

    def reset_hiding_styles(self) -> None:
        """Give every cell format that hides its text a readable font, no fill and the General number format."""
        root = self.parts.xml(self.styles_part) if self.styles_part else None
        if root is None:
            return
        tiny = {i for i, size in self.styles.sizes.items() if size < TINY_PT}
        bad = set(self.styles.hidden_text) | self.styles.blank_format | tiny
        if not bad:
            return
        fonts, fills, xfs = child(root, "fonts"), child(root, "fills"), child(root, "cellXfs")
        if xfs is None or fonts is None:
            return
        if fills is None:
            fills = _insert_after(root, fonts, "fills")
        ns = ns_of(root)
        clear_fill = SubElement(fills, ns + "fill")
        SubElement(clear_fill, ns + "patternFill", {"patternType": "none"})
        fills.set("count", str(len(fills)))
        new_fonts: dict[int, int] = {}
        for i, xf in enumerate(list(xfs)):
            if i not in bad:
                continue
            if i in self.styles.hidden_text or i in tiny:
                old = int(xf.get("fontId") or 0) if (xf.get("fontId") or "0").isdigit() else 0
                if old not in new_fonts:
                    new_fonts[old] = _readable_font(fonts, old)
                xf.set("fontId", str(new_fonts[old]))
                xf.set("applyFont", "1")
            if i in self.styles.hidden_text:
                xf.set("fillId", str(len(fills) - 1))
                xf.set("applyFill", "1")
            if i in self.styles.blank_format:
                xf.set("numFmtId", "0")
        fonts.set("count", str(len(fonts)))

    def rebuild_shared_strings(self, sheets: dict[str, Element]) -> None:
        """Keep only the strings cells still use (renumbered), so removed text leaves the table."""
        if self.sst is None:
            return
        items = list(self.sst)
        used: dict[int, int] = {}
        count = 0
        for tree in sheets.values():
            for cell in tree.iter():
                if local(cell.tag) != "c" or cell.get("t") != "s":
                    continue
                v = child(cell, "v")
                if v is None or not (v.text or "").strip().isdigit() or int((v.text or "").strip()) >= len(items):
                    continue
                old = int((v.text or "").strip())
                v.text = str(used.setdefault(old, len(used)))
                count += 1
        for item in items:
            self.sst.remove(item)
        for old in used:
            self.sst.append(items[old])
        for size in self.sst.iter():
            if local(size.tag) == "sz" and _is_number(size.get("val")) and float(size.get("val") or 0) < TINY_PT:
                size.set("val", "11")
        self.sst.set("count", str(count))
        self.sst.set("uniqueCount", str(len(used)))
        self.shared = [self.shared[old] for old in used]

    # -- package --------------------------------------------------------------------------------

    def finish_package(self) -> None:
        """Drop macros, custom properties and parts nothing uses; fix content types for a macro-free workbook."""
        types = self.parts.xml("[Content_Types].xml")
        for el in types if types is not None else ():
            if (el.get("ContentType") or "") == _MACRO_MAIN:
                el.set("ContentType", _XLSX_MAIN)
                self.notes.append("the workbook's macros were removed: save the copy with the .xlsx extension")
        dropped = self.parts.collect_garbage()
        expected = re.compile(
            r"xl/(worksheets|drawings|comments|threadedComments|persons|pivot|externalLinks|media|charts|printerSettings|vba|activeX|ctrlProps|embeddings|calcChain|customXml|theme)|docProps/|customXml/",
            re.I,
        )
        stray = [d for d in dropped if not expected.match(d)]
        if stray:
            self.removals.append(Removal("workbook", f"{len(stray)} part(s) nothing in the file used", ", ".join(stray)[:_SAMPLE]))


def _insert_after(root: Element, anchor: Element, name: str) -> Element:
    el = Element(ns_of(root) + name, {"count": "0"})
    root.insert(list(root).index(anchor) + 1, el)
    return el


def _readable_font(fonts: Element, old: int) -> int:
    """Append a copy of font ``old`` in black (automatic colours can be themed away) at a readable size; its index."""
    ns = ns_of(fonts)
    source = fonts[old] if old < len(fonts) else Element(ns + "font")
    font = Element(ns + "font")
    for part in source:
        if local(part.tag) not in ("color", "sz", "vertAlign"):
            font.append(part)
    size = child(source, "sz")
    value = float(size.get("val") or 11) if size is not None and _is_number(size.get("val")) else 11.0
    # Schema order: b i strike condense extend outline shadow u vertAlign sz color name family charset scheme.
    names = [local(p.tag) for p in font]
    at = next((i for i, n in enumerate(names) if n in ("name", "family", "charset", "scheme")), len(names))
    font.insert(at, Element(ns + "color", {"rgb": "FF000000"}))
    font.insert(at, Element(ns + "sz", {"val": f"{value if value >= TINY_PT else 11.0:g}"}))
    fonts.append(font)
    return len(fonts) - 1


def _is_number(value: str | None) -> bool:
    try:
        float(value or "")
    except ValueError:
        return False
    return True


def _clean(parts: Parts, pkg: Package, options: RedactOptions) -> Cleaned:
    cleaner = _Cleaner(parts, pkg, options)
    removed, index = cleaner.remove_hidden_sheets()
    cleaner.clean_workbook(removed, index)
    sheets = cleaner.clean_sheets(removed)
    cleaner.reset_hiding_styles()
    cleaner.rebuild_shared_strings(sheets)
    visible = [name for _, name, _, _ in cleaner.sheet_entries()]
    cleaner.removals.extend(clean_properties(parts, visible))
    cleaner.finish_package()
    extra: dict[str, bytes] = {}
    if options.to_csv:
        date1904 = any(local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true") for e in cleaner.workbook or ())
        styles_root = parts.xml(cleaner.styles_part) if cleaner.styles_part else None
        for name, tree in sheets.items():
            if name in visible:
                extra[name] = sheet_csv(tree, cleaner.shared, styles_root, date1904=date1904)
    return Cleaned(parts.to_bytes(), tuple(cleaner.removals), tuple(dict.fromkeys(cleaner.notes)), extra)
