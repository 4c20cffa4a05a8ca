"""What colour a workbook really paints a cell's text and its background.

A do-it-yourself redaction in Excel is a cell filled black with the font left
at *automatic*: the font has no colour of its own, Excel draws it in the
window-text colour (black), and the name vanishes. Seeing that needs every way
styles.xml names a colour resolved to RGB: ``rgb``, ``theme`` plus ``tint``
(Excel's theme index swaps the first two pairs of the theme's colour scheme),
``indexed`` (the 64-colour legacy palette, or the file's own ``<indexedColors>``)
and ``auto``. Patterned and gradient fills are blended into the colour a reader
sees from a distance. Text whose colour is (nearly) that of what is behind it is
hidden; a white heading on a dark-blue fill is not.

Each format's font size is resolved too (the cell format's font, else its cell
style's, else the workbook's default font): text set under 3 pt is hidden
content (:mod:`.spreadsheet_sizes`).
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from foilog.gate.attachments.ooxml import Package, local
from foilog.gate.attachments.ooxml_colour import DEFAULT_THEME, apply_tint, contrast, luminance, mix, theme_colours

#: Excel's legacy palette (``indexed="0"`` .. ``"63"``); 64 is the system foreground, 65 the background.
LEGACY_PALETTE = (  # noqa: SIM905 - eight rows of eight, as Excel shows its palette
    "000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF "
    "000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF "
    "800000 008000 000080 808000 800080 008080 C0C0C0 808080 "
    "9999FF 993366 FFFFCC CCFFFF 660066 FF8080 0066CC CCCCFF "
    "000080 FF00FF FFFF00 00FFFF 800080 800000 008080 0000FF "
    "00CCFF CCFFFF CCFFCC FFFF99 99CCFF FF99CC CC99FF FFCC99 "
    "3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 "
    "003366 339966 003300 333300 993300 993366 333399 333333"
).split()
WINDOW_TEXT = "000000"
WINDOW = "FFFFFF"

#: Excel's ``theme="N"`` counts lt1, dk1, lt2, dk2 first (background before text), then accents and links in
#: the scheme's order (``ooxml_colour.SCHEME_ORDER``: dk1, lt1, dk2, lt2, ...).
EXCEL_THEME_TO_SCHEME = (1, 0, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11)

#: Share of the foreground colour in each pattern fill (the rest is the background colour).
PATTERN_DENSITY = {
    "solid": 1.0,
    "darkGray": 0.75,
    "darkTrellis": 0.75,
    "mediumGray": 0.5,
    "darkHorizontal": 0.5,
    "darkVertical": 0.5,
    "darkDown": 0.5,
    "darkUp": 0.5,
    "darkGrid": 0.5,
    "lightGrid": 0.44,
    "lightTrellis": 0.375,
    "lightGray": 0.25,
    "lightHorizontal": 0.25,
    "lightVertical": 0.25,
    "lightDown": 0.25,
    "lightUp": 0.25,
    "gray125": 0.125,
    "gray0625": 0.0625,
}

#: Excel's default font size (Calibri 11) when styles.xml names none.
DEFAULT_SIZE = 11.0

#: Below this contrast ratio (WCAG: 1 = identical, 21 = black on white) text cannot be read against its background.
MIN_CONTRAST = 1.5


_HUES = (
    (15, "red"),
    (40, "orange"),
    (70, "yellow"),
    (165, "green"),
    (200, "turquoise"),
    (255, "blue"),
    (290, "purple"),
    (335, "pink"),
    (360, "red"),
)


def colour_words(rgb: str) -> str:
    """Plain words for a colour in a message: ``black``, ``white``, ``dark blue (#254061)``."""
    lum = luminance(rgb)
    if lum < 0.01:
        return "black"
    if lum > 0.95:
        return "white"
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    name = "grey" if sat < 0.15 else next(word for limit, word in _HUES if hue * 360 <= limit)
    shade = "dark " if light < 0.35 else "light " if light > 0.75 else ""
    return f"{shade}{name} (#{rgb})"


@dataclass
class Palette:
    """Everything a colour element may point at: the theme's scheme and the indexed palette."""

    theme: list[str] = field(default_factory=lambda: list(DEFAULT_THEME))
    indexed: list[str] = field(default_factory=lambda: list(LEGACY_PALETTE))

    def resolve(self, el: Element | None, default: str | None) -> str | None:
        """``RRGGBB`` of a ``<color>``/``<fgColor>``/``<bgColor>``; ``default`` when it is missing or automatic."""
        if el is None or el.get("auto") in ("1", "true"):
            return default
        rgb: str | None = None
        if el.get("rgb"):
            value = (el.get("rgb") or "").upper()
            rgb = value[-6:] if len(value) in (6, 8) and all(c in "0123456789ABCDEF" for c in value) else None
        elif el.get("theme") is not None and (el.get("theme") or "").isdigit():
            index = int(el.get("theme") or 0)
            rgb = self.theme[EXCEL_THEME_TO_SCHEME[index]] if index < len(EXCEL_THEME_TO_SCHEME) else None
        elif el.get("indexed") is not None and (el.get("indexed") or "").isdigit():
            index = int(el.get("indexed") or 0)
            if index < len(self.indexed):
                rgb = self.indexed[index]
            elif index == 64:
                rgb = WINDOW_TEXT  # system foreground
            elif index == 65:
                rgb = WINDOW  # system background
        if rgb is None:
            return default
        try:
            tint = float(el.get("tint") or 0)
        except ValueError:
            tint = 0.0
        return apply_tint(rgb, max(-1.0, min(1.0, tint)))


def _child(el: Element | None, name: str) -> Element | None:
    return next((c for c in el if local(c.tag) == name), None) if el is not None else None


def fill_colour(fill: Element, palette: Palette, *, differential: bool = False) -> str | None:
    """The colour a ``<fill>`` shows from reading distance; None when it has no fill (the sheet shows through).

    In a differential format (conditional formatting) a solid fill's colour is its ``bgColor``.
    """
    pattern = _child(fill, "patternFill")
    if pattern is not None:
        kind = pattern.get("patternType") or ("solid" if differential else "none")
        share = PATTERN_DENSITY.get(kind)
        if share is None:
            return None
        fg = palette.resolve(_child(pattern, "fgColor"), WINDOW_TEXT)
        bg = palette.resolve(_child(pattern, "bgColor"), WINDOW)
        if differential and kind == "solid":
            return palette.resolve(_child(pattern, "bgColor"), None) or palette.resolve(_child(pattern, "fgColor"), None)
        return mix(fg or WINDOW_TEXT, bg or WINDOW, share)
    gradient = _child(fill, "gradientFill")
    if gradient is not None:
        resolved = [palette.resolve(_child(stop, "color"), None) for stop in gradient if local(stop.tag) == "stop"]
        stops = [s for s in resolved if s]
        if not stops:
            return None
        mixed = stops[0]
        for i, stop in enumerate(stops[1:], start=2):
            mixed = mix(stop, mixed, 1 / i)
        return mixed
    return None


def font_colour(font: Element | None, palette: Palette, default: str | None = WINDOW_TEXT) -> str | None:
    """The colour of a ``<font>``: automatic (no colour) is the window-text colour, black."""
    return palette.resolve(_child(font, "color"), default)


def font_size(font: Element | None, default: float) -> float:
    """The size in points of a ``<font>`` (or a rich-text run's ``<rPr>``): its ``<sz val>``, else ``default``."""
    sz = _child(font, "sz")
    try:
        value = float(sz.get("val") or "") if sz is not None else default
    except ValueError:
        return default
    return value if 0 <= value < 10_000 else default


def hides(text: str, back: str | None) -> str | None:
    """Why text of colour ``text`` cannot be seen on ``back`` (None: no fill, the white sheet); None when it can."""
    behind = back or WINDOW
    if contrast(text, behind) >= MIN_CONTRAST:
        return None
    if back is None:
        return f"text is {colour_words(text)} with no fill, on the white sheet"
    return f"text is {colour_words(text)} on a {colour_words(behind)} fill"


def hides_everything(code: str) -> bool:
    """True for number formats like ``;;;`` whose every section is empty."""
    sections, current, quoted = [], "", False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return len(sections) >= 3 and all(not s.strip() for s in sections)


@dataclass
class Styles:
    """What each cell format (``s`` attribute: index into ``cellXfs``) does to its text."""

    #: xf index -> why its text cannot be seen ("text is black on a black fill").
    hidden_text: dict[int, str] = field(default_factory=dict)
    #: xf indexes using ``;;;``-like number formats.
    blank_format: set[int] = field(default_factory=set)
    #: xf index -> its fill colour (None: no fill), for conditional formats that only set the font.
    fills: dict[int, str | None] = field(default_factory=dict)
    #: Differential formats (conditional formatting) as (font colour or None, fill colour or None).
    dxfs: list[tuple[str | None, str | None]] = field(default_factory=list)
    #: xf index -> its font size in points, where it differs from ``default_size``.
    sizes: dict[int, float] = field(default_factory=dict)
    #: The workbook's default font size (the first font; Excel's 11 pt when it has none).
    default_size: float = DEFAULT_SIZE

    def size(self, xf: int) -> float:
        """The font size (points) of the text of cells formatted with ``xf``."""
        return self.sizes.get(xf, self.default_size)


def read_styles(pkg: Package, target: str | None) -> Styles:
    """Resolve every cell format of styles.xml to the colours it paints."""
    styles = Styles()
    root = pkg.xml(target) if target and pkg.has(target) else None
    if root is None:
        return styles
    palette = Palette(theme=theme_colours(pkg))
    custom = [el.get("rgb", "") for el in root.iter() if local(el.tag) == "rgbColor"]
    for i, rgb in enumerate(custom[:64]):
        if len(rgb) in (6, 8):
            palette.indexed[i] = rgb[-6:].upper()
    formats: dict[str, str] = {}
    fonts: list[str | None] = []
    font_sizes: list[float] = []
    fills: list[str | None] = []
    xfs: list[Element] = []
    style_fonts: list[int] = []  # cellStyleXfs: each cell style's font
    for child in root:
        name = local(child.tag)
        if name == "numFmts":
            formats = {f.get("numFmtId", ""): f.get("formatCode", "") for f in child}
        elif name == "fonts":
            fonts = [font_colour(font, palette) for font in child]
            first = font_size(child[0], DEFAULT_SIZE) if len(child) else DEFAULT_SIZE
            font_sizes = [font_size(font, first) for font in child]
            styles.default_size = first
        elif name == "cellStyleXfs":
            style_fonts = [_index(xf.get("fontId")) for xf in child]
        elif name == "fills":
            fills = [fill_colour(fill, palette) for fill in child]
        elif name == "cellXfs":
            xfs = list(child)
        elif name == "dxfs":
            for dxf in child:
                font, fill = _child(dxf, "font"), _child(dxf, "fill")
                styles.dxfs.append(
                    (
                        font_colour(font, palette, None) if font is not None else None,
                        fill_colour(fill, palette, differential=True) if fill is not None else None,
                    )
                )
    for i, xf in enumerate(xfs):
        font_id, fill_id = _index(xf.get("fontId")), _index(xf.get("fillId"))
        if xf.get("fontId") is None:  # no font of its own: its cell style's
            style_id = _index(xf.get("xfId"))
            font_id = style_fonts[style_id] if style_id < len(style_fonts) else 0
        size = font_sizes[font_id] if font_id < len(font_sizes) else styles.default_size
        if size != styles.default_size:
            styles.sizes[i] = size
        text = fonts[font_id] if font_id < len(fonts) else WINDOW_TEXT
        back = fills[fill_id] if fill_id < len(fills) else None
        styles.fills[i] = back
        why = hides(text or WINDOW_TEXT, back)
        if why:
            styles.hidden_text[i] = why
        if hides_everything(formats.get(xf.get("numFmtId", ""), "")):
            styles.blank_format.add(i)
    return styles


def _index(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0
