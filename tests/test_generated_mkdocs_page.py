"""Generated pages skip MkDocs' Markdown conversion (:class:`foilog.engine.mkdocs_adapter.GeneratedMkDocsPage`) and
the site is the same, byte for byte, as when MkDocs converts their empty Markdown itself."""

from __future__ import annotations

from pathlib import Path

import mkdocs.structure.pages as mkdocs_pages
import pytest
from sitetools import build, copy_sample_project

from foilog.engine import mkdocs_adapter


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_when_mkdocs_converts_generated_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    original = mkdocs_pages.markdown.Markdown

    class Counted(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            made.append("")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(mkdocs_pages.markdown, "Markdown", Counted)
    skipped = build(copy_sample_project(tmp_path / "a"), tmp_path / "site-a", strict=True)
    generated = [p for p in skipped.rglob("index.html") if p.parent.parent.parent.name == "responses"]
    assert len(generated) >= 10
    converted_with_skip = len(made)
    assert converted_with_skip < len(generated), "MkDocs still converted the generated pages"

    made.clear()
    monkeypatch.setattr(mkdocs_adapter.GeneratedMkDocsPage, "render", mkdocs_pages.Page.render)
    converted = build(copy_sample_project(tmp_path / "b"), tmp_path / "site-b", strict=True)
    assert len(made) > converted_with_skip + len(generated)
    assert _files(skipped) == _files(converted)


def test_a_generated_page_given_markdown_by_another_plugin_is_converted(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files

    config = load_config(str(copy_sample_project(tmp_path)))
    file = File("x/index.md", str(tmp_path / "content"), str(tmp_path / "site"), use_directory_urls=True)
    page = mkdocs_adapter.GeneratedMkDocsPage(None, file, config)
    page.markdown = "# Added\n\ntext"
    page.render(config, Files([]))
    assert page.content is not None and "<p>text</p>" in page.content
    page.markdown = ""
    page.render(config, Files([]))
    assert page.content == "" and page.present_anchor_ids == set() and not page.links_to_anchors
