"""The theme's page frame, rendered once per kind of page and filled in for every page.

Material renders its whole frame (head, header, navigation, footer, the
search configuration) for every page from Jinja2 templates: about 3 ms a
page, a quarter of a plain MkDocs build, and on a 50,000-response log the
same frame 50,000 times. The pages foilog generates (responses, and the
index pages of topics, exemptions, outcomes, years, authorities and the
register) differ only in a few values foilog itself sets (the title, the
description, the canonical URL, the Schema.org data, the link to the
response as JSON, an index's Atom feed and its title; the article is put in
later, where the title's heading ends), so the frame can be rendered once
and those values put into it.

How the frame is found, without knowing the templates:

1. the page is rendered with each value replaced by a *sentinel*, a private-use
   character pair around the value's name that no filter changes, so the
   output shows every place each value is printed;
2. it is rendered again with *probe* values that every way a template may
   print a value (as is, escaped, tags stripped, tags stripped and escaped)
   turns into a different string, and each place is matched to the way that
   reproduces the probe's output exactly;
3. the frame is only used once filling it in reproduces the theme's own
   output for two real pages byte for byte; then the theme renders every
   :data:`CHECK_EVERY`-th page too, and a difference stops the build
   (:class:`FrameMismatch`) rather than publish a page that is not what the
   theme would have written.

Anything the values do not cover (a template that prints the page's URL, a
plugin that adds per-page data) makes the two real pages differ from the
frame, and that kind of page is then rendered by the theme every time, as
before. Engine-agnostic: the caller supplies ``render(values)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

__all__ = ["CHECK_EVERY", "FIELDS", "Frame", "FrameCache", "FrameMismatch", "build_frame"]

FIELDS = ("title", "description", "canonical", "jsonld", "data", "feed", "feed_title")
"""The values that differ between pages of one kind (what ``render`` is given; the caller derives the article's place from them)."""
CHECK_EVERY = 1000
"""After the first two, every this-many-th page of a kind is also rendered by the theme and compared."""

_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL = re.compile(f"{_OPEN}([a-z_]+){_CLOSE}")


def _striptags(value: str) -> str:
    return Markup(value).striptags()  # noqa: S704 - what Jinja2's striptags filter does; the result is plain text


#: The ways a template prints a value: Jinja2's ``{{ v }}`` (MkDocs does not
#: autoescape), ``| e``, ``| striptags`` (which also unescapes and folds
#: spaces) and ``| striptags | e``.
_FORMS: tuple[Callable[[str], str], ...] = (
    lambda v: v,
    lambda v: str(escape(v)),
    _striptags,
    lambda v: str(escape(_striptags(v))),
)


def _sentinel(name: str) -> str:
    return f"{_OPEN}{name}{_CLOSE}"


def _probe(name: str) -> str:
    """A value that each of :data:`_FORMS` prints differently (and that names its field)."""
    return f"{_OPEN}{name}<b>&amp; x</b>  \"q\" 'z'{_CLOSE}"


@dataclass(frozen=True)
class Frame:
    """Text between the places a page's values go: ``pieces[0] + value 0 + pieces[1] + ... + pieces[-1]``."""

    pieces: tuple[str, ...]
    places: tuple[tuple[str, int], ...]
    """Each place's field and the index of its form in :data:`_FORMS`."""

    def fill(self, values: Mapping[str, str]) -> str:
        out = [self.pieces[0]]
        for (name, form), piece in zip(self.places, self.pieces[1:], strict=True):
            out.append(_FORMS[form](values[name]))
            out.append(piece)
        return "".join(out)


def build_frame(render: Callable[[Mapping[str, str]], str], values: Mapping[str, str]) -> Frame | None:
    """The frame ``render`` prints around ``values``, or None if it cannot be found (see the module's docstring).

    An empty value stays empty in every render (templates test whether there
    is a description, Schema.org data...): the frame is for pages whose
    values are empty where these are.
    """
    fields = [name for name, value in values.items() if value]
    marked = render({**values, **{name: _sentinel(name) for name in fields}})
    parts = _SENTINEL.split(marked)
    pieces, names = parts[0::2], parts[1::2]
    if any(name not in fields for name in names) or any(_OPEN in p or _CLOSE in p for p in pieces):
        return None  # a value printed in a way the forms do not cover (cut, upper-cased...)
    probes = {name: _probe(name) for name in fields}
    probed = render({**values, **probes})
    if not probed.startswith(pieces[0]):
        return None
    forms = _match(probed, len(pieces[0]), pieces[1:], names, probes)
    if forms is None:
        return None
    return Frame(tuple(pieces), tuple(zip(names, forms, strict=True)))


def _match(text: str, pos: int, pieces: Sequence[str], names: Sequence[str], probes: Mapping[str, str]) -> list[int] | None:
    """The form of each place such that the probes, filled in, give ``text`` from ``pos`` on."""
    if not names:
        return [] if pos == len(text) else None
    for index, form in enumerate(_FORMS):
        candidate = form(probes[names[0]]) + pieces[0]
        if text.startswith(candidate, pos):
            rest = _match(text, pos + len(candidate), pieces[1:], names[1:], probes)
            if rest is not None:
                return [index, *rest]
    return None


class FrameMismatch(Exception):
    """A page filled into its frame is not what the theme renders for it."""


@dataclass
class _Kind:
    frame: Frame | None = None
    confirmed: int = 0
    """Real pages the frame reproduced exactly (it is used from :data:`_CONFIRMATIONS` on)."""
    off: bool = False
    """The frame could not be found or did not reproduce a page: the theme renders every page of this kind."""
    filled: int = 0


_CONFIRMATIONS = 2


@dataclass
class FrameCache:
    """Frames by kind of page (``key``: whatever makes the theme take other branches)."""

    check_every: int = CHECK_EVERY
    kinds: dict[object, _Kind] = field(default_factory=dict)
    #: Pages rendered from a frame, and by the theme (for the build's log).
    filled: int = 0
    rendered: int = 0

    def page(self, key: object, values: Mapping[str, str], render: Callable[[Mapping[str, str]], str]) -> str:
        """The page's HTML: from the frame when it is trusted, else from ``render`` (which is called with ``values``).

        Raises :class:`FrameMismatch` when a trusted frame, checked again,
        does not give what the theme renders.
        """
        kind = self.kinds.setdefault(key, _Kind())
        if kind.off:
            return self._render(render, values)
        if kind.confirmed < _CONFIRMATIONS:
            real = self._render(render, values)
            if kind.frame is None:
                kind.frame = build_frame(render, values)
            if kind.frame is None or kind.frame.fill(values) != real:
                kind.off = True
            else:
                kind.confirmed += 1
            return real
        if kind.frame is None:  # pragma: no cover - a confirmed kind always has its frame
            return self._render(render, values)
        kind.filled += 1
        filled = kind.frame.fill(values)
        self.filled += 1
        if kind.filled % self.check_every == 0:
            real = self._render(render, values)
            if real != filled:
                raise FrameMismatch(_first_difference(real, filled))
        return filled

    def _render(self, render: Callable[[Mapping[str, str]], str], values: Mapping[str, str]) -> str:
        self.rendered += 1
        return render(values)


def _first_difference(expected: str, got: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b), min(len(expected), len(got)))
    return f"at character {at}: the theme wrote {expected[max(0, at - 40) : at + 40]!r}, the frame {got[max(0, at - 40) : at + 40]!r}"
