"""docs/editors.md, the guide for FOI officers: its links work, and what it says about foilog is true."""

from __future__ import annotations

import re
from pathlib import Path

from foilog.commands.cli import main
from foilog.site.render.line_breaks import SHORT_LINE
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
    """The guide: short lines keep their break, long lines run on unless they end in a backslash, a blank line makes a paragraph.

    Its own example is converted as foilog converts a letter, and every line keeps its break.
    """
    text = GUIDE.read_text("utf-8")
    section = text[text.index("## Line breaks in answers and letters") :]
    section = section[: section.index("\n## ", 1)]
    example = re.search(r"```markdown\n(.*?)```", section, re.DOTALL)
    assert example, "the guide shows an example of a signature block"
    html = str(SafeMarkdown().convert(example.group(1)))
    assert html.count("<p>") == 2
    assert html.count("<br>") == 3
    assert "\\" not in html, "the backslash marker is not published"

    md = SafeMarkdown()
    long_line = "We hold the information you asked for and it is attached"
    assert "<br" not in md.convert(f"{long_line}\nas a spreadsheet.")
    assert "<br" in md.convert("Information Governance Team\nCounty Hall")
    assert str(md.convert("Information Governance Team\n\nCounty Hall")).count("<p>") == 2
    words = " ".join(section.split())
    for promise in (
        "A short line keeps its break",
        f"fewer than {SHORT_LINE} characters",
        "A long line runs on into the next one",
        "put a backslash `\\` at its end",
    ):
        assert promise in words, promise


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
