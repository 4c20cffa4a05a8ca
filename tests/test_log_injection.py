"""Log injection (issue 16, item 8): values from data never start a line of foilog's output.

A CI log is read by GitHub's runner line by line: a line that starts with ``::error`` or
``::add-mask`` is obeyed as a workflow command. A crafted value (a topic with an embedded
newline, a folder name with a newline, an ANSI escape, a bidi override) must come out on
the one line of its finding, with its control characters escaped, in every format.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import TODAY_ARG, VALID_SLUG, LogBuilder, variant

from foilog.commands.cli import main
from foilog.commands.report import as_github, as_json, as_text
from foilog.log.findings import Finding, one_line

pytestmark = pytest.mark.adversarial

#: A topic whose value ends up quoted in "unknown topic '...'"; YAML's double quotes make real control characters.
#: (Quoted values are cut at 60 characters, so the payload is short.)
HOSTILE_TOPIC = '  - "a\\e[31m\\u202e\\u2066\\x85\\n::error file=x::pwned\\r\\n::add-mask::s"'
#: A folder name with a newline: its path is printed in "belongs in ..." and in every finding of the folder.
HOSTILE_FOLDER = "x\n::add-mask::folder\x1b[2J"


def check(builder: LogBuilder, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG, *args])


@pytest.fixture
def hostile_log(tmp_path: Path) -> LogBuilder:
    log = LogBuilder(tmp_path / "project")
    log.valid(variant("  - road-safety", HOSTILE_TOPIC))
    log.valid(slug=HOSTILE_FOLDER)
    return log


def _assert_one_line_each(output: str, *, own_commands: bool) -> None:
    """No line starts with a workflow command other than foilog's own ``::error file=responses/...``."""
    for line in output.splitlines():
        assert not line.startswith("::add-mask"), line
        if line.startswith("::"):
            assert own_commands, line
            assert line.startswith(("::error file=responses/", "::warning file=responses/", "::notice file=responses/")), line
        for char in ("\x1b", "\r", "\x85", "\u202e", "\u2066", "\u2028"):
            assert char not in line, repr(line)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_check_output_has_no_injected_lines(hostile_log: LogBuilder, fmt: str) -> None:
    result = check(hostile_log, "--format", fmt)
    assert result.exit_code == 1, result.output
    _assert_one_line_each(result.stdout, own_commands=fmt == "github")
    _assert_one_line_each(result.stderr, own_commands=False)
    assert "pwned" in result.stdout  # the value is shown, escaped, not dropped
    assert "add-mask::folder" in result.stdout


def test_text_output_escapes_control_characters_readably(hostile_log: LogBuilder) -> None:
    out = check(hostile_log, "--format", "text").stdout
    assert r"'a\x1b[31m\u202e\u2066\x85\n::error file=x::pwned\r\n::add-mask::s'" in out
    assert r"responses/2026/x\n::add-mask::folder\x1b[2J/response.yml" in out


def test_github_output_uses_githubs_escaping(hostile_log: LogBuilder) -> None:
    out = check(hostile_log, "--format", "github").stdout
    assert "'a\\x1b[31m\\u202e\\u2066\\x85%0A::error file=x::pwned%0D%0A::add-mask::s'" in out
    assert "file=responses/2026/x%0A%3A%3Aadd-mask%3A%3Afolder\\x1b[2J/response.yml," in out


def test_json_output_round_trips_and_escapes(hostile_log: LogBuilder) -> None:
    result = check(hostile_log, "--format", "json")
    _assert_one_line_each(result.stdout, own_commands=False)
    data = json.loads(result.stdout)
    messages = [f["message"] for f in data["findings"]]
    assert any("'a\x1b[31m\u202e\u2066\x85\n::error file=x::pwned\r\n::add-mask::s'" in m for m in messages)
    assert any(f["path"].startswith(f"responses/2026/{HOSTILE_FOLDER}/") for f in data["findings"])


def test_every_field_of_a_finding_is_escaped() -> None:
    bad = "a\nb\x1b[0m\u202ec\u2029d\x7f"
    finding = Finding(path=f"p{bad}", line=1, field=f"f{bad}", message=f"m{bad}", excerpt=f"e{bad}", acknowledged=f"k{bad}", rule="r")
    assert len(as_text([finding]).splitlines()) == 2  # the finding, then the summary
    assert len(as_github([finding]).splitlines()) == 1
    for text in (as_text([finding]), as_github([finding]), as_json([finding], 1)):
        for char in ("\x1b", "\u202e", "\u2029", "\x7f"):
            assert char not in text, repr(text)
    assert as_text([finding]).splitlines()[0].count("\\n") == 5


def test_one_line_escapes_only_what_it_must() -> None:
    assert one_line("plain text: 'quoted' – café, 東京 \\ ok") == "plain text: 'quoted' – café, 東京 \\ ok"
    assert one_line("a\tb\nc\rd\x00\x1b\x9b\u200f\u202a\u2069\ufeff") == r"a\tb\nc\rd\x00\x1b\x9b\u200f\u202a\u2069\ufeff"


def test_build_log_messages_are_one_line(caplog: pytest.LogCaptureFixture) -> None:
    """The plugin's logger (MkDocs prints it in ``mkdocs build``) never passes a raw newline on."""
    import foilog.engine.plugin  # noqa: F401  (installs the filter on the plugin's logger)

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.foilog"):
        logging.getLogger("mkdocs.plugins.foilog").warning("value %s", "x\n::error::pwned\x1b[31m")
    assert [r.getMessage() for r in caplog.records] == [r"value x\n::error::pwned\x1b[31m"]


def test_build_output_has_no_injected_lines(tmp_path: Path) -> None:
    """``foilog build`` prints MkDocs' and foilog's messages one line each (here: the errors that stop it)."""
    log = LogBuilder(tmp_path / "project")
    log.valid(variant("  - road-safety", HOSTILE_TOPIC))
    log.valid(slug=HOSTILE_FOLDER)
    result = CliRunner().invoke(main, ["build", "--config-file", str(log.config), "--today", TODAY_ARG])
    assert result.exit_code == 1, result.output
    _assert_one_line_each(result.stdout, own_commands=False)
    _assert_one_line_each(result.stderr, own_commands=False)
    # The folder's name (a newline and an escape in it) stops the build before the data is read (foilog.log.lookalikes).
    assert "x\\n::add-mask::folder\\x1b[2J" in result.stderr


def test_valid_slug_is_untouched() -> None:
    assert one_line(f"responses/2026/{VALID_SLUG}/response.yml") == f"responses/2026/{VALID_SLUG}/response.yml"


def test_build_prints_mkdocs_messages_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """``foilog build`` shows MkDocs' own warnings (which quote file names and links) one line each."""
    from foilog.engine.mkdocs_build import Collect

    collector = Collect()
    logger = logging.getLogger("mkdocs.test-log-injection")
    logger.addHandler(collector)
    try:
        logger.warning("Doc file '%s' contains a link", "a\n::add-mask::x\x1b[31m.md")
        logger.error("cannot read '%s'", "b\r\n::error::y")
    finally:
        logger.removeHandler(collector)
    assert capsys.readouterr().err == "Warning: Doc file 'a\\n::add-mask::x\\x1b[31m.md' contains a link\n"
    assert collector.records == ["cannot read 'b\\r\\n::error::y'"]
