"""The loaded log: responses with their derived facts, topics, settings.

:class:`ResponseData` (in :mod:`foilog.log.schema`) is what the file says;
:class:`Response` adds what foilog derives (slug, year, URL, working days,
deadline, authority) so nobody has to type it, and where it came from (folder,
line of each field) so every later stage can point at the right line.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from foilog.log.clock import Clock, clock_of
from foilog.log.findings import Finding
from foilog.log.requests import RequestRecord
from foilog.log.schema import ResponseData
from foilog.log.settings import Project
from foilog.log.topics import Topic
from foilog.log.urls import response_url, slugify
from foilog.log.yamlload import Path as DataPath

PACK_LEVEL = 1
"""zlib level of packed bodies: the fastest (a 15 KB letter packs to about a third in a tenth of a millisecond)."""


class PackedText:
    """A ``str`` attribute that may be kept zlib-compressed (:meth:`Response.pack_body`), unpacked each time it is read.

    A letter is read a few times once the log is loaded (the scan, the
    acknowledgements, its page), and held for the whole build: at 10,000
    seed-sized responses the letters alone are 150 MB as text, about a
    third of that packed. Reading a packed value gives back the same string.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}_stored"

    def __get__(self, obj: object, owner: type | None = None) -> str:
        if obj is None:
            raise AttributeError(self._slot)  # no default: the field is required (dataclasses asks the descriptor)
        stored: str | bytes = obj.__dict__[self._slot]
        return stored if isinstance(stored, str) else zlib.decompress(stored).decode("utf-8")

    def __set__(self, obj: object, value: str) -> None:
        obj.__dict__[self._slot] = value

    def pack(self, obj: object) -> None:
        """Keep the value compressed from now on (reads still return the same ``str``)."""
        stored = obj.__dict__[self._slot]
        if isinstance(stored, str) and stored:
            obj.__dict__[self._slot] = zlib.compress(stored.encode("utf-8"), PACK_LEVEL)

    def is_packed(self, obj: object) -> bool:
        return isinstance(obj.__dict__[self._slot], bytes)


@dataclass(eq=False)
class Response:
    """One response as loaded from ``responses/<year>/<slug>/``."""

    data: ResponseData
    folder: Path
    """Absolute path of the response folder."""
    rel_folder: str
    """The folder relative to the project root, with ``/`` (used in messages)."""
    body: PackedText = PackedText()
    """``response.md``: the rest of the letter, Markdown (kept packed once checked: :meth:`pack_body`)."""
    # (``body`` is still required: the descriptor gives dataclasses no default. mypy cannot tell.)
    authority: str  # type: ignore[misc]
    """Authority id, the site's own when the file does not say."""
    lines: dict[DataPath, int] = field(default_factory=dict, repr=False)
    """Line of every value in ``response.yml``, by path."""
    sources_sha256: str = field(default="", repr=False)
    """sha256 of ``response.yml`` as read and ``response.md`` as decoded, taken when loaded (see :mod:`foilog.site.incremental`)."""
    source_yml: bytes | None = field(default=None, repr=False)
    """The bytes of ``response.yml`` the loader read, for the leak gate's scan (the file is read once); released with the line maps."""

    @property
    def yml_path(self) -> str:
        return f"{self.rel_folder}/response.yml"

    @property
    def md_path(self) -> str:
        return f"{self.rel_folder}/response.md"

    def pack_body(self) -> None:
        """Keep ``body`` zlib-compressed until the build ends; reading it unpacks a fresh copy (see :class:`PackedText`)."""
        _BODY.pack(self)

    @property
    def body_packed(self) -> bool:
        return _BODY.is_packed(self)

    @property
    def reference(self) -> str:
        return self.data.reference

    @cached_property
    def slug(self) -> str:
        """``01/FOI/19/011430`` -> ``01-foi-19-011430``.

        Worked out once: a response's page, every index that lists it and every
        export ask for it (380,000 times in the build's own process at 10,000
        responses). ``data`` is frozen (:class:`foilog.log.schema.ResponseData`),
        so it cannot go stale.
        """
        return slugify(self.data.reference)

    @property
    def year(self) -> int:
        """The year of the response date: the URL's year."""
        return self.data.responded.year

    @cached_property
    def url(self) -> str:
        """``responses/<year>/<slug>/`` (worked out once, as :attr:`slug` is)."""
        return response_url(self.year, self.slug)

    @cached_property
    def clock(self) -> Clock:
        """The legal clock: start, deadlines, working days and status, after the ``clock:`` events (:mod:`foilog.log.clock`)."""
        return clock_of(self.data.regime, self.data.received, self.data.responded, self.data.clock)

    @property
    def working_days(self) -> int:
        return self.clock.working_days

    @property
    def deadline(self) -> dt.date:
        """The deadline that applied: after a permitted extension, else the statutory one."""
        return self.clock.deadline

    @property
    def on_time(self) -> bool:
        """In time, counting a permitted extension as in time: ``clock.status != "late"``."""
        return self.clock.on_time

    @property
    def withdrawn(self) -> bool:
        return self.data.withdrawn is not None

    @property
    def published_on(self) -> dt.date:
        """The day the response went public: the later of ``responded`` and ``publish_after``.

        What "latest releases", the feeds and the order of the lists go by; a
        response held back by an embargo is new on the day it is released, not
        on its (earlier) response date. Where the response date itself is
        meant (the page's facts, timeliness, the URL and the year archive),
        use ``data.responded``.
        """
        after = self.data.publish_after
        return max(self.data.responded, after) if after is not None else self.data.responded

    def embargoed(self, today: dt.date) -> bool:
        """True while ``publish_after`` is later than ``today``."""
        return self.data.publish_after is not None and self.data.publish_after > today

    def line_of(self, *path: str | int) -> int | None:
        """Line of a field, or of its nearest parent present in the file."""
        p: DataPath = tuple(path)
        while p not in self.lines and p:
            p = p[:-1]
        return self.lines.get(p)

    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        """Latest release first when sorted in reverse (publication date, then response date)."""
        return (self.published_on, self.data.responded, self.reference)

    def response_date_key(self) -> tuple[dt.date, str]:
        """Newest response date first when sorted in reverse (the year archive's order)."""
        return (self.data.responded, self.reference)


_BODY: PackedText = Response.__dict__["body"]


@dataclass(frozen=True)
class UnloadedResponse:
    """A response folder whose ``response.yml`` could not be loaded: it does not parse, or it fails the schema.

    It is not published and later stages never see it, but the leak gate still
    reads its raw files (:func:`foilog.gate.leakgate.scan_unloaded`), so a
    syntax error does not hide the personal data in the same file until it is fixed.
    """

    folder: Path
    rel_folder: str
    acknowledgements: tuple[tuple[str, str, str | None], ...] | None = None
    """``(text, reason, rule)`` of each valid acknowledgement; None when the file did not parse (none can be applied)."""
    body: str | None = None
    """``response.md`` as the loader decoded it; None when the loader did not read it (the gate reads the file)."""

    @property
    def yml_path(self) -> str:
        return f"{self.rel_folder}/response.yml"

    @property
    def md_path(self) -> str:
        return f"{self.rel_folder}/response.md"


@dataclass
class Log:
    """Everything the later stages need, gathered before any page is written."""

    project: Project
    responses: list[Response]
    topics: dict[str, Topic]
    findings: list[Finding]
    today: dt.date
    files_checked: int = 0
    unloaded: list[UnloadedResponse] = field(default_factory=list)
    """Response folders whose response.yml could not be loaded (reported as errors): scanned raw by the leak gate."""
    register: list[RequestRecord] = field(default_factory=list)
    """The valid rows of the register (requests closed without a published response): :mod:`foilog.log.register`."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    def release_line_maps(self) -> None:
        """Forget the line of every field (``Response.lines``) and the bytes of ``response.yml`` once the checks are done.

        Only findings need line numbers. A build that found no errors would
        otherwise keep a map per response (about 5 KB each: 250 MB for a
        50,000-response log) until it ends.
        """
        for r in self.responses:
            r.lines = {}
            r.source_yml = None  # scanned by now

    def pack_bodies(self) -> None:
        """Keep every letter compressed once the log is checked and scanned (:meth:`Response.pack_body`)."""
        for r in self.responses:
            r.pack_body()

    def published(self) -> list[Response]:
        """Responses that go public today (embargoed ones excluded), latest release first."""
        live = [r for r in self.responses if not r.embargoed(self.today)]
        return sorted(live, key=Response.sort_key, reverse=True)
