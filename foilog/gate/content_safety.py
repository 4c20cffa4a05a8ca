"""Hand-written pages and assets in ``content/``: nothing in them may run, and an SVG may not load from elsewhere.

Generated pages are made from data and sanitised (:mod:`foilog.site.render.safe_markdown`).
The pages in ``content/`` (about, accessibility, how to request, the home page)
and the files beside them (logos, charts, stylesheets, scripts) are the site
owners' own work and are published as they are written: MkDocs passes raw HTML
in Markdown through, and copies every other file unchanged.

The policy for them is **refuse, don't rewrite**. These are trusted authors'
pages, reviewed like responses. Sanitising their output (say with nh3) would
silently change what a maintainer wrote and reviewed (Material's admonitions,
tabs, icons, attribute lists and anything new each need a place on an allow
list, and each omission is a page that quietly loses part of itself), and it
would hide the mistake instead of showing it. So anything that runs is an
error naming the file, the line and the element, from ``foilog check`` as
from the build, and the author removes it or moves it where reviewers expect
code (``extra_javascript`` in ``mkdocs.yml``, the theme's ``overrides/``):

* in a page: ``<script>``, elements that embed another document
  (``<iframe>``, ``<frame>``, ``<object>``, ``<embed>``, ``<applet>``,
  ``<portal>``), ``<base>``, ``<meta http-equiv="refresh">``, event-handler
  attributes (``onerror=``), ``javascript:``/``vbscript:`` addresses and
  ``data:`` addresses of types that carry scripts, wherever the Markdown puts
  them (a raw tag, a link, a reference definition), after entities and the
  characters browsers ignore are resolved; code blocks and code spans are
  text and never flagged;
* in an ``.html``/``.htm`` file: the same;
* in an SVG (read with defusedxml: entity declarations and external entities
  are refused unread): the same, plus ``<foreignObject>`` (HTML inside the
  picture) and every reference to another host (``href``/``xlink:href``,
  ``url(...)`` and ``@import`` in styles) because it is a request to a third
  party each time the picture is shown and content no check has seen; a link
  (``<a href="https://...">``) is not a load and is allowed.

The check works on HTML: the page is converted by Python-Markdown first, so
what is found is what a browser would get, and each finding's line is found
back in the Markdown source. The build looks again at the HTML MkDocs
actually made (the site's own Markdown extensions included) with the same
code, so a construct the check's conversion renders differently is still stopped.

Not covered here: personal data (the gate scans these files' text, and the
post-build sweep scans the published copies, :mod:`foilog.gate.sweep`); styles in
pages and stylesheets (CSS cannot run scripts in current browsers); the
theme's own templates in ``overrides/`` and ``extra_javascript`` (code, like
foilog's, reviewed as code).
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote_to_bytes
from xml.parsers import expat

import defusedxml.ElementTree
import markdown
from defusedxml import DefusedXmlException

from foilog.log.findings import Category, Finding

__all__ = [
    "ACTIVE",
    "EXTERNAL",
    "UNREADABLE_SVG",
    "html_file_findings",
    "page_findings",
    "rendered_page_findings",
    "svg_findings",
]

ACTIVE = "active-content"
EXTERNAL = "external-reference"
UNREADABLE_SVG = "unreadable-svg"
MAX_CHECKED_BYTES = 5 * 1024 * 1024
"""Pages and assets larger than this are refused rather than read (a logo or a page is far smaller)."""
_SVG_DEPTH = 3
"""SVG pictures inside ``data:`` addresses inside SVG pictures are read this deep, no deeper."""

PAGE_ADVICE = (
    "hand-written pages are published as written, so foilog refuses anything that runs: remove it "
    "(to show code, put it in a fenced code block); site-wide scripts belong in mkdocs.yml (extra_javascript), where reviewers expect code"
)
SVG_ADVICE = "remove it, or publish the picture as PNG"
EXTERNAL_ADVICE = (
    "it loads from another site each time the picture is shown (a request that tells a third party who reads the page, "
    "and content no check has seen): put what it needs in the SVG or beside it in content/"
)

#: Elements that run a script or bring in another document (which can), and why each is refused.
_ELEMENTS = {
    "script": "runs in every reader's browser",
    "iframe": "embeds another document, which can run scripts",
    "frame": "embeds another document, which can run scripts",
    "frameset": "embeds other documents, which can run scripts",
    "object": "embeds another document or plugin, which can run scripts",
    "embed": "embeds another document or plugin, which can run scripts",
    "applet": "runs a Java applet",
    "portal": "embeds another document, which can run scripts",
    "base": "changes where every relative link and script of the page is loaded from",
}
_SVG_ELEMENTS = {**_ELEMENTS, "foreignobject": "puts HTML, which can run scripts, inside the picture"}
#: Browsers drop these anywhere in a URL, and leading C0 controls and spaces.
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_SCRIPT_SCHEME = re.compile(r"(?:^|;)\s*(javascript|vbscript|livescript):", re.IGNORECASE)
_DATA_TYPE = re.compile(r"^data:\s*([^;,]*)", re.IGNORECASE)
#: ``data:`` types a browser may run a script in (an SVG is read to see whether it does).
_SCRIPTED_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/javascript", "application/javascript",
     "application/ecmascript", "text/ecmascript", "application/x-javascript"}
)  # fmt: skip
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_LINK_SCHEMES = ("http:", "https:", "mailto:")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^\s;)]+))""", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "attr_list", "md_in_html", "def_list", "footnotes", "abbr", "admonition", "toc"]


@dataclass(frozen=True)
class Problem:
    """One thing that runs or loads: its rule, what it is, and text to find it by in the source."""

    rule: str
    what: str
    needles: tuple[str, ...]
    line: int | None = None


# -- addresses ------------------------------------------------------------------------
def _url(value: str) -> str:
    """An attribute value as a browser takes it as an address: entities decoded, ignored characters gone."""
    return _IGNORED_IN_URL.sub("", html.unescape(value)).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x1f ").strip()


def _data_problem(value: str, depth: int) -> str | None:
    """Why a ``data:`` address can run a script, or None (an SVG inside is read for scripts itself)."""
    match = _DATA_TYPE.match(value)
    if match is None:
        return None
    kind = match.group(1).strip().lower()
    if kind in _SCRIPTED_TYPES:
        return f"a data: address of type {kind}, which can hold a script"
    if kind != "image/svg+xml":
        return None
    payload = _data_payload(value)
    if payload is None:
        return "a data: address holding an SVG picture that cannot be read"
    if depth >= _SVG_DEPTH or any(p.rule == ACTIVE for p in _svg_problems(payload, depth + 1)[0]):
        return "a data: address holding an SVG picture with a script"
    return None


def _data_payload(value: str) -> bytes | None:
    head, comma, body = value.partition(",")
    if not comma:
        return None
    try:
        return base64.b64decode(body, validate=False) if head.lower().endswith(";base64") else unquote_to_bytes(body)
    except (binascii.Error, ValueError):
        return None


def _address_problem(tag: str, name: str, value: str, depth: int = 0) -> Problem | None:
    """A script in an attribute: an event handler, a ``javascript:`` address, a ``data:`` address that can run one."""
    if name.startswith("on") and len(name) > 2:
        return Problem(ACTIVE, f'an event-handler attribute {name}="..." on <{tag}>, which runs a script', (name,))
    url = _url(value)
    scheme = _SCRIPT_SCHEME.search(url)
    if scheme:
        return Problem(ACTIVE, f'a {scheme.group(1).lower()}: address in {name}="..." on <{tag}>, which runs a script', (value, "script:"))
    if url[:5].lower() == "data:":
        why = _data_problem(url, depth)
        if why:
            return Problem(ACTIVE, f'{why}, in {name}="..." on <{tag}>', (value[:40], "data:"))
    return None


# -- HTML: pages and .html files ------------------------------------------------------
class _Inspector(HTMLParser):
    """Every element and attribute of an HTML text that runs, with its line in that text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _ELEMENTS:
            self.problems.append(Problem(ACTIVE, f"a <{tag}> element, which {_ELEMENTS[tag]}", (f"<{tag}",), line))
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self.problems.append(
                Problem(ACTIVE, '<meta http-equiv="refresh">, which sends readers to another address', ("http-equiv",), line)
            )
        for name, value in attrs:
            problem = _address_problem(tag, name, value or "")
            if problem is not None:
                self.problems.append(Problem(problem.rule, problem.what, problem.needles, line))

    handle_startendtag = handle_starttag


def _html_problems(text: str) -> list[Problem]:
    inspector = _Inspector()
    inspector.feed(text)
    inspector.close()
    return inspector.problems


def _finding(path: str, problem: Problem, advice: str, line: int | None) -> Finding:
    return Finding(path, line=line, rule=problem.rule, category=Category.UNSAFE_FILE, message=f"{problem.what}: {advice}")


def html_file_findings(data: bytes, path: str) -> list[Finding]:
    """An ``.html``/``.htm`` file in ``content/``: what runs in it, each with its line."""
    if len(data) > MAX_CHECKED_BYTES:
        return [_too_large(path, len(data))]
    text = data.decode("utf-8", errors="replace")
    advice = "an HTML file in content/ is published as written, so foilog refuses anything that runs: remove it"
    return [_finding(path, p, advice, p.line) for p in _html_problems(text)]


def _too_large(path: str, size: int) -> Finding:
    return Finding(
        path,
        rule=ACTIVE,
        category=Category.UNSAFE_FILE,
        message=f"the file is {size:,} bytes, more than the {MAX_CHECKED_BYTES:,} foilog reads to check it; make it smaller or leave it out",
    )


# -- Markdown pages -------------------------------------------------------------------
def _code_lines(source: str) -> set[int]:
    """Lines (1-based) inside fenced code blocks: text there is shown, never run."""
    inside: set[int] = set()
    fence = ""
    for number, line in enumerate(source.splitlines(), start=1):
        match = _FENCE.match(line)
        if fence:
            inside.add(number)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
        elif match:
            fence = match.group(1)
            inside.add(number)
    return inside


def _source_line(source_lines: list[str], skip: set[int], needles: Iterable[str]) -> int | None:
    """The first source line (outside code blocks) holding one of ``needles``, tried in order."""
    for needle in needles:
        wanted = needle.lower().strip()
        if not wanted:
            continue
        for number, line in enumerate(source_lines, start=1):
            if number not in skip and wanted in line.lower():
                return number
    return None


def rendered_page_findings(rendered: str, source: str, path: str) -> list[Finding]:
    """What runs in a page's HTML, each finding on the line of the Markdown ``source`` it came from.

    The build calls this on the HTML MkDocs made; :func:`page_findings` on
    Python-Markdown's conversion of the same source.
    """
    lines = source.splitlines()
    skip = _code_lines(source)
    findings = []
    for problem in _html_problems(rendered):
        line = _source_line(lines, skip, (*problem.needles, "javascript", "script"))
        findings.append(_finding(path, problem, PAGE_ADVICE, line))
    return findings


def page_findings(source: str, path: str) -> list[Finding]:
    """What runs in a hand-written Markdown page, found in its HTML (``foilog check`` and the build)."""
    if len(source.encode("utf-8", errors="replace")) > MAX_CHECKED_BYTES:
        return [_too_large(path, len(source))]
    rendered = markdown.markdown(source, extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    return rendered_page_findings(rendered, source, path)


# -- SVG ------------------------------------------------------------------------------
def _external(value: str) -> bool:
    """Whether an address points at another host (``https://...``, ``//host/...``) rather than into the site or the picture."""
    url = _url(value)
    return url.startswith("//") or (bool(_SCHEME.match(url)) and url[:5].lower() != "data:")


def _css_problems(css: str, where: str, line: int) -> list[Problem]:
    """External references (``@import``, ``url(...)``) and scripted ``data:`` addresses in a style sheet or attribute."""
    problems = []
    imports = [match.span() for match in _CSS_IMPORT.finditer(css)]
    for pattern, shown in ((_CSS_IMPORT, '@import "{}"'), (_CSS_URL, 'url("{}")')):
        for match in pattern.finditer(css):
            if pattern is _CSS_URL and any(start <= match.start() < end for start, end in imports):
                continue  # the @import's own url(...): reported once
            target = next(g for g in match.groups() if g is not None)
            if _external(target):
                problems.append(Problem(EXTERNAL, f"{shown.format(target)} in {where}", (target,), line))
            elif _url(target)[:5].lower() == "data:":
                why = _data_problem(_url(target), 0)
                if why:
                    problems.append(Problem(ACTIVE, f"{why}, in {where}", (target[:40],), line))
    return problems


class _SvgWalk:
    """One expat pass over an SVG (already read safely by defusedxml): elements, attributes and style text with their lines."""

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.problems: list[Problem] = []
        self._style: list[tuple[int, list[str]]] = []
        self._stack: list[str] = []
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text

    def run(self, data: bytes) -> list[Problem]:
        self._parser.Parse(data, True)
        return self.problems

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        line = self._parser.CurrentLineNumber
        tag = name.rpartition(" ")[2]
        self._stack.append(tag)
        lower = tag.lower()
        if lower in _SVG_ELEMENTS:
            self.problems.append(Problem(ACTIVE, f"a <{tag}> element, which {_SVG_ELEMENTS[lower]}", (), line))
        if lower == "style":
            self._style.append((line, []))
        for qualified, value in attributes.items():
            attribute = qualified.rpartition(" ")[2]
            shown = f"xlink:{attribute}" if qualified.startswith("http://www.w3.org/1999/xlink ") else attribute
            problem = _address_problem(tag, shown.lower(), value, self.depth)
            if problem is not None:
                self.problems.append(Problem(problem.rule, problem.what, (), line))
            elif attribute in ("href", "src") and _external(value) and not (lower == "a" and _url(value).lower().startswith(_LINK_SCHEMES)):
                self.problems.append(Problem(EXTERNAL, f'<{tag} {shown}="{_url(value)}">', (), line))
            elif attribute == "style":
                self.problems += _css_problems(value, f"the style of <{tag}>", line)

    def _end(self, name: str) -> None:
        self._stack.pop()
        if name.rpartition(" ")[2].lower() == "style" and self._style:
            line, parts = self._style.pop()
            self.problems += _css_problems("".join(parts), "a <style> element", line)

    def _text(self, text: str) -> None:
        if self._style and self._stack and self._stack[-1].lower() == "style":
            self._style[-1][1].append(text)


def _svg_problems(data: bytes, depth: int = 0) -> tuple[list[Problem], str | None]:
    """What runs or loads in an SVG, or why it cannot be read safely."""
    try:
        defusedxml.ElementTree.fromstring(data)  # entity declarations, external entities: refused here, unread
    except DefusedXmlException as exc:
        return [], f"it declares entities or loads an external one ({type(exc).__name__}), which foilog does not read"
    except (defusedxml.ElementTree.ParseError, ValueError) as exc:
        return [], f"it is not well-formed XML ({exc})"
    try:
        return _SvgWalk(depth).run(data), None
    except expat.ExpatError as exc:  # pragma: no cover - defusedxml parsed it already
        return [], f"it is not well-formed XML ({exc})"


def svg_findings(data: bytes, path: str) -> list[Finding]:
    """An SVG in ``content/``: scripts, event handlers, ``<foreignObject>``, script and external addresses, each with its line.

    (Its text goes through the personal-data scan separately, as HTML: see :func:`foilog.gate.leakgate.scan_log`.)
    """
    if len(data) > MAX_CHECKED_BYTES:
        return [_too_large(path, len(data))]
    problems, unreadable = _svg_problems(data)
    if unreadable is not None:
        message = f"this SVG cannot be checked: {unreadable}; export it again without a DOCTYPE subset, or publish the picture as PNG"
        return [Finding(path, rule=UNREADABLE_SVG, category=Category.UNSAFE_FILE, message=message)]
    return [_finding(path, p, EXTERNAL_ADVICE if p.rule == EXTERNAL else SVG_ADVICE, p.line) for p in problems]
