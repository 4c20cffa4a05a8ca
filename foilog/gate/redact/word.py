"""The clean copy of a Word document (.docx, .docm) the leak gate refused.

The OOXML package is edited directly (never round-tripped through
python-docx, which drops tracked changes and so cannot prove them gone): each
part is read through the gate's bounded :class:`~foilog.gate.attachments.ooxml.Package`,
parsed with defusedxml, cleaned, and written into a new zip. What goes:

* in every story (body, headers, footers, footnotes, endnotes, text boxes and
  their ``mc:Fallback`` copies, the glossary): tracked changes accepted (the
  published text is the final text; deleted and moved-away text really gone),
  comment anchors, hidden, tiny and invisible text as the gate judges it
  (:mod:`.word_story`), text under black highlighting replaced by ``[redacted]``,
  embedded OLE objects and ActiveX controls, revision-session ids;
* alt text that names a person. The rule, kept simple and honest: a
  ``descr``/``title`` is cleared when :func:`~foilog.gate.attachments.image_people.text_names_someone`
  finds a name in it (a title and a name, or a common given name and a
  surname), the same judgement the gate applies to image captions; other alt
  text stays, since it is what makes the pictures accessible;
* the comments, their extensions and the people list; custom XML data
  (``customXml/``) and content-control bindings to it; custom properties; the
  author and last editor in the core properties, and any property holding an
  e-mail address or a name; Company and Manager; the thumbnail (a picture of the
  original's first page); the template path, document variables, mail-merge
  sources and revision ids in the settings; embedded files; macros (a .docm
  becomes a plain document); and any part nothing in the package uses.

A legacy .doc (or a password-protected document, which is stored the same
way) cannot be edited safely: :class:`~foilog.gate.redact.model.CannotClean`.
So is a document that pulls in another file (``w:altChunk``): its content is
meant to be published, and only Word can merge it into the text.
"""

from __future__ import annotations

import io
import posixpath
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from foilog.gate.attachments import FileRefused, Limits
from foilog.gate.attachments.image_people import text_names_someone
from foilog.gate.attachments.ooxml import Package, attr, local
from foilog.gate.attachments.ooxml_colour import theme_colours
from foilog.gate.attachments.word_format import Formats, colour_of
from foilog.gate.redact.model import CannotClean, Cleaned, RedactOptions, Removal
from foilog.gate.redact.word_covers import NOTE, find_covers, uncover
from foilog.gate.redact.word_media import strip_if_flagged
from foilog.gate.redact.word_story import StoryCleaner
from foilog.gate.redact.word_xml import XmlPart, parse_part, write_part

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_STORY_TYPES = {"header": "header", "footer": "footer", "footnotes": "footnotes", "endnotes": "endnotes"}
#: Relationship types (last segment) whose targets are dropped with the relationship.
_DROPPED_TYPES = frozenset(
    {
        "comments", "commentsExtended", "commentsIds", "commentsExtensible", "people", "customXml",
        "custom-properties", "vbaProject", "wordVbaData", "keyMapCustomizations", "attachedToolbars", "control",
        "oleObject", "package", "thumbnail", "attachedTemplate", "mailMergeSource", "mailMergeHeaderSource",
        "recipientData",
    }
)  # fmt: skip
#: Relationships a story part uses by id (``r:id``, ``r:embed``...): dropped once nothing names them.
_USED_BY_ID = frozenset({"image", "hyperlink", "oleObject", "package", "control", "chart", "diagramData", "diagramLayout",
                         "diagramQuickStyle", "diagramColors", "diagramDrawing"})  # fmt: skip
_MACRO = re.compile(r"(?i).*(vbaproject\.bin|vbadata\.xml)$|.*/activex/.*")
_SETTINGS_DROPPED = frozenset({"rsids", "attachedTemplate", "docVars", "mailMerge"})
_CORE_NEUTRAL = frozenset({"creator", "lastModifiedBy"})
_CORE_TEXT = frozenset({"title", "subject", "keywords", "description", "category", "contentStatus", "identifier"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_BEHIND = (b'behindDoc="1"', b"z-index:-", b"<wp:wrapNone", b"wrapNone/>")


def clean(data: bytes, options: RedactOptions) -> Cleaned:
    """The clean copy of a .docx or .docm (see the module's docstring); ``options`` has nothing for Word yet."""
    del options  # every cleaner takes the same options; none concerns Word
    if data.startswith(_OLE_MAGIC):
        raise CannotClean(
            "this is a legacy Word .doc file (or a password-protected document), which foilog cannot edit safely: "
            "open it in Word, remove any password, save it as .docx (File > Save As > Word Document) and rerun"
        )
    if not data.startswith(b"PK"):
        raise CannotClean("this is not a Word document (.docx): open it in Word, save it as .docx and rerun")
    with tempfile.TemporaryDirectory(prefix="foilog-redact-") as tmp:
        path = Path(tmp) / "original.docx"
        path.write_bytes(data)
        try:
            with Package(path, Limits(sandbox=False)) as pkg:
                return _WordCleaner(pkg).run()
        except FileRefused as exc:
            raise CannotClean(f"the document cannot be cleaned safely: {exc.message}") from exc
        except RecursionError as exc:
            raise CannotClean(
                "the document's XML is nested too deeply to be a real document: open it in Word, save it as a new .docx and rerun"
            ) from exc
        except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError) as exc:
            raise CannotClean(f"the document is damaged ({type(exc).__name__}): open it in Word, save it as a new .docx and rerun") from exc


class _WordCleaner:
    """One package being cleaned: its parts in memory, what went, and notes."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.parts: dict[str, bytes] = {n: pkg.read(n) for n in pkg.names if not n.endswith("/")}
        self.removals: list[Removal] = []
        self.notes: list[str] = []
        self.gone: set[str] = set()
        self.formats: Formats | None = None

    def run(self) -> Cleaned:
        root_rels = self.pkg.rels("")
        main = next((t for typ, t, ext in root_rels.values() if typ == "officeDocument" and not ext), "word/document.xml")
        if main not in self.parts:
            raise CannotClean("the file has no document part, so it is not a Word document: re-save it from Word as .docx and rerun")
        rels = self.pkg.rels(main)
        if any(typ in ("aFChunk", "subDocument") for typ, _, _ in rels.values()):
            raise CannotClean(
                "the document pulls in other files (inserted with altChunk or as subdocuments), which only Word can "
                "merge into its text: open it in Word, save it as a new .docx (which merges them) and rerun"
            )
        self._drop_packaged_parts(main, rels)
        self._clean_media(main)
        self._clean_stories(main, rels)
        self._uncover(main)
        self._clean_settings(rels)
        self._clean_properties()
        self._clean_relationships(main)
        self._prune_unreachable()
        self._fix_content_types()
        return Cleaned(self._zip(), tuple(self.removals), tuple(dict.fromkeys(self.notes)))

    # -- whole parts ------------------------------------------------------------------------------

    def _drop(self, name: str, where: str, what: str, text: str = "") -> None:
        if name in self.parts and name not in self.gone:
            self.gone.add(name)
            self.removals.append(Removal(where, what, text))

    def _drop_packaged_parts(self, main: str, rels: dict[str, tuple[str, str, bool]]) -> None:
        """Comments, people, customXml, custom properties, thumbnail, embedded files, macros."""
        for typ, target, external in rels.values():
            if external or target not in self.parts:
                continue
            if typ == "comments":
                self._drop_comments(target)
            elif typ == "people":
                people = [attr(p, "author") or "" for p in self._xml(target) or ()]
                self._drop(target, "comments", "people list (names of reviewers)", ", ".join(p for p in people if p))
            elif typ in ("commentsExtended", "commentsIds", "commentsExtensible"):
                self._drop(target, "comments", f"comment details ({posixpath.basename(target)})")
        for name in list(self.parts):
            low = name.lower()
            if re.fullmatch(r"word/(comments\w*|people)\.xml", low):
                self._drop(name, "comments", f"comment details ({posixpath.basename(name)})")
            elif low.startswith("customxml/") and not low.startswith("customxml/_rels/"):
                text = " ".join(" ".join(_text_of(self._xml(name))).split()) if low.endswith(".xml") else ""
                self._drop(name, "document properties", f"custom XML data ({name})", text[:2000])
            elif low == "docprops/custom.xml":
                self._drop_custom_properties(name)
            elif low.startswith("docprops/thumbnail"):
                self._drop(name, "document properties", "thumbnail picture of the original's first page")
            elif low.startswith(posixpath.dirname(main).lower() + "/embeddings/"):
                self._drop(name, "document body", f"embedded file {posixpath.basename(name)}")
                self.notes.append(
                    "embedded files (OLE objects, such as a spreadsheet pasted as an object) were removed: "
                    "if their content is meant to be public, publish it separately after checking it"
                )
            elif _MACRO.fullmatch(name):
                self._drop(name, "macros", f"macro code ({posixpath.basename(name)})")
                self.notes.append("the macros (VBA project) were removed: the copy is a plain .docx document")

    def _clean_media(self, main: str) -> None:
        """Pictures whose metadata the gate reports lose it (:mod:`.word_media`)."""
        folder = posixpath.dirname(main) + "/media/"
        for name in [n for n in self.parts if n.startswith(folder) and n not in self.gone]:
            data, rules = strip_if_flagged(self.parts[name], posixpath.basename(name))
            if rules:
                self.parts[name] = data
                what = ", ".join(r.removeprefix("image-").replace("-", " ") for r in rules)
                self.removals.append(Removal("document body", f"picture {posixpath.basename(name)}: its metadata ({what})"))

    def _drop_comments(self, part: str) -> None:
        root = self._xml(part)
        for comment in root if root is not None else ():
            if local(comment.tag) == "comment":
                author = attr(comment, "author") or ""
                text = " ".join(" ".join(_text_of(comment)).split())
                self.removals.append(Removal("comments", f"comment by {author}" if author else "comment", text))
        self.gone.add(part)

    def _drop_custom_properties(self, part: str) -> None:
        root = self._xml(part)
        for prop in root if root is not None else ():
            value = "".join(prop.itertext()).strip()
            self.removals.append(Removal("document properties", f"custom property '{prop.get('name') or ''}'", value))
        self.gone.add(part)

    # -- stories ----------------------------------------------------------------------------------

    def _clean_stories(self, main: str, rels: dict[str, tuple[str, str, bool]]) -> None:
        styles = next((t for typ, t, ext in rels.values() if typ == "styles" and not ext and t in self.parts), None)
        settings = next((t for typ, t, ext in rels.values() if typ == "settings" and not ext and t in self.parts), None)
        theme = theme_colours(self.pkg)
        main_part = parse_part(main, self.parts[main])
        formats = Formats(self.pkg, styles, theme, _page_colour(main_part.root, self._xml(settings) if settings else None, theme))
        self.formats = formats
        stories: list[tuple[str, str, XmlPart]] = [(main, "document body", main_part)]
        for typ, target, external in rels.values():
            where = _STORY_TYPES.get(typ) or ("glossary (building blocks)" if typ == "glossaryDocument" else None)
            if where and not external and target in self.parts and target not in self.gone:
                stories.append((target, where, parse_part(target, self.parts[target])))
        for name, where, part in stories:
            behind = any(marker in self.parts[name] for marker in _BEHIND)
            cleaner = StoryCleaner(part.root, where, formats, behind=behind)
            if where in ("footnotes", "endnotes"):  # the body is cleaned first: notes of deleted text are known
                self._drop_unreferenced_notes(part.root, main_part.root, where)
            cleaner.accept_changes()
            cleaner.drop_comment_anchors()
            cleaner.drop_objects()
            cleaner.clear_alt_text()
            cleaner.drop_rsids()
            cleaner.clean_runs()
            self.removals.extend(cleaner.result.removals)
            self.notes.extend(cleaner.result.notes)
            self.parts[name] = write_part(part)

    def _drop_unreferenced_notes(self, notes: Element, body: Element, where: str) -> None:
        """Footnotes or endnotes whose reference went with deleted text (Word deletes them when accepting)."""
        kind = where.removesuffix("s")  # footnote, endnote
        used = {attr(el, "id") for el in body.iter() if local(el.tag) == f"{kind}Reference"}
        for note in [n for n in notes if local(n.tag) == kind]:
            if attr(note, "type") in (None, "normal") and attr(note, "id") not in used:
                notes.remove(note)
                self.removals.append(Removal(where, f"{kind} of deleted text", " ".join(" ".join(_text_of(note)).split())))

    def _uncover(self, main: str) -> None:
        """Shapes drawn over body text (:mod:`.word_covers`), judged by the gate on the body cleaned so far."""
        if self.formats is None:
            return
        with tempfile.TemporaryDirectory(prefix="foilog-redact-") as tmp:
            path = Path(tmp) / "body.docx"
            path.write_bytes(self._zip())
            with Package(path, self.pkg.limits) as pkg:
                covers = find_covers(pkg, main, self.formats)
                if not covers:
                    return
                part = parse_part(main, self.parts[main])
                removals = uncover(part.root, covers, pkg, pkg.rels(main), self.formats.theme)
        self.parts[main] = write_part(part)
        self.removals.extend(removals)
        self.notes.append(NOTE)

    def _clean_settings(self, rels: dict[str, tuple[str, str, bool]]) -> None:
        """Revision ids, the template's path, document variables and mail-merge sources."""
        name = next((t for typ, t, ext in rels.values() if typ == "settings" and not ext and t in self.parts), None)
        if name is None:
            return
        part = parse_part(name, self.parts[name])
        for el in list(part.root):
            tag = local(el.tag)
            if tag not in _SETTINGS_DROPPED:
                continue
            part.root.remove(el)
            if tag == "attachedTemplate":
                self.removals.append(Removal("document properties", "path of the attached template"))
            elif tag == "docVars":
                for var in el:
                    self.removals.append(
                        Removal("document properties", f"document variable '{attr(var, 'name') or ''}'", attr(var, "val") or "")
                    )
            elif tag == "mailMerge":
                self.removals.append(Removal("document properties", "mail-merge data source"))
        self.parts[name] = write_part(part)

    def _clean_properties(self) -> None:
        """Author and last editor made neutral; any core property holding an e-mail or a name cleared; Company, Manager."""
        for name, fields in (("docProps/core.xml", _CORE_NEUTRAL | _CORE_TEXT), ("docProps/app.xml", frozenset({"Company", "Manager"}))):
            if name not in self.parts or name in self.gone:
                continue
            part = parse_part(name, self.parts[name])
            changed = False
            for el in part.root:
                tag = local(el.tag)
                value = (el.text or "").strip()
                if not value or tag not in fields:
                    continue
                if tag in _CORE_TEXT and not (_EMAIL.search(value) or text_names_someone(value)):
                    continue
                el.text = ""
                changed = True
                self.removals.append(Removal("document properties", f"document property '{tag}'", value))
            if changed:
                self.parts[name] = write_part(part)

    # -- package structure ------------------------------------------------------------------------

    def _clean_relationships(self, main: str) -> None:
        """Drop relationships to removed parts, of removed kinds, and (in stories) those nothing names any more."""
        for name in [n for n in self.parts if n.endswith(".rels") and n not in self.gone]:
            source = _source_of_rels(name)
            if source is not None and source not in self.parts:
                continue
            part = parse_part(name, self.parts[name])
            used = self.parts.get(source or "", b"") if source and source.endswith(".xml") else None
            folder = posixpath.dirname(source or "")
            changed = False
            for rel in list(part.root):
                typ = (rel.get("Type") or "").rsplit("/", 1)[-1]
                target = rel.get("Target") or ""
                external = (rel.get("TargetMode") or "").lower() == "external"
                resolved = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                rid = rel.get("Id") or ""
                unused = used is not None and typ in _USED_BY_ID and not any(f"{q}{rid}{q}".encode() in used for q in "\"'")
                if typ in _DROPPED_TYPES or unused or (not external and resolved in self.gone):
                    part.root.remove(rel)
                    changed = True
                    if not external and resolved in self.parts:
                        self.gone.add(resolved)
            if changed:  # untouched relationship parts keep their exact bytes
                self.parts[name] = write_part(part)
        del main

    def _prune_unreachable(self) -> None:
        """Parts nothing reaches any more (the preview of a removed object, an orphan left by an editor)."""
        reached: set[str] = set()
        queue = [""]
        while queue:
            source = queue.pop()
            rels_name = posixpath.join(posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")
            if rels_name not in self.parts:
                continue
            root = parse_part(rels_name, self.parts[rels_name]).root
            folder = posixpath.dirname(source)
            for rel in root:
                target = rel.get("Target") or ""
                if (rel.get("TargetMode") or "").lower() == "external":
                    continue
                resolved = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                if resolved in self.parts and resolved not in reached and resolved not in self.gone:
                    reached.add(resolved)
                    queue.append(resolved)
        for name in list(self.parts):
            if name == "[Content_Types].xml" or name in self.gone or name in reached:
                continue
            origin = _source_of_rels(name)
            if name.endswith(".rels") and (origin == "" or origin in reached):
                continue
            self.gone.add(name)
            if not name.endswith(".rels"):
                self.removals.append(Removal("document properties", f"part nothing in the document used ({name})"))

    def _fix_content_types(self) -> None:
        """Overrides of removed parts go; a macro-enabled main document becomes a plain one."""
        name = "[Content_Types].xml"
        if name not in self.parts:
            raise CannotClean("the package has no content types, so it is not a Word document: re-save it from Word and rerun")
        part = parse_part(name, self.parts[name])
        for el in list(part.root):
            kind = el.get("ContentType") or ""
            removed = local(el.tag) == "Override" and (el.get("PartName") or "").lstrip("/") in self.gone
            if removed or any(code in kind for code in ("vbaProject", "vbaData", "activeX")):
                part.root.remove(el)
            elif local(el.tag) == "Override" and "document.macroEnabled.main" in kind:
                el.set("ContentType", _DOCX_MAIN)
        self.parts[name] = write_part(part)

    def _zip(self) -> bytes:
        out = io.BytesIO()
        names = ["[Content_Types].xml", *(n for n in self.parts if n != "[Content_Types].xml")]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in names:
                if name not in self.gone:
                    zf.writestr(name, self.parts[name])
        return out.getvalue()

    def _xml(self, name: str) -> Element | None:
        return parse_part(name, self.parts[name]).root if name in self.parts else None


def _text_of(el: Element | None) -> list[str]:
    return [t for t in el.itertext() if t.strip()] if el is not None else []


def _source_of_rels(name: str) -> str | None:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``; ``_rels/.rels`` -> ``""``; None for other parts."""
    folder, base = posixpath.split(name)
    if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def _page_colour(document: Element, settings: Element | None, theme: list[str]) -> str | None:
    """The page colour when Word shows it (``w:displayBackgroundShape``), as the gate works it out."""
    if settings is None or not any(local(el.tag) == "displayBackgroundShape" for el in settings):
        return None
    background = next((el for el in document if local(el.tag) == "background"), None)
    if background is None:
        return None
    colour = colour_of(theme, background)
    return None if colour == "auto" else colour
