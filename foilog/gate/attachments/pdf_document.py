"""Document-level PDF checks: revisions, metadata, annotations, attachments, scripts, forms, layers.

Page-level hidden text is judged from the rendered page in :mod:`.pdf_render`
(and phrased in :mod:`.pdf_judge`); this module opens the file with pypdf
(decompression limits tightened), decodes every page's content under those
limits before PDFium sees it, and looks at everything around the pages that
can carry information the reader does not see.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from foilog.gate.attachments._common import EMAIL, FileRefused, Inspection, TextBudget, hidden, names_person, plural, property_finding
from foilog.gate.attachments._model import Limits
from foilog.gate.attachments.image import _xmp_fields
from foilog.gate.attachments.pdf_access import access_finding
from foilog.gate.attachments.pdf_annotation_types import COMMENT_TYPES
from foilog.gate.attachments.pypdf_shim import decompression_capped
from foilog.log.findings import Severity

_RESAVE = "re-save it as a new file (Save As, or print to PDF) so only the current version remains"
_REDACT = "re-export the PDF with real redaction (Acrobat's Redact tool, or print to image and OCR)"
#: Actions that run code, start programs or send data. Links (/URI, /GoTo, /GoToR) are not listed:
#: every hyperlink is one, and they do nothing until a reader clicks them.
_RISKY_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/Rendition"}
_MEDIA_TYPES = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}


def _obj(value: Any) -> Any:
    return value.get_object() if value is not None else None


def _catalogue(reader: PdfReader) -> DictionaryObject | None:
    """The document catalogue (the trailer's ``/Root``), or None when it is not a dictionary."""
    root = reader.trailer["/Root"].get_object()
    return root if isinstance(root, DictionaryObject) else None


def _hidden_ocgs(root: DictionaryObject) -> set[int]:
    """Object numbers of optional-content groups that are OFF by default."""
    props = _obj(root.get("/OCProperties"))
    if not isinstance(props, DictionaryObject):
        return set()
    default = _obj(props.get("/D"))
    if not isinstance(default, DictionaryObject):
        return set()

    def ids(value: Any) -> set[int]:
        arr = _obj(value)
        return {r.idnum for r in arr if isinstance(r, IndirectObject)} if isinstance(arr, ArrayObject) else set()

    if default.get("/BaseState") == "/OFF":
        return ids(props.get("/OCGs")) - ids(default.get("/ON"))
    return ids(default.get("/OFF"))


def _name_tree(node: Any, depth: int = 0) -> list[tuple[str, Any]]:
    node = _obj(node)
    if not isinstance(node, DictionaryObject) or depth > 20:
        return []
    out: list[tuple[str, Any]] = []
    names = _obj(node.get("/Names"))
    if isinstance(names, ArrayObject):
        out.extend((str(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2))
    kids = _obj(node.get("/Kids"))
    for kid in kids if isinstance(kids, ArrayObject) else []:
        out.extend(_name_tree(kid, depth + 1))
    return out


def _action_risky(action: Any, depth: int = 0) -> bool:
    action = _obj(action)
    if not isinstance(action, DictionaryObject) or depth > 10:
        return False
    if action.get("/S") in _RISKY_ACTIONS or "/JS" in action:
        return True
    nxt = _obj(action.get("/Next"))
    items = nxt if isinstance(nxt, ArrayObject) else [nxt] if nxt is not None else []
    return any(_action_risky(n, depth + 1) for n in items)


def _metadata(reader: PdfReader, root: DictionaryObject) -> list[tuple[str, str]]:
    props: list[tuple[str, str]] = []
    info: Mapping[Any, Any] = reader.metadata or {}
    for key, value in info.items():
        value = _obj(value)
        if isinstance(value, (str, bytes)) and str(value).strip() and key not in ("/CreationDate", "/ModDate"):
            props.append((str(key).lstrip("/"), str(value).strip()))
    stream = _obj(root.get("/Metadata"))
    if stream is not None and hasattr(stream, "get_data"):
        props.extend(_xmp_fields(stream.get_data()))
    return props


def _page_text_words(text: str) -> list[str]:
    return re.findall(r"\w[\w@.'-]*", text)


_OC_MARK = re.compile(rb"/OC\s*/([^\s/<>\[\]()]+)\s*BDC(.*?)EMC", re.S)
_TEXT_OPS = re.compile(rb"(?:Tj|TJ|'|\")\s")


def _decoded(stream: Any) -> bytes:
    """A stream's data, decoded under pypdf's limits (raises on a decompression bomb)."""
    return stream.get_data() if hasattr(stream, "get_data") else b""


def _check_page_streams(page: Any) -> bytes:
    """Decode the page's content and its form XObjects under pypdf's limits, before PDFium reads them.

    PDFium has no such limits of its own; a bomb must fail closed here. Returns the page content.
    """
    contents = _obj(page.get("/Contents"))
    parts = contents if isinstance(contents, ArrayObject) else [contents] if contents is not None else []
    data = b"\n".join(_decoded(_obj(p)) for p in parts)
    seen: set[int] = set()

    def forms(resources: Any, depth: int) -> None:
        xobjects = _obj(_obj(resources).get("/XObject")) if isinstance(_obj(resources), DictionaryObject) else None
        if not isinstance(xobjects, DictionaryObject) or depth > 4:
            return
        for ref in xobjects.values():
            xobj = _obj(ref)
            key = ref.idnum if isinstance(ref, IndirectObject) else id(xobj)
            if key in seen or not isinstance(xobj, DictionaryObject) or xobj.get("/Subtype") != "/Form":
                continue
            seen.add(key)
            _decoded(xobj)
            forms(xobj.get("/Resources"), depth + 1)

    forms(page.get("/Resources"), 0)
    return data


def _switched_off(page: Any, content: bytes, hidden_ocgs: set[int]) -> bool | None:
    """None when the page draws nothing in a switched-off layer, else whether what it draws there includes text."""
    resources = _obj(page.get("/Resources"))
    props = _obj(resources.get("/Properties")) if isinstance(resources, DictionaryObject) else None
    if not isinstance(props, DictionaryObject):
        return None
    off = {str(k).lstrip("/") for k, v in props.items() if isinstance(v, IndirectObject) and v.idnum in hidden_ocgs}
    result: bool | None = None
    for m in _OC_MARK.finditer(content):
        if m.group(1).decode("latin-1") in off:
            result = bool(result) or bool(_TEXT_OPS.search(m.group(2) + b" "))
    return result


def _revision_findings(
    data: bytes, latest_words: set[str], latest_meta: set[str], display: str, limits: Limits, stored: list[tuple[str, str]]
) -> list[Any]:
    """Compare each earlier incremental revision with the latest one.

    Page text the current version no longer shows is an error (an earlier version inside the file
    still holds it: the classic "redacted, then saved incrementally"). Earlier document properties
    alone are a warning unless one holds an e-mail address or a name after a title: retitling a
    document is ordinary. Both go to ``stored`` (lines of old text holding a removed word, and the
    old properties) so the detectors say what personal data they hold.
    """
    ends = [m.end() for m in re.finditer(rb"%%EOF", data)]
    if len(ends) < 2:
        return []
    removed: list[str] = []
    removed_meta: list[str] = []
    removed_keys: list[str] = []
    checked = 0
    for end in reversed(ends[:-1]):
        if checked >= limits.max_pdf_revisions:
            break
        checked += 1
        try:
            old = PdfReader(io.BytesIO(data[:end]), strict=False)
            if old.is_encrypted:
                continue
            root = _catalogue(old)
            for page in old.pages:
                _check_page_streams(page)
            from foilog.gate.attachments.pdf_render import page_texts

            for text in page_texts(data[:end]):
                gone = [w for w in _page_text_words(text) if w not in latest_words]
                removed.extend(w for w in dict.fromkeys(gone) if w not in removed)
                if gone:
                    lines = [line for line in text.splitlines() if any(w in line for w in gone)]
                    stored.append(("an earlier saved version of the pages", "\n".join(lines)))
            if root is None:
                continue  # no catalogue: the revision's properties cannot be read
            for key, value in _metadata(old, root):
                if value not in latest_meta and value not in removed_meta:
                    removed_meta.append(value)
                    removed_keys.append(key)
                    stored.append((f"an earlier saved version's document properties ({key})", f"{key}: {value}"))
        except MemoryError:
            raise
        except FileRefused:
            raise
        except Exception:  # noqa: S112 - a truncated prefix that does not parse holds nothing we can show
            continue
    findings = []
    if removed or removed_meta:
        what = []
        if removed:
            what.append(f"{plural(len(removed), 'word')} of text")
        if removed_meta:
            what.append(f"{plural(len(removed_meta), 'metadata value')} ({', '.join(dict.fromkeys(removed_keys))})")
        personal = any(EMAIL.search(v) or names_person(v) for v in removed_meta)
        findings.append(
            hidden(
                display,
                "pdf-incremental-revision",
                f"the PDF was saved incrementally and an earlier version inside it holds {' and '.join(what)} "
                f"that the current version does not show; {_RESAVE}",
                values=[" ".join(removed[:12]), *removed_meta],
                severity=Severity.ERROR if removed or personal else Severity.WARNING,
                extra={"revisions": str(len(ends))},
            )
        )
    return findings


def inspect_pdf(path: Path, display: str, limits: Limits) -> Inspection:
    """Inspect a PDF for hidden content; raises FileRefused (or pypdf errors) to fail closed."""
    out = Inspection()
    budget = TextBudget(limits.max_text_chars)
    data = path.read_bytes()
    with decompression_capped(limits.max_pdf_stream_bytes):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileRefused(
                "unsafe-encrypted",
                "the PDF is encrypted (password-protected or restricted), so foilog cannot check it "
                "and some readers and assistive technology cannot open it; publish an unencrypted copy",
            )
        root = _catalogue(reader)
        if root is None:
            raise FileRefused(
                "unsafe-unparseable",
                "the file could not be read (its document catalogue, /Root, is not a dictionary), so it cannot be checked; "
                "re-save or re-export it from its source application",
            )
        hidden_ocgs = _hidden_ocgs(root)
        no_text: list[int] = []
        with_content = 0
        all_words: set[str] = set()
        layers: dict[int, bool] = {}
        redactions: dict[int, list[tuple[float, float, float, float]]] = {}
        for number, page in enumerate(reader.pages, start=1):
            content = _check_page_streams(page)
            if hidden_ocgs:
                off = _switched_off(page, content, hidden_ocgs)
                if off is not None:
                    layers[number] = off
            _annotations(out, display, number, page, redactions)
        # Only now, with every page's content decoded within the limits, does PDFium read the file.
        from foilog.gate.attachments.pdf_judge import page_findings, stamp_date
        from foilog.gate.attachments.pdf_render import PageView, view_pages

        views: list[PageView] = []  # each page's hidden runs, judged once the whole document is seen
        for view in view_pages(data, forms="/AcroForm" in root, redactions=redactions):
            number = view.number
            text = budget.take(view.text)
            out.text_pages.append(text)
            all_words.update(_page_text_words(view.all_text))
            if view.all_text.strip() or view.images:
                with_content += 1
            if not view.all_text.strip() and view.images:
                no_text.append(number)
            views.append(PageView(number, view.width, view.height, "", "", view.hidden, view.overflow))
            if number in layers:
                _layer_finding(out, display, number, layers[number], view)
            if number in redactions:
                _redaction_finding(out, display, number, view.under)
        _drop_tiled(views, out.text_pages)
        stamp = stamp_date([run for v in views for run in v.hidden])
        for view in views:
            out.findings.extend(page_findings(display, view, stamp=stamp))
        out.pages = len(out.text_pages)
        out.has_text_layer = any(t.strip() for t in out.text_pages)
        _no_text_layer(out, display, no_text, with_content)
        _document(out, display, reader, root)
        access_finding(out, display, root)  # advice for the accessibility statement, never a refusal
        latest_meta = {v for _, v in out.metadata}
        out.findings.extend(_revision_findings(data, all_words, latest_meta, display, limits, out.stored))
        from foilog.gate.attachments.pdf_stores import add_stored_text

        add_stored_text(out, reader, data, display, limits)  # bookmarks, after %%EOF, joined PDFs, unused objects
    return out


def _layer_finding(out: Inspection, display: str, number: int, text: bool, view: Any) -> None:
    """The page draws in an optional-content layer that is switched off (the renderer hides what it draws)."""
    from foilog.gate.attachments.pdf_render import NOT_DRAWN

    values = [r.text for r in view.hidden if r.cause == NOT_DRAWN]
    out.findings.append(
        hidden(
            display,
            "pdf-hidden-layer",
            f"page {number} draws {'text' if text else 'content'} in an optional-content layer that is switched off, "
            "so it is not shown but is still in the file; delete the layer or flatten the PDF, then re-save it",
            page=number,
            values=values,
            severity=Severity.ERROR if text else Severity.WARNING,
        )
    )


def _redaction_finding(out: Inspection, display: str, number: int, values: list[str]) -> None:
    out.findings.append(
        hidden(
            display,
            "pdf-unapplied-redaction",
            f"page {number} has an area marked for redaction that was never applied"
            f"{', and the text under it is still there' if values else ''}; apply the redactions "
            "(Acrobat: Redact > Apply) and re-save, then check the result",
            page=number,
            values=values,
        )
    )


def _no_text_layer(out: Inspection, display: str, pages: list[int], with_content: int) -> None:
    fix = (
        "they cannot be checked for personal data and are not accessible to screen-reader users; "
        "run OCR on the PDF, or publish an HTML or text version alongside it"
    )
    if not pages:
        return
    if len(pages) == with_content and len(pages) > 1:
        out.findings.append(
            hidden(
                display,
                "pdf-no-text-layer",
                f"none of the {plural(len(pages), 'page')} has a text layer (they are scanned images); {fix}",
                severity=Severity.WARNING,
            )
        )
        return
    for number in pages:
        out.findings.append(
            hidden(
                display,
                "pdf-no-text-layer",
                f"page {number} has no text layer (it is a scanned image); {fix}",
                severity=Severity.WARNING,
                page=number,
            )
        )


def _annotations(
    out: Inspection, display: str, number: int, page: Any, redactions: dict[int, list[tuple[float, float, float, float]]]
) -> None:
    """Scripts, media and comments in the page's annotations; /Redact areas are kept for the renderer to read under.

    An annotation's appearance is paint: a black Square, Highlight, Ink or Stamp over text is judged
    by the renderer like any box. Only annotations that carry text of their own are comments here.
    """
    annots = _obj(page.get("/Annots"))
    for ref in annots if isinstance(annots, ArrayObject) else []:
        annot = _obj(ref)
        if not isinstance(annot, DictionaryObject):
            continue
        subtype = annot.get("/Subtype")
        if _action_risky(annot.get("/A")) or "/AA" in annot:
            out.findings.append(_script_finding(display, f"an annotation on page {number}", number))
        uri = _link_address(annot)
        if uri:  # the words of a link show; where it leads (mailto:jane@...) does not
            out.stored.append((f"the address of a link on page {number}", uri))
        if subtype == "/Redact":
            rects = redactions.setdefault(number, [])
            rect = _obj(annot.get("/Rect"))
            if isinstance(rect, ArrayObject) and len(rect) == 4:
                x0, y0, x1, y1 = (float(_obj(v)) for v in rect)
                rects.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        elif subtype in _MEDIA_TYPES:
            out.findings.append(
                hidden(
                    display,
                    "pdf-embedded-file",
                    f"page {number} carries an attached file or media ({str(subtype).lstrip('/')}) that "
                    "foilog cannot check; remove it and publish the file separately after checking it",
                    page=number,
                )
            )
        elif subtype in COMMENT_TYPES:
            text = str(_obj(annot.get("/Contents")) or _obj(annot.get("/RC")) or "").strip()
            author = str(_obj(annot.get("/T")) or "").strip()
            kind = str(subtype).lstrip("/")
            if author:  # the detectors read it as a labelled name; the finding names the comment, not the properties
                out.stored.append((f"the author of a {kind} comment on page {number}", f"Author: {author}"))
            if not text:
                continue  # no words of its own: a box, highlight or scribble is paint, judged by the renderer
            visible = subtype == "/FreeText"
            out.findings.append(
                hidden(
                    display,
                    "pdf-annotation",
                    f"page {number} has a {kind} comment"
                    f"{' by a named author' if author else ''}"
                    f"{'' if visible else ' whose text is hidden until opened'}; delete the comments "
                    "(or flatten them into the page if they are meant to be published) and re-save",
                    page=number,
                    severity=Severity.WARNING if visible else Severity.ERROR,
                    values=[text, author],
                )
            )
            out.stored.append((f"the {kind} comment on page {number}", text))


def _script_finding(display: str, where: str, page: int | None = None) -> Any:
    return hidden(
        display,
        "pdf-javascript",
        f"{where} carries JavaScript or an automatic action (it is never run by foilog, but readers may); "
        "remove the scripts and actions (or print to PDF) and re-save",
        page=page,
    )


def _document(out: Inspection, display: str, reader: PdfReader, root: DictionaryObject) -> None:
    names = _obj(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        files = _name_tree(names.get("/EmbeddedFiles"))
        if files:
            out.findings.append(
                hidden(
                    display,
                    "pdf-embedded-file",
                    f"the PDF carries {plural(len(files), 'attached file')}, which foilog cannot check; "
                    "remove them and publish any that should be released separately after checking them",
                    values=[n for n, _ in files],
                )
            )
        if _name_tree(names.get("/JavaScript")):
            out.findings.append(_script_finding(display, "the document"))
    open_action = _obj(root.get("/OpenAction"))
    if "/AA" in root or (isinstance(open_action, DictionaryObject) and _action_risky(open_action)):
        out.findings.append(_script_finding(display, "the document's open action"))
    for number, page in enumerate(reader.pages, start=1):
        if "/AA" in page:
            out.findings.append(_script_finding(display, f"page {number}", number))
    props = _metadata(reader, root)
    out.metadata.extend(props)
    found = property_finding(
        display,
        "pdf-metadata",
        props,
        person_fields={"author", "company", "manager", "lastmodifiedby", "xmp creator", "xmp author", "xmp owner"},
        fix="clear the document properties (Acrobat: File > Properties, or Remove Hidden Information) and re-save",
    )
    if found:
        out.findings.append(found)
    fields, scripted = _form_fields(root)
    filled = [(name, hide, value) for name, hide, value in fields if value not in ("", "/Off")]
    hidden_fields = [(name, value) for name, hide, value in filled if hide]
    for name, hide, value in filled:
        how = "hidden: never shown or printed" if hide else "its value may not all show"
        out.stored.append((f"the form field '{name[:60]}' ({how})", value))
    if hidden_fields:
        out.findings.append(
            hidden(
                display,
                "pdf-form-values",
                f"the PDF has {plural(len(hidden_fields), 'filled form field')} set to hidden "
                f"({', '.join(repr(n[:40]) for n, _ in hidden_fields[:5])}): the values are in the file but no reader "
                "sees them; clear the fields, then flatten the form (print to PDF) and re-save",
                values=[v for _, v in hidden_fields],
            )
        )
    visible = len(filled) - len(hidden_fields)
    if visible:
        out.findings.append(
            hidden(
                display,
                "pdf-form-values",
                f"the PDF has {plural(visible, 'filled form field')}, whose values may not all be "
                "visible; check them, then flatten the form (print to PDF) and re-save",
                severity=Severity.WARNING,
                values=[v for _, hide, v in filled if not hide],
            )
        )
    if scripted:
        out.findings.append(_script_finding(display, "a form field"))


def _link_address(annot: DictionaryObject) -> str | None:
    """Where a link annotation leads (a URI action), for the detectors; None for other annotations."""
    if annot.get("/Subtype") != "/Link":
        return None
    action = _obj(annot.get("/A"))
    if isinstance(action, DictionaryObject) and action.get("/S") == "/URI":
        uri = _obj(action.get("/URI"))
        return str(uri)[:2000] if uri else None
    return None


#: Annotation flags that keep a widget from being shown or printed: Invisible, Hidden, NoView.
_HIDDEN_FLAGS = 1 | 2 | 32


def _widget_shown(widget: DictionaryObject) -> bool:
    """False when a widget is flagged hidden or has no area, so its field's value is never shown."""
    flags = _obj(widget.get("/F"))
    try:
        if int(flags or 0) & _HIDDEN_FLAGS:
            return False
    except (TypeError, ValueError):
        pass
    rect = _obj(widget.get("/Rect"))
    if isinstance(rect, ArrayObject) and len(rect) == 4:
        try:
            x0, y0, x1, y1 = (float(_obj(v)) for v in rect)
        except (TypeError, ValueError):
            return True
        return abs(x1 - x0) >= 1 and abs(y1 - y0) >= 1
    return True


def _form_fields(root: DictionaryObject, limit: int = 5000) -> tuple[list[tuple[str, bool, str]], bool]:
    """(full name, hidden, value) of every terminal form field with a value, walking /AcroForm /Fields
    (bounded, loop-safe), and whether any field carries automatic actions (``/AA``).

    A field is hidden when none of its widgets is shown (flags Invisible, Hidden or NoView, or
    an empty rectangle); a value is inherited from the parent field, as readers do.
    """
    form = _obj(root.get("/AcroForm"))
    top = _obj(form.get("/Fields")) if isinstance(form, DictionaryObject) else None
    todo: list[tuple[Any, str, Any]] = [(f, "", None) for f in (top if isinstance(top, ArrayObject) else [])][:limit]
    seen: set[int] = set()
    out: list[tuple[str, bool, str]] = []
    scripted = False
    while todo and len(seen) < limit:
        ref, prefix, inherited = todo.pop()
        node = _obj(ref)
        if not isinstance(node, DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        scripted = scripted or "/AA" in node
        part = str(_obj(node.get("/T")) or "")
        name = f"{prefix}.{part}" if prefix and part else (part or prefix)
        value = _obj(node.get("/V"))
        value = inherited if value is None else value
        kids = _obj(node.get("/Kids"))
        fields = [k for k in kids if isinstance(_obj(k), DictionaryObject) and "/T" in _obj(k)] if isinstance(kids, ArrayObject) else []
        if fields:
            todo.extend((k, name, value) for k in fields)
            continue
        widgets = [_obj(k) for k in kids] if isinstance(kids, ArrayObject) and kids else [node]
        shown = any(isinstance(w, DictionaryObject) and _widget_shown(w) for w in widgets)
        if value is not None:
            out.append((name or "unnamed", not shown, str(value)))
    return sorted(out), scripted


def _drop_tiled(views: list[Any], texts: list[str]) -> None:
    """Leave out text cut off at a page's edge that the page before or after shows.

    Spreadsheets printed to PDF (Excel, LibreOffice Calc) are cut into pages, and a cell's text or a
    chart that crosses a page break is written whole on both pages, each clipped to its own area:
    what one page cuts off, the next shows. Only runs hidden by the page edge or a clip are
    dropped this way, never text under a box, in the background's colour, invisible or too small.
    """
    from foilog.gate.attachments.pdf_render import NOT_DRAWN, OFF_PAGE

    flat = [" ".join(t.split()) for t in texts]
    for i, view in enumerate(views):
        beside = " ".join(flat[j] for j in (i - 1, i + 1) if 0 <= j < len(flat))
        if not beside:
            continue

        def shown(run: Any, beside: str = beside) -> bool:
            return len(run.text.strip()) >= 2 and " ".join(run.text.split()) in beside

        view.hidden[:] = [r for r in view.hidden if not (r.cause in (OFF_PAGE, NOT_DRAWN) and shown(r))]
        view.overflow[:] = [r for r in view.overflow if not shown(r)]
