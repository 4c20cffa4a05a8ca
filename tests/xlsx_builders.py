"""Build workbooks the way Excel writes them, for the spreadsheet tests and corpus.

openpyxl writes what it can express (cells, fonts, fills, pictures, data
validation, defined names, custom properties); shapes, charts with their
caches and leftovers such as unused shared strings are patched into the
package as Excel's own XML (namespaces, anchors, ``xdr:style`` theme fills),
so that the inspector is tried on what Excel produces, not on toy files.
Names are invented; 07700 900xxx numbers are Ofcom's drama range.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
from attachment_builders import rewrite_zip
from openpyxl.drawing.image import Image as XLImage
from PIL import Image

STAFF = ["Jane Hartley", "Oliver Pendleton", "Priya Whitcombe", "Tom Ashdown"]
EMAIL_ADDRESS = "jane.hartley@example.org"

XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_DRAWING = f"{R}/drawing"
REL_CHART = f"{R}/chart"


def book(title: str = "Summary", rows: list[list[object]] | None = None) -> openpyxl.Workbook:
    """A workbook with one sheet of ``rows`` and no author (a person's name there is its own finding)."""
    wb = openpyxl.Workbook()
    wb.properties.creator = None
    ws = wb.active
    ws.title = title
    for row in rows if rows is not None else [["Ward", "Requests"], ["North", 12], ["South", 9], ["East", 15]]:
        ws.append(row)
    return wb


def staff_book() -> openpyxl.Workbook:
    """A staff list: header row, then names in column B and a count in C."""
    return book("Staff", [["Team", "Officer", "Cases"]] + [["Licensing", name, 10 + i] for i, name in enumerate(STAFF)])


def save(wb: openpyxl.Workbook, folder: Path, name: str) -> Path:
    """Save as Excel does: text in the shared-string table (openpyxl writes it inline)."""
    path = folder / name
    wb.save(path)
    return shared_strings(path)


_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def shared_strings(path: Path) -> Path:
    """Move every sheet's inline strings into ``xl/sharedStrings.xml``, as Excel stores text."""
    with zipfile.ZipFile(path) as zf:
        sheets = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
        parts = {n: zf.read(n).decode() for n in sheets}
    table: dict[str, int] = {}
    uses = 0

    def index(m: re.Match[str]) -> str:
        nonlocal uses
        uses += 1
        number = table.setdefault(m.group(3), len(table))
        return f'<c {m.group(1)}t="s"{m.group(2)}><v>{number}</v></c>'

    changes: dict[str, object] = {n: _INLINE.sub(index, text).encode() for n, text in parts.items()}
    if not table:
        return path
    items = "".join(f"<si><t>{t}</t></si>" for t in table)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    changes["xl/sharedStrings.xml"] = f'<sst xmlns="{main}" count="{uses}" uniqueCount="{len(table)}">{items}</sst>'.encode()
    changes["xl/_rels/workbook.xml.rels"] = lambda x: x.replace(
        b"</Relationships>", f'<Relationship Id="rIdSST" Type="{R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'.encode()
    )
    changes["[Content_Types].xml"] = lambda x: x.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return rewrite_zip(path, changes)  # type: ignore[arg-type]


def png(width: int, height: int, colour: tuple[int, ...] = (0, 0, 0), mode: str = "RGB") -> bytes:
    """A plain PNG; ``mode="RGBA"`` with alpha 0 for a cut-out logo's clear background."""
    out = io.BytesIO()
    img = Image.new(mode, (width, height), colour)
    if mode == "RGBA" and colour[-1] == 0:
        for x in range(width // 3, 2 * width // 3):  # the logo itself: a solid band in the middle
            for y in range(height):
                img.putpixel((x, y), (0, 70, 140, 255))
    img.save(out, "PNG")
    return out.getvalue()


def add_picture(wb: openpyxl.Workbook, data: bytes, anchor: str, sheet: str | None = None) -> None:
    """Insert > Pictures, as openpyxl writes it (a one-cell anchor sized from the picture's pixels)."""
    ws = wb[sheet] if sheet else wb.active
    ws.add_image(XLImage(io.BytesIO(data)), anchor)


def marker(tag: str, col: int, row: int, col_off: int = 0, row_off: int = 0) -> str:
    """``xdr:from``/``xdr:to`` with 0-based column and row, as Excel writes them."""
    return (
        f"<xdr:{tag}><xdr:col>{col}</xdr:col><xdr:colOff>{col_off}</xdr:colOff>"
        f"<xdr:row>{row}</xdr:row><xdr:rowOff>{row_off}</xdr:rowOff></xdr:{tag}>"
    )


def shape(
    name: str,
    frm: tuple[int, int],
    to: tuple[int, int],
    *,
    fill: str | None = '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill>',
    line: str = '<a:ln><a:solidFill><a:schemeClr val="tx1"/></a:solidFill></a:ln>',
    text: str = "",
    text_box: bool = False,
    geometry: str = "rect",
    ident: int = 2,
    to_off: tuple[int, int] = (0, 0),
) -> str:
    """One ``xdr:sp`` in a two-cell anchor, as Excel writes Insert > Shapes (``fill=None``: the theme's default fill)."""
    box_attr = ' txBox="1"' if text_box else ""
    body = (
        '<xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip" wrap="square" rtlCol="0" anchor="t"/><a:lstStyle/>'
        + "".join(f'<a:p><a:r><a:rPr lang="en-GB" sz="1100"/><a:t>{t}</a:t></a:r></a:p>' for t in text.split("\n") if t)
        + ('<a:p><a:endParaRPr lang="en-GB" sz="1100"/></a:p>' if not text else "")
        + "</xdr:txBody>"
    )
    return (
        '<xdr:twoCellAnchor editAs="oneCell">'
        + marker("from", *frm)
        + marker("to", *to, *to_off)
        + '<xdr:sp macro="" textlink="">'
        + f'<xdr:nvSpPr><xdr:cNvPr id="{ident}" name="{name}"/><xdr:cNvSpPr{box_attr}/></xdr:nvSpPr>'
        + '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm>'
        + f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>'
        + (fill or "")
        + line
        + "</xdr:spPr>"
        + '<xdr:style><a:lnRef idx="2"><a:schemeClr val="accent1"><a:shade val="50000"/></a:schemeClr></a:lnRef>'
        + '<a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef>'
        + '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></xdr:style>'
        + body
        + "</xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
    )


def chart_frame(name: str, frm: tuple[int, int], to: tuple[int, int], rid: str = "rId1", ident: int = 3) -> str:
    """A chart's ``xdr:graphicFrame`` in a two-cell anchor."""
    return (
        "<xdr:twoCellAnchor>"
        + marker("from", *frm)
        + marker("to", *to)
        + f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{ident}" name="{name}"/><xdr:cNvGraphicFramePr/>'
        + '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
        + f'<a:graphicData uri="{C}"><c:chart xmlns:c="{C}" r:id="{rid}"/></a:graphicData></a:graphic>'
        + "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
    )


def _cache(tag: str, values: list[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
    code = "<c:formatCode>General</c:formatCode>" if tag == "numCache" else ""
    return f'<c:{tag}>{code}<c:ptCount val="{len(values)}"/>{points}</c:{tag}>'


def chart_xml(title: str, series: str, cat_ref: str, cats: list[str], val_ref: str, vals: list[str]) -> bytes:
    """A clustered column chart as Excel saves it: formulas with their string and number caches."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/>'
        f"<c:tx><c:v>{series}</c:v></c:tx>"
        f"<c:cat><c:strRef><c:f>{cat_ref}</c:f>{_cache('strCache', cats)}</c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{val_ref}</c:f>{_cache('numCache', vals)}</c:numRef></c:val></c:ser>"
        '<c:gapWidth val="219"/><c:axId val="111"/><c:axId val="222"/></c:barChart>'
        '<c:catAx><c:axId val="111"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        '<c:crossAx val="222"/></c:catAx><c:valAx><c:axId val="222"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:crossAx val="111"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart>'
        "</c:chartSpace>"
    ).encode()


def add_drawing(path: Path, anchors: list[str], *, sheet: int = 1, charts: dict[str, bytes] | None = None) -> Path:
    """Patch a drawing part holding ``anchors`` (and chart parts, by relationship id) onto sheet ``sheet``."""
    charts = charts or {}
    drawing = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:r="{R}">'
        + "".join(anchors)
        + "</xdr:wsDr>"
    ).encode()
    sheet_part = f"xl/worksheets/sheet{sheet}.xml"
    sheet_rels = f"xl/worksheets/_rels/sheet{sheet}.xml.rels"
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        old_rels = zf.read(sheet_rels).decode() if sheet_rels in names else f'<Relationships xmlns="{PKG_RELS}"></Relationships>'
    number = 1 + sum(1 for n in names if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n))
    rels = old_rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdDrawing{number}" Type="{REL_DRAWING}" Target="../drawings/drawing{number}.xml"/></Relationships>',
    )
    changes: dict[str, object] = {
        f"xl/drawings/drawing{number}.xml": drawing,
        sheet_rels: rels.encode(),
        sheet_part: lambda x: x.replace(b"</worksheet>", f'<drawing xmlns:r="{R}" r:id="rIdDrawing{number}"/></worksheet>'.encode()),
        "[Content_Types].xml": lambda x: x.replace(
            b"</Types>",
            f'<Override PartName="/xl/drawings/drawing{number}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>'.encode()
            + b"".join(
                f'<Override PartName="/xl/charts/chart{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>'.encode()
                for i in range(1, len(charts) + 1)
            )
            + b"</Types>",
        ),
    }
    if charts:
        chart_rels = "".join(
            f'<Relationship Id="{rid}" Type="{REL_CHART}" Target="../charts/chart{i}.xml"/>' for i, rid in enumerate(charts, start=1)
        )
        changes[f"xl/drawings/_rels/drawing{number}.xml.rels"] = f'<Relationships xmlns="{PKG_RELS}">{chart_rels}</Relationships>'.encode()
        for i, data in enumerate(charts.values(), start=1):
            changes[f"xl/charts/chart{i}.xml"] = data
    return rewrite_zip(path, changes)  # type: ignore[arg-type]


def add_unused_shared_strings(path: Path, strings: list[str]) -> Path:
    """Leave ``strings`` in the shared-string table with no cell using them (as tools that delete cells in place do)."""

    def edit(data: bytes) -> bytes:
        text = data.decode()
        extra = "".join(f"<si><t>{s}</t></si>" for s in strings)
        text = re.sub(r'uniqueCount="(\d+)"', lambda m: f'uniqueCount="{int(m.group(1)) + len(strings)}"', text)
        return text.replace("</sst>", extra + "</sst>").encode()

    return rewrite_zip(path, {"xl/sharedStrings.xml": edit})
