"""Text a Word package keeps outside its paragraphs: inserted files, customXml items, shape fills.

* ``w:altChunk`` imports another file (HTML, RTF, plain text, another .docx)
  into the document when Word opens it; the text lives only in that part.
* ``customXml/item*.xml`` are data stores: SharePoint keeps its library
  columns there (content type, and often a requester's name or address); no
  reader sees them.
* A text box's fill (DrawingML ``a:solidFill`` with scheme colours and
  luminance modifiers) is the background its text is judged against.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from foilog.gate.attachments._common import FileRefused
from foilog.gate.attachments.ooxml import Package, attr, local
from foilog.gate.attachments.ooxml_colour import SCHEME_ORDER, apply_tint
from foilog.gate.attachments.ooxml_parts import part_text

#: DrawingML scheme colour names -> theme slots (with the default colour map bg1=lt1, tx1=dk1).
_SCHEME = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2", "phClr": "accent1"}
_PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "blue": "0000FF", "green": "008000", "yellow": "FFFF00"}


def _rtf_text(data: bytes) -> str:
    text = data.decode("latin-1")
    text = re.sub(r"\\'([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]).decode("cp1252", "replace"), text)
    text = re.sub(r"\{\\\*[^{}]*\}", " ", text)
    text = re.sub(r"\\(par|line)\b ?", "\n", text)
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?|[{}]", "", text)
    return text


def _html_text(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    if "Content-Transfer-Encoding: quoted-printable" in text:
        text = re.sub(r"=\r?\n", "", text)
        text = re.sub(r"=([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), text)
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|h\d|li|tr)>", "\n", text)
    text = re.sub(r"<[^>]*>", " ", text)
    import html

    return "\n".join(" ".join(line.split()) for line in html.unescape(text).splitlines() if line.strip())


def _docx_text(data: bytes, budget: int) -> str:
    """The paragraphs of a .docx kept inside another one (bounded; no nesting beyond one level)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > budget or info.flag_bits & 0x1:
                raise FileRefused("unsafe-too-large", "a file inserted into the document is too large to check; remove it")
            root = SafeET.fromstring(zf.read(info), forbid_dtd=True)
    except (KeyError, zipfile.BadZipFile, ParseError, DefusedXmlException, ValueError, OSError, EOFError):
        return ""
    lines = []
    for p in root.iter():
        if local(p.tag) == "p":
            lines.append("".join(t.text or "" for t in p.iter() if local(t.tag) == "t"))
    return "\n".join(line for line in lines if line.strip())


def chunk_text(pkg: Package, part: str) -> str:
    """The text of an altChunk part, by its kind (HTML/MHT, RTF, plain text, .docx, XML)."""
    if not pkg.has(part):
        return ""
    data = pkg.read(part)
    ext = posixpath.splitext(part)[1].lower()
    head = data[:512].lstrip().lower()
    if ext in (".docx", ".docm", ".dotx") or data[:2] == b"PK":
        return _docx_text(data, min(len(data) * 200, 64 * 1024 * 1024))
    if ext == ".rtf" or head.startswith(b"{\\rtf"):
        return "\n".join(" ".join(line.split()) for line in _rtf_text(data).splitlines() if line.strip())
    if ext in (".htm", ".html", ".xhtml", ".mht", ".mhtml") or head.startswith((b"<!doctype", b"<html", b"mime-version")):
        return _html_text(data)
    return part_text(pkg, part)


def drawing_colour(el: Element, theme: list[str]) -> str | None:
    """RGB of a DrawingML colour element's first colour child (``a:srgbClr``, ``a:schemeClr``...), modifiers applied."""
    for child in el:
        kind = local(child.tag)
        val = attr(child, "val") or ""
        rgb: str | None
        if kind == "srgbClr":
            rgb = val.upper()
        elif kind == "schemeClr":
            slot = _SCHEME.get(val, val)
            rgb = theme[SCHEME_ORDER.index(slot)] if slot in SCHEME_ORDER else None
        elif kind == "sysClr":
            rgb = (attr(child, "lastClr") or ("000000" if val == "windowText" else "FFFFFF")).upper()
        elif kind == "prstClr":
            rgb = _PRESET.get(val)
        else:
            continue
        if not rgb or not re.fullmatch(r"[0-9A-F]{6}", rgb):
            return None
        return _modify(rgb, child)
    return None


def _modify(rgb: str, colour: Element) -> str:
    """Apply ``a:lumMod``/``a:lumOff``/``a:tint``/``a:shade`` (values in 1/1000 of a percent)."""
    import colorsys

    for mod in colour:
        kind = local(mod.tag)
        value = int(attr(mod, "val") or "100000") / 100000 if (attr(mod, "val") or "").isdigit() else 1.0
        if kind in ("lumMod", "lumOff"):
            r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = min(max(lum * value if kind == "lumMod" else lum + value, 0.0), 1.0)
            rgb = "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, lum, s))
        elif kind == "shade":
            rgb = apply_tint(rgb, -(1 - value))
        elif kind == "tint":
            rgb = apply_tint(rgb, 1 - value)
    return rgb


def shape_fill(sp_pr: Element, theme: list[str]) -> str | None:
    """What a shape's ``spPr`` paints: RGB, "" for no fill, None when it does not say (the style decides)."""
    for child in sp_pr:
        kind = local(child.tag)
        if kind == "noFill":
            return ""
        if kind == "solidFill":
            return drawing_colour(child, theme) or "?"
        if kind in ("gradFill", "pattFill", "blipFill", "grpFill"):
            return "?"
    return None


def vml_fill(el: Element) -> str:
    """A VML shape's fill: "" when ``filled="f"``, its ``fillcolor`` (``#RRGGBB``), else VML's default white."""
    if (attr(el, "filled") or "").lower() in ("f", "false"):
        return ""
    colour = (attr(el, "fillcolor") or "white").split()[0].lstrip("#").upper()
    if re.fullmatch(r"[0-9A-F]{6}", colour):
        return colour
    return _PRESET.get(colour.lower(), "?")
