"""Every part of an OOXML package accounted for: reachable, classified, or reported.

Word and Excel only show what the package's relationships lead to. Anything
else in the zip is never displayed but travels with every copy: an earlier
draft saved as ``word/document2.xml``, a stray ``notes.txt``, a worksheet part
that no ``<sheet>`` entry names, a header that the document no longer uses.
This module walks the relationships from ``_rels/.rels`` (following every
``.rels`` part), classifies each part it reaches by relationship type and
content type, and reports:

* **orphan parts** (in the zip, reached by nothing, or linked by a relationship
  that nothing in its source part uses): error ``ooxml-orphan-part``, their text
  (XML tags stripped) in ``stored`` so the detectors read it;
* **unknown parts** (reachable, but of a kind foilog neither reads nor knows
  to be harmless): warning ``ooxml-unknown-part``, their text in ``stored`` too.

Parts that Word, Excel, LibreOffice and Google Docs write as a matter of course
(styles, themes, settings, thumbnails, ``customXml`` items and their
properties, glossary documents, printer settings, ``[trash]`` leftovers of
old Office versions...) are known and produce no finding.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from foilog.gate.attachments._common import FileRefused, Inspection, hidden, plural
from foilog.gate.attachments.ooxml import Package, local
from foilog.log.findings import Severity

#: Relationship types (last segment of the Type URI) of parts that hold no text a reader could miss,
#: or whose text the format inspectors read themselves.
KNOWN_TYPES = frozenset(
    {
        # package level
        "officeDocument", "core-properties", "extended-properties", "custom-properties", "thumbnail",
        "digital-signature", "origin", "signature", "classificationlabels", "webextensiontaskpanes",
        "webextension", "ui", "extensibility", "customUI", "intelligence", "commentsDocument", "docMetadata",
        # shared by Word and Excel
        "styles", "stylesWithEffects", "theme", "themeOverride", "settings", "fontTable", "webSettings", "numbering",
        "image", "hyperlink", "customXml", "customXmlProps", "oleObject", "package", "chart", "chartUserShapes",
        "chartStyle", "chartColorStyle", "drawing", "vmlDrawing", "diagramData", "diagramLayout", "diagramQuickStyle",
        "diagramColors", "diagramDrawing", "printerSettings", "font", "obfuscatedFont", "comments", "people",
        "person", "video", "media", "audio", "hdphoto", "wsSortMap", "attachedTemplate", "frame",
        # Word
        "document", "glossaryDocument", "header", "footer", "footnotes", "endnotes", "commentsExtended",
        "commentsIds", "commentsExtensible", "aFChunk", "subDocument", "mailMergeSource", "mailMergeHeaderSource",
        "recipientData", "bibliography", "documentTasks", "keyMapCustomizations", "attachedToolbars",
        # Excel
        "worksheet", "chartsheet", "dialogsheet", "sharedStrings", "calcChain", "externalLink", "externalLinkPath",
        "pivotCacheDefinition", "pivotCacheRecords", "pivotTable", "table", "tableSingleCells", "queryTable",
        "connections", "volatileDependencies", "sheetMetadata", "revisionHeaders", "revisionLog", "usernames",
        "threadedComment", "slicer", "slicerCache", "timeline", "timelineCache", "ctrlProp", "namedSheetViews",
        "rdRichValue", "rdRichValueStructure", "rdRichValueTypes", "rdRichValueWebImage", "richStyles",
        "rdArray", "rdSupportingPropertyBag", "rdSupportingPropertyBagStructure", "FeaturePropertyBag",
        "richValueRel", "customProperty",
    }
)  # fmt: skip

#: Relationships whose target is shown only when the source part names the relationship's id
#: (``r:id="rId7"``): a header no section uses, a worksheet no ``<sheet>`` entry names, an
#: altChunk no ``w:altChunk`` points at are never shown.
EXPLICIT_TYPES = frozenset({"worksheet", "chartsheet", "dialogsheet", "header", "footer", "aFChunk", "subDocument"})

#: Parts Office and LibreOffice leave unreferenced in ordinary files; their text still goes to the detectors.
_TOLERATED = re.compile(r"\[trash\]/.*|docProps/thumbnail\.\w+|customXml/_rels/.*|.*\.sigs?|_xmlsignatures/.*", re.IGNORECASE)

#: Parts each inspector reads by name (so their text is already checked), tolerated even when unlinked.
READ_BY_NAME = {
    "docx": re.compile(r"docProps/(core|app|custom)\.xml|word/(comments|people|styles)\.xml", re.IGNORECASE),
    "xlsx": re.compile(
        r"docProps/(core|app|custom)\.xml|xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml|xl/threadedComments/[^/]+\.xml"
        r"|xl/persons/[^/]+\.xml|xl/pivotCache/[^/]+\.xml|xl/externalLinks/[^/]+\.xml",
        re.IGNORECASE,
    ),
}

#: Characters of an orphan or unknown part's text kept for the detectors.
_TEXT_LIMIT = 1_000_000

_FIX_ORPHAN = (
    "open the file in Word or Excel and save it as a new file (File > Save As), which drops parts nothing uses, "
    "or publish a PDF; check what the part holds before you do"
)


@dataclass
class PackageParts:
    """What the relationship walk found."""

    #: Part name -> relationship type that reached it ("" for parts reached without one).
    reachable: dict[str, str] = field(default_factory=dict)
    #: Parts in the zip reached by nothing (``.rels`` and ``[Content_Types].xml`` excluded).
    orphans: list[str] = field(default_factory=list)
    #: Parts linked only by relationships that their source never uses (a worksheet no sheet entry names).
    unused: list[str] = field(default_factory=list)
    #: Reachable parts of a relationship type foilog does not know.
    unknown: list[str] = field(default_factory=list)


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _source_of_rels(rels: str) -> str | None:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``; ``_rels/.rels`` -> "" (the package)."""
    m = re.fullmatch(r"(?:(.*)/)?_rels/([^/]*)\.rels", rels)
    if not m:
        return None
    return posixpath.join(m.group(1) or "", m.group(2)) if m.group(2) else ""


def _uses(pkg: Package, source: str, rid: str, ids: dict[str, set[bytes]]) -> bool:
    """True when the XML of ``source`` names relationship ``rid`` in an attribute value."""
    if not source or not pkg.has(source):
        return True
    if pkg.infos[source].file_size > 64 * 1024 * 1024:
        return True  # too big to search cheaply: assume it is used (its text is read elsewhere)
    if source not in ids:
        ids[source] = set(re.findall(rb'=\s*["\']([^"\'<>]{1,100})["\']', pkg.read(source)))
    return rid.encode() in ids[source]


def walk(pkg: Package) -> PackageParts:
    """Follow every relationship from the package root; classify what is reached and what is not."""
    result = PackageParts()
    queue: list[str] = [""]
    seen: set[str] = {""}
    used_somewhere: set[str] = set()
    explicit_unused: set[str] = set()
    ids: dict[str, set[bytes]] = {}
    while queue:
        source = queue.pop()
        for rid, (rtype, target, external) in pkg.rels(source).items():
            if external or not target:
                continue
            if rtype in EXPLICIT_TYPES and not _uses(pkg, source, rid, ids):
                explicit_unused.add(target)
                continue
            used_somewhere.add(target)
            if target not in result.reachable:
                result.reachable[target] = rtype
            if target in seen or not pkg.has(target):
                continue
            seen.add(target)
            queue.append(target)
            if rtype not in KNOWN_TYPES:
                result.unknown.append(target)
    for name in pkg.names:
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        if name.endswith(".rels"):
            src = _source_of_rels(name)
            if src is not None and (src == "" or src in seen):
                continue
        elif name in used_somewhere:
            continue
        (result.unused if name in explicit_unused else result.orphans).append(name)
    return result


def part_text(pkg: Package, name: str, limit: int = _TEXT_LIMIT) -> str:
    """The text of a part: XML with its tags stripped, plain text decoded, printable runs of binary data."""
    try:
        data = pkg.read(name)
    except FileRefused:
        return ""
    data = data[: limit * 4]
    if data.lstrip()[:1] == b"<" or data[:3] == b"\xef\xbb\xbf" or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            root = SafeET.fromstring(data, forbid_dtd=True)
            return " ".join(" ".join(t.split()) for t in root.itertext() if t.strip())[:limit]
        except (ParseError, DefusedXmlException, ValueError):
            text = data.decode("utf-8", "replace")
            return " ".join(re.sub(r"<[^>]*>", " ", text).split())[:limit]
    for encoding in ("utf-8", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) / len(text) > 0.95:
            return text[:limit]
    runs = re.findall(rb"[\x20-\x7e]{4,}", data)
    runs += [r.decode("utf-16-le", "replace").encode() for r in re.findall(rb"(?:[\x20-\x7e]\x00){4,}", data)]
    return "\n".join(r.decode("ascii", "replace") for r in runs)[:limit]


def _camel_words(name: str) -> str:
    """``RequesterName`` -> ``Requester Name``; ``Case_x0020_Officer`` -> ``Case Officer``."""
    name = name.replace("_x0020_", " ").replace("_", " ")
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).strip()


def custom_xml_items(pkg: Package) -> list[tuple[str, str]]:
    """Each ``customXml/item*.xml`` data store as (where, text), one ``Label: value`` line per filled field.

    Labels come from element names, split into words, so the detectors that
    read "Case officer: Jane Doe" read these fields the same way.
    """
    items: list[tuple[str, str]] = []
    for name in sorted(pkg.names):
        if not re.fullmatch(r"customXml/item\d*\.xml", name, re.IGNORECASE):
            continue
        try:
            root = pkg.xml(name)
        except FileRefused:
            text = part_text(pkg, name)
            if text.strip():
                items.append((f"the customXml item {name} (data stored with the document)", text))
            continue
        lines: list[str] = []
        for el in root.iter() if root is not None else ():
            value = " ".join((el.text or "").split())
            values = [v for k, v in el.attrib.items() if local(k) not in ("xmlns", "nil", "type") and " " in v.strip()]
            if value and not len(el):
                lines.append(f"{_camel_words(local(el.tag))}: {value}")
            lines.extend(f"{_camel_words(local(el.tag))}: {v}" for v in values)
        if lines:
            items.append((f"the customXml item {name} (data stored with the document, such as SharePoint columns)", "\n".join(lines)))
    return items


def _has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None


def check_parts(
    pkg: Package,
    out: Inspection,
    display: str,
    kind: str,
    *,
    read: Callable[[str], bool] | None = None,
) -> PackageParts:
    """Report orphan and unknown parts of ``pkg`` into ``out`` (findings and ``stored`` text).

    ``kind`` is ``"docx"`` or ``"xlsx"``; ``read`` says which extra parts the
    caller has already read by name (their text is checked), so they are not
    orphans even when nothing links them.
    """
    parts = walk(pkg)
    if kind != "docx":  # the Word inspector reads them itself, with the rest of the document's stores
        out.stored.extend(custom_xml_items(pkg))
    by_name = READ_BY_NAME.get(kind)
    orphans: list[str] = []
    for name in [*parts.orphans, *parts.unused]:
        if _TOLERATED.fullmatch(name):
            text = part_text(pkg, name)
            if _has_words(text):
                out.stored.append((f"the part {name}, which nothing in the file uses", text))
            continue
        if (by_name and by_name.fullmatch(name)) or (read and read(name)):
            continue
        orphans.append(name)
    if orphans:
        texts = [(name, part_text(pkg, name)) for name in orphans]
        for name, text in texts:
            if text.strip():
                out.stored.append((f"the part {name}, which nothing in the file uses", text))
        shown = ", ".join(orphans[:5]) + (f" and {plural(len(orphans) - 5, 'other')}" if len(orphans) > 5 else "")
        chars = sum(len(t) for _, t in texts)
        unused = [n for n in orphans if n in parts.unused]
        how = (
            "nothing in the document refers to it"
            if not unused
            else "its link is never used (a sheet, header or inserted file the document no longer shows)"
            if len(unused) == len(orphans)
            else "nothing in the document shows them"
        )
        out.findings.append(
            hidden(
                display,
                "ooxml-orphan-part",
                f"the package holds {plural(len(orphans), 'part')} that {kind.upper()} readers never show ({shown}): "
                f"{how}, but {'they travel' if len(orphans) > 1 else 'it travels'} with every copy"
                + (f" and hold{'s' if len(orphans) == 1 else ''} {plural(chars, 'character')} of text" if chars else "")
                + f"; {_FIX_ORPHAN}",
                values=[t for _, t in texts if t.strip()][:3] or orphans,
                extra={"parts": ",".join(orphans[:20])},
            )
        )
    if parts.unknown:
        for name in parts.unknown:
            text = part_text(pkg, name)
            if _has_words(text):
                out.stored.append((f"the part {name}, which foilog does not know how to read", text))
        out.findings.append(
            hidden(
                display,
                "ooxml-unknown-part",
                f"the package holds {plural(len(parts.unknown), 'part')} of a kind foilog does not recognise "
                f"({', '.join(parts.unknown[:5])}, linked as {', '.join(sorted({parts.reachable[n] for n in parts.unknown})[:5])}); "
                "its text was checked for personal data, but what it holds and whether readers see it is not known: "
                "check it, or save the document as a new file from Word or Excel, or publish a PDF",
                severity=Severity.WARNING,
                values=parts.unknown,
                extra={"parts": ",".join(parts.unknown[:20])},
            )
        )
    return parts


def reachable_of_type(parts: PackageParts, types: Iterable[str]) -> list[str]:
    """The reachable parts linked with one of ``types`` (e.g. ``{"header", "footer"}``), sorted."""
    wanted = set(types)
    return sorted(n for n, t in parts.reachable.items() if t in wanted)
