"""How one build is run: :class:`RunOptions`, parsed in one place. No MkDocs here.

A build's runtime options (not the site's settings, which live in ``mkdocs.yml``
and :mod:`foilog.log.settings`) reach it two ways, both typed and both here:

* ``mkdocs build`` / ``mkdocs serve`` / ``foilog serve``: from the environment
  (:meth:`RunOptions.from_environment`: ``$FOILOG_TODAY``, ``$FOILOG_DENY_LIST``,
  ``$FOILOG_NO_CACHE``, ``$FOILOG_PARALLEL``), the mode from the MkDocs command;
* ``foilog build``: its command-line flags (:meth:`RunOptions.for_foilog_build`),
  handed to the plugin for the length of one build with :func:`handing_over`
  (MkDocs keeps one plugin object per process, so an attribute set on it would
  outlive the build it was meant for).

A value the build cannot use is a :class:`~foilog.engine.errors.SessionError`
that names the variable and what was expected.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

from foilog.engine.errors import SessionError
from foilog.engine.publication import BuildMode
from foilog.gate.leakgate import caches_ignored
from foilog.gate.textscan import load_deny_list
from foilog.log.findings import one_line
from foilog.log.schema import parse_date
from foilog.workers.policy import OFF_VALUES as _OFF
from foilog.workers.policy import PARALLEL_VARIABLE

__all__ = ["DENY_LIST_VARIABLE", "PARALLEL_VARIABLE", "TODAY_VARIABLE", "RunOptions", "handing_over"]

TODAY_VARIABLE = "FOILOG_TODAY"
DENY_LIST_VARIABLE = "FOILOG_DENY_LIST"
"""``0``, ``false``, ``no`` or ``off``: run every helper in the build's own process (nothing forked)."""

_ON = ("", "1", "true", "yes", "on")


@dataclass(frozen=True)
class RunOptions:
    """Everything a build is told at run time, besides ``mkdocs.yml``."""

    today: dt.date | None = None
    """The build date (embargoes end on it); None: the real date."""
    deny_list: tuple[str, ...] = ()
    """Known names to find, kept outside the repository."""
    previous_site: Path | None = None
    """The site this build replaces, whose unchanged pages it may reuse (``foilog build`` only)."""
    no_cache: bool = False
    """Believe no cache, as a deploy must (``--no-cache`` or ``$FOILOG_NO_CACHE``)."""
    mode: BuildMode = BuildMode.PUBLISH
    """Publish (refuses personal-data warnings) or preview (allows them, marks every page): :mod:`foilog.engine.publication`."""
    parallel: bool = True
    """Run helpers (the sweep, Markdown ahead) on another core; ``$FOILOG_PARALLEL=0`` keeps everything in one process."""
    strict: bool = False
    """``--strict``: the post-build sweep believes no cache either (it is the last look before publishing)."""

    @classmethod
    def from_environment(cls, *, mode: BuildMode = BuildMode.PUBLISH) -> RunOptions:
        """The options of ``mkdocs build`` / ``serve`` (``mode`` comes from the command MkDocs runs)."""
        return cls(today=_today(), deny_list=_deny_list(), no_cache=caches_ignored(), mode=mode, parallel=_parallel())

    @classmethod
    def for_foilog_build(
        cls,
        *,
        today: dt.date | None,
        deny_list: tuple[str, ...],
        no_cache: bool,
        preview: bool,
        strict: bool,
        previous_site: Path | None,
    ) -> RunOptions:
        """The options of ``foilog build``: its flags first, then the environment.

        ``--today`` alone sets the date (``$FOILOG_TODAY`` is for the previews);
        the deny list falls back to ``$FOILOG_DENY_LIST``; ``$FOILOG_NO_CACHE``
        and ``$FOILOG_PARALLEL`` hold as for any build.
        """
        return cls(
            today=today,
            deny_list=deny_list or _deny_list(),
            previous_site=previous_site,
            no_cache=caches_ignored(no_cache),
            mode=BuildMode.PREVIEW if preview else BuildMode.PUBLISH,
            parallel=_parallel(),
            strict=strict,
        )

    def with_strict(self, strict: bool) -> RunOptions:
        """These options, strict as well when the site engine's configuration is (``mkdocs build --strict``)."""
        return replace(self, strict=self.strict or strict)

    @staticmethod
    def handed_over() -> RunOptions | None:
        """The options ``foilog build`` handed over for the build now running (:func:`handing_over`), if any."""
        return _HANDED.get()


_HANDED: ContextVar[RunOptions | None] = ContextVar("foilog_run_options", default=None)


@contextmanager
def handing_over(options: RunOptions) -> Iterator[None]:
    """Hand ``options`` to the build run inside the ``with`` block (and to no later one)."""
    token = _HANDED.set(options)
    try:
        yield
    finally:
        _HANDED.reset(token)


def _today() -> dt.date | None:
    value = os.environ.get(TODAY_VARIABLE)
    if not value:
        return None
    try:
        return parse_date(value)  # the parser of every command's --today
    except ValueError as exc:
        raise SessionError(f"$FOILOG_TODAY: {one_line(str(exc))}") from None


def _deny_list() -> tuple[str, ...]:
    path = os.environ.get(DENY_LIST_VARIABLE)
    if not path:
        return ()
    try:
        return load_deny_list(Path(path))
    except (OSError, ValueError) as exc:
        raise SessionError(f"cannot read the deny list in $FOILOG_DENY_LIST: {one_line(str(exc))}") from None


def _parallel() -> bool:
    raw = os.environ.get(PARALLEL_VARIABLE, "")
    value = raw.strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise SessionError(
        f"$FOILOG_PARALLEL must be 1 (helpers on other cores, the default) or 0 (everything in one process), got '{one_line(raw)}'"
    )
