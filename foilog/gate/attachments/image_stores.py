"""Where images keep copies of themselves and text about people, read without decoding pixels.

* **IPTC** (IIM) records: the photographer (By-line), caption, keywords,
  credit, contact... kept in a JPEG's APP13 Photoshop resource block
  (resource 0x0404) or a TIFF's IPTC tag. Read with Pillow's
  :func:`PIL.IptcImagePlugin.getiptcinfo`.
* **Thumbnails and previews**: a small copy of the picture in EXIF IFD1
  (``JPEGInterchangeFormat``), in the camera maker's notes, in the
  Photoshop resources (0x040C, 0x0409), in XMP (``xmpGImg:image``) or as
  a second picture in a Multi-Picture (MPF) file. Editors that blur a face
  or a number plate, or crop, often leave the thumbnail as it was, so the
  thumbnail can still show what the picture no longer does.

Every read is bounded by the size of the block it comes from; nothing here
decodes pixels.
"""

from __future__ import annotations

import re
import struct

from PIL import Image, ImageFile, IptcImagePlugin
from PIL.ExifTags import IFD

#: IPTC IIM record 2 datasets worth reading: (dataset, name, kind). Kinds: "person" fields say who
#: made or owns the picture; "text" is free text; both go through the personal-data detectors.
IPTC_DATASETS: dict[int, tuple[str, str]] = {
    5: ("Object Name", "text"),
    25: ("Keywords", "keywords"),
    40: ("Special Instructions", "text"),
    80: ("By-line", "person"),
    85: ("By-line Title", "text"),
    90: ("City", "text"),
    92: ("Sub-location", "text"),
    95: ("Province/State", "text"),
    101: ("Country", "quiet"),
    103: ("Transmission Reference", "text"),
    105: ("Headline", "text"),
    110: ("Credit", "person"),
    115: ("Source", "text"),
    116: ("Copyright Notice", "person"),
    118: ("Contact", "person"),
    120: ("Caption/Abstract", "text"),
    122: ("Writer/Editor", "person"),
}

_MAX_VALUES = 2000  # IPTC values read from one image (a keyword list is rarely more than a hundred)
_THUMBNAIL_RESOURCES = {0x040C: "a Photoshop thumbnail (resource 0x040C)", 0x0409: "a Photoshop 4 thumbnail (resource 0x0409)"}
_SOI = b"\xff\xd8\xff"


def _decode(value: bytes, utf8: bool) -> str:
    if utf8:
        return value.decode("utf-8", "replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def iptc_fields(img: ImageFile.ImageFile) -> list[tuple[str, str, str]]:
    """(field name, value, kind) for each IPTC record of the image (JPEG APP13 or TIFF); repeated
    records (keywords, several by-lines) are joined with ``; ``."""
    try:
        records = IptcImagePlugin.getiptcinfo(img)
    except (SyntaxError, OSError, ValueError, IndexError, KeyError, struct.error):
        return [("IPTC", "unreadable (damaged IPTC block)", "text")]
    if not records:
        return []
    charset = records.get((1, 90))
    utf8 = isinstance(charset, bytes) and charset in (b"\x1b%G", b"\x1b%/I")
    out: list[tuple[str, str, str]] = []
    budget = _MAX_VALUES
    for (record, dataset), raw in sorted(records.items()):
        if record != 2 or dataset not in IPTC_DATASETS:
            continue
        name, kind = IPTC_DATASETS[dataset]
        values = raw if isinstance(raw, list) else [raw]
        texts = [" ".join(_decode(v, utf8).split()) for v in values[:budget] if isinstance(v, bytes)]
        budget -= len(values)
        texts = [t for t in texts if t]
        if texts:
            out.append((f"IPTC {name}", "; ".join(texts), kind))
        if budget <= 0:
            break
    return out


def parse_irb(data: bytes) -> dict[int, bytes]:
    """Photoshop image resource blocks (``8BIM`` id, Pascal name, size, data), bounded by ``data``."""
    out: dict[int, bytes] = {}
    offset = 0
    while offset + 12 <= len(data) and data[offset : offset + 4] == b"8BIM" and len(out) < 4096:
        code = int.from_bytes(data[offset + 4 : offset + 6], "big")
        name_len = data[offset + 6]
        offset += 7 + name_len
        offset += offset & 1
        if offset + 4 > len(data):
            break
        size = int.from_bytes(data[offset : offset + 4], "big")
        offset += 4
        out[code] = data[offset : offset + size]
        offset += size + (size & 1)
    return out


def _photoshop_resources(img: Image.Image) -> dict[int, bytes]:
    info = img.info.get("photoshop")
    if isinstance(info, dict):
        return {k: v for k, v in info.items() if isinstance(v, bytes)}
    tags = getattr(img, "tag_v2", None)
    raw = tags.get(34377) if tags is not None else None  # TIFF PhotoshopInfo
    if isinstance(raw, tuple):
        raw = bytes(raw) if all(isinstance(b, int) and 0 <= b < 256 for b in raw) else None
    return parse_irb(raw) if isinstance(raw, bytes) else {}


def _exif_thumbnail(img: Image.Image) -> list[str]:
    """The EXIF IFD1 thumbnail and any preview in the maker's notes, described for a message."""
    found: list[str] = []
    try:
        exif = img.getexif()
        ifd1 = exif.get_ifd(IFD.IFD1)
        sub = exif.get_ifd(IFD.Exif)
    except Exception:  # a damaged EXIF block is reported by the caller
        return found
    length = ifd1.get(0x0202)
    if isinstance(length, int) and length > 0 and 0x0201 in ifd1:
        found.append(f"an EXIF thumbnail (IFD1, {max(1, round(length / 1024))} kB JPEG)")
    elif 0x0111 in ifd1 and ifd1.get(0x0103) == 1:
        found.append("an EXIF thumbnail (IFD1, uncompressed)")
    maker = sub.get(0x927C)
    if isinstance(maker, bytes) and _SOI in maker:
        found.append("a preview image inside the camera maker's notes (EXIF MakerNote)")
    return found


def _app_segment_previews(img: Image.Image) -> list[str]:
    """Pictures inside JPEG application segments other than EXIF's own thumbnail and Photoshop's
    resources (a FlashPix preview in APP2, a second EXIF block...)."""
    found: list[str] = []
    exif_seen = False
    for marker, data in getattr(img, "applist", [])[:64]:
        if marker == "APP1" and data.startswith(b"Exif\x00\x00"):
            if exif_seen and _SOI in data:
                found.append("a preview image in a second EXIF segment (APP1)")
            exif_seen = True
        elif marker not in ("APP0", "APP1", "APP13") and _SOI in data and not data.startswith(b"ICC_PROFILE\x00"):
            found.append(f"a preview image in the {marker} segment")
    return found


_XMP_THUMB = re.compile(rb"xmpGImg:image|<xapGImg:image|GImg:image")


def thumbnails(img: Image.Image) -> list[str]:
    """Each thumbnail or preview copy the file keeps beside the picture itself, described for a message."""
    found = _exif_thumbnail(img)
    resources = _photoshop_resources(img)
    found += [text for code, text in _THUMBNAIL_RESOURCES.items() if resources.get(code)]
    xmp = img.info.get("xmp") or img.info.get("XML:com.adobe.xmp")
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "ignore")
    if isinstance(xmp, bytes) and _XMP_THUMB.search(xmp[: 4 * 1024 * 1024]):
        found.append("an XMP thumbnail (xmp:Thumbnails)")
    found += _app_segment_previews(img)
    frames = getattr(img, "n_frames", 1)  # only multi-frame formats (MPO among them) have it
    if img.format == "MPO" and frames > 1:
        found.append(f"{frames - 1} more picture(s) in a Multi-Picture (MPF) block, usually a large preview")
    return found
