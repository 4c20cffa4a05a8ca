"""Rebuilds reuse what did not change (foilog.site.incremental), and publish exactly what a fresh build would.

The sample project is built with search parts of four responses, so a change
to one response touches one part; every test compares the rebuilt site with
a fresh build of the same sources into another folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitetools import build, copy_sample_project

from foilog.cache import Store, cache_folder
from foilog.site.incremental import MANIFEST_KEY, MANIFEST_KIND, load_manifest

OLD = "responses/2019/01-foi-19-011430/index.html"  # in the oldest part
NEW = "responses/2026/cc-foisa-2026-015"  # the latest published: in the newest part
NEW_MD = f"{NEW}/response.md"


def _inode(path: Path) -> int:
    return path.stat().st_ino


def _newest_part(site: Path) -> Path:
    """The bundle of the newest search part (the one holding the latest releases)."""
    return max((site / "pagefind").glob("part-*")) / "pagefind.js"


def _files(site: Path) -> dict[str, bytes]:
    """Every file's bytes: a rebuild publishes, byte for byte, what a fresh build would (Pagefind's files included)."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "project", search_part_size=4)


def _assert_same_as_fresh(project: Path, site: Path, tmp_path: Path) -> None:
    fresh = build(project, tmp_path / "fresh-site", strict=True)
    assert _files(site) == _files(fresh)
    shutil.rmtree(fresh)


def test_a_second_build_reuses_every_response_page_and_search_part(project: Path, tmp_path: Path) -> None:
    site = build(project, tmp_path / "site", strict=True)
    manifest = load_manifest(project.parent)
    assert manifest["site"] == str(site.resolve()) and OLD in manifest["pages"]
    page, bundle = _inode(site / OLD), _inode(site / "pagefind/part-000/pagefind.js")
    newest = _inode(_newest_part(site))
    build(project, site, strict=True)
    assert _inode(site / OLD) == page  # the same file, linked from the previous site
    assert _inode(site / "pagefind/part-000/pagefind.js") == bundle
    assert _inode(_newest_part(site)) == newest
    _assert_same_as_fresh(project, site, tmp_path)


def test_a_changed_response_is_rebuilt_with_its_part_only(project: Path, tmp_path: Path) -> None:
    site = build(project, tmp_path / "site", strict=True)
    old_page, old_part = _inode(site / OLD), _inode(site / "pagefind/part-000/pagefind.js")
    newest_part = _inode(_newest_part(site))
    md = project.parent / NEW_MD
    md.write_text(md.read_text("utf-8") + "\nA sentence added after the first build, about Quillmoor.\n", encoding="utf-8")
    build(project, site, strict=True)
    assert "Quillmoor" in (site / NEW / "index.html").read_text("utf-8")
    assert _inode(site / OLD) == old_page and _inode(site / "pagefind/part-000/pagefind.js") == old_part
    assert _inode(_newest_part(site)) != newest_part  # re-indexed
    _assert_same_as_fresh(project, site, tmp_path)


def test_a_changed_attachment_or_configuration_is_noticed(project: Path, tmp_path: Path) -> None:
    site = build(project, tmp_path / "site", strict=True)
    csv = project.parent / "responses/2019/foi-2019-0456/attachments/road-casualties-by-month.csv"
    csv.write_text(csv.read_text("utf-8") + "2019-13,1,2\n", encoding="utf-8")
    old = _inode(site / "responses/2019/foi-2019-0456/index.html")
    build(project, site, strict=True)
    assert _inode(site / "responses/2019/foi-2019-0456/index.html") != old  # its size on the page may change
    _assert_same_as_fresh(project, site, tmp_path)
    config = project.read_text("utf-8")
    project.write_text(config.replace("site_name: ", "site_name: Renamed ", 1), encoding="utf-8")
    page = _inode(site / OLD)
    build(project, site, strict=True)
    assert _inode(site / OLD) != page
    assert "Renamed" in (site / OLD).read_text("utf-8")
    _assert_same_as_fresh(project, site, tmp_path)


def test_a_previous_file_changed_by_hand_is_not_reused(project: Path, tmp_path: Path) -> None:
    site = build(project, tmp_path / "site", strict=True)
    tampered = (site / OLD).read_text("utf-8").replace("</article>", "<p>edited in site/ by hand</p></article>")
    (site / OLD).unlink()
    (site / OLD).write_text(tampered, encoding="utf-8")
    build(project, site, strict=True)
    assert "edited in site/ by hand" not in (site / OLD).read_text("utf-8")
    _assert_same_as_fresh(project, site, tmp_path)


def test_no_reuse_without_a_manifest_or_into_another_folder(project: Path, tmp_path: Path) -> None:
    site = build(project, tmp_path / "site", strict=True)
    page = _inode(site / OLD)
    other = build(project, tmp_path / "other", strict=True)  # the manifest describes site/, not other/
    assert _inode(other / OLD) != page
    build(project, site, strict=True)  # the manifest now describes other/
    assert _inode(site / OLD) != page
    folder = cache_folder(project.parent)
    assert folder is not None
    Store(folder).put(MANIFEST_KIND, MANIFEST_KEY, "{not json")
    page = _inode(site / OLD)
    build(project, site, strict=True)
    assert _inode(site / OLD) != page
    _assert_same_as_fresh(project, site, tmp_path)
