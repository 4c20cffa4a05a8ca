"""``foilog import``: turn response letters (PDF, DOCX, TXT, Markdown) into response folders.

Public API::

    import_letters(paths, project, *, into=None, update=False, attach_original=False,
                   today=None, limits=ReadLimits(), on_file=None) -> ImportRun
    read_letter(path, limits, sandbox=None) -> LetterText      # any format -> logical lines
    draft_from_lines(lines, *, gate, wording, topics) -> Draft  # the pure core: no files
    write_response(project, draft, *, into=None, update=False, original=None) -> (folder, backup)
    import_command                                              # the click command (``foilog import``)

Every bad file becomes a :class:`LetterUnreadable` message (per file), never a traceback.
"""

from __future__ import annotations

from foilog.commands.importer.formats import LetterUnreadable, ReadLimits
from foilog.commands.importer.parse import Draft, DraftQuestion, draft_from_lines
from foilog.commands.importer.read import LetterText, read_letter
from foilog.commands.importer.run import FAILED, IMPORTED, SKIPPED, FileResult, ImportRun, import_letters
from foilog.commands.importer.write import BACKUP_DIR, WriteRefused, render_markdown, render_yaml, write_response

__all__ = [
    "BACKUP_DIR",
    "FAILED",
    "IMPORTED",
    "SKIPPED",
    "Draft",
    "DraftQuestion",
    "FileResult",
    "ImportRun",
    "LetterText",
    "LetterUnreadable",
    "ReadLimits",
    "WriteRefused",
    "draft_from_lines",
    "import_letters",
    "read_letter",
    "render_markdown",
    "render_yaml",
    "write_response",
]
