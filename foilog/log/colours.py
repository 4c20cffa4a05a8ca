"""WCAG 2.2 colour arithmetic: relative luminance and contrast ratio of ``#rrggbb`` colours.

Used where foilog chooses colours from the site's `colour` (`foilog init`, the
site's stylesheet) so that text stays readable (AA: 4.5:1 for normal text).
"""

from __future__ import annotations

AA_NORMAL_TEXT = 4.5
"""WCAG 2.2 AA's minimum contrast for normal-size text (success criterion 1.4.3)."""


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast_with_white(hex_colour: str) -> float:
    """WCAG contrast ratio of the colour against white."""
    return contrast(hex_colour, "#ffffff")
