"""Corpora of files made the way real releases go wrong, and the way careful teams get them right.

Each format has a module (``pdf``, ``word``, ``spreadsheet``, ``image``) that
exposes two lists of :class:`Case`:

* ``BAD``: files that hide personal data or other hidden content the way FOI
  officers' do-it-yourself redactions really do (a black highlighter in Word,
  a box drawn over PDF text, a cell filled black with the font left
  automatic...). Each names the rule(s) the gate must report, as an error.
* ``GOOD``: correctly made look-alikes (a signed letter whose signature sits
  over its line, a redaction that wraps across two lines, a searchable scan,
  white headings on a dark fill...). The gate must report no error on them,
  and no hidden-content warning other than those listed in ``allowed``.

Files are built in code (no binary fixtures, no real personal data) by each
case's ``build(folder) -> Path``. ``tests/test_corpus.py`` runs the whole leak
gate (inspection, then the personal-data scan of the text and metadata) over
every case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Case:
    """One file of a corpus and what the gate must say about it."""

    #: Short unique id, used as the pytest id (``pdf-box-over-name``).
    name: str
    #: Writes the file into the given folder and returns its path.
    build: Callable[[Path], Path]
    #: BAD cases: at least one of these rules must be reported as an (unacknowledged) error.
    #: GOOD cases: leave empty.
    expect: frozenset[str] = frozenset()
    #: BAD cases: the finding must say where it is; each string must appear in the message of
    #: the finding that matched ``expect`` (e.g. ``"page 2"``, ``"cell B3"``, ``"paragraph"``).
    where: tuple[str, ...] = ()
    #: GOOD cases: warnings of these rules are acceptable (e.g. ``pdf-no-text-layer`` on a scan
    #: without OCR). Errors are never acceptable.
    allowed: frozenset[str] = frozenset()
    #: What real-world mistake (BAD) or practice (GOOD) this file stands for.
    story: str = ""
    tags: tuple[str, ...] = field(default=())


def bad(name: str, build: Callable[[Path], Path], expect: str | set[str], *, where: tuple[str, ...] = (), story: str = "") -> Case:
    """A file that hides something; ``expect``: the rule (or any of the rules) that must flag it."""
    rules = frozenset({expect} if isinstance(expect, str) else expect)
    return Case(name=name, build=build, expect=rules, where=where, story=story)


def good(name: str, build: Callable[[Path], Path], *, allowed: set[str] | None = None, story: str = "") -> Case:
    """A correctly made file that must pass."""
    return Case(name=name, build=build, allowed=frozenset(allowed or ()), story=story)
