"""Builds that collide or die (issue 16 item 9).

Two builds into the same site folder take turns (a lock file beside the
site folder): the second waits, saying so, and builds after the first, so
the site left is the newer build's; past a timeout it fails clearly. A
build killed with SIGKILL leaves no helper process behind, and the next
build removes the staging folder it left. All data is fictional.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from logbuilder import TODAY_ARG, LogBuilder, variant

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.adversarial


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def _start_build(root: Path, **env: str) -> subprocess.Popen[str]:
    """``foilog build`` in ``root``, in a session (and process group) of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "foilog.commands.cli", "build", "--today", TODAY_ARG],
        cwd=root,
        env=_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _log(root: Path, responses: int = 1) -> LogBuilder:
    builder = LogBuilder(root)
    builder.valid()
    for number in range(1, responses):
        reference = f"NCC/FOI/26/{1000 + number}"
        builder.valid(variant("reference: NCC/FOI/26/0042", f"reference: {reference}"), slug=f"ncc-foi-26-{1000 + number}")
    return builder


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _title(site: Path) -> str:
    return (site / "responses" / "2026" / "ncc-foi-26-0042" / "index.html").read_text("utf-8")


@pytest.fixture
def lock_held(tmp_path: Path):
    """The site folder's lock, held by this test as if another build were running."""
    builder = _log(tmp_path / "log")
    lock = builder.root / ".site.lock"
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield builder, handle


@pytest.mark.skipif(sys.platform != "linux", reason="the lock and /proc are Linux's")
def test_a_second_build_waits_for_the_first_and_says_so(lock_held) -> None:
    builder, handle = lock_held
    build = _start_build(builder.root)
    try:
        time.sleep(4)
        assert build.poll() is None, f"the build did not wait for the lock: {build.communicate()}"
        assert not (builder.root / "site").exists()
        fcntl.flock(handle, fcntl.LOCK_UN)
        _out, err = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 0, err
    assert "Waiting for another foilog build of site/" in err
    assert "Gritting routes" in _title(builder.root / "site")


@pytest.mark.skipif(sys.platform != "linux", reason="the lock and /proc are Linux's")
def test_a_build_that_cannot_get_the_lock_fails_clearly(lock_held) -> None:
    builder, _ = lock_held
    build = _start_build(builder.root, FOILOG_BUILD_LOCK_TIMEOUT="1")
    _out, err = build.communicate(timeout=120)
    assert build.returncode == 2
    assert "Traceback" not in err
    assert "another foilog build of site/ is still running" in err
    assert ".site.lock" in err
    assert "FOILOG_BUILD_LOCK_TIMEOUT" in err
    assert not (builder.root / "site").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="the lock and /proc are Linux's")
def test_two_concurrent_builds_leave_the_newer_site(tmp_path: Path) -> None:
    builder = _log(tmp_path / "log", responses=20)
    first = _start_build(builder.root)
    lock = builder.root / ".site.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.is_file() and lock.read_text().strip() == str(first.pid)):
        time.sleep(0.02)  # the first build holds the lock
    builder.valid(variant("title: Gritting routes on rural roads", "title: Gritting routes, second edition"))
    second = _start_build(builder.root)
    results = [first.communicate(timeout=300), second.communicate(timeout=300)]
    assert (first.returncode, second.returncode) == (0, 0), results
    assert "Gritting routes, second edition" in _title(builder.root / "site")
    assert list(builder.root.glob(".site-*")) == []


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_a_killed_build_leaves_no_helpers_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    builder = _log(tmp_path / "log", responses=40)
    build = _start_build(builder.root)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None and len(_group(build.pid)) < 3:
        time.sleep(0.01)  # the build and its two forked helpers
    assert build.poll() is None, f"the build ended before its helpers could be seen: {build.communicate()}"
    helpers = [pid for pid in _group(build.pid) if pid != build.pid]
    assert len(helpers) >= 2
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)  # (not communicate: a surviving helper would hold its output pipes open)
    for stream in (build.stdout, build.stderr):
        stream.close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _group(build.pid):
        time.sleep(0.05)
    left = _group(build.pid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # do not leave them to the next test
    assert left == [], "helper processes outlived the killed build"
    assert list(builder.root.glob(".site-building-*")), "the killed build left no staging folder to clean (the test is too late)"
    again = _start_build(builder.root)
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert list(builder.root.glob(".site-building-*")) == []
    assert "Gritting routes" in _title(builder.root / "site")


def test_what_builds_leave_is_ignored_by_git() -> None:
    from foilog.commands.scaffold import GITIGNORE_LINES

    ignored = (REPO / ".gitignore").read_text("utf-8").splitlines()
    assert [line for line in GITIGNORE_LINES if line not in ignored] == []
    for name in (".site.lock", ".site-building-abc123/x.html", ".site-old-42/index.html"):
        check = subprocess.run(["git", "check-ignore", "-q", "--no-index", name], cwd=REPO, check=False)
        assert check.returncode == 0, f"{name} is not ignored by git"
