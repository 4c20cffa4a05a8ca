"""Cache inspection reports by content hash so unchanged attachments are not re-parsed.

Parsing a large PDF in a sandbox costs seconds; a disclosure log rebuilds
hundreds of attachments that rarely change. Entries are kept in the
project's one cache (:class:`foilog.cache.Store`, kind ``attachment``), keyed
by the file's sha256, its extension (the verdict depends on it) and the
limits; the store's fingerprint covers the inspector's code and the versions
of its parsers, so an edited inspector never meets an old report (no version
number to remember to bump). Findings are stored without a path and
re-homed on read, so a renamed or copied file still hits the cache. Anything
unreadable in the cache is ignored and rebuilt: the cache can make a build
faster, never change its result.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from foilog.cache import Store
from foilog.gate.attachments._model import AttachmentReport, Limits, report_from_json, report_to_json

KIND = "attachment"
"""The kind of this cache's entries in the store."""


class AttachmentCache:
    """Cached :class:`AttachmentReport` JSON in a :class:`~foilog.cache.Store` (or in one opened in the cache folder ``store``)."""

    def __init__(self, store: Store | Path) -> None:
        self.store = store if isinstance(store, Store) else Store(Path(store))
        self.hits = 0
        self.misses = 0

    def key(self, sha256: str, suffix: str, limits: Limits) -> str:
        """The entry's key for a file's content, extension and limits."""
        material = f"{suffix.lower()}|{limits.fingerprint()}"
        return f"{sha256}-{hashlib.sha256(material.encode()).hexdigest()[:16]}"

    def get(self, key: str, display_path: str) -> AttachmentReport | None:
        """The cached report re-homed to ``display_path``, or None (missing or corrupt)."""
        value = self.store.get(KIND, key)
        if value is None:
            return None
        try:
            return report_from_json(json.loads(value), path=display_path)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, report: AttachmentReport) -> None:
        """Store a report; failures to write only turn the cache off (it is optional)."""
        if any(f.rule == "unsafe-timeout" for f in report.findings):
            return  # a timeout may be a loaded machine, not the file: try again next build
        data = report_to_json(report)
        for finding in data["findings"]:
            finding["path"] = ""
        self.store.put(KIND, key, json.dumps(data))

    def inspect(self, path: Path, *, display_path: str, limits: Limits = Limits()) -> AttachmentReport:  # noqa: B008 - frozen, never mutated
        """Like :func:`foilog.gate.attachments.inspect_attachment`, but served from the cache when possible."""
        from foilog.gate.attachments import _hash, _inspect_known, inspect_attachment

        try:
            sha256, head, size = _hash(path)
        except OSError:
            return inspect_attachment(path, display_path=display_path, limits=limits)
        key = self.key(sha256, path.suffix, limits)
        cached = self.get(key, display_path)
        if cached is not None and cached.facts is not None and cached.facts.sha256 == sha256:
            self.hits += 1
            return cached
        self.misses += 1
        report = _inspect_known(path, display_path, limits, sha256, head, size)
        self.put(key, report)
        return report
