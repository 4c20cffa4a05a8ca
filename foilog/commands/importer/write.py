"""Write a draft as ``responses/<year>/<slug>/``: YAML in schema order, Markdown body, atomically.

The YAML is written by hand (not ``yaml.dump``) so that fields come in the
schema's order, every string is single-quoted (no YAML surprises such as
``no`` or ``1:``), and inferred values carry a ``# guessed: ...`` comment
the reviewer can see and delete. The folder is built in a staging folder on
the same file system and renamed into place, so an interruption never leaves
half a response; a folder it replaces (``--update``) is kept as a backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

from foilog.commands.importer.markdown import Heading
from foilog.commands.importer.parse import Draft
from foilog.commands.importer.questions import is_caps_heading
from foilog.commands.scaffold import SCHEMA_FILE
from foilog.log.schema import ResponseData
from foilog.log.settings import Project
from foilog.log.urls import slugify
from foilog.site.render.line_breaks import keeps_break

BACKUP_DIR = ".foilog-backups"
#: Where folders are assembled before the rename; outside responses/ so that even a
#: killed import (which cannot clean up) leaves nothing that `foilog check` would trip over.
STAGING_DIR = ".foilog-import"
ORIGINAL_TITLE = "The original response letter"
FALLBACK_AUTHORITY = "the site's default authority (not found in the letter)"


class WriteRefused(Exception):
    """The response cannot be written (it exists, or the reference makes no folder name)."""


def quote(text: str) -> str:
    """A single-quoted YAML scalar on one line (newlines become spaces)."""
    return "'" + re.sub(r"\s*\n\s*", " ", text).replace("'", "''") + "'"


def block(text: str, indent: str) -> str:
    """A literal block scalar for multi-line answers (``|-``), each line indented."""
    lines = text.split("\n")
    return "|-\n" + "\n".join(f"{indent}{line}" if line.strip() else "" for line in lines)


def _comment(why: str) -> str:
    return f"  # guessed: {why}" if why else ""


def render_yaml(draft: Draft, schema_ref: str, attachments: list[tuple[str, str]]) -> str:
    """The response.yml text: schema order, quoted strings, ``# guessed`` comments."""
    order = list(ResponseData.model_fields)
    g = draft.guessed
    out = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# Imported from the response letter: check every '# guessed' value, then run `foilog check`.",
    ]
    fields: dict[str, list[str]] = {
        "reference": [f"reference: {quote(draft.reference)}"],
        "title": [
            f"title: {quote(draft.title)}{_comment(g.get('title', ''))}"
            if draft.title
            else "title:            # TODO: what was asked, in plain language"
        ],
        "summary": [f"summary: {quote(draft.summary)}{_comment(g.get('summary', ''))}"],
        "authority": _authority(draft),
        "regime": [f"regime: {draft.regime}{_comment(g.get('regime', ''))}"],
        "received": [
            f"received: {draft.received.isoformat()}{_comment(g.get('received', ''))}"
            if draft.received
            else "received:         # TODO: date the request arrived, YYYY-MM-DD (not found in the letter)"
        ],
        "responded": [f"responded: {draft.responded.isoformat()}{_comment(g.get('responded', ''))}"],
        "outcome": [f"outcome: {draft.outcome}{_comment(g.get('outcome', ''))}"],
        "topics": _topics(draft),
        "exemptions": _exemptions(draft),
        "questions": _questions(draft),
        "attachments": _attachments(attachments),
    }
    for name in order:
        out += fields.get(name, [])
    return "\n".join(out) + "\n"


def _authority(draft: Draft) -> list[str]:
    """``authority:`` with why it was chosen; a fallback to the site's default says so above the line, for the reviewer."""
    guess = draft.authority
    if guess is None:
        return []
    if guess.detected:
        return [f"authority: {guess.id}{_comment(guess.why)}"]
    return [
        "# The authority was not recognised in the letter: this is the site's default. Check who answered.",
        f"authority: {guess.id}{_comment(FALLBACK_AUTHORITY)}",
    ]


def _topics(draft: Draft) -> list[str]:
    if not draft.topics:
        return ["topics: []        # TODO: ids of pages in content/topics/ (none matched the letter)"]
    return [f"topics:{_comment(draft.guessed.get('topics', ''))}", *(f"  - {t}" for t in draft.topics)]


def _exemptions(draft: Draft) -> list[str]:
    if not draft.exemptions:
        return ["exemptions: []"]
    out = ["exemptions:"]
    for e in draft.exemptions:
        out.append(f"  - section: {quote(e.section)}")
        if e.ncnd:
            out.append(f"    ncnd: true{_comment(e.why)}")
        if e.public_interest:
            why = f"the letter's public interest test for {e.section}"
            out.append(f"    public_interest: {block(e.public_interest, '      ')}".replace("|-", f"|-{_comment(why)}", 1))
    return out


def _questions(draft: Draft) -> list[str]:
    if not draft.questions:
        return [
            "questions:",
            "  - number: '1'",
            "    question:     # TODO: the question as asked, without the requester's details",
            "    answer:       # TODO: the answer (Markdown)",
            "    outcome:      # outcome of this question",
        ]
    out = ["questions:"]
    for q in draft.questions:
        out.append(f"  - number: {quote(q.number)}")
        out.append(f"    question: {quote(q.question)}" if q.question else "    question:     # TODO: the question as asked")
        if not q.answer:
            out.append("    answer: ''  # no answer found in the letter: write it")
        elif "\n" in q.answer:
            if q.answer_guessed:
                out.append(f"    # guessed answer: {q.answer_guessed}")
            out.append(f"    answer: {block(q.answer, '      ')}")
        else:
            out.append(f"    answer: {quote(q.answer)}{_comment(q.answer_guessed)}")
        out.append(f"    outcome: {q.outcome}{_comment('from the wording of the answer')}")
        if q.exemptions:
            out.append("    exemptions:")
            out += [f"      - {quote(s)}" for s in q.exemptions]
    return out


def _attachments(attachments: list[tuple[str, str]]) -> list[str]:
    if not attachments:
        return []
    out = ["attachments:"]
    for path, title in attachments:
        out += [f"  - path: {quote(path)}", f"    title: {quote(title)}"]
    return out


def render_markdown(lines: list[str]) -> str:
    """The rest of the letter as Markdown: ALL-CAPS lines and a Markdown letter's headings become headings, line breaks kept."""
    acronyms = {w for line in lines if not is_caps_heading(line) for w in re.findall(r"\b[A-Z]{2,6}\b", line)}
    out: list[str] = []
    headings: set[int] = set()
    top = min((line.level for line in lines if isinstance(line, Heading)), default=2)  # the letter's top level is written as ##

    def heading(text: str, level: int) -> None:
        if out and out[-1] != "":
            out.append("")
        headings.add(len(out))
        out.extend([f"{'#' * level} {text}", ""])

    for line in lines:
        text = line.strip()
        if not text:
            if out and out[-1] != "":
                out.append("")
            continue
        if isinstance(line, Heading):
            heading(text, min(6, line.level - top + 2))
            continue
        text = re.sub(r"\*\*+$", "", text).rstrip()
        if is_caps_heading(text) and len(text.split()) <= 12:
            words = [w if w in acronyms else w.lower() for w in text.split()]
            title = " ".join(words)
            heading(f"{title[:1].upper()}{title[1:]}", 2)
            continue
        if text.startswith(("#", ">", "<", "|", "=")):
            text = "\\" + text
        if out and out[-1] and len(out) - 1 not in headings and not keeps_break(out[-1], text):
            out[-1] += "\\"  # a long line keeps its break only with the visible marker; short ones (an address) keep it anyway
        out.append(text)
    return "\n".join(out).strip() + "\n"


def target_folder(project: Project, draft: Draft, into: Path | None = None) -> Path:
    slug = slugify(draft.reference)
    if not slug:
        raise WriteRefused(f"the reference '{draft.reference}' has no letters or digits, so it cannot name a folder")
    return (into or project.responses_dir) / str(draft.year) / slug


def _same_device(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


def _work_dir(project: Project, folder: Path, name: str) -> Path:
    """``name`` (staging or backups) under the project root, or, when the responses folder is on
    another file system (``--into`` another disk), under that folder: renames then stay atomic.

    Either way it is a dot-folder the log loader skips, so even a killed import
    leaves nothing that ``foilog check`` would read as a response.
    """
    preferred = project.root / name
    probe = preferred if preferred.exists() else project.root
    if _same_device(probe, folder.parent):
        return preferred
    return folder.parent.parent / name


def _move_aside(folder: Path, backup: Path, staging_root: Path) -> Path | None:
    """Move the old folder to ``backup``; return where the old folder now is if it still has to be deleted.

    A rename when both are on one file system. Across file systems (EXDEV:
    another disk, or another mount of the same one) the folder is copied to
    ``backup`` first, in full, and only then renamed into the staging folder
    (same file system as the response); the caller deletes it from there once
    the new folder is in place.
    """
    backup.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(folder, backup)
        return None
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    aside = staging_root / f"{backup.name}.replaced"
    try:
        shutil.copytree(folder, backup, symlinks=True)
        os.replace(folder, aside)
    except BaseException:
        shutil.rmtree(backup, ignore_errors=True)  # the old folder has not moved: no copy needed
        raise
    return aside


def write_response(
    project: Project,
    draft: Draft,
    *,
    into: Path | None = None,
    update: bool = False,
    original: Path | None = None,
    now: dt.datetime | None = None,
) -> tuple[Path, Path | None]:
    """Write the folder atomically; return it and the backup of the folder it replaced (if any)."""
    folder = target_folder(project, draft, into)
    rel = os.path.relpath(folder, project.root)
    if folder.exists() and not update:
        raise WriteRefused(f"{rel} already exists; nothing was changed (use --update to replace it, keeping a backup)")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging_root = _work_dir(project, folder, STAGING_DIR)
    staging_root.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=staging_root))
    staging.chmod(0o755)  # mkdtemp makes it private; a response folder is shared like any other
    backup: Path | None = None
    aside: Path | None = None  # the old folder, when it was copied to the backup rather than moved

    def restore() -> None:
        nonlocal backup
        old = aside or backup
        if old is not None and old.exists() and not folder.exists():
            os.replace(old, folder)  # put the old response back
            if aside is not None and backup is not None:
                shutil.rmtree(backup, ignore_errors=True)  # the copy is not needed: nothing was changed
            backup = None

    try:
        attachments: list[tuple[str, str]] = []
        if original is not None:
            name = re.sub(r"[^A-Za-z0-9._-]+", "-", original.name).strip("-.") or f"letter{original.suffix.lower()}"
            (staging / "attachments").mkdir()
            shutil.copyfile(original, staging / "attachments" / name)
            attachments.append((f"attachments/{name}", ORIGINAL_TITLE))
        schema_ref = os.path.relpath(project.root / SCHEMA_FILE, folder).replace(os.sep, "/")
        (staging / "response.yml").write_text(render_yaml(draft, schema_ref, attachments), encoding="utf-8")
        (staging / "response.md").write_text(render_markdown(draft.body), encoding="utf-8")
        if folder.exists():
            stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
            backup = _work_dir(project, folder, BACKUP_DIR) / f"{draft.year}-{folder.name}-{stamp}"
            aside = _move_aside(folder, backup, staging_root)
        os.replace(staging, folder)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)  # its copy is the backup
    except OSError as exc:
        restore()
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteRefused(f"could not write {rel}: {exc.strerror or exc}; nothing was changed") from None
    except BaseException:
        restore()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        with contextlib.suppress(OSError):
            staging_root.rmdir()  # only when empty: another import may be using it
    return folder, backup
