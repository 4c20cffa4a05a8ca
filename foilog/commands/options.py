"""What every ``foilog`` command shares: its options (``--today``, ``--deny-list``, ``-f``) and how it reads the project.

One date parser (:func:`foilog.log.schema.parse_date`), one deny-list loader
(:func:`foilog.gate.textscan.load_deny_list`), one project loader
(:func:`foilog.engine.mkdocs_config.load_project`, MkDocs' own reading of mkdocs.yml): a
command declares the option and receives the parsed value, and a bad value stops it
the same way in every command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from foilog.commands.errors import FoilogUsageError
from foilog.engine.mkdocs_config import load_project
from foilog.gate.textscan import load_deny_list
from foilog.log.findings import one_line
from foilog.log.schema import parse_date
from foilog.log.settings import Project, SettingsError

F = TypeVar("F", bound=Callable[..., Any])

CONFIG_HELP = "Path of mkdocs.yml (the site configuration)."


class DateType(click.ParamType):
    """A date written YYYY-MM-DD (a bad one is a usage error, exit 2, in response.yml's words)."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def today_option(help: str) -> Callable[[F], F]:
    """``--today YYYY-MM-DD``: the command acts as if today were this date."""
    return click.option("--today", type=DATE, default=None, help=help)


def config_option(default: str | None = "mkdocs.yml", help: str = CONFIG_HELP) -> Callable[[F], F]:
    """``-f/--config-file``: where mkdocs.yml is."""
    return click.option("-f", "--config-file", default=default, show_default=default is not None, metavar="FILE", help=help)


def _deny_list(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """The names of the deny list; a file that cannot be read is a usage error (its message names file and line)."""
    if not value:
        return ()
    try:
        return load_deny_list(Path(value))
    except ValueError as exc:
        raise FoilogUsageError(str(exc)) from None


deny_list_option = click.option(
    "--deny-list",
    "deny_list",
    type=click.Path(dir_okay=False),
    envvar="FOILOG_DENY_LIST",
    callback=_deny_list,
    default=None,
    metavar="FILE",
    help="File of known names to find (one per line), kept outside the repository. Default: $FOILOG_DENY_LIST.",
)


def _warn(message: str) -> None:
    click.echo(f"Warning: {one_line(message)}", err=True)


def project(config_file: str | Path, *, strict: bool = False) -> Project:
    """The project of ``config_file`` (MkDocs' reading of it); a bad mkdocs.yml is a usage error, every problem on its line."""
    try:
        return load_project(Path(config_file), strict=strict, warn=_warn)
    except SettingsError as exc:
        raise FoilogUsageError(*(f"{exc.path}: {problem}" for problem in exc.problems)) from None
