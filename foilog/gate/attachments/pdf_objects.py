"""The object table and reference graph of a PDF: which objects nothing uses, and the text they hold.

A PDF is a table of numbered objects (``N G obj ... endobj`` in the bytes, or
members of object streams) that point at each other by reference; a reader shows
only what it reaches from the trailer. Editing tools that append revisions, or
that drop a page without rewriting the file, leave objects behind that no reader
shows but anyone can extract. This module:

* collects every definition in the bytes (in any revision, and inside object
  streams) with the object numbers it references (:func:`_graph`);
* finds the objects that **no** trailer of any revision (classic ``trailer``
  dictionaries, cross-reference streams, the catalogue) reaches
  (:meth:`_Graph.unused`): objects some revision reaches are left to
  :func:`.pdf_document._revision_findings`, so nothing is reported twice;
* extracts the text such an object holds: page content (read with its own
  fonts, or the document's, or as raw strings), a page with its content, a
  comment or form value, a string, property-like dictionaries
  (:func:`unreferenced_texts`, :func:`definitions_text`);
* turns it into ``pdf-unreferenced-object`` findings and ``stored`` text
  (:func:`unused_objects`), skipping text that only repeats what the pages show.

It is separate from :mod:`.pdf_stores` (the entry point, bookmarks, bytes after
``%%EOF`` and joined PDFs) because parsing the object table is its own job, and
the after-``%%EOF`` check reuses it to read objects appended after the end.
Everything is bounded (objects, references per object, objects read for text)
and runs inside the sandboxed worker.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
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
)

from foilog.gate.attachments._common import FileRefused, TextBudget, hidden, plural
from foilog.gate.attachments.pdf_annotation_types import COMMENT_TYPES
from foilog.gate.attachments.pypdf_shim import parse_object, parse_object_at
from foilog.log.findings import Finding, Severity

#: The advice every stored-text finding of a PDF ends with.
RESAVE = "re-save the PDF as a new file (Save As, or Print to PDF) so only what is shown remains"

#: Bounds: a hostile file may hold millions of tiny objects.
MAX_OBJECTS = 300_000
MAX_REFS_PER_OBJECT = 200_000
MAX_TEXT_OBJECTS = 2_000
MAX_OBJECT_FINDINGS = 20
MAX_FALLBACK_FONT_PAGES = 50

#: Errors that must reach the caller: out of memory, over the text budget, over pypdf's decompression limits.
FATAL = (MemoryError, FileRefused, LimitReachedError)

_WS = rb"[\x00\t\n\f\r ]"
#: An object definition, ``N G obj``.
DEFINITION = re.compile(rb"(?<![0-9])([0-9]{1,10})" + _WS + rb"+([0-9]{1,5})" + _WS + rb"+obj(?![A-Za-z0-9])")
_TRAILER = re.compile(rb"trailer" + _WS + rb"*<<")
#: A word of at least two letters (any script): text, not stray glyph codes.
WORD = re.compile(r"[^\W\d_]{2,}")
#: Dictionaries read as a comment or form field: the comment types, and redactions, form widgets,
#: links and file attachments (which may carry /Contents, /T or /V too).
_ANNOT_SUBTYPES = COMMENT_TYPES | {"/Redact", "/Widget", "/Link", "/FileAttachment"}
_NOT_TEXT_TYPES = {"/XRef", "/ObjStm", "/EmbeddedFile", "/Metadata", "/XObject-Image"}
_FONT_SUBTYPES = {"/Type1C", "/CIDFontType0C", "/OpenType"}
_IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"}


def unused_objects(
    reader: PdfReader, data: bytes, start: int, end: int, display: str, budget: TextBudget, shown_words: set[str]
) -> tuple[list[Finding], list[tuple[str, str]]]:
    """Findings and (where, text) pairs for ``stored`` for the objects in ``data[start:end]`` that nothing uses.

    Text that only repeats words in ``shown_words`` (the lower-cased words of the
    pages a reader sees) is skipped. Too many objects to check is one warning.
    """
    objects = unreferenced_texts(reader, data, start, end)
    if objects is None:
        finding = hidden(
            display,
            "pdf-unreferenced-object",
            f"the PDF holds more than {MAX_OBJECTS:,} objects, too many for foilog to check that every one of them is used; {RESAVE}",
            severity=Severity.WARNING,
        )
        return [finding], []
    stored: list[tuple[str, str]] = []
    reported: list[UnusedText] = []
    for item in objects:
        new = [w for w in WORD.findall(item.text) if w.lower() not in shown_words]
        if not new:
            continue  # only repeats what the pages show
        stored.append((f"object {item.number} of the PDF, which nothing in the document uses", budget.take(item.text)))
        if item.counts:
            reported.append(item)
    return _object_findings(display, reported), stored


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
            yield number, parse_object(inner, reader)
        except FATAL:
            raise
        except Exception:  # noqa: S112 - one broken entry is skipped, like a reader would
            continue


def _graph(reader: PdfReader, data: bytes, start: int, end: int) -> _Graph | None:
    """Every definition in ``data[start:end]`` and its references; None when there are too many to check."""
    graph = _Graph()
    defs = []
    for m in DEFINITION.finditer(data, start, end):
        defs.append((int(m.group(1)), m.start()))
        if len(defs) > MAX_OBJECTS:
            return None
    stream = io.BytesIO(data)
    last_end = 0
    for number, offset in defs:
        if offset < last_end:
            continue  # inside the stream data of the object before (an uncompressed embedded file...)
        try:
            obj, stop = parse_object_at(stream, reader, offset)
        except FATAL:
            raise
        except Exception:  # noqa: S112 - "1 0 obj" that is not an object: not a definition
            continue
        last_end = stop if isinstance(obj, StreamObject) else offset
        graph.add(number, ("file", offset), obj)
        if isinstance(obj, StreamObject) and obj.get("/Type") == "/ObjStm":
            try:
                for index, (inner, inner_obj) in enumerate(_object_stream(reader, obj)):
                    graph.add(inner, ("objstm", number, offset, index), inner_obj)
            except FATAL:
                raise
            except Exception:  # noqa: S110 - an undecodable object stream holds nothing we can read
                pass
        if len(graph.defined) > MAX_OBJECTS:
            return None
    for m in _TRAILER.finditer(data, start, end):
        try:
            stream.seek(m.end() - 2)
            graph.roots.update(_refs(parse_object(stream, reader)))
        except FATAL:
            raise
        except Exception:  # noqa: S112 - a damaged trailer adds no roots
            continue
    with contextlib.suppress(Exception):  # pypdf's trailer is best effort here
        graph.roots.update(_refs(reader.trailer))
    return graph


def unreferenced_texts(reader: PdfReader, data: bytes, start: int, end: int) -> list[UnusedText] | None:
    """Text in objects defined in ``data[start:end]`` (the document a reader opens, see
    :func:`.pdf_stores.layout`) that no revision's trailer reaches; None when there are too many objects to check."""
    graph = _graph(reader, data, start, end)
    if graph is None:
        return None
    unused = graph.unused()
    if not unused:
        return []
    loader = _Loader(reader, data, graph)
    fonts = fallback_resources(reader)
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
                    yield parse_object_at(self.stream, self.reader, where[1])[0]
                else:
                    _, stm, offset, index = where
                    if stm not in self._objstm:
                        container = parse_object_at(self.stream, self.reader, offset)[0]
                        if not isinstance(container, StreamObject):
                            continue  # the graph found an object stream there; the bytes say otherwise now
                        self._objstm = {stm: list(_object_stream(self.reader, container))}
                    yield self._objstm[stm][index][1]
            except FATAL:
                raise
            except Exception:  # noqa: S112
                continue


def definitions_text(reader: PdfReader, blob: bytes, start: int, end: int, fonts: DictionaryObject) -> list[UnusedText]:
    """Text of every object defined in ``blob[start:end]`` (objects appended after the end of a PDF)."""
    graph = _Graph()
    stream = io.BytesIO(blob)
    for m in DEFINITION.finditer(blob, start, end):
        if len(graph.defined) >= MAX_TEXT_OBJECTS:
            break
        try:
            graph.add(int(m.group(1)), ("file", m.start()), parse_object_at(stream, reader, m.start())[0])
        except FATAL:
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


def fallback_resources(reader: PdfReader) -> DictionaryObject:
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
    except FATAL:
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
    except FATAL:
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
        text = pdf_string(obj)
        return UnusedText(number, "a text string", text, True) if WORD.search(text) else None
    if isinstance(obj, StreamObject):
        if _not_text_stream(obj):
            return None
        data = obj.get_data()
        if b"BT" not in data or not re.search(rb"T[jJ]|['\"]", data):
            return None
        text = _extract(reader, obj, _resolved(obj.get("/Resources")), fonts) or _raw_strings(data)
        kind = "a drawing that nothing places on a page" if obj.get("/Subtype") == "/Form" else "page content that no page draws"
        return UnusedText(number, kind, text, True) if WORD.search(text) else None
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
        return UnusedText(number, "a page that is not part of the document", text, True) if WORD.search(text) else None
    if obj.get("/Type") == "/Annot" or obj.get("/Subtype") in _ANNOT_SUBTYPES:
        said = [pdf_string(obj.get(k)) for k in ("/Contents", "/RC", "/V")]
        said = [re.sub(r"<[^>]{0,500}>", " ", s) for s in said if s]
        author = pdf_string(obj.get("/T"))
        text = "\n".join([*said, *([f"Author: {author}"] if author else [])])
        if not WORD.search(text):
            return None
        counts = any(WORD.search(s) for s in said)
        return UnusedText(number, "a comment or form field that no page shows", text, counts)
    if "/V" in obj and WORD.search(pdf_string(obj.get("/V"))):
        return UnusedText(number, "a form field value that no form shows", pdf_string(obj.get("/V")), True)
    lines = [f"{str(k).lstrip('/')}: {pdf_string(v)}" for k, v in list(obj.items())[:200] if pdf_string(v)]
    text = "\n".join(lines)
    return UnusedText(number, "properties that nothing uses", text, False) if WORD.search(text) else None


def _object_findings(display: str, items: list[UnusedText]) -> list[Finding]:
    """One error per unused object that holds document text (the first few), then one for the rest."""
    out = []
    for item in items[:MAX_OBJECT_FINDINGS]:
        out.append(
            hidden(
                display,
                "pdf-unreferenced-object",
                f"object {item.number} of the PDF ({item.kind}) holds text that nothing in the document shows, but anyone can "
                f"extract it from the file; {RESAVE}",
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
                f"{plural(len(rest), 'more object')} (objects {numbers}) hold text that nothing in the document shows; {RESAVE}",
                values=[i.text for i in rest],
                extra={"objects": str(len(rest))},
            )
        )
    return out


def pdf_string(value: Any) -> str:
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
