"""The theme's frame rendered once and filled in (foilog.site.render.frame): byte for byte what the theme writes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jinja2
import pytest
from sitetools import build, copy_sample_project

from foilog.engine.mkdocs_adapter import _FRAME_META
from foilog.site.render import frame as frame_module
from foilog.site.render.frame import FIELDS, FrameCache, FrameMismatch, build_frame

# Every way Material and foilog's theme print a page's values.
THEME = """<!doctype html><html><head>
<title>{{ page.title | striptags | e }} - Site &amp; Co</title>
{%- if page.description %}<meta name="description" content="{{ page.description | e }}">{% endif %}
{%- if page.canonical %}<link rel="canonical" href="{{ page.canonical | e }}">{% endif %}
{%- if page.jsonld %}<script type="application/ld+json">{{ page.jsonld }}</script>{% endif %}
{%- if page.data %}<link rel="alternate" type="application/json" href="{{ page.data | e }}">{% endif %}
{%- if page.feed %}<link rel="alternate" type="application/atom+xml" href="{{ page.feed | e }}" title="{{ page.feed_title | e }}">{% endif %}
<meta property="og:title" content="{{ page.title | striptags }}">
</head><body><header><span class="md-ellipsis">{{ page.title }}</span></header>
<nav><a href="#page-title">{{ page.title }}</a></nav>
<article><h1 id="page-title">{{ page.title }}</h1></article></body></html>"""

NASTY = [
    {
        "title": "Council tax &amp; parking: &#x27;2019&#x27; &lt;i&gt;review&lt;/i&gt;",
        "description": 'Asked about "parking"  fines & <b>bold</b> claims',
        "canonical": "https://example.org/responses/2019/a-b/?x=1&y=2",
        "jsonld": '{"headline":"A \\u0026 B"}',
        "data": "../../../data/responses/2019/a-b.json",
        "feed": "feed.xml",
        "feed_title": 'Topic: Parking & "fines" <feed>',
    },
    {
        "title": "Ünïcödé — “quotes”   spaced  out",
        "description": "",
        "canonical": "https://example.org/responses/2020/c/",
        "jsonld": "{}",
        "data": '../../../data/responses/2020/c&amp;"d".json',
        "feed": "../../topics/c&d/feed.xml",
        "feed_title": "",
    },
    {
        "title": "Plain",
        "description": "<script>alert(1)</script>",
        "canonical": "",
        "jsonld": "",
        "data": "",
        "feed": "",
        "feed_title": "",
    },
]


def _renderer(source: str, extra: Mapping[str, object] | None = None):
    template = jinja2.Environment(autoescape=False).from_string(source)

    def render(values: Mapping[str, str]) -> str:
        return template.render(page=dict(values), **(extra or {}))

    return render


@pytest.mark.parametrize("values", NASTY)
def test_a_frame_filled_in_is_what_the_theme_renders(values: dict[str, str]) -> None:
    render = _renderer(THEME)
    # The frame's branches follow the values it was built with: build it with the same truthiness.
    frame = build_frame(render, values)
    assert frame is not None
    for other in NASTY:
        if all(bool(other[k]) == bool(values[k]) for k in FIELDS):
            assert frame.fill(other) == render(other)


def test_no_frame_when_a_value_is_printed_in_a_way_it_cannot_reproduce() -> None:
    for theme in ("{{ page.title | truncate(12) }}", "{{ page.title | upper }}", "{{ page.title | urlencode }}", "{{ page.title[1:] }}"):
        assert build_frame(_renderer(f"<title>{theme}</title>"), NASTY[0]) is None, theme


def test_a_page_that_varies_by_anything_else_is_always_rendered_by_the_theme() -> None:
    """The page's own URL in the frame (Material's feedback widget): the second page differs, and the theme renders every page."""
    urls = iter(f"/responses/{n}/" for n in range(100))
    template = jinja2.Environment(autoescape=False).from_string("<p data-url='{{ url }}'>{{ page.title }}</p>")
    cache = FrameCache()
    for n in range(20):
        url = next(urls)
        values = {**NASTY[0], "title": f"Title {n}"}
        out = cache.page("response", values, lambda v, url=url: template.render(page=dict(v), url=url))
        assert out == template.render(page=values, url=url)
    assert cache.filled == 0 and cache.kinds["response"].off


def test_frames_are_used_after_two_confirmed_pages_and_checked_again() -> None:
    render = _renderer(THEME)
    cache = FrameCache(check_every=5)
    for n in range(30):
        values = {**NASTY[0], "title": f"Response {n} &amp; more", "description": f"<p>{n}</p>"}
        assert cache.page("response", values, render) == render(values)
    assert cache.filled == 28
    assert cache.rendered == 2 + 28 // 5


def test_a_frame_that_stops_matching_stops_the_build() -> None:
    calls = {"n": 0}
    template = jinja2.Environment(autoescape=False).from_string("<p>{{ page.title }}{{ extra }}</p>")

    def render(values: Mapping[str, str]) -> str:
        calls["n"] += 1
        return template.render(page=dict(values), extra="!" if calls["n"] > 6 else "")

    cache = FrameCache(check_every=3)
    with pytest.raises(FrameMismatch, match="the theme wrote"):
        for n in range(20):
            cache.page("response", {**NASTY[0], "title": f"T{n}"}, render)


def _html_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_the_sample_site_is_the_same_with_and_without_the_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Response pages and index pages (with their Atom feed in the head) come from frames; every byte is the theme's."""
    theme_renders: list[str] = []
    filled: list[str] = []
    original_render, original_page = frame_module.FrameCache._render, frame_module.FrameCache.page

    def counted(self: FrameCache, render, values):
        theme_renders.append(values["data"])  # a live response's page links its JSON document
        return original_render(self, render, values)

    def page(self: FrameCache, key, values, render):
        before = self.filled
        out = original_page(self, key, values, render)
        if self.filled > before:
            filled.append("feed" if values["feed"] else "response" if values["data"] else "other")
        return out

    monkeypatch.setattr(frame_module.FrameCache, "_render", counted)
    monkeypatch.setattr(frame_module.FrameCache, "page", page)
    framed = build(copy_sample_project(tmp_path / "framed"), tmp_path / "framed-site", strict=True)
    responses = [p for p in framed.glob("responses/*/*/index.html")]
    assert len(responses) >= 10
    assert 0 < len([d for d in theme_renders if d]) < len(responses) / 2, "the frame was not used for most response pages"
    assert "feed" in filled, "no index page with its own feed came from a frame"
    theme_renders.clear()
    every = build(copy_sample_project(tmp_path / "every", render_frame_once="false"), tmp_path / "every-site", strict=True)
    assert theme_renders == []
    assert _html_files(framed) == _html_files(every)


def test_the_adapter_fills_in_exactly_the_values_a_frame_varies() -> None:
    """The adapter names each varied value's page meta key apart from :data:`FIELDS`: the two lists must name the same values.

    A field added to one and not the other would give pages a frame that
    leaves the new value out (or a value no frame has a place for).
    """
    assert set(_FRAME_META) | {"title", "canonical"} == set(FIELDS)
    assert len(_FRAME_META) + 2 == len(FIELDS)
