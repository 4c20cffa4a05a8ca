"""Converting response pages' Markdown on the second core, ahead of the build.

Python-Markdown is most of what rendering a response page costs, and MkDocs
renders pages one after another on one core. The Markdown of a response
page is a few strings (its answers and its letter) and the HTML comes back
as strings, so another process can convert it without the loaded log: this
helper is forked *before* the log is loaded (a process forked after would
end up with a private copy-on-write copy of the log: the build touches every
response) and holds nothing but a converter.

The build tells it the pages in build order (:meth:`plan`), as callables
that fetch each page's Markdown when it is needed: the letters are kept
packed in the log (:meth:`foilog.log.model.Response.pack_body`), and a plan
holding every page's text would unpack them all at once. The plan keeps a
digest of each page's Markdown to recognise it when the build reaches it. The
helper converts from the *last* page backwards while the build renders
forwards. Texts cross the pipe a few hundred KB at a time, so the build
never waits on the pipe: when it reaches a page, it takes the helper's HTML
if it has come back, and converts the page itself otherwise. While the
build does other work before its first page (the feeds and open data),
:meth:`MarkdownAhead.meanwhile` keeps the helper supplied from a thread,
from the *first* page up: the second core is otherwise idle then, and those
pages are the first the build reaches, so their HTML is not held for long.
The HTML is
the same either way: the same code on the same strings. Nothing depends on
the helper but speed; if it cannot be started (no ``fork``, other threads)
or dies, the build converts everything itself.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import pickle
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait

from markupsafe import Markup

from foilog.site.render.safe_markdown import MarkdownRefused, SafeMarkdown
from foilog.workers.fork import can_fork, start_helper
from foilog.workers.memory import utf8_for_c
from foilog.workers.policy import SPARE_NICENESS, lower_priority
from foilog.workers.stagetimes import add_process

__all__ = ["Fetch", "MarkdownAhead", "Parts", "digest"]

Parts = tuple[tuple[str, int, str], ...]
"""A page's Markdown: ``(text, level of its top headings, heading id prefix)`` for each part (see :meth:`SafeMarkdown.convert_parts`)."""

Fetch = Callable[[], Parts]
"""Gives a page's Markdown when called (a fresh copy each time is fine: pages are told apart by :func:`digest`)."""

MAX_IN_FLIGHT_BYTES = 256 * 1024
"""Markdown sent and not yet converted, at most: well under the pipe's size, so sending never blocks the build."""
MAX_JOB_BYTES = 64 * 1024
"""A page with more Markdown than this is converted by the build itself (it would not fit the pipe's budget)."""
MAX_WAITING_BYTES = 8 * 1024 * 1024
"""Compressed HTML converted and not reached by the build yet, at most (about 1,000 seed-sized pages): no more is sent until
the build takes some. Pages converted from the back wait until the end of the page loop: uncapped, all of them would be
held in the build's process when the tree's memory peaks (a Pagefind part being written, mid-loop)."""
MAX_FRONT_WAITING_BYTES = 24 * 1024 * 1024
"""The same cap for pages converted from the front, before the page loop (:meth:`MarkdownAhead.meanwhile`): about 3,000
seed-sized pages, the 10 s the build spends writing a 10,000-response log's open data on one core. The build takes these
first, at about 110 seed-sized pages a second, so by the first of the tree's memory peaks (a Pagefind part written
about 15 s into the loop) little more than :data:`MAX_WAITING_BYTES` of them is left; and until then nothing more is sent."""
PUMP_WAIT = 0.05
"""Seconds the thread of :meth:`MarkdownAhead.meanwhile` waits for the helper's HTML before looking whether to stop."""


def digest(parts: Sequence[tuple[str, int, str]]) -> bytes:
    """What tells a page's Markdown from any other's: every part's text, level and prefix (BLAKE2b, 128 bits)."""
    h = hashlib.blake2b(digest_size=16)
    for text, level, prefix in parts:
        data = text.encode("utf-8", "surrogatepass")
        h.update(f"{len(data)}:{level}:{len(prefix)}:{prefix}:".encode("utf-8", "surrogatepass"))
        h.update(data)
    return h.digest()


def _size(parts: Parts) -> int:
    """What the page takes in the pipe, about (UTF-8, pickled)."""
    return sum(len(text.encode("utf-8")) + len(prefix) for text, _, prefix in parts) + 64


def _helper(jobs: Connection, results: Connection, heading_level: int) -> None:
    """In the helper: convert each page sent until the pipe closes; send its HTML back compressed."""
    lower_priority(below_build=SPARE_NICENESS)  # below Pagefind and the sweep, which must keep up: it takes what is left
    gc.freeze()  # what it inherited is shared copy-on-write: keep the collector from walking it
    md = SafeMarkdown(heading_level)
    with contextlib.suppress(EOFError, OSError):
        while True:
            index, parts = jobs.recv()
            try:
                html = [str(piece) for piece in md.convert_parts(parts)]
            except MarkdownRefused:
                results.send((index, None))  # the build converts it again and reports it, naming the field
                continue
            results.send((index, zlib.compress(pickle.dumps(html, protocol=pickle.HIGHEST_PROTOCOL), 1)))


class MarkdownAhead:
    """A converter for :class:`foilog.site.render.pages.Renderer` that takes pages converted ahead by a forked helper."""

    def __init__(self, markdown: SafeMarkdown, *, parallel: bool = True) -> None:
        self._md = markdown
        self._process: multiprocessing.process.BaseProcess | None = None
        self._jobs: Connection | None = None
        self._results: Connection | None = None
        self._started = 0.0
        self._budget = MAX_IN_FLIGHT_BYTES
        self._pages: list[Fetch] = []
        #: The first page of each digest (:func:`digest`): a later page with the same Markdown is converted here.
        self._index: dict[bytes, int] = {}
        self._digests: list[bytes] = []
        #: The next page to send (counting down from the last), and how far the build has got.
        self._next = -1
        self._reached = -1
        #: The first page not sent yet from the front (:meth:`meanwhile` sends from there up).
        self._front = 0
        self._in_flight: dict[int, int] = {}
        #: Pages converted by the helper and not reached yet: their HTML parts, pickled and compressed.
        self._done: dict[int, bytes] = {}
        self._done_bytes = 0
        self.converted_ahead = 0
        #: Held while the state above changes: :meth:`meanwhile`'s thread pumps beside the build.
        self._lock = threading.Lock()
        if not can_fork(parallel):
            return
        helper = start_helper(_helper, (markdown.heading_level,), "foilog-markdown")
        self._process, self._jobs, self._results = helper.process, helper.jobs, helper.results
        self._started = helper.started
        if helper.jobs_capacity is not None:
            # Whatever the pipe holds, keep what is in flight under half of it.
            self._budget = min(MAX_IN_FLIGHT_BYTES, helper.jobs_capacity // 2)

    @property
    def heading_level(self) -> int:
        return self._md.heading_level

    def plan(self, pages: Sequence[Fetch]) -> None:
        """The pages the build will render, in the order it will render them: a callable giving each one's Markdown.

        Each is called once now (for its digest) and once more if it is sent to
        the helper; nothing of its text is kept in between.
        """
        self._pages = list(pages)
        self._index = {}
        self._digests = [digest(fetch()) for fetch in self._pages]
        for number, key in enumerate(self._digests):
            self._index.setdefault(key, number)
        self._next = len(self._pages) - 1
        self._reached = -1
        self._front = 0
        with self._lock:
            self._pump(from_front=True)  # the build's first page comes next

    def convert_parts(self, parts: Sequence[tuple[str, int, str]]) -> list[Markup]:
        """What :meth:`SafeMarkdown.convert_parts` returns: the helper's, if it has converted this page, else converted here."""
        number = self._index.get(digest(parts), -1) if self._index else -1
        if number >= 0:
            with self._lock:
                self._reached = max(self._reached, number)
                self._pump()
                packed = self._done.pop(number, None)
                self._done_bytes -= len(packed) if packed is not None else 0
            if packed is not None:
                self.converted_ahead += 1
                # From our own forked helper (as everything a Connection receives, pickled); sanitised by SafeMarkdown there.
                return [Markup(piece) for piece in pickle.loads(zlib.decompress(packed))]  # noqa: S301, S704
        return self._md.convert_parts(parts)

    @property
    def waiting(self) -> int:
        """Pages the helper has converted that the build has not reached yet."""
        return len(self._done)

    @contextlib.contextmanager
    def meanwhile(self) -> Iterator[None]:
        """Keep the helper converting while the build does something else: a thread sends pages and takes back their HTML.

        Without it the helper is fed only when the build converts a page, so it
        would finish the few pages in flight and wait while the build writes
        the feeds and open data (about 4 s of an idle core at 2,000 seed-sized
        responses). The thread sends from the first page up (the build reaches
        those first, so their HTML is not held through the page loop) and
        stops sending once :data:`MAX_FRONT_WAITING_BYTES` of HTML waits. Use it
        only where nothing forks: a process forked while the thread runs
        would start with a copy of the lock, maybe held.
        """
        if self._process is None:
            yield
            return
        stop = threading.Event()
        thread = threading.Thread(target=self._pump_until, args=(stop,), name="foilog-markdown-pump", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def _pump_until(self, stop: threading.Event) -> None:
        """:meth:`meanwhile`'s thread: pump until told to stop or until every planned page is converted or sent.

        A page whose Markdown cannot be fetched stops the thread quietly: the
        build fetches it again when it reaches it, and reports what is wrong there.
        """
        while not stop.is_set():
            with self._lock:
                try:
                    self._pump(from_front=True)
                except Exception:  # not this thread's to report (above)
                    return
                results, busy = self._results, bool(self._in_flight)
            if results is None or not busy:
                return  # nothing left to send (or the helper died): the build does the rest
            with contextlib.suppress(OSError, ValueError):
                wait([results], timeout=PUMP_WAIT)  # releases the GIL: the build runs meanwhile

    def close(self) -> None:
        """Stop the helper (safe to call more than once)."""
        process, self._process = self._process, None
        for connection in (self._jobs, self._results):
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.close()
        self._jobs = self._results = None
        if process is not None:
            if process.pid is not None:
                add_process("render: Markdown converted ahead", process.pid, self._started)
            process.terminate()
            process.join(timeout=10)
        self._done.clear()
        self._done_bytes = 0
        self._in_flight.clear()

    def _pump(self, *, from_front: bool = False) -> None:
        """Take back what the helper has converted; send it more, from the last page down to where the build is,
        until :data:`MAX_WAITING_BYTES` of HTML waits (:data:`MAX_FRONT_WAITING_BYTES` from the front).

        ``from_front`` (before the build's first page, :meth:`meanwhile`): from
        the first unsent page up instead, so that what is converted then is
        what the build reaches first, and is not held through the page loop.
        """
        if self._process is None or self._jobs is None or self._results is None:
            return
        try:
            while self._results.poll():
                number, packed = self._results.recv()
                self._in_flight.pop(number, None)
                if number > self._reached and packed is not None:
                    self._done[number] = packed
                    self._done_bytes += len(packed)
            in_flight = sum(self._in_flight.values())
            self._front = max(self._front, self._reached + 1)
            # Unsent: the pages from the front to the back, those ahead of the build.
            cap = MAX_FRONT_WAITING_BYTES if from_front else MAX_WAITING_BYTES
            while self._front <= self._next and self._next > self._reached:
                if self._done_bytes >= cap:
                    break
                number = self._front if from_front else self._next
                # The same Markdown as an earlier page, or too big for the pipe: converted here.
                parts = self._pages[number]() if self._index.get(self._digests[number]) == number else None
                size = _size(parts) if parts is not None else 0
                if parts is not None and size <= MAX_JOB_BYTES:
                    if in_flight + size > self._budget:
                        break
                    # Pickling a string makes it keep its UTF-8 form: send copies, not the log's own answers.
                    self._jobs.send((number, tuple((utf8_for_c(text), level, prefix) for text, level, prefix in parts)))
                    self._in_flight[number] = size
                    in_flight += size
                if from_front:
                    self._front += 1
                else:
                    self._next -= 1
        except (EOFError, OSError):
            self.close()  # the helper died: the build converts the rest itself
