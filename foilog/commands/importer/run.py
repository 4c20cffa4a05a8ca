"""Import many letters: read, draft, write, scan, and report on each, never stopping for one bad file.

This is the library entry point behind ``foilog import``; the click command
only turns its results into output and an exit code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from foilog.commands.importer.formats import LetterUnreadable, ReadLimits
from foilog.commands.importer.parse import Draft, draft_from_lines
from foilog.commands.importer.read import kind_of, read_letter
from foilog.commands.importer.sandbox import Sandbox
from foilog.commands.importer.write import WriteRefused, target_folder, write_response
from foilog.gate.leakgate import Gate, make_gate
from foilog.gate.textscan import CompiledConfig, compile_config, scan_text
from foilog.log.findings import Finding
from foilog.log.settings import Project
from foilog.log.topics import Topic, load_topics

IMPORTED, FAILED, SKIPPED = "imported", "failed", "skipped"


@dataclass
class FileResult:
    """What happened to one letter."""

    path: Path
    status: str
    message: str = ""
    folder: Path | None = None
    backup: Path | None = None
    draft: Draft | None = None
    findings: list[Finding] = field(default_factory=list)
    attached: bool = False


@dataclass
class ImportRun:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        return all(r.status == IMPORTED for r in self.results)


def import_letters(
    paths: Iterable[Path],
    project: Project,
    *,
    into: Path | None = None,
    update: bool = False,
    attach_original: bool = False,
    today: dt.date | None = None,
    limits: ReadLimits | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> ImportRun:
    """Import each letter into its own response folder; one failure never stops the others."""
    limits = limits or ReadLimits()
    today = today or dt.date.today()
    gate = make_gate(project.settings)
    topics, _problems = load_topics(project.topics_dir, project.root)
    run = ImportRun()
    with Sandbox(limits) as sandbox:
        for path in paths:
            result = _one(path, project, gate, topics, sandbox, limits, into=into, update=update, attach=attach_original, today=today)
            run.results.append(result)
            if on_file is not None:
                on_file(result)
    return run


def _one(
    path: Path,
    project: Project,
    gate: Gate,
    topics: dict[str, Topic],
    sandbox: Sandbox,
    limits: ReadLimits,
    *,
    into: Path | None,
    update: bool,
    attach: bool,
    today: dt.date,
) -> FileResult:
    try:
        if not path.is_file():
            raise LetterUnreadable("no such file" if not path.exists() else "is not a file")
        letter = read_letter(path, limits, sandbox)
        settings = project.settings
        draft = draft_from_lines(
            letter.lines,
            gate=gate,
            wording=settings.requester_wording,
            topics=topics,
            authorities=settings.authorities,
            default_authority=settings.default_authority,
        )
    except LetterUnreadable as exc:
        return FileResult(path, FAILED, str(exc))
    except (OSError, ValueError, RecursionError) as exc:  # a bug must not end a batch of hundreds
        return FileResult(path, FAILED, f"the letter could not be imported ({type(exc).__name__}: {exc})"[:300])
    if draft.authority is not None and not draft.authority.detected:
        name = project.settings.authority_name(draft.authority.id)
        draft.needs_human.append(f"authority: fell back to the site's default, {name} ({draft.authority.id}): {draft.authority.why}")
    if draft.responded > today:
        draft.needs_human.append(f"the response date {draft.responded} is after today ({today}); check the date on the letter")
    if draft.received and draft.received > draft.responded:
        draft.needs_human.append("the received date is after the response date; check both")
    try:
        folder = target_folder(project, draft, into)
        if folder.exists() and not update:
            rel = os.path.relpath(folder, project.root)
            return FileResult(
                path, SKIPPED, f"{rel} already exists; nothing was changed (use --update to replace it, keeping a backup)", draft=draft
            )
        original = path if attach and kind_of(path) else None
        folder, backup = write_response(project, draft, into=into, update=update, original=original)
    except WriteRefused as exc:
        return FileResult(path, FAILED, str(exc), draft=draft)
    result = FileResult(path, IMPORTED, folder=folder, backup=backup, draft=draft, attached=attach)
    rel = os.path.relpath(folder, project.root).replace(os.sep, "/")
    config = _with_requester(gate, draft.redaction.names)
    for name in ("response.yml", "response.md"):
        result.findings += scan_text((folder / name).read_text("utf-8"), path=f"{rel}/{name}", config=config)
    return result


def _with_requester(gate: Gate, names: tuple[str, ...]) -> CompiledConfig:
    """The leak gate's text rules with the requester's names (learnt from the letter) added to its deny list.

    The gate cannot know the requester's name otherwise, so a form of it the
    redaction missed would pass unreported.
    """
    if not names:
        return gate.text
    base = gate.text.config
    return compile_config(dataclasses.replace(base, deny_list=(*base.deny_list, *names)))
