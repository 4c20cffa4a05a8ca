"""Shared fixtures: the sample log built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitetools import REPO, SAMPLE_TODAY, build

from foilog.engine.mkdocs_config import load_project
from foilog.log.load import load_log
from foilog.log.model import Log


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample log, built with --strict as of SAMPLE_TODAY."""
    return build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site", strict=True)


@pytest.fixture(scope="session")
def sample_log() -> Log:
    return load_log(load_project(REPO / "mkdocs.yml"), SAMPLE_TODAY)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """In CI (CI=true) a skipped test is a failure: a missing browser or linter must not pass silently.

    Locally, tests that need Chromium, axe-core or a linter skip with the install command.
    """
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {reason}"
