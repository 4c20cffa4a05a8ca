"""Build response letters as PDF, DOCX and TXT in code, from one description.

A letter is a list of entries: a string is a paragraph (or one line of an
address), ``""`` is an empty line, and ``Num(level, text)`` is an item of a
numbered list (level 0 ``1.``, level 1 ``(a)``), which the DOCX builder writes
as real Word numbering (``w:numPr``) and the PDF/TXT builders as printed labels.
The PDF is hand-built: Helvetica text lines in a content stream, wrapped at a
fixed width, so the importer's re-joining of wrapped lines is exercised.
All letters used in the tests are fictional.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Num:
    """An item of the letter's numbered list (Word numbering in DOCX); ``restart`` begins a new list."""

    level: int
    text: str
    restart: bool = False


def printed(entries: list[str | Num]) -> list[str]:
    """The entries as printed lines: numbered items get their labels (1., (a))."""
    out: list[str] = []
    top = sub = 0
    for entry in entries:
        if isinstance(entry, Num):
            if entry.restart:
                top = sub = 0
            if entry.level == 0:
                top, sub = top + 1, 0
                out.append(f"{top}. {entry.text}")
            else:
                sub += 1
                out.append(f"    ({chr(ord('a') + sub - 1)}) {entry.text}")
        else:
            out.append(entry)
    return out


def txt_bytes(entries: list[str | Num]) -> bytes:
    return ("\n".join(printed(entries)) + "\n").encode("utf-8")


def _pdf_escape(text: str) -> bytes:
    data = text.encode("cp1252", "replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(entries: list[str | Num], *, width: int = 95, lines_per_page: int = 52, page_footer: bool = True) -> bytes:
    """A text PDF: each entry wrapped at ``width`` characters; page footers 'Page N of M'."""
    lines: list[str] = []
    for line in printed(entries):
        indent = len(line) - len(line.lstrip())
        wrapped = textwrap.wrap(line.strip(), width - indent) or [""]
        lines += [" " * indent + part for part in wrapped]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    objects: list[bytes] = []
    kids = []
    font_id = 3
    for number, page in enumerate(pages, start=1):
        ops = [b"BT /F1 10 Tf 12 TL 56 790 Td"]
        for line in page:
            indent = len(line) - len(line.lstrip())
            ops.append(b"(" + _pdf_escape(" " * indent + line.strip()) + b") Tj T*")
        if page_footer:
            ops.append(b"ET BT /F1 8 Tf 280 30 Td (Page " + str(number).encode() + b" of " + str(len(pages)).encode() + b") Tj")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content_id = 4 + 2 * (number - 1)
        page_id = content_id + 1
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font_id, content_id)
        )
        kids.append(page_id)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(head + objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % index + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
    return out.getvalue()


def text_pdf_bytes(text: str, *, width: int = 100, lines_per_page: int = 52) -> bytes:
    """A plain-text letter (a paragraph per line, as TXT exports are) printed as a PDF.

    Used to print ``tests/fixtures/letters/met-01-FOI-19-011430.pdf`` from the
    ``.txt`` beside it, so the two hold the same text and the PDF nothing else
    (``tests/test_import_met.py`` checks the bytes match). No page footers: the
    letter has none. At these sizes five paragraphs run over a page break, so
    the PDF exercises the re-joining of pages as well as of wrapped lines.
    """
    return pdf_bytes(text.rstrip("\n").split("\n"), width=width, lines_per_page=lines_per_page, page_footer=False)


MET_LETTER = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.txt"


def refresh_met_pdf() -> Path:
    """Print the Met letter fixture's PDF again from its TXT (after the TXT was edited)."""
    pdf = MET_LETTER.with_suffix(".pdf")
    pdf.write_bytes(text_pdf_bytes(MET_LETTER.read_text("utf-8")))
    return pdf


def encrypted_pdf_bytes(entries: list[str | Num], password: str = "secret") -> bytes:  # noqa: S107 - a test fixture
    """The same letter, encrypted with a user password (so it cannot be opened without it)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(entries))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_paragraph(text: str, *, num: tuple[int, int] | None = None, deleted: str = "", inserted: str = "") -> str:
    """One w:p; ``num=(numId, ilvl)`` adds Word numbering; tracked deletions/insertions optional."""
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    runs = f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>' if text else ""
    if deleted:
        runs += f'<w:del w:id="1" w:author="A"><w:r><w:delText xml:space="preserve">{_esc(deleted)}</w:delText></w:r></w:del>'
    if inserted:
        runs += f'<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">{_esc(inserted)}</w:t></w:r></w:ins>'
    return f"<w:p>{ppr}{runs}</w:p>"


def docx_table(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{docx_paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def docx_from_xml(body: str) -> bytes:
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        zf.writestr("word/numbering.xml", _NUMBERING)
        zf.writestr("word/document.xml", document)
    return buffer.getvalue()


def docx_bytes(entries: list[str | Num]) -> bytes:
    """A Word letter: one paragraph per entry; numbered items use real Word numbering."""
    parts = []
    num_id = 1
    for e in entries:
        if isinstance(e, Num):
            num_id += e.restart
            parts.append(docx_paragraph(e.text, num=(num_id, e.level)))
        else:
            parts.append(docx_paragraph(e))
    return docx_from_xml("".join(parts))


def write_letter(path: Path, entries: list[str | Num]) -> Path:
    """Write the letter in the format named by the file's extension (.pdf, .docx, .txt, .md)."""
    suffix = path.suffix.lower()
    data = pdf_bytes(entries) if suffix == ".pdf" else docx_bytes(entries) if suffix == ".docx" else txt_bytes(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- fictional letters


@dataclass(frozen=True)
class Letter:
    """A fictional letter and what the import must find in it."""

    name: str
    entries: list[str | Num]
    reference: str
    responded: str
    received: str
    regime: str
    numbers: list[str]
    exemptions: dict[str, bool]
    outcome: str
    requester: str
    topics: list[str]

    @property
    def slug(self) -> str:
        from foilog.log.urls import slugify

        return slugify(self.reference)


def _sign(officer: str, unit: str) -> list[str | Num]:
    return ["", "Yours sincerely", "", officer, unit]


COUNCIL_EIR = Letter(
    name="council-eir",
    entries=[
        "Northshire County Council (fictional)",
        "Highways Information Team",
        "County Hall, Northtown, NT9 9ZZ",
        "",
        "Ms Jane Exampleton",
        "12 Sample Road",
        "Northtown",
        "NT1 2AB",
        "",
        "Our reference: EIR/2024/0456",
        "Date: 3rd March 2024",
        "",
        "Dear Ms Exampleton",
        "",
        "Thank you for your request for information received on 5 February 2024. We have handled it under the "
        "Environmental Information Regulations 2004 (EIR), because it concerns the state of the roads and the use of salt.",
        "",
        "You asked:",
        "",
        Num(0, "How many tonnes of salt did the Council spread on roads in winter 2023/24?"),
        Num(0, "Which gritting routes were treated on 12 January 2024?"),
        Num(1, "Please list the routes by road number."),
        Num(1, "Please give the time at which each route was started."),
        "",
        "OUR RESPONSE",
        "",
        Num(0, "The Council spread 8,450 tonnes of salt on its roads during the winter.", restart=True),
        Num(0, "The routes treated on that day are listed below."),
        Num(1, "Routes A1 to A9 and B1 to B4 were treated; the full list of road numbers is attached."),
        Num(1, "The start times are withheld under regulation 12(5)(a), because publishing them would adversely affect public safety."),
        "",
        "Thank you, Ms Exampleton, for your patience while we gathered this information.",
        *_sign("Kwame Testfield", "Highways Information Team"),
    ],
    reference="EIR/2024/0456",
    responded="2024-03-03",
    received="2024-02-05",
    regime="EIR",
    numbers=["1", "2", "2a", "2b"],
    exemptions={"reg12(5)(a)": False},
    outcome="granted-in-part",
    requester="Exampleton",
    topics=["road-safety"],
)

SCOTTISH_FOISA = Letter(
    name="scottish-foisa",
    entries=[
        "Glenmoor Health Board (fictional)",
        "Information Governance",
        "",
        "Mr Alasdair Testerson",
        "Flat 2, 8 Example Street",
        "Edinburgh",
        "EH1 9ZZ",
        "",
        "Request reference: FOI-2023-0789",
        "",
        "Monday 16 October 2023",
        "",
        "Dear Mr Testerson",
        "",
        "Your request dated 18 September 2023, received on 19 September 2023, has been handled under the "
        "Freedom of Information (Scotland) Act 2002 (FOISA).",
        "",
        "Question 1: How many agency nurses did the Board employ in 2022?",
        "Response: The Board employed 112 agency nurses in 2022.",
        "",
        "Question 2: Please provide the names of the agencies used.",
        "Response: The names of the six agencies are given in the table attached to this letter.",
        "",
        "Question 3: Please provide the names of the individual nurses.",
        "Response: This information is withheld under section 38(1)(b) of FOISA, because it is the personal data of the nurses.",
        "",
        "If you are dissatisfied with this response, you may ask us to review it within 40 working days.",
        *_sign("Morag Samplewell", "Information Governance"),
    ],
    reference="FOI-2023-0789",
    responded="2023-10-16",
    received="2023-09-19",
    regime="FOISA",
    numbers=["1", "2", "3"],
    exemptions={"s38(1)(b)": False},
    outcome="granted-in-part",
    requester="Testerson",
    topics=[],
)

NHS_TRUST = Letter(
    name="nhs-trust",
    entries=[
        "Northshire Hospitals NHS Foundation Trust (fictional)",
        "",
        "Dr Priya Fakeley",
        "By email: priya.fakeley@example.com",
        "",
        "Reference No: FOI 2024/0123",
        "Date: 16.12.2024",
        "",
        "Dear Dr Fakeley",
        "",
        "We received your request on 18/11/2024. It has been dealt with under the Freedom of Information Act 2000.",
        "",
        "Q1 How many MRI scanners does the Trust operate?",
        "A1 The Trust operates 4 MRI scanners across two sites.",
        "",
        "Q2 What was the average waiting time for an MRI scan in 2023/24?",
        "A2 The average waiting time in 2023/24 was 5.2 weeks.",
        "",
        "Q3 How many MRI scans were cancelled in 2023?",
        "A3 412 scans were cancelled in 2023.",
        "",
        "If you have any questions about this response, please reply quoting the reference above.",
        *_sign("Dylan Mockworth", "Information Governance Office"),
    ],
    reference="FOI 2024/0123",
    responded="2024-12-16",
    received="2024-11-18",
    regime="FOIA",
    numbers=["1", "2", "3"],
    exemptions={},
    outcome="granted-in-full",
    requester="Fakeley",
    topics=[],
)

GOVERNMENT_DEPARTMENT = Letter(
    name="government-department",
    entries=[
        "Department for Example Affairs (fictional)",
        "1 Example Square, London, SW1A 9ZZ",
        "",
        "Mr Tomasz Sampleford",
        "3 Mock Lane",
        "Testbury",
        "TB2 4XY",
        "",
        "Our ref: DEA-FOI-2022-00042",
        "",
        "16th Dec 2022",
        "",
        "Dear Mr Sampleford",
        "",
        "Thank you for your email of 21 November 2022 in which you asked for the following information:",
        "",
        Num(0, "How many ministerial meetings were held with the Example Industry Council in 2022?"),
        Num(1, "Please give the date of each meeting."),
        Num(1, "Please provide the minutes of each meeting."),
        Num(0, "Please provide all correspondence between the Minister and the Example Industry Council."),
        "",
        "DECISION",
        "",
        "We hold information in scope of your request. Some of it is exempt under section 35(1)(a) (formulation of "
        "government policy) and section 40(2) and (3) (personal information) of the Freedom of Information Act 2000.",
        "",
        "INFORMATION RELEASED",
        "",
        Num(0, "How many ministerial meetings were held with the Example Industry Council in 2022?", restart=True),
        "Three meetings were held.",
        Num(1, "Please give the date of each meeting."),
        "The meetings took place on 14 February, 9 June and 3 October.",
        Num(1, "Please provide the minutes of each meeting."),
        "The minutes are withheld under section 35(1)(a), because the policy is still being developed.",
        Num(0, "Please provide all correspondence between the Minister and the Example Industry Council."),
        "Copies are attached, with the names of junior officials redacted under section 40(2) and (3).",
        *_sign("Aoife Dummington", "FOI Team"),
    ],
    reference="DEA-FOI-2022-00042",
    responded="2022-12-16",
    received="2022-11-21",
    regime="FOIA",
    numbers=["1", "1a", "1b", "2"],
    exemptions={"s35(1)(a)": False, "s40(2)": False, "s40(3)": False},
    outcome="granted-in-part",
    requester="Sampleford",
    topics=[],
)

COST_LIMIT = Letter(
    name="cost-limit",
    entries=[
        "Westshire Police (fictional)",
        "Freedom of Information Unit",
        "",
        "Our reference: 2023/FOI/0815",
        "Date: 7 July 2023",
        "",
        "Dear Mrs Dummett",
        "",
        "Your request for information received on 9 June 2023 has now been considered under the Freedom of Information Act 2000.",
        "",
        "You asked:",
        "",
        "1) How many stop and search encounters were recorded in each ward since 2010?",
        "2) For each encounter, what was the outcome?",
        "3) How many complaints followed each encounter?",
        "",
        "DECISION",
        "",
        "To answer your request would require a manual review of over 40,000 paper records. We estimate this would take "
        "more than 2,000 hours, which exceeds the appropriate limit of 18 hours. Section 12(1) of the Act therefore applies "
        "and we are not obliged to comply with your request.",
        "",
        "ADVICE AND ASSISTANCE",
        "",
        "You may wish to narrow your request to a single ward and a single year.",
        *_sign("Zoe Examplewood", "Freedom of Information Unit"),
    ],
    reference="2023/FOI/0815",
    responded="2023-07-07",
    received="2023-06-09",
    regime="FOIA",
    numbers=["1", "2", "3"],
    exemptions={"s12(1)": False},
    outcome="cost-limit",
    requester="Dummett",
    topics=[],
)

NOT_HELD = Letter(
    name="not-held",
    entries=[
        "Eastmoor Borough Council (fictional)",
        "Information Rights",
        "",
        "Ref: FOI-2025-3141",
        "Date: 2 May 2025",
        "",
        "Dear Ms Mockridge",
        "",
        "Thank you for your request dated 1 April 2025, which we received on 3 April 2025 and have dealt with under the "
        "Freedom of Information Act 2000.",
        "",
        "You asked for:",
        "",
        "Copies of any reports on the condition of the Old Mill footbridge since 2015.",
        "",
        "The Council has searched its highways and estates records. The Council does not hold any reports on the "
        "condition of the Old Mill footbridge, which is owned by the Canal Trust (fictional).",
        *_sign("Sam Placeholder-Jones", "Information Rights"),
    ],
    reference="FOI-2025-3141",
    responded="2025-05-02",
    received="2025-04-03",
    regime="FOIA",
    numbers=["1"],
    exemptions={},
    outcome="not-held",
    requester="Mockridge",
    topics=[],
)

LETTERS = [COUNCIL_EIR, SCOTTISH_FOISA, NHS_TRUST, GOVERNMENT_DEPARTMENT, COST_LIMIT, NOT_HELD]


def run_import(*args: str) -> tuple[int, str]:
    """``foilog import ARGS --today TODAY`` through click's test runner: (exit code, output); never a traceback."""
    import click
    from click.testing import CliRunner
    from logbuilder import TODAY_ARG

    from foilog.commands.importer.command import import_command

    group = click.Group()
    group.add_command(import_command, "import")
    result = CliRunner().invoke(group, ["import", *args, "--today", TODAY_ARG])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output
