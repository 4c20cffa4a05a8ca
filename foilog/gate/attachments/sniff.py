"""Decide what a file is from its name and its first bytes, before any parser sees it.

A file whose bytes do not match its extension is refused outright: browsers
and office software trust the bytes, readers trust the name, and a mismatch
is either a mistake (a .doc renamed .docx) or an attempt to smuggle content
past a check built for the other type.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foilog.gate.attachments._common import FileRefused, unsafe
from foilog.log.findings import Finding

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: The UTF-16 stream name Office uses for a password-protected .xlsx/.docx,
#: which is stored as an OLE container instead of a zip.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class FileType:
    """What the extension promises."""

    kind: str
    media_type: str
    magic: str  # the sniffed signature the extension requires
    legacy: bool = False
    macro: bool = False


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TYPES: dict[str, FileType] = {
    ".pdf": FileType("pdf", "application/pdf", "pdf"),
    ".xlsx": FileType("spreadsheet", _XLSX, "zip"),
    ".xltx": FileType("spreadsheet", _XLSX, "zip"),
    ".xlsm": FileType("spreadsheet", "application/vnd.ms-excel.sheet.macroEnabled.12", "zip", macro=True),
    ".xltm": FileType("spreadsheet", "application/vnd.ms-excel.template.macroEnabled.12", "zip", macro=True),
    ".xlsb": FileType("spreadsheet", "application/vnd.ms-excel.sheet.binary.macroEnabled.12", "zip", macro=True),
    ".xls": FileType("spreadsheet", "application/vnd.ms-excel", "ole", legacy=True),
    ".docx": FileType("word", _DOCX, "zip"),
    ".dotx": FileType("word", _DOCX, "zip"),
    ".docm": FileType("word", "application/vnd.ms-word.document.macroEnabled.12", "zip", macro=True),
    ".dotm": FileType("word", "application/vnd.ms-word.template.macroEnabled.12", "zip", macro=True),
    ".doc": FileType("word", "application/msword", "ole", legacy=True),
    ".jpg": FileType("image", "image/jpeg", "jpeg"),
    ".jpeg": FileType("image", "image/jpeg", "jpeg"),
    ".png": FileType("image", "image/png", "png"),
    ".gif": FileType("image", "image/gif", "gif"),
    ".tif": FileType("image", "image/tiff", "tiff"),
    ".tiff": FileType("image", "image/tiff", "tiff"),
    ".webp": FileType("image", "image/webp", "webp"),
    ".csv": FileType("csv", "text/csv", "text"),
    ".tsv": FileType("csv", "text/tab-separated-values", "text"),
    ".txt": FileType("text", "text/plain", "text"),
    ".md": FileType("text", "text/markdown", "text"),
}

OTHER = FileType("other", "application/octet-stream", "unknown")

_NAMES = {
    "pdf": "a PDF",
    "zip": "a zip-based Office file",
    "ole": "a legacy Office (OLE) file",
    "jpeg": "a JPEG image",
    "png": "a PNG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "webp": "a WebP image",
    "text": "plain text",
    "unknown": "an unrecognised binary file",
}


def file_type(path: Path) -> FileType:
    """The type promised by the file's extension (``OTHER`` when unknown)."""
    return TYPES.get(path.suffix.lower(), OTHER)


def sniff(head: bytes) -> str:
    """Name the signature at the start of ``head`` (the first few KB of a file)."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    return "unknown"


def _sniff_text_named(head: bytes) -> str:
    """:func:`sniff` for a file named as text: "%PDF-" counts only at the very start
    (a text file may mention it in its first lines; a real PDF renamed .txt starts with it)."""
    found = sniff(head)
    if found == "pdf" and not head.lstrip().startswith(b"%PDF-"):
        return "text"
    return found


def check_type(path: Path, head: bytes) -> FileType:
    """Return the file's type, or raise :class:`FileRefused` when it must not be parsed.

    Refusals: legacy binary Office formats, macro-enabled formats, password-
    protected Office files, and any mismatch between extension and content.
    """
    expected = file_type(path)
    found = _sniff_text_named(head) if expected.magic == "text" else sniff(head)
    ext = path.suffix.lower() or "(no extension)"
    if expected.kind in ("spreadsheet", "word") and found == "ole" and not expected.legacy:
        raise FileRefused(
            "unsafe-encrypted",
            f"this {ext} file is password-protected (encrypted), so it cannot be checked for "
            "hidden content and many readers cannot open it; remove the password and publish "
            "the clean copy",
        )
    if expected.legacy:
        target = "a clean .xlsx or CSV" if expected.kind == "spreadsheet" else "PDF or a clean .docx"
        raise FileRefused(
            "unsafe-legacy-format",
            f"legacy {ext} files can hide content and macros that foilog cannot check; publish {target} instead",
        )
    if expected.macro:
        target = "CSV or a clean .xlsx" if expected.kind == "spreadsheet" else "PDF or a clean .docx"
        raise FileRefused(
            "unsafe-macro",
            f"{ext} files can carry macros (code) and foilog does not check them; publish {target} instead",
        )
    if expected is OTHER:
        return expected
    if found != expected.magic:
        raise FileRefused(
            "unsafe-type-mismatch",
            f"the file is named {ext} but its content is {_NAMES[found]}; check it is the "
            "file you meant to publish and give it the right extension",
        )
    return expected


def text_file_mismatch(path: Path, display: str) -> Finding | None:
    """An ``unsafe-type-mismatch`` finding when a text-named file (.csv, .txt, .md, .yml...) holds a binary format.

    ``foilog scan`` reads such files as text; a PDF or workbook renamed ``.csv``
    would otherwise be reported only as "not valid UTF-8" and never inspected.
    Returns None for text (and for files that cannot be read: the text scan reports those).
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError:
        return None
    found = _sniff_text_named(head)
    if found == "text":
        return None
    ext = path.suffix.lower() or "(no extension)"
    return unsafe(
        display,
        "unsafe-type-mismatch",
        f"the file is named {ext} but its content is {_NAMES[found]}; check it is the file you meant to "
        "publish and give it the right extension",
    )
