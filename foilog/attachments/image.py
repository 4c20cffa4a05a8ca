"""Image metadata: GPS position, people's names, software and comments.

Photos taken on phones record where they were taken; cameras and editing
tools record owners and authors. Publishing them discloses things the
picture does not show. Only metadata is read: pixels are never decoded, so
a decompression-bomb image costs nothing here.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from PIL.ExifTags import IFD

from foilog.findings import Finding, Severity

from ._common import EMAIL, FileRefused, hidden

#: EXIF tags worth reporting, by tag number (base IFD and Exif IFD).
_TAGS = {
    0x010E: "ImageDescription",
    0x010F: "Make",
    0x0110: "Model",
    0x0131: "Software",
    0x013B: "Artist",
    0x8298: "Copyright",
    0x9C9B: "XPTitle",
    0x9C9C: "XPComment",
    0x9C9D: "XPAuthor",
    0x9C9F: "XPSubject",
    0x9286: "UserComment",
    0xA430: "CameraOwnerName",
    0xA431: "BodySerialNumber",
    0xA435: "LensSerialNumber",
}
_INFO_SKIP = {
    "dpi",
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "icc_profile",
    "exif",
    "adobe",
    "adobe_transform",
    "progressive",
    "progression",
    "gamma",
    "transparency",
    "aspect",
    "interlace",
    "duration",
    "loop",
    "background",
    "version",
    "srgb",
    "compression",
    "photoshop",
    "mp",
    "mpoffset",
    "chromaticity",
    "xmp",
    "XML:com.adobe.xmp",
}

_GPS_FIX = "strip the location before publishing (e.g. re-export without metadata, or `exiftool -all= file`)"
_META_FIX = "strip the metadata before publishing (re-export without metadata, or `exiftool -all= file`)"


def _text(value: object) -> str:
    if isinstance(value, bytes):
        # XP* tags are UTF-16; UserComment starts with an 8-byte charset code.
        if value[:8] in (b"ASCII\x00\x00\x00", b"UNICODE\x00", b"\x00" * 8):
            body = value[8:]
            return (body.decode("utf-16", "ignore") if value.startswith(b"UNICODE") else body.decode("latin-1")).strip("\x00 ")
        try:
            return value.decode("utf-16-le").strip("\x00 ")
        except UnicodeDecodeError:
            return value.decode("latin-1", "ignore").strip("\x00 ")
    return str(value).strip("\x00 ")


def _xmp_fields(xmp: bytes | str) -> list[tuple[str, str]]:
    """Pull person-ish fields out of XMP without a full RDF parse."""
    import re

    text = xmp.decode("utf-8", "ignore") if isinstance(xmp, bytes) else xmp
    fields: list[tuple[str, str]] = []
    for name in ("creator", "rights", "Author", "Owner", "CreatorTool", "description", "title"):
        for m in re.finditer(rf"<[\w]+:{name}\b[^>]*>(.*?)</[\w]+:{name}>", text, re.S):
            value = " ".join(re.sub(r"<[^>]+>", " ", m.group(1)).split())
            if value:
                fields.append((f"XMP {name}", value))
        for m in re.finditer(rf"\b[\w]+:{name}=\"([^\"]+)\"", text):
            fields.append((f"XMP {name}", m.group(1)))
    if re.search(r"exif:GPSLatitude", text):
        fields.append(("XMP GPSLatitude", "present"))
    return fields


def image_metadata(data: bytes | Path) -> tuple[bool, list[tuple[str, str]]]:
    """Return (has GPS position, [(field, value)]) for an image's metadata.

    Raises :class:`FileRefused` when the image cannot be identified.
    """
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    fields: list[tuple[str, str]] = []
    gps = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            img = Image.open(source)
        except Image.DecompressionBombError as exc:
            raise FileRefused(
                "unsafe-zip-bomb",
                "the image declares so many pixels that opening it would exhaust memory (a decompression "
                "bomb); re-export it at a normal size",
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise FileRefused(
                "unsafe-unparseable",
                f"the image cannot be read ({type(exc).__name__}); re-export it from its source",
            ) from exc
        with img:
            try:
                exif = img.getexif()
                for tag, name in _TAGS.items():
                    if tag in exif and _text(exif[tag]):
                        fields.append((name, _text(exif[tag])))
                sub = exif.get_ifd(IFD.Exif)
                for tag, name in _TAGS.items():
                    if tag in sub and _text(sub[tag]):
                        fields.append((name, _text(sub[tag])))
                gps_ifd = exif.get_ifd(IFD.GPSInfo)
                gps = any(k in gps_ifd for k in (1, 2, 3, 4))
            except Exception:
                fields.append(("EXIF", "unreadable (damaged metadata block)"))
            for key, value in img.info.items():
                if key in ("xmp", "XML:com.adobe.xmp"):
                    xmp = _xmp_fields(value)
                    gps = gps or any(k == "XMP GPSLatitude" for k, _ in xmp)
                    fields.extend((k, v) for k, v in xmp if k != "XMP GPSLatitude")
                elif key in ("comment", "comments"):
                    fields.append(("Comment", _text(value)))
                elif key not in _INFO_SKIP and isinstance(value, (str, bytes)) and _text(value):
                    fields.append((f"Text chunk {key}", _text(value)))
    return gps, [(k, v) for k, v in fields if v]


def check_image(data: bytes | Path, path: str, *, label: str = "") -> tuple[list[Finding], list[tuple[str, str]]]:
    """Findings for one image; ``label`` names an image inside another document."""
    gps, fields = image_metadata(data)
    where = f"the image {label} " if label else "the image "
    findings: list[Finding] = []
    if gps:
        findings.append(
            hidden(
                path,
                "image-gps",
                f"{where}records the GPS position where it was taken; {_GPS_FIX}",
                extra={"image": label} if label else None,
            )
        )
    if fields:
        names = ", ".join(dict.fromkeys(k for k, _ in fields))
        has_email = any(EMAIL.search(v) for _, v in fields)
        findings.append(
            hidden(
                path,
                "image-metadata",
                f"{where}carries metadata ({names}){' including an email address' if has_email else ''}; {_META_FIX}",
                severity=Severity.ERROR if has_email else Severity.WARNING,
                values=[v for _, v in fields],
                # the field names (never the values) let a response acknowledge the finding by its values
                extra={**({"image": label} if label else {}), "fields": ",".join(dict.fromkeys(f"{label} {k}".strip() for k, _ in fields))},
            )
        )
    return findings, [(f"{label} {k}".strip(), v) for k, v in fields]
