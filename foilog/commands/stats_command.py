"""The ``foilog stats`` command: the regulators' quarterly figures from the log and its register.

Options in, a table or a CSV file out (the figures are :mod:`foilog.site.quarterly`'s). The file is
for a return, not for the site: it counts neither-confirm-nor-deny uses by section, so it is never
written into the site and never overwritten unless ``--force`` says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from foilog.commands.errors import FoilogFailure, FoilogUsageError
from foilog.commands.importer.report import write_atomically
from foilog.commands.options import config_option, project, today_option
from foilog.log.findings import one_line
from foilog.log.load import load_log
from foilog.log.requests import RequestRecord, request_records
from foilog.site.quarterly import FORMATS, Quarter, figures, parse_quarter
from foilog.site.quarterly.output import csv_text, text_table


def _quarter(ctx: click.Context, param: click.Parameter, value: str | None) -> Quarter | None:
    if value is None:
        return None
    try:
        return parse_quarter(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def last_full_quarter(today: dt.date) -> Quarter:
    """The latest quarter that ended before ``today``: the one a return is due for."""
    number = (today.month - 1) // 3  # the quarter before today's, 0 meaning last year's fourth
    return Quarter(today.year, number) if number else Quarter(today.year - 1, 4)


def _authority(records: list[RequestRecord], chosen: str | None, regimes: tuple[str, ...]) -> str | None:
    """The one authority the return is for: ``--authority``, or the log's only one (of the format's regimes)."""
    known = sorted({r.authority for r in records if r.regime in regimes})
    if chosen is not None:
        if chosen not in {r.authority for r in records}:
            listed = ", ".join(known) or "none"
            raise FoilogUsageError(f"--authority {chosen}: no request of the log is from that authority (authorities: {listed})")
        return chosen
    if len(known) > 1:
        raise FoilogUsageError(
            f"the log holds requests of {len(known)} authorities ({', '.join(known)}): a return is one authority's; "
            "choose it with --authority ID"
        )
    return known[0] if known else None


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    required=True,
    help="Which return: s45 (FOIA Code of Practice 8.5-8.6), sic (Scottish Information Commissioner: FOISA and EISR), "
    "cabinet-office (central government monitoring).",
)
@click.option(
    "--quarter",
    callback=_quarter,
    default=None,
    metavar="YYYYQn",
    help="The calendar quarter, e.g. 2026Q3 (July to September 2026). Default: the last quarter ended before today.",
)
@click.option("--authority", default=None, metavar="ID", help="The authority the return is for; needed when the log holds several.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write the figures as CSV to FILE (table, field, value; with --audit the references) instead of a table on screen. "
    "An existing FILE is kept unless --force.",
)
@click.option("--force", is_flag=True, help="With --out: replace FILE if it exists.")
@click.option("--audit", is_flag=True, help="List under each figure the references counted in it and where each came from (file and line).")
@today_option("Count as if today were this date: a request answered later is 'not yet processed'.")
@config_option()
def stats_command(
    fmt: str,
    quarter: Quarter | None,
    authority: str | None,
    out: Path | None,
    force: bool,
    audit: bool,
    today: dt.date | None,
    config_file: str,
) -> None:
    """The quarterly figures regulators ask for, from the published responses and the register of closed requests.

    Private: the figures count neither-confirm-nor-deny answers by section, as the regulators ask;
    keep the file out of the site (the public statistics page counts them safely).
    """
    today = today or dt.date.today()
    quarter = quarter or last_full_quarter(today)
    if out is not None and out.exists() and not force:
        raise FoilogUsageError(f"{out} exists: foilog stats does not replace it; choose another --out FILE or add --force")
    log = load_log(project(config_file), today)
    if log.errors:
        raise FoilogFailure(
            f"the log has {len(log.errors)} error(s): figures from it would be wrong; fix these first (`foilog check` lists them too)",
            *(f"  {f.as_text()}" for f in log.errors),
        )
    form = FORMATS[fmt]
    records = request_records(log)
    chosen = _authority(records, authority, form.regimes)
    cells = figures(fmt, [r for r in records if r.authority == chosen], quarter, today)
    heading = [
        f"{form.title}: {quarter} ({quarter.span})",
        f"Authority: {chosen or 'none (the log holds no request under ' + ' or '.join(form.regimes) + ')'}; as on {today.isoformat()}",
        "Private: neither-confirm-nor-deny answers are counted by section. Do not publish these figures on the site.",
    ]
    if out is None:
        click.echo(text_table([one_line(h) for h in heading], cells, audit=audit), nl=False)
        return
    try:
        write_atomically(out, csv_text(cells, audit=audit))
    except OSError as exc:
        raise FoilogUsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {len(cells)} figures of the {fmt} return for {quarter} to {out}")
