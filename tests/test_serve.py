"""`foilog serve`: prints its address, shows a failed build in the browser (HTTP 500, not a hung request), says "Rebuilt".

A real server on a free port, read with urllib.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from logbuilder import VALID_YML, LogBuilder, variant

from foilog.commands.cli import main
from foilog.engine.mkdocs_serve import PreviewServer, error_page, serve_preview

BAD_DATE = variant("received: 2026-09-01", "received: 28 August 2026")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:  # noqa: S310 (http://127.0.0.1, made by the test)
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class Running:
    """``serve_preview`` in a thread, what it said, and its server."""

    def __init__(self, config: Path, port: int) -> None:
        self.said: list[str] = []
        self.warned: list[str] = []
        self.server: PreviewServer | None = None
        self.url = f"http://127.0.0.1:{port}/"
        self.thread = threading.Thread(
            target=serve_preview,
            args=(str(config),),
            kwargs={"dev_addr": f"127.0.0.1:{port}", "say": self.said.append, "warn": self.warned.append, "started": self._started},
            daemon=True,
        )

    def _started(self, server: PreviewServer) -> None:
        self.server = server

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
        self.thread.join(timeout=30)


@pytest.fixture
def serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[LogBuilder], Running]]:
    monkeypatch.setenv("FOILOG_TODAY", "2026-11-26")
    started: list[Running] = []

    def start(log: LogBuilder) -> Running:
        running = Running(log.config, free_port())
        started.append(running)
        running.thread.start()
        wait_for(lambda: any(s.startswith("Serving the preview on ") for s in running.said), "the server to listen")
        return running

    yield start
    for running in started:
        running.stop()


def test_a_failed_build_is_a_page_until_a_rebuild_succeeds(tmp_path: Path, serving: Callable[[LogBuilder], Running]) -> None:
    log = LogBuilder(tmp_path / "project")
    yml = log.valid(BAD_DATE)
    running = serving(log)
    assert f"Serving the preview on {running.url} (Ctrl+C stops)" in running.said
    status, body = get(running.url)
    assert status == 500
    assert "The preview could not be built" in body
    assert "received: expected a date written YYYY-MM-DD, got &#x27;28 August 2026&#x27;; write &#x27;2026-08-28&#x27;" in body
    assert "/livereload/" in body  # the browser reloads by itself once fixed
    assert any("received: expected a date written YYYY-MM-DD" in line for line in running.warned)
    status, _ = get(running.url + "responses/")  # every page, not only the home page
    assert status == 500

    (yml if yml.name == "response.yml" else yml / "response.yml").write_text(VALID_YML, encoding="utf-8")
    wait_for(lambda: any(s.startswith("Rebuilt") for s in running.said), "the rebuild")
    assert any(s.startswith("Rebuilt in ") and "the build errors are fixed" in s for s in running.said), running.said
    status, body = get(running.url + "responses/2026/ncc-foi-26-0042/")
    assert status == 200 and "Gritting routes on rural roads" in body


def test_the_error_page_escapes_what_it_shows() -> None:
    page = error_page(["responses/x/response.yml:3: title: <script>alert(1)</script>", "  indented \x1b[31m"]).decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "\x1b" not in page


def test_serve_refuses_an_address_in_use(tmp_path: Path) -> None:
    log = LogBuilder(tmp_path / "project")
    log.valid()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--config-file", str(log.config), "--dev-addr", f"127.0.0.1:{port}"])
    assert result.exit_code == 2, result.output
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr and "--dev-addr" in result.stderr
