"""Symbolic links in the folders foilog publishes from: found, never followed.

A link in ``content/`` publishes whatever it points at (a folder of unchecked
PDFs, the whole ``responses/`` tree with its embargoed responses,
``/etc/passwd``), because MkDocs follows links and the checks looked only at
real files; a dangling one crashes the build. So nothing that is a link under
``content/``, ``responses/`` or ``overrides/``, nor those folders themselves,
is read: each is an error naming the link and its target, from ``check`` as
from ``build`` (the plugin refuses in ``on_config``, before MkDocs walks the
docs folder). The walk never follows a link, so it ends on any tree.

Named pipes, sockets and device files are refused the same way (rule
``special-file``): git cannot store them, but an editor's folder can hold one,
and reading a pipe blocks for ever (``mkfifo content/pipe.md`` passed ``check``
and then hung the build without naming the file).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from foilog.log.findings import Category, Finding

RULE = "symlink"
ADVICE = "foilog never reads or publishes links; replace it with the file itself or delete it"
SPECIAL_RULE = "special-file"
SPECIAL_ADVICE = "foilog reads only ordinary files and folders (reading a pipe or device can block for ever); delete it"
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device file"),
    (stat.S_ISBLK, "a device file"),
)
MAX_REPORTED = 200
"""Links reported per folder; more are summed up in one last finding (a tree of links is one mistake)."""


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _escaped(text: str) -> str:
    """The text on one line: control characters (a newline could start a CI command) written as escapes."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it is a pipe, socket or device (never followed), else None."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    return special_kind_of(mode)


def special_kind_of(mode: int) -> str | None:
    """What a file of ``st_mode`` ``mode`` (from ``lstat``) is when it is a pipe, socket or device, else None."""
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), None)


def link_finding(path: Path, root: Path) -> Finding:
    """The error for one link (naming it and its target), or for one pipe, socket or device file."""
    kind = special_kind(path)
    if kind is not None:
        return Finding(_escaped(_shown(path, root)), rule=SPECIAL_RULE, category=Category.UNSAFE_FILE, message=f"{kind}: {SPECIAL_ADVICE}")
    try:
        target = os.readlink(path)
    except OSError as exc:  # pragma: no cover - removed while we looked
        target = f"unreadable: {exc.strerror}"
    return Finding(
        _escaped(_shown(path, root)),
        rule=RULE,
        category=Category.UNSAFE_FILE,
        message=f"a symbolic link (to {_escaped(target)}): {ADVICE}",
    )


def linked_ancestor(folder: Path, root: Path) -> Path | None:
    """``folder`` or the first of its parents below ``root`` that is a link, if any."""
    if not folder.is_relative_to(root):
        return folder if folder.is_symlink() else None
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def _links_under(folder: Path) -> Iterator[Path]:
    """Every link, pipe, socket or device below ``folder``, in a stable order (each folder's entries by name, then
    its subfolders', depth first, as ``os.walk``), without following any.

    The kind of each entry comes from the folder's listing (``os.scandir``'s
    ``d_type``), so a tree of ordinary files and folders costs one listing per
    folder and no ``lstat`` per file: at 10,000 responses the walk took 0.75 s
    of a build's start with two ``lstat`` calls per entry.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return  # as os.walk with no onerror: a folder that cannot be listed is passed over
    for entry in entries:
        try:
            ordinary = entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)
            linked = entry.is_symlink()
        except OSError:
            continue  # gone while we looked
        if linked or (not ordinary and special_kind(Path(entry.path)) is not None):
            yield Path(entry.path)
    for entry in entries:
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                yield from _links_under(Path(entry.path))


def find_links(folders: Sequence[Path], root: Path) -> list[Finding]:
    """An error for each link in or above ``folders`` (a folder that is itself a link is not walked)."""
    findings: list[Finding] = []
    seen: set[Path] = set()
    for folder in folders:
        linked = linked_ancestor(folder, root)
        if linked is not None:
            if linked not in seen:
                seen.add(linked)
                findings.append(link_finding(linked, root))
            continue
        if folder.is_dir():
            findings += _bounded(_links_under(folder), folder, root)
    return findings


def _bounded(links: Iterable[Path], folder: Path, root: Path) -> list[Finding]:
    findings: list[Finding] = []
    more = 0
    for link in links:
        if len(findings) < MAX_REPORTED:
            findings.append(link_finding(link, root))
        else:
            more += 1
    if more:
        findings.append(
            Finding(
                _escaped(_shown(folder, root)),
                rule=RULE,
                category=Category.UNSAFE_FILE,
                message=f"{more:,} more symbolic link(s) in this folder; {ADVICE}",
            )
        )
    return findings


def is_link_free(folder: Path, root: Path) -> bool:
    """Whether ``folder`` and its parents below ``root`` are real folders (then foilog may read it)."""
    return linked_ancestor(folder, root) is None
