"""Read a letter (PDF, DOCX, TXT, Markdown) into clean logical lines.

Every format ends up as the same thing: a list of lines where each paragraph
or list item is one line and paragraphs are separated by blank lines. That is
what the extractors downstream work on, so they do not care where the letter
came from. PDF text is re-joined here (a PDF stores the *printed* lines), and
running headers, footers and page numbers are removed. Markdown loses its
inline markup; its headings stay headings (:mod:`.markdown`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from foilog.commands.importer.formats import LetterUnreadable, ReadLimits, docx_lines, pdf_pages
from foilog.commands.importer.markdown import Heading, markdown_lines
from foilog.commands.importer.sandbox import Sandbox

MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text", *MARKDOWN_SUFFIXES}
KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".text": "text", **dict.fromkeys(MARKDOWN_SUFFIXES, "markdown")}

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?(?:\s*-)?\s*$", re.IGNORECASE)
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
#: Lines that start a new logical line even when the previous one looks wrapped.
_STARTS_ITEM = re.compile(
    r"^\s*(?:[-•*▪–]\s|\(?[a-z]{1,3}\)|[a-z][.)]\s|\d{1,3}[a-z]?\s*[.):]|q\d|question\s+\d|answer\b|response\b|a\d+\b)",
    re.IGNORECASE,
)
_TERMINAL = (".", "?", "!", ":", ";")


@dataclass(frozen=True)
class LetterText:
    """The letter as logical lines, and where they came from."""

    source: Path
    kind: str
    lines: list[str]


def kind_of(path: Path) -> str | None:
    return KINDS.get(path.suffix.lower())


def read_letter(path: Path, limits: ReadLimits, sandbox: Sandbox | None = None) -> LetterText:
    """Read one letter; raise :class:`LetterUnreadable` with a reason for anything else."""
    kind = kind_of(path)
    if kind is None:
        raise LetterUnreadable(f"cannot import {path.suffix or 'files without an extension'}; import the letter as PDF, DOCX, TXT or MD")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LetterUnreadable(f"the file cannot be read ({exc.strerror})") from None
    if size == 0:
        raise LetterUnreadable("the file is empty")
    if size > limits.max_file_bytes:
        raise LetterUnreadable(f"the file is {size / 1e6:,.1f} MB, over the {limits.max_file_bytes / 1e6:,.0f} MB limit for a letter")
    if kind in ("text", "markdown"):
        return LetterText(path, kind, _text_lines(path, markdown=kind == "markdown"))
    if limits.sandbox and sandbox is not None:
        result = sandbox.extract(path, kind)
        if "error" in result:
            raise LetterUnreadable(str(result["error"]))
        pages = [str(p) for p in result.get("pages", [])]
    elif kind == "pdf":
        pages = pdf_pages(path, limits)
    else:
        pages = ["\n".join(docx_lines(path, limits))]
    lines = tidy_pages(pages) if kind == "pdf" else [line.rstrip() for line in pages[0].split("\n")]
    if not any(line.strip() for line in lines):
        if kind == "pdf":  # only page numbers or headers: a scan with a printed footer
            raise LetterUnreadable(
                "the PDF has no text layer (probably a scan), so nothing can be read; import the Word original, or run OCR first"
            )
        raise LetterUnreadable("the document contains no text")
    return LetterText(path, kind, join_page_breaks(_squeeze_blanks(lines)))


def _text_lines(path: Path, *, markdown: bool = False) -> list[str]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LetterUnreadable("the file is named as text but contains binary data; check it is the letter you meant to import")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
    lines = [line.rstrip().replace("\t", "    ") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if markdown:
        lines = markdown_lines(lines)
    if not any(line.strip() for line in lines):
        raise LetterUnreadable("the file contains no text")
    return join_page_breaks(_squeeze_blanks(unwrap(lines)))


def tidy_pages(pages: list[str]) -> list[str]:
    """Join the pages of a PDF: drop running headers/footers and page numbers, re-join wrapped lines."""
    split = [[_SPACES.sub(" ", line.rstrip()) for line in page.split("\n")] for page in pages]
    repeated: set[str] = set()
    if len(split) >= 3:
        edges: Counter[str] = Counter()
        for page in split:
            body = [line.strip() for line in page if line.strip()]
            edges.update(set(body[:2] + body[-2:]))
        repeated = {text for text, count in edges.items() if count >= max(3, len(split) // 2 + 1)}
    out: list[str] = []
    for page in split:
        kept = [line for line in page if line.strip() not in repeated and not _PAGE_NUMBER.match(line)]
        margin = min((len(line) - len(line.lstrip()) for line in kept if line.strip()), default=0)
        kept = [line[margin:] for line in kept]
        while kept and not kept[0].strip():
            kept.pop(0)
        if out and kept and _continues(out, kept[0]):
            last = max(i for i, line in enumerate(out) if line.strip())
            del out[last + 1 :]  # a paragraph running over the page break
            out[last] = out[last].rstrip() + " " + kept.pop(0).strip()
        elif out:
            out.append("")
        out += kept
    return unwrap(out, robust=True)


def _continues(out: list[str], first: str) -> bool:
    previous = next((line for line in reversed(out) if line.strip()), "")
    return bool(previous) and not previous.rstrip().endswith(_TERMINAL) and first.strip()[:1].islower()


def unwrap(lines: list[str], *, robust: bool = False) -> list[str]:
    """Re-join lines that were wrapped to fit the page, keeping deliberate line breaks.

    A line was wrapped if the first word of the next line would not have
    fitted on it, judged against the width the text is wrapped to. For plain
    text that width is the longest line, so a letter written a paragraph per
    line (the usual TXT export) is returned unchanged; for PDF text, which can
    hold one wide table row, it is the 95th percentile (``robust``).
    """
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 5:
        return lines
    width = lengths[int(len(lengths) * 0.95) - 1] if robust and len(lengths) >= 20 else lengths[-1]
    if width > 140 or width < 30:
        return lines
    out: list[str] = []
    physical = 0  # length of the last printed line, not of the paragraph joined so far
    for line in lines:
        prev = out[-1] if out else ""
        if (
            prev.strip()
            and line.strip()
            and not isinstance(prev, Heading)
            and not isinstance(line, Heading)
            and not _STARTS_ITEM.match(line)
            and not prev.rstrip().endswith(":")
            and not _is_caps(prev)
            and not _is_caps(line)
            and physical + 1 + len(line.split()[0]) > width * 0.85
            and not _ends_item(prev, line)
        ):
            out[-1] = prev.rstrip() + " " + line.strip()
        else:
            out.append(line)
        physical = len(line.rstrip())
    return out


def _ends_item(prev: str, line: str) -> bool:
    """A question ends at its line end ("...in 2022?") and its answer follows on the next line."""
    end = prev.rstrip()
    return end.endswith("?") or (bool(_STARTS_ITEM.match(prev)) and end.endswith(".") and line.lstrip()[:1].isupper())


#: Most words a running header or footer has ("Official Sensitive", "Northshire County Council - FOI").
_FOOTER_WORDS = 6


def join_page_breaks(lines: list[str]) -> list[str]:
    """Re-join a paragraph that a page break cut in two, dropping the page furniture in between.

    A letter saved as text from a printed page keeps the break: "It would have
    the", a blank line, perhaps "Page 3 of 6" and a running header, then
    "likelihood of ...". A paragraph that stops without punctuation and the
    next paragraph that starts in lower case (not a list item such as "a.")
    are one sentence. Between them, page numbers and short lines the letter
    repeats elsewhere (headers, footers) are dropped; anything else in between
    means they are not halves of one sentence, and they are left alone.
    """
    counts = Counter(line.strip() for line in lines if line.strip())
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        while _open_end(line):  # a sentence can run over more than one page break
            j = i
            while j < len(lines) and (not lines[j].strip() or _furniture(lines[j], counts)):
                j += 1
            if not (i < j < len(lines) and _continuation(lines[j])):
                break
            line, i = line.rstrip() + " " + lines[j].strip(), j + 1
        out.append(line)
    return out


def _open_end(line: str) -> bool:
    """A paragraph that stops mid-sentence: ends in a letter, a digit or a comma, not at a heading."""
    text = line.rstrip()
    return (
        bool(text)
        and not isinstance(line, Heading)
        and (text[-1:].isalnum() or text.endswith(","))
        and len(text.split()) >= 4
        and not _is_caps(text)
    )


def _continuation(line: str) -> bool:
    """The rest of a sentence: starts with a lower-case word, and is not a list item ("a. ...", "(b) ...")."""
    text = line.strip()
    return bool(text) and not isinstance(line, Heading) and text[:1].islower() and not _STARTS_ITEM.match(text)


def _furniture(line: str, counts: Counter[str]) -> bool:
    """A page number, or a short line the letter prints more than once (a running header or footer)."""
    text = line.strip()
    return bool(_PAGE_NUMBER.match(text)) or (counts[text] >= 2 and len(text.split()) <= _FOOTER_WORDS and not _open_end(text))


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _squeeze_blanks(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line if line.strip() else "")
    while out and not out[-1].strip():
        out.pop()
    return out
