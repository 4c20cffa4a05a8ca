"""Colour contrast (WCAG 2.2): the brand colour made readable on a background.

The charts draw their bars in the site's ``colour`` setting. An authority's
colour may be pale (a yellow) or, in dark mode, too dark for the dark
background; rather than refuse it, the bars take the nearest colour that
reaches :data:`AA_CONTRAST` against the background: mixed towards black on a
light background, towards white on a dark one. The same maths as the WCAG
definition of relative luminance, so the number can be checked by hand.
"""

from __future__ import annotations

import re

__all__ = ["AA_CONTRAST", "DARK_BACKGROUND", "LIGHT_BACKGROUND", "contrast", "readable_on"]

AA_CONTRAST = 4.5
"""WCAG 2.2 AA for normal text (1.4.3); above the 3:1 non-text contrast (1.4.11) that bars need, so a bar is never fainter than text would be."""
LIGHT_BACKGROUND = "#ffffff"
"""Material's light scheme background (``--md-default-bg-color``)."""
DARK_BACKGROUND = "#1e2129"
"""Material's ``slate`` scheme background: ``hsl(225, 15%, 14%)``."""

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def _rgb(colour: str) -> tuple[int, int, int]:
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"not a hex colour: {colour!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two hex colours, from 1 to 21."""
    la, lb = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(colour: str, background: str, minimum: float = AA_CONTRAST) -> str:
    """``colour`` (as lower-case ``#rrggbb``) if it reaches ``minimum`` against ``background``, else the least mix towards black or white that does."""
    rgb = _rgb(colour)
    if contrast(_hex(rgb), background) >= minimum:
        return _hex(rgb)
    target = 0 if _luminance(_rgb(background)) > 0.5 else 255
    for step in range(1, 101):
        mixed = tuple(round(c + (target - c) * step / 100) for c in rgb)
        candidate = _hex((mixed[0], mixed[1], mixed[2]))
        if contrast(candidate, background) >= minimum:
            return candidate
    return _hex((target, target, target))
