"""The README documents every command, option and field (as datasette's test_docs does).

An undocumented command, site option or response field fails here, and so
does a CI script that no longer runs the README's test command verbatim.
"""

from __future__ import annotations

import re
from pathlib import Path

from foilog.cli import main
from foilog.schema import ResponseData
from foilog.settings import SiteSettings

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


def test_every_command_is_documented() -> None:
    for name in main.commands:
        assert f"`foilog {name}" in README, f"foilog {name} is not documented in README.md"


def test_every_site_option_is_documented() -> None:
    for name in SiteSettings.model_fields:
        assert re.search(rf"^\s+{name}:", README, re.MULTILINE), f"plugin option {name} is not documented in README.md"


def test_every_response_field_is_documented() -> None:
    for name in ResponseData.model_fields:
        assert re.search(rf"^{name}:", README, re.MULTILINE), f"response.yml field {name} is not in the README's example"
