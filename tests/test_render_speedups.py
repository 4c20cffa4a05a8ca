"""Two things the page loop asks for thousands of times, worked out once: each must give what it gave before.

* :class:`foilog.site.render.pages.TemplateEnvironment` keeps a template's
  globals in one dict instead of Jinja2's chain onto the environment's.
* :attr:`foilog.log.model.Response.slug` and ``url`` are cached on the
  response, which is sound only because its data is frozen.
"""

from __future__ import annotations

import jinja2
import pydantic
import pytest
from logbuilder import LogBuilder, load_built

from foilog.log.model import Log, Response
from foilog.log.urls import response_url, slugify
from foilog.site.indexes import build_indexes
from foilog.site.render.pages import Renderer, TemplateEnvironment

_TEMPLATES = {
    "_m.j2": (
        "{% set icons = {'a': 'A'} %}"
        "{% macro badge(x) %}<b>{{ icons.get(x, '?') }}{{ things[x] }}{{ shout }}</b>{% endmacro %}"
        "{% macro with_url(x, url) %}<a href='{{ url(x) }}'>{{ x }}</a>{% endmacro %}"
    ),
    "page.j2": (
        '{% from "_m.j2" import badge, with_url %}{% import "_m.j2" as m %}'
        "{{ badge(v) }}{{ m.badge(v) }}{{ with_url(v, url) }}{{ things|length }}{{ own }}{{ shout if shout is defined }}"
    ),
    "ctx.j2": '{% from "_m.j2" import badge with context %}{{ badge(v) }}',
}


def _environment(kind: type[jinja2.Environment]) -> jinja2.Environment:
    env = kind(loader=jinja2.DictLoader(_TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined, auto_reload=False)
    env.globals.update(things={"a": 1, "<b>": 2}, shout="!")
    return env


@pytest.mark.parametrize("template", ["page.j2", "ctx.j2"])
@pytest.mark.parametrize("value", ["a", "<b>"])
def test_templates_render_as_with_jinjas_own_environment(template: str, value: str) -> None:
    """Imports with and without context, globals read in a macro and in the page, a template's own globals."""
    outputs = []
    for kind in (jinja2.Environment, TemplateEnvironment):
        env = _environment(kind)
        page = env.get_template(template, globals={"own": "[own]"})
        outputs.append([page.render(v=value, url=lambda x: f"/{x}/") for _ in range(2)])
    assert outputs[0] == outputs[1]
    assert "!" in outputs[1][0]  # the environment's global reached the macro: the comparison is not of two blanks


def test_a_templates_globals_hold_the_environments_and_its_own() -> None:
    env = _environment(TemplateEnvironment)
    page = env.get_template("page.j2", globals={"own": 1, "shout": "?"})
    assert dict(page.globals) == {**env.globals, "own": 1, "shout": "?"}
    assert type(page.globals) is dict  # the point: lookups in C, not through ChainMap


def test_the_renderers_templates_use_it(sample_log: Log) -> None:
    renderer = Renderer(sample_log, build_indexes(sample_log))
    assert isinstance(renderer.env, TemplateEnvironment)
    template = renderer.env.get_template("response.html.j2")
    for name in ("outcomes", "topics", "site_name", "multi_authority", "clock_timeline"):
        assert template.globals[name] is renderer.env.globals[name]


def test_a_responses_slug_and_url_are_worked_out_from_its_frozen_data(tmp_path) -> None:
    builder = LogBuilder(tmp_path)
    builder.valid()
    log = load_built(builder)
    r: Response = log.responses[0]
    assert r.slug == slugify(r.data.reference)
    assert r.url == response_url(r.data.responded.year, r.slug)
    assert r.slug is r.slug and r.url is r.url  # kept, not made again
    # What makes keeping them sound: the data they come from cannot change under them.
    with pytest.raises(pydantic.ValidationError):
        r.data.reference = "OTHER/1"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        r.data.responded = r.data.received  # type: ignore[misc]
