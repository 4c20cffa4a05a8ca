"""Pagefind's filter and meta files in canonical order (foilog.site.publish.pagefind_canonical): same index, same bytes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from foilog.site.publish.pagefind_canonical import MAGIC, canonical_bundle, cbor_decode, cbor_encode, pagefind_hash
from foilog.site.publish.pagefind_process import PagefindProcess

pytestmark = pytest.mark.adversarial

TOPICS = ["Roads", "Schools", "Housing <b>", "Élan", "Parks", "Waste", "Budget", "Zoning"]


def _bundle(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _index(folder: Path) -> dict[str, bytes]:
    """A small index with several filters of several values each (Pagefind keeps both in hash maps)."""
    process = PagefindProcess({"write_playground": False})
    for i in range(12):
        filters = {"Topic": [TOPICS[i % 8], TOPICS[(i + 3) % 8]], "Year": [str(2015 + i % 5)], "Outcome": [f"O{i % 4}"]}
        meta = {"title": f"Response {i}", "reference": f"R/{i}"}
        process.add_record(
            f"/r{i}/", f"response {i} about {TOPICS[i % 8]}", "en", meta, filters, {"date": f"2020-01-{i + 1:02d}", "ref": f"R/{i}"}
        )
    process.write(str(folder))
    return _bundle(folder)


def _cbor(content: bytes) -> object:
    raw = gzip.decompress(content)
    assert raw.startswith(MAGIC)
    return cbor_decode(raw[len(MAGIC) :])


def test_three_pagefind_runs_write_the_same_bytes(tmp_path: Path) -> None:
    """Before the canonical order, the filter files (and so the meta file's and entry's names) changed from run to run."""
    runs = [_index(tmp_path / f"run{i}") for i in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_the_canonical_bundle_is_sorted_and_named_after_its_content(tmp_path: Path) -> None:
    files = _index(tmp_path / "index")
    entry = json.loads(files["pagefind-entry.json"])
    meta_hash = entry["languages"]["en"]["hash"]
    meta = files[f"pagefind.{meta_hash}.pf_meta"]
    decoded = _cbor(meta)
    assert meta_hash == "en_" + pagefind_hash(gzip.decompress(meta)[len(MAGIC) :])[:10]
    filters, sorts = decoded[3], decoded[4]
    assert [name for name, _ in filters] == ["Outcome", "Topic", "Year"]
    assert [key for key, _ in sorts] == ["date", "ref"]
    filter_files = {name for name in files if name.startswith("filter/")}
    assert filter_files == {f"filter/{file_hash}.pf_filter" for _, file_hash in filters}
    for name, file_hash in filters:
        content = files[f"filter/{file_hash}.pf_filter"]
        assert file_hash == "en_" + pagefind_hash(gzip.decompress(content)[len(MAGIC) :])[:7]
        filter_name, values = _cbor(content)
        assert filter_name == name
        assert [value for value, _ in values] == sorted(value for value, _ in values)
    topics = dict(_cbor(files[f"filter/{dict(filters)['Topic']}.pf_filter"])[1])
    assert sorted(topics) == sorted(TOPICS) and topics["Roads"] == [0, 5, 8]  # pages as Pagefind numbered them
    # Canonical already: a second pass changes nothing.
    assert canonical_bundle(files) == files


def test_a_bundle_of_another_shape_is_left_as_pagefind_wrote_it(tmp_path: Path) -> None:
    files = _index(tmp_path / "index")
    meta_name = next(name for name in files if name.endswith(".pf_meta"))
    for broken in (
        {**files, meta_name: b"not gzip"},
        {**files, meta_name: gzip.compress(MAGIC + cbor_encode(["1.5.2", [], []]))},
        {**files, meta_name: gzip.compress(MAGIC + b"\xf9\x3c\x00")},  # a float: not what Pagefind writes
        {name: content for name, content in files.items() if not name.startswith("filter/")},
        {**files, "pagefind-entry.json": b"{}"},
    ):
        assert canonical_bundle(broken) == broken


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, b"\x00"),
        (23, b"\x17"),
        (24, b"\x18\x18"),
        (255, b"\x18\xff"),
        (256, b"\x19\x01\x00"),
        (65536, b"\x1a\x00\x01\x00\x00"),
        (2**32, b"\x1b\x00\x00\x00\x01\x00\x00\x00\x00"),
        (-1, b"\x20"),
        (-25, b"\x38\x18"),
        ("", b"\x60"),
        ("é", b"\x62\xc3\xa9"),
        (b"\x01", b"\x41\x01"),
        ([1, [2]], b"\x82\x01\x81\x02"),
        ({"a": 1}, b"\xa1\x61a\x01"),
        ([False, True, None], b"\x83\xf4\xf5\xf6"),
    ],
)
def test_cbor_shortest_form_round_trip(value: object, encoded: bytes) -> None:
    assert cbor_encode(value) == encoded
    assert cbor_decode(encoded) == value


@pytest.mark.parametrize(
    "data",
    [
        b"\x9f\x01\xff",  # indefinite-length array
        b"\xc0\x60",  # a tag
        b"\xf9\x3c\x00",  # a half-precision float
        b"\x82\x01",  # truncated
        b"\x62\xc3",  # truncated string
        b"\x01\x02",  # trailing bytes
        b"\x81" * 40 + b"\x01",  # nested deeper than any Pagefind file
        b"\x61\xff",  # not UTF-8
    ],
)
def test_cbor_outside_the_subset_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError, match="not the CBOR Pagefind writes"):
        cbor_decode(data)


def _languages(folder: Path) -> dict[str, bytes]:
    """An index in three languages: one meta file each, and pagefind-entry.json names them all."""
    process = PagefindProcess({"write_playground": False})
    for i in range(9):
        language = ("en", "fr", "de")[i % 3]
        filters = {"Topic": [TOPICS[i % 8], TOPICS[(i + 2) % 8]], "Year": [str(2020 + i % 4)]}
        process.add_record(f"/{language}/r{i}/", f"text {i}", language, {"title": f"R{i}"}, filters, {"date": f"2021-02-{i + 1:02d}"})
    process.write(str(folder))
    return _bundle(folder)


def test_an_index_in_several_languages_is_written_the_same_every_time(tmp_path: Path) -> None:
    runs = [_languages(tmp_path / f"run{i}") for i in range(3)]
    assert runs[0] == runs[1] == runs[2]
    entry = json.loads(runs[0]["pagefind-entry.json"])
    assert list(entry["languages"]) == ["de", "en", "fr"]
    for language, info in entry["languages"].items():
        filters = _cbor(runs[0][f"pagefind.{info['hash']}.pf_meta"])[3]
        assert all(file_hash.startswith(language + "_") for _, file_hash in filters)
