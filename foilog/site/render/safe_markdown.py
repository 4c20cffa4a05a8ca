"""Markdown from responses to safe HTML.

Answers and ``response.md`` are written by people, often pasted from Word.
Python-Markdown passes raw HTML and ``javascript:`` links straight through, so
its output goes through nh3 (the Ammonia sanitiser) with a small allowlist:
the structure a letter needs (headings, lists, tables, links, emphasis) and
nothing that runs, loads from elsewhere, or styles the page. Images are not
allowed in answers: an external image is a third-party request at view time.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator, Sequence

import markdown
import nh3
from markdown.extensions import Extension
from markupsafe import Markup

from foilog.site.render.line_breaks import BreaksExtension
from foilog.site.render.markdown_triggers import TriggersExtension

_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}

TIME_LIMIT = 20.0
"""Seconds one conversion may take in the build: a letter takes milliseconds; what is slower is hostile or broken."""


class MarkdownRefused(Exception):
    """A conversion stopped: too deep a recursion, or over :data:`TIME_LIMIT`.

    ``part`` is the index of the part that failed when :meth:`SafeMarkdown.convert_parts`
    could tell, so the build can name the file and field.
    """

    def __init__(self, reason: str, part: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.part = part


class _TimeUp(BaseException):
    """Raised by the alarm inside Python-Markdown (a BaseException, so no ``except Exception`` there swallows it)."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the block after ``seconds`` with :class:`_TimeUp` (main thread, no other alarm set: else unlimited)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
    if not usable:
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _guarded(md: markdown.Markdown, text: str, time_limit: float) -> str:
    """``md.convert(text)``, or :class:`MarkdownRefused` instead of a RecursionError or a conversion that never ends."""
    md.reset()
    try:
        with _time_limit(time_limit):
            return md.convert(text)
    except RecursionError:
        raise MarkdownRefused("the Markdown is nested too deeply to convert (lists or quotes inside each other); flatten it") from None
    except _TimeUp:
        raise MarkdownRefused(
            f"converting the Markdown took more than {time_limit:g} s and was stopped; run `foilog check` to find what makes it slow"
        ) from None


def sanitise(html: str) -> Markup:
    """Keep only allowlisted tags, attributes and URL schemes; the result is safe to insert."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - this is the sanitiser


def converter(base_level: int, *, triggers: bool = True) -> markdown.Markdown:
    """A Python-Markdown converter with foilog's extensions, top headings at ``base_level``.

    :class:`TriggersExtension` gives the same HTML, a letter converted in about
    half the time; ``triggers=False`` leaves it out (its tests compare the two).

    The ``toc`` extension is there for the headings' ids only. Its ``[TOC]``
    marker is off (``marker: ""``): a letter that says ``[TOC]`` shows it as
    written, not a table of contents no one wrote, and looking for the marker
    in every paragraph was 7% of converting a seed-sized letter.
    """
    extensions: list[str | Extension] = ["tables", "sane_lists", "fenced_code", "toc", BreaksExtension()]
    if triggers:
        extensions.append(TriggersExtension())
    return markdown.Markdown(
        extensions=extensions,
        extension_configs={"toc": {"baselevel": base_level, "permalink": False, "marker": ""}},
        output_format="html",
    )


class SafeMarkdown:
    """Reusable converters (creating Markdown objects is the slow part).

    ``heading_level`` is the level the text's *top* headings get, whatever
    the author used: with 3, a letter whose sections are ``##`` gets
    ``<h3>`` sections, so nothing competes with the page's own title and the
    outline has no gaps (WCAG: headings in order).
    """

    def __init__(self, heading_level: int = 2, *, time_limit: float | None = None) -> None:
        self.heading_level = heading_level
        #: Seconds each conversion may take (None: :data:`TIME_LIMIT` as it is when converting).
        self.time_limit = time_limit
        self._converters: dict[int, markdown.Markdown] = {}

    def _converter(self, base_level: int) -> markdown.Markdown:
        md = self._converters.get(base_level)
        if md is None:
            md = self._converters[base_level] = converter(base_level)
        return md

    def convert(self, text: str, *, id_prefix: str = "") -> Markup:
        """Markdown -> sanitised HTML. ``id_prefix`` keeps heading ids unique on a page."""
        levels = [len(m.group(1)) for m in _ATX_HEADING.finditer(text)]
        top = min(levels) if levels else 1
        html = self._run(max(1, self.heading_level - top + 1), text)
        if id_prefix:
            html = html.replace(' id="', f' id="{id_prefix}')
        return sanitise(html)

    def convert_parts(self, parts: Sequence[tuple[str, int, str]]) -> list[Markup]:
        """Several Markdown texts ``(text, level of its top headings, heading id prefix)`` in one pass.

        A response page has a dozen small answers and a letter; converting them
        as one document with boundary paragraphs between them costs about a
        third of converting each on its own. If a part swallows a boundary
        (an unclosed code fence or HTML block), each part is converted alone.
        """
        if len(parts) < 2:
            return [self._convert_at(text, level, prefix, part=0) for text, level, prefix in parts]
        chunks = []
        for number, (text, level, _) in enumerate(parts):
            if number:
                chunks.append(f"\n\n{_BOUNDARY}{number}\n\n")
            chunks.append(_shift_headings(text, level))
        try:
            whole = self._run(1, "".join(chunks))
        except MarkdownRefused:
            # Which part? Each alone: the one that fails again is named (the others' HTML is as good).
            return [self._convert_at(text, level, prefix, part=number) for number, (text, level, prefix) in enumerate(parts)]
        pieces = _BOUNDARY_HTML.split(str(sanitise(whole)))
        # split() with one group: text, number, text, number, ... text
        if len(pieces) != 2 * len(parts) - 1 or pieces[1::2] != [str(n) for n in range(1, len(parts))]:
            return [self._convert_at(text, level, prefix, part=number) for number, (text, level, prefix) in enumerate(parts)]
        # Sanitised above; the prefixes (ours, not the author's) keep heading ids unique on the page.
        return [Markup(_prefix_ids(piece.strip("\n"), prefix)) for piece, (_, _, prefix) in zip(pieces[0::2], parts, strict=True)]  # noqa: S704

    def _convert_at(self, text: str, level: int, prefix: str, *, part: int | None = None) -> Markup:
        try:
            html = self._run(1, _shift_headings(text, level))
        except MarkdownRefused as exc:
            raise MarkdownRefused(exc.reason, part) from None
        return Markup(_prefix_ids(str(sanitise(html)), prefix))  # noqa: S704 - sanitised

    def _run(self, base_level: int, text: str) -> str:
        """Convert with the converter for ``base_level``; one that was stopped midway is dropped.

        Python-Markdown keeps parser state (nested list and block states) between calls;
        stopped by a RecursionError or the alarm, it may keep some that ``reset()`` does not
        clear, and the next page would be converted differently.
        """
        limit = TIME_LIMIT if self.time_limit is None else self.time_limit
        try:
            return _guarded(self._converter(base_level), text, limit)
        except MarkdownRefused:
            self._converters.pop(base_level, None)
            raise


def _prefix_ids(html: str, prefix: str) -> str:
    return html.replace(' id="', f' id="{prefix}') if prefix else html


_BOUNDARY = "foilog-part-boundary-7c1e"
_BOUNDARY_HTML = re.compile(rf"\s*<p>{_BOUNDARY}(\d+)</p>\s*")


def _shift_headings(text: str, level: int) -> str:
    """Give the text's top ATX headings ``level`` (2-6), keeping their relative depth."""
    levels = [len(m.group(1)) for m in _ATX_HEADING.finditer(text)]
    if not levels:
        return text
    delta = level - min(levels)
    if delta == 0:
        return text
    return _ATX_HEADING.sub(lambda m: "#" * max(1, min(6, len(m.group(1)) + delta)) + m.group(0)[len(m.group(1)) :], text)
