"""Stage 6, the post-build sweep: every text file of ``site/`` goes through the leak gate.

A leak that appears only in a derived output (a template, an export, the
theme's frame) is still a leak, so after the build every HTML page, feed,
export and sitemap is scanned like a response. :func:`sweep_site` does it for
a site on disk. During a build, :class:`SiteSweeper` sweeps each page once
MkDocs has written it, in a second process (forked, so it starts with the
gate already compiled) on the core the build does not use; at the end it
sweeps the files it has not seen (exports, feeds, sitemaps, redirects) and
collects everything. The findings are the same either way.

Files copied from ``content/`` (a site owner's SVG logo, stylesheet, script,
``.htm`` page) are swept too, wherever they land (:func:`content_assets`,
:meth:`SiteSweeper.include`): even inside the folders of the theme's own
code, which are otherwise left out, and whatever their suffix.

With the gate's scan cache (:mod:`foilog.gate.scancache`) each scanned text (a
page's article, a whole small file, a chunk of a large one) is looked up by
its sha256 and site path first, in either process: most of a rebuilt site is
what the last build wrote. Findings are cached before acknowledgements.

A value of a JSON file, a cell of a CSV file or of a database that is
exactly a text the leak gate judged whole in the sources (a letter, a long
answer) is read as blank (:mod:`foilog.gate.judged`, :meth:`SiteSweeper.trust`):
the gate has reported whatever it holds at the source's own line. Pages,
feeds and everything else are read in full.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import multiprocessing
import os
import re
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from foilog.gate.judged import JudgedTexts
from foilog.gate.scan_result import ScanResult
from foilog.gate.scancache import ScanCache, Scanned, cached_scan
from foilog.gate.sweep_acks import SiteAcknowledgements
from foilog.gate.sweep_csv import csv_lines
from foilog.gate.sweep_database import DATABASE_SUFFIXES, UnreadableDatabase, database_lines, unreadable_database
from foilog.gate.sweep_json import JSON_SUFFIXES, JsonReader, JsonText, placed
from foilog.gate.textscan import RawFinding, decode_entities, html_parts_text, scan_text_raw, split_html
from foilog.log.findings import Finding
from foilog.workers.fork import can_fork, start_helper
from foilog.workers.policy import lower_priority
from foilog.workers.stagetimes import add_process, stage

if TYPE_CHECKING:
    from foilog.gate.leakgate import Gate
    from foilog.gate.textscan import CompiledConfig

__all__ = [
    "CONTENT_SWEEP_SUFFIXES",
    "SWEEP_CHUNK",
    "SWEEP_SKIP",
    "SWEEP_SUFFIXES",
    "SiteSweeper",
    "content_assets",
    "html_text_and_attributes",
    "scan_html_raw",
    "sweep_site",
]

#: Site files that are the theme's own code, not derived from the log.
SWEEP_SKIP = ("assets/javascripts/", "assets/stylesheets/", "assets/images/", "pagefind/")
SWEEP_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".md", *DATABASE_SUFFIXES}
#: Files from ``content/`` that MkDocs copies as they are and the sweep reads as text (SVG and HTML as markup).
CONTENT_SWEEP_SUFFIXES = frozenset({*SWEEP_SUFFIXES, ".htm", ".svg", ".css", ".js", ".mjs"})
#: Swept as markup (text and attribute values), like a page.
_MARKUP_SUFFIXES = (".html", ".htm", ".svg")
#: Text files larger than this are swept in chunks of about this size (whole lines).
SWEEP_CHUNK = 2 * 1024 * 1024
_ARTICLE_START = "<article"
_ARTICLE_END = "</article>"
#: Pages handed to the sweeping process in one task.
_BATCH = 32


def _sweep_part(rel: str, text: str, first_full: bool) -> tuple[str, int]:
    """What to scan of a built file, and the number of lines before it.

    Every HTML page is the theme's shared frame (header, navigation, footer,
    all from mkdocs.yml) around an ``<article>`` that holds everything derived
    from the log; the page title and description repeat the article's heading
    and summary. So the frame is swept once, in full, on the first page, and
    only the article of every other page: the same coverage for a fraction of
    the work on a 50,000-page site.
    """
    if not rel.lower().endswith(".html") or first_full:
        return text, 0
    start = text.find(_ARTICLE_START)
    end = text.rfind(_ARTICLE_END)
    if start == -1 or end == -1 or end < start:
        return text, 0  # not a themed page (a redirect, a custom file): sweep it all
    return text[start : end + len(_ARTICLE_END)], text.count("\n", 0, start)


# -- attribute values -----------------------------------------------------------------
#: One attribute with a value: ``name="value"``, ``name='value'`` or ``name=value``.
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
#: Attributes whose values are the page's own machinery (classes, ids, layout, SVG geometry, hashes), never a person's details.
SKIPPED_ATTRIBUTES = frozenset(
    {
        "class", "id", "style", "rel", "type", "lang", "xml:lang", "dir", "role", "width", "height", "loading", "decoding",
        "tabindex", "colspan", "rowspan", "scope", "charset", "crossorigin", "integrity", "media", "sizes", "target", "method",
        "autocomplete", "spellcheck", "for", "headers", "datetime", "start", "viewbox", "d", "points", "transform", "fill",
        "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r",
        "rx", "ry", "xmlns", "xmlns:xlink", "version", "http-equiv", "focusable", "aria-hidden", "aria-current",
        "aria-expanded", "aria-controls", "aria-labelledby", "aria-describedby", "data-md-component", "data-md-state",
        "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent", "text-anchor", "font-size",
    }
)  # fmt: skip
#: Attributes that hold a URL: their %-escapes are decoded (``mailto:jane%40example.org``).
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "cite", "poster", "data", "xlink:href", "content", "ping"})
_SCHEME = re.compile(r"\b(mailto|tel|sms|callto|fax):", re.IGNORECASE)
_ATTRIBUTE_SEPARATOR = " ; "
_ATTRIBUTE_WHERE = (
    "in the HTML attribute {names} on this line (a link's address, a tooltip or page data: browsers, screen readers "
    "and search engines read it even where the page does not show it): "
)


def _decoded(name: str, value: str) -> str:
    """An attribute value as a reader's tools see it: entities decoded, a URL's %-escapes too, ``mailto:`` set apart."""
    value = decode_entities(value)
    if "%" in value and name in URL_ATTRIBUTES:
        value = unquote(value).replace("\n", " ").replace("\r", " ")
    if ":" in value:
        value = _SCHEME.sub(r"\1: ", value)
    return value


def html_text_and_attributes(source: str) -> tuple[str, str, dict[int, list[str]]]:
    """An HTML text's text, its attribute values, and the attributes' names by line (1-based), in one pass over its tags.

    The text is :func:`foilog.gate.textscan.html_to_text`'s (tags stripped, line
    numbers kept, comment bodies kept, entities decoded). The attribute text
    holds only attribute values (:data:`SKIPPED_ATTRIBUTES` left out), each
    on the line where it is written, so it is short and a finding's line is
    the attribute's; values on one line are kept apart (`` ; ``) so two
    values are never read as one number.

    The text is split at its tags once (:func:`foilog.gate.textscan.split_html`,
    in C; the text is then :func:`foilog.gate.textscan.html_parts_text`) and the
    tags are walked in a plain loop: a substitution calling back into Python
    for each of a page's four hundred tags was a quarter of sweeping it.
    """
    parts = split_html(source)
    found: list[tuple[int, str, str]] = []
    offset = 0
    for i in range(1, len(parts), 2):
        offset += len(parts[i - 1])
        tag = parts[i]
        if "=" in tag:
            for attribute in _ATTRIBUTE.finditer(tag):
                name = attribute.group(1).lower()
                if name in SKIPPED_ATTRIBUTES:
                    continue
                group = 2 if attribute.group(2) is not None else 3 if attribute.group(3) is not None else 4
                found.append((offset + attribute.start(group), name, attribute.group(group)))
        offset += len(tag)
    text = html_parts_text(parts)
    lines: dict[int, list[str]] = {}
    names: dict[int, list[str]] = {}
    line, counted = 1, 0
    for start, name, value in found:
        line += source.count("\n", counted, start)
        counted = start
        for n, piece in enumerate(value.split("\n")):
            if piece.strip():
                lines.setdefault(line + n, []).append(_decoded(name, piece))
                names.setdefault(line + n, []).append(name)
    if not lines:
        return text, "", {}
    attributes = "\n".join(_ATTRIBUTE_SEPARATOR.join(lines[n]) if n in lines else "" for n in range(1, max(lines) + 1))
    return text, attributes, names


def scan_html_raw(source: str, *, path: str, config: CompiledConfig) -> list[RawFinding]:
    """Personal data in an HTML text: its text (tags stripped, entities decoded) and its attribute values.

    A finding in an attribute says so and names the attribute; one that the
    text of the same line already shows (a link whose title repeats its
    words) is reported once, in the text.
    """
    text, attributes, names = html_text_and_attributes(source)
    found = scan_text_raw(text, path=path, config=config)
    if not attributes:
        return found
    seen = {(r.finding.line, r.finding.rule, r.finding.excerpt) for r in found}
    for raw in scan_text_raw(attributes, path=path, config=config):
        f = raw.finding
        if (f.line, f.rule, f.excerpt) in seen:
            continue
        where = _ATTRIBUTE_WHERE.format(names=", ".join(dict.fromkeys(names.get(f.line or 0, ["?"]))))
        found.append(raw._replace(finding=dataclasses.replace(f, message=where + f.message)))
    found.sort(key=lambda r: r.finding.line or 0)
    return found


def _sweep_text(
    rel: str, text: str, first_full: bool, config: CompiledConfig, acks: SiteAcknowledgements, cache: ScanCache | None = None
) -> list[Finding]:
    """The sweep of a whole (small) site file: its part to scan, as text, found or taken from the cache.

    The cache key is the part actually scanned (the article of most pages),
    not the whole file: a new response changes every page's navigation, but
    not the other pages' articles. Lines are stored from the part's start and
    moved by the lines before it on every read. An HTML part is scanned with
    its attribute values (:func:`scan_html_raw`).
    """
    part, offset = _sweep_part(rel, text, first_full)
    html = rel.lower().endswith(_MARKUP_SUFFIXES)
    display = f"site/{rel}"

    def scan(content: str) -> Scanned:
        def compute() -> list[RawFinding]:
            if html:
                return scan_html_raw(content, path=display, config=config)
            return scan_text_raw(content, path=display, config=config)

        return cached_scan(cache, ("sweep", rel, html), content, compute)

    return acks.resolve(scan(part), rel, display, line_offset=offset, content=part, rescan=scan)


def _sweep_chunk(
    rel: str, chunk: str, lines_before: int, config: CompiledConfig, acks: SiteAcknowledgements, cache: ScanCache | None
) -> list[Finding]:
    """One chunk of a large file, keyed on its own text: an export that grows at its end keeps its earlier chunks."""
    display = f"site/{rel}"

    def scan(content: str) -> Scanned:
        return cached_scan(cache, ("sweep-chunk", rel), content, lambda: scan_text_raw(content, path=display, config=config))

    return acks.resolve(scan(chunk), rel, display, line_offset=lines_before, content=chunk, rescan=scan)


def _sweep_file(
    path: Path,
    rel: str,
    config: CompiledConfig,
    acks: SiteAcknowledgements,
    first_full: bool,
    cache: ScanCache | None = None,
    judged: JudgedTexts | None = None,
) -> list[Finding]:
    """One site file, by its kind; values of exports in ``judged`` read as blank (:mod:`foilog.gate.judged`)."""
    suffix = path.suffix.lower()
    if suffix in DATABASE_SUFFIXES:
        try:
            return _sweep_lines(rel, database_lines(path, f"site/{rel}", judged), config, acks, cache)
        except UnreadableDatabase as exc:
            return [unreadable_database(f"site/{rel}", str(exc))]
    if suffix in JSON_SUFFIXES:
        return _sweep_json(path, rel, config, acks, cache, judged)
    judged = judged if suffix == ".csv" else None
    if path.stat().st_size <= SWEEP_CHUNK:
        text = path.read_bytes().decode("utf-8", errors="replace")
        if judged:
            text = "".join(csv_lines(io.StringIO(text, newline=""), judged))
        return _sweep_text(rel, text, first_full, config, acks, cache)
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        return _sweep_lines(rel, csv_lines(fh, judged), config, acks, cache)


def _sweep_json(
    path: Path, rel: str, config: CompiledConfig, acks: SiteAcknowledgements, cache: ScanCache | None, judged: JudgedTexts | None = None
) -> list[Finding]:
    """A JSON file as its readers' tools see it (:mod:`foilog.gate.sweep_json`): its values decoded, about :data:`SWEEP_CHUNK` at a time.

    Each finding names the file's line and the value's path (``questions[2].answer``).
    """
    display = f"site/{rel}"
    findings: list[Finding] = []

    def scan(content: str) -> Scanned:
        return cached_scan(cache, ("sweep-json", rel), content, lambda: scan_text_raw(content, path=display, config=config))

    def sweep(decoded: JsonText) -> None:
        content = decoded.text
        findings.extend(placed(acks.resolve(scan(content), rel, display, content=content, rescan=scan), decoded))

    reader, chunk, size = JsonReader(judged), JsonText(), 0
    # Only "\n" ends a line: a JSON string may hold a raw U+2028 or form feed.
    with path.open(encoding="utf-8", errors="replace", newline="\n") as fh:
        for number, line in enumerate(fh, start=1):
            reader.read(line, number, chunk)
            size += len(line)
            if size >= SWEEP_CHUNK:
                sweep(chunk)
                chunk, size = JsonText(), 0
    if chunk:
        sweep(chunk)
    return findings


def _sweep_lines(
    rel: str, lines: Iterable[str], config: CompiledConfig, acks: SiteAcknowledgements, cache: ScanCache | None
) -> list[Finding]:
    """A large export (questions.csv of a big log) or a database's text: whole lines, a chunk at a time."""
    findings: list[Finding] = []
    chunk: list[str] = []
    size = lines_before = 0
    for lines_read, line in enumerate(lines, start=1):
        chunk.append(line)
        size += len(line)
        if size >= SWEEP_CHUNK:
            findings += _sweep_chunk(rel, "".join(chunk), lines_before, config, acks, cache)
            chunk, size, lines_before = [], 0, lines_read
    if chunk:
        findings += _sweep_chunk(rel, "".join(chunk), lines_before, config, acks, cache)
    return findings


def _site_files(site_dir: Path) -> list[str]:
    """Every file of the site as a sorted relative POSIX path, without entering skipped folders.

    The skipped folders are not even listed: Pagefind may still be writing
    its bundle into ``pagefind/`` while the sweep runs.
    """
    found: list[str] = []
    skip = tuple(prefix.rstrip("/") for prefix in SWEEP_SKIP)
    for folder, dirs, names in os.walk(site_dir):
        rel_folder = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if rel_folder == "." else rel_folder + "/"
        dirs[:] = [d for d in dirs if prefix + d not in skip]
        found += [prefix + name for name in names]
    return sorted(found)


def _swept(rel: str) -> bool:
    return not rel.startswith(SWEEP_SKIP) and Path(rel).suffix.lower() in SWEEP_SUFFIXES


def content_assets(docs_dir: Path) -> list[str]:
    """The files of ``docs_dir`` other than pages that MkDocs publishes at the same path, as site paths to sweep.

    (Markdown pages become HTML pages, which the sweep covers anyway.) The
    walk never follows a link: links are refused before the build (:mod:`foilog.log.links`).
    """
    found: list[str] = []
    for folder, dirs, names in os.walk(docs_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = Path(folder).relative_to(docs_dir).as_posix()
        prefix = "" if rel_folder == "." else rel_folder + "/"
        found += [
            prefix + name
            for name in sorted(names)
            if not name.startswith(".") and Path(name).suffix.lower() in CONTENT_SWEEP_SUFFIXES - {".md"}
        ]
    return found


# -- the sweeping process -------------------------------------------------------------
_STARTED, _LEFT_TO_BUILD = 0, 1
"""The shared counters' places: batches the sweeping process has started; the first batch the build took back."""
_NOT_TAKEN = 2**62


def _take(shares: Any, number: int) -> bool:
    """In the sweeping process: whether batch ``number`` is still its to sweep (it then counts as started)."""
    if shares is None:
        return True
    with shares.get_lock():
        if number >= shares[_LEFT_TO_BUILD]:
            return False  # the build took it back and sweeps it
        shares[_STARTED] = number + 1
        return True


def _sweeping_process(jobs: Connection, results: Connection, config: CompiledConfig, cache: ScanCache | None, shares: Any = None) -> None:
    """In the forked process: sweep each batch of written pages until told to finish, then send every finding.

    Batches the build has taken back (:meth:`SiteSweeper._steal`) are skipped.
    """
    lower_priority()  # the build is what the user waits for: when both want a core, it goes first
    gc.freeze()  # what it inherited is shared copy-on-write: keep the collector from walking it
    acks = SiteAcknowledgements()
    judged = JudgedTexts()
    findings: list[Finding] = []
    try:
        if cache is not None:
            cache.forget_unflushed()  # the build writes its own
        while True:
            message = jobs.recv()
            if message[0] == "acks":
                acks = message[1]
            elif message[0] == "judged":
                judged = message[1]
            elif message[0] == "batch":
                _, number, site_dir, batch = message
                if _take(shares, number):
                    findings += [f for rel, full in batch for f in _sweep_file(site_dir / rel, rel, config, acks, full, cache, judged)]
            else:  # "finish"
                break
        if cache is not None:
            cache.flush()
        results.send(("done", findings))
    except BaseException as exc:  # the build sweeps what it sent itself, and reports the real error
        with contextlib.suppress(Exception):
            results.send(("failed", repr(exc)))


class SiteSweeper:
    """The sweep of a site being written: pages as they are written, the other files at the end.

    The build names each page as it writes it (:meth:`add_page`); once
    written, the page is read back and swept by a forked process, so the
    sweep runs on the core the build does not use, and it sweeps exactly
    what is on disk. Only file names cross between the processes (a pipe;
    no thread, so the build can still fork its other helpers). Forking is
    only safe while this is the process's only thread, so the process is
    started in the constructor, and only then; otherwise (``mkdocs serve``
    runs builds beside its server threads) everything is swept in this
    process at :meth:`finish`. If the sweeping process fails or dies, the
    build sweeps what it had sent in this process: the findings are the same.

    The sweep needs the gate, not the log: start it before the log is
    loaded. A process forked later shares the loaded log copy-on-write, and
    as the build touches every response while writing its page, the
    sweeping process ends up holding a private copy of most of it (about
    1 GB at 50,000 responses). The reviewers' acknowledgements, which come
    with the log, follow with :meth:`acknowledge`.
    """

    def __init__(
        self,
        site_dir: Path,
        gate: Gate,
        acknowledgements: SiteAcknowledgements | Sequence[tuple[str, str]] = (),
        *,
        parallel: bool = True,
        use_cache: bool = True,
    ) -> None:
        self._site_dir = Path(site_dir)
        self._config = gate.text
        self._acks = SiteAcknowledgements.of(acknowledgements)
        #: Texts the gate judged whole, read as blank in the exports (:meth:`trust`).
        self._judged = JudgedTexts()
        #: Shared with the sweeping process, which reads and writes the same database (foilog.cache: one connection per process).
        #: ``use_cache=False`` (a strict or no-cache build): every page is scanned, whatever the gate's cache says.
        self._cache = gate.scan_cache if use_cache else None
        self._seen: set[str] = set()
        #: Site files to sweep although their folder or suffix is not swept (:meth:`include`).
        self._included: set[str] = set()
        self._first_html = True
        self._pending: list[tuple[str, bool]] = []
        #: Every batch handed to the sweeping process (names only): swept here if it fails.
        self._sent: list[list[tuple[str, bool]]] = []
        #: Shared with the sweeping process (:func:`_take`): [batches it has started, first batch left to the build].
        self._shares: Any = None
        #: Batches the build took back from the end of the queue and swept itself (:meth:`_steal`).
        self._stolen: set[int] = set()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._started = 0.0
        self._jobs: Connection | None = None
        self._results: Connection | None = None
        if can_fork(parallel):
            # The job pipe holds thousands of page names: the build only waits when the sweep is that far behind.
            self._shares = multiprocessing.get_context("fork").Array("q", [0, _NOT_TAKEN])
            helper = start_helper(_sweeping_process, (self._config, self._cache, self._shares), "foilog-sweep")
            self._process, self._jobs, self._results = helper.process, helper.jobs, helper.results
            self._started = helper.started
            self._send(("acks", self._acks))

    def acknowledge(self, acknowledgements: SiteAcknowledgements | Sequence[tuple[str, str]]) -> None:
        """The acknowledged findings (from the loaded log): before the first page is added.

        Each response's acknowledgements hold for its own pages and its own
        text on shared pages (:func:`foilog.gate.sweep_acks.site_acknowledgements`);
        a plain list of ``(text, reason)`` pairs holds for every page.
        """
        self._acks = SiteAcknowledgements.of(acknowledgements)
        self._send(("acks", self._acks))

    def trust(self, judged: JudgedTexts) -> None:
        """The texts the leak gate has judged whole (:func:`foilog.gate.judged.judged_texts`): before the first page is added.

        A value of a JSON file, a cell of a CSV file or of a database that is
        exactly one of them is read as blank; pages and everything else in full.
        """
        self._judged = judged
        self._send(("judged", judged))

    def include(self, rels: Sequence[str]) -> None:
        """Sweep these site files too, wherever they are (the files copied from ``content/``: :func:`content_assets`)."""
        self._included.update(rels)

    def _wanted(self, rel: str) -> bool:
        return _swept(rel) or rel in self._included

    def add_page(self, rel: str) -> None:
        """The build is writing the site file ``rel`` (e.g. ``responses/2019/x/index.html``) now.

        It is swept once written: the pages named before it are handed to
        the sweeping process when this one comes, and the rest at :meth:`finish`.
        """
        if self._process is None or rel in self._seen or not self._wanted(rel):
            return
        written = self._pending
        self._pending = [self._claim(rel)]
        if len(written) >= _BATCH:
            self._send_batch(self._site_dir, written)
        else:
            self._pending = written + self._pending

    def finish(self, site_dir: Path | None = None) -> ScanResult:
        """Sweep every file of the site not swept yet, then collect every finding."""
        site_dir = Path(site_dir) if site_dir is not None else self._site_dir
        if site_dir != self._site_dir:
            raise ValueError(f"the sweep was started for {self._site_dir}, not {site_dir}")
        result = ScanResult()
        try:
            with stage("sweep: the rest, and waiting for its helper"):
                self._finish(site_dir, result)
        finally:
            self.close()
        result.files_scanned = len(self._seen)
        result.findings.sort(key=lambda f: (f.path, f.line or 0))
        return result

    def hand_over(self) -> None:
        """Give the sweeping process every file not given yet, in batches, and return at once.

        For a build that must first wait for something else (Pagefind's last
        part, whose work no other process can share): the sweeping process
        goes on with all of it on the other core meanwhile, and :meth:`finish`
        then shares what it has not started (the build takes batches from the
        last one back). Without a sweeping process it does nothing: :meth:`finish` sweeps everything.
        """
        if self._process is None:
            return
        rest = self._rest(self._site_dir)
        for start in range(0, len(rest), _BATCH):
            self._send_batch(self._site_dir, rest[start : start + _BATCH])

    def _rest(self, site_dir: Path) -> list[tuple[str, bool]]:
        """Every file to sweep not given to anyone yet (claimed now): those written since the last batch, and the rest of the site."""
        batch, self._pending = self._pending, []
        batch += [self._claim(rel) for rel in _site_files(site_dir) if rel not in self._seen and _swept(rel)]
        # Files from content/ in the theme's folders are not even listed by _site_files.
        batch += [self._claim(rel) for rel in sorted(self._included - self._seen) if (site_dir / rel).is_file()]
        return batch

    def _finish(self, site_dir: Path, result: ScanResult) -> None:
        """:meth:`finish`'s work: the files not swept yet, shared with the helper; then its findings."""
        batch = self._rest(site_dir)
        if self._process is not None and batch:
            # Split the rest with the sweeping process: it takes the first half.
            half = len(batch) // 2
            self._send_batch(site_dir, batch[:half])
            batch = batch[half:]
        for rel, full in batch:
            result.findings += _sweep_file(site_dir / rel, rel, self._config, self._acks, full, self._cache, self._judged)
        result.findings += self._steal()
        result.findings += self._collect()
        if self._cache is not None:
            self._cache.flush()

    def close(self) -> None:
        """Stop the sweeping process (safe to call more than once)."""
        process, self._process = self._process, None
        if process is not None:
            if process.pid is not None:
                add_process("sweep: the built site, page by page", process.pid, self._started)
            process.terminate()
            process.join(timeout=10)
        for connection in (self._jobs, self._results):
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.close()
        self._jobs = self._results = None

    def _send(self, message: tuple[object, ...]) -> bool:
        if self._process is None or self._jobs is None:
            return False
        try:
            self._jobs.send(message)
        except OSError:  # the sweeping process died: what it had is swept here at the end
            return False
        return True

    def _send_batch(self, site_dir: Path, batch: list[tuple[str, bool]]) -> None:
        self._sent.append(batch)
        self._send(("batch", len(self._sent) - 1, site_dir, batch))

    def _steal(self) -> list[Finding]:
        """Sweep here the batches the sweeping process has not started, from the last one back.

        Why: when the build has written its last page it has nothing to do but
        wait, while the sweeping process may be hundreds of pages behind (it
        shares the other core with Pagefind). Each batch is taken under the
        shared lock, by whichever process gets to it first (:func:`_take`),
        so each is swept once; the findings are sorted at the end, so who
        swept what changes nothing.
        """
        if self._process is None or self._shares is None:
            return []
        findings: list[Finding] = []
        shares = self._shares
        while True:
            with shares.get_lock():
                number = min(shares[_LEFT_TO_BUILD], len(self._sent)) - 1
                if number < shares[_STARTED]:
                    break  # the sweeping process has started every batch left
                shares[_LEFT_TO_BUILD] = number
            self._stolen.add(number)
            for rel, full in self._sent[number]:
                findings += _sweep_file(self._site_dir / rel, rel, self._config, self._acks, full, self._cache, self._judged)
        return findings

    def _collect(self) -> list[Finding]:
        """The sweeping process's findings; if it failed, its batches (but those swept here) swept again here."""
        answer: tuple[str, object] = ("failed", "not started")
        if self._sent and self._send(("finish",)) and self._results is not None:
            with contextlib.suppress(EOFError, OSError):
                answer = self._results.recv()
        if answer[0] == "done":
            return list(answer[1])  # type: ignore[call-overload]
        return [
            f
            for number, batch in enumerate(self._sent)
            if number not in self._stolen
            for rel, full in batch
            for f in _sweep_file(self._site_dir / rel, rel, self._config, self._acks, full, self._cache, self._judged)
        ]

    def _claim(self, rel: str) -> tuple[str, bool]:
        """Mark ``rel`` as swept; the first HTML page is swept whole (the theme's frame), the others' articles."""
        self._seen.add(rel)
        full = self._first_html and rel.lower().endswith(".html")
        self._first_html = self._first_html and not full
        return rel, full


def sweep_site(
    site_dir: Path,
    gate: Gate,
    acknowledgements: SiteAcknowledgements | Sequence[tuple[str, str]] = (),
    *,
    include: Sequence[str] = (),
) -> ScanResult:
    """Scan every text output of a built site (HTML, feeds, exports, sitemap), whatever its size, and the files ``include`` names.

    The Pagefind index (``pagefind/``) is built only from the swept HTML pages
    and from attachment text the gate already scanned, so it is not swept again.
    """
    sweeper = SiteSweeper(site_dir, gate, acknowledgements, parallel=False)
    sweeper.include(include)
    return sweeper.finish()
