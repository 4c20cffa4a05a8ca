"""The PDF annotation subtypes that are comments, named once for every module that reads annotations.

:mod:`.pdf_document` reads these on pages as comments (their text and author go to
the detectors), and :mod:`.pdf_objects` reads the same subtypes, plus a few that may
carry text too, in objects nothing uses. The set lives in its own module so both can
import it at load time: :mod:`.pdf_document` imports :mod:`.pdf_stores` only inside
``inspect_pdf``, and this module imports nothing.
"""

from __future__ import annotations

#: Annotation subtypes that are comments: notes, text markup, drawings and stamps, and their pop-ups.
COMMENT_TYPES = frozenset(
    {
        "/Text",
        "/FreeText",
        "/Highlight",
        "/Underline",
        "/StrikeOut",
        "/Squiggly",
        "/Caret",
        "/Ink",
        "/Stamp",
        "/Square",
        "/Circle",
        "/Line",
        "/Polygon",
        "/PolyLine",
        "/Popup",
    }
)
