"""Attachments everyone can read (issue 19).

* CSV, XLSX and DOCX attachments each get a web page version beside the
  download: real tables with a caption and ``<th scope>`` headers (one per
  visible sheet, hidden sheets, rows and columns never shown), numbers as the
  spreadsheet shows them, Word headings, lists and tables kept; large tables
  capped, files over the size limit not rendered (and the page says why).
* Every attachment offers "Request ... in another format" (a ``mailto:`` to
  ``contact_email``, or how to ask when there is none).
* PDFs that are untagged, without a language, a title or a text layer get an
  advisory ``pdf-not-accessible`` finding (category ``accessibility``), which
  never fails ``check --strict`` or a strict build; the accessibility
  statement's marker becomes the list of those documents.

Every file is built in code; all data is fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from attachment_builders import text_op, write_pdf
from click.testing import CliRunner
from logbuilder import DEFAULT_OPTIONS, TODAY_ARG, VALID_SLUG, VALID_YML, LogBuilder, variant
from openpyxl import Workbook
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject
from sitetools import build, page

from foilog.commands.cli import main
from foilog.gate.attachments import inspect_attachment
from foilog.log.findings import Category, Finding, Severity
from foilog.site.render import renditions
from foilog.site.render.rendition_pages import rendition_path, request_link
from foilog.site.render.renditions import csv_html, docx_html, format_cell, table_html, xlsx_html
from foilog.site.render.statement import MARKER, fill_statement

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# --- spreadsheets ------------------------------------------------------------------------------


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Contracts"
    sheet.append(["Supplier", "Value", "Share", "Signed"])
    sheet.append(["Acme Gritting Ltd", 1234567.891, 0.125, dt.datetime(2026, 3, 9)])
    sheet.append(["Secret row supplier", 1, 0.5, dt.datetime(2026, 1, 1)])
    sheet.append(["Northern Salt plc", -42.5, 1, dt.datetime(2026, 12, 25)])
    sheet["B2"].number_format = "#,##0.00"
    sheet["B4"].number_format = "#,##0.00"
    sheet["C2"].number_format = "0.0%"
    sheet["C4"].number_format = "0%"
    sheet["D2"].number_format = "dd/mm/yyyy"
    sheet["D4"].number_format = "d mmm yyyy"
    sheet.row_dimensions[3].hidden = True
    sheet["E1"] = "Hidden column header"
    sheet["E2"] = "hidden column value"
    sheet.column_dimensions["E"].hidden = True
    hidden = book.create_sheet("Workings")
    hidden["A1"] = "hidden sheet text"
    hidden.sheet_state = "hidden"
    second = book.create_sheet("Totals")
    second.append(["Year", "Total"])
    second.append([2026, 1234567])
    book.save(path)
    return path


def test_xlsx_rendition_has_one_captioned_table_per_visible_sheet(tmp_path: Path) -> None:
    out = xlsx_html(_workbook(tmp_path / "contracts.xlsx"), "../contracts.xlsx")
    assert out.count('<table class="foilog-rendition-table">') == 2
    assert "<caption>Sheet: Contracts</caption>" in out
    assert "<caption>Sheet: Totals</caption>" in out
    assert '<th scope="col">Supplier</th>' in out
    assert '<th scope="row">Acme Gritting Ltd</th>' in out


def test_xlsx_rendition_never_shows_hidden_sheets_rows_or_columns(tmp_path: Path) -> None:
    out = xlsx_html(_workbook(tmp_path / "contracts.xlsx"), "../contracts.xlsx")
    for hidden in ("Workings", "hidden sheet text", "Secret row supplier", "Hidden column header", "hidden column value"):
        assert hidden not in out
    assert "<tr></tr>" not in out and "<td></td></tr>" not in out  # a hidden row leaves no gap


def test_xlsx_rendition_shows_numbers_as_the_spreadsheet_formats_them(tmp_path: Path) -> None:
    out = xlsx_html(_workbook(tmp_path / "contracts.xlsx"), "../contracts.xlsx")
    for shown in (
        "<td>1,234,567.89</td>",
        "<td>-42.50</td>",
        "<td>12.5%</td>",
        "<td>100%</td>",
        "<td>09/03/2026</td>",
        "<td>25 Dec 2026</td>",
    ):
        assert shown in out
    assert "<td>1234567</td>" in out  # General: the value as typed


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (1234.5, "General", "1234.5"),
        (3.0, "General", "3"),
        (1234.5, "#,##0", "1,235"),
        (0.4567, "0.00%", "45.67%"),
        (1500, '"£"#,##0.00', "£1,500.00"),
        (-1500, "#,##0;(#,##0)", "(1,500)"),
        (dt.date(2026, 1, 5), "yyyy-mm-dd", "2026-01-05"),
        (True, "General", "TRUE"),
        (None, "General", ""),
    ],
)
def test_common_number_formats(value: object, fmt: str, shown: str) -> None:
    assert format_cell(value, fmt) == shown


def test_large_tables_are_capped_with_a_link_to_the_download() -> None:
    rows = [["Row", "Value"], *([str(i), "x"] for i in range(30))]
    out = table_html("Big", rows, "../big.csv", limit=10)
    assert out.count("<tr>") == 11  # the header and ten rows
    assert "Showing the first 10 of 30 rows" in out
    assert '<a href="../big.csv">Download the file</a>' in out


def test_csv_rendition_is_a_captioned_table_and_escapes_cells() -> None:
    data = io.StringIO()
    csv.writer(data).writerows([["Route", "Roads"], ["A", "B1234 <script>"]])
    out = csv_html(data.getvalue().encode("utf-8-sig"), "Gritting routes", "../routes.csv")
    assert "<caption>Gritting routes</caption>" in out
    assert '<th scope="col">Route</th><th scope="col">Roads</th>' in out
    assert "<td>B1234 &lt;script&gt;</td>" in out


def test_files_over_the_size_limit_get_no_rendition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(renditions, "MAX_BYTES", 10)
    file = tmp_path / "big.csv"
    file.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    result = renditions.rendition_of(file, "Big", "../big.csv")
    assert result.html == ""
    assert "larger than" in result.refused


# --- Word --------------------------------------------------------------------------------------


def _docx(path: Path, body: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
    return path


def _p(text: str, style: str = "", extra_run: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r>{extra_run}</w:p>"


def test_docx_rendition_keeps_headings_lists_and_tables_and_drops_hidden_text(tmp_path: Path) -> None:
    body = (
        _p("Gritting policy", "Heading1")
        + _p("Routes are treated before frost.", extra_run="<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden note</w:t></w:r>")
        + "<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del><w:r><w:t>Kept words.</w:t></w:r></w:p>"
        + _p("First route", "ListParagraph")
        + _p("Second route", "ListParagraph")
        + _p("Depots", "Heading2")
        + "<w:tbl><w:tr><w:tc>"
        + _p("Depot")
        + "</w:tc><w:tc>"
        + _p("Lorries")
        + "</w:tc></w:tr>"
        + "<w:tr><w:tc>"
        + _p("North")
        + "</w:tc><w:tc>"
        + _p("4")
        + "</w:tc></w:tr></w:tbl>"
    )
    out = docx_html(_docx(tmp_path / "policy.docx", body))
    assert "<h2>Gritting policy</h2>" in out
    assert "<h3>Depots</h3>" in out
    assert "<ul>\n<li>First route</li>\n<li>Second route</li>\n</ul>" in out
    assert '<th scope="col">Depot</th>' in out and '<th scope="row">North</th><td>4</td>' in out
    assert "<caption>Depots</caption>" in out  # the heading it sits under
    assert "<p>Kept words.</p>" in out
    assert "hidden note" not in out and "deleted words" not in out


# --- the request link --------------------------------------------------------------------------


def test_request_link_fills_in_the_reference_and_file_name() -> None:
    link = request_link("foi@northshire.example", "NCC/FOI/26/0042", "contracts.xlsx")
    assert link.startswith("mailto:foi@northshire.example?subject=")
    assert "contracts.xlsx" in link and "NCC/FOI/26/0042" in link
    assert request_link(None, "NCC/FOI/26/0042", "contracts.xlsx") == ""


def test_rendition_sits_beside_the_download() -> None:
    assert rendition_path("attachments/contracts.xlsx") == "attachments/contracts-xlsx/"


# --- PDF advice --------------------------------------------------------------------------------


def _tag(writer: PdfWriter) -> None:
    root = writer._root_object
    root[NameObject("/StructTreeRoot")] = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/Lang")] = TextStringObject("en-GB")
    writer.add_metadata({"/Title": "Gritting routes"})


def _untagged(path: Path) -> Path:
    return write_pdf(path, [text_op(72, 700, "Gritting routes for the winter.")])


def _tagged(path: Path) -> Path:
    return write_pdf(path, [text_op(72, 700, "Gritting routes for the winter.")], tweak=_tag)


def _advice(report_findings: list[Finding]) -> list[Finding]:
    return [f for f in report_findings if f.rule == "pdf-not-accessible"]


def test_an_untagged_pdf_gets_advice_naming_what_is_missing(tmp_path: Path) -> None:
    report = inspect_attachment(_untagged(tmp_path / "a.pdf"), display_path="a.pdf")
    (advice,) = _advice(report.findings)
    assert advice.category is Category.ACCESSIBILITY
    assert advice.advisory and not advice.is_error and not advice.blocks_strict
    assert "not tagged" in advice.message and "no document language" in advice.message and "no title" in advice.message
    assert advice.as_json()["category"] == "accessibility"


def test_a_tagged_pdf_with_language_and_title_gets_no_advice(tmp_path: Path) -> None:
    report = inspect_attachment(_tagged(tmp_path / "a.pdf"), display_path="a.pdf")
    assert _advice(report.findings) == []


def test_advice_is_never_an_error_even_at_error_severity() -> None:
    finding = Finding(path="a.pdf", rule="pdf-not-accessible", category=Category.ACCESSIBILITY, severity=Severity.ERROR)
    assert not finding.is_error and not finding.blocks_strict


def test_the_statement_marker_is_replaced_and_a_page_without_it_is_unchanged() -> None:
    def listed(url: str) -> str:
        return f"<ul><li>{url}</li></ul>"

    assert (
        fill_statement(f"<p>Intro</p>\n{MARKER}\n", listed, "help/accessibility/")
        == "<p>Intro</p>\n<ul><li>help/accessibility/</li></ul>\n"
    )
    assert fill_statement("<p>No marker</p>", listed, "about/") == "<p>No marker</p>"


# --- a whole log -------------------------------------------------------------------------------

YML = variant(
    "attachments:\n  - path: attachments/gritting-routes.csv\n    title: Gritting routes 2026/27\n",
    "attachments:\n  - path: attachments/gritting-routes.csv\n    title: Gritting routes 2026/27\n"
    "  - path: attachments/contracts.xlsx\n    title: Gritting contracts\n"
    "  - path: attachments/routes-letter.pdf\n    title: Routes letter\n"
    "  - path: attachments/routes-tagged.pdf\n    title: Tagged routes letter\n",
    VALID_YML,
)


def _visible_workbook(path: Path) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Contracts"
    sheet.append(["Supplier", "Value"])
    sheet.append(["Acme Gritting Ltd", 1234567])
    sheet["B2"].number_format = "#,##0"
    book.save(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def log_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("renditions")
    builder = LogBuilder(root / "log", options={**DEFAULT_OPTIONS, "contact_email": "foi@northshire.example"})
    files = root / "files"
    files.mkdir()
    builder.valid(
        YML,
        attachments={
            "attachments/gritting-routes.csv": b"route,roads\nA,B1234 and B1235\n",
            "attachments/contracts.xlsx": _visible_workbook(files / "contracts.xlsx"),
            "attachments/routes-letter.pdf": _untagged(files / "u.pdf").read_bytes(),
            "attachments/routes-tagged.pdf": _tagged(files / "t.pdf").read_bytes(),
        },
    )
    statement = builder.root / "content" / "accessibility.md"
    statement.write_text(
        f"---\ntitle: Accessibility statement\n---\n# Accessibility statement\n\nNot accessible:\n\n{MARKER}\n", encoding="utf-8"
    )
    (builder.root / "content" / "about.md").write_text("# About\n\nNo marker here.\n", encoding="utf-8")
    return builder.root


@pytest.fixture(scope="module")
def site(log_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(log_root / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site", today=dt.date.fromisoformat(TODAY_ARG), strict=True)


def test_check_strict_passes_with_advice_and_reports_it_in_json(log_root: Path) -> None:
    args = ["check", "--config-file", str(log_root / "mkdocs.yml"), "--today", TODAY_ARG]
    assert CliRunner().invoke(main, [*args, "--strict"]).exit_code == 0
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    findings = json.loads(result.output)["findings"]
    advice = [f for f in findings if f["rule"] == "pdf-not-accessible"]
    assert [f["path"] for f in advice] == [f"responses/2026/{VALID_SLUG}/attachments/routes-letter.pdf"]
    assert advice[0]["category"] == "accessibility"


def test_response_page_links_each_rendition_and_the_request_link(site: Path) -> None:
    html = page(site, f"responses/2026/{VALID_SLUG}/").read_text("utf-8")
    assert '<a href="attachments/contracts-xlsx/">view Gritting contracts as a web page</a>' in html
    assert '<a href="attachments/gritting-routes-csv/">view Gritting routes 2026/27 as a web page</a>' in html
    assert "view Routes letter as a web page" not in html  # PDFs keep their download only
    assert re.search(r'href="mailto:foi@northshire\.example\?subject=[^"]*contracts\.xlsx', html)
    assert html.count("in another format</a>") == 4


def test_rendition_page_holds_the_formatted_table_and_a_link_back(site: Path) -> None:
    html = page(site, f"responses/2026/{VALID_SLUG}/attachments/contracts-xlsx/").read_text("utf-8")
    assert "<caption>Sheet: Contracts</caption>" in html
    assert "<td>1,234,567</td>" in html
    assert 'href="../contracts.xlsx" download' in html
    assert (site / f"responses/2026/{VALID_SLUG}/attachments/contracts.xlsx").is_file()


def test_statement_lists_the_documents_that_are_not_accessible(site: Path) -> None:
    html = page(site, "accessibility/").read_text("utf-8")
    assert MARKER not in html
    listed = re.findall(r'<li><a href="[^"]*">([^<]+)</a>', html.split('class="foilog-not-accessible"')[1].split("</ul>")[0])
    assert listed == ["routes-letter.pdf"]
    assert "it is not tagged" in html
    assert "No marker here." in page(site, "about/").read_text("utf-8")


def test_without_contact_email_the_page_says_how_to_ask(tmp_path: Path) -> None:
    from foilog.engine.mkdocs_config import load_project
    from foilog.site.pipeline import plan_site

    builder = LogBuilder(tmp_path / "log")
    builder.valid()
    plan = plan_site(load_project(builder.config), dt.date.fromisoformat(TODAY_ARG))
    html = next(p for p in plan.pages if p.kind == "response").html
    assert "mailto:" not in html
    assert "Need it in another format? Ask the authority that published it." in html


def test_a_value_hidden_by_its_format_is_not_shown() -> None:
    assert format_cell(1234, ";;;") == ""
    assert format_cell("secret", ";;;") == ""
    assert format_cell(0, '#,##0;-#,##0;""') == ""
    assert format_cell(0, '#,##0;-#,##0;"-"') == "-"


def test_no_rendition_when_the_gate_reported_anything_hidden(tmp_path: Path) -> None:
    """The search index's rule: a file with even a hidden-content warning gets no web page version, and no link to one."""
    import dataclasses

    from foilog.engine.mkdocs_config import load_project
    from foilog.site.pipeline import plan_site

    builder = LogBuilder(tmp_path / "log")
    builder.valid()
    plan = plan_site(load_project(builder.config), dt.date.fromisoformat(TODAY_ARG))
    response = plan.indexes.live[0]
    path = "attachments/gritting-routes.csv"
    assert plan.has_rendition(response, path)
    display = f"{response.rel_folder}/{path}"
    warning = Finding(path=display, rule="xlsx-hidden-thing", category=Category.HIDDEN_CONTENT, severity=Severity.WARNING)
    report = plan.scan.attachments[display]
    plan.scan.attachments[display] = dataclasses.replace(report, findings=[*report.findings, warning])
    assert not plan.has_rendition(response, path)


def test_a_title_row_above_the_table_becomes_a_paragraph_and_blank_rows_go() -> None:
    rows = [["Agency spend 2019/20 (pounds)", "", ""], ["", "", ""], ["Group", "Q1", "Q2"], ["", "", ""], ["Nursing", "1", "2"]]
    out = table_html("Sheet: Spend", renditions._trim([list(r) for r in rows]), "../spend.xlsx")
    assert out.startswith('<p class="foilog-rendition-note">Agency spend 2019/20 (pounds)</p>')
    assert '<th scope="col">Group</th>' in out
    assert out.count("<tr>") == 2


def test_a_scanned_pdf_is_advised_to_publish_its_text(tmp_path: Path) -> None:
    from attachment_builders import image_op

    report = inspect_attachment(write_pdf(tmp_path / "scan.pdf", [image_op()], image=True), display_path="scan.pdf")
    (advice,) = _advice(report.findings)
    assert "scanned image with no text" in advice.message


def test_the_statement_says_so_when_no_document_falls_short() -> None:
    from foilog.site.render.statement import not_accessible_html

    assert not_accessible_html([], [], "accessibility/") == "<p>We know of no published document that falls short.</p>"


def test_new_logs_statement_holds_the_marker() -> None:
    import foilog

    template = Path(foilog.__file__).parent / "newlog" / "content" / "accessibility.md.j2"
    assert MARKER in template.read_text("utf-8")


def test_check_summary_counts_advice_apart_and_github_shows_it_as_a_notice(log_root: Path) -> None:
    args = ["check", "--config-file", str(log_root / "mkdocs.yml"), "--today", TODAY_ARG]
    text = CliRunner().invoke(main, args).output
    assert "1 accessibility advisory" in text and "(advice: pdf-not-accessible)" in text
    github = CliRunner().invoke(main, [*args, "--format", "github"]).output
    assert re.search(r"^::notice file=[^\n]*routes-letter\.pdf", github, re.M)


def test_over_the_size_limit_the_response_page_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from foilog.engine.mkdocs_config import load_project
    from foilog.site.pipeline import plan_site
    from foilog.site.render import rendition_pages

    monkeypatch.setattr(rendition_pages, "MAX_BYTES", 10)
    builder = LogBuilder(tmp_path / "log")
    builder.valid()
    plan = plan_site(load_project(builder.config), dt.date.fromisoformat(TODAY_ARG))
    html = next(p for p in plan.pages if p.kind == "response").html
    assert "too large for a web page version: download it" in html
    assert "as a web page" not in html
    assert not [p for p in plan.pages if p.kind == "rendition"]


def test_without_contact_email_the_authoritys_website_is_named(tmp_path: Path) -> None:
    from foilog.engine.mkdocs_config import load_project
    from foilog.site.pipeline import plan_site

    authorities = [
        {**a, "website": "https://northshire.example/"} if a["id"] == "northshire-council" else a for a in DEFAULT_OPTIONS["authorities"]
    ]
    builder = LogBuilder(tmp_path / "log", options={**DEFAULT_OPTIONS, "authorities": authorities})
    builder.valid()
    plan = plan_site(load_project(builder.config), dt.date.fromisoformat(TODAY_ARG))
    html = next(p for p in plan.pages if p.kind == "response").html
    assert 'Ask the authority through <a href="https://northshire.example/">its website</a>' in html


def test_excels_built_in_short_date_is_shown_day_first(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Signed", "By"])
    book.active.append([dt.datetime(2026, 3, 9), "Depot"])
    book.active["A2"].number_format = "mm-dd-yy"  # stored as built-in format 14: the reader's locale decides
    book.save(tmp_path / "d.xlsx")
    with zipfile.ZipFile(tmp_path / "d.xlsx") as z:
        assert 'numFmtId="14"' in z.read("xl/styles.xml").decode()
    assert '<th scope="row">09/03/2026</th>' in xlsx_html(tmp_path / "d.xlsx", "../d.xlsx")
