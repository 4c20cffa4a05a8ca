"""``foilog import FILE...``: response letters in, response folders for review out.

Only this module prints and chooses exit codes (0 every letter imported; 1 a
letter failed or its folder already exists; 2 usage error or unreadable
site configuration), like the rest of the ``foilog`` command line.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import click

from foilog.commands.errors import FoilogUsageError, exit_with
from foilog.commands.importer.parse import Draft
from foilog.commands.importer.report import markdown_report, write_atomically
from foilog.commands.importer.run import FAILED, IMPORTED, SKIPPED, FileResult, ImportRun, import_letters
from foilog.commands.options import config_option, project, today_option

ORIGINAL_WARNING = "the original letter usually carries the requester's name and address: redact it before publishing, or remove it"


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd()).replace(os.sep, "/")
    except ValueError:
        return path.as_posix()


def file_report(result: FileResult) -> str:
    """The report of one letter: what was found, guessed, removed, and what needs a person."""
    head = f"{_rel(result.path)}: {result.status}"
    if result.status != IMPORTED:
        return f"{head}: {result.message}\n"
    d = result.draft
    assert d is not None and result.folder is not None
    lines = [f"{head} -> {_rel(result.folder)}/"]
    exemptions = ", ".join(e.section + (" (NCND)" if e.ncnd else "") for e in d.exemptions) or "none"
    lines.append(
        f"  found: reference {d.reference}; responded {d.responded}; received {d.received or 'not found'}; regime {d.regime}; "
        f"exemptions {exemptions}; " + "; ".join(d.found) + _authority_found(d)
    )
    guessed = [f"{k} ({v})" for k, v in d.guessed.items()]
    guessed += [f"ncnd of {e.section} ({e.why})" for e in d.exemptions if e.ncnd]
    guessed += [f"answer {q.number} ({q.answer_guessed})" for q in d.questions if q.answer_guessed]
    lines.append(
        f"  guessed (marked '# guessed' in response.yml): outcome {d.outcome}, topics {', '.join(d.topics) or 'none'}; "
        + "; ".join(guessed)
    )
    r = d.redaction
    removed = []
    if r.name_found:
        mentions = f"{r.name_occurrences} {'other ' if r.in_salutation else ''}mention{'s' if r.name_occurrences != 1 else ''}"
        removed.append(f"the requester's name ({'salutation, and ' if r.in_salutation else ''}{mentions})")
    if r.address_lines:
        removed.append(f"{r.address_lines} line{'s' if r.address_lines != 1 else ''} of the requester's address")
    if r.emails:
        removed.append(f"{r.emails} personal e-mail address{'es' if r.emails != 1 else ''}")
    if r.signature_lines:
        removed.append(f"{r.signature_lines} staff name{'s' if r.signature_lines != 1 else ''} in the signature")
    lines.append(f"  removed: {'; '.join(removed) or 'nothing'}")
    for note in d.notes:
        lines.append(f"  check: {note}")
    for need in d.needs_human:
        lines.append(f"  needs a human: {need}")
    if result.attached:
        lines.append(f"  warning: attached the original letter; {ORIGINAL_WARNING}")
    if result.backup is not None:
        lines.append(f"  replaced an existing response; the old folder is kept in {_rel(result.backup)}/")
    if result.findings:
        lines.append(f"  leak gate: {len(result.findings)} finding{'s' if len(result.findings) != 1 else ''} left for the reviewer:")
        lines += [f"    {f.location()}: {f.rule} ({f.severity.value}) [{f.excerpt}]" for f in result.findings]
    else:
        lines.append("  leak gate: no personal data found in the imported text")
    return "\n".join(lines) + "\n"


def _authority_found(d: Draft) -> str:
    if d.authority is None or not d.authority.detected:
        return ""  # a fallback is listed under "needs a human"
    return f"; authority {d.authority.id}"


def summary(run: ImportRun) -> str:
    return f"Imported {run.count(IMPORTED)}, failed {run.count(FAILED)}, skipped {run.count(SKIPPED)} (of {len(run.results)} letters)."


def _check_report(path: Path, overwrite: bool, responses: Path) -> None:
    """Refuse a report that cannot be written, or would replace a file, before importing anything (not after hundreds).

    The report is written beside its final name and renamed into place, so the
    folder must take a new file; an existing file is replaced only with
    ``--overwrite-report`` (it may be last week's report, or something else
    entirely); and a report inside the responses folder would be read as part of the log.
    """
    where = path.resolve()
    if where.is_relative_to(responses.resolve()):
        raise FoilogUsageError(
            f"the report {path} is inside the responses folder {_rel(responses)}; write it outside the log. Nothing was imported"
        )
    if where.is_dir():
        raise FoilogUsageError(f"cannot write the report {path}: it is a folder; nothing was imported")
    if where.exists() and not overwrite:
        raise FoilogUsageError(
            f"the report {path} already exists; nothing was imported (choose another file name, or add --overwrite-report to replace it)"
        )
    try:
        with tempfile.NamedTemporaryFile(dir=where.parent, prefix=f".{where.name}.", suffix=".tmp"):
            pass
    except OSError as exc:
        raise FoilogUsageError(f"cannot write the report {path}: {exc.strerror or exc}; nothing was imported") from None


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="The responses folder (default: responses_dir of mkdocs.yml).",
)
@click.option("--update", is_flag=True, help="Replace an existing response folder, keeping a backup in .foilog-backups/.")
@click.option("--attach-original", is_flag=True, help="Copy the letter into attachments/ (it usually carries the requester's name).")
@config_option()
@today_option("Import as if today were this date (for the date checks).")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also write a Markdown report for the reviewer (found, guessed, removed, needs a human) to this file, outside the log.",
)
@click.option("--overwrite-report", is_flag=True, help="Replace the --report file if it exists (otherwise an existing file is refused).")
def import_command(
    files: tuple[Path, ...],
    into: Path | None,
    update: bool,
    attach_original: bool,
    config_file: str,
    today: dt.date | None,
    report_file: Path | None,
    overwrite_report: bool,
) -> None:
    """Turn response letters (PDF, DOCX, TXT, MD) into response folders for review; never overwrites (`--update` keeps a backup)."""
    site = project(config_file)
    if report_file is not None:
        _check_report(report_file, overwrite_report, into or site.responses_dir)

    def show(result: FileResult) -> None:
        text = file_report(result)
        if progress is None or task is None:
            click.echo(text.rstrip("\n"))
        else:  # printed above the progress bar, as it is: a letter's text may hold "[...]"
            progress.console.print(text.rstrip("\n"), markup=False, highlight=False, soft_wrap=True)
            progress.advance(task)

    progress = None
    task = None
    if len(files) > 1 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        progress = Progress(console=Console(stderr=True), transient=True)
        task = progress.add_task("Importing letters", total=len(files))
        progress.start()
    try:
        run = import_letters(list(files), site, into=into, update=update, attach_original=attach_original, today=today, on_file=show)
    finally:
        if progress is not None:
            progress.stop()
    line = summary(run)
    click.echo(line)
    if report_file is not None:
        try:
            write_atomically(report_file, markdown_report(run, line, _rel, site.settings))
        except OSError as exc:
            raise FoilogUsageError(f"cannot write the report {report_file}: {exc.strerror or exc}") from None
        click.echo(f"Report written to {_rel(report_file)}.")
    exit_with(0 if run.ok else 1)
