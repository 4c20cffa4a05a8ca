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

import foilog.log.markdown_limits as limits
from foilog.commands.cli import main
from foilog.log.markdown_limits import markdown_problems
from foilog.site.render import safe_markdown
from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown

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


def _every_measure(text: str) -> list[tuple[int, str]]:
    """markdown_problems without its shortcuts, as (line, kind of problem): every measure, on every text."""
    blocks = list(limits._blocks(text))
    found: list[tuple[int, str]] = []
    depth = limits._deepest_line(text)
    found += [(depth.line, "depth")] if depth is not None else []
    found += [(p.line, "html") for p in limits._html_problems(text)]
    long_blocks = [s for s, b in blocks if len(b) > limits.MAX_BLOCK_CHARS and limits._longest_unit(b) > limits.MAX_BLOCK_CHARS]
    found += [(text.count("\n", 0, long_blocks[0]) + 1, "paragraph")] if long_blocks else []
    split_work = sum(len(limits._SPLITTER.findall(block)) * len(block) for _, block in blocks)
    found += [(1, "split")] if split_work > limits.MAX_SPLIT_WORK else []
    found += [(1, "items")] if len(limits._LIST_ITEM.findall(text)) > limits.MAX_LIST_ITEMS else []
    found += [(1, "fences")] if len(limits._FENCE.findall(text)) > limits.MAX_FENCES else []
    scan = limits._scan_problem(text, blocks)
    return found + ([(scan.line, "scan")] if scan is not None else [])


def _kind(problem: limits.MarkdownProblem) -> tuple[int, str]:
    message = problem.message
    for words, kind in (
        ("nested about", "depth"),
        ("HTML-like tags", "html"),
        ("start a tag never closed", "html"),
        ("a paragraph of", "paragraph"),
        ("headings or horizontal rules", "split"),
        ("list items", "items"),
        ("code fences", "fences"),
        ("take too long to read", "scan"),
    ):
        if words in message:
            return problem.line, kind
    raise AssertionError(message)


def _shortcut_cases() -> list[str]:
    """Texts near each shortcut's edge: nesting of 20 and 21 levels (spaces, tabs, quotes, other line breaks),
    brackets, link parentheses and backticks just under and over the scan budget, headings in long paragraphs."""
    import random

    rng = random.Random(17)
    cases = [
        nested_list(20),
        nested_list(21),
        "\t" * 21 + "- x",
        "\t" * 20 + "x\n" + ">" * 21 + " quote",
        "text\r" + "> " * 21 + "x",
        "text\u2028" + "1. " * 21 + "x",
        "x\x0c" + " " * 80 + "- " * 2 + "y",
        "[" * 700 + " " * 700,
        "[" * 800 + " " * 800,
        "[a](" + "(" * 700 + " " * 700,
        "`" * 3 + " x " * 400 + "``",
        "`x" * 800,
        "- item\n" * 5_001,
        "- item\n" * 5_000,
        "```\n" * 201,
        "~~~\n" * 200,
        ("## Heading\n" + "word " * 3000 + "\n") * 3,
        ("## Heading\n" * 400 + "word " * 6000) + "\n\n",
    ]
    alphabet = ["[", "]", "(", ")", "](", "`", "``", "\\[", "\n", "\n\n", "> ", "- ", "\t", "    ", "#", "---", "<b>", "word ", "==="]
    for _ in range(300):
        cases.append("".join(rng.choice(alphabet) for _ in range(rng.choice((20, 200, 2000)))))
    return cases


def test_the_shortcuts_find_what_every_measure_finds() -> None:
    """Skipping a measure when a cheap bound shows it cannot exceed its limit changes no verdict."""
    for text in _shortcut_cases():
        assert [_kind(p) for p in markdown_problems(text)] == _every_measure(text), repr(text[:80])


def test_the_scan_bound_is_never_below_the_work() -> None:
    for text in _shortcut_cases():
        blocks = list(limits._blocks(text))
        work = sum(limits._bracket_work(b)[0] + limits._link_paren_work(b) + limits._backtick_work(b) for _, b in blocks)
        assert limits._scan_work_bound(text) >= work, repr(text[:80])


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


def test_text_released_after_a_review_is_checked_like_an_answer(log: LogBuilder, tmp_path: Path) -> None:
    """``changed_after.released`` is Markdown on the page: `foilog check` names it before a build would stop on it."""
    released = textwrap.indent(nested_list(300), "          ")
    log.valid(
        variant(
            "    exemptions:\n      - s40(2)\n",
            "    exemptions:\n      - s40(2)\n    changed_after:\n      stage: review\n      date: 2026-10-20\n"
            f"      outcome: granted-in-part\n      released: |\n{released}\n"
            "review:\n  requested: 2026-10-01\n  responded: 2026-10-20\n  outcome: upheld-with-modifications\n",
        )
    )
    expected = "questions[1].changed_after.released: line 21 of the released text: lists or block quotes nested about 21"
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
