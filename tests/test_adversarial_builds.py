"""A build killed mid-way never leaves a half-written site in site/.

The build writes into a hidden staging folder next to site/ and swaps it in
with renames only when everything (pages, search index, sweep) is done. Here a
real ``foilog build`` process is killed (SIGKILL: no clean-up runs) at several
moments; site/ must then be exactly the previous site, byte for byte, or absent
if there was none. Stale staging folders and lingering helpers are item 9 of
issue 16 and tested with its fix.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from logbuilder import TODAY_ARG
from sitetools import copy_sample_project

pytestmark = pytest.mark.adversarial


def _command(config: Path, site: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "foilog.commands.cli",
        "build",
        "--config-file",
        str(config),
        "--today",
        TODAY_ARG,
        "--site-dir",
        str(site),
    ]


def _run(config: Path, site: Path) -> None:
    done = subprocess.run(_command(config, site), capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _written_since(site: Path, start: float) -> int:
    """Files the build has written so far, in its staging folder or (were it to write there) in site/ itself."""
    folders = [site, *site.parent.glob(f".{site.name}-building-*")]
    count = 0
    for folder in folders:
        for path in folder.rglob("*"):
            with contextlib.suppress(FileNotFoundError):  # renamed or removed while we looked
                count += path.is_file() and path.stat().st_mtime >= start
    return count


def _kill_when(config: Path, site: Path, files_written: int) -> bool:
    """Start a build and SIGKILL its whole process group once it has written ``files_written`` files.

    Returns whether the kill came before the build finished (else the moment was missed).
    """
    start = time.time() - 1  # file times may be coarser than the clock
    process = subprocess.Popen(_command(config, site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if _written_since(site, start) >= files_written:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        time.sleep(0.2)
        for straggler in _helpers_of(process.pid):  # forked helpers share the process group
            os.kill(straggler, signal.SIGKILL)


def _helpers_of(group: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == group:
                    found.append(int(entry.name))
            except (ProcessLookupError, PermissionError):
                pass
    return found


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "project")


def test_first_build_killed_leaves_no_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _kill_when(project, site, files_written=50), "the build finished before it could be killed"
    assert not site.exists(), "a killed first build left a site/ folder"


@pytest.mark.parametrize("files_written", [0, 50, 200])
def test_killed_rebuild_leaves_the_previous_site_whole(project: Path, tmp_path: Path, files_written: int) -> None:
    site = tmp_path / "site"
    _run(project, site)
    before = _snapshot(site)
    assert len(before) > files_written, "the site is large enough to be killed part-way"
    # Change a page so that a finished rebuild would differ.
    letter = next(project.parent.glob("responses/*/*/response.md"))
    letter.write_text(letter.read_text("utf-8") + "\nA late addition to the letter.\n", encoding="utf-8")
    if not _kill_when(project, site, files_written):
        pytest.skip(f"the build finished before {files_written} files were staged")
    assert _snapshot(site) == before, "site/ changed under a build that was killed"
