"""The import report (``foilog import --report FILE``): Markdown, one section per letter, for the reviewer.

The console shows progress; the report is what a reviewer works through
before merging: what the importer **found** in each letter, what it
**guessed** (each value marked ``# guessed`` in ``response.yml``, with the
value, so it can be checked against the letter), what it **removed** (as
kinds and counts: the removed name, address or e-mail never appear here, or
the report would itself be a leak), and what **needs a human** (no answer
matched, the authority fell back to the site's default, leak-gate findings,
a failed or skipped letter).

The file is written whole or not at all (a temporary file renamed into
place), so an interrupted import never leaves half a report that looks
complete.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from foilog.commands.importer.parse import Draft
from foilog.commands.importer.run import IMPORTED, FileResult, ImportRun
from foilog.log.findings import one_line
from foilog.log.settings import SiteSettings

#: Longest value shown in full; longer ones (answers) are cut with an ellipsis: the file has them whole.
SHOWN = 160


def code(text: str) -> str:
    """``text`` as a Markdown code span on one line, whatever backticks it holds (so nothing in it is Markdown)."""
    text = one_line(re.sub(r"\s*\n\s*", " ", text))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _value(text: str) -> str:
    return code(text if len(text) <= SHOWN else text[: SHOWN - 1].rstrip() + "…")


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def found(draft: Draft, settings: SiteSettings | None) -> list[str]:
    """What was read from the letter (not guessed)."""
    layout = dict(item.split(": ", 1) for item in draft.found if ": " in item)
    exemptions = ", ".join(e.section + (" (neither confirm nor deny)" if e.ncnd else "") for e in draft.exemptions)
    out = [
        f"Reference: {code(draft.reference)}",
        f"Responded: {draft.responded.isoformat()}",
        f"Received: {draft.received.isoformat() if draft.received else 'not found'}",
        f"Regime: {draft.regime}",
    ]
    guess = draft.authority
    if guess is not None:
        name = settings.authority_name(guess.id) if settings is not None else guess.id
        how = "recognised in the letter" if guess.detected else "not recognised: the site's default"
        out.append(f"Authority: {code(name)} ({code(guess.id)}), {how}")
    numbers = [q.number for q in draft.questions]
    out.append(
        f"Questions: {', '.join(numbers) if numbers else 'none'}" + (f" ({layout['answers']})" if numbers and "answers" in layout else "")
    )
    out.append(f"Exemptions: {exemptions or 'none'}")
    return out


def guessed(draft: Draft) -> list[str]:
    """Each value the import inferred, with the value and why: the lines marked ``# guessed``."""
    values: dict[str, str] = {
        "title": draft.title,
        "summary": draft.summary,
        "regime": draft.regime,
        "received": draft.received.isoformat() if draft.received else "",
        "responded": draft.responded.isoformat(),
        "outcome": draft.outcome,
        "topics": ", ".join(draft.topics),
    }
    out = [f"{field}: {_value(values.get(field, ''))} ({why})" for field, why in draft.guessed.items()]
    if draft.authority is not None:
        out.append(f"authority: {code(draft.authority.id)} ({draft.authority.why})")
    out += [f"exemption {e.section}: neither confirm nor deny ({e.why})" for e in draft.exemptions if e.ncnd]
    for q in draft.questions:
        if q.answer_guessed:
            out.append(f"answer {q.number}: {_value(q.answer)} ({q.answer_guessed})")
    if draft.questions:
        outcomes = ", ".join(f"{q.number} {q.outcome}" for q in draft.questions)
        out.append(f"question outcomes (from the wording of each answer): {outcomes}")
    return out


def removed(draft: Draft) -> list[str]:
    """What the redaction took out, as kinds and counts: never the removed text itself."""
    r = draft.redaction
    out = []
    if r.name_found:
        where = "in the salutation and " if r.in_salutation else ""
        out.append(f"the requester's name: {where}{_plural(r.name_occurrences, 'other mention')}")
    if r.address_lines:
        out.append(f"the requester's postal address: {_plural(r.address_lines, 'line')}")
    if r.emails:
        out.append(f"personal e-mail addresses: {r.emails}")
    if r.signature_lines:
        out.append(f"staff names in the signature: {r.signature_lines}")
    return out


def needs_human(result: FileResult, rel: Callable[[Path], str]) -> list[str]:
    """Everything a reviewer must do or decide before the draft can be merged."""
    d = result.draft
    if result.status != IMPORTED or d is None:
        return [one_line(result.message)]
    out = [one_line(need) for need in d.needs_human]
    empty = [q.number for q in d.questions if not q.answer.strip()]
    if empty:
        out.append(f"empty answers (marked `# TODO` in the file): {_plural(len(empty), 'question')} {', '.join(empty)}")
    out += [f"check: {one_line(note)}" for note in d.notes]
    if result.attached:
        out.append("the original letter is attached: it usually carries the requester's name and address; redact it, or remove it")
    if result.backup is not None:
        out.append(f"an existing response was replaced; the old folder is kept in {code(rel(result.backup) + '/')}")
    for f in result.findings:
        excerpt = f" {code(f.excerpt)}" if f.excerpt else ""
        out.append(f"leak gate: {code(f.location())} {f.rule} ({f.severity.value}){excerpt}")
    return out


def _section(title: str, items: list[str], empty: str) -> list[str]:
    return [f"### {title}", "", *([f"- {item}" for item in items] or [empty]), ""]


def letter_section(result: FileResult, rel: Callable[[Path], str], settings: SiteSettings | None = None) -> list[str]:
    """One letter's section: heading, where it went, then found / guessed / removed / needs a human."""
    out = [f"## {code(rel(result.path))}", ""]
    d = result.draft
    if result.status == IMPORTED and result.folder is not None:
        out += [f"Imported into {code(rel(result.folder) + '/')}.", ""]
    else:
        out += [f"Not imported ({result.status}).", ""]
    if d is not None and result.status == IMPORTED:
        out += _section("Found", found(d, settings), "Nothing.")
        out += _section(
            "Guessed: confirm each value, then delete its `# guessed` marker in response.yml",
            guessed(d),
            "Nothing was guessed.",
        )
        out += _section("Removed", removed(d), "Nothing was removed.")
    out += _section("Needs a human", needs_human(result, rel), "Nothing.")
    return out


def markdown_report(run: ImportRun, summary: str, rel: Callable[[Path], str], settings: SiteSettings | None = None) -> str:
    """The whole report: a title, the summary line, and a section per letter in the order imported."""
    out = [
        "# Import report",
        "",
        summary,
        "",
        "Removed personal data is listed by kind only. Check every guessed value against the letter before the pull request is merged: "
        "`foilog check --strict` fails while any `# guessed` marker remains.",
        "",
    ]
    for result in run.results:
        out += letter_section(result, rel, settings)
    return "\n".join(out).rstrip("\n") + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place: never half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file would be (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
