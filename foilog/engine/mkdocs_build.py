"""Run MkDocs for ``foilog build``: reproducibly, and never leaving a half site.

* The site is built into a temporary folder beside ``site/`` and swapped in
  only when the build succeeded, so a failed build never leaves partial
  output that looks complete (the old site stays as it was).
* One build at a time per site folder (:mod:`foilog.engine.sitelock`): a second
  build waits for the first, and staging folders of killed builds are removed.
* ``SOURCE_DATE_EPOCH`` is set from the last git commit when the caller did
  not set it, so two builds of the same commit are byte-identical (MkDocs
  uses it for the sitemap dates).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from foilog.engine.errors import SessionError
from foilog.engine.mkdocs_config import read_config
from foilog.engine.options import RunOptions, handing_over
from foilog.engine.plugin import FoilogError, FoilogPlugin
from foilog.engine.session import BuildSummary
from foilog.engine.sitelock import LockTimeout, remove_stale, site_lock, staging_prefixes
from foilog.log.findings import one_line
from foilog.log.settings import SettingsError
from foilog.workers import stagetimes
from foilog.workers.stagetimes import stage


class BuildFailed(Exception):
    """The build stopped; ``messages`` say why. ``usage`` marks configuration problems (exit 2)."""

    def __init__(self, messages: list[str], *, usage: bool = False) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages
        self.usage = usage


class Collect(logging.Handler):
    """Shows MkDocs' warnings as they happen and keeps its errors for the final message.

    Each on one line (:func:`~foilog.log.findings.one_line`): MkDocs quotes file names and links,
    and a newline in one must not start a line of a CI log.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.records.append(one_line(record.getMessage()))
        else:
            print(f"Warning: {one_line(record.getMessage())}", file=sys.stderr)


def source_date_epoch(root: Path) -> str | None:
    """The last commit's time, or None outside a git repository."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    return value if out.returncode == 0 and value.isdigit() else None


@dataclass(frozen=True)
class BuiltSite:
    """A finished build: where the site is, what it publishes and found (None if the foilog plugin did not run), how long it took."""

    site_dir: Path
    summary: BuildSummary | None
    seconds: float


def build_site(
    config_file: Path,
    *,
    site_dir: Path | None,
    today: dt.date | None,
    strict: bool,
    deny_list: tuple[str, ...] = (),
    no_cache: bool = False,
    preview: bool = False,
) -> Path:
    """Build the site; return the site folder. Raises :class:`BuildFailed`.

    ``no_cache``: believe no cache (a deploy). ``preview`` allows personal-data warnings and marks
    every page (:mod:`foilog.engine.publication`); without it the build is for publication and refuses them.
    """
    built = run_build(config_file, site_dir=site_dir, today=today, strict=strict, deny_list=deny_list, no_cache=no_cache, preview=preview)
    return built.site_dir


def run_build(
    config_file: Path,
    *,
    site_dir: Path | None,
    today: dt.date | None,
    strict: bool,
    deny_list: tuple[str, ...] = (),
    no_cache: bool = False,
    preview: bool = False,
) -> BuiltSite:
    """:func:`build_site`, returning what the build's summary line needs as well (``foilog build`` prints it)."""
    started = time.perf_counter()
    collector = Collect()
    stagetimes.reset()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        try:
            config = read_config(config_file, strict=strict)  # as `foilog check` reads it
        except SettingsError as exc:
            raise BuildFailed([*collector.records, *(f"{exc.path}: {problem}" for problem in exc.problems)], usage=True) from None
        root = config_file.resolve().parent
        if "SOURCE_DATE_EPOCH" not in os.environ:
            epoch = source_date_epoch(root)
            if epoch:
                os.environ["SOURCE_DATE_EPOCH"] = epoch
        final = (site_dir or Path(config.site_dir)).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            with site_lock(final):  # before the log is read: the build that waited reads the newer tree
                remove_stale(final)
                summary = _build_into(config, final, root, collector, today=today, deny_list=deny_list, no_cache=no_cache, preview=preview)
                return BuiltSite(final, summary, time.perf_counter() - started)
        except LockTimeout as exc:
            raise BuildFailed([one_line(str(exc))], usage=True) from None
    finally:
        mkdocs_log.removeHandler(collector)


def _build_into(
    config: Any,
    final: Path,
    root: Path,
    collector: Collect,
    *,
    today: dt.date | None,
    deny_list: tuple[str, ...],
    no_cache: bool,
    preview: bool,
) -> BuildSummary | None:
    """Build into a staging folder beside ``final`` and swap it in (the caller holds the site's lock); the build's summary."""
    plugin = config.plugins.get("foilog")
    if not isinstance(plugin, FoilogPlugin):
        raise BuildFailed(["mkdocs.yml does not enable the foilog plugin (add '- foilog' under plugins:)"], usage=True)
    try:
        # Unchanged pages are taken from the site this build replaces.
        options = RunOptions.for_foilog_build(
            today=today, deny_list=deny_list, no_cache=no_cache, preview=preview, strict=bool(config.strict), previous_site=final
        )
    except SessionError as exc:
        raise BuildFailed(exc.lines(), usage=True) from None
    staging = Path(tempfile.mkdtemp(prefix=staging_prefixes(final)[0], dir=final.parent))
    config.site_dir = str(staging)
    try:
        with handing_over(options), stage("build: MkDocs with foilog's hooks (all of the below)"):
            build(config)
    except (PluginError, Abort, ConfigurationError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(failure_lines(exc, collector.records)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with stage("swap the site in, save the manifest"):
        _swap(staging, final)
        if plugin.reuse is not None:
            plugin.reuse.save(root, final)  # what the next build may take from this one
    stagetimes.emit()
    return plugin.session.summary


def failure_lines(exc: PluginError | Abort | ConfigurationError, logged: list[str]) -> list[str]:
    """Why MkDocs' build stopped, as ``foilog build`` and ``foilog serve`` print it; ``logged``: MkDocs' error records.

    A plugin's error: foilog's own line by line (the finding list, the fix), another plugin's on
    one line. MkDocs logs a plugin's error on one line and raises Abort while handling it: the
    foilog error behind it is shown line by line, anything else as logged.
    """
    if isinstance(exc, PluginError):
        return exc.lines() if isinstance(exc, FoilogError) else [one_line(str(exc))]
    if isinstance(exc.__context__, FoilogError):
        return exc.__context__.lines()
    return logged or [one_line(str(exc))]


def _swap(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging`` with two renames."""
    old = None
    if final.exists():
        old = final.with_name(f"{staging_prefixes(final)[1]}{os.getpid()}")
        final.rename(old)
    staging.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
