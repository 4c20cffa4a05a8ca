"""Cache text-scan findings by content hash, so an unchanged log is not scanned again.

Rebuilding a log re-reads the same response letters, YAML files, pages and
site files every time; scanning them for personal data is most of the leak
gate's cost once attachment reports come from the cache too. Each scanned
text (a "unit": a file's bytes, a letter, an attachment's extracted text, the
article of a built page) is stored once, under the sha256 of the exact text
scanned, of how it is scanned and of the scan's configuration.

Storage: entries of kind ``scan`` in the project's one cache
(:class:`foilog.cache.Store`: ``.foilog-cache/cache.sqlite``), which also
holds the fingerprint of foilog's code and of the library versions that
matter (so an edited detector never meets old results). A run keeps the
units it scanned and writes them in one transaction when a scan is done
(:meth:`ScanCache.flush`): the build and its forked sweeping process may
write at once.

This is a personal-data gate, so the cache is built to fail towards scanning:

* The key covers everything besides the text and foilog itself that can
  change a result: the whole text-scan configuration (allowlist, custom
  rules, disabled rules, staff names). The deny list enters it only as a
  slow, salted hash: the cache never holds its names, nor a digest cheap
  enough to test guessed names against.
* Entries hold findings *before* acknowledgements, without a path, each with
  hashes of the spellings an acknowledgement can match; acknowledgements and
  the path are applied afresh on every read, because they change without the
  text changing.
* Anything unreadable is a miss; a database that cannot be used turns the
  cache off for the run (with one warning).

Deleting ``.foilog-cache/`` at any time only costs one slower build.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from foilog.cache import Store
from foilog.gate.textscan import RawFinding, TextScanConfig
from foilog.gate.textscan.normalise import normalise_key
from foilog.log.findings import Category, Finding, Severity

#: The kind of this cache's entries in the store.
KIND = "scan"
#: PBKDF2 rounds for the deny list's hash (about 50 ms, once per process): guessing names against it stays expensive.
_DENY_ROUNDS = 200_000
_DENY_SALT = b"foilog scan cache: deny list"

#: What a unit is keyed on besides its text: its kind and how it is scanned (``("file", html, soft_breaks)``).
UnitKey = Sequence[str | bool | int]
#: A unit's scan on a miss: findings before acknowledgements.
Compute = Callable[[], Iterable[RawFinding]]
_T = TypeVar("_T")


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
    """Everything in the configuration that can change a scan's findings, hashed; ``None``: do not cache.

    Every field of the configuration is included (a field added later is
    included without anyone remembering to), the deny list by its slow hash.
    (foilog's code and the library versions are the store's fingerprint.)
    """
    try:
        settings = _canonical(config)
    except TypeError:
        return None
    settings["deny_list"] = _deny_digest(config.deny_list)
    return hashlib.sha256(json.dumps({"config": settings}, sort_keys=True).encode()).hexdigest()


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
        """The findings at ``path`` (lines moved by ``line_offset``), acknowledged as :func:`foilog.gate.textscan.acknowledge` does."""
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
    """The cached units of one configuration in the project's store; new units written together by :meth:`flush`.

    Call :meth:`flush` when a scan is done (``scan_log``, the sweep); units
    not flushed are only lost, never wrong. ``store`` is a :class:`~foilog.cache.Store`
    or the cache folder to open one in.
    """

    def __init__(self, store: Store | Path, config: TextScanConfig) -> None:
        self.store = store if isinstance(store, Store) else Store(Path(store))
        config_print = fingerprint(config)
        #: ``None`` when foilog's code or the configuration cannot be fingerprinted: then nothing is cached.
        self.fingerprint = config_print if self.store.fingerprint is not None else None
        self.hits = 0
        self.misses = 0
        #: Units scanned since the last flush.
        self._new: dict[str, str] = {}
        #: The store held no unit of this fingerprint when the cache was made (a first build, a new version of foilog):
        #: each unit it is asked for is then one this run scans, so it is not looked up in the store one by one (41,000
        #: look-ups of 44,600 in a first build of 10,000 small responses, about 6 µs each). Decided once, before helpers
        #: are forked, which inherit it.
        #: A unit another process stores meanwhile is only missed: it is scanned again.
        self._cold = self.fingerprint is not None and not self.store.holds_any(KIND)

    @staticmethod
    def unit(key: UnitKey, content: bytes | str) -> str:
        """The identity of a unit: how it is scanned and the sha256 of what is scanned."""
        return json.dumps([*key, content_digest(content)], separators=(",", ":"))

    def _key(self, unit: str) -> str:
        assert self.fingerprint is not None
        return hashlib.sha256(f"{self.fingerprint}\0{unit}".encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, unit: str) -> Scanned | None:
        """The stored findings of ``unit``, or ``None`` when missing or unreadable."""
        if self.fingerprint is None:
            return None
        key = self._key(unit)
        value = self._new.get(key)
        if value is None and not self._cold:
            value = self.store.get(KIND, key)
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
        self._new[self._key(unit)] = json.dumps(scanned.to_json(), separators=(",", ":"))

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
        """Write the units scanned since the last flush, in one transaction (failing to write only turns the cache off)."""
        if self.fingerprint is None or not self._new:
            return
        new, self._new = self._new, {}
        self.store.put_many(KIND, new)
        self._cold = False  # the store holds these now: a later scan in this process finds them there

    def forget_unflushed(self) -> None:
        """Drop units not flushed yet (a forked process: its parent writes them)."""
        self._new = {}


#: The findings of a clean text, the common case, decoded once.
_NOTHING = Scanned()


def cached_scan(cache: ScanCache | None, key: UnitKey, content: bytes | str, compute: Compute) -> Scanned:
    """:meth:`ScanCache.scan`, or just ``compute()`` when there is no cache (nothing is hashed then)."""
    return cache.scan(key, content, compute) if cache is not None else Scanned.of(compute())
