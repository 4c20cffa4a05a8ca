"""``foilog diff [BASE [HEAD]]``: what a change publishes, for reviewers.

Registered on the ``foilog`` group by :mod:`foilog.commands.cli` (``main.add_command(diff_command, "diff")``).
Exit codes follow the CLI contract: 0 clean, 1 when HEAD has error findings
or validation errors (so a pull request's check fails), 2 on a usage error
(an unknown revision, no git repository, an unreadable mkdocs.yml).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shlex
import tempfile
from pathlib import Path, PurePosixPath

import click

from foilog.commands.diff.compare import compare_logs
from foilog.commands.diff.gitrev import NOWHERE, GitError, Tree, default_base, materialise, resolve, toplevel
from foilog.commands.diff.render import FORMATS, render
from foilog.commands.diff.shorten import DEFAULT_MAX_BYTES, MIN_MAX_BYTES
from foilog.commands.diff.visibility import VISIBILITIES, repository_visibility
from foilog.commands.errors import FoilogUsageError, exit_with
from foilog.commands.options import config_option, deny_list_option, project, today_option
from foilog.engine.mkdocs_config import load_project
from foilog.gate.leakgate import make_gate
from foilog.log.findings import Category, Finding
from foilog.log.load import load_log
from foilog.log.settings import Project, SettingsError
from foilog.site.pipeline import check_project


def base_project(config: Path, head: Project) -> Project:
    """BASE's project; with HEAD's settings where BASE has no (valid) mkdocs.yml yet."""
    if config.is_file():
        try:
            return load_project(config, warn=lambda message: None)  # BASE's warnings are not this change's
        except SettingsError:
            pass  # a broken BASE configuration: read its responses with HEAD's settings
    root = config.parent
    return Project(
        root=root,
        docs_dir=root / head.docs_dir.relative_to(head.root) if head.docs_dir.is_relative_to(head.root) else root / "docs",
        responses_dir=root / head.settings.responses_dir,
        site_name=head.site_name,
        settings=head.settings,
    )


#: The message of a link out of HEAD's tree, in the words `foilog check` uses for links.
LINK_OUTSIDE = "symbolic link to a place outside the repository; replace it with the real file or delete it"
UNSAFE_PATH = "this entry of the git tree cannot be written safely (a malformed tree), so it was not compared; fix the commit"


def _outside(finding: Finding) -> Finding:
    """A link finding about gitrev's placeholder target, in the words of a link out of the repository."""
    if NOWHERE in finding.message:
        return dataclasses.replace(finding, message=LINK_OUTSIDE)
    return finding


def tree_problems(tree: Tree, project_root: PurePosixPath, known: list[Finding]) -> tuple[list[Finding], list[str]]:
    """Findings for HEAD's links out of the tree and malformed entries; notes for its submodules.

    A link in a response folder is already reported by validation, in the words
    of `foilog check` (the link is kept, pointing nowhere); it is not reported twice.
    """
    linked = {f.path for f in known if "symbolic link" in f.message}
    findings, notes = [], []
    for skipped in tree.skipped:
        path = PurePosixPath(skipped.path)
        shown = path.relative_to(project_root).as_posix() if path.is_relative_to(project_root) else skipped.path
        if skipped.kind == "submodule":
            notes.append(f"HEAD: {skipped.note()}")
        elif skipped.kind == "symlink-outside":
            if shown not in linked:
                findings.append(Finding(shown, rule="symlink-outside", category=Category.UNSAFE_FILE, message=LINK_OUTSIDE))
        else:
            findings.append(Finding(shown, rule="unsafe-path", category=Category.UNSAFE_FILE, message=UNSAFE_PATH))
    return findings, notes


def _max_bytes(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and 0 < value < MIN_MAX_BYTES:
        raise click.BadParameter(f"expected 0 (no limit) or at least {MIN_MAX_BYTES} bytes, got {value}")
    return value


def _visibility(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``public``, ``private`` or ``internal``; empty (an event without the field) means: find out from the event."""
    if value and value not in VISIBILITIES:
        raise click.BadParameter(f"expected one of {', '.join(VISIBILITIES)} (or nothing), got '{value}'")
    return value or None


@click.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True, help="Markdown for job summaries, or JSON."
)
@config_option()
@today_option("Report embargoes as if today were this date.")
@deny_list_option
@click.option(
    "--max-bytes",
    metavar="N",
    type=click.IntRange(min=0),
    callback=_max_bytes,
    default=None,
    help=f"Shorten the Markdown summary to at most this many bytes, keeping the counts, tables and findings first "
    f"(default {DEFAULT_MAX_BYTES}: GitHub shows at most 1 MiB of a job summary); 0 for no limit.",
)
@click.option(
    "--visibility",
    metavar="public|private|internal",
    callback=_visibility,
    default=None,
    help="The repository's visibility; a public repository's summary says that an embargo does not hide a response's files. "
    "Default: from GitHub Actions' event ($GITHUB_EVENT_PATH), else unknown.",
)
def diff_command(
    base: str | None,
    head: str | None,
    fmt: str,
    config_file: str,
    today: dt.date | None,
    deny_list: tuple[str, ...],
    max_bytes: int | None,
    visibility: str | None,
) -> None:
    """Show what a change publishes: responses added, changed, withdrawn, corrected, renamed, deleted and embargoed, and every finding.

    Used for the pull-request summary. Every piece of personal data the leak gate's detectors
    find is masked, as findings' excerpts are. BASE defaults to origin/main (or main); HEAD
    defaults to the working tree. `--max-bytes N` shortens the Markdown summary to at most N
    bytes (under GitHub's 1 MiB job-summary limit by default); `--visibility` (default: read
    from the GitHub Actions event) makes a public repository's summary say that an embargo
    does not hide a response's files.
    """
    if fmt == "json" and max_bytes:
        raise FoilogUsageError("--max-bytes shortens the Markdown summary only; JSON is never shortened (leave --max-bytes out)")
    if max_bytes is None:
        max_bytes = DEFAULT_MAX_BYTES if fmt == "markdown" else 0
    today = today or dt.date.today()
    config = Path(config_file).absolute()
    try:
        if not config.parent.is_dir():
            raise GitError(f"{config_file}: no such folder")
        repo = toplevel(config.parent)
        try:
            rel = config.resolve().relative_to(repo)
        except ValueError:
            raise GitError(f"{config_file} is not inside the git repository at {repo}") from None
        base = base or default_base(repo)
        base_commit = resolve(repo, base)
        head_commit = resolve(repo, head) if head else None
        with tempfile.TemporaryDirectory(prefix="foilog-diff-") as tmp:
            base_tree = materialise(repo, base_commit, Path(tmp) / "base")
            head_tree = None
            if head_commit is not None:
                head_tree = materialise(repo, head_commit, Path(tmp) / "head")
                head_config = head_tree.root / rel
                if any(s.path == rel.as_posix() and s.kind == "symlink-outside" for s in head_tree.skipped):
                    raise FoilogUsageError(
                        f"{rel.as_posix()} in {head} is a symbolic link to a place outside the repository; replace it with the real file"
                    )
                if not head_config.is_file():
                    raise FoilogUsageError(f"{rel.as_posix()} does not exist in {head}")
            else:
                head_config = config
            head_project = project(head_config)
            cache_root = config.parent if config.is_file() else None
            gate = make_gate(head_project.settings, deny_list=deny_list, cache_root=cache_root)
            base_log = load_log(base_project(base_tree.root / rel, head_project), today)
            head_log, scan = check_project(head_project, today, gate)
            # A link out of HEAD's tree is written pointing at a placeholder (gitrev.NOWHERE): say where it really went.
            head_log.findings[:] = [_outside(f) for f in head_log.findings]
            notes = [f"BASE: {s.note()}" for s in base_tree.skipped if s.kind != "unsafe-path"]
            tree_findings: list[Finding] = []
            if head_tree is not None:
                tree_findings, head_notes = tree_problems(head_tree, PurePosixPath(rel.parent.as_posix()), head_log.findings)
                notes += head_notes
            report = compare_logs(
                base_log,
                head_log,
                scan,
                gate,
                base_label=f"{base} ({base_commit[:12]})",
                head_label=f"{head} ({head_commit[:12]})" if head_commit else "the working tree",
                tree_findings=tree_findings,
                notes=notes,
            )
    except GitError as exc:
        raise FoilogUsageError(str(exc)) from None
    report.visibility = repository_visibility(visibility)
    revisions = f"{base_commit[:12]} {head_commit[:12]}" if head_commit else base_commit[:12]
    shown = rel.as_posix()
    if shown == "mkdocs.yml":
        config_option = ""
    elif shown.isprintable() and "`" not in shown:  # it goes in a Markdown code span
        config_option = f" -f {shlex.quote(shown)}"
    else:
        config_option = " -f PATH/TO/mkdocs.yml"
    rerun = f"foilog diff {revisions}{config_option} --today {today.isoformat()} --max-bytes 0"
    click.echo(render(report, fmt, max_bytes, rerun), nl=False)
    # A deleted folder or a reference renamed without previous_references breaks a
    # permanent public URL: that fails the check like an error does.
    exit_with(1 if report.errors or report.problems else 0)
