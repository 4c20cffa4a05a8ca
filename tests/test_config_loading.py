"""`foilog check` and `foilog build` read mkdocs.yml the same way: through MkDocs' own loader.

`!ENV` values, `INHERIT`ed files and a misspelt foilog option give the same verdict
and the same error lines in both (once, check's own tolerant reader turned `!ENV` into
nothing, ignored `INHERIT`, and a misspelt option was an error in check and a warning in build).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from logbuilder import DEFAULT_OPTIONS, TODAY_ARG, LogBuilder

from foilog.commands.cli import main
from foilog.engine.mkdocs_config import load_project


def _run(command: str, log: LogBuilder, tmp_path: Path) -> Result:
    args = [command, "--config-file", str(log.config), "--today", TODAY_ARG]
    if command == "build":
        args += ["--site-dir", str(tmp_path / "site")]
    return CliRunner().invoke(main, args)


def _errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def _same_in_check_and_build(log: LogBuilder, tmp_path: Path) -> tuple[int, list[str]]:
    check, build = _run("check", log, tmp_path), _run("build", log, tmp_path)
    assert "Traceback" not in check.output + build.output
    assert (check.exit_code, _errors(check)) == (build.exit_code, _errors(build)), (check.output, build.output)
    return check.exit_code, _errors(check)


def _write(path: Path, config: dict[str, object], tagged: str = "") -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False) + tagged, encoding="utf-8")


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    builder = LogBuilder(tmp_path / "project")
    builder.valid()
    return builder


def _env_config(log: LogBuilder) -> None:
    """``per_page`` from the environment, with MkDocs' ``!ENV`` tag."""
    _write(log.config, {"site_name": "Test", "docs_dir": "content", "plugins": [{"foilog": DEFAULT_OPTIONS}]})
    text = log.config.read_text("utf-8")
    assert "    responses_dir: responses\n" in text
    log.config.write_text(
        text.replace("    responses_dir: responses\n", "    responses_dir: responses\n    per_page: !ENV [FOILOG_TEST_PER_PAGE]\n")
    )


def test_an_env_value_out_of_range_is_refused_by_both(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _env_config(log)
    monkeypatch.setenv("FOILOG_TEST_PER_PAGE", "5")
    code, errors = _same_in_check_and_build(log, tmp_path)
    assert code == 2
    assert errors == [f"Error: {log.config}: plugins.foilog.per_page: expected a whole number from 10 to 500, got 5"]


def test_an_env_value_is_read_by_both(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _env_config(log)
    monkeypatch.setenv("FOILOG_TEST_PER_PAGE", "12")
    code, errors = _same_in_check_and_build(log, tmp_path)
    assert (code, errors) == (0, [])
    assert load_project(log.config).settings.per_page == 12


def test_inherited_options_are_read_by_both(log: LogBuilder, tmp_path: Path) -> None:
    _write(log.root / "base.yml", {"docs_dir": "content", "plugins": [{"foilog": {**DEFAULT_OPTIONS, "per_page": 5}}]})
    _write(log.config, {"INHERIT": "base.yml", "site_name": "Test"})
    code, errors = _same_in_check_and_build(log, tmp_path)
    assert code == 2
    assert errors == [f"Error: {log.config}: plugins.foilog.per_page: expected a whole number from 10 to 500, got 5"]


def test_an_inherited_configuration_is_the_project(log: LogBuilder) -> None:
    _write(log.root / "base.yml", {"docs_dir": "content", "plugins": [{"foilog": {**DEFAULT_OPTIONS, "per_page": 30}}]})
    _write(log.config, {"INHERIT": "base.yml", "site_name": "Inherited"})
    project = load_project(log.config)
    assert (project.settings.per_page, project.site_name, project.docs_dir) == (30, "Inherited", log.root.resolve() / "content")


def test_a_misspelt_option_is_an_error_in_both(log: LogBuilder, tmp_path: Path) -> None:
    log.mkdocs({**DEFAULT_OPTIONS, "colur": "#123456"})
    code, errors = _same_in_check_and_build(log, tmp_path)
    assert code == 2
    assert len(errors) == 1 and errors[0].startswith(f"Error: {log.config}: plugins.foilog.colur: unknown option (expected one of: ")
    assert errors[0].endswith("did you mean 'colour'?")


def test_an_unknown_top_level_setting_is_a_warning_in_both_and_strict_refuses_it(log: LogBuilder, tmp_path: Path) -> None:
    """MkDocs' own rule for its own settings, in both commands."""
    log.mkdocs(DEFAULT_OPTIONS, extra="site_urll: https://example.invalid/\n")
    code, errors = _same_in_check_and_build(log, tmp_path)
    assert (code, errors) == (0, [])
    check = CliRunner().invoke(main, ["check", "--config-file", str(log.config), "--today", TODAY_ARG, "--strict"])
    assert check.exit_code == 2
    assert _errors(check) == [f"Error: {log.config}: Config value 'site_urll': Unrecognised configuration name: site_urll"]
