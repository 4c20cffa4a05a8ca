"""Colour maths shared by the Word and Excel inspectors: theme colours, tints, luminance.

Office files rarely store the colour a reader sees. A run's font is "automatic",
a cell's fill is "theme colour 1, 25 % darker", a highlight is "darkBlue". To
judge whether text can be seen against what is behind it, both inspectors turn
those references into RGB here, the way Word and Excel do:

* theme colours come from the package's theme part (``a:clrScheme``), in the
  scheme's order ``dk1, lt1, dk2, lt2, accent1..6, hlink, folHlink``;
* a tint or shade moves the colour's lightness in HLS space (ECMA-376
  §18.8.19 for Excel's ``tint``; Word's ``themeTint``/``themeShade`` are the
  same move expressed as a byte, see :func:`word_tint`);
* "can a reader tell them apart" is the WCAG contrast ratio of the relative
  luminances (:func:`contrast`).
"""

from __future__ import annotations

import colorsys
import functools
import posixpath
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from foilog.gate.attachments.ooxml import Package

#: The scheme's slots in the order Office indexes them (Excel's ``theme="n"``).
SCHEME_ORDER = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")

#: Office's default theme ("Office" 2013–2022), used when a package has no theme part.
DEFAULT_THEME = ["000000", "FFFFFF", "44546A", "E7E6E6", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72"]

_HEX = re.compile(r"[0-9A-Fa-f]{6}")

#: ``a:sysClr`` values Office writes for dk1/lt1, when ``lastClr`` is missing.
_SYSTEM = {"windowText": "000000", "window": "FFFFFF", "btnFace": "F0F0F0", "btnText": "000000", "highlight": "0078D7"}


def _theme_part(pkg: Package) -> str | None:
    """The theme part of the package's main part (Word's document or Excel's workbook), else any theme part."""
    for _rtype, target, external in pkg.rels("").values():
        if external or not pkg.has(target):
            continue
        for rtype, theme, ext in pkg.rels(target).values():
            if rtype == "theme" and not ext and pkg.has(theme):
                return theme
    found = sorted(n for n in pkg.names if re.fullmatch(r"(word|xl|ppt)/theme/theme\d+\.xml", n))
    return found[0] if found else None


def theme_colours(pkg: Package) -> list[str]:
    """RGB hex (``"4472C4"``) of the theme's 12 colours in :data:`SCHEME_ORDER`.

    Falls back to Office's default theme, slot by slot, when the package has no
    theme part or a slot cannot be read (the defaults are what Office shows then).
    """
    colours = list(DEFAULT_THEME)
    part = _theme_part(pkg)
    root = pkg.xml(part) if part else None
    if root is None:
        return colours
    scheme = next((el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "clrScheme"), None)
    if scheme is None:
        return colours
    for slot in scheme:
        name = slot.tag.rsplit("}", 1)[-1]
        if name not in SCHEME_ORDER:
            continue
        for value in slot:
            kind = value.tag.rsplit("}", 1)[-1]
            rgb = value.get("val") if kind == "srgbClr" else value.get("lastClr") or _SYSTEM.get(value.get("val") or "")
            if rgb and _HEX.fullmatch(rgb):
                colours[SCHEME_ORDER.index(name)] = rgb.upper()
            break
    return colours


def _rgb(rgb_hex: str) -> tuple[float, float, float]:
    text = rgb_hex[-6:] if len(rgb_hex) >= 6 else "000000"
    if not _HEX.fullmatch(text):
        text = "000000"
    return int(text[0:2], 16) / 255, int(text[2:4], 16) / 255, int(text[4:6], 16) / 255


def _hex(r: float, g: float, b: float) -> str:
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in (r, g, b))


def apply_tint(rgb_hex: str, tint: float) -> str:
    """Lighten (``tint`` > 0) or darken (``tint`` < 0) a colour the way Excel does (ECMA-376 §18.8.19).

    Lightness in HLS space: ``L * (1 + tint)`` for a shade, ``L * (1 - tint) + tint``
    for a tint. ``tint`` runs from -1 (black) to 1 (white). ``rgb_hex`` may
    carry Excel's alpha byte (``FF4472C4``); the result is six hex digits.
    """
    r, g, b = _rgb(rgb_hex)
    if not tint:
        return _hex(r, g, b)
    tint = min(max(tint, -1.0), 1.0)
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return _hex(*colorsys.hls_to_rgb(h, lightness, s))


def word_tint(rgb_hex: str, theme_tint: str | None = None, theme_shade: str | None = None) -> str:
    """Word's ``w:themeTint``/``w:themeShade`` (a hex byte, ``"BF"``): the byte is the share of the
    colour kept, the rest moved towards white (tint) or black (shade)."""
    colour = rgb_hex
    for value, sign in ((theme_tint, 1), (theme_shade, -1)):
        if value and re.fullmatch(r"[0-9A-Fa-f]{1,2}", value):
            colour = apply_tint(colour, sign * (1 - int(value, 16) / 255))
    return colour


@functools.lru_cache(maxsize=4096)
def luminance(rgb_hex: str) -> float:
    """Relative luminance (WCAG 2), 0.0 for black to 1.0 for white."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(rgb_hex)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@functools.lru_cache(maxsize=4096)
def contrast(a_hex: str, b_hex: str) -> float:
    """WCAG contrast ratio of two colours: 1.0 (identical) to 21.0 (black on white)."""
    la, lb = luminance(a_hex), luminance(b_hex)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(fore_hex: str, back_hex: str, share: float) -> str:
    """``share`` (0..1) of ``fore_hex`` over ``back_hex``: what a percentage pattern looks like from reading distance."""
    f, b = _rgb(fore_hex), _rgb(back_hex)
    return _hex(*(fc * share + bc * (1 - share) for fc, bc in zip(f, b, strict=True)))


def theme_part_name(pkg: Package) -> str | None:
    """The theme part's name (for messages), or None."""
    part = _theme_part(pkg)
    return posixpath.basename(part) if part else None
