"""What a browser downloads to run a one-word search on a built foilog site.

Serves the site on 127.0.0.1, opens ``/search/?q=WORD`` in headless Chromium
(Debian's ``/usr/bin/chromium`` driven by Playwright, as the browser tests
do), waits until Pagefind's UI has drawn its results, and adds up the bodies
of every request under ``pagefind/``: the UI script and styles, the WebAssembly
module, the entry file, the language metadata, the index chunks and filter
files the word needs, and the fragments of the results shown. Also reports
what those bodies weigh gzip-compressed (a static host that compresses sends
about that; Pagefind's index files are already compressed and barely change),
and each file (``files``) with totals by kind (``kinds``): the code is the
same for any log, while the index chunks, filters and fragments grow with it.

Usage::

    python bench/search_bytes.py SITE_DIR [--word council]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import launch, missing_tools, serve, wait_for_results  # noqa: E402


def kind_of(path: str) -> str:
    """What a file under ``pagefind/`` is for: fixed code, or data that grows with the log."""
    name = path.rsplit("/", 1)[-1]
    for folder, kind in (("/index/", "index chunks"), ("/fragment/", "result fragments"), ("/filter/", "filters")):
        if folder in path:
            return kind
    if name.endswith(".pf_meta"):
        return "metadata"
    if name.startswith("wasm."):
        return "WebAssembly"
    if name.endswith((".js", ".css")):
        return "UI and scripts"
    if name == "pagefind-entry.json":
        return "entry"
    return "other"


def one_word_query(site: Path, word: str) -> dict[str, Any]:
    """Bytes and requests under ``pagefind/`` for one search of ``word`` (raises RuntimeError without a browser)."""
    why = missing_tools()
    if why:
        raise RuntimeError(why)
    from playwright.sync_api import sync_playwright

    bodies: dict[str, bytes] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context()
            tab = context.new_page()

            def finished(request: Any) -> None:
                if request.url.startswith(base + "pagefind/"):
                    response = request.response()
                    if response is not None:
                        bodies[request.url[len(base) :]] = response.body()

            tab.on("requestfinished", finished)
            tab.goto(f"{base}search/?q={word}")
            wait_for_results(tab, timeout=60_000)
            tab.wait_for_load_state("networkidle")
            results = tab.locator(".pagefind-ui__message").inner_text()
            context.close()
        finally:
            browser.close()
    # Per file, largest first: which part of Pagefind's download grows with the log (index chunks,
    # filters, fragments) and which is fixed (the UI, the WebAssembly module).
    files = sorted(
        ({"path": url, "kind": kind_of(url), "bytes": len(b), "gzip_bytes": len(gzip.compress(b, 6))} for url, b in bodies.items()),
        key=lambda f: (-f["bytes"], f["path"]),
    )
    kinds: dict[str, dict[str, int]] = {}
    for f in files:
        k = kinds.setdefault(f["kind"], {"files": 0, "bytes": 0, "gzip_bytes": 0})
        k["files"] += 1
        k["bytes"] += f["bytes"]
        k["gzip_bytes"] += f["gzip_bytes"]
    return {
        "word": word,
        "message": results,
        "requests": len(bodies),
        "bytes": sum(f["bytes"] for f in files),
        "gzip_bytes": sum(f["gzip_bytes"] for f in files),
        "largest": [(f["bytes"], f["path"]) for f in files[:5]],
        "files": files,
        "kinds": kinds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--word", default="council")
    args = parser.parse_args()
    print(json.dumps(one_word_query(args.site, args.word), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
