"""The errors a ``foilog`` command raises to stop: each carries its exit code and its lines.

Modelled on MkDocs' ``mkdocs/exceptions.py`` and sqlite-utils: a command raises, click
turns the exception into the exit code, and nothing else calls ``sys.exit``. The exit
codes are a contract (0 clean; 1 findings or validation errors; 2 usage error, or an
input that could not be read at all).

Messages are printed the way foilog always printed them: on standard error, each line
``Error: ...`` (never click's usage banner: a bad mkdocs.yml is not a mistyped option),
except the lines that continue the error above them (a refusal's indented findings, its
``Fix:``). Every line is made one line (:func:`foilog.log.findings.one_line`): values from data
reach CI logs that machines read line by line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

import click

from foilog.log.findings import one_line

#: Lines that continue the error above them rather than start a new one.
CONTINUATION = ("  ", "Fix: ")


class _FoilogException(click.ClickException):
    """One or more lines of explanation; printed without click's usage banner."""

    def __init__(self, *lines: str) -> None:
        self.lines = [str(line) for line in lines] or ["foilog stopped"]
        super().__init__(self.lines[0])

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> _FoilogException:
        return cls(*lines)

    def format_message(self) -> str:
        return "\n".join(_shown(line) for line in self.lines)

    def show(self, file: IO[Any] | None = None) -> None:
        for line in self.lines:
            click.echo(_shown(line), err=file is None, file=file)


def _shown(line: str) -> str:
    text = one_line(line)
    return text if text.startswith(CONTINUATION) else f"Error: {text}"


class FoilogUsageError(_FoilogException):
    """Exit 2: a usage error, or an input (mkdocs.yml, a deny list, a report file) that could not be read or written."""

    exit_code = 2


class FoilogFailure(_FoilogException):
    """Exit 1: the work was done and found errors (a build refused, the preview server stopped)."""

    exit_code = 1


def exit_with(code: int) -> None:
    """End a command that finished its report with ``code`` (0 clean, 1 findings, 2 unreadable input).

    Raised, not ``sys.exit``: click turns it into the exit code (and tests may call commands
    without it ending the process).
    """
    raise click.exceptions.Exit(code)
