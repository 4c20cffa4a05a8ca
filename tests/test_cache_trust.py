"""A cache that can be believed too easily (issue 16 item 10).

``.foilog-cache/`` is written by whoever builds in the working tree, so it is
trusted no more than the working tree: a speed-up for local and pull-request
builds only. An entry rewritten to "clean" (checksums recomputed) must not
get a phone number published by a strict build (its post-build sweep reads
no cache) nor by a build with every cache ignored (``--no-cache`` or
``FOILOG_NO_CACHE=1``, which the deploy workflow uses). All data is fictional.
"""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from logbuilder import TODAY_ARG, LogBuilder, variant

from foilog.cache import DB_FILE
from foilog.commands.cli import main

pytestmark = pytest.mark.adversarial

MOBILE = "07911 123456"
LEAK = "jane.example.smith@gmail.com"
FOLDER = ("responses", "2026", "ncc-foi-26-0042")


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Route", "Contact"])
    book.active.append(["A", LEAK])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _build(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml"), "--today", TODAY_ARG, *args], env=env)
    return result.exit_code, result.output


def _poison_scan_cache(root: Path) -> int:
    """Rewrite every scan-cache entry to "no findings" (a valid entry, as any process in the working tree could write); how many."""
    with closing(sqlite3.connect(root / ".foilog-cache" / DB_FILE)) as db, db:
        return db.execute("UPDATE entries SET value = '[]' WHERE kind = 'scan' AND value != '[]'").rowcount


def _poison_attachment_cache(root: Path) -> int:
    rewritten = 0
    with closing(sqlite3.connect(root / ".foilog-cache" / DB_FILE)) as db, db:
        for key, value in db.execute("SELECT key, value FROM entries WHERE kind = 'attachment'").fetchall():
            report = json.loads(value)
            if report.get("findings") or report.get("text_pages"):
                report["findings"], report["text_pages"] = [], []  # "nothing hidden, no text": the leak gone
                db.execute("UPDATE entries SET value = ? WHERE kind = 'attachment' AND key = ?", (json.dumps(report), key))
                rewritten += 1
    return rewritten


def _cache_state(root: Path) -> list[tuple[str, str, str]]:
    """Every entry in the cache, to show that a build added or changed none."""
    with closing(sqlite3.connect(root / ".foilog-cache" / DB_FILE)) as db:
        return sorted(db.execute("SELECT kind, key, value FROM entries").fetchall())


@pytest.fixture
def poisoned_letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A log whose letter gives a mobile number, and a cache that says the letter is clean."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOILOG_NO_CACHE", raising=False)
    builder = LogBuilder(tmp_path / "log")
    builder.valid(md=f"Dear Requester\n\nThe routes are attached. Call me on {MOBILE}.\n")
    for _ in range(2):  # the second build gets past the gate (poisoned) to the sweep, whose entries are poisoned next
        code, output = _build(builder.root)
        assert code == 1, output  # refused
        assert _poison_scan_cache(builder.root) > 0
    return builder.root


def _published(root: Path) -> bool:
    page = root / "site" / FOLDER[0] / FOLDER[1] / FOLDER[2] / "index.html"
    return page.is_file() and MOBILE in page.read_text("utf-8")


def test_a_poisoned_scan_cache_cannot_get_a_strict_build_published(poisoned_letter: Path) -> None:
    code, output = _build(poisoned_letter, "--strict")
    assert code == 1, output
    assert not _published(poisoned_letter)
    assert "nothing was published" in output


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_build_that_ignores_the_cache_is_not_fooled(poisoned_letter: Path, how: str) -> None:
    args, env = (("--no-cache",), None) if how == "flag" else ((), {"FOILOG_NO_CACHE": "1"})
    before = _cache_state(poisoned_letter)
    code, output = _build(poisoned_letter, *args, env=env)
    assert code == 1, output
    assert not _published(poisoned_letter)
    assert _cache_state(poisoned_letter) == before  # nothing read from it is trusted, and nothing is added to it


def test_a_poisoned_attachment_cache_is_ignored_by_a_no_cache_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOILOG_NO_CACHE", raising=False)
    builder = LogBuilder(tmp_path / "log")
    yml = variant("path: attachments/gritting-routes.csv", "path: attachments/routes.xlsx")
    builder.valid(yml, attachments={"attachments/routes.xlsx": _xlsx()})
    code, output = _build(builder.root)
    assert code == 1, output
    assert _poison_attachment_cache(builder.root) > 0
    assert _poison_scan_cache(builder.root) > 0
    code, output = _build(builder.root, "--no-cache")
    assert code == 1, output
    assert not (builder.root / "site").exists()
