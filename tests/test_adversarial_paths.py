"""Attachment paths that try to leave the response folder, and files that are not files.

A response's ``attachments[].path`` is typed by whoever edits the YAML. Whatever
its spelling (``../``, absolute, Windows, URL-encoded, a device), ``check``
refuses it with the file, line and field, and nothing outside the folder is read.
Git stores no device files or pipes, but a local editor's folder can hold them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import TODAY_ARG, VALID_YML, LogBuilder

from foilog.commands.cli import main

pytestmark = pytest.mark.adversarial

YML = "responses/2026/ncc-foi-26-0042/response.yml"
#: The line of the extra attachment's ``path:`` in VALID_YML plus one entry.
PATH_LINE = 27

LEAVES = "leaves the response folder"
ABSOLUTE = "is an absolute path"
MISSING = "does not exist in responses/2026/ncc-foi-26-0042"

HOSTILE_PATHS = {
    "../secret.csv": LEAVES,
    "attachments/../../secret.csv": LEAVES,
    "attachments/./../../x.csv": LEAVES,
    "..\\secret.csv": LEAVES,
    "attachments\\..\\..\\secret.csv": LEAVES,
    "/etc/passwd": ABSOLUTE,
    "/dev/zero": ABSOLUTE,
    "/dev/stdin": ABSOLUTE,
    "\\\\server\\share\\x.csv": ABSOLUTE,
    "C:\\Windows\\win.ini": ABSOLUTE,
    "C:/Windows/win.ini": ABSOLUTE,
    # Percent-encoding is not decoded: the name is taken literally, and no such file exists.
    "%2e%2e/secret.csv": MISSING,
    "attachments/%2e%2e/%2e%2e/secret.csv": MISSING,
    "attachments/%2fetc%2fpasswd": MISSING,
    "~/secret.csv": MISSING,
    "attachments/CON": MISSING,
}


def check(builder: LogBuilder) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG])


def with_attachment(path: str) -> str:
    return VALID_YML + f"  - path: '{path}'\n    title: Extra\n"


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    builder = LogBuilder(tmp_path / "project")
    (tmp_path / "secret.csv").write_text("name\nJane Example\n", encoding="utf-8")
    (tmp_path / "project" / "secret.csv").write_text("name\nJane Example\n", encoding="utf-8")
    return builder


@pytest.mark.parametrize("path", sorted(HOSTILE_PATHS))
def test_hostile_attachment_path_is_refused(log: LogBuilder, path: str) -> None:
    log.valid(with_attachment(path))
    result = check(log)
    assert "Traceback" not in result.output and result.exit_code == 1, result.output
    expected = f"{YML}:{PATH_LINE}: attachments[1].path: '{path}' {HOSTILE_PATHS[path]}"
    assert any(line.startswith(expected) for line in result.output.splitlines()), result.output


def test_listed_named_pipe_is_refused(log: LogBuilder) -> None:
    folder = log.valid(with_attachment("attachments/pipe.csv"))
    os.mkfifo(folder / "attachments" / "pipe.csv")
    result = check(log)
    assert result.exit_code == 1
    assert f"{YML}:{PATH_LINE}: attachments[1].path: 'attachments/pipe.csv' {MISSING}" in result.output


def test_listed_link_to_a_device_is_refused(log: LogBuilder) -> None:
    folder = log.valid(with_attachment("attachments/zero.csv"))
    os.symlink("/dev/zero", folder / "attachments" / "zero.csv")
    result = check(log)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "zero.csv" in result.output and "symbolic link" in result.output


def _build_in_a_subprocess(builder: LogBuilder, site: Path, timeout: float) -> tuple[int | None, str]:
    """``foilog build`` in its own process group, killed whole if it hangs; (exit code or None, output)."""
    command = [sys.executable, "-m", "foilog.commands.cli", "build", "--config-file", str(builder.config), "--today", TODAY_ARG]
    process = subprocess.Popen(
        [*command, "--site-dir", str(site)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return None, output


def test_unlisted_named_pipe_among_attachments_is_an_error_never_opened(log: LogBuilder, tmp_path: Path) -> None:
    folder = log.valid()
    os.mkfifo(folder / "attachments" / "pipe.csv")
    result = check(log)  # returns at all: the pipe is never opened
    assert result.exit_code == 1 and "attachments/pipe.csv" in result.output and "a named pipe" in result.output, result.output
    code, output = _build_in_a_subprocess(log, tmp_path / "site", timeout=120)
    assert code is not None, "the build hung on a named pipe among the attachments"
    assert code != 0 and "attachments/pipe.csv" in output and not (tmp_path / "site").exists()


def test_named_pipe_in_content_is_an_error_from_check(log: LogBuilder) -> None:
    log.valid()
    os.mkfifo(log.root / "content" / "pipe.md")
    result = check(log)
    assert result.exit_code == 1 and "content/pipe.md" in result.output and "(error: special-file)" in result.output, result.output


def test_named_pipe_in_content_stops_the_build_with_its_name(log: LogBuilder, tmp_path: Path) -> None:
    log.valid()
    os.mkfifo(log.root / "content" / "pipe.md")
    code, output = _build_in_a_subprocess(log, tmp_path / "site", timeout=60)
    assert code is not None, "the build hung"
    assert code != 0 and "content/pipe.md" in output and "a named pipe" in output
