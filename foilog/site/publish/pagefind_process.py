"""Pagefind's service mode, spoken synchronously from the build's own thread.

Pagefind's Python package talks to its binary through an asyncio loop. Run
in a background thread beside a MkDocs build, that loop holds the GIL for a
moment every time MkDocs releases it to write a file, and the build ran 40%
slower while Pagefind sat idle (the "convoy effect"). So foilog speaks the
same protocol without a loop or thread:

* requests (base64 JSON, each followed by a comma) are written to the
  binary's stdin as the build produces pages; the pipe is enlarged so the
  build does not wait while Pagefind is busy with a page;
* replies go to a temporary file, not a pipe, so nothing has to read them
  while the build runs; they are read when a request's answer is needed
  (the new index's id, and at the end every reply, checked for errors);
* the bundle comes back as the reply to ``GetFiles`` and foilog writes its
  files itself: Pagefind's ``WriteFiles`` answers while its writer threads
  may still be writing, and under load files were left empty. Its filter
  and meta files are written in a canonical order
  (:mod:`foilog.site.publish.pagefind_canonical`), so two builds are byte-identical.

Only the binary comes from the ``pagefind[bin]`` wheel (no network).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import IO, Any

from foilog.site.publish.pagefind_canonical import canonical_bundle
from foilog.workers.fork import enlarge_pipe
from foilog.workers.policy import SEARCH_NICENESS, lower_priority
from foilog.workers.stagetimes import add_process

__all__ = ["PagefindError", "PagefindProcess"]

REPLY_TIMEOUT_SECONDS = 600.0
"""How long to wait for Pagefind to answer all outstanding requests (writing a 50,000-page index)."""
_POLL_SECONDS = 0.005


_NOT_KEPT: dict[str, Any] = {}
"""The payload recorded for a reply nobody waits for (each page's): only that it came, and it was no error."""


class PagefindError(Exception):
    """Pagefind is missing, stopped, or answered a request with an error."""


UNUSED_UI_FILES = frozenset(
    f"pagefind-{name}"
    for name in ("ui.js", "ui.css", "component-ui.js", "component-ui.css", "modular-ui.js", "modular-ui.css", "highlight.js")
)
"""Pagefind's ready-made UIs, not written: the search page draws its own results on ``pagefind.js``
(Pagefind's default UI shows prefix matches as answers; see ``assets/search.js``)."""


class PagefindProcess:
    """One running ``pagefind --service`` with one index.

    :meth:`add_html` and :meth:`add_record` return at once; :meth:`write`
    (or :meth:`begin_write` then :meth:`finish_write`) has the bundle written
    after every request, fails if any answer was an error, and stops the
    process. :meth:`close` stops it in any case.
    """

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        try:
            from pagefind.service import get_executable
        except ImportError:
            raise PagefindError("Pagefind is not installed; install the 'pagefind[bin]' package") from None
        executable = get_executable()
        if executable is None:
            raise PagefindError("the Pagefind binary was not found; install the 'pagefind[bin]' package")
        # The reply file is opened twice: Pagefind appends through its own open
        # file, we read through ours (one shared file offset would interleave them).
        handle, name = tempfile.mkstemp(prefix="foilog-pagefind-")
        os.close(handle)
        try:
            with open(name, "ab") as replies_out:
                self._replies: IO[bytes] = open(name, "rb")  # noqa: SIM115 - lives as long as the process
                self._errors: IO[bytes] = tempfile.TemporaryFile(prefix="foilog-pagefind-")  # noqa: SIM115
                try:
                    self._process = subprocess.Popen(
                        [str(executable), "--service"], stdin=subprocess.PIPE, stdout=replies_out, stderr=self._errors
                    )
                except OSError as exc:
                    self._close_files()
                    raise PagefindError(f"the Pagefind binary could not be started ({exc})") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(name)  # both handles stay valid; nothing is left behind
        assert self._process.stdin is not None
        self._started = time.perf_counter()
        self._stdin = self._process.stdin
        # Pagefind works beside the build, which is what the build's time depends
        # on: when both want the same core, let the build have it; Pagefind goes
        # before the sweep, whose work the build can share at the end (foilog.workers.policy).
        lower_priority(self._process.pid, below_build=SEARCH_NICENESS)
        enlarge_pipe(self._stdin.fileno())  # several pages of slack
        self._last_id = 0
        self._write_id = -1
        self._output = Path()
        self._answered_before_write = -1
        #: Every request answered; only the replies waited for keep their payload (a page's is a few hundred bytes, 500 a part).
        self._answered: dict[int, dict[str, Any]] = {}
        self._waited_for: set[int] = set()
        self._read_offset = 0
        self._partial = b""
        try:
            reply = self._wait(self._send({"type": "NewIndex", "config": config or {}}), REPLY_TIMEOUT_SECONDS)
            self._index_id = reply["index_id"]
        except BaseException:
            self.close()
            raise

    # -- requests --------------------------------------------------------------------
    def add_html(self, url: str, content: str) -> None:
        """Index one HTML page (Pagefind reads its ``data-pagefind-*`` markup) under ``url``."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": content, "file_path": None})

    def add_record(
        self,
        url: str,
        content: str,
        language: str,
        meta: dict[str, str],
        filters: dict[str, list[str]] | None = None,
        sort: dict[str, str] | None = None,
    ) -> None:
        """Index plain text (an attachment) as a page of its own."""
        self._send(
            {
                "type": "AddRecord",
                "index_id": self._index_id,
                "url": url,
                "content": content,
                "language": language,
                "meta": meta,
                "filters": filters,
                "sort": sort,
            }
        )

    def write(self, output_path: str, timeout: float = REPLY_TIMEOUT_SECONDS) -> None:
        """Write the bundle to ``output_path`` once every request is indexed; stop Pagefind."""
        self.begin_write(output_path)
        self.finish_write(timeout)

    def begin_write(self, output_path: str) -> None:
        """Ask Pagefind for the bundle of the pages sent so far, and return at once.

        Pagefind handles requests in order; :meth:`finish_write` checks that it
        did (every earlier request answered before the bundle) and fails otherwise.
        The bundle's files come back in the reply and are written here:
        Pagefind's own ``WriteFiles`` answers while its writer threads may still
        be writing, and a process stopped then (or even exiting normally under
        load) leaves files empty.
        """
        self._output = Path(output_path)
        self._write_id = self._send({"type": "GetFiles", "index_id": self._index_id})
        self._waited_for.add(self._write_id)  # its reply may be read by write_done() before finish_write waits

    def write_done(self) -> bool:
        """Whether the bundle asked for by :meth:`begin_write` has come back (without waiting)."""
        if self._write_id < 0:
            return False
        self._read_replies()
        return self._write_id in self._answered

    def finish_write(self, timeout: float = REPLY_TIMEOUT_SECONDS) -> None:
        """Wait for the bundle asked for by :meth:`begin_write`, write its files, stop Pagefind."""
        try:
            reply = self._wait(self._write_id, timeout)
            if self._answered_before_write != self._write_id - 1:
                raise PagefindError(
                    f"Pagefind made the index before indexing every page ({self._answered_before_write} of "
                    f"{self._write_id - 1} requests answered); the index would be incomplete"
                )
            files = reply.get("files")
            if reply.get("type") != "GetFiles" or not isinstance(files, list) or not files:
                raise PagefindError("Pagefind sent no index files")
            self._answered.pop(self._write_id, None)
            self._write_files(files)
        finally:
            self.close()

    def _write_files(self, files: list[Any]) -> None:
        """Write the bundle, its filter and meta files in canonical order (:mod:`.pagefind_canonical`): builds are byte-identical."""
        bundle: dict[str, bytes] = {}
        for item in files:
            try:
                rel = PurePosixPath(item["path"])
                content = base64.b64decode(item["content"], validate=True)
            except (KeyError, TypeError, ValueError, binascii.Error):
                raise PagefindError("Pagefind sent an unreadable index file") from None
            if rel.is_absolute() or ".." in rel.parts or not rel.parts:
                raise PagefindError(f"Pagefind sent an index file with an unsafe path: {item['path']!r}")
            bundle[rel.as_posix()] = content
        root = self._output
        for name, content in canonical_bundle(bundle).items():
            if name in UNUSED_UI_FILES:
                continue
            target = root.joinpath(*PurePosixPath(name).parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            except OSError as exc:
                raise PagefindError(f"cannot write the search index file {target}: {exc.strerror}") from None

    def close(self) -> None:
        """Stop Pagefind (safe to call more than once)."""
        process = getattr(self, "_process", None)
        if process is not None and process.poll() is None:
            add_process("Pagefind: indexing and writing (each part)", process.pid, self._started)
            with contextlib.suppress(OSError):
                self._stdin.close()
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._close_files()

    # -- protocol --------------------------------------------------------------------
    def _send(self, payload: dict[str, Any]) -> int:
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}, ensure_ascii=False)
        try:
            self._stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            self._stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            raise PagefindError(f"Pagefind stopped{self._stderr_tail()}") from None
        return self._last_id

    def _wait(self, message_id: int, timeout: float) -> dict[str, Any]:
        """The reply to ``message_id``, read from the reply file as Pagefind writes it."""
        deadline = time.monotonic() + timeout
        self._waited_for.add(message_id)
        while True:
            self._read_replies()
            if message_id in self._answered:
                return self._answered[message_id]
            if self._process.poll() is not None:
                self._read_replies()
                raise PagefindError(f"Pagefind stopped (exit status {self._process.returncode}){self._stderr_tail()}")
            if time.monotonic() > deadline:
                raise PagefindError(f"Pagefind did not answer within {timeout:.0f} s")
            time.sleep(_POLL_SECONDS)

    def _read_replies(self) -> None:
        self._replies.seek(self._read_offset)
        data = self._replies.read()
        self._read_offset += len(data)
        *complete, self._partial = (self._partial + data).split(b",")
        for chunk in complete:
            if not chunk.strip():
                continue
            try:
                reply = json.loads(base64.b64decode(chunk))
            except (binascii.Error, ValueError):
                raise PagefindError(f"Pagefind answered something unreadable: {chunk[:80]!r}") from None
            if not reply:
                continue
            payload = reply.get("payload") or {}
            message_id = reply.get("message_id")
            if message_id is None and payload.get("original_message"):
                with contextlib.suppress(ValueError, AttributeError):
                    message_id = json.loads(payload["original_message"]).get("message_id")
            if payload.get("type") == "Error":
                raise PagefindError(f"Pagefind: {payload.get('message')}")
            if message_id is not None:
                if message_id == self._write_id:
                    self._answered_before_write = len(self._answered)
                self._answered[message_id] = payload if message_id in self._waited_for else _NOT_KEPT

    def _stderr_tail(self) -> str:
        try:
            self._errors.seek(0)
            text = self._errors.read()[-500:].decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return f": {text}" if text else ""

    def _close_files(self) -> None:
        for handle in (getattr(self, "_replies", None), getattr(self, "_errors", None)):
            if handle is not None:
                with contextlib.suppress(OSError):
                    handle.close()
