"""The one pass over an HTML text's tags (:func:`foilog.gate.sweep.html_text_and_attributes`, and the gate's own
:func:`foilog.gate.textscan.html_to_text`, which share :func:`foilog.gate.textscan.split_html`) against the plain way.

The plain way is a substitution with a callback per tag, which keeps the
tag's line breaks, with the attributes collected by that callback. The sweep
splits the text at its tags once and walks the tags; both must give the same
text, attribute text and attribute names, on markup built to hit the edges:
tags over several lines, quoted ``>`` and ``<``, unclosed quotes, comments,
entities, stray brackets, unquoted and repeated attributes.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

import pytest

from foilog.gate.sweep import _ATTRIBUTE, _ATTRIBUTE_SEPARATOR, SKIPPED_ATTRIBUTES, _decoded, html_text_and_attributes
from foilog.gate.textscan import decode_entities, html_to_text

_PLAIN_TAG = re.compile(r"<!--|-->|<(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")


def _plain(source: str) -> tuple[str, str, dict[int, list[str]]]:
    """The reference: a callback per tag that collects attributes and keeps the tag's line breaks."""
    found: list[tuple[int, str, str]] = []

    def tag(match: re.Match[str]) -> str:
        text = match.group()
        for attribute in _ATTRIBUTE.finditer(text):
            name = attribute.group(1).lower()
            if name in SKIPPED_ATTRIBUTES:
                continue
            group = 2 if attribute.group(2) is not None else 3 if attribute.group(3) is not None else 4
            found.append((match.start() + attribute.start(group), name, attribute.group(group)))
        return " " + "\n" * text.count("\n")

    stripped = _PLAIN_TAG.sub(tag, source)
    text = decode_entities(stripped)
    by_line: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for start, name, value in found:
        first = source.count("\n", 0, start) + 1
        for n, piece in enumerate(value.split("\n")):
            if piece.strip():
                by_line[first + n].append((name, _decoded(name, piece)))
    if not by_line:
        return text, "", {}
    rows = [""] * max(by_line)
    for line, pairs in by_line.items():
        rows[line - 1] = _ATTRIBUTE_SEPARATOR.join(value for _, value in pairs)
    return text, "\n".join(rows), {line: [name for name, _ in pairs] for line, pairs in by_line.items()}


PIECES = [
    "Dear Jane,",
    " text ",
    "\n",
    "<p>",
    "</p>",
    '<p class="x">',
    '<a href="mailto:jane%40example.org" title="Write to\nJane">',
    "<a href='tel:07700 900123'>",
    '<img\n  src=a.png\n  alt="Photo &amp; jane&#64;example.org">',
    '<meta name="author" content=Pendleton>',
    "<span data-x=\"a > b\" data-y='c < d'>",
    '<div title="unclosed>',
    "<!--",
    "-->",
    "<!-- hidden jane@example.org -->",
    "<",
    ">",
    '"',
    "'",
    "=",
    "&amp;",
    "&#64;",
    "&nbsp;",
    "a=b",
    "<br/>",
    '<input value="07700 900123" id="i" value=\'x\'>',
    '<td headers=h1 data-who="Ms J. Doe">',
]


def _sources() -> list[str]:
    rng = random.Random(11)
    return ["", "no tags at all", "<p>", "<!---->", "<a\nhref='x'\n>y</a>"] + [
        "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 25))) for _ in range(4000)
    ]


@pytest.mark.parametrize("chunk", range(4))
def test_the_one_pass_gives_the_plain_text_attributes_and_names(chunk: int) -> None:
    for source in _sources()[chunk::4]:
        got = html_text_and_attributes(source)
        assert got == _plain(source), source
        assert got[0] == html_to_text(source), source
