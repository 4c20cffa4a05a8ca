"""``foilog new``: an empty response folder that explains itself.

The scaffold is deliberately incomplete (empty title, TODO answers) so that
``foilog check`` lists exactly what is left to fill in. It never overwrites.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from foilog.log.lookalikes import identifier_problem
from foilog.log.settings import Project
from foilog.log.urls import slugify

SCHEMA_FILE = "schema/response.schema.json"

#: What a log's ``.gitignore`` must list: the built site, the caches, and what a build leaves beside
#: the site (its lock file; staging and replaced-site folders of a build that was killed, removed by the next).
GITIGNORE_LINES = ("/site/", ".foilog-cache/", ".site.lock", ".site-building-*/", ".site-old-*/")


class ScaffoldError(Exception):
    """The response cannot be created (bad reference, folder exists)."""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scaffold_text(project: Project, reference: str, *, responded: dt.date, received: dt.date | None, regime: str, folder: Path) -> str:
    schema = os.path.relpath(project.root / SCHEMA_FILE, folder).replace(os.sep, "/")
    received_line = f"received: {received.isoformat()}" if received else "received:        # TODO: date the request arrived, YYYY-MM-DD"
    return f"""# yaml-language-server: $schema={schema}
# Fill in every field, then run `foilog check`. Field help: {SCHEMA_FILE}
reference: {_quote(reference)}
title:            # TODO: what was asked, in plain language
summary:          # TODO: one or two sentences: what was asked and what was released
regime: {regime}
{received_line}
responded: {responded.isoformat()}
outcome:          # granted-in-full, granted-in-part, refused, not-held, neither-confirm-nor-deny, cost-limit, vexatious
topics: []        # ids of pages in content/topics/
exemptions: []    # e.g. - section: s40(2)
questions:
  - number: '1'
    question:     # TODO: the question as asked, without the requester's details
    answer:       # TODO: the answer (Markdown)
    outcome:      # outcome of this question
"""


def scaffold_response(project: Project, reference: str, *, responded: dt.date, received: dt.date | None, regime: str) -> Path:
    """Create ``responses/<year>/<slug>/`` atomically; refuse if it exists."""
    problem = identifier_problem(reference)
    if problem:
        raise ScaffoldError(f"the reference {problem}")
    slug = slugify(reference)
    if not slug:
        raise ScaffoldError(f"the reference '{reference}' has no letters or digits; use the reference printed on the letter")
    folder = project.responses_dir / str(responded.year) / slug
    if folder.exists():
        raise ScaffoldError(f"{folder.relative_to(project.root).as_posix()} already exists; edit it, or choose another reference")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=folder.parent))
    try:
        (staging / "response.yml").write_text(
            scaffold_text(project, reference, responded=responded, received=received, regime=regime, folder=folder),
            encoding="utf-8",
        )
        (staging / "response.md").write_text(
            "<!-- The rest of the letter: decision, reasons, public interest test, annex. -->\n", encoding="utf-8"
        )
        staging.rename(folder)
    except BaseException:
        for child in staging.iterdir():
            child.unlink()
        staging.rmdir()
        raise
    return folder
