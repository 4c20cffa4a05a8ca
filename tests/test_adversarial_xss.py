"""XSS in the fields and payloads test_site_safety.py does not already cover.

test_site_safety.py pushes eleven payloads through titles, summaries, questions,
answers, attachments, corrections and topics. This adds the rest of what a
response or the site settings carry into pages (authority names, exemption
public-interest reasons, withdrawal reasons, previous references) and the payload
family that breaks out of attributes: ``"><svg onload>``, quotes closing a
``<meta content="...">``, ``javascript:`` spelt with entities, tabs or capitals,
and reference-style Markdown links.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, LogBuilder
from sitetools import MATERIAL, all_files, build, page, parse

pytestmark = pytest.mark.adversarial

BREAKOUTS = [
    "\"><svg onload=alert('XSS-M')>",
    "' onmouseover='alert(\"XSS-N\")' data-xss='",
    '" onfocus="alert(\'XSS-O\')" autofocus="',
    "[entity](javascript&#58;alert('XSS-P'))",
    "[caps](  JaVaScRiPt:alert('XSS-Q'))",
    "<a href=\"jav&#x09;ascript:alert('XSS-R')\">tab</a>",
    "[reference][r]\n\n[r]: javascript:alert('XSS-S')",
    "<math><mi xlink:href=\"javascript:alert('XSS-T')\">m</mi></math>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'XSS-U\')">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><button>go</button></form>',
    "<style>body{background:url(javascript:alert('XSS-V'))}</style>",
]

AUTHORITY_PAYLOAD = "Westshire \"><svg onload=alert('XSS-AU')> <img src=x onerror=alert('XSS-AV')>"


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _response(i: int, payload: str) -> str:
    p = _q(payload)
    return f"""\
reference: BRK/{i:03d}
title: {_q("Title " + payload.replace(chr(10), " "))}
summary: {p}
authority: westshire-police
regime: FOIA
received: 2026-01-05
responded: 2026-01-20
outcome: refused
topics: [road-safety]
exemptions:
  - section: s31(1)(a)
    public_interest: {p}
questions:
  - number: '1'
    question: {p}
    answer: {p}
    outcome: refused
    exemptions: [s31(1)(a)]
previous_references:
  - {_q("OLD/" + str(i) + " " + payload.replace(chr(10), " "))}
"""


def _withdrawn(i: int, payload: str) -> str:
    return _response(i, payload) + f"withdrawn:\n  date: 2026-11-02\n  reason: {_q(payload)}\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("breakouts")
    options = dict(DEFAULT_OPTIONS)
    options["authorities"] = [
        {"id": "northshire-council", "name": "Northshire County Council (fictional)"},
        {"id": "westshire-police", "name": AUTHORITY_PAYLOAD},
    ]
    builder = LogBuilder(root, options=options)
    builder.mkdocs(options, extra=MATERIAL + "site_url: https://log.example/\n")
    for i, payload in enumerate(BREAKOUTS):
        builder.response(2026, f"brk-{i:03d}", _response(i, payload), md=payload + "\n")
        builder.response(2026, f"brk-{100 + i:03d}", _withdrawn(100 + i, payload), md=payload + "\n")
    return build(builder.config, root / "site")


def _url_is_script(value: str) -> bool:
    """What a browser would run: it drops tabs, newlines and leading spaces/controls before the scheme."""
    squeezed = "".join(c for c in value if c not in "\t\n\r").lstrip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f").lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text/html"))


def test_every_response_was_built(site: Path) -> None:
    for i in range(len(BREAKOUTS)):
        assert page(site, f"responses/2026/brk-{i:03d}/").is_file()
        assert page(site, f"responses/2026/brk-{100 + i:03d}/").is_file()
    assert page(site, "authorities/westshire-police/").is_file(), "the authority's page carries its name"


def test_no_attribute_breakout_or_script_url_anywhere(site: Path) -> None:
    for html in site.rglob("*.html"):
        doc = parse(html)
        for tag, attrs in doc.tags:
            assert tag not in ("iframe", "object", "embed", "base", "math", "style"), (html, tag)
            if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
                # foilog's own redirect pages (previous_references): to a response of this site only.
                target = (attrs.get("content") or "").partition("url=")[2]
                assert target.startswith("../") and target.rstrip("/").rsplit("/", 1)[-1].startswith("brk-"), (html, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on") and name not in ("autofocus", "data-xss", "formaction"), (html, tag, name)
                if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc"):
                    assert "evil.example" not in (value or ""), (html, tag, name, value)  # <base>, <form action>
                    assert not _url_is_script(value or ""), (html, tag, name, value)
        for script, kind in zip(doc.scripts, doc.script_types, strict=True):
            if kind == "application/ld+json":
                assert "<" not in script and json.loads(script), (html, script)
            else:
                assert "XSS" not in script, (html, script)


def test_no_raw_payload_markup_in_any_markup_file(site: Path) -> None:
    for path in all_files(site):
        if path.suffix in (".html", ".xml"):
            text = path.read_text("utf-8", errors="replace").lower()
            for marker in (
                "<svg onload",
                "<img src=x onerror",
                "<style>body",
                "<base href",
            ):
                assert marker not in text, (path, marker)


def test_payloads_are_shown_as_text(site: Path) -> None:
    """Escaped, not dropped: a reader sees what the editor wrote (and the assertion above is not vacuous)."""
    html = page(site, "responses/2026/brk-000/").read_text("utf-8")
    assert "&lt;svg onload=" in html and "XSS-M" in html
    authority = page(site, "authorities/westshire-police/").read_text("utf-8")
    assert "&lt;img src=x onerror=" in authority
