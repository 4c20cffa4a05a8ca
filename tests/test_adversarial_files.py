"""Hostile attachment files that test_attachments_safety.py does not already throw at the gate.

Each one must fail closed: an ``unsafe-file`` error naming what is wrong, no text
taken from it, and never the content of a file it points to (external entities).
Zip bombs in .xlsx, 200 MB PDF streams, encrypted PDFs, pixel bombs and a photo
named .pdf are covered elsewhere (and marked adversarial there).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from attachment_builders import W_NS, docx, para, rewrite_zip, text_op, write_pdf

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.log.findings import Category, Severity

pytestmark = pytest.mark.adversarial

PLANTED = "TOPSECRET-XXE-41"


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}", limits=Limits())


def _secret_file(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text(PLANTED, encoding="utf-8")
    return path


def _doctype(root: str, folder: Path) -> str:
    """An external entity that would pull a local file into the document (XXE)."""
    return f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{_secret_file(folder)}">]>'


def docx_media_bomb(path: Path) -> Path:
    """A Word document carrying a 300 MB part of zeros (a few hundred kB zipped)."""
    docx(path, para("hello"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("word/media/big.bin", "w", force_zip64=True) as member:
        for _ in range(300):
            member.write(b"\0" * 1024 * 1024)
    return path


def docx_body_bomb(path: Path) -> Path:
    """A Word document whose main part inflates to 300 MB of text."""
    docx(path, para("hello"))
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    return rewrite_zip(path, {"word/document.xml": head + b"a" * (300 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body></w:document>"})


def docx_xxe(path: Path) -> Path:
    docx(path, para("hello"))
    xml = f'<?xml version="1.0"?>{_doctype("d", path.parent)}<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    return rewrite_zip(path, {"word/document.xml": xml.encode()})


def docx_core_xxe(path: Path) -> Path:
    """The entity in the document properties, a part read for metadata rather than text."""
    docx(path, para("hello"))
    xml = (
        f'<?xml version="1.0"?>{_doctype("c", path.parent)}<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>&x;</dc:creator></cp:coreProperties>'
    )
    return rewrite_zip(path, {"docProps/core.xml": xml.encode()})


def xlsx_xxe(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active["A1"] = "hi"
    book.save(path)
    doctype = _doctype("w", path.parent)
    return rewrite_zip(path, {"xl/worksheets/sheet1.xml": lambda b: b.decode().replace("<worksheet", doctype + "<worksheet", 1).encode()})


def _halved(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
    """A file cut off half-way (an interrupted upload or copy)."""

    def build(path: Path) -> Path:
        whole = make(path.with_name("whole" + path.suffix))
        data = whole.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path

    return build


def _pdf(path: Path) -> Path:
    return write_pdf(path, [text_op(72, 700, "hello world")])


def _xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active["A1"] = "hello"
    book.save(path)
    return path


def _raw(data: bytes) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return build


#: A page tree whose /Pages node lists itself as a kid, and a length that refers to itself.
PAGE_TREE_LOOP = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj
4 0 obj << /Length 5 0 R >> stream
BT /F1 12 Tf 72 700 Td (hello) Tj ET
endstream endobj
5 0 obj 5 0 R endobj
trailer << /Root 1 0 R /Size 6 >>
%%EOF
"""

#: An object stream that extends itself and holds an object referring to itself.
OBJECT_STREAM_LOOP = b"""%PDF-1.5
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 6 0 R >> endobj
7 0 obj << /Type /ObjStm /N 1 /First 4 /Length 20 /Extends 7 0 R >> stream
6 0 << /X 6 0 R >>
endstream endobj
trailer << /Root 1 0 R /Size 8 >>
%%EOF
"""

HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "media-bomb.docx": (docx_media_bomb, "unsafe-zip-bomb"),
    "body-bomb.docx": (docx_body_bomb, "unsafe-zip-bomb"),
    "xxe.docx": (docx_xxe, "unsafe-unparseable"),
    "xxe-properties.docx": (docx_core_xxe, "unsafe-unparseable"),
    "xxe.xlsx": (xlsx_xxe, "unsafe-unparseable"),
    "truncated.pdf": (_halved(_pdf), "unsafe-unparseable"),
    "truncated.docx": (_halved(lambda p: docx(p, para("hello"))), "unsafe-unparseable"),
    "truncated.xlsx": (_halved(_xlsx), "unsafe-unparseable"),
    "page-tree-loop.pdf": (_raw(PAGE_TREE_LOOP), "unsafe-unparseable"),
    "object-stream-loop.pdf": (_raw(OBJECT_STREAM_LOOP), "unsafe-unparseable"),
    "empty.pdf": (_raw(b""), "unsafe-type-mismatch"),
    "scripted.svg": (
        _raw(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
        "unsafe-unsupported-format",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_closed(tmp_path: Path, name: str) -> None:
    make, rule = HOSTILE[name]
    report = inspect(make(tmp_path / name))
    assert [f.rule for f in report.findings] == [rule]
    assert all(f.category is Category.UNSAFE_FILE and f.severity is Severity.ERROR for f in report.findings)
    assert report.text_pages == () or len(report.text_pages) == 0, "no text is taken from a file that failed"


@pytest.mark.parametrize("name", [n for n in sorted(HOSTILE) if n.startswith("xxe")])
def test_external_entities_are_named_and_never_resolved(tmp_path: Path, name: str) -> None:
    make, _ = HOSTILE[name]
    report = inspect(make(tmp_path / name))
    (finding,) = report.findings
    assert "entity" in finding.message
    assert PLANTED not in repr(report), "the file an entity points to was read"
