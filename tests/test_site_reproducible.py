"""Two builds of the same data give byte-identical site/ trees."""

from __future__ import annotations

from pathlib import Path

from logbuilder import DEFAULT_OPTIONS, VALID_ATTACHMENTS, VALID_YML, LogBuilder
from sitetools import MATERIAL, all_files, build


def test_two_builds_are_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    builder = LogBuilder(tmp_path / "log")
    builder.mkdocs(DEFAULT_OPTIONS, extra=MATERIAL)
    builder.valid(VALID_YML, attachments=dict(VALID_ATTACHMENTS))
    first = build(builder.config, tmp_path / "one")
    second = build(builder.config, tmp_path / "two")
    files_one = [p.relative_to(first) for p in all_files(first)]
    files_two = [p.relative_to(second) for p in all_files(second)]
    assert files_one == files_two
    different = [str(rel) for rel in files_one if (first / rel).read_bytes() != (second / rel).read_bytes()]
    assert different == []


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    from foilog.mkdocs_build import BuildFailed

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
    leftovers = [p.name for p in (tmp_path).iterdir() if p.name.startswith(".site")]
    assert leftovers == []
