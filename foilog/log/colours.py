"""WCAG 2.2 colour arithmetic: relative luminance, contrast ratio, and a colour made readable on a background.

Used wherever foilog chooses colours from the site's ``colour`` setting so that
text and charts stay readable (AA: 4.5:1 for normal text): `foilog init`
refuses a colour white text cannot be read on, page titles fall back to
near-black, and chart bars take the nearest colour that reaches
:data:`AA_NORMAL_TEXT` against each scheme's background (mixed towards black on
a light background, towards white on a dark one) rather than refusing a pale
brand colour. The same maths as the WCAG definition, so any number can be
checked by hand.
"""

from __future__ import annotations

import re

AA_NORMAL_TEXT = 4.5
"""WCAG 2.2 AA's minimum contrast for normal-size text (1.4.3); above the 3:1 non-text contrast (1.4.11) bars need."""
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


def _relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (or ``#rgb``)."""
    return _relative_luminance(_rgb(hex_colour))


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two hex colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast_with_white(hex_colour: str) -> float:
    """WCAG contrast ratio of the colour against white."""
    return contrast(hex_colour, LIGHT_BACKGROUND)


def readable_on(colour: str, background: str, minimum: float = AA_NORMAL_TEXT) -> str:
    """``colour`` (as lower-case ``#rrggbb``) if it reaches ``minimum`` against ``background``, else the least mix towards black or white that does."""
    rgb = _rgb(colour)
    if contrast(_hex(rgb), background) >= minimum:
        return _hex(rgb)
    target = 0 if luminance(background) > 0.5 else 255
    for step in range(1, 101):
        mixed = tuple(round(c + (target - c) * step / 100) for c in rgb)
        candidate = _hex((mixed[0], mixed[1], mixed[2]))
        if contrast(candidate, background) >= minimum:
            return candidate
    return _hex((target, target, target))
