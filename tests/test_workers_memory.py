"""Returning freed memory to the operating system (foilog.workers.memory): safe to call anywhere, any number of times."""

from __future__ import annotations

import sys

import pytest

from foilog.workers import memory


def test_release_is_harmless_and_repeatable() -> None:
    garbage = [bytes(4096) for _ in range(2000)]
    del garbage
    first = memory.release_free_memory()
    assert memory.release_free_memory() == first
    if sys.platform.startswith("linux") and memory._malloc_trim() is not None:
        assert first is True


def test_without_glibc_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.release_free_memory() is False
