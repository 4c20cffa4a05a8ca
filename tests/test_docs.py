"""The README documents every command, option and field (as datasette's test_docs does).

An undocumented command, site option or response field fails here, and so
does a CI script that no longer runs the README's test command verbatim.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from foilog.commands.cli import main
from foilog.log.schema import ResponseData
from foilog.log.settings import SiteSettings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def _readme_commands() -> list[str]:
    """The shell commands of the numbered install steps at the top of the README."""
    return re.findall(r"^\d\. .*?```sh\n\s*(.+?)\n\s*```", README, re.MULTILINE | re.DOTALL)


def test_readme_starts_with_what_foilog_is_and_two_commands() -> None:
    assert README.startswith("# foilog\n")
    commands = _readme_commands()
    assert len(commands) == 2
    assert "build_site.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert _readme_commands()[1] in ci.splitlines()


def test_the_readme_test_command_installs_what_the_tests_start() -> None:
    """A newcomer's run is CI's run: the command installs the browser, axe-core and the real tools first."""
    assert _readme_commands()[1].startswith("bash scripts/install-test-tools && ")
    script = (ROOT / "scripts" / "install-test-tools").read_text("utf-8")
    from realtools import PACKAGES

    for tool, packages in {**PACKAGES, "shellcheck": "shellcheck", "npm": "nodejs npm", "git": "git"}.items():
        for package in packages.split():
            assert re.search(rf"\b{re.escape(package)}\b", script), f"{package} (for {tool}) is not installed by scripts/install-test-tools"
    assert "npm ci" in script


def test_the_install_script_passes_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (scripts/install-test-tools installs it)")
    result = subprocess.run([shellcheck, str(ROOT / "scripts" / "install-test-tools")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_is_documented() -> None:
    for name in main.commands:
        assert f"`foilog {name}" in README, f"foilog {name} is not documented in README.md"


def test_every_site_option_is_documented() -> None:
    for name in SiteSettings.model_fields:
        assert re.search(rf"^\s+{name}:", README, re.MULTILINE), f"plugin option {name} is not documented in README.md"


def test_every_response_field_is_documented() -> None:
    for name in ResponseData.model_fields:
        assert re.search(rf"^{name}:", README, re.MULTILINE), f"response.yml field {name} is not in the README's example"


def test_the_readmes_generated_tables_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    """The command, option and plugin-option tables are generated (foilog.commands.readme_tables); run `cog -r README.md`."""
    from cogapp import Cog

    status = Cog().main(["cog", "--check", str(ROOT / "README.md")])
    assert status == 0, f"README.md's generated tables are out of date: run `cog -r README.md`\n{capsys.readouterr().out}"


def test_the_readme_generates_every_table_it_promises() -> None:
    """Each generated block is in place (a marker deleted by hand would make the check above pass vacuously)."""
    for generator in ("commands_table(main)", "options_table(main)", "plugin_options_block()"):
        assert f"cog.out({generator})" in README, f"README.md lost its generated {generator}"
    assert README.count("<!-- [[[end]]] -->") == 3
