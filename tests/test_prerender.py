"""Response pages rendered ahead by a forked helper: same HTML, whoever renders it."""

from __future__ import annotations

import os
import time

from foilog.render.prerender import Prerenderer


def _jobs(count: int, log: list[int] | None = None) -> list[tuple[str, object]]:
    def render(i: int) -> str:
        if log is not None:
            log.append(i)
        return f"<p>page {i} rendered in {'the helper' if os.getpid() != PARENT else 'the build'}</p>"

    return [(f"responses/{i}/index.md", lambda i=i: render(i)) for i in range(count)]


PARENT = os.getpid()


def _build(prerender: Prerenderer, jobs: list[tuple[str, object]], pause: float = 0.0) -> list[str]:
    out = []
    for key, render in jobs:
        html = prerender.take(key)
        if html is None:
            html = render()  # type: ignore[operator]
            time.sleep(pause)  # a slow build: the helper gets ahead
        out.append(html)
    return out


def test_every_page_is_rendered_once_in_order_and_the_helper_takes_the_tail() -> None:
    jobs = _jobs(200)
    prerender = Prerenderer(jobs)  # type: ignore[arg-type]
    try:
        pages = _build(prerender, jobs, pause=0.002)
    finally:
        prerender.close()
    assert [p.split(" rendered")[0] for p in pages] == [f"<p>page {i}" for i in range(200)]
    by_helper = [i for i, p in enumerate(pages) if "the helper" in p]
    assert by_helper, "the helper rendered nothing"
    # The helper works from the end: what it rendered is one run up to the last page.
    assert by_helper == list(range(by_helper[0], 200))


def test_a_dead_helper_leaves_the_build_to_render_everything() -> None:
    jobs = _jobs(50)
    prerender = Prerenderer(jobs)  # type: ignore[arg-type]
    prerender._process.kill()  # type: ignore[union-attr]
    prerender._process.join()  # type: ignore[union-attr]
    try:
        pages = _build(prerender, jobs)
    finally:
        prerender.close()
    assert [p.split(" rendered")[0] for p in pages] == [f"<p>page {i}" for i in range(50)]


def test_no_helper_for_unknown_pages_or_a_single_page() -> None:
    jobs = _jobs(1)
    prerender = Prerenderer(jobs)  # type: ignore[arg-type]
    assert prerender.take("responses/0/index.md") is None
    assert prerender.take("about/index.md") is None
    prerender.close()
    prerender.close()  # twice is fine


def test_a_page_that_fails_in_the_helper_is_rendered_and_reported_by_the_build(capfd: object) -> None:
    calls: list[int] = []

    def render(i: int) -> str:
        calls.append(i)
        if i == 7 and os.getpid() != PARENT:
            raise ValueError("boom")
        return f"<p>{i}</p>"

    jobs = [(f"r/{i}", lambda i=i: render(i)) for i in range(10)]
    prerender = Prerenderer(jobs)  # type: ignore[arg-type]
    try:
        time.sleep(0.5)  # the helper renders 9 and 8, then fails on 7
        pages = _build(prerender, jobs)
    finally:
        prerender.close()
    assert pages == [f"<p>{i}</p>" for i in range(10)]
    assert "Traceback" not in capfd.readouterr().err  # type: ignore[attr-defined]
