"""The one resource cap of every sandboxed child (:mod:`.sandbox`): applied by the child to itself, before it parses anything.

A hostile file can make a parser allocate without bound, loop, or (through a
bug) write files or start programs. The child therefore caps, with the
kernel's resource limits:

* its address space (``RLIMIT_AS``): an allocation past it raises
  ``MemoryError`` instead of taking the machine's memory;
* its CPU time (``RLIMIT_CPU``): past it the kernel sends ``SIGXCPU``, which
  stops the process. This is a backstop behind the parent's wall-clock
  timeout (a child spinning several threads uses CPU faster than the clock);
  it counts from *now*, so a long-lived child renews it before each request;
* file writes (``RLIMIT_FSIZE`` 0: writing to a file raises ``SIGXFSZ``; pipes
  are not files), core dumps, and new processes (``RLIMIT_NPROC`` 0; not
  enforced for root).

A limit is only ever lowered, never raised past the hard limit the child
was given; where a limit cannot be set (not Linux, a container's rules),
the others still are, and the parent's timeout and kill remain.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

__all__ = ["ResourceLimits", "cap_resources"]

_SPARE_CPU_SECONDS = 2
"""CPU seconds beyond the wall-clock timeout: the clock stops a single-threaded child first; the CPU cap catches threads."""


@dataclass(frozen=True)
class ResourceLimits:
    """What one sandboxed child may use."""

    memory_mb: int
    """Address space, in MiB (Python, the parser's libraries and the file's data all count)."""
    cpu_seconds: int
    """CPU time for one request, in seconds (user and system)."""

    @classmethod
    def for_timeout(cls, memory_mb: int, timeout_seconds: float) -> ResourceLimits:
        """The limits of a child its parent stops after ``timeout_seconds`` of wall-clock time."""
        return cls(memory_mb=memory_mb, cpu_seconds=max(1, math.ceil(timeout_seconds)) + _SPARE_CPU_SECONDS)


def cap_resources(limits: ResourceLimits) -> None:
    """In the child: cap this process (see the module's docstring); call again before each request to renew the CPU time."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = math.ceil(usage.ru_utime + usage.ru_stime)
    for which, value in (
        (resource.RLIMIT_AS, limits.memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, used + limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, 0),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NPROC, 0),
    ):
        with contextlib.suppress(ValueError, OSError):
            _soft, hard = resource.getrlimit(which)
            resource.setrlimit(which, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))
