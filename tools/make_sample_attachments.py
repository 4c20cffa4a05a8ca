"""Generate the sample attachments published with foilog's sample responses.

All the data is fictional. The files are written into the response folders
under ``responses/`` and are deterministic: running the script again gives
byte-identical files (fixed timestamps, no random ids, no personal metadata).

    .venv/bin/python tools/make_sample_attachments.py

Produces:

* responses/2019/foi-2019-0456/attachments/road-casualties-by-month.csv
* responses/2020/foi-2020-00412/attachments/agency-spend-2019-20.xlsx
* responses/2024/foi-2024-0123/attachments/cameras-by-ward.pdf
* responses/2025/dfe-foi-2025-0101/attachments/it-contracts-summary.docx
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
RESPONSES = ROOT / "responses"

#: Every zip member gets this timestamp, so re-running gives identical bytes.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
# Published files carry no author: document properties are cleared, as the leak gate expects.
CREATOR = ""
PRODUCER = "foilog sample generator"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _target(folder: str, name: str) -> Path:
    path = RESPONSES / folder / "attachments" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _write_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    """Write a zip with fixed dates and a fixed member order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data)
    path.write_bytes(buffer.getvalue())


# --------------------------------------------------------------------------
# CSV: road casualties by month (FOI/2019/0456)
# --------------------------------------------------------------------------

CASUALTIES = [
    # month, killed, seriously injured, slightly injured, pedestrians, cyclists
    ("2018-01", 1, 11, 84, 16, 6),
    ("2018-02", 0, 10, 79, 14, 5),
    ("2018-03", 1, 12, 88, 15, 7),
    ("2018-04", 0, 12, 83, 12, 9),
    ("2018-05", 1, 13, 89, 13, 13),
    ("2018-06", 1, 14, 91, 11, 14),
    ("2018-07", 2, 15, 93, 12, 15),
    ("2018-08", 1, 13, 87, 11, 13),
    ("2018-09", 0, 12, 86, 13, 10),
    ("2018-10", 1, 13, 85, 16, 9),
    ("2018-11", 0, 11, 82, 18, 6),
    ("2018-12", 1, 12, 85, 19, 5),
    ("2019-01", 1, 13, 84, 17, 5),
    ("2019-02", 0, 12, 80, 15, 6),
    ("2019-03", 1, 12, 85, 14, 8),
    ("2019-04", 0, 13, 86, 12, 10),
    ("2019-05", 1, 14, 88, 13, 12),
    ("2019-06", 1, 13, 90, 11, 13),
    ("2019-07", 1, 14, 92, 12, 14),
    ("2019-08", 1, 13, 89, 11, 12),
    ("2019-09", 0, 13, 87, 15, 10),
]


def make_csv() -> Path:
    path = _target("2019/foi-2019-0456", "road-casualties-by-month.csv")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["month", "killed", "seriously_injured", "slightly_injured", "pedestrians", "cyclists"])
    writer.writerows(CASUALTIES)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


# --------------------------------------------------------------------------
# XLSX: agency spending by staff group and quarter (FOI-2020-00412)
# --------------------------------------------------------------------------

AGENCY = [
    # staff group, Q1, Q2, Q3, Q4 (pounds)
    ("Medical and dental", 1_640_000, 1_710_000, 1_790_000, 1_780_000),
    ("Nursing and midwifery", 1_220_000, 1_290_000, 1_390_000, 1_410_000),
    ("Allied health professionals", 300_000, 305_000, 315_000, 320_000),
    ("Administrative and clerical", 185_000, 190_000, 200_000, 205_000),
    ("Estates and ancillary", 82_000, 86_000, 90_000, 92_000),
]

FIXED_TIME = dt.datetime(2020, 1, 1, 0, 0, 0)
_W3CDTF = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def make_xlsx() -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = _target("2020/foi-2020-00412", "agency-spend-2019-20.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "Agency spend 2019-20"
    ws.append(["Greendale Hospitals NHS Trust (fictional): agency and locum spending, 2019/20 (pounds)"])
    ws.append([])
    header = ["Staff group", "Apr-Jun 2019", "Jul-Sep 2019", "Oct-Dec 2019", "Jan-Mar 2020", "Total 2019/20"]
    ws.append(header)
    for group, *quarters in AGENCY:
        ws.append([group, *quarters, sum(quarters)])
    totals = ["Total"] + [sum(row[i] for row in AGENCY) for i in range(1, 5)]
    ws.append([*totals, sum(totals[1:])])
    ws.append([])
    ws.append(["Sample data: fictional figures written for foilog."])
    ws["A1"].font = Font(bold=True)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for cell in ws[3 + len(AGENCY) + 1]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=4, max_row=3 + len(AGENCY) + 1, min_col=2, max_col=6):
        for cell in row:
            cell.number_format = "#,##0"
    ws.column_dimensions["A"].width = 32
    for col in "BCDEF":
        ws.column_dimensions[col].width = 15

    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = "Agency and locum spending 2019/20"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME

    buffer = io.BytesIO()
    wb.save(buffer)
    # openpyxl stamps the save time into core.xml and the zip entries; replace both.
    members: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "docProps/core.xml":
                data = _W3CDTF.sub(rb"\g<1>2020-01-01T00:00:00Z\g<3>", data)
            elif name == "docProps/app.xml":
                # Name the generator, not the library version (which would change the bytes).
                data = (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                    f"<Application>{PRODUCER}</Application></Properties>"
                ).encode()
            members.append((name, data))
    # Put [Content_Types].xml first, as Office itself does.
    members.sort(key=lambda m: m[0] != "[Content_Types].xml")
    _write_zip(path, members)
    return path


# --------------------------------------------------------------------------
# PDF: cameras by ward (FOI/2024/0123)
# --------------------------------------------------------------------------

WARDS = [
    # ward, fixed CCTV, redeployable CCTV, fixed speed/red-light, mobile sites
    ("Abbeyfield", 22, 5, 3, 2),
    ("Ashby Moor", 3, 2, 2, 1),
    ("Brackenfield", 6, 2, 1, 1),
    ("Castle Hill", 8, 3, 2, 1),
    ("Eastgate", 9, 3, 2, 1),
    ("Fenwick", 2, 1, 3, 2),
    ("Greendale East", 12, 4, 2, 1),
    ("Greendale West", 7, 3, 2, 1),
    ("Hollins", 3, 2, 2, 1),
    ("Kingsmead", 5, 2, 1, 1),
    ("Lowther", 2, 1, 2, 1),
    ("Millbrook", 6, 2, 2, 1),
    ("Northshire Town Centre", 54, 6, 4, 1),
    ("Riverside", 14, 4, 1, 1),
    ("Stanton", 4, 2, 2, 1),
    ("Westfield", 11, 2, 0, 1),
]


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _page_stream(lines: list[tuple[float, float, float, str]]) -> bytes:
    """A content stream drawing (x, y, size, text) lines in Helvetica."""
    ops: list[str] = []
    for x, y, size, text in lines:
        font = "/F2" if size > 11 else "/F1"
        ops.append(f"BT {font} {size:g} Tf {x:g} {y:g} Td ({_pdf_text(text)}) Tj ET")
    return ("\n".join(ops) + "\n").encode("latin-1")


def make_pdf() -> Path:
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    path = _target("2024/foi-2024-0123", "cameras-by-ward.pdf")
    writer = PdfWriter()

    def font(base: str) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(base),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )

    fonts = DictionaryObject(
        {
            NameObject("/F1"): font("/Helvetica"),
            NameObject("/F2"): font("/Helvetica-Bold"),
        }
    )
    resources = DictionaryObject({NameObject("/Font"): fonts})

    columns = [(56, "Ward"), (230, "Fixed CCTV"), (310, "Redeployable CCTV"), (420, "Speed/red-light"), (510, "Mobile sites")]

    def table_rows(rows: list[tuple[str, int, int, int, int]], top: float) -> list[tuple[float, float, float, str]]:
        out = [(x, top, 10, title) for x, title in columns]
        y = top - 20
        for row in rows:
            for (x, _), value in zip(columns, row, strict=True):
                out.append((x, y, 10, str(value)))
            y -= 18
        return out

    first, second = WARDS[:10], WARDS[10:]
    totals = ("All wards", *(sum(w[i] for w in WARDS) for i in range(1, 5)))
    page1 = [
        (56, 780, 16, "CCTV and safety cameras by ward, June 2024"),
        (56, 758, 10, "Northshire County Council (fictional). Released in response to FOI/2024/0123."),
        (56, 744, 10, "Sample data: a fictional table written for foilog."),
        (56, 720, 10, "Number of cameras operated in each ward on 30 June 2024 (wards A to K)."),
        *table_rows(first, 690),
        (56, 60, 8, "Page 1 of 2"),
    ]
    page2 = [
        (56, 780, 14, "CCTV and safety cameras by ward, June 2024 (continued)"),
        (56, 750, 10, "Wards L to W, and the county total."),
        *table_rows([*second, totals], 720),
        (56, 560, 10, "Speed/red-light: fixed speed and red-light cameras run by the Northshire Safety Camera"),
        (56, 546, 10, "Partnership. Mobile sites: places where mobile speed enforcement is carried out."),
        (56, 526, 10, "Corrected on 14 August 2024: the CCTV figures for Riverside and Abbeyfield had been transposed."),
        (56, 60, 8, "Page 2 of 2"),
    ]
    for lines in (page1, page2):
        page = writer.add_blank_page(width=595, height=842)
        stream = DecodedStreamObject()
        stream.set_data(_page_stream(lines))
        page[NameObject("/Resources")] = resources
        page.replace_contents(stream)
        page[NameObject("/MediaBox")] = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(595), NumberObject(842)])
    for page in writer.pages:
        page.compress_content_streams()
    # Only a Producer entry: no author, no creation or modification dates.
    writer.metadata = {"/Producer": PRODUCER}
    with path.open("wb") as handle:
        writer.write(handle)
    return path


# --------------------------------------------------------------------------
# DOCX: IT contracts summary (DfE-FOI-2025-0101)
# --------------------------------------------------------------------------

CONTRACTS = [
    # supplier, scope, start, end, value
    ("Examplecloud Hosting Ltd", "Cloud hosting and platform support", "April 2021", "March 2026", "£18.4 million"),
    ("Northgate Digital Services Ltd", "Grants management system", "October 2020", "September 2025", "£9.7 million"),
    ("Brightwater Networks plc", "Wide area network and internet", "July 2022", "June 2027", "£6.2 million"),
    ("Ledger Systems Ltd", "Finance and HR system licences", "April 2019", "March 2026", "£5.9 million"),
    ("Kestrel Service Desk Ltd", "IT service desk", "January 2023", "December 2026", "£4.8 million"),
    ("Meridian End User Computing Ltd", "Laptops and device management", "May 2023", "April 2027", "£4.1 million"),
    ("Harbour Security Services Ltd", "Security monitoring", "September 2023", "August 2026", "£2.6 million"),
    ("Oakfield Data Ltd", "Data platform and analytics", "February 2024", "January 2027", "£1.9 million"),
    ("Pennant Print and Post Ltd", "Digital mail and print", "June 2021", "May 2025", "£1.2 million"),
]

CLOUD = ["Examplecloud Hosting Ltd (main platform)", "Greybridge Cloud Services Ltd (backup and recovery)"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _para(text: str, *, bold: bool = False, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _cell(text: str, *, bold: bool = False) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>{_para(text, bold=bold)}</w:tc>'


def _table(header: list[str], rows: list[tuple[str, ...]]) -> str:
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr>']
    out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" + "".join(_cell(h, bold=True) for h in header) + "</w:tr>")
    for row in rows:
        out.append("<w:tr>" + "".join(_cell(v) for v in row) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def make_docx() -> Path:
    path = _target("2025/dfe-foi-2025-0101", "it-contracts-summary.docx")
    body = "".join(
        [
            _para("Summary of IT contracts worth more than £1 million", style="Title"),
            _para("Department for Examples (fictional). Released in response to DfE-FOI-2025-0101, March 2025."),
            _para("Sample data: a fictional document written for foilog."),
            _para("Contracts", style="Heading1"),
            _para("Values are the total estimated value over the life of the contract, including VAT, as published on Contracts Finder."),
            _table(["Supplier", "What the contract covers", "Start", "End", "Total value"], CONTRACTS),
            _para("Cloud hosting providers", style="Heading1"),
            *(_para(name) for name in CLOUD),
            _para("Pricing schedules and day rates are withheld under section 43(2) of the Freedom of Information Act 2000."),
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>',
        ]
    )
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{_W}">'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
        '<w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:pPr><w:spacing w:after="120"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr>'
        '<w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>'
        "</w:styles>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Summary of IT contracts worth more than £1 million</dc:title>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-21T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-21T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{PRODUCER}</Application>"
        "</Properties>"
    )
    _write_zip(
        path,
        [
            ("[Content_Types].xml", content_types.encode("utf-8")),
            ("_rels/.rels", root_rels.encode("utf-8")),
            ("word/document.xml", document.encode("utf-8")),
            ("word/_rels/document.xml.rels", document_rels.encode("utf-8")),
            ("word/styles.xml", styles.encode("utf-8")),
            ("docProps/core.xml", core.encode("utf-8")),
            ("docProps/app.xml", app.encode("utf-8")),
        ],
    )
    return path


def main() -> None:
    for make in (make_csv, make_xlsx, make_pdf, make_docx):
        path = make()
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
