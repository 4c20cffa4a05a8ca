"""Cache inspection reports by content hash so unchanged attachments are not re-parsed.

Parsing a large PDF in a sandbox costs seconds; a disclosure log rebuilds
hundreds of attachments that rarely change. Entries are keyed by the file's
sha256, its extension (the verdict depends on it), the inspector version and
the limits, and stored as one JSON file each. Findings are stored without a
path and re-homed on read, so a renamed or copied file still hits the cache.
Anything unreadable in the cache is ignored and rebuilt: the cache can make a
build faster, never change its result.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ._model import INSPECTOR_VERSION, AttachmentReport, Limits, report_from_json, report_to_json

DEFAULT_CACHE_DIR = Path(".foilog-cache") / "attachments"


class AttachmentCache:
    """A directory of cached :class:`AttachmentReport` JSON files."""

    def __init__(self, root: Path = DEFAULT_CACHE_DIR) -> None:
        self.root = Path(root)
        self.hits = 0
        self.misses = 0

    def key(self, sha256: str, suffix: str, limits: Limits) -> str:
        """The entry name for a file's content, extension, inspector version and limits."""
        material = f"{INSPECTOR_VERSION}|{suffix.lower()}|{limits.fingerprint()}"
        return f"{sha256}-{hashlib.sha256(material.encode()).hexdigest()[:16]}"

    def _file(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, display_path: str) -> AttachmentReport | None:
        """The cached report re-homed to ``display_path``, or None (missing or corrupt)."""
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
            if data.get("version") != INSPECTOR_VERSION:
                return None
            return report_from_json(data["report"], path=display_path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, report: AttachmentReport) -> None:
        """Store a report atomically; failures to write are ignored (the cache is optional)."""
        if any(f.rule == "unsafe-timeout" for f in report.findings):
            return  # a timeout may be a loaded machine, not the file: try again next build
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            payload: dict[str, Any] = {"version": INSPECTOR_VERSION, "report": report_to_json(report)}
            for finding in payload["report"]["findings"]:
                finding["path"] = ""
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh)
            os.replace(tmp, target)
        except OSError:
            return

    def inspect(self, path: Path, *, display_path: str, limits: Limits = Limits()) -> AttachmentReport:  # noqa: B008 - frozen, never mutated
        """Like :func:`foilog.attachments.inspect_attachment`, but served from the cache when possible."""
        from . import _hash, _inspect_known, inspect_attachment

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
