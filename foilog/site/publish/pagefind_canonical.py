"""Pagefind's bundle in a canonical form, so that two builds of the same site are byte-identical.

Pagefind (1.5) collects filters in hash maps and writes them in the maps'
iteration order, which changes from run to run:

* each filter file (``filter/<lang>_<hash>.pf_filter``) lists the filter's
  values in that order;
* the meta file (``pagefind.<lang>_<hash>.pf_meta``) lists the filters (name
  and file) and the sort keys in that order;

and every one of those files is named after the hash of its bytes, which
``pagefind-entry.json`` (the meta file) and the meta file (the filter files)
repeat. Everything else Pagefind writes (fragments, word index chunks, wasm,
scripts) is already the same from run to run.

Pagefind's reader does not care about these orders: it loads the filters, a
filter's values and the sorts into maps (``pagefind_web``'s
``decode_metadata`` and ``decode_filter_index_chunk``). So foilog rewrites
those files with the entries sorted by name (as Rust's ``BTreeMap`` would
order them: by code point), renames them after the hash of their new bytes
the way Pagefind names them (SHA-1 of the CBOR, each byte in hex without
zero padding; filter files ``<lang>_`` and 7 characters, meta files ``<lang>_``
and ``len(lang) + 8`` characters, longer on a collision), and writes the
new names where the old ones were.

The files are gzip-compressed CBOR after the magic ``pagefind_dcd``. No CBOR
library is a dependency of foilog, so this module decodes and encodes the
small part of CBOR that Pagefind writes: unsigned and negative integers, byte
and text strings, arrays, maps, ``false``/``true``/``null``, always with
definite lengths and shortest-form heads (as ``minicbor`` writes them; a file
Pagefind already wrote in canonical order comes back byte for byte). Gzip is
written at level 9 with no file name and a zero timestamp.

Anything unexpected (another shape, a missing file, CBOR outside that subset,
as a future Pagefind might write) leaves the whole bundle exactly as Pagefind
wrote it: search keeps working, only the byte-for-byte promise is lost, and
``tests/test_site_reproducible.py`` says so.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from collections.abc import Mapping
from typing import Any

__all__ = ["canonical_bundle", "cbor_decode", "cbor_encode"]

MAGIC = b"pagefind_dcd"
"""What Pagefind writes before the CBOR of every compressed index file."""
ENTRY = "pagefind-entry.json"

_FILTER_HASH_CHARS = 7
"""Hex characters after ``<lang>_`` in a filter file's name (Pagefind: ``hash[0..=len(lang)+7]``)."""


class _Unexpected(Exception):
    """The bundle is not shaped the way this module knows Pagefind writes it."""


# -- CBOR (the subset Pagefind writes) ------------------------------------------------
def cbor_encode(value: Any) -> bytes:
    """``value`` as CBOR with shortest-form heads; maps in the order given (callers sort what must be sorted)."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _head(major: int, argument: int, out: bytearray) -> None:
    if argument < 24:
        out.append(major << 5 | argument)
    elif argument < 1 << 8:
        out += bytes((major << 5 | 24, argument))
    elif argument < 1 << 16:
        out += bytes((major << 5 | 25,)) + struct.pack(">H", argument)
    elif argument < 1 << 32:
        out += bytes((major << 5 | 26,)) + struct.pack(">I", argument)
    elif argument < 1 << 64:
        out += bytes((major << 5 | 27,)) + struct.pack(">Q", argument)
    else:
        raise _Unexpected(f"integer too large for CBOR: {argument}")


def _encode(value: Any, out: bytearray) -> None:
    if value is False or value is True or value is None:
        out.append({False: 0xF4, True: 0xF5, None: 0xF6}[value])
    elif isinstance(value, int):
        _head(0, value, out) if value >= 0 else _head(1, -1 - value, out)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        data = value.encode("utf-8")
        _head(3, len(data), out)
        out += data
    elif isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)
    elif isinstance(value, Mapping):
        _head(5, len(value), out)
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
    else:
        raise _Unexpected(f"cannot encode {type(value).__name__} as CBOR")


def cbor_decode(data: bytes) -> Any:
    """The one CBOR item that ``data`` holds; raises ValueError for anything outside the subset (or trailing bytes)."""
    try:
        value, end = _decode(data, 0, 0)
    except (_Unexpected, IndexError, struct.error, UnicodeDecodeError) as exc:
        raise ValueError(f"not the CBOR Pagefind writes: {exc}") from None
    if end != len(data):
        raise ValueError(f"not the CBOR Pagefind writes: {len(data) - end} bytes after the item")
    return value


_MAX_DEPTH = 32
"""Pagefind's files nest three or four levels; anything deeper is not one of them."""


def _argument(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head) of the item at ``pos``."""
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if info < 24:
        return major, info, pos
    if info > 27:
        raise _Unexpected("indefinite lengths are not written by Pagefind")
    size = 1 << (info - 24)
    if pos + size > len(data):
        raise IndexError("truncated")
    return major, int.from_bytes(data[pos : pos + size], "big"), pos + size


def _decode(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_DEPTH:
        raise _Unexpected("nested too deeply")
    major, argument, pos = _argument(data, pos)
    if major == 0:
        return argument, pos
    if major == 1:
        return -1 - argument, pos
    if major in (2, 3):
        if pos + argument > len(data):
            raise IndexError("truncated")
        raw = data[pos : pos + argument]
        return (bytes(raw) if major == 2 else raw.decode("utf-8")), pos + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, pos = _decode(data, pos, depth + 1)
            items.append(item)
        return items, pos
    if major == 5:
        mapping: dict[Any, Any] = {}
        for _ in range(argument):
            key, pos = _decode(data, pos, depth + 1)
            if isinstance(key, list | dict):
                raise _Unexpected("a map key that is an array or a map")
            mapping[key], pos = _decode(data, pos, depth + 1)
        return mapping, pos
    if major == 7 and argument in (20, 21, 22):
        return {20: False, 21: True, 22: None}[argument], pos
    raise _Unexpected(f"CBOR major type {major} (argument {argument})")


# -- Pagefind's files -------------------------------------------------------------
def _unpack(content: bytes) -> Any:
    try:
        raw = gzip.decompress(content)
    except (OSError, EOFError) as exc:
        raise _Unexpected(f"not gzip: {exc}") from None
    if not raw.startswith(MAGIC):
        raise _Unexpected("no pagefind_dcd header")
    try:
        return cbor_decode(raw[len(MAGIC) :])
    except ValueError as exc:
        raise _Unexpected(str(exc)) from None


def _pack(cbor: bytes) -> bytes:
    """``pagefind_dcd`` + CBOR, gzipped reproducibly (level 9, no name, timestamp 0)."""
    return gzip.compress(MAGIC + cbor, compresslevel=9, mtime=0)


def pagefind_hash(data: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1, each byte as lower-case hex *without* zero padding."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())  # noqa: S324 - a file name, as Pagefind's


def _short_name(language: str, full: str, length: int, taken: set[str]) -> str:
    """``<language>_`` and the first ``length`` characters of ``full``, more while the name is taken."""
    for end in range(length, len(full) + 1):
        name = f"{language}_{full[:end]}"
        if name not in taken:
            return name
    raise _Unexpected(f"two different files hash alike in full ({full})")


def _string_pairs(items: Any, what: str) -> list[list[Any]]:
    """``items`` checked to be a list of ``[name, ...]`` entries with distinct text names."""
    if not isinstance(items, list) or not all(isinstance(i, list) and len(i) == 2 and isinstance(i[0], str) for i in items):
        raise _Unexpected(f"{what} is not a list of [name, value] pairs")
    if len({i[0] for i in items}) != len(items):
        raise _Unexpected(f"{what} names an entry twice")
    return items


def _canonical_filter(content: bytes) -> bytes:
    """A filter file's CBOR with its values sorted: ``[name, [[value, [page, ...]], ...]]``."""
    decoded = _unpack(content)
    if not (isinstance(decoded, list) and len(decoded) == 2 and isinstance(decoded[0], str)):
        raise _Unexpected("a filter file is not [name, values]")
    values = _string_pairs(decoded[1], "a filter's values")
    return cbor_encode([decoded[0], sorted(values, key=lambda v: v[0]), *decoded[2:]])


def _canonical_language(files: dict[str, bytes], language: str, meta_hash: str) -> str:
    """Rewrite one language's meta file and filter files in ``files``; returns the meta file's new hash."""
    meta_path = f"pagefind.{meta_hash}.pf_meta"
    if meta_path not in files:
        raise _Unexpected(f"{meta_path} is missing")
    meta = _unpack(files.pop(meta_path))
    # [version, pages, index chunks, filters [[name, file hash]], sorts [[key, [page, ...]]], ...]
    if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[0], str)):
        raise _Unexpected("the meta file is not [version, pages, chunks, filters, sorts, ...]")
    filters = sorted(_string_pairs(meta[3], "the meta file's filters"), key=lambda f: f[0])
    sorts = sorted(_string_pairs(meta[4], "the meta file's sorts"), key=lambda s: s[0])
    taken: set[str] = set()
    renamed = []
    for name, old_hash in filters:
        old_path = f"filter/{old_hash}.pf_filter"
        if not isinstance(old_hash, str) or old_path not in files:
            raise _Unexpected(f"the filter file {old_path} is missing")
        cbor = _canonical_filter(files.pop(old_path))
        new_hash = _short_name(language, pagefind_hash(cbor), _FILTER_HASH_CHARS, taken)
        taken.add(new_hash)
        files[f"filter/{new_hash}.pf_filter"] = _pack(cbor)
        renamed.append([name, new_hash])
    cbor = cbor_encode([meta[0], meta[1], meta[2], renamed, sorts, *meta[5:]])
    new_meta_hash = f"{language}_{pagefind_hash(cbor)[: len(language) + 8]}"
    files[f"pagefind.{new_meta_hash}.pf_meta"] = _pack(cbor)
    return new_meta_hash


def canonical_bundle(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Pagefind's bundle (relative POSIX path -> bytes) with its filter and meta files in canonical form.

    Returns a new mapping: the meta and filter files rewritten and renamed
    (and ``pagefind-entry.json`` naming the new meta files, its languages in
    order), every other file as it was. A bundle shaped in any way this module
    does not know is returned unchanged (see the module's docstring).
    """
    out = dict(files)
    try:
        entry = json.loads(out[ENTRY])
        languages = entry["languages"]
        if not isinstance(languages, dict):
            raise _Unexpected("pagefind-entry.json has no languages")
        for language in sorted(languages):
            info = languages[language]
            if not (isinstance(info, dict) and isinstance(info.get("hash"), str)):
                raise _Unexpected(f"pagefind-entry.json: no hash for {language!r}")
            info["hash"] = _canonical_language(out, language, info["hash"])
        entry["languages"] = {language: languages[language] for language in sorted(languages)}
    except (_Unexpected, KeyError, TypeError, ValueError):
        return dict(files)
    # Pagefind writes the entry as compact JSON, non-ASCII characters as they are.
    out[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out
