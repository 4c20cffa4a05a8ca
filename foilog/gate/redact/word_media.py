"""Pictures inside a Word document whose metadata the gate reports (GPS position, author, thumbnails).

Only pictures the gate flags (:func:`foilog.gate.attachments.image.check_image`)
are touched, so every other picture keeps its exact bytes. A flagged picture is
decoded and written again in the same format with no metadata at all (EXIF,
XMP, IPTC, embedded thumbnails, PNG text chunks); its EXIF orientation is
applied to the pixels first, so it still shows the right way up.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from foilog.gate.attachments import FileRefused
from foilog.gate.attachments.image import check_image

_FORMATS = {"JPEG": {"quality": 95}, "PNG": {}, "GIF": {}, "BMP": {}, "TIFF": {}}


def strip_if_flagged(data: bytes, label: str) -> tuple[bytes, list[str]]:
    """``data`` without metadata when the gate reports some, with the rules it reported; else ``data`` unchanged."""
    try:
        findings, _ = check_image(data, "picture", label=label)
    except FileRefused:
        return data, []  # EMF, WMF, SVG: no EXIF to carry
    if not findings:
        return data, []
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            if kind not in _FORMATS:
                return data, []
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            upright.save(out, format=kind, **_FORMATS[kind])
    except (UnidentifiedImageError, OSError, ValueError):
        return data, []
    return out.getvalue(), [f.rule for f in findings]
