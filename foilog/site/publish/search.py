"""Publish stage: the Pagefind search index of the built site (``site/pagefind/``).

Pagefind builds a static, chunked index, so a browser downloads only the few
small pieces a query needs, whatever the size of the log. What goes in:

* each live response page: only its ``data-pagefind-body`` part (the response
  template marks it), with filters (topic, outcome, exemption, year and, when
  the log holds several, authority; exemptions as :mod:`foilog.site.stats` counts
  them, a neither-confirm-nor-deny use as a value of its own,
  :data:`NCND_FILTER_SUFFIX`), result metadata (reference, date,
  outcome) and a date sort key. These come from the plan's data, not from the
  HTML: they are added as ``<meta data-pagefind-*>`` elements to the copy of
  the page handed to Pagefind, so the published file is unchanged;
* the text of each attachment of a live response, as a custom record whose
  URL is the attachment's own, with the same filters and metadata.

Attachment text comes from a function passed in (:data:`TextSource`); the
default, :func:`report_text`, takes it from the leak gate's report of each
attachment (``plan.scan.attachments``: the reports the gate judged, made
once by the sandboxed inspector of :mod:`foilog.gate.attachments`). Search never
opens an attachment nor extracts text on its own: it indexes only what the
gate judged visible (see :func:`searchable_text`), so it never surfaces a
name under a black box, white-on-white text, a comment, a tracked deletion
or a hidden sheet.

The Pagefind binary ships in the ``pagefind_bin`` wheel: indexing needs no
network. The ``/search/`` page does not use Pagefind's default UI (it falls
back to the longest indexed prefix and shows such matches as answers): its
own ``assets/foilog-search.js`` and ``.css``, which this module copies into the
site, call Pagefind's JS API (``pagefind.js`` of each part) and check each
query word with an exact (quoted) search.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from foilog.log.catalogue import outcomes
from foilog.log.clock import STATUS_LABELS
from foilog.log.findings import Category, Finding
from foilog.log.model import Response
from foilog.log.schema import Acknowledgement, Attachment
from foilog.site.incremental import copy_tree
from foilog.site.indexes import SEARCH_PARTS_DIR, SearchPart
from foilog.site.publish.pagefind_process import PagefindError, PagefindProcess
from foilog.site.render.rendition_pages import rendition_path
from foilog.site.stats import counted_exemptions, ncnd_exemptions
from foilog.workers.policy import thread_pool
from foilog.workers.stagetimes import stage

if TYPE_CHECKING:
    from foilog.gate.attachments import AttachmentReport
    from foilog.site.pipeline import Plan

__all__ = [
    "BUNDLE_DIR",
    "DAY_FILTER",
    "HIDDEN_PAGE_TEXT_RULES",
    "MONTH_FILTER",
    "NCND_FILTER_SUFFIX",
    "SCRIPT_PATH",
    "STYLE_PATH",
    "PageRecord",
    "SearchIndexError",
    "TextSource",
    "build_search_index",
    "filter_html",
    "report_text",
    "search_records",
    "searchable_text",
]

BUNDLE_DIR = SEARCH_PARTS_DIR
"""The search index's folder inside the site (``/pagefind/``): one bundle per part, and Pagefind's UI."""
SCRIPT_PATH = "assets/foilog-search.js"
"""Where the search page's own script is copied inside the site."""
STYLE_PATH = "assets/foilog-search.css"
"""Where the search page's own styles (Pagefind's UI within Material) are copied."""

TextSource = Callable[[Response, Attachment], "str | None"]
"""Text of one attachment for the index, or None to leave it out. Called from worker threads."""

TIMELINESS_FILTER = "Timeliness"
"""Filter holding the response's clock status as its label (:data:`foilog.log.clock.STATUS_LABELS`): the search page's timeliness facet."""
MONTH_FILTER = "Month"
"""Filter holding the response's month as ``YYYY-MM``: the search page's month facet."""
DAY_FILTER = "Day"
"""Filter holding the response's date as ``YYYY-MM-DD``: the search page's From/To range selects its values."""

NCND_FILTER_SUFFIX = " (neither confirm nor deny)"
"""Ends the exemption filter value of a response that applied it only to neither confirm nor deny:
counted apart from the responses that used it to withhold information, as the exemption pages count it."""

MAX_RECORD_CHARS = 500_000
"""Text beyond this (per attachment) is not indexed: keeps fragments small."""

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
    title: str
    meta: dict[str, str]
    """Plain text: Pagefind's UI shows result metadata (and the title) as text."""
    filters: dict[str, list[str]]
    """Names and values as HTML (:func:`filter_html`): Pagefind's own UI inserted them with ``innerHTML``; the search page decodes them to text."""
    sort: dict[str, str]
    response: Response | None = None
    language: str = "en"
    """The page's ``<html lang>``, read when the page is; custom records need one."""

    renditions: frozenset[str] = frozenset()
    """Paths of the attachments that have a web page version (:mod:`foilog.site.render.rendition_pages`)."""

    @property
    def attachments(self) -> list[tuple[str, Attachment]]:
        """(site-absolute URL, attachment) of each attachment of the response.

        The URL of an attachment with a web page version is that page's: a
        search finds the accessible table, not a download (the text indexed is
        the same, the text the gate judged visible).
        """
        if self.response is None:
            return []
        return [(self.url + (rendition_path(a.path) if a.path in self.renditions else a.path), a) for a in self.response.data.attachments]


# -- attachment text ------------------------------------------------------------
HIDDEN_PAGE_TEXT_RULES = frozenset({"pdf-text-under-box", "pdf-hidden-layer"})
"""The PDF inspector's rules for text on a page that a reader does not (fully) see, whatever the severity."""


def searchable_text(report: AttachmentReport, acknowledgements: Sequence[Acknowledgement] = ()) -> str | None:
    """What search may index of an inspected attachment: the text the gate judged visible, or None.

    The rule, per kind of file, follows what its ``text_pages`` hold:

    * **PDF**: the inspector puts in ``text_pages`` only the characters the
      rendering judge found a reader can see (a name under a box, white on
      white, clipped, off the page or too small to read is left out). So a PDF is indexed even when
      the inspector warned about something that is not hidden text (a scanned
      page without a text layer, an author in the document properties):
      leaving out every PDF with a harmless warning would make most real
      letters unsearchable. Nothing of it is indexed when the report holds

      - an error of category hidden-content or unsafe-file that the response
        has not acknowledged (as the leak gate acknowledges it: only findings
        about document properties can be, and properties are never indexed).
        Such an error stops the build anyway; if a file with one ever reached
        search (a bug, another build path) nothing of it is indexed; or
      - a finding, of any severity and acknowledged or not, that some text on
        a page is hidden (:data:`HIDDEN_PAGE_TEXT_RULES`, or a finding that
        counts hidden ``runs``): a line cut off by a clipping path or the page
        edge is only a warning, and a non-strict build publishes it. The
        visible text alone would be safe to index, but a page that hides
        something is one a publisher should look at again first, so the whole
        file stays out of search until it is fixed.

    * **Spreadsheets and Word files**: ``text_pages`` also hold what a reader
      does not see (hidden sheets, rows and columns, comments, tracked
      deletions, hidden runs), so the text is indexed only when the inspector
      reported nothing hidden or unsafe in it, not even a warning; only
      findings about document properties (a warning, or an acknowledged
      error) are let through, as for PDFs: properties are never indexed.

    Either way, text a publisher did not mean to show is never made searchable.
    """
    if report.facts is None:
        return None
    pdf = report.facts.kind == "pdf"
    for finding in _acknowledged(report, acknowledgements):
        if finding.category not in (Category.HIDDEN_CONTENT, Category.UNSAFE_FILE):
            continue
        if finding.is_error:
            return None  # not acknowledged
        if "fields" in finding.extra:
            continue  # about document properties, which are never indexed
        if not pdf or finding.rule in HIDDEN_PAGE_TEXT_RULES or "runs" in finding.extra:
            return None
    text = "\n\n".join(t for t in report.text_pages if t.strip())
    return text[:MAX_RECORD_CHARS] or None


def _acknowledged(report: AttachmentReport, acknowledgements: Sequence[Acknowledgement]) -> list[Finding]:
    """The report's findings as the leak gate acknowledges them (an acknowledgement naming a rule covers only that rule)."""
    from foilog.gate.attachments.locate import acknowledge_properties

    if not acknowledgements:
        return list(report.findings)
    out: list[Finding] = []
    for finding in report.findings:
        accepted = [(a.text, a.reason) for a in acknowledgements if a.rule is None or a.rule == finding.rule]
        out += acknowledge_properties(report, [finding], accepted)
    return out


def report_text(reports: Mapping[str, AttachmentReport]) -> TextSource:
    """The default :data:`TextSource`: what the leak gate judged visible in each attachment, from its report.

    ``reports`` are the gate's, by display path (``plan.scan.attachments``:
    ``responses/2019/x/attachments/a.pdf``). No file is opened: the index
    holds exactly the text the gate judged (:func:`searchable_text`), and an
    attachment the gate has no report of is not indexed.
    """

    def text(response: Response, attachment: Attachment) -> str | None:
        report = reports.get(f"{response.rel_folder}/{attachment.path}")
        return searchable_text(report, response.data.acknowledgements) if report is not None else None

    return text


# -- records --------------------------------------------------------------------
def _file_label(path: str) -> str:
    suffix = Path(path).suffix.lstrip(".").upper()
    return suffix or (mimetypes.guess_type(path)[0] or "file")


def filter_html(text: str) -> str:
    """A filter name or value as the HTML that shows ``text`` literally.

    Pagefind's UI (1.x) writes filter names and values into the search page
    with ``innerHTML`` (unlike titles and metadata, which it writes as text,
    and excerpts, which Pagefind escapes itself), so a topic title or an
    authority name holding markup would run there. Escaped, it is text.
    Quotes are escaped too: Pagefind (1.5) finds nothing for a filter value
    holding a ``"``. The value is also what Pagefind filters on, consistently:
    every record gets the same form.
    """
    return html.escape(text)


def _page_record(plan: Plan, r: Response) -> PageRecord:
    settings = plan.log.project.settings
    d = r.data
    outcome = outcomes()[d.outcome].title if d.outcome in outcomes() else d.outcome
    # Pagefind shows how many results each filter value has: count exemptions
    # as the statistics and exemption pages do (an NCND use apart, as its own value).
    exemptions = [f"{entry.label}: {entry.title}" for entry in counted_exemptions(r)]
    exemptions += [f"{entry.label}: {entry.title}{NCND_FILTER_SUFFIX}" for entry in ncnd_exemptions(r)]
    filters = {
        "Topic": [plan.log.topics[t].title if t in plan.log.topics else t for t in d.topics],
        "Outcome": [outcome],
        "Exemption": exemptions,
        "Year": [str(r.year)],
        TIMELINESS_FILTER: [STATUS_LABELS[r.clock.status]],
    }
    if len(settings.authorities) > 1:
        filters["Authority"] = [settings.authority_name(r.authority)]
    day = d.responded
    # ISO month and day (sortable, and what the search page's date inputs give): the
    # page searches a date range as the Day values inside it, and offers Month as a facet.
    filters[MONTH_FILTER] = [f"{day:%Y-%m}"]
    filters[DAY_FILTER] = [day.isoformat()]
    meta = {"reference": d.reference, "date": f"{day.day} {day:%B %Y}", "outcome": outcome}
    return PageRecord(
        url="/" + r.url,
        title=d.title,
        meta=meta,
        filters={filter_html(k): [filter_html(v) for v in values] for k, values in filters.items() if values},
        sort={"date": day.isoformat()},
        response=r,
        renditions=frozenset(a.path for a in d.attachments if plan.has_rendition(r, a.path)),
    )


def search_records(plan: Plan) -> list[PageRecord]:
    """One record per live response, newest first."""
    return [_page_record(plan, r) for r in plan.indexes.live]


def _meta_tags(record: PageRecord) -> str:
    """The ``<meta data-pagefind-*>`` elements of a record, escaped so that Pagefind reads back the record's own values.

    Pagefind decodes the entities of a ``data-pagefind-*`` attribute (the key)
    and of a meta or sort ``content`` once, but those of a filter's
    ``content`` twice (checked against Pagefind 1.5 by
    ``tests/test_search_xss.py``): a filter value, already HTML
    (:func:`filter_html`), is escaped twice more here, or Pagefind would store
    (and its UI run) the markup it stands for.
    """

    def tag(kind: str, key: str, value: str) -> str:
        content = html.escape(html.escape(value)) if kind == "filter" else html.escape(value)
        return f'<meta data-pagefind-{kind}="{html.escape(key)}[content]" content="{content}">'

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
def _attachment_texts(record: PageRecord, attachment_text: TextSource) -> list[tuple[str, Attachment, str]]:
    """The text of each attachment of one response (in a worker thread: a text source passed in may be slow)."""
    texts = []
    for url, attachment in record.attachments:
        try:
            text = attachment_text(record.response, attachment) if record.response else None
        except Exception:  # a text source must never stop the build: the file is just not searchable
            text = None
        if text and text.strip():
            texts.append((url, attachment, text[:MAX_RECORD_CHARS]))
    return texts


_REAP_EVERY = 10
"""Pages between two looks at whether an earlier part's Pagefind has finished writing (a cheap, non-blocking check)."""
MAX_WAITING_PAGES = 5000
"""Pages held for a part whose Pagefind cannot start yet (about 8 KB each); beyond this the build waits for Pagefind."""
MAX_WAITING_CHARS = 16_000_000
"""Characters of those pages held, at most (long letters make pages of 30 KB and more): beyond this the build waits too."""


class _Part:
    """One part of the index being built: its own Pagefind process, started when its first page comes."""

    def __init__(self, part: SearchPart, records: list[PageRecord]) -> None:
        self.part = part
        self.urls = {record.url for record in records}
        self.added = 0
        self.process: PagefindProcess | None = None
        self.texts: list[tuple[PageRecord, Future[list[tuple[str, Attachment, str]]]]] = []
        self.waiting: list[tuple[str, str]] = []
        """Pages (URL, HTML for Pagefind) added before the part's Pagefind could start."""
        self.waiting_chars = 0
        """Their HTML's length in all (kept as they come: :data:`MAX_WAITING_CHARS`)."""
        self.bundle: Path | None = None
        """Where Pagefind is writing, once the write has begun."""
        self.done = False

    @property
    def complete(self) -> bool:
        return self.added == len(self.urls)


class SearchIndexer:
    """Feeds Pagefind while the site is being written, then writes the index, part by part.

    The index is built in parts (:class:`foilog.site.indexes.SearchPart`), each by
    its own Pagefind process, started when the part's first page comes and
    asked to write as soon as its last page is in. Pagefind holds about
    320 KB a page until it has written, so one process runs at a time: the
    pages of the next part wait here (a few hundred, a few MB) while the
    previous part's bundle is written, and the build does not wait for
    Pagefind then. (Only if Pagefind falls more than :data:`MAX_WAITING_PAGES`
    pages behind does the build wait for it; and if the pages come in an
    order that leaves a part unfinished, a second Pagefind is started.) Pagefind is
    a separate process, so it indexes page *n* on another core while the
    build renders page *n + 1*, and it writes while the build goes on (see
    :mod:`foilog.site.publish.pagefind_process`). Pages are indexed in the order
    they are added. Attachment text is read ahead in a thread pool (PDFs in
    child processes) and sent after the part's pages, in page order, so the
    same build always sends the same requests.

    Use :meth:`start`, :meth:`add_page` for each built page, then
    :meth:`finish` (or :meth:`abort` when the build fails).
    """

    def __init__(
        self,
        plan: Plan,
        attachment_text: TextSource,
        site_dir: Path | None,
        reused: dict[str, Path] | None = None,
        parallel: bool | None = None,
    ) -> None:
        self._reused = dict(reused or {})
        """Part folder -> the previous build's bundle of that part, taken as it is (see :mod:`foilog.site.incremental`)."""
        by_url = {record.url: record for record in search_records(plan)}
        parts = [_Part(part, [by_url["/" + r.url] for r in part.responses]) for part in plan.indexes.search_parts]
        self._parts = [part for part in parts if part.part.path not in self._reused]
        self._all_parts = parts
        # The pages of a reused part are not indexed again.
        self._records = {url: by_url[url] for part in self._parts for url in part.urls}
        self._part_of = {url: part for part in self._parts for url in part.urls}
        self._added: set[str] = set()
        self._attachment_text = attachment_text
        self._pool = thread_pool(parallel, max(1, min(8, os.cpu_count() or 1)), "foilog-attachment-text")
        self._site_dir = site_dir
        self._started: list[_Part] = []

    @classmethod
    def start(
        cls,
        plan: Plan,
        site_dir: Path | None = None,
        attachment_text: TextSource | None = None,
        reused: dict[str, Path] | None = None,
        parallel: bool | None = None,
    ) -> SearchIndexer:
        """Make sure Pagefind can run for the site being written to ``site_dir``; raises :class:`SearchIndexError` if not.

        With ``site_dir`` each part is written as soon as its last live
        response page has been added; without it, at :meth:`finish`.
        ``attachment_text`` defaults to the gate's reports in the plan
        (:func:`report_text`). ``reused`` maps part folders (``pagefind/part-000/``) to bundles of a
        previous build to copy instead (:mod:`foilog.site.incremental`). With
        ``parallel`` off (:func:`foilog.workers.policy.parallel_enabled`) the
        attachments' text is read when each page is added, in this thread.
        """
        text = attachment_text if attachment_text is not None else report_text(plan.scan.attachments)
        indexer = cls(plan, text, Path(site_dir) if site_dir is not None else None, reused, parallel)
        if indexer._parts:
            indexer._start_part(indexer._parts[0])  # the newest part (the build writes it first): Pagefind can run
        return indexer

    def wants(self, url: str) -> bool:
        """Whether the page at site-absolute ``url`` belongs in the index (a live response not yet added)."""
        return url in self._records and url not in self._added

    def add_page(self, url: str, page_html: str) -> None:
        """Index the page at site-absolute ``url`` (ignored unless :meth:`wants` it).

        ``page_html`` is the published page, or just its ``data-pagefind-body``
        part inside ``<html lang=...>``: Pagefind indexes nothing else.
        """
        if not self.wants(url):
            return
        record = self._records[url]
        part = self._part_of[url]
        self._added.add(url)
        match = _HTML_LANG.search(page_html)
        record.language = match.group(1).lower() if match else "en"
        try:
            if record.attachments:
                part.texts.append((record, self._pool.submit(_attachment_texts, record, self._attachment_text)))
            indexable = indexable_html(page_html, record)
            part.waiting.append((record.url, indexable))
            part.waiting_chars += len(indexable)
            part.added += 1
            self._advance(reap=part.added % _REAP_EVERY == 0 or part.complete)
        except PagefindError as exc:
            self.abort()
            raise SearchIndexError(str(exc)) from None

    def finish(self, site_dir: Path) -> None:
        """Index the pages not added yet (read from ``site_dir``), wait for every part under ``site_dir/pagefind/``, stop Pagefind.

        Raises :class:`SearchIndexError` when Pagefind fails; the old index is
        removed first, so a stale index never survives a failed run.
        """
        site_dir = Path(site_dir)
        with stage("Pagefind: waiting for the index"):
            self._finish(site_dir)

    def _finish(self, site_dir: Path) -> None:
        """:meth:`finish`'s work."""
        try:
            for part in self._parts:
                if part.bundle is None:
                    for url in sorted(part.urls - self._added):
                        html_file = site_dir / url.strip("/") / "index.html"
                        try:
                            page_html = html_file.read_text("utf-8")
                        except OSError as exc:
                            raise SearchIndexError(
                                f"{html_file}: cannot read the built page ({exc.strerror}); was the site built?"
                            ) from None
                        self.add_page(url, page_html)
                if part.bundle is None:
                    self._start_when_alone(part)  # a part with no pages too: the search page still needs an index
                    if part.bundle is None:
                        self._begin_write(part, site_dir)
                assert part.bundle is not None
                if part.bundle != site_dir / part.part.path:
                    raise SearchIndexError(f"the search index was written to {part.bundle}, not to {site_dir}")
            for part in self._parts:
                self._finish_part(part)
        except PagefindError as exc:
            raise SearchIndexError(str(exc)) from None
        finally:
            self.abort()
        for path, bundle in self._reused.items():
            try:
                copy_tree(bundle, site_dir / path)
            except OSError as exc:
                raise SearchIndexError(f"cannot copy the unchanged search part {path} from the previous site: {exc}") from None
        for part in self._all_parts:
            bundle = site_dir / part.part.path
            if not (bundle / "pagefind.js").is_file():
                raise SearchIndexError(f"Pagefind wrote no index to {bundle}")
            try:
                json.loads((bundle / "pagefind-entry.json").read_bytes())["languages"]
            except (OSError, ValueError, KeyError, TypeError):
                raise SearchIndexError(f"the search index in {bundle} is incomplete (pagefind-entry.json unreadable)") from None
        # Parts of an earlier, larger index (build_search_index over an old site) must not linger.
        current = {part.part.path.rstrip("/").rsplit("/", 1)[-1] for part in self._all_parts}
        for folder in (site_dir / SEARCH_PARTS_DIR).glob("part-*"):
            if folder.name not in current:
                shutil.rmtree(folder, ignore_errors=True)
        # The search page draws its own results (assets/foilog-search.js, on Pagefind's
        # JS API): Pagefind's default UI is not served, not even from an earlier build.
        for name in ("pagefind-ui.js", "pagefind-ui.css"):
            (site_dir / SEARCH_PARTS_DIR / name).unlink(missing_ok=True)

    def abort(self) -> None:
        """Stop Pagefind and the attachment readers (safe to call more than once)."""
        for part in self._parts:
            if part.process is not None:
                part.process.close()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _advance(self, *, reap: bool) -> None:
        """Send waiting pages to their part's Pagefind; start the next part's when no other runs (never waits)."""
        if reap:
            self._reap()
        for part in self._started:
            if not part.done:
                self._send_waiting(part)
        while True:
            queued = [part for part in self._parts if part.process is None and part.waiting]
            if not queued:
                return
            running = any(not part.done for part in self._started)
            pages, chars = sum(len(part.waiting) for part in queued), sum(part.waiting_chars for part in queued)
            if running and pages <= MAX_WAITING_PAGES and chars <= MAX_WAITING_CHARS:
                return
            # Pagefind is that far behind: wait for the parts being written rather than hold more.
            self._start_when_alone(queued[0])

    def _start_when_alone(self, part: _Part) -> None:
        """Start the part's Pagefind once every other part being written has been (waits; for :meth:`finish`)."""
        if part.process is None:
            for earlier in self._started:
                self._finish_part(earlier)  # (a part still receiving pages, out of order, keeps running)
            self._start_part(part)
        self._send_waiting(part)

    def _send_waiting(self, part: _Part) -> None:
        """Hand the part's waiting pages to its Pagefind; once its last page is in, ask for its bundle."""
        assert part.process is not None
        for url, page_html in part.waiting:
            part.process.add_html(url, page_html)
        part.waiting.clear()
        part.waiting_chars = 0
        if self._site_dir is not None and part.complete and part.bundle is None:
            self._begin_write(part, self._site_dir)

    def _start_part(self, part: _Part) -> None:
        """Launch the part's Pagefind."""
        try:
            part.process = PagefindProcess({"write_playground": False})
        except PagefindError as exc:
            raise SearchIndexError(str(exc)) from None
        self._started.append(part)

    def _reap(self) -> None:
        """Stop the Pagefind of every part whose bundle is written: it holds its memory until stopped."""
        for part in self._started:
            if not part.done and part.bundle is not None and part.process is not None and part.process.write_done():
                self._finish_part(part)

    def _finish_part(self, part: _Part) -> None:
        """Wait for the part's bundle (its write must have begun)."""
        if part.done or part.bundle is None or part.process is None:
            return
        part.process.finish_write()
        part.done = True
        for url in part.urls:  # indexed and written: what the build still holds of them is only their URLs
            self._records.pop(url, None)
            self._part_of.pop(url, None)

    def _begin_write(self, part: _Part, site_dir: Path) -> None:
        """Send the part's attachment text (in page order), then ask for its bundle; returns at once."""
        assert part.process is not None
        for record, texts in part.texts:
            for url, attachment, text in texts.result():
                meta = {"title": attachment.title, **record.meta, "file": _file_label(attachment.path)}
                part.process.add_record(url, text, record.language, meta, record.filters, record.sort)
        part.texts.clear()
        bundle = site_dir / part.part.path
        shutil.rmtree(bundle, ignore_errors=True)
        part.bundle = bundle
        part.process.begin_write(str(bundle))


def build_search_index(site_dir: Path, plan: Plan, *, attachment_text: TextSource | None = None) -> None:
    """Write ``site_dir/pagefind/`` for an already built site (read from disk) and copy the search page's script.

    The build itself streams pages to a :class:`SearchIndexer` as it writes
    them; this is the same for a site on disk. Raises :class:`SearchIndexError`
    when Pagefind is missing or fails.
    """
    indexer = SearchIndexer.start(plan, attachment_text=attachment_text)
    indexer.finish(site_dir)
    copy_search_assets(site_dir)


def copy_search_assets(site_dir: Path) -> None:
    """Copy the search page's own script and styles into the site."""
    assets = resources.files("foilog").joinpath("assets")
    for target, source in ((SCRIPT_PATH, "search.js"), (STYLE_PATH, "search.css")):
        (site_dir / target).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / target).write_bytes(assets.joinpath(source).read_bytes())
