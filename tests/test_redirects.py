"""A renamed reference keeps its old web address working: a static redirect page to the new one."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, TODAY, VALID_REFERENCE, VALID_SLUG, VALID_YML, LogBuilder, variant
from sitetools import MATERIAL, build, page, parse

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log

NEW_URL = f"responses/2026/{VALID_SLUG}/"
OLD_URL = "responses/2026/old-ref-1/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("redirects")
    builder = LogBuilder(root / "project")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL + "site_url: https://log.example/\n")
    builder.valid(VALID_YML + "previous_references:\n  - OLD/REF/1\n")
    return build(builder.config, root / "site", today=TODAY, strict=True)


def _meta_refresh_target(tags: list[tuple[str, dict[str, str | None]]]) -> str:
    [content] = [a.get("content") or "" for tag, a in tags if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh"]
    delay, _, target = content.partition(";")
    assert delay.strip() == "0"
    assert target.strip().lower().startswith("url=")
    return target.strip()[4:]


def test_old_address_redirects_to_the_new_page(site: Path) -> None:
    old = page(site, OLD_URL)
    assert old.is_file()
    links = parse(old)
    target = _meta_refresh_target(links.tags)
    [canonical] = [a.get("href") for tag, a in links.tags if tag == "link" and a.get("rel") == "canonical"]
    assert canonical == target
    resolved = posixpath.normpath(posixpath.join("/" + OLD_URL, target)).lstrip("/") + "/"
    assert resolved == NEW_URL
    assert page(site, NEW_URL).is_file()
    assert VALID_REFERENCE in page(site, NEW_URL).read_text("utf-8")
    assert any(tag == "meta" and a.get("name") == "robots" and a.get("content") == "noindex" for tag, a in links.tags)
    assert any(tag == "a" and a.get("href") == target for tag, a in links.tags), "a link for browsers without meta refresh"


def test_redirect_is_not_listed_as_a_page(site: Path) -> None:
    """A sitemap lists canonical pages only; the redirect page says noindex."""
    sitemap = site / "sitemap.xml"
    assert sitemap.is_file(), "the site has a site_url, so it must have a sitemap"
    text = sitemap.read_text("utf-8")
    assert "old-ref-1" not in text
    assert f"https://log.example/{NEW_URL}" in text


def _messages(builder: LogBuilder) -> list[str]:
    log = load_log(load_project(builder.config), TODAY)
    return [f.message for f in log.findings if f.field and f.field.startswith("previous_references")]


def test_previous_reference_equal_to_the_current_one(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    builder.valid(VALID_YML + f"previous_references:\n  - {VALID_REFERENCE}\n")
    assert _messages(builder) == [f"'{VALID_REFERENCE}' is this response's own reference; remove it from previous_references"]


def test_previous_reference_colliding_with_another_response(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path)
    other = variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0099")
    builder.valid(other + f"previous_references:\n  - {VALID_REFERENCE}\n", slug="ncc-foi-26-0099")
    builder.valid()
    assert _messages(builder) == [
        f"'{VALID_REFERENCE}' would redirect /{NEW_URL} away from responses/2026/{VALID_SLUG}/response.yml, "
        "which lives there; remove it from previous_references"
    ]
