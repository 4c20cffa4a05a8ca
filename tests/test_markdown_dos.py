"""Markdown denial of service (issue 16, item 3): hostile Markdown is a finding, never a hang or a traceback.

Python-Markdown is quadratic on unmatched brackets, ``](`` without ``)``, unmatched
backticks and unclosed HTML tags, and recurses once per level of nested lists. Each
such text is refused by ``foilog check`` (naming the file, line and field) and by the
build before it converts anything; what the limits miss, the build's time limit and
its guard against RecursionError turn into the same kind of message. The timing
itself is shown by ``bench/bench_markdown_dos.py``, not asserted here.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from logbuilder import LINE, TODAY_ARG, VALID_MD, LogBuilder, variant

import foilog.markdown_limits as limits
from foilog.cli import main
from foilog.markdown_limits import markdown_problems
from foilog.render import safe_markdown
from foilog.render.safe_markdown import MarkdownRefused, SafeMarkdown

pytestmark = pytest.mark.adversarial

ANSWER = "    answer: See the attached table of routes.\n"
ANSWER_FIELD = "questions[0].answer"


def nested_list(depth: int) -> str:
    return "\n".join("    " * level + "- item" for level in range(depth))


def with_answer(text: str) -> str:
    """VALID_YML with question 1's answer replaced by ``text`` (a literal block, so any characters go)."""
    return variant(ANSWER, "    answer: |\n" + textwrap.indent(text, "      ") + "\n")


def check(builder: LogBuilder) -> Result:
    return CliRunner().invoke(main, ["check", "--config-file", str(builder.config), "--today", TODAY_ARG])


def build(builder: LogBuilder, site: Path) -> Result:
    return CliRunner().invoke(main, ["build", "--config-file", str(builder.config), "--site-dir", str(site), "--today", TODAY_ARG])


def assert_clean_failure(result: Result, *expected: str) -> None:
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    for text in expected:
        assert text in result.output, result.output


HOSTILE = {
    "brackets-open-then-close": "[" * 20_000 + "]" * 20_000,
    "brackets-open": "[" * 20_000,
    "images-open": "![" * 10_000,
    "link-then-open-paren": "[a](" * 10_000,
    "backticks-unmatched": "``a`" * 5_000,
    "unclosed-tags": "<a" * 5_000,
    "autolinks-unclosed": "<http://" * 5_000,
    "many-tags": "<div>" * 5_000,
    "list-300-deep": nested_list(300),
    "list-on-one-line": "- " * 300 + "x",
    "quote-300-deep": ">" * 300 + " x",
    "quotes-and-lists": "> - " * 100 + "x",
    "headings-in-one-paragraph": "####### x\n" * 5_000,
    "escapes-in-one-paragraph": "\\" * 50_000,
    "code-fences": "```\n" * 1_000,
    "headings-in-a-table-lookalike": "|x\n" + "####### x\n" * 5_000,
    "headings-in-small-paragraphs": ("# x\n" * 4_000 + "\n") * 5,
    "rules-in-small-paragraphs": ("x\n***\n" * 3_000 + "\n") * 5,
    "setext-in-small-paragraphs": ("x\n===\n" * 3_000 + "\n") * 5,
    "list-items": "- x\n" * 10_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_family_is_refused(name: str) -> None:
    assert markdown_problems(HOSTILE[name]), name


GENUINE = {
    "letter": VALID_MD,
    "nested-list": nested_list(6),
    "quote-in-list": "1. First\n\n    > quoted\n    > - point\n\n2. Second",
    "table": "| Year | Cost |\n|---|---:|\n" + "| 2024 | £1,000 [note 1] |\n" * 300,
    "links": "See [our policy](https://example.org/policy_(2024)) and [the data][1].\n\n[1]: https://example.org/d\n" * 50,
    "redactions": "Dear [redacted],\n\nThe officer [name withheld under s40(2)] replied (see `annex A`).\n" * 200,
    "code": "```\n" + "x = [1, 2, [3]]\n" * 100 + "```\n",
    "rules": "- - - - - - - - - - - - - - - - - - - - - - - - - -\n\n* * * * * * * * * * * * * * * * * * * * * * * * *",
    "signature": " " * 120 + "Yours sincerely",
    "some-html": "Cost<sup>1</sup> per <abbr title='year'>yr</abbr><br>\n" * 100,
    "long-table": "| Ward | 2023 | 2024 |\n|---|---:|---:|\n" + "| Northshire Central and East | 1,234 | 1,456 |\n" * 2_000,
    "headings-and-lists": ("## Section\nText of the section.\n\n---\n\nIntro\n=====\n" + "- point\n" * 20 + "\n") * 50,
    "long-letter": ("Dear Requester,\n" + "Thank you for your request for information. " * 50 + "\n\n") * 200,
}


@pytest.mark.parametrize("name", sorted(GENUINE))
def test_genuine_foi_text_is_not_refused(name: str) -> None:
    assert markdown_problems(GENUINE[name]) == [], name


def test_the_measures_run_in_one_pass() -> None:
    """200 KB of brackets (which Python-Markdown does not finish in minutes) is judged at once."""
    problems = markdown_problems("[" * 200_000)
    assert any("'[' and ']' do not pair up (200,000 '[' never closed" in p.message for p in problems), problems


@pytest.fixture
def log(tmp_path: Path) -> LogBuilder:
    return LogBuilder(tmp_path / "project")


def test_check_names_the_answer_with_20000_brackets(log: LogBuilder, tmp_path: Path) -> None:
    log.valid(variant("See the attached table of routes.", "'" + "[" * 20_000 + "]" * 20_000 + "'"))
    checked = check(log)
    expected = f"{log.yml_path()}:{LINE['questions[0].answer']}: {ANSWER_FIELD}: Markdown would take too long to read this text"
    assert_clean_failure(checked, expected)
    built = build(log, tmp_path / "site")
    assert_clean_failure(built, expected, "nothing was published")
    assert not (tmp_path / "site").exists()


def test_check_names_response_md_with_200kb_of_brackets(log: LogBuilder) -> None:
    log.valid(md="Dear Requester\n\n" + "[" * 200_000 + "\n")
    assert_clean_failure(check(log), "responses/2026/ncc-foi-26-0042/response.md:3: Markdown would take too long to read this text")


def test_check_names_the_answer_with_link_openers(log: LogBuilder) -> None:
    log.valid(with_answer("[a](" * 10_000))
    assert_clean_failure(check(log), f"{ANSWER_FIELD}: Markdown would take too long to read this text: a link's '](' ")


def test_a_list_300_deep_is_refused_by_check_and_build(log: LogBuilder, tmp_path: Path) -> None:
    log.valid(with_answer(nested_list(300)))
    expected = (
        f"{log.yml_path()}:{LINE['questions[0].answer']}: {ANSWER_FIELD}: line 21 of the answer: lists or block quotes nested about 21"
    )
    assert_clean_failure(check(log), expected)
    assert_clean_failure(build(log, tmp_path / "site"), expected, "nothing was published")


def test_a_topic_intro_is_checked(log: LogBuilder) -> None:
    log.topic("housing", "Housing", "Council homes.", intro="Intro.\n\n" + nested_list(50))
    assert_clean_failure(check(log), "content/topics/housing.md:27: lists or block quotes nested about 21")


# -- the safety net: what the limits miss is stopped in the build, naming the file and field


def test_a_recursion_error_names_the_answer_in_the_build(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the depth limit too high, the build would still not crash with a bare RecursionError."""
    monkeypatch.setattr(limits, "MAX_DEPTH", 10_000)
    monkeypatch.setattr(limits, "MAX_BLOCK_CHARS", 10**9)
    log.valid(with_answer(nested_list(300)))
    built = build(log, tmp_path / "site")
    assert_clean_failure(built, f"{log.yml_path()}: {ANSWER_FIELD}: the Markdown is nested too deeply")
    assert "nothing was published" in built.output
    assert not (tmp_path / "site").exists(), "a build stopped midway publishes nothing"


def test_a_conversion_over_the_time_limit_names_the_letter(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SCAN_WORK", 10**12)
    monkeypatch.setattr(safe_markdown, "TIME_LIMIT", 0.2)
    log.valid(md="Dear Requester\n\n" + "[" * 20_000 + "\n")
    built = build(log, tmp_path / "site")
    assert_clean_failure(built, "responses/2026/ncc-foi-26-0042/response.md: converting the Markdown took more than 0.2 s")


def test_a_topic_intro_over_the_time_limit_is_named(log: LogBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SCAN_WORK", 10**12)
    monkeypatch.setattr(safe_markdown, "TIME_LIMIT", 0.2)
    log.valid()
    log.topic("housing", "Housing", "Council homes.", intro="[" * 20_000)
    assert_clean_failure(build(log, tmp_path / "site"), "content/topics/housing.md: converting the Markdown took more than 0.2 s")


def test_convert_parts_names_the_part_that_failed() -> None:
    md = SafeMarkdown(3, time_limit=0.2)
    with pytest.raises(MarkdownRefused) as refused:
        md.convert_parts([("fine", 4, "q1-"), ("[" * 20_000, 4, "q2-"), ("letter", 3, "letter-")])
    assert refused.value.part == 1
    assert [str(h) for h in md.convert_parts([("*a*", 4, "q1-"), ("b", 3, "letter-")])] == ["<p><em>a</em></p>", "<p>b</p>"]


def test_a_converter_stopped_midway_is_not_reused() -> None:
    """Python-Markdown keeps list state between calls: after a RecursionError the next text must convert as on a fresh converter."""
    text = "1. one\n2. two\n    - nested\n\nAfter."
    fresh = SafeMarkdown(3).convert_parts([(text, 4, "q1-"), ("b", 3, "letter-")])
    md = SafeMarkdown(3)
    with pytest.raises(MarkdownRefused):
        md.convert_parts([("- " * 1_000 + "x", 4, "q1-"), ("b", 3, "letter-")])
    assert md.convert_parts([(text, 4, "q1-"), ("b", 3, "letter-")]) == fresh
