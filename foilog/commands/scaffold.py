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
from foilog.log.schema_errors import suggest
from foilog.log.settings import Project
from foilog.log.topics import load_topics
from foilog.log.urls import slugify

SCHEMA_FILE = "schema/response.schema.json"

#: What a log's ``.gitignore`` must list: the built site, the caches, and what a build leaves beside
#: the site (its lock file; staging and replaced-site folders of a build that was killed, removed by the next).
GITIGNORE_LINES = ("/site/", ".foilog-cache/", ".site.lock", ".site-building-*/", ".site-old-*/")


class ScaffoldError(Exception):
    """The response cannot be created (bad reference, folder exists)."""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def topic_ids(project: Project) -> list[str]:
    """The ids of the topics of the log (the pages of ``content/topics/``), sorted; a page that does not load is left out."""
    topics, _problems = load_topics(project.topics_dir, project.root)
    return sorted(topics)


def check_topics(given: tuple[str, ...], available: list[str]) -> None:
    """Refuse a topic id that has no page, listing the ids there are (and the likely one)."""
    for topic in given:
        if topic not in available:
            listed = ", ".join(available) if available else "none yet: add a page to content/topics/"
            raise ScaffoldError(f"there is no topic '{topic}'{suggest(topic, available)} (topics of this log: {listed})")


def _topics_line(topics: tuple[str, ...]) -> str:
    if topics:
        return f"topics: [{', '.join(topics)}]"
    return "topics: []        # ids of pages in content/topics/ (`foilog new --help` and its output list them)"


def _folder_mode(project: Project) -> int:
    """The permissions of a new folder: those of ``responses/`` (so a shared log stays shared), else what the umask allows.

    Why: the staging folder comes from :func:`tempfile.mkdtemp`, which makes it private
    (0700); renamed into place, a new response was the one folder colleagues could not open.
    """
    try:
        return project.responses_dir.stat().st_mode & 0o2777  # rwx for all, and setgid (a group's shared folder)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def scaffold_text(
    project: Project,
    reference: str,
    *,
    responded: dt.date,
    received: dt.date | None,
    regime: str,
    folder: Path,
    topics: tuple[str, ...] = (),
) -> str:
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
{_topics_line(topics)}
exemptions: []    # e.g. - section: s40(2)
questions:
  - number: '1'
    question:     # TODO: the question as asked, without the requester's details
    answer:       # TODO: the answer (Markdown)
    outcome:      # outcome of this question
"""


def scaffold_response(
    project: Project, reference: str, *, responded: dt.date, received: dt.date | None, regime: str, topics: tuple[str, ...] = ()
) -> Path:
    """Create ``responses/<year>/<slug>/`` atomically, with the permissions of ``responses/``; refuse if it exists."""
    if topics:
        check_topics(topics, topic_ids(project))
    problem = identifier_problem(reference)
    if problem:
        raise ScaffoldError(f"the reference {problem}")
    slug = slugify(reference)
    if not slug:
        raise ScaffoldError(f"the reference '{reference}' has no letters or digits; use the reference printed on the letter")
    folder = project.responses_dir / str(responded.year) / slug
    if folder.exists():
        raise ScaffoldError(f"{folder.relative_to(project.root).as_posix()} already exists; edit it, or choose another reference")
    mode = _folder_mode(project)
    if not folder.parent.exists():
        folder.parent.mkdir(parents=True)
        folder.parent.chmod(mode)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=folder.parent))
    try:
        staging.chmod(mode)
        (staging / "response.yml").write_text(
            scaffold_text(project, reference, responded=responded, received=received, regime=regime, folder=folder, topics=topics),
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
