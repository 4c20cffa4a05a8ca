"""Parse and write back one XML part of a Word package without breaking Word's reading of it.

ElementTree renames namespace prefixes (``ns0:``) and drops declarations that
no element uses. Word needs both: ``mc:Ignorable="w14 wp14"`` names prefixes
that must stay declared, under those very names, or Word refuses the file. So
the prefixes of the original are registered before writing and any
declaration of the original root that ElementTree left out is put back.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from foilog.gate.redact.model import CannotClean

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_RESERVED = re.compile(r"ns\d+")


@dataclass
class XmlPart:
    """A parsed part and the namespace declarations (prefix, URI) its root carried."""

    root: Element
    namespaces: list[tuple[str, str]]


def parse_part(name: str, data: bytes) -> XmlPart:
    """Parse ``data`` with defused XML (no DTD, no entities); ``CannotClean`` when it is not XML."""
    try:
        namespaces = [ns for _, ns in SafeET.iterparse(io.BytesIO(data), events=("start-ns",), forbid_dtd=True)]
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise CannotClean(
            f"the part {name[:60]} of the document is damaged or uses XML tricks ({type(exc).__name__}); "
            "open the file in Word, save it as a new .docx and rerun"
        ) from exc
    seen: dict[str, str] = {}
    for prefix, uri in namespaces:
        seen.setdefault(prefix, uri)
    return XmlPart(root, list(seen.items()))


def write_part(part: XmlPart) -> bytes:
    """Serialise with the original prefixes and every original declaration (see the module's docstring)."""
    for prefix, uri in part.namespaces:
        if prefix and not _RESERVED.fullmatch(prefix):
            ET.register_namespace(prefix, uri)
    default = next((uri for prefix, uri in part.namespaces if not prefix), None)
    if default is not None:
        return XML_DECLARATION + _plain(part.root, default, top=True).encode("utf-8")
    text = ET.tostring(part.root, encoding="unicode")
    end = _start_tag_end(text)
    head = text[:end]
    missing = [
        f' xmlns:{prefix}="{uri}"'
        for prefix, uri in part.namespaces
        if prefix and f"xmlns:{prefix}=" not in head and not _RESERVED.fullmatch(prefix)
    ]
    return XML_DECLARATION + (head + "".join(missing) + text[end:]).encode("utf-8")


def _plain(el: Element, uri: str, *, top: bool = False) -> str:
    """Serialise a part written in one default namespace (relationships, content types), which ElementTree
    cannot do when attributes carry no namespace; a foreign element or attribute makes it ``CannotClean``."""
    prefix = f"{{{uri}}}"
    if not el.tag.startswith(prefix) or any(k.startswith("{") for k in el.attrib):
        raise CannotClean(
            "a relationships or content-types part mixes XML namespaces; open the file in Word, save it as a new .docx and rerun"
        )
    name = el.tag[len(prefix) :]
    attrs = (f' xmlns="{escape(uri)}"' if top else "") + "".join(f" {k}={quoteattr(v)}" for k, v in el.attrib.items())
    inner = escape(el.text or "") + "".join(_plain(child, uri) + escape(child.tail or "") for child in el)
    return f"<{name}{attrs}>{inner}</{name}>" if inner else f"<{name}{attrs}/>"


def _start_tag_end(text: str) -> int:
    """Index of the ``>`` (or ``/>``) closing the root's start tag (attribute values never hold a raw ``>``
    once ElementTree has escaped them)."""
    end = text.index(">")
    return end - 1 if text[end - 1] == "/" else end
