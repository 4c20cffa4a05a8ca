"""Image metadata checks: GPS, people, IPTC records, thumbnails, text chunks, software and comments."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from attachment_builders import EMAIL, PERSON, docx, jpeg_bytes, para, png_bytes
from image_builders import (
    PHOTOGRAPHER,
    RESIDENT,
    blur_plate_and_face,
    camera_jpeg,
    exif_jpeg,
    gif,
    iim,
    iptc_jpeg,
    irb,
    photoshop_thumbnail_jpeg,
    png,
    street_scene,
    thumbnail_of,
    tiff,
    webp,
    with_app13,
    xmp_jpeg,
    xmp_packet,
)
from PIL import Image
from PIL.ExifTags import IFD

from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.image_people import person_field_names_someone, text_names_someone
from foilog.gate.attachments.image_stores import parse_irb
from foilog.log.findings import Category, Severity, mask


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


def test_artist_name_is_an_error_software_is_silent_comment_is_listed(tmp_path: Path) -> None:
    data = jpeg_bytes(artist=PERSON, software="PhotoTool 3", comment=b"Taken at the depot")
    report = inspect(write(tmp_path / "meta.jpg", data))
    finding = only(report, "image-metadata")
    assert finding.severity is Severity.ERROR
    assert "a person's name (Artist)" in finding.message and "text (Comment)" in finding.message
    assert "Software" not in finding.message  # says nothing about people
    assert mask(PERSON) in (finding.excerpt or "") and PERSON not in finding.message
    # every field, quiet ones too, reaches the personal-data detectors
    assert ("Software", "PhotoTool 3") in report.metadata and ("Comment", "Taken at the depot") in report.metadata


def test_organisation_as_artist_warns(tmp_path: Path) -> None:
    finding = only(inspect(write(tmp_path / "org.jpg", jpeg_bytes(artist="Northshire County Council"))), "image-metadata")
    assert finding.severity is Severity.WARNING and "person or an organisation (Artist)" in finding.message


def test_png_text_chunk_with_email_is_an_error(tmp_path: Path) -> None:
    finding = only(inspect(write(tmp_path / "chart.png", png_bytes({"Author": EMAIL}))), "image-metadata")
    assert finding.severity is Severity.ERROR and EMAIL not in (finding.excerpt or "")


def test_clean_images_pass(tmp_path: Path) -> None:
    assert inspect(write(tmp_path / "clean.jpg", jpeg_bytes())).findings == ()
    assert inspect(write(tmp_path / "clean.png", png_bytes())).findings == ()


@pytest.mark.adversarial
def test_pixel_bomb_fails_closed_without_decoding(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 400 megapixels in a few kB
    report = inspect(write(tmp_path / "big.png", out.getvalue()))
    assert only(report, "unsafe-zip-bomb").severity is Severity.ERROR


@pytest.mark.adversarial
def test_truncated_image_fails_closed(tmp_path: Path) -> None:
    report = inspect(write(tmp_path / "broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20))
    assert only(report, "unsafe-unparseable").severity is Severity.ERROR


# -- IPTC ------------------------------------------------------------------------


def test_iptc_byline_caption_and_keywords_name_people(tmp_path: Path) -> None:
    data = iptc_jpeg(
        [(80, PHOTOGRAPHER), (120, f"Mr {RESIDENT} at the scene"), (25, "collision"), (25, RESIDENT), (110, "Northshire Police")]
    )
    report = inspect(write(tmp_path / "press.jpg", data))
    finding = only(report, "image-iptc")
    assert finding.severity is Severity.ERROR and finding.category is Category.HIDDEN_CONTENT
    assert "IPTC fields" in finding.message and "a person's name (By-line, Keywords, Caption/Abstract)" in finding.message
    assert "person or an organisation (Credit)" in finding.message and "exiftool" in finding.message
    assert RESIDENT not in finding.message and PHOTOGRAPHER not in (finding.excerpt or "")
    assert finding.extra["fields"] == "IPTC By-line,IPTC Keywords,IPTC Caption/Abstract,IPTC Credit"
    assert ("IPTC By-line", PHOTOGRAPHER) in report.metadata
    assert ("IPTC Keywords", f"collision; {RESIDENT}") in report.metadata


def test_iptc_of_an_organisation_only_warns(tmp_path: Path) -> None:
    data = iptc_jpeg(
        [(110, "Northshire County Council"), (116, "© 2024 Northshire County Council"), (25, "Grace Road"), (120, "Victoria Station")]
    )
    finding = only(inspect(write(tmp_path / "council.jpg", data)), "image-iptc")
    assert finding.severity is Severity.WARNING


def test_iptc_writer_and_contact_are_people(tmp_path: Path) -> None:
    finding = only(inspect(write(tmp_path / "w.jpg", iptc_jpeg([(122, "Hartley, Jane"), (118, EMAIL)]))), "image-iptc")
    assert finding.severity is Severity.ERROR and "an email address (Contact)" in finding.message
    assert "a person's name (Writer/Editor)" in finding.message


def test_damaged_iptc_block_is_reported_not_raised(tmp_path: Path) -> None:
    data = with_app13(jpeg_bytes(), [(0x0404, b"\x1c\x02\x50\xff\xff" + b"Jane")])  # declares 65,535 bytes, holds 4
    report = inspect(write(tmp_path / "damaged.jpg", data))
    assert not [f for f in report.findings if f.category is Category.UNSAFE_FILE]
    data = with_app13(jpeg_bytes(), [(0x0404, b"\x00\x02\x50\x00\x04Jane")])  # not an IIM record at all
    assert only(inspect(write(tmp_path / "bad.jpg", data)), "image-iptc").severity is Severity.WARNING


def test_resource_blocks_are_read_within_their_bounds() -> None:
    assert parse_irb(b"8BIM\x04\x04\x00\x00\xff\xff\xff\xffabc") == {0x0404: b"abc"}
    assert parse_irb(b"8BIM\x04\x0c\xff" + b"x" * 10) == {}
    assert parse_irb(irb([(0x0404, b"a"), (0x040C, b"bb")])) == {0x0404: b"a", 0x040C: b"bb"}


# -- thumbnails --------------------------------------------------------------------


def test_exif_thumbnail_of_the_unblurred_original_is_an_error(tmp_path: Path) -> None:
    original = street_scene()
    data = camera_jpeg(blur_plate_and_face(original), thumbnail_from=original)
    finding = only(inspect(write(tmp_path / "vehicle.jpg", data)), "image-thumbnail")
    assert finding.severity is Severity.ERROR and finding.category is Category.HIDDEN_CONTENT
    assert "EXIF thumbnail (IFD1" in finding.message and "blurred" in finding.message
    assert "re-export the image without metadata" in finding.message


def test_photoshop_xmp_makernote_and_mpf_previews(tmp_path: Path) -> None:
    scene = street_scene()
    ps = only(inspect(write(tmp_path / "ps.jpg", photoshop_thumbnail_jpeg(scene, scene))), "image-thumbnail")
    assert "Photoshop thumbnail (resource 0x040C)" in ps.message
    body = '<xmp:Thumbnails><rdf:Alt><rdf:li rdf:parseType="Resource"><xmpGImg:image>/9j/4AAQSkZJRg</xmpGImg:image></rdf:li></rdf:Alt></xmp:Thumbnails>'
    assert "XMP thumbnail" in only(inspect(write(tmp_path / "x.jpg", xmp_jpeg(body))), "image-thumbnail").message
    exif = Image.Exif()
    exif.get_ifd(IFD.Exif)[0x927C] = b"Nikon\x00\x02\x10\x00\x00" + bytes(20) + thumbnail_of(scene)
    out = io.BytesIO()
    scene.save(out, "JPEG", exif=exif)
    assert "MakerNote" in only(inspect(write(tmp_path / "n.jpg", out.getvalue())), "image-thumbnail").message
    out = io.BytesIO()
    scene.save(out, "MPO", save_all=True, append_images=[street_scene((160, 120))])
    assert "Multi-Picture" in only(inspect(write(tmp_path / "m.jpg", out.getvalue())), "image-thumbnail").message


def test_camera_basics_without_thumbnail_pass(tmp_path: Path) -> None:
    assert inspect(write(tmp_path / "basic.jpg", exif_jpeg())).findings == ()


# -- PNG, WebP, GIF, TIFF ------------------------------------------------------------


def test_png_text_chunks_naming_people_are_errors(tmp_path: Path) -> None:
    author = only(inspect(write(tmp_path / "a.png", png([("tEXt", "Author", PHOTOGRAPHER)]))), "image-metadata")
    assert author.severity is Severity.ERROR and "PNG text chunk Author" in author.message
    ztxt = only(inspect(write(tmp_path / "z.png", png([("zTXt", "Comment", f"Agreed with Mr {RESIDENT}")]))), "image-metadata")
    assert ztxt.severity is Severity.ERROR and "a person's name (PNG text chunk Comment)" in ztxt.message
    itxt = only(inspect(write(tmp_path / "i.png", png([("iTXt", "Description", f"sent by {EMAIL}")]))), "image-metadata")
    assert itxt.severity is Severity.ERROR and "an email address (PNG text chunk Description)" in itxt.message
    org = only(inspect(write(tmp_path / "o.png", png([("tEXt", "Author", "Northshire Council")]))), "image-metadata")
    assert org.severity is Severity.WARNING


def test_png_software_and_dates_are_silent(tmp_path: Path) -> None:
    chunks = [("tEXt", "Software", "GIMP 2.10"), ("tEXt", "Creation Time", "Thu 14 Mar 2024"), ("zTXt", "date:create", "2024-03-14")]
    report = inspect(write(tmp_path / "quiet.png", png(chunks)))
    assert report.findings == () and ("PNG text chunk Software", "GIMP 2.10") in report.metadata


def test_webp_xmp_and_exif_chunks(tmp_path: Path) -> None:
    xmp = webp(xmp=xmp_packet(f"<dc:creator><rdf:Seq><rdf:li>{PHOTOGRAPHER}</rdf:li></rdf:Seq></dc:creator>"))
    finding = only(inspect(write(tmp_path / "x.webp", xmp)), "image-metadata")
    assert finding.severity is Severity.ERROR and "XMP creator" in finding.message
    exif = Image.Exif()
    exif[0x013B] = PHOTOGRAPHER
    assert only(inspect(write(tmp_path / "e.webp", webp(exif=exif))), "image-metadata").severity is Severity.ERROR
    assert inspect(write(tmp_path / "clean.webp", webp())).findings == ()


def test_gif_comment_and_tiff_artist(tmp_path: Path) -> None:
    finding = only(inspect(write(tmp_path / "m.gif", gif(f"Site visit with Mr {RESIDENT}"))), "image-metadata")
    assert finding.severity is Severity.ERROR and "(Comment)" in finding.message
    finding = only(inspect(write(tmp_path / "s.tif", tiff(Artist=PHOTOGRAPHER, Software="EPSON Scan"))), "image-metadata")
    assert finding.severity is Severity.ERROR and "(Artist)" in finding.message and "EPSON" not in finding.message


def test_given_name_judgement() -> None:
    assert text_names_someone(f"{RESIDENT} at the scene") and text_names_someone("Dr Amira Okafor")
    assert not text_names_someone("Victoria Station forecourt") and not text_names_someone("Grace Road")
    assert not text_names_someone("Road Safety") and not text_names_someone("James Officer")
    assert person_field_names_someone("© 2024 Jane Hartley") and person_field_names_someone("Hartley, Jane")
    assert not person_field_names_someone("© Northshire Police") and not person_field_names_someone("admin")


# -- inside the sandbox and inside Word -------------------------------------------------


def test_iptc_and_thumbnail_in_the_sandbox(tmp_path: Path) -> None:
    original = street_scene()
    data = with_app13(camera_jpeg(blur_plate_and_face(original), thumbnail_from=original), [(0x0404, iim([(80, PHOTOGRAPHER)]))])
    report = inspect_attachment(write(tmp_path / "both.jpg", data), display_path="responses/both.jpg", limits=Limits())
    assert {f.rule for f in report.findings} == {"image-iptc", "image-thumbnail"}
    assert all(f.is_error for f in report.findings)


def test_iptc_of_an_image_inside_word(tmp_path: Path) -> None:
    path = docx(tmp_path / "letter.docx", para("Please see the photo."), parts={"word/media/image1.jpeg": iptc_jpeg([(80, PHOTOGRAPHER)])})
    finding = only(inspect(path), "image-iptc")
    assert finding.severity is Severity.ERROR and "the image image1.jpeg" in finding.message
    assert finding.extra["image"] == "image1.jpeg"


def test_personal_data_in_image_metadata_names_its_field(tmp_path: Path) -> None:
    """Not "in the document properties": an image has metadata fields, and the finding names the one."""
    from foilog.gate.leakgate import make_gate, scan_attachment

    path = write(tmp_path / "photo.png", png_bytes({"Description": f"Sent by {EMAIL}"}))
    _report, findings = scan_attachment(path, path.name, make_gate(None, limits=Limits(sandbox=False)))
    [email] = [f for f in findings if f.rule == "email"]
    assert email.message.startswith("in the image's metadata (") and "Description" in email.message.split(":")[0]
