"""Shared fixtures: the sample log built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitetools import REPO, SAMPLE_TODAY, build

from foilog.load import load_log
from foilog.model import Log
from foilog.settings import load_project


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample log, built with --strict as of SAMPLE_TODAY."""
    return build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site", strict=True)


@pytest.fixture(scope="session")
def sample_log() -> Log:
    return load_log(load_project(REPO / "mkdocs.yml"), SAMPLE_TODAY)
