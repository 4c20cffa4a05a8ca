"""Effective run formatting in Word documents: what colour, size and background a reader sees.

Word stores formatting in layers, and the visible result is the last layer
that says something (ECMA-376 §17.7.2): document defaults (``w:docDefaults``),
then the table style, then the paragraph style and its ``w:basedOn`` chain,
then the character style and its chain, then direct formatting on the run.
This module resolves those layers for the properties that decide whether text
can be seen: hidden (``w:vanish``, ``w:specVanish``), font size (``w:sz``,
``w:szCs`` for complex scripts), font colour (``w:color``, with ``auto`` and
theme colours, tints and shades), highlight (``w:highlight``) and run shading
(``w:shd``); and the backgrounds behind a run: paragraph shading, table-cell
shading (direct or from the table style, including its header-row
formatting), a text box's fill, the page colour.

How Word draws ``auto`` text: black, except on a dark background (a dark
highlight, shading or cell fill), where Word draws it white. So a black
highlighter over ordinary (automatic) text leaves the text readable, white on
black; it is an *explicit* black font colour, set directly or by a style, under
a black highlight or shading that hides it. :func:`text_colour` picks
whichever of black or white contrasts more with the background, which is the
switch Word makes. ``w:webHidden`` hides text only in Web Layout view, so it is
not hidden here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, replace
from typing import Any
from xml.etree.ElementTree import Element

from foilog.gate.attachments.ooxml import Package, attr, local
from foilog.gate.attachments.ooxml_colour import SCHEME_ORDER, contrast, luminance, mix, word_tint

#: ``w:highlight`` names (ECMA-376 §17.18.40) and the colours Word paints them in.
HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF", "red": "FF0000",
    "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0",
}  # fmt: skip

#: Word's ``themeColor`` names -> the theme scheme's slot (with Word's default colour mapping).
_THEME_SLOTS = {
    "dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2", "text1": "dk1", "background1": "lt1",
    "text2": "dk2", "background2": "lt2", "hyperlink": "hlink", "followedHyperlink": "folHlink",
    **{f"accent{i}": f"accent{i}" for i in range(1, 7)},
}  # fmt: skip

#: Below this WCAG contrast ratio text cannot be told from its background (black on navy is 1.3).
MIN_CONTRAST = 1.3
#: Font sizes below this many half-points (3 pt) cannot be read at print size.
MIN_HALF_POINTS = 6
#: Character scale (``w:w``, per cent) under which letters pile into one stroke; Word offers 33% at the least
#: in its menu, and a reader can still make that out.
MIN_SCALE = 20
#: Word's size when nothing sets one (ECMA-376: 10 pt).
DEFAULT_HALF_POINTS = 20


@dataclass(frozen=True)
class RunFormat:
    """Run properties from one layer; ``None`` means the layer does not set it."""

    vanish: bool | None = None
    colour: str | None = None  # "auto" or RGB hex, theme colours resolved
    size: int | None = None  # half-points
    size_cs: int | None = None
    complex_script: bool | None = None
    highlight: str | None = None  # RGB hex, or "" for none
    shading: str | None = None  # RGB hex, or "" for none
    style: str | None = None  # rStyle (direct formatting only)
    scale: int | None = None  # w:w, character width in per cent (100 = normal)

    def over(self, base: RunFormat) -> RunFormat:
        """This layer on top of ``base``: every property this layer sets wins."""
        return replace(base, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None})


@dataclass
class _Style:
    kind: str
    based_on: str | None = None
    run: RunFormat = field(default_factory=RunFormat)
    para_shading: str | None = None
    cell_shading: str | None = None
    #: Table styles' conditional formatting (``w:tblStylePr w:type="firstRow"`` ...): run format and cell shading.
    conditional: dict[str, tuple[RunFormat, str | None]] = field(default_factory=dict)


def _on(el: Element) -> bool:
    val = attr(el, "val")
    return val is None or val.lower() not in ("0", "false", "off")


class Formats:
    """Styles, theme and page colour of one document, resolved on demand."""

    def __init__(self, pkg: Package, styles_part: str | None, theme: list[str], page: str | None) -> None:
        self.theme = theme
        #: The page colour (``w:background``) when Word shows it, else white.
        self.page = page or "FFFFFF"
        self.defaults = RunFormat()
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_table: str | None = None
        self._cache: dict[tuple[str, str], RunFormat] = {}
        self._tables: dict[tuple[str | None, tuple[str, ...]], tuple[RunFormat, str | None]] = {}
        self._effective: dict[tuple[RunFormat, str | None, RunFormat | None], RunFormat] = {}
        root = pkg.xml(styles_part) if styles_part else None
        for el in root if root is not None else ():
            if local(el.tag) == "docDefaults":
                rpr = next((x for x in el.iter() if local(x.tag) == "rPr"), None)
                if rpr is not None:
                    self.defaults = self.run_format(rpr)
            elif local(el.tag) == "style":
                self._add_style(el)

    def _add_style(self, el: Element) -> None:
        sid = attr(el, "styleId") or ""
        kind = attr(el, "type") or "paragraph"
        style = _Style(kind=kind)
        if (attr(el, "default") or "").lower() in ("1", "true", "on"):
            if kind == "paragraph":
                self.default_paragraph = sid
            elif kind == "table":
                self.default_table = sid
        for child in el:
            tag = local(child.tag)
            if tag == "basedOn":
                style.based_on = attr(child, "val")
            elif tag == "rPr":
                style.run = self.run_format(child)
            elif tag == "pPr":
                style.para_shading = self.shading_of(child)
            elif tag == "tcPr":
                style.cell_shading = self.shading_of(child)
            elif tag == "tblStylePr":
                run = RunFormat()
                shade = None
                for sub in child:
                    if local(sub.tag) == "rPr":
                        run = self.run_format(sub)
                    elif local(sub.tag) == "tcPr":
                        shade = self.shading_of(sub)
                style.conditional[attr(child, "type") or ""] = (run, shade)
        self.styles[sid] = style

    # -- colours -------------------------------------------------------------------------------

    def theme_colour(self, name: str | None, tint: str | None = None, shade: str | None = None) -> str | None:
        """RGB of a Word ``themeColor`` name with its ``themeTint``/``themeShade``; None when unknown."""
        return theme_colour(self.theme, name, tint, shade)

    def colour_of(self, el: Element) -> str | None:
        """A ``w:color`` element: ``"auto"`` or RGB hex."""
        return colour_of(self.theme, el)

    def shading_of(self, props: Element) -> str | None:
        """The colour a ``w:shd`` child of ``props`` paints, "" for none, None when there is no ``w:shd``."""
        shd = next((c for c in props if local(c.tag) == "shd"), None)
        if shd is None:
            return None
        pattern = (attr(shd, "val") or "clear").lower()
        fill = self.theme_colour(attr(shd, "themeFill"), attr(shd, "themeFillTint"), attr(shd, "themeFillShade"))
        if fill is None:
            raw = (attr(shd, "fill") or "auto").upper()
            fill = "" if raw == "AUTO" or len(raw) != 6 else raw
        fore = self.theme_colour(attr(shd, "themeColor"), attr(shd, "themeTint"), attr(shd, "themeShade"))
        if fore is None:
            raw = (attr(shd, "color") or "auto").upper()
            fore = "000000" if raw == "AUTO" or len(raw) != 6 else raw  # an automatic pattern colour is black
        if pattern in ("nil", "clear"):
            return fill
        if pattern == "solid":
            return fore
        share = 0.5
        if pattern.startswith("pct") and pattern[3:].isdigit():
            share = int(pattern[3:]) / 100
        return mix(fore, fill or "FFFFFF", share)

    def run_format(self, rpr: Element) -> RunFormat:
        """The properties a ``w:rPr`` element sets."""
        values: dict[str, Any] = {}  # RunFormat's keyword arguments, each of its field's type
        for el in rpr:
            tag = local(el.tag)
            if tag in ("vanish", "specVanish"):
                values["vanish"] = _on(el) or bool(values.get("vanish"))
            elif tag == "color":
                values["colour"] = self.colour_of(el)
            elif tag in ("sz", "szCs") and (attr(el, "val") or "").isdigit():
                values["size" if tag == "sz" else "size_cs"] = int(attr(el, "val") or "0")
            elif tag in ("cs", "rtl"):
                values["complex_script"] = _on(el)
            elif tag == "highlight":
                values["highlight"] = HIGHLIGHTS.get(attr(el, "val") or "", "")
            elif tag == "rStyle":
                values["style"] = attr(el, "val")
            elif tag == "w" and (attr(el, "val") or "").rstrip("%").isdigit():
                values["scale"] = int((attr(el, "val") or "100").rstrip("%"))
        shade = self.shading_of(rpr)
        if shade is not None:
            values["shading"] = shade
        return RunFormat(**values)

    # -- styles --------------------------------------------------------------------------------

    def _chain(self, sid: str | None) -> list[_Style]:
        """The style and its ``basedOn`` ancestors, nearest first (loops cut)."""
        chain: list[_Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            chain.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return chain

    def style_run(self, sid: str | None) -> RunFormat:
        """A style's run properties with everything it inherits (not the document defaults)."""
        key = ("run", sid or "")
        if key not in self._cache:
            result = RunFormat()
            for style in reversed(self._chain(sid)):
                result = style.run.over(result)
            self._cache[key] = result
        return self._cache[key]

    def paragraph_shading(self, sid: str | None) -> str | None:
        """Shading set by a paragraph style (through ``basedOn``)."""
        for style in self._chain(sid if sid is not None else self.default_paragraph):
            if style.para_shading is not None:
                return style.para_shading
        return None

    def table_layers(self, sid: str | None, conditions: tuple[str, ...]) -> tuple[RunFormat, str | None]:
        """Run format and cell shading a table style gives a cell (whole table, then its conditions)."""
        key = (sid, conditions)
        if key not in self._tables:
            self._tables[key] = self._table_layers(sid, conditions)
        return self._tables[key]

    def _table_layers(self, sid: str | None, conditions: tuple[str, ...]) -> tuple[RunFormat, str | None]:
        run = RunFormat()
        shade: str | None = None
        for style in reversed(self._chain(sid if sid is not None else self.default_table)):
            run = style.run.over(run)
            shade = style.cell_shading if style.cell_shading is not None else shade
            for cond in conditions:
                if cond in style.conditional:
                    crun, cshade = style.conditional[cond]
                    run = crun.over(run)
                    shade = cshade if cshade is not None else shade
        return run, shade

    def effective(self, direct: RunFormat, para_style: str | None, table: RunFormat | None = None) -> RunFormat:
        """Document defaults, table style, paragraph style, character style, direct formatting, in that order."""
        key = (direct, para_style, table)
        found = self._effective.get(key)
        if found is None:
            found = self._effective[key] = self._resolve(direct, para_style, table)
        return found

    def _resolve(self, direct: RunFormat, para_style: str | None, table: RunFormat | None) -> RunFormat:
        result = self.defaults
        if table is not None:
            result = table.over(result)
        result = self.style_run(para_style if para_style is not None else self.default_paragraph).over(result)
        if direct.style:
            result = self.style_run(direct.style).over(result)
        return direct.over(result)


def theme_colour(theme: list[str], name: str | None, tint: str | None = None, shade: str | None = None) -> str | None:
    """RGB of a Word ``themeColor`` name with its ``themeTint``/``themeShade``; None when unknown."""
    slot = _THEME_SLOTS.get(name or "")
    if slot is None:
        return None
    return word_tint(theme[SCHEME_ORDER.index(slot)], tint, shade)


def colour_of(theme: list[str], el: Element) -> str:
    """A ``w:color`` (or ``w:background``) element: ``"auto"`` or RGB hex; a theme colour wins over ``w:val``, as in Word."""
    themed = theme_colour(theme, attr(el, "themeColor"), attr(el, "themeTint"), attr(el, "themeShade"))
    if themed:
        return themed
    val = (attr(el, "val") or attr(el, "color") or "auto").upper()
    return "auto" if val == "AUTO" or len(val) != 6 else val


def text_colour(colour: str | None, background: str) -> str:
    """The colour Word draws the text in: ``auto`` is black, or white on a dark background."""
    if colour and colour != "auto":
        return colour
    return "FFFFFF" if contrast("FFFFFF", background) > contrast("000000", background) else "000000"


def colour_name(rgb: str) -> str:
    """Plain words for a colour in a message ("black", "white", "dark blue", "light grey"...)."""
    lum = luminance(rgb)
    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) < 24:
        return "black" if lum < 0.02 else "white" if lum > 0.9 else "dark grey" if lum < 0.2 else "light grey" if lum > 0.5 else "grey"
    hue = "red" if r >= g and r >= b else "green" if g >= b else "blue"
    if r > 200 and g > 200 and b < 120:
        return "yellow"
    return f"dark {hue}" if lum < 0.1 else f"light {hue}" if lum > 0.6 else hue


@dataclass(frozen=True)
class Verdict:
    """Why a run cannot be seen: the finding's rule and a phrase for the message."""

    rule: str
    reason: str


@functools.lru_cache(maxsize=4096)
def judge(fmt: RunFormat, layers: tuple[tuple[str, str | None], ...]) -> Verdict | None:
    """Whether a run with effective format ``fmt`` can be seen.

    ``layers`` are the backgrounds behind the run, nearest first, as (what it
    is, colour or ""/None when that layer paints nothing): highlight, run
    shading, paragraph shading, cell shading, text-box fill, page. The nearest
    layer that paints decides what is behind the text.
    """
    if fmt.vanish:
        return Verdict("docx-hidden-text", "formatted as hidden, so not shown or printed")
    size = (fmt.size_cs if fmt.complex_script and fmt.size_cs else fmt.size) or DEFAULT_HALF_POINTS
    if size < MIN_HALF_POINTS:
        return Verdict("docx-text-tiny", f"{size / 2:g} pt, too small to read")
    if fmt.scale is not None and fmt.scale < MIN_SCALE:
        return Verdict("docx-text-tiny", f"squeezed to {fmt.scale}% of its width, too narrow to read")
    what, background = next(((w, c) for w, c in layers if c), ("white page", "FFFFFF"))
    if background == "?":  # a text box whose fill foilog cannot work out
        return None
    fore = text_colour(fmt.colour, background)
    if contrast(fore, background) < MIN_CONTRAST:
        return Verdict("docx-text-same-colour", f"{colour_name(fore)} on {_article(what, colour_name(background))}")
    return None


def _article(what: str, colour: str) -> str:
    if what == "white page" and colour == "white":
        return "a white page"
    return f"a {colour} {what}"
