"""Reading a Word story (body, header, footer, notes) run by run, with what each run looks like.

One streaming pass over the part's XML keeps, on stacks, the state that
decides how a run is drawn: its paragraph (style, shading), the table cell it
sits in (the table's style, header-row formatting, the cell's shading), the
text box around it (its fill), and the run's own properties. Each run is then
judged by :func:`.word_format.judge`; text a reader cannot see goes to
``hidden`` instead of ``text``, with the paragraph it sits in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from foilog.gate.attachments._common import TextBudget
from foilog.gate.attachments.ooxml import Package, attr, local
from foilog.gate.attachments.word_format import DEFAULT_HALF_POINTS, Formats, RunFormat, Verdict, judge
from foilog.gate.attachments.word_shapes import Cover, Layout, anchored_shape, vml_shape
from foilog.gate.attachments.word_stores import drawing_colour, shape_fill, vml_fill

CHANGES = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move"}
_VML_SHAPES = {"shape", "rect", "roundrect", "oval"}


@dataclass
class Passage:
    """Consecutive hidden runs of one paragraph, hidden the same way."""

    rule: str
    reason: str
    place: str
    text: str


@dataclass
class Story:
    """What the stories of a document hold, in reading order."""

    text: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    hidden: list[Passage] = field(default_factory=list)
    changes: int = 0
    authors: set[str] = field(default_factory=set)
    #: Where each line of ``text`` is ("paragraph 12", "header paragraph 1"), one per line break.
    lines: list[str] = field(default_factory=list)
    #: (where, text) of text kept where no reader sees it: whole paragraphs holding hidden runs.
    stored: list[tuple[str, str]] = field(default_factory=list)
    #: (where, text) of image alternative text: read aloud by screen readers, so published.
    alt_text: list[tuple[str, str]] = field(default_factory=list)
    #: Field codes (``w:instrText``: ``HYPERLINK "mailto:..."``, ``MERGEFIELD``...), seen only with field codes shown.
    fields: list[str] = field(default_factory=list)
    #: altChunk relationship ids in reading order, with the paragraph they stand at.
    chunks: list[tuple[str, str]] = field(default_factory=list)
    #: Floating shapes and pictures in front of the body's text (:mod:`.word_shapes`).
    covers: list[Cover] = field(default_factory=list)


@dataclass
class _Para:
    style: str | None = None
    shading: str | None = None
    text: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    number: int = 0
    #: Largest font size of its runs (half-points), its properties and a page break before it: for the layout estimate.
    size: int = 0
    ppr: Element | None = None
    page_break: bool = False


@dataclass
class _Table:
    style: str | None = None
    first_row: bool = False
    rows: int = 0
    header_row: bool = False
    cell: str | None = None
    direct: str | None = None  # tblPr/shd


def part_label(part: str) -> str:
    """How paragraphs of a part are named in messages: "paragraph", "footer paragraph"..."""
    name = part.rsplit("/", 1)[-1].removesuffix(".xml")
    if name == "document":
        return "glossary paragraph" if "glossary" in part else "paragraph"
    base = "".join(c for c in name if not c.isdigit()).rstrip("s")
    return f"{base} paragraph"


def read_story(pkg: Package, part: str, formats: Formats, story: Story, budget: TextBudget, *, shown: bool = True) -> None:
    """Stream ``part`` into ``story``. ``shown=False`` (glossary building blocks): all its text is stored, not shown."""
    stack: list[str] = []
    runs: list[RunFormat] = []
    paras: list[_Para] = []
    tables: list[_Table] = []
    fills: list[str | None] = []  # text box fills, nearest last: RGB, "" none, "?" unknown, None not yet known
    label = part_label(part)
    number = 0
    alt_seen: set[tuple[str, str]] = set()
    fallback = 0  # depth inside mc:Fallback
    behind, floating = _artwork(pkg, part)
    layout = Layout() if floating and shown and label == "paragraph" else None
    rels = pkg.rels(part) if layout is not None else {}

    def place() -> str:
        return f"{label} {max(number, 1)}"

    def end_line() -> None:
        story.text.append("\n")
        story.lines.append(place())

    def add_text(text: str) -> None:
        para = paras[-1] if paras else None
        if para is not None:
            para.text.append(text)
            if layout is not None:
                size = formats.effective(runs[-1] if runs else RunFormat(), para.style).size or DEFAULT_HALF_POINTS
                para.size = max(para.size, size)
        if not shown:
            return
        verdict = _judge_run(formats, runs[-1] if runs else RunFormat(), para, tables, fills, behind)
        if verdict is None:
            story.text.append(text)
            return
        if para is not None:
            para.reasons.append(verdict.reason)
        last = story.hidden[-1] if story.hidden else None
        if last and (last.rule, last.reason, last.place) == (verdict.rule, verdict.reason, place()):
            last.text += text
        else:
            story.hidden.append(Passage(verdict.rule, verdict.reason, place(), text))

    for event, el in pkg.iterparse(part):
        tag = local(el.tag)
        if event == "start":
            stack.append(tag)
            if tag == "Fallback":
                fallback += 1
            if fallback:
                continue  # mc:Fallback repeats the mc:Choice content (VML copies of text boxes) for old readers
            if tag == "r":
                runs.append(RunFormat())
            elif tag == "p":
                number += 1
                paras.append(_Para(number=number))
            elif tag == "tbl":
                tables.append(_Table())
            elif tag == "tr" and tables:
                tables[-1].rows += 1
                tables[-1].header_row = False
            elif tag == "tc" and tables:
                tables[-1].cell = None
            elif tag == "wsp":
                fills.append(None)
            elif tag in _VML_SHAPES and any(s == "pict" for s in stack):
                fills.append(vml_fill(el))
            elif tag in CHANGES:
                story.changes += 1
                if attr(el, "author"):
                    story.authors.add(attr(el, "author") or "")
            elif tag == "altChunk" and attr(el, "id"):
                story.chunks.append((attr(el, "id") or "", place()))
            continue
        stack.pop()
        if fallback:
            if tag == "Fallback":
                fallback -= 1
                el.clear()
            continue
        parent = stack[-1] if stack else ""
        if tag == "rPr" and parent == "r" and runs:
            runs[-1] = formats.run_format(el)
        elif tag == "pPr" and parent == "p" and paras:
            style = next((attr(c, "val") for c in el if local(c.tag) == "pStyle"), None)
            paras[-1].style = style
            paras[-1].ppr = el
            shade = formats.shading_of(el)
            paras[-1].shading = shade if shade is not None else formats.paragraph_shading(style)
        elif tag == "tblPr" and tables:
            for c in el:
                if local(c.tag) == "tblStyle":
                    tables[-1].style = attr(c, "val")
                elif local(c.tag) == "tblLook":
                    val = attr(c, "val") or ""
                    first = attr(c, "firstRow")
                    tables[-1].first_row = first == "1" if first is not None else bool(val) and bool(int(val, 16) & 0x20)
            tables[-1].direct = formats.shading_of(el)
        elif tag == "trPr" and tables:
            tables[-1].header_row = any(local(c.tag) == "tblHeader" for c in el)
        elif tag == "tcPr" and tables:
            tables[-1].cell = formats.shading_of(el)
        elif tag == "spPr" and parent == "wsp" and fills:
            fills[-1] = shape_fill(el, formats.theme)
        elif tag == "fillRef" and fills and fills[-1] is None:
            fills[-1] = "" if attr(el, "idx") == "0" else drawing_colour(el, formats.theme) or "?"
        elif tag == "wsp" or (tag in _VML_SHAPES and any(s == "pict" for s in stack)):
            if fills:
                fills.pop()
        elif tag in ("docPr", "cNvPr") and shown:
            for key in ("descr", "title"):
                value = (attr(el, key) or "").strip()
                if value and (place(), value) not in alt_seen:
                    alt_seen.add((place(), value))
                    story.alt_text.append((f"image alt text in {place()}", budget.take(value)))
        elif tag in ("t", "delText") and el.text:
            text = budget.take(el.text)
            if tag == "delText" or "del" in stack or "moveFrom" in stack:
                story.deleted.append(text)
            else:
                if "ins" in stack or "moveTo" in stack:
                    story.inserted.append(text)
                add_text(text)
        elif tag == "instrText" and el.text and el.text.strip():
            story.fields.append(budget.take(el.text.strip()))
        elif tag == "tab" and "r" in stack:
            add_text("\t")
        elif tag in ("br", "cr") and shown:
            end_line()
            if tag == "br" and attr(el, "type") == "page" and paras:
                paras[-1].page_break = True
        elif tag == "lastRenderedPageBreak" and paras:
            paras[-1].page_break = True  # where Word last broke the page: better than any estimate
        elif layout is not None and paras and "txbxContent" not in stack and (tag == "anchor" or (tag == "pict" and parent == "r")):
            shape = anchored_shape(el, pkg, rels, formats.theme) if tag == "anchor" else vml_shape(el, pkg, rels)
            if shape is not None:
                shape.paragraph, shape.anchor_chars = paras[-1].number, len("".join(paras[-1].text))
                layout.shapes.append(shape)
        elif tag == "sectPr" and layout is not None:
            layout.section(el)
        elif tag == "r" and runs:
            runs.pop()
        elif tag == "tbl" and tables:
            tables.pop()
        elif tag == "p":
            para = paras.pop() if paras else _Para()
            if layout is not None and "txbxContent" not in stack:
                layout.paragraph(para.number, "".join(para.text), para.size or DEFAULT_HALF_POINTS, para.ppr, para.page_break)
            if shown:
                end_line()
                if para.reasons:
                    reasons = ", ".join(dict.fromkeys(para.reasons))
                    story.stored.append((f"hidden text in {place()} ({reasons})", "".join(para.text)))
            elif para.text:
                story.stored.append(
                    (f"the document's building blocks (glossary, {place()}), which the document does not show", "".join(para.text))
                )
            el.clear()
    if layout is not None:
        story.covers.extend(layout.covers())


def _artwork(pkg: Package, part: str) -> tuple[bool, bool]:
    """(behind, floating) for a part: True when it floats a picture or shape behind or among its text (a
    letterhead banner with white lettering over it: text that only the page is behind may in fact sit on the
    artwork); and when it holds floating objects at all (which may lie in front of the text)."""
    if pkg.infos[part].file_size > 64 * 1024 * 1024:
        return True, True
    data = pkg.read(part)
    behind = any(marker in data for marker in (b'behindDoc="1"', b"z-index:-", b"<wp:wrapNone", b"wrapNone/>"))
    return behind, b"anchor" in data or b"pict" in data


def _judge_run(
    formats: Formats, direct: RunFormat, para: _Para | None, tables: list[_Table], fills: list[str | None], behind: bool = False
) -> Verdict | None:
    table_run = None
    cell = None
    if tables:
        table = tables[-1]
        conditions = ("wholeTable",) + (("firstRow",) if table.first_row and (table.rows == 1 or table.header_row) else ())
        table_run, style_cell = formats.table_layers(table.style, conditions)
        cell = table.cell if table.cell is not None else style_cell if style_cell is not None else table.direct
    fmt = formats.effective(direct, para.style if para else None, table_run)
    fill = next((f for f in reversed(fills) if f), None)
    layers = (
        ("highlight", fmt.highlight),
        ("shading", fmt.shading),
        ("paragraph shading", para.shading if para else None),
        ("table cell shading", cell),
        ("text box fill", fill),
        # artwork floating behind the text: what is behind a run is not known, so its colour is not judged
        ("page colour", "?" if behind else formats.page if formats.page != "FFFFFF" else None),
    )
    return judge(fmt, layers)
