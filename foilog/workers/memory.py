"""Giving memory the build no longer needs back to the operating system.

CPython frees small objects into its own arenas and larger blocks into
glibc's heap; after a big stage (loading and scanning the log, the first
half of the pages) much of that is free but still counted in the process's
size, because glibc keeps freed heap memory for later unless asked. The peak
of a build is the sum of its processes (the build, Pagefind, the helpers),
so memory the build holds unused is memory Pagefind cannot have.
:func:`release_free_memory` asks glibc to return it (``malloc_trim(0)``).
It changes nothing the build computes, only what the process holds; where
there is no glibc (macOS, musl, Windows) it does nothing.

:func:`utf8_for_c` is the other side of the same care: CPython keeps the
UTF-8 form of a non-ASCII string *inside the string* the first time C code
asks for it (``PyUnicode_AsUTF8AndSize``: ``sqlite3`` binding a parameter,
``pickle`` sending it through a pipe), for as long as the string lives. The
log's answers live until the build ends, so handing them to SQLite or to a
helper process would make each one about half as large again.

:func:`collector_paused` keeps CPython's cyclic garbage collector from running
while the build loads, checks and plans the log. Everything made then lives
until the build ends (it is frozen with ``gc.freeze()`` right after), and
each full collection walks all of it again: at 10,000 small responses, 19
full collections took 2.6 s of the build's own process, 1.6 s of it before
the first page, with the second core mostly idle. Paused, they took 0.4 s;
the process's peak size was the same (342 MB at the freeze, 394 at the end),
since loading makes almost no cyclic garbage. Objects without cycles are
freed as always, by their reference counts.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import sys
from collections.abc import Callable, Iterator

__all__ = ["collector_paused", "release_free_memory", "utf8_for_c"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (as it was after it, whatever happens in it).

    For a stage that builds what lives until the end and is frozen after it
    (see the module's docstring). Never around forking a long-lived helper:
    it would start with the collector off for good.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the heap's free memory to the operating system; True if glibc was asked (whether or not it found any)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def utf8_for_c(text: str) -> str:
    """``text``, or for non-ASCII text an equal copy, to give C code that caches UTF-8 in the string (see above).

    An ASCII string is its own UTF-8 and gains nothing, so it is passed as it is.
    """
    return text if text.isascii() else text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
