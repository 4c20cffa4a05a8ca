"""What a change publishes: compare the log at two revisions.

:func:`compare_logs` takes the loaded BASE log, the loaded and scanned HEAD
log, and returns a :class:`ChangeReport`: responses added, changed (which
fields, and a readable diff of ``response.yml``/``response.md``), withdrawn,
corrected, renamed, deleted, the embargoed ones with their release dates,
and every finding of HEAD.

Reviewers read this in a pull request's job summary, which is public for a
public repository, so nothing here may carry unmasked personal data: a diff
line the leak gate flags (in BASE or HEAD) is withheld, and a title the leak
gate flags is masked whole. Then every detector hit in everything else the
report prints from data (the other diff lines, removed and added, titles,
references, folders, file names, attachment titles, correction notes,
withdrawal reasons, finding messages and reasons) is masked in place as
findings' excerpts are (:func:`foilog.gate.textscan.mask_text`), so a hit the
findings place on another line (an address over two lines, a number wrapped
by a soft line break) or a value printed outside the diffs never goes out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from foilog.commands.diff.suggest import Suggestion, suggest_related
from foilog.gate.leakgate import Gate, ScanResult
from foilog.gate.textscan import CompiledConfig, mask_text, scan_text
from foilog.log.findings import Finding, mask
from foilog.log.model import Log, Response
from foilog.log.schema import ResponseData

#: Diff lines shown per file before the rest is summarised.
MAX_DIFF_LINES = 60
#: Characters shown per diff line.
MAX_LINE_CHARS = 240
#: Context lines around each change.
CONTEXT = 2
WITHHELD = "[line withheld: the leak gate flagged it; see the findings]"
TEXT_FILES = ("response.yml", "response.md")

#: Masks every detector hit in a text (see :func:`masker`).
Masker = Callable[[str], str]


def _unmasked(text: str) -> str:
    return text


def masker(config: CompiledConfig) -> Masker:
    """:func:`foilog.gate.textscan.mask_text` with the site's settings (allowlist, deny list, staff names), remembered per text.

    Finding messages and folder names repeat across a report: each distinct text is scanned once.
    """
    return functools.lru_cache(maxsize=65536)(functools.partial(mask_text, config=config))


@dataclass
class AttachmentInfo:
    """An attachment of an added or changed response, with what the inspector found."""

    path: str
    title: str
    media_type: str | None = None
    size: int | None = None
    pages: int | None = None
    text_layer: bool | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "title": self.title,
            "media_type": self.media_type,
            "size": self.size,
            "pages": self.pages,
            "text_layer": self.text_layer,
        }


@dataclass
class FileDiff:
    """A unified diff of one text file, already truncated and with flagged lines withheld."""

    path: str
    lines: list[str]
    omitted: int = 0
    """Diff lines left out after :data:`MAX_DIFF_LINES`."""
    withheld: int = 0
    """Lines replaced by :data:`WITHHELD`."""

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "diff": "\n".join(self.lines), "omitted_lines": self.omitted, "withheld_lines": self.withheld}


@dataclass
class Entry:
    """One response in the report."""

    reference: str
    title: str
    folder: str
    url: str
    fields: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Files of the folder added, removed or modified (attachments included)."""
    diffs: list[FileDiff] = field(default_factory=list)
    attachments: list[AttachmentInfo] = field(default_factory=list)
    publish_after: dt.date | None = None
    embargoed: bool = False
    renamed_from: str | None = None
    withdrawn_date: dt.date | None = None
    withdrawn_reason: str | None = None
    corrections: list[tuple[dt.date, str]] = field(default_factory=list)
    problem: str | None = None
    in_change: bool = True
    suggested_related: list[Suggestion] = field(default_factory=list)
    """Published responses whose questions are alike: ``related:`` entries to consider (added responses only, :mod:`.suggest`)."""

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"reference": self.reference, "title": self.title, "folder": self.folder, "url": self.url}
        if self.fields:
            data["fields"] = self.fields
        if self.files:
            data["files"] = self.files
        if self.diffs:
            data["diffs"] = [d.as_json() for d in self.diffs]
        if self.attachments:
            data["attachments"] = [a.as_json() for a in self.attachments]
        if self.publish_after is not None:
            data["publish_after"] = self.publish_after.isoformat()
            data["embargoed"] = self.embargoed
        if self.renamed_from is not None:
            data["renamed_from"] = self.renamed_from
        if self.withdrawn_date is not None:
            data["withdrawn"] = {"date": self.withdrawn_date.isoformat(), "reason": self.withdrawn_reason}
        if self.corrections:
            data["corrections"] = [{"date": d.isoformat(), "note": n} for d, n in self.corrections]
        if self.problem:
            data["problem"] = self.problem
        if not self.in_change:
            data["in_change"] = False
        if self.suggested_related:
            data["suggested_related"] = [s.as_json() for s in self.suggested_related]
        return data


@dataclass
class ChangeReport:
    """Everything ``foilog diff`` reports, for the Markdown and JSON renderers."""

    base: str
    head: str
    today: dt.date
    added: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    withdrawn: list[Entry] = field(default_factory=list)
    corrected: list[Entry] = field(default_factory=list)
    renamed: list[Entry] = field(default_factory=list)
    deleted: list[Entry] = field(default_factory=list)
    embargoed: list[Entry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Unacknowledged findings of HEAD: validation errors, leak-gate errors and warnings."""
    acknowledged: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What ``foilog diff`` could not compare (submodules, links out of BASE's tree), one sentence each."""
    visibility: str | None = None
    """The repository's visibility (``public``, ``private``, ``internal``), when ``foilog diff`` can tell; else None."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def problems(self) -> list[Entry]:
        """Entries a reviewer must look at: deletions and renames that break URLs."""
        return [e for e in self.deleted + self.changed if e.problem]

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "withdrawn": len(self.withdrawn),
            "corrected": len(self.corrected),
            "renamed": len(self.renamed),
            "deleted": len(self.deleted),
            "embargoed": len(self.embargoed),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "acknowledged": len(self.acknowledged),
        }


# -- sensitive lines ------------------------------------------------------------------


def _flagged_lines(findings: Iterable[Finding], path: str) -> set[int]:
    """Lines of ``path`` holding a finding, acknowledged or not (a summary shows excerpts only masked)."""
    return {f.line for f in findings if f.path == path and f.line is not None}


def _base_flagged(r: Response, text: str, name: str, gate: Gate) -> set[int]:
    """Lines of a BASE file the leak gate flags today (it may be removing a leak)."""
    acks = [(a.text, a.reason) for a in r.data.acknowledgements]
    return _flagged_lines(scan_text(text, path=name, config=gate.text, acknowledgements=acks), name)


def _shown_title(r: Response, flagged: set[int]) -> str:
    line = r.line_of("title")
    return mask(r.data.title) if line is not None and line in flagged else r.data.title


# -- text diffs ---------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        if path.is_symlink() or not path.is_file():
            return ""
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def _clip(line: str) -> str:
    line = line.rstrip("\r\n")
    return line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + " [...]"


def _masked_lines(text: str, lines: list[str], hide: Masker) -> list[str]:
    """``lines`` (of ``text``) with every detector hit masked; the whole text is scanned, so a hit over two lines is found."""
    masked = hide(text).splitlines()
    return masked if len(masked) == len(lines) else [hide(line) for line in lines]


def unified_diff(
    name: str,
    old: str,
    new: str,
    old_flagged: set[int],
    new_flagged: set[int],
    limit: int = MAX_DIFF_LINES,
    hide: Masker = _unmasked,
) -> FileDiff | None:
    """A unified diff of ``old`` -> ``new``; lines in the flagged sets (1-based) are withheld, every other line is shown masked by ``hide``.

    Lines are compared as written (a changed number is a changed line even when
    both mask alike) and printed masked.
    """
    a, b = old.splitlines(), new.splitlines()
    if a == b:
        return None
    shown_a, shown_b = _masked_lines(old, a, hide), _masked_lines(new, b, hide)
    out = [f"--- a/{hide(name)}", f"+++ b/{hide(name)}"]
    withheld = 0

    def show(prefix: str, lines: list[str], start: int, flagged: set[int]) -> None:
        nonlocal withheld
        for offset, text in enumerate(lines):
            if start + offset + 1 in flagged:
                withheld += 1
                out.append(f"{prefix}{WITHHELD}")
            else:
                out.append(f"{prefix}{_clip(text)}")

    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(CONTEXT):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1} @@")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                show(" ", shown_a[a1:a2], a1, old_flagged | {n - b1 + a1 for n in new_flagged if b1 < n <= b2})
                continue
            if tag in ("replace", "delete"):
                show("-", shown_a[a1:a2], a1, old_flagged)
            if tag in ("replace", "insert"):
                show("+", shown_b[b1:b2], b1, new_flagged)
    omitted = max(0, len(out) - limit)
    return FileDiff(hide(name), out[:limit], omitted, withheld)


# -- folder contents ----------------------------------------------------------------


def _folder_files(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of each regular file in ``folder`` (links are never followed)."""
    files: dict[str, str] = {}
    if not folder.is_dir():
        return files
    for here, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not (Path(here) / d).is_symlink())
        for name in sorted(names):
            path = Path(here) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                files[rel] = "symbolic link"
                continue
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            files[rel] = digest.hexdigest()
    return files


def _changed_files(old: Path, new: Path) -> list[str]:
    before, after = _folder_files(old), _folder_files(new)
    out = []
    for rel in sorted(before.keys() | after.keys()):
        if rel not in before:
            out.append(f"{rel} (added)")
        elif rel not in after:
            out.append(f"{rel} (removed)")
        elif before[rel] != after[rel]:
            out.append(f"{rel} (modified)")
    return out


# -- the comparison -----------------------------------------------------------------


def _attachments(r: Response, scan: ScanResult) -> list[AttachmentInfo]:
    out = []
    for a in r.data.attachments:
        info = AttachmentInfo(a.path, a.title)
        report = scan.attachments.get(f"{r.rel_folder}/{a.path}")
        if report is not None and report.facts is not None:
            facts = report.facts
            info.media_type, info.size, info.pages, info.text_layer = facts.media_type, facts.size, facts.pages, facts.has_text_layer
        out.append(info)
    return out


def _changed_fields(old: ResponseData, new: ResponseData) -> list[str]:
    return [name for name in ResponseData.model_fields if getattr(old, name) != getattr(new, name)]


def _entry(r: Response, flagged: set[int]) -> Entry:
    return Entry(
        reference=r.reference,
        title=_shown_title(r, flagged),
        folder=r.rel_folder,
        url=r.url,
        publish_after=r.data.publish_after,
    )


def compare_logs(
    base: Log,
    head: Log,
    scan: ScanResult,
    gate: Gate,
    *,
    base_label: str,
    head_label: str,
    tree_findings: Iterable[Finding] = (),
    notes: Iterable[str] = (),
) -> ChangeReport:
    """Compare BASE with HEAD (loaded and scanned); ``head.today`` decides embargoes.

    ``tree_findings`` are problems of HEAD's git tree itself (a symbolic link
    out of the repository), reported with the rest; ``notes`` go to the report as they are.
    """
    today = head.today
    hide = masker(gate.text)
    findings = sorted(
        [*head.findings, *scan.findings, *tree_findings], key=lambda f: (f.path, f.page or 0, f.line or 0, f.field or "", f.rule)
    )
    report = ChangeReport(
        base=base_label,
        head=head_label,
        today=today,
        findings=[f for f in findings if f.acknowledged is None],
        acknowledged=[f for f in findings if f.acknowledged is not None],
        notes=list(notes),
    )
    all_findings = head.findings + scan.findings
    old_by_folder = {r.rel_folder: r for r in base.responses}
    new_by_folder = {r.rel_folder: r for r in head.responses}
    unpaired_new = {k: r for k, r in new_by_folder.items() if k not in old_by_folder}

    def new_flagged(r: Response) -> set[int]:
        return _flagged_lines(all_findings, r.yml_path)

    # Responses gone from their folder: renamed (with a redirect), moved, or deleted.
    renamed_pairs: list[tuple[Response, Response]] = []
    for folder, old in old_by_folder.items():
        if folder in new_by_folder:
            continue
        successor = next((r for r in unpaired_new.values() if old.reference in r.data.previous_references), None)
        if successor is not None:
            renamed_pairs.append((old, successor))
            del unpaired_new[successor.rel_folder]
            continue
        old_text = _read_text(old.folder / "response.yml")
        entry = _entry(old, _base_flagged(old, old_text, old.yml_path, gate))
        moved = next((r for r in head.responses if r.reference == old.reference), None)
        where = f" (its reference now lives in {moved.rel_folder})" if moved is not None else ""
        entry.problem = (
            f"the folder {folder} was removed{where}: its web address /{old.url} will stop working. "
            "Web addresses are permanent: keep the folder and set `withdrawn:` (date and reason) instead"
        )
        report.deleted.append(entry)

    for r in sorted(unpaired_new.values(), key=lambda r: r.rel_folder):
        entry = _entry(r, new_flagged(r))
        entry.attachments = _attachments(r, scan)
        entry.files = [f"{rel} (added)" for rel in _folder_files(r.folder)]
        if r.data.withdrawn is not None:  # added already withdrawn: only the notice goes public
            entry.withdrawn_date, entry.withdrawn_reason = r.data.withdrawn.date, r.data.withdrawn.reason
            report.withdrawn.append(entry)
        report.added.append(entry)
    suggestions = suggest_related(head, list(unpaired_new.values()))
    for entry in report.added:
        entry.suggested_related = suggestions.get(entry.folder, [])

    pairs = [(old_by_folder[k], new_by_folder[k]) for k in sorted(old_by_folder.keys() & new_by_folder.keys())] + renamed_pairs
    for old, new in pairs:
        flagged_new = new_flagged(new)
        diffs = []
        for name in TEXT_FILES:
            old_text, new_text = _read_text(old.folder / name), _read_text(new.folder / name)
            shown = f"{new.rel_folder}/{name}"
            flagged_old = _base_flagged(old, old_text, shown, gate) if old_text else set()
            flagged_here = flagged_new if name == "response.yml" else _flagged_lines(all_findings, new.md_path)
            diff = unified_diff(shown, old_text, new_text, flagged_old, flagged_here, hide=hide)
            if diff is not None:
                diffs.append(diff)
        fields = _changed_fields(old.data, new.data)
        files = _changed_files(old.folder, new.folder)
        if not fields and not diffs and not files and old.rel_folder == new.rel_folder:
            continue
        entry = _entry(new, flagged_new)
        entry.fields, entry.files, entry.diffs = fields, files, diffs
        entry.attachments = _attachments(new, scan)
        if old.reference != new.reference:
            entry.renamed_from = old.reference
            report.renamed.append(entry)
            if old.reference not in new.data.previous_references and old.url != new.url:
                entry.problem = (
                    f"the reference changed from '{old.reference}' to '{new.reference}': add '{old.reference}' to "
                    f"previous_references so the old web address /{old.url} redirects to the new one"
                )
        if new.data.withdrawn is not None and old.data.withdrawn is None:
            entry.withdrawn_date, entry.withdrawn_reason = new.data.withdrawn.date, new.data.withdrawn.reason
            report.withdrawn.append(entry)
        new_corrections = [c for c in new.data.corrections if c not in old.data.corrections]
        if new_corrections:
            entry.corrections = [(c.date, c.note) for c in new_corrections]
            report.corrected.append(entry)
        report.changed.append(entry)

    touched = {e.folder: e for e in report.added + report.changed}
    for r in sorted(head.responses, key=lambda r: (r.data.publish_after or today, r.rel_folder)):
        if not r.embargoed(today):
            continue
        entry = _entry(r, new_flagged(r))
        entry.embargoed = True
        entry.in_change = r.rel_folder in touched
        report.embargoed.append(entry)
        if entry.in_change:
            touched[r.rel_folder].embargoed = True
    return mask_report(report, hide)


# -- masking ------------------------------------------------------------------------


def _mask_entry(e: Entry, hide: Masker) -> None:
    """Mask, in place, every value of ``e`` that came from data (its diffs are masked when made)."""
    e.reference, e.title, e.folder, e.url = hide(e.reference), hide(e.title), hide(e.folder), hide(e.url)
    e.files = [hide(f) for f in e.files]
    for a in e.attachments:
        a.path, a.title = hide(a.path), hide(a.title)
    if e.renamed_from is not None:
        e.renamed_from = hide(e.renamed_from)
    if e.withdrawn_reason is not None:
        e.withdrawn_reason = hide(e.withdrawn_reason)
    e.corrections = [(d, hide(note)) for d, note in e.corrections]
    if e.problem is not None:
        e.problem = hide(e.problem)
    e.suggested_related = [s.masked(hide) for s in e.suggested_related]


def _mask_finding(f: Finding, hide: Masker) -> Finding:
    """``f`` with its path, field, message and reason masked (the excerpt is masked already)."""
    return replace(
        f,
        path=hide(f.path),
        field=hide(f.field) if f.field else f.field,
        message=hide(f.message),
        acknowledged=hide(f.acknowledged) if f.acknowledged else f.acknowledged,
    )


def mask_report(report: ChangeReport, hide: Masker) -> ChangeReport:
    """``report`` with every detector hit in what it prints masked: the last step, so nothing added later escapes it.

    One entry can sit in several lists (changed and withdrawn): each is masked once.
    """
    seen: set[int] = set()
    for e in report.added + report.changed + report.withdrawn + report.corrected + report.renamed + report.deleted + report.embargoed:
        if id(e) not in seen:
            seen.add(id(e))
            _mask_entry(e, hide)
    report.base, report.head = hide(report.base), hide(report.head)
    report.findings = [_mask_finding(f, hide) for f in report.findings]
    report.acknowledged = [_mask_finding(f, hide) for f in report.acknowledged]
    report.notes = [hide(n) for n in report.notes]
    return report
