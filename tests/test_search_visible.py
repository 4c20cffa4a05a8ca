"""Search indexes only text the leak gate judged visible: never a name under a box, white on white, clipped or in a hidden sheet.

The search index takes attachments' text from the leak gate's own reports
(``plan.scan.attachments``), never by opening a file or extracting text itself. These
tests build real sites (Pagefind included) and read the index back from its
fragments, as ``tests/test_search.py`` does. The files are made with
reportlab and openpyxl, as a council's own tools would write them; the
names are invented.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from logbuilder import DEFAULT_OPTIONS, TODAY, VALID_SLUG, LogBuilder, variant
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sitetools import MATERIAL, build

from foilog.engine.mkdocs_build import BuildFailed
from foilog.engine.mkdocs_config import load_project
from foilog.gate.attachments import AttachmentFacts, AttachmentReport, inspect_attachment
from foilog.gate.attachments._common import hidden
from foilog.log.findings import Severity
from foilog.log.schema import Acknowledgement
from foilog.site.pipeline import plan_site
from foilog.site.publish import search
from foilog.site.publish.search import build_search_index, searchable_text

NAME = "Oliver Pendleton"
SURNAME = "Pendleton"
VISIBLE = "quoxwell"
"""A made-up word only in the visible text of the letters."""
CLEAN_WORD = "zephyrine"
SHEET_WORD = "brambleton"
FOLDER = f"responses/2026/{VALID_SLUG}/"


# -- files, made as the tools make them -------------------------------------------------
def letter(hide: str) -> bytes:
    """A one-page letter (reportlab, as a case-management system prints one) with ``NAME`` hidden by ``hide``.

    ``box``: a black rectangle drawn over the name; ``white``: the name in
    white on the white page; ``clip``: the line cut off by a clipping path
    just after "Prepared by" (a line that runs out of its text frame);
    ``none``: no name at all.
    """
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Gritting routes in Brackenfield ward, winter 2026")
    c.drawString(72, 740, f"The council grits {VISIBLE} roads before a frost is forecast.")
    if hide == "none":
        c.drawString(72, 720, f"The {CLEAN_WORD} depot holds the salt.")
    elif hide == "box":
        c.drawString(72, 700, f"Prepared by {NAME}")
        x = 72 + c.stringWidth("Prepared by ", "Helvetica", 11)
        c.setFillColorRGB(0, 0, 0)
        c.rect(x - 1, 697, c.stringWidth(NAME, "Helvetica", 11) + 2, 13, fill=1, stroke=0)
    elif hide == "white":
        c.setFillColorRGB(1, 1, 1)
        c.drawString(72, 700, f"Prepared by {NAME}")
    elif hide == "clip":
        c.saveState()
        path = c.beginPath()
        path.rect(60, 690, 80, 20)
        c.clipPath(path, stroke=0, fill=0)
        c.drawString(72, 700, f"Prepared by {NAME}")
        c.restoreState()
    c.save()
    return out.getvalue()


def workbook(hidden_sheet: bool) -> bytes:
    """A workbook (openpyxl) with a visible sheet and, if asked, a hidden one naming a person."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Routes"
    ws.append(["Route", "Roads"])
    ws.append([SHEET_WORD, "B1234"])
    if hidden_sheet:
        staff = wb.create_sheet("Staff")
        staff.append(["Driver", NAME])
        staff.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def project(root: Path, attachments: dict[str, bytes], acknowledge: bool) -> LogBuilder:
    """One response with the given attachments (PDF or XLSX); its reviewer acknowledged ``NAME`` if ``acknowledge``."""
    listed = "".join(f"  - path: attachments/{name}\n    title: Attachment {name}\n" for name in attachments)
    yml = variant("  - path: attachments/gritting-routes.csv\n    title: Gritting routes 2026/27\n", listed)
    if acknowledge:
        yml += f"acknowledgements:\n  - text: {NAME}\n    reason: The officer agreed to be named.\n"
    builder = LogBuilder(root)
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(yml, attachments={f"attachments/{name}": data for name, data in attachments.items()})
    return builder


def fragments(site: Path) -> dict[str, str]:
    """The text of every record of the built Pagefind index, by URL (``pagefind/part-*/fragment/*``)."""
    out = {}
    for path in (site / "pagefind").glob("part-*/fragment/*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        record = json.loads(raw[len(b"pagefind_dcd") :])
        out[record["url"]] = record["content"] + " " + json.dumps(record["meta"])
    return out


def findable(site: Path, word: str) -> set[str]:
    return {url for url, text in fragments(site).items() if word.lower() in text.lower()}


# -- the rule ---------------------------------------------------------------------------------
def _report(kind: str, *findings: Any, text: str = f"Visible {VISIBLE} words") -> AttachmentReport:
    facts = AttachmentFacts(media_type="application/pdf", kind=kind, size=1, pages=1, has_text_layer=True, sha256="0" * 64)
    return AttachmentReport(facts=facts, findings=tuple(findings), text_pages=(text,), metadata=(("Author", "Info Rights"),))


def test_pdf_visible_text_is_indexed_despite_harmless_warnings() -> None:
    """A scanned page without a text layer, or an author in the properties, must not drop a letter from search."""
    warnings = (
        hidden("a.pdf", "pdf-no-text-layer", "page 2 has no text layer", severity=Severity.WARNING, page=2),
        hidden("a.pdf", "pdf-metadata", "document properties (Author) name a person", severity=Severity.WARNING),
    )
    assert VISIBLE in (searchable_text(_report("pdf", *warnings)) or "")


def test_pdf_with_a_hidden_content_error_is_not_indexed_at_all() -> None:
    error = hidden("a.pdf", "pdf-text-under-box", "page 1 has 1 run of text covered by a box", page=1)
    assert searchable_text(_report("pdf", error)) is None
    # A reviewer's acknowledgement of the hidden name accepts the name, not the hidden text: still nothing.
    assert searchable_text(_report("pdf", error), [Acknowledgement(text=NAME, reason="Agreed.")]) is None


def test_pdf_with_hidden_page_text_is_not_indexed_even_as_a_warning() -> None:
    """A line cut off by a clip or the page edge is a warning (a non-strict build publishes it): its text stays out of search."""
    cut = hidden("a.pdf", "pdf-text-under-box", "page 1 has 1 line of text running past the edge", page=1, severity=Severity.WARNING)
    assert searchable_text(_report("pdf", cut)) is None


def test_pdf_acknowledged_property_error_does_not_drop_the_text() -> None:
    """Properties are never indexed: a reviewer's acknowledgement of one leaves the visible text searchable; unacknowledged, not."""
    prop = hidden("a.pdf", "pdf-metadata", "document properties (Author) name a person", extra={"fields": "Author"})
    assert searchable_text(_report("pdf", prop)) is None
    acknowledged = [Acknowledgement(text="Info Rights", reason="Our team's name is public.")]
    assert VISIBLE in (searchable_text(_report("pdf", prop), acknowledged) or "")
    other_rule = [Acknowledgement(text="Info Rights", reason="Only for spreadsheets.", rule="xlsx-properties")]
    assert searchable_text(_report("pdf", prop), other_rule) is None


def test_spreadsheets_and_word_files_with_any_hidden_finding_are_not_indexed() -> None:
    """Their text_pages hold hidden sheets, rows, comments and deletions too: even a warning keeps the file out."""
    warning = hidden("a.xlsx", "xlsx-hidden-rows", "rows 4-6 are hidden", severity=Severity.WARNING)
    creator = hidden(
        "a.xlsx", "xlsx-properties", "properties (creator) name a person", severity=Severity.WARNING, extra={"fields": "creator"}
    )
    for kind in ("xlsx", "docx"):
        assert searchable_text(_report(kind)) == f"Visible {VISIBLE} words"
        assert searchable_text(_report(kind, warning)) is None
        assert searchable_text(_report(kind, creator)) == f"Visible {VISIBLE} words"  # properties are never indexed
        assert searchable_text(_report(kind, creator, warning)) is None


def gate_text(path: Path) -> str | None:
    """What search indexes of a file: the visible text of the report the gate's inspector makes of it."""
    return searchable_text(inspect_attachment(path, display_path=path.name))


@pytest.mark.parametrize("hide", ["box", "white", "clip"])
def test_inspected_pdf_text_never_holds_a_hidden_name(tmp_path: Path, hide: str) -> None:
    (tmp_path / "letter.pdf").write_bytes(letter(hide))
    assert SURNAME not in (gate_text(tmp_path / "letter.pdf") or "")


def test_inspected_pdf_text_of_a_clean_letter_is_its_visible_text(tmp_path: Path) -> None:
    (tmp_path / "letter.pdf").write_bytes(letter("none"))  # reportlab writes an author property: a warning
    text = gate_text(tmp_path / "letter.pdf") or ""
    assert VISIBLE in text and CLEAN_WORD in text


# -- real builds --------------------------------------------------------------------------------
def test_a_name_under_a_box_stops_a_non_strict_build_even_when_acknowledged(tmp_path: Path) -> None:
    """What reaches search from such a PDF: nothing. Hidden text is an error no acknowledgement accepts."""
    builder = project(tmp_path / "log", {"letter.pdf": letter("box")}, acknowledge=True)
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site", today=TODAY, strict=False)
    assert "attachments/letter.pdf (page 1)" in str(failed.value) and "nothing was published" in str(failed.value)
    assert not (tmp_path / "site" / "pagefind").exists()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[LogBuilder, Path]:
    """A non-strict build that publishes: a clean letter, a letter with a clipped (cut-off) name, a clean workbook.

    The reviewer acknowledged the name. The cut-off line is only a warning, so the build succeeds.
    """
    root = tmp_path_factory.mktemp("visible")
    files = {"clean.pdf": letter("none"), "cut.pdf": letter("clip"), "routes.xlsx": workbook(hidden_sheet=False)}
    builder = project(root / "log", files, acknowledge=True)
    return builder, build(builder.config, root / "site", today=TODAY, strict=False)


def test_non_strict_build_indexes_visible_words_and_never_a_hidden_name(published: tuple[LogBuilder, Path]) -> None:
    _, site = published
    assert findable(site, CLEAN_WORD) == {f"/{FOLDER}attachments/clean.pdf"}
    assert findable(site, SHEET_WORD) == {f"/{FOLDER}attachments/routes-xlsx/"}  # its web page version
    assert findable(site, SURNAME) == set()
    # The cut-off letter holds hidden text: none of it is indexed (its visible words are on the clean letter only).
    assert f"/{FOLDER}attachments/cut.pdf" not in fragments(site)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("clean.pdf", letter("box")),
        ("clean.pdf", letter("white")),
        ("routes.xlsx", workbook(hidden_sheet=True)),
    ],
    ids=["black-box", "white-on-white", "hidden-sheet"],
)
def test_search_never_indexes_a_hidden_name_even_past_the_gate(
    published: tuple[LogBuilder, Path], tmp_path: Path, name: str, data: bytes
) -> None:
    """Defence in depth: were such a file published (the gate stops it), search still would not index the name.

    The site and plan of the published build are indexed again with the
    gate's report of the attachment replaced by its report of one hiding a
    name, the way the build's own indexer takes it (:func:`search.report_text`).
    """
    builder, built = published
    root = tmp_path / "log"
    shutil.copytree(builder.root, root, ignore=shutil.ignore_patterns(".foilog-cache"))
    site = tmp_path / "site"
    shutil.copytree(built, site)
    plan = plan_site(load_project(root / "mkdocs.yml"), TODAY)
    assert not plan.errors
    hiding = root / FOLDER / "attachments" / name
    hiding.write_bytes(data)
    display = f"{FOLDER}attachments/{name}"
    assert display in plan.scan.attachments
    plan.scan.attachments[display] = inspect_attachment(hiding, display_path=display)  # as if the gate had let it through
    build_search_index(site, plan)
    assert findable(site, SURNAME) == set()
    assert f"/{FOLDER}attachments/{name}" not in fragments(site)
    assert findable(site, VISIBLE if name.endswith(".pdf") else SHEET_WORD) == set()  # nothing of that file


def test_report_text_passes_the_responses_acknowledgements(tmp_path: Path) -> None:
    """The rule is applied with the response's own acknowledgements, as the gate applies them."""
    (tmp_path / "letter.pdf").write_bytes(letter("none"))
    response = SimpleNamespace(folder=tmp_path, rel_folder="responses/2026/x", data=SimpleNamespace(acknowledgements=[]))
    attachment = SimpleNamespace(path="letter.pdf")
    reports = {"responses/2026/x/letter.pdf": inspect_attachment(tmp_path / "letter.pdf", display_path="responses/2026/x/letter.pdf")}
    assert CLEAN_WORD in (search.report_text(reports)(response, attachment) or "")  # type: ignore[arg-type]
