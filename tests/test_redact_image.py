"""The image cleaner: metadata gone, pixels unchanged, orientation kept, the gate's findings gone."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path

import image_builders as ib
import pytest
from PIL import Image
from PIL.ExifTags import IFD

from foilog.gate.attachments import Limits, inspect_attachment
from foilog.gate.redact.image import clean
from foilog.gate.redact.model import CannotClean, RedactOptions

NAMES = (ib.PHOTOGRAPHER, ib.RESIDENT, ib.EMAIL)
XMP_BODY = (
    f"<dc:creator><rdf:Seq><rdf:li>{ib.PHOTOGRAPHER}</rdf:li></rdf:Seq></dc:creator>"
    f"<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>{ib.RESIDENT}</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>"
    '<exif:GPSLatitude xmlns:exif="http://ns.adobe.com/exif/1.0/">52,12.5N</exif:GPSLatitude>'
)


def _rules(tmp_path: Path, name: str, data: bytes) -> set[str]:
    path = tmp_path / name
    path.write_bytes(data)
    report = inspect_attachment(path, display_path=name, limits=Limits(sandbox=False))
    return {f.rule for f in report.findings if f.category.value in ("hidden-content", "unsafe-file")}


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        return img.convert("RGBA").tobytes()


def _inflated(data: bytes) -> bytes:
    """The bytes plus every zlib stream found in them (PNG zTXt/iTXt/IDAT), so compressed text is searched too."""
    out = [data]
    for at in range(len(data) - 2):
        if data[at] == 0x78 and data[at + 1] in (0x01, 0x5E, 0x9C, 0xDA):
            try:
                out.append(zlib.decompressobj().decompress(data[at:], 10_000_000))
            except zlib.error:
                continue
    return b"".join(out)


def _no_names(data: bytes) -> None:
    raw = _inflated(data)
    for name in NAMES:
        assert name.encode() not in raw
        assert name.encode("utf-16-le") not in raw


CASES = {
    "gps.jpg": (ib.gps_jpeg, "image-gps"),
    "camera.jpg": (lambda: ib.camera_jpeg(ib.blur_plate_and_face(ib.street_scene()), thumbnail_from=ib.street_scene()), "image-thumbnail"),
    "iptc.jpg": (lambda: ib.iptc_jpeg([(80, ib.PHOTOGRAPHER), (120, f"{ib.RESIDENT} outside his house")]), "image-iptc"),
    "xmp.jpg": (lambda: ib.xmp_jpeg(XMP_BODY), "image-metadata"),
    "photoshop.jpg": (lambda: ib.photoshop_thumbnail_jpeg(ib.blur_plate_and_face(ib.street_scene()), ib.street_scene()), "image-thumbnail"),
    "chart.png": (lambda: ib.png([("tEXt", "Author", ib.PHOTOGRAPHER), ("zTXt", "Comment", f"sent by {ib.EMAIL}")]), "image-metadata"),
    "itxt.png": (lambda: ib.png([("iTXt", "Description", f"{ib.RESIDENT} at the hearing")]), "image-metadata"),
    "export.webp": (lambda: ib.webp(xmp=ib.xmp_packet(XMP_BODY)), "image-metadata"),
    "scan.tif": (lambda: ib.tiff(Artist=ib.PHOTOGRAPHER, ImageDescription=f"Photo of {ib.RESIDENT}"), "image-metadata"),
    "logo.gif": (lambda: ib.gif(f"drawn by {ib.PHOTOGRAPHER}"), "image-metadata"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_gate_finding_goes_and_the_pixels_stay(tmp_path: Path, name: str) -> None:
    build, rule = CASES[name]
    original = build()
    assert rule in _rules(tmp_path, "before-" + name, original)
    cleaned = clean(original, RedactOptions())
    assert _rules(tmp_path, "after-" + name, cleaned.data) == set()
    assert _pixels(cleaned.data) == _pixels(original)
    with Image.open(io.BytesIO(cleaned.data)) as img, Image.open(io.BytesIO(original)) as before:
        assert img.format == before.format
    _no_names(cleaned.data)
    assert cleaned.removals


def test_a_jpeg_is_not_re_encoded(tmp_path: Path) -> None:
    """The entropy-coded picture is carried over byte for byte: no quality is lost."""
    original = ib.gps_jpeg()
    cleaned = clean(original, RedactOptions()).data
    scan = original[original.index(b"\xff\xda") :]
    assert cleaned.endswith(scan)
    assert len(cleaned) < len(original)


def test_the_removed_text_is_reported_for_the_officer() -> None:
    cleaned = clean(ib.png([("tEXt", "Author", ib.PHOTOGRAPHER)]), RedactOptions())
    assert any(r.text == ib.PHOTOGRAPHER and "Author" in r.what for r in cleaned.removals)
    gps = clean(ib.gps_jpeg(), RedactOptions())
    assert any("GPS" in r.what for r in gps.removals)


def _rotated_jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x013B] = ib.PHOTOGRAPHER
    exif[IFD.GPSInfo] = {1: "N", 2: (52.0, 12.0, 31.8), 3: "W", 4: (1.0, 30.0, 7.2)}
    out = io.BytesIO()
    ib.street_scene().save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def test_the_orientation_is_kept_and_nothing_else(tmp_path: Path) -> None:
    original = _rotated_jpeg_with_gps()
    assert {"image-gps", "image-metadata"} <= _rules(tmp_path, "rotated.jpg", original)
    cleaned = clean(original, RedactOptions())
    with Image.open(io.BytesIO(cleaned.data)) as img:
        exif = img.getexif()
        assert dict(exif) == {0x0112: 6}
        assert exif.get_ifd(IFD.GPSInfo) == {}
    assert _rules(tmp_path, "rotated-clean.jpg", cleaned.data) == set()
    assert any("orientation" in note for note in cleaned.notes)
    _no_names(cleaned.data)


def test_a_png_keeps_its_orientation_in_a_minimal_exif_chunk(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 8
    exif[0x013B] = ib.PHOTOGRAPHER
    out = io.BytesIO()
    ib.street_scene((64, 48)).save(out, "PNG", exif=exif)
    cleaned = clean(out.getvalue(), RedactOptions())
    with Image.open(io.BytesIO(cleaned.data)) as img:
        assert dict(img.getexif()) == {0x0112: 8}
    _no_names(cleaned.data)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"GIF89a\x01\x00",
        b"RIFF\x04\x00\x00\x00WEBP",
        b"not an image at all",
    ],
    ids=["cut-jpeg", "cut-png", "cut-gif", "empty-webp", "not-an-image"],
)
def test_a_damaged_image_is_refused_with_a_message(data: bytes) -> None:
    with pytest.raises(CannotClean) as caught:
        clean(data, RedactOptions())
    assert "rerun" in str(caught.value)


def _jpeg(img: Image.Image, **kwargs: object) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize(
    "build",
    [
        lambda: _jpeg(ib.street_scene(), progressive=True, exif=ib.exif_with_thumbnail(ib.thumbnail_of(ib.street_scene()))[6:]),
        lambda: _jpeg(ib.street_scene().convert("CMYK"), icc_profile=b"\x00" * 128, comment=f"scanned by {ib.PHOTOGRAPHER}".encode()),
        lambda: ib.gps_jpeg() + ib.thumbnail_of(ib.street_scene()),  # a second picture after the end, as MPO files carry
    ],
    ids=["progressive-with-thumbnail", "cmyk-adobe-icc-comment", "trailing-preview"],
)
def test_jpeg_variants_keep_their_pixels(tmp_path: Path, build: Callable[[], bytes]) -> None:
    original = build()
    cleaned = clean(original, RedactOptions())
    assert _pixels(cleaned.data) == _pixels(original)
    assert _rules(tmp_path, "clean.jpg", cleaned.data) == set()
    _no_names(cleaned.data)
    assert cleaned.data.endswith(b"\xff\xd9") and cleaned.data.count(b"\xff\xd8") == 1
