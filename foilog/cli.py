"""The ``foilog`` command line. The only place errors become exit codes.

Exit codes (a contract): 0 clean; 1 findings or validation errors; 2 usage
error, or an input that could not be read at all.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from . import __version__
from .findings import Finding
from .load import load_log
from .report import FORMATS, render
from .schema import json_schema_text
from .scaffold import ScaffoldError, scaffold_response
from .settings import Project, SettingsError, load_project

CONFIG_HELP = "Path of mkdocs.yml (the site configuration)."


class _Today(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date written YYYY-MM-DD, got '{value}'", param, ctx)


DATE = _Today()


def _project(config_file: str) -> Project:
    try:
        return load_project(Path(config_file))
    except SettingsError as exc:
        for problem in exc.problems:
            click.echo(f"Error: {exc.path}: {problem}", err=True)
        sys.exit(2)


def _exit_code(findings: list[Finding], strict: bool) -> int:
    if any(f.is_error for f in findings):
        return 1
    if strict and any(f.acknowledged is None for f in findings):
        return 1
    return 0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="foilog")
def main() -> None:
    """Publish Freedom of Information responses as a disclosure log."""


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output for people, tools or GitHub annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (CI uses this).")
@click.option("--today", type=DATE, default=None, help="Check as if today were this date.")
def check(config_file: str, fmt: str, strict: bool, today: dt.date | None) -> None:
    """Load and validate the whole log, without building the site."""
    project = _project(config_file)
    log = load_log(project, today)
    click.echo(render(log.findings, fmt, log.files_checked), nl=False)
    sys.exit(_exit_code(log.findings, strict))


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None, help="Where to write the site (default: site_dir of mkdocs.yml).")
@click.option("--today", type=DATE, default=None, help="Build as if today were this date (embargoes end on it).")
@click.option("--strict", is_flag=True, help="Fail on warnings too (CI uses this).")
def build(config_file: str, site_dir: str | None, today: dt.date | None, strict: bool) -> None:
    """Check the log and build the site (same as `python build_site.py`)."""
    from .mkdocs_build import BuildFailed, build_site

    try:
        out = build_site(Path(config_file), site_dir=Path(site_dir) if site_dir else None, today=today, strict=strict)
    except BuildFailed as exc:
        for message in exc.messages:
            click.echo(f"Error: {message}", err=True)
        sys.exit(2 if exc.usage else 1)
    click.echo(f"Built the site in {os.path.relpath(out, Path.cwd())}/")


@main.command()
@click.argument("reference")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--responded", type=DATE, default=None, help="Date of the response letter (default: today).")
@click.option("--received", type=DATE, default=None, help="Date the request was received.")
@click.option("--regime", type=click.Choice(["FOIA", "EIR", "FOISA", "EISR"]), default="FOIA", show_default=True)
def new(reference: str, config_file: str, responded: dt.date | None, received: dt.date | None, regime: str) -> None:
    """Create an empty response folder for REFERENCE, ready to fill in."""
    project = _project(config_file)
    try:
        folder = scaffold_response(project, reference, responded=responded or dt.date.today(), received=received, regime=regime)
    except ScaffoldError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    rel = os.path.relpath(folder, Path.cwd())
    click.echo(f"Created {rel}/response.yml and response.md; fill in the fields marked TODO, then run `foilog check`.")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="Write to this file instead of standard output.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of response.yml (generated from the code)."""
    text = json_schema_text()
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
