"""The workbook as a mutable set of parts: defused parsing, faithful writing, relationships, clean-up.

The spreadsheet cleaner edits the OOXML package itself rather than round-tripping
through openpyxl (which drops features and rewrites styles). ElementTree would
rename namespace prefixes on output, and Excel refuses a part whose
``mc:Ignorable="x14ac xr"`` names prefixes no longer declared, so every part is
written back with the prefixes it was read with (:func:`dump`). Parts nothing
links any more are dropped (:meth:`Parts.collect_garbage`) together with their
``[Content_Types].xml`` overrides, so the copy has no orphan part for the gate
to report and no dangling relationship for Excel to repair.
"""

from __future__ import annotations

import io
import posixpath
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from foilog.gate.attachments import FileRefused, Limits
from foilog.gate.attachments.ooxml import Package, local
from foilog.gate.redact.model import CannotClean

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RESAVE = "open it in Excel or LibreOffice, save it as a new .xlsx file (File > Save As) and run foilog redact again"


@dataclass
class Rel:
    """One relationship: its id, the last segment of its type, its resolved target, and whether it leaves the package."""

    rid: str
    type: str
    target: str
    external: bool


def rels_name(part: str) -> str:
    """``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``; ``""`` (the package) -> ``_rels/.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def parse(data: bytes, name: str) -> tuple[Element, list[tuple[str, str]]]:
    """Parse a part with defused XML; also return its namespace declarations (prefix, uri) to write them back."""
    try:
        declared = [ns for _event, ns in SafeET.iterparse(io.BytesIO(data), events=("start-ns",), forbid_dtd=True)]
        return SafeET.fromstring(data, forbid_dtd=True), declared
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise CannotClean(f"the part {name[:60]} of the workbook is damaged or unsafe XML ({type(exc).__name__}); {_RESAVE}") from exc


def dump(root: Element, declared: list[tuple[str, str]]) -> bytes:
    """Serialise ``root`` with the original prefixes, and re-declare every original namespace on the root.

    Prefixes only named in ``mc:Ignorable`` would otherwise vanish with ElementTree's
    "declare what is used" rule, and Excel rejects the part.
    """
    for prefix, uri in declared:
        if not re.fullmatch(r"ns\d+", prefix):
            ET.register_namespace(prefix, uri)
    text = ET.tostring(root, encoding="unicode")
    end = text.index(">")
    head = text[:end]
    extra = "".join(
        f' xmlns{":" + prefix if prefix else ""}="{uri}"'
        for prefix, uri in dict(declared).items()
        if f"xmlns{':' + prefix if prefix else ''}=" not in head
    )
    if head.endswith("/"):
        head, close = head[:-1], "/>"
    else:
        close = ">"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + head + extra + close + text[end + 1 :]).encode("utf-8")


def child(el: Element, name: str) -> Element | None:
    """The first child of ``el`` with local name ``name``."""
    return next((c for c in el if local(c.tag) == name), None)


def ns_of(el: Element) -> str:
    """``{namespace}`` of an element's tag (empty when it has none), to create siblings in the same namespace."""
    return el.tag[: el.tag.index("}") + 1] if el.tag.startswith("{") else ""


def rid_of(el: Element) -> str | None:
    """The ``r:id`` attribute of an element, whatever its prefix."""
    return next((v for k, v in el.attrib.items() if k.endswith("}id") and "relationships" in k), None)


@dataclass
class Parts:
    """Every part of the package by name, with parsed XML kept until :meth:`to_bytes` writes it."""

    raw: dict[str, bytes]
    trees: dict[str, tuple[Element, list[tuple[str, str]]]] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.raw

    def xml(self, name: str) -> Element | None:
        """The parsed part (parsed once; later edits to the tree are written back)."""
        if name not in self.raw:
            return None
        if name not in self.trees:
            self.trees[name] = parse(self.raw[name], name)
        return self.trees[name][0]

    def drop(self, name: str) -> None:
        """Remove a part (and its own relationships part)."""
        for key in (name, rels_name(name)):
            self.raw.pop(key, None)
            self.trees.pop(key, None)

    def rels(self, source: str) -> list[Rel]:
        """Relationships of ``source`` with targets resolved to part names."""
        root = self.xml(rels_name(source))
        folder = posixpath.dirname(source)
        found: list[Rel] = []
        for el in root if root is not None else ():
            target = el.get("Target") or ""
            external = (el.get("TargetMode") or "").lower() == "external"
            if not external:
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.append(Rel(el.get("Id") or "", (el.get("Type") or "").rsplit("/", 1)[-1], target, external))
        return found

    def remove_rels(self, source: str, rids: set[str]) -> None:
        """Delete the relationships ``rids`` of ``source`` (their targets go with garbage collection)."""
        root = self.xml(rels_name(source))
        if root is None:
            return
        for el in [e for e in root if (e.get("Id") or "") in rids]:
            root.remove(el)

    def reachable(self) -> set[str]:
        """Parts reached from the package root through internal relationships."""
        seen: set[str] = {""}
        queue = [""]
        while queue:
            source = queue.pop()
            for rel in self.rels(source):
                if not rel.external and rel.target not in seen and rel.target in self.raw:
                    seen.add(rel.target)
                    queue.append(rel.target)
        return seen

    def collect_garbage(self) -> list[str]:
        """Drop every part nothing links, their content-type overrides and dangling relationships; the names dropped."""
        keep = self.reachable()
        dropped: list[str] = []
        for name in list(self.raw):
            if name == "[Content_Types].xml" or name.endswith("/"):
                continue
            if name.endswith(".rels"):
                m = re.fullmatch(r"(?:(.*)/)?_rels/([^/]*)\.rels", name)
                source = posixpath.join(m.group(1) or "", m.group(2)) if m and m.group(2) else ""
                if m and source in keep:
                    continue
            elif name in keep:
                continue
            dropped.append(name)
            self.raw.pop(name, None)
            self.trees.pop(name, None)
        for source in keep:
            dangling = {r.rid for r in self.rels(source) if not r.external and r.target not in self.raw}
            if dangling:
                self.remove_rels(source, dangling)
        types = self.xml("[Content_Types].xml")
        if types is not None:
            for el in [e for e in types if local(e.tag) == "Override" and (e.get("PartName") or "").lstrip("/") not in self.raw]:
                types.remove(el)
        return [d for d in dropped if not d.endswith(".rels")]

    def to_bytes(self) -> bytes:
        """A new zip: ``[Content_Types].xml`` first, every part deflated, edited parts re-serialised."""
        out = io.BytesIO()
        names = ["[Content_Types].xml", *[n for n in self.raw if n != "[Content_Types].xml" and not n.endswith("/")]]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in names:
                if name not in self.raw:
                    continue
                data = dump(*self.trees[name]) if name in self.trees else self.raw[name]
                zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        return out.getvalue()


def refuse_legacy(data: bytes) -> None:
    """Refuse Excel 97-2003 .xls (and password-protected workbooks, which are OLE containers too)."""
    if data[:8] == _OLE_MAGIC:
        raise CannotClean(
            "this is an old-style Excel file (.xls) or a password-protected workbook, which foilog cannot edit safely: "
            "remove any password, save it from Excel or LibreOffice as an Excel Workbook (.xlsx) and run foilog redact again"
        )
    if data[:4] != b"PK\x03\x04":
        raise CannotClean(f"this is not an Excel workbook (.xlsx) foilog can read; {_RESAVE}")


def load(data: bytes) -> tuple[Parts, Package, Path, tempfile.TemporaryDirectory[str]]:
    """Open the workbook with the gate's bounded reader; every part read (zip-bomb and path checks applied).

    The :class:`Package` stays open (on a private temporary copy) so the gate's own
    judges (styles, shared strings) read the original; the caller closes both.
    """
    refuse_legacy(data)
    folder = tempfile.TemporaryDirectory(prefix="foilog-redact-")
    path = Path(folder.name) / "original.xlsx"
    path.write_bytes(data)
    try:
        pkg = Package(path, Limits(sandbox=False))
        raw = {name: pkg.read(name) for name in pkg.names if not name.endswith("/")}
    except FileRefused as refused:
        folder.cleanup()
        raise CannotClean(f"the workbook cannot be read safely: {refused.message}") from refused
    if "[Content_Types].xml" not in raw:
        pkg.__exit__()
        folder.cleanup()
        raise CannotClean(f"the file has no [Content_Types].xml, so it is not an Office workbook; {_RESAVE}")
    return Parts(raw), pkg, path, folder
