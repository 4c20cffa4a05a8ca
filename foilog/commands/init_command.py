"""The ``foilog init`` command: options in, messages and exit codes out (logic in :mod:`foilog.commands.init_log`)."""

from __future__ import annotations

from pathlib import Path

import click

from foilog.commands.errors import FoilogUsageError
from foilog.commands.init_log import MATERIAL_COLOURS, REGIMES, InitError, init_log
from foilog.log.findings import one_line


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--authority", required=True, metavar="NAME", help="The authority's name as the public knows it, e.g. 'Northshire County Council'."
)
@click.option(
    "--regime",
    default="FOIA",
    show_default=True,
    metavar="|".join(REGIMES),
    help="The law the authority answers under (FOISA, EISR: Scottish authorities; EIR alone: bodies such as water companies). "
    "Decides what the pages say and the regime of `foilog new`'s example.",
)
@click.option(
    "--colour",
    "--color",
    default=None,
    metavar="NAME|#RRGGBB",
    help=f"The site's colour: one of Material's colour names ({', '.join(MATERIAL_COLOURS)}) or #rrggbb; "
    "white text must be readable on it (WCAG AA). Default: #1d4f91.",
)
def init_command(directory: Path, authority: str, regime: str, colour: str | None) -> None:
    """Start a new, empty disclosure log for one authority in DIRECTORY (new or empty; never overwrites).

    It holds `mkdocs.yml`, the pages every log needs with `[Replace: …]` placeholders, starter
    topics, workflows, CODEOWNERS, PR template, pre-commit config and hash-locked requirements;
    no sample data. `foilog check --strict` and `python build_site.py` pass on it at once.
    """
    try:
        pages = init_log(directory, authority=authority, regime=regime, colour=colour)
    except InitError as exc:
        raise FoilogUsageError(str(exc)) from None
    except OSError as exc:
        raise FoilogUsageError(f"cannot write the new log in {directory}: {exc.strerror or exc}") from None
    click.echo(f"Created a disclosure log for {one_line(authority.strip())} in {directory}/")
    click.echo(f"Next: cd {directory}, then follow README.md: `foilog check` and `python build_site.py` pass as it is.")
    if pages:
        click.echo("Before the first publication, replace the placeholders marked [Replace: ...] in: " + ", ".join(pages))
