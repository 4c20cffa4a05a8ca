"""Cell colours resolved the way Excel draws them: theme (with Excel's swapped index), tint, indexed, automatic."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Color, Font, PatternFill
from xlsx_builders import rewrite_zip, save, staff_book

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.spreadsheet_styles import EXCEL_THEME_TO_SCHEME, Palette, colour_words, hides
from foilog.log.findings import Severity

#: A theme whose four base colours are all different, so a swapped index shows.
THEME = ["101010", "FAFAFA", "203864", "E7E6E6", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72"]


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}", limits=Limits(sandbox=False))


def colour_rules(path: Path) -> list[str]:
    return [f.message for f in inspect(path).findings if f.rule == "xlsx-white-text"]


def styled(tmp_path: Path, name: str, font: Font, fill: PatternFill | None = None) -> Path:
    wb = staff_book()
    for row in wb["Staff"]["B2:B5"]:
        for cell in row:
            cell.font = font
            if fill is not None:
                cell.fill = fill
    return save(wb, tmp_path, name)


def test_excel_theme_index_swaps_the_first_two_pairs() -> None:
    palette = Palette(theme=list(THEME))
    el = Font(color=Color(theme=0)).color
    assert [palette.resolve(el_for(i), None) for i in range(4)] == ["FAFAFA", "101010", "E7E6E6", "203864"]
    assert EXCEL_THEME_TO_SCHEME[:4] == (1, 0, 3, 2)
    assert el is not None


def el_for(theme: int):  # a <color theme="n"/> element
    from xml.etree.ElementTree import Element

    return Element("color", {"theme": str(theme)})


def test_theme_2_is_light_and_theme_3_is_dark(tmp_path: Path) -> None:
    # "Light Grey, Background 2" (theme 2 = lt2) cannot be read on the white sheet; "Dark Blue, Text 2" (theme 3 = dk2) can.
    assert colour_rules(styled(tmp_path, "lt2.xlsx", Font(color=Color(theme=2)))) != []
    assert colour_rules(styled(tmp_path, "dk2.xlsx", Font(color=Color(theme=3)))) == []


def test_theme_colours_come_from_the_files_theme(tmp_path: Path) -> None:
    # A corporate theme whose dk2 is black: theme 3 text on a black fill is hidden.
    path = styled(tmp_path, "corp.xlsx", Font(color=Color(theme=3)), PatternFill("solid", fgColor="FF000000"))
    assert colour_rules(path) == []  # Office's dk2 (#44546A) shows on black... only just, but it does
    rewrite_zip(path, {"xl/theme/theme1.xml": lambda x: re.sub(rb'(<a:dk2>\s*<a:srgbClr val=")1F497D', rb"\g<1>000000", x)})
    assert colour_rules(path), "theme part not read"


def test_automatic_font_explicit_and_missing(tmp_path: Path) -> None:
    path = styled(tmp_path, "auto.xlsx", Font(color=Color(theme=1)), PatternFill("solid", fgColor="FF000000"))
    rewrite_zip(path, {"xl/styles.xml": lambda x: x.replace(b'<color theme="1"', b'<color auto="1"')})
    (message,) = colour_rules(path)
    assert "sheet Staff, cells B2:B5: text is black on a black fill" in message


def test_custom_indexed_palette(tmp_path: Path) -> None:
    # indexed 10 is red in the legacy palette; a file may redefine it (here: black).
    path = styled(tmp_path, "palette.xlsx", Font(color=Color(indexed=8)), PatternFill("solid", fgColor=Color(indexed=10)))
    assert colour_rules(path) == []
    # openpyxl writes the legacy palette out as <indexedColors>, as Excel does for files with a custom palette.
    palette = "".join('<rgbColor rgb="FF000000"/>' if i in (8, 10) else '<rgbColor rgb="FFFFFFFF"/>' for i in range(64))
    rewrite_zip(
        path,
        {"xl/styles.xml": lambda x: re.sub(rb"<indexedColors>.*</indexedColors>", f"<indexedColors>{palette}</indexedColors>".encode(), x)},
    )
    assert colour_rules(path)


def test_tint_lightens_and_darkens() -> None:
    palette = Palette()
    from xml.etree.ElementTree import Element

    darker = palette.resolve(Element("color", {"theme": "4", "tint": "-0.499984740745262"}), None)
    lighter = palette.resolve(Element("color", {"theme": "0", "tint": "-0.1499984740745262"}), None)
    assert darker == "203864" and lighter == "D9D9D9"
    assert hides("000000", lighter) is None  # automatic text on the usual light-grey band
    assert hides("FFFFFF", darker) is None  # white heading on dark blue
    assert hides("203864", darker) == f"text is {colour_words('203864')} on a {colour_words('203864')} fill"


def test_light_pattern_keeps_text_readable(tmp_path: Path) -> None:
    path = styled(tmp_path, "light.xlsx", Font(color="FF000000"), PatternFill("lightGray", fgColor="FF000000"))
    assert colour_rules(path) == []


def test_conditional_format_hiding_text(tmp_path: Path) -> None:
    wb = staff_book()
    wb["Staff"].conditional_formatting.add(
        "B2:B3", FormulaRule(formula=["TRUE"], font=Font(color="FFFFFFFF"), fill=PatternFill(bgColor="FFFFFFFF", fill_type="solid"))
    )
    wb["Staff"].conditional_formatting.add(
        "C2:C5", FormulaRule(formula=["C2>11"], font=Font(color="FF9C0006"), fill=PatternFill(bgColor="FFFFC7CE", fill_type="solid"))
    )
    found = [f for f in inspect(save(wb, tmp_path, "cf.xlsx")).findings if f.rule == "xlsx-white-text"]
    assert len(found) == 1 and "cells B2:B3" in found[0].message and found[0].severity is Severity.ERROR


def test_ranges_name_separate_blocks(tmp_path: Path) -> None:
    wb = staff_book()
    ws = wb["Staff"]
    for ref in ("B2", "B3", "C2", "C3", "B5"):
        ws[ref].font = Font(color="FFFFFFFF")
    (message,) = [f.message for f in inspect(save(wb, tmp_path, "blocks.xlsx")).findings if f.rule == "xlsx-white-text"]
    assert "cells B2:C3, B5: text is white with no fill" in message
