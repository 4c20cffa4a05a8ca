"""Git plumbing for ``foilog diff``: resolve revisions and lay out their files.

A revision's tree is materialised exactly as git stores it: ``git ls-tree -r
-z --full-tree`` lists its entries and one ``git cat-file --batch`` process
streams every blob into a temporary folder. Unlike ``git archive``, this
applies no ``.gitattributes`` (a change cannot hide a response from the
reviewer with ``export-ignore`` or rewrite its text with ``export-subst``) and
no filters or line-ending conversion.

The tree is hostile input. Paths with ``..`` or empty parts are skipped;
files are created with ``O_EXCL | O_NOFOLLOW`` before any symbolic link
exists, so nothing is written through a link; a link that would lead out
of the folder (absolute, too many ``..``, or through other links) is
replaced by one pointing nowhere, so later stages see a symbolic link (and
report it as ``foilog check`` does) but can never follow it out. Submodules
are skipped. Each skipped or neutralised entry is listed in
:attr:`Tree.skipped` for the report. Nothing here changes the repository: no
checkout, no worktree, no index update.
"""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

GIT_TIMEOUT = 120
#: Refs tried, in order, when no BASE is given.
DEFAULT_BASES = ("origin/main", "main")
#: Where a symbolic link that led out of the tree points instead (a name that does not exist).
NOWHERE = ".foilog-diff-link-outside-the-repository-removed"
_CHUNK = 1 << 20


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


@dataclass(frozen=True)
class Skipped:
    """An entry of the tree that was not written as it is in git, and why."""

    path: str
    """POSIX path relative to the root of the tree."""
    kind: str
    """``symlink-outside`` (written as a link to nowhere), ``submodule`` or ``unsafe-path`` (not written)."""

    def note(self) -> str:
        return {
            "symlink-outside": f"{self.path} is a symbolic link to a place outside the repository; it was not followed",
            "submodule": f"{self.path} is a submodule (another repository); its files are not compared",
        }.get(self.kind, f"{self.path} cannot be written safely (a malformed tree); it was skipped")


@dataclass
class Tree:
    """A materialised revision: its folder and the entries not written as they are in git."""

    root: Path
    skipped: list[Skipped] = field(default_factory=list)


def _safe_parts(path: bytes) -> bool:
    parts = path.split(b"/")
    return all(part not in (b"", b".", b"..") for part in parts)


def _list_tree(repo: Path, commit: str) -> list[tuple[bytes, bytes, bytes, bytes]]:
    """``(mode, type, object id, path)`` of every entry of ``commit``, recursively."""
    done = _git(["ls-tree", "-r", "-z", "--full-tree", commit], repo)
    entries = []
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, oid = meta.split(b" ")
        entries.append((mode, kind, oid, path))
    return entries


class _Batch:
    """One ``git cat-file --batch`` process fed every object id at once (a writer thread avoids a pipe deadlock)."""

    def __init__(self, repo: Path, oids: list[bytes]) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close(), after git has stopped
        try:
            self.proc = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
            )
        except FileNotFoundError:
            self._stderr.close()
            raise GitError("git is not installed (foilog diff compares two git revisions)") from None
        self.timed_out = False
        self._timer = threading.Timer(GIT_TIMEOUT, self._kill)
        self._timer.start()
        self._writer = threading.Thread(target=self._write, args=(oids,), daemon=True)
        self._writer.start()

    def _kill(self) -> None:
        self.timed_out = True
        self.proc.kill()

    def _write(self, oids: list[bytes]) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        try:
            for oid in oids:
                stdin.write(oid + b"\n")
            stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the reader reports why git stopped

    def _failed(self, what: str) -> GitError:
        if self.timed_out:
            return GitError(f"git cat-file took longer than {GIT_TIMEOUT} seconds")
        self.proc.kill()
        self.proc.wait()
        self._stderr.seek(0)
        message = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return GitError(f"git cat-file failed: {message[-1] if message else what}")

    def header(self, oid: bytes) -> int:
        """Read the header of the next object (which must be ``oid``); its size."""
        stdout = self.proc.stdout
        assert stdout is not None
        line = stdout.readline()
        parts = line.split()
        if len(parts) != 3 or parts[0] != oid:
            raise self._failed(f"object {oid.decode('ascii', 'replace')} is missing")
        return int(parts[2])

    def copy(self, size: int, write: Callable[[bytes], object] | None) -> bytes:
        """Pass the next ``size`` bytes of content to ``write`` (or return them when ``write`` is None)."""
        stdout = self.proc.stdout
        assert stdout is not None
        kept = []
        left = size
        while left:
            chunk = stdout.read(min(left, _CHUNK))
            if not chunk:
                raise self._failed("git stopped while sending an object")
            left -= len(chunk)
            if write is None:
                kept.append(chunk)
            else:
                write(chunk)
        if stdout.read(1) != b"\n":
            raise self._failed("unexpected output")
        return b"".join(kept)

    def close(self) -> None:
        self._timer.cancel()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._writer.join(timeout=5)
        self._stderr.close()


def _make_parents(root: Path, rel: str, made: set[Path]) -> Path:
    """The folder of ``root / rel``, created one real folder at a time (OSError if a link or file is in the way).

    ``made`` remembers the folders already created, so a large tree costs one
    ``mkdir`` per folder rather than per file.
    """
    folder = root
    for part in Path(rel).parts[:-1]:
        folder = folder / part
        if folder in made:
            continue
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                raise
        made.add(folder)
    return folder


def _write_file(root: Path, rel: str, mode: bytes, made: set[Path]) -> IO[bytes] | None:
    """A new file at ``root / rel``, never written through a link; None if something is in the way."""
    try:
        path = _make_parents(root, rel, made) / Path(rel).name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o755 if mode == b"100755" else 0o644)
    except OSError:
        return None
    return os.fdopen(fd, "wb")


def _inside(path: Path, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _neutralise(path: Path) -> None:
    path.unlink()
    os.symlink(NOWHERE, path)


def materialise(repo: Path, commit: str, into: Path) -> Tree:
    """Write the tree of ``commit`` into the folder ``into`` (created, empty); see the module docstring."""
    into.mkdir(parents=True, exist_ok=True)
    tree = Tree(into)
    files: list[tuple[bytes, bytes, str, str]] = []
    links: list[tuple[bytes, str, str]] = []
    for mode, kind, oid, raw in _list_tree(repo, commit):
        rel, shown = os.fsdecode(raw), raw.decode("utf-8", "replace")
        if not _safe_parts(raw):
            tree.skipped.append(Skipped(shown, "unsafe-path"))
        elif mode == b"160000" or kind == b"commit":
            tree.skipped.append(Skipped(shown, "submodule"))
        elif kind != b"blob":
            tree.skipped.append(Skipped(shown, "unsafe-path"))
        elif mode == b"120000":
            links.append((oid, rel, shown))
        else:
            files.append((oid, mode, rel, shown))
    targets: list[tuple[str, str, bytes]] = []
    made: set[Path] = set()
    if files or links:
        batch = _Batch(repo, [f[0] for f in files] + [link[0] for link in links])
        try:
            for oid, mode, rel, shown in files:  # every file before any link: nothing is ever written through a link
                size = batch.header(oid)
                out = _write_file(into, rel, mode, made)
                if out is None:
                    tree.skipped.append(Skipped(shown, "unsafe-path"))
                    batch.copy(size, lambda chunk: None)
                    continue
                with out:
                    batch.copy(size, out.write)
            for oid, rel, shown in links:
                targets.append((rel, shown, batch.copy(batch.header(oid), None)))
        finally:
            batch.close()
    _write_links(tree, targets, made)
    tree.skipped.sort(key=lambda s: s.path)
    return tree


def _write_links(tree: Tree, targets: list[tuple[str, str, bytes]], made: set[Path]) -> None:
    """Create the symbolic links, then point every one that leads out of the tree nowhere.

    Checked on the written tree with :func:`os.path.realpath` until nothing
    changes: a link can lead out through other links, and neutralising one
    link can change where another leads.
    """
    written: list[tuple[str, Path]] = []
    outside: set[str] = set()
    for rel, shown, target in targets:
        unusable = b"\0" in target  # os.symlink cannot write it; treat it as leading nowhere good
        try:
            path = _make_parents(tree.root, rel, made) / Path(rel).name
            os.symlink(NOWHERE if unusable else os.fsdecode(target), path)
        except OSError:
            tree.skipped.append(Skipped(shown, "unsafe-path"))
            continue
        if unusable:
            outside.add(shown)
        written.append((shown, path))
    root = os.path.realpath(tree.root)
    changed = True
    while changed:
        changed = False
        for shown, path in written:
            if shown not in outside and not _inside(path, root):
                _neutralise(path)
                outside.add(shown)
                changed = True
    tree.skipped += [Skipped(shown, "symlink-outside") for shown in sorted(outside)]
