"""Clean an image: keep the pixels, drop everything else a viewer does not see.

Phones and cameras write the GPS position, the owner's name and a thumbnail
(which an edit may not have touched: the face blurred in the picture can still
be sharp in the thumbnail); photo libraries add XMP and IPTC captions naming the
people in the picture; editors add PNG text chunks and comments. The gate
reports them (:mod:`foilog.gate.attachments.image`); this removes them.

JPEG, PNG and WebP are cleaned by editing the container, never by decoding and
re-encoding the picture: a JPEG saved again loses quality every time, and the
copy must look exactly like the original. Only the segments (JPEG), chunks (PNG)
or RIFF chunks (WebP) that hold pixels, their colour tables and their decoding
parameters are kept. The EXIF Orientation tag is the one piece of metadata kept
(in a minimal EXIF block of its own), so that a portrait photo stays upright.
GIF and TIFF, whose metadata is interleaved with the pixels, are written again
by Pillow without metadata (lossless for both formats).
"""

from __future__ import annotations

import io
import struct
import warnings

from PIL import Image, UnidentifiedImageError

from foilog.gate.redact.model import CannotClean, Cleaned, RedactOptions, Removal

#: Largest picture decoded (GIF and TIFF only); Pillow's own bomb limit is about 179 million pixels.
_MAX_PIXELS = 100_000_000
_WHERE = "image metadata"

# -- the minimal EXIF block that carries only the orientation ---------------------------------------


def _orientation_exif(orientation: int) -> bytes:
    """A TIFF-structured EXIF payload (no ``Exif\\0\\0`` prefix) with one tag: Orientation (0x0112)."""
    entry = struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0)
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + struct.pack("<I", 0)


def _orientation_of(exif_payload: bytes) -> int:
    """The Orientation tag of a TIFF-structured EXIF payload (1, upright, when absent or unreadable)."""
    try:
        exif = Image.Exif()
        exif.load(exif_payload)
        value = int(exif.get(0x0112, 1))
    except Exception:  # a damaged block has no orientation we can trust
        return 1
    return value if 2 <= value <= 8 else 1


# -- JPEG -------------------------------------------------------------------------------------------

#: Segments that carry the picture or how to decode it: kept. Everything else (APP1 EXIF/XMP, APP2 ICC
#: and MPF, APP13 IPTC/Photoshop, COM comments, other APPn) is metadata and goes.
_JPEG_KEEP = {0xDB, 0xC4, 0xDD, 0xCC} | set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_NAMES = {
    0xE1: "EXIF or XMP block (APP1)",
    0xE2: "ICC colour profile or multi-picture index (APP2)",
    0xED: "IPTC / Photoshop block (APP13)",
    0xFE: "comment (COM)",
}


def _jfif(payload: bytes) -> bytes:
    """The JFIF APP0 header without its optional thumbnail (version and pixel density kept)."""
    if len(payload) >= 14 and payload.startswith(b"JFIF\x00"):
        return payload[:12] + b"\x00\x00"
    return b""


def _jpeg_segment_name(marker: int, payload: bytes) -> str:
    """What a dropped segment held, in words for the report."""
    if marker == 0xE1 and payload.startswith(b"Exif\x00"):
        return "EXIF block (camera, date, any GPS position and thumbnail)"
    if marker == 0xE1 and b"adobe" in payload[:40].lower():
        return "XMP packet"
    if marker == 0xE2 and payload.startswith(b"ICC_PROFILE"):
        return "ICC colour profile"
    if marker == 0xE2 and payload.startswith(b"MPF"):
        return "multi-picture index (MPF)"
    if marker in _JPEG_NAMES:
        return _JPEG_NAMES[marker]
    return f"application segment APP{marker - 0xE0}" if 0xE0 <= marker <= 0xEF else f"segment 0x{marker:02X}"


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _clean_jpeg(data: bytes) -> tuple[bytes, list[Removal], list[str]]:
    """Walk the segments up to the first scan; keep the picture's, drop the rest, stop at the end of image."""
    out = [b"\xff\xd8"]
    removed: dict[str, int] = {}
    orientation = 1
    at = 2
    while True:
        if at + 4 > len(data) or data[at] != 0xFF:
            raise CannotClean("the JPEG is damaged (a segment is cut short); export it again from its source and rerun")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        payload = data[at + 4 : at + 2 + length]
        if length < 2 or len(payload) != length - 2:
            raise CannotClean("the JPEG is damaged (a segment is cut short); export it again from its source and rerun")
        if marker == 0xDA:  # start of scan: the entropy-coded data and later scans run to the end of image
            end = data.find(b"\xff\xd9", at)
            if end < 0:
                raise CannotClean("the JPEG has no end-of-image marker (it is cut short); export it again and rerun")
            out.append(data[at : end + 2])
            if end + 2 < len(data.rstrip(b"\x00")):
                removed["data after the end of the picture (a second picture or a preview)"] = 1
            break
        if marker == 0xE0:
            jfif = _jfif(payload)
            if jfif:
                out.append(_segment(0xE0, jfif))
                if payload[12:14] != b"\x00\x00":
                    removed["JFIF thumbnail"] = removed.get("JFIF thumbnail", 0) + 1
            else:
                removed["JFIF extension (APP0, may hold a thumbnail)"] = 1
        elif marker == 0xEE and payload.startswith(b"Adobe"):
            out.append(_segment(marker, payload))  # the colour transform of CMYK pictures: needed to decode
        elif marker in _JPEG_KEEP:
            out.append(_segment(marker, payload))
        else:
            if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
                orientation = _orientation_of(payload[6:]) if orientation == 1 else orientation
            what = _jpeg_segment_name(marker, payload)
            removed[what] = removed.get(what, 0) + 1
        at += 2 + length
    notes: list[str] = []
    if orientation != 1:
        out.insert(1 + (len(out) > 1 and out[1].startswith(b"\xff\xe0")), _segment(0xE1, b"Exif\x00\x00" + _orientation_exif(orientation)))
        notes.append(f"The EXIF orientation ({orientation}) was kept, alone, so the picture shows the right way up.")
    return b"".join(out), _removals(removed), notes


# -- PNG --------------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Chunks that make up the picture and how to show it (APNG frames included); all others go.
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT"}
_PNG_NAMES = {
    b"tEXt": "text chunk (tEXt)",
    b"zTXt": "compressed text chunk (zTXt)",
    b"iTXt": "international text chunk (iTXt)",
    b"eXIf": "EXIF block (eXIf)",
    b"iCCP": "ICC colour profile (iCCP)",
    b"tIME": "last-modified time (tIME)",
}


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    import zlib

    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def _clean_png(data: bytes) -> tuple[bytes, list[Removal], list[str]]:
    out = [_PNG_SIGNATURE]
    removed: dict[str, int] = {}
    orientation = 1
    at = len(_PNG_SIGNATURE)
    while True:
        if at + 12 > len(data):
            raise CannotClean("the PNG is damaged (it ends before its IEND chunk); export it again from its source and rerun")
        length = struct.unpack(">I", data[at : at + 4])[0]
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            raise CannotClean("the PNG is damaged (a chunk is cut short); export it again from its source and rerun")
        if kind in _PNG_KEEP:
            out.append(data[at:end])
        else:
            if kind == b"eXIf":
                orientation = _orientation_of(data[at + 8 : at + 8 + length])
            what = _PNG_NAMES.get(kind, f"chunk {kind.decode('latin-1')!r}")
            removed[what] = removed.get(what, 0) + 1
        at = end
        if kind == b"IEND":
            break
    if at < len(data):
        removed["data after the end of the picture (IEND)"] = 1
    notes: list[str] = []
    if orientation != 1:
        out.insert(2, _png_chunk(b"eXIf", _orientation_exif(orientation)))
        notes.append(f"The EXIF orientation ({orientation}) was kept, alone, so the picture shows the right way up.")
    return b"".join(out), _removals(removed), notes


# -- WebP -------------------------------------------------------------------------------------------

_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}
_WEBP_NAMES = {b"EXIF": "EXIF block", b"XMP ": "XMP packet", b"ICCP": "ICC colour profile"}
#: VP8X flags: ICC profile, EXIF, XMP present.
_ICC, _EXIF_FLAG, _XMP_FLAG = 0x20, 0x08, 0x04


def _riff_chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) & 1)


def _clean_webp(data: bytes) -> tuple[bytes, list[Removal], list[str]]:
    chunks: list[tuple[bytes, bytes]] = []
    removed: dict[str, int] = {}
    orientation = 1
    size = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    at = 12
    while at + 8 <= size:
        kind = data[at : at + 4]
        length = struct.unpack("<I", data[at + 4 : at + 8])[0]
        payload = data[at + 8 : at + 8 + length]
        if len(payload) != length:
            raise CannotClean("the WebP image is damaged (a chunk is cut short); export it again from its source and rerun")
        if kind in _WEBP_KEEP:
            chunks.append((kind, payload))
        else:
            if kind == b"EXIF":
                orientation = _orientation_of(payload.removeprefix(b"Exif\x00\x00"))
            what = _WEBP_NAMES.get(kind, f"chunk {kind.decode('latin-1')!r}")
            removed[what] = removed.get(what, 0) + 1
        at += 8 + length + (length & 1)
    if not any(kind in (b"VP8 ", b"VP8L", b"ANMF") for kind, _ in chunks):
        raise CannotClean("the WebP image holds no picture (it is damaged or cut short); export it again from its source and rerun")
    notes: list[str] = []
    if orientation != 1 and chunks and chunks[0][0] == b"VP8X":
        chunks.append((b"EXIF", _orientation_exif(orientation)))
        notes.append(f"The EXIF orientation ({orientation}) was kept, alone, so the picture shows the right way up.")
    body = b""
    for kind, payload in chunks:
        if kind == b"VP8X" and payload:
            flags = payload[0] & ~(_ICC | _EXIF_FLAG | _XMP_FLAG)
            flags |= _EXIF_FLAG if orientation != 1 else 0
            payload = bytes((flags,)) + payload[1:]
        body += _riff_chunk(kind, payload)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body, _removals(removed), notes


# -- GIF and TIFF: written again by Pillow --------------------------------------------------------------


def _resave(data: bytes, fmt: str) -> tuple[bytes, list[Removal], list[str]]:
    """Decode and write again without any metadata: lossless for GIF (palette) and TIFF (compression kept)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
            if img.width * img.height > _MAX_PIXELS:
                raise CannotClean("the image is too large to clean safely; export it at a normal size and rerun")
            if getattr(img, "n_frames", 1) > 1:
                raise CannotClean(f"foilog cannot clean {fmt} images with several frames; export each frame as PNG and rerun")
            info = dict(img.info)
            tags = _tiff_text_tags(img) if fmt == "TIFF" else []
            img.load()
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as exc:
            raise CannotClean(f"the {fmt} image cannot be read ({type(exc).__name__}); export it again from its source and rerun") from None
    orientation = int(img.getexif().get(0x0112, 1)) if fmt == "TIFF" else 1
    kept: dict[str, object] = {}
    if fmt == "GIF":
        kept = {k: info[k] for k in ("transparency", "background") if k in info}
    elif fmt == "TIFF":
        kept = {"compression": info.get("compression", "raw"), **({"dpi": info["dpi"]} if "dpi" in info else {})}
        if 2 <= orientation <= 8:
            exif = Image.Exif()
            exif[0x0112] = orientation
            kept["exif"] = exif
    img.info = {}
    buf = io.BytesIO()
    try:
        img.save(buf, fmt, **kept)
    except (OSError, ValueError) as exc:
        raise CannotClean(f"the {fmt} image could not be written again ({type(exc).__name__}); export it as PNG and rerun") from None
    dropped = sorted(k for k in info if k not in kept and k not in ("dpi", "compression", "duration", "version", "loop", "resolution"))
    dropped += tags
    notes = [f"The {fmt} image was written again without its metadata (lossless: the pixels are unchanged)."]
    return buf.getvalue(), [Removal(_WHERE, f"{fmt} {'tag' if fmt == 'TIFF' else 'field'} {name!r}") for name in dropped], notes


#: TIFF tags that describe the pixels (layout, compression, colour): not metadata about anyone.
_TIFF_STRUCTURE = {254, 256, 257, 258, 259, 262, 273, 274, 277, 278, 279, 282, 283, 284, 296, 317, 320, 338, 339, 322, 323, 324, 325}


def _tiff_text_tags(img: Image.Image) -> list[str]:
    """Names of the TIFF tags that are not structure (Artist, ImageDescription, Software, EXIF, XMP, IPTC...)."""
    from PIL.TiffTags import lookup

    tags = getattr(img, "tag_v2", {})
    return sorted({lookup(int(tag)).name for tag in tags if int(tag) not in _TIFF_STRUCTURE})


def _what_it_said(data: bytes) -> list[Removal]:
    """The fields the gate reads (GPS, names, captions, IPTC, thumbnails), each a removal with its text, for the report."""
    from foilog.gate.attachments import FileRefused
    from foilog.gate.attachments.image import read_metadata

    try:
        meta = read_metadata(data)
    except FileRefused as exc:
        raise CannotClean(f"{exc.message}") from None
    out = [Removal(_WHERE, "GPS position where the picture was taken")] if meta.gps else []
    out += [Removal(_WHERE, f"field {name}", value) for name, value, kind in meta.fields + meta.iptc if kind != "quiet"]
    quiet = [name for name, _, kind in meta.fields + meta.iptc if kind == "quiet"]
    if quiet:
        out.append(Removal(_WHERE, f"camera and software fields ({', '.join(dict.fromkeys(quiet))})"))
    out += [Removal(_WHERE, f"thumbnail: {what}") for what in meta.thumbnails]
    return out


def _removals(removed: dict[str, int]) -> list[Removal]:
    return [Removal(_WHERE, what if n == 1 else f"{what} ×{n}") for what, n in removed.items()]


def clean(data: bytes, options: RedactOptions) -> Cleaned:
    """The image without EXIF (GPS included), XMP, IPTC, ICC profile, comments, text chunks or thumbnails.

    The pixels are byte for byte the original's for JPEG, PNG and WebP (no re-encoding);
    ``options`` does not concern images. Raises :class:`CannotClean` for a damaged file.
    """
    del options
    if data.startswith(b"\xff\xd8\xff"):
        body, removals, notes = _clean_jpeg(data)
    elif data.startswith(_PNG_SIGNATURE):
        body, removals, notes = _clean_png(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        body, removals, notes = _clean_webp(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        body, removals, notes = _resave(data, "GIF")
    elif data[:4] in (b"II*\x00", b"MM\x00*"):
        body, removals, notes = _resave(data, "TIFF")
    else:
        raise CannotClean("this is not a JPEG, PNG, WebP, GIF or TIFF image; export it as PNG or JPEG and rerun")
    removals = _what_it_said(data) + removals
    if any("ICC" in r.what for r in removals):
        notes.append("The colour profile (ICC) was removed: colours of a wide-gamut photo may look slightly less saturated.")
    return Cleaned(data=body, removals=tuple(removals), notes=tuple(notes))
