"""The lock files install anywhere, and foilog's runtime dependencies are only what runs.

A lock file that names this machine's package folders (``--find-links /opt/...``,
``--extra-index-url file:///...``) makes every install elsewhere print "Location ... is
ignored", and a library only the tests use, listed as a runtime dependency, is installed
on every publishing team's machine for nothing.
"""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.lock", "requirements-dev.lock", "foilog/newlog/requirements.lock"]

#: Options of a requirements file that point pip at a particular index or folder.
MACHINE_LOCAL = re.compile(r"^\s*(--index-url|--extra-index-url|--find-links|--trusted-host|-i\s|-f\s)|file://")

#: Runtime dependencies foilog does not import, and why they are needed all the same.
NOT_IMPORTED = {
    "mkdocs-material": "the theme: MkDocs loads it by name from mkdocs.yml (theme: material)",
}


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_files_carry_no_machine_local_lines(lock: str) -> None:
    text = (ROOT / lock).read_text("utf-8")
    local = [line for line in text.splitlines() if MACHINE_LOCAL.search(line)]
    assert local == [], (
        f"{lock} names this machine's package folders; regenerate it with pip-compile --no-emit-index-url --no-emit-find-links"
    )
    assert "--no-emit-index-url --no-emit-find-links" in text or "--no-emit-find-links --no-emit-index-url" in text, (
        f"{lock}: its header should record the pip-compile command that keeps it free of machine-local lines"
    )


def test_the_new_log_installs_what_foilog_installs() -> None:
    """`foilog init` writes the same hash-locked set foilog is tested with."""
    assert (ROOT / "foilog/newlog/requirements.lock").read_text("utf-8") == (ROOT / "requirements.lock").read_text("utf-8")


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_modules() -> set[str]:
    """Top-level modules imported anywhere in foilog/ (at module level or inside functions)."""
    modules: set[str] = set()
    for path in (ROOT / "foilog").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def test_every_runtime_dependency_is_used_at_runtime() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    distributions = packages_distributions()
    used = {_name(dist) for module in _imported_modules() for dist in distributions.get(module, [])}
    unused = [name for name in map(_name, project["dependencies"]) if name not in used and name not in NOT_IMPORTED]
    assert unused == [], (
        f"runtime dependencies that foilog never imports (move them to the test extra, or say why in NOT_IMPORTED): {unused}"
    )


def test_a_library_only_the_tests_import_is_not_a_runtime_dependency() -> None:
    """The other direction for one known case: openpyxl builds the tests' spreadsheets; foilog reads .xlsx parts itself."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "openpyxl" not in map(_name, project["dependencies"])
    assert "openpyxl" in map(_name, project["optional-dependencies"]["test"])
