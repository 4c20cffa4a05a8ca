"""DrawingML pieces the Word and Excel inspectors share: shapes, pictures and their names.

Both formats draw shapes and pictures with the same DrawingML elements (``a:solidFill``
with ``a:alpha``, ``pic:blipFill`` pointing at a media part, ``cNvPr`` names), so the
questions "is this paint opaque?", "is this picture see-through or dark?" and "may we
repeat this object's name in a message?" are answered once, here.
"""

from __future__ import annotations

import io
import re
from xml.etree.ElementTree import Element

from foilog.gate.attachments.ooxml import Package, attr, local

#: Names Word, Excel and LibreOffice give objects ("Rectangle 3", "TextBox 1", "Shape1", "Picture 2");
#: any other name was typed by a user and may name a person, so it is never repeated in a message.
DEFAULT_NAME = re.compile(
    r"(?:(?:Rectangle|Rounded|Oval|TextBox|Text|Box|Picture|Image|Chart|Group|Freeform|Straight|Elbow|Curved|Connector|Arrow|"
    r"Right|Left|Up|Down|Callout|Rectangular|Isosceles|Triangle|Flowchart|Process|Star|Line|Graphic|Content|Placeholder|"
    r"Object|Shape|Ink|Frame|Diagonal|Stripe|Ellipse|Circle|Square|Speech|Bubble|Cloud|Snip|Single|Corner|Drawing) ?)+\d{1,5}"
)
#: Largest picture part decoded to judge it, and largest picture in pixels.
MAX_PICTURE_BYTES = 20 * 1024 * 1024
MAX_PICTURE_PIXELS = 50_000_000


def first(el: Element | None, *path: str) -> Element | None:
    """The first child, by local names along ``path`` (None when any step is missing)."""
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if local(c.tag) == name), None)
    return el


def int_attr(el: Element | None, name: str) -> int:
    """An integer attribute by local name; 0 when absent or not a number."""
    try:
        return int((attr(el, name) if el is not None else None) or 0)
    except ValueError:
        return 0


def alpha_below(el: Element, limit: int) -> bool:
    """True when a colour is made (mostly) transparent by ``a:alpha`` below ``limit`` (of 100000)."""
    return any(local(c.tag) == "alpha" and int_attr(c, "val") < limit for c in el.iter())


def object_label(name: str | None) -> str:
    """The object's name when the application gave it (safe to repeat), else an empty string."""
    name = (name or "").strip()
    return name if DEFAULT_NAME.fullmatch(name) else ""


def picture_look(pkg: Package, target: str | None) -> tuple[bool, bool]:
    """(opaque, dark) for a picture part: opaque unless mostly transparent; dark when most of it is dark.

    A picture that cannot be read (too large, EMF/WMF, broken) is taken as opaque (fail
    closed) and not dark. Decoding is bounded: at most :data:`MAX_PICTURE_BYTES` of file and
    :data:`MAX_PICTURE_PIXELS`, drafted and reduced to 64 x 64 before anything is counted.
    """
    if not target or not pkg.has(target) or pkg.infos[target].file_size > MAX_PICTURE_BYTES:
        return True, False
    try:
        from PIL import Image

        with Image.open(io.BytesIO(pkg.read(target))) as im:
            if im.width * im.height > MAX_PICTURE_PIXELS:
                return True, False
            im.draft("RGB", (128, 128))
            small = im.convert("RGBA").resize((64, 64))
            alpha = small.getchannel("A").histogram()
            if sum(alpha[:128]) > sum(alpha[128:]):
                return False, False
            grey = small.convert("L").histogram()
            return True, sum(grey[:64]) > 0.6 * sum(grey)
    except Exception:  # a picture Pillow cannot read is taken as opaque (fail closed)
        return True, False
