"""The one place foilog relies on pypdf beyond its documented, stable API.

The leak gate parses PDFs the way no ordinary pypdf user does: it tightens
every resource limit pypdf has, and it reads objects straight from the bytes
(objects of earlier revisions, objects nothing references, objects appended
after ``%%EOF``), which pypdf's documented API never shows. What that takes:

* **The names of ``pypdf.Configuration``'s limits** (:data:`LIMIT_FIELDS`).
  ``apply_configuration`` is documented, but the set of limits grows with each
  minor release (``stream_decoding_work_maximum_length`` and
  ``xmp_maximum_input_length`` are recent) and the class's docstring warns not
  to rely on its details. A renamed field makes ``apply_configuration`` raise
  ``TypeError``, so every PDF would be refused: safe, but useless.
* **``PdfReader.read_object_header``**: an undocumented parser method (no
  docstring; listed in the API reference only by its signature), used to step
  over ``N G obj`` at an offset foilog found itself.
* **``pypdf.generic.read_object``**: the undocumented low-level parser that
  reads one object from a stream at its current position.
* **``pypdf._codecs.core_font_metrics.CORE_FONT_METRICS``**: the advance
  widths of the standard 14 fonts (from Adobe's Core 14 AFM files), by
  character. ``foilog redact`` needs them to move glyphs of a Helvetica, Times
  or Courier font shown without a ``/Widths`` array, as every reader does.

Every use goes through this module, pypdf's version is pinned to the minor
release this was checked against (``pyproject.toml``), and
``tests/test_private_apis.py`` asserts that the installed version is one of
:data:`SUPPORTED_SERIES` and that each name used here exists with the
expected parameters, so an upgrade fails in the tests, not in a build.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PdfReader, apply_configuration
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS
from pypdf.generic import PdfObject, read_object

#: ``major.minor`` releases of pypdf this module was checked against (keep in step with the pin).
SUPPORTED_SERIES = ("7.1",)

#: The ``pypdf.Configuration`` fields foilog caps at its stream limit; a rename must fail the tests.
LIMIT_FIELDS = (
    "maximum_declared_stream_length",
    "array_based_stream_maximum_output_length",
    "jbig2_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "zlib_maximum_output_length",
    "brotli_maximum_output_length",
    "image_maximum_buffer_size",
)
#: Fields set to something other than the stream limit (see :func:`configuration_overrides`).
OTHER_FIELDS = ("stream_decoding_work_maximum_length", "xmp_maximum_input_length", "jbig2dec_binary")


def configuration_overrides(max_stream_bytes: int) -> dict[str, int | None]:
    """pypdf ``Configuration`` overrides that cap decompression at ``max_stream_bytes``.

    Decoding work may be twice the stream limit (a stream passes through more
    than one filter); XMP is capped lower still, at 5 MB, because pypdf parses
    it as XML. ``jbig2dec_binary`` is ``None`` so pypdf never starts an
    external program on a hostile image.
    """
    overrides: dict[str, int | None] = dict.fromkeys(LIMIT_FIELDS, max_stream_bytes)
    overrides["stream_decoding_work_maximum_length"] = max_stream_bytes * 2
    overrides["xmp_maximum_input_length"] = min(max_stream_bytes, 5_000_000)
    overrides["jbig2dec_binary"] = None  # never start external programs
    return overrides


@contextmanager
def decompression_capped(max_stream_bytes: int) -> Iterator[None]:
    """Within the block, pypdf decompresses no stream beyond ``max_stream_bytes`` (``LimitReachedError``)."""
    with apply_configuration(None, **configuration_overrides(max_stream_bytes)):
        yield


def parse_object_at(stream: io.BytesIO, reader: PdfReader, offset: int) -> tuple[PdfObject, int]:
    """The object defined at ``offset`` (``N G obj ...``) and where its definition ends."""
    stream.seek(offset)
    reader.read_object_header(stream)
    obj = read_object(stream, reader)
    return obj, stream.tell()


def parse_object(stream: io.BytesIO, reader: PdfReader) -> PdfObject:
    """The object that starts at ``stream``'s current position (a trailer dictionary, a member of an object stream)."""
    return read_object(stream, reader)


def core_font_widths(name: str) -> dict[str, float] | None:
    """Advance widths (thousandths of an em) of a standard 14 font by character, or None for another font.

    Keys are single characters (``"A"``, ``" "``, ``"€"``); glyphs the font
    lacks are absent. The aliases Acrobat accepts (``Arial,Bold``,
    ``TimesNewRoman``, ``CourierNew``) are included, as pypdf lists them.
    """
    metrics = CORE_FONT_METRICS.get(name)
    return None if metrics is None else {k: v for k, v in metrics.character_widths.items() if len(k) == 1}
