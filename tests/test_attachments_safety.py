"""Hostile and unreadable files fail closed: an unsafe-file error, never a crash, never a pass."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from attachment_builders import bomb_pdf, docx, jpeg_bytes, para, text_op, write_pdf, zip_bomb_xlsx

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.log.findings import Category, Severity

pytestmark = pytest.mark.adversarial

PEAK_RSS_LIMIT_MB = 500


def inspect(path: Path, limits: Limits | None = None) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}", limits=limits or Limits())


def unsafe_rules(report: AttachmentReport) -> list[str]:
    assert report.findings, "a hostile file must never pass"
    assert all(f.category is Category.UNSAFE_FILE and f.severity is Severity.ERROR for f in report.findings)
    return [f.rule for f in report.findings]


def _encrypted_pdf(path: Path) -> Path:
    return write_pdf(path, [text_op(72, 700, "secret")], tweak=lambda w: w.encrypt("pw", algorithm="RC4-128"))


def _misleading(path: Path) -> Path:
    path.write_bytes(jpeg_bytes())  # a photo named .pdf
    return path


HOSTILE = {
    "pdf-200mb-stream.pdf": (bomb_pdf, "unsafe-zip-bomb"),
    "encrypted.pdf": (_encrypted_pdf, "unsafe-encrypted"),
    "zip-bomb.xlsx": (zip_bomb_xlsx, "unsafe-zip-bomb"),
    "photo.pdf": (_misleading, "unsafe-type-mismatch"),
}


_MEASURE = """\
import json, resource, sys, time
from pathlib import Path
from foilog.gate.attachments import Limits, inspect_attachment

path = Path(sys.argv[1])
started = time.monotonic()
report = inspect_attachment(path, display_path="responses/" + path.name, limits=Limits())
elapsed = time.monotonic() - started
print(json.dumps({
    "elapsed": elapsed,
    "rules": [f.rule for f in report.findings],
    "unsafe": all(f.category.value == "unsafe-file" and f.severity.value == "error" for f in report.findings),
    "text_pages": len(report.text_pages),
    # KiB: the sandboxed parser (this process's only child), and this process's own
    # high-water mark (VmHWM: getrusage's RUSAGE_SELF would carry over the peak
    # of the process that started this one, across exec)
    "peak_mb": max(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:"))),
    ) / 1024,
}))
"""


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_done_when_hostile_files_fail_closed_fast_and_small(tmp_path: Path, name: str) -> None:
    """Measured in a fresh process: the test session's own children (forked builds) must not count."""
    build, rule = HOSTILE[name]
    path = build(tmp_path / name)
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout)
    assert result["rules"] == [rule] and result["unsafe"]
    assert result["elapsed"] < 30
    assert result["peak_mb"] < PEAK_RSS_LIMIT_MB
    assert result["text_pages"] == 0


def test_memory_cap_stops_a_bomb_the_stream_limit_would_allow(tmp_path: Path) -> None:
    path = bomb_pdf(tmp_path / "bomb.pdf", expanded_mb=300)
    report = inspect(path, Limits(memory_mb=160, max_pdf_stream_bytes=1024 * 1024 * 1024))
    assert unsafe_rules(report) == ["unsafe-too-large"]


def test_timeout_kills_the_worker(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "slow.pdf", [text_op(72, 700, "hello")])
    report = inspect(path, Limits(timeout_seconds=0.01))
    assert unsafe_rules(report) == ["unsafe-timeout"]


def test_file_over_size_limit_is_not_parsed(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "big.pdf", [text_op(72, 700, "x" * 500)])
    report = inspect(path, Limits(max_file_bytes=100))
    assert unsafe_rules(report) == ["unsafe-too-large"]
    assert report.facts is not None and report.facts.size > 100 and report.facts.pages is None


def _patch_sizes(path: Path, member: str, declared: int) -> None:
    """Make the zip lie about ``member``'s uncompressed size (local header and central directory)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def test_zip_member_lying_about_its_size(tmp_path: Path) -> None:
    path = tmp_path / "liar.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/worksheets/sheet1.xml"] = b"<worksheet>" + b" " * 30_000_000 + b"</worksheet>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    _patch_sizes(path, "xl/worksheets/sheet1.xml", 2000)
    assert unsafe_rules(inspect(path))[0] in ("unsafe-zip-bomb", "unsafe-unparseable")


def test_zip_member_names_outside_the_package(tmp_path: Path) -> None:
    path = docx(tmp_path / "slip.docx", para("hello"), parts={"../../etc/cron.d/evil": b"x"})
    assert unsafe_rules(inspect(path)) == ["unsafe-zip-path"]
    path = docx(tmp_path / "abs.docx", para("hello"), parts={"/etc/passwd": b"x"})
    assert unsafe_rules(inspect(path)) == ["unsafe-zip-path"]


def test_too_many_zip_members(tmp_path: Path) -> None:
    path = docx(tmp_path / "many.docx", para("hi"), parts={f"word/x{i}.xml": b"<a/>" for i in range(50)})
    assert unsafe_rules(inspect(path, Limits(max_zip_members=20))) == ["unsafe-zip-bomb"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.docx", b"%PDF-1.7\n%%EOF\n"),
        ("photo.png", jpeg_bytes()),
        ("data.csv", b"PK\x03\x04rest-of-a-zip"),
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00"),
        ("scan.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30),
    ],
)
def test_type_mismatch(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = inspect(path)
    assert unsafe_rules(report) == ["unsafe-type-mismatch"]
    assert "named" in report.findings[0].message


def test_garbage_pdf_and_broken_zip_are_unparseable(tmp_path: Path) -> None:
    pdf = tmp_path / "junk.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"garbage " * 100)
    assert unsafe_rules(inspect(pdf)) == ["unsafe-unparseable"]
    xlsx = tmp_path / "junk.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert unsafe_rules(inspect(xlsx)) == ["unsafe-unparseable"]


def test_unsupported_format_and_missing_file(tmp_path: Path) -> None:
    odt = tmp_path / "minutes.odt"
    odt.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert unsafe_rules(inspect(odt)) == ["unsafe-unsupported-format"]
    missing = inspect(tmp_path / "nope.pdf")
    assert missing.facts is None and unsafe_rules(missing) == ["unsafe-unparseable"]


def test_in_process_mode_gives_the_same_verdicts(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "plain.pdf", [text_op(72, 700, "hello")])
    sandboxed = inspect(path)
    direct = inspect(path, Limits(sandbox=False))
    assert sandboxed == direct
