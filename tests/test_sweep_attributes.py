"""The post-build sweep reads attribute values: a ``mailto:`` link, a tooltip, alt text, a ``<meta content>``.

The leak gate scans the sources (Markdown, YAML, attachments); these tests
put personal data where only the built HTML shows it, in an attribute: a
site owner's template override, the theme's social links from mkdocs.yml
(which the gate does not read), a hand-edited page. All names are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_SLUG, VALID_YML, LogBuilder
from sitetools import MATERIAL, build, build_valid_site

from foilog.engine.mkdocs_build import BuildFailed
from foilog.gate.leakgate import make_gate
from foilog.gate.sweep import html_text_and_attributes, scan_html_raw, sweep_site
from foilog.gate.textscan import html_to_text

EMAIL = "jane.hartley@gmail.com"
PAGE = f"site/responses/2026/{VALID_SLUG}/index.html"


def test_attribute_values_are_read_on_their_own_lines() -> None:
    source = (
        '<p class="x">Hello</p>\n'
        '<a href="mailto:jane.hartley%40gmail.com" title="Write to Jane">us</a>\n'
        '<img\n  src="a.png"\n  alt="Photo of jane&#46;hartley&#64;gmail&#46;com">\n'
        "<meta name='author' content=Pendleton>\n"
    )
    text, attributes, names = html_text_and_attributes(source)
    assert text == html_to_text(source)  # the text is exactly what the gate's HTML reading gives
    lines = attributes.split("\n")
    assert lines[1] == f"mailto: {EMAIL} ; Write to Jane"  # %-escape decoded, the scheme set apart
    assert lines[3] == "a.png"
    assert lines[4] == f"Photo of {EMAIL}"  # entities decoded
    assert lines[5] == "author ; Pendleton"
    assert "x" not in attributes.split()  # class values are the page's machinery
    assert names[2] == ["href", "title"] and names[5] == ["alt"]


def test_findings_in_attributes_name_the_attribute_and_the_line() -> None:
    gate = make_gate(None)
    source = f'<p>Contact us</p>\n<p><a href="mailto:{EMAIL}">by e-mail</a> or <a href="tel:+447700900123">phone</a></p>\n'
    found = [r.finding for r in scan_html_raw(source, path="p.html", config=gate.text)]
    assert {(f.rule, f.line) for f in found} >= {("email", 2)}
    email = next(f for f in found if f.rule == "email")
    assert "HTML attribute href" in email.message and EMAIL not in email.message
    assert any(f.line == 2 and f.rule != "email" for f in found), "the tel: number is found too"


def test_text_repeated_in_a_title_is_reported_once() -> None:
    gate = make_gate(None)
    source = f'<a title="{EMAIL}">{EMAIL}</a>\n'
    found = [r.finding for r in scan_html_raw(source, path="p.html", config=gate.text)]
    assert [(f.rule, f.line) for f in found] == [("email", 1)]
    assert "attribute" not in found[0].message


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return build_valid_site(tmp_path)


@pytest.mark.parametrize(
    "element",
    [
        f'<a href="mailto:{EMAIL}">contact the officer</a>',
        '<a href="tel:07700%20900123">call the officer</a>',
        f'<abbr title="Case officer {EMAIL}">CO</abbr>',
        f'<img src="photo.png" alt="Photo sent by {EMAIL}">',
        f'<span aria-label="Officer {EMAIL}">Officer</span>',
        f'<div data-contact="{EMAIL}"></div>',
        f'<input type="email" value="{EMAIL}">',
        f'<a href="../form/?email={EMAIL.replace("@", "%40")}">form</a>',
        f'<a href="mailto:{EMAIL.replace("@", "&#64;")}">contact</a>',
    ],
    ids=["mailto", "tel", "title", "alt", "aria-label", "data", "value", "query", "entity"],
)
def test_a_leak_only_in_an_attribute_of_a_page_is_found(site: Path, element: str) -> None:
    page = site / "responses" / "2026" / VALID_SLUG / "index.html"
    html = page.read_text("utf-8").replace("</article>", f"<p>Any questions?\n{element}</p></article>", 1)
    page.write_text(html, encoding="utf-8")
    found = [f for f in sweep_site(site, make_gate(None)).findings if f.is_error]
    assert [f.path for f in found] == [PAGE], found
    assert "HTML attribute" in found[0].message
    assert html.splitlines()[found[0].line - 1].startswith(element)  # the line of the attribute


def test_a_mailto_link_in_a_template_override_fails_the_build(tmp_path: Path) -> None:
    """Only the built page shows it: the template is not a source the gate reads, and the address is only in href."""
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    builder.override_template("response.html.j2", f'<p><a href="mailto:{EMAIL}">Ask the case officer</a></p>')
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    message = str(failed.value)
    assert PAGE.removeprefix("site/") in message and "HTML attribute href" in message and EMAIL not in message
    assert not (tmp_path / "site").exists()


def test_a_mailto_social_link_in_the_site_config_fails_the_build(tmp_path: Path) -> None:
    """Material prints ``extra.social`` links in every page's footer; a mailto: address there is only in href."""
    builder = LogBuilder(tmp_path / "log")
    social = f"extra:\n  social:\n    - icon: fontawesome/solid/envelope\n      link: mailto:{EMAIL}\n"
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + social)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    with pytest.raises(BuildFailed) as failed:
        build(builder.config, tmp_path / "site")
    assert "HTML attribute href" in str(failed.value) and "nothing was published" in str(failed.value)


def test_a_person_in_a_meta_description_of_a_hand_written_page_is_found(site: Path) -> None:
    """A page's head is swept in full on a page that is not a themed response page."""
    page = site / "about" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f'<!doctype html>\n<html><head>\n<meta name="description" content="Run by {EMAIL}">\n</head></html>\n', "utf-8")
    found = [f for f in sweep_site(site, make_gate(None)).findings if f.path == "site/about/index.html"]
    assert [(f.rule, f.line) for f in found] == [("email", 3)]
