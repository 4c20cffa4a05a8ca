"""Whole-site golden test (as pelican does): the sample log's generated pages.

The main content (``<article>``) of every HTML page of the built sample log,
and the list of files in site/, are compared with ``tests/golden/``. Material's
own markup and assets are left out so a theme upgrade does not churn the tree.

When a change to the output is intended, refresh the expected tree with::

    FOILOG_REFRESH_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and review the diff in git like any other change.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_SKIP = ("assets/", "pagefind/")


def _snapshot(site: Path) -> dict[str, str]:
    """Relative path -> expected text for every page; plus FILES.txt."""
    out: dict[str, str] = {}
    files = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.startswith(_SKIP):
            continue
        files.append(rel)
        if rel.endswith(".html"):
            match = _ARTICLE.search(path.read_text("utf-8"))
            body = match.group(1) if match else ""
            out[rel] = "\n".join(line.rstrip() for line in body.strip().splitlines() if line.strip()) + "\n"
    out["FILES.txt"] = "\n".join(files) + "\n"
    return out


def test_sample_site_matches_golden_tree(sample_site: Path) -> None:
    actual = _snapshot(sample_site)
    if os.environ.get("FOILOG_REFRESH_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in actual.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(actual) == sorted(expected), "pages added or removed; refresh with FOILOG_REFRESH_GOLDEN=1 if intended"
    changed = [rel for rel in actual if actual[rel] != expected[rel]]
    assert changed == [], (
        f"{len(changed)} page(s) differ from tests/golden (refresh with FOILOG_REFRESH_GOLDEN=1 if intended): {changed[:10]}"
    )
