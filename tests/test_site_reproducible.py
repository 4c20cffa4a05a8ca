"""Two builds of the same commit give byte-identical site/ trees: every file, every byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_YML, LogBuilder
from sitetools import MATERIAL, all_files, build, copy_sample_project, site_differences


@pytest.mark.adversarial
def test_two_builds_of_the_sample_log_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    """The sample log has many topics, outcomes and exemptions: Pagefind's filter and meta files hold several entries each.

    Pagefind 1.5 writes those entries in hash-map order and names the files by
    the hash of their bytes; foilog writes them in a canonical order. Three
    builds, because two could agree by chance.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    config = copy_sample_project(tmp_path / "log")
    sites = [build(config, tmp_path / name, strict=True) for name in ("one", "two", "three")]
    assert any((sites[0] / "pagefind").rglob("*.pf_filter"))
    assert site_differences(sites[0], sites[1]) == []
    assert site_differences(sites[0], sites[2]) == []


def test_two_builds_are_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    first = build(builder.config, tmp_path / "one")
    second = build(builder.config, tmp_path / "two")
    assert site_differences(first, second) == []


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    from foilog.engine.mkdocs_build import BuildFailed

    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    site = build(builder.config, tmp_path / "site")
    before = {p.relative_to(site): p.read_bytes() for p in all_files(site)}
    builder.response(2026, "broken", "reference: broken\n")
    try:
        build(builder.config, tmp_path / "site")
    except BuildFailed as exc:
        assert "nothing was published" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("the build should have failed")
    after = {p.relative_to(site): p.read_bytes() for p in all_files(site)}
    assert after == before
    # (the lock file stays: deleting it on release would let two builds hold two different files)
    leftovers = [p.name for p in (tmp_path).iterdir() if p.name.startswith(".site") and p.name != ".site.lock"]
    assert leftovers == []
