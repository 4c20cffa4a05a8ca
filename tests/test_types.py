"""mypy finds no errors in foilog (configuration: ``[tool.mypy]`` in pyproject.toml).

Non-strict on purpose: annotations are checked where they are written. The
check runs in a subprocess with the interpreter running the tests, its cache in
a temporary folder so a stale cache never hides an error; it takes about ten
seconds. mypy is in the test extra; without it the test is skipped.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _mypy_config() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mypy"]


def test_mypy_finds_no_errors_in_foilog(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extra")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"mypy reports errors (run `mypy` in the project folder to see them):\n{output}"
    assert output.startswith("Success: no issues found"), output


def test_mypy_checks_the_package_and_skips_only_named_untyped_libraries() -> None:
    """Missing types are allowed library by library, never for every import at once."""
    config = _mypy_config()
    assert config["packages"] == ["foilog"]
    assert "ignore_missing_imports" not in config
    for override in config.get("overrides", []):
        if override.get("ignore_missing_imports"):
            modules = override["module"]
            assert isinstance(modules, list) and all("foilog" not in m and m != "*" for m in modules), modules
