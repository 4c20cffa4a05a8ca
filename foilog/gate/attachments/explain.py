"""Pictures of hidden content: ``foilog scan --explain DIR``.

For every PDF page with a hidden-content finding that says where its hidden runs
are (``extra["boxes"]``: a JSON list of ``[x0, y0, x1, y1]`` in PDF points of the
rendered page, origin top-left, after rotation and crop box), the page is
rendered as a reader sees it, each run is outlined in red and labelled with its
rule and masked text, and the picture is written as ``DIR/<file-slug>-page-<N>.png``.
A reviewer sees in a second where the problem is.

The page of an untrusted PDF is rendered inside the sandboxed worker (request kind
``"explain"``: see :func:`run_explain`), which returns the PNG bytes; only this
process writes files. A file already in DIR is replaced only when it is a picture
foilog made (its PNG carries the text chunk ``foilog-explain``); any other file of
the same name is left alone and reported.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foilog.gate.attachments._common import plural, unsafe
from foilog.gate.attachments._model import Limits, finding_from_json, finding_to_json
from foilog.log.findings import Category, Finding

#: The PNG text chunk (keyword) that marks a picture as ours, so a later run may replace it.
MARK_KEY = "foilog-explain"
_MARK_BYTES = b"tEXt" + MARK_KEY.encode() + b"\x00"
#: Rendering resolution: enough to read a page, small enough for a CI artifact.
DPI = 100
#: At most this many pictures per file (a 400-page file with findings on every page).
MAX_PAGES = 50
#: Outline colour and width in pixels.
RED = (220, 0, 0)
LINE = 3
#: Labels longer than this are cut (the excerpt is already masked).
LABEL_CHARS = 60


@dataclass(frozen=True)
class Mark:
    """One hidden run on a page: its box in PDF points (top-left origin) and its label."""

    box: tuple[float, float, float, float]
    label: str


@dataclass(frozen=True)
class Picture:
    """A page picture ready to write."""

    display: str
    page: int
    png: bytes
    marks: int


def page_marks(findings: Iterable[Finding]) -> dict[str, dict[int, list[Mark]]]:
    """Marks by file (display path) and page, from hidden-content findings that carry boxes."""
    out: dict[str, dict[int, list[Mark]]] = {}
    for f in findings:
        if f.category is not Category.HIDDEN_CONTENT or f.page is None or "boxes" not in f.extra:
            continue
        boxes = _boxes(f.extra["boxes"])
        if not boxes:
            continue
        labels = _labels(f.extra.get("labels"), len(boxes))
        for box, own in zip(boxes, labels, strict=True):
            text = own or f.excerpt or ""
            label = f"{f.rule}: {text}" if text else f.rule
            if len(label) > LABEL_CHARS:
                label = label[: LABEL_CHARS - 1] + "…"
            out.setdefault(f.path, {}).setdefault(f.page, []).append(Mark(box, label))
    return out


def _boxes(raw: str) -> list[tuple[float, float, float, float]]:
    """``extra["boxes"]`` decoded; malformed entries are dropped (never raise on a finding)."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return []
    out = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, list) and len(item) == 4 and all(isinstance(v, (int, float)) for v in item):
            x0, y0, x1, y1 = (float(v) for v in item)
            out.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return out


def _labels(raw: str | None, n: int) -> list[str]:
    """Optional per-box masked labels (``extra["labels"]``, a JSON list), else empty ones."""
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = None
    if isinstance(data, list) and len(data) == n and all(isinstance(v, str) for v in data):
        return data
    return [""] * n


# -- in the sandboxed worker -----------------------------------------------------------------------


def draw_page(image: Any, marks: Sequence[Mark], scale: float) -> Any:
    """Outline each mark on ``image`` (a Pillow RGB image of the page at ``scale`` pixels per point)."""
    from PIL import ImageDraw, ImageFont

    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13)
    width, height = image.size
    for mark in marks:
        x0, y0, x1, y1 = (v * scale for v in mark.box)
        pad = LINE + 1
        box = (max(0, x0 - pad), max(0, y0 - pad), min(width - 1, x1 + pad), min(height - 1, y1 + pad))
        draw.rectangle(box, outline=RED, width=LINE)
        left, top, right, bottom = draw.textbbox((0, 0), mark.label, font=font)
        tw, th = right - left + 6, bottom - top + 6
        lx = min(max(0, box[0]), max(0, width - tw))
        ly = box[1] - th - 1 if box[1] - th - 1 >= 0 else min(height - th, box[3] + 1)
        draw.rectangle((lx, ly, lx + tw, ly + th), fill=(255, 255, 255), outline=RED, width=1)
        draw.text((lx + 3 - left, ly + 3 - top), mark.label, fill=RED, font=font)
    return image


def render_pictures(data: bytes, pages: Mapping[int, Sequence[Mark]], *, dpi: int = DPI) -> list[tuple[int, bytes]]:
    """PNG bytes of each requested page (1-based numbers) with its marks drawn; pages that do not exist are skipped."""
    import pypdfium2 as pdfium
    from PIL import PngImagePlugin

    scale = dpi / 72
    out: list[tuple[int, bytes]] = []
    doc = pdfium.PdfDocument(data)
    try:
        count = len(doc)
        for number in sorted(pages)[:MAX_PAGES]:
            if not 1 <= number <= count:
                continue
            page = doc[number - 1]
            try:
                image = page.render(scale=scale, may_draw_forms=False, draw_annots=True).to_pil().convert("RGB")
            finally:
                page.close()
            draw_page(image, pages[number], scale)
            info = PngImagePlugin.PngInfo()
            info.add_text(MARK_KEY, f"page {number}")
            buf = io.BytesIO()
            image.save(buf, "PNG", pnginfo=info, optimize=False)
            out.append((number, buf.getvalue()))
            del image
    finally:
        doc.close()
    return out


def _mark(spec: Mapping[str, Any]) -> Mark:
    """A :class:`Mark` from its JSON form (``{"box": [x0, y0, x1, y1], "label": ...}``)."""
    x0, y0, x1, y1 = (float(v) for v in spec["box"])
    return Mark((x0, y0, x1, y1), str(spec["label"]))


def run_explain(path: Path, display: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    """The worker's ``explain`` request: never raises; a file it cannot draw becomes an ``unsafe-*`` finding."""
    try:
        pages = {int(n): [_mark(m) for m in marks] for n, marks in dict(spec.get("pages", {})).items()}
        pictures = render_pictures(path.read_bytes(), pages, dpi=int(spec.get("dpi", DPI)))
    except MemoryError:
        return _failed(display, "drawing the pages needed more memory than the limit allows")
    except Exception as exc:  # any failure of the renderer on a hostile file is reported, never raised
        return _failed(display, f"the renderer stopped ({type(exc).__name__})")
    return {"findings": [], "pictures": [{"page": n, "png": base64.b64encode(png).decode("ascii")} for n, png in pictures]}


def _failed(display: str, why: str) -> dict[str, Any]:
    message = f"foilog could not draw the pictures of this file's hidden content: {why}; the findings above still apply"
    return {"findings": [finding_to_json(unsafe(display, "unsafe-unparseable", message))], "pictures": []}


# -- in the calling process ------------------------------------------------------------------------


def pictures_for(path: Path, display: str, pages: Mapping[int, Sequence[Mark]], limits: Limits) -> tuple[list[Picture], list[Finding]]:
    """Render ``pages`` of one PDF with their marks (in the sandbox unless ``limits.sandbox`` is off)."""
    spec = {"pages": {str(n): [{"box": list(m.box), "label": m.label} for m in marks] for n, marks in pages.items()}, "dpi": DPI}
    if limits.sandbox:
        from foilog.gate.attachments.sandbox import run_sandboxed

        result = run_sandboxed(path, display, limits, "explain", extra={"explain": spec})
    else:
        result = run_explain(path, display, spec)
    problems = [finding_from_json(f, path=display) for f in result.get("findings", [])]
    pictures = []
    for item in result.get("pictures", []) or []:
        try:
            number, png = int(item["page"]), base64.b64decode(item["png"], validate=True)
        except (KeyError, TypeError, ValueError):
            continue
        if png.startswith(b"\x89PNG\r\n\x1a\n") and number in pages:
            pictures.append(Picture(display, number, png, len(pages[number])))
    return pictures, problems


def slug(display: str) -> str:
    """A file name part for a display path: lower-case, each run of other characters as ``-``."""
    text = re.sub(r"[^a-z0-9]+", "-", display.lower()).strip("-") or "file"
    if len(text) > 120:
        text = text[:100].rstrip("-") + "-" + hashlib.sha256(display.encode()).hexdigest()[:10]
    return text


def picture_name(display: str, page: int) -> str:
    """``<file-slug>-page-<N>.png``."""
    return f"{slug(display)}-page-{page}.png"


def is_ours(path: Path) -> bool:
    """True when ``path`` is a picture an earlier ``--explain`` wrote (only its first bytes are read)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return head.startswith(b"\x89PNG\r\n\x1a\n") and _MARK_BYTES in head


class NotOurs(Exception):
    """A file of the picture's name exists in DIR and foilog did not make it: it is not replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def write_picture(folder: Path, picture: Picture) -> Path:
    """Write one picture into ``folder`` (created if missing); raises :class:`NotOurs` or OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / picture_name(picture.display, picture.page)
    if (target.exists() or target.is_symlink()) and (target.is_symlink() or not target.is_file() or not is_ours(target)):
        raise NotOurs(target)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".foilog-explain-", suffix=".png", delete=False) as fh:
        fh.write(picture.png)
    Path(fh.name).replace(target)
    return target


def write_explanations(findings: Iterable[Finding], files: Mapping[str, Path], folder: Path, limits: Limits) -> Iterator[tuple[str, str]]:
    """Draw and write the pictures for ``findings``; yields (status, line) for the user, in order.

    ``files`` maps a finding's path (display path) to the file on disk. Status is
    ``"wrote"``, ``"refused"`` (a file of that name exists and is not ours, or cannot
    be written: the caller fails) or ``"failed"`` (the page could not be drawn).
    """
    from foilog.gate.attachments.sniff import file_type

    for display, pages in sorted(page_marks(findings).items()):
        path = files.get(display)
        if path is None or not path.is_file() or file_type(path).kind != "pdf":
            continue
        if len(pages) > MAX_PAGES:
            yield "failed", f"{display}: {plural(len(pages), 'page')} with hidden content; pictures of the first {MAX_PAGES} only"
            pages = {n: pages[n] for n in sorted(pages)[:MAX_PAGES]}
        pictures, problems = pictures_for(path, display, pages, limits)
        for problem in problems:
            yield "failed", f"{display}: {problem.message}"
        for picture in pictures:
            try:
                target = write_picture(folder, picture)
            except NotOurs as exc:
                yield (
                    "refused",
                    f"Error: {exc.path} already exists and foilog did not make it, so it was not replaced; choose an empty folder for --explain",
                )
                continue
            except OSError as exc:
                yield "refused", f"Error: cannot write {folder / picture_name(display, picture.page)}: {exc.strerror or exc}"
                continue
            runs = plural(picture.marks, "hidden run")
            yield "wrote", f"Wrote {target}: page {picture.page} of {display}, {runs} outlined"
