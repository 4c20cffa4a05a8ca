"""Stage 2, validate: what the schema alone cannot check.

Dates against each other and against today, ids against the vocabularies
(topics, exemptions, authorities), references unique across the log, folder
names derived from the data, and attachment paths that stay inside their
folder. Each check returns findings pointing at the line of the field.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .catalogue import catalogue
from .findings import Finding, Severity
from .model import Log, Response
from .schema_errors import suggest
from .urls import response_url, slugify

_IGNORED = {"response.yml", "response.md"}
#: Files operating systems drop into folders; never published (only listed attachments are), so not worth an error.
_OS_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}


def _error(r: Response, path: tuple[str | int, ...], field: str, message: str, *, warning: bool = False) -> Finding:
    return Finding(
        r.yml_path,
        line=r.line_of(*path),
        field=field,
        message=message,
        severity=Severity.WARNING if warning else Severity.ERROR,
    )


def check_dates(r: Response, today: dt.date) -> Iterator[Finding]:
    d = r.data
    if d.responded < d.received:
        yield _error(
            r,
            ("responded",),
            "responded",
            f"the response date ({d.responded}) is before the date received ({d.received}); check both dates",
        )
    for name in ("received", "responded"):
        value = getattr(d, name)
        if value > today:
            yield _error(r, (name,), name, f"{value} is in the future (today is {today}); only publish_after may be in the future")
    for i, correction in enumerate(d.corrections):
        if correction.date < d.responded:
            yield _error(
                r,
                ("corrections", i, "date"),
                f"corrections[{i}].date",
                f"the correction ({correction.date}) is dated before the response ({d.responded})",
            )
        if correction.date > today:
            yield _error(r, ("corrections", i, "date"), f"corrections[{i}].date", f"{correction.date} is in the future (today is {today})")
    if d.withdrawn:
        if d.withdrawn.date < d.responded:
            yield _error(
                r,
                ("withdrawn", "date"),
                "withdrawn.date",
                f"the withdrawal ({d.withdrawn.date}) is dated before the response ({d.responded})",
            )
        if d.withdrawn.date > today:
            yield _error(r, ("withdrawn", "date"), "withdrawn.date", f"{d.withdrawn.date} is in the future (today is {today})")
    if d.publish_after is not None and d.publish_after < d.responded:
        yield _error(
            r,
            ("publish_after",),
            "publish_after",
            f"the embargo ({d.publish_after}) ends before the response date ({d.responded}); remove publish_after or correct it",
            warning=True,
        )


def check_vocabularies(r: Response, log: Log) -> Iterator[Finding]:
    d = r.data
    authorities = [a.id for a in log.project.settings.authorities]
    if d.authority is not None and d.authority not in authorities:
        yield _error(
            r,
            ("authority",),
            "authority",
            f"unknown authority '{d.authority}' (expected one of: {', '.join(authorities)}){suggest(d.authority, authorities)}",
        )
    if not d.topics:
        yield _error(
            r,
            ("topics",) if ("topics",) in r.lines else ("title",),
            "topics",
            "no topics: add at least one topic id so people can find the response",
            warning=True,
        )
    seen: set[str] = set()
    for i, topic in enumerate(d.topics):
        if topic in seen:
            yield _error(r, ("topics", i), f"topics[{i}]", f"topic '{topic}' is listed twice; keep one")
        seen.add(topic)
        if topic not in log.topics:
            known = sorted(log.topics)
            close = suggest(topic, known) or f" (known topics: {', '.join(known) or 'none yet'})"
            yield _error(r, ("topics", i), f"topics[{i}]", f"unknown topic '{topic}': there is no content/topics/{topic}.md{close}")
    if d.summary is None:
        yield _error(
            r,
            ("summary",) if ("summary",) in r.lines else ("title",),
            "summary",
            "no summary: add one or two sentences saying what was asked and what was released",
            warning=True,
        )


def check_exemptions(r: Response) -> Iterator[Finding]:
    d = r.data
    cat = catalogue()
    listed: set[str] = set()
    for i, use in enumerate(d.exemptions):
        where = ("exemptions", i, "section")
        name = f"exemptions[{i}].section"
        if use.section in listed:
            yield _error(r, where, name, f"{use.section} is listed twice; keep one")
        listed.add(use.section)
        entry = cat.lookup(d.regime, use.section)
        if entry is None:
            others = cat.regimes_citing(use.section)
            if others:
                noun = "exception" if d.regime in ("EIR", "EISR") else "exemption"
                yield _error(
                    r,
                    where,
                    name,
                    f"{use.section} is not an {d.regime} {noun} (it is in {' and '.join(others)}); this response's regime is {d.regime}",
                )
            else:
                yield _error(
                    r,
                    where,
                    name,
                    f"unknown section {use.section} for {d.regime} (expected a section of the {d.regime} exemption catalogue, such as {_examples(d.regime)})",
                )
            continue
        if use.ncnd and not entry.ncnd:
            yield _error(
                r,
                ("exemptions", i, "ncnd"),
                f"exemptions[{i}].ncnd",
                f"{entry.label} ({entry.title}) cannot be applied as neither confirm nor deny (expected ncnd: false)",
            )
    for qi, question in enumerate(d.questions):
        for ei, section in enumerate(question.exemptions):
            if section not in listed:
                yield _error(
                    r,
                    ("questions", qi, "exemptions", ei),
                    f"questions[{qi}].exemptions[{ei}]",
                    f"{section} is not in the response's exemptions list; add it there (with ncnd and public_interest)",
                )
    if d.outcome == "neither-confirm-nor-deny" and not any(u.ncnd for u in d.exemptions):
        yield _error(r, ("outcome",), "outcome", "the outcome is neither-confirm-nor-deny but no exemption has ncnd: true", warning=True)


def _examples(regime: str) -> str:
    ids = [e.id for e in catalogue().entries if e.regime == regime][:3]
    return ", ".join(ids) or "none"


def check_questions(r: Response) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, question in enumerate(r.data.questions):
        if question.number in seen:
            yield _error(
                r,
                ("questions", i, "number"),
                f"questions[{i}].number",
                f"question {question.number} appears twice (first as questions[{seen[question.number]}]); number each question once",
            )
        seen.setdefault(question.number, i)
    if r.data.outcome == "granted-in-full":
        for i, question in enumerate(r.data.questions):
            if question.outcome != "granted-in-full":
                yield _error(
                    r,
                    ("questions", i, "outcome"),
                    f"questions[{i}].outcome",
                    f"the response is granted-in-full but question {question.number} is {question.outcome}; correct one of them",
                    warning=True,
                )


def check_attachments(r: Response) -> Iterator[Finding]:
    listed: set[str] = set()
    folder = r.folder.resolve()
    for i, attachment in enumerate(r.data.attachments):
        where, name = ("attachments", i, "path"), f"attachments[{i}].path"
        raw = attachment.path
        pure = PurePosixPath(raw)
        if raw.startswith(("/", "\\")) or (len(raw) > 1 and raw[1] == ":"):
            yield _error(
                r, where, name, f"'{raw}' is an absolute path (expected a path inside the response folder, such as attachments/table.xlsx)"
            )
            continue
        if "\\" in raw or ".." in pure.parts:
            yield _error(
                r, where, name, f"'{raw}' leaves the response folder (expected a path inside it with '/', such as attachments/table.xlsx)"
            )
            continue
        normal = pure.as_posix()
        if normal in _IGNORED:
            yield _error(r, where, name, f"'{raw}' is the response itself, not an attachment; remove it from attachments")
            continue
        if normal in listed:
            yield _error(r, where, name, f"'{raw}' is listed twice; keep one")
        listed.add(normal)
        target = r.folder / normal
        if _has_symlink(r.folder, normal):
            yield _error(r, where, name, f"'{raw}' is a symbolic link; put the real file in the folder")
        elif target.is_dir():
            yield _error(r, where, name, f"'{raw}' is a folder (expected the path of a file in it, such as {normal}/table.xlsx)")
        elif not target.is_file():
            yield _error(r, where, name, f"'{raw}' does not exist in {r.rel_folder}; add the file or correct the path")
        elif not target.resolve().is_relative_to(folder):  # pragma: no cover - symlinks caught above
            yield _error(r, where, name, f"'{raw}' leaves the response folder")
    for path in sorted(r.folder.rglob("*")):
        rel = path.relative_to(r.folder).as_posix()
        if path.is_symlink() and rel not in listed and not any(item.startswith(rel + "/") for item in listed):
            yield Finding(
                f"{r.rel_folder}/{rel}",
                message="symbolic links are not allowed in a response folder; replace it with the real file or delete it",
            )
        elif path.is_file() and rel not in listed and rel not in _IGNORED and path.name not in _OS_JUNK:
            yield Finding(
                f"{r.rel_folder}/{rel}", message=f"file is not listed in attachments of {r.yml_path}; list it with a title, or delete it"
            )


def attachment_file(r: Response, raw: str) -> Path | None:
    """The attachment's file if its path is safe to open, else None (validation says why).

    Later stages (scan, copy into the site) must only open files through this:
    an absolute path or ``..`` in ``response.yml`` must never read outside the folder.
    """
    pure = PurePosixPath(raw)
    normal = pure.as_posix()
    if raw.startswith(("/", "\\")) or (len(raw) > 1 and raw[1] == ":") or "\\" in raw or ".." in pure.parts or normal in _IGNORED:
        return None
    target = r.folder / normal
    if _has_symlink(r.folder, normal) or not target.is_file() or not target.resolve().is_relative_to(r.folder.resolve()):
        return None
    return target


def _has_symlink(folder: Path, rel: str) -> bool:
    current = folder
    for part in PurePosixPath(rel).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def check_log(log: Log) -> Iterator[Finding]:
    """Checks across responses: unique references and URLs, folder names."""
    by_reference: dict[str, list[Response]] = defaultdict(list)
    by_url: dict[str, list[Response]] = defaultdict(list)
    root = log.project.root
    for r in log.responses:
        if not r.slug:
            yield _error(
                r,
                ("reference",),
                "reference",
                f"the reference '{r.reference}' has no letters or digits (expected the reference printed on the letter)",
            )
            continue
        by_reference[r.reference].append(r)
        by_url[r.url].append(r)
        expected = log.project.responses_dir / str(r.year) / r.slug
        if r.folder.resolve() != expected.resolve():
            want = expected.relative_to(root).as_posix() if expected.is_relative_to(root) else expected.as_posix()
            yield _error(
                r,
                ("reference",),
                "reference",
                f"the folder is {r.rel_folder} but reference '{r.reference}' with a response date in {r.year} belongs in {want}; rename the folder (or correct the reference or responded date)",
            )
    for reference, group in by_reference.items():
        if len(group) > 1:
            for r in group:
                others = ", ".join(o.yml_path for o in group if o is not r)
                yield _error(
                    r, ("reference",), "reference", f"reference '{reference}' is used again in {others}; references must be unique"
                )
    for r in log.responses:
        for i, previous in enumerate(r.data.previous_references):
            old_url = response_url(r.year, slugify(previous))
            taken = by_url.get(old_url)
            if previous == r.reference or old_url == r.url:
                yield _error(
                    r,
                    ("previous_references", i),
                    f"previous_references[{i}]",
                    f"'{previous}' is this response's own reference; remove it from previous_references",
                )
            elif taken:
                yield _error(
                    r,
                    ("previous_references", i),
                    f"previous_references[{i}]",
                    f"'{previous}' would redirect /{old_url} away from {taken[0].yml_path}, which lives there; remove it from previous_references",
                )
    for group in by_url.values():
        refs = {r.reference for r in group}
        if len(refs) > 1:
            for r in group:
                others = ", ".join(f"'{o.reference}'" for o in group if o is not r)
                yield _error(
                    r,
                    ("reference",),
                    "reference",
                    f"reference '{r.reference}' gives the same web address /{response_url(r.year, r.slug)} as {others}; make the references differ by more than punctuation",
                )


def validate_log(log: Log) -> list[Finding]:
    """Every check over every response, then the checks across responses."""
    findings: list[Finding] = []
    for r in log.responses:
        findings += check_dates(r, log.today)
        findings += check_vocabularies(r, log)
        findings += check_exemptions(r)
        findings += check_questions(r)
        findings += check_attachments(r)
    findings += check_log(log)
    return findings
