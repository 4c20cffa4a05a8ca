"""Hostile text in a response never becomes executable markup in site/.

Material prints page.title and the meta description raw, and Python-Markdown
passes raw HTML and javascript: links through; foilog escapes metadata and
sanitises rendered Markdown with nh3. These tests push an injection corpus
through the whole build and walk every HTML file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, LogBuilder
from sitetools import MATERIAL, all_files, build, page, parse

pytestmark = pytest.mark.adversarial

PAYLOADS = [
    "<script>alert('XSS-A')</script>",
    "<img src=x onerror=alert('XSS-B')>",
    "[click](javascript:alert('XSS-C'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTLUQnKTwvc2NyaXB0Pg==)",
    "<svg onload=alert('XSS-E')>",
    "\"><script>alert('XSS-F')</script>",
    "</title><script>alert('XSS-G')</script>",
    "&lt;script&gt;alert('XSS-H')&lt;/script&gt;",
    "<a href=\"javascript:alert('XSS-I')\">x</a>",
    '<iframe src="https://evil.example/"></iframe>',
    "<details open ontoggle=alert('XSS-J')>",
]
ATTR_LIST = "Paragraph\n{: onclick=\"alert('XSS-K')\" }"


def _yaml_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _corpus_response(i: int, payload: str) -> str:
    p = _yaml_str(payload)
    return f"""\
reference: XSS/{i:03d}
title: {_yaml_str("Title " + payload)}
summary: {_yaml_str("Summary " + payload)}
regime: FOIA
received: 2026-01-05
responded: 2026-01-20
outcome: granted-in-full
topics: [road-safety]
questions:
  - number: '1'
    question: {p}
    answer: {_yaml_str(payload + chr(10) + chr(10) + ATTR_LIST)}
    outcome: granted-in-full
attachments:
  - path: attachments/data.csv
    title: {_yaml_str("Attachment " + payload)}
    description: {p}
corrections:
  - date: 2026-02-01
    note: {p}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    builder = LogBuilder(root, topics={})
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.topic(
        "road-safety",
        _yaml_str("Roads <script>alert('XSS-T')</script>"),
        _yaml_str("<img src=x onerror=alert('XSS-U')>"),
        intro="<script>alert('XSS-V')</script>",
    )
    for i, payload in enumerate(PAYLOADS):
        builder.response(
            2026,
            f"xss-{i:03d}",
            _corpus_response(i, payload),
            md=payload + "\n\n" + ATTR_LIST + "\n",
            attachments={"attachments/data.csv": b"a,b\n1,2\n"},
        )
    return build(builder.config, root / "site")


def test_all_hostile_responses_were_built(hostile_site: Path) -> None:
    for i in range(len(PAYLOADS)):
        assert page(hostile_site, f"responses/2026/xss-{i:03d}/").is_file()


def test_no_executable_markup_anywhere(hostile_site: Path) -> None:
    for html in hostile_site.rglob("*.html"):
        doc = parse(html)
        for tag, attrs in doc.tags:
            assert tag not in ("iframe", "object", "embed"), (html, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (html, tag, name, value)
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    scheme = (value or "").strip().lower()
                    assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (html, tag, value)
            if tag == "svg":
                assert not any(k.startswith("on") for k in attrs), html
        for script, kind in zip(doc.scripts, doc.script_types, strict=True):
            if kind == "application/ld+json":
                # Data, not code: it must parse, and nothing in it may close the element.
                assert "<" not in script and json.loads(script)["@type"] == "Article", (html, script)
            else:
                assert "XSS" not in script, (html, script)


def test_payload_text_is_shown_escaped(hostile_site: Path) -> None:
    html = page(hostile_site, "responses/2026/xss-000/").read_text("utf-8")
    # The title is text: visible to readers, inert to browsers.
    assert (
        "Title &lt;script&gt;alert(&#39;XSS-A&#39;)&lt;/script&gt;" in html or "Title &lt;script&gt;alert('XSS-A')&lt;/script&gt;" in html
    )
    assert "<title>Title &lt;script&gt;" in html


def test_no_raw_script_tag_carries_a_payload(hostile_site: Path) -> None:
    # Markup formats only: the open data (JSON, CSV) rightly holds the literal text.
    for path in all_files(hostile_site):
        if path.suffix in (".html", ".xml"):
            text = path.read_text("utf-8", errors="replace").lower()
            for marker in ("<script>alert(", "<img src=x onerror", "<svg onload", "<details open ontoggle", 'href="javascript:', "<iframe"):
                assert marker not in text, (path, marker)
