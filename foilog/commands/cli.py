"""The ``foilog`` command line. The only place errors become exit codes.

Exit codes (a contract): 0 clean; 1 findings or validation errors; 2 usage
error, or an input that could not be read at all.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from foilog import __version__
from foilog.commands.errors import FoilogFailure, FoilogUsageError, exit_with
from foilog.commands.options import DATE, config_option, deny_list_option, project, today_option
from foilog.commands.process_end import end_now, take_process
from foilog.commands.report import FORMATS, render
from foilog.commands.scaffold import ScaffoldError, scaffold_response, topic_ids
from foilog.commands.terminal import running_in_ci, showing_progress
from foilog.commands.unmask import unmask
from foilog.gate.attachments import Limits
from foilog.gate.leakgate import make_gate, scan_paths
from foilog.log.findings import Finding, one_line
from foilog.log.schema import json_schema_text
from foilog.site.pipeline import check_project
from foilog.site.publish.documents import document_schema_text

if TYPE_CHECKING:
    from foilog.engine.mkdocs_build import BuiltSite

UNMASK = click.option(
    "--unmask",
    "unmask_excerpts",
    is_flag=True,
    help="Show excerpts as written (J*** S**** becomes the name) on your own terminal, for findings in text files. "
    "Refused in CI (CI or GITHUB_ACTIONS set) and with --format json or github: those outputs end up in logs.",
)


def _refuse_unmask(fmt: str) -> None:
    """``--unmask`` only where the output stays on the editor's screen: a CI log of a public repository is public."""
    if running_in_ci():
        raise FoilogUsageError(
            "--unmask is refused in CI (CI or GITHUB_ACTIONS is set): CI logs may be public; run it on your own computer"
        )
    if fmt != "text":
        raise FoilogUsageError(f"--unmask is refused with --format {fmt}: that output is for tools and logs; use --format text")


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.path, f.page or 0, f.line or 0, f.field or "", f.rule)


NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="Read and write no cache (.foilog-cache/): scan everything again, as a deploy must. Default: $FOILOG_NO_CACHE.",
)


def _exit_code(findings: list[Finding], strict: bool) -> int:
    if any(f.is_error for f in findings):
        return 1
    if strict and any(f.blocks_strict for f in findings):
        return 1
    return 0


EXPLAIN = click.option(
    "--explain",
    "explain_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Also write a picture (PNG) of every PDF page with hidden content into DIR: the page as a reader sees it, each "
    "hidden run outlined in red and labelled with its rule and masked text. DIR is created if missing; pictures of an "
    "earlier run are replaced, any other file is never overwritten.",
)


def _explain(findings: list[Finding], files: dict[str, Path], folder: Path, limits: Limits, code: int) -> int:
    """Write the --explain pictures, one line each on standard error (standard output holds the report).

    A picture that could not be written (a file of its name that foilog did not make, or
    an unwritable folder) makes the exit code 2: the reviewer would otherwise miss it.
    """
    from foilog.gate.attachments.explain import write_explanations

    refused = False
    for status, line in write_explanations(findings, files, folder, limits):
        click.echo(one_line(line), err=True)
        refused = refused or status == "refused"
    return 2 if refused else code


class _Group(click.Group):
    """Turns an unexpected exception into one plain message: users never see a traceback.

    Set FOILOG_DEBUG=1 to get the traceback when reporting a bug.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("FOILOG_DEBUG"):
                raise
            raise FoilogUsageError(
                f"foilog stopped unexpectedly ({type(exc).__name__}: {exc}). Nothing was published. "
                "This is a bug in foilog: please report it with the command you ran (FOILOG_DEBUG=1 shows the details)."
            ) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="foilog")
def main() -> None:
    """Publish Freedom of Information responses as a disclosure log."""


@main.command()
@config_option()
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output for people, tools or GitHub annotations."
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (CI uses this).")
@today_option("Check as if today were this date.")
@NO_CACHE
@deny_list_option
@EXPLAIN
@UNMASK
def check(
    config_file: str,
    fmt: str,
    strict: bool,
    today: dt.date | None,
    no_cache: bool,
    deny_list: tuple[str, ...],
    explain_dir: Path | None,
    unmask_excerpts: bool,
) -> None:
    """Load, validate and scan the whole log and its attachments, without building the site.

    `--explain DIR` also draws each PDF page with hidden text, the hidden runs outlined.
    `--unmask` shows the excerpts unmasked (text files; not in CI).
    """
    if unmask_excerpts:
        _refuse_unmask(fmt)
    site = project(config_file, strict=strict)
    gate = make_gate(site.settings, deny_list=deny_list, cache_root=None if no_cache else site.root)
    log, scan = check_project(site, today, gate)
    findings = sorted(log.findings + scan.findings, key=_order)
    shown = unmask(findings, {f.path: site.root / f.path for f in findings}) if unmask_excerpts else findings
    click.echo(render(shown, fmt, max(log.files_checked, scan.files_scanned)), nl=False)
    code = _exit_code(findings, strict)
    if explain_dir is not None:
        code = _explain(findings, {f.path: site.root / f.path for f in findings}, explain_dir, gate.limits, code)
    exit_with(code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output for people, tools or GitHub annotations."
)
@config_option(default=None, help="mkdocs.yml whose foilog options (allowlist, custom rules) apply; default: ./mkdocs.yml if present.")
@deny_list_option
@EXPLAIN
@UNMASK
def scan(
    paths: tuple[Path, ...], fmt: str, config_file: str | None, deny_list: tuple[str, ...], explain_dir: Path | None, unmask_excerpts: bool
) -> None:
    """Scan any files or folders for personal data and hidden content (txt, md, yml, csv, html, pdf, xlsx, docx, jpg, png, webp, gif, tiff).

    `--explain DIR` and `--unmask` as for `check`.
    """
    if unmask_excerpts:
        _refuse_unmask(fmt)
    settings = None
    if config_file or Path("mkdocs.yml").is_file():
        settings = project(config_file or "mkdocs.yml").settings
    gate = make_gate(settings, deny_list=deny_list)
    result = scan_paths(list(paths), gate)
    findings = sorted(result.findings, key=_order)
    shown = unmask(findings, {f.path: Path(f.path) for f in findings}) if unmask_excerpts else findings
    click.echo(render(shown, fmt, result.files_scanned), nl=False)
    code = _exit_code(findings, strict=False)
    if explain_dir is not None:
        # scan_paths names each file by its path as given, so the display path is the file
        code = _explain(findings, {display: Path(display) for display in result.attachments}, explain_dir, gate.limits, code)
    exit_with(code)


@main.command()
@config_option()
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False),
    default=None,
    metavar="DIR",
    help="Where to write the site (default: site_dir of mkdocs.yml).",
)
@today_option("Build as if today were this date (embargoes end on it).")
@click.option("--strict", is_flag=True, help="Fail on warnings too (CI uses this).")
@click.option(
    "--preview",
    is_flag=True,
    help="Allow personal-data warnings (a build refuses them by default) and mark every page 'Preview — not for publication' "
    "and noindex; the deploy workflow refuses such a site.",
)
@NO_CACHE
@deny_list_option
def build(
    config_file: str, site_dir: str | None, today: dt.date | None, strict: bool, preview: bool, no_cache: bool, deny_list: tuple[str, ...]
) -> None:
    """Check, scan, build the site with MkDocs, search index, feeds, open data, then sweep `site/` for leaks.

    Builds into a temporary folder and swaps it in only on success. Same as `python build_site.py`.
    A build is for publication: besides errors it refuses every unacknowledged personal-data
    warning (see "Builds for publication and previews" in README.md); `--preview` allows them
    and marks every page. One build at a time per site folder: a second build waits for the
    first (lock file `.site.lock` beside the site; gives up after 15 minutes,
    `FOILOG_BUILD_LOCK_TIMEOUT` seconds) and removes the staging folders of killed builds.
    `--no-cache` (or `FOILOG_NO_CACHE=1`) reads and writes no cache, as the deploy does.
    On a terminal it shows its progress (not in CI); it ends with one line: responses
    published, withdrawn and embargoed, findings and time.
    """
    from foilog.engine.mkdocs_build import BuildFailed, run_build

    if preview and strict:
        raise FoilogUsageError("--preview allows the warnings --strict refuses; use one or the other")
    try:
        with showing_progress():
            built = run_build(
                Path(config_file),
                site_dir=Path(site_dir) if site_dir else None,
                today=today,
                strict=strict,
                deny_list=deny_list,
                no_cache=no_cache,
                preview=preview,
            )
    except BuildFailed as exc:
        # a refusal's finding list (indented) and its fix continue the error above them
        raise (FoilogUsageError if exc.usage else FoilogFailure)(*exc.messages) from None
    click.echo(built_line(built, preview=preview, strict=strict))
    end_now(0)  # the `foilog` command: the site is written; freeing the build's heap would only delay the exit


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def built_line(built: BuiltSite, *, preview: bool, strict: bool) -> str:
    """The one line a build ends with: where, what it publishes, what it found, how long; and what CI would say.

    ``Built the site in site/: 15 responses published, 2 withdrawn, 1 embargoed; 0 errors, 3 warnings; 12.3 s.
    CI's strict build (--strict) would refuse the warnings.``
    """
    shown = os.path.relpath(built.site_dir, Path.cwd())
    where = built.site_dir if shown.startswith("..") else shown
    head = (
        f"Built a preview in {where}/ (Preview — not for publication: every page says so; the deploy workflow refuses it)"
        if preview
        else f"Built the site in {where}/"
    )
    s = built.summary
    if s is None:
        return f"{head} in {built.seconds:.1f} s."
    found = f"{_plural(s.errors, 'error')}, {_plural(s.warnings, 'warning')}"
    if s.swept_warnings:
        found += f" ({s.swept_warnings:,} in the built site)"
    if s.acknowledged:
        found += f", {s.acknowledged:,} acknowledged"
    line = f"{head}: {_plural(s.published, 'response')} published, {s.withdrawn:,} withdrawn, {s.embargoed:,} embargoed; {found}; {built.seconds:.1f} s."
    if (s.warnings or s.swept_warnings) and not strict:
        line += " CI's strict build (--strict) would refuse the warnings."
    return line


@main.command()
@config_option()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT", help="Address to serve the preview on.")
@today_option("Preview as if today were this date (embargoes end on it).")
def serve(config_file: str, dev_addr: str, today: dt.date | None) -> None:
    """Live preview of the site: rebuilds when a response or page changes.

    Prints the address it serves. When a build fails, the terminal and every page in the
    browser (HTTP 500) say why, until a rebuild succeeds ("Rebuilt").

    A preview: it allows personal-data warnings, and every page is marked "Preview — not for
    publication" and `noindex` (so is `mkdocs serve`).
    """
    from mkdocs.exceptions import Abort, ConfigurationError

    from foilog.engine.mkdocs_serve import serve_preview

    if not Path(config_file).is_file():
        raise FoilogUsageError(f"{config_file} not found; run in the folder that holds mkdocs.yml or pass --config-file")
    if today is not None:
        os.environ["FOILOG_TODAY"] = today.isoformat()
    try:
        serve_preview(config_file, dev_addr=dev_addr, say=click.echo, warn=lambda line: click.echo(one_line(line), err=True))
    except (Abort, ConfigurationError) as exc:
        raise FoilogFailure(str(exc)) from None
    except OSError as exc:  # the address is taken, or not this machine's
        raise FoilogUsageError(f"cannot serve on {dev_addr}: {exc.strerror or exc}; pass another address with --dev-addr") from None


@main.command()
@click.argument("reference")
@config_option()
@click.option("--responded", type=DATE, default=None, help="Date of the response letter (default: today).")
@click.option("--received", type=DATE, default=None, help="Date the request was received (for the time-limit checks).")
@click.option(
    "--regime",
    type=click.Choice(["FOIA", "EIR", "FOISA", "EISR"]),
    default="FOIA",
    show_default=True,
    help="The law the request was answered under.",
)
@click.option(
    "--topic",
    "topics",
    multiple=True,
    metavar="ID",
    help="A topic of the response (repeat for more): the id of a page in content/topics/. "
    "An unknown id is refused with the list of ids; without --topic, the ids are listed after the folder is made.",
)
def new(
    reference: str, config_file: str, responded: dt.date | None, received: dt.date | None, regime: str, topics: tuple[str, ...]
) -> None:
    """Scaffold an empty response: a folder for REFERENCE, ready to fill in.

    The folder gets the permissions of `responses/`. `--topic ID` fills in `topics:`.
    """
    site = project(config_file)
    try:
        folder = scaffold_response(site, reference, responded=responded or dt.date.today(), received=received, regime=regime, topics=topics)
    except ScaffoldError as exc:
        raise FoilogUsageError(str(exc)) from None
    rel = folder.relative_to(site.root).as_posix()
    click.echo(f"Created {rel}/response.yml and response.md; fill in the fields marked TODO, then run `foilog check`.")
    if not topics:
        available = topic_ids(site)
        click.echo(
            f"Topics of this log (for `topics:`): {', '.join(available) if available else 'none yet (add a page to content/topics/)'}"
        )


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    metavar="FILE",
    help="Write to this file instead of standard output.",
)
@click.option(
    "--document",
    is_flag=True,
    help="The schema of a response's published JSON document (/data/response-document.schema.json) instead.",
)
def schema(output: str | None, document: bool) -> None:
    """Print the JSON Schema of `response.yml` (generated from the code), or with --document of a published response's JSON."""
    text = document_schema_text() if document else json_schema_text()
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FoilogUsageError(f"cannot write {output}: {exc.strerror}") from None
    else:
        click.echo(text, nl=False)


def _register_subcommands() -> None:
    """Commands that live in their own packages (the CLI stays a thin router)."""
    from foilog.commands.diff.command import diff_command
    from foilog.commands.importer.command import import_command
    from foilog.commands.init_command import init_command
    from foilog.commands.redact_command import redact_command
    from foilog.commands.stats_command import stats_command

    main.add_command(import_command, "import")
    main.add_command(init_command, "init")
    main.add_command(diff_command, "diff")
    main.add_command(redact_command, "redact")
    main.add_command(stats_command, "stats")


_register_subcommands()


def run(args: list[str] | None = None, prog_name: str | None = None) -> None:
    """The ``foilog`` command (and ``python build_site.py``): :func:`main`, in a process of its own.

    After a build the process ends once its last line is printed, without
    freeing the build's heap object by object (:mod:`foilog.commands.process_end`).
    """
    take_process()
    main(args, prog_name=prog_name)


if __name__ == "__main__":  # pragma: no cover
    run()
