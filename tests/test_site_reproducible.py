"""Two builds of the same data give byte-identical site/ trees."""

from __future__ import annotations

import gzip
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
    files_one = [p.relative_to(first) for p in all_files(first) if not _pagefind_unordered(p.relative_to(first))]
    files_two = [p.relative_to(second) for p in all_files(second) if not _pagefind_unordered(p.relative_to(second))]
    assert files_one == files_two
    different = [str(rel) for rel in files_one if (first / rel).read_bytes() != (second / rel).read_bytes()]
    assert different == []
    # Pagefind writes its filter and meta files in a varying order (upstream
    # issue CloudCannon/pagefind#638): same content, so compare the bytes as a multiset.
    # (pagefind-entry.json only names those files by their content hashes.)
    unordered_one = sorted(
        _content_multiset(p) for p in all_files(first) if _pagefind_unordered(p.relative_to(first)) and p.suffix != ".json"
    )
    unordered_two = sorted(
        _content_multiset(p) for p in all_files(second) if _pagefind_unordered(p.relative_to(second)) and p.suffix != ".json"
    )
    assert unordered_one == unordered_two


def _pagefind_unordered(rel: Path) -> bool:
    parts = rel.parts
    if len(parts) < 3 or parts[0] != "pagefind" or not parts[1].startswith("part-"):
        return False
    name = "/".join(parts[2:])  # inside one part of the index
    return name.startswith("filter/") or (name.startswith("pagefind.") and name.endswith(".pf_meta")) or name == "pagefind-entry.json"


def _content_multiset(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return bytes(sorted(data))


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
    # (the lock file stays: deleting it on release would let two builds hold two different files)
    leftovers = [p.name for p in (tmp_path).iterdir() if p.name.startswith(".site") and p.name != ".site.lock"]
    assert leftovers == []
