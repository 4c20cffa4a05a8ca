"""Stage 3, scan: the leak gate over the whole log, any files, and the built site.

Two engines do the work: :mod:`foilog.textscan` (personal data in text) and
:mod:`foilog.attachments` (hidden content and unsafe files). This module
decides *what* to scan and with which settings:

* :func:`scan_log` - every response (``response.yml``, ``response.md``, every
  attachment and its extracted text and metadata) and the hand-written pages
  in ``content/``, with each response's acknowledgements;
* :func:`scan_paths` - ``foilog scan PATH...`` over arbitrary files;
* the post-build sweep of ``site/`` lives in :mod:`foilog.sweep`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .attachments import AttachmentCache, AttachmentReport, Limits, inspect_attachment
from .attachments.locate import acknowledge_properties, scan_report_text
from .attachments.sniff import text_file_mismatch
from .findings import Finding, Severity
from .model import Log, Response
from .settings import SiteSettings
from .textscan import (
    TEXT_SUFFIXES,
    AllowEntry,
    CompiledConfig,
    CustomRule,
    TextScanConfig,
    compile_config,
    scan_file_text,
    scan_text,
)
from .validate import attachment_file
from .yamlload import Path as DataPath
from .yamlload import YamlProblem, load_yaml

CACHE_DIR = Path(".foilog-cache") / "attachments"


@dataclass
class Gate:
    """The settings of one scan: compiled text rules, attachment limits and cache."""

    text: CompiledConfig
    limits: Limits = field(default_factory=Limits)
    cache: AttachmentCache | None = None

    def inspect(self, path: Path, display: str) -> AttachmentReport:
        if self.cache is not None:
            return self.cache.inspect(path, display_path=display, limits=self.limits)
        return inspect_attachment(path, display_path=display, limits=self.limits)


def make_gate(
    settings: SiteSettings | None, *, deny_list: Sequence[str] = (), cache_root: Path | None = None, limits: Limits | None = None
) -> Gate:
    """Build the scan settings from the site configuration (``None``: defaults)."""
    config = TextScanConfig(
        publish_staff_names=settings.publish_staff_names if settings else False,
        allowlist=tuple(AllowEntry(a.text, a.reason) for a in settings.allowlist) if settings else (),
        custom_rules=tuple(CustomRule(r.id, r.pattern, r.reason, Severity(r.severity)) for r in settings.custom_rules) if settings else (),
        deny_list=tuple(deny_list),
    )
    cache = AttachmentCache(cache_root / CACHE_DIR) if cache_root is not None else None
    return Gate(text=compile_config(config), limits=limits or Limits(), cache=cache)


@dataclass
class ScanResult:
    files_scanned: int = 0
    findings: list[Finding] = field(default_factory=list)
    #: Reports by display path: the site shows their facts, search indexes their text.
    attachments: dict[str, AttachmentReport] = field(default_factory=dict)

    def add(self, findings: Iterable[Finding]) -> None:
        self.files_scanned += 1
        self.findings.extend(findings)


def _acknowledgements(r: Response) -> list[tuple[str, str]]:
    return [(a.text, a.reason) for a in r.data.acknowledgements]


def _apply_rule_filter(findings: list[Finding], r: Response) -> list[Finding]:
    """An acknowledgement that names a rule only covers that rule's findings."""
    ruled = {(a.reason, a.rule) for a in r.data.acknowledgements}
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
    findings += scan_report_text(report, display, gate.text, acknowledgements)
    if report.metadata:
        meta = "\n".join(f"{name}: {value}" for name, value in report.metadata)
        for f in scan_text(meta, path=display, config=gate.text, acknowledgements=acknowledgements):
            findings.append(Finding(**{**f.__dict__, "line": None, "message": f"in the document properties: {f.message}"}))
    return report, findings


def _string_values(data: object, path: DataPath = ()) -> Iterable[tuple[DataPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _string_values(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _string_values(value, (*path, index))


def scan_yml_values(
    file: Path, display: str, gate: Gate, raw_findings: Sequence[Finding], acknowledgements: Sequence[tuple[str, str]] = ()
) -> list[Finding]:
    """Personal data that only the *decoded* values of a YAML file show.

    A double-quoted YAML string can spell ``@`` as ``\\u0040`` or split a
    number with a ``\\`` line continuation, so the raw text scan misses what
    the site will print.  Only values that do not appear verbatim in the file
    are scanned (only escapes make such a difference worth a second parse);
    each finding gets the line of its value and is dropped when the raw scan
    already reported the same text between that line and the next value's.
    """
    text = file.read_bytes().decode("utf-8", errors="replace")
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
    for f in scan_text("\n\n".join(parts), path=display, config=gate.text, acknowledgements=acknowledgements):
        at = value_lines[bisect_right(first_lines, f.line or 1) - 1]
        after = bisect_right(starts, at)
        until = starts[after] if after < len(starts) else text.count("\n") + 2
        if any((f.rule, f.excerpt, n) in raw for n in range(at, until)):
            continue  # the raw scan reports it at this value already
        out.append(Finding(**{**f.__dict__, "line": at}))
    return out


def scan_response(r: Response, gate: Gate, result: ScanResult) -> None:
    acks = _acknowledgements(r)
    # The values are Markdown, where a single newline is a space (soft_breaks).
    yml = scan_file_text(r.folder / "response.yml", display_path=r.yml_path, config=gate.text, acknowledgements=acks, soft_breaks=True)
    yml += scan_yml_values(r.folder / "response.yml", r.yml_path, gate, yml, acks)
    result.add(_apply_rule_filter(yml, r))
    if r.body:  # already decoded by the loader, which reported any encoding problem
        body = scan_text(r.body, path=r.md_path, config=gate.text, acknowledgements=acks, soft_breaks=True)
        result.add(_apply_rule_filter(body, r))
    for attachment in r.data.attachments:
        file = attachment_file(r, attachment.path)
        if file is None:
            continue  # unsafe or missing: validation reports it, and it is never opened
        display = f"{r.rel_folder}/{attachment.path}"
        report, findings = scan_attachment(file, display, gate, acks)
        result.attachments[display] = report
        result.files_scanned += 1
        result.findings += _apply_rule_filter(findings, r)


#: The site's own styles, scripts, fonts and icons in ``content/``: code, not documents.
SITE_ASSET_SUFFIXES = frozenset({".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico", ".svg"})


def scan_log(log: Log, gate: Gate) -> ScanResult:
    """The whole log: every response, embargoed ones too (they go public later).

    In ``content/`` Markdown pages get the text scan and every other file (a
    page's downloads: PDFs, workbooks, images, CSVs) the same inspection as a
    response's attachments, since MkDocs publishes them as they are; only the
    site's own styles, scripts, fonts and icons are left out.
    """
    result = ScanResult()
    docs = log.project.docs_dir
    if docs.is_dir():
        for path in sorted(docs.rglob("*.md")):
            result.add(scan_file_text(path, display_path=path.relative_to(log.project.root).as_posix(), config=gate.text))
        for path in sorted(docs.rglob("*")):
            suffix = path.suffix.lower()
            if path.suffix == ".md" or suffix in SITE_ASSET_SUFFIXES or not path.is_file():
                continue
            _, findings = scan_attachment(path, path.relative_to(log.project.root).as_posix(), gate)
            result.add(findings)
    for r in log.responses:
        scan_response(r, gate, result)
    return result


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
            result.add([mismatch] if mismatch else scan_file_text(path, display_path=display, config=gate.text))
        else:
            report, findings = scan_attachment(path, display, gate)
            result.attachments[display] = report
            result.add(findings)
    return result
