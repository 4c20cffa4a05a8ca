"""Raw text out of PDF and Word letters: the only code here that parses binary input.

These functions run inside the sandboxed worker (:mod:`._worker`), so they
may assume a memory cap, but they still bound everything they read: pypdf
runs with the leak gate's decompression limits
(:func:`foilog.gate.attachments.pypdf_shim.decompression_capped`) and DOCX parts
are read through the zip-bomb-checked :class:`foilog.gate.attachments.ooxml.Package`.
Each raises :class:`LetterUnreadable` with a message a publishing team can act on.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from foilog.commands.importer.questions import is_question_start
from foilog.gate.attachments import Limits as InspectLimits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class LetterUnreadable(Exception):
    """The letter cannot be turned into text; the message says why and what to do."""


@dataclass(frozen=True)
class ReadLimits:
    """Bounds for reading one letter; a letter is a few pages, so these are tight."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_pages: int = 300
    max_text_chars: int = 2_000_000
    timeout_seconds: float = 30.0
    memory_mb: int = 460
    max_pdf_stream_bytes: int = 50 * 1024 * 1024
    #: Parse PDF and DOCX in a resource-limited worker process (turn off only for trusted input).
    sandbox: bool = True

    def inspect_limits(self) -> InspectLimits:
        """The attachment inspector's limits, for the helpers shared with it."""
        return InspectLimits(
            max_file_bytes=self.max_file_bytes,
            max_pdf_stream_bytes=self.max_pdf_stream_bytes,
            max_text_chars=self.max_text_chars,
            max_zip_uncompressed_bytes=64 * 1024 * 1024,
            sandbox=False,
        )


def pdf_pages(path: Path, limits: ReadLimits) -> list[str]:
    """Text of each page, in layout mode where pypdf manages it.

    Layout mode keeps the blank line between paragraphs and the indentation of
    sub-questions, which plain mode loses (compared on the Metropolitan Police
    letter: plain mode runs every paragraph together), so question splitting
    and re-joining of wrapped lines work from layout text.
    """
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    from foilog.gate.attachments.pypdf_shim import decompression_capped

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    data = path.read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise LetterUnreadable("the file is named .pdf but is not a PDF; check it is the letter you meant to import")
    pages: list[str] = []
    total = 0
    with decompression_capped(limits.inspect_limits().max_pdf_stream_bytes):
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")  # "restricted" PDFs open with an empty password
                except Exception:
                    opened = PasswordType.NOT_DECRYPTED
                if not opened:
                    raise LetterUnreadable(
                        "the PDF is encrypted with a password, so it cannot be read; save an unencrypted copy "
                        "(or import the Word original) and import that"
                    )
            if len(reader.pages) > limits.max_pages:
                raise LetterUnreadable(f"the PDF has {len(reader.pages):,} pages (limit {limits.max_pages}); is this really a letter?")
            for page in reader.pages:
                try:
                    text = page.extract_text(extraction_mode="layout")
                except Exception:
                    text = page.extract_text()
                total += len(text)
                if total > limits.max_text_chars:
                    raise LetterUnreadable(
                        f"the PDF holds more than {limits.max_text_chars:,} characters of text; is this really a letter?"
                    )
                pages.append(text)
        except FileNotDecryptedError:
            raise LetterUnreadable("the PDF is encrypted with a password; save an unencrypted copy and import that") from None
        except PdfReadError as exc:
            raise LetterUnreadable(f"the PDF is damaged ({str(exc)[:100]}); re-save it from its source application") from None
    if not any(p.strip() for p in pages):
        raise LetterUnreadable(
            "the PDF has no text layer (probably a scan), so nothing can be read; import the Word original, or run OCR first"
        )
    return pages


# --------------------------------------------------------------------------- DOCX


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


def _numbering(root: Element | None) -> dict[str, dict[int, _Level]]:
    """numId -> level -> format, from word/numbering.xml (abstractNum resolved)."""
    if root is None:
        return {}
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.iter(f"{W}abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in node.iter(f"{W}lvl"):
            ilvl = int(lvl.get(f"{W}ilvl", "0"))
            fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
            text = _val(lvl.find(f"{W}lvlText")) or ""
            start = int(_val(lvl.find(f"{W}start")) or "1")
            levels[ilvl] = _Level(fmt, text, start)
        abstract[node.get(f"{W}abstractNumId", "")] = levels
    out: dict[str, dict[int, _Level]] = {}
    for num in root.iter(f"{W}num"):
        ref = _val(num.find(f"{W}abstractNumId"))
        if ref in abstract:
            out[num.get(f"{W}numId", "")] = abstract[ref]
    return out


def _val(el: Element | None) -> str | None:
    return None if el is None else el.get(f"{W}val")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


class _Counter:
    """Turns w:numPr into the label Word would show (``1.``, ``a)``, ``(ii)``)."""

    def __init__(self, numbering: dict[str, dict[int, _Level]]) -> None:
        self.numbering = numbering
        self.counts: dict[str, list[int]] = {}

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.numbering.get(num_id)
        if not levels or num_id == "0":
            return ""
        counts = self.counts.setdefault(num_id, [0] * 9)
        ilvl = max(0, min(ilvl, 8))
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return "-" if level is not None and level.fmt == "bullet" else ""
        text = level.text
        for i in range(ilvl + 1):
            lv = levels.get(i, _Level("decimal", "", 1))
            text = text.replace(f"%{i + 1}", _format(counts[i] + lv.start - 1, lv.fmt))
        return text


def _paragraph_text(p: Element) -> str:
    """Text of a paragraph: runs and insertions, never deleted text (w:del / w:delText)."""
    parts: list[str] = []

    def walk(el: Element) -> None:
        for child in el:
            tag = child.tag
            if tag in (f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr"):
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _table_lines(tbl: Element, counter: _Counter) -> list[str]:
    """A table as lines; a two-column question/answer row becomes question + 'Response:'."""
    lines: list[str] = []
    for tr in tbl.iter(f"{W}tr"):
        cells = []
        for tc in tr.findall(f"{W}tc"):
            texts = [_numbered(p, counter) for p in tc.iter(f"{W}p")]
            cells.append(" ".join(t.strip() for t in texts if t.strip()))
        if not any(cells):
            continue
        if len(cells) == 2 and is_question_start(cells[0]) and cells[1]:
            lines += [cells[0], "", f"Response: {cells[1]}", ""]
        else:
            lines += [" | ".join(cells), ""]
    return lines


def _numbered(p: Element, counter: _Counter) -> str:
    text = _paragraph_text(p)
    ppr = p.find(f"{W}pPr")
    num = ppr.find(f"{W}numPr") if ppr is not None else None
    if num is not None:
        label = counter.label(_val(num.find(f"{W}numId")) or "", int(_val(num.find(f"{W}ilvl")) or "0"))
        if label:
            text = f"{label} {text}"
    return text


def docx_lines(path: Path, limits: ReadLimits) -> list[str]:
    """Logical lines of word/document.xml: one per paragraph, a blank line after each."""
    from foilog.gate.attachments import FileRefused
    from foilog.gate.attachments.ooxml import Package

    try:
        with Package(path, limits.inspect_limits()) as pkg:
            if not pkg.has("word/document.xml"):
                raise LetterUnreadable("the file is not a Word document (no word/document.xml); save it as .docx and import again")
            counter = _Counter(_numbering(pkg.xml("word/numbering.xml")))
            root = pkg.xml("word/document.xml")
    except FileRefused as exc:
        raise LetterUnreadable(exc.message) from None
    body = root.find(f"{W}body") if root is not None else None
    if body is None:
        raise LetterUnreadable("the Word document has no body text")
    lines: list[str] = []
    budget = [limits.max_text_chars]

    def add(new: list[str]) -> None:
        budget[0] -= sum(len(line) for line in new)
        if budget[0] < 0:
            raise LetterUnreadable(f"the document holds more than {limits.max_text_chars:,} characters; is this really a letter?")
        lines.extend(new)

    def walk(parent: Element) -> None:
        for block in parent:
            if block.tag == f"{W}tbl":
                add(_table_lines(block, counter))
            elif block.tag == f"{W}p":
                add([*_numbered(block, counter).split("\n"), ""])
            elif block.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}ins", f"{W}customXml"):
                walk(block)  # content controls and inserted blocks hold paragraphs too

    walk(body)
    return lines
