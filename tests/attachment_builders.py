"""Build small synthetic attachments in code for the attachment tests.

Every fixture is generated, never checked in: the files are tiny, the names
are fictional, and each test shows exactly what makes its file risky.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from PIL import Image
from PIL.ExifTags import IFD
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

PERSON = "Jane Example"
OTHER_PERSON = "Alex Testperson"
EMAIL = "j.example@example.org"

# -- PDF ---------------------------------------------------------------------


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_op(
    x: float, y: float, text: str, *, size: float = 12, rgb: tuple[float, float, float] | None = None, mode: int | None = None
) -> bytes:
    """A BT/ET block drawing ``text`` at (x, y) in Helvetica (/F1)."""
    parts = ["BT"]
    if rgb is not None:
        parts.append(f"{rgb[0]} {rgb[1]} {rgb[2]} rg")
    if mode is not None:
        parts.append(f"{mode} Tr")
    parts.append(f"/F1 {size} Tf {x} {y} Td ({_esc(text)}) Tj ET")
    return (" ".join(parts) + "\n").encode("latin-1")


def box_op(x: float, y: float, w: float, h: float, rgb: tuple[float, float, float] = (0, 0, 0)) -> bytes:
    """A filled rectangle in ``rgb``."""
    return f"q {rgb[0]} {rgb[1]} {rgb[2]} rg {x} {y} {w} {h} re f Q\n".encode()


def image_op(x: float = 0, y: float = 0, w: float = 612, h: float = 792) -> bytes:
    """Paint the page's /Im1 image over the given area."""
    return f"q {w} 0 0 {h} {x} {y} cm /Im1 Do Q\n".encode()


def pdf_writer(pages: Iterable[bytes], *, image: bool = False) -> PdfWriter:
    """A writer with one page per content stream; every page has /F1 and optionally /Im1."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    img_ref = None
    if image:
        img = DecodedStreamObject()
        img.set_data(b"\x80" * 4)
        img.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(2),
                NameObject("/Height"): NumberObject(2),
                NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                NameObject("/BitsPerComponent"): NumberObject(8),
            }
        )
        img_ref = writer._add_object(img)
    for content in pages:
        page = writer.add_blank_page(612, 792)
        resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        if img_ref is not None:
            resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Im1"): img_ref})
        page[NameObject("/Resources")] = resources
        stream = DecodedStreamObject()
        stream.set_data(content)
        page[NameObject("/Contents")] = writer._add_object(stream)
    return writer


def write_pdf(path: Path, pages: Iterable[bytes], *, image: bool = False, tweak: Callable[[PdfWriter], None] | None = None) -> Path:
    """Write a PDF with the given page content streams; ``tweak`` may add anything else."""
    writer = pdf_writer(pages, image=image)
    if tweak is not None:
        tweak(writer)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def add_annotation(
    writer: PdfWriter,
    subtype: str,
    *,
    contents: str | None = None,
    author: str | None = None,
    rect: tuple[float, float, float, float] = (90, 690, 300, 715),
    page: int = 0,
) -> None:
    """Add an annotation dictionary of ``subtype`` to a page."""
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([NumberObject(int(v)) for v in rect]),
        }
    )
    if contents is not None:
        annot[NameObject("/Contents")] = TextStringObject(contents)
    if author is not None:
        annot[NameObject("/T")] = TextStringObject(author)
    p = writer.pages[page]
    annots = p.get("/Annots")
    if annots is None:
        p[NameObject("/Annots")] = ArrayObject()
    p["/Annots"].append(writer._add_object(annot))


def bomb_pdf(path: Path, expanded_mb: int = 200) -> Path:
    """A one-page PDF whose content stream inflates to ``expanded_mb`` MB.

    Written and compressed in 1 MB chunks, so building it needs little memory.
    """
    chunk = b"0 0 m 1 1 l S\n" * (1024 * 1024 // 14)
    with path.open("wb") as fh:
        offsets: dict[int, int] = {}

        def obj(num: int, body: bytes) -> None:
            offsets[num] = fh.tell()
            fh.write(f"{num} 0 obj\n".encode() + body + b"\nendobj\n")

        fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        obj(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>")
        offsets[4] = fh.tell()
        fh.write(b"4 0 obj\n<< /Length 5 0 R /Filter /FlateDecode >>\nstream\n")
        start = fh.tell()
        comp = zlib.compressobj(9)
        for _ in range(expanded_mb):
            fh.write(comp.compress(chunk))
        fh.write(comp.flush())
        length = fh.tell() - start
        fh.write(b"\nendstream\nendobj\n")
        obj(5, str(length).encode())
        xref = fh.tell()
        fh.write(b"xref\n0 6\n0000000000 65535 f \n")
        for num in range(1, 6):
            fh.write(f"{offsets[num]:010d} 00000 n \n".encode())
        fh.write(f"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return path


# -- OOXML -------------------------------------------------------------------


def rewrite_zip(path: Path, changes: dict[str, bytes | Callable[[bytes], bytes] | None]) -> Path:
    """Rewrite members of a zip: bytes replace/add, a callable edits, None deletes."""
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    for name, change in changes.items():
        if change is None:
            members.pop(name, None)
        elif callable(change):
            members[name] = change(members[name])
        else:
            members[name] = change
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="jpeg" ContentType="image/jpeg"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def core_xml(creator: str = "", last_modified_by: str = "", title: str = "") -> bytes:
    """docProps/core.xml with the given properties (empty ones omitted)."""
    fields = ""
    if title:
        fields += f"<dc:title>{title}</dc:title>"
    if creator:
        fields += f"<dc:creator>{creator}</dc:creator>"
    if last_modified_by:
        fields += f"<cp:lastModifiedBy>{last_modified_by}</cp:lastModifiedBy>"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">' + fields + "</cp:coreProperties>"
    ).encode()


def docx(path: Path, body: str, *, parts: dict[str, bytes] | None = None) -> Path:
    """A minimal .docx whose <w:body> is ``body`` (raw WordprocessingML), plus extra parts."""
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
        for name, data in (parts or {}).items():
            zf.writestr(name, data)
    return path


def para(text: str) -> str:
    """One plain paragraph."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def zip_bomb_xlsx(path: Path, expanded_mb: int = 300) -> Path:
    """An .xlsx-named zip whose sheet part inflates to ``expanded_mb`` MB (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(block)
    return path


# -- images ------------------------------------------------------------------


def jpeg_bytes(*, gps: bool = False, artist: str | None = None, software: str | None = None, comment: bytes | None = None) -> bytes:
    """A small JPEG with optional EXIF GPS position, Artist, Software and COM comment."""
    img = Image.new("RGB", (16, 16), "steelblue")
    exif = Image.Exif()
    if artist:
        exif[0x013B] = artist
    if software:
        exif[0x0131] = software
    if gps:
        exif[IFD.GPSInfo] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    kwargs: dict[str, object] = {"exif": exif}
    if comment:
        kwargs["comment"] = comment
    img.save(out, "JPEG", **kwargs)
    return out.getvalue()


def png_bytes(text: dict[str, str] | None = None) -> bytes:
    """A small PNG with optional tEXt chunks."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()
