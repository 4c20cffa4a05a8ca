"""Build images the way cameras, phones, photo libraries and editors write them, for the image tests.

Pillow writes EXIF's main directory but not its thumbnail directory (IFD1),
and does not write IPTC at all, so both are written here by hand, byte by
byte as the specifications lay them out (TIFF 6.0 for EXIF, IPTC IIM 4.2 in a
Photoshop APP13 resource block). Every name is invented.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from PIL.ExifTags import IFD
from PIL.PngImagePlugin import PngInfo

PHOTOGRAPHER = "Jane Hartley"
RESIDENT = "Oliver Pendleton"
EMAIL = "j.hartley@example.org"
PLATE = "KX19 ABC"

# TIFF field types
_ASCII, _SHORT, _LONG, _RATIONAL = 2, 3, 4, 5
_SIZES = {_ASCII: 1, _SHORT: 2, _LONG: 4, _RATIONAL: 8}


def street_scene(size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A photo-like picture: sky, road, a car with a legible number plate and a person's face (all drawn)."""
    w, h = size
    img = Image.new("RGB", size, (135, 180, 220))
    d = ImageDraw.Draw(img)
    d.rectangle((0, h * 0.55, w, h), fill=(90, 90, 95))
    for x in range(0, w, 80):
        d.rectangle((x + 10, h * 0.78, x + 50, h * 0.8), fill=(230, 230, 230))
    d.rectangle((w * 0.1, h * 0.45, w * 0.55, h * 0.7), fill=(170, 20, 30))  # car body
    d.rectangle((w * 0.24, h * 0.62, w * 0.42, h * 0.68), fill=(250, 210, 0))  # number plate
    d.text((w * 0.25, h * 0.625), PLATE, fill=(0, 0, 0))
    d.ellipse((w * 0.7, h * 0.25, w * 0.82, h * 0.42), fill=(225, 180, 150))  # a face
    d.rectangle((w * 0.68, h * 0.42, w * 0.84, h * 0.75), fill=(40, 60, 120))
    return img


def blur_plate_and_face(img: Image.Image) -> Image.Image:
    """What an officer does before publishing: blur the number plate and the face."""
    w, h = img.size
    out = img.copy()
    for box in ((int(w * 0.22), int(h * 0.6), int(w * 0.44), int(h * 0.7)), (int(w * 0.68), int(h * 0.23), int(w * 0.84), int(h * 0.44))):
        out.paste(out.crop(box).filter(ImageFilter.GaussianBlur(12)), box)
    return out


def _jpeg(img: Image.Image, **kwargs: object) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, **kwargs)
    return out.getvalue()


def _tiff_dir(entries: list[tuple[int, int, bytes]], start: int, next_ifd: int) -> tuple[bytes, bytes]:
    """One little-endian IFD at offset ``start``: (directory, its out-of-line values, which follow it)."""
    entries = sorted(entries)
    data_at = start + 2 + 12 * len(entries) + 4
    head, tail = struct.pack("<H", len(entries)), b""
    for tag, typ, value in entries:
        count = len(value) // _SIZES[typ]
        if len(value) <= 4:
            head += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack("<HHII", tag, typ, count, data_at + len(tail))
            tail += value + b"\x00" * (len(value) & 1)
    return head + struct.pack("<I", next_ifd), tail


def _ascii(text: str) -> bytes:
    return text.encode("ascii") + b"\x00"


def exif_with_thumbnail(
    thumbnail: bytes, *, make: str = "Canon", model: str = "Canon EOS 250D", date: str = "2024:03:14 10:21:07"
) -> bytes:
    """An EXIF APP1 payload as a camera writes it: IFD0 (make, model, orientation, resolution, date) and IFD1
    holding a JPEG thumbnail (JPEGInterchangeFormat / JPEGInterchangeFormatLength)."""
    rational72 = struct.pack("<II", 72, 1)
    ifd0 = [
        (0x010F, _ASCII, _ascii(make)),
        (0x0110, _ASCII, _ascii(model)),
        (0x0112, _SHORT, struct.pack("<H", 1)),
        (0x011A, _RATIONAL, rational72),
        (0x011B, _RATIONAL, rational72),
        (0x0128, _SHORT, struct.pack("<H", 2)),
        (0x0132, _ASCII, _ascii(date)),
    ]
    # two passes: the size of IFD0 fixes where IFD1 starts, and IFD1's size where the thumbnail starts
    dir0, tail0 = _tiff_dir(ifd0, 8, 0)
    ifd1_at = 8 + len(dir0) + len(tail0)
    ifd1 = [
        (0x0103, _SHORT, struct.pack("<H", 6)),
        (0x011A, _RATIONAL, rational72),
        (0x011B, _RATIONAL, rational72),
        (0x0128, _SHORT, struct.pack("<H", 2)),
        (0x0201, _LONG, struct.pack("<I", 0)),
        (0x0202, _LONG, struct.pack("<I", len(thumbnail))),
    ]
    dir1, tail1 = _tiff_dir(ifd1, ifd1_at, 0)
    thumb_at = ifd1_at + len(dir1) + len(tail1)
    ifd1[4] = (0x0201, _LONG, struct.pack("<I", thumb_at))
    dir1, tail1 = _tiff_dir(ifd1, ifd1_at, 0)
    dir0, tail0 = _tiff_dir(ifd0, 8, ifd1_at)
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + dir0 + tail0 + dir1 + tail1 + thumbnail


def thumbnail_of(img: Image.Image, size: tuple[int, int] = (160, 120)) -> bytes:
    thumb = img.copy()
    thumb.thumbnail(size)
    return _jpeg(thumb)


def camera_jpeg(img: Image.Image, *, thumbnail_from: Image.Image | None = None) -> bytes:
    """A JPEG as a camera (or an editor that keeps EXIF) writes it: EXIF with a thumbnail of ``thumbnail_from``
    (the picture itself when None)."""
    return _jpeg(img, exif=exif_with_thumbnail(thumbnail_of(thumbnail_from or img)))


def iim(records: list[tuple[int, str]]) -> bytes:
    """IPTC IIM record 2 datasets (UTF-8, declared by record 1:90), as Photoshop and Photo Mechanic write them."""

    def one(record: int, dataset: int, value: bytes) -> bytes:
        return b"\x1c" + bytes((record, dataset)) + struct.pack(">H", len(value)) + value

    out = one(1, 90, b"\x1b%G") + one(2, 0, b"\x00\x04")
    for dataset, text in records:
        out += one(2, dataset, text.encode("utf-8"))
    return out


def irb(resources: list[tuple[int, bytes]]) -> bytes:
    """A Photoshop image resource block list (``8BIM``, id, empty Pascal name, size, data padded to even)."""
    out = b""
    for code, data in resources:
        out += b"8BIM" + struct.pack(">H", code) + b"\x00\x00" + struct.pack(">I", len(data)) + data + b"\x00" * (len(data) & 1)
    return out


def with_app13(jpeg: bytes, resources: list[tuple[int, bytes]]) -> bytes:
    """Insert an APP13 "Photoshop 3.0" segment after the JFIF (APP0) or EXIF (APP1) segments."""
    payload = b"Photoshop 3.0\x00" + irb(resources)
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    at = 2
    while jpeg[at : at + 2] in (b"\xff\xe0", b"\xff\xe1"):
        at += 2 + struct.unpack(">H", jpeg[at + 2 : at + 4])[0]
    return jpeg[:at] + segment + jpeg[at:]


def iptc_jpeg(records: list[tuple[int, str]], img: Image.Image | None = None) -> bytes:
    """A JPEG with IPTC records in APP13 resource 0x0404 (plus the resolution resource Photoshop always writes)."""
    resolution = struct.pack(">IHHIHH", 72 << 16, 1, 1, 72 << 16, 1, 1)
    return with_app13(_jpeg(img or street_scene()), [(0x03ED, resolution), (0x0404, iim(records))])


def photoshop_thumbnail_jpeg(edited: Image.Image, original: Image.Image) -> bytes:
    """A JPEG saved by Photoshop: resource 0x040C holds a thumbnail (28-byte header, then JFIF data) of ``original``."""
    thumb = thumbnail_of(original)
    header = struct.pack(">IIIIIIHH", 1, 160, 120, 480, 57600, len(thumb), 24, 1)
    return with_app13(_jpeg(edited), [(0x040C, header + thumb)])


def exif_jpeg(**tags: object) -> bytes:
    """A JPEG with only the EXIF a phone app or a careful export leaves: orientation, date, make, model."""
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[0x0132] = "2024:05:02 09:14:55"
    exif.get_ifd(IFD.Exif)[0x9003] = "2024:05:02 09:14:55"
    for tag, value in tags.items():
        exif[int(tag.removeprefix("t"), 16)] = value
    return _jpeg(street_scene(), exif=exif)


def gps_jpeg() -> bytes:
    """A phone photo: EXIF with make, model and the GPS position where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[IFD.GPSInfo] = {1: "N", 2: (52.0, 12.0, 31.8), 3: "W", 4: (1.0, 30.0, 7.2), 5: 0, 6: 98.0}
    return _jpeg(street_scene(), exif=exif)


def png(chunks: list[tuple[str, str, str]] = ()) -> bytes:
    """A PNG chart or screenshot with text chunks: (kind ``tEXt``/``zTXt``/``iTXt``, keyword, text)."""
    info = PngInfo()
    for kind, key, value in chunks:
        if kind == "iTXt":
            info.add_itxt(key, value, lang="en-GB")
        else:
            info.add_text(key, value, zip=kind == "zTXt")
    out = io.BytesIO()
    street_scene((320, 240)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def xmp_packet(body: str) -> bytes:
    """An XMP packet as Adobe tools write it, around RDF description ``body``."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:xmpGImg="http://ns.adobe.com/xap/1.0/g/img/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'xmp:CreatorTool="Adobe Photoshop Lightroom Classic 13.2">{body}</rdf:Description></rdf:RDF></x:xmpmeta>'
        '<?xpacket end="w"?>'
    ).encode()


def webp(*, xmp: bytes | None = None, exif: Image.Exif | None = None) -> bytes:
    """A WebP as a browser or an image CDN exports it; ``xmp``/``exif`` chunks only when given."""
    out = io.BytesIO()
    kwargs: dict[str, object] = {}
    if xmp:
        kwargs["xmp"] = xmp
    if exif is not None:
        kwargs["exif"] = exif
    street_scene((320, 240)).save(out, "WEBP", quality=80, **kwargs)
    return out.getvalue()


def xmp_jpeg(body: str) -> bytes:
    """A JPEG exported from Lightroom with an XMP packet (APP1)."""
    return _jpeg(street_scene(), xmp=xmp_packet(body))


def tiff(**tags: str) -> bytes:
    """A TIFF as scanner software writes it, with text tags (``Artist``, ``ImageDescription``...)."""
    from PIL.TiffImagePlugin import ImageFileDirectory_v2

    names = {"ImageDescription": 0x010E, "Artist": 0x013B, "Software": 0x0131, "Make": 0x010F}
    ifd = ImageFileDirectory_v2()
    for name, value in tags.items():
        ifd[names[name]] = value
    out = io.BytesIO()
    street_scene((200, 150)).save(out, "TIFF", tiffinfo=ifd)
    return out.getvalue()


def gif(comment: str | None = None) -> bytes:
    """A GIF (a logo or an animation) with an optional comment extension."""
    out = io.BytesIO()
    kwargs = {"comment": comment.encode("utf-8")} if comment else {}
    street_scene((160, 120)).convert("P").save(out, "GIF", **kwargs)
    return out.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
