"""Text a PDF keeps where no reader sees it: bookmarks, bytes after ``%%EOF``, objects nothing uses.

:func:`stored_text` accounts for every stored byte the page judge does not read:

* **Bookmarks** (the outline): their titles go to ``stored`` so the personal-data
  detectors read them; bookmarks themselves are normal and never a finding.
* **Bytes after the end of the PDF** (after its last ``%%EOF``, or before a second
  ``%PDF-`` header appended to it): readers stop at the end, so any text there is
  hidden content (``pdf-data-after-eof``). Whitespace and NUL padding are not.
* **Objects that nothing uses**: objects defined in the file (every ``N G obj`` in
  the bytes, in any revision, and inside object streams) that no trailer of any
  revision reaches by following references. An unused object that holds text
  (page content, a page, a comment, a form value, a string) that no page of the
  document shows is hidden content (``pdf-unreferenced-object``).

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

import contextlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
    read_object,
)

from foilog.findings import Finding, Severity

from ._common import FileRefused, Inspection, TextBudget, hidden, plural
from ._model import Limits

#: ``where`` of each store, in plain words (the gate writes "in <where>, where no reader sees it: ...").
BOOKMARKS = "the bookmarks (outline)"
AFTER_EOF = "text after the end of the PDF (%%EOF)"
JOINED = "an earlier PDF joined in front of the one readers show"

_RESAVE = "re-save the PDF as a new file (Save As, or Print to PDF) so only what is shown remains"

#: Bounds: a hostile file may hold millions of tiny objects or a bookmark loop.
MAX_OUTLINE_ITEMS = 10_000
MAX_OUTLINE_DEPTH = 64
MAX_OBJECTS = 300_000
MAX_REFS_PER_OBJECT = 200_000
MAX_TEXT_OBJECTS = 2_000
MAX_OBJECT_FINDINGS = 20
MAX_APPENDED_PAGES = 500
MAX_FALLBACK_FONT_PAGES = 50

#: Errors that must reach the caller: out of memory, over the text budget, over pypdf's decompression limits.
_FATAL = (MemoryError, FileRefused, LimitReachedError)

_WS = rb"[\x00\t\n\f\r ]"
_DEF = re.compile(rb"(?<![0-9])([0-9]{1,10})" + _WS + rb"+([0-9]{1,5})" + _WS + rb"+obj(?![A-Za-z0-9])")
_TRAILER = re.compile(rb"trailer" + _WS + rb"*<<")
_EOF = re.compile(rb"%%EOF")
_PADDING = b"\x00\t\n\f\r "
#: A word of at least two letters (any script): text, not stray glyph codes.
_WORD = re.compile(r"[^\W\d_]{2,}")
_PRINTABLE_RUN = re.compile(rb"[\x20-\x7e\t\r\n]{12,}")
_WORDS = re.compile(r"(?:[A-Za-z]{2,}[ \t,.:;'-]+){2,}[A-Za-z]{2,}|[\w.+-]+@[\w-]+\.[\w.]+")
_ANNOT_SUBTYPES = {
    "/Text",
    "/FreeText",
    "/Highlight",
    "/Underline",
    "/StrikeOut",
    "/Squiggly",
    "/Caret",
    "/Ink",
    "/Stamp",
    "/Square",
    "/Circle",
    "/Line",
    "/Polygon",
    "/PolyLine",
    "/Popup",
    "/Redact",
    "/Widget",
    "/Link",
    "/FileAttachment",
}
_NOT_TEXT_TYPES = {"/XRef", "/ObjStm", "/EmbeddedFile", "/Metadata", "/XObject-Image"}
_FONT_SUBTYPES = {"/Type1C", "/CIDFontType0C", "/OpenType"}
_IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"}


def stored_text(
    reader: PdfReader, data: bytes, display: str, limits: Limits, *, shown: Iterable[str] = ()
) -> tuple[list[Finding], list[tuple[str, str]]]:
    """Findings for text stored where no reader sees it, and the (where, text) pairs for ``stored``.

    ``reader`` reads the whole file (``data``); ``shown`` is the text of the current
    document's pages (what a reader sees), so unused objects that only repeat it are
    not reported. Call inside pypdf's tightened configuration (see
    :func:`.pdf_document.pdf_configuration`). Raises :class:`FileRefused` (fail closed)
    only when the stored text exceeds the text budget.
    """
    findings: list[Finding] = []
    stored: list[tuple[str, str]] = []
    budget = TextBudget(limits.max_text_chars)
    titles = bookmark_titles(reader)
    if titles:
        stored.append((BOOKMARKS, budget.take("\n".join(titles))))
    shown_words = {w.lower() for page in shown for w in _WORD.findall(page)}
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
    objects = unreferenced_texts(reader, data, start, end)
    if objects is None:
        findings.append(
            hidden(
                display,
                "pdf-unreferenced-object",
                f"the PDF holds more than {MAX_OBJECTS:,} objects, too many for foilog to check that every one of them is used; {_RESAVE}",
                severity=Severity.WARNING,
            )
        )
        return findings, stored
    reported: list[UnusedText] = []
    for item in objects:
        new = [w for w in _WORD.findall(item.text) if w.lower() not in shown_words]
        if not new:
            continue  # only repeats what the pages show
        stored.append((f"object {item.number} of the PDF, which nothing in the document uses", budget.take(item.text)))
        if item.counts:
            reported.append(item)
    findings.extend(_object_findings(display, reported))
    return findings, stored


# -- bookmarks -------------------------------------------------------------------------------------


def bookmark_titles(reader: PdfReader) -> list[str]:
    """The titles of every bookmark, in document order (nested ones included; bounded, loop-safe)."""
    try:
        root = reader.trailer["/Root"].get_object()
        outlines = root.get("/Outlines")
        outlines = outlines.get_object() if outlines is not None else None
    except Exception:  # no readable catalogue: the inspection reports the file
        return []
    if not isinstance(outlines, DictionaryObject):
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
        title = _string(item.get("/Title"))
        if title:
            titles.append(title)
        stack.append((item.get("/Next"), depth))  # popped after the children: document order
        stack.append((item.get("/First"), depth + 1))
    return titles


def _string(value: Any) -> str:
    """A PDF string as text ('' for anything else); byte strings only when they read as text."""
    try:
        value = value.get_object() if isinstance(value, IndirectObject) else value
    except Exception:
        return ""
    if isinstance(value, TextStringObject):
        return " ".join(str(value).split())
    if isinstance(value, ByteStringObject):
        raw = bytes(value)
        printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in raw)
        return " ".join(raw.decode("latin-1").split()) if raw and printable >= 0.9 * len(raw) else ""
    if isinstance(value, str) and not isinstance(value, NameObject):
        return " ".join(value.split())
    return ""


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
    if not texts and _DEF.search(meaningful):
        texts = [t.text for t in _definitions_text(reader, meaningful, 0, len(meaningful), fonts=_fallback_resources(reader))]
    if not texts:
        texts = _printable_runs(meaningful)
    text = "\n".join(t for t in texts if t.strip())
    if not _WORD.search(text):
        return None, ""
    size = plural(len(meaningful), "byte")
    if appended_pages:
        what = f"a second PDF ({size}, {plural(appended_pages, 'page')}) appended after the end of the PDF"
    else:
        what = f"{size} of text after the end of the PDF (after its last %%EOF marker)"
    finding = hidden(
        display,
        "pdf-data-after-eof",
        f"the file holds {what}, which no reader shows but anyone can read with a text editor; {_RESAVE}",
        values=texts,
        extra={"bytes": str(len(meaningful))},
    )
    return finding, text


def _joined(blob: bytes, number: int, display: str, limits: Limits, shown_words: set[str]) -> tuple[Finding | None, str]:
    """The finding for a whole PDF joined in front of the one readers show, and its text
    (none when it only repeats words the shown document has)."""
    pages, texts, props = _appended_pdf(blob, limits)
    if not any(w.lower() not in shown_words for t in texts for w in _WORD.findall(t)):
        return None, ""  # its pages only repeat what the shown document says (its properties alone are not news)
    texts = [*texts, *props]
    text = "\n".join(t for t in texts if t.strip())
    finding = hidden(
        display,
        "pdf-joined-documents",
        f"the file is several PDFs joined together: readers show only the last one, and the "
        f"{_ordinal(number)} ({plural(pages, 'page')}, {plural(len(blob), 'byte')} at the start of the file) is hidden "
        f"inside it but anyone can extract it; {_RESAVE}",
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
            f"{str(key).lstrip('/')}: {_string(value)}"
            for key, value in (other.metadata or {}).items()
            if key not in ("/CreationDate", "/ModDate") and _string(value)
        ]
        return len(pages), texts, props
    except _FATAL:
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


# -- objects nothing uses --------------------------------------------------------------------------


@dataclass
class UnusedText:
    """Text found in one object that nothing in the file references."""

    number: int
    #: What the object is, in plain words ("a page that is not part of the document").
    kind: str
    text: str
    #: True when the text is document text (page content, a comment, a form value, a string);
    #: False for property-like strings, which only go to the detectors.
    counts: bool


@dataclass
class _Graph:
    """Every object definition of the file and the references between them."""

    #: object number -> where each of its definitions is: ("file", offset) or ("objstm", stream number, index)
    defined: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    edges: dict[int, set[int]] = field(default_factory=dict)
    roots: set[int] = field(default_factory=set)
    structural: set[int] = field(default_factory=set)

    def add(self, number: int, where: tuple[Any, ...], obj: Any) -> None:
        self.defined.setdefault(number, []).append(where)
        self.edges.setdefault(number, set()).update(_refs(obj))
        if isinstance(obj, DictionaryObject):
            kind = obj.get("/Type")
            if kind == "/XRef":  # a cross-reference stream is a trailer
                self.roots.update(_refs(obj))
            if kind in ("/XRef", "/ObjStm") or "/Linearized" in obj:
                self.structural.add(number)
            if kind == "/Catalog":
                self.roots.add(number)

    def unused(self) -> list[int]:
        reached: set[int] = set()
        todo = [n for n in self.roots if n not in reached]
        while todo:
            n = todo.pop()
            if n in reached:
                continue
            reached.add(n)
            todo.extend(m for m in self.edges.get(n, ()) if m not in reached)
        return sorted(n for n in self.defined if n not in reached and n not in self.structural and n > 0)


def _refs(obj: Any) -> set[int]:
    """Object numbers ``obj`` references directly (not following them; bounded)."""
    out: set[int] = set()
    todo = [obj]
    seen = 0
    while todo and seen < MAX_REFS_PER_OBJECT:
        item = todo.pop()
        seen += 1
        if isinstance(item, IndirectObject):
            out.add(item.idnum)
        elif isinstance(item, DictionaryObject):
            todo.extend(item.values())
        elif isinstance(item, ArrayObject):
            todo.extend(item)
    return out


def _parse_at(stream: io.BytesIO, reader: PdfReader, offset: int) -> tuple[Any, int]:
    """The object defined at ``offset`` (``N G obj ...``) and where its definition ends."""
    stream.seek(offset)
    reader.read_object_header(stream)
    obj = read_object(stream, reader)
    return obj, stream.tell()


def _object_stream(reader: PdfReader, obj: StreamObject) -> Iterator[tuple[int, Any]]:
    """(number, object) of each object compressed in an object stream (``/Type /ObjStm``)."""
    n, first = obj.get("/N"), obj.get("/First")
    if not isinstance(n, int) or not isinstance(first, int):
        return
    data = obj.get_data()
    head = data[:first].split()
    pairs = [
        (int(head[i]), int(head[i + 1])) for i in range(0, min(len(head) - 1, 2 * int(n)), 2) if head[i].isdigit() and head[i + 1].isdigit()
    ]
    inner = io.BytesIO(data)
    for number, offset in pairs[:MAX_OBJECTS]:
        try:
            inner.seek(first + offset)
            yield number, read_object(inner, reader)
        except _FATAL:
            raise
        except Exception:  # noqa: S112 - one broken entry is skipped, like a reader would
            continue


def _graph(reader: PdfReader, data: bytes, start: int, end: int) -> _Graph | None:
    """Every definition in ``data[start:end]`` and its references; None when there are too many to check."""
    graph = _Graph()
    defs = []
    for m in _DEF.finditer(data, start, end):
        defs.append((int(m.group(1)), m.start()))
        if len(defs) > MAX_OBJECTS:
            return None
    stream = io.BytesIO(data)
    last_end = 0
    for number, offset in defs:
        if offset < last_end:
            continue  # inside the stream data of the object before (an uncompressed embedded file...)
        try:
            obj, stop = _parse_at(stream, reader, offset)
        except _FATAL:
            raise
        except Exception:  # noqa: S112 - "1 0 obj" that is not an object: not a definition
            continue
        last_end = stop if isinstance(obj, StreamObject) else offset
        graph.add(number, ("file", offset), obj)
        if isinstance(obj, StreamObject) and obj.get("/Type") == "/ObjStm":
            try:
                for index, (inner, inner_obj) in enumerate(_object_stream(reader, obj)):
                    graph.add(inner, ("objstm", number, offset, index), inner_obj)
            except _FATAL:
                raise
            except Exception:  # noqa: S110 - an undecodable object stream holds nothing we can read
                pass
        if len(graph.defined) > MAX_OBJECTS:
            return None
    for m in _TRAILER.finditer(data, start, end):
        try:
            stream.seek(m.end() - 2)
            graph.roots.update(_refs(read_object(stream, reader)))
        except _FATAL:
            raise
        except Exception:  # noqa: S112 - a damaged trailer adds no roots
            continue
    with contextlib.suppress(Exception):  # pypdf's trailer is best effort here
        graph.roots.update(_refs(reader.trailer))
    return graph


def unreferenced_texts(reader: PdfReader, data: bytes, start: int = 0, end: int | None = None) -> list[UnusedText] | None:
    """Text in objects defined in ``data[start:end]`` (default: the document a reader opens, see
    :func:`layout`) that no revision's trailer reaches; None when there are too many objects to check."""
    if end is None:
        _, start, end = layout(data)
    graph = _graph(reader, data, start, end)
    if graph is None:
        return None
    unused = graph.unused()
    if not unused:
        return []
    loader = _Loader(reader, data, graph)
    fonts = _fallback_resources(reader)
    out: list[UnusedText] = []
    consumed: set[int] = set()
    unused_set = set(unused)
    candidates = unused[:MAX_TEXT_OBJECTS]
    # Unused pages first: each takes its own content objects with it (one finding, read with its fonts).
    pages = {n for n in candidates if any(isinstance(o, DictionaryObject) and _is_page(o) for o in loader.versions(n))}
    for number in sorted(candidates, key=lambda n: (n not in pages, n)):
        if number in consumed:
            continue
        for obj in loader.versions(number):
            found = _text_of(reader, number, obj, fonts, loader, unused_set=unused_set, consumed=consumed)
            if found is not None:
                out.append(found)
                break
    return out


class _Loader:
    """Re-reads an object's definitions on demand (the graph keeps only where they are)."""

    def __init__(self, reader: PdfReader, data: bytes, graph: _Graph) -> None:
        self.reader = reader
        self.stream = io.BytesIO(data)
        self.graph = graph
        self._objstm: dict[int, list[tuple[int, Any]]] = {}

    def versions(self, number: int) -> Iterator[Any]:
        """Each definition of ``number``, the latest in the file first."""
        for where in reversed(self.graph.defined.get(number, [])[-4:]):
            try:
                if where[0] == "file":
                    yield _parse_at(self.stream, self.reader, where[1])[0]
                else:
                    _, stm, offset, index = where
                    if stm not in self._objstm:
                        self._objstm = {stm: list(_object_stream(self.reader, _parse_at(self.stream, self.reader, offset)[0]))}
                    yield self._objstm[stm][index][1]
            except _FATAL:
                raise
            except Exception:  # noqa: S112
                continue


def _definitions_text(reader: PdfReader, blob: bytes, start: int, end: int, fonts: DictionaryObject) -> list[UnusedText]:
    """Text of every object defined in ``blob[start:end]`` (objects appended after the end of a PDF)."""
    graph = _Graph()
    stream = io.BytesIO(blob)
    for m in _DEF.finditer(blob, start, end):
        if len(graph.defined) >= MAX_TEXT_OBJECTS:
            break
        try:
            graph.add(int(m.group(1)), ("file", m.start()), _parse_at(stream, reader, m.start())[0])
        except _FATAL:
            raise
        except Exception:  # noqa: S112
            continue
    loader = _Loader(reader, blob, graph)
    out = []
    consumed: set[int] = set()
    numbers = set(graph.defined)
    for number in sorted(numbers):
        if number in consumed:
            continue
        for obj in loader.versions(number):
            found = _text_of(reader, number, obj, fonts, loader, unused_set=numbers, consumed=consumed)
            if found is not None:
                out.append(found)
                break
    return out


def _fallback_resources(reader: PdfReader) -> DictionaryObject:
    """Fonts of the document's pages by resource name (first wins), to read content that lost its page."""
    fonts = DictionaryObject()
    try:
        for page in list(reader.pages)[:MAX_FALLBACK_FONT_PAGES]:
            resources = page.get("/Resources")
            resources = resources.get_object() if resources is not None else None
            page_fonts = resources.get("/Font") if isinstance(resources, DictionaryObject) else None
            page_fonts = page_fonts.get_object() if page_fonts is not None else None
            if isinstance(page_fonts, DictionaryObject):
                for name, font in page_fonts.items():
                    fonts.setdefault(NameObject(name), font)
    except _FATAL:
        raise
    except Exception:  # noqa: S110 - best effort: without fonts, content is read from its raw strings
        pass
    return DictionaryObject({NameObject("/Font"): fonts})


def _is_page(obj: DictionaryObject) -> bool:
    return obj.get("/Type") == "/Page" or ("/Contents" in obj and "/MediaBox" in obj)


def _not_text_stream(obj: StreamObject) -> bool:
    """Images, fonts, metadata, attachments and structure: never text a page draws."""
    if obj.get("/Subtype") == "/Image" or obj.get("/Type") in _NOT_TEXT_TYPES or obj.get("/Subtype") in _FONT_SUBTYPES:
        return True
    if any(key in obj for key in ("/Length1", "/Length2", "/Length3", "/N", "/FunctionType", "/ShadingType", "/PatternType")):
        return True
    filters = obj.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else [str(filters)] if filters else []
    return any(f in _IMAGE_FILTERS for f in names)


def _extract(reader: PdfReader, contents: Any, resources: Any, fonts: DictionaryObject) -> str:
    """Text of content stream(s) ``contents`` read with ``resources`` (or the document's fonts)."""
    page = PageObject(pdf=reader)
    page[NameObject("/MediaBox")] = ArrayObject([0, 0, 612, 792])
    page[NameObject("/Resources")] = resources if isinstance(resources, DictionaryObject) else fonts
    page[NameObject("/Contents")] = contents
    try:
        text = page.extract_text() or ""
    except _FATAL:
        raise
    except Exception:  # unreadable with fonts: fall back to the raw strings
        text = ""
    return " ".join(text.split())


def _resolved(value: Any) -> Any:
    """``value`` with an indirect reference followed (None when it cannot be)."""
    try:
        return value.get_object() if isinstance(value, IndirectObject) else value
    except Exception:
        return None


def _raw_strings(data: bytes) -> str:
    """Literal strings shown by ``Tj``/``TJ`` when fonts cannot decode them (printable ones only)."""
    out = []
    for m in re.finditer(rb"\(((?:[^()\\]|\\.){1,2000})\)\s*(?:Tj|'|\")|\[([^\]]{1,20000})\]\s*TJ", data):
        raw = m.group(1) if m.group(1) is not None else b"".join(re.findall(rb"\(((?:[^()\\]|\\.)*)\)", m.group(2)))
        raw = re.sub(rb"\\(.)", rb"\1", raw)
        if raw and sum(32 <= b < 127 for b in raw) >= 0.9 * len(raw):
            out.append(raw.decode("latin-1"))
    return " ".join(" ".join(out).split())


def _text_of(
    reader: PdfReader,
    number: int,
    obj: Any,
    fonts: DictionaryObject,
    loader: _Loader,
    *,
    unused_set: set[int],
    consumed: set[int],
) -> UnusedText | None:
    """The text one unused object holds, with what it is; None when it holds none."""
    if isinstance(obj, (TextStringObject, ByteStringObject)):
        text = _string(obj)
        return UnusedText(number, "a text string", text, True) if _WORD.search(text) else None
    if isinstance(obj, StreamObject):
        if _not_text_stream(obj):
            return None
        data = obj.get_data()
        if b"BT" not in data or not re.search(rb"T[jJ]|['\"]", data):
            return None
        text = _extract(reader, obj, _resolved(obj.get("/Resources")), fonts) or _raw_strings(data)
        kind = "a drawing that nothing places on a page" if obj.get("/Subtype") == "/Form" else "page content that no page draws"
        return UnusedText(number, kind, text, True) if _WORD.search(text) else None
    if not isinstance(obj, DictionaryObject):
        return None
    if _is_page(obj):
        streams, raw = [], b""
        refs = obj.get("/Contents")
        for ref in refs if isinstance(refs, ArrayObject) else [refs]:
            target = None
            if isinstance(ref, IndirectObject):
                target = next(iter(loader.versions(ref.idnum)), None)
                if ref.idnum in unused_set:
                    consumed.add(ref.idnum)
            elif isinstance(ref, StreamObject):
                target = ref
            if isinstance(target, StreamObject):
                streams.append(target)
                raw += target.get_data() + b"\n"
        text = (_extract(reader, ArrayObject(streams), _resolved(obj.get("/Resources")), fonts) if streams else "") or _raw_strings(raw)
        return UnusedText(number, "a page that is not part of the document", text, True) if _WORD.search(text) else None
    if obj.get("/Type") == "/Annot" or obj.get("/Subtype") in _ANNOT_SUBTYPES:
        said = [_string(obj.get(k)) for k in ("/Contents", "/RC", "/V")]
        said = [re.sub(r"<[^>]{0,500}>", " ", s) for s in said if s]
        author = _string(obj.get("/T"))
        text = "\n".join([*said, *([f"Author: {author}"] if author else [])])
        if not _WORD.search(text):
            return None
        counts = any(_WORD.search(s) for s in said)
        return UnusedText(number, "a comment or form field that no page shows", text, counts)
    if "/V" in obj and _WORD.search(_string(obj.get("/V"))):
        return UnusedText(number, "a form field value that no form shows", _string(obj.get("/V")), True)
    lines = [f"{str(k).lstrip('/')}: {_string(v)}" for k, v in list(obj.items())[:200] if _string(v)]
    text = "\n".join(lines)
    return UnusedText(number, "properties that nothing uses", text, False) if _WORD.search(text) else None


def _object_findings(display: str, items: list[UnusedText]) -> list[Finding]:
    """One error per unused object that holds document text (the first few), then one for the rest."""
    out = []
    for item in items[:MAX_OBJECT_FINDINGS]:
        out.append(
            hidden(
                display,
                "pdf-unreferenced-object",
                f"object {item.number} of the PDF ({item.kind}) holds text that nothing in the document shows, but anyone can "
                f"extract it from the file; {_RESAVE}",
                values=[item.text],
                extra={"object": str(item.number)},
            )
        )
    rest = items[MAX_OBJECT_FINDINGS:]
    if rest:
        numbers = ", ".join(str(i.number) for i in rest[:10]) + (" ..." if len(rest) > 10 else "")
        out.append(
            hidden(
                display,
                "pdf-unreferenced-object",
                f"{plural(len(rest), 'more object')} (objects {numbers}) hold text that nothing in the document shows; {_RESAVE}",
                values=[i.text for i in rest],
                extra={"objects": str(len(rest))},
            )
        )
    return out


def add_stored_text(out: Inspection, reader: PdfReader, data: bytes, display: str, limits: Limits) -> None:
    """:func:`stored_text` into an inspection: its findings, and its stored text judged against the pages' text."""
    findings, stored = stored_text(reader, data, display, limits, shown=out.text_pages)
    out.findings.extend(findings)
    out.stored.extend(stored)
