"""Which cleaner handles a file, decided from its bytes, never from its name.

A file named ``.pdf`` that holds a workbook is cleaned as a workbook (and its
copy gets the extension of what it really is): the name is what an officer
typed, the bytes are what a reader's software will open. Cleaners are imported
only when a file of their kind turns up, so a kind whose module is missing (or
broken) is one clear per-file error, never a traceback for the whole run.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from foilog.gate.attachments.sniff import OLE_MAGIC, sniff
from foilog.gate.redact.model import CannotClean, Cleaned, RedactOptions

Cleaner = Callable[[bytes, RedactOptions], Cleaned]

#: kind → the module whose ``clean`` makes the copy, or a cleaner itself (tests register fakes here).
CLEANERS: dict[str, str | Cleaner] = {
    "pdf": "foilog.gate.redact.pdf",
    "spreadsheet": "foilog.gate.redact.spreadsheet",
    "word": "foilog.gate.redact.word",
    "image": "foilog.gate.redact.image",
}

#: The extension a copy gets for each sniffed signature (images keep their own format).
_EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "gif": ".gif", "tiff": ".tif", "webp": ".webp"}
_OOXML = {"xl/workbook.xml": ("spreadsheet", ".xlsx"), "word/document.xml": ("word", ".docx")}
_KIND_NAMES = {
    "csv": "CSV",
    "text": "plain-text",
    "other": "unrecognised",
    "ole": "legacy Office (.doc/.xls) or password-protected",
    "zip": "zip",
}
_CLEANER_NAMES = {"pdf": "PDF", "spreadsheet": "spreadsheet (.xlsx)", "word": "Word (.docx)", "image": "image"}
_FIXES = {
    "csv": "a CSV file has no hidden layer to remove: edit the text itself, then run `foilog scan` on it",
    "text": "a text file has no hidden layer to remove: edit the text itself, then run `foilog scan` on it",
    "other": "publish it as PDF, .xlsx, .docx, CSV or an image (JPEG, PNG, WebP)",
    "ole": "remove any password and save it again as .xlsx or .docx (or PDF), then rerun",
    "zip": "only .xlsx and .docx packages can be cleaned; save it again from its application",
}


@dataclass(frozen=True)
class Sniffed:
    """What a file's bytes say it is: the cleaner kind and the extension its copy gets."""

    kind: str
    extension: str


def _ooxml_kind(data: bytes) -> Sniffed:
    """A zip's kind from its member names (only the central directory is read: no member is inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CannotClean(
            f"the file looks like a zip package but cannot be read ({type(exc).__name__}); save it again from its application"
        ) from None
    for member, (kind, extension) in _OOXML.items():
        if member in names:
            return Sniffed(kind, extension)
    return Sniffed("zip", ".zip")


def kind_of(data: bytes, name: str = "") -> Sniffed:
    """The cleaner kind of ``data`` from its signature (:func:`foilog.gate.attachments.sniff.sniff`)."""
    magic = sniff(data[:8192])
    if magic == "pdf":
        return Sniffed("pdf", ".pdf")
    if magic == "zip":
        return _ooxml_kind(data)
    if magic in ("jpeg", "png", "gif", "tiff", "webp"):
        return Sniffed("image", _EXTENSIONS[magic])
    if data.startswith(OLE_MAGIC):
        return Sniffed("ole", ".ole")
    if magic == "text":  # the name only chooses the words of the message: text is text
        return Sniffed("csv" if name.lower().endswith((".csv", ".tsv")) else "text", "")
    return Sniffed("other", "")


def cleaner_for(kind: str, display: str) -> Cleaner:
    """The ``clean`` function for ``kind``; :class:`CannotClean` (naming ``display``) when foilog has none."""
    entry = CLEANERS.get(kind)
    if entry is None:
        name = _KIND_NAMES.get(kind, kind)
        raise CannotClean(f"foilog cannot clean {name} files; {_FIXES.get(kind, _FIXES['other'])} ({display})")
    if not isinstance(entry, str):
        return entry
    words = _CLEANER_NAMES.get(kind, kind)
    try:
        module = importlib.import_module(entry)
    except ModuleNotFoundError as exc:
        if exc.name is not None and entry.startswith(exc.name):  # the cleaner itself is not there
            raise CannotClean(
                f"foilog cannot clean {words} files yet (this version has no {words} cleaner); fix {display} in its application, "
                "then run `foilog scan` on it"
            ) from None
        raise CannotClean(f"foilog's {words} cleaner could not be loaded (it needs {exc.name}); reinstall foilog and rerun") from None
    except ImportError as exc:
        raise CannotClean(f"foilog's {words} cleaner could not be loaded ({exc}); reinstall foilog and rerun") from None
    clean = getattr(module, "clean", None)
    if not callable(clean):
        raise CannotClean(f"foilog cannot clean {words} files yet (its cleaner is incomplete); fix {display} in its application")
    return clean


def clean_bytes(data: bytes, options: RedactOptions, display: str) -> tuple[Sniffed, Cleaned]:
    """Sniff ``data``, run its cleaner, and return both; raises only :class:`CannotClean`.

    A cleaner that breaks its contract (raises anything else, or returns something that is
    not a :class:`Cleaned`) is reported as a file foilog could not clean, not as a crash:
    the officer still gets the other files' copies and a report.
    """
    sniffed = kind_of(data, display)
    clean = cleaner_for(sniffed.kind, display)
    try:
        cleaned = clean(data, options)
    except CannotClean:
        raise
    except MemoryError:
        raise CannotClean(f"cleaning {display} needed more memory than this computer has; split the file and rerun") from None
    except Exception as exc:  # a cleaner's bug on a hostile file must not end the run
        raise CannotClean(
            f"foilog's {sniffed.kind} cleaner stopped on {display} ({type(exc).__name__}); this is a bug in foilog: "
            "please report it (FOILOG_DEBUG=1 shows the details)"
        ) from exc
    if not isinstance(cleaned, Cleaned) or not isinstance(cleaned.data, bytes):
        raise CannotClean(f"foilog's {sniffed.kind} cleaner returned no copy for {display}; this is a bug in foilog: please report it")
    return sniffed, cleaned
