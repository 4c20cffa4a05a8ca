"""Cache text-scan findings by content hash, so an unchanged log is not scanned again.

Rebuilding a log re-reads the same response letters, YAML files, pages and
site files every time; scanning them for personal data is most of the leak
gate's cost once attachments come from :mod:`foilog.attachments.cache`. Each
scanned text (a "unit": a file's bytes, a letter, an attachment's extracted
text, the article of a built page) is stored once, under the sha256 of the
exact text scanned, of how it is scanned and of the fingerprint below.

Storage: ``.foilog-cache/scan/<fingerprint>/seg-*.tsv``, append-only
*segments* of one line per unit (``key<TAB>crc32<TAB>findings JSON``). A run
reads every segment once, then writes the units it scanned as one new
segment (a unique temporary file renamed into place), so the build and its
forked sweeping process can write at once and nothing is ever rewritten in
place. A file per unit would cost a write per response letter on a cold run
(hundreds of microseconds each: more than scanning the letter) and a read
per letter on a warm one; a single index would be rewritten by every build.
Past :data:`MAX_SEGMENTS` segments, a writer merges them into one.

This is a personal-data gate, so the cache is built to fail towards scanning:

* The *fingerprint* covers everything besides the text that can change a
  result: foilog's version, the source of the scanning code itself (so an
  edited detector never meets old results), the Python, Unicode and
  ``phonenumbers`` versions, and the whole text-scan configuration (allowlist,
  custom rules, disabled rules, staff names). The deny list enters it only as
  a slow, salted hash: the cache never holds its names, nor a digest cheap
  enough to test guessed names against.
* Entries hold findings *before* acknowledgements, without a path, each with
  hashes of the spellings an acknowledgement can match; acknowledgements and
  the path are applied afresh on every read, because they change without the
  text changing.
* Anything unreadable is a miss: a segment without the right header, a line
  whose checksum or JSON is wrong, a unit whose stored copies disagree.

Old entries are not pruned (merging keeps them all): deleting
``.foilog-cache/scan`` (or an old fingerprint's folder) at any time only
costs one slower build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import json
import os
import secrets
import sys
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import phonenumbers

from . import __version__
from .findings import Category, Finding, Severity
from .textscan import RawFinding, TextScanConfig
from .textscan.normalise import normalise_key

SCAN_CACHE_DIR = Path(".foilog-cache") / "scan"
#: Bump when the layout of an entry, or what a unit kind means, changes.
FORMAT = 1
#: The code that turns a text into findings (paths in the package): an edit to any of it changes the fingerprint.
_CODE = ("textscan", "findings.py", "leakgate.py", "sweep.py", "scancache.py", "yamlload.py", "attachments/locate.py")
#: PBKDF2 rounds for the deny list's hash (about 50 ms, once per process): guessing names against it stays expensive.
_DENY_ROUNDS = 200_000
_DENY_SALT = b"foilog scan cache: deny list"
#: More segments than this are merged into one by the next writer (a build writes one or two).
MAX_SEGMENTS = 16

#: What a unit is keyed on besides its text: its kind and how it is scanned (``("file", html, soft_breaks)``).
UnitKey = Sequence[str | bool | int]
#: A unit's scan on a miss: findings before acknowledgements.
Compute = Callable[[], Iterable[RawFinding]]
_T = TypeVar("_T")


@functools.cache
def code_fingerprint() -> str | None:
    """The sha256 of the scanning code's source; ``None`` (no caching) if any of it cannot be read."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    try:
        for name in _CODE:
            path = package / name
            files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
            for file in files:
                digest.update(f"{file.relative_to(package).as_posix()}\0".encode())
                digest.update(file.read_bytes())
                digest.update(b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _canonical(value: object) -> Any:
    """``value`` as plain JSON data with a stable order; raises ``TypeError`` on anything unforeseen."""
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def _deny_digest(entries: Sequence[str]) -> str:
    """A salted PBKDF2 hash of the deny list: changes with any entry, never reveals one."""
    if not entries:
        return ""
    data = json.dumps(list(entries), ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.pbkdf2_hmac("sha256", data, _DENY_SALT, _DENY_ROUNDS).hex()


@functools.lru_cache(maxsize=8)
def fingerprint(config: TextScanConfig) -> str | None:
    """Everything besides the text that can change a scan's findings, hashed; ``None``: do not cache.

    Every field of the configuration is included (a field added later is
    included without anyone remembering to), the deny list by its slow hash.
    """
    code = code_fingerprint()
    if code is None:
        return None
    try:
        settings = _canonical(config)
    except TypeError:
        return None
    settings["deny_list"] = _deny_digest(config.deny_list)
    material = {
        "format": FORMAT,
        "foilog": __version__,
        "code": code,
        "python": sys.version,
        "unicode": unicodedata.unidata_version,
        "phonenumbers": phonenumbers.__version__,
        "config": settings,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def content_digest(content: bytes | str) -> str:
    """The sha256 of the exact text scanned (text as UTF-8; a lone surrogate is kept, not refused)."""
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def _spelling(key: str) -> str:
    """What an entry keeps of a spelling: enough to match an acknowledgement, not the text itself."""
    return hashlib.sha256(b"foilog acknowledgement\0" + key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclasses.dataclass(frozen=True)
class Scanned:
    """The findings of one unit before acknowledgements, without a path: what the cache keeps.

    ``spellings[i]`` holds the hashed spellings an acknowledgement can match
    for ``findings[i]``; empty when a finding cannot be acknowledged (an
    encoding problem) or the scan that made it kept none.
    """

    findings: tuple[Finding, ...] = ()
    spellings: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, found: Iterable[RawFinding]) -> Scanned:
        """Store form of a fresh scan: no path, nothing acknowledged, spellings hashed."""
        findings: list[Finding] = []
        spellings: list[tuple[str, ...]] = []
        for finding, keys in found:
            findings.append(dataclasses.replace(finding, path="", acknowledged=None, extra=dict(finding.extra)))
            spellings.append(tuple(_spelling(k) for k in keys))
        return cls(tuple(findings), tuple(spellings))

    def resolve(self, path: str, acknowledgements: Sequence[tuple[str, str]] = (), *, line_offset: int = 0) -> list[Finding]:
        """The findings at ``path`` (lines moved by ``line_offset``), acknowledged as :func:`foilog.textscan.acknowledge` does."""
        if not self.findings:
            return []
        accepted = {_spelling(normalise_key(text)): reason for text, reason in acknowledgements}
        out: list[Finding] = []
        for finding, spellings in zip(self.findings, self.spellings, strict=True):
            reason = None
            for spelling in spellings if accepted else ():
                reason = accepted.get(spelling)
                if reason is not None:
                    break
            line = finding.line + line_offset if finding.line is not None else None
            out.append(dataclasses.replace(finding, path=path, line=line, acknowledged=reason, extra=dict(finding.extra)))
        return out

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {
                "line": f.line,
                "page": f.page,
                "field": f.field,
                "rule": f.rule,
                "category": f.category.value,
                "severity": f.severity.value,
                "message": f.message,
                "excerpt": f.excerpt,
                "extra": dict(f.extra),
                "spellings": list(s),
            }
            for f, s in zip(self.findings, self.spellings, strict=True)
        ]

    @classmethod
    def from_json(cls, data: object) -> Scanned:
        """Decode :meth:`to_json`; raises ``ValueError`` (or ``KeyError``, ``TypeError``) on anything malformed."""
        if not isinstance(data, list):
            raise ValueError("findings must be a list")
        findings: list[Finding] = []
        spellings: list[tuple[str, ...]] = []
        for item in data:
            extra = item["extra"]
            if not isinstance(extra, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
                raise ValueError("extra must map text to text")
            keys = item["spellings"]
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                raise ValueError("spellings must be a list of text")
            findings.append(
                Finding(
                    path="",
                    line=_optional(item["line"], int),
                    page=_optional(item["page"], int),
                    field=_optional(item["field"], str),
                    rule=_required(item["rule"], str),
                    category=Category(item["category"]),
                    severity=Severity(item["severity"]),
                    message=_required(item["message"], str),
                    excerpt=_optional(item["excerpt"], str),
                    extra=dict(extra),
                )
            )
            spellings.append(tuple(keys))
        return cls(tuple(findings), tuple(spellings))


def _required(value: object, kind: type[_T]) -> _T:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _optional(value: object, kind: type[_T]) -> _T | None:
    return None if value is None else _required(value, kind)


class ScanCache:
    """The cached units of one configuration: segments read once, new units written as one more.

    Call :meth:`flush` when a scan is done (``scan_log``, the sweep); units
    not flushed are only lost, never wrong.
    """

    def __init__(self, root: Path, config: TextScanConfig) -> None:
        self.root = Path(root)
        #: ``None`` when the scanning code or configuration cannot be fingerprinted: then nothing is cached.
        self.fingerprint = fingerprint(config)
        self.hits = 0
        self.misses = 0
        #: Findings JSON by key, read on first use; ``None`` marks a unit whose stored copies disagree.
        self._index: dict[str, str | None] | None = None
        #: Units scanned since the last flush.
        self._new: dict[str, str] = {}

    @property
    def folder(self) -> Path:
        assert self.fingerprint is not None
        return self.root / self.fingerprint[:16]

    @staticmethod
    def unit(key: UnitKey, content: bytes | str) -> str:
        """The identity of a unit: how it is scanned and the sha256 of what is scanned."""
        return json.dumps([*key, content_digest(content)], separators=(",", ":"))

    def _key(self, unit: str) -> str:
        assert self.fingerprint is not None
        return hashlib.sha256(f"{FORMAT}\0{self.fingerprint}\0{unit}".encode("utf-8", "surrogatepass")).hexdigest()

    def _segments(self) -> list[Path]:
        try:
            return sorted(p for p in self.folder.iterdir() if p.name.startswith("seg-") and p.name.endswith(".tsv"))
        except OSError:
            return []

    def _loaded(self) -> dict[str, str | None]:
        if self._index is None:
            index: dict[str, str | None] = {}
            for segment in self._segments():
                _read_segment(segment, self.fingerprint, index)
            self._index = index
        return self._index

    def get(self, unit: str) -> Scanned | None:
        """The stored findings of ``unit``, or ``None`` when missing, unreadable or stored twice differently."""
        if self.fingerprint is None:
            return None
        value = self._loaded().get(self._key(unit))
        if value is None:
            return None
        if value == "[]":
            return _NOTHING
        try:
            return Scanned.from_json(json.loads(value))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, unit: str, scanned: Scanned) -> None:
        """Keep ``scanned`` for this run and for the next :meth:`flush`."""
        if self.fingerprint is None:
            return
        value = json.dumps(scanned.to_json(), separators=(",", ":"))  # ASCII only: no tab, no newline
        key = self._key(unit)
        self._loaded()[key] = value
        self._new[key] = value

    def scan(self, key: UnitKey, content: bytes | str, compute: Compute) -> Scanned:
        """The findings of ``content`` scanned as ``key`` says: from the cache, or from ``compute()`` (then kept)."""
        unit = self.unit(key, content)
        cached = self.get(unit)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        scanned = Scanned.of(compute())
        self.put(unit, scanned)
        return scanned

    def flush(self) -> None:
        """Write the units scanned since the last flush as a new segment; merge the segments when there are too many.

        Failing to write is ignored: the cache is optional.
        """
        if self.fingerprint is None or not self._new:
            return
        written = self._write_segment(self._new)
        self._new = {}
        if written is None:
            return
        segments = self._segments()
        if len(segments) > MAX_SEGMENTS:
            self._merge(segments)

    def forget_unflushed(self) -> None:
        """Drop units not flushed yet (a forked process: its parent writes them)."""
        self._new = {}

    def _write_segment(self, entries: dict[str, str]) -> Path | None:
        tmp: str | None = None
        try:
            header = json.dumps({"format": FORMAT, "fingerprint": self.fingerprint})
            body = "".join(f"{key}\t{_crc(value)}\t{value}\n" for key, value in entries.items())
            folder = self.folder
            folder.mkdir(parents=True, exist_ok=True)
            # Unique names: the build and the sweeping process (or two builds) may write at once.
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".seg-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(header + "\n" + body)
            target = folder / f"seg-{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}.tsv"
            os.replace(tmp, target)
            tmp = None
            return target
        except (OSError, ValueError):
            return None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _merge(self, segments: list[Path]) -> None:
        """Replace ``segments`` by one (read afresh: other processes wrote some); disagreeing units are dropped.

        Only segments that could be opened are deleted: one that vanished was
        merged by another process, one that could not be read is left alone.
        """
        merged: dict[str, str | None] = {}
        read = [segment for segment in segments if _read_segment(segment, self.fingerprint, merged)]
        if self._write_segment({key: value for key, value in merged.items() if value is not None}) is None:
            return
        for segment in read:
            with contextlib.suppress(OSError):
                segment.unlink()


#: The findings of a clean text, the common case, decoded once.
_NOTHING = Scanned()


def _crc(value: str) -> str:
    return f"{zlib.crc32(value.encode('ascii')):08x}"


def _read_segment(path: Path, fingerprint: str | None, index: dict[str, str | None]) -> bool:
    """Add the units of one segment to ``index``; lines (or a whole segment) that fail any check are skipped.

    False when the file could not be read at all (gone, or an I/O error).
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    try:
        lines = raw.decode("ascii").split("\n")
        header = json.loads(lines[0])
    except ValueError:
        return True
    if fingerprint is None or not isinstance(header, dict) or header.get("format") != FORMAT or header.get("fingerprint") != fingerprint:
        return True
    for line in lines[1:]:
        key, _, rest = line.partition("\t")
        crc, tab, value = rest.partition("\t")
        if not tab or len(key) != 64 or crc != _crc(value):
            continue
        if key not in index:
            index[key] = value
        elif index[key] != value:
            index[key] = None  # two copies disagree: trust neither
    return True


def cached_scan(cache: ScanCache | None, key: UnitKey, content: bytes | str, compute: Compute) -> Scanned:
    """:meth:`ScanCache.scan`, or just ``compute()`` when there is no cache (nothing is hashed then)."""
    return cache.scan(key, content, compute) if cache is not None else Scanned.of(compute())
