"""Image metadata: GPS position, people's names, IPTC records, thumbnails, software and comments.

Photos taken on phones record where they were taken; cameras, photo
libraries and editing tools record owners, photographers, captions and the
people in the picture, and keep a thumbnail that an edit may not have
touched. Publishing them discloses things the picture does not show. Only
metadata is read: pixels are never decoded, so a decompression-bomb image
costs nothing here.

Each field is one of four kinds: a *person* field (Artist, IPTC By-line,
XMP creator, a PNG ``Author`` chunk...), *keywords*, free *text* (captions,
comments, descriptions) and *quiet* fields that say nothing about people
(camera make and model, software, dates). Every field goes into the
report's metadata, so every personal-data detector reads it; the finding
says which fields name someone (an error) and which merely hold text or an
organisation (a warning).
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError
from PIL.ExifTags import IFD

from foilog.gate.attachments._common import EMAIL, FileRefused, field_key, hidden
from foilog.gate.attachments.image_people import person_field_names_someone, text_names_someone
from foilog.gate.attachments.image_stores import iptc_fields, thumbnails
from foilog.log.findings import Finding, Severity

#: EXIF tags worth reading, by tag number (base IFD and Exif IFD), with their kind.
_TAGS = {
    0x010E: ("ImageDescription", "text"),
    0x010F: ("Make", "quiet"),
    0x0110: ("Model", "quiet"),
    0x0131: ("Software", "quiet"),
    0x013B: ("Artist", "person"),
    0x8298: ("Copyright", "person"),
    0x9C9B: ("XPTitle", "text"),
    0x9C9C: ("XPComment", "text"),
    0x9C9D: ("XPAuthor", "person"),
    0x9C9E: ("XPKeywords", "keywords"),
    0x9C9F: ("XPSubject", "text"),
    0x9286: ("UserComment", "text"),
    0xA430: ("CameraOwnerName", "person"),
    0xA431: ("BodySerialNumber", "quiet"),
    0xA435: ("LensSerialNumber", "quiet"),
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
    "flashpix",
    "extension",
    "dpc",
    "blend",
    "disposal",
    "timestamp",
}
#: Text chunks (PNG tEXt/zTXt/iTXt keywords, compared loosely) and their kinds; any other key is free text.
_CHUNK_KINDS = {
    **dict.fromkeys(("author", "artist", "creator", "copyright", "owner", "contact", "writer", "photographer", "byline"), "person"),
    **dict.fromkeys(("software", "creationtime", "datecreate", "datemodify", "datetimestamp", "source"), "quiet"),
    "keywords": "keywords",
}
#: What cameras write into ImageDescription when nobody wrote anything.
_CAMERA_FILLER = {
    "olympus digital camera",
    "sony dsc",
    "dcim",
    "default",
    "exif_jpeg_picture",
    "exif jpeg",
    "konica minolta digital camera",
}

_GPS_FIX = "strip the location before publishing (e.g. re-export without metadata, or `exiftool -all= file`)"
_META_FIX = "strip the metadata before publishing (re-export without metadata, or `exiftool -all= file`)"
_THUMB_FIX = (
    "re-export the image without metadata (e.g. “Export” or “Save for Web” with metadata switched off, "
    "or `exiftool -all= file`), then check the published copy"
)


def _text(value: object, *, utf16: bool = False) -> str:
    """A metadata value as text: XP* tags are UTF-16 (``utf16``), UserComment starts with an 8-byte
    charset code, comments and text chunks are UTF-8 or Windows-1252."""
    if isinstance(value, bytes):
        if value[:8] in (b"ASCII\x00\x00\x00", b"UNICODE\x00", b"\x00" * 8):
            body = value[8:]
            return (body.decode("utf-16", "ignore") if value.startswith(b"UNICODE") else body.decode("latin-1")).strip("\x00 ")
        if utf16:
            return value.decode("utf-16-le", "ignore").strip("\x00 ")
        try:
            return value.decode("utf-8").strip("\x00 ")
        except UnicodeDecodeError:
            return value.decode("cp1252", "replace").strip("\x00 ")
    return str(value).strip("\x00 ")


def _xmp_fields(xmp: bytes | str) -> list[tuple[str, str]]:
    """Pull person-ish fields out of XMP without a full RDF parse (also used for PDF metadata)."""
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


#: XMP properties of photos beyond :func:`_xmp_fields`' (IPTC Core and Extension, Photoshop), with their kinds.
_XMP_PHOTO = {
    "PersonInImage": "person",
    "CaptionWriter": "person",
    "Credit": "person",
    "CiEmailWork": "person",
    "CiTelWork": "text",
    "CiAdrExtadr": "text",
    "AuthorsPosition": "text",
    "City": "text",
    "Location": "text",
    "Headline": "text",
    "subject": "keywords",
}
_XMP_KINDS = {"creator": "person", "rights": "person", "Author": "person", "Owner": "person", "CreatorTool": "quiet"}


def _xmp_photo_fields(text: str) -> list[tuple[str, str, str]]:
    """(name, value, kind) of an image's XMP packet: :func:`_xmp_fields` and the photo properties; list
    items (``rdf:li``) joined with ``; ``."""
    out = [(k, v, _XMP_KINDS.get(k.removeprefix("XMP "), "text")) for k, v in _xmp_fields(text) if k != "XMP GPSLatitude"]
    for name, kind in _XMP_PHOTO.items():
        for m in re.finditer(rf"<[\w]+:{name}\b[^>]*>(.*?)</[\w]+:{name}>", text, re.S):
            items = re.findall(r"<rdf:li\b[^>]*>(.*?)</rdf:li>", m.group(1), re.S) or [m.group(1)]
            values = [" ".join(re.sub(r"<[^>]+>", " ", i).split()) for i in items]
            if any(values):
                out.append((f"XMP {name}", "; ".join(v for v in values if v), kind))
        for m in re.finditer(rf"\b[\w]+:{name}=\"([^\"]+)\"", text):
            out.append((f"XMP {name}", m.group(1), kind))
    return out


@dataclass
class ImageMetadata:
    """What an image keeps besides its pixels."""

    #: Pillow's name of the container format (JPEG, PNG, WEBP, GIF, TIFF, MPO).
    format: str = ""
    gps: bool = False
    #: (field name, value, kind): kinds ``person``, ``keywords``, ``text``, ``quiet``.
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    #: IPTC records, as ``fields``.
    iptc: list[tuple[str, str, str]] = field(default_factory=list)
    #: Each thumbnail or preview kept beside the picture, described for a message.
    thumbnails: list[str] = field(default_factory=list)


def _open(source: io.BytesIO | Path) -> ImageFile.ImageFile:
    try:
        return Image.open(source)
    except Image.DecompressionBombError as exc:
        raise FileRefused(
            "unsafe-zip-bomb",
            "the image declares so many pixels that opening it would exhaust memory (a decompression bomb); re-export it at a normal size",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise FileRefused(
            "unsafe-unparseable",
            f"the image cannot be read ({type(exc).__name__}); re-export it from its source",
        ) from exc


def _exif_fields(img: Image.Image, out: ImageMetadata) -> None:
    try:
        exif = img.getexif()
        for ifd in (exif, exif.get_ifd(IFD.Exif)):
            for tag, (name, kind) in _TAGS.items():
                value = _text(ifd[tag], utf16=name.startswith("XP")) if tag in ifd else ""
                if value:
                    quiet = name == "ImageDescription" and value.strip().lower() in _CAMERA_FILLER
                    out.fields.append((name, value, "quiet" if quiet else kind))
        gps_ifd = exif.get_ifd(IFD.GPSInfo)
        out.gps = any(k in gps_ifd for k in (1, 2, 3, 4))
    except Exception:
        out.fields.append(("EXIF", "unreadable (damaged metadata block)", "text"))


def read_metadata(data: bytes | Path) -> ImageMetadata:
    """Everything an image keeps besides its pixels. Raises :class:`FileRefused` when it cannot be identified."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    out = ImageMetadata()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        img = _open(source)
        with img:
            out.format = img.format or ""
            _exif_fields(img, out)
            out.iptc = iptc_fields(img)
            out.thumbnails = thumbnails(img)
            chunk = "PNG text chunk" if out.format == "PNG" else "Text field"
            for key, value in img.info.items():
                if key in ("xmp", "XML:com.adobe.xmp"):
                    text = value.decode("utf-8", "ignore") if isinstance(value, bytes) else str(value)
                    text = text[: 4 * 1024 * 1024]
                    out.gps = out.gps or "exif:GPSLatitude" in text
                    out.fields.extend(_xmp_photo_fields(text))
                elif key in ("comment", "comments"):
                    out.fields.append(("Comment", _text(value), "text"))
                elif isinstance(key, str) and key not in _INFO_SKIP and isinstance(value, (str, bytes)) and _text(value):
                    out.fields.append((f"{chunk} {key}", _text(value), _CHUNK_KINDS.get(field_key(key).replace(":", ""), "text")))
    out.fields = [(k, " ".join(v.split()), kind) for k, v, kind in out.fields if v.strip()]
    return out


def image_metadata(data: bytes | Path) -> tuple[bool, list[tuple[str, str]]]:
    """(has GPS position, [(field, value)]) for an image's metadata, IPTC records included."""
    meta = read_metadata(data)
    return meta.gps, [(k, v) for k, v, _ in meta.fields + meta.iptc]


def _keyword_items(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,|]", value) if item.strip()]


def _judge(fields: list[tuple[str, str, str]], prefix: str) -> tuple[Severity, str, list[tuple[str, str]]] | None:
    """(severity, what the fields hold, the fields reported) for one group of fields, or None when all are quiet.

    ``what`` reads "an email address (Description), a person's name (Author)": each clause names the
    fields (without ``prefix``) that hold it, the most serious first.
    """
    emails = [(k, v) for k, v, _ in fields if EMAIL.search(v)]
    people = [(k, v) for k, v, kind in fields if kind == "person" and person_field_names_someone(v)]
    named = [
        (k, v)
        for k, v, kind in fields
        if (kind == "text" and text_names_someone(v)) or (kind == "keywords" and any(map(text_names_someone, _keyword_items(v))))
    ]
    owners = [(k, v) for k, v, kind in fields if kind == "person"]
    texts = [(k, v) for k, v, kind in fields if kind in ("text", "keywords")]
    clauses: list[str] = []
    seen: set[str] = set()
    for label, group in (
        ("an email address", emails),
        ("a person's name", people + named),
        ("the name of a person or an organisation", owners),
        ("text", texts),
    ):
        keys = [k for k, _ in group if k not in seen]
        seen.update(keys)
        if keys:
            clauses.append(f"{label} ({', '.join(dict.fromkeys(k.removeprefix(prefix) for k in keys))})")
    if not clauses:
        return None
    flagged = list(dict.fromkeys(emails + people + named + owners + texts))
    severity = Severity.ERROR if emails or people or named else Severity.WARNING
    return severity, ", ".join(clauses), flagged


def check_image(data: bytes | Path, path: str, *, label: str = "") -> tuple[list[Finding], list[tuple[str, str]]]:
    """Findings for one image, and its metadata for the detectors; ``label`` names an image inside another document."""
    meta = read_metadata(data)
    where = f"the image {label} " if label else "the image "
    base = {"image": label} if label else {}
    findings: list[Finding] = []
    if meta.gps:
        findings.append(hidden(path, "image-gps", f"{where}records the GPS position where it was taken; {_GPS_FIX}", extra=base or None))
    if meta.thumbnails:
        findings.append(
            hidden(
                path,
                "image-thumbnail",
                f"{where}keeps {' and '.join(meta.thumbnails)} beside the picture: a thumbnail can still show the picture "
                "as it was before it was edited (a face or a number plate that was blurred, a part that was cropped); "
                f"{_THUMB_FIX}",
                extra={**base, "thumbnails": str(len(meta.thumbnails))},
            )
        )
    for rule, group, what, prefix in (
        ("image-metadata", meta.fields, "metadata", ""),
        ("image-iptc", meta.iptc, "IPTC fields", "IPTC "),
    ):
        judged = _judge(group, prefix)
        if judged is None:
            continue
        severity, held, flagged = judged
        findings.append(
            hidden(
                path,
                rule,
                f"{where}carries {what} that no viewer of the picture sees, holding {held}; {_META_FIX}",
                severity=severity,
                values=[v for _, v in flagged],
                # the field names (never the values) let a response acknowledge the finding by its values
                extra={**base, "fields": ",".join(dict.fromkeys(f"{label} {k}".strip() for k, _ in flagged))},
            )
        )
    metadata = [(f"{label} {k}".strip(), v) for k, v, _ in meta.fields + meta.iptc]
    return findings, metadata
