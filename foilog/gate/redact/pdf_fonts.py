"""Glyph widths and code lengths of a PDF font, to cut glyphs out of a text run without moving the rest.

When characters are removed from the middle of a ``Tj``, the following glyphs
must stay where they were: the removed glyphs' advance goes back in as a ``TJ``
kerning number, and that needs each glyph's width in the font's units and how
many bytes make one character code. Simple fonts (Type1, TrueType) use one
byte per code and ``/Widths``; Type0 fonts with ``/Identity-H`` use two bytes
and the descendant font's ``/W`` and ``/DW``. Anything else (Type 3 fonts, other
CMaps, vertical writing, a font without widths) raises :class:`UnsafeFont` so the
page is rasterised instead of guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject

from foilog.gate.attachments.pypdf_shim import core_font_widths


class UnsafeFont(Exception):
    """The font's codes cannot be mapped to glyph widths with certainty."""


@dataclass
class FontInfo:
    """What it takes to split a string shown in one font."""

    #: Bytes per character code (1 for simple fonts, 2 for Identity-H).
    code_len: int
    #: Width of each code, in thousandths of the font size (text space units × 1000).
    widths: dict[int, float] = field(default_factory=dict)
    #: Width of a code not in ``widths``.
    default: float = 0.0

    def width(self, code: int) -> float:
        """The advance of ``code`` in thousandths of an em."""
        return self.widths.get(code, self.default)

    def codes(self, raw: bytes) -> list[int]:
        """The character codes of a shown string."""
        if self.code_len == 1:
            return list(raw)
        if len(raw) % 2:
            raise UnsafeFont("a two-byte font shows an odd number of bytes")
        return [raw[i] << 8 | raw[i + 1] for i in range(0, len(raw), 2)]

    def encode(self, codes: list[int]) -> bytes:
        """Codes back to the bytes of a string operand."""
        if self.code_len == 1:
            return bytes(codes)
        return b"".join(c.to_bytes(2, "big") for c in codes)


def _num(value: Any) -> float:
    obj = value.get_object() if hasattr(value, "get_object") else value
    if not isinstance(obj, (int, float)):
        raise UnsafeFont("a font width is not a number")
    return float(obj)


def _simple(font: DictionaryObject) -> FontInfo:
    widths = font.get("/Widths")
    widths = widths.get_object() if widths is not None else None
    if not isinstance(widths, ArrayObject):
        return _standard(font)
    first = int(_num(font.get("/FirstChar", 0)))
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    missing = _num(descriptor.get("/MissingWidth", 0)) if isinstance(descriptor, DictionaryObject) else 0.0
    return FontInfo(1, {first + i: _num(w) for i, w in enumerate(widths)}, missing)


def _standard(font: DictionaryObject) -> FontInfo:
    """A standard 14 font shown without /Widths: the built-in metrics, for the encodings they cover."""
    name = str(font.get("/BaseFont", "")).lstrip("/")
    name = name.split("+", 1)[-1] if "+" in name[:7] else name
    widths = _win_ansi_widths(name)
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    if widths is None or encoding not in (None, "/WinAnsiEncoding", "/StandardEncoding"):
        raise UnsafeFont(f"the font {name or '?'} has no glyph widths and no built-in metrics with its encoding")
    table = dict(widths)
    if encoding != "/WinAnsiEncoding":  # StandardEncoding: the two quotes differ from WinAnsi
        table[0x27], table[0x60] = table.get(0x92, 0.0), table.get(0x91, 0.0)
    return FontInfo(1, table, 0.0)


#: WinAnsi codes that show another character's glyph: a no-break space is drawn as a space, a soft hyphen as a hyphen.
_SAME_GLYPH = {"\xa0": " ", "\xad": "-"}


@lru_cache(maxsize=32)
def _win_ansi_widths(name: str) -> dict[int, float] | None:
    """Widths by WinAnsi code (32-255) of a standard font, from its built-in metrics; None for another font.

    WinAnsiEncoding is Windows code page 1252 (PDF 32000-1 annex D); the five
    codes cp1252 leaves undefined have no glyph. Symbol and ZapfDingbats have
    their own encodings, so they have no WinAnsi table (and are refused).
    """
    if name in ("Symbol", "ZapfDingbats"):
        return None
    by_character = core_font_widths(name)
    if by_character is None:
        return None
    table: dict[int, float] = {}
    for code in range(32, 256):
        try:
            character = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        width = by_character.get(_SAME_GLYPH.get(character, character))
        if width:
            table[code] = float(width)
    return table


def _cid_widths(descendant: DictionaryObject) -> FontInfo:
    info = FontInfo(2, {}, _num(descendant.get("/DW", 1000)))
    w = descendant.get("/W")
    w = w.get_object() if w is not None else None
    if w is None:
        return info
    if not isinstance(w, ArrayObject):
        raise UnsafeFont("a CID font's /W is not an array")
    items = [x.get_object() for x in w]
    i = 0
    while i < len(items):
        start = int(_num(items[i]))
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(nxt, ArrayObject):
            for k, value in enumerate(nxt):
                info.widths[start + k] = _num(value)
            i += 2
        elif i + 2 < len(items):
            end, value = int(_num(nxt)), _num(items[i + 2])
            if end - start > 65536:
                raise UnsafeFont("a CID font's /W range is too long")
            for code in range(start, end + 1):
                info.widths[code] = value
            i += 3
        else:
            raise UnsafeFont("a CID font's /W array is cut short")
    return info


def font_info(font: Any) -> FontInfo:
    """Widths and code length of a font resource, or :class:`UnsafeFont`."""
    font = font.get_object() if hasattr(font, "get_object") else font
    if not isinstance(font, DictionaryObject):
        raise UnsafeFont("a font resource is missing")
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        raise UnsafeFont("a Type 3 font (glyphs drawn as pictures)")
    if subtype != "/Type0":
        return _simple(font)
    if font.get("/Encoding") != "/Identity-H":
        raise UnsafeFont(f"a composite font with the encoding {font.get('/Encoding')!s}")
    kids = font.get("/DescendantFonts")
    kids = kids.get_object() if kids is not None else None
    if not isinstance(kids, ArrayObject) or not kids:
        raise UnsafeFont("a composite font without its descendant font")
    descendant = kids[0].get_object()
    if not isinstance(descendant, DictionaryObject):
        raise UnsafeFont("a composite font's descendant is not a font")
    return _cid_widths(descendant)
