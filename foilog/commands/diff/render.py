"""Render a :class:`ChangeReport` as GitHub-flavoured Markdown (job summaries) or JSON.

Everything that came from the repository (titles, references, folder names,
finding messages and excerpts, reasons) is user text. In Markdown it is
escaped with :func:`md_text` so a hostile title cannot add markup, links,
images, HTML, table cells or mentions to the summary; diffs go in fenced code
blocks whose fence is longer than any run of backticks inside.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence

from foilog.commands.diff.compare import ChangeReport, Entry
from foilog.commands.diff.shorten import ALWAYS, DIFFS, FIRST, OTHER, TABLES, Part, fit
from foilog.log.findings import Finding

FORMATS = ("markdown", "json")

#: Said at the top of the summary of a public repository (issue 16): embargoes are the site's, not git's.
PUBLIC_REPOSITORY_NOTE = (
    "This repository is public: an embargo only keeps a response off the website. "
    "Its response.yml, response.md and attachments are public from the moment they are pushed "
    "(to any branch, or in a pull request) and stay in the history, embargoed or not. "
    "Push an embargoed response only when it may be read, or keep the log in a private repository."
)


def public_note(report: ChangeReport) -> str | None:
    """:data:`PUBLIC_REPOSITORY_NOTE` when the repository is known to be public; None otherwise."""
    return PUBLIC_REPOSITORY_NOTE if report.visibility == "public" else None


#: ASCII punctuation CommonMark lets us backslash-escape (the HTML-special ones become entities instead).
_ESCAPED = set("\\`*_{}[]()#+-.!|~:/=$%^?,;'")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_BACKTICKS = re.compile(r"`+")


def md_text(value: object) -> str:
    """``value`` as inert inline Markdown text, safe in a table cell.

    Line breaks and tabs become spaces (a table row is one line); control and
    bidirectional formatting characters go; ``& < > "`` become entities; every
    other ASCII punctuation mark is backslash-escaped, which also breaks
    autolinks (``https\\:\\/\\/``, ``www\\.``) and ``|`` cell separators; ``@``
    gets a zero-width space so it cannot mention anyone.
    """
    text = " ".join(str(value).split())
    out = []
    for ch in text:
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch == "@":
            out.append("\\@\u200b")
        elif ch in _ESCAPED:
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def code_block(text: str, info: str = "diff") -> str:
    """A fenced code block that ``text`` cannot close early."""
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def _size(size: int | None) -> str:
    if size is None:
        return "?"
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def summary_line(report: ChangeReport) -> str:
    c = report.counts()
    parts = [f"{c[k]} {k}" for k in ("added", "changed", "withdrawn", "corrected", "renamed", "deleted", "embargoed")]
    checks = [_plural(c["errors"], "error"), _plural(c["warnings"], "warning"), f"{c['acknowledged']} acknowledged"]
    return ", ".join(parts) + " · " + ", ".join(checks)


def _where(f: Finding) -> str:
    return md_text(f.location())


def _finding_row(f: Finding) -> list[str]:
    message = (f"{f.field}: " if f.field else "") + f.message
    return [
        "**error**" if f.is_error else "warning",
        _where(f),
        md_text(f.category.value),
        md_text(f.rule),
        md_text(message),
        md_text(f.excerpt) if f.excerpt else "",
    ]


def _goes_public(e: Entry) -> str:
    if e.withdrawn_date is not None:
        return "withdrawn: only the notice"
    return md_text(str(e.publish_after)) if e.embargoed else "on merge"


def _entry_heading(e: Entry) -> str:
    return f"#### {md_text(e.reference)}: {md_text(e.title)}"


def _attachment_rows(entries: Sequence[Entry]) -> list[list[str]]:
    rows = []
    for e in entries:
        for a in e.attachments:
            layer = "" if a.text_layer is None else ("yes" if a.text_layer else "**no** (scanned image: not accessible)")
            rows.append(
                [
                    md_text(e.reference),
                    md_text(a.path),
                    md_text(a.title),
                    md_text(a.media_type or "unknown"),
                    _size(a.size),
                    str(a.pages) if a.pages is not None else "",
                    layer,
                ]
            )
    return rows


def _fixed(lines: list[str], priority: int = ALWAYS, label: str = "") -> Part:
    return Part(lambda _n: lines, priority=priority, label=label)


def _table_part(intro: list[str], head: Sequence[str], rows: list[list[str]], priority: int, label: str) -> Part:
    """A heading, an introduction and a table, of which :func:`.shorten.fit` may keep only the first rows."""

    def build(n: int) -> list[str]:
        lines = [*intro, *_table(head, rows[:n])]
        if n < len(rows):
            lines += [f"*{len(rows) - n:,} more not shown here: this summary was shortened to fit (see the end).*", ""]
        return lines

    return Part(build, len(rows), priority, label)


def _list_part(intro: list[str], items: list[str], priority: int, label: str) -> Part:
    def build(n: int) -> list[str]:
        lines = [*intro, *items[:n]]
        if n < len(items):
            lines.append(f"- *{len(items) - n:,} more not shown here: this summary was shortened to fit (see the end).*")
        return [*lines, ""]

    return Part(build, len(items), priority, label)


def _diff_part(e: Entry) -> Part:
    """The diffs of one changed response; ``n`` is the number of lines shown per file."""

    def build(n: int) -> list[str]:
        if n <= 0:
            return []
        out = [_entry_heading(e), ""]
        for d in e.diffs:
            shown = d.lines[:n]
            notes = []
            if d.withheld:
                notes.append(f"{_plural(d.withheld, 'line')} withheld")
            omitted = d.omitted + len(d.lines) - len(shown)
            if omitted:
                notes.append(f"{_plural(omitted, 'more line')} not shown")
            extra = f" ({', '.join(notes)})" if notes else ""
            out += [
                f"<details><summary>Changes to {html.escape(d.path)}{extra}</summary>",
                "",
                code_block("\n".join(shown)),
                "",
                "</details>",
                "",
            ]
        return out

    return Part(build, max(len(d.lines) for d in e.diffs), DIFFS, "diffs")


def _suggestion_lines(e: Entry) -> list[str]:
    """One added response's matches, and the YAML that links the closest."""
    lines = [_entry_heading(e), ""]
    lines += _table(
        ["Published response", "Title", "Score", "Shared words", "Suggested kind"],
        [
            [md_text(s.reference), md_text(s.title), f"{s.score:.2f}", ", ".join(md_text(w) for w in s.shared), md_text(s.kind)]
            for s in e.suggested_related
        ],
    )
    best = e.suggested_related[0]
    where = md_text(e.folder + "/response.yml")
    return [*lines, f"To link the closest, add to {where}:", "", code_block(best.yaml.rstrip("\n"), "yaml"), ""]


def _suggestions_part(entries: Sequence[Entry]) -> Part:
    """Published responses like each added one (:mod:`.suggest`); a shortened summary keeps the first responses' only."""
    intro = [
        f"### Possibly related to published responses ({len(entries)})",
        "",
        "These added responses ask questions like published ones. If one is a repeat, link it: paste the YAML into its "
        "response.yml (choose the kind that fits: `updates`, `repeat_of`, `same_question_as`, `refers_to`, `follow_up_of`). "
        "If not, ignore it: nothing needs recording.",
        "",
    ]

    def build(n: int) -> list[str]:
        lines = [*intro, *(line for e in entries[:n] for line in _suggestion_lines(e))]
        if n < len(entries):
            lines += [f"*{len(entries) - n:,} more not shown here: this summary was shortened to fit (see the end).*", ""]
        return lines

    return Part(build, len(entries), OTHER, "the Possibly related section")


def summary_parts(report: ChangeReport) -> list[Part]:
    """The job summary, in the order printed: a summary line, one section per kind of change, then the findings."""
    head = [
        "## What this change publishes",
        "",
        f"Comparing {md_text(report.base)} with {md_text(report.head)}, as of {report.today.isoformat()}.",
        "",
        f"**{summary_line(report)}**",
        "",
    ]
    note = public_note(report)
    if note:
        head[4:4] = [f"> **{note}**", ""]
    if report.errors:
        head += [f"**This change cannot be published: {_plural(len(report.errors), 'error')} must be fixed first (see Findings).**", ""]
    parts = [_fixed(head)]
    notice = ["*This summary was shortened to fit: the end says what was left out and how to see all of it.*", ""]
    parts.append(Part(lambda _n: notice, only_when_shortened=True))
    problems = report.problems
    if problems:
        parts.append(
            _list_part(
                [f"### Problems for the reviewer ({len(problems)})", ""],
                [f"- {md_text(e.reference)}: {md_text(e.problem)}" for e in problems],
                FIRST,
                "Problems for the reviewer",
            )
        )
    if report.added:
        parts.append(
            _table_part(
                [f"### Added ({len(report.added)})", ""],
                ["Reference", "Title", "Web address", "Goes public"],
                [[md_text(e.reference), md_text(e.title), md_text("/" + e.url), _goes_public(e)] for e in report.added],
                TABLES,
                "the Added table",
            )
        )
    suggesting = [e for e in report.added if e.suggested_related]
    if suggesting:
        parts.append(_suggestions_part(suggesting))
    if report.changed:
        parts.append(
            _table_part(
                [f"### Changed ({len(report.changed)})", ""],
                ["Reference", "Title", "Fields changed", "Files"],
                [
                    [
                        md_text(e.reference),
                        md_text(e.title),
                        ", ".join(md_text(f) for f in e.fields),
                        ", ".join(md_text(f) for f in e.files),
                    ]
                    for e in report.changed
                ],
                TABLES,
                "the Changed table",
            )
        )
        parts += [_diff_part(e) for e in report.changed if e.diffs]
    if report.withdrawn:
        parts.append(
            _table_part(
                [
                    f"### Withdrawn ({len(report.withdrawn)})",
                    "",
                    "Each page becomes a notice with the date and reason; its attachments leave the site.",
                    "",
                ],
                ["Reference", "Title", "Date", "Reason"],
                [
                    [md_text(e.reference), md_text(e.title), str(e.withdrawn_date), md_text(e.withdrawn_reason or "")]
                    for e in report.withdrawn
                ],
                TABLES,
                "the Withdrawn table",
            )
        )
    if report.corrected:
        parts.append(
            _table_part(
                [f"### Corrected ({len(report.corrected)})", ""],
                ["Reference", "Date", "Correction"],
                [[md_text(e.reference), str(d), md_text(note)] for e in report.corrected for d, note in e.corrections],
                OTHER,
                "the Corrected table",
            )
        )
    if report.renamed:
        parts.append(
            _table_part(
                [f"### Renamed ({len(report.renamed)})", ""],
                ["Old reference", "New reference", "Old address redirects"],
                [[md_text(e.renamed_from or ""), md_text(e.reference), "**no**" if e.problem else "yes"] for e in report.renamed],
                OTHER,
                "the Renamed table",
            )
        )
    if report.deleted:
        parts.append(
            _table_part(
                [
                    f"### Deleted ({len(report.deleted)})",
                    "",
                    "Deleting a folder breaks its web address. Set `withdrawn:` with a date and reason instead.",
                    "",
                ],
                ["Reference", "Title", "Folder", "Web address"],
                [[md_text(e.reference), md_text(e.title), md_text(e.folder), md_text("/" + e.url)] for e in report.deleted],
                OTHER,
                "the Deleted table",
            )
        )
    if report.embargoed:
        parts.append(
            _table_part(
                [
                    f"### Embargoed ({len(report.embargoed)})",
                    "",
                    "These responses will not be published until their date: the daily build publishes each on the morning of that day.",
                    "",
                ],
                ["Reference", "Title", "Not published until", "In this change"],
                [[md_text(e.reference), md_text(e.title), str(e.publish_after), "yes" if e.in_change else "no"] for e in report.embargoed],
                OTHER,
                "the Embargoed table",
            )
        )
    attachments = _attachment_rows(report.added + report.changed)
    if attachments:
        parts.append(
            _table_part(
                [f"### Attachments of added and changed responses ({len(attachments)})", ""],
                ["Response", "File", "Title", "Type", "Size", "Pages", "Text layer"],
                attachments,
                OTHER,
                "the Attachments table",
            )
        )
    if report.findings:
        parts.append(
            _table_part(
                [f"### Findings ({len(report.findings)})", ""],
                ["Severity", "Where", "Category", "Rule", "Message", "Excerpt (masked)"],
                [_finding_row(f) for f in report.findings],
                FIRST,
                "the Findings table",
            )
        )
    else:
        parts.append(_fixed(["### Findings (0)", "", "No validation errors and nothing for the leak gate to report.", ""]))
    if report.acknowledged:
        parts.append(
            _table_part(
                [
                    f"### Acknowledged by a reviewer ({len(report.acknowledged)})",
                    "",
                    "These were flagged and accepted for publication; check each reason is justified.",
                    "",
                ],
                ["Where", "Rule", "Excerpt (masked)", "Reason"],
                [[_where(f), md_text(f.rule), md_text(f.excerpt or ""), md_text(f.acknowledged or "")] for f in report.acknowledged],
                FIRST,
                "the Acknowledged table",
            )
        )
    if report.notes:
        parts.append(
            _list_part(
                [f"### Not compared ({len(report.notes)})", ""],
                [f"- {md_text(note)}" for note in report.notes],
                OTHER,
                "the Not compared list",
            )
        )
    return parts


def as_markdown(report: ChangeReport, max_bytes: int | None = None, rerun: str = "foilog diff BASE HEAD --max-bytes 0") -> str:
    """The job summary; shortened to ``max_bytes`` (UTF-8) when it is longer (see :mod:`.shorten`).

    ``rerun`` is the command the closing line of a shortened summary gives for seeing all of it.
    """
    return fit(summary_parts(report), max_bytes, rerun)


def as_json(report: ChangeReport) -> str:
    data = {
        "base": report.base,
        "head": report.head,
        "today": report.today.isoformat(),
        "repository_visibility": report.visibility,
        "public_repository_note": public_note(report),
        "summary": report.counts(),
        "added": [e.as_json() for e in report.added],
        "changed": [e.as_json() for e in report.changed],
        "withdrawn": [e.as_json() for e in report.withdrawn],
        "corrected": [e.as_json() for e in report.corrected],
        "renamed": [e.as_json() for e in report.renamed],
        "deleted": [e.as_json() for e in report.deleted],
        "embargoed": [e.as_json() for e in report.embargoed],
        "findings": [f.as_json() for f in report.findings],
        "acknowledged": [f.as_json() for f in report.acknowledged],
        "notes": report.notes,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(report: ChangeReport, fmt: str, max_bytes: int | None = None, rerun: str = "foilog diff BASE HEAD --max-bytes 0") -> str:
    """``report`` in ``fmt``; ``max_bytes`` limits Markdown only (JSON is never shortened)."""
    return as_json(report) if fmt == "json" else as_markdown(report, max_bytes, rerun)
