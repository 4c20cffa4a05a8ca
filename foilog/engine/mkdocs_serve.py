"""``foilog serve``: MkDocs' live preview, made to say what it is doing.

MkDocs' own ``serve`` (``mkdocs/commands/serve.py``) shows nothing under ``foilog`` (its
"Serving on" is an info log nobody handles), stops at once when the first build fails, and
after a failed rebuild holds every request until a build succeeds (``LiveReloadServer``
waits for the site of the newest change): the browser just spins. Here, the same
server, with the same watching and reloading, and:

* the address is printed once the server listens;
* a failed build is printed with the lines ``foilog build`` prints, and every page
  request gets a page that shows them, with HTTP 500 (and MkDocs' reload script, so
  the browser shows the site again by itself once a rebuild succeeds);
* a rebuild that succeeds says so (``Rebuilt``), and says when it fixed a failure.

This mirrors ``mkdocs.commands.serve.serve`` of MkDocs 1.6 (the plugin events
``on_startup``, ``on_serve``, ``on_shutdown``; the watched folders) and relies on two
details of ``LiveReloadServer``: ``_serve_request`` serves a request, ``_inject_js_into_html``
adds the reload script.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer, _serve_url

from foilog.engine.mkdocs_build import Collect, failure_lines
from foilog.log.findings import one_line

__all__ = ["PreviewServer", "error_page", "serve_preview"]

Say = Callable[[str], None]


def error_page(lines: list[str]) -> bytes:
    """The page every request gets while the preview cannot be built: the build's own lines, escaped."""
    shown = html.escape("\n".join(one_line(line, keep="") for line in lines))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>The preview could not be built</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n<body>\n'
        "<h1>The preview could not be built</h1>\n"
        "<p>foilog stopped building the site (the terminal running <code>foilog serve</code> says the same):</p>\n"
        f"<pre>{shown}</pre>\n"
        "<p>Fix the files named above and save: this page reloads by itself once a rebuild succeeds.</p>\n"
        "</body>\n</html>\n"
    ).encode()


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that serves :func:`error_page` (HTTP 500) while :attr:`failure` is set."""

    def __init__(self, *args: Any, say: Say, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.say = say
        #: The lines of the last build's failure; None while the site is built.
        self.failure: list[str] | None = None

    def server_activate(self) -> None:
        super().server_activate()
        self.say(f"Serving the preview on {self.url} (Ctrl+C stops)")

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        failure = self.failure
        if failure is None or environ.get("PATH_INFO", "").startswith("/livereload/"):
            return super()._serve_request(environ, start_response)
        body = self._inject_js_into_html(error_page(failure), self._visible_epoch)
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
        )
        return [body]


def serve_preview(
    config_file: str,
    *,
    dev_addr: str,
    say: Say,
    warn: Say,
    livereload: bool = True,
    started: Callable[[PreviewServer], None] | None = None,
) -> None:
    """Build and serve the preview until interrupted (or until ``started``'s server is shut down: tests).

    A bad mkdocs.yml raises MkDocs' ``ConfigurationError`` before anything is served; a build
    that fails is served as :func:`error_page` until a rebuild succeeds.
    """
    site_dir = tempfile.mkdtemp(prefix="foilog-serve-")

    def get_config() -> Any:
        return load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=site_dir, mount_path=mount_path, say=say)
    builds = 0

    def builder(config: Any = None) -> None:
        """Build once; a failure is recorded and shown, never raised (the server would hold every request)."""
        nonlocal builds
        began = time.perf_counter()
        if config is None:
            config = get_config()
            config.site_url = serve_url
        collector = Collect()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(collector)
        try:
            build(config, serve_url=serve_url)
        except (PluginError, Abort, ConfigurationError) as exc:
            _failed(server, failure_lines(exc, collector.records), warn)
            return
        except Exception as exc:  # another plugin's or MkDocs' own surprise: still a page, not a hung request
            _failed(server, [f"the build stopped: {type(exc).__name__}: {one_line(str(exc))}"], warn)
            return
        finally:
            mkdocs_log.removeHandler(collector)
            builds += 1
        seconds = time.perf_counter() - began
        if server.failure is not None:
            say(f"Rebuilt in {seconds:.1f} s: the build errors are fixed; the browser shows the site again")
        elif builds > 1:
            say(f"Rebuilt in {seconds:.1f} s")
        else:
            say(f"Built the preview in {seconds:.1f} s")
        server.failure = None

    server.builder = builder

    def error_handler(code: int) -> bytes | None:
        """The site's own 404 (and 500) page, as ``mkdocs serve`` serves it."""
        try:
            return (Path(site_dir) / f"{code}.html").read_bytes() if code in (404, 500) else None
        except OSError:
            return None

    server.error_handler = error_handler
    try:
        builder(config)
        if livereload:
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
        if started is not None:
            started(server)
        try:
            server.serve()
        except KeyboardInterrupt:
            say("Stopped the preview")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _failed(server: PreviewServer, lines: list[str], warn: Say) -> None:
    server.failure = lines
    warn("The preview could not be built; the browser shows why until a rebuild succeeds:")
    for line in lines:
        warn(line if line.startswith("  ") else f"  {line}")
