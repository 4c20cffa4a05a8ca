"""What foilog is, for its cache: one fingerprint of its code and of the versions that matter.

Every cache entry (text-scan findings, attachment reports, the rebuild
manifest) is stored under it, so a changed fingerprint invalidates them all.
It hashes every file of the installed ``foilog`` package (code, templates,
data, styles), found by walking the package's own folder: a detector moved to
another module or a new data file is covered without anyone remembering to
list it (the old scan cache kept a hand-written list of source files, and a
moved detector silently kept its stale results). It adds the versions of
Python, of Unicode and of every library whose behaviour reaches a result.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

#: Bump when the layout of the store or of an entry kind changes.
FORMAT = 1
#: The package folder: what :func:`code_fingerprint` hashes.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Libraries whose versions enter the fingerprint besides foilog's own requirements (read from its metadata when installed).
VERSIONED = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "jinja2",
    "markupsafe",
    "pydantic",
    "pyyaml",
    "holidays",
    "python-dateutil",
    "phonenumbers",
    "nh3",
    "pypdf",
    "pypdfium2",
    "numpy",
    "pyahocorasick",
    "openpyxl",
    "defusedxml",
    "pillow",
    "pagefind",
    "pagefind-bin",
)
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _skipped(path: Path) -> bool:
    """Bytecode is derived from the sources beside it (and differs between machines)."""
    return "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo")


def code_fingerprint(package: Path = PACKAGE_DIR) -> str | None:
    """The sha256 of every file under ``package`` (paths and bytes, in a stable order); ``None`` if one cannot be read."""
    digest = hashlib.sha256()
    try:
        files = sorted(p for p in package.rglob("*") if p.is_file() and not _skipped(p.relative_to(package)))
        for file in files:
            digest.update(file.relative_to(package).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def versioned_packages() -> list[str]:
    """:data:`VERSIONED` and foilog's own runtime requirements (its extras left out), normalised and sorted."""
    names = {_normal(n) for n in VERSIONED}
    try:
        requires = metadata.requires("foilog") or []
    except metadata.PackageNotFoundError:
        requires = []
    for requirement in requires:
        match = _NAME.match(requirement)
        if match and "extra ==" not in requirement.replace("extra==", "extra =="):
            names.add(_normal(match.group(1)))
    return sorted(names)


def versions() -> dict[str, str]:
    """The versions that matter, by name (``-`` for a library that is not installed)."""
    found = {"python": sys.version, "unicode": unicodedata.unidata_version}
    for name in versioned_packages():
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
    return found


@functools.cache
def fingerprint() -> str | None:
    """The fingerprint of this foilog (code and versions); ``None`` (cache nothing) when its code cannot be read.

    Computed once per process (a forked helper inherits it).
    """
    code = code_fingerprint()
    if code is None:
        return None
    material = [f"format={FORMAT}", f"code={code}", *(f"{k}={v}" for k, v in sorted(versions().items()))]
    return hashlib.sha256("\n".join(material).encode("utf-8", "surrogateescape")).hexdigest()
