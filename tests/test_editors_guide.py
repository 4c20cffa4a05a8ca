"""docs/editors.md, the guide for FOI officers: its links work, and what it says about foilog is true."""

from __future__ import annotations

import re
from pathlib import Path

from foilog.commands.cli import main
from foilog.site.render.safe_markdown import SafeMarkdown

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "editors.md"


def test_relative_links_resolve() -> None:
    text = GUIDE.read_text("utf-8")
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    assert links
    for link in links:
        if not re.match(r"[a-z]+:", link):
            assert (GUIDE.parent / link).exists(), link


def test_the_commands_it_names_exist() -> None:
    text = GUIDE.read_text("utf-8")
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL))
    for name in set(re.findall(r"`foilog ([a-z]+)", text)) | set(re.findall(r"^foilog ([a-z]+)", shell, re.MULTILINE)):
        assert name in main.commands, name
    for needed in ("foilog new", "foilog import", "foilog check", "acknowledgements:", "publish_after:", "# guessed"):
        assert needed in text, needed


def test_what_it_says_about_line_breaks_is_how_foilog_renders_them() -> None:
    """The guide: a single line break is not kept; two trailing spaces keep it; a blank line makes a paragraph.

    When a later change adds a visible way to keep a break, this test fails until the guide says so.
    """
    md = SafeMarkdown()
    assert "<br" not in md.convert("Information Governance Team\nCounty Hall")
    assert "<br" in md.convert("Information Governance Team  \nCounty Hall")
    assert str(md.convert("Information Governance Team\n\nCounty Hall")).count("<p>") == 2
    text = " ".join(GUIDE.read_text("utf-8").split())
    assert "a single line break inside a paragraph is not kept" in text


def test_what_it_says_about_hash_and_quotes_is_what_the_check_does() -> None:
    """The guide's unquoted example is an error naming the quoted form; its quoted examples are fine."""
    from foilog.log.dropped_text import dropped_text

    text = " ".join(GUIDE.read_text("utf-8").split())
    assert "In `answer: Drivers are on rota #2; names are withheld.` the published answer would be only" in text
    fields = ("title", "answer")  # as in a question: the guide's examples are lines of response.yml
    (finding,) = dropped_text("answer: Drivers are on rota #2; names are withheld.\n", "response.yml", fields=fields)
    assert 'answer: "Drivers are on rota #2; names are withheld."' in finding.message
    for quoted in ('title: "Gritting routes #4 and #5"', 'answer: "Drivers are on rota #2; names are withheld."'):
        assert quoted in text
        assert dropped_text(quoted + "\n", "response.yml", fields=fields) == []
    assert dropped_text("received: 2026-10-01  # by post\n", "response.yml") == []
