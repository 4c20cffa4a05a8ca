"""What every cleaner returns: the clean bytes and an account of what was removed.

Kept apart from the cleaners so the PDF, spreadsheet, Word and image cleaners
(written independently) and the command that reports on them share one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class CannotClean(Exception):
    """The file cannot be cleaned safely (unreadable, encrypted, not the kind it claims to be).

    The message is for an FOI officer: what is wrong and what to do instead
    (for example "save it again from Excel as .xlsx and rerun").
    """


@dataclass(frozen=True)
class Box:
    """An area to redact on a PDF page, as given with ``--boxes`` or found by the gate.

    ``page`` counts from 1. The rectangle is in points (1/72 inch) measured
    from the **top-left** corner of the page as displayed (after rotation and
    crop box), the way a reader and :class:`~foilog.gate.attachments.pdf_render.HiddenRun`
    measure it: ``x0 < x1`` left to right, ``y0 < y1`` top to bottom.
    """

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    #: Drawn on the box, such as ``s40(2)``; ``None`` for a plain box.
    label: str | None = None


@dataclass(frozen=True)
class Removal:
    """One thing taken out of the copy, for the report.

    ``where`` names the place a reviewer can find in the original ("page 3",
    "sheet 'Staff'", "document properties"); ``what`` says what kind of
    thing went ("2 characters under a box", "hidden sheet", "tracked
    insertion", "EXIF GPS position"); ``text`` is the removed text when there
    is some (shown to the officer, never published), else ``""``.
    """

    where: str
    what: str
    text: str = ""


@dataclass(frozen=True)
class Cleaned:
    """A cleaner's result: the copy's bytes, what was removed, and notes for the officer."""

    data: bytes
    removals: tuple[Removal, ...] = ()
    #: Things the officer must know that are not removals, such as
    #: "page 4 could not be edited safely and was turned into an image at 200 dpi:
    #: it now needs OCR or an HTML alternative to be accessible".
    notes: tuple[str, ...] = ()
    #: Extra files to write beside the copy (file name → bytes), such as one CSV per
    #: visible sheet with ``--to-csv``; empty for most cleaners.
    extra: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class RedactOptions:
    """What the officer asked for; every cleaner takes the same options and uses what concerns it.

    Every cleaner is ``clean(data: bytes, options: RedactOptions) -> Cleaned``
    and raises :class:`CannotClean` (never anything else) for a file it cannot
    clean safely.
    """

    #: PDF areas to cover, on top of those the gate finds itself (``--boxes FILE``).
    boxes: tuple[Box, ...] = ()
    #: Spreadsheets: unhide hidden sheets, rows and columns instead of deleting them
    #: (``--keep-hidden``, when their content is meant to be public).
    keep_hidden: bool = False
    #: Spreadsheets: also write one CSV per visible sheet (``--to-csv``), as the ICO recommends.
    to_csv: bool = False
