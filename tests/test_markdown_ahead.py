"""Response pages' Markdown converted ahead by a forked helper (foilog.site.render.markdown_ahead): the same HTML either way."""

from __future__ import annotations

import pickle
import sys
import threading
import time

import pytest

from foilog.site.render import markdown_ahead
from foilog.site.render.markdown_ahead import Fetch, MarkdownAhead, Parts, digest
from foilog.site.render.safe_markdown import SafeMarkdown

LETTER = """## Our response

Dear Requester, thank you for your request of **3 May**.

| Year | Cost (£) |
|---|---:|
| 2024 | 1,200 |

```
code & <stuff>
```

<script>alert("no")</script> [link](javascript:alert(1)) — “quotes” ünïcödé

Information Governance Team
Northshire County Council, County Hall, Market Street, Northtown NT1 1AA\\
United Kingdom
"""


def _pages(count: int) -> list[Parts]:
    def answers(n: int) -> list[tuple[str, int, str]]:
        return [(f"Answer {n}.{q}: the council holds *{n * q}* records.\n\n- one\n- two", 4, f"q{q}-") for q in range(1, 4)]

    return [(*answers(n), (LETTER.replace("3 May", f"{n} May"), 3, "letter-")) for n in range(count)]


def _fetches(pages: list[Parts], calls: list[int] | None = None) -> list[Fetch]:
    """A callable per page giving a fresh copy of its Markdown each time (as unpacking a letter does), counting calls."""

    def fetch(number: int) -> Parts:
        if calls is not None:
            calls[number] += 1
        return tuple((text[:1] + text[1:], level, prefix) for text, level, prefix in pages[number])

    return [lambda n=n: fetch(n) for n in range(len(pages))]


def _expected(pages: list[Parts]) -> list[list[str]]:
    md = SafeMarkdown(heading_level=3)
    return [[str(piece) for piece in md.convert_parts(parts)] for parts in pages]


def _converted_after_waiting(pages: list[Parts], ready: int) -> tuple[list[list[str]], int]:
    """Every page's HTML, once the helper has sent back ``ready`` pages; and how many came from the helper."""
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan(_fetches(pages))
        deadline = time.monotonic() + 30  # the helper runs at the lowest priority: give it time on a busy machine
        while len(ahead._done) < ready and time.monotonic() < deadline:
            time.sleep(0.01)
            ahead._pump()
        return _convert(ahead, pages), ahead.converted_ahead
    finally:
        ahead.close()


def _convert(ahead: MarkdownAhead, pages: list[Parts]) -> list[list[str]]:
    return [[str(piece) for piece in ahead.convert_parts(parts)] for parts in pages]


def test_pages_converted_ahead_are_the_same_html() -> None:
    pages = _pages(120)
    got, converted_ahead = _converted_after_waiting(pages, 20)
    assert got == _expected(pages)
    assert converted_ahead >= 20, "the helper converted nothing"
    assert got[-1][-1].count("<br>") == 2, "the helper keeps the lines of an address as the build does"


def test_a_dead_helper_loses_nothing() -> None:
    pages = _pages(40)
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    assert ahead._process is not None
    ahead._process.kill()
    ahead._process.join()
    try:
        ahead.plan(_fetches(pages))
        assert _convert(ahead, pages) == _expected(pages)
    finally:
        ahead.close()
    ahead.close()  # twice is fine


def test_unplanned_repeated_and_large_pages_are_converted_here(monkeypatch) -> None:
    monkeypatch.setattr(markdown_ahead, "MAX_JOB_BYTES", 500)
    pages = _pages(10)
    big = ((LETTER * 3, 3, "letter-"),)
    planned = [*pages, pages[2], big]
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan(_fetches(planned))
        time.sleep(0.5)
        got = _convert(ahead, [*planned, ((LETTER, 3, ""),)])
    finally:
        ahead.close()
    assert got == _expected([*planned, ((LETTER, 3, ""),)])


def test_the_helper_leaves_no_thread_behind() -> None:
    """It is forked before the log is loaded: the loader and the gate can still fork their halves after it."""
    before = threading.active_count()
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        assert ahead._process is not None and ahead._process.is_alive()
        assert threading.active_count() == before
    finally:
        ahead.close()


def test_any_text_comes_back_whole() -> None:
    """The helper's HTML crosses the pipe as a list of strings: no character can split it differently."""
    pages: list[Parts] = [(("nul \x00 here\n\n- a\n- b", 4, "q1-"), ("\x00\x00 letter\n\n## Part", 3, "letter-")), (("second", 4, "q1-"),)]
    got, converted_ahead = _converted_after_waiting(pages, 2)
    assert got == _expected(pages)
    assert converted_ahead == 2


def test_the_plan_fetches_each_page_at_most_twice() -> None:
    """Once for its digest, once more if it is sent to the helper: the plan holds no page's text."""
    pages = _pages(30)
    calls = [0] * len(pages)
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan(_fetches(pages, calls))
        deadline = time.monotonic() + 30
        while len(ahead._done) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
            ahead._pump()
        assert _convert(ahead, pages) == _expected(pages)
        assert ahead.converted_ahead >= 5
    finally:
        ahead.close()
    assert all(1 <= n <= 2 for n in calls), calls
    assert not any(isinstance(value, tuple) for value in vars(ahead).values() if value)


def test_digests_tell_every_part_apart() -> None:
    """Text, level and prefix all count, and where one part ends."""
    base = (("ab", 4, "q1-"), ("c", 3, "letter-"))
    variants = [
        base,
        (("a", 4, "q1-"), ("bc", 3, "letter-")),
        (("ab", 3, "q1-"), ("c", 3, "letter-")),
        (("ab", 4, "q2-"), ("c", 3, "letter-")),
        (("ab", 4, "q1-"),),
        (("ab", 4, "q1-"), ("c", 3, "letter-"), ("", 3, "")),
    ]
    assert len({digest(v) for v in variants}) == len(variants)
    assert digest(base) == digest(tuple((t[:1] + t[1:], lv, p) for t, lv, p in base))


def test_sending_a_page_leaves_the_logs_strings_their_size() -> None:
    """Pickling a non-ASCII string keeps its UTF-8 form inside it for good: the helper gets copies of the log's answers."""
    answers = [("".join([f"Answer {n} – “Northshire” ünïcödé. "] * 40), 4, f"q{n}-") for n in range(6)]
    sizes = [sys.getsizeof(text) for text, _, _ in answers]
    pages: list[Parts] = [(part,) for part in answers]
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan([lambda p=p: p for p in pages])  # the same string objects every time, as the log's answers are
        assert ahead._in_flight, "nothing was sent to the helper"
        assert [sys.getsizeof(text) for text, _, _ in answers] == sizes
        assert _convert(ahead, pages) == _expected(pages)
    finally:
        ahead.close()
    pickle.dumps(answers[0][0])  # what it guards against: the string grows
    assert sys.getsizeof(answers[0][0]) > sizes[0]


def _long_pages(count: int) -> list[Parts]:
    """Pages of about 20 KB of Markdown each, as real letters are: many more than the pipe's budget holds at once."""
    letter = LETTER * 50
    return [((letter.replace("3 May", f"{n} May"), 3, "letter-"),) for n in range(count)]


def test_meanwhile_the_helper_converts_every_page_without_the_build() -> None:
    """While the build writes the data files it converts nothing: the thread keeps the helper supplied all the same."""
    pages = _long_pages(60)
    assert sum(len(parts[0][0].encode()) for parts in pages) > 3 * markdown_ahead.MAX_IN_FLIGHT_BYTES
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan(_fetches(pages))
        with ahead.meanwhile():
            deadline = time.monotonic() + 60  # the helper runs at the lowest priority: give it time on a busy machine
            while ahead.waiting < len(pages) and time.monotonic() < deadline:
                time.sleep(0.02)  # the build busy elsewhere: it neither converts nor pumps
        assert ahead.waiting == len(pages), "the helper was left idle"
        assert threading.active_count() == 1, "the thread outlived the block"
        assert _convert(ahead, pages) == _expected(pages)
        assert ahead.converted_ahead == len(pages)
    finally:
        ahead.close()


def test_meanwhile_ends_at_once_and_without_a_helper() -> None:
    """Leaving the block stops the thread, the helper alive or not; without a helper the block just runs."""
    pages = _long_pages(6)
    serial = MarkdownAhead(SafeMarkdown(heading_level=3), parallel=False)
    serial.plan(_fetches(pages))
    with serial.meanwhile():
        assert threading.active_count() == 1
    assert _convert(serial, pages) == _expected(pages)
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan(_fetches(pages))
        assert ahead._process is not None
        ahead._process.kill()
        with ahead.meanwhile():
            time.sleep(0.2)
        assert threading.active_count() == 1
        assert _convert(ahead, pages) == _expected(pages)
    finally:
        ahead.close()


def _ahead_in_block(pages: list[Parts], until: int) -> MarkdownAhead:
    """A helper planned with ``pages`` after a :meth:`MarkdownAhead.meanwhile` block left once ``until`` pages wait (or 20 s)."""
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    ahead.plan(_fetches(pages))
    with ahead.meanwhile():
        deadline = time.monotonic() + 20
        while ahead.waiting < until and time.monotonic() < deadline:
            time.sleep(0.02)
    return ahead


def test_meanwhile_converts_the_pages_the_build_reaches_first() -> None:
    """What is converted before the first page is the first pages: their HTML is let go early in the page loop."""
    pages = _long_pages(60)
    ahead = _ahead_in_block(pages, 8)
    try:
        assert ahead.waiting >= 8
        assert sorted(ahead._done) == list(range(len(ahead._done))), "the first pages, in order"
        assert _convert(ahead, pages) == _expected(pages)
        assert ahead.waiting == 0
    finally:
        ahead.close()


def _assert_held_up_to(ahead: MarkdownAhead, cap: int, pages: list[Parts], *, fewer_than: int) -> None:
    """Sending stopped at ``cap`` bytes of HTML waiting: pages up to it, then at most what was in flight when it was reached."""
    held = sorted(len(packed) for packed in ahead._done.values())
    assert sum(held) >= cap, "sending stopped early"
    in_flight = markdown_ahead.MAX_IN_FLIGHT_BYTES // len(pages[0][0][0].encode()) + 1
    assert len(held) <= -(-cap // held[0]) + in_flight < fewer_than


def test_meanwhile_holds_at_most_so_much_html(monkeypatch) -> None:
    """Sending stops once MAX_FRONT_WAITING_BYTES of HTML waits: a huge log's pages are not all held before the page loop.

    (The loop's own cap is lower, and does not stop the front.)"""
    cap = 20_000
    monkeypatch.setattr(markdown_ahead, "MAX_FRONT_WAITING_BYTES", cap)
    monkeypatch.setattr(markdown_ahead, "MAX_WAITING_BYTES", cap // 4)
    pages = _long_pages(60)
    ahead = _ahead_in_block(pages, len(pages))
    try:
        _assert_held_up_to(ahead, cap, pages, fewer_than=len(pages))
        assert _convert(ahead, pages) == _expected(pages)
    finally:
        ahead.close()


def test_the_page_loop_holds_at_most_so_much_html_too(monkeypatch) -> None:
    """From the back, during the page loop, the same cap: what the helper converts there waits until the loop's end."""
    cap = 20_000
    monkeypatch.setattr(markdown_ahead, "MAX_WAITING_BYTES", cap)
    pages = _long_pages(60)
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan(_fetches(pages))
        first = [str(piece) for piece in ahead.convert_parts(pages[0])]  # the build's first page: it pumps from the back
        deadline = time.monotonic() + 20
        while (ahead._in_flight or ahead._done_bytes < cap) and time.monotonic() < deadline:
            time.sleep(0.02)
            ahead._pump()
        _assert_held_up_to(ahead, cap, pages, fewer_than=len(pages) - 1)
        assert [first, *_convert(ahead, pages[1:])] == _expected(pages)
    finally:
        ahead.close()


def test_a_page_the_thread_cannot_fetch_is_left_to_the_build(monkeypatch) -> None:
    """No traceback from the thread: it stops, and the build converts the rest (and meets any error itself)."""
    pages = _long_pages(40)
    calls = [0] * len(pages)
    fetches = _fetches(pages, calls)
    BROKEN = 30  # past what the plan itself sends (the pipe's budget)
    assert BROKEN * len(pages[0][0][0].encode()) > markdown_ahead.MAX_IN_FLIGHT_BYTES

    def broken() -> Parts:
        if calls[BROKEN] >= 1:  # the plan's digest works; the thread's fetch does not
            raise ValueError("cannot unpack")
        calls[BROKEN] += 1
        return pages[BROKEN]

    fetches[BROKEN] = broken
    hooked: list[object] = []
    monkeypatch.setattr(threading, "excepthook", hooked.append)
    ahead = MarkdownAhead(SafeMarkdown(heading_level=3))
    try:
        ahead.plan(fetches)
        with ahead.meanwhile():
            deadline = time.monotonic() + 60
            while threading.active_count() > 1 and time.monotonic() < deadline:
                time.sleep(0.02)  # the thread stops by itself at the page it cannot fetch
            assert threading.active_count() == 1
        assert not hooked
        assert ahead._front == BROKEN, "it sent every page before that one"
        with pytest.raises(ValueError, match="cannot unpack"):
            _convert(ahead, pages)  # the build, pumping, fetches the page itself and meets the error
    finally:
        ahead.close()
