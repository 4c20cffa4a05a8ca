"""The ``foilog`` command ends as soon as a build's last line is printed (foilog.commands.process_end).

A build's heap (the log, its indexes, MkDocs' pages) took 1.2 to 1.4 s to free
at 10,000 responses after the site was written. The command now ends without
freeing it, after doing what a normal exit would have done that matters: the
caches' write-ahead logs folded in, the output flushed. Called in-process
(click's runner, as most tests do), a build returns as before. All data is fictional.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from logbuilder import TODAY_ARG, VALID_SLUG, LogBuilder

from foilog.commands import process_end

REPO = Path(__file__).resolve().parent.parent


def _run(root: Path, marker: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``foilog build`` through its entry point, with an exit handler that leaves ``marker`` if Python tears down as usual."""
    program = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'torn down')\n"
        "from foilog.commands.cli import run\n"
        f"run(['build', '--today', {TODAY_ARG!r}, *{list(args)!r}], prog_name='foilog')\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env["FOILOG_STAGE_TIMES"] = str(root / "stages.json")
    env.pop("FOILOG_NO_CACHE", None)
    return subprocess.run([sys.executable, "-c", program], cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_command_ends_once_the_build_is_written_and_flushed(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    builder.valid()
    marker = tmp_path / "teardown"
    done = _run(builder.root, marker)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().splitlines()[-1].startswith("Built the site in site/: 1 response published"), done.stdout
    assert not marker.exists(), "the process was torn down object by object"
    assert (builder.root / "site" / "responses" / "2026" / VALID_SLUG / "index.html").is_file()
    assert json.loads((builder.root / "stages.json").read_text(encoding="utf-8")), "the stage times are written before the end"
    cache = builder.root / ".foilog-cache"
    assert (cache / "cache.sqlite").is_file()
    # The cache was written (the scan's results) and its connection closed: SQLite folded the log in.
    assert not (cache / "cache.sqlite-wal").exists()


def test_a_refused_build_ends_as_usual(tmp_path: Path) -> None:
    builder = LogBuilder(tmp_path / "log")
    folder = builder.valid()
    (folder / "response.yml").write_text("reference: [not, closed\n", encoding="utf-8")
    marker = tmp_path / "teardown"
    done = _run(builder.root, marker)
    assert done.returncode == 1
    assert "nothing was published" in done.stderr
    assert marker.read_text() == "torn down"


def test_in_process_a_build_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the entry point's word, :func:`end_now` returns: click's runner and Python callers keep their process."""
    monkeypatch.setattr(process_end, "_owner", False)
    assert process_end.end_now(0) is None
