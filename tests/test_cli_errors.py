"""Errors reach exit codes by being raised (foilog.commands.errors), the same way in every command.

One date option, one deny-list option, one project loader: a bad value stops every
command that takes it with the same words and the same exit code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from logbuilder import TODAY_ARG, LogBuilder

from foilog.commands.cli import main
from foilog.commands.errors import FoilogFailure, FoilogUsageError

ROOT = Path(__file__).resolve().parent.parent


def _raising(error: click.ClickException) -> click.Command:
    @click.command()
    def command() -> None:
        raise error

    return command


def test_a_usage_error_prints_each_line_once_and_exits_2() -> None:
    result = CliRunner().invoke(_raising(FoilogUsageError("mkdocs.yml: bad\nvalue", "  responses/x: a finding", "Fix: do this")))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["Error: mkdocs.yml: bad\\nvalue", "  responses/x: a finding", "Fix: do this"]
    assert result.stdout == ""


def test_a_failure_exits_1_without_click_usage_banner() -> None:
    result = CliRunner().invoke(_raising(FoilogFailure("the build stopped")))
    assert (result.exit_code, result.stderr) == (1, "Error: the build stopped\n")


def test_no_command_calls_sys_exit() -> None:
    """Only the sandboxed workers' `python -m` entry points end the process themselves."""
    calls = []
    for path in (ROOT / "foilog").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "sys.exit":
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert all(call.split(":")[0].endswith("_worker.py") for call in calls), calls


def _commands_with(option: str) -> list[str]:
    return sorted(name for name, command in main.commands.items() if any(option in p.opts for p in command.params))


def _args(name: str, placeholder: str = "placeholder") -> list[str]:
    """Placeholder values for a command's required arguments (scan's must exist: pass a folder)."""
    command = main.commands[name]
    return [name, *(placeholder for p in command.params if isinstance(p, click.Argument) and p.required)]


@pytest.mark.parametrize("name", _commands_with("--today"))
def test_a_bad_today_is_the_same_usage_error_in_every_command(name: str) -> None:
    result = CliRunner().invoke(main, [*_args(name), "--today", "26/11/2026"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--today': expected a date written YYYY-MM-DD, got '26/11/2026'; write '2026-11-26'" in result.stderr
    assert "Traceback" not in result.output


def test_every_command_with_a_date_takes_the_same_today_option() -> None:
    assert _commands_with("--today") == ["build", "check", "diff", "import", "serve", "stats"]


@pytest.mark.parametrize("name", _commands_with("--deny-list"))
@pytest.mark.parametrize("from_env", [False, True])
def test_an_unreadable_deny_list_is_the_same_usage_error_in_every_command(name: str, from_env: bool, tmp_path: Path) -> None:
    missing = tmp_path / "names.txt"
    option = [] if from_env else ["--deny-list", str(missing)]
    env = {"FOILOG_DENY_LIST": str(missing)} if from_env else {}
    result = CliRunner(env=env).invoke(main, [*_args(name, str(tmp_path)), *option])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {missing}: cannot read the deny list: No such file or directory\n"


@pytest.mark.parametrize("name", ["check", "build", "new", "import", "diff"])
def test_a_missing_mkdocs_yml_is_the_same_usage_error_in_every_command(name: str, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    args = {"check": [], "build": [], "new": ["FOI/1"], "import": ["letter.txt"], "diff": []}[name]
    result = CliRunner().invoke(main, [name, *args, "--config-file", str(config)])
    assert result.exit_code == 2, result.output
    if name == "diff":  # diff looks for the git repository first
        assert result.stderr.startswith("Error: ")
    else:
        assert result.stderr == f"Error: {config}: file not found; run foilog in the folder that holds mkdocs.yml or pass --config-file\n"


def test_a_bad_plugin_option_is_the_same_usage_error_in_check_new_and_import(tmp_path: Path) -> None:
    log = LogBuilder(tmp_path / "project")
    log.mkdocs({"per_page": 5})
    expected = f"Error: {log.config}: plugins.foilog.per_page: expected a whole number from 10 to 500, got 5\n"
    for args in (["check", "--today", TODAY_ARG], ["new", "FOI/1"], ["import", "letter.txt"]):
        result = CliRunner().invoke(main, [*args, "--config-file", str(log.config)])
        assert (result.exit_code, result.stderr) == (2, expected), args
