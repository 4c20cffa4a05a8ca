"""Document properties of the clean workbook: no author, no custom fields, the list of sheets it really has.

``docProps/core.xml`` names who wrote and last saved the file; ``custom.xml``
holds whatever fields a records system added (often the requester); ``app.xml``
names the company and manager and lists every sheet, hidden ones included,
in ``TitlesOfParts``. The title is kept when the gate finds nothing personal
in it (a neutral title helps readers and screen readers), dropped otherwise.
"""

from __future__ import annotations

from xml.etree.ElementTree import SubElement

from foilog.gate.attachments.ooxml import local
from foilog.gate.attachments.spreadsheet_stores import person_like
from foilog.gate.redact.model import Removal
from foilog.gate.redact.spreadsheet_package import Parts, child, ns_of

#: core.xml fields dropped from the copy (who made it, and free text about it).
_CORE_DROP = frozenset(
    {
        "creator",
        "lastModifiedBy",
        "description",
        "subject",
        "keywords",
        "category",
        "contentStatus",
        "identifier",
        "lastPrinted",
        "revision",
        "version",
    }
)
#: app.xml fields dropped.
_APP_DROP = frozenset({"Company", "Manager", "HyperlinkBase"})
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def _core(parts: Parts, removals: list[Removal]) -> None:
    root = parts.xml("docProps/core.xml")
    if root is None:
        return
    for el in list(root):
        name = local(el.tag)
        text = (el.text or "").strip()
        drop = name in _CORE_DROP or (name == "title" and bool(text) and (person_like(text) or "@" in text))
        if drop:
            root.remove(el)
            if text:
                removals.append(Removal("document properties", f"property '{name}'", text))


def _app(parts: Parts, removals: list[Removal], sheets: list[str]) -> None:
    root = parts.xml("docProps/app.xml")
    if root is None:
        return
    for el in [e for e in root if local(e.tag) in _APP_DROP]:
        root.remove(el)
        if (el.text or "").strip():
            removals.append(Removal("document properties", f"property '{local(el.tag)}'", (el.text or "").strip()))
    ns = ns_of(root)
    for name in ("HeadingPairs", "TitlesOfParts"):
        found = child(root, name)
        el = found if found is not None else SubElement(root, ns + name)
        for item in list(el):
            el.remove(item)
        vector = SubElement(el, f"{{{VT}}}vector")
        if name == "HeadingPairs":
            vector.set("size", "2")
            vector.set("baseType", "variant")
            SubElement(SubElement(vector, f"{{{VT}}}variant"), f"{{{VT}}}lpstr").text = "Worksheets"
            SubElement(SubElement(vector, f"{{{VT}}}variant"), f"{{{VT}}}i4").text = str(len(sheets))
        else:
            vector.set("size", str(len(sheets)))
            vector.set("baseType", "lpstr")
            for sheet in sheets:
                SubElement(vector, f"{{{VT}}}lpstr").text = sheet


def _custom(parts: Parts, removals: list[Removal]) -> None:
    root = parts.xml("docProps/custom.xml")
    if root is not None:
        for prop in root:
            value = "".join(prop.itertext()).strip()
            removals.append(Removal("document properties", f"custom property '{prop.get('name') or '?'}'", value))
    rels = parts.rels("")
    parts.remove_rels("", {r.rid for r in rels if r.type in ("custom-properties", "thumbnail")})


def clean_properties(parts: Parts, sheets: list[str]) -> list[Removal]:
    """Clean core, app and custom properties in place; what was removed."""
    removals: list[Removal] = []
    _core(parts, removals)
    _app(parts, removals, sheets)
    _custom(parts, removals)
    return removals
