"""One cache for every stage: one folder, one database, one fingerprint.

Everything foilog keeps between runs (the leak gate's text-scan findings
and attachment reports, the rebuild manifest of :mod:`foilog.site.incremental`)
lives in ``.foilog-cache/cache.sqlite`` under the project root
(:func:`cache_folder`), stored by :class:`Store` under the fingerprint of
foilog's code and of the library versions that matter
(:func:`fingerprint`). ``--no-cache`` or ``FOILOG_NO_CACHE`` turn it off
(:func:`caches_ignored`). This package imports nothing else of foilog: every
stage may use it.
"""

from __future__ import annotations

from foilog.cache.identity import PACKAGE_DIR, code_fingerprint, fingerprint, versions
from foilog.cache.store import CACHE_DIR, DB_FILE, NO_CACHE_VARIABLE, Store, cache_folder, caches_ignored

__all__ = [
    "CACHE_DIR",
    "DB_FILE",
    "NO_CACHE_VARIABLE",
    "PACKAGE_DIR",
    "Store",
    "cache_folder",
    "caches_ignored",
    "code_fingerprint",
    "fingerprint",
    "versions",
]
