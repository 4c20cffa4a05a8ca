"""The real-tools corpus: files made by LibreOffice, Chromium and ocrmypdf, and what the leak gate must say about each.

The sources are in ``tests/realworld_sources.py``; :func:`build_all` runs the
tools over them (one LibreOffice call per output format, Chromium two pages
at a time, ocrmypdf per scan) and returns the files by case id. A tool that
is not installed leaves its cases out of the result, with the reason.

Where the gate is known to be wrong on a file, the case carries ``defect``:
what the gate reports and why that is wrong. The tests mark such cases as
expected failures (strict), so they document the defect and fail once it is
fixed (then remove ``defect``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfWriter
from realtools import chromium_print, missing, ocrmypdf, soffice_convert
from realworld_sources import SCAN_DPI, calc_workbooks, chromium_pages, scan_page, writer_documents

HIDDEN_PDF = "pdf-text-under-box"
#: Any error in the hidden-content category (a rule the gate does not have yet).
ANY_HIDDEN = "*hidden-content"
#: Tools each kind of source needs.
TOOLS = {"chromium": ("chromium",), "writer": ("soffice",), "calc": ("soffice",), "scan": ("ocrmypdf", "tesseract")}


@dataclass(frozen=True)
class RealCase:
    """One file made by a real tool and the verdict the gate must give."""

    #: Source stem (``chrome-black-span``): the file is ``<stem>.<output>``.
    stem: str
    #: ``chromium``, ``writer``, ``calc`` or ``scan``.
    tool: str
    #: ``pdf``, ``docx`` or ``xlsx``.
    output: str
    #: True: the file hides personal data; False: it is correctly made and must pass.
    bad: bool
    #: BAD: at least one of these rules must be reported as an error (:data:`ANY_HIDDEN`: any hidden-content error).
    expect: frozenset[str] = frozenset()
    #: BAD: strings the matched finding's message must contain (where it is).
    where: tuple[str, ...] = ()
    #: GOOD: hidden-content warnings of these rules are acceptable.
    allowed: frozenset[str] = frozenset()
    #: GOOD made by dropping the hidden text: this text must not be in the file's text (the premise of the case).
    absent: str = ""
    #: The gate is known to be wrong on this file: what it reports and why (the test is a strict xfail).
    defect: str = ""
    story: str = ""

    @property
    def id(self) -> str:
        return f"{self.stem}.{self.output}"


def _bad(
    stem: str, tool: str, output: str, expect: str | set[str], *, where: tuple[str, ...] = (), defect: str = "", story: str = ""
) -> RealCase:
    rules = frozenset({expect} if isinstance(expect, str) else expect)
    return RealCase(stem, tool, output, True, expect=rules, where=where, defect=defect, story=story)


def _good(
    stem: str, tool: str, output: str, *, allowed: set[str] | None = None, absent: str = "", defect: str = "", story: str = ""
) -> RealCase:
    return RealCase(stem, tool, output, False, allowed=frozenset(allowed or ()), absent=absent, defect=defect, story=story)


P1 = ("page 1",)


CASES: list[RealCase] = [
    # -- Chromium "Print to PDF": BAD
    _bad("chrome-black-span", "chromium", "pdf", HIDDEN_PDF, where=P1, story="a CMS editor sets a span's background and text black"),
    _bad("chrome-div-over-name", "chromium", "pdf", HIDDEN_PDF, where=P1, story="an absolutely positioned black box over the name"),
    _bad("chrome-white-box-over-name", "chromium", "pdf", HIDDEN_PDF, where=P1, story="a white box over the name (white-out)"),
    _bad("chrome-image-over-name", "chromium", "pdf", HIDDEN_PDF, where=P1, story="a black PNG positioned over the name"),
    _bad("chrome-after-overlay", "chromium", "pdf", HIDDEN_PDF, where=P1, story="a CSS ::after overlay, a theme's 'redacted' class"),
    _bad("chrome-white-text", "chromium", "pdf", HIDDEN_PDF, where=P1, story="the name coloured white on the white page"),
    _bad("chrome-transparent-text", "chromium", "pdf", HIDDEN_PDF, where=P1, story="color: transparent (Chromium still writes the glyphs)"),
    _bad("chrome-1px-text", "chromium", "pdf", HIDDEN_PDF, where=P1, story="the name set in font-size: 1px"),
    _bad("chrome-scaled-down", "chromium", "pdf", HIDDEN_PDF, where=P1, story="transform: scale(0.08) on the name"),
    _bad("chrome-mark-near-black", "chromium", "pdf", HIDDEN_PDF, where=P1, story="a <mark> in GOV.UK's near-black #0b0c0c"),
    _bad("chrome-blue-on-blue", "chromium", "pdf", HIDDEN_PDF, where=P1, story="text the brand blue on a brand-blue background"),
    _bad("chrome-wrapped-black-span", "chromium", "pdf", HIDDEN_PDF, where=P1, story="a black span wrapping over three lines"),
    _bad(
        "chrome-title-names-requester",
        "chromium",
        "pdf",
        {"titled-name", "pdf-metadata"},
        story="the page <title> names the requester; Chromium writes it as the PDF's Title",
    ),
    # -- Chromium: GOOD
    _good("chrome-plain-letter", "chromium", "pdf", story="a plain web page printed to PDF (its /Creator is the browser's user agent)"),
    _good("chrome-govuk-header", "chromium", "pdf", story="white text on a black header bar, grey footer"),
    _good("chrome-gradient-hero", "chromium", "pdf", story="white heading on a gradient banner with rounded corners"),
    _good("chrome-zebra-table", "chromium", "pdf", story="a table with a dark header and zebra-striped rows"),
    _good("chrome-rounded-cards", "chromium", "pdf", story="cards clipped to rounded corners (overflow: hidden) with images"),
    _good("chrome-signature-form", "chromium", "pdf", story="a signature image over the signature line"),
    _good("chrome-long-sections", "chromium", "pdf", story="four pages of sections with their own background colours"),
    _good("chrome-redaction-label", "chromium", "pdf", story="text deleted and replaced by a black label reading s40(2) in white"),
    _good("chrome-line-clamp-cards", "chromium", "pdf", story="card summaries cut to two lines (-webkit-line-clamp)"),
    _good(
        "chrome-partly-clipped-line",
        "chromium",
        "pdf",
        absent="Hartley",
        story="a box one line high clips the next line: Chromium keeps only the ascenders that show ('d b l f h d')",
    ),
    _good("chrome-dark-mode", "chromium", "pdf", story="light text on a near-black page, printed with its colours"),
    _good("chrome-received-stamp", "chromium", "pdf", story="a translucent red RECEIVED stamp over the text"),
    _good("chrome-opacity-zero", "chromium", "pdf", absent="Hartley", story="opacity: 0 - Chromium does not write the text at all"),
    _good("chrome-visibility-hidden", "chromium", "pdf", absent="Hartley", story="visibility: hidden - not written"),
    _good("chrome-negative-margin", "chromium", "pdf", absent="Hartley", story="pushed off the page - Chromium drops it"),
    _good("chrome-overflow-clipped", "chromium", "pdf", absent="Hartley", story="clipped away by overflow: hidden - dropped"),
    # -- LibreOffice Writer: BAD
    _bad("writer-black-highlight", "writer", "pdf", HIDDEN_PDF, where=P1, story="black character highlighting over black text"),
    _bad("writer-black-highlight", "writer", "docx", "docx-text-same-colour", where=("paragraph",)),
    _bad("writer-white-text", "writer", "pdf", HIDDEN_PDF, where=P1, story="the name's font colour set to white"),
    _bad("writer-white-text", "writer", "docx", "docx-text-same-colour", where=("paragraph",)),
    _bad("writer-1pt-text", "writer", "pdf", HIDDEN_PDF, where=P1, story="the name set in 1 pt"),
    _bad("writer-1pt-text", "writer", "docx", "docx-text-tiny", where=("paragraph",)),
    _bad("writer-black-shape", "writer", "pdf", HIDDEN_PDF, where=P1, story="a black rectangle drawn over the name"),
    _bad(
        "writer-black-shape",
        "writer",
        "docx",
        ANY_HIDDEN,
        where=("paragraph",),
        story="the same rectangle, saved as Word",
    ),
    _bad("writer-hidden-paragraph", "writer", "docx", "docx-hidden-text", where=("paragraph",), story="a paragraph formatted hidden"),
    _bad("writer-tracked-deletion", "writer", "docx", "docx-tracked-changes", story="the name deleted with track changes on"),
    _bad(
        "writer-tracked-deletion",
        "writer",
        "pdf",
        "titled-name",
        story="exported with changes shown (LibreOffice's default): the deleted name is printed, struck through",
    ),
    _bad("writer-comment", "writer", "docx", "docx-comments", story="a comment naming the requester and their mobile"),
    _bad("writer-custom-properties", "writer", "docx", {"docx-properties", "labelled-name"}, story="File > Properties > Custom: Requester"),
    _good("writer-custom-properties", "writer", "pdf", story="LibreOffice does not copy custom properties into the PDF"),
    _bad(
        "writer-comment-exported",
        "writer",
        "pdf",
        "pdf-annotation",
        where=("page 1",),
        story="exported with 'Comments as PDF annotations' ticked",
    ),
    _bad("letter-met-highlighted", "writer", "pdf", HIDDEN_PDF, where=P1, story="the real letter 'redacted' with black highlighting"),
    # -- LibreOffice Writer: GOOD
    _good("writer-hidden-paragraph", "writer", "pdf", absent="Pendleton", story="LibreOffice does not export hidden text to PDF"),
    _good("writer-comment", "writer", "pdf", absent="Pendleton", story="comments are not exported to PDF by default"),
    _good("writer-yellow-highlight", "writer", "pdf"),
    _good("writer-yellow-highlight", "writer", "docx", story="yellow highlighting of a date"),
    _good("writer-redaction-label", "writer", "pdf"),
    _good("writer-redaction-label", "writer", "docx", story="deleted text replaced by a black label reading s40(2) in white"),
    _good("writer-table-header", "writer", "pdf"),
    _good("writer-table-header", "writer", "docx", story="white bold text in a dark blue table header"),
    _good("writer-signature", "writer", "pdf"),
    _good("writer-signature", "writer", "docx", story="a signature image floating over the signature line"),
    _good("writer-headers-footers", "writer", "pdf"),
    _good("writer-headers-footers", "writer", "docx", story="the authority's address and switchboard in header and footer"),
    _good("writer-dark-page", "writer", "pdf"),
    _good("writer-dark-page", "writer", "docx", story="white text on a page whose background is near-black"),
    _good("writer-paragraph-shading", "writer", "pdf"),
    _good("writer-paragraph-shading", "writer", "docx", story="a notice in white on a dark blue paragraph shading"),
    _good("letter-met-redacted", "writer", "pdf", story="the real letter, multi-page, personal data deleted and labelled s40(2)"),
    _good("letter-met-redacted", "writer", "docx"),
    # -- LibreOffice Calc: BAD
    _bad("calc-black-fill-automatic-font", "calc", "xlsx", "xlsx-white-text", where=("C2",), story="cells filled black, font automatic"),
    _bad("calc-white-font", "calc", "xlsx", "xlsx-white-text", where=("C2",)),
    _bad("calc-white-font", "calc", "pdf", HIDDEN_PDF, where=P1, story="a column of names in white font"),
    _bad("calc-hidden-column-of-names", "calc", "xlsx", "xlsx-hidden-rows-columns", where=("(C)",), story="the Requester column hidden"),
    _bad("calc-black-rectangle", "calc", "xlsx", "xlsx-shape-over-cells", where=("C2",), story="a black rectangle drawn over the names"),
    _bad("calc-black-rectangle", "calc", "pdf", HIDDEN_PDF, where=P1),
    _bad("calc-blue-on-blue", "calc", "xlsx", "xlsx-white-text", where=("C2",), story="font colour set to the fill's dark blue"),
    _bad("calc-blue-on-blue", "calc", "pdf", HIDDEN_PDF, where=P1),
    _bad("calc-1pt-font", "calc", "pdf", HIDDEN_PDF, where=P1, story="the names' font size set to 1 pt"),
    _bad("calc-1pt-font", "calc", "xlsx", "xlsx-text-tiny", where=("C2:C4", "1 pt"), story="the names' font size set to 1 pt"),
    _bad("calc-hidden-row", "calc", "xlsx", "xlsx-hidden-rows-columns", where=("row",), story="a row of the request log hidden"),
    _bad("calc-note-naming-requester", "calc", "xlsx", "xlsx-comments", story="a cell note naming the requester"),
    # -- LibreOffice Calc: GOOD
    _good("calc-hidden-row", "calc", "pdf", absent="Pendleton", story="hidden rows are not printed"),
    _good(
        "calc-overflow-across-pages",
        "calc",
        "pdf",
        story="a sheet wider than the page printed in tiles: a note crossing the page break is cut off on one page and shown on the next",
    ),
    _good("calc-note-naming-requester", "calc", "pdf", absent="Pendleton", story="notes are not printed by default"),
    _good(
        "calc-black-fill-automatic-font",
        "calc",
        "pdf",
        story="LibreOffice prints an automatic font white on a dark fill: the names show (personal data, but not hidden)",
    ),
    _good("calc-hidden-column-of-names", "calc", "pdf", absent="Hartley", story="hidden columns are not printed"),
    _good("calc-white-header-dark-fill", "calc", "xlsx"),
    _good("calc-white-header-dark-fill", "calc", "pdf", story="white bold header on a dark blue fill"),
    _good("calc-hidden-empty-columns", "calc", "xlsx"),
    _good("calc-hidden-empty-columns", "calc", "pdf", story="empty working columns hidden"),
    _good("calc-plain-table", "calc", "xlsx"),
    _good("calc-plain-table", "calc", "pdf"),
    # -- scans
    _bad(
        "scan-ocr-then-blacked-out",
        "scan",
        "pdf",
        HIDDEN_PDF,
        where=P1,
        story="OCR'd, then the names painted black in an image editor; the OCR text layer still holds them",
    ),
    _good("scan-ocr", "scan", "pdf", story="a searchable scan (ocrmypdf)"),
    _good(
        "scan-blacked-out-then-ocr",
        "scan",
        "pdf",
        story="names painted black, then ocrmypdf --force-ocr: the text layer has no name",
    ),
    _good("scan-no-ocr", "scan", "pdf", allowed={"pdf-no-text-layer"}, story="a scan without a text layer"),
]


# -- building -------------------------------------------------------------------------------------


def _write(folder: Path, sources: dict[str, str], ext: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, text in sources.items():
        path = folder / f"{stem}.{ext}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _wanted(tool: str, output: str) -> set[str]:
    return {c.stem for c in CASES if c.tool == tool and c.output == output}


def _scans(src: Path, out: Path) -> None:
    """The four scans: searchable, blacked out after OCR, OCR'd after blacking out, and without OCR."""
    safe = ("a resident", "the duty manager")
    scan_page(names=safe).save(src / "scan-ocr.pdf", resolution=SCAN_DPI)
    ocrmypdf(src / "scan-ocr.pdf", out / "scan-ocr.pdf", "--optimize", "0")
    scan_page(names=safe).save(out / "scan-no-ocr.pdf", resolution=SCAN_DPI)
    scan_page(black_out=True).save(src / "scan-blacked-out-then-ocr.pdf", resolution=SCAN_DPI)
    ocrmypdf(src / "scan-blacked-out-then-ocr.pdf", out / "scan-blacked-out-then-ocr.pdf", "--force-ocr")
    # OCR the clean page, then replace the page image with the blacked-out one (the text layer stays).
    scan_page().save(src / "scan-named.pdf", resolution=SCAN_DPI)
    ocrmypdf(src / "scan-named.pdf", src / "scan-named-ocr.pdf", "--optimize", "0")
    writer = PdfWriter(clone_from=src / "scan-named-ocr.pdf")
    writer.pages[0].images[0].replace(scan_page(black_out=True), quality=90)
    writer.write(out / "scan-ocr-then-blacked-out.pdf")


_NOTES_AS_ANNOTATIONS = '{"ExportNotes":{"type":"boolean","value":"true"}}'


def build_all(folder: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """Make every file of :data:`CASES` under ``folder``: (paths by case id, reasons by tool kind that could not run)."""
    src, out = folder / "src", folder / "out"
    out.mkdir(parents=True, exist_ok=True)
    skipped = {kind: reason for kind, tools in TOOLS.items() if (reason := missing(*tools))}
    if "chromium" not in skipped:
        chromium_print(_write(src, chromium_pages(), "html"), out)
    if "writer" not in skipped:
        docs = _write(src, writer_documents(), "fodt")
        books = _write(src, calc_workbooks(), "fods")
        soffice_convert([p for p in docs + books if p.stem in _wanted("writer", "pdf") | _wanted("calc", "pdf")], "pdf", out)
        soffice_convert([p for p in docs if p.stem in _wanted("writer", "docx")], "docx", out)
        soffice_convert([p for p in books if p.stem in _wanted("calc", "xlsx")], "xlsx", out)
        # File > Export as PDF with "Comments as PDF annotations" ticked.
        src.joinpath("writer-comment-exported.fodt").write_text(writer_documents()["writer-comment"], encoding="utf-8")
        soffice_convert([src / "writer-comment-exported.fodt"], f"pdf:writer_pdf_Export:{_NOTES_AS_ANNOTATIONS}", out)
    if "scan" not in skipped:
        src.mkdir(parents=True, exist_ok=True)
        _scans(src, out)
    files = {c.id: out / c.id for c in CASES if c.tool not in skipped}
    return files, skipped
