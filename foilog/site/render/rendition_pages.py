"""Where an attachment's web page version lives, and the page around it.

The rendition itself is :mod:`foilog.site.render.renditions`; this module
names its URL (``…/attachments/contracts-xlsx/`` beside
``…/attachments/contracts.xlsx``), says whether there is one, and builds the
page with a link back to the download and the response, plus the "request
this in another format" link every attachment offers.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from foilog.log.model import Response
from foilog.site.render.renditions import MAX_BYTES, renders, rendition_of


def rendition_path(path: str) -> str:
    """The rendition's directory beside the file: ``attachments/contracts.xlsx`` -> ``attachments/contracts-xlsx/``."""
    folder, _, name = path.rpartition("/")
    stem, _, ext = name.rpartition(".")
    return f"{folder + '/' if folder else ''}{stem}-{ext.lower()}/"


def renders_at(path: str, size: int) -> bool:
    """Whether a file of ``size`` bytes at ``path`` gets a web page version: a CSV, XLSX or DOCX no larger than the limit."""
    return renders(path) and size <= MAX_BYTES


def has_rendition(response: Response, path: str) -> bool:
    """Whether the attachment gets a web page version (:func:`renders_at`), from the file's size on disk."""
    if not renders(path):
        return False
    try:
        return renders_at(path, (response.folder / path).stat().st_size)
    except OSError:
        return False


def too_large(response: Response, path: str) -> bool:
    """A renderable attachment over the size limit: the response page says why it has no web page version."""
    return renders(path) and not has_rendition(response, path) and (response.folder / path).is_file()


def request_link(contact_email: str | None, reference: str, file_name: str) -> str:
    """A ``mailto:`` asking for the file in another format, the reference and file name filled in ('' without a contact)."""
    if not contact_email:
        return ""
    subject = quote(f"Request for {file_name} ({reference}) in another format")
    body = quote(f"Please send me {file_name} from the response {reference} in this format: ")
    return f"mailto:{contact_email}?subject={subject}&body={body}"


def rendition_page_html(response: Response, path: str, title: str, source: Path) -> str:
    """The body of a rendition's page: what it is, a link to the download and the response, then the rendition."""
    name = path.rpartition("/")[2]
    download = f"../{name}"
    rendition = rendition_of(source, title, download)
    back = "../" * (rendition_path(path).count("/") + 0)
    intro = (
        f'<p class="foilog-rendition-intro">A web page version of <a href="{html.escape(download, quote=True)}" download>'
        f"{html.escape(name)}</a>, an attachment to the response "
        f'<a href="{html.escape(back, quote=True)}">{html.escape(response.data.reference)}</a>. '
        "The download is the published record; this page shows what it shows on screen.</p>\n"
    )
    if rendition.refused:
        return intro + f'<p class="foilog-rendition-refused">{html.escape(rendition.refused)}</p>\n'
    return intro + rendition.html
