"""Text a PDF keeps where no reader sees it: bookmarks, bytes after ``%%EOF``, objects nothing uses.

:func:`stored_text` (and :func:`add_stored_text`, which puts its result into an
inspection) accounts for every stored byte the page judge does not read:

* **Bookmarks** (the outline): their titles go to ``stored`` so the personal-data
  detectors read them; bookmarks themselves are normal and never a finding.
* **Bytes after the end of the PDF** (after its last ``%%EOF``, or before a second
  ``%PDF-`` header appended to it): readers stop at the end, so any text there is
  hidden content (``pdf-data-after-eof``). Whitespace and NUL padding are not.
* **Whole PDFs joined in front of the one readers show** (``pdf-joined-documents``):
  readers read a PDF from its end, so the earlier ones are hidden inside the file.
* **Objects that nothing uses**: objects defined in the file (every ``N G obj`` in
  the bytes, in any revision, and inside object streams) that no trailer of any
  revision reaches by following references. An unused object that holds text
  (page content, a page, a comment, a form value, a string) that no page of the
  document shows is hidden content (``pdf-unreferenced-object``). The object table,
  the reference graph and reading text out of objects are :mod:`.pdf_objects`'s job;
  this module is the entry point and handles the other stores.

The rule for revisions, so nothing is reported twice: an object that *some*
revision reaches (including superseded versions of an object number the latest
revision redefines) belongs to that revision, and
:func:`.pdf_document._revision_findings` compares earlier revisions with the
latest. Only objects that *no* revision reaches are judged here, and only for
words that no page of the current document shows (a leftover copy of a visible
page is not news to anyone). Unused objects without text (fonts, images, empty
streams: common in files from real tools) are never reported.

Everything is bounded (objects, bytes, depth) and runs inside the sandboxed worker.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from foilog.gate.attachments._common import Inspection, TextBudget, hidden, plural
from foilog.gate.attachments._model import Limits
from foilog.gate.attachments.pdf_objects import (
    DEFINITION,
    FATAL,
    RESAVE,
    WORD,
    definitions_text,
    fallback_resources,
    pdf_string,
    unused_objects,
)
from foilog.log.findings import Finding

#: ``where`` of each store, in plain words (the gate writes "in <where>, where no reader sees it: ...").
BOOKMARKS = "the bookmarks (outline)"
TAGS = "the alternative text in the PDF's tags (read out by screen readers)"
#: Structure elements read for their alternative text at most.
MAX_TAG_ITEMS = 50_000
AFTER_EOF = "text after the end of the PDF (%%EOF)"
JOINED = "an earlier PDF joined in front of the one readers show"

#: Bounds: a hostile file may hold a bookmark loop or a huge PDF appended to it.
MAX_OUTLINE_ITEMS = 10_000
MAX_OUTLINE_DEPTH = 64
MAX_APPENDED_PAGES = 500

_EOF = re.compile(rb"%%EOF")
_PADDING = b"\x00\t\n\f\r "
_PRINTABLE_RUN = re.compile(rb"[\x20-\x7e\t\r\n]{12,}")
_WORDS = re.compile(r"(?:[A-Za-z]{2,}[ \t,.:;'-]+){2,}[A-Za-z]{2,}|[\w.+-]+@[\w-]+\.[\w.]+")


def stored_text(
    reader: PdfReader, data: bytes, display: str, limits: Limits, *, shown: Iterable[str] = ()
) -> tuple[list[Finding], list[tuple[str, str]]]:
    """Findings for text stored where no reader sees it, and the (where, text) pairs for ``stored``.

    ``reader`` reads the whole file (``data``); ``shown`` is the text of the current
    document's pages (what a reader sees), so unused objects that only repeat it are
    not reported. Call inside pypdf's tightened configuration (see
    :func:`.pypdf_shim.decompression_capped`). Raises :class:`FileRefused` (fail closed)
    only when the stored text exceeds the text budget.
    """
    findings: list[Finding] = []
    stored: list[tuple[str, str]] = []
    budget = TextBudget(limits.max_text_chars)
    titles = bookmark_titles(reader)
    if titles:
        stored.append((BOOKMARKS, budget.take("\n".join(titles))))
    shown_words = {w.lower() for page in shown for w in WORD.findall(page)}
    # Replacement text that only repeats what the pages show (ligatures, a heading's /ActualText) adds nothing.
    alternates = [t for t in tag_texts(reader) if not {w.lower() for w in WORD.findall(t)} <= shown_words]
    if alternates:
        stored.append((TAGS, budget.take("\n".join(alternates))))
    joined, start, end = layout(data)
    for number, (first, last) in enumerate(joined, start=1):
        found, text = _joined(data[first:last], number, display, limits, shown_words)
        if found is not None:
            findings.append(found)
            stored.append((JOINED, budget.take(text)))
    tail_finding, tail_text = _after_eof(reader, data, end, display, limits)
    if tail_finding is not None:
        findings.append(tail_finding)
        stored.append((AFTER_EOF, budget.take(tail_text)))
    object_findings, object_texts = unused_objects(reader, data, start, end, display, budget, shown_words)
    findings.extend(object_findings)
    stored.extend(object_texts)
    return findings, stored


# -- bookmarks -------------------------------------------------------------------------------------


def _catalogue_entry(reader: PdfReader, key: str) -> DictionaryObject | None:
    """A dictionary of the document catalogue (``/Outlines``, ``/StructTreeRoot``), or None when it is
    missing or unreadable (the inspection reports an unreadable file itself)."""
    try:
        root = reader.trailer["/Root"].get_object()
        value = root.get(key) if isinstance(root, DictionaryObject) else None
        value = value.get_object() if value is not None else None
    except Exception:
        return None
    return value if isinstance(value, DictionaryObject) else None


def bookmark_titles(reader: PdfReader) -> list[str]:
    """The titles of every bookmark, in document order (nested ones included; bounded, loop-safe)."""
    outlines = _catalogue_entry(reader, "/Outlines")
    if outlines is None:
        return []
    titles: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(outlines.get("/First"), 0)]
    while stack and len(seen) < MAX_OUTLINE_ITEMS:
        ref, depth = stack.pop()
        try:
            item = ref.get_object() if ref is not None else None
        except Exception:  # noqa: S112 - a dangling reference ends that branch
            continue
        if not isinstance(item, DictionaryObject) or depth > MAX_OUTLINE_DEPTH:
            continue
        key = ref.idnum if isinstance(ref, IndirectObject) else id(item)
        if key in seen:
            continue
        seen.add(key)
        title = pdf_string(item.get("/Title"))
        if title:
            titles.append(title)
        stack.append((item.get("/Next"), depth))  # popped after the children: document order
        stack.append((item.get("/First"), depth + 1))
    return titles


def tag_texts(reader: PdfReader) -> list[str]:
    """Alternative and replacement text of a tagged PDF's structure tree: ``/Alt`` (an image's
    description, which browsers write from ``<img alt>`` and Word and LibreOffice from a picture's
    alt text), ``/ActualText`` and ``/E`` (expansion). Bounded and loop-safe."""
    tree = _catalogue_entry(reader, "/StructTreeRoot")
    if tree is None:
        return []
    texts: list[str] = []
    seen: set[int] = set()
    stack: list[Any] = [tree.get("/K")]
    while stack and len(seen) < MAX_TAG_ITEMS:
        ref = stack.pop()
        try:
            node = ref.get_object() if ref is not None else None
        except Exception:  # noqa: S112 - a dangling reference ends that branch
            continue
        if isinstance(node, ArrayObject):
            stack.extend(reversed(node[:MAX_TAG_ITEMS]))
            continue
        if not isinstance(node, DictionaryObject):
            continue
        key = ref.idnum if isinstance(ref, IndirectObject) else id(node)
        if key in seen:
            continue
        seen.add(key)
        for name in ("/Alt", "/ActualText", "/E"):
            text = pdf_string(node.get(name))
            if text and text.strip():
                texts.append(text.strip())
        stack.append(node.get("/K"))
    return list(dict.fromkeys(texts))


# -- after the end ---------------------------------------------------------------------------------


def layout(data: bytes) -> tuple[list[tuple[int, int]], int, int]:
    """Where the document a reader opens starts and ends, and the PDFs joined in front of it.

    Readers read a PDF from its end, so when whole PDFs are joined one after the
    other (a ``%PDF-`` header right after an ``%%EOF``), they show the last one and
    the earlier ones are hidden inside the file: their (start, end) come first. The
    document ends after the last ``%%EOF`` and its end of line; no ``%%EOF`` at all:
    the whole file.
    """
    ends = [m.end() for m in _EOF.finditer(data)]
    if not ends:
        return [], 0, len(data)
    starts = [0]
    for end in ends[:-1]:
        head = data[end : end + 1024]
        rest = head.lstrip(_PADDING)
        if rest.startswith(b"%PDF-"):
            starts.append(end + len(head) - len(rest))
    joined = [(starts[i], starts[i + 1]) for i in range(len(starts) - 1)]
    return joined, starts[-1], _after_eol(data, ends[-1])


def document_end(data: bytes) -> int:
    """Where the document a reader opens ends (see :func:`layout`)."""
    return layout(data)[2]


def _after_eol(data: bytes, end: int) -> int:
    if data[end : end + 2] == b"\r\n":
        return end + 2
    return end + 1 if data[end : end + 1] in (b"\r", b"\n") else end


def _after_eof(reader: PdfReader, data: bytes, end: int, display: str, limits: Limits) -> tuple[Finding | None, str]:
    """The finding for text after the end of the document, and that text."""
    tail = data[end:]
    meaningful = tail.strip(_PADDING)
    if not meaningful:
        return None, ""
    meaningful = meaningful[: limits.max_pdf_stream_bytes]
    texts: list[str] = []
    appended_pages = 0
    if meaningful.startswith(b"%PDF-"):
        appended_pages, texts, props = _appended_pdf(meaningful, limits)
        texts += props
    if not texts and DEFINITION.search(meaningful):
        texts = [t.text for t in definitions_text(reader, meaningful, 0, len(meaningful), fonts=fallback_resources(reader))]
    if not texts:
        texts = _printable_runs(meaningful)
    text = "\n".join(t for t in texts if t.strip())
    if not WORD.search(text):
        return None, ""
    size = plural(len(meaningful), "byte")
    if appended_pages:
        what = f"a second PDF ({size}, {plural(appended_pages, 'page')}) appended after the end of the PDF"
    else:
        what = f"{size} of text after the end of the PDF (after its last %%EOF marker)"
    finding = hidden(
        display,
        "pdf-data-after-eof",
        f"the file holds {what}, which no reader shows but anyone can read with a text editor; {RESAVE}",
        values=texts,
        extra={"bytes": str(len(meaningful))},
    )
    return finding, text


def _joined(blob: bytes, number: int, display: str, limits: Limits, shown_words: set[str]) -> tuple[Finding | None, str]:
    """The finding for a whole PDF joined in front of the one readers show, and its text
    (none when it only repeats words the shown document has)."""
    pages, texts, props = _appended_pdf(blob, limits)
    if not any(w.lower() not in shown_words for t in texts for w in WORD.findall(t)):
        return None, ""  # its pages only repeat what the shown document says (its properties alone are not news)
    texts = [*texts, *props]
    text = "\n".join(t for t in texts if t.strip())
    finding = hidden(
        display,
        "pdf-joined-documents",
        f"the file is several PDFs joined together: readers show only the last one, and the "
        f"{_ordinal(number)} ({plural(pages, 'page')}, {plural(len(blob), 'byte')} at the start of the file) is hidden "
        f"inside it but anyone can extract it; {RESAVE}",
        values=texts,
        extra={"bytes": str(len(blob))},
    )
    return finding, text


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"document {n}")


def _appended_pdf(blob: bytes, limits: Limits) -> tuple[int, list[str], list[str]]:
    """Pages, page text and bookmarks, and properties of a whole PDF in ``blob`` (0, [], [] when it does not parse)."""
    try:
        other = PdfReader(io.BytesIO(blob), strict=False)
        if other.is_encrypted:
            return len(other.pages), [], []
        texts: list[str] = []
        budget = TextBudget(limits.max_text_chars)
        pages = other.pages
        for page in list(pages)[:MAX_APPENDED_PAGES]:
            texts.append(budget.take(page.extract_text() or ""))
        texts.extend(bookmark_titles(other))
        props = [
            f"{str(key).lstrip('/')}: {pdf_string(value)}"
            for key, value in (other.metadata or {}).items()
            if key not in ("/CreationDate", "/ModDate") and pdf_string(value)
        ]
        return len(pages), texts, props
    except FATAL:
        raise
    except Exception:  # a broken appended file: fall back to its objects and raw text
        return 0, [], []


def _printable_runs(blob: bytes) -> list[str]:
    """Text in raw bytes that reads as words (never random binary).

    Bytes that are all text (a note, an XML record) are taken whole. Otherwise
    only runs of printable ASCII that hold three words (or an e-mail address) and
    are mostly letters and spaces count: random bytes (a compressed stream, an
    image) produce short printable runs, not sentences.
    """
    try:
        whole = blob.decode("utf-8")
    except UnicodeDecodeError:
        whole = ""
    if whole and sum(ch.isprintable() or ch.isspace() for ch in whole) >= 0.95 * len(whole):
        return [" ".join(line.split()) for line in whole.splitlines() if line.strip()]
    out = []
    for m in _PRINTABLE_RUN.finditer(blob):
        text = m.group(0).decode("ascii")
        letters = sum(ch.isalpha() or ch.isspace() for ch in text)
        if _WORDS.search(text) and letters >= 0.7 * len(text):
            out.append(" ".join(text.split()))
    return out


def add_stored_text(out: Inspection, reader: PdfReader, data: bytes, display: str, limits: Limits) -> None:
    """:func:`stored_text` into an inspection: its findings, and its stored text judged against the pages' text."""
    findings, stored = stored_text(reader, data, display, limits, shown=out.text_pages)
    out.findings.extend(findings)
    out.stored.extend(stored)
