"""Image metadata checks: GPS, people, software, comments."""

from __future__ import annotations

import io
from pathlib import Path

from attachment_builders import EMAIL, PERSON, jpeg_bytes, png_bytes
from PIL import Image

from foilog.attachments import AttachmentReport, inspect_attachment
from foilog.findings import Severity, mask


def inspect(path: Path) -> AttachmentReport:
    return inspect_attachment(path, display_path=f"responses/{path.name}")


def only(report: AttachmentReport, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, report.findings
    return found[0]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_gps_position_is_an_error(tmp_path: Path) -> None:
    report = inspect(write(tmp_path / "site.jpg", jpeg_bytes(gps=True)))
    finding = only(report, "image-gps")
    assert finding.severity is Severity.ERROR and "exiftool" in finding.message
    assert report.facts is not None and (report.facts.kind, report.facts.media_type) == ("image", "image/jpeg")


def test_artist_software_and_jpeg_comment_warn(tmp_path: Path) -> None:
    data = jpeg_bytes(artist=PERSON, software="PhotoTool 3", comment=b"Taken at the depot")
    finding = only(inspect(write(tmp_path / "meta.jpg", data)), "image-metadata")
    assert finding.severity is Severity.WARNING
    assert "Artist" in finding.message and "Software" in finding.message and "Comment" in finding.message
    assert mask(PERSON) in (finding.excerpt or "")


def test_png_text_chunk_with_email_is_an_error(tmp_path: Path) -> None:
    finding = only(inspect(write(tmp_path / "chart.png", png_bytes({"Author": EMAIL}))), "image-metadata")
    assert finding.severity is Severity.ERROR and EMAIL not in (finding.excerpt or "")


def test_clean_images_pass(tmp_path: Path) -> None:
    assert inspect(write(tmp_path / "clean.jpg", jpeg_bytes())).findings == ()
    assert inspect(write(tmp_path / "clean.png", png_bytes())).findings == ()


def test_pixel_bomb_fails_closed_without_decoding(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 400 megapixels in a few kB
    report = inspect(write(tmp_path / "big.png", out.getvalue()))
    assert only(report, "unsafe-zip-bomb").severity is Severity.ERROR


def test_truncated_image_fails_closed(tmp_path: Path) -> None:
    report = inspect(write(tmp_path / "broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20))
    assert only(report, "unsafe-unparseable").severity is Severity.ERROR
