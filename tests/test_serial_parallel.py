"""A build with helper processes publishes the same bytes as one without, with the theme's frame rendered once or not.

Helpers only buy speed (:mod:`foilog.workers`): the post-build sweep, the
Markdown helper, the second half of loading and scanning, the threads
reading attachment text for search. Switched off (``parallel: false`` in
mkdocs.yml, or ``FOILOG_PARALLEL=0``, as ``mkdocs serve`` is in effect), the
same work is done in the build's own process. As in Pelican's functional
tests, the whole output is compared: the same files, the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sitetools import build, copy_sample_project, site_differences

from foilog.gate import leakgate
from foilog.log import load, validate

BUILDS = {
    # name: (options in mkdocs.yml, FOILOG_PARALLEL)
    "parallel": ({}, None),
    "serial-by-variable": ({}, "0"),
    "parallel-theme-every-page": ({"render_frame_once": "false"}, None),
    "serial-by-option-theme-every-page": ({"render_frame_once": "false", "parallel": "false"}, None),
}


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes this process forks (each helper is one; Pagefind is started with exec, not counted)."""
    forked: list[int] = []
    real: Callable[[], int] = os.fork

    def counted() -> int:
        pid = real()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return forked


@pytest.mark.slow
def test_serial_and_parallel_builds_publish_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    # The sample log is small: split its loading and scanning in halves all the same.
    monkeypatch.setattr(load, "PARALLEL_LOAD_MIN", 2)
    monkeypatch.setattr(leakgate, "PARALLEL_SCAN_MIN", 2)
    monkeypatch.setattr(validate, "PARALLEL_VALIDATE_MIN", 2)
    sites: dict[str, Path] = {}
    helpers: dict[str, int] = {}
    for name, (options, variable) in BUILDS.items():
        if variable is None:
            monkeypatch.delenv("FOILOG_PARALLEL", raising=False)
        else:
            monkeypatch.setenv("FOILOG_PARALLEL", variable)
        before = len(forks)
        sites[name] = build(copy_sample_project(tmp_path / name, **options), tmp_path / "sites" / name, strict=True)
        helpers[name] = len(forks) - before
    # The sweep, the Markdown helper and the three halves (loading, checking, scanning); none at all when switched off.
    assert helpers == {"parallel": 5, "serial-by-variable": 0, "parallel-theme-every-page": 5, "serial-by-option-theme-every-page": 0}
    assert len(list(sites["parallel"].glob("responses/*/*/index.html"))) >= 10
    for name in BUILDS:
        assert site_differences(sites["parallel"], sites[name]) == [], name
