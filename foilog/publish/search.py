"""Publish stage: the Pagefind search index of the built site (``site/pagefind/``).

Pagefind builds a static, chunked index, so a browser downloads only the few
small pieces a query needs, whatever the size of the log. What goes in:

* each live response page: only its ``data-pagefind-body`` part (the response
  template marks it), with filters (topic, outcome, exemption, year and, when
  the log holds several, authority), result metadata (reference, date,
  outcome) and a date sort key. These come from the plan's data, not from the
  HTML: they are added as ``<meta data-pagefind-*>`` elements to the copy of
  the page handed to Pagefind, so the published file is unchanged;
* the text of each attachment of a live response, as a custom record whose
  URL is the attachment's own, with the same filters and metadata.

Attachment text comes from a function passed in (:data:`TextSource`); the
default, :func:`basic_attachment_text`, reads CSV/TXT/MD directly and PDF with
pypdf in a child process limited in time and memory. The attachment
inspector (:mod:`foilog.attachments`) can take its place.

The Pagefind binary ships in the ``pagefind_bin`` wheel: indexing needs no
network. Pagefind also writes its UI (``pagefind-ui.js``/``.css``) into the
bundle; the ``/search/`` page loads it from there together with
``assets/foilog-search.js`` and ``.css``, which this module copies into the site.
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalogue import catalogue, outcomes
from ..model import Response
from ..schema import Attachment

if TYPE_CHECKING:
    from ..pipeline import Plan

__all__ = [
    "BUNDLE_DIR",
    "SCRIPT_PATH",
    "STYLE_PATH",
    "PageRecord",
    "SearchIndexError",
    "TextSource",
    "basic_attachment_text",
    "build_search_index",
    "search_records",
]

BUNDLE_DIR = "pagefind"
"""The bundle's folder inside the site (``/pagefind/``)."""
SCRIPT_PATH = "assets/foilog-search.js"
"""Where the search page's own script is copied inside the site."""
STYLE_PATH = "assets/foilog-search.css"
"""Where the search page's own styles (Pagefind's UI within Material) are copied."""

TextSource = Callable[[Response, Attachment], "str | None"]
"""Text of one attachment for the index, or None to leave it out. Called from worker threads."""

MAX_TEXT_FILE_BYTES = 5 * 1024 * 1024
"""CSV/TXT/MD files larger than this are indexed by their first bytes only."""
MAX_PDF_BYTES = 50 * 1024 * 1024
"""PDFs larger than this are not read at all."""
MAX_PDF_PAGES = 500
PDF_TIMEOUT_SECONDS = 60
PDF_MEMORY_BYTES = 1024 * 1024 * 1024
MAX_RECORD_CHARS = 500_000
"""Text beyond this (per attachment) is not indexed: keeps fragments small."""
BATCH = 64
"""Responses read and sent to Pagefind per round."""

_TEXT_SUFFIXES = {".csv", ".txt", ".md"}
_HTML_LANG = re.compile(r"<html\b[^>]*\blang=[\"']?([A-Za-z0-9-]+)", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_CELL_END = re.compile(r"</(dt|dd|th|td)\s*>", re.IGNORECASE)


class SearchIndexError(Exception):
    """The search index could not be built (Pagefind missing or failed)."""


@dataclass
class PageRecord:
    """What the index says about one response (and its attachments)."""

    url: str
    """Site-absolute URL, e.g. ``/responses/2019/01-foi-19-011430/``."""
    html_file: Path
    title: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]
    response: Response | None = None
    language: str = "en"
    """The page's ``<html lang>``, read when the page is; custom records need one."""

    @property
    def attachments(self) -> list[tuple[str, Attachment]]:
        """(site-absolute URL, attachment) of each attachment of the response."""
        if self.response is None:
            return []
        return [(self.url + a.path, a) for a in self.response.data.attachments]


# -- attachment text ------------------------------------------------------------
_PDF_CHILD = """\
import sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[4]), int(sys.argv[4])))
    resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[5]), int(sys.argv[5])))
except (ImportError, ValueError, OSError):
    pass
from pypdf import PdfReader
reader = PdfReader(sys.argv[1])
if reader.is_encrypted:
    sys.exit(3)
limit, parts, total = int(sys.argv[3]), [], 0
for page in reader.pages[: int(sys.argv[2])]:
    text = page.extract_text() or ""
    parts.append(text)
    total += len(text)
    if total >= limit:
        break
sys.stdout.buffer.write("\\n".join(parts)[:limit].encode("utf-8", "replace"))
"""


def pdf_text(path: Path) -> str | None:
    """Text of a PDF, read by pypdf in a child process with a time and memory limit; None if it fails."""
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            return None
        done = subprocess.run(
            [
                sys.executable,
                "-I",
                "-c",
                _PDF_CHILD,
                str(path),
                str(MAX_PDF_PAGES),
                str(MAX_RECORD_CHARS),
                str(PDF_MEMORY_BYTES),
                str(PDF_TIMEOUT_SECONDS),
            ],
            capture_output=True,
            timeout=PDF_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def plain_text(path: Path) -> str | None:
    """The start of a CSV, TXT or Markdown file, decoded leniently."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_TEXT_FILE_BYTES)
    except OSError:
        return None
    return raw.decode("utf-8-sig", "replace")


def basic_attachment_text(response: Response, attachment: Attachment) -> str | None:
    """Default :data:`TextSource`: CSV/TXT/MD directly, PDF with pypdf; other kinds are not indexed."""
    folder = response.folder.resolve()
    path = (folder / attachment.path).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        return None
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return plain_text(path)
    if suffix == ".pdf":
        return pdf_text(path)
    return None


# -- records --------------------------------------------------------------------
def _file_label(path: str) -> str:
    suffix = Path(path).suffix.lstrip(".").upper()
    return suffix or (mimetypes.guess_type(path)[0] or "file")


def _page_record(site_dir: Path, plan: Plan, r: Response) -> PageRecord:
    settings = plan.log.project.settings
    d = r.data
    cat = catalogue()
    outcome = outcomes()[d.outcome].title if d.outcome in outcomes() else d.outcome
    exemptions: list[str] = []
    for use in d.exemptions:
        entry = cat.lookup(d.regime, use.section)
        label = f"{entry.label}: {entry.title}" if entry else f"{d.regime} {use.section}"
        if label not in exemptions:
            exemptions.append(label)
    filters = {
        "Topic": [plan.log.topics[t].title if t in plan.log.topics else t for t in d.topics],
        "Outcome": [outcome],
        "Exemption": exemptions,
        "Year": [str(r.year)],
    }
    if len(settings.authorities) > 1:
        filters["Authority"] = [settings.authority_name(r.authority)]
    day = d.responded
    meta = {"reference": d.reference, "date": f"{day.day} {day:%B %Y}", "outcome": outcome}
    return PageRecord(
        url="/" + r.url,
        html_file=site_dir / r.url / "index.html",
        title=d.title,
        meta=meta,
        filters={k: v for k, v in filters.items() if v},
        sort={"date": day.isoformat()},
        response=r,
    )


def search_records(site_dir: Path, plan: Plan) -> list[PageRecord]:
    """One record per live response, newest first (the order they are indexed in)."""
    return [_page_record(site_dir, plan, r) for r in plan.indexes.live]


def _meta_tags(record: PageRecord) -> str:
    def tag(kind: str, key: str, value: str) -> str:
        return f'<meta data-pagefind-{kind}="{html.escape(key)}[content]" content="{html.escape(value)}">'

    tags = [tag("meta", "title", record.title)]
    tags += [tag("meta", k, v) for k, v in record.meta.items()]
    tags += [tag("filter", k, v) for k, values in record.filters.items() for v in values]
    tags += [tag("sort", k, v) for k, v in record.sort.items()]
    return "".join(tags)


def indexable_html(page_html: str, record: PageRecord) -> str:
    """The page as Pagefind should see it: the published HTML plus filter/meta/sort elements in its head.

    Pagefind runs the text of ``<dt>``/``<dd>`` and table cells together
    ("Reference01/FOI/19/011430"), which would hide references and dates from
    search; a space is added at the end of each.
    """
    tags = _meta_tags(record)
    page_html = _CELL_END.sub(lambda m: " " + m.group(0), page_html)
    match = _HEAD_END.search(page_html)
    if match is None:
        return tags + page_html
    return page_html[: match.start()] + tags + page_html[match.start() :]


# -- writing --------------------------------------------------------------------
def _prompt_service_class() -> type:
    """Pagefind's Python service, answering as soon as the binary replies.

    Upstream (pagefind 1.5.2) sleeps 0.1 s before reading each reply, which
    caps indexing at ten pages or records a second (17 minutes for 10,000
    responses). This reader is the same loop without the sleep, and it fails
    every waiting request if the binary dies instead of hanging.
    """
    from pagefind.service import PagefindService

    class PromptService(PagefindService):
        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            try:
                while True:
                    reply = json.loads(base64.b64decode((await stdout.readuntil(b","))[:-1]))
                    if not reply:
                        continue
                    payload = reply["payload"]
                    message_id = reply.get("message_id")
                    if message_id is None and payload.get("original_message"):
                        message_id = json.loads(payload["original_message"]).get("message_id")
                    future = self._responses.get(message_id) if message_id is not None else None
                    if future is None or future.done():
                        continue
                    if payload["type"] == "Error":
                        future.set_exception(SearchIndexError(f"Pagefind: {payload.get('message')}"))
                    else:
                        future.set_result(payload)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, KeyError) as exc:
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(SearchIndexError(f"the Pagefind process stopped answering ({type(exc).__name__})"))

    return PromptService


def _prepare(record: PageRecord, attachment_text: TextSource) -> tuple[str, list[tuple[str, Attachment, str]]]:
    """Read one built page and its attachments' text (in a worker thread)."""
    try:
        page_html = record.html_file.read_text("utf-8")
    except OSError as exc:
        raise SearchIndexError(f"{record.html_file}: cannot read the built page ({exc.strerror}); was the site built?") from None
    match = _HTML_LANG.search(page_html)
    record.language = match.group(1).lower() if match else "en"
    texts = []
    for url, attachment in record.attachments:
        try:
            text = attachment_text(record.response, attachment) if record.response else None
        except Exception:  # a text source must never stop the build: the file is just not searchable
            text = None
        if text and text.strip():
            texts.append((url, attachment, text[:MAX_RECORD_CHARS]))
    return indexable_html(page_html, record), texts


async def _write(bundle: Path, records: list[PageRecord], attachment_text: TextSource) -> None:
    """Index in batches: files and text are read in parallel, sent in a fixed order (reproducible output)."""
    service = await _prompt_service_class()().launch()
    try:
        index = await service.create_index({"write_playground": False})
        workers = max(1, min(8, os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for start in range(0, len(records), BATCH):
                batch = records[start : start + BATCH]
                prepared = list(pool.map(lambda record: _prepare(record, attachment_text), batch))
                requests = []
                for record, (content, texts) in zip(batch, prepared, strict=True):
                    requests.append(index.add_html_file(content=content, url=record.url))
                    requests += [
                        index.add_custom_record(
                            url=url,
                            content=text,
                            language=record.language,
                            meta={"title": attachment.title, **record.meta, "file": _file_label(url)},
                            filters=record.filters,
                            sort=record.sort,
                        )
                        for url, attachment, text in texts
                    ]
                await asyncio.gather(*requests)
        await index.write_files(output_path=str(bundle))
    finally:
        await service.close()


def _run(coro: Any) -> None:
    """``asyncio.run``, also when the caller already runs an event loop (in a thread then)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coro)
        return
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, name="foilog-pagefind")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def build_search_index(site_dir: Path, plan: Plan, *, attachment_text: TextSource = basic_attachment_text) -> None:
    """Write ``site_dir/pagefind/`` for the built site and copy the search page's script.

    Call after the site is written. Raises :class:`SearchIndexError` when
    Pagefind is missing or fails; the old bundle is removed first, so a stale
    index never survives a failed run.
    """
    site_dir = Path(site_dir)
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    records = search_records(site_dir, plan)
    try:
        _run(_write(bundle, records, attachment_text))
    except SearchIndexError:
        raise
    except ImportError:
        raise SearchIndexError("Pagefind is not installed; install the 'pagefind[bin]' package") from None
    except FileNotFoundError as exc:
        raise SearchIndexError(f"the Pagefind binary was not found ({exc}); install the 'pagefind[bin]' package") from None
    except Exception as exc:
        raise SearchIndexError(f"Pagefind failed to build the search index: {exc}") from exc
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no index to {bundle}")
    assets = resources.files("foilog").joinpath("assets")
    for target, source in ((SCRIPT_PATH, "search.js"), (STYLE_PATH, "search.css")):
        (site_dir / target).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / target).write_bytes(assets.joinpath(source).read_bytes())
