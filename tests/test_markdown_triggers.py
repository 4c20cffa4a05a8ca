"""Python-Markdown trying patterns and block processors only where their trigger is publishes the same HTML as without.

Differential: every text is converted by two converters with the same
extensions, one with :class:`TriggersExtension` and one without, and the raw
HTML (before sanitising, so nothing is hidden by nh3) must be equal.
"""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
from markdown.blockprocessors import BlockQuoteProcessor, HashHeaderProcessor, ReferenceProcessor
from markdown.treeprocessors import InlineProcessor

from foilog.site.render import markdown_triggers
from foilog.site.render.markdown_triggers import (
    BLOCK_TRIGGERS,
    TriggeredInlineProcessor,
    TriggersExtension,
    guard_block_processors,
    triggers_of,
)
from foilog.site.render.safe_markdown import SafeMarkdown, converter

LETTER = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.txt"

# Pieces of Markdown that exercise every inline pattern and guarded block processor, alone, nested, broken and escaped.
PIECES = [
    "word", "another", "FOI", "2024", " ", " ", "  ", "\n", "\n", "\n\n", "  \n", "\t",
    "*", "**", "***", "_", "__", "*em*", "**strong**", "_a_", "__b__", "***both***", "snake_case_name", "2*3*4",
    "`", "``", "`code`", "`` a ` b ``", "\\`", "\\\\`x`", "\\", "\\\\", "\\*", "\\_", "\\[", "\\<", "\\&",
    "[", "]", "(", ")", "[link](http://example.org)", "[ref][1]", "[ref]", "[1]: http://example.org/a \"T\"",
    "![", "![img](a.png)", "![alt][1]", "![alt]", "!", "[x](<a b>)", '[t](http://e.org "title")',
    "<", ">", "<http://example.org/x?y=1&z=2>", "<mailto:a@example.org>", "<someone@example.org>", "<b>", "</b>",
    "<br/>", "<!-- note -->", "<?pi ?>", "<![CDATA[x]]>", "< not a tag >", "<a href='x'>",
    "&", "&amp;", "&#39;", "&#x27;", "&copy;", "&nope", "&;", "A & B",
    "# ", "## ", "### ", "- ", "* ", "+ ", "1. ", "2) ", "> ", "    ", "|", " | ", "|---|---|", "---", "***",
    "```", "```python", "~~~", ":", "@", "'", '"', "é", "—", "•", "\u00a0",
    "\n===\n", "\n---\n", "\n- - -\n", "\n___\n", "\n* * *\n", "\n#", "\n> ", "\n>> ", "\n| a | b |\n| --- | :-: |\n",
    "\n[x]: <http://e.org> 'T'\n", "\n  [y]:\n  http://e.org\n  (T)\n", "## closed ##", "\n|\n", "a | b", "\n-|-\n",
]  # fmt: skip


def _converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    """(stock, triggered): :class:`SafeMarkdown`'s converter without :class:`TriggersExtension`, and with it."""
    return converter(1, triggers=False), converter(1)


def _convert(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))


def test_the_triggered_stage_is_the_one_safe_markdown_uses() -> None:
    md = SafeMarkdown()._converter(1)
    assert type(md.treeprocessors["inline"]) is TriggeredInlineProcessor
    # Every stock block processor it knows is guarded (an instance attribute over the class's method).
    guarded = {type(p) for p in md.parser.blockprocessors if any(m in vars(p) for m in ("test", "run"))}
    assert guarded == {cls for cls, _ in BLOCK_TRIGGERS}
    # Every pattern of foilog's converter has a trigger: a changed expression in a
    # new Python-Markdown would be tried everywhere again (correct, but slower).
    assert None not in triggers_of(list(md.inlinePatterns))


def test_random_texts_of_every_trigger_convert_the_same() -> None:
    stock, fast = _converters()
    rng = random.Random(17)
    for _ in range(4000):
        text = _random_text(rng)
        assert _convert(fast, text) == _convert(stock, text), repr(text)


def test_the_real_letter_and_its_paragraphs_convert_the_same() -> None:
    stock, fast = _converters()
    letter = LETTER.read_text(encoding="utf-8")
    assert _convert(fast, letter) == _convert(stock, letter)
    for paragraph in letter.split("\n\n"):
        assert _convert(fast, paragraph) == _convert(stock, paragraph)


@pytest.mark.parametrize(
    "text",
    [
        "Plain prose with no trigger at all.",
        "*emphasis* and `code` and [a link](http://example.org) and <b>raw</b> and &amp; and a line  \nbreak",
        "A [reference][r] and an ![image][i].\n\n[r]: http://example.org\n[i]: /i.png",
        "| a | b |\n|---|---|\n| *x* | `y` |",
        "- item with **strong**\n- item with _em_\n\n1. one\n2. two `code`",
        "> quoted *text* with \\*escaped\\* stars",
        "Nested **strong with *em* inside** and `code with *stars*` and <span>*em in html*</span>",
        "Title\n=====\n\nSubtitle\n--------\n\ntext\n- - -\nmore\n___\n\n* * *",
        "# One\n## Two ##\n### Three #\n#not a heading\n\\# escaped",
        "> quote\n> > nested\n\n>no space\n    > code, not a quote",
        '[a]: http://example.org/a\n[b]: <http://example.org/b> "B"\n[c]:\n    http://example.org/c\n    (C)\n\n[a] [b] [c]',
        "| single |\n| ------ |\n| cell |\n\na | b\n--|--\n1 | 2\n\n| no | separator |\n| x | y |",
        "Line one\nline two with a | pipe\nline three - dash = equals # hash > gt [bracket",
    ],
)
def test_each_kind_of_inline_markup_converts_the_same(text: str) -> None:
    stock, fast = _converters()
    assert _convert(fast, text) == _convert(stock, text)


def test_a_text_without_triggers_tries_no_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the stage: plain prose costs no pattern try; a trigger brings its pattern's tries back."""
    _, fast = _converters()
    stage = fast.treeprocessors["inline"]
    tries: list[str] = []
    original = stage._apply

    def counting(pattern, data, index, start):  # type: ignore[no-untyped-def]
        tries.append(type(pattern).__name__)
        return original(pattern, data, index, start)

    monkeypatch.setattr(stage, "_apply", counting)
    _convert(fast, "Dear requester, thank you for your request of 1 May 2024.\n\nYours sincerely")
    assert tries == []
    _convert(fast, "One *emphasised* word.")
    assert "DelimiterProcessor" in tries
    assert "BacktickInlineProcessor" not in tries


def test_a_block_without_triggers_asks_no_guarded_processor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain paragraphs cost no heading, quote or link-definition scan; a trigger brings its processor back."""
    asked: list[str] = []
    for cls, method in ((HashHeaderProcessor, "test"), (BlockQuoteProcessor, "test"), (ReferenceProcessor, "run")):
        real = getattr(cls, method)

        def counting(self, parent, block, _real=real, _name=cls.__name__):  # type: ignore[no-untyped-def]
            asked.append(_name)
            return _real(self, parent, block)

        monkeypatch.setattr(cls, method, counting)
    _, fast = _converters()  # guarded after the counting methods are in place
    _convert(fast, "Dear requester,\n\nThank you for your request.\n\nYours sincerely")
    assert asked == []
    _convert(fast, "Dear requester,\n\n# A heading\n\n> a quote")
    assert "HashHeaderProcessor" in asked and "BlockQuoteProcessor" in asked and "ReferenceProcessor" not in asked


def test_a_subclass_or_a_changed_expression_is_not_guarded() -> None:
    class MyQuote(BlockQuoteProcessor):
        pass

    md = markdown.Markdown()
    md.parser.blockprocessors.register(MyQuote(md.parser), "quote", 20)
    hashes = md.parser.blockprocessors["hashheader"]
    hashes.RE = __import__("re").compile(r"(?:^|\n)(?P<level>=+)(?P<header>.*)")  # a heading made of "=" needs no "#"
    guarded = guard_block_processors(md)
    assert not any(type(p) in (MyQuote, HashHeaderProcessor) for p in guarded)
    assert "test" not in vars(md.parser.blockprocessors["quote"]) and "test" not in vars(hashes)


def test_an_unsupported_python_markdown_keeps_the_stock_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_triggers, "supported", lambda: False)
    md = markdown.Markdown(extensions=[TriggersExtension()])
    assert type(md.treeprocessors["inline"]) is InlineProcessor
    assert md.convert("*a* `b`") == "<p><em>a</em> <code>b</code></p>"


def test_a_pattern_it_does_not_know_is_always_tried() -> None:
    """Another extension's pattern (here: ``~~strike~~``) has no trigger, so it is never skipped."""
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    class Strike(markdown.extensions.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(.+?)~~", "del"), "strike", 65)

    md = markdown.Markdown(extensions=[Strike(), TriggersExtension()])
    assert md.convert("a ~~b~~ c") == "<p>a <del>b</del> c</p>"
    assert None in triggers_of(list(md.inlinePatterns))


def test_a_pattern_registered_after_a_conversion_is_tried_in_the_next() -> None:
    """The triggers are kept between conversions only while the patterns are the same ones."""
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    md = markdown.Markdown(extensions=[TriggersExtension()])
    assert md.convert("a ~~b~~ *c*") == "<p>a ~~b~~ <em>c</em></p>"
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(.+?)~~", "del"), "strike", 65)
    md.reset()
    assert md.convert("a ~~b~~ *c*") == "<p>a <del>b</del> <em>c</em></p>"
