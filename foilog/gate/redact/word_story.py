"""Cleaning one Word story (body, header, footer, notes, glossary) in its parsed XML tree.

The order matters: tracked changes are resolved first (accept all: what
stays is the final text), then comment anchors and embedded objects go, then
each remaining run is judged the way the gate judges it
(:func:`foilog.gate.attachments.word_format.judge`, with the same layers of
background: highlight, run shading, paragraph shading, cell shading, text-box
fill, page colour), so a run the gate would report is exactly a run removed.

Text under black highlighting or shading (a "redaction" made with the
highlighter) is replaced by one ``[redacted]`` marker per stretch, kept on the
black background but in white, so it still looks redacted and the gate, which
judges the marker like any other run, sees readable text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element, SubElement

from foilog.gate.attachments.image_people import text_names_someone
from foilog.gate.attachments.ooxml import attr, local
from foilog.gate.attachments.ooxml_colour import luminance
from foilog.gate.attachments.word_format import Formats, RunFormat, Verdict, judge
from foilog.gate.attachments.word_stores import drawing_colour, shape_fill, vml_fill
from foilog.gate.redact.model import Removal

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MARKER = "[redacted]"

#: Whole elements removed when all changes are accepted: deleted and moved-away content, and the
#: records of earlier formatting (accepting keeps the current formatting).
_DROPPED_CHANGES = frozenset(
    {
        "del", "moveFrom", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
        "tblGridChange", "numberingChange", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
        "moveToRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlInsRangeStart",
        "customXmlInsRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "cellIns", "cellMerge",
    }
)  # fmt: skip
#: Wrappers whose content stays (accepted insertions and moves, custom XML and smart tags around text).
_UNWRAPPED = frozenset({"ins", "moveTo", "customXml", "smartTag"})
_COMMENT_ANCHORS = frozenset({"commentRangeStart", "commentRangeEnd"})
_VML_SHAPES = frozenset({"shape", "rect", "roundrect", "oval"})
_VML = "{urn:schemas-microsoft-com:vml}"
#: ``w:rPr`` children that come after ``w:color`` in the schema's order (Word rejects them out of order).
_AFTER_COLOUR = frozenset(
    {
        "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
        "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
    }
)  # fmt: skip
#: A background darker than this (relative luminance) under unreadable text is a highlighter "redaction".
_DARK = 0.2


@dataclass
class StoryResult:
    """What cleaning a story removed, and notes for the officer."""

    removals: list[Removal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Table:
    style: str | None = None
    first_row: bool = False
    direct: str | None = None


@dataclass(frozen=True)
class _Where:
    """The background layers a run sits on (see :func:`foilog.gate.attachments.word_format.judge`)."""

    para_style: str | None = None
    para_shading: str | None = None
    table: _Table | None = None
    first_row: bool = False
    cell: str | None = None
    fill: str | None = None


def _text(el: Element) -> str:
    """The text a reader would have seen (or that was deleted) inside ``el``."""
    out: list[str] = []
    for sub in el.iter():
        tag = local(sub.tag)
        if tag in ("t", "delText", "instrText") and sub.text:
            out.append(sub.text)
        elif tag == "tab":
            out.append("\t")
    return "".join(out)


class StoryCleaner:
    """Cleans one story part in place; ``where`` names it in removals ("document body", "header"...)."""

    def __init__(self, root: Element, where: str, formats: Formats, *, behind: bool) -> None:
        self.root = root
        self.where = where
        self.formats = formats
        self.behind = behind
        self.result = StoryResult()
        self.parents: dict[Element, Element] = {}
        self._reindex()

    def _reindex(self) -> None:
        self.parents = {child: parent for parent in self.root.iter() for child in parent}

    def _remove(self, el: Element) -> None:
        parent = self.parents.get(el)
        if parent is not None:
            parent.remove(el)

    def _unwrap(self, el: Element) -> None:
        parent = self.parents.get(el)
        if parent is None:
            return
        index = list(parent).index(el)
        parent.remove(el)
        for offset, child in enumerate(list(el)):
            parent.insert(index + offset, child)
            self.parents[child] = parent

    def _note(self, what: str, text: str = "") -> None:
        self.result.removals.append(Removal(self.where, what, text))

    # -- tracked changes --------------------------------------------------------------------------

    def accept_changes(self) -> None:
        """Accept every tracked change: deletions and moves away go, insertions and moves here stay."""
        for row in [r for r in self.root.iter() if local(r.tag) == "tr" and _marked(r, "trPr", ("del",))]:
            self._note("deleted table row (tracked change)", _text(row))
            self._remove(row)
        for para in reversed([p for p in self.root.iter() if local(p.tag) == "p" and _mark_deleted(p)]):
            self._merge_with_next(para)
        self._reindex()
        for el in list(self.root.iter()):
            tag = local(el.tag)
            parent = self.parents.get(el)
            if parent is not None and local(parent.tag) == "rPr" and tag in ("ins", "del", "moveFrom", "moveTo"):
                self._remove(el)  # a paragraph mark's or run's own change record
            elif tag in _DROPPED_CHANGES:
                text = _text(el)
                if tag in ("del", "moveFrom"):
                    self._note("tracked deletion" if tag == "del" else "text moved elsewhere (tracked move)", text)
                self._remove(el)
        self._reindex()
        for el in [e for e in self.root.iter() if local(e.tag) in ("customXmlPr", "smartTagPr")]:
            self._remove(el)  # the wrappers' own properties would be out of place once unwrapped
        for el in [e for e in self.root.iter() if local(e.tag) in _UNWRAPPED]:
            self._unwrap(el)
        for el in [e for e in self.root.iter() if local(e.tag) == "delText"]:
            self._remove(el)  # delText outside a w:del (malformed, but its text must go too)
        self._reindex()

    def _merge_with_next(self, para: Element) -> None:
        """A deleted paragraph mark: this paragraph's content joins the start of the next one."""
        parent = self.parents.get(para)
        if parent is None:
            return
        siblings = list(parent)
        following = siblings[siblings.index(para) + 1 :]
        target = next((s for s in following if local(s.tag) == "p"), None)
        if target is None or any(local(s.tag) == "tbl" for s in following[: following.index(target)]):
            return  # the last paragraph of a cell or before a table keeps its mark (Word does the same)
        content = [c for c in para if local(c.tag) != "pPr"]
        start = 1 if len(target) and local(target[0].tag) == "pPr" else 0
        for offset, child in enumerate(content):
            para.remove(child)
            target.insert(start + offset, child)
            self.parents[child] = target
        parent.remove(para)

    # -- comments, objects, alt text ----------------------------------------------------------------

    def drop_comment_anchors(self) -> None:
        """Comment ranges and reference marks (the comments themselves go with their part)."""
        for el in [e for e in self.root.iter() if local(e.tag) in _COMMENT_ANCHORS]:
            self._remove(el)
        for ref in [e for e in self.root.iter() if local(e.tag) == "commentReference"]:
            run = self.parents.get(ref)
            self._remove(ref)
            if run is not None and local(run.tag) == "r" and all(local(c.tag) == "rPr" for c in run):
                self._remove(run)

    def drop_objects(self) -> None:
        """Embedded OLE objects and ActiveX controls in the text: the preview picture goes with them."""
        for el in [e for e in self.root.iter() if local(e.tag) in ("object", "control")]:
            parent = self.parents.get(el)
            if parent is None or local(parent.tag) not in ("r", "pict"):
                continue
            self._note("embedded object (OLE)" if local(el.tag) == "object" else "ActiveX control")
            self._remove(el)
        for el in [e for e in self.root.iter() if local(e.tag) == "dataBinding"]:
            self._remove(el)  # content controls bound to customXml data, which is removed

    def clear_alt_text(self, names: Callable[[str], bool] = text_names_someone) -> None:
        """Alt text (``descr``/``title`` of ``wp:docPr``, ``pic:cNvPr``, VML shapes) that names a person."""
        for el in self.root.iter():
            if local(el.tag) not in ("docPr", "cNvPr", "shape", "imagedata"):
                continue
            for key in list(el.attrib):
                if local(key) in ("descr", "title", "alt") and el.attrib[key].strip() and names(el.attrib[key]):
                    self._note("image alt text naming a person", el.attrib[key])
                    el.attrib[key] = ""

    def drop_rsids(self) -> None:
        """Revision-session ids: they tie edits to editing sessions, and nothing needs them."""
        for el in self.root.iter():
            for key in [k for k in el.attrib if local(k).startswith("rsid")]:
                del el.attrib[key]

    # -- hidden text --------------------------------------------------------------------------------

    def clean_runs(self) -> None:
        """Remove runs the gate would report as hidden; replace highlighter "redactions" by a marker."""
        self._walk(self.root, _Where())
        self._reindex()
        self._drop_emptied_hidden_paragraphs()

    def _drop_emptied_hidden_paragraphs(self) -> None:
        """A hidden paragraph (its mark hidden too) left empty goes whole, as Word would not show its line either.

        Kept when it carries a section break or is the only paragraph of its cell, note or text box (each needs one).
        """
        for para in [e for e in self.root.iter() if local(e.tag) == "p"]:
            ppr = next((c for c in para if local(c.tag) == "pPr"), None)
            rpr = next((c for c in ppr if local(c.tag) == "rPr"), None) if ppr is not None else None
            if rpr is None or not any(local(c.tag) == "vanish" for c in rpr) or any(local(c.tag) == "sectPr" for c in ppr or ()):
                continue
            if any(local(c.tag) not in ("pPr", "bookmarkStart", "bookmarkEnd", "proofErr") for c in para):
                continue
            parent = self.parents.get(para)
            if parent is not None and sum(1 for c in parent if local(c.tag) == "p") > 1:
                parent.remove(para)

    def _walk(self, el: Element, where: _Where) -> None:
        previous_marker: Element | None = None
        for child in list(el):
            tag = local(child.tag)
            if tag == "r" and not any(local(d.tag) == "txbxContent" for d in child.iter()):
                previous_marker = self._run(child, el, where, previous_marker)
                continue
            if tag not in ("rPr", "pPr", "bookmarkStart", "bookmarkEnd", "proofErr"):
                previous_marker = None
            inner = self._context(child, tag, where)
            if tag == "tbl":
                self._table(child, inner)
            else:
                self._walk(child, inner)

    def _context(self, el: Element, tag: str, where: _Where) -> _Where:
        if tag == "p":
            ppr = next((c for c in el if local(c.tag) == "pPr"), None)
            style = next((attr(c, "val") for c in ppr if local(c.tag) == "pStyle"), None) if ppr is not None else None
            shade = self.formats.shading_of(ppr) if ppr is not None else None
            return replace(where, para_style=style, para_shading=shade if shade is not None else self.formats.paragraph_shading(style))
        if tag == "wsp":
            sp_pr = next((c for c in el if local(c.tag) == "spPr"), None)
            fill = shape_fill(sp_pr, self.formats.theme) if sp_pr is not None else None
            if fill is None:
                ref = next((c for c in el.iter() if local(c.tag) == "fillRef"), None)
                fill = "" if ref is None or attr(ref, "idx") == "0" else drawing_colour(ref, self.formats.theme) or "?"
            return replace(where, fill=fill or where.fill)
        if tag in _VML_SHAPES and el.tag.startswith(_VML):
            return replace(where, fill=vml_fill(el) or where.fill)
        return where

    def _table(self, tbl: Element, where: _Where) -> None:
        table = _Table()
        tbl_pr = next((c for c in tbl if local(c.tag) == "tblPr"), None)
        for c in tbl_pr if tbl_pr is not None else ():
            if local(c.tag) == "tblStyle":
                table.style = attr(c, "val")
            elif local(c.tag) == "tblLook":
                val = attr(c, "val") or ""
                first = attr(c, "firstRow")
                table.first_row = first == "1" if first is not None else bool(val) and bool(int(val, 16) & 0x20)
        table.direct = self.formats.shading_of(tbl_pr) if tbl_pr is not None else None
        rows = 0
        for child in list(tbl):
            if local(child.tag) != "tr":
                self._walk(child, where)
                continue
            rows += 1
            tr_pr = next((c for c in child if local(c.tag) == "trPr"), None)
            header = tr_pr is not None and any(local(c.tag) == "tblHeader" for c in tr_pr)
            first_row = table.first_row and (rows == 1 or header)
            for cell in child:
                if local(cell.tag) != "tc":
                    self._walk(cell, where)
                    continue
                tc_pr = next((c for c in cell if local(c.tag) == "tcPr"), None)
                shade = self.formats.shading_of(tc_pr) if tc_pr is not None else None
                self._walk(cell, replace(where, table=table, first_row=first_row, cell=shade))

    def _verdict(self, run: Element, where: _Where) -> tuple[Verdict | None, str | None]:
        """The gate's verdict on a run, and the background colour that decided it."""
        rpr = next((c for c in run if local(c.tag) == "rPr"), None)
        direct = self.formats.run_format(rpr) if rpr is not None else RunFormat()
        table_run = None
        cell = where.cell
        if where.table is not None:
            conditions = ("wholeTable",) + (("firstRow",) if where.first_row else ())
            table_run, style_cell = self.formats.table_layers(where.table.style, conditions)
            cell = where.cell if where.cell is not None else style_cell if style_cell is not None else where.table.direct
        fmt = self.formats.effective(direct, where.para_style, table_run)
        page = "?" if self.behind else self.formats.page if self.formats.page != "FFFFFF" else None
        layers = (
            ("highlight", fmt.highlight),
            ("shading", fmt.shading),
            ("paragraph shading", where.para_shading),
            ("table cell shading", cell),
            ("text box fill", where.fill),
            ("page colour", page),
        )
        background = next((c for _, c in layers if c), None)
        return judge(fmt, layers), background

    def _run(self, run: Element, parent: Element, where: _Where, previous_marker: Element | None) -> Element | None:
        text = "".join(c.text or "" if local(c.tag) == "t" else "\t" if local(c.tag) == "tab" else "" for c in run)
        if not text:
            return previous_marker
        verdict, background = self._verdict(run, where)
        if verdict is None:
            return None
        redaction = verdict.rule == "docx-text-same-colour" and background not in (None, "?") and luminance(background) < _DARK
        if not text.strip():  # hidden spaces count for the gate too; between two redacted words they join one marker
            parent.remove(run)
            return previous_marker if redaction else None
        if not redaction:
            self._note(f"{verdict.reason} ({_RULE_WORDS.get(verdict.rule, verdict.rule)})", text)
            parent.remove(run)
            return None
        self._note("text under black highlighting or shading (replaced by [redacted])", text)
        if previous_marker is not None:
            parent.remove(run)
            return previous_marker
        _make_marker(run)
        return run


_RULE_WORDS = {"docx-hidden-text": "hidden text", "docx-text-tiny": "tiny text", "docx-text-same-colour": "invisible text"}


def _make_marker(run: Element) -> None:
    """Turn ``run`` into the ``[redacted]`` marker: its formatting kept (the black background), its text white."""
    rpr = next((c for c in run if local(c.tag) == "rPr"), None)
    for child in list(run):
        if child is not rpr:
            run.remove(child)
    if rpr is None:
        rpr = SubElement(run, f"{{{W}}}rPr")
    for colour in [c for c in rpr if local(c.tag) == "color"]:
        rpr.remove(colour)
    index = next((i for i, c in enumerate(rpr) if local(c.tag) in _AFTER_COLOUR), len(rpr))
    rpr.insert(index, Element(f"{{{W}}}color", {f"{{{W}}}val": "FFFFFF"}))
    t = SubElement(run, f"{{{W}}}t")
    t.text = MARKER


def _marked(el: Element, props: str, marks: tuple[str, ...]) -> bool:
    pr = next((c for c in el if local(c.tag) == props), None)
    return pr is not None and any(local(c.tag) in marks for c in pr)


def _mark_deleted(para: Element) -> bool:
    """A paragraph whose mark is a tracked deletion (``w:pPr/w:rPr/w:del``)."""
    ppr = next((c for c in para if local(c.tag) == "pPr"), None)
    rpr = next((c for c in ppr if local(c.tag) == "rPr"), None) if ppr is not None else None
    return rpr is not None and any(local(c.tag) in ("del", "moveFrom") for c in rpr)
