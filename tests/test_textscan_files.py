"""scan_file_text: text-like files, HTML with line numbers, oversized and non-UTF-8 files."""

from __future__ import annotations

from pathlib import Path

import pytest

from foilog.gate.textscan import MAX_TEXT_BYTES, html_to_text, scan_file_text
from foilog.log.findings import Category, Severity


@pytest.mark.parametrize("suffix", [".txt", ".md", ".yml", ".yaml", ".csv"])
def test_text_like_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"response{suffix}"
    path.write_text("id,notes\n1,Call 07123 456789\n", "utf-8")
    findings = scan_file_text(path, display_path=f"responses/x/response{suffix}")
    assert [(f.rule, f.line, f.path) for f in findings] == [("phone", 2, f"responses/x/response{suffix}")]


def test_html_tags_stripped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<html>\n<body>\n<p class="x"\n   id="y">Dear Ms Fakeley</p>\n'
        "<!-- jo.dummett@example.org -->\n<p>mail: alex&#46;testerson&#64;example.org</p>\n</body></html>\n",
        "utf-8",
    )
    findings = scan_file_text(path, display_path="page.html")
    assert [(f.rule, f.line, f.excerpt) for f in findings] == [
        ("salutation-name", 4, "F******"),
        ("email", 5, "j***@example.org"),
        ("email", 6, "a***@example.org"),
    ]


def test_html_to_text_keeps_newlines_inside_tags() -> None:
    assert html_to_text("<a\nhref='x>y'>one</a>\n&amp;two").split("\n") == [" ", "one ", "&two"]


def test_too_large_file_is_reported_not_scanned(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Dear Jane\n" + b"x" * MAX_TEXT_BYTES)
    (finding,) = scan_file_text(path, display_path="big.txt")
    assert finding.category is Category.UNSAFE_FILE
    assert finding.severity is Severity.ERROR
    assert finding.rule == "personal-data-scan-skipped"
    assert "too large to check" in finding.message and "Split" in finding.message


def test_non_utf8_reports_offset_and_still_scans(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 menu\nDear Ms Fakeley\n".encode("latin-1"))
    findings = scan_file_text(path, display_path="latin1.txt")
    assert [(f.category, f.line) for f in findings] == [(Category.INVALID_DATA, 1), (Category.PERSONAL_DATA, 2)]
    assert "byte offset 3" in findings[0].message and "UTF-8" in findings[0].message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfDear Jane\n")
    assert [f.rule for f in scan_file_text(path, display_path="bom.txt")] == ["salutation-name"]


def test_acknowledgements_pass_through(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("Dear Jane\n", "utf-8")
    (finding,) = scan_file_text(path, display_path="r.md", acknowledgements=[("Jane", "consented")])
    assert finding.acknowledged == "consented"
