"""The tree shows the stages, and lower stages never import higher ones (issue 17).

The contracts live in pyproject.toml (``[tool.importlinter]``) so that ``lint-imports``
run by hand says the same as this test.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "foilog"
STAGES = {"log", "gate", "site", "engine", "workers", "commands", "cache"}
RESOURCES = {"assets", "data", "newlog", "templates", "theme"}


def test_the_import_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout


def test_the_top_of_the_package_is_the_stages() -> None:
    """No flat modules: a reader finds any behaviour by following the stages."""
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__" and not p.name.endswith(".egg-info")}
    assert entries - {"__init__.py"} <= STAGES | RESOURCES, sorted(entries - {"__init__.py"} - STAGES - RESOURCES)


def test_no_import_cycles() -> None:
    """Imports made only for type checking do not count: they never run."""
    graph = grimp.build_graph("foilog", exclude_type_checking_imports=True)
    cycles = [component for component in _strongly_connected(graph) if len(component) > 1]
    assert cycles == []


def test_no_module_imports_another_packages_private_module() -> None:
    """``_name`` modules are their package's business (a shared one belongs in a public module)."""
    known = grimp.build_graph("foilog").modules
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        importer = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        package = importer.rsplit(".", 1)[0] if path.name != "__init__.py" else importer.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("foilog"):
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in known]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names if alias.name.startswith("foilog")]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                private = [i for i, part in enumerate(parts) if part.startswith("_") and not part.startswith("__")]
                if private and not package.startswith(".".join(parts[: private[0]])):
                    offenders.append(f"{importer}: {module}")
    assert offenders == []


def _strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the graph has a few hundred modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


@pytest.mark.parametrize("stage", sorted(STAGES - {"cache"}))
def test_each_stage_says_what_it_is(stage: str) -> None:
    init = PACKAGE / stage / "__init__.py"
    assert init.is_file() and ast.get_docstring(ast.parse(init.read_text("utf-8")))
