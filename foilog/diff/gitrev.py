"""Git plumbing for ``foilog diff``: resolve revisions and lay out their files.

A revision's tree is materialised with ``git archive REV | tar -x`` into a
temporary folder (read with :mod:`tarfile` and its ``data`` filter, so a
hostile tree cannot write outside the folder or create devices). Nothing
here changes the repository: no checkout, no worktree, no index update.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from pathlib import Path

GIT_TIMEOUT = 120
#: Refs tried, in order, when no BASE is given.
DEFAULT_BASES = ("origin/main", "main")


class GitError(Exception):
    """A git command failed; the message says what to do (a usage error, exit 2)."""


def _git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (foilog diff compares two git revisions)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {GIT_TIMEOUT} seconds") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else 'no message'}")
    return done


def toplevel(folder: Path) -> Path:
    """The root of the git work tree holding ``folder``."""
    done = _git(["rev-parse", "--show-toplevel"], folder, check=False)
    if done.returncode != 0:
        raise GitError(f"{folder} is not inside a git repository (foilog diff compares two git revisions)")
    return Path(done.stdout.decode("utf-8").strip()).resolve()


def resolve(repo: Path, revision: str) -> str:
    """The commit id of ``revision``; :class:`GitError` if there is no such commit."""
    if not revision or revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision name")
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], repo, check=False)
    if done.returncode != 0:
        raise GitError(f"unknown revision '{revision}' (expected a branch, tag or commit of this repository, e.g. origin/main)")
    return done.stdout.decode("ascii").strip()


def default_base(repo: Path) -> str:
    """``origin/main`` if it exists, else ``main``."""
    for name in DEFAULT_BASES:
        done = _git(["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], repo, check=False)
        if done.returncode == 0:
            return name
    raise GitError("neither origin/main nor main exists; name the base revision: foilog diff BASE")


def materialise(repo: Path, commit: str, into: Path) -> Path:
    """Write the tree of ``commit`` into the folder ``into`` (created); return it."""
    into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as archive:
        try:
            done = subprocess.run(
                ["git", "archive", "--format=tar", commit],
                cwd=repo,
                stdout=archive,
                stderr=subprocess.PIPE,
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GitError(f"git archive took longer than {GIT_TIMEOUT} seconds") from None
        if done.returncode != 0:
            raise GitError(f"git archive failed: {done.stderr.decode('utf-8', 'replace').strip()}")
        archive.seek(0)
        with tarfile.open(fileobj=archive, mode="r:") as tar:
            tar.extractall(into, filter="data")
    return into
