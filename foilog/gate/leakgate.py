"""Stage 3, scan: the leak gate over the whole log, any files, and the built site.

Two engines do the work: :mod:`foilog.gate.textscan` (personal data in text) and
:mod:`foilog.gate.attachments` (hidden content and unsafe files). This module
decides *what* to scan and with which settings:

* :func:`scan_log` - every response (``response.yml``, ``response.md``, every
  attachment and its extracted text and metadata) and the hand-written pages
  in ``content/``, with each response's acknowledgements;
* :func:`scan_paths` - ``foilog scan PATH...`` over arbitrary files;
* the post-build sweep of ``site/`` lives in :mod:`foilog.gate.sweep`.

With a cache root, every text scan goes through :mod:`foilog.gate.scancache`
(findings by content hash, acknowledgements applied afresh), as attachment
inspection goes through :mod:`foilog.gate.attachments.cache`: both in the
project's one cache (:mod:`foilog.cache`).
"""

from __future__ import annotations

import dataclasses
import json
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from foilog.cache import NO_CACHE_VARIABLE as NO_CACHE_VARIABLE  # where the command line and the plugin have always found them
from foilog.cache import Store, cache_folder
from foilog.cache import caches_ignored as caches_ignored
from foilog.gate.attachments import AttachmentReport, Limits, inspect_attachment
from foilog.gate.attachments.cache import AttachmentCache
from foilog.gate.attachments.locate import acknowledge_properties, scan_report_text
from foilog.gate.attachments.sniff import text_file_mismatch
from foilog.gate.content_safety import html_file_findings, page_findings, svg_findings
from foilog.gate.scan_result import ScanResult
from foilog.gate.scancache import Compute, ScanCache, Scanned, UnitKey, cached_scan
from foilog.gate.stale_acks import response_texts, stale_acknowledgements
from foilog.gate.sweep import scan_html_raw
from foilog.gate.textscan import (
    MAX_TEXT_BYTES,
    TEXT_SUFFIXES,
    AllowEntry,
    CompiledConfig,
    CustomRule,
    RawFinding,
    TextScanConfig,
    compile_config,
    scan_bytes_raw,
    scan_file_text,
    scan_text_raw,
    text_mode,
)
from foilog.log.findings import Category, Finding, Severity
from foilog.log.links import is_link_free
from foilog.log.model import Log, Response, UnloadedResponse
from foilog.log.register import register_files
from foilog.log.settings import SiteSettings
from foilog.log.validate import attachment_file
from foilog.log.yamlload import Path as DataPath
from foilog.log.yamlload import YamlProblem, load_yaml
from foilog.workers import progress
from foilog.workers.fork import in_two_halves
from foilog.workers.stagetimes import stage


@dataclass
class Gate:
    """The settings of one scan: compiled text rules, attachment limits and caches."""

    text: CompiledConfig
    limits: Limits = field(default_factory=Limits)
    cache: AttachmentCache | None = None
    #: Text-scan findings by content hash; ``None``: every text is scanned and nothing is stored.
    scan_cache: ScanCache | None = None

    def inspect(self, path: Path, display: str) -> AttachmentReport:
        if self.cache is not None:
            return self.cache.inspect(path, display_path=display, limits=self.limits)
        return inspect_attachment(path, display_path=display, limits=self.limits)

    def scan(self, key: UnitKey, content: bytes | str, compute: Compute) -> Scanned:
        """The raw findings of one text (see :func:`foilog.gate.scancache.cached_scan`)."""
        return cached_scan(self.scan_cache, key, content, compute)

    def flush(self) -> None:
        """Write what the scan cache learnt (at the end of a scan; see :meth:`ScanCache.flush`)."""
        if self.scan_cache is not None:
            self.scan_cache.flush()

    def scan_text(
        self, text: str, path: str, acknowledgements: Sequence[tuple[str, str]] = (), *, soft_breaks: bool = False
    ) -> list[Finding]:
        """Like :func:`foilog.gate.textscan.scan_text`, through the scan cache."""
        scanned = self.scan(("text", soft_breaks), text, lambda: scan_text_raw(text, path=path, config=self.text, soft_breaks=soft_breaks))
        return scanned.resolve(path, acknowledgements)

    def scan_file(
        self, path: Path, display: str, acknowledgements: Sequence[tuple[str, str]] = (), *, soft_breaks: bool | None = None
    ) -> list[Finding]:
        """Like :func:`foilog.gate.textscan.scan_file_text`, through the scan cache (keyed on the file's bytes)."""
        if path.stat().st_size > MAX_TEXT_BYTES:  # not read at all: the finding says it was not scanned
            return scan_file_text(path, display_path=display, config=self.text, acknowledgements=acknowledgements)
        data = path.read_bytes()
        html, markdown = text_mode(path)
        soft = markdown if soft_breaks is None else soft_breaks
        scanned = self.scan(
            ("file", html, soft), data, lambda: scan_bytes_raw(data, display_path=display, config=self.text, html=html, soft_breaks=soft)
        )
        return scanned.resolve(display, acknowledgements)

    def scan_yml(
        self, path: Path, display: str, acknowledgements: Sequence[tuple[str, str]] = (), *, data: bytes | None = None
    ) -> list[Finding]:
        """A ``response.yml``: its text as written, then what only its decoded values show (:func:`yml_value_findings`).

        One unit: both depend on nothing but the file's bytes: ``data``, the
        bytes the loader read and validated (read from ``path`` when not
        given), so what is scanned is exactly what is published. The values
        are Markdown, where a single newline is a space (soft breaks).
        """
        if data is None:
            data = path.read_bytes()
        html, _ = text_mode(path)

        def compute() -> list[RawFinding]:
            found = scan_bytes_raw(data, display_path=display, config=self.text, html=html, soft_breaks=True)
            return found + yml_value_findings(data, display, self.text, [r.finding for r in found])

        return self.scan(("yml", html), data, compute).resolve(display, acknowledgements)


def make_gate(
    settings: SiteSettings | None, *, deny_list: Sequence[str] = (), cache_root: Path | None = None, limits: Limits | None = None
) -> Gate:
    """Build the scan settings from the site configuration (``None``: defaults); no cache when :func:`caches_ignored`."""
    config = TextScanConfig(
        publish_staff_names=settings.publish_staff_names if settings else False,
        allowlist=tuple(AllowEntry(text, reason) for text, reason in settings.public_details) if settings else (),
        custom_rules=tuple(CustomRule(r.id, r.pattern, r.reason, Severity(r.severity)) for r in settings.custom_rules) if settings else (),
        deny_list=tuple(deny_list),
    )
    folder = cache_folder(cache_root) if cache_root is not None else None
    if folder is None:
        return Gate(text=compile_config(config), limits=limits or Limits())
    store = Store(folder)  # one store for both caches: one connection per process
    store.open()  # before any helper is forked: a broken database is warned about once
    return Gate(
        text=compile_config(config),
        limits=limits or Limits(),
        cache=AttachmentCache(store),
        scan_cache=ScanCache(store, config),
    )


def _acknowledgements(r: Response) -> list[tuple[str, str]]:
    return [(a.text, a.reason) for a in r.data.acknowledgements]


def _apply_rule_filter(findings: list[Finding], r: Response) -> list[Finding]:
    """An acknowledgement that names a rule only covers that rule's findings."""
    return _filter_rules(findings, {(a.reason, a.rule) for a in r.data.acknowledgements})


def _filter_rules(findings: list[Finding], ruled: set[tuple[str, str | None]]) -> list[Finding]:
    """:func:`_apply_rule_filter` given the ``(reason, rule)`` of each acknowledgement."""
    out = []
    for f in findings:
        if f.acknowledged is not None:
            rules = {rule for reason, rule in ruled if reason == f.acknowledged}
            if rules and None not in rules and f.rule not in rules:
                f = Finding(**{**f.__dict__, "acknowledged": None})
        out.append(f)
    return out


def scan_attachment(
    path: Path, display: str, gate: Gate, acknowledgements: Sequence[tuple[str, str]] = ()
) -> tuple[AttachmentReport, list[Finding]]:
    """Hidden content of one file, then personal data in its text and metadata."""
    report = gate.inspect(path, display)
    findings = acknowledge_properties(report, report.findings, acknowledgements)
    # located by page (PDF), sheet and cell (spreadsheets) or paragraph (Word), not by a line of the joined text
    findings += _report_text(report, display, gate, acknowledgements)
    if report.metadata:
        findings += _metadata_findings(report, display, gate, acknowledgements)
    findings += stored_text_findings(report, display, gate, acknowledgements)
    return report, findings


def _metadata_findings(report: AttachmentReport, display: str, gate: Gate, acknowledgements: Sequence[tuple[str, str]]) -> list[Finding]:
    """Personal data in the file's properties (or an image's metadata fields), each finding naming its field.

    The fields are scanned as one text of ``name: value`` lines (so a label detector reads
    ``RequesterName: Jane Hartley``), and each finding's line gives back its field.
    """
    lines: list[str] = []
    owner: list[str] = []  # the field of each line
    for name, value in report.metadata:
        entry = f"{name}: {value}".split("\n")
        lines += entry
        owner += [name] * len(entry)
    image = report.facts is not None and report.facts.kind == "image"
    out = []
    for f in gate.scan_text("\n".join(lines), display, acknowledgements):
        n = (f.line or 0) - 1
        field = owner[n] if 0 <= n < len(owner) else None
        if image:
            where = f"in the image's metadata ({field})" if field else "in the image's metadata"
        else:
            where = f"in the document property {field}" if field else "in the document properties"
        out.append(dataclasses.replace(f, line=None, message=f"{where}: {f.message}"))
    return out


def stored_text_findings(
    report: AttachmentReport, display: str, gate: Gate, acknowledgements: Sequence[tuple[str, str]] = ()
) -> list[Finding]:
    """Personal data in text the file keeps where no reader sees it (``report.stored``).

    The inspector reports the store itself; this says what personal data it
    holds, and every message names the place ("in the bookmarks (outline),
    kept in the file but not shown on its pages: ..."), so a reviewer is never
    told about a salutation without being told where it is kept. (Not "no
    reader sees it": a reader can open the bookmarks or the properties pane.)
    """
    out: list[Finding] = []
    for where, text in report.stored:
        if not text.strip():
            continue
        for f in gate.scan_text(text, display, acknowledgements):
            out.append(
                dataclasses.replace(
                    f,
                    line=None,
                    category=Category.HIDDEN_CONTENT,
                    message=f"in {where}, kept in the file but not shown on its pages: {f.message}",
                )
            )
    return out


def _report_text(report: AttachmentReport, display: str, gate: Gate, acknowledgements: Sequence[tuple[str, str]]) -> list[Finding]:
    """:func:`scan_report_text` through the scan cache, keyed on what it reads of the report.

    Its findings carry no spellings, so a cached entry cannot say which one
    an acknowledgement accepts: when the response has acknowledgements and
    the text has findings, it is scanned again (rare: a reviewed attachment).
    """
    if gate.scan_cache is None:
        return scan_report_text(report, display, gate.text, acknowledgements)
    fresh: list[list[Finding]] = []

    def compute() -> list[RawFinding]:
        found = scan_report_text(report, display, gate.text, acknowledgements)
        fresh.append(found)
        # Acknowledgements only ever set ``acknowledged``: clearing it gives the findings before them.
        return [RawFinding(dataclasses.replace(f, acknowledged=None)) for f in found]

    paged = report.facts is not None and report.facts.kind == "pdf"
    content = json.dumps([paged, report.text_pages, report.locations])
    scanned = gate.scan(("report",), content, compute)
    if fresh:
        return fresh[0]
    if acknowledgements and scanned.findings:
        return scan_report_text(report, display, gate.text, acknowledgements)
    return scanned.resolve(display)


def _string_values(data: object, path: DataPath = ()) -> Iterable[tuple[DataPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _string_values(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _string_values(value, (*path, index))


def yml_value_findings(data: bytes, display: str, config: CompiledConfig, raw_findings: Sequence[Finding]) -> list[RawFinding]:
    """Personal data that only the *decoded* values of a YAML file (its bytes: ``data``) show.

    A double-quoted YAML string can spell ``@`` as ``\\u0040`` or split a
    number with a ``\\`` line continuation, so the raw text scan misses what
    the site will print.  Only values that do not appear verbatim in the file
    are scanned (only escapes make such a difference worth a second parse);
    each finding gets the line of its value and is dropped when the raw scan
    (``raw_findings``) already reported the same text between that line and
    the next value's. Findings are before acknowledgements (see :class:`RawFinding`).
    """
    text = data.decode("utf-8", errors="replace")
    if "\\" not in text:
        return []
    try:
        loaded = load_yaml(text.encode("utf-8"), duplicates="collect")
    except YamlProblem:
        return []  # the loader reports it
    parts: list[str] = []
    first_lines: list[int] = []  # line of each part in the joined text (1-based)
    value_lines: list[int] = []
    line = 1
    for path, value in _string_values(loaded.data):
        if not value.strip() or value in text:
            continue
        parts.append(value)
        first_lines.append(line)
        value_lines.append(loaded.line_of(path) or 1)
        line += value.count("\n") + 2
    if not parts:
        return []
    starts = sorted(set(loaded.lines.values()))
    raw = {(f.rule, f.excerpt, f.line) for f in raw_findings}
    out = []
    for found in scan_text_raw("\n\n".join(parts), path=display, config=config):
        f = found.finding
        at = value_lines[bisect_right(first_lines, f.line or 1) - 1]
        after = bisect_right(starts, at)
        until = starts[after] if after < len(starts) else text.count("\n") + 2
        if any((f.rule, f.excerpt, n) in raw for n in range(at, until)):
            continue  # the raw scan reports it at this value already
        out.append(found._replace(finding=dataclasses.replace(f, line=at)))
    return out


def scan_response(r: Response, gate: Gate, result: ScanResult) -> None:
    acks = _acknowledgements(r)
    found: list[Finding] = []
    reports: list[AttachmentReport] = []
    # The bytes the loader read: response.yml is read once.
    found += _apply_rule_filter(gate.scan_yml(r.folder / "response.yml", r.yml_path, acks, data=r.source_yml), r)
    result.files_scanned += 1
    if r.body:  # already decoded by the loader, which reported any encoding problem
        found += _apply_rule_filter(gate.scan_text(r.body, r.md_path, acks, soft_breaks=True), r)
        result.files_scanned += 1
    for attachment in r.data.attachments:
        file = attachment_file(r, attachment.path)
        if file is None:
            continue  # unsafe or missing: validation reports it, and it is never opened
        display = f"{r.rel_folder}/{attachment.path}"
        with stage("scan: attachments (in this process)"):
            report, findings = scan_attachment(file, display, gate, acks)
        result.attachments[display] = report
        reports.append(report)
        result.files_scanned += 1
        found += _apply_rule_filter(findings, r)
    if acks:  # from the texts (the findings above may come from the cache): see foilog.gate.stale_acks
        found += stale_acknowledgements(r, response_texts(r, reports), found)
    result.findings += found


#: Appended to each finding in a response whose response.yml did not parse: nothing of it can be acknowledged yet.
NOT_ACKNOWLEDGED = "(response.yml could not be loaded, so its acknowledgements were not applied: fix the error reported for it first)"


def scan_unloaded(u: UnloadedResponse, gate: Gate, result: ScanResult) -> None:
    """The raw ``response.yml`` and ``response.md`` of a response that did not load (:class:`UnloadedResponse`).

    The loader reports why it did not load; this reports, in the same run,
    the personal data in its files, so fixing a syntax error does not
    reveal leaks one at a time. Links are never read (foilog.log.links
    reports them). Attachments are listed in the file that did not load, so
    they wait until it loads.
    """
    acks = [(text, reason) for text, reason, _ in u.acknowledgements or ()]
    ruled = {(reason, rule) for _, reason, rule in u.acknowledgements or ()}
    found: list[list[Finding]] = []
    yml = u.folder / "response.yml"
    if yml.is_file() and not yml.is_symlink():
        if yml.stat().st_size > MAX_TEXT_BYTES:
            found.append(gate.scan_file(yml, u.yml_path))  # says it was not scanned
        else:  # the loader reported bad UTF-8 already: the rest is scanned with the bad bytes replaced
            found.append([f for f in gate.scan_yml(yml, u.yml_path, acks) if f.rule != "text-encoding"])
    md = u.folder / "response.md"
    if u.body is not None:
        if u.body:
            found.append(gate.scan_text(u.body, u.md_path, acks, soft_breaks=True))
    elif md.is_file() and not md.is_symlink():
        found.append(gate.scan_file(md, u.md_path, soft_breaks=True))
    for findings in found:
        findings = _filter_rules(findings, ruled)
        if u.acknowledgements is None:
            findings = [
                dataclasses.replace(f, message=f"{f.message} {NOT_ACKNOWLEDGED}") if f.category is not Category.INVALID_DATA else f
                for f in findings
            ]
        result.add(findings)


#: The site's own fonts, icons and source maps in ``content/``: neither documents nor text anyone reads.
SITE_ASSET_SUFFIXES = frozenset({".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico"})
#: The site's own styles and scripts in ``content/``: code, scanned as text for personal data.
SITE_CODE_SUFFIXES = frozenset({".css", ".js", ".mjs"})
#: Markup published as written: checked for what runs (:mod:`foilog.gate.content_safety`), its text and attributes scanned.
SITE_MARKUP_SUFFIXES = frozenset({".svg", ".html", ".htm"})


def scan_content_file(path: Path, display: str, gate: Gate, *, sanitised: bool = False) -> list[Finding]:
    """One file of ``content/`` (not a link): a page, the site's markup, code, or a download.

    A Markdown page gets the text scan and the check for what runs in it
    (:func:`foilog.gate.content_safety.page_findings`); an SVG or HTML file the
    same check and the personal-data scan of its text and attribute values
    (an SVG chart's labels, a link's address); a stylesheet or script the text
    scan; fonts and icons nothing; anything else (a page's downloads: PDFs,
    workbooks, images, CSVs) the inspection of a response's attachments,
    since MkDocs publishes them as they are. A ``sanitised`` page (a topic
    page: foilog makes its page from it, through nh3) only gets the text scan.
    """
    suffix = path.suffix.lower()
    if path.suffix == ".md":
        if sanitised:
            return gate.scan_file(path, display)
        return gate.scan_file(path, display) + page_findings(path.read_bytes().decode("utf-8", errors="replace"), display)
    if suffix in SITE_CODE_SUFFIXES:
        return gate.scan_file(path, display)
    if suffix in SITE_MARKUP_SUFFIXES:
        data = path.read_bytes()
        safety = svg_findings(data, display) if suffix == ".svg" else html_file_findings(data, display)
        if len(data) > MAX_TEXT_BYTES:
            return safety
        text = data.decode("utf-8", errors="replace")
        scanned = gate.scan(("markup",), data, lambda: scan_html_raw(text, path=display, config=gate.text))
        return safety + scanned.resolve(display)
    if suffix in SITE_ASSET_SUFFIXES:
        return []
    return scan_attachment(path, display, gate)[1]


def scan_log(log: Log, gate: Gate) -> ScanResult:
    """The whole log: every response, embargoed ones too (they go public later).

    Every file of ``content/`` is checked too (:func:`scan_content_file`),
    the same way for ``foilog check`` as for the build.
    """
    result = ScanResult()
    docs = log.project.docs_dir
    if docs.is_dir() and is_link_free(docs, log.project.root):
        # Links are never read (foilog.log.links reports each one): neither a linked file nor what is under a linked folder.
        files = [path for path in sorted(docs.rglob("*")) if is_link_free(path, docs) and path.is_file()]
        for path in (p for p in files if p.suffix.lower() not in SITE_ASSET_SUFFIXES):
            # Topic pages are not published as written: foilog makes their pages, sanitised (foilog.log.topics).
            topic = path.relative_to(docs).parts[0] == "topics"
            result.add(scan_content_file(path, path.relative_to(log.project.root).as_posix(), gate, sanitised=topic))
    for findings, attachments, scanned in in_two_halves(
        log.responses, partial(_scan_responses, gate=gate), minimum=PARALLEL_SCAN_MIN, parallel=log.project.settings.parallel
    ):
        result.findings.extend(findings)
        result.attachments.update(attachments)
        result.files_scanned += scanned
    for unloaded in log.unloaded:  # few (each is an error already): in this process
        scan_unloaded(unloaded, gate, result)
    for findings_of_file in scan_register(log, gate):
        result.add(findings_of_file)
    progress.count("responses scanned", len(log.responses), len(log.responses))  # the helper's half too
    gate.flush()
    return result


def scan_register(log: Log, gate: Gate) -> list[list[Finding]]:
    """The register's CSV files, with the text scan: a name or an e-mail address typed into a cell is caught (findings per file).

    The loader already refuses free text in every column (:mod:`foilog.log.register`); this is
    the second lock, and it reads every file, even one whose header or rows are invalid.
    """
    folder, root = log.project.register_dir, log.project.root
    if not folder.is_dir() or not is_link_free(folder, root):
        return []
    return [[_register_advice(f) for f in gate.scan_file(path, path.relative_to(root).as_posix())] for path in register_files(folder)]


def _register_advice(finding: Finding) -> Finding:
    """A register file's finding says what fixes it there: no acknowledgement applies, the value must go."""
    if finding.category is not Category.PERSONAL_DATA:
        return finding
    what = finding.message.split(". ", 1)[0].rstrip(".")
    advice = f"{what}. The register holds no personal data and no free text: remove it from the cell"
    return dataclasses.replace(finding, message=advice)


PARALLEL_SCAN_MIN = 200
"""From this many responses, half the log is scanned by a forked process (:func:`foilog.workers.fork.in_two_halves`)."""


def _scan_responses(responses: Sequence[Response], gate: Gate) -> tuple[list[Finding], dict[str, AttachmentReport], int]:
    result = ScanResult()
    for r in responses:
        scan_response(r, gate, result)
        progress.advance("responses scanned")  # in the build's own process (a forked helper's half is added at the end)
    gate.flush()  # in a forked process, it writes its own cache entries (see foilog.gate.scancache)
    return result.findings, result.attachments, result.files_scanned


def _walk(paths: Sequence[Path]) -> Iterable[tuple[Path, str]]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child, child.as_posix()
        else:
            yield path, path.as_posix()


def scan_paths(paths: Sequence[Path], gate: Gate) -> ScanResult:
    """``foilog scan``: text-like files get the text scan; documents and images both."""
    result = ScanResult()
    for path, display in _walk(paths):
        if path.suffix.lower() in TEXT_SUFFIXES:
            mismatch = text_file_mismatch(path, display)  # a PDF or workbook renamed .csv is not text
            result.add([mismatch] if mismatch else gate.scan_file(path, display))
        else:
            report, findings = scan_attachment(path, display, gate)
            result.attachments[display] = report
            result.add(findings)
    gate.flush()
    return result
